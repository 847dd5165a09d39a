"""The decoder figures show what the traces say: which bars, which colours, which points in which series."""

import numpy as np
import pytest

from s2s.decode import DecodeStep, GreedyTrace, greedy
from s2s.figures.common import smooth
from s2s.figures.decoder import (
    CHOSEN,
    CURRENT,
    FORCED,
    OTHER,
    decoding_strip_figure,
    loss_by_mode_figure,
    state_change_figure,
    step_loss_figure,
    topk_figure,
)
from s2s.teacher import compare_decoding, loss_by_mode, state_changes


def translate(trainer, text, **kw):
    return greedy(trainer.model, text, trainer.src_vocab, trainer.tgt_vocab, **kw)


def test_topk_bars_are_sorted_and_the_greedy_pick_is_highlighted(trained):
    step = translate(trained, "i love you", k=4, temperature=2.0).steps[1]
    fig = topk_figure(step, 2.0)
    bar = fig.data[0]
    assert len(fig.data) == 1 and len(bar.x) == 4
    assert list(bar.x) == sorted(bar.x, reverse=True) == step.topk_probs
    assert [y.strip() for y in bar.y] == step.topk_tokens and step.topk_tokens[0] == "t"
    assert fig.layout.yaxis.autorange == "reversed"  # the most likely word is drawn on top
    assert list(bar.marker.color) == [CHOSEN, OTHER, OTHER, OTHER]
    assert "greedy pick" in bar.text[0] and "temperature 2" in fig.layout.title.text


def test_a_forced_word_in_the_top_k_is_marked(trained):
    plain = translate(trained, "i love you", k=5).steps[1]
    runner_up = plain.topk_tokens[1]
    step = translate(trained, "i love you", k=5, force={1: runner_up}).steps[1]
    bar = topk_figure(step, 1.0).data[0]
    assert list(bar.marker.color) == [OTHER, FORCED, OTHER, OTHER, OTHER]
    assert "forced" in bar.text[1] and "greedy pick" in bar.text[0]


def test_a_forced_word_outside_the_top_k_gets_a_note(trained):
    plain = translate(trained, "i love you", k=3).steps[0]
    outsider = next(w for w in trained.tgt_vocab.itos[4:] if w not in plain.topk_tokens)
    step = translate(trained, "i love you", k=3, force={0: outsider}).steps[0]
    fig = topk_figure(step, 1.0)
    assert FORCED not in list(fig.data[0].marker.color) and CHOSEN not in list(fig.data[0].marker.color)
    assert outsider in fig.layout.annotations[0].text and "not in the top 3" in fig.layout.annotations[0].text


def test_state_change_bars_and_the_current_step(trained):
    trace = translate(trained, "she is tired")
    changes = state_changes(trace)
    labels = [f"{s.index}: {s.chosen_token}" for s in trace.steps]
    fig = state_change_figure(changes, labels, current=2)
    assert [t.name for t in fig.data] == ["‖h(t) − h(t−1)‖", "‖c(t) − c(t−1)‖"]
    assert list(fig.data[0].y) == list(changes.dh) and list(fig.data[1].y) == list(changes.dc)
    assert list(fig.layout.xaxis.ticktext) == labels
    shape = fig.layout.shapes[0]
    assert (shape.x0, shape.x1) == (1.5, 2.5)


def test_strip_shows_what_each_step_reads_and_writes(trained):
    trace = translate(trained, "i love you", force={1: "aime"})
    fig = decoding_strip_figure(trace, current=1)
    heat = fig.data[0]
    writes, reads = heat.text
    assert list(reads) == ["<SOS>", "je", "aime", *[s.input_token for s in trace.steps[3:]]]
    assert writes[0] == "je" and writes[1] == "aime ⚑"
    assert list(heat.z[0]) == [0, 1] + [2] * (len(trace.steps) - 2)
    assert CURRENT in str(heat.colorscale)


def test_step_loss_figure_has_both_modes_and_marks_the_first_error(trained):
    cmp = compare_decoding(trained.model, "i love you", "je t aime", trained.src_vocab, trained.tgt_vocab,
                           inject={1: "merci"})
    fig = step_loss_figure(cmp)
    assert [t.name for t in fig.data] == ["teacher-forced", "free-running"]
    assert list(fig.data[0].y) == [s.loss for s in cmp.teacher.steps]
    assert list(fig.data[1].y) == [s.loss for s in cmp.free.steps]
    assert list(fig.data[0].x) == ["0: je", "1: t", "2: aime", "3: <EOS>"]
    assert list(fig.data[1].marker.symbol) == ["circle", "x"] + ["circle" if s.correct else "x"
                                                                 for s in cmp.free.steps[2:]]
    assert fig.layout.shapes[0].x0 == 1 and "first goes wrong" in fig.layout.annotations[0].text


def test_loss_by_mode_figure_has_the_right_points_in_each_series():
    steps = {"step": (1, 2, 3, 4, 5, 6), "loss": (5.0, 4.0, 3.5, 3.0, 2.0, 1.0),
             "teacher_forced": (float("nan"), 1.0, 0.0, 1.0, 0.0, 0.0)}
    fig = loss_by_mode_figure(loss_by_mode(steps), alpha=0.5)
    raw_tf, smooth_tf, raw_fr, smooth_fr = fig.data
    assert list(raw_tf.x) == [2, 4] and list(raw_tf.y) == [4.0, 3.0]
    assert list(raw_fr.x) == [3, 5, 6] and list(raw_fr.y) == [3.5, 2.0, 1.0]
    assert list(smooth_tf.y) == pytest.approx([4.0, 3.5]) and list(smooth_fr.y) == pytest.approx([3.5, 2.75, 1.875])
    np.testing.assert_allclose(smooth_fr.y, smooth([3.5, 2.0, 1.0], 0.5))
    assert [t.name for t in (smooth_tf, smooth_fr)] == ["teacher-forced steps (smoothed)",
                                                        "free-running steps (smoothed)"]
    empty = loss_by_mode_figure(loss_by_mode({}))
    assert len(empty.data[0].x) == 0 and "no training steps" in empty.layout.annotations[0].text


def test_long_translations_show_a_window_around_the_current_step():
    def step(t):
        return DecodeStep(t, t, f"w{t}", [t + 1], [f"w{t + 1}"], [1.0], t + 1, f"w{t + 1}", 0.0, False,
                          None, None, None)

    trace = GreedyTrace(None, None, [step(t) for t in range(30)], 1.0, False)
    heat = decoding_strip_figure(trace, current=20, window=10).data[0]
    assert list(heat.x) == list(range(15, 25))
    assert list(heat.text[1]) == [f"w{t}" for t in range(15, 25)]
    assert list(heat.z[0]).index(1) == 5  # the current step sits in the middle of the window
    assert list(decoding_strip_figure(trace, current=29, window=10).data[0].x) == list(range(20, 30))
    assert list(decoding_strip_figure(trace, current=0, window=10).data[0].x) == list(range(10))


def test_loss_axis_labels_only_decades_when_the_loss_spans_several():
    wide = {"step": (1, 2, 3), "loss": (6.0, 0.05, 0.2), "teacher_forced": (1.0, 1.0, 0.0)}
    narrow = {"step": (1, 2, 3), "loss": (6.0, 4.0, 3.0), "teacher_forced": (1.0, 1.0, 0.0)}
    assert loss_by_mode_figure(loss_by_mode(wide)).layout.yaxis.dtick == 1
    assert loss_by_mode_figure(loss_by_mode(narrow)).layout.yaxis.dtick is None
