"""Built-in English->French corpus: a small, deterministic grammar generator.

Why: the app needs a parallel corpus that ships with the code, has no licence
questions, trains on a CPU in minutes, and still shows what a seq2seq model has
to learn: agreement, elision, reordering (adjectives, negation, questions,
object pronouns) and long sentences that must squeeze through the encoder state.

What: :func:`generate_pairs` combines the word lists of
:mod:`s2s.grammar_lexicon` with a few hand-written rules (conjugation,
determiners, elision, contractions, participle agreement).  Every random choice
comes from ``random.Random(SEED)`` and only ordered containers are iterated, so
the corpus is identical on every run, machine and hash seed.  Each English
sentence has exactly one French translation ("you" is always "tu", "they"
always "ils").  ``python -m s2s.grammar.generate assets/builtin_corpus.tsv`` rewrites the
shipped file (UTF-8, one ``english<TAB>french`` per line, no header).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from s2s.grammar import lexicon as lex
from s2s.grammar.morph import (  # noqa: F401 - french, english, noun_phrase, ... are this module's API too
    ADJS,
    ALL_TENSES,
    BE,
    MODALS,
    NOUNS,
    Part,
    clause,
    conj,
    english,
    french,
    inflect,
    noun_phrase,
    verb_group,
)

SEED = 1789
MAX_WORDS = 26  # longest English sentence kept
DEFAULT_OUTPUT = Path("assets/builtin_corpus.tsv")


_MOVERS = ("person", "animal", "transport")  # kinds that take verbs other than "be"
_SUBJECT_KINDS = ("person",) * 5 + ("animal", "animal", "thing", "place", "transport")
_TRANSITIVE = [v for v, row in lex.VERBS.items() if row[7] and "pronly" not in row[5]]
_CLITIC = [v for v, row in lex.VERBS.items() if "clitic" in row[5]]
_INTRANSITIVE = [*(v for v in lex.VERB_PLACES if "/" not in v), "leave"]
_PRONOUNS = tuple(Part((en,), (fr,), g, slot >= 3, slot) for en, fr, slot, g in lex.SUBJECT_PRONOUNS)

def _tags(key: str) -> tuple[str, ...]:
    return tuple(NOUNS[key][5].split()) if key else ("person",)


def _tagged(tags: str) -> list[str]:
    return [k for k in NOUNS if any(t in tags.split() for t in _tags(k))]


def _fits(verb: str, kind: str) -> bool:
    return kind in lex.VERBS[verb][6].split()


def _dets(key: str, indefinite: bool = True) -> tuple[str, ...]:
    dets = next(d for t, d in lex.DET_CHOICES if not t or t in _tags(key)).split()
    return tuple(d for d in dets if indefinite or d not in ("a", "some")) or ("the",)


def _be_places(key: str) -> str:
    return next((lex.BE_PLACES[t] for t in _tags(key) if t in lex.BE_PLACES), "")


def _random_np(rng, key: str, negated=False, adj_rate=0.3, dets=None, plural_rate=0.3) -> Part:
    """A noun phrase for ``key`` with a random determiner, number and adjectives."""
    row, tags = NOUNS[key], _tags(key)
    plural = bool(row[1]) and (not row[0] or rng.random() < plural_rate)
    fits = [a[0] for a in lex.ADJECTIVES if any(t in tags for t in a[3].split())]
    adjs = [rng.choice(fits)] if fits and rng.random() < adj_rate else []
    others = [a for a in fits if adjs and ADJS[a][2] != ADJS[adjs[0]][2]]
    if others and rng.random() < 0.3:
        adjs.append(rng.choice(others))  # one before and one after: le petit chat noir
    return noun_phrase(key, rng.choice(dets or _dets(key)), plural, adjs, negated)


def _subject(rng, kinds=("person",), pronoun_rate=0.5, question=False) -> tuple[Part, str]:
    kind = rng.choice(kinds)
    if kind == "person" and rng.random() < pronoun_rate:
        return rng.choice(_PRONOUNS[question:]), kind  # no "do i ..." questions
    key = rng.choice(_tagged(kind))
    return _random_np(rng, key, adj_rate=0.15 * (kind in _MOVERS), dets=_dets(key, False)), kind


def _tenses(verb: str, allowed, mode: str, kind: str) -> list[str]:
    """The tenses in ``allowed`` that suit ``verb`` ("i am liking" and "i can want" are out)."""
    flags, en = lex.VERBS[verb][5].split(), lex.VERBS[verb][0].split("|")
    out = [t for t in allowed if not (t == "prog" and "stative" in flags)
           and not (t == "past" and ("nopast" in flags or (mode == "decl" and en[0] == en[3])))  # i read
           and not (t in MODALS and ("nomodal" in flags or kind not in ("person", "animal")))]
    return out or ["pres"]


def _place(rng, spec: str, avoid: str = "") -> tuple[list[str], list[str]]:
    """A prepositional phrase ("near the old station") from a "prep:place,place ..." spec."""
    prep, places = rng.choice(spec.split()).split(":")
    key = rng.choice([p for p in places.split(",") if p != avoid])
    dets = ("the",) if prep in ("at", "to") or "ours" not in _tags(key) else ("the", "the", "my", "our")
    np = _random_np(rng, key, adj_rate=0.15, dets=dets, plural_rate=0)
    return [prep.replace("_", " "), *np.en], [lex.PREPOSITIONS[prep], *np.fr]


def _pred_verb(rng, subj: Part, kind: str, mode: str, tenses=ALL_TENSES, rel=0.0):
    """A transitive or intransitive verb phrase: (en aux, en rest, fr, tense)."""
    trans = [v for v in _TRANSITIVE if _fits(v, kind)]
    intrans = [v for v in _INTRANSITIVE if _fits(v, kind)]
    verb = rng.choice(intrans if not trans or rng.random() < 0.3 else trans)
    tense = rng.choice(_tenses(verb, tenses, mode, kind))
    aux, main, fr = verb_group(verb, subj, tense, mode)
    if verb in trans:
        key = rng.choice(_tagged(lex.VERBS[verb][7]))
        with_rel = rng.random() < rel and mode != "neg" and verb != "have"
        dets = _dets(key, not with_rel and "definite" not in lex.VERBS[verb][5])  # j'aime le pain
        dets = ("a",) if verb == "have" and "family" in _tags(key) else dets  # i have a brother
        obj = _random_np(rng, key, mode == "neg", dets=dets)
        obj = _relative(rng, obj) if with_rel else obj
        return aux, [*main, *obj.en], [*fr, *obj.fr], tense
    spec = lex.VERB_PLACES.get(f"{verb}/{kind}", lex.VERB_PLACES.get(verb))
    en_pp, fr_pp = _place(rng, spec) if spec else ([], [])
    return aux, [*main, *en_pp], [*fr, *fr_pp], tense


def _pred_be(rng, subj: Part, kind: str, mode: str, where_only=False):
    """avoir + noun ("i am hungry"), être + adjective or être + place: (en aux, en rest, fr, tense)."""
    r, tags, spec = rng.random(), _tags(subj.key), _be_places(subj.key)
    adjs = lex.PERSON_ADJECTIVES[:6 if kind == "animal" else None] if kind in ("person", "animal") else [
        a for a in lex.ADJECTIVES if any(t in tags for t in a[3].split())]
    adjs = [a for a in adjs if not any(a[0] in c and set(c) & set(subj.en) for c in lex.CLASHES)]
    if r < 0.3 and kind in ("person", "animal"):
        word, noun = rng.choice(lex.AVOIR_EXPRESSIONS[:6 if kind == "animal" else None])
        aux, main, fr = verb_group("have", subj, "cop", mode)
        return aux, [*main, word], [*fr, noun], "cop"
    aux, main, fr = verb_group("be", subj, "cop", mode)
    if adjs and (r < 0.7 or not spec) and not (where_only and spec):
        word, forms = rng.choice(adjs)[:2]
        very = ["very"] if rng.random() < 0.15 and word in lex.VERY else []
        adj_fr = ["très"] * len(very) + [inflect(forms, subj.gender, subj.plural)]
        return aux, [*main, *very, word], [*fr, *adj_fr], "cop" if kind in _MOVERS else "state"
    en_pp, fr_pp = _place(rng, spec, subj.key)
    return aux, [*main, *en_pp], [*fr, *fr_pp], "cop"


def _predicate(rng, subj: Part, kind: str, mode: str, tenses=ALL_TENSES, rel=0.0):
    if kind in _MOVERS and rng.random() < 0.7:
        return _pred_verb(rng, subj, kind, mode, tenses, rel)
    return _pred_be(rng, subj, kind, mode)


def _relative(rng, np: Part) -> Part:
    """Attach a relative clause: "who lives here" (qui), "that she ate" (que) or "where we live" (où)."""
    tags = _tags(np.key)
    kind = next((k for k in (*_MOVERS, "place", "thing") if k in tags), "other")
    verbs = [v for v in _TRANSITIVE if v != "have" and any(t in tags for t in lex.VERBS[v][7].split())]
    homes = [v for v in _INTRANSITIVE if v not in ("go", "leave") and any(  # the house where we live
        group.startswith(("in:", "at:")) and np.key in group[3:].split(",") for group in lex.VERB_PLACES[v].split())]
    who = kind in _MOVERS or bool(_be_places(np.key))
    form = rng.choice(["who"] * who + ["that"] * bool(verbs) + ["where"] * bool(homes))
    if form == "who":
        aux, main, fr, _ = (_predicate(rng, np, kind, "decl", ("pres", "prog", "past")) if kind in _MOVERS
                            else _pred_be(rng, np, kind, "decl", where_only=True))
        word = "who" if kind == "person" else "that"
        return Part((*np.en, word, *aux, *main), (*np.fr, "qui", *fr), np.gender, np.plural, np.slot, np.key)
    verb = rng.choice(verbs if form == "that" else homes)
    spec = lex.VERB_PLACES.get(f"{verb}/transport", "")
    kinds = ("person", "transport") if _fits(verb, "transport") and (form == "that" or np.key in spec) else ("person",)
    subj, skind = _subject(rng, kinds)
    past = ("past",) if "agree" in lex.VERBS[verb][5] else ()
    tense = rng.choice(_tenses(verb, ("pres", "prog", *past), "decl", skind))
    agree = (np.gender, np.plural) if form == "that" else None  # la pomme qu'il a mangée
    aux, main, fr = verb_group(verb, subj, tense, "decl", agree=agree)
    en, fr = (*np.en, form, *subj.en, *aux, *main), (*np.fr, "que" if form == "that" else "où", *subj.fr, *fr)
    return Part(en, fr, np.gender, np.plural, np.slot, np.key)


# ---------------------------------------------------------------- sentence makers
def _time(rng, tenses, rate: float = 0.25) -> tuple[list[str], list[str]]:
    """A time phrase that suits every tense in ``tenses`` (or nothing)."""
    groups = {{"past": "past", "fut": "fut"}.get(t, "pres") for t in tenses}
    if len(groups) != 1 or "state" in tenses or rng.random() >= rate:
        return [], []
    en, fr = rng.choice(lex.TIMES[min(groups)])
    return [en], [fr]


def _basics():
    """Every subject pronoun with every person adjective and avoir expression, in every mode."""
    for subj in _PRONOUNS:
        for mode in ("decl", "neg", "q")[: 2 + (subj.slot != 0)]:
            for word, forms in lex.PERSON_ADJECTIVES:  # she is tired -> elle est fatiguée
                adj = inflect(forms, subj.gender, subj.plural)
                yield clause(subj, verb_group("be", subj, "cop", mode), [word], [adj], mode == "q")
            for word, noun in lex.AVOIR_EXPRESSIONS:  # i am hungry -> j'ai faim
                yield clause(subj, verb_group("have", subj, "cop", mode), [word], [noun], mode == "q")


def _sentence(rng, mode: str, kinds=_SUBJECT_KINDS, pronoun_rate=0.5):
    """One clause: statement, negation or yes/no question ("est-ce que ...")."""
    subj, kind = _subject(rng, kinds, pronoun_rate, question=mode == "q")
    aux, main, fr, tense = _predicate(rng, subj, kind, mode)
    return clause(subj, (aux, main, fr), *_time(rng, [tense]), question=mode == "q")


def _with_pronoun(rng):
    """Object pronouns go before the verb: "i love you" -> "je t'aime"."""
    verb, mode = rng.choice(_CLITIC), rng.choice(("decl", "decl", "neg", "q"))
    subj, _ = _subject(rng, pronoun_rate=0.7, question=mode == "q")
    objs = [o for o in lex.OBJECT_PRONOUNS  # not "i love me", "we love me"
            if not (o[2] == subj.slot and o[2] != 2 or {o[2], subj.slot} == {0, 3})]
    en_obj, fr_obj, _ = rng.choice(objs)
    tense = rng.choice(_tenses(verb, ("pres", "prog", "fut", "want", "can"), mode, "person"))
    return clause(subj, verb_group(verb, subj, tense, mode, fr_obj), [en_obj], [], mode == "q")


def _wh_question(rng):
    """where / what / who / why / when questions."""
    word = rng.choice(("where", "where", "what", "what", "who", "why", "when"))
    if word == "who":
        aux, main, fr, _ = _predicate(rng, Part(("who",), ("qui",)), "person", rng.choice(("decl", "neg")))
        return ["who", *aux, *main], ["qui", *fr]
    if word == "where" and rng.random() < 0.5:
        np, _ = _subject(rng, ("person", "animal", "thing", "place", "transport"), pronoun_rate=0)
        return ["where", BE[np.slot], *np.en], ["où", conj("be", np.slot), *np.fr]
    subj, kind = _subject(rng, ("person", "person", "animal"), question=True)
    fr_word = {"where": "où", "what": "que", "why": "pourquoi", "when": "quand"}[word]
    if word in ("why", "when"):
        aux, main, fr, _ = _predicate(rng, subj, kind, "q", ALL_TENSES[:-1])
    else:
        verbs = _INTRANSITIVE[:-1] if word == "where" else [
            v for v in _TRANSITIVE if set(lex.VERBS[v][7].split()) - {"person", "family"}]
        verb = rng.choice([v for v in verbs if _fits(v, kind)])
        aux, main, fr = verb_group(verb, subj, rng.choice(_tenses(verb, ALL_TENSES, "q", kind)), "q")
    return [word, *aux, *subj.en, *main], [fr_word, "est-ce", "que", *subj.fr, *fr]


def _there_is(rng):
    """"there is a cat in the garden" -> "il y a un chat dans le jardin"."""
    kind = rng.choice(("animal", "thing", "person"))
    key = rng.choice([k for k in _tagged(kind) if "family" not in _tags(k) and _be_places(k)])
    np = _random_np(rng, key, dets=("a",))
    en_pp, fr_pp = _place(rng, _be_places(key), key)
    verb, question = "are" if np.plural else "is", rng.random() < 0.3
    en = [verb, "there"] if question else ["there", verb]
    return [*en, *np.en, *en_pp], [*(("est-ce", "que") if question else ()), "il", "y", "a", *np.fr, *fr_pp]


def _long(rng):
    """Clauses with relative clauses, joined by a conjunction, maybe after "i think that"."""
    conj_en, conj_fr = rng.choice(lex.CONJUNCTIONS)
    tenses = ("pres", "prog") if conj_en in ("when", "while") else ALL_TENSES
    en, fr, used = [], [], []
    for i in range(1 if rng.random() < 0.25 else 2):
        subj, kind = _subject(rng, _SUBJECT_KINDS)
        subj = _relative(rng, subj) if subj.key and rng.random() < 0.55 else subj
        mode = "neg" if rng.random() < (0.4 if i and conj_en == "but" else 0.1) else "decl"
        aux, main, words, tense = _predicate(rng, subj, kind, mode, tenses, rel=0.35)
        c_en, c_fr = clause(subj, (aux, main, words))
        en, fr = (en + [conj_en] + c_en, fr + conj_fr.split() + c_fr) if i else (c_en, c_fr)
        used.append(tense)
    if rng.random() < 0.2:
        subj, _ = _subject(rng)
        tense = rng.choice(("pres", "past"))
        s_en, s_fr = clause(subj, verb_group(rng.choice(lex.CLAUSE_VERBS), subj, tense, "decl"))
        en, fr, used = [*s_en, "that", *en], [*s_fr, "que", *fr], used + [tense]
    t_en, t_fr = _time(rng, used, 0.3)
    return en + t_en, fr + t_fr


# ---------------------------------------------------------------- corpus
_PLAN = (  # (sentence maker, number of new pairs wanted from it)
    (lambda rng: _sentence(rng, rng.choice(("decl", "decl", "neg", "q")), ("person",), 1), 1400),
    (lambda rng: _sentence(rng, "decl"), 3000),
    (lambda rng: _sentence(rng, "neg"), 1500),
    (lambda rng: _sentence(rng, "q"), 1500),
    (_with_pronoun, 600),
    (_wh_question, 1100),
    (_there_is, 300),
    (_long, 2300),
)


def _add(pairs: dict[str, str], en: str, fr: str) -> None:
    """Keep a new pair (unless too long); the same English must never get two translations."""
    if len(en.split()) <= MAX_WORDS and pairs.setdefault(en, fr) != fr:
        raise ValueError(f"two translations for {en!r}: {pairs[en]!r} and {fr!r}")


def generate_pairs() -> list[tuple[str, str]]:
    """The whole corpus as (english, french) pairs, in a fixed order, one pair per English sentence."""
    rng = random.Random(SEED)
    pairs: dict[str, str] = {}
    for en, fr in (*lex.PHRASES, *lex.SHOWCASE):
        _add(pairs, en, fr)
    for en, fr in _basics():
        _add(pairs, english(en), french(fr))
    for maker, count in _PLAN:
        target = len(pairs) + count
        for _ in range(20 * count):
            en, fr = maker(rng)
            _add(pairs, english(en), french(fr))
            if len(pairs) >= target:
                break
    return list(pairs.items())


def main(argv: list[str] | None = None) -> None:
    """Write the corpus as a TSV file: ``python -m s2s.grammar.generate [path]``."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_OUTPUT
    pairs = generate_pairs()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(f"{en}\t{fr}\n" for en, fr in pairs).encode("utf-8"))
    print(f"wrote {len(pairs)} pairs to {path}")


if __name__ == "__main__":
    main()
