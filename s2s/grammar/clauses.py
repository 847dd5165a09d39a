"""Clauses for the built-in corpus: a verb conjugated in one of fourteen tenses, in both languages, as a
statement, a negation or a question.

Why: tense is where English and French differ most. English "was tired" is French imparfait (était
fatigué), "worked all day" passé composé (a travaillé), "had worked" plus-que-parfait, "would call"
conditionnel; after a past reporting verb every tense shifts back (sequence of tenses). A
:class:`Clause` holds the meaning; :func:`realize` writes it, and :func:`backshift` moves it into the
past of a "said that". French questions are deterministic: "tu" asks by intonation (tu as faim ?),
other subject pronouns by inversion (a-t-il faim ?), "je", "nous" and nouns with est-ce que.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from s2s.grammar import verbs as vb
from s2s.grammar.morph import Part

# tense -> its past when reported after "said that" (English and French move together)
BACKSHIFT = {"pres": "impf", "prog": "pastprog", "past": "plup", "impf": "impf", "pastprog": "pastprog",
             "plup": "plup", "fut": "pastfut", "will": "would", "can": "could", "want": "wanted"}
PAST_TENSES = frozenset(("past", "impf", "pastprog", "plup", "pastfut", "would", "could", "wanted"))
_MODALS = {"fut": ("aller", "pres"), "pastfut": ("aller", "impf"), "can": ("pouvoir", "pres"),
           "could": ("pouvoir", "impf"), "want": ("vouloir", "pres"), "wanted": ("vouloir", "impf")}
_BE_PRESENT = ("am", "are", "is", "are", "are", "are")


@dataclass(frozen=True)
class Verb:
    """ one meaning of a verb: its English and French verbs and whether it names a state """

    en: str  # key of verbs.ENGLISH ("look for")
    fr: str  # French infinitive ("chercher")
    stative: bool = False  # a state: no -ing form in English, imparfait for its past in French


@dataclass(frozen=True)
class Clause:
    """ what one clause says; `realize` writes it in both languages """

    subj: Part
    verb: Verb
    tense: str = "pres"
    mode: str = "decl"  # decl, neg or q
    en_tail: tuple[str, ...] = ()  # complements after the verb
    fr_tail: tuple[str, ...] = ()
    clitic: str = ""  # French object pronoun placed before the verb (te, le, lui ...)
    agree: tuple[str, bool] | None = None  # gender and number of a direct object placed before the verb


def _english(verb: Verb, person: int, tense: str, mode: str) -> list[str]:
    """English verb words, auxiliary first (so a question can move it before the subject)."""
    base, third, ing, past, pp = vb.english_forms(verb.en)
    be = verb.en == "be"
    was = "was" if person in (0, 2) else "were"
    do = "does" if person == 2 else "do"
    simple = mode == "decl" and not be
    words = {
        "pres": [_BE_PRESENT[person]] if be else [third if person == 2 else base] if simple else [do, base],
        "past": [was] if be else [past] if simple else ["did", base],
        "prog": [_BE_PRESENT[person], ing], "pastprog": [was, ing], "plup": ["had", pp],
        "fut": [_BE_PRESENT[person], "going", "to", base], "pastfut": [was, "going", "to", base],
        "will": ["will", base], "would": ["would", base], "can": ["can", base], "could": ["could", base],
        "want": [("wants" if person == 2 else "want") if simple else do, "to", base],
        "wanted": ["wanted" if simple else "did", "to", base],
    }[{"impf": "past"}.get(tense, tense)]
    if tense in ("want", "wanted") and not simple:
        words.insert(1, "want")
    if mode == "neg":
        words = ["cannot", *words[1:]] if words[0] == "can" else [words[0], "not", *words[1:]]
    return " ".join(words).split()


def _participle(verb: str, subj: Part, agree) -> str:
    """Past participle agreeing with the subject (être) or with a direct object placed before (avoir)."""
    gender, plural = (subj.gender, subj.plural) if vb.auxiliary(verb) == "être" else agree or ("m", False)
    pp = vb.participle(verb)
    return pp + ("e" if gender == "f" else "") + ("s" if plural and not pp.endswith("s") else "")


def _french(c: Clause) -> tuple[str, list[str]]:
    """The French finite verb and what follows it (participle or infinitive)."""
    p, fr = c.subj.person, c.verb.fr
    if c.tense in _MODALS:
        helper, when = _MODALS[c.tense]
        return (vb.present if when == "pres" else vb.imperfect)(helper, p), [fr]
    if c.tense == "past" and not c.verb.stative or c.tense == "plup":
        tense = vb.present if c.tense == "past" else vb.imperfect
        return tense(vb.auxiliary(fr), p), [_participle(fr, c.subj, c.agree)]
    conjugate = {"pres": vb.present, "prog": vb.present, "will": vb.future, "would": vb.conditional}
    return conjugate.get(c.tense, vb.imperfect)(fr, p), []


def _french_parts(c: Clause) -> tuple[list[str], str, list[str]]:
    """(ne + object pronoun, finite verb, pas + participle or infinitive) of a clause."""
    finite, rest = _french(c)
    before, after = [], list(rest)
    if c.clitic and c.tense in _MODALS:
        after = [c.clitic, *after]  # je vais te voir
    elif c.clitic:
        before = [c.clitic]  # je te vois, je l'ai vue
    if c.mode == "neg":
        before, after = ["ne", *before], ["pas", *after]
    return before, finite, after


def question_style(subj: Part, clitic: str = "") -> str:
    """How French asks a yes/no question of this subject: "into" (tu as faim ?), "inv" (a-t-il faim ?,
    avez-vous faim ?) or "est" (est-ce que je ..., est-ce que le chat ...); one answer per sentence."""
    if subj.key or subj.person in (0, 3):
        return "est"
    if subj.person == 1:
        return "into"
    return "est" if clitic and subj.person in (2, 5) else "inv"


def inverted(finite: str, subject: str) -> str:
    """a + il -> a-t-il, mange + elle -> mange-t-elle, est + il -> est-il, avez + vous -> avez-vous."""
    t = "-t" if finite[-1] in "aeéiou" and subject[0] in "ie" else ""
    return f"{finite}{t}-{subject}"


def realize(c: Clause, style: str = "") -> tuple[list[str], list[str]]:
    """English and French words of the clause (no final punctuation); ``style`` for questions."""
    en_verb = _english(c.verb, c.subj.person, c.tense, c.mode)
    before, finite, after = _french_parts(c)
    if c.mode != "q":
        return [*c.subj.en, *en_verb, *c.en_tail], [*c.subj.fr, *before, finite, *after, *c.fr_tail]
    en = [en_verb[0], *c.subj.en, *en_verb[1:], *c.en_tail]
    style = style or question_style(c.subj, c.clitic)
    if style == "inv":
        assert not c.subj.key, "inversion is only used with subject pronouns"
        return en, [*before, inverted(finite, c.subj.fr[0]), *after, *c.fr_tail]
    head = ["est-ce", "que"] if style == "est" else []
    return en, [*head, *c.subj.fr, *before, finite, *after, *c.fr_tail]


def backshift(c: Clause) -> Clause:
    """The clause as reported after a past verb: is -> was (était), worked -> had worked (avait travaillé)."""
    return replace(c, tense=BACKSHIFT[c.tense])
