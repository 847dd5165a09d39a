"""Comparing two runs' records: the verdict's sentences from hand-made numbers, and the overlaid curves figure."""

import pytest

from s2s.analysis.runs import RunRecord, bug_sentence, fairness, quality_sentence, verdict
from s2s.figures.runs import curves_figure, grad_norms_figure


def record(name, bug="", n_params=1000, seconds=100.0, bleu=(10.0, 20.0), loss=(3.0, 2.0), hidden=128,
           grad=(0.5, 0.8)) -> RunRecord:
    steps = {"step": [1.0, 2.0], "loss": [4.0, 3.5], "grad_norm": list(grad), "elapsed": [0.5, 1.0]}
    evals = {"step": [100.0, 200.0], "loss": list(loss), "bleu": list(bleu), "exact_match": [0.1, 0.25],
             "elapsed": [50.0, seconds]}
    return RunRecord(name, "classic", 64, hidden, n_params, 200, seconds, steps, evals, bug)


def test_fairness_says_when_size_or_time_differ():
    assert fairness(record("a"), record("b")).startswith("Same model size and the same training time")
    text = fairness(record("a", n_params=1000), record("b", n_params=2000, seconds=200.0))
    assert "model size (1,000 against 2,000 weights)" in text and "training time (100 s against 200 s)" in text
    assert "differ" in fairness(record("a"), record("b", seconds=120.0))  # 20% apart: more than the 15% allowed
    assert "Same model size" in fairness(record("a"), record("b", seconds=110.0, n_params=1010))


def test_quality_sentence_names_the_winner_with_the_numbers():
    assert quality_sentence(record("a", bleu=(5, 30.0)), record("b")) == (
        "a ends with the better validation score (a: BLEU 30.0 at step 200; b: BLEU 20.0 at step 200).")
    level = quality_sentence(record("a", bleu=(5, 20.4)), record("b"))
    assert level.startswith("Their last validation scores are level")


def test_padding_sentence_compares_the_runs_at_a_step_both_reached():
    good, bad = record("ok", loss=(3.0, 2.0)), record("pad", bug="pad_in_loss", loss=(2.0, 1.0), bleu=(10.0, 20.5))
    assert bug_sentence(good, bad, None, True) == (
        "At step 200, which both reached, counting padding makes the validation loss 50% lower while the "
        "translations are no better (validation loss 1.00 against 2.00, BLEU 20.5 against 20.0): the loss flatters "
        "the model.")
    better = record("pad", bug="pad_in_loss", loss=(2.0, 1.0), bleu=(10.0, 30.0))
    assert bug_sentence(good, better, None, True).endswith("so not all of that gap is the padding.")
    assert "did not lower the loss" in bug_sentence(good, record("pad", bug="pad_in_loss", loss=(3, 2.5)), None, True)


def test_no_clipping_sentence_quotes_the_peaks_and_the_verdict_joins_the_parts():
    good, bad = record("ok"), record("boom", bug="no_clipping", grad=(0.3, 42.0))
    text = verdict(good, bad)
    assert "gradient norm of boom peaked at 42.0 (the correct run's: 0.8)" in text
    assert text.endswith("a fair comparison.")


def test_curves_overlay_both_histories_on_steps_or_training_time():
    a, b = record("a"), record("b", bleu=(1.0, 2.0))
    fig = curves_figure(a, b, "step")
    bleu = [t for t in fig.data if t.xaxis == "x3"]
    assert [t.name for t in bleu] == ["a", "b"]
    assert list(bleu[1].x) == [100.0, 200.0] and list(bleu[1].y) == [1.0, 2.0]
    exact = [t for t in fig.data if t.xaxis == "x4"]
    assert list(exact[0].y) == pytest.approx([10.0, 25.0])  # exact match in percent
    timed = curves_figure(a, b, "time")
    assert list([t for t in timed.data if t.xaxis == "x3"][0].x) == [50.0, 100.0]
    assert list(grad_norms_figure(a, b).data[1].y) == [0.5, 0.8]
    with pytest.raises(AssertionError):
        curves_figure(a, b, "epochs")
