"""Pieces of the training job kept out of its thread logic: probe translations, the budget check, throughput,
the run's snapshot fields, and thread and memory settings."""

from __future__ import annotations

import ctypes
from collections import deque

import torch

from s2s.batching import pad
from s2s.decode import greedy_batch
from s2s.live.runspec import RunSpec
from s2s.live.snapshot import Probe
from s2s.runtime import describe, usable_cpus
from s2s.train import StepStats, Trainer
from s2s.view import ModelView


def translate_probes(view: ModelView, probes: list[tuple[str, str]]) -> tuple[Probe, ...]:
    """Greedy translations of the probe sentences by the copied model, in one batch."""
    if not probes:
        return ()
    ids = [view.src_vocab.encode(src_text)[: view.model.cfg.max_len] or [0] for src_text, _ in probes]
    lens = torch.tensor([len(x) for x in ids])
    with torch.no_grad():
        out = greedy_batch(view.model, pad(ids), lens, view.model.cfg.max_len)
    return tuple(Probe(src_text, " ".join(view.tgt_vocab.decode(o)), tgt_text)
                 for (src_text, tgt_text), o in zip(probes, out))


def budget_message(budget_s: float | None, spent_s: float, stats: StepStats) -> str:
    """At the step whose `stats.seconds` took the run's training time `spent_s` to its budget: why the run
    pauses. Else '': before it, without a budget, and after it (Resume then goes on freely)."""
    if budget_s is None or not spent_s - stats.seconds < budget_s <= spent_s:
        return ""
    return f"finished: this run has trained for its budget of {budget_s:g} s (step {stats.step}); Resume goes on"


class Throughput:
    """ sentences and target tokens per second over the most recent steps """

    def __init__(self, window: int = 50):
        self._recent: deque = deque(maxlen=window)  # (seconds, sentences, tokens) per step

    def add(self, stats: StepStats) -> None:
        self._recent.append((stats.seconds, stats.n_sentences, stats.n_tgt_tokens))

    def clear(self) -> None:
        self._recent.clear()

    def rates(self) -> tuple[float, float]:
        """(sentences/s, tokens/s); zeros before the first step."""
        seconds = sum(r[0] for r in self._recent)
        if not self._recent or seconds <= 0:
            return 0.0, 0.0
        return sum(r[1] for r in self._recent) / seconds, sum(r[2] for r in self._recent) / seconds


def run_fields(trainer: Trainer, spec: RunSpec) -> dict:
    """The snapshot fields that describe a run, from the trainer's public attributes (read under the job's lock)."""
    cfg, train_cfg, history = trainer.model.cfg, trainer.train_cfg, trainer.history
    return dict(
        step=trainer.step, epoch=trainer.epoch,
        device=describe(trainer.device, training_threads(trainer.device)),
        loss=history.recent_loss(20), lr=train_cfg.lr, teacher_forcing=train_cfg.teacher_forcing,
        clip_norm=train_cfg.clip_norm, corpus=spec.corpus_name, n_train_pairs=len(trainer.split.train),
        model_summary=f"{spec.preset}: embed {cfg.embed_dim}, hidden {cfg.hidden_dim}, layers {cfg.n_layers}",
        steps={k: tuple(v) for k, v in history.steps.items()},
        evals={k: tuple(v) for k, v in history.evals.items()},
        train_seconds=history.train_seconds, budget_s=spec.budget_s,
    )


def release_free_memory() -> None:
    """Return freed heap pages to the OS (glibc only): the model copies made every second otherwise pile up."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def training_threads(device: torch.device) -> int | None:
    """CPU threads the training thread uses: all cores but one, left to the web server; None off the CPU."""
    return max(1, usable_cpus() - 1) if device.type == "cpu" else None


def limit_cpu_threads(device: torch.device) -> None:
    """Apply `training_threads` to the calling thread (torch's setting is per thread)."""
    threads = training_threads(device)
    if threads is not None:
        torch.set_num_threads(threads)
