"""Tests for the built-in English->French corpus generator (s2s.grammar).

Three kinds: the shipped file is the generator's output and keeps its size and shape; rule checks read the
whole generated corpus for each class of nonsense an earlier version wrote (a time phrase on a state, "said
that" followed by a present tense, "pendant que" joining two states, a person given two places, ...); and
answer keys written by hand check the French of single sentences and of the conjugation rules.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from s2s.grammar import generate as grammar
from s2s.grammar import lexicon as lex
from s2s.grammar import verbs as vb
from s2s.grammar.clauses import Clause, Verb, backshift, realize
from s2s.grammar.morph import english, french, noun_phrase, pronoun
from s2s.grammar.showcase import showcase

ROOT = Path(__file__).resolve().parents[1]
TSV = ROOT / "assets" / "builtin_corpus.tsv"
HABITS = ("every day", "every morning", "every evening", "on sundays", "on saturdays", "in the morning",
          "in the evening")
QUESTION_START = re.compile(r"^(?:[a-z ]+, )?(is|are|am|was|were|do|does|did|can|where|what|who|why|when|how)\b")


def normalise(text: str) -> list[str]:
    """Same tokenisation as the app for this text: apostrophes and hyphens become spaces."""
    return re.findall(r"\w+|[^\w\s]", text.lower().replace("'", " ").replace("-", " "))


def words(en: str) -> int:
    return len(re.findall(r"[a-z]+", en))


@lru_cache(maxsize=1)
def corpus() -> tuple[tuple[str, str], ...]:
    return tuple(grammar.generate_pairs())


def expected_tsv_bytes() -> bytes:
    return "".join(f"{en}\t{fr}\n" for en, fr in corpus()).encode("utf-8")


# ---------------------------------------------------------------- file, determinism, size


def test_shipped_tsv_matches_generator_exactly():
    data = TSV.read_bytes()
    assert b"\r" not in data, "the TSV must use LF line endings"
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == "", "the TSV must end with a newline"
    rows = [tuple(line.split("\t")) for line in lines[:-1]]
    assert all(len(row) == 2 for row in rows), "every line is english<TAB>french, no header"
    assert rows == list(corpus()), "assets/builtin_corpus.tsv is stale: run python -m s2s.grammar.generate"


def test_generation_is_repeatable_in_process():
    assert grammar.generate_pairs() == list(corpus())


@pytest.mark.parametrize("hash_seed", ["0", "4242"])
def test_cli_output_does_not_depend_on_hash_seed(tmp_path, hash_seed):
    out = tmp_path / "nested" / "corpus.tsv"
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run([sys.executable, "-m", "s2s.grammar.generate", str(out)], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=300)
    assert out.read_bytes() == expected_tsv_bytes()


def test_corpus_is_large_and_has_one_translation_per_english_sentence():
    english_side = [normalise(en) for en, _ in corpus()]
    assert len(corpus()) >= 8000
    assert len({tuple(e) for e in english_side}) == len(english_side), "one English sentence, two translations"


def test_english_lengths_cover_short_to_long():
    lengths = [words(en) for en, _ in corpus()]
    assert min(lengths) == 1 and max(lengths) >= 24
    assert sum(n >= 16 for n in lengths) >= 1000
    assert sum(n <= 8 for n in lengths) > len(lengths) / 2, "weighted toward short sentences"


def test_text_conventions():
    for en, fr in corpus():
        for text in (en, fr):
            assert text == text.lower() and text == text.strip() and "  " not in text, text
        assert re.fullmatch(r"[a-z]+(,? [a-z]+)*[?.!]?", en), f"english: words, commas, one final mark: {en!r}"
        assert re.fullmatch(r"[a-zàâçéèêëîïôœùû]+(,? [a-zàâçéèêëîïôœùû]+|['-][a-zàâçéèêëîïôœùû]+)*( [?!]|\.)?", fr), fr


def test_vocabulary_stays_modest():
    en_vocab = {t for en, _ in corpus() for t in normalise(en)}
    fr_vocab = {t for _, fr in corpus() for t in normalise(fr)}
    assert 250 <= len(en_vocab) <= 480
    assert 250 <= len(fr_vocab) <= 800


# ---------------------------------------------------------------- rule checks over the whole corpus


def test_questions_end_with_a_question_mark_in_both_languages():
    """Every question ends with "?" and nothing else does; only the set phrases also appear bare, as the
    classic tutorial has them ("how are you" -> "comment allez-vous")."""
    bare_phrases = {en for en, _, _ in lex.PHRASES}
    for en, fr in corpus():
        assert en.endswith("?") == fr.endswith(" ?"), (en, fr)
        if en.endswith("?"):
            assert QUESTION_START.match(en), f"a question mark on a statement: {en!r}"
        elif en not in bare_phrases and not en.endswith(("!", ".")):
            assert not QUESTION_START.match(en) or en.startswith("when "), f"a question without its mark: {en!r}"


def test_french_asks_in_three_ways():
    questions = [fr for _, fr in corpus() if fr.endswith(" ?")]
    est_ce_que = [q for q in questions if "est-ce qu" in q]
    inversion = [q for q in questions if re.search(r"\w-(t-)?(je|tu|il|elle|nous|vous|ils|elles)\b", q)]
    intonation = [q for q in questions if q not in est_ce_que and q not in inversion
                  and not re.match(r"(où|qui|comment|quel|quelle|pourquoi|quand|que) ", q.split(", ")[-1])]
    assert min(len(est_ce_que), len(inversion), len(intonation)) >= 150, (len(est_ce_que), len(inversion),
                                                                           len(intonation))
    assert len(est_ce_que) < 0.7 * len(questions), "est-ce que is one way among three"


def test_no_state_and_no_progressive_with_a_habitual_time_phrase():
    """"we are young every morning" and "we are swimming at the beach every day" are out: a habit takes
    the simple present of an event."""
    states = re.compile(r"\b(am|is|are|was|were|like|likes|love|loves|know|knows|have|has|want|wants|live|lives)\b")
    for en, _ in corpus():
        if any(h in en for h in HABITS):
            assert not states.search(en), en
            assert not re.search(r"\b(?!morning|evening)\w+ing\b", en), en


def test_no_time_phrase_on_a_permanent_state():
    for en, _ in corpus():
        if re.search(r"\b(am|is|are|was|were) (very )?(nice|tall|young|right|wrong|ready)\b", en):
            assert not re.search(r"\b(today|now|yesterday|tomorrow|morning|evening|week|sunday)\b", en), en


_PRESENT_EN = {f.split("|")[1].split()[0] for f in vb.ENGLISH.values()} | {"am", "are", "do", "can", "will"}
_PARTICIPLES = {row[1] for row in vb.FRENCH.values()}
_PRESENT_FR = {w for row in vb.FRENCH.values() for w in row[0].split() if w != "-"} - _PARTICIPLES
_REPORTED_FR = re.compile(r"\b(a|ai|as|avons|avez|ont) dit (qu'|que )|\b(pensai[st]|pensai(en)?t|pensions|"
                          r"savai[st]|savaient|savions|pensaient) (qu'|que )|m'(a|ont) dit qu|nous (a|ont) dit qu")


def test_past_reporting_verbs_shift_every_tense_back():
    """"il a pensé qu'elle va ouvrir" is out: after said / thought / knew / told ... that, English uses past
    forms and French imparfait, plus-que-parfait or conditionnel."""
    n_reported = 0
    for en, fr in corpus():
        m = re.search(r"\b(said|thought|knew|told me|told us) that (.*)", en)
        if not m:
            continue
        n_reported += 1
        assert not set(m.group(2).replace(",", "").split()) & _PRESENT_EN, en
        m_fr = _REPORTED_FR.search(fr)
        assert m_fr, fr
        assert not set(normalise(fr[m_fr.end():])) & _PRESENT_FR, fr
    assert n_reported >= 300


def test_past_states_are_in_the_imparfait():
    """"j'ai aimé mes livres hier" is out: be, have, like, know, live and want in the past are imparfait."""
    for _, fr in corpus():
        assert not re.search(r"\b(ai|as|a|avons|avez|ont|avait|avaient) (été|eu|aimé|habité|connu|voulu|su)\b", fr), fr


def test_while_joins_two_simultaneous_events_or_contrasts_two_states():
    """pendant que for two actions going on at once; alors que / tandis que for a contrast."""
    stative_fr = {w for v in ("être", "avoir", "aimer", "habiter", "connaître", "savoir", "vouloir")
                  for p in range(6) for w in (vb.present(v, p), vb.imperfect(v, p))}
    n_while = 0
    for en, fr in corpus():
        if " while " not in en:
            continue
        n_while += 1
        if "pendant que" in fr:
            assert len(re.findall(r"\b(am|is|are|was|were) \w+ing\b", en)) == 2, en
            assert not set(normalise(fr)) & stative_fr, fr
        else:
            assert re.search(r"\b(alors|tandis) que\b", fr), fr
            assert not re.search(r"\w+ing\b", en), en
    assert n_while >= 200


def test_nobody_is_given_two_places_or_told_twice_where_they_are():
    """"the box in the car is in the big kitchen", "the bus that is arriving at the station is arriving at
    the station": a relative clause never says where someone is now, and no place is named twice."""
    places = [n[0] for n in lex.NOUNS if "place" in n[5].split()]
    for en, _ in corpus():
        assert not re.search(r"\b(who|that) (is|are|was|were) (in|at|on|under|near|behind|in front of)\b", en), en
        for place in places:
            assert len(re.findall(rf"\b{place}\b", en)) <= 1, en
        assert not re.search(r"\b(\w+ing) (\w+ )*\1\b", en), en


def test_possession_selection_and_word_choice():
    for en, fr in corpus():
        assert not re.search(r"\b(have|has|had) (a|an|some|any) (\w+ )?(father|mother|parents|grandmother|"
                             r"grandfather)\b", en), en
        assert not re.search(r"\b(my|your|his|her|our|their|the) (father|mother|parents|grandmother|grandfather) "
                             r"(who|that)\b", en), en
        assert not re.search(r"\bgrand(e|s|es)? (pomme|gâteau|œuf|orange|ballon)", fr), fr
        if re.search(r"\bbig (apple|cake|egg|orange|ball)", en):
            assert re.search(r"\bgros", fr), (en, fr)
        assert "dans la ville" not in fr and not re.search(r"\b(at|to) the school\b", en), (en, fr)
        assert not re.match(r"(do|does|did) .*\b(have|has) some\b", en), en
        assert not re.search(r"\bpetits enfants\b", fr), fr  # would read as "grandchildren"
        assert not re.search(r"\b(aime|aimes|aimons|aimez|aiment|aimait|aimaient) (des|du|de)\b", fr), fr  # aimer le


def test_the_reader_is_vous_only_when_plural_or_polite_and_they_is_elles_only_for_women():
    polite = re.compile(r"\b(children|sir|madam|please|excuse me|how are you)\b")
    for en, fr in corpus():
        if re.search(r"\bvous\b", fr) and "nous" not in en:
            assert polite.search(en), (en, fr)
        if re.search(r"\belles\b", fr):
            assert re.search(r"\b(women|girls|sisters|daughters)\b", en), (en, fr)


# ---------------------------------------------------------------- answer keys written by hand

CLASSICS = [
    ("i love you", "je t'aime"),
    ("how are you", "comment allez-vous"),
    ("thank you", "merci"),
    ("hello", "bonjour"),
    ("i am cold", "j'ai froid"),
    ("how are you?", "comment allez-vous ?"),
    ("i do not know", "je ne sais pas"),
    ("where is the station?", "où est la gare ?"),
]


@pytest.mark.parametrize("pair", CLASSICS, ids=[en for en, _ in CLASSICS])
def test_classic_examples_are_present_exactly(pair):
    assert pair in corpus()


ANSWER_KEY = [  # (english, french, the rule it shows)
    ("she is tired", "elle est fatiguée"),  # feminine agreement
    ("we are happy", "nous sommes heureux"),  # plural agreement, être
    ("i am hungry", "j'ai faim"),  # avoir expression, elision je -> j'
    ("she is not hungry", "elle n'a pas faim"),  # ne ... pas, elision ne -> n'
    ("are they tired?", "sont-ils fatigués ?"),  # inversion after a subject pronoun
    ("is he hungry?", "a-t-il faim ?"),  # inversion with -t- between two vowels
    ("are you sick?", "tu es malade ?"),  # "tu" asks by intonation
    ("is she right?", "a-t-elle raison ?"),
]


@pytest.mark.parametrize("pair", ANSWER_KEY, ids=[en for en, _ in ANSWER_KEY])
def test_short_answer_key(pair):
    assert pair in corpus()


LONG_ANSWER_KEY = [
    ("the woman who lives near the station said that her son was tired because he had worked all day",
     "la femme qui habite près de la gare a dit que son fils était fatigué parce qu'il avait travaillé toute la "
     "journée"),
    ("my father is making some soup because my sister is sick",
     "mon père fait de la soupe parce que ma sœur est malade"),
    ("the children were playing in the garden when it started to rain",
     "les enfants jouaient dans le jardin quand il a commencé à pleuvoir"),
    ("my brother likes tea while my sister likes coffee", "mon frère aime le thé alors que ma sœur aime le café"),
    ("she looked for her keys but she did not find them", "elle a cherché ses clés mais elle ne les a pas trouvées"),
    ("we wanted to swim in the river but the water was too cold",
     "nous voulions nager dans la rivière mais l'eau était trop froide"),
    ("the letters that my sister wrote are on the table", "les lettres que ma sœur a écrites sont sur la table"),
    ("my mother told me that she was going to visit the museum tomorrow",
     "ma mère m'a dit qu'elle allait visiter le musée demain"),
    ("my mother was reading a book in the garden while my father was making dinner",
     "ma mère lisait un livre dans le jardin pendant que mon père préparait le dîner"),
    ("when my grandfather is tired, he sleeps on the sofa", "quand mon grand-père est fatigué, il dort sur le canapé"),
]


def test_long_stories_match_translations_written_by_hand():
    assert [(english(en), french(fr)) for en, fr in showcase()] == LONG_ANSWER_KEY
    assert set(LONG_ANSWER_KEY) <= set(corpus())


def test_conjugation_answer_key():
    assert [vb.imperfect("manger", 3), vb.imperfect("commencer", 2), vb.imperfect("être", 0),
            vb.imperfect("boire", 5)] == ["mangions", "commençait", "étais", "buvaient"]
    assert [vb.future("aller", 2), vb.conditional("appeler", 2), vb.conditional("pouvoir", 5)] == \
        ["ira", "appellerait", "pourraient"]


def test_clauses_conjugate_agree_and_shift_back():
    she, they = pronoun("she"), noun_phrase("girl", "the", True)
    leave = Verb("leave", "partir")
    en, fr = realize(Clause(she, leave, "past", "neg"))
    assert (english(en), french(fr)) == ("she did not leave", "elle n'est pas partie")
    en, fr = realize(Clause(they, Verb("see", "voir"), "fut", "q", ("you",), (), "te"))
    assert (english(en), french(fr)) == ("are the girls going to see you", "est-ce que les filles vont te voir")
    tired = Clause(she, Verb("be", "être", True), "pres", "decl", ("tired",), ("fatiguée",))
    assert french(realize(backshift(tired))[1]) == "elle était fatiguée"
    worked = Clause(she, Verb("work", "travailler"), "past")
    en, fr = realize(backshift(worked))
    assert (english(en), french(fr)) == ("she had worked", "elle avait travaillé")
    call = Clause(pronoun("he"), Verb("call", "appeler"), "will", "decl", ("me",), (), "me")
    assert french(realize(backshift(call))[1]) == "il m'appellerait"


def test_spelling_rules():
    assert french(["le", "homme", "va", "à", "le", "parc"]) == "l'homme va au parc"
    assert french(["est-ce", "que", "il", "mange", "de", "le", "pain", "près", "de", "les", "enfants", "?"]) \
        == "est-ce qu'il mange du pain près des enfants ?"
    assert english(["a", "old", "man", "eats", "a", "apple", "?"]) == "an old man eats an apple?"
    np = noun_phrase("man", "this", adjs=("old",))
    assert (english(np.en), french(np.fr)) == ("this old man", "ce vieil homme")
    assert french(noun_phrase("school", "my").fr) == "mon école"
    np = noun_phrase("car", "a", plural=True, adjs=("big", "red"))
    assert (english(np.en), french(np.fr)) == ("big red cars", "de grosses voitures rouges")
    assert french(noun_phrase("cake", "a", adjs=("big",)).fr) == "un gros gâteau"
    assert french(noun_phrase("house", "a", adjs=("big",)).fr) == "une grande maison"
    np = noun_phrase("water", "some", negated=True)
    assert (english(np.en), french(np.fr)) == ("any water", "d'eau")
