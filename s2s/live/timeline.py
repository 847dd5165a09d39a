"""A bounded set of earlier weight snapshots, so a page can inspect the model as it was at step k.

Snapshots are taken every `interval` steps. When there are more than `capacity`, every other one is
dropped and the interval doubles, so the kept steps stay evenly spread from the start of training to
now and memory stays bounded however long the run lasts.
"""

from __future__ import annotations

import threading

import torch


class Timeline:
    """ step -> a CPU copy of the model's weights, evenly thinned """

    def __init__(self, capacity: int = 16, interval: int = 50):
        assert capacity >= 2 and interval >= 1, "a timeline keeps at least two snapshots"
        self.capacity, self.interval = capacity, interval
        self._items: dict[int, dict[str, torch.Tensor]] = {}
        self._lock = threading.Lock()

    def due(self, step: int) -> bool:
        """True when a snapshot should be taken at this step."""
        return step % self.interval == 0 and step not in self._items

    def add(self, step: int, state: dict[str, torch.Tensor]) -> None:
        """Keep a copy of `state` (already detached CPU tensors) for `step`."""
        with self._lock:
            self._items[step] = state
            while len(self._items) > self.capacity:
                self.interval *= 2
                self._items = {s: w for s, w in self._items.items() if s % self.interval == 0 or s == step}

    def steps(self) -> tuple[int, ...]:
        with self._lock:
            return tuple(sorted(self._items))

    def get(self, step: int) -> dict[str, torch.Tensor]:
        with self._lock:
            return self._items[step]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
