"""Word lists for :mod:`s2s.grammar`, the built-in English->French corpus generator.

The lexicon is kept apart from the grammar rules so the rules stay short.  It is
plain data: tuples and dicts with a fixed order, so generation is deterministic.
French forms are written out in full (no inflection rules hidden here) and each
one was checked by hand.  Conventions used below:

* multi-valued fields are strings split on ``|`` (forms) or on spaces (tags);
* verb rows give the French present tense in the order je, tu, il, nous, vous,
  ils (vous only appears in fixed phrases, "you" is always translated "tu");
* English verb rows give base | third person | -ing form | simple past.
"""

# Fixed set phrases: translated as a whole, so "you" may become "vous" here.
PHRASES = (
    ("hello", "bonjour"),
    ("thank you", "merci"),
    ("how are you", "comment allez-vous"),
    ("i love you", "je t'aime"),
    ("i am cold", "j'ai froid"),
    ("goodbye", "au revoir"),
    ("good morning", "bonjour"),
    ("good evening", "bonsoir"),
    ("good night", "bonne nuit"),
    ("yes", "oui"),
    ("no", "non"),
    ("please", "s'il vous plaît"),
    ("thank you very much", "merci beaucoup"),
    ("excuse me", "excusez-moi"),
    ("see you tomorrow", "à demain"),
    ("see you soon", "à bientôt"),
    ("welcome", "bienvenue"),
    ("good luck", "bonne chance"),
    ("i am fine", "je vais bien"),
    ("let us go", "allons-y"),
    ("i do not know", "je ne sais pas"),
    ("i am sorry", "je suis désolé"),
)

# english, french, conjugation slot (0-5), gender
SUBJECT_PRONOUNS = (
    ("i", "je", 0, "m"),
    ("you", "tu", 1, "m"),
    ("he", "il", 2, "m"),
    ("she", "elle", 2, "f"),
    ("we", "nous", 3, "m"),
    ("they", "ils", 5, "m"),
)

# english, french clitic, slot of the matching subject pronoun
OBJECT_PRONOUNS = (
    ("me", "me", 0),
    ("you", "te", 1),
    ("him", "le", 2),
    ("her", "la", 2),
    ("us", "nous", 3),
    ("them", "les", 5),
)

# english sg, english pl, french sg, french pl, gender, tags.  An empty plural
# means the noun is only used in the singular (and an empty singular: plural only).
NOUNS = (
    ("man", "men", "homme", "hommes", "m", "person someone adult"),
    ("woman", "women", "femme", "femmes", "f", "person someone adult"),
    ("boy", "boys", "garçon", "garçons", "m", "person someone"),
    ("girl", "girls", "fille", "filles", "f", "person someone"),
    ("child", "children", "enfant", "enfants", "m", "person"),
    ("friend", "friends", "ami", "amis", "m", "person adult"),
    ("teacher", "teachers", "professeur", "professeurs", "m", "person adult"),
    ("doctor", "", "médecin", "", "m", "person adult"),
    ("brother", "brothers", "frère", "frères", "m", "person family"),
    ("sister", "sisters", "sœur", "sœurs", "f", "person family"),
    ("mother", "", "mère", "", "f", "person family"),
    ("father", "", "père", "", "m", "person family"),
    ("", "parents", "", "parents", "m", "person family"),
    ("cat", "cats", "chat", "chats", "m", "animal pet fur"),
    ("dog", "dogs", "chien", "chiens", "m", "animal pet fur"),
    ("bird", "birds", "oiseau", "oiseaux", "m", "animal"),
    ("apple", "apples", "pomme", "pommes", "f", "food thing small buy"),
    ("cake", "cakes", "gâteau", "gâteaux", "m", "food thing small buy made"),
    ("egg", "eggs", "œuf", "œufs", "m", "food thing small buy"),
    ("orange", "oranges", "orange", "oranges", "f", "food thing small buy"),
    ("bread", "", "pain", "", "m", "food buy mass made"),
    ("soup", "", "soupe", "", "f", "food mass made hot"),
    ("fish", "", "poisson", "", "m", "food buy mass"),
    ("coffee", "", "café", "", "m", "drink mass unit made hot"),
    ("tea", "", "thé", "", "m", "drink mass unit made hot"),
    ("water", "", "eau", "", "f", "drink mass"),
    ("milk", "", "lait", "", "m", "drink buy mass"),
    ("book", "books", "livre", "livres", "m", "thing small read write buy opens take"),
    ("letter", "letters", "lettre", "lettres", "f", "thing small read write"),
    ("story", "stories", "histoire", "histoires", "f", "read write"),
    ("key", "keys", "clé", "clés", "f", "thing small own take"),
    ("car", "cars", "voiture", "voitures", "f", "thing own buy colour vehicle"),
    ("bike", "bikes", "vélo", "vélos", "m", "thing own buy colour take vehicle"),
    ("phone", "phones", "téléphone", "téléphones", "m", "thing small own buy take"),
    ("bag", "bags", "sac", "sacs", "m", "thing small own buy colour opens take"),
    ("flower", "flowers", "fleur", "fleurs", "f", "thing small buy colour"),
    ("box", "boxes", "boîte", "boîtes", "f", "thing small colour opens"),
    ("door", "doors", "porte", "portes", "f", "thing colour opens"),
    ("window", "windows", "fenêtre", "fenêtres", "f", "thing opens"),
    ("table", "tables", "table", "tables", "f", "thing furniture"),
    ("chair", "chairs", "chaise", "chaises", "f", "thing colour furniture"),
    ("music", "", "musique", "", "f", "sound"),
    ("radio", "", "radio", "", "f", "sound"),
    ("train", "", "train", "", "m", "transport"),
    ("bus", "", "bus", "", "m", "transport"),
    ("house", "houses", "maison", "maisons", "f", "place ours"),
    ("station", "", "gare", "", "f", "place"),
    ("school", "", "école", "", "f", "place ours"),
    ("park", "", "parc", "", "m", "place visit"),
    ("market", "", "marché", "", "m", "place visit"),
    ("museum", "", "musée", "", "m", "place visit"),
    ("hospital", "", "hôpital", "", "m", "place"),
    ("church", "", "église", "", "f", "place visit"),
    ("beach", "", "plage", "", "f", "place"),
    ("restaurant", "", "restaurant", "", "m", "place"),
    ("garden", "", "jardin", "", "m", "place ours"),
    ("city", "", "ville", "", "f", "place visit"),
    ("kitchen", "", "cuisine", "", "f", "place ours"),
    ("river", "", "rivière", "", "f", "place"),
)

# english -> french determiners: masculine sg | feminine sg | plural ("this" has
# english plural "these").  The indefinite "a" (plural "some": un|une|des) and the
# partitive "some" (du|de la) are handled by the grammar, as they change with negation.
DETERMINERS = {
    "the": "le|la|les",
    "my": "mon|ma|mes",
    "your": "ton|ta|tes",
    "his": "son|sa|ses",
    "her": "son|sa|ses",
    "our": "notre|notre|nos",
    "their": "leur|leur|leurs",
    "this": "ce|cette|ces",
}

# Determiners a noun can take: the first row whose tag the noun has ("" matches
# every noun).  Repeated words weight the random choice.
DET_CHOICES = (
    ("family", "my your his her our their"),
    ("transport", "the"),
    ("sound", "the"),
    ("unit", "the some some a my"),
    ("mass", "the some some"),
    ("someone", "the the a this"),
    ("place", "the the the this"),
    ("", "the the a a my your his her our their this"),
)

# english, french m sg | f sg | m pl | f pl [| m sg before a vowel], placement,
# tags of the nouns it can describe.
ADJECTIVES = (
    ("small", "petit|petite|petits|petites", "pre", "animal thing place"),
    ("big", "grand|grande|grands|grandes", "pre", "animal thing place"),
    ("beautiful", "beau|belle|beaux|belles|bel", "pre", "animal thing place"),
    ("new", "nouveau|nouvelle|nouveaux|nouvelles|nouvel", "pre", "own place read"),
    ("old", "vieux|vieille|vieux|vieilles|vieil", "pre", "adult animal own place read furniture"),
    ("young", "jeune|jeune|jeunes|jeunes", "pre", "person animal"),
    ("good", "bon|bonne|bons|bonnes", "pre", "food read"),
    ("red", "rouge|rouge|rouges|rouges", "post", "colour"),
    ("black", "noir|noire|noirs|noires", "post", "colour fur"),
    ("white", "blanc|blanche|blancs|blanches", "post", "colour fur"),
    ("hot", "chaud|chaude|chauds|chaudes", "post", "hot"),
    ("delicious", "délicieux|délicieuse|délicieux|délicieuses", "post", "food"),
)

# Predicate adjectives for people (and, up to "young", animals): "she is tired".
PERSON_ADJECTIVES = (
    ("tired", "fatigué|fatiguée|fatigués|fatiguées"),
    ("happy", "heureux|heureuse|heureux|heureuses"),
    ("sad", "triste|triste|tristes|tristes"),
    ("sick", "malade|malade|malades|malades"),
    ("nice", "gentil|gentille|gentils|gentilles"),
    ("young", "jeune|jeune|jeunes|jeunes"),
    ("ready", "prêt|prête|prêts|prêtes"),
    ("late", "en retard|en retard|en retard|en retard"),
)

# Adjectives that would clash with one already on the subject ("the old man is young").
CLASHES = (("young", "old", "new"), ("small", "big"), ("red", "black", "white"))

# Predicate adjectives that "very" ("très") may precede.
VERY = ("tired", "happy", "sad", "sick", "nice", "small", "big", "beautiful", "good")

# "i am hungry" -> "j'ai faim": english adjective, french noun used with avoir
# (animals only take the first six).
AVOIR_EXPRESSIONS = (
    ("cold", "froid"),
    ("hot", "chaud"),
    ("hungry", "faim"),
    ("thirsty", "soif"),
    ("afraid", "peur"),
    ("sleepy", "sommeil"),
    ("right", "raison"),
    ("wrong", "tort"),
)

# key: (english forms, french present, infinitive, past participle, auxiliary,
#       flags, subject tags, object tags).  Flags: "stative" (no -ing form in
#       english), "nopast", "clitic" (takes me/you/him/... objects),
#       "pronly" (only takes pronoun objects), "nomodal" (no "going to", "want
#       to", "can"), "agree" (used in the past in "the apple that she ate", where
#       the French participle agrees: "la pomme qu'elle a mangée"), "definite"
#       (no "a"/"some" object: "j'aime le poisson", never "j'aime du poisson").
VERBS = {
    "be": ("be|is|being|was", "suis es est sommes êtes sont", "être", "été", "avoir", "", "", ""),
    "have": ("have|has|having|had", "ai as a avons avez ont", "avoir", "eu", "avoir",
             "stative nopast nomodal", "person", "pet own family"),
    "go": ("go|goes|going|went", "vais vas va allons allez vont", "aller", "allé", "être", "", "person", ""),
    "can": ("can|can|-|could", "peux peux peut pouvons pouvez peuvent", "pouvoir", "pu", "avoir", "", "", ""),
    "want": ("want|wants|wanting|wanted", "veux veux veut voulons voulez veulent", "vouloir", "voulu",
             "avoir", "stative nopast nomodal", "person", "food drink own"),
    "like": ("like|likes|liking|liked", "aime aimes aime aimons aimez aiment", "aimer", "aimé", "avoir",
             "stative nomodal definite", "person", "food drink pet place sound read"),
    "love": ("love|loves|loving|loved", "aime aimes aime aimons aimez aiment", "aimer", "aimé", "avoir",
             "stative nopast nomodal clitic pronly", "person", ""),
    "eat": ("eat|eats|eating|ate", "mange manges mange mangeons mangez mangent", "manger", "mangé",
            "avoir", "agree", "person animal", "food"),
    "drink": ("drink|drinks|drinking|drank", "bois bois boit buvons buvez boivent", "boire", "bu",
              "avoir", "", "person", "drink"),
    "read": ("read|reads|reading|read", "lis lis lit lisons lisez lisent", "lire", "lu", "avoir", "",
             "person", "read"),
    "write": ("write|writes|writing|wrote", "écris écris écrit écrivons écrivez écrivent", "écrire",
              "écrit", "avoir", "agree", "person", "write"),
    "buy": ("buy|buys|buying|bought", "achète achètes achète achetons achetez achètent", "acheter",
            "acheté", "avoir", "agree", "person", "buy"),
    "see": ("see|sees|seeing|saw", "vois vois voit voyons voyez voient", "voir", "vu", "avoir",
            "stative clitic", "person animal", "person animal place thing"),
    "take": ("take|takes|taking|took", "prends prends prend prenons prenez prennent", "prendre", "pris",
             "avoir", "", "person", "transport take"),
    "look for": ("look for|looks for|looking for|looked for",
                 "cherche cherches cherche cherchons cherchez cherchent", "chercher", "cherché", "avoir",
                 "clitic", "person", "thing animal person"),
    "find": ("find|finds|finding|found", "trouve trouves trouve trouvons trouvez trouvent", "trouver",
             "trouvé", "avoir", "stative", "person", "thing animal"),
    "open": ("open|opens|opening|opened", "ouvre ouvres ouvre ouvrons ouvrez ouvrent", "ouvrir", "ouvert",
             "avoir", "", "person", "opens"),
    "make": ("make|makes|making|made", "fais fais fait faisons faites font", "faire", "fait", "avoir",
             "agree", "person", "made"),
    "help": ("help|helps|helping|helped", "aide aides aide aidons aidez aident", "aider", "aidé", "avoir",
             "clitic", "person", "person"),
    "call": ("call|calls|calling|called", "appelle appelles appelle appelons appelez appellent",
             "appeler", "appelé", "avoir", "clitic", "person", "person"),
    "wait for": ("wait for|waits for|waiting for|waited for",
                 "attends attends attend attendons attendez attendent", "attendre", "attendu", "avoir",
                 "clitic", "person", "person transport"),
    "listen to": ("listen to|listens to|listening to|listened to",
                  "écoute écoutes écoute écoutons écoutez écoutent", "écouter", "écouté", "avoir",
                  "clitic", "person", "sound person"),
    "visit": ("visit|visits|visiting|visited", "visite visites visite visitons visitez visitent",
              "visiter", "visité", "avoir", "", "person", "visit"),
    "know": ("know|knows|knowing|knew", "connais connais connaît connaissons connaissez connaissent",
             "connaître", "connu", "avoir", "stative nopast nomodal clitic", "person", "person"),
    "live": ("live|lives|living|lived", "habite habites habite habitons habitez habitent", "habiter",
             "habité", "avoir", "stative", "person", ""),
    "work": ("work|works|working|worked", "travaille travailles travaille travaillons travaillez "
             "travaillent", "travailler", "travaillé", "avoir", "", "person", ""),
    "sleep": ("sleep|sleeps|sleeping|slept", "dors dors dort dormons dormez dorment", "dormir", "dormi",
              "avoir", "", "person animal", ""),
    "play": ("play|plays|playing|played", "joue joues joue jouons jouez jouent", "jouer", "joué",
             "avoir", "", "person animal", ""),
    "swim": ("swim|swims|swimming|swam", "nage nages nage nageons nagez nagent", "nager", "nagé",
             "avoir", "", "person animal", ""),
    "arrive": ("arrive|arrives|arriving|arrived", "arrive arrives arrive arrivons arrivez arrivent",
               "arriver", "arrivé", "être", "", "person transport", ""),
    "leave": ("leave|leaves|leaving|left", "pars pars part partons partez partent", "partir", "parti",
              "être", "", "person transport", ""),
    "think": ("think|thinks|thinking|thought", "pense penses pense pensons pensez pensent", "penser",
              "pensé", "avoir", "stative", "person", ""),
    "say": ("say|says|saying|said", "dis dis dit disons dites disent", "dire", "dit", "avoir",
            "stative", "person", ""),
}

# Where intransitive verbs happen: verb -> "preposition:place,place ..." groups
# ("verb/kind" overrides the list for subjects of that kind).
VERB_PLACES = {
    "live": "in:house,city near:station,school,park,market,church,river,beach",
    "work": "at:hospital,school,market,restaurant,station in:garden,kitchen",
    "sleep": "in:house,garden,kitchen on:chair,table under:table,chair",
    "play": "in:park,garden,house at:beach,school",
    "swim": "in:river at:beach",
    "go": "to:station,school,park,market,museum,hospital,church,beach,restaurant,house",
    "arrive/transport": "at:station",
    "arrive": "at:station,school,hospital,market,museum,church,beach,restaurant,house",
}

# Where people or things are ("the cat is under the table"): the first key
# found in the subject's tags is used.
BE_PLACES = {
    "person": "at:station,school,hospital,market,restaurant,beach "
              "in:garden,house,kitchen,park,city,museum,church near:river,station "
              "in_front_of:house,school,museum,station",
    "animal": "in:garden,house,kitchen,park on:table,chair under:table,chair "
              "near:river,door,window behind:door,house",
    "transport": "at:station in_front_of:school,station,museum,hospital near:park,market",
    "small": "in:bag,box,car,kitchen on:table,chair under:table,chair near:door,window",
    "furniture": "in:kitchen,house,garden near:door,window",
    "vehicle": "in:garden in_front_of:house,school,station near:park,river,house behind:house",
}

# english preposition (spaces written "_" in the place lists above) -> french
PREPOSITIONS = {
    "in": "dans",
    "at": "à",
    "to": "à",
    "near": "près de",
    "on": "sur",
    "under": "sous",
    "in_front_of": "devant",
    "behind": "derrière",
}

# Time phrases that fit each tense (english, french).
TIMES = {
    "pres": (("today", "aujourd'hui"), ("every day", "tous les jours"), ("every morning", "chaque matin"),
             ("every evening", "chaque soir"), ("in the morning", "le matin"),
             ("in the evening", "le soir"), ("now", "maintenant")),
    "past": (("yesterday", "hier"), ("yesterday evening", "hier soir"), ("this morning", "ce matin")),
    "fut": (("tomorrow", "demain"), ("tomorrow morning", "demain matin"), ("this evening", "ce soir")),
}

# Joining two clauses: english, french.
CONJUNCTIONS = (
    ("and", "et"),
    ("but", "mais"),
    ("because", "parce que"),
    ("when", "quand"),
    ("while", "pendant que"),
)

# Verbs that introduce a whole clause: "i think that ..." -> "je pense que ...".
CLAUSE_VERBS = ("think", "say")

# Long demonstration sentences for the encoder bottleneck, written and checked by hand.
SHOWCASE = (
    ("the man who lives near the station is reading a book and the woman is drinking a coffee",
     "l'homme qui habite près de la gare lit un livre et la femme boit un café"),
    ("the letters that my sister wrote yesterday are on the table in the kitchen",
     "les lettres que ma sœur a écrites hier sont sur la table dans la cuisine"),
    ("the old woman who lives in the big house thinks that the children are going to eat the cake",
     "la vieille femme qui habite dans la grande maison pense que les enfants vont manger le gâteau"),
)
