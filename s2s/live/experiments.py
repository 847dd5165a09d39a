"""Ready-made experiments: a few runs that differ in one thing, trained one after another, then compared.

Each bug experiment trains the correct run first, then the same run with the bug switched on; the
exposure-bias experiment trains teacher forcing 1.0, 0.5 and 0.0. Every run gets the same training
budget (seconds of training time), and a run already in the library with the same settings and about the
same training time is reused instead of trained again. The job trains one run at a time, so a runner
thread starts each run, waits until the job pauses it (its budget, or a guard), and moves on; pages read
its progress and never wait for it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

from s2s.analysis.runs import TIME_TOLERANCE
from s2s.bugs import BUGS, with_bug
from s2s.config import TrainConfig, preset
from s2s.errors import S2SError
from s2s.live.job import TrainingJob
from s2s.live.library import RunInfo
from s2s.live.runspec import RunSpec
from s2s.live.snapshot import RUNNING

EXPERIMENT_LR = 3e-3  # Adam at 3e-3: the small model learns visibly within a two-minute budget (1e-3 barely moves)
TEACHER_FORCING = (1.0, 0.5, 0.0)
EXPOSURE_BIAS = "exposure_bias"


@dataclass(frozen=True)
class Experiment:
    """ a named set of runs that differ in one setting """

    key: str  # a bug key, or EXPOSURE_BIAS
    title: str
    kind: str  # the model kind every run uses


EXPERIMENTS: dict[str, Experiment] = {
    **{key: Experiment(key, f"{bug.title}: the bug beside the correct run", bug.kind) for key, bug in BUGS.items()},
    EXPOSURE_BIAS: Experiment(EXPOSURE_BIAS, "Exposure bias: teacher forcing 1.0, 0.5 and 0.0", "classic"),
}


def plan(key: str, base: RunSpec, preset_name: str, budget_s: float) -> list[RunSpec]:
    """The runs of experiment `key` on `base`'s corpus, in training order (the correct run first)."""
    if key not in EXPERIMENTS:
        raise S2SError(f"unknown experiment {key!r}; choose one of: {', '.join(EXPERIMENTS)}")
    if budget_s <= 0:
        raise S2SError("the training budget must be positive")
    exp = EXPERIMENTS[key]
    group = f"{key}-{time.strftime('%Y%m%d-%H%M%S')}"
    common = dict(corpus=base.corpus, corpus_name=base.corpus_name, max_words=base.max_words, prefixes=base.prefixes,
                  device=base.device, preset=preset_name, group=group, budget_s=float(budget_s))
    model_cfg, train_cfg = preset(preset_name, kind=exp.kind), TrainConfig(lr=EXPERIMENT_LR)
    if key == EXPOSURE_BIAS:
        return [RunSpec(model=model_cfg, train=replace(train_cfg, teacher_forcing=tf),
                        name=f"teacher forcing {tf:.1f}", **common) for tf in TEACHER_FORCING]
    buggy_model, buggy_train = with_bug(model_cfg, train_cfg, key)
    return [RunSpec(model=model_cfg, train=train_cfg, name=f"correct {exp.kind}", **common),
            RunSpec(model=buggy_model, train=buggy_train, name=f"bug: {BUGS[key].title.lower()}", **common)]


def same_settings(a: RunSpec, b: RunSpec) -> bool:
    """True when two specs train the same model the same way (names, groups and budgets aside)."""
    def plain(spec: RunSpec) -> RunSpec:
        return replace(spec, name="", group="", budget_s=None, corpus_name="")
    return plain(a) == plain(b)


def matching_run(runs: list[RunInfo], spec: RunSpec) -> RunInfo | None:
    """A stored run with `spec`'s settings trained for about its budget (so a comparison stays fair), or None."""
    for info in runs:
        if same_settings(info.spec, spec) and abs(info.train_seconds - spec.budget_s) <= TIME_TOLERANCE * spec.budget_s:
            return info
    return None


@dataclass(frozen=True)
class Progress:
    """ where a running experiment is, for the pages (an immutable record, swapped by reference) """

    title: str = ""
    names: tuple[str, ...] = ()  # every run's name, in order
    index: int = 0  # the run being trained or looked up now
    run_ids: tuple[str, ...] = ()  # library ids of the runs finished so far
    reused: tuple[bool, ...] = ()  # per finished run: True when it came from the library untouched
    done: bool = False
    failed: str = ""  # why the experiment stopped early, '' when it did not

    @property
    def active(self) -> bool:
        return bool(self.names) and not self.done and not self.failed


class ExperimentRunner:
    """ trains an experiment's runs one after another on the job, in a thread of its own """

    def __init__(self, job: TrainingJob, poll_s: float = 0.2):
        self.job, self.poll_s = job, poll_s
        self._progress = Progress()
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None

    def progress(self) -> Progress:
        return self._progress

    def start(self, key: str, specs: list[RunSpec]) -> None:
        """Begin an experiment; refused while another one runs."""
        if self._progress.active:
            raise S2SError("an experiment is already running; wait for it or cancel it")
        self._cancel.clear()
        self._progress = Progress(EXPERIMENTS[key].title, tuple(s.name for s in specs))
        self._thread = threading.Thread(target=self._run, args=(specs,), name="s2s-experiment", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Stop after the current run (which is paused); the runs trained so far stay in the library."""
        self._cancel.set()
        self.job.pause()

    def _run(self, specs: list[RunSpec]) -> None:
        try:
            for index, spec in enumerate(specs):
                self._progress = replace(self._progress, index=index)
                found = matching_run(self.job.library.list().runs, spec)
                run_id = found.id if found else self._train(spec)
                self._progress = replace(self._progress, run_ids=(*self._progress.run_ids, run_id),
                                         reused=(*self._progress.reused, found is not None))
            self._progress = replace(self._progress, done=True)
        except S2SError as err:
            self._progress = replace(self._progress, failed=str(err))

    def _train(self, spec: RunSpec) -> str:
        """Start `spec` on the job and wait until the job pauses it; its library id."""
        self.job.restart(spec)
        run_id = self.job.snapshot().library_id
        while True:
            if self._cancel.wait(self.poll_s):
                raise S2SError("the experiment was cancelled; the runs trained so far are in the library")
            snap = self.job.snapshot()
            if snap.library_id != run_id:
                raise S2SError("another run was started, so the experiment stopped")
            if snap.state != RUNNING and snap.message:  # its budget, a guard or an error (a plain pause waits)
                return run_id
