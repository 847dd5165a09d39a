"""Spelling and noun phrases for the built-in corpus grammar, in both languages.

Why a module of its own: articles and their agreement, elision (que il -> qu'il), contractions
(de le -> du, à les -> aux), adjective placement and forms (un bel oiseau, un gros gâteau, une grande
maison) and possessives (mon école) are the hard part of writing correct French; they are tested one by
one here, and the rest of the generator only decides which phrases to build from them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from s2s.grammar import lexicon as lex

_VOWELS = "aeiouyàâéèêëîïôœûh"  # the lexicon has no word starting with an aspirated h
_ELIDING = frozenset(("le", "la", "je", "me", "te", "ne", "de", "que"))
_CONTRACTIONS = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}
_TIGHT_EN = frozenset(".?!,")  # English punctuation sticks to the word before it
_TIGHT_FR = frozenset(".,")  # French puts a space before ? and ! (typographers' thin space)
NOUNS = {row[0] or row[1]: row for row in lex.NOUNS}


@dataclass(frozen=True)
class Part:
    """ a sentence piece in both languages plus what a verb, pronoun or participle agrees with """

    en: tuple[str, ...]
    fr: tuple[str, ...]
    gender: str = "m"
    plural: bool = False
    person: int = 2  # conjugation: 0 je, 1 tu, 2 il/elle, 3 nous, 4 vous, 5 ils/elles
    key: str = ""  # head noun in the lexicon ("" for pronouns)


def tags(key: str) -> tuple[str, ...]:
    """What a noun is ("person adult", "food count" ...); a pronoun counts as a person."""
    return tuple(NOUNS[key][5].split()) if key else ("person", "adult", "kid")


def _vowel(word: str) -> bool:
    return bool(word) and word[0] in _VOWELS


def french(words) -> str:
    """Join French words with elision (que il -> qu'il), contraction (à le -> au) and punctuation."""
    ws = " ".join(words).split()
    ws = [w[:-1] + "'" if w in _ELIDING and i + 1 < len(ws) and _vowel(ws[i + 1]) else w
          for i, w in enumerate(ws)]
    out: list[str] = []
    for w in ws:
        if out and (out[-1], w) in _CONTRACTIONS:
            out[-1] = _CONTRACTIONS[(out[-1], w)]
        elif out and w in _TIGHT_FR:
            out[-1] += w
        else:
            out.append(w)
    return " ".join(out).replace("' ", "'")


def english(words) -> str:
    """Join English words, turning "a" into "an" before a vowel and attaching punctuation."""
    ws = " ".join(words).split()
    out: list[str] = []
    for i, w in enumerate(ws):
        if out and w in _TIGHT_EN:
            out[-1] += w
        else:
            out.append("an" if w == "a" and i + 1 < len(ws) and ws[i + 1][0] in "aeiou" else w)
    return " ".join(out)


def inflect(forms: str, gender: str, plural: bool, before: str = "") -> str:
    """Pick m sg|f sg|m pl|f pl, or the fifth form (bel, vieil) before a vowel; one form is invariable."""
    f = forms.split("|")
    if len(f) == 1:
        return f[0]
    if not plural and gender == "m" and len(f) == 5 and _vowel(before):
        return f[4]
    return f[2 * plural + (gender == "f")]


def adjective(word: str, key: str) -> tuple | None:
    """The row of attributive adjective ``word`` that fits noun ``key`` (big -> gros for a cake), if any."""
    return next((a for a in lex.ADJECTIVES if a[0] == word and set(a[3].split()) & set(tags(key))), None)


def adjectives_for(key: str) -> list[str]:
    return list(dict.fromkeys(a[0] for a in lex.ADJECTIVES if set(a[3].split()) & set(tags(key))))


def _determiner(det: str, gender: str, plural: bool, before: str, pre_adj: bool, negated: bool):
    """English and French determiner. ``before``: the next French word; ``pre_adj``: an adjective precedes.

    det: the, this, my ... (definite), a (un/une; plural: bare "apples" -> des), some (du/de la/des),
    bare (a mass noun or plural without article -> du/des), any (in a question: du/des), generic (like
    "cats" -> les chats), vous (your -> votre/vos). ``negated``: an indefinite becomes "de" in French
    (pas de pain) and "any" in English, except a singular "a" (he does not have a car).
    """
    if det in ("a", "some", "bare", "any"):
        en = {"a": "a" if not plural else "", "some": "some", "bare": "", "any": "any"}[det]
        if negated:
            return ("a" if det == "a" and not plural else "any"), "de"
        if plural and pre_adj:
            return en, "de"  # pas de pain, de grandes maisons
        if plural:
            return en, "des"
        if det == "a":
            return en, "une" if gender == "f" else "un"
        return en, "de la" if gender == "f" else "de le"  # "de le" contracts to "du", "de la" elides
    if det == "generic":
        return "", "les" if plural else "la" if gender == "f" else "le"
    en, forms = ("your", "votre|votre|vos") if det == "vous" else (det, lex.DETERMINERS[det])
    masc, fem, plur = forms.split("|")
    en = "these" if det == "this" and plural else en
    if plural:
        return en, plur
    if det == "this" and gender == "m" and _vowel(before):
        return en, "cet"
    possessive = det not in ("the", "this")
    return en, fem if gender == "f" and not (possessive and _vowel(before)) else masc  # mon école


def noun_phrase(key: str, det: str = "the", plural: bool = False, adjs=(), negated: bool = False) -> Part:
    """A determiner + adjectives + noun, agreeing in gender and number ("some" needs a mass or plural)."""
    en_sg, en_pl, fr_sg, fr_pl, gender, _ = NOUNS[key]
    plural = plural or not en_sg
    noun = fr_pl if plural else fr_sg
    rows = [adjective(a, key) for a in adjs]
    assert all(rows), f"an adjective in {adjs} does not fit {key!r}"
    pre, post = [a for a in rows if a[2] == "pre"], [a for a in rows if a[2] == "post"]
    pre_fr = [inflect(a[1], gender, plural, noun) for a in pre]
    post_fr = [inflect(a[1], gender, plural) for a in post]
    det_en, det_fr = _determiner(det, gender, plural, (pre_fr + [noun])[0], bool(pre), negated)
    en = (det_en, *(a[0] for a in pre + post), en_pl if plural else en_sg)
    return Part(tuple(w for w in en if w), (det_fr, *pre_fr, noun, *post_fr), gender, plural, 5 if plural else 2,
                key)


def pronoun(name: str, gender: str = "") -> Part:
    """A subject pronoun; ``gender`` "f" turns "they" into elles; "you" with person 4 is vous."""
    en, fr, person, g, plural = lex.PRONOUNS[name]
    gender = gender or g
    fr = "elles" if fr == "ils" and gender == "f" else fr
    return Part((en,), (fr,), gender, plural, person)


def vous(gender: str = "m", plural: bool = False) -> Part:
    """Polite or plural "you": vous, with the gender and number its adjectives agree with."""
    return Part(("you",), ("vous",), gender, plural, 4)


def refer(part: Part) -> Part:
    """The subject pronoun that refers back to ``part``: the woman -> she / elle, my sisters -> they / elles."""
    if part.person != 2 and part.person != 5:
        return replace(part, key="")
    person_like = "person" in tags(part.key)
    en = "they" if part.plural else ("he" if part.gender == "m" else "she") if person_like else "it"
    fr = ("ils" if part.gender == "m" else "elles") if part.plural else ("il" if part.gender == "m" else "elle")
    return Part((en,), (fr,), part.gender, part.plural, part.person)


def possessive(owner: Part) -> str:
    """The determiner name for something ``owner`` has: i -> my, the woman -> her, vous -> vous (votre)."""
    if owner.person == 4:
        return "vous"
    if owner.person in lex.POSSESSIVES:
        return lex.POSSESSIVES[owner.person][0]
    if "person" not in tags(owner.key):
        return "its"
    return "his" if owner.gender == "m" else "her"
