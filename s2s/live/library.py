"""The run library: every run kept on disk with its settings, metrics history and weights.

Layout (one folder per run, so a follower process can read it and a delete is one rename):

    $S2S_HOME/runs/<id>/checkpoint.pt   the full checkpoint (weights, optimizer, history, run spec)
    $S2S_HOME/runs/<id>/run.json        what the Runs page lists without loading any weights
    $S2S_HOME/runs/.trash/<id>/         a deleted run, restorable until the trash is emptied

Both files are written atomically (temp file, then os.replace), the checkpoint first: a run.json always
describes a complete checkpoint. Listing never fails on one bad run: a folder whose run.json cannot be read
is reported as a `Problem` and skipped, and checkpoints are read with weights_only=True.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from s2s.analysis.runs import RunRecord
from s2s.bugs import active_bug
from s2s.checkpoint import Checkpoint, load_checkpoint, remove_stale_temps, write_atomic
from s2s.errors import S2SError
from s2s.live.runspec import RunSpec, save_run, spec_of
from s2s.train import Trainer

TRASH = ".trash"
RUN_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # what new_id makes: lowercase words joined by dashes
ORIGINS = ("trained", "experiment", "prepared", "uploaded")  # how a run came into the library


@dataclass(frozen=True)
class RunInfo:
    """ what the library knows about one run without loading its weights (the content of run.json) """

    id: str  # folder name: unique, safe in a path and a URL
    name: str  # shown to people ("classic · small", "teacher forcing 0.0", a file name)
    origin: str  # one of ORIGINS
    created: float  # time.time() when the run was first stored
    updated: float  # time.time() of the last save
    spec: RunSpec
    step: int = 0
    train_seconds: float = 0.0  # training time (pauses and evaluations excluded)
    bleu: float | None = None  # last validation BLEU, None before the first evaluation
    exact_match: float | None = None
    n_params: int = 0
    group: str = ""  # runs made together (an experiment or a prepared pair) share this
    size_bytes: int = 0  # of the folder, measured when listed (not stored)

    @property
    def bug(self) -> str:
        """The key of the documented bug this run switched on, '' for a correct run."""
        bug = active_bug(self.spec.model, self.spec.train)
        return bug.key if bug else ""

    def record(self, steps: dict, evals: dict, step: int | None = None,
               train_seconds: float | None = None) -> RunRecord:
        """This run as a comparison sees it, with its metrics history (the live one for the current run)."""
        m = self.spec.model
        return RunRecord(self.name, m.kind, m.embed_dim, m.hidden_dim, self.n_params,
                         self.step if step is None else step,
                         self.train_seconds if train_seconds is None else train_seconds, steps, evals, self.bug)

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("size_bytes")
        data["spec"] = self.spec.to_dict()
        return data

    @classmethod
    def from_json(cls, data: dict) -> "RunInfo":
        data = dict(data)
        spec = RunSpec.from_dict(data.pop("spec"))
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "size_bytes"}
        return cls(spec=spec, **known)


@dataclass(frozen=True)
class Problem:
    """ a run folder that could not be listed, and why (shown on the Runs page, never fatal) """

    id: str
    reason: str


@dataclass
class Listing:
    """ the library's runs, newest first, and the folders that were skipped """

    runs: list[RunInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def get(self, run_id: str) -> RunInfo | None:
        return next((r for r in self.runs if r.id == run_id), None)


def _write_json(path: Path, data: dict) -> None:
    write_atomic(path, json.dumps(data, indent=1).encode("utf-8"))


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def slug(text: str) -> str:
    """Letters, digits and dashes only: safe as a folder name and in a URL."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower())[:48].strip("-") or "run"


class RunLibrary:
    """ the runs kept under one folder: save, list, load, delete (undoable), prune """

    def __init__(self, home: Path):
        self.root = Path(home) / "runs"

    def folder(self, run_id: str) -> Path:
        if not RUN_ID.fullmatch(run_id or ""):  # ids come from widgets and files: never a path outside the library
            raise S2SError(f"{run_id!r} is not a run id")
        return self.root / run_id

    def checkpoint_path(self, run_id: str) -> Path:
        return self.folder(run_id) / "checkpoint.pt"

    def remove_stale_temps(self) -> None:
        """Delete the temporary files of writes cut short by a killed server, in every run folder."""
        if self.root.is_dir():
            for folder in self.root.iterdir():
                remove_stale_temps(folder / "checkpoint.pt")
                remove_stale_temps(folder / "run.json")

    def new_id(self, name: str) -> str:
        """A fresh id: the date and time, then the name (made unique with a counter)."""
        base = f"{time.strftime('%Y%m%d-%H%M%S')}-{slug(name)}"
        run_id, n = base, 2
        while (self.root / run_id).exists() or (self.root / TRASH / run_id).exists():
            run_id, n = f"{base}-{n}", n + 1
        return run_id

    # ---- writing ------------------------------------------------------------------------------------
    def save(self, run_id: str, trainer: Trainer, spec: RunSpec, name: str = "", origin: str = "trained",
             group: str = "") -> RunInfo:
        """Write the run's checkpoint, then its run.json (both atomic); keeps name/origin/created of an earlier save.

        The caller holds whatever lock keeps the trainer still. OSError when the disk refuses.
        """
        folder = self.folder(run_id)
        folder.mkdir(parents=True, exist_ok=True)
        save_run(folder / "checkpoint.pt", trainer, spec)
        return self._write_info(run_id, spec, trainer.step, trainer.history, trainer.model, name, origin, group)

    def _write_info(self, run_id, spec, step, history, model, name, origin, group) -> RunInfo:
        old = self._read_info(run_id) if (self.folder(run_id) / "run.json").exists() else None
        last = history.last_eval or {}
        now = time.time()
        info = RunInfo(
            id=run_id, name=old.name if old and not name else name or default_name(spec),
            origin=old.origin if old else origin, created=old.created if old else now, updated=now,
            spec=spec, step=int(step), train_seconds=float(history.train_seconds),
            bleu=last.get("bleu"), exact_match=last.get("exact_match"),
            n_params=sum(p.numel() for p in model.parameters()), group=old.group if old and not group else group)
        _write_json(self.folder(run_id) / "run.json", info.to_json())
        return info

    def import_file(self, path: str | os.PathLike, name: str, origin: str = "uploaded") -> RunInfo:
        """Check a checkpoint file (weights_only load) and keep a copy in the library; S2SError if unusable."""
        ckpt = load_checkpoint(path)
        spec = spec_of(ckpt, Path(path).name)
        run_id = self.new_id(name)
        folder = self.folder(run_id)
        folder.mkdir(parents=True)
        write_atomic(folder / "checkpoint.pt", Path(path).read_bytes())
        return self._write_info(run_id, spec, ckpt.step, ckpt.history, ckpt.model, name, origin, "")

    # ---- reading ------------------------------------------------------------------------------------
    def _read_info(self, run_id: str) -> RunInfo:
        with open(self.folder(run_id) / "run.json", encoding="utf-8") as f:
            return RunInfo.from_json(json.load(f))

    def list(self) -> Listing:
        """Every run, newest first; unreadable folders are reported in `problems` and skipped."""
        listing = Listing()
        if not self.root.is_dir():
            return listing
        for folder in sorted(self.root.iterdir()):
            if folder.name.startswith(".") or not folder.is_dir():
                continue
            try:
                info = self._read_info(folder.name)
                if not (folder / "checkpoint.pt").is_file():
                    raise S2SError("its checkpoint.pt is missing")
                listing.runs.append(replace(info, size_bytes=_folder_size(folder)))
            except (OSError, ValueError, KeyError, TypeError, S2SError) as err:
                reason = str(err) if isinstance(err, S2SError) else f"run.json is unreadable ({type(err).__name__})"
                listing.problems.append(Problem(folder.name, reason))
        listing.runs.sort(key=lambda r: r.updated, reverse=True)
        return listing

    def load(self, run_id: str) -> Checkpoint:
        """The run's checkpoint (weights_only); S2SError when it is gone or corrupt."""
        path = self.checkpoint_path(run_id)
        if not path.is_file():
            raise S2SError(f"the run {run_id} is no longer in the library")
        return load_checkpoint(path)

    def disk_used(self) -> int:
        """Bytes used by the library, the trash included."""
        return _folder_size(self.root) if self.root.is_dir() else 0

    # ---- deleting -----------------------------------------------------------------------------------
    def delete(self, run_id: str, current: str | None = None) -> None:
        """Move a run to the trash (undo with `restore`); the run training now is refused with a message."""
        if run_id == current:
            raise S2SError("this run is training now; start or load another run before deleting it")
        folder = self.folder(run_id)
        if not folder.is_dir():
            raise S2SError(f"the run {run_id} is no longer in the library")
        trash = self.root / TRASH
        trash.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(trash / run_id, ignore_errors=True)
        os.replace(folder, trash / run_id)

    def restore(self, run_id: str) -> None:
        """Bring a deleted run back from the trash."""
        source = self.root / TRASH / self.folder(run_id).name
        if not source.is_dir():
            raise S2SError(f"the run {run_id} is not in the trash any more")
        os.replace(source, self.folder(run_id))

    def prune(self, keep: int, current: str | None = None) -> list[str]:
        """Delete all but the `keep` most recently updated runs (never the current one), and empty the trash."""
        runs = [r for r in self.list().runs if r.id != current]
        doomed = [r.id for r in runs[max(0, keep - (1 if current else 0)):]]
        for run_id in doomed:
            shutil.rmtree(self.folder(run_id), ignore_errors=True)
        shutil.rmtree(self.root / TRASH, ignore_errors=True)
        return doomed


def default_name(spec: RunSpec) -> str:
    """'attention · small · teacher forcing 0.5' plus the bug, if any: enough to tell runs apart."""
    bug = active_bug(spec.model, spec.train)
    parts = [spec.model.kind, spec.preset, f"teacher forcing {spec.train.teacher_forcing:g}"]
    return " · ".join(parts + ([f"bug: {bug.key}"] if bug else []))
