"""What the built-in corpus may say: verb aspect, who can do what to what and where, and which time
phrases fit which tense.

Why: a grammar that only conjugates writes "we are young every morning", "they have some parents" or "the
dog is reading the letter". Every verb meaning here carries its aspect (a state such as "like" or "live"
takes no -ing form, no habitual time phrase, and the imparfait in the past; an event such as "swim" does),
the kinds of subject it accepts, the objects it takes with the determiners that suit them, and the places it
happens in. The sentence makers only combine what these tables allow.
"""

from __future__ import annotations

from dataclasses import dataclass

from s2s.grammar.clauses import Verb
from s2s.grammar.morph import NOUNS, tags


@dataclass(frozen=True)
class Sense:
    """ one meaning of a verb and what it selects """

    verb: Verb
    aspect: str  # state (no -ing, no time phrase), event, or once (an event with no -ing form: find, lose)
    subjects: str  # noun tags, any of which the subject must have (pronouns count as "person")
    objects: str = ""  # noun tags of possible objects ("" for none)
    dets: str = "a the"  # determiners for the object: a, some, bare, the, this, own (the subject's: her keys)
    flags: str = ""  # clitic (takes me/you/him ...), nomodal (no can / want to / going to), nopast, nohabit


def _s(en, fr, aspect, subjects, objects="", dets="a the", flags=""):
    return Sense(Verb(en, fr, aspect == "state"), aspect, subjects, objects, dets, flags)


SENSES = {
    "be": _s("be", "être", "state", "person animal thing place transport"),
    "have": _s("have", "avoir", "state", "person", "pet own kin", "a"),
    "like": _s("like", "aimer", "state", "person", "food drink pet sound", "generic", "nopast"),
    "love": _s("love", "aimer", "state", "person", "", "", "clitic nopast"),
    "want": _s("want", "vouloir", "state", "person", "food drink own", "a some bare this"),
    "know": _s("know", "connaître", "state", "person", "person", "the poss", "clitic"),
    "live": _s("live", "habiter", "state", "person"),
    "see": _s("see", "voir", "once", "person", "person animal", "the poss", "clitic"),
    "eat": _s("eat", "manger", "event", "person animal", "food", "a some bare the own", "made"),
    "drink": _s("drink", "boire", "event", "person animal", "drink", "a some bare the own"),
    "read": _s("read", "lire", "event", "person", "read", "a the own this", "written"),
    "write": _s("write", "écrire", "event", "person", "written", "a"),
    "buy": _s("buy", "acheter", "event", "adult", "food own flower", "a some bare this", "made"),
    "sell": _s("sell", "vendre", "event", "seller", "food flower", "bare"),
    "make": _s("make", "faire", "event", "adult", "made", "a some bare", "made"),
    "cook": _s("make", "préparer", "event", "adult", "meal", "generic"),
    "look for": _s("look for", "chercher", "event", "person", "lost pet", "own", "clitic nohabit nomodal"),
    "find": _s("find", "trouver", "once", "person", "lost pet", "own"),
    "lose": _s("lose", "perdre", "once", "person", "lost", "own"),
    "open": _s("open", "ouvrir", "event", "person", "opens", "the own this", "nohabit"),
    "close": _s("close", "fermer", "event", "person", "opens", "the own this", "nohabit"),
    "help": _s("help", "aider", "event", "person", "person", "own", "clitic"),
    "call": _s("call", "appeler", "event", "person", "person", "own the poss", "clitic"),
    "wait for": _s("wait for", "attendre", "event", "person", "person transport", "own the poss", "clitic"),
    "listen to": _s("listen to", "écouter", "event", "person", "sound device teacher", "the bare", "clitic"),
    "watch": _s("watch", "regarder", "event", "person", "watch", "generic"),
    "visit": _s("visit", "visiter", "event", "person", "sight", "the", "nohabit"),
    "take": _s("take", "prendre", "event", "person", "transport", "the a"),
    "clean": _s("clean", "nettoyer", "event", "adult", "clean", "the own"),
    "miss": _s("miss", "rater", "once", "person", "public", "the"),
    "work": _s("work", "travailler", "event", "adult"),
    "sleep": _s("sleep", "dormir", "event", "person animal"),
    "play": _s("play", "jouer", "event", "kid pet"),
    "swim": _s("swim", "nager", "event", "person dog"),
    "run": _s("run", "courir", "event", "person pet"),
    "go": _s("go", "aller", "event", "person"),
    "arrive": _s("arrive", "arriver", "event", "person transport"),
    "leave": _s("leave", "partir", "event", "person transport"),
    "come home": _s("come home", "rentrer", "event", "person"),
    "stay": _s("stay", "rester", "event", "person"),
    "cry": _s("cry", "pleurer", "event", "kid", flags="nomodal"),
}

# Where intransitive events happen: sense -> "preposition:place,place ..." ("sense/kind" overrides it for
# that kind of subject). "city" is written en ville, "school" with "at" / "to" has no article in English.
PLACES = {
    "live": "near:station,school,park,market,river,sea,beach,museum in:city",
    "work": "at:hospital,market,station,restaurant,museum,library,bakery in:garden,city",
    "work/doctor": "at:hospital",
    "work/teacher": "",
    "sleep": "on:sofa",
    "sleep/animal": "on:sofa,chair under:table in:garden",
    "sleep/bird": "in:garden",
    "play": "in:garden,park at:beach",
    "play/animal": "in:garden,house",
    "swim": "in:river,sea,pool",
    "run": "in:park,garden on:beach",
    "run/animal": "in:park,garden",
    "go": "to:station,market,museum,hospital,beach,restaurant,library,bakery,pool,park,city",
    "go/kid": "to:school,park,beach,pool,market",
    "arrive": "at:station,hospital,market,museum,restaurant,library",
    "arrive/kid": "at:school,station",
    "arrive/transport": "at:station",
    "stay": "at:home",
    "read": "in:garden,kitchen,library,park on:sofa",
    "eat": "in:kitchen,garden at:restaurant",
    "eat/animal": "in:kitchen,garden",
    "eat/bird": "in:garden",
    "drink": "in:kitchen,garden",
    "drink/bird": "in:garden",
    "buy": "at:market",
    "buy/food": "at:market",
    "buy/bread": "at:bakery,market",
    "buy/cake": "at:bakery",
}

# Where someone or something is: the first of the subject's tags found here.
BE_PLACES = {
    "kid": "at:school,home in:garden,park,kitchen at:beach,pool",
    "person": "at:station,hospital,market,museum,restaurant,library,home,beach in:garden,kitchen,city",
    "dog": "in:garden,kitchen,house,park under:table near:door behind:door",
    "bird": "in:garden,park on:table,chair near:window",
    "animal": "in:garden,kitchen,house on:sofa,chair,table under:table,chair,sofa near:door,window",
    "train": "at:station",
    "transport": "at:station in_front_of:school,station,museum,hospital",
    "small": "in:bag,box,car,kitchen on:table,chair,sofa under:table,chair,sofa near:door,window",
    "food": "in:kitchen,box,bag on:table",
    "seat": "in:house near:door,window",
    "furniture": "in:kitchen,garden,house near:door,window",
    "vehicle": "in:garden in_front_of:house,school,station near:park,river,house behind:house",
}

# What animals eat and drink (the dog is not reading the newspaper or eating the cake).
ANIMAL_OBJECTS = {"cat": "fish milk water", "dog": "water", "bird": "bread water"}

# Time phrases: english, french, kind. habit: with the simple present of an event; now: with the
# progressive and temporary states; past: with past events and past states; future: with "going to";
# span: how long a past event lasted (worked all day).
TIMES = (
    ("every day", "tous les jours", "habit"), ("every morning", "tous les matins", "habit"),
    ("every evening", "tous les soirs", "habit"), ("on sundays", "le dimanche", "habit"),
    ("on saturdays", "le samedi", "habit"), ("in the morning", "le matin", "habit"),
    ("in the evening", "le soir", "habit"),
    ("now", "maintenant", "now"), ("today", "aujourd'hui", "now"),
    ("yesterday", "hier", "past"), ("yesterday evening", "hier soir", "past"),
    ("this morning", "ce matin", "past"), ("last week", "la semaine dernière", "past"),
    ("last sunday", "dimanche dernier", "past"),
    ("tomorrow", "demain", "future"), ("tomorrow morning", "demain matin", "future"),
    ("this evening", "ce soir", "future"), ("next week", "la semaine prochaine", "future"),
    ("all day", "toute la journée", "span"), ("all afternoon", "tout l'après-midi", "span"),
    ("all morning", "toute la matinée", "span"),
)
SPAN_SENSES = ("work", "sleep", "play", "swim", "read", "clean", "run", "cry", "wait for")


def time_kinds(sense: Sense | None, tense: str) -> tuple[str, ...]:
    """The kinds of time phrase that fit a clause; ``sense`` None is a temporary state (tired, at home).

    A permanent state ("young", "like", "live") takes none; habits take the simple present only; the
    progressive and "can" / "want" take no habitual phrase.
    """
    if sense is not None and sense.aspect == "state":
        return ()
    if sense is None:
        return {"pres": ("now",), "past": ("past",)}.get(tense, ())
    span = ("span",) if sense.verb.en in SPAN_SENSES else ()
    habit = () if "nohabit" in sense.flags else ("habit",)
    return {"pres": habit, "prog": ("now",), "past": ("past", *span), "fut": ("future",)}.get(tense, ())


def phrases(kind: str) -> list[tuple[str, str]]:
    return [(en, fr) for en, fr, k in TIMES if k == kind]


def fits(sense: Sense, key: str) -> bool:
    """Whether the noun ``key`` ("" for a pronoun) can be the subject of ``sense``."""
    return bool(set(sense.subjects.split()) & {*tags(key), key})


def objects(sense: Sense, subject_key: str = "") -> list[str]:
    """The nouns ``sense`` can take as object when ``subject_key`` is the subject."""
    wanted = set(sense.objects.split())
    if subject_key in ANIMAL_OBJECTS:
        return [k for k in ANIMAL_OBJECTS[subject_key].split() if set(tags(k)) & wanted]
    if "animal" in tags(subject_key):
        return []
    out = [k for k in NOUNS if set(tags(k)) & wanted]
    if sense.verb.en == "have":
        out = [k for k in out if "unique" not in tags(k)]  # no "i have a father"
    return out


def places(sense_key: str, subject_key: str = "", object_key: str = "") -> str:
    """The place spec for an event, most specific first: subject noun, object kind, subject kind."""
    subject_keys = (subject_key, *tags(subject_key)) if subject_key else ()
    for key in (*subject_keys, *((object_key, *tags(object_key)) if object_key else ())):
        if key and f"{sense_key}/{key}" in PLACES:
            return PLACES[f"{sense_key}/{key}"]
    return PLACES.get(sense_key, "")


def be_places(key: str) -> str:
    """Where the noun ``key`` can be: its own row (dog) first, then its first tag that has one."""
    return next((BE_PLACES[t] for t in (key, *tags(key)) if t in BE_PLACES), "")


# ---------------------------------------------------------------- small stories
# An act is "sense object:det @preposition:place,place ~time": "lose key:own" (she lost her keys),
# "play @in:park ~all afternoon"; a leading "!" negates it ("!eat ~this morning": she did not eat ...).

# What makes someone feel a state (told in the past: "because she worked all day").
CAUSES = {
    "tired": ("work ~all day", "play @in:park,garden ~all afternoon", "swim @in:river,sea,pool", "run @in:park",
              "clean house:own ~all day", "work @in:garden ~all afternoon"),
    "hungry": ("!eat ~this morning", "work @in:garden ~all day", "swim @in:sea,pool ~all afternoon"),
    "thirsty": ("run @in:park", "work @in:garden ~all afternoon", "play @in:garden ~all afternoon"),
    "cold": ("swim @in:river,sea", "wait for bus:the ~all morning"),
    "late": ("miss bus:the", "miss train:the", "lose key:own"),
    "sad": ("lose phone:own", "lose cat:own", "lose dog:own", "lose umbrella:own"),
    "happy": ("find key:own", "find cat:own", "find dog:own", "find phone:own"),
}
# What someone does about a state of their own ("she is drinking water because she is thirsty").
RESPONSES = {
    "tired": ("sleep @on:sofa", "stay @at:home", "come home"),
    "hungry": ("eat apple:a", "eat bread:some", "eat soup:some", "make soup:some @in:kitchen",
               "go @to:restaurant", "buy bread:some @at:bakery", "eat cake:a"),
    "thirsty": ("drink water:bare", "drink milk:bare", "drink orange_juice:bare", "drink tea:bare"),
    "cold": ("close window:the", "drink tea:a", "drink coffee:a", "stay @at:home"),
    "hot": ("open window:the", "swim @in:sea,pool,river", "drink water:bare"),
    "sick": ("stay @at:home", "go @to:hospital"),
    "late": ("take taxi:a", "run"),
    "sad": ("cry",),
}
# What someone does about another person's state ("my father is making soup because we are hungry").
HELP = {
    "sick": ("call doctor:the", "make soup:some", "stay @at:home"),
    "hungry": ("make soup:some", "cook dinner:generic", "buy bread:some @at:bakery", "make cake:a"),
    "cold": ("close window:the", "make tea:some"),
    "hot": ("open window:the",),
    "tired": ("cook dinner:generic", "clean kitchen:the"),
}
# Things people do at the same time in one house or town ("while the children are playing in the garden").
SCENES = ("read book:a @in:garden,kitchen", "read newspaper:the @in:kitchen,garden", "sleep @on:sofa",
          "make cake:a @in:kitchen", "cook dinner:generic", "play @in:garden", "watch television:generic",
          "clean kitchen:the", "listen to music:bare", "write letter:a", "work @in:garden",
          "drink coffee:a @in:kitchen", "read book:a @on:sofa")
# Where one goes to do something ("she went to the market and bought some apples").
ERRANDS = {
    "market": ("buy apple:bare", "buy fish:some", "buy flower:bare", "buy cheese:some", "buy orange:bare"),
    "bakery": ("buy bread:some", "buy cake:a"),
    "beach": ("swim @in:sea", "play", "run"),
    "park": ("run", "play"),
    "library": ("read book:a", "read newspaper:the"),
    "restaurant": ("eat fish:some", "eat soup:some", "drink coffee:a"),
    "pool": ("swim",),
}
# Plans someone tells about ("she said that she would visit the museum tomorrow").
PLANS = ("visit museum:the", "visit city:the", "go @to:beach,market,museum,pool,library,city", "make cake:a",
         "buy bike:a", "buy car:a", "clean house:own", "swim @in:sea,pool,river", "call doctor:the",
         "come home", "play @in:park,garden", "work @in:garden")
