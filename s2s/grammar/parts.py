"""Random noun phrases for the built-in corpus: subjects, objects and places that suit their verb.

Why apart from the tables: these functions hold the choices a native speaker makes without thinking
(family members take a possessive: "my mother", never "a mother"; "at school" and "en ville" have no
article; a mass noun takes "some" or none; adjectives are picked so they never clash), so the sentence
makers only say what to build. Every choice comes from the ``rng`` passed in, so output is deterministic.
"""

from __future__ import annotations

from s2s.grammar import lexicon as lex
from s2s.grammar import semantics as sem
from s2s.grammar.morph import NOUNS, Part, adjectives_for, noun_phrase, possessive, pronoun, tags

SUBJECT_PRONOUNS = ("i", "you", "he", "she", "we", "they")
SHARED = ("book", "letter", "apple", "orange", "egg")  # they are reading books (not: a book)
OWN_EACH = ("phone", "umbrella", "key", "book", "bag")  # they lost their phones (not: their phone)
_FIXED_PLACES = {  # (preposition, place) -> english, french: no article in one language or the other
    ("at", "school"): ("at school", "à l'école"), ("to", "school"): ("to school", "à l'école"),
    ("at", "home"): ("at home", "à la maison"), ("in", "city"): ("in the city", "en ville"),
    ("to", "city"): ("to the city", "en ville"),
}


def pick_adjectives(rng, key: str, rate: float, pre_only: bool = False) -> list[str]:
    """Zero, one or (rarely) two adjectives that fit ``key`` and do not clash."""
    fits = [a for a in adjectives_for(key) if not pre_only or any(r[0] == a and r[2] == "pre" for r in lex.ADJECTIVES)]
    if not fits or rng.random() >= rate:
        return []
    first = rng.choice(fits)
    clash = next((c for c in lex.CLASHES if first in c), (first,))
    placement = {r[0]: r[2] for r in lex.ADJECTIVES}
    others = [a for a in fits if a not in clash and placement[a] != placement[first]]
    return [first, rng.choice(others)] if others and rng.random() < 0.2 else [first]


def person_noun(rng, kinds=("person",), unique_ok: bool = True, require: str = "") -> str:
    """A noun whose tags include one of ``kinds`` (and ``require``); unique family (mother) optional."""
    keys = [k for k in NOUNS if set(tags(k)) & set(kinds) and (unique_ok or "unique" not in tags(k))
            and (not require or require in tags(k))]
    return rng.choice(keys)


def subject_np(rng, key: str, adj_rate: float = 0.2, plural_rate: float = 0.3, det: str = "") -> Part:
    """A definite subject: family takes a possessive (my sister), others "the", "this" or a possessive."""
    row, t = NOUNS[key], tags(key)
    plural = bool(row[1]) and (not row[0] or rng.random() < plural_rate)
    if not det:
        choices = ("my", "your", "his", "her", "our", "their") if "kin" in t else (
            "the", "the", "the", "my", "our") if "teacher" in t or "doctor" in t or key == "neighbour" else (
            "the", "the", "the", "this", "my", "our") if "animal" in t or "own" in t else ("the",) * 4 + ("this",)
        det = rng.choice(choices)
    adjs = pick_adjectives(rng, key, adj_rate)
    return noun_phrase(key, det, plural, adjs)


def subject(rng, kinds=("person",), pronoun_rate: float = 0.5, adj_rate: float = 0.2) -> Part:
    """A subject pronoun or noun phrase of one of ``kinds`` (tags such as person, kid, animal)."""
    if {"person", "kin"} & set(kinds) and rng.random() < pronoun_rate:
        return pronoun(rng.choice(SUBJECT_PRONOUNS))
    return subject_np(rng, person_noun(rng, kinds), adj_rate)


def _dets_for(key: str) -> set[str]:
    """Determiners a noun can take as an object: "some" needs a mass noun or a plural, "a" a count noun."""
    t, row = tags(key), NOUNS[key]
    if "kin" in t:
        return {"own", "poss"}
    if "transport" in t:
        return {"the", "a"}
    if "person" in t:
        return {"the", "own", "poss"} if {"teacher", "doctor"} & set(t) or key == "neighbour" else {"the"}
    if "mass" in t:
        return {"some", "bare", "the", "own", "poss", "generic", "this"} | ({"a"} if "unit" in t else set())
    if row[0] and row[1]:
        return {"a", "some", "bare", "the", "this", "own", "poss", "generic"}
    return {"the", "this", "own", "poss", "generic"}  # used in the singular only: the radio


def object_np(rng, sense: sem.Sense, key: str, owner: Part | None = None, mode: str = "decl",
              habit: bool = False) -> Part:
    """An object of ``sense``: "an apple", "some bread", "her keys", "cats" (generic), "any milk" ...;
    ``habit``: a habit takes no "some" (she makes soup every day)."""
    row, t = NOUNS[key], tags(key)
    if sense.verb.en == "have":
        det, plural = "a", False  # i have a sister, she has a red car
    else:
        dets = [d for d in sense.dets.split() if d in _dets_for(key)] or sorted(_dets_for(key) & {"the", "own"})
        det = rng.choice(dets)
        countable = bool(row[0]) and bool(row[1]) and "mass" not in t
        plural = countable and (det in ("some", "bare", "generic") or rng.random() < 0.15 * ("read" not in t))
        if plural and det in ("some", "bare") and not {"food", "flower", "read"} & set(t):
            det, plural = "a", False  # she bought a phone, he did not buy a car (not: some phones, any cars)
    if det == "own":
        det = possessive(owner) if owner is not None and owner.person != 4 else "my"
    elif det == "poss":
        det = possessive(owner) if owner is not None and "person" in t and owner.person != 4 else \
            rng.choice(("my", "your", "his", "her", "our", "their"))  # she waits for her neighbour
    if habit and det != "generic" and (det == "some" or "mass" in t or "food" in t):
        det, plural = "bare", "mass" not in t
        # a habit is general: he makes coffee every day, she eats apples on sundays
    if owner is not None and owner.plural and det == "a" and key in SHARED:
        det, plural = "bare", True  # they are reading books (not: a book)
    if owner is not None and owner.plural and det == possessive(owner) and key in OWN_EACH:
        plural = True  # they lost their phones (not: their phone)
    if mode == "q" and det in ("some", "bare") and sense.verb.en == "have":
        det = "any"  # do you have any bread?
    plain = det == "generic" or "person" in t or sense.verb.en == "make"  # not "she makes a hot coffee"
    adjs = pick_adjectives(rng, key, 0.0 if plain else 0.25)
    if "person" in t:
        plural = key == "child"  # she is helping her teacher, he is calling the children
    if owner is not None and "animal" in tags(owner.key):
        det, adjs = ("bare" if "mass" in t or plural else "a") if det != "any" else det, []  # the cat drinks milk
    return noun_phrase(key, det, plural, adjs, negated=mode == "neg" and det in ("a", "some", "bare", "any"))


def place_phrase(rng, spec: str, avoid=(), det: str = "") -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """(english, french, place key) for a "prep:place,place ..." spec, never one of the places in ``avoid``."""
    groups = [g for g in spec.split() if any(p not in avoid for p in g.split(":")[1].split(","))]
    prep, keys = rng.choice(groups).split(":")
    key = rng.choice([p for p in keys.split(",") if p not in avoid])
    if (prep, key) in _FIXED_PLACES:
        en, fr = _FIXED_PLACES[(prep, key)]
        return tuple(en.split()), tuple(fr.split()), key
    adjs = pick_adjectives(rng, key, 0.12, pre_only=True) if not det else []
    np = noun_phrase(key, det or "the", False, adjs)
    prep = prep.replace("_", " ")
    return (*prep.split(), *np.en), (*lex.PREPOSITIONS[prep].split(), *np.fr), key


def time_phrase(rng, kinds, rate: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A time phrase of one of ``kinds`` (see semantics.TIMES), or nothing."""
    options = [p for k in kinds for p in sem.phrases(k)]
    if not options or rng.random() >= rate:
        return (), ()
    en, fr = rng.choice(options)
    return tuple(en.split()), tuple(fr.split())
