"""Where a training job keeps its runs on disk: the autosave, the previous run, saves and loads.

A mixin of `TrainingJob`, kept apart so the thread logic and the file logic each stay readable. Every
write is atomic (see checkpoint.py); a failed autosave becomes a warning and training goes on, and a
run that is replaced is kept as previous.pt so nothing a class trained is lost by a restart.
"""

from __future__ import annotations

import os
from pathlib import Path

from s2s.build import restore_trainer
from s2s.checkpoint import load_checkpoint, save_checkpoint
from s2s.errors import S2SError
from s2s.live.runspec import RunSpec, split_for
from s2s.live.snapshot import PAUSED, RUNNING
from s2s.live.support import device_of


class RunFiles:
    """ the file side of TrainingJob (expects its home, lock, trainer, spec, stop and _install) """

    @property
    def autosave_path(self) -> Path:
        return self.home / "autosave.pt"

    @property
    def previous_path(self) -> Path:
        """The run that was replaced by the last restart or load (to compare, e.g. classic vs attention)."""
        return self.home / "previous.pt"

    def _retire_current(self) -> None:
        """Stop the current run and keep its final state as previous.pt (the autosave slot is reused)."""
        self.stop(save=True)
        if self.autosave_path.exists():
            try:
                os.replace(self.autosave_path, self.previous_path)
            except OSError as err:
                self._warning = f"could not keep the previous run ({err.strerror or err})"
        self._autosaved_step = -1

    def resume_autosave(self) -> bool:
        """Continue the last autosaved run, paused so the teacher decides; False when there is none."""
        if not self.autosave_path.exists():
            return False
        try:
            ckpt = load_checkpoint(self.autosave_path)
            spec = RunSpec.from_dict(ckpt.data["spec"])
            trainer = restore_trainer(ckpt, split_for(spec), device_of(spec))
        except (S2SError, KeyError, TypeError, ValueError) as err:
            self._warning = f"the last autosave could not be resumed ({err}); starting a new run"
            return False
        self._install(spec, trainer, PAUSED, f"resumed from the autosave at step {ckpt.step}; press Resume")
        self._autosaved_step = trainer.step
        return True

    def save(self, path: str | os.PathLike) -> Path:
        """Write the current run to `path` (atomic), e.g. for a download."""
        with self._lock:
            if self._trainer is None:
                raise S2SError("there is no training run to save")
            return self._save_locked(Path(path))

    def load(self, path: str | os.PathLike, paused: bool = True) -> None:
        """Continue from a checkpoint file (its run spec, or the current one for a CLI checkpoint)."""
        ckpt = load_checkpoint(path)
        spec = RunSpec.from_dict(ckpt.data["spec"]) if "spec" in ckpt.data else self._spec_from_cli(ckpt)
        trainer = restore_trainer(ckpt, split_for(spec), device_of(spec))
        self._retire_current()
        self._install(spec, trainer, PAUSED if paused else RUNNING, f"loaded a checkpoint at step {ckpt.step}")

    @staticmethod
    def _spec_from_cli(ckpt) -> RunSpec:
        data = ckpt.data
        return RunSpec(corpus=data.get("corpus", "builtin"), max_words=data.get("max_words"),
                       prefixes=data.get("prefixes") or None, preset="custom", model=ckpt.model.cfg,
                       train=ckpt.train_config, corpus_name=str(data.get("corpus", "builtin")))

    def _autosave(self) -> None:
        """Save to the run folder; a failure becomes a warning and training goes on."""
        with self._lock:
            if self._trainer is None or self._trainer.step == self._autosaved_step:
                return
            try:
                self._save_locked(self.autosave_path)
                self._autosaved_step, self._warning = self._trainer.step, ""
            except OSError as err:
                self._warning = f"autosave to {self.autosave_path} failed ({err.strerror or err}); training goes on"

    def _save_locked(self, path: Path) -> Path:
        tr = self._trainer
        return save_checkpoint(path, tr.model, tr.src_vocab, tr.tgt_vocab, tr.cfg, tr.step, tr.epoch,
                               tr.history, tr.optimizer, {"spec": self._spec.to_dict(), "seed": tr.cfg.seed})
