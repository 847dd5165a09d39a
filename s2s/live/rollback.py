"""The last finite training state, so a NaN or an infinity rolls the run back instead of poisoning it.

A skipped update (the trainer does not apply a non-finite loss or gradient) keeps the weights, but a
NaN that already reached a weight makes every later loss NaN too: "lower the learning rate and resume"
would fail at once. So the job keeps a copy of the model's and the optimizer's tensors, taken only when
every one of them is finite, and puts it back when anything goes non-finite. Copies are taken every few
steps and on pause, not every step, so the cost stays a small fraction of training.
"""

from __future__ import annotations

import math
from typing import Iterator

import torch

from s2s.train import StepStats, Trainer


def _tensors(tree) -> Iterator[torch.Tensor]:
    """Every tensor inside nested dicts, lists and tuples (an optimizer state_dict's shape)."""
    if isinstance(tree, torch.Tensor):
        yield tree
    elif isinstance(tree, dict):
        for value in tree.values():
            yield from _tensors(value)
    elif isinstance(tree, (list, tuple)):
        for value in tree:
            yield from _tensors(value)


def _clone(tree):
    """A deep copy of `tree` in which every tensor is a fresh detached copy on the same device."""
    if isinstance(tree, torch.Tensor):
        return tree.detach().clone()
    if isinstance(tree, dict):
        return {k: _clone(v) for k, v in tree.items()}
    if isinstance(tree, (list, tuple)):
        return type(tree)(_clone(v) for v in tree)
    return tree


def all_finite(tree) -> bool:
    """True when no floating-point tensor in `tree` holds a NaN or an infinity (one device sync)."""
    flags = [torch.isfinite(t).all() for t in _tensors(tree) if t.is_floating_point()]
    return bool(torch.stack(flags).all()) if flags else True


class LastGood:
    """ a copy of a trainer's model and optimizer tensors from the last step where all were finite """

    def __init__(self):
        self.step = -1  # the step whose state is kept; -1 before the first copy
        self._model: dict[str, torch.Tensor] | None = None
        self._optimizer: dict | None = None

    def take(self, trainer: Trainer, step: int) -> bool:
        """Keep the trainer's current state as that of `step`; False (and nothing kept) if any value is not finite."""
        model_state, optimizer_state = trainer.model.state_dict(), trainer.optimizer.state_dict()["state"]
        if not (all_finite(model_state) and all_finite(optimizer_state)):
            return False
        self._model, self._optimizer, self.step = _clone(model_state), _clone(optimizer_state), step
        return True

    def restore(self, trainer: Trainer) -> bool:
        """Put the kept state back into the trainer; False when nothing was ever kept.

        Only the optimizer's per-parameter state goes back: its hyperparameters (the learning rate the
        teacher just lowered) stay as they are now. The kept copy is cloned again, because the optimizer
        updates the tensors it is given in place.
        """
        if self._model is None:
            return False
        trainer.model.load_state_dict(self._model)
        groups = trainer.optimizer.state_dict()["param_groups"]
        trainer.optimizer.load_state_dict({"state": _clone(self._optimizer), "param_groups": groups})
        return True

    def after_step(self, trainer: Trainer, stats: StepStats, due: bool) -> str:
        """Keep the state after a finite step when `due`; after a non-finite one, go back and say so.

        A skipped update (non-finite loss or gradient) leaves finite weights as they were: they become the
        last good state. A non-finite weight or optimizer value brings back the kept copy instead. Returns
        the message for the teacher, or '' when training may go on.
        """
        if stats.applied and not due:
            return ""
        kept = self.take(trainer, stats.step if stats.applied else stats.step - 1)
        if stats.applied and kept:
            return ""
        restored = kept or self.restore(trainer)
        return rollback_message(stats, self.step if restored else None)


def rollback_message(stats: StepStats, kept_step: int | None) -> str:
    """What the teacher reads after a non-finite step: the cause, and which step's state training holds now."""
    if not math.isfinite(stats.loss):
        cause = f"the loss became {stats.loss}"
    elif not math.isfinite(stats.grad_norm):
        cause = f"the gradient became {stats.grad_norm} (loss {stats.loss:.3f})"
    else:
        cause = "a weight or optimizer value became non-finite"
    if kept_step is None:
        return f"paused: {cause} at step {stats.step} and no finite state was kept to go back to; restart the run"
    return (f"paused: {cause} at step {stats.step}, so training went back to the last good weights and optimizer "
            f"state (those of step {kept_step}); lower the learning rate and resume")
