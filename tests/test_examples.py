"""Examples that show each effect on a trained model, checked by re-running what the pages show.

The model is the session's `trained` fixture (eight pairs learned by heart). Its held-out sentences here
reuse its words in new combinations, which it has not learned: that is where a trained model still shows
free running going wrong, beam search beating greedy and a forced word changing the rest. Every found
example is checked independently with the pages' own functions, and a model that has learned every
candidate must say so instead of offering a sentence that shows nothing.
"""

import pytest

from pages._examples import MAX_BEAM_WIDTH, describe
from s2s.analysis.bottleneck import ResultCache
from s2s.analysis.examples import BEAM, FORCING, FREE_RUNNING, LONG, UNKNOWN, Search, find_example, search
from s2s.beam import beam_search
from s2s.data import Split
from s2s.decode import greedy
from s2s.teacher import compare_decoding
from s2s.view import ModelView

from .conftest import EIGHT_PAIRS

HELD_OUT = [  # new combinations of the fixture's words (references in the corpus's style)
    ("she is not cold", "elle n a pas froid"), ("he is tired and cold", "il est fatigué et froid"),
    ("we are tired", "nous sommes fatigués"), ("he is happy", "il est heureux"), ("hello not cold", "bonjour"),
    ("i love you and she is tired and we are happy", "je t aime et elle est fatiguée et nous sommes heureux"),
    ("i love pizza", "j aime la pizza"),
]


def view_of(trainer, valid, test=()) -> ModelView:
    split = Split(list(EIGHT_PAIRS), list(valid), list(test))
    return ModelView(trainer.model, trainer.src_vocab, trainer.tgt_vocab, trainer.step, 901, split, "fixture")


@pytest.fixture(scope="module")
def held_out(trained) -> ModelView:
    return view_of(trained, HELD_OUT)


def words_after(trace, step: int) -> list[str]:
    return [s.chosen_token for s in trace.steps[step + 1:]]


def test_free_running_example_goes_wrong_where_teacher_forcing_does_not(held_out):
    ex = search(held_out, FREE_RUNNING).example
    assert ex is not None
    cmp = compare_decoding(held_out.model, ex.src, ex.ref, held_out.src_vocab, held_out.tgt_vocab)
    free = [s.predicted_token for s in cmp.free.steps]
    teacher = [s.predicted_token for s in cmp.teacher.steps]
    target = [s.target_token for s in cmp.teacher.steps]
    first = next(i for i, (p, t) in enumerate(zip(free, target)) if p != t)
    later_free = sum(p != t for p, t in zip(free[first + 1:], target[first + 1:]))
    later_teacher = sum(p != t for p, t in zip(teacher[first + 1:], target[first + 1:]))
    assert (ex.step, ex.changed, ex.teacher_wrong) == (first, later_free, later_teacher)
    assert later_free > later_teacher  # the effect the Teacher forcing page will show
    assert ex.part == "valid" and (ex.src, ex.ref) in HELD_OUT


@pytest.mark.parametrize("width", [3, 5])
def test_beam_example_scores_higher_than_greedy(held_out, width):
    found = search(held_out, BEAM, width)
    ex = found.example
    assert ex is not None and found.width == width
    beam = beam_search(held_out.model, ex.src, held_out.src_vocab, held_out.tgt_vocab, width)
    plain = greedy(held_out.model, ex.src, held_out.src_vocab, held_out.tgt_vocab)
    assert beam.best.tokens != plain.words and beam.best.score > plain.score
    assert ex.beam_score == pytest.approx(beam.best.score) and ex.greedy_score == pytest.approx(plain.score)
    assert ex.beam_translation == beam.best.text and ex.translation == plain.text


def test_forcing_example_changes_the_words_that_follow(held_out):
    ex = search(held_out, FORCING).example
    assert ex is not None
    plain = greedy(held_out.model, ex.src, held_out.src_vocab, held_out.tgt_vocab)
    forced = greedy(held_out.model, ex.src, held_out.src_vocab, held_out.tgt_vocab, force={ex.step: ex.word})
    before, after = words_after(plain, ex.step), words_after(forced, ex.step)
    n = max(len(before), len(after))
    changed = sum(a != b for a, b in zip(before + [""] * n, after + [""] * n))
    assert plain.steps[ex.step].chosen_token != ex.word  # a real alternative, not the model's own choice
    assert ex.word in plain.steps[ex.step].topk_tokens[:3]  # one of the candidates the page lists first
    assert changed == ex.changed > 0 and ex.later == n


def test_long_and_unknown_examples(held_out):
    long = search(held_out, LONG).example
    assert long.src == HELD_OUT[5][0] and long.translation != long.ref  # the only held-out one of 11+ words
    unknown = search(held_out, UNKNOWN).example
    assert (unknown.src, unknown.word) == ("i love pizza", "pizza")  # the vocabulary comes from training only


def test_a_model_that_learned_every_candidate_says_so(trained):
    known = view_of(trained, EIGHT_PAIRS, EIGHT_PAIRS)  # 8 distinct held-out pairs and 8 training ones
    for effect in (FREE_RUNNING, LONG, UNKNOWN):
        found = search(known, effect)
        assert found.example is None, effect
        assert found.model_step == trained.step
    assert "learned every one of the 16 candidate" in describe(search(known, FREE_RUNNING))
    assert "no sentence of 11 or more words" in describe(search(known, LONG))


def test_never_suggests_a_wider_beam_at_the_widest():
    at_max, narrower = Search(BEAM, None, 40, 7, MAX_BEAM_WIDTH), Search(BEAM, None, 40, 7, 5)
    assert "wider" not in describe(at_max) and "a wider beam" in describe(narrower)
    assert "all 40 candidate sentences" in describe(at_max) and "width 8" in describe(at_max)


def test_each_model_is_searched_once_for_everyone(held_out, monkeypatch):
    cache = ResultCache()
    first = find_example(held_out, FORCING, cache=cache)
    monkeypatch.setattr("s2s.analysis.examples.search", lambda *a, **k: pytest.fail("searched twice"))
    assert find_example(held_out, FORCING, cache=cache) is first
