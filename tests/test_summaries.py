"""Every chart's text alternative says what its numbers say: each summary on the hand-made inputs of
tests/figure_gallery.py, against sentences worked out by hand from those inputs; and the chart-data table
holds exactly the figure's numbers."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from s2s.analysis.compare import Comparison
from s2s.figures import summary_data as sd
from s2s.figures import summary_model as sm
from s2s.figures.chart_data import figure_table
from s2s.figures.common import loss_figure
from s2s.figures.encoder import state_heatmap
from s2s.history import History
from s2s.teacher import LossByMode, StateChanges

from . import figure_gallery as g


def test_training_curves():
    # smoothed loss: 4, 3.95, 3.8525, 3.709875 (alpha 0.05)
    assert sd.loss_summary(g.STEPS, g.EVALS) == ("Smoothed training loss 3.71 at step 4, down from 4.00 at step 1. "
                                                 "Validation loss 2.80 at step 4; lowest 2.50 at step 2.")
    assert sd.loss_summary({"step": [], "loss": []}, {}) == "No training step has been recorded yet."
    assert sd.quality_summary(g.EVALS) == ("At step 4: held-out BLEU 20.0 and exact match 25%. Best BLEU so far "
                                           "20.0, at step 4.")
    assert sd.quality_summary({}) == "No held-out evaluation has run yet."


def test_steps_read_as_whole_numbers_from_the_jobs_own_history():
    """The job's history stores every column as floats; a step is still written "1,200", never "1,200.0"."""
    history = History()
    for step, bleu in ((600, 5.0), (1200, 7.5)):
        history.add_eval(step, {"loss": 3.0 - bleu / 10, "bleu": bleu, "exact_match": 0.1, "pairs": 20})
    evals = {k: tuple(v) for k, v in history.evals.items()}  # as the snapshot carries them
    assert sd.quality_summary(evals) == ("At step 1,200: held-out BLEU 7.5 and exact match 10%. Best BLEU so far "
                                         "7.5, at step 1,200.")
    assert sd.loss_summary({"step": [1.0, 2.0], "loss": [4.0, 3.0]}, evals).endswith(
        "Validation loss 2.25 at step 1,200; lowest 2.25 at step 1,200.")
    # clipped where after < before: steps 1 and 3; median of 3, 0.5, 2, 0.8 is (0.8 + 2) / 2
    assert sd.grad_norm_summary(g.STEPS) == ("Clipping shrank 2 of the last 4 recorded updates (50%); the median "
                                             "gradient norm before clipping was 1.40.")


def test_data_charts():
    assert sd.length_histogram_summary({3: 5, 4: 2}, {3: 1, 5: 6}) == (
        "English training sentences have 3 to 4 tokens, most often 3; French ones 3 to 5 tokens, most often 5.")
    assert sd.top_words_summary([("the", 9), ("cat", 4)], "English") == (
        "The most frequent English words are “the” (9 times), “cat” (4 times); the chart lists 2.")
    # min_freq 2 keeps 6 words + 4 specials and turns 4 of 100 running words into <UNK>
    assert sd.min_freq_summary(g.min_freq_effects(), 2) == (
        "At min_freq 2 the vocabulary has 10 ids and 4.00% of the running words become <UNK>; at min_freq 1 it "
        "has 14 ids and 0.00%.")
    # IDS: <SOS> <SOS> / w w / w <UNK> / <EOS> <PAD>
    assert sd.token_matrix_summary(g.IDS) == ("4 time steps × 2 sentences. <PAD>: 1 of 8 cells (12%); <SOS> or "
                                              "<EOS>: 3; <UNK>: 1.")
    assert sd.loss_mask_summary(g.IDS) == "The loss counts 7 of the 8 target cells and ignores the 1 <PAD> cell(s)."
    assert sd.shape_flow_summary(g.stages(), ("all logits", (5, 2, 10))) == (
        "3 tensors from ids to loss; the largest is logits [4, 2, 10] with 80 values. All logits would hold 100.")


def test_quality_by_length_comparison_and_poll():
    assert sd.length_quality_summary(g.quality(100, 60.0, 20.0)) == (
        "Long sentences come out worse: BLEU goes from 60 on 1–5 word sentences to 20 on 6–10 word sentences, "
        "and exact match from 50% to 10%. By length: 1–5 words BLEU 60, exact match 50% (40 pairs); 6–10 words "
        "BLEU 20, exact match 10% (30 pairs).")
    assert sd.snapshots_summary([g.quality(100, 60.0, 20.0), g.quality(50, 30.0, 5.0)]) == (
        "From step 50 to step 100, BLEU went on 1–5 words from 30 to 60 and on 6–10 words from 5 to 20.")
    result = Comparison(("classic", "attention"), g.quality(100, 60.0, 20.0), g.quality(100, 62.0, 35.0))
    assert sd.model_comparison_summary(result).startswith(
        "On the longest held-out sentences (6-10 words), attention wins by 15.0 BLEU: 35.0 against 20.0.")
    assert sd.poll_summary(g.QUESTION, [1, 3, 0]) == ("4 votes: “aime” 25% (1), “ami” 75% (3), “suis” 0% (0). The "
                                                      "model's answer: “aime” (model's probability 70.0%).")


def test_run_comparison_charts():
    a, b = g.run_record("a", 1.0), g.run_record("b", 0.5)  # losses 4, 3, 2, 1 and half of them
    assert sd.curves_summary(a, b) == ("a: smoothed training loss 3.71; b: smoothed training loss 1.85. Their last "
                                       "validation scores are level (a: BLEU 20.0 at step 4; b: BLEU 20.0 at step 4).")
    assert sd.grad_norms_summary(a, b) == ("Gradient norm before clipping, a: median 1.40, largest 3.00; b: median "
                                           "1.40, largest 3.00.")


def test_encoder_charts():
    assert sm.vector_summary(g.H[-1], "context h") == (
        "context h: 3 numbers between -0.70 and 0.80, 2 of them positive; the largest in size is unit 1 (+0.80).")
    # cosines: i·love 0.6, i·you 0, love·you -0.8
    assert sm.embedding_summary(g.TOKENS, [4, 5, 6], g.EMBEDDINGS) == (
        "3 word(s), each looked up as a row of 2 numbers between -1.00 and 1.00. The two most alike rows (cosine "
        "0.60) are “i” and “love”.")
    repeated = sm.embedding_summary(["the", "cat", "the"], [4, 5, 4], g.EMBEDDINGS[[0, 2, 0]])
    assert repeated.endswith("(cosine 0.00) are “the” and “cat”.")  # a repeated word is one row, not a pair
    assert sm.gates_summary(g.GATES, "love") == (
        "While reading “love” the forget gate is mostly open: mean 0.80 over all 3 units. Input gate mean 0.40, "
        "output gate 0.50; the candidate g averages +0.10.")
    closed = sm.gates_summary(torch.tensor([[0.5] * 2, [0.1, 0.2], [0.0] * 2, [0.5] * 2]), "x")
    assert "forget gate is mostly closed: mean 0.15" in closed
    assert sm.step_state_summary(g.H[1], g.C[1], "love") == (
        "After “love”, c runs from -2.50 to 1.50 (largest in size at unit 1, -2.50) and h from -0.50 to 0.60.")
    assert sm.change_summary([0.5, 1.2, 0.3], [2.0, 0.4, 0.9], g.TOKENS) == (
        "The word that changed c most is “i” (‖Δc‖ 2.00); the one that changed h most is “love” (‖Δh‖ 1.20).")
    # per-unit ranges 1.1, 1.3, 0.4; the context row's mean |h| = (0.7 + 0.8 + 0.2) / 3
    assert sm.state_heatmap_summary(g.H, g.TOKENS, [0, 1, 2], "h") == (
        "h after each of 3 word(s), 3 units shown. Unit 1 varies most, from -0.50 to 0.80; in the context (after "
        "“you”) the mean size of a shown unit is 0.57.")


def test_context_map():
    cmap = g.context_map()  # x = 0, 1, 2, 3 for lengths 2, 3, 4, 5: r = 1; y: r = -1 / sqrt(5)
    assert sm.pca_summary(cmap) == ("4 sentences; component 1 keeps 60% of the variance of their contexts and "
                                    "component 2 30%. Sentence length correlates with component 1 at r = 1.00.")
    assert sm.pca_summary(cmap, "cat").endswith(
        "2 of them contain “cat”; on average they sit at (2.50, 0.50), the others at (0.50, 0.50).")


def test_decoder_and_attention_charts():
    trace = g.greedy_trace()
    assert sm.decoding_strip_summary(trace, 1) == ("Step 1 of 3 reads “je” and writes “t”. All the words written: "
                                                   "je t ami (forced).")
    assert sm.topk_summary(trace.steps[2], 1.0) == (
        "After reading “t” at temperature 1, the model gives “aime” 70.0%, then “ami” 20.0%, then “suis” 10.0%. "
        "The forced word “ami” is written instead of the top one.")
    assert sm.attention_bars_summary(trace, 1) == ("To write “t” the decoder looked mostly at “you” (weight 0.70), "
                                                   "then at “i” (0.20).")
    assert sm.attention_heatmap_summary(trace) == ("Each French word and the English word it looked at most: "
                                                   "je → i (0.80); t → you (0.70); ami → love (0.60).")
    assert sm.attention_heatmap_summary(g.greedy_trace(with_attention=False)) == "This model has no attention."
    changes = StateChanges((0.5, 1.5, 0.2), (0.3, 0.1, 2.0))
    assert sm.state_change_summary(changes, ["0: je", "1: t", "2: ami"]) == (
        "h moved most at step 1: t (1.50); c moved most at step 2: ami (2.00).")


def test_teacher_forcing_and_beam_charts():
    assert sm.step_loss_summary(g.teacher_comparison()) == (
        "teacher-forced: 2 of 2 words right, total loss 0.30; free-running: 1 of 2 words right, total loss 1.60. "
        "In free running it first goes wrong at step 1.")
    split = LossByMode(np.array([1.0, 3.0]), np.array([2.0, 1.0]), np.array([2.0, 4.0]), np.array([3.0, 2.5]))
    assert sm.loss_by_mode_summary(split) == ("Mean loss of the last 2 teacher-forced steps: 1.50; of the last 2 "
                                              "free-running steps: 2.75.")
    assert sm.beam_tree_summary(g.beam_trace()) == ("2 candidates kept, 1 pruned, 1 finished (width 2). Best "
                                                    "translation “a”, score -0.60.")
    assert sm.beam_tree_summary(g.beam_trace(), 1).startswith("Up to word 1: 1 candidates kept, 1 pruned, 0 finished")
    rows = [("greedy", ["je", "suis"], [-0.1, -0.2]), ("beam", ["je", "t", "aime"], [-0.1, -0.5, -0.1])]
    assert sm.beam_comparison_summary(rows, 1) == ("greedy: “je suis”, score -0.30; beam: “je t aime”, score -0.70. "
                                                   "They part at word 2.")


@pytest.mark.parametrize("name", g.GALLERY)
def test_every_gallery_figure_has_a_table(name):
    table = figure_table(g.GALLERY[name]())
    assert len(table) and {"series", "x", "y"} <= set(table.columns)


def test_chart_table_holds_the_figures_numbers_with_their_labels():
    heat = figure_table(state_heatmap(g.H, g.TOKENS, [2, 0], "h", current=1))
    assert list(heat["x"][:2]) == ["u2", "u0"] and heat["y"].iloc[-1] == "t=3 · you  (context)"
    np.testing.assert_allclose(heat["value"], g.H[:, [2, 0]].reshape(-1).numpy(), rtol=1e-6)
    loss = figure_table(loss_figure(g.STEPS, g.EVALS))
    val = loss[loss["series"].str.startswith("validation loss")]
    assert list(val["x"]) == [2, 4] and list(val["y"]) == [2.5, 2.8]
