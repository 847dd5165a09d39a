"""The background training job: one thread trains while any number of readers watch and inspect.

`TrainingJob` owns the thread, a lock around the trainer, and the pause/step/stop events. Readers
call `snapshot()` (a frozen record swapped in by reference, no lock) and `inspect_model()` (a copy of
the weights taken under the lock, so never half-updated). The thread never touches any UI; it
reports through snapshots only. Faults pause or stop the job with a message instead of dying.
"""

from __future__ import annotations

import copy
import itertools
import threading
import time
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path

from s2s.errors import S2SError
from s2s.evaluate import evaluate
from s2s.live.files import RunFiles
from s2s.live.runspec import RunSpec, build_trainer, probe_sentences, run_home
from s2s.live.snapshot import ERROR, FINISHED, IDLE, PAUSED, RUNNING, Snapshot
from s2s.live.support import build_snapshot, limit_cpu_threads, release_free_memory, translate_probes
from s2s.live.timeline import Timeline
from s2s.train import Trainer
from s2s.view import ModelView

_RUN_IDS = itertools.count(1)  # unique across every job in the process, so (run_id, step) keys never collide


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
    eval_pairs: int = 300


class TrainingJob(RunFiles):
    """ one training run in a background thread, with pause / resume / step and live snapshots """

    def __init__(self, home: Path | None = None, timing: JobTiming | None = None):
        self.home = Path(home) if home else run_home()
        self.timing = timing or JobTiming()
        self._lock = threading.RLock()  # guards the trainer and everything in it
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None
        self._trainer: Trainer | None = None
        self._spec: RunSpec | None = None
        self._state, self._message, self._warning = IDLE, "", ""
        self._steps_left = 0  # steps still to run for step(n) while paused
        self._probes, self._probes_step = (), 0
        self._times: deque = deque(maxlen=50)  # (seconds, sentences, tokens) of recent steps
        self._view: ModelView | None = None
        self._autosaved_step, self._version, self._run_id = -1, 0, 0
        self.timeline = Timeline(capacity=12, interval=self.timing.timeline_every)
        self._snapshot = Snapshot()

    @property
    def spec(self) -> RunSpec | None:
        return self._spec

    # ---- life cycle -------------------------------------------------------------------------------
    def start(self, spec: RunSpec, paused: bool = False) -> None:
        """Build a run from `spec` and start training; a bad spec raises S2SError and changes nothing."""
        trainer, _ = build_trainer(spec)
        self._install(spec, trainer, PAUSED if paused else RUNNING, "")

    def restart(self, spec: RunSpec, paused: bool = False) -> None:
        """Replace the current run with a new one (the old run is autosaved first)."""
        trainer, _ = build_trainer(spec)  # fails before anything is stopped
        self._retire_current()
        self._install(spec, trainer, PAUSED if paused else RUNNING, "")

    def _install(self, spec: RunSpec, trainer: Trainer, state: str, message: str) -> None:
        with self._lock:
            self._spec, self._trainer, self._run_id = spec, trainer, next(_RUN_IDS)
            self._state, self._message, self._steps_left = state, message, 0
            self._probe_list = probe_sentences(spec, trainer)
            self._times.clear()
            self._view = None
            self.timeline.clear()
            self.timeline.interval = self.timing.timeline_every
            self._take_timeline(force=True)
        self._refresh_probes()
        self._publish()
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="s2s-training", daemon=True)
        self._thread.start()

    def stop(self, save: bool = True) -> None:
        """Stop the thread (waits for the current step) and autosave."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        if save and self._trainer is not None:
            self._autosave()
        if self._state in (RUNNING, PAUSED):
            self._state = FINISHED  # the thread is gone: nothing can run until start/restart/load
        self._publish()

    # ---- controls ----------------------------------------------------------------------------------
    def pause(self) -> None:
        with self._lock:
            if self._state == RUNNING:
                self._state, self._message, self._steps_left = PAUSED, "", 0
        self._publish()

    def resume(self) -> None:
        with self._lock:
            if self._state in (PAUSED, ERROR) and self._trainer is not None:
                self._state, self._message, self._steps_left = RUNNING, "", 0
        self._wake.set()
        self._publish()

    def step(self, n: int = 1) -> None:
        """Run exactly n optimisation steps (from paused), then stay paused."""
        if n < 1:
            raise S2SError("the number of steps must be at least 1")
        with self._lock:
            if self._state in (PAUSED, ERROR) and self._trainer is not None:
                self._state, self._message, self._steps_left = PAUSED, "", self._steps_left + n
        self._wake.set()

    def set_hyper(self, lr: float | None = None, teacher_forcing: float | None = None,
                  clip_norm: float | None = None) -> None:
        """Change learning rate, teacher-forcing ratio or clip norm live (S2SError when out of range)."""
        with self._lock:
            if self._trainer is None:
                raise S2SError("there is no training run to change")
            self._trainer.set_hyper(lr=lr, teacher_forcing=teacher_forcing, clip_norm=clip_norm)
            self._spec = replace(self._spec, train=self._trainer.cfg)
        self._publish()

    # ---- reading -------------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def inspect_model(self, step: int | None = None) -> ModelView:
        """A consistent CPU copy of the model (at `step` from the timeline, else now), for inspection.

        While training runs this is the copy the thread published last (at most `view_every_s` old), so a
        page never waits for a training step; while paused it is exactly the training model's weights.
        """
        if step is not None:
            return self._timeline_view(step)
        view = self._view
        if view is not None and (self._state == RUNNING or view.step == self._trainer.step):
            return view
        with self._lock:
            return self._refresh_view_locked()

    def _refresh_view_locked(self) -> ModelView:
        trainer = self._trainer
        if trainer is None:
            raise S2SError("no model yet: start training first")
        if self._view is None or self._view.step != trainer.step:
            model = copy.deepcopy(trainer.model).cpu().eval().requires_grad_(False)
            self._view = self._make_view(model, trainer.step)
        return self._view

    def _timeline_view(self, step: int) -> ModelView:
        with self._lock:
            trainer = self._trainer
            if trainer is None:
                raise S2SError("no model yet: start training first")
            if step == trainer.step:
                return self._refresh_view_locked()
            if step not in self.timeline.steps():
                raise S2SError(f"no weights are stored for step {step}")
            model = copy.deepcopy(trainer.model).cpu()
        model.load_state_dict(self.timeline.get(step))
        return self._make_view(model.eval().requires_grad_(False), step)

    def _make_view(self, model, step: int) -> ModelView:
        tr = self._trainer
        return ModelView(model, tr.src_vocab, tr.tgt_vocab, step, self._run_id, tr.split, self._spec.corpus_name)

    # ---- the thread ----------------------------------------------------------------------------------
    def _loop(self) -> None:
        limit_cpu_threads(self._trainer.device)
        last = {"eval": 0.0, "probe": time.monotonic(), "publish": 0.0, "save": time.monotonic(),
                "view": 0.0, "trim": time.monotonic()}  # 0: evaluate and publish a view at once
        while not self._stop.is_set():
            if not self._wants_step():
                self._wake.wait(0.1)
                self._wake.clear()
                continue
            try:
                with self._lock:
                    if not self._wants_step():  # paused while we waited for the lock
                        continue
                    stats = self._trainer.train_step()
                    self._after_step_locked(stats)
                self._periodic(last)
            except Exception as err:  # noqa: BLE001 - any failure must become a visible state
                self._fail(err)

    def _wants_step(self) -> bool:
        return self._state == RUNNING or (self._state == PAUSED and self._steps_left > 0)

    def _after_step_locked(self, stats) -> None:
        self._times.append((stats.seconds, stats.n_sentences, stats.n_tgt_tokens))
        if self._steps_left > 0:
            self._steps_left -= 1
        if not stats.applied:
            self._state = PAUSED
            self._message = (f"paused: the loss became {stats.loss} at step {stats.step}, so that update was "
                             "skipped and the last good weights are kept; lower the learning rate and resume")
            self._steps_left = 0
        self._take_timeline()

    def _periodic(self, last: dict) -> None:
        """Evaluation, probe translations, autosave and snapshot publishing, each on its own clock."""
        now, t = time.monotonic(), self.timing
        if now - last["view"] >= t.view_every_s or self._state != RUNNING:
            with self._lock:
                self._refresh_view_locked()
            last["view"] = now
        if now - last["eval"] >= t.eval_every_s:
            self._evaluate()
            last["eval"] = time.monotonic()
        if now - last["probe"] >= t.probe_every_s or self._steps_left == 0 and self._state == PAUSED:
            self._refresh_probes()
            last["probe"] = now
        if now - last["save"] >= t.autosave_every_s:
            self._autosave()
            last["save"] = now
        if now - last["trim"] >= t.trim_every_s:
            release_free_memory()
            last["trim"] = now
        if now - last["publish"] >= t.publish_every_s or self._state != RUNNING:
            self._publish()
            last["publish"] = now

    def _evaluate(self) -> None:
        view = self._view  # evaluation runs on the published copy, outside the lock
        pairs = self._trainer.split.valid[: self.timing.eval_pairs]
        result = evaluate(view.model, pairs, view.src_vocab, view.tgt_vocab)
        with self._lock:
            self._trainer.history.add_eval(view.step, result)

    def _refresh_probes(self) -> None:
        with self._lock:
            view = self._refresh_view_locked()
        self._probes = translate_probes(view, self._probe_list)
        self._probes_step = view.step

    def _take_timeline(self, force: bool = False) -> None:
        step = self._trainer.step
        if force or self.timeline.due(step):
            state = {k: v.detach().to("cpu", copy=True) for k, v in self._trainer.model.state_dict().items()}
            self.timeline.add(step, state)

    def _fail(self, err: Exception) -> None:
        with self._lock:
            self._state, self._steps_left = ERROR, 0
            self._message = f"training stopped with an error: {type(err).__name__}: {err}"
        self._publish()

    def _publish(self) -> None:
        with self._lock:
            self._version += 1
            self._snapshot = build_snapshot(self, self._version)
