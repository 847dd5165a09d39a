"""Pieces of the training job kept out of its thread logic: probe translations, thread and memory settings."""

from __future__ import annotations

import ctypes
import os
from typing import TYPE_CHECKING

import torch

from s2s.batching import pad
from s2s.decode import greedy_batch
from s2s.live.snapshot import Probe, Snapshot
from s2s.runtime import resolve_device
from s2s.view import ModelView

if TYPE_CHECKING:  # runspec imports the trainer, which this module need not load
    from s2s.live.runspec import RunSpec


def translate_probes(view: ModelView, probes: list[tuple[str, str]]) -> tuple[Probe, ...]:
    """Greedy translations of the probe sentences by the copied model, in one batch."""
    if not probes:
        return ()
    ids = [view.src_vocab.encode(src)[: view.model.cfg.max_len] or [0] for src, _ in probes]
    lens = torch.tensor([len(x) for x in ids])
    with torch.no_grad():
        out = greedy_batch(view.model, pad(ids), lens, view.model.cfg.max_len)
    return tuple(Probe(src, " ".join(view.tgt_vocab.decode(o)), ref) for (src, ref), o in zip(probes, out))


def build_snapshot(job, version: int) -> Snapshot:
    """Freeze the job's current state (called with the job's lock held)."""
    tr, spec = job._trainer, job._spec
    if tr is None:
        return Snapshot(state=job._state, message=job._message, warning=job._warning, version=version)
    seconds = sum(t[0] for t in job._times) or float("nan")
    cfg = tr.model.cfg
    return Snapshot(
        state=job._state, step=tr.step, epoch=tr.epoch, device=_device_name(tr.device),
        message=job._message, warning=job._warning,
        sentences_per_s=sum(t[1] for t in job._times) / seconds if job._times else 0.0,
        tokens_per_s=sum(t[2] for t in job._times) / seconds if job._times else 0.0,
        loss=tr.history.recent_loss(20), lr=tr.cfg.lr, teacher_forcing=tr.cfg.teacher_forcing,
        clip_norm=tr.cfg.clip_norm, corpus=spec.corpus_name, n_train_pairs=len(tr.split.train),
        model_summary=f"{spec.preset}: embed {cfg.embed_dim}, hidden {cfg.hidden_dim}, layers {cfg.n_layers}",
        steps={k: tuple(v) for k, v in tr.history.steps.items()},
        evals={k: tuple(v) for k, v in tr.history.evals.items()},
        probes=job._probes, probes_step=job._probes_step, timeline=job.timeline.steps(),
        autosaved_step=job._autosaved_step, version=version, run_id=job._run_id,
    )


def _device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return device.type


def release_free_memory() -> None:
    """Return freed heap pages to the OS (glibc only): the model copies made every second otherwise pile up."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def device_of(spec: RunSpec) -> torch.device:
    return resolve_device(spec.device)


def limit_cpu_threads(device: torch.device) -> None:
    """On the CPU, leave one core to the web server (torch's setting is per thread)."""
    if device.type == "cpu":
        torch.set_num_threads(max(1, (os.cpu_count() or 2) - 1))
