"""Where a training job keeps its runs on disk: the autosave, the previous run, saves and loads.

`RunFiles` is an object the job holds: it knows paths and checkpoint formats, never the job's thread or
lock. The job hands it a trainer and spec to write (with its lock held), or gets a rebuilt trainer and
spec back from a file. Every write is atomic (see checkpoint.py), and a run that is replaced is kept
as previous.pt so nothing a class trained is lost by a restart.
"""

from __future__ import annotations

import os
from pathlib import Path

from s2s.build import restore_trainer
from s2s.checkpoint import Checkpoint, load_checkpoint, remove_stale_temps, save_checkpoint
from s2s.errors import S2SError
from s2s.live.runspec import RunSpec, split_for
from s2s.runtime import resolve_device
from s2s.train import Trainer


class RunFiles:
    """ the run folder of one job: autosave.pt, previous.pt, and saving/reading runs anywhere """

    def __init__(self, home: Path):
        self.home = Path(home)
        remove_stale_temps(self.autosave_path)  # left by a server killed in the middle of an autosave

    @property
    def autosave_path(self) -> Path:
        return self.home / "autosave.pt"

    @property
    def previous_path(self) -> Path:
        """The run that was replaced by the last restart or load (to compare, e.g. classic vs attention)."""
        return self.home / "previous.pt"

    def save(self, path: str | os.PathLike, trainer: Trainer, spec: RunSpec) -> Path:
        """Write `trainer`'s run (weights, optimizer, history, spec) to `path` atomically; OSError on failure.

        The caller holds whatever lock keeps the trainer still while it is written.
        """
        tr = trainer
        return save_checkpoint(Path(path), tr.model, tr.src_vocab, tr.tgt_vocab, tr.train_cfg, tr.step, tr.epoch,
                               tr.history, tr.optimizer, {"spec": spec.to_dict(), "seed": tr.train_cfg.seed})

    def read(self, path: str | os.PathLike) -> tuple[RunSpec, Trainer]:
        """Rebuild the run stored in `path` (its spec, or one made from a CLI checkpoint); S2SError if unusable."""
        ckpt = load_checkpoint(path)
        try:
            spec = RunSpec.from_dict(ckpt.data["spec"]) if "spec" in ckpt.data else spec_from_cli(ckpt)
        except (KeyError, TypeError, ValueError) as err:
            raise S2SError(f"{Path(path).name} holds a run description this app cannot read ({err})") from None
        return spec, restore_trainer(ckpt, split_for(spec), resolve_device(spec.device))

    def retire_autosave(self) -> str:
        """Keep the autosave as previous.pt (the autosave slot is then free); a warning text, or '' when fine."""
        if not self.autosave_path.exists():
            return ""
        try:
            os.replace(self.autosave_path, self.previous_path)
        except OSError as err:
            return f"could not keep the previous run ({err.strerror or err})"
        return ""


def spec_from_cli(ckpt: Checkpoint) -> RunSpec:
    """The run spec of a checkpoint written by `python -m s2s train` (it stores the corpus, not a spec)."""
    data = ckpt.data
    return RunSpec(corpus=data.get("corpus", "builtin"), max_words=data.get("max_words"),
                   prefixes=data.get("prefixes") or None, preset="custom", model=ckpt.model.cfg,
                   train=ckpt.train_config, corpus_name=str(data.get("corpus", "builtin")))
