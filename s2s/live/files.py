"""Where a training job keeps its runs on disk: every run in the run library, and which one is current.

`RunFiles` is an object the job holds: it knows paths and checkpoint formats, never the job's thread or
lock. Each run the job trains gets its own library folder from the start (library.py); autosaves write
there, so a run that is replaced, a server restart or a crash loses nothing, and the Runs page lists the
current run with the others. A small `current` file names the run to resume after a restart. Every write
is atomic (see checkpoint.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from s2s.build import restore_trainer
from s2s.checkpoint import load_checkpoint, remove_stale_temps
from s2s.errors import S2SError
from s2s.live.library import RunLibrary, default_name
from s2s.live.runspec import RunSpec, save_run, spec_of, split_for
from s2s.runtime import resolve_device
from s2s.train import Trainer

LEGACY = ("previous.pt", "autosave.pt")  # single-file runs kept by earlier versions, imported once, oldest first


class RunFiles:
    """ the run folder of one job: the run library, the current run's id, saving and reading runs anywhere """

    def __init__(self, home: Path):
        self.home = Path(home)
        self.library = RunLibrary(self.home)
        self.current: str | None = None  # library id of the run the job holds
        for name in LEGACY:  # left by a server killed in the middle of a write
            remove_stale_temps(self.home / name)
        self.library.remove_stale_temps()

    @property
    def pointer_path(self) -> Path:
        """A one-line file with the id of the run to resume when the server starts again."""
        return self.home / "current"

    @property
    def autosave_path(self) -> Path:
        """Where the current run is autosaved: its checkpoint in the library."""
        if self.current is None:
            raise S2SError("there is no current run")
        return self.library.checkpoint_path(self.current)

    def begin(self, spec: RunSpec) -> str:
        """A new library id for a run about to start; it becomes the current run."""
        self.current = self.library.new_id(spec.name or default_name(spec))
        return self.current

    def adopt(self, path: str | os.PathLike) -> str:
        """The library id of a checkpoint file: its own if it is in the library, else that of a fresh copy."""
        path = Path(path).resolve()
        if path.name == "checkpoint.pt" and path.parent.parent == self.library.root.resolve():
            return path.parent.name
        return self.library.import_file(path, path.name).id

    def autosave(self, trainer: Trainer, spec: RunSpec) -> None:
        """Save the current run to its library folder and remember it as the one to resume; OSError on failure."""
        origin = "experiment" if spec.group else "trained"
        self.library.save(self.current, trainer, spec, name=spec.name, origin=origin, group=spec.group)
        tmp = self.pointer_path.with_suffix(".tmp")
        tmp.write_text(self.current, encoding="utf-8")
        os.replace(tmp, self.pointer_path)

    def resume_id(self) -> str | None:
        """The run to resume after a restart (imported from an older version's autosave.pt if need be)."""
        self._import_legacy()
        try:
            run_id = self.pointer_path.read_text(encoding="utf-8").strip()
            return run_id if self.library.checkpoint_path(run_id).is_file() else None
        except (OSError, S2SError):
            return None

    def _import_legacy(self) -> None:
        for name in LEGACY:
            old = self.home / name
            if not old.is_file():
                continue
            try:
                run_id = self.library.import_file(old, name.removesuffix(".pt") + " run", origin="trained").id
            except S2SError:
                continue  # unreadable: left where it is, as it was
            old.unlink()
            if name == "autosave.pt":
                self.pointer_path.write_text(run_id, encoding="utf-8")

    def save(self, path: str | os.PathLike, trainer: Trainer, spec: RunSpec) -> Path:
        """Write `trainer`'s run (weights, optimizer, history, spec) to `path` atomically; OSError on failure.

        The caller holds whatever lock keeps the trainer still while it is written.
        """
        return save_run(Path(path), trainer, spec)

    def read(self, path: str | os.PathLike) -> tuple[RunSpec, Trainer]:
        """Rebuild the run stored in `path` (its spec, or one made from a CLI checkpoint); S2SError if unusable."""
        ckpt = load_checkpoint(path)
        spec = spec_of(ckpt, Path(path).name)
        return spec, restore_trainer(ckpt, split_for(spec), resolve_device(spec.device))
