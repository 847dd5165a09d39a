"""Bounded metrics history: per-step training figures and periodic evaluations.

The history is drawn on every refresh of the Training page and stored in every checkpoint, so it
must stay small however long training runs. When a series reaches its capacity, every other point
of it is dropped: old stretches get coarser, recent ones stay detailed, and the size stays bounded.
"""

from __future__ import annotations

import bisect
import math

STEP_FIELDS = ("step", "loss", "grad_norm", "clipped_norm", "n_tgt_tokens", "n_sentences", "seconds",
               "teacher_forced", "elapsed")  # teacher_forced: 1.0 when the step fed the true previous words
EVAL_FIELDS = ("step", "loss", "bleu", "exact_match", "pairs", "elapsed")
# elapsed: training seconds so far (the sum of every step's time; pauses and evaluations do not count), the
# clock on which two runs are compared fairly


class History:
    """ columns of numbers, one row per recorded step or evaluation """

    def __init__(self, max_steps: int = 4000, max_evals: int = 500):
        self.max_steps, self.max_evals = max_steps, max_evals
        self.steps: dict[str, list[float]] = {k: [] for k in STEP_FIELDS}
        self.evals: dict[str, list[float]] = {k: [] for k in EVAL_FIELDS}
        self.eval_by_length: list[dict] = []  # per evaluation: group -> {bleu, exact_match, pairs}
        self.train_seconds = 0.0  # training time so far, kept exactly however the columns are thinned

    def add_step(self, stats) -> None:
        self.train_seconds += stats.seconds
        for key in STEP_FIELDS:
            value = self.train_seconds if key == "elapsed" else getattr(stats, key)
            self.steps[key].append(float(value))
        if len(self.steps["step"]) > self.max_steps:
            self.steps = {k: v[::2] if len(v) % 2 else v[1::2] for k, v in self.steps.items()}

    def add_eval(self, step: int, result: dict) -> None:
        row = {"step": step, "elapsed": self.elapsed_at(step), **{k: result[k] for k in EVAL_FIELDS[1:-1]}}
        for key in EVAL_FIELDS:
            self.evals[key].append(float(row[key]))
        self.eval_by_length.append(dict(result.get("by_length", {})))
        if len(self.evals["step"]) > self.max_evals:
            keep = range(len(self.evals["step"]) % 2, len(self.evals["step"]), 2)
            self.evals = {k: [v[i] for i in keep] for k, v in self.evals.items()}
            self.eval_by_length = [self.eval_by_length[i] for i in keep]

    def elapsed_at(self, step: int) -> float:
        """Training seconds when `step` was done (from the latest recorded step at or before it; 0 before any)."""
        k = bisect.bisect_right(self.steps["step"], step)
        return self.steps["elapsed"][k - 1] if k else 0.0

    @property
    def last_eval(self) -> dict | None:
        if not self.evals["step"]:
            return None
        return {k: v[-1] for k, v in self.evals.items()}

    def recent_loss(self, n: int = 50) -> float:
        """Mean training loss over the last n recorded steps (NaN before the first step)."""
        tail = [x for x in self.steps["loss"][-n:] if math.isfinite(x)]
        return sum(tail) / len(tail) if tail else math.nan

    def to_dict(self) -> dict:
        return {"steps": {k: list(v) for k, v in self.steps.items()}, "train_seconds": self.train_seconds,
                "evals": {k: list(v) for k, v in self.evals.items()},
                "eval_by_length": [dict(d) for d in self.eval_by_length]}

    @classmethod
    def from_dict(cls, data: dict) -> "History":
        hist = cls()
        n_rows = len(data.get("steps", {}).get("step", []))
        for key in STEP_FIELDS:
            default = [math.nan] * n_rows  # a column added after the file was written
            hist.steps[key] = [float(x) for x in data.get("steps", {}).get(key, default)]
        n_evals = len(data.get("evals", {}).get("step", []))
        for key in EVAL_FIELDS:
            hist.evals[key] = [float(x) for x in data.get("evals", {}).get(key, [math.nan] * n_evals)]
        hist.eval_by_length = list(data.get("eval_by_length", []))
        hist.train_seconds = float(data.get("train_seconds", math.fsum(hist.steps["seconds"])))  # older files
        n_steps = {len(v) for v in hist.steps.values()}
        n_evals = {len(v) for v in hist.evals.values()} | {len(hist.eval_by_length)}
        if len(n_steps) > 1 or len(n_evals) > 1:
            raise ValueError("history columns have different lengths")
        return hist
