"""Two training runs side by side: their metrics over steps and over training time, and a verdict in words.

A `RunRecord` is what a comparison needs of a run (its name, sizes, bug switch and metrics history), built
by the caller from the run library or the live job. Every sentence the verdict writes is computed from
those numbers and from the two models' translations of the same held-out sentences (`Comparison`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from s2s.analysis.bottleneck import CACHE, ResultCache, view_fingerprint
from s2s.analysis.compare import Comparison
from s2s.evaluate import evaluate
from s2s.view import ModelView

SIZE_TOLERANCE = 0.02  # parameter counts closer than 2% count as the same model size
TIME_TOLERANCE = 0.15  # training times closer than 15% count as the same training time


@dataclass(frozen=True)
class RunRecord:
    """ one run as a comparison sees it: name, sizes, bug switch and its metrics history """

    name: str
    kind: str  # classic or attention
    embed_dim: int
    hidden_dim: int
    n_params: int
    step: int
    train_seconds: float  # training time (pauses and evaluations excluded)
    steps: dict  # history step columns (step, loss, grad_norm, elapsed, ...)
    evals: dict  # history evaluation columns (step, loss, bleu, exact_match, elapsed)
    bug: str = ""  # key of the documented bug switched on, '' when correct

    @property
    def size(self) -> str:
        return f"{self.kind}, embed {self.embed_dim}, hidden {self.hidden_dim} ({self.n_params:,} weights)"

    def last(self, column: str) -> float | None:
        """The last evaluation's value of `column`, None before the first evaluation."""
        values = self.evals.get(column) or ()
        return float(values[-1]) if values else None

    def at_step(self, column: str, step: float) -> float | None:
        """`column` of the last evaluation at or before `step`, None when there is none."""
        pairs = [(s, v) for s, v in zip(self.evals.get("step") or (), self.evals.get(column) or ()) if s <= step]
        return float(pairs[-1][1]) if pairs else None

    def peak(self, column: str) -> float | None:
        values = [x for x in self.steps.get(column) or () if math.isfinite(x)]
        return max(values) if values else None


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def fairness(a: RunRecord, b: RunRecord) -> str:
    """Whether the two runs had the same model size and the same training time, in one sentence."""
    notes = []
    if abs(a.n_params - b.n_params) > SIZE_TOLERANCE * max(a.n_params, b.n_params):
        notes.append(f"model size ({a.n_params:,} against {b.n_params:,} weights)")
    longest = max(a.train_seconds, b.train_seconds)
    if longest > 0 and abs(a.train_seconds - b.train_seconds) > TIME_TOLERANCE * longest:
        notes.append(f"training time ({a.train_seconds:.0f} s against {b.train_seconds:.0f} s)")
    if not notes:
        return (f"Same model size and the same training time ({a.train_seconds:.0f} s and "
                f"{b.train_seconds:.0f} s): a fair comparison.")
    return "Not a like-for-like comparison: the two runs differ in " + " and in ".join(notes) + "."


def quality_sentence(a: RunRecord, b: RunRecord) -> str:
    """Who ends with the better held-out BLEU in each run's own evaluation, with the numbers."""
    bleu_a, bleu_b = a.last("bleu"), b.last("bleu")
    if bleu_a is None or bleu_b is None:
        return "One of the runs has not been evaluated yet, so their validation scores cannot be compared."
    scores = f"{a.name}: BLEU {bleu_a:.1f} at step {a.step:,}; {b.name}: BLEU {bleu_b:.1f} at step {b.step:,}"
    if abs(bleu_a - bleu_b) < 1.0:
        return f"Their last validation scores are level ({scores})."
    winner = a.name if bleu_a > bleu_b else b.name
    return f"{winner} ends with the better validation score ({scores})."


def bug_sentence(good: RunRecord, bad: RunRecord, lengths: Comparison | None, bad_is_second: bool,
                 flattered: tuple[float, float] | None = None) -> str:
    """What the bug did, measured: each documented expectation checked against this pair's numbers."""
    if bad.bug == "pad_in_loss":
        return _pad_sentence(good, bad)
    if bad.bug == "eval_teacher_forced" and flattered is not None:
        forced, free = flattered
        verb = "flatters" if forced > free else "does not flatter"
        return (f"Teacher forcing in the evaluation {verb} the model: on the same validation sentences it scores "
                f"BLEU {forced:.1f} with the reference's previous words fed in, and {free:.1f} translating on its "
                "own, which is what a user gets.")
    if bad.bug == "no_clipping":
        return (f"Without clipping, the gradient norm of {bad.name} peaked at {_fmt(bad.peak('grad_norm'))} "
                f"(the correct run's: {_fmt(good.peak('grad_norm'))}) and its loss at {_fmt(bad.peak('loss'))} "
                f"(correct run: {_fmt(good.peak('loss'))}).")
    if bad.bug == "zero_start" and lengths is not None:
        own = lengths.second if bad_is_second else lengths.first
        other = lengths.first if bad_is_second else lengths.second
        n_own, n_other = len(set(own.hypotheses)), len(set(other.hypotheses))
        return (f"{bad.name} wrote {n_own} different translation(s) for {len(own.pairs)} different held-out "
                f"sentences ({good.name}: {n_other}): without the encoder's (h, c) its French cannot depend on "
                "the English." if n_own <= 2 else
                f"{bad.name} wrote {n_own} different translations for {len(own.pairs)} held-out sentences.")
    if bad.bug == "blind_attention" and lengths is not None and lengths.shared_groups():
        long = lengths.shared_groups()[-1]
        bleu_bad = (lengths.second if bad_is_second else lengths.first).by_length[long]["bleu"]
        bleu_good = (lengths.first if bad_is_second else lengths.second).by_length[long]["bleu"]
        relation = "below" if bleu_bad < bleu_good - 1 else "level with" if abs(bleu_bad - bleu_good) <= 1 else "above"
        return (f"On {long.replace('+', ' or more')}-word sentences the blind attention scores BLEU {bleu_bad:.1f}, "
                f"{relation} {good.name}'s {bleu_good:.1f}.")
    return ""


def _pad_sentence(good: RunRecord, bad: RunRecord) -> str:
    """The padding bug measured where both runs had trained equally long: the last evaluation both reached."""
    step = min(good.last("step") or 0.0, bad.last("step") or 0.0)
    values = [(r.at_step("loss", step), r.at_step("bleu", step)) for r in (good, bad)]
    if not step or None in values[0] + values[1]:
        return "Both runs need an evaluation before the padding's effect on the loss can be measured."
    (val_good, bleu_good), (val_bad, bleu_bad) = values
    where = f"At step {step:,.0f}, which both reached, "
    numbers = f"validation loss {val_bad:.2f} against {val_good:.2f}, BLEU {bleu_bad:.1f} against {bleu_good:.1f}"
    if val_bad >= val_good:
        return where + f"counting padding did not lower the loss ({numbers})."
    lower = f"{where}counting padding makes the validation loss {100 * (1 - val_bad / val_good):.0f}% lower"
    if bleu_bad <= bleu_good + 1.0:
        return f"{lower} while the translations are no better ({numbers}): the loss flatters the model."
    return f"{lower}, and BLEU is higher too ({numbers}), so not all of that gap is the padding."


def teacher_forcing_flattery(view: ModelView, n_pairs: int = 300, cache: ResultCache = CACHE) -> tuple[float, float]:
    """(BLEU with the reference's previous words fed in, BLEU translating on its own) on the same validation pairs.

    The first is what a run with the evaluation bug records in its history; the second is what a user gets.
    """
    pairs = list(view.split.valid[:n_pairs]) if view.split else []
    if not pairs:
        return 0.0, 0.0

    def both() -> tuple[float, float]:
        forced = evaluate(view.model, pairs, view.src_vocab, view.tgt_vocab, teacher_forced=True)
        free = evaluate(view.model, pairs, view.src_vocab, view.tgt_vocab)
        return forced["bleu"], free["bleu"]
    return cache.get_or_compute(("flattery", view.key, view_fingerprint(view), hash(tuple(pairs))), both)


def verdict(a: RunRecord, b: RunRecord, lengths: Comparison | None = None,
            flattered: tuple[float, float] | None = None) -> str:
    """The comparison in a few sentences: scores, the bug's measured effect (if one run has a bug), fairness."""
    parts = [quality_sentence(a, b)]
    if lengths is not None:
        parts.append(lengths.verdict())
    if bool(a.bug) != bool(b.bug):
        good, bad = (a, b) if b.bug else (b, a)
        parts.append(bug_sentence(good, bad, lengths, bad is b, flattered))
    parts.append(fairness(a, b))
    return " ".join(p for p in parts if p)
