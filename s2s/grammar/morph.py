"""Morphology for the built-in corpus grammar: noun phrases, verb groups and clauses in both languages.

Why a module of its own: these rules (articles and their agreement, elision, contractions such as
de + le -> du, conjugation and participle agreement) are the hard part of writing correct French, and
they are tested one by one; `s2s.grammar` only decides which sentences to build from them.
"""

from __future__ import annotations

from dataclasses import dataclass

from s2s.grammar import lexicon as lex

ALL_TENSES = ("pres", "prog", "past", "fut", "want", "can")

_VOWELS = "aeiouyàâéèêëîïôœûh"  # the lexicon has no word starting with an aspirated h
_ELIDING = frozenset(("le", "la", "je", "me", "te", "ne", "de", "que"))
_CONTRACTIONS = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}
BE = ("am", "are", "is", "are", "are", "are")
MODALS = {"fut": "go", "want": "want", "can": "can"}
NOUNS = {row[0] or row[1]: row for row in lex.NOUNS}
ADJS = {row[0]: row for row in lex.ADJECTIVES}


@dataclass(frozen=True)
class Part:
    """A sentence piece in both languages plus what a verb agrees with."""

    en: tuple[str, ...]
    fr: tuple[str, ...]
    gender: str = "m"
    plural: bool = False
    slot: int = 2  # conjugation slot: 0 je, 1 tu, 2 il/elle, 3 nous, 4 vous, 5 ils
    key: str = ""  # head noun in the lexicon ("" for pronouns)




def _vowel(word: str) -> bool:
    return bool(word) and word[0] in _VOWELS


def french(words) -> str:
    """Join French words with elision (que il -> qu'il) and contraction (à le -> au)."""
    ws = " ".join(words).split()
    ws = [w[:-1] + "'" if w in _ELIDING and i + 1 < len(ws) and _vowel(ws[i + 1]) else w
          for i, w in enumerate(ws)]
    out: list[str] = []
    for w in ws:
        if out and (out[-1], w) in _CONTRACTIONS:
            out[-1] = _CONTRACTIONS[(out[-1], w)]
        else:
            out.append(w)
    return " ".join(out).replace("' ", "'")


def english(words) -> str:
    """Join English words, turning "a" into "an" before a vowel."""
    ws = " ".join(words).split()
    return " ".join("an" if w == "a" and i + 1 < len(ws) and ws[i + 1][0] in "aeiou" else w
                    for i, w in enumerate(ws))


# ---------------------------------------------------------------- noun phrases and verbs
def inflect(forms: str, gender: str, plural: bool, before: str = "") -> str:
    """Pick m sg|f sg|m pl|f pl, or the fifth form (bel, vieil) before a vowel."""
    f = forms.split("|")
    if not plural and gender == "m" and len(f) == 5 and _vowel(before):
        return f[4]
    return f[2 * plural + (gender == "f")]


def _determiner(det: str, gender: str, plural: bool, before: str, negated: bool, pre: bool):
    """English and French determiner; ``before`` is the next French word, ``pre`` a preceding adjective."""
    if det in ("a", "some"):
        en = ("any" if negated else "some") if plural or det == "some" else "a"
        if negated or (plural and pre):
            return en, "de"  # pas de pomme, de grands arbres
        if det == "some":
            return en, "de la" if gender == "f" else "de le"  # "de le" contracts to "du"
        return en, "des" if plural else "une" if gender == "f" else "un"
    masc, fem, plur = lex.DETERMINERS[det].split("|")
    en = "these" if det == "this" and plural else det
    if plural:
        return en, plur
    if det == "this" and gender == "m" and _vowel(before):
        return en, "cet"
    possessive = det in ("my", "your", "his", "her")
    return en, fem if gender == "f" and not (possessive and _vowel(before)) else masc  # mon école


def noun_phrase(key: str, det: str = "the", plural: bool = False, adjs=(), negated: bool = False) -> Part:
    """A determiner + adjectives + noun, agreeing in gender and number."""
    en_sg, en_pl, fr_sg, fr_pl, gender, _ = NOUNS[key]
    plural = plural or not en_sg
    noun = fr_pl if plural else fr_sg
    pre = [ADJS[a] for a in adjs if ADJS[a][2] == "pre"]
    post = [ADJS[a] for a in adjs if ADJS[a][2] == "post"]
    pre_fr = [inflect(a[1], gender, plural, noun) for a in pre]
    post_fr = [inflect(a[1], gender, plural) for a in post]
    det_en, det_fr = _determiner(det, gender, plural, (pre_fr + [noun])[0], negated, bool(pre))
    en = (det_en, *(a[0] for a in pre + post), en_pl if plural else en_sg)
    return Part(en, (det_fr, *pre_fr, noun, *post_fr), gender, plural, 5 if plural else 2, key)


def conj(verb: str, slot: int) -> str:
    return lex.VERBS[verb][1].split()[slot]


def _english_group(verb: str, slot: int, tense: str, mode: str) -> tuple[list[str], list[str]]:
    """English (auxiliary, rest) so that a question can move the auxiliary first."""
    base, third, ing, past = lex.VERBS[verb][0].split("|")
    s3 = slot == 2
    simple = {"pres": third if s3 else base, "past": past, "want": ("wants" if s3 else "want") + " to " + base}
    if mode == "decl" and tense in simple:
        return [], [simple[tense]]
    do = ["does" if s3 else "do"]
    aux, main = {"cop": ([BE[slot]], []), "prog": ([BE[slot]], [ing]), "past": (["did"], [base]),
                 "fut": ([BE[slot]], ["going to " + base]), "can": (["can"], [base]),
                 "want": (do, ["want to " + base]), "pres": (do, [base])}[tense]
    if mode == "neg":
        aux = ["cannot"] if tense == "can" else aux + ["not"]
    return aux, main


def verb_group(verb: str, subj: Part, tense: str, mode: str, clitic: str = "", agree=None):
    """(english aux, english rest, french words) of ``verb`` conjugated for ``subj``.

    tense: cop (present of be/avoir), pres, prog, past, fut, want, can;
    mode: decl, neg or q; clitic: a French object pronoun (me, te, le ...),
    never used in the past; agree: (gender, plural) of a preceding direct
    object, which the past participle agrees with (la pomme qu'il a mangée).
    """
    aux, main = _english_group(verb, subj.slot, tense, mode)
    row = lex.VERBS[verb]
    if tense == "past":
        etre = row[4] == "être"  # elle est partie: agrees with the subject
        gender, plural = (subj.gender, subj.plural) if etre else agree or ("m", False)
        pp = row[3] + ("e" if gender == "f" else "")
        head, rest = [conj("be" if etre else "have", subj.slot)], [pp + ("s" if plural and pp[-1] != "s" else "")]
    elif tense in MODALS:
        head, rest = [conj(MODALS[tense], subj.slot)], [clitic, row[2]]  # je vais te voir
    else:
        head, rest = [clitic, conj(verb, subj.slot)], []  # je te vois
    if mode == "neg":
        head = ["ne", *head, "pas"]
    return aux, main, [w for w in head + rest if w]


def clause(subj: Part, group, en_tail=(), fr_tail=(), question: bool = False):
    """English and French word lists of subject + verb group + complements."""
    aux, main, fr = group
    en = [*aux, *subj.en] if question else [*subj.en, *aux]
    return [*en, *main, *en_tail], [*(("est-ce", "que") if question else ()), *subj.fr, *fr, *fr_tail]


# ---------------------------------------------------------------- random sentence parts
