"""Checkpoints: one file with everything needed to resume or inspect a run, written atomically.

Saving writes a temporary file next to the target and renames it into place with `os.replace`, so a
crash mid-write leaves the previous checkpoint intact; the temporary file a crash leaves behind is
removed by the next save, or the next job start (`remove_stale_temps`). For the crash tests, a write
can be held at a named point inside it (`$S2S_CHECKPOINT_FAULT`, see `_fault_point`). Loading uses
`torch.load(weights_only=True)`, which refuses pickled code, and every failure becomes one clear
`S2SError` sentence.
"""

from __future__ import annotations

import io
import os
import pickle
import pickletools
import signal
import sys
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
FAULT_POINTS = ("opened", "half_written", "before_fsync", "before_replace")  # see _fault_point


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
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    write_atomic(path, buffer.getbuffer())
    remove_stale_temps(path)
    return path


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def write_atomic(path: Path, data: bytes | memoryview) -> None:
    """Write `data` to a temporary file in `path`'s folder, fsync it, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            _fault_point("opened")
            half = len(data) // 2
            f.write(data[:half])
            f.flush()
            _fault_point("half_written")
            f.write(data[half:])
            f.flush()
            _fault_point("before_fsync")
            os.fsync(f.fileno())
        _fault_point("before_replace")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stale_temps(path: str | os.PathLike) -> list[Path]:
    """Temporary files of unfinished writes of `path` (the names `write_atomic` gives them)."""
    path = Path(path)
    return sorted(path.parent.glob(f"{_temp_prefix(path)}*.tmp"))


def remove_stale_temps(path: str | os.PathLike) -> None:
    """Delete what a process killed in the middle of writing `path` left behind (one writer per path)."""
    for stale in stale_temps(path):
        stale.unlink(missing_ok=True)


def _fault_point(name: str) -> None:
    """Fault injection for the crash tests: when $S2S_CHECKPOINT_FAULT names this point, hold the write here.

    It says so in one line on stderr and waits for a signal, so a test can kill the writer at exactly
    this point, or interrupt it and see the write finish. Unset (always, outside tests), it does nothing.
    """
    if os.environ.get("S2S_CHECKPOINT_FAULT") == name:
        print(f"checkpoint write held at: {name}", file=sys.stderr, flush=True)
        signal.pause()


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
        if _is_plain_pickle(path):
            raise S2SError(f"{path.name} was refused: it is a plain Python pickle, not a PyTorch checkpoint, and "
                           "unpickling one can run code, so it was not loaded") from None
        raise S2SError(f"{path.name} is not a readable checkpoint (truncated or corrupt file)") from None
    except Exception:  # torch.load on garbage raises many types (IndexError, RuntimeError, EOFError...)
        raise S2SError(f"{path.name} is not a readable checkpoint (truncated or corrupt file)") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise S2SError(f"{path.name} is a PyTorch file but not a Seq2Seq Explainer checkpoint")
    if payload.get("version", 0) > VERSION:
        raise S2SError(f"{path.name} was written by a newer version of this app (format {payload['version']})")
    return payload


def _is_plain_pickle(path: Path) -> bool:
    """True when the file parses as a complete pickle stream (opcodes read, nothing executed)."""
    try:
        with open(path, "rb") as f:
            for _ in pickletools.genops(f):
                pass
        return True
    except Exception:  # noqa: BLE001 - any parse failure means: not a pickle
        return False


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
