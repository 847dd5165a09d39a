"""The copies of a run's model that pages inspect: the latest one, and earlier weights kept on a timeline.

Pages never touch the training model; they get a `ModelView` over a private CPU copy. The job decides
when the latest copy is re-made (at most every `view_every_s` while training runs, at once when paused)
and calls the methods that read the trainer with its lock held, so no copy is ever half-updated.
"""

from __future__ import annotations

import copy
from dataclasses import replace

from s2s.errors import S2SError
from s2s.live.timeline import Timeline
from s2s.train import Trainer
from s2s.view import ModelView


class ModelCopies:
    """ a run's inspectable copies: the latest `ModelView` and a bounded timeline of earlier weights """

    def __init__(self, capacity: int, interval: int):
        self.timeline = Timeline(capacity=capacity, interval=interval)
        self.latest: ModelView | None = None
        self._interval = interval
        self._run_id, self._corpus_name = 0, ""

    def reset(self, trainer: Trainer, run_id: int, corpus_name: str) -> None:
        """Forget the previous run's copies and keep this run's first weights on the timeline (lock held)."""
        self.latest, self._run_id, self._corpus_name = None, run_id, corpus_name
        self.timeline.clear()
        self.timeline.interval = self._interval
        self.record(trainer, force=True)

    def record(self, trainer: Trainer, force: bool = False) -> None:
        """Keep the trainer's weights on the timeline when its step is due (lock held)."""
        if force or self.timeline.due(trainer.step):
            state = {k: v.detach().to("cpu", copy=True) for k, v in trainer.model.state_dict().items()}
            self.timeline.add(trainer.step, state)

    def refresh(self, trainer: Trainer) -> ModelView:
        """The latest view, copied again when the trainer has stepped since (lock held)."""
        if self.latest is None or self.latest.step != trainer.step:
            model = copy.deepcopy(trainer.model).cpu().eval().requires_grad_(False)
            self.latest = ModelView(model, trainer.src_vocab, trainer.tgt_vocab, trainer.step, self._run_id,
                                    trainer.split, self._corpus_name)
        return self.latest

    def at_step(self, template: ModelView, step: int) -> ModelView:
        """The model as it was at `step`: `template`'s architecture with the timeline's weights (no lock needed);
        `template` itself when it is that step."""
        if step == template.step:
            return template
        if step not in self.timeline.steps():
            raise S2SError(f"no weights are stored for step {step}")
        model = copy.deepcopy(template.model)
        model.load_state_dict(self.timeline.get(step))
        return replace(template, model=model.eval().requires_grad_(False), step=step)
