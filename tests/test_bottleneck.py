"""Quality by source length: the held-out selection, the shared cache, the trend sentence and the figures."""

import random
import threading
import time

import pytest

from s2s.analysis import bottleneck as bn
from s2s.analysis.bottleneck import (
    LengthQuality,
    ResultCache,
    compare_steps,
    compare_words,
    has_long_sentences,
    longest_examples,
    longest_sentence,
    quality_by_length,
    select_pairs,
    spread_steps,
    trend_sentence,
)
from s2s.data import Split
from s2s.evaluate import evaluate
from s2s.figures.bottleneck import length_quality_figure, snapshots_figure
from s2s.view import ModelView
from tests.conftest import EIGHT_PAIRS, REPO, make_trainer


def joined(*indices):
    """A longer pair made of several known pairs, e.g. 'i am cold i love you ...'."""
    return " ".join(EIGHT_PAIRS[i][0] for i in indices), " ".join(EIGHT_PAIRS[i][1] for i in indices)


HELD_OUT = EIGHT_PAIRS + [joined(0, 1, 5), joined(6, 7, 2), joined(0, 1, 2, 5), joined(7, 6, 1, 0, 5, 2, 3)]


def view_of(trainer, step=400, run_id=1, held_out=HELD_OUT) -> ModelView:
    split = Split(list(EIGHT_PAIRS), list(held_out[::2]), list(held_out[1::2]))
    return ModelView(trainer.model, trainer.src_vocab, trainer.tgt_vocab, step, run_id, split, "test")


@pytest.fixture
def counted(monkeypatch):
    """Count how often the real evaluation runs."""
    calls = []

    def counting(*args, **kwargs):
        calls.append(1)
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(bn, "evaluate", counting)
    return calls


def test_select_pairs_caps_each_group_in_a_fixed_order():
    short = [(f"w{i}", f"f{i}") for i in range(10)]
    middle = [(" ".join(["x"] * 7) + f" {i}", "y") for i in range(3)]
    long = [(" ".join(["z"] * 22) + f" {i}", "y") for i in range(4)]
    pairs = short + middle + long + short[:3]  # repeated pairs are counted once
    chosen = select_pairs(pairs, per_group=2)
    assert [len(s.split()) for s, _ in chosen] == [1, 1, 8, 8, 23, 23]
    shuffled = list(pairs)
    random.Random(1).shuffle(shuffled)
    assert select_pairs(shuffled, per_group=2) == chosen  # the choice does not depend on file order
    assert len(select_pairs(pairs, per_group=100)) == 17


def test_numbers_equal_a_direct_evaluate_on_the_same_pairs(trained):
    view = view_of(trained)
    q = quality_by_length(view, per_group=3, cache=ResultCache())
    pairs = select_pairs(list(view.split.test) + list(view.split.valid), 3)
    direct = evaluate(trained.model, pairs, trained.src_vocab, trained.tgt_vocab)
    assert list(q.pairs) == pairs and list(q.hypotheses) == direct["hypotheses"]
    assert q.by_length == direct["by_length"] and q.bleu == direct["bleu"]
    assert q.groups == ["1-5", "6-10", "11-15", "21+"] and q.by_length["1-5"]["pairs"] == 3
    assert q.by_length["1-5"]["exact_match"] == 1.0  # the overfit model knows its short pairs by heart


def test_a_second_call_at_the_same_step_does_not_re_evaluate(trained, counted):
    cache = ResultCache()
    first = quality_by_length(view_of(trained), 3, cache)
    again = quality_by_length(view_of(trained), 3, cache)  # another session's view of the same model
    assert len(counted) == 1 and again is first
    quality_by_length(view_of(trained, step=401), 3, cache)
    assert len(counted) == 2
    other = make_trainer()  # same run id and step, other weights (e.g. a second job in one process)
    assert quality_by_length(view_of(other), 3, cache).hypotheses != first.hypotheses
    assert len(counted) == 3


def test_concurrent_sessions_compute_once():
    cache, calls, results = ResultCache(), [], []

    def slow():
        calls.append(1)
        time.sleep(0.2)
        return object()

    threads = [threading.Thread(target=lambda: results.append(cache.get_or_compute("k", slow))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(results) == 4 and len({id(r) for r in results}) == 1


def test_cache_is_bounded_and_forgets_the_oldest():
    cache, calls = ResultCache(capacity=2), []
    for key in ("a", "b", "c", "b", "a"):
        cache.get_or_compute(key, lambda key=key: calls.append(key) or key)
    assert calls == ["a", "b", "c", "a"]  # 'a' was dropped when 'c' arrived; 'b' stayed


def test_compare_steps_loads_each_step_and_reports_progress(trained, counted):
    views = {10: view_of(trained, step=10), 20: view_of(trained, step=20)}
    progress, cache = [], ResultCache()
    results = compare_steps(views.__getitem__, [20, 10], 2, lambda d, t: progress.append((d, t)), cache)
    assert [r.step for r in results] == [10, 20] and progress == [(1, 2), (2, 2)]
    compare_steps(views.__getitem__, [10, 20], 2, cache=cache)
    assert len(counted) == 2


def test_spread_steps_and_long_sentences():
    assert spread_steps([0, 50, 100]) == [0, 50, 100]
    assert spread_steps(list(range(0, 1001, 50)), 4) == [0, 350, 650, 1000]
    assert has_long_sentences(HELD_OUT) and not has_long_sentences(EIGHT_PAIRS)
    assert longest_sentence([("a b", "x"), ("a b c d", "y"), ("c", "z")]) == 4 and longest_sentence([]) == 0
    assert has_long_sentences([("w " * 12, "x")], min_words=12) and not has_long_sentences([("w " * 11, "x")], 12)


def quality(by_length) -> LengthQuality:
    return LengthQuality((1, 5), 5, (), (), by_length, 0.0, 0.0)


def test_trend_sentence_says_what_the_numbers_show():
    short, long = {"bleu": 91.6, "exact_match": 0.8, "pairs": 150}, {"bleu": 30.2, "exact_match": 0.05, "pairs": 26}
    text = trend_sentence(quality({"1-5": short, "6-10": long, "21+": long}))
    assert text == ("Long sentences come out worse: BLEU goes from 92 on 1–5 word sentences to 30 on 21+ word "
                    "sentences, and exact match from 80% to 5%.")
    raw = {"bleu": 3.0, "exact_match": 0.0, "pairs": 150}
    assert "too untrained" in trend_sentence(quality({"1-5": raw, "21+": raw}))
    flat = dict(short, pairs=40)
    assert trend_sentence(quality({"1-5": short, "16-20": flat})).startswith("No clear drop")
    few = {"bleu": 0.0, "exact_match": 0.0, "pairs": 2}  # too few pairs to count
    assert "too few" in trend_sentence(quality({"1-5": short, "21+": few}))


def test_compare_words_and_longest_examples():
    c = compare_words("le chat noir dort sur le tapis", "le chat dort le tapis rouge")
    assert c == {"ref_words": 7, "hyp_words": 6, "same_start": 2, "recovered": 5}
    q = LengthQuality((1, 1), 1, (("a b", "x"), ("a b c d", "y"), ("a", "z")), ("h1", "h2", "h3"), {}, 0.0, 0.0)
    assert longest_examples(q, 2) == [("a b c d", "y", "h2"), ("a b", "x", "h1")]


def test_figures_show_the_measured_numbers(trained):
    q = quality_by_length(view_of(trained), 3, ResultCache())
    bars = length_quality_figure(q)
    bleu, exact = bars.data
    assert list(bleu.y) == [q.by_length[b]["bleu"] for b in q.groups]
    assert list(exact.y) == [100 * q.by_length[b]["exact_match"] for b in q.groups]
    assert bleu.x[0] == "1–5 words<br>(3 pairs)"
    barely = LengthQuality((1, 5), 5, (), (), {"21+": {"bleu": 0.1, "exact_match": 0.0, "pairs": 9}}, 0.1, 0.0)
    assert list(length_quality_figure(barely).data[0].text) == ["0.1"]  # as the reveal quotes it, not "0"
    older = LengthQuality((1, 5), 5, (), (), {"1-5": {"bleu": 1.0, "exact_match": 0.0, "pairs": 3}}, 1.0, 0.0)
    lines = snapshots_figure([q, older])
    assert [t.name for t in lines.data] == ["step 5", "step 5", "step 400", "step 400"]
    assert list(lines.data[2].y) == [q.by_length[b]["bleu"] for b in q.groups]
    assert [t.showlegend for t in lines.data] == [True, False, True, False]


def test_long_sentence_advice_names_both_corpora_from_their_numbers():
    text = bn.long_sentence_advice("Tatoeba eng-fra", 9, 26)
    assert text == ("The bottleneck needs long sentences (11 words or more), but the longest held-out sentence of "
                    "Tatoeba eng-fra has 9 words. Restart training on the built-in corpus (sidebar, run settings) "
                    "keeping sentences of 11 words or more: its longest sentence has 26 words.")
    assert "Restart" not in bn.long_sentence_advice("mine", 4, 8)  # the built-in corpus could not help either


def test_the_built_in_corpus_longest_sentence_is_read_from_its_file():
    lines = (REPO / "assets/builtin_corpus.tsv").read_text(encoding="utf-8").splitlines()
    assert bn.builtin_longest_sentence() == max(len(line.split("\t")[0].split()) for line in lines) == 26


def snapshot(step: int, short: float, long: float, long_pairs: int = 30) -> LengthQuality:
    by_length = {"1-5": {"bleu": short, "exact_match": 0.0, "pairs": 40},
                 "21+": {"bleu": long, "exact_match": 0.0, "pairs": long_pairs}}
    return LengthQuality((1, step), step, (), (), by_length, 0.0, 0.0)


@pytest.mark.parametrize("results, sentence", [
    ([snapshot(500, 60.0, 14.0), snapshot(0, 2.0, 1.0)],  # given out of order: sorted by step
     "From step 0 to step 500, BLEU changed by +58 on 1–5 word sentences and by +13 on 21+ word sentences: "
     "short sentences improved more than long ones."),
    ([snapshot(0, 30.0, 5.0), snapshot(2_000, 35.0, 25.0)],
     "From step 0 to step 2,000, BLEU changed by +5 on 1–5 word sentences and by +20 on 21+ word sentences: "
     "long sentences improved more than short ones."),
    ([snapshot(0, 10.0, 5.0), snapshot(900, 22.0, 15.0)],
     "From step 0 to step 900, BLEU changed by +12 on 1–5 word sentences and by +10 on 21+ word sentences: "
     "short and long sentences improved by about as much."),
    ([snapshot(0, 10.0, 5.0), snapshot(50, 12.0, 4.0)],
     "From step 0 to step 50, BLEU changed by +2 on 1–5 word sentences and by -1 on 21+ word sentences: "
     "neither length group has clearly improved yet."),
    ([snapshot(0, 10.0, 5.0)], "Pick two or more training steps to see how each length group changed."),
    ([snapshot(0, 10.0, 5.0, 2), snapshot(50, 40.0, 4.0, 2)],
     "There are too few held-out sentences in different length groups to compare short with long."),
])
def test_learning_order_sentence_says_what_the_snapshots_show(results, sentence):
    assert bn.learning_order_sentence(results) == sentence


def test_the_weight_checksum_is_taken_once_per_model_and_step(monkeypatch):
    """Every student's Bottleneck page asks for it: the same model copy at the same step sums its weights once;
    the paused training model (one object) is summed again once a step has changed its weights."""
    import torch

    real, calls = bn.weight_fingerprint, []
    monkeypatch.setattr(bn, "weight_fingerprint", lambda model: calls.append(model) or real(model))
    trainer = make_trainer()
    view = view_of(trainer, step=5)
    by_hand = round(sum(float(p.detach().double().sum()) for p in trainer.model.parameters()), 6)
    assert bn.view_fingerprint(view) == bn.view_fingerprint(view) == by_hand and len(calls) == 1
    with torch.no_grad():
        next(trainer.model.parameters()).add_(0.5)  # Step +1 while paused: same object, new weights
    stepped = view_of(trainer, step=6)
    assert bn.view_fingerprint(stepped) != by_hand and len(calls) == 2
