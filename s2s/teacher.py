"""What the decoder does step by step when fed the truth versus its own guesses, and how far its state moves.

Training feeds the decoder one of two things at each step: the reference's previous word (teacher
forcing) or its own previous prediction (free running). `compare_decoding` runs one sentence pair both
ways with the model's own modules and records, per step, the word read, the word predicted and the
cross-entropy of the reference word, so a page can show where free running first goes wrong and how
the errors that follow compound. The helpers below serve the Decoder page: how much h and c change
per greedy step, where two translations part ways and which positions differ, and which words a user may force.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Sequence

import numpy as np
import torch

from s2s.data import Pair, Split
from s2s.decode import GreedyTrace, prepare_source, word_id
from s2s.errors import S2SError
from s2s.model import Encoded, Seq2Seq
from s2s.vocab import EOS_ID, PAD_ID, SOS_ID, Vocabulary, normalize, tokenize

TEACHER, FREE = "teacher-forced", "free-running"


@dataclass(frozen=True)
class TeacherStep:
    """ one decoder step: what it read, what it predicted, and how surprised it was by the reference word """

    index: int  # 0-based output position
    input_id: int  # word fed in at this step (<SOS> first)
    input_token: str
    target_id: int  # the reference word at this position (<EOS> after the last word)
    target_token: str
    predicted_id: int  # the model's argmax, or the word the user injected at this step
    predicted_token: str
    predicted_prob: float  # p(predicted word) under the model
    target_prob: float  # p(reference word)
    loss: float  # cross-entropy of the reference word: -log p(target)
    injected: bool = False  # free running only: the user replaced the model's argmax with another word

    @property
    def correct(self) -> bool:
        return self.predicted_id == self.target_id


@dataclass(frozen=True)
class DecodingRun:
    """ one sentence decoded in one mode (teacher-forced or free-running), step by step """

    mode: str  # TEACHER or FREE
    steps: tuple[TeacherStep, ...]

    @property
    def total_loss(self) -> float:
        return sum(s.loss for s in self.steps)

    @property
    def mean_loss(self) -> float:
        """The per-word loss training averages (what the loss curves show)."""
        return self.total_loss / max(len(self.steps), 1)

    @property
    def n_correct(self) -> int:
        return sum(s.correct for s in self.steps)

    @property
    def first_error(self) -> int | None:
        """The first step whose prediction is not the reference word (None when all are right)."""
        return next((s.index for s in self.steps if not s.correct), None)

    @property
    def predicted_text(self) -> str:
        """The predicted words up to the first <EOS>."""
        words = [s.predicted_token for s in self.steps]
        return " ".join(words[: words.index("<EOS>")] if "<EOS>" in words else words)


@dataclass(frozen=True)
class Compounding:
    """ the steps after free running's first mistake, in both modes: how errors pile up """

    first: int  # the step where free running first goes wrong
    n_later: int  # steps after it
    free_wrong: int  # of those, wrong in free running
    teacher_wrong: int  # of those, wrong with teacher forcing
    free_loss: float  # summed loss over those steps, free running
    teacher_loss: float  # the same with teacher forcing


@dataclass(frozen=True)
class TeacherComparison:
    """ one sentence pair decoded both ways """

    source_tokens: tuple[str, ...]  # English tokens as the encoder reads them
    reference_tokens: tuple[str, ...]  # French reference tokens (cut to the model's maximum)
    unknown: tuple[str, ...]  # source or reference words the vocabularies do not know (<UNK>)
    teacher: DecodingRun
    free: DecodingRun

    def compounding(self) -> Compounding | None:
        """What follows free running's first mistake (None when it makes none)."""
        first = self.free.first_error
        if first is None:
            return None
        free, teacher = self.free.steps[first + 1:], self.teacher.steps[first + 1:]
        return Compounding(first, len(free), sum(not s.correct for s in free), sum(not s.correct for s in teacher),
                           sum(s.loss for s in free), sum(s.loss for s in teacher))


def reference_tokens(ref_text: str, max_len: int) -> list[str]:
    """The French reference's tokens as decoding compares them: cut to leave room for <EOS>, as in training."""
    return tokenize(ref_text or "")[: max_len - 1]


@torch.no_grad()
def compare_decoding(model: Seq2Seq, src_text: str, ref_text: str, src_vocab: Vocabulary, tgt_vocab: Vocabulary,
                     inject: dict[int, int | str] | None = None) -> TeacherComparison:
    """Decode a pair with teacher forcing and free running, as training does (no dropout: eval mode).

    Both modes run `len(reference) + 1` steps (the last target is <EOS>), like the training loss.
    `inject` maps a free-running step to a word emitted there instead of the model's argmax (and so
    read by the next step), to show how one wrong word changes everything after it.
    """
    model.eval()
    max_len = model.cfg.max_len
    source = prepare_source(src_text, src_vocab, max_len)
    ref_tokens = reference_tokens(ref_text, max_len)
    if not ref_tokens:
        raise S2SError("the French reference is empty")
    target_ids = tgt_vocab.encode(ref_tokens) + [EOS_ID]
    device = model.decoder.out.weight.device
    src_ids = torch.tensor(src_vocab.encode(source.tokens), device=device).unsqueeze(1)  # [src_len, 1]
    enc = model.encode(src_ids, torch.tensor([src_ids.shape[0]]))
    injected = {int(t): word_id(w, tgt_vocab) for t, w in (inject or {}).items()}
    unknown = source.unknown + [t for t in ref_tokens if t not in tgt_vocab]
    return TeacherComparison(
        tuple(source.tokens), tuple(ref_tokens), tuple(dict.fromkeys(unknown)),
        _run(model, enc, target_ids, tgt_vocab, TEACHER, {}),
        _run(model, enc, target_ids, tgt_vocab, FREE, injected),
    )


def _run(model: Seq2Seq, enc: Encoded, target_ids: list[int], vocab: Vocabulary, mode: str,
         inject: dict[int, int]) -> DecodingRun:
    """Step the decoder over the targets, feeding the reference (teacher) or its own argmax (free)."""
    device = enc.outputs.device
    state, prev, steps = enc.state, SOS_ID, []
    for t, target in enumerate(target_ids):
        logits, state = model.decoder.step(torch.tensor([prev], device=device), state, enc)  # [1, tgt_vocab]
        log_probs = torch.log_softmax(logits[0], dim=-1)  # [tgt_vocab]
        injected = mode == FREE and t in inject
        pred = inject[t] if injected else int(log_probs.argmax())
        steps.append(TeacherStep(
            t, prev, vocab.itos[prev], target, vocab.itos[target], pred, vocab.itos[pred],
            float(log_probs[pred].exp()), float(log_probs[target].exp()), float(-log_probs[target]), injected,
        ))
        prev = target if mode == TEACHER else pred
    return DecodingRun(mode, tuple(steps))


# ---- training pairs ---------------------------------------------------------------------------------
class PairMatch(NamedTuple):
    """ where an English sentence occurs in a run's corpus, and its pairs there """

    part: str  # 'train', 'valid' or 'test': the first part that has it
    pairs: list[Pair]  # every pair of that part with this English sentence, in corpus order

    @property
    def reference(self) -> str:
        """The French of the first pair: the corpus's translation of the sentence."""
        return self.pairs[0][1]


def find_pair(split: Split, src_text: str) -> PairMatch | None:
    """Where an English sentence (normalised first) occurs: train first, then valid, test; None if nowhere."""
    src = normalize(src_text or "")
    for part in ("train", "valid", "test"):
        pairs = [p for p in split.part(part) if p[0] == src]
        if pairs:
            return PairMatch(part, pairs)
    return None


# ---- the Decoder page's helpers ------------------------------------------------------------------------
@dataclass(frozen=True)
class StateChanges:
    """ how far the decoder's state moved at each step (L2 norm over all layers) """

    dh: tuple[float, ...]  # ||h_t - h_{t-1}||, with h_{-1} the encoder's context h
    dc: tuple[float, ...]  # ||c_t - c_{t-1}||, with c_{-1} the encoder's context c


def state_changes(trace: GreedyTrace) -> StateChanges:
    """Per greedy step, the size of the change in h and c; step 0 compares with the encoder's context."""
    h_prev, c_prev = trace.encoder.context  # each [n_layers, hidden]
    dh, dc = [], []
    for step in trace.steps:
        dh.append(float(torch.linalg.vector_norm(step.h - h_prev)))
        dc.append(float(torch.linalg.vector_norm(step.c - c_prev)))
        h_prev, c_prev = step.h, step.c
    return StateChanges(tuple(dh), tuple(dc))


def first_divergence(a: Sequence[str], b: Sequence[str]) -> int | None:
    """The first position where two word sequences differ (a length difference counts), None if equal."""
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return None if len(a) == len(b) else min(len(a), len(b))


@dataclass(frozen=True)
class WordDiff:
    """ two translations of one sentence aligned position by position, the shorter padded with "" """

    before: tuple[str, ...]
    after: tuple[str, ...]
    split: int | None  # the first position whose word differs; None when the two are equal
    changed: tuple[bool, ...]  # per position: True where the two words differ (and only there)

    @property
    def n_later(self) -> int:
        """Positions after the split (0 when the two are equal)."""
        return 0 if self.split is None else len(self.before) - self.split - 1

    @property
    def n_changed_later(self) -> int:
        """How many positions after the split hold a different word."""
        return 0 if self.split is None else sum(self.changed[self.split + 1:])


def word_diff(before: Sequence[str], after: Sequence[str]) -> WordDiff:
    """Align two word sequences (e.g. greedy against greedy with a forced word) and mark where they differ."""
    n = max(len(before), len(after))
    a, b = tuple(before) + ("",) * (n - len(before)), tuple(after) + ("",) * (n - len(after))
    return WordDiff(a, b, first_divergence(before, after), tuple(x != y for x, y in zip(a, b)))


def force_candidates(topk_tokens: Sequence[str], vocab: Vocabulary) -> list[str]:
    """Words a user may force: the model's top candidates first, then the rest of the vocabulary."""
    rest = [w for i, w in enumerate(vocab.itos) if i not in (PAD_ID, SOS_ID)]
    return list(dict.fromkeys([*topk_tokens, *rest]))


# ---- the live job's loss, split by feeding mode ----------------------------------------------------------
@dataclass(frozen=True)
class LossByMode:
    """ training loss per step, separated into teacher-forced and free-running steps """

    teacher_steps: np.ndarray  # [n_teacher] step numbers of teacher-forced steps
    teacher_loss: np.ndarray  # [n_teacher]
    free_steps: np.ndarray  # [n_free]
    free_loss: np.ndarray  # [n_free]

    def recent_means(self, n: int = 50) -> tuple[float, float]:
        """Mean loss of the last n teacher-forced and the last n free-running steps (NaN when none)."""
        def mean(values: np.ndarray) -> float:
            tail = values[-n:][np.isfinite(values[-n:])]
            return float(tail.mean()) if len(tail) else float("nan")
        return mean(self.teacher_loss), mean(self.free_loss)


def loss_by_mode(steps: dict) -> LossByMode:
    """Split the history columns by the `teacher_forced` flag; rows without a flag (NaN) are left out."""
    x = np.asarray(steps.get("step", ()), dtype=float)
    loss = np.asarray(steps.get("loss", ()), dtype=float)
    flag = np.asarray(steps.get("teacher_forced", ()), dtype=float)
    if flag.shape != x.shape:  # an old history without the column
        flag = np.full(x.shape, np.nan)
    tf, free = flag == 1.0, flag == 0.0
    return LossByMode(x[tf], loss[tf], x[free], loss[free])
