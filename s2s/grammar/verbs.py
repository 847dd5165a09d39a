"""Verb forms for the built-in corpus: English principal parts and French conjugation data.

Only what cannot be derived is written here. English: base | third person | -ing | past | past participle
(a particle stays with the verb: "look for|looks for|..."). French: the six present forms (je, tu, il,
nous, vous, ils), the past participle, the auxiliary of the passé composé and the stem of the future and
conditional. The imperfect is derived from the "nous" form (nous mangeons -> je mangeais), as French
grammars teach it; only être is irregular there.
"""

ENGLISH = {
    "be": "be|is|being|was|been",
    "have": "have|has|having|had|had",
    "go": "go|goes|going|went|gone",
    "come home": "come home|comes home|coming home|came home|come home",
    "eat": "eat|eats|eating|ate|eaten",
    "drink": "drink|drinks|drinking|drank|drunk",
    "read": "read|reads|reading|read|read",
    "write": "write|writes|writing|wrote|written",
    "buy": "buy|buys|buying|bought|bought",
    "sell": "sell|sells|selling|sold|sold",
    "see": "see|sees|seeing|saw|seen",
    "take": "take|takes|taking|took|taken",
    "look for": "look for|looks for|looking for|looked for|looked for",
    "find": "find|finds|finding|found|found",
    "lose": "lose|loses|losing|lost|lost",
    "open": "open|opens|opening|opened|opened",
    "close": "close|closes|closing|closed|closed",
    "make": "make|makes|making|made|made",
    "help": "help|helps|helping|helped|helped",
    "call": "call|calls|calling|called|called",
    "wait for": "wait for|waits for|waiting for|waited for|waited for",
    "listen to": "listen to|listens to|listening to|listened to|listened to",
    "watch": "watch|watches|watching|watched|watched",
    "visit": "visit|visits|visiting|visited|visited",
    "work": "work|works|working|worked|worked",
    "sleep": "sleep|sleeps|sleeping|slept|slept",
    "play": "play|plays|playing|played|played",
    "swim": "swim|swims|swimming|swam|swum",
    "run": "run|runs|running|ran|run",
    "arrive": "arrive|arrives|arriving|arrived|arrived",
    "leave": "leave|leaves|leaving|left|left",
    "stay": "stay|stays|staying|stayed|stayed",
    "cry": "cry|cries|crying|cried|cried",
    "clean": "clean|cleans|cleaning|cleaned|cleaned",
    "miss": "miss|misses|missing|missed|missed",
    "ring": "ring|rings|ringing|rang|rung",
    "rain": "rain|rains|raining|rained|rained",
    "start": "start|starts|starting|started|started",
    "think": "think|thinks|thinking|thought|thought",
    "say": "say|says|saying|said|said",
    "tell": "tell|tells|telling|told|told",
    "know": "know|knows|knowing|knew|known",
    "like": "like|likes|liking|liked|liked",
    "love": "love|loves|loving|loved|loved",
    "want": "want|wants|wanting|wanted|wanted",
    "live": "live|lives|living|lived|lived",
    "can": "can|can|-|could|-",
}

# infinitive: (present je tu il nous vous ils, past participle, auxiliary, future stem)
FRENCH = {
    "être": ("suis es est sommes êtes sont", "été", "avoir", "ser"),
    "avoir": ("ai as a avons avez ont", "eu", "avoir", "aur"),
    "aller": ("vais vas va allons allez vont", "allé", "être", "ir"),
    "faire": ("fais fais fait faisons faites font", "fait", "avoir", "fer"),
    "pouvoir": ("peux peux peut pouvons pouvez peuvent", "pu", "avoir", "pourr"),
    "vouloir": ("veux veux veut voulons voulez veulent", "voulu", "avoir", "voudr"),
    "savoir": ("sais sais sait savons savez savent", "su", "avoir", "saur"),
    "connaître": ("connais connais connaît connaissons connaissez connaissent", "connu", "avoir", "connaîtr"),
    "aimer": ("aime aimes aime aimons aimez aiment", "aimé", "avoir", "aimer"),
    "habiter": ("habite habites habite habitons habitez habitent", "habité", "avoir", "habiter"),
    "manger": ("mange manges mange mangeons mangez mangent", "mangé", "avoir", "manger"),
    "boire": ("bois bois boit buvons buvez boivent", "bu", "avoir", "boir"),
    "lire": ("lis lis lit lisons lisez lisent", "lu", "avoir", "lir"),
    "écrire": ("écris écris écrit écrivons écrivez écrivent", "écrit", "avoir", "écrir"),
    "acheter": ("achète achètes achète achetons achetez achètent", "acheté", "avoir", "achèter"),
    "vendre": ("vends vends vend vendons vendez vendent", "vendu", "avoir", "vendr"),
    "voir": ("vois vois voit voyons voyez voient", "vu", "avoir", "verr"),
    "prendre": ("prends prends prend prenons prenez prennent", "pris", "avoir", "prendr"),
    "chercher": ("cherche cherches cherche cherchons cherchez cherchent", "cherché", "avoir", "chercher"),
    "trouver": ("trouve trouves trouve trouvons trouvez trouvent", "trouvé", "avoir", "trouver"),
    "perdre": ("perds perds perd perdons perdez perdent", "perdu", "avoir", "perdr"),
    "ouvrir": ("ouvre ouvres ouvre ouvrons ouvrez ouvrent", "ouvert", "avoir", "ouvrir"),
    "fermer": ("ferme fermes ferme fermons fermez ferment", "fermé", "avoir", "fermer"),
    "préparer": ("prépare prépares prépare préparons préparez préparent", "préparé", "avoir", "préparer"),
    "aider": ("aide aides aide aidons aidez aident", "aidé", "avoir", "aider"),
    "appeler": ("appelle appelles appelle appelons appelez appellent", "appelé", "avoir", "appeller"),
    "attendre": ("attends attends attend attendons attendez attendent", "attendu", "avoir", "attendr"),
    "écouter": ("écoute écoutes écoute écoutons écoutez écoutent", "écouté", "avoir", "écouter"),
    "regarder": ("regarde regardes regarde regardons regardez regardent", "regardé", "avoir", "regarder"),
    "visiter": ("visite visites visite visitons visitez visitent", "visité", "avoir", "visiter"),
    "travailler": ("travaille travailles travaille travaillons travaillez travaillent", "travaillé", "avoir",
                   "travailler"),
    "dormir": ("dors dors dort dormons dormez dorment", "dormi", "avoir", "dormir"),
    "jouer": ("joue joues joue jouons jouez jouent", "joué", "avoir", "jouer"),
    "nager": ("nage nages nage nageons nagez nagent", "nagé", "avoir", "nager"),
    "courir": ("cours cours court courons courez courent", "couru", "avoir", "courr"),
    "arriver": ("arrive arrives arrive arrivons arrivez arrivent", "arrivé", "être", "arriver"),
    "partir": ("pars pars part partons partez partent", "parti", "être", "partir"),
    "rentrer": ("rentre rentres rentre rentrons rentrez rentrent", "rentré", "être", "rentrer"),
    "rester": ("reste restes reste restons restez restent", "resté", "être", "rester"),
    "pleurer": ("pleure pleures pleure pleurons pleurez pleurent", "pleuré", "avoir", "pleurer"),
    "nettoyer": ("nettoie nettoies nettoie nettoyons nettoyez nettoient", "nettoyé", "avoir", "nettoier"),
    "rater": ("rate rates rate ratons ratez ratent", "raté", "avoir", "rater"),
    "sonner": ("sonne sonnes sonne sonnons sonnez sonnent", "sonné", "avoir", "sonner"),
    "pleuvoir": ("- - pleut pleuvons - -", "plu", "avoir", "pleuvr"),  # "pleuvons" only gives the stem
    "commencer": ("commence commences commence commençons commencez commencent", "commencé", "avoir",
                  "commencer"),
    "penser": ("pense penses pense pensons pensez pensent", "pensé", "avoir", "penser"),
    "dire": ("dis dis dit disons dites disent", "dit", "avoir", "dir"),
}

_IMPERFECT_ENDINGS = ("ais", "ais", "ait", "ions", "iez", "aient")
_FUTURE_ENDINGS = ("ai", "as", "a", "ons", "ez", "ont")


def english_forms(verb: str) -> list[str]:
    """[base, third person, -ing, past, past participle]."""
    return ENGLISH[verb].split("|")


def present(verb: str, person: int) -> str:
    return FRENCH[verb][0].split()[person]


def participle(verb: str) -> str:
    return FRENCH[verb][1]


def auxiliary(verb: str) -> str:
    return FRENCH[verb][2]


def imperfect(verb: str, person: int) -> str:
    """je mangeais, nous mangions, il commençait, nous commencions; j'étais."""
    stem = "ét" if verb == "être" else present(verb, 3)[:-3]
    ending = _IMPERFECT_ENDINGS[person]
    if ending[0] == "i" and stem.endswith("ge"):
        stem = stem[:-1]  # nous mangions
    if ending[0] == "i" and stem.endswith("ç"):
        stem = stem[:-1] + "c"  # nous commencions
    return stem + ending


def future(verb: str, person: int) -> str:
    """je mangerai, il ira."""
    return FRENCH[verb][3] + _FUTURE_ENDINGS[person]


def conditional(verb: str, person: int) -> str:
    """je mangerais, il irait: the future stem with the imperfect endings."""
    return FRENCH[verb][3] + _IMPERFECT_ENDINGS[person]
