"""The background training job: one thread trains while any number of readers watch and inspect.

`TrainingJob` owns the thread, a lock around the trainer, and the pause/step/stop events. Readers
call `snapshot()` (a frozen record swapped in by reference, no lock) and `inspect_model()` (a copy of
the weights taken under the lock, so never half-updated). The thread never touches any UI; it
reports through snapshots only. Controls never wait behind a stream of training steps: the thread lets a
waiting control take the lock before its next step (`_turn`), so Pause, Resume, Step and setting changes
apply within one step. Faults pause or stop the job with a message instead of dying; a
non-finite loss, gradient or weight rolls training back to its last finite state (rollback.py). The
job's run folder is a `RunFiles` it holds (files.py).
"""

from __future__ import annotations

import itertools
import os
import threading
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from s2s.errors import S2SError
from s2s.live import support
from s2s.live.files import RunFiles
from s2s.live.library import RunLibrary
from s2s.live.rollback import LastGood
from s2s.live.runspec import RunSpec, build_trainer, probe_sentences, run_home
from s2s.live.snapshot import ERROR, FINISHED, IDLE, PAUSED, RUNNING, Snapshot
from s2s.live.steploop import Background, Clocks, JobTiming, StepLoop, StepWork
from s2s.live.views import ModelCopies
from s2s.train import Trainer
from s2s.view import ModelView

_RUN_IDS = itertools.count(1)  # unique across every job in the process, so (run_id, step) keys never collide
__all__ = ["JobTiming", "TrainingJob"]  # JobTiming lives with the thread's clocks (steploop.py)


def _clocks() -> Clocks:
    """The periodic work of a fresh thread: a view, an evaluation and a snapshot at once, the rest later."""
    return Clocks(at_once=("view", "eval", "publish"), later=("probe", "save", "trim"))


class TrainingJob:
    """ one training run in a background thread, with pause / resume / step and live snapshots """

    def __init__(self, home: Path | None = None, timing: JobTiming | None = None):
        self.files = RunFiles(Path(home) if home else run_home())
        self.timing = timing or JobTiming()
        self._lock = threading.RLock()  # guards the trainer and everything in it
        self._turn = threading.Lock()  # taken before _lock: a control holding it goes before the next step
        self._steps = StepLoop(self._lock, self._turn)  # the thread: _step_locked, then _periodic
        self._trainer: Trainer | None = None
        self._spec: RunSpec | None = None
        self._state, self._message, self._warning = IDLE, "", ""
        self._steps_left = 0  # steps still to run for step(n) while paused
        self.pausing = False  # a pause was asked for and the step in progress has not finished yet
        self._probes, self._probes_step = (), 0
        self._throughput = support.Throughput()
        self._good = LastGood()  # the last finite model and optimizer state, to roll back to
        self._autosaved_step, self._version, self._run_id = -1, 0, 0
        self._evaluations = Background("s2s-evaluation")
        self._copies = ModelCopies(capacity=12, interval=self.timing.timeline_every)
        self.timeline = self._copies.timeline  # steps with stored weights, for inspection
        self._snapshot = Snapshot()

    @property
    def spec(self) -> RunSpec | None:
        return self._spec

    @property
    def autosave_path(self) -> Path:
        return self.files.autosave_path

    @property
    def library(self) -> RunLibrary:
        return self.files.library

    # ---- life cycle -------------------------------------------------------------------------------
    def start(self, spec: RunSpec, paused: bool = False) -> None:
        """Build a run from `spec` and start training; a bad spec raises S2SError and changes nothing."""
        trainer, _ = build_trainer(spec)
        self.files.begin(spec)
        self._install(spec, trainer, PAUSED if paused else RUNNING, "")
        self._autosave()  # listed in the run library from its first step

    def restart(self, spec: RunSpec, paused: bool = False) -> None:
        """Replace the current run with a new one (the old run is autosaved first)."""
        trainer, _ = build_trainer(spec)  # fails before anything is stopped
        self._retire_current()
        self.files.begin(spec)
        self._install(spec, trainer, PAUSED if paused else RUNNING, "")
        self._autosave()

    def _install(self, spec: RunSpec, trainer: Trainer, state: str, message: str) -> None:
        with self._lock:
            self._spec, self._trainer, self._run_id = spec, trainer, next(_RUN_IDS)
            self._state, self._message, self._steps_left = state, message, 0
            self._probe_list = probe_sentences(spec, trainer)
            self._throughput.clear()
            self._good = LastGood()
            self._good.take(trainer, trainer.step)
            self._copies.reset(trainer, self._run_id, spec.corpus_name)
        self._refresh_probes()
        self._publish()
        self._steps.start(StepWork(self._wants_step, self._step_locked, self._periodic, self._fail, _clocks),
                          prepare=lambda: support.limit_cpu_threads(trainer.device))

    def stop(self, save: bool = True) -> None:
        """Stop the thread (waits for the current step and an evaluation in progress) and autosave."""
        self._steps.stop()
        self._evaluations.join(30)  # a thread still in torch when the process exits would crash it
        if save and self._trainer is not None:
            self._autosave()
        if self._state in (RUNNING, PAUSED):
            self._state = FINISHED  # the thread is gone: nothing can run until start/restart/load
        self._publish()

    # ---- files ---------------------------------------------------------------------------------------
    def resume_autosave(self) -> bool:
        """Continue the last autosaved run, paused so the teacher decides; False when there is none."""
        run_id = self.files.resume_id()
        if run_id is None:
            return False
        try:
            spec, trainer = self.files.read(self.library.checkpoint_path(run_id))
        except S2SError as err:
            self._warning = f"the last autosave could not be resumed ({err}); starting a new run"
            return False
        self.files.current = run_id
        self._install(spec, trainer, PAUSED, f"resumed from the autosave at step {trainer.step}; press Resume")
        self._autosaved_step = trainer.step
        return True

    def save(self, path: str | os.PathLike) -> Path:
        """Write the current run to `path` (atomic), e.g. for a download."""
        with self._lock:
            if self._trainer is None:
                raise S2SError("there is no training run to save")
            return self.files.save(path, self._trainer, self._spec)

    def load(self, path: str | os.PathLike, paused: bool = True) -> None:
        """Continue from a checkpoint file (kept in the run library); an unusable file raises S2SError and the
        current run goes on."""
        spec, trainer = self.files.read(path)
        run_id = self.files.adopt(path)
        self._retire_current()
        self.files.current = run_id
        self._install(spec, trainer, PAUSED if paused else RUNNING, f"loaded a checkpoint at step {trainer.step}")
        self._autosaved_step = trainer.step

    def load_run(self, run_id: str, paused: bool = True) -> None:
        """Continue a run from the library (it goes on in its own folder)."""
        self.load(self.library.checkpoint_path(run_id), paused)

    def _retire_current(self) -> None:
        """Stop the current run; its final state stays in its library folder."""
        self.stop(save=True)
        self.files.current = None
        self._autosaved_step = -1

    def _autosave(self) -> None:
        """Save to the run folder; a failure becomes a warning and training goes on."""
        with self._lock:
            if self._trainer is None or self._trainer.step == self._autosaved_step:
                return
            try:
                self.files.autosave(self._trainer, self._spec)
                self._autosaved_step, self._warning = self._trainer.step, ""
            except OSError as err:
                self._warning = f"autosave to {self.autosave_path} failed ({err.strerror or err}); training goes on"

    # ---- controls ----------------------------------------------------------------------------------
    @contextmanager
    def _control(self):
        """The trainer's lock for a control, taken before the thread's next step (at most one step's wait)."""
        with self._turn, self._lock:
            yield

    def pause(self, wait_s: float | None = None) -> None:
        """Stop after the current step; the paused state is also kept as the last good one.

        No new step starts once this is called. The snapshot says paused as soon as no step runs: here, when
        the step in progress ends (within `wait_s` seconds if given: a page that must answer at once), else
        the thread confirms right after that step, and `pausing` is True until then.
        """
        self.pausing = True
        with self._turn:
            if not self._lock.acquire(timeout=-1 if wait_s is None else wait_s):
                return
        try:
            self._pause_locked()
        finally:
            self._lock.release()
        self._publish()

    def _pause_locked(self) -> None:
        self.pausing = False
        if self._state == RUNNING:
            self._state, self._message, self._steps_left = PAUSED, "", 0
            self._good.take(self._trainer, self._trainer.step)

    def resume(self) -> None:
        with self._control():
            self.pausing = False
            if self._state in (PAUSED, ERROR) and self._trainer is not None:
                self._state, self._message, self._steps_left = RUNNING, "", 0
        self._steps.wake()
        self._publish()

    def step(self, n: int = 1) -> None:
        """Run exactly n optimisation steps (from paused), then stay paused."""
        if n < 1:
            raise S2SError("the number of steps must be at least 1")
        with self._control():
            if self._state in (PAUSED, ERROR) and self._trainer is not None:
                self._state, self._message, self._steps_left = PAUSED, "", self._steps_left + n
        self._steps.wake()

    def set_hyper(self, lr: float | None = None, teacher_forcing: float | None = None,
                  clip_norm: float | None = None) -> None:
        """Change learning rate, teacher-forcing ratio or clip norm live (S2SError when out of range)."""
        with self._control():
            if self._trainer is None:
                raise S2SError("there is no training run to change")
            self._trainer.set_hyper(lr=lr, teacher_forcing=teacher_forcing, clip_norm=clip_norm)
            self._spec = replace(self._spec, train=self._trainer.train_cfg)
        self._publish()

    @property
    def _thread(self) -> threading.Thread | None:
        return self._steps.thread

    # ---- reading -------------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def inspect_model(self, step: int | None = None) -> ModelView:
        """A consistent CPU copy of the model (at `step` from the timeline, else now), for inspection.

        While training runs this is the copy the thread published last (at most `view_every_s` old), so a
        page never waits for a training step; while paused it is exactly the training model's weights.
        """
        if step is not None:  # the timeline's weights in the latest copy's architecture
            return self._copies.at_step(self._refresh_view(), step)
        view = self._copies.latest
        if view is not None and (self._state == RUNNING or view.step == self._trainer.step):
            return view
        return self._refresh_view()

    def _refresh_view(self) -> ModelView:
        with self._control():
            if self._trainer is None:
                raise S2SError("no model yet: start training first")
            return self._copies.refresh(self._trainer)

    # ---- the thread ----------------------------------------------------------------------------------
    def _wants_step(self) -> bool:
        return self._state == RUNNING and not self.pausing or (self._state == PAUSED and self._steps_left > 0)

    def _step_locked(self) -> None:
        """One training step and what follows it at once: rollback check, budget, timeline copy, pause."""
        stats = self._trainer.train_step()
        self._throughput.add(stats)
        if self._steps_left > 0:
            self._steps_left -= 1
        due = stats.step % self.timing.good_copy_every == 0 or self._state != RUNNING
        message = (self._good.after_step(self._trainer, stats, due)
                   or support.budget_message(self._spec.budget_s, self._trainer.history.train_seconds, stats))
        if message:
            self._state, self._message, self._steps_left = PAUSED, message, 0
            self._autosave()  # a run stopped by its budget or a guard is on disk as it stopped
        self._copies.record(self._trainer)
        if self.pausing:  # pause() stopped waiting for this step: confirm it now
            self._pause_locked()

    def _periodic(self, clocks: Clocks) -> None:
        """Evaluation, probe translations, autosave and snapshot publishing, each on its own clock."""
        t, idle = self.timing, self._state != RUNNING
        clocks.run("view", t.view_every_s, self._refresh_view, force=idle)
        if idle:  # a single step or a pause is confirmed before any slower work
            clocks.run("publish", t.publish_every_s, self._publish, force=True)
        else:  # evaluation (seconds on a large model) only while running, so Step never waits for it
            clocks.run("eval", t.eval_every_s, self._evaluate)
        clocks.run("probe", t.probe_every_s, self._refresh_probes, force=idle and self._steps_left == 0)
        clocks.run("save", t.autosave_every_s, self._autosave)
        clocks.run("trim", t.trim_every_s, support.release_free_memory)
        clocks.run("publish", t.publish_every_s, self._publish, force=idle)

    def _evaluate(self) -> None:
        """Score the published copy in a thread of its own, so the steps go on meanwhile: in the step loop it
        stopped training (every watching tab saw the step stand still) for up to a second every 10 s."""
        view, trainer = self._copies.latest, self._trainer
        pairs = trainer.split.valid[: self.timing.eval_pairs]

        def score() -> None:
            try:
                result = trainer.score(view.model, pairs)
            except Exception as err:  # as in the step loop: the job shows the error
                self._fail(err)
                return
            with self._lock:
                if self._trainer is trainer:  # not a run replaced meanwhile
                    trainer.history.add_eval(view.step, result)

        self._evaluations.start(score)

    def _refresh_probes(self) -> None:
        view = self._refresh_view()
        self._probes = support.translate_probes(view, self._probe_list)
        self._probes_step = view.step

    def _fail(self, err: Exception) -> None:
        with self._lock:
            self._state, self._steps_left = ERROR, 0
            self._message = f"training stopped with an error: {type(err).__name__}: {err}"
        self._publish()

    def _publish(self) -> None:
        with self._lock:
            self._version += 1
            self._snapshot = self._freeze_locked()

    def _freeze_locked(self) -> Snapshot:
        """The job's state now as an immutable record (the lock is held, so the trainer is between steps)."""
        job = dict(state=self._state, message=self._message, warning=self._warning, version=self._version,
                   run_id=self._run_id, autosaved_step=self._autosaved_step, library_id=self.files.current or "")
        if self._trainer is None:
            return Snapshot(**job)
        sentences_per_s, tokens_per_s = self._throughput.rates()
        return Snapshot(**job, **support.run_fields(self._trainer, self._spec), sentences_per_s=sentences_per_s,
                        tokens_per_s=tokens_per_s, probes=self._probes, probes_step=self._probes_step,
                        timeline=self.timeline.steps())
