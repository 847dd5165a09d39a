"""One model copy for everyone who arrives together, so per-model work is done once for a class.

While training runs, each session pins the copy it first saw (pages/_job.current_view), and the job publishes
a new copy about every second. Sixty students opening the link within a minute would then pin up to sixty
different copies, and everything computed per model (the Bottleneck page's held-out translations, the
examples search, the Encoder's sentence map) would be computed once per copy: seconds of CPU each, taken
from the server while the class waits. `Arrivals` hands every session that arrives within `window_s` of the
first the same copy; "Load latest" on a page still fetches the newest one.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

from s2s.view import ModelView

WINDOW_S = 20.0


class Arrivals:
    """ the copy new sessions pin while training runs, renewed at most once per `window_s` """

    def __init__(self, window_s: float = WINDOW_S, clock: Callable[[], float] = time.monotonic):
        self.window_s, self._clock = window_s, clock
        self._lock = threading.Lock()
        self._view: ModelView | None = None
        self._taken = 0.0

    def view(self, run_id: int, latest: Callable[[], ModelView]) -> ModelView:
        """The shared copy of run `run_id`, or `latest()` when there is none yet, it is of another run, or it is
        older than the window."""
        with self._lock:
            now = self._clock()
            stale = self._view is None or self._view.run_id != run_id or now - self._taken >= self.window_s
            if stale:
                self._view, self._taken = latest(), now
            return self._view
