"""Checkpoints: one file with everything needed to resume or inspect a run, written atomically.

Saving writes a temporary file next to the target and renames it into place with `os.replace`, so a
crash mid-write leaves the previous checkpoint intact. Loading uses `torch.load(weights_only=True)`,
which refuses pickled code, and every failure becomes one clear `S2SError` sentence.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import torch

from s2s.config import ModelConfig, TrainConfig, from_dict, to_dict
from s2s.errors import S2SError
from s2s.history import History
from s2s.model import Seq2Seq
from s2s.vocab import Vocabulary

FORMAT = "seq2seq-explainer-checkpoint"
VERSION = 1


@dataclass
class Checkpoint:
    """ a loaded checkpoint: a ready model (on the cpu, eval mode) plus everything around it """

    model: Seq2Seq
    src_vocab: Vocabulary
    tgt_vocab: Vocabulary
    train_config: TrainConfig
    step: int = 0
    epoch: int = 0
    history: History = field(default_factory=History)
    optimizer_state: dict | None = None
    data: dict = field(default_factory=dict)  # corpus spec, filters and split seed of the run


def save_checkpoint(path: str | os.PathLike, model: Seq2Seq, src_vocab: Vocabulary, tgt_vocab: Vocabulary,
                    train_config: TrainConfig, step: int = 0, epoch: int = 0, history: History | None = None,
                    optimizer: torch.optim.Optimizer | None = None, data: dict | None = None) -> Path:
    """Write a checkpoint atomically (temp file in the same folder, fsync, os.replace)."""
    path = Path(path)
    payload = {
        "format": FORMAT, "version": VERSION,
        "model_config": to_dict(model.cfg), "train_config": to_dict(train_config),
        "src_vocab": src_vocab.to_dict(), "tgt_vocab": tgt_vocab.to_dict(),
        "model_state": {k: v.detach().cpu() for k, v in model.state_dict().items()},
        "optimizer_state": optimizer.state_dict() if optimizer is not None else None,
        "step": int(step), "epoch": int(epoch),
        "history": (history or History()).to_dict(), "data": dict(data or {}),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(payload, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for stale in path.parent.glob(f".{path.name}.*.tmp"):  # left by a process killed mid-write
        stale.unlink(missing_ok=True)
    return path


def _read(path: Path) -> dict:
    """torch.load with weights_only=True, every failure turned into one sentence."""
    if not path.exists():
        raise S2SError(f"checkpoint not found: {path}")
    if path.is_dir():
        raise S2SError(f"{path} is a folder, not a checkpoint file")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as err:
        if "unsupported global" in str(err).lower():
            raise S2SError(f"{path.name} was refused: it holds Python objects or code that a checkpoint "
                           "never contains, so it was not loaded") from None
        raise S2SError(f"{path.name} is not a readable checkpoint (truncated or corrupt file)") from None
    except Exception:  # torch.load on garbage raises many types (IndexError, RuntimeError, EOFError...)
        raise S2SError(f"{path.name} is not a readable checkpoint (truncated or corrupt file)") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise S2SError(f"{path.name} is a PyTorch file but not a Seq2Seq Explainer checkpoint")
    if payload.get("version", 0) > VERSION:
        raise S2SError(f"{path.name} was written by a newer version of this app (format {payload['version']})")
    return payload


def load_checkpoint(path: str | os.PathLike) -> Checkpoint:
    """Load and rebuild a checkpoint's model; incompatible contents give an S2SError."""
    path = Path(path)
    payload = _read(path)
    try:
        model_cfg = from_dict(ModelConfig, payload["model_config"]).validate()
        src_vocab = Vocabulary.from_dict(payload["src_vocab"])
        tgt_vocab = Vocabulary.from_dict(payload["tgt_vocab"])
        if (model_cfg.src_vocab_size, model_cfg.tgt_vocab_size) != (len(src_vocab), len(tgt_vocab)):
            raise ValueError("vocabulary sizes do not match the model")
        model = Seq2Seq(model_cfg)
        model.load_state_dict(payload["model_state"])
        history = History.from_dict(payload.get("history") or {})
        train_cfg = from_dict(TrainConfig, payload.get("train_config") or {})
    except S2SError:
        raise
    except (KeyError, TypeError, ValueError, RuntimeError, AssertionError) as err:
        reason = str(err).splitlines()[0][:160] if str(err) else type(err).__name__
        raise S2SError(f"{path.name} does not match this app's model ({reason})") from None
    model.eval()
    return Checkpoint(model, src_vocab, tgt_vocab, train_cfg, int(payload.get("step", 0)),
                      int(payload.get("epoch", 0)), history, payload.get("optimizer_state"),
                      dict(payload.get("data") or {}))
