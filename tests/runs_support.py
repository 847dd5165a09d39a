"""Runs stored in a run library before an app starts on it: two short trainings with evaluations in their history."""

from dataclasses import replace
from pathlib import Path

from s2s.bugs import with_bug
from s2s.config import TrainConfig
from s2s.live.library import RunInfo, RunLibrary
from s2s.live.runspec import RunSpec, build_trainer


def store_run(home: Path, name: str, bug: str = "", steps: int = 12, teacher_forcing: float = 0.5,
              kind: str = "classic", origin: str = "trained", group: str = "") -> RunInfo:
    """Train the small model briefly on the built-in corpus (two evaluations) and keep it in `home`'s library."""
    spec = RunSpec.make("small", kind=kind, name=name, train=TrainConfig(teacher_forcing=teacher_forcing))
    if bug:
        model_cfg, train_cfg = with_bug(spec.model, spec.train, bug)
        spec = replace(spec, model=model_cfg, train=train_cfg)
    trainer, _ = build_trainer(spec)
    for step in range(1, steps + 1):
        trainer.train_step()
        if step % (steps // 2) == 0:
            trainer.evaluate(limit=40)
    library = RunLibrary(home)
    return library.save(library.new_id(name), trainer, spec, name=name, origin=origin, group=group)
