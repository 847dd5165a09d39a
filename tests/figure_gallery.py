"""Every figure builder of s2s/figures, called on small hand-made inputs (no model, no training).

tests/test_palette.py inspects the colours of each figure; tests/test_summaries.py checks each summary on the
same inputs. `GALLERY` must name every public function of s2s/figures that returns a figure: a new figure
module fails the colour test until its builders are added here.
"""

from __future__ import annotations

import numpy as np
import torch

from s2s.analysis.bottleneck import LengthQuality
from s2s.analysis.compare import Comparison
from s2s.analysis.datastats import MinFreqEffect
from s2s.analysis.encoder import PCA, ContextMap
from s2s.analysis.polls import PollQuestion
from s2s.analysis.runs import RunRecord
from s2s.analysis.stages import Stage
from s2s.beam import FINISHED, KEPT, PRUNED, BeamNode, BeamTrace, Hypothesis
from s2s.decode import DecodeStep, GreedyTrace, Source
from s2s.figures import attention, beam, bottleneck, common, compare, data, decoder, encoder, poll, runs
from s2s.instrument import EncoderTrace
from s2s.teacher import FREE, TEACHER, DecodingRun, LossByMode, StateChanges, TeacherComparison, TeacherStep
from s2s.vocab import Vocabulary

TOKENS = ["i", "love", "you"]
HIDDEN = 3
# gates after "love": rows input, forget, cell candidate, output (PyTorch's order); means 0.4, 0.8, 0.1, 0.5
GATES = torch.tensor([[0.2, 0.4, 0.6], [0.9, 0.8, 0.7], [-0.3, 0.0, 0.6], [0.5, 0.5, 0.5]])
H = torch.tensor([[0.1, -0.2, 0.3], [0.4, -0.5, 0.6], [-0.7, 0.8, 0.2]])  # [src_len, hidden], one layer
C = torch.tensor([[0.2, -0.4, 0.5], [1.5, -2.5, 0.9], [-1.0, 1.2, 0.3]])
EMBEDDINGS = torch.tensor([[1.0, 0.0], [0.6, 0.8], [0.0, -1.0]])  # [src_len, embed]
STEPS = {"step": [1, 2, 3, 4], "loss": [4.0, 3.0, 2.0, 1.0], "grad_norm": [3.0, 0.5, 2.0, 0.8],
         "clipped_norm": [1.0, 0.5, 1.0, 0.8], "teacher_forced": [1.0, 0.0, 1.0, 0.0]}
EVALS = {"step": [2, 4], "loss": [2.5, 2.8], "bleu": [10.0, 20.0], "exact_match": [0.0, 0.25]}


def encoder_trace() -> EncoderTrace:
    gates = GATES.expand(3, 4, HIDDEN)[:, None]  # [src_len, layers, 4, hidden]
    return EncoderTrace(TOKENS, [4, 5, 6], [], EMBEDDINGS, H[:, None], C[:, None], gates)


def decode_step(index: int, reads: str, writes: str, attention_weights=None, forced: bool = False) -> DecodeStep:
    """Candidates "aime" 0.7, "ami" 0.2, "suis" 0.1 (ids 10, 11, 12); a forced step writes "ami" (id 11)."""
    chosen_id = 11 if forced else 20 + index
    return DecodeStep(index, 1, reads, [10, 11, 12], ["aime", "ami", "suis"], [0.7, 0.2, 0.1], chosen_id, writes,
                      float(np.log(0.2 if forced else 0.7)), forced, H[index][None], C[index][None], GATES[None],
                      attention_weights)


def greedy_trace(with_attention: bool = True) -> GreedyTrace:
    weights = [[0.8, 0.1, 0.1], [0.2, 0.1, 0.7], [0.1, 0.6, 0.3]] if with_attention else [None] * 3
    steps = [decode_step(0, "<SOS>", "je", weights[0]), decode_step(1, "je", "t", weights[1]),
             decode_step(2, "t", "ami", weights[2], forced=True)]
    return GreedyTrace(Source("i love you", TOKENS, False, []), encoder_trace(), steps, 1.0, False)


def beam_trace() -> BeamTrace:
    """<SOS> -> a (kept) -> c (kept), <EOS> (finished); <SOS> -> b (pruned)."""
    nodes = [BeamNode(0, None, 0, 1, "<SOS>", 0.0, 0.0, KEPT), BeamNode(1, 0, 1, 4, "a", -0.1, -0.1, KEPT),
             BeamNode(2, 0, 1, 5, "b", -3.0, -3.0, PRUNED), BeamNode(3, 1, 2, 6, "c", -0.2, -0.3, KEPT),
             BeamNode(4, 1, 2, 2, "<EOS>", -0.5, -0.6, FINISHED)]
    nbest = [Hypothesis([1, 4], ["a"], -0.6, -0.6, True), Hypothesis([1, 3], ["a", "c"], -0.3, -0.3, False)]
    return BeamTrace(Source("x", ["x"], False, []), nodes, nbest, 2, 2, 0.0)


def quality(step: int, bleu_short: float, bleu_long: float) -> LengthQuality:
    by_length = {"1-5": {"bleu": bleu_short, "exact_match": 0.5, "pairs": 40},
                 "6-10": {"bleu": bleu_long, "exact_match": 0.1, "pairs": 30}}
    return LengthQuality((1, step), step, (), (), by_length, 30.0, 0.3)


def teacher_comparison() -> TeacherComparison:
    def step(i, predicted, target, loss):
        return TeacherStep(i, 1, "<SOS>", 5 + (target == "t"), target, 5 + (predicted == "t"), predicted, 0.5,
                           float(np.exp(-loss)), loss)
    teacher = DecodingRun(TEACHER, (step(0, "je", "je", 0.1), step(1, "t", "t", 0.2)))
    free = DecodingRun(FREE, (step(0, "je", "je", 0.1), step(1, "je", "t", 1.5)))
    return TeacherComparison(("i", "love"), ("je", "t"), (), teacher, free)


def context_map() -> ContextMap:
    coords = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
    pca = PCA(np.zeros(2), np.eye(2), np.array([0.6, 0.3]))
    return ContextMap(["a b", "a b c", "the cat sat down", "the cat ran away now"], np.array([2, 3, 4, 5]),
                      coords, coords, pca, 0.2)


def stages() -> list[Stage]:
    return [Stage("src_ids", "encoder", (3, 2), ("src_len", "batch"), "", ""),
            Stage("logits", "decoder", (4, 2, 10), ("tgt_len", "batch", "tgt_vocab"), "", ""),
            Stage("loss", "loss", (), (), "", "")]


def min_freq_effects() -> list[MinFreqEffect]:
    return [MinFreqEffect(1, 10, 10, 100, 0, []), MinFreqEffect(2, 10, 6, 100, 4, [("rare", 1)])]


def run_record(name: str, scale: float) -> RunRecord:
    steps = {k: v for k, v in STEPS.items()} | {"loss": [scale * v for v in STEPS["loss"]], "elapsed": [1, 2, 3, 4]}
    return RunRecord(name, "classic", 8, 16, 1000, 4, 4.0, steps, EVALS | {"elapsed": [2.0, 4.0]})


VOCAB = Vocabulary(["je", "t", "aime"])
IDS = torch.tensor([[1, 1], [4, 4], [5, 3], [2, 0]])  # [seq_len, batch]: <SOS>, words, <UNK>, <EOS>, <PAD>
QUESTION = PollQuestion("next_word", "Which word comes next?", ("aime", "ami", "suis"), 40, answer=0,
                        values=(0.7, 0.2, 0.1), value_name="model's probability")

GALLERY = {
    "common.loss_figure": lambda: common.loss_figure(STEPS, EVALS),
    "common.quality_figure": lambda: common.quality_figure(EVALS),
    "common.grad_norm_figure": lambda: common.grad_norm_figure(STEPS, 1.0),
    "common.vector_strip_figure": lambda: common.vector_strip_figure(H[-1], "context h"),
    "encoder.embedding_figure": lambda: encoder.embedding_figure(TOKENS, [4, 5, 6], EMBEDDINGS),
    "encoder.state_heatmap": lambda: encoder.state_heatmap(H, TOKENS, [0, 1, 2], "h", current=1),
    "encoder.gates_figure": lambda: encoder.gates_figure(GATES, [0, 1, 2], "love"),
    "encoder.step_state_figure": lambda: encoder.step_state_figure(H[1], C[1], [0, 1, 2], "love"),
    "encoder.change_figure": lambda: encoder.change_figure([0.5, 1.2, 0.3], [2.0, 0.4, 0.9], TOKENS, 1),
    "encoder.pca_figure": lambda: encoder.pca_figure(context_map(), None, [("yours", [1.0, 1.0]),
                                                                            ("second", [2.0, 0.0])]),
    "encoder.pca_figure(word)": lambda: encoder.pca_figure(context_map(), "cat", [("yours", [1.0, 1.0])]),
    "decoder.topk_figure": lambda: decoder.topk_figure(greedy_trace().steps[2], 1.0),
    "decoder.state_change_figure": lambda: decoder.state_change_figure(StateChanges((0.5, 1.5, 0.2), (0.3, 0.1, 2.0)),
                                                                       ["0: je", "1: t", "2: aime"], 1),
    "decoder.decoding_strip_figure": lambda: decoder.decoding_strip_figure(greedy_trace(), 1),
    "decoder.step_loss_figure": lambda: decoder.step_loss_figure(teacher_comparison()),
    "decoder.loss_by_mode_figure": lambda: decoder.loss_by_mode_figure(LossByMode(
        np.array([1.0, 3.0]), np.array([2.0, 1.0]), np.array([2.0, 4.0]), np.array([3.0, 2.5]))),
    "attention.attention_heatmap": lambda: attention.attention_heatmap(greedy_trace(), 1),
    "attention.attention_bars": lambda: attention.attention_bars(greedy_trace(), 1),
    "beam.beam_tree_figure": lambda: beam.beam_tree_figure(beam_trace()),
    "beam.comparison_figure": lambda: beam.comparison_figure(
        [("greedy", ["je", "suis"], [-0.1, -0.2]), ("beam", ["je", "t", "aime"], [-0.1, -0.5, -0.1])], 1),
    "bottleneck.length_quality_figure": lambda: bottleneck.length_quality_figure(quality(100, 60.0, 20.0)),
    "bottleneck.snapshots_figure": lambda: bottleneck.snapshots_figure([quality(50, 30.0, 5.0),
                                                                        quality(100, 60.0, 20.0)]),
    "compare.comparison_figure": lambda: compare.comparison_figure(Comparison(
        ("classic", "attention"), quality(100, 60.0, 20.0), quality(100, 62.0, 35.0))),
    "data.length_histogram_figure": lambda: data.length_histogram_figure({3: 5, 4: 2}, {3: 1, 5: 6}),
    "data.top_words_figure": lambda: data.top_words_figure([("the", 9), ("cat", 4)], "English words"),
    "data.min_freq_figure": lambda: data.min_freq_figure(min_freq_effects(), 2),
    "data.token_matrix_figure": lambda: data.token_matrix_figure(IDS, VOCAB, "ids"),
    "data.loss_mask_figure": lambda: data.loss_mask_figure(IDS, VOCAB, "mask"),
    "data.shape_flow_figure": lambda: data.shape_flow_figure(stages(), "shapes", ("all logits", (5, 2, 10))),
    "poll.poll_figure": lambda: poll.poll_figure(QUESTION, [1, 3, 0]),
    "runs.curves_figure": lambda: runs.curves_figure(run_record("a", 1.0), run_record("b", 0.5), "time"),
    "runs.grad_norms_figure": lambda: runs.grad_norms_figure(run_record("a", 1.0), run_record("b", 0.5)),
}
