"""The answers to the pages' "predict first" questions, computed from the live model after a guess is in.

A student commits a guess (which word comes next, which gate is closed, where free running first goes
wrong, whether beam search beats greedy, what BLEU long sentences get), then sees what the model does.
Each function here turns a model's trace into the one answer a question asks for, so the pages only
compare the guess with it and the tests check every answer against hand-computed values.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import Sequence, TypeVar

from s2s.analysis.bottleneck import GROUP_ORDER
from s2s.analysis.encoder import mean_gate, step_changes
from s2s.beam import BeamTrace
from s2s.data import Pair
from s2s.decode import DecodeStep, GreedyTrace, greedy
from s2s.instrument import EncoderTrace
from s2s.metrics import length_group
from s2s.model import Seq2Seq
from s2s.vocab import Vocabulary

T = TypeVar("T")
OPEN_CLOSE_GATES = ("input", "forget", "output")  # gates that run from 0 (closed) to 1 (open); g is not one
BLEU_TOLERANCE = 10.0  # a BLEU guess within this many points of the model's counts as right
SCORE_TOLERANCE = 1e-6  # beam "beats" greedy only when it scores higher by more than rounding


def shuffled(items: Sequence[T], seed: str) -> list[T]:
    """`items` in an order fixed by `seed`: the same on every rerun, and the model's favourite not always first."""
    rng = random.Random(hashlib.sha1(seed.encode()).hexdigest())
    out = list(items)
    rng.shuffle(out)
    return out


# ---- Decoder: which word comes next? ---------------------------------------------------------------------
@dataclass(frozen=True)
class NextWordGrade:
    """ where a guessed next word stands in the model's whole distribution """

    guess: str
    rank: int  # 1 = the word the model writes; counted over the whole French vocabulary
    prob: float  # p(guess) at temperature 1
    n_words: int  # size of the distribution (the French vocabulary)
    model_word: str  # what greedy decoding writes
    model_prob: float

    @property
    def correct(self) -> bool:
        return self.rank == 1


def next_word_distribution(model: Seq2Seq, src_text: str, src_vocab: Vocabulary, tgt_vocab: Vocabulary, t: int,
                           force: dict | None = None) -> DecodeStep:
    """Greedy step `t` (with the page's forced words) with every French word ranked, at temperature 1."""
    trace = greedy(model, src_text, src_vocab, tgt_vocab, k=len(tgt_vocab), force=force)
    return trace.steps[min(t, len(trace.steps) - 1)]


def grade_next_word(step: DecodeStep, guess: str) -> NextWordGrade:
    """Rank and probability of `guess` in a step whose top-k holds the whole vocabulary (best first)."""
    assert guess in step.topk_tokens, "the guess must be a word of the French vocabulary"
    rank = step.topk_tokens.index(guess)
    return NextWordGrade(guess, rank + 1, step.topk_probs[rank], len(step.topk_tokens), step.topk_tokens[0],
                         step.topk_probs[0])


def next_word_choices(step: DecodeStep, seed: str) -> list[str]:
    """The step's top-k candidates, shuffled: what a student picks from."""
    return shuffled(step.topk_tokens, seed)


# ---- Encoder: where does c move most, which gate is closed? --------------------------------------------------
def biggest_c_change(trace: EncoderTrace, layer: int = -1) -> int:
    """Position of the word after which the cell state moved furthest (||c_t - c_(t-1)||, first on ties)."""
    _, dc = step_changes(trace, layer)
    return int(dc.argmax())


def gate_means(trace: EncoderTrace, t: int, layer: int = -1) -> dict[str, float]:
    """Mean activation over all units of each 0-to-1 gate while reading word `t`."""
    return {name: mean_gate(trace, t, layer, name) for name in OPEN_CLOSE_GATES}


def most_closed_gate(trace: EncoderTrace, t: int, layer: int = -1) -> str:
    """The gate with the lowest mean activation for word `t`: the one that lets least through."""
    means = gate_means(trace, t, layer)
    return min(OPEN_CLOSE_GATES, key=means.__getitem__)


# ---- Beam search: does it beat greedy? ---------------------------------------------------------------------------
def beam_beats_greedy(beam: BeamTrace, greedy_trace: GreedyTrace) -> bool:
    """True when the beam's best translation has a higher total log-probability than greedy's."""
    return beam.best.score > greedy_trace.score + SCORE_TOLERANCE


# ---- Bottleneck: what BLEU do the longest sentences get? -----------------------------------------------------------
def longest_group(pairs: Sequence[Pair]) -> str | None:
    """The longest length group among these English sentences (21+ on the built-in corpus); None if no pairs.

    It takes the pairs, not a measurement, so a page can ask about the group before the model translates it."""
    present = {length_group(len(src.split())) for src, _ in pairs}
    return next((b for b in reversed(GROUP_ORDER) if b in present), None)


def bleu_guess_right(guess: float, actual: float, tolerance: float = BLEU_TOLERANCE) -> bool:
    return abs(guess - actual) <= tolerance
