"""Word lists for the built-in English->French corpus: nouns, adjectives, determiners, pronouns, places.

Plain data with a fixed order, so generation is deterministic. French forms are written out in full (no
inflection hidden here) and each was checked by hand. Conventions: forms are split on ``|``, tags on
spaces. The verbs and what they mean (aspect, who can do what, where) live in :mod:`s2s.grammar.verbs`
and :mod:`s2s.grammar.semantics`.
"""

# Set phrases, translated as a whole. Each appears bare (as the classic tutorial has them) and with its
# punctuation, so both what a student types and the classic pairs are in the corpus.
PHRASES = (
    ("hello", "bonjour", "!"),
    ("thank you", "merci", "!"),
    ("how are you", "comment allez-vous", "?"),
    ("hello, how are you", "bonjour, comment allez-vous", "?"),
    ("how are you today", "comment allez-vous aujourd'hui", "?"),
    ("i love you", "je t'aime", "."),
    ("i am cold", "j'ai froid", "."),
    ("goodbye", "au revoir", "!"),
    ("good morning", "bonjour", "!"),
    ("good evening", "bonsoir", "!"),
    ("good night", "bonne nuit", "!"),
    ("yes", "oui", "."),
    ("no", "non", "."),
    ("please", "s'il vous plaît", "."),
    ("thank you very much", "merci beaucoup", "!"),
    ("excuse me", "excusez-moi", "."),
    ("see you tomorrow", "à demain", "!"),
    ("see you soon", "à bientôt", "!"),
    ("welcome", "bienvenue", "!"),
    ("good luck", "bonne chance", "!"),
    ("happy birthday", "joyeux anniversaire", "!"),
    ("have a nice day", "bonne journée", "!"),
    ("enjoy your meal", "bon appétit", "!"),
    ("of course", "bien sûr", "."),
    ("you are welcome", "de rien", "."),
    ("i am fine", "je vais bien", "."),
    ("i am fine, thank you", "je vais bien, merci", "."),
    ("let us go", "allons-y", "!"),
    ("i do not know", "je ne sais pas", "."),
    ("i do not understand", "je ne comprends pas", "."),
    ("i am sorry", "je suis désolé", "."),
    ("what is your name", "comment tu t'appelles", "?"),
    ("how old are you", "quel âge as-tu", "?"),
    ("what time is it", "quelle heure est-il", "?"),
    ("what are you doing", "qu'est-ce que tu fais", "?"),
    ("where are you going", "où vas-tu", "?"),
)

# english, french, person (0 je, 1 tu, 2 il/elle, 3 nous, 4 vous, 5 ils/elles), gender, plural
PRONOUNS = {
    "i": ("i", "je", 0, "m", False),
    "you": ("you", "tu", 1, "m", False),
    "he": ("he", "il", 2, "m", False),
    "she": ("she", "elle", 2, "f", False),
    "we": ("we", "nous", 3, "m", True),
    "they": ("they", "ils", 5, "m", True),
}

# Object pronouns by person: english, french direct (le/la/les for the third person), french indirect.
OBJECT_PRONOUNS = {0: ("me", "me", "me"), 1: ("you", "te", "te"), 3: ("us", "nous", "nous"),
                   4: ("you", "vous", "vous")}

# Possessive determiners by person of the possessor: english, french m sg | f sg | pl.
POSSESSIVES = {0: ("my", "mon|ma|mes"), 1: ("your", "ton|ta|tes"), 3: ("our", "notre|notre|nos"),
               4: ("your", "votre|votre|vos"), 5: ("their", "leur|leur|leurs")}
DETERMINERS = {"the": "le|la|les", "this": "ce|cette|ces", "my": "mon|ma|mes", "your": "ton|ta|tes",
               "his": "son|sa|ses", "her": "son|sa|ses", "its": "son|sa|ses", "our": "notre|notre|nos",
               "their": "leur|leur|leurs"}

# english sg, english pl, french sg, french pl, gender, tags. An empty plural: used in the singular only
# (an empty singular: plural only). Tags say what a noun is (see semantics.py for what verbs take).
NOUNS = (
    ("man", "men", "homme", "hommes", "m", "person adult grown seller"),
    ("woman", "women", "femme", "femmes", "f", "person adult grown seller"),
    ("boy", "boys", "garçon", "garçons", "m", "person kid little"),
    ("girl", "girls", "fille", "filles", "f", "person kid little"),
    ("child", "children", "enfant", "enfants", "m", "person kid"),
    ("friend", "friends", "ami", "amis", "m", "person adult kin"),
    ("teacher", "teachers", "professeur", "professeurs", "m", "person adult teacher grown"),
    ("doctor", "doctors", "médecin", "médecins", "m", "person adult doctor grown"),
    ("neighbour", "neighbours", "voisin", "voisins", "m", "person adult grown seller"),
    ("brother", "brothers", "frère", "frères", "m", "person adult kid kin sibling little"),
    ("sister", "sisters", "sœur", "sœurs", "f", "person adult kid kin sibling little"),
    ("son", "sons", "fils", "fils", "m", "person kid kin"),  # no "little": "son petit fils" reads as grandson
    ("daughter", "daughters", "fille", "filles", "f", "person kid kin"),
    ("mother", "", "mère", "", "f", "person adult kin unique"),
    ("father", "", "père", "", "m", "person adult kin unique"),
    ("", "parents", "", "parents", "m", "person adult kin unique"),
    ("grandmother", "", "grand-mère", "", "f", "person adult kin unique"),
    ("grandfather", "", "grand-père", "", "m", "person adult kin unique"),
    ("cat", "cats", "chat", "chats", "m", "animal pet"),
    ("dog", "dogs", "chien", "chiens", "m", "animal pet bulky"),
    ("bird", "birds", "oiseau", "oiseaux", "m", "animal watch"),
    ("apple", "apples", "pomme", "pommes", "f", "food count bulky"),
    ("cake", "cakes", "gâteau", "gâteaux", "m", "food count bulky made"),
    ("egg", "eggs", "œuf", "œufs", "m", "food count bulky"),
    ("orange", "oranges", "orange", "oranges", "f", "food count bulky"),
    ("bread", "", "pain", "", "m", "food mass fresh"),
    ("soup", "", "soupe", "", "f", "food mass made hot"),
    ("fish", "", "poisson", "", "m", "food mass fresh"),
    ("cheese", "", "fromage", "", "m", "food mass"),
    ("coffee", "", "café", "", "m", "drink mass unit made hot"),
    ("tea", "", "thé", "", "m", "drink mass unit made hot"),
    ("water", "", "eau", "", "f", "drink mass cold"),
    ("milk", "", "lait", "", "m", "drink mass cold"),
    ("orange juice", "", "jus de orange", "", "m", "drink mass cold"),
    ("dinner", "", "dîner", "", "m", "meal"),
    ("book", "books", "livre", "livres", "m", "thing read own opens tale"),
    ("letter", "letters", "lettre", "lettres", "f", "thing read written"),
    ("newspaper", "", "journal", "", "m", "thing read"),
    ("story", "stories", "histoire", "histoires", "f", "read written tale"),
    ("key", "keys", "clé", "clés", "f", "thing small lost"),
    ("car", "cars", "voiture", "voitures", "f", "thing own vehicle colour bulky price clean"),
    ("bike", "bikes", "vélo", "vélos", "m", "thing own vehicle colour price"),
    ("phone", "phones", "téléphone", "téléphones", "m", "thing small own lost price"),
    ("bag", "bags", "sac", "sacs", "m", "thing small own lost colour opens bulky"),
    ("umbrella", "umbrellas", "parapluie", "parapluies", "m", "thing small own lost colour"),
    ("ball", "balls", "ballon", "ballons", "m", "thing small colour bulky"),
    ("flower", "flowers", "fleur", "fleurs", "f", "thing small colour pretty flower"),
    ("box", "boxes", "boîte", "boîtes", "f", "thing small opens shut"),
    ("door", "doors", "porte", "portes", "f", "thing opens colour shut"),
    ("window", "windows", "fenêtre", "fenêtres", "f", "thing opens shut"),
    ("table", "tables", "table", "tables", "f", "thing furniture"),
    ("chair", "chairs", "chaise", "chaises", "f", "thing furniture"),
    ("sofa", "", "canapé", "", "m", "thing seat"),
    ("television", "", "télévision", "", "f", "watch"),
    ("music", "", "musique", "", "f", "sound mass"),
    ("radio", "", "radio", "", "f", "device"),
    ("train", "", "train", "", "m", "transport public"),
    ("bus", "", "bus", "", "m", "transport public"),
    ("taxi", "", "taxi", "", "m", "transport"),
    ("house", "houses", "maison", "maisons", "f", "place building pretty clean roomy"),
    ("school", "", "école", "", "f", "place building"),
    ("station", "", "gare", "", "f", "place building"),
    ("park", "", "parc", "", "m", "place pretty sight roomy"),
    ("market", "", "marché", "", "m", "place shop sight"),
    ("bakery", "", "boulangerie", "", "f", "place shop shut"),
    ("shop", "", "magasin", "", "m", "place shop shut"),
    ("museum", "", "musée", "", "m", "place building sight shut"),
    ("hospital", "", "hôpital", "", "m", "place building"),
    ("library", "", "bibliothèque", "", "f", "place building shut"),
    ("restaurant", "", "restaurant", "", "m", "place shop shut"),
    ("garden", "", "jardin", "", "m", "place pretty sight roomy"),
    ("city", "", "ville", "", "f", "place pretty sight roomy"),
    ("kitchen", "", "cuisine", "", "f", "place room clean roomy"),
    ("river", "", "rivière", "", "f", "place pretty water"),
    ("sea", "", "mer", "", "f", "place pretty water"),
    ("beach", "", "plage", "", "f", "place pretty"),
    ("pool", "", "piscine", "", "f", "place water"),
)

# english, french m sg | f sg | m pl | f pl [| m sg before a vowel], placement, tags of the nouns it
# describes. "big" is gros for food and bulky things (un gros gâteau), grand otherwise.
ADJECTIVES = (
    ("little", "petit|petite|petits|petites", "pre", "little animal"),  # not "petits enfants": grandchildren
    ("small", "petit|petite|petits|petites", "pre", "small furniture building roomy vehicle"),
    ("big", "grand|grande|grands|grandes", "pre", "sibling building roomy furniture"),
    ("big", "gros|grosse|gros|grosses", "pre", "bulky"),
    ("beautiful", "beau|belle|beaux|belles|bel", "pre", "pretty vehicle"),
    ("new", "nouveau|nouvelle|nouveaux|nouvelles|nouvel", "pre", "own building teacher doctor"),
    ("old", "vieux|vieille|vieux|vieilles|vieil", "pre", "grown own building roomy furniture"),
    ("young", "jeune|jeune|jeunes|jeunes", "pre", "grown"),
    ("good", "bon|bonne|bons|bonnes", "pre", "made tale fresh"),
    ("red", "rouge|rouge|rouges|rouges", "post", "colour"),
    ("black", "noir|noire|noirs|noires", "post", "colour pet"),
    ("white", "blanc|blanche|blancs|blanches", "post", "colour pet"),
    ("blue", "bleu|bleue|bleus|bleues", "post", "colour"),
    ("hot", "chaud|chaude|chauds|chaudes", "post", "hot"),
    ("cold", "froid|froide|froids|froides", "post", "cold"),
    ("fresh", "frais|fraîche|frais|fraîches", "post", "fresh"),
    ("delicious", "délicieux|délicieuse|délicieux|délicieuses", "post", "made"),
)

# Adjectives that never describe one noun together ("the old young man").
CLASHES = (("young", "old", "new"), ("small", "big", "little"), ("red", "black", "white", "blue"),
           ("hot", "cold"))

# Predicate adjectives: english, french forms, kind. "avoir" ones are avoir + noun in French (j'ai faim);
# "state" ones are temporary (a time phrase such as "today" fits), "trait" ones permanent (no time phrase).
PERSON_STATES = (
    ("tired", "fatigué|fatiguée|fatigués|fatiguées", "state"),
    ("happy", "heureux|heureuse|heureux|heureuses", "state"),
    ("sad", "triste|triste|tristes|tristes", "state"),
    ("sick", "malade|malade|malades|malades", "state"),
    ("ready", "prêt|prête|prêts|prêtes", "state"),
    ("late", "en retard|en retard|en retard|en retard", "state"),
    ("busy", "occupé|occupée|occupés|occupées", "state"),
    ("hungry", "faim", "avoir"),
    ("thirsty", "soif", "avoir"),
    ("cold", "froid", "avoir"),
    ("hot", "chaud", "avoir"),
    ("sleepy", "sommeil", "avoir"),
    ("afraid", "peur", "avoir"),
    ("right", "raison", "avoir"),
    ("wrong", "tort", "avoir"),
    ("nice", "gentil|gentille|gentils|gentilles", "trait"),
    ("tall", "grand|grande|grands|grandes", "trait"),
    ("young", "jeune|jeune|jeunes|jeunes", "trait"),
)

# Predicate adjectives for things and places: english, french forms, tags of the nouns they describe.
THING_STATES = (
    ("hot", "chaud|chaude|chauds|chaudes", "hot"),
    ("cold", "froid|froide|froids|froides", "cold"),
    ("delicious", "délicieux|délicieuse|délicieux|délicieuses", "made fresh"),
    ("new", "neuf|neuve|neufs|neuves", "own"),
    ("old", "vieux|vieille|vieux|vieilles", "own building"),
    ("big", "grand|grande|grands|grandes", "building roomy"),
    ("small", "petit|petite|petits|petites", "building roomy own"),
    ("beautiful", "beau|belle|beaux|belles", "pretty vehicle"),
    ("expensive", "cher|chère|chers|chères", "price"),
    ("red", "rouge|rouge|rouges|rouges", "colour"),
    ("black", "noir|noire|noirs|noires", "colour pet"),
    ("white", "blanc|blanche|blancs|blanches", "colour pet"),
    ("blue", "bleu|bleue|bleus|bleues", "colour"),
    ("open", "ouvert|ouverte|ouverts|ouvertes", "shut"),
    ("closed", "fermé|fermée|fermés|fermées", "shut"),
)

# Prepositions of place: english -> french (à le -> au is done by the spelling rules).
PREPOSITIONS = {"in": "dans", "at": "à", "to": "à", "near": "près de", "on": "sur", "under": "sous",
                "in front of": "devant", "behind": "derrière", "from": "de"}
