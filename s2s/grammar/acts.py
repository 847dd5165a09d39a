"""Acts and relative clauses: the pieces the long sentences of the built-in corpus are told with.

An act is written as a short spec in :mod:`s2s.grammar.semantics` ("lose key:own" -> "she lost her keys",
"play @in:park ~all afternoon"); :func:`act` turns it into a :class:`Clause` for any subject and tense.
:func:`with_relative` gives a noun phrase a relative clause that says something lasting about it (where
someone lives or works, who made a cake), so the main clause is free to say where it is and what it does
now without contradicting it.
"""

from __future__ import annotations

from dataclasses import replace

from s2s.grammar import parts
from s2s.grammar import semantics as sem
from s2s.grammar.clauses import Clause, realize
from s2s.grammar.morph import NOUNS, Part, noun_phrase, possessive, pronoun, tags


def _time(phrase: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    fr = next(f for e, f, _ in sem.TIMES if e == phrase)
    return tuple(phrase.split()), tuple(fr.split())


def act_sense(spec: str) -> str:
    """The sense key of an act spec: "wait for bus:the @at:station" -> "wait for"."""
    head = spec.lstrip("!").split("@")[0].split("~")[0].split()
    return " ".join(w for w in head if ":" not in w)


def act_places(spec: str) -> tuple[str, ...]:
    """The places an act happens in or works on ("swim @in:river,sea" -> river, sea; "clean kitchen:the")."""
    body, _, where = spec.split("~")[0].partition("@")
    nouns = [w.split(":")[0].replace("_", " ") for w in body.split() if ":" in w]
    objects = tuple(n for n in nouns if "place" in tags(n))
    return objects + (tuple(where.split(":")[1].strip().split(",")) if where else ())


def _adults_only(spec: str) -> bool:
    """Coffee, tea, the newspaper and calling the doctor are for grown-ups."""
    return any(w.split(":")[0] in ("coffee", "tea", "newspaper", "doctor") for w in spec.split())




def act(rng, spec: str, subj: Part, tense: str, avoid=(), plain: bool = False) -> Clause:
    """A clause telling act ``spec`` of ``subj`` ("she lost her keys", "he is sleeping on the sofa");
    ``plain``: no adjective on its place."""
    body, _, when = spec.lstrip("!").partition("~")
    body, _, where = body.partition("@")
    sense = sem.SENSES[act_sense(spec)]
    en, fr = [], []
    for word in body.split():
        if ":" in word:
            key, det = word.split(":")
            key = key.replace("_", " ")
            det = possessive(subj) if det == "own" else det
            countable = bool(NOUNS[key][0]) and bool(NOUNS[key][1]) and "mass" not in tags(key)
            plural = countable and (det in ("bare", "some", "generic") or det == "a" and subj.plural
                                    and key in parts.SHARED) or key == "key" and det != "a" \
                or det == possessive(subj) and subj.plural and key in parts.OWN_EACH
            det = "bare" if det == "a" and subj.plural and "mass" in tags(key) else det  # they drink coffee
            np = noun_phrase(key, det, plural, negated=spec.startswith("!") and det in ("a", "some", "bare"))
            en, fr = list(np.en), list(np.fr)
    if where:
        en_pp, fr_pp, _ = parts.place_phrase(rng, where.strip(), avoid=avoid, det="the" if plain else "")
        en, fr = [*en, *en_pp], [*fr, *fr_pp]
    if when:
        t_en, t_fr = _time(when.strip())
        en, fr = [*en, *t_en], [*fr, *t_fr]
    mode = "neg" if spec.startswith("!") else "decl"
    return Clause(subj, sense.verb, tense, mode, tuple(en), tuple(fr))


def acts_for(specs, subj: Part, avoid=()) -> list[str]:
    """The specs whose verb ``subj`` can do and that do not happen in a place of ``avoid``."""
    child = "kid" in tags(subj.key) and ("adult" not in tags(subj.key) or "little" in subj.en)
    return [s for s in specs if sem.fits(sem.SENSES[act_sense(s)], subj.key) and not (child and _adults_only(s))
            and not (subj.key and f" {subj.key}:" in f" {s}")  # not "the doctor called the doctor"
            and not (act_places(s) and set(act_places(s)) <= set(avoid))]


# ---------------------------------------------------------------- relative clauses
# Lasting facts about a person: "who lives near the station", "who works at the market".
PERSON_FACTS = ("live @near:station,park,river,sea,market,school", "live @in:city",
                "work @at:hospital,market,station,restaurant,library,bakery", "sell flower:bare @at:market",
                "sell fish:bare @at:market", "sell bread:bare", "have dog:a", "have car:a", "have cat:a")
# Who made or bought a thing: "the cake that my mother made" (le gâteau que ma mère a fait).
THING_MAKERS = {"cake": "make", "soup": "make", "letter": "write", "story": "write", "book": "buy",
                "flower": "buy", "bike": "buy", "car": "buy", "apple": "buy", "bag": "buy", "phone": "buy"}


def relative_person(rng, np: Part, tense: str = "pres") -> tuple[Part, tuple[str, ...]]:
    """"the woman who lives near the station" -> "la femme qui habite près de la gare"; the places used."""
    adult = "adult" in tags(np.key) and "kid" not in tags(np.key)
    job = bool({"teacher", "doctor"} & set(tags(np.key)))
    facts = [s for s in PERSON_FACTS if (adult and not job or not s.startswith(("work", "sell", "have car")))
             and not (np.plural and s.startswith("have"))]  # not "the doctors who have a dog"
    if "doctor" in tags(np.key):
        facts.append("work @at:hospital")
    return with_fact(rng, np, rng.choice(facts), tense)


def with_fact(rng, np: Part, spec: str, tense: str = "pres", plain: bool = False):
    """``np`` with the relative clause telling act ``spec``; and the places that clause uses."""
    en, fr = realize(act(rng, spec, np, tense, plain=plain))
    who = "who" if "person" in tags(np.key) else "that"
    rel_en, rel_fr = en[len(np.en):], fr[len(np.fr):]
    return (replace(np, en=(*np.en, who, *rel_en), fr=(*np.fr, "qui", *rel_fr)),
            (*act_places(spec), np.key))


def relative_thing(rng, key: str, maker: Part, det: str = "the", plural: bool = False) -> Part:
    """"the letters that my sister wrote" -> "les lettres que ma sœur a écrites" (the participle agrees)."""
    np = noun_phrase(key, det, plural)
    sense = sem.SENSES[THING_MAKERS[key]]
    c = Clause(maker, sense.verb, "past", agree=(np.gender, np.plural))
    en, fr = realize(c)
    return replace(np, en=(*np.en, "that", *en), fr=(*np.fr, "que", *fr))


def relative_place(rng, key: str, who: Part) -> Part:
    """"the house where we live" -> "la maison où nous habitons"."""
    np = noun_phrase(key, "the")
    verb = "live" if key == "house" else "work"
    en, fr = realize(Clause(who, sem.SENSES[verb].verb, "pres"))
    return replace(np, en=(*np.en, "where", *en), fr=(*np.fr, "où", *fr))


def someone(rng, kinds=("person",), pronoun_rate: float = 0.4, unique_ok: bool = True, require: str = "") -> Part:
    """A subject for a story: a pronoun, or a person ("my sister", "the old man") who may be plural."""
    if rng.random() < pronoun_rate:
        return pronoun(rng.choice(parts.SUBJECT_PRONOUNS))
    key = parts.person_noun(rng, kinds, unique_ok, require)
    return parts.subject_np(rng, key, adj_rate=0.15, plural_rate=0.2)


FAMILY = ("mother", "father", "parents", "grandmother", "grandfather", "brother", "sister", "son", "daughter",
          "child")
_GROUPS = {"parents": ("mother", "father"), "child": ("son", "daughter")}


def kin_det(part: Part) -> str:
    """The determiner for a relative of ``part``: one family shares one possessive (my sister -> my mother,
    their grandmother -> their parents); anyone else gives theirs (her friend -> his daughter, we -> our)."""
    possessives = ("my", "your", "his", "her", "our", "their")
    shared = part.key in FAMILY and part.en[0] in possessives or part.key and part.en[0] in ("my", "your", "our")
    return part.en[0] if shared else parts.possessive(part)


def relative(rng, owner: Part, avoid=()) -> Part:
    """A family member of ``owner``: i -> "my sister", the woman -> "her son", we -> "our children"."""
    young = owner.key and "kid" in tags(owner.key) and "adult" not in tags(owner.key)
    taken = set(avoid) | ({"son", "daughter", "child"} if young else set())  # a boy has no son
    for whole, members in _GROUPS.items():  # not "my mother ... my parents"
        taken |= set(members) if whole in avoid else {whole} if set(members) & set(avoid) else set()
    key = rng.choice([k for k in FAMILY if k not in taken])
    return parts.subject_np(rng, key, adj_rate=0.1, plural_rate=0.0 if key != "child" else 1.0,
                            det=kin_det(owner))


def family_pair(rng) -> tuple[Part, Part]:
    """Two different people of one family: (we, our children), (my mother, my father) ..."""
    if rng.random() < 0.4:
        first = pronoun(rng.choice(parts.SUBJECT_PRONOUNS))
        return first, relative(rng, first)
    owner = pronoun(rng.choice(("i", "you", "we", "they", "he", "she")))
    first = relative(rng, owner)
    return first, relative(rng, owner, avoid=(first.key,))
