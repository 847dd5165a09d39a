"""A small shared result cache: the least recently used results, each computed once however many ask at once.

The app server answers many sessions at the same time, and most of them want the same thing computed from
the same model (the same held-out evaluation, the same figure of the same snapshot). This cache lets the
first caller compute a result while the others wait for it, and keeps a bounded number of results.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable

from s2s.runtime import at_low_priority


class ResultCache:
    """ a small least-recently-used cache; concurrent callers asking for one key compute it once """

    def __init__(self, capacity: int = 24, low_priority: bool = False):
        self.capacity = capacity
        self.low_priority = low_priority  # heavy results: computed at a lower CPU priority (runtime.at_low_priority)
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict = {}

    def get_or_compute(self, key, compute: Callable[[], object]):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:  # a second session asking for the same model waits here instead of recomputing
            with self._lock:
                if key in self._items:
                    return self._items[key]
            try:
                value = at_low_priority(compute) if self.low_priority else compute()
            finally:
                with self._lock:
                    self._key_locks.pop(key, None)
            with self._lock:
                self._items[key] = value
                while len(self._items) > self.capacity:
                    self._items.popitem(last=False)
            return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
