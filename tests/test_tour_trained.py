"""The tour on a model trained well: each stop that teaches an effect shows it on its page.

A model that translates almost everything right is exactly when a demonstration can show nothing ("free
running gets every word right"), so this runs the tour on a classic model trained for 10 minutes on the
built-in corpus (`tests/fixtures/classic-10min.pt`, made by `tools/make_fixture.py`: CI cannot train it in
its time budget). Each stop's sentence is checked against the reference computations of
`tests/reference.py` (the model's batched modules, not the pages' decoding code), and the page must say
what those computations find.
"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pages._tour_stops import TOUR
from s2s.analysis.examples import BEAM, FORCING, FREE_RUNNING

from .app_support import APP, app_server
from .reference import greedy_words, sequence_score, teacher_forced_words

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "classic-10min.pt"


@pytest.fixture(scope="module")
def lecture(tmp_path_factory):
    """The shared job holding the trained fixture, paused: the model every stop inspects."""
    with app_server(tmp_path_factory.mktemp("home")) as (_, job):
        job.load(FIXTURE)
        yield job


def open_stop(effect: str) -> tuple[AppTest, object]:
    """A student following a tour link to the stop that teaches `effect`; returns the page and its example."""
    number = next(i + 1 for i, stop in enumerate(TOUR) if stop.effect == effect)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["tour"] = str(number)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["current_page"] == TOUR[number - 1].page
    found = at.session_state[f"example_{effect}"]
    assert found.example is not None, f"stop {number} found no sentence that shows {effect}"
    return at, found


def said(at) -> str:
    """Everything the page says in its success boxes (where a found example is described)."""
    return " ".join(s.value for s in at.success)


def test_the_fixture_is_a_classic_model_trained_well(lecture):
    view = lecture.inspect_model()
    cfg = view.model.cfg
    assert (cfg.kind, cfg.embed_dim, cfg.hidden_dim) == ("classic", 256, 512) and view.step > 5000
    right = [greedy_words(view, en)[:-1] == fr.split() for en, fr in view.split.valid[:40]]
    assert sum(right) >= 30  # it really translates held-out sentences: the effects are not a weak model's noise


def test_the_decoder_stop_forces_a_word_that_changes_what_follows(lecture):
    at, found = open_stop(FORCING)
    ex, view = found.example, lecture.inspect_model()
    plain, forced = greedy_words(view, ex.src), greedy_words(view, ex.src, force={ex.step: ex.word})
    n = max(len(plain), len(forced))
    plain, forced = plain + [""] * (n - len(plain)), forced + [""] * (n - len(forced))
    changed = sum(a != b for a, b in zip(plain[ex.step + 1:], forced[ex.step + 1:]))
    assert plain[ex.step] != ex.word and changed > 0  # forcing another word there changes the tail
    assert (ex.changed, ex.later) == (changed, n - ex.step - 1)
    assert f"**{changed} of the {n - ex.step - 1}** later positions change" in said(at)
    assert at.session_state["decoder_step"] == ex.step  # the page opens where the word is forced
    assert at.session_state[f"decoder_force_word_{ex.step}"] == ex.word


def test_the_teacher_forcing_stop_shows_free_running_go_wrong(lecture):
    at, found = open_stop(FREE_RUNNING)
    ex, view = found.example, lecture.inspect_model()
    target = ex.ref.split() + ["<EOS>"]
    free = greedy_words(view, ex.src, max_len=len(target))
    free += [""] * (len(target) - len(free))
    teacher = teacher_forced_words(view, ex.src, ex.ref)
    first = next(i for i, (f, t) in enumerate(zip(free, target)) if f != t)
    later_free = sum(f != t for f, t in zip(free[first + 1:], target[first + 1:]))
    later_teacher = sum(p != t for p, t in zip(teacher[first + 1:], target[first + 1:]))
    assert later_free > later_teacher  # errors compound only when the model reads its own words
    assert (ex.step, ex.changed, ex.teacher_wrong) == (first, later_free, later_teacher)
    assert f"first goes wrong at step {first} and gets **{later_free} of the" in said(at)
    assert at.session_state["teacher_pair_value"] == (ex.src, ex.ref)


def test_the_beam_stop_finds_a_translation_the_model_scores_higher_than_greedy(lecture):
    at, found = open_stop(BEAM)
    ex, view = found.example, lecture.inspect_model()
    greedy_out = greedy_words(view, ex.src)
    assert " ".join(greedy_out[:-1]) == ex.translation and greedy_out[-1] == "<EOS>"
    beam_score = sequence_score(view, ex.src, ex.beam_translation.split(), finished=True)
    greedy_score = sequence_score(view, ex.src, greedy_out[:-1], finished=True)
    assert ex.beam_translation != ex.translation and beam_score > greedy_score
    assert (ex.beam_score, ex.greedy_score) == (pytest.approx(beam_score, abs=1e-3),
                                                pytest.approx(greedy_score, abs=1e-3))
    assert f"(score **{beam_score:.3f}**)" in said(at) and at.slider(key="beam_width").value == found.width == 5
