"""The training thread's mechanics, apart from what a step means: when to step, who goes first, what runs between.

`StepLoop` owns the thread and its stop/wake events. Before each step it takes the job's `turn` lock and
then the trainer lock, so a control waiting on `turn` goes before the next step (Pause, Step and setting
changes apply within one step). Between steps it runs the job's periodic work on `Clocks`. Any exception
from a step or from periodic work is handed to `fail`, so the thread never dies silently.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Callable

from s2s.runtime import start_low_priority


@dataclass
class JobTiming:
    """ how often the thread does its periodic work (seconds, or steps for the timeline) """

    eval_every_s: float = 10.0
    probe_every_s: float = 3.0
    publish_every_s: float = 0.25
    view_every_s: float = 1.0  # how stale the inspected copy may be while training runs
    trim_every_s: float = 10.0  # hand freed memory back to the operating system
    autosave_every_s: float = 180.0
    timeline_every: int = 50
    good_copy_every: int = 25  # steps between copies of the last finite state (and on every pause)
    eval_pairs: int = 300


class Clocks:
    """ named periodic tasks, each run when its interval has passed since it last finished """

    def __init__(self, at_once: tuple[str, ...], later: tuple[str, ...]):
        now = time.monotonic()
        self._done = {name: -math.inf for name in at_once} | {name: now for name in later}

    def run(self, name: str, every_s: float, task: Callable[[], object], force: bool = False) -> None:
        """Run `task` if `every_s` seconds passed since it last finished, or when `force`d."""
        if force or time.monotonic() - self._done[name] >= every_s:
            task()
            self._done[name] = time.monotonic()


class Background:
    """ one task at a time in a low-priority thread of its own, so the step loop never waits for it """

    def __init__(self, name: str):
        self.name = name
        self._thread: threading.Thread | None = None

    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, task: Callable[[], None]) -> bool:
        """Start `task` unless the previous one is still running (then False: it is skipped, not queued)."""
        if self.busy():
            return False
        self._thread = start_low_priority(task, self.name)
        return True

    def join(self, timeout_s: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout_s)


@dataclass(frozen=True)
class StepWork:
    """ what the job does in its thread: each callable is the job's own """

    wants_step: Callable[[], bool]  # read without the lock: a cheap "is there anything to do?"
    step_locked: Callable[[], None]  # one training step and its bookkeeping, called with the lock held
    between: Callable[[Clocks], None]  # periodic work after a step, without the lock
    fail: Callable[[Exception], None]  # turns any exception into the job's visible error state
    clocks: Callable[[], Clocks]  # fresh clocks for each thread (a new run starts its periodic work anew)


class StepLoop:
    """ one background thread stepping a job while it wants steps; started and stopped by the job """

    def __init__(self, lock: threading.RLock, turn: threading.Lock):
        self._lock, self._turn = lock, turn
        self._wake, self._stop = threading.Event(), threading.Event()
        self.thread: threading.Thread | None = None

    def start(self, work: StepWork, prepare: Callable[[], None]) -> None:
        """Start the thread; `prepare` runs first inside it (e.g. the thread's CPU thread count)."""
        self._stop.clear()
        self.thread = threading.Thread(target=self._run, args=(work, prepare), name="s2s-training", daemon=True)
        self.thread.start()

    def stop(self, timeout_s: float = 30) -> None:
        """Ask the thread to end and wait for the step in progress (at most `timeout_s`)."""
        self._stop.set()
        self._wake.set()
        if self.thread is not None:
            self.thread.join(timeout=timeout_s)
            self.thread = None

    def wake(self) -> None:
        """A paused thread checks for work now instead of at its next 0.1 s poll."""
        self._wake.set()

    def _run(self, work: StepWork, prepare: Callable[[], None]) -> None:
        prepare()
        clocks = work.clocks()
        while not self._stop.is_set():
            if not work.wants_step():
                self._wake.wait(0.1)
                self._wake.clear()
                continue
            try:
                with self._turn:  # a control waiting for the lock goes first
                    self._lock.acquire()
                try:
                    stepped = work.wants_step()  # not paused while we waited for the lock
                    if stepped:
                        work.step_locked()
                finally:
                    self._lock.release()
                if stepped:
                    work.between(clocks)
            except Exception as err:  # noqa: BLE001 - any failure must become a visible state
                work.fail(err)
