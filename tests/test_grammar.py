"""Tests for the built-in English->French corpus generator (s2s.grammar.generate)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from s2s.grammar import generate as grammar

ROOT = Path(__file__).resolve().parents[1]
TSV = ROOT / "assets" / "builtin_corpus.tsv"


def normalise(text: str) -> list[str]:
    """Same tokenisation as the app: apostrophes and hyphens become spaces."""
    return re.findall(r"\w+|[^\w\s]", text.lower().replace("'", " ").replace("-", " "))


@lru_cache(maxsize=1)
def corpus() -> tuple[tuple[str, str], ...]:
    return tuple(grammar.generate_pairs())


def expected_tsv_bytes() -> bytes:
    return "".join(f"{en}\t{fr}\n" for en, fr in corpus()).encode("utf-8")


# ---------------------------------------------------------------- file and determinism


def test_shipped_tsv_matches_generator_exactly():
    data = TSV.read_bytes()
    assert b"\r" not in data, "the TSV must use LF line endings"
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == "", "the TSV must end with a newline"
    rows = [tuple(line.split("\t")) for line in lines[:-1]]
    assert all(len(row) == 2 for row in rows), "every line is english<TAB>french, no header"
    assert rows == list(corpus()), "assets/builtin_corpus.tsv is stale: run python -m s2s.grammar.generate"


def test_generation_is_repeatable_in_process():
    assert grammar.generate_pairs() == grammar.generate_pairs() == list(corpus())


@pytest.mark.parametrize("hash_seed", ["0", "4242"])
def test_cli_output_does_not_depend_on_hash_seed(tmp_path, hash_seed):
    out = tmp_path / "nested" / "corpus.tsv"
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run([sys.executable, "-m", "s2s.grammar.generate", str(out)], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=120)
    assert out.read_bytes() == expected_tsv_bytes()


# ---------------------------------------------------------------- size and shape


def test_corpus_is_large_and_has_one_translation_per_english_sentence():
    pairs = corpus()
    english = [en for en, _ in pairs]
    assert len(pairs) >= 8000
    assert len(set(pairs)) == len(pairs)
    assert len(set(english)) == len(english), "an English sentence appears with two translations"


def test_english_lengths_cover_short_to_long():
    lengths = [len(normalise(en)) for en, _ in corpus()]
    assert min(lengths) == 1
    assert max(lengths) >= 20
    assert sum(n >= 16 for n in lengths) >= 300
    assert sum(n <= 8 for n in lengths) > len(lengths) / 2, "weighted toward short sentences"


def test_text_conventions():
    for en, fr in corpus():
        for text in (en, fr):
            assert text == text.lower() and text == text.strip() and "  " not in text
            assert not re.search(r"[.,!?;:\t\"]", text), text
        assert re.fullmatch(r"[a-z]+( [a-z]+)*", en), f"english must be plain words: {en!r}"
        assert re.fullmatch(r"[a-zàâçéèêëîïôœùû]+([ '-][a-zàâçéèêëîïôœùû]+)*", fr), f"unexpected characters: {fr!r}"


def test_french_is_elided_and_contracted():
    # "le homme" must be "l'homme", "que il" "qu'il", "de le" "du", "à les" "aux" ...
    unelided = re.compile(r"(?<!\S)(le|la|je|me|te|ne|de|que) [aeiouyéèêàâîôœh]")
    uncontracted = re.compile(r"(?<!\S)(de|à) les? ")
    for _, fr in corpus():
        assert not unelided.search(fr), fr
        assert not uncontracted.search(fr), fr


def test_vocabulary_stays_modest():
    en_vocab = {t for en, _ in corpus() for t in normalise(en)}
    fr_vocab = {t for _, fr in corpus() for t in normalise(fr)}
    assert 250 <= len(en_vocab) <= 460
    assert 250 <= len(fr_vocab) <= 460


# ---------------------------------------------------------------- content


CLASSICS = [
    ("i love you", "je t'aime"),
    ("how are you", "comment allez-vous"),
    ("thank you", "merci"),
    ("hello", "bonjour"),
    ("i am cold", "j'ai froid"),
    ("goodbye", "au revoir"),
    ("yes", "oui"),
    ("no", "non"),
    ("please", "s'il vous plaît"),
]


@pytest.mark.parametrize("pair", CLASSICS, ids=[en for en, _ in CLASSICS])
def test_classic_examples_are_present_exactly(pair):
    assert pair in corpus()


# Generated pairs checked by hand; the comment names the French rule each one shows.
ANSWER_KEY = [
    ("she is tired", "elle est fatiguée"),  # feminine agreement
    ("we are happy", "nous sommes heureux"),  # plural agreement, être
    ("i am hungry", "j'ai faim"),  # avoir expression, elision je -> j'
    ("she is not hungry", "elle n'a pas faim"),  # ne ... pas, elision ne -> n'
    ("are they tired", "est-ce qu'ils sont fatigués"),  # question, que -> qu', masculine plural
    ("i love her", "je l'aime"),  # object pronoun before the verb, la -> l'
    ("he loves me", "il m'aime"),  # me -> m'
    ("where is the station", "où est la gare"),  # wh-question
    ("do you like the water", "est-ce que tu aimes l'eau"),  # question, "you" -> tu, la -> l'
    ("what does he want", "qu'est-ce qu'il veut"),  # que est-ce -> qu'est-ce
    ("the cat does not eat any fish", "le chat ne mange pas de poisson"),  # partitive -> de after negation
    ("there is a beautiful bird on the table", "il y a un bel oiseau sur la table"),  # beau -> bel
    ("we can call the old man", "nous pouvons appeler le vieil homme"),  # vieux -> vieil, modal + infinitive
    ("we call this man", "nous appelons cet homme"),  # ce -> cet, appeler -> appelons
    ("i go to the park", "je vais au parc"),  # à le -> au
    ("there are some small boxes in the car", "il y a de petites boîtes dans la voiture"),  # des -> de
    ("she ate his apples", "elle a mangé ses pommes"),  # passé composé with avoir
    ("these girls went to the school", "ces filles sont allées à l'école"),  # être: participle agrees
    ("i am going to eat our cake", "je vais manger notre gâteau"),  # near future
    ("the car that our father bought is new when our brother is near the river",
     "la voiture que notre père a achetée est nouvelle quand notre frère est près de la rivière"),
    ("we thought that he does not want any fish while the teachers that this woman calls are swimming in "
     "the river", "nous avons pensé qu'il ne veut pas de poisson pendant que les professeurs que cette femme "
     "appelle nagent dans la rivière"),
    ("your father who knows the girls is sleeping on the chair while the dogs that see his mother are under "
     "the table", "ton père qui connaît les filles dort sur la chaise pendant que les chiens qui voient sa "
     "mère sont sous la table"),
    ("the man who lives near the station is reading a book and the woman is drinking a coffee",
     "l'homme qui habite près de la gare lit un livre et la femme boit un café"),
]


@pytest.mark.parametrize("pair", ANSWER_KEY, ids=[en for en, _ in ANSWER_KEY])
def test_answer_key(pair):
    assert pair in corpus()


def test_articles_agree_in_number_with_their_noun():
    """"a" / "un" / "cette" ... must be followed by a singular noun, "these" / "des" / "ces" by a plural."""
    from s2s.grammar import lexicon as lex

    languages = [  # (column, singular nouns, plural nouns, singular determiners, plural determiners)
        (0, {n[0] for n in lex.NOUNS if n[0] != n[1]}, {n[1] for n in lex.NOUNS if n[1] != n[0]},
         {"a", "an", "this"}, {"these"}),
        (1, {n[2] for n in lex.NOUNS if n[2] != n[3]}, {n[3] for n in lex.NOUNS if n[3] != n[2]},
         {"un", "une", "cet", "cette", "mon", "ma", "ton", "ta", "sa"}, {"des", "ces", "mes", "tes", "ses", "nos"}),
    ]
    for pair in corpus():
        for column, singular, plural, det_sg, det_pl in languages:
            words = normalise(pair[column])
            for i, word in enumerate(words):
                noun = next((w for w in words[i + 1:i + 4] if w in singular or w in plural), None)
                if noun and word in det_sg | det_pl:
                    assert (word in det_sg) == (noun in singular), pair


def test_helpers_apply_french_spelling_rules():
    assert grammar.french(["le", "homme", "va", "à", "le", "parc"]) == "l'homme va au parc"
    assert grammar.french(["est-ce", "que", "il", "mange", "de", "le", "pain", "près", "de", "les", "enfants"]) \
        == "est-ce qu'il mange du pain près des enfants"
    assert grammar.english(["a", "old", "man", "eats", "a", "apple"]) == "an old man eats an apple"
    np = grammar.noun_phrase("man", "this", adjs=("old",))
    assert (grammar.english(np.en), grammar.french(np.fr)) == ("this old man", "ce vieil homme")
    assert grammar.french(grammar.noun_phrase("school", "my").fr) == "mon école"
    np = grammar.noun_phrase("car", "a", plural=True, adjs=("big", "red"))
    assert (grammar.english(np.en), grammar.french(np.fr)) == ("some big red cars", "de grandes voitures rouges")
    np = grammar.noun_phrase("water", "some", negated=True)
    assert (grammar.english(np.en), grammar.french(np.fr)) == ("any water", "d'eau")


def test_verb_groups_conjugate_and_agree():
    she, they = grammar.noun_phrase("woman"), grammar.noun_phrase("girl", plural=True)
    aux, main, fr = grammar.verb_group("leave", she, "past", "neg")
    assert (aux, main, grammar.french(fr)) == (["did", "not"], ["leave"], "n'est pas partie")
    aux, main, fr = grammar.verb_group("see", they, "fut", "q", clitic="te")
    assert (aux, main, grammar.french(fr)) == (["are"], ["going to see"], "vont te voir")
    _, _, fr = grammar.verb_group("eat", she, "past", "decl", agree=("f", True))
    assert grammar.french(fr) == "a mangées"
