"""The immutable progress record that pages read many times per second.

The training thread builds a new `Snapshot` after steps and state changes and swaps a single
reference; readers never take the training lock and never see a half-built record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

IDLE, RUNNING, PAUSED, ERROR, FINISHED = "idle", "running", "paused", "error", "finished"


@dataclass(frozen=True)
class Probe:
    """ one fixed sentence and what the model currently makes of it """

    source: str
    translation: str
    reference: str  # the corpus translation, '' when the corpus has none

    @property
    def correct(self) -> bool:
        return bool(self.reference) and self.translation == self.reference


@dataclass(frozen=True)
class Snapshot:
    """ the job's state at one moment; every field is a plain value or an immutable copy """

    state: str = IDLE
    step: int = 0
    epoch: int = 0
    device: str = ""
    message: str = ""  # why the job paused or failed, or what it resumed from
    warning: str = ""  # a problem that does not stop training (e.g. autosave failing)
    sentences_per_s: float = 0.0  # recent training throughput
    tokens_per_s: float = 0.0
    loss: float = float("nan")  # recent mean training loss
    lr: float = 0.0
    teacher_forcing: float = 0.0
    clip_norm: float = 0.0
    corpus: str = ""
    n_train_pairs: int = 0
    model_summary: str = ""
    steps: dict = field(default_factory=dict)  # history columns as tuples: step, loss, grad_norm, ...
    evals: dict = field(default_factory=dict)  # evaluation columns: step, loss, bleu, exact_match, pairs
    probes: tuple[Probe, ...] = ()
    probes_step: int = 0  # step at which the probes were translated
    timeline: tuple[int, ...] = ()  # steps with stored weights
    autosaved_step: int = -1
    version: int = 0  # increases with every published snapshot
    run_id: int = 0  # changes when a new run starts, restarts or is loaded
    library_id: str = ""  # the run's folder in the run library (runs/<library_id>/)
    train_seconds: float = 0.0  # training time so far (pauses and evaluations excluded)
    budget_s: float | None = None  # training seconds after which the run pauses itself (None: no limit)

    @property
    def controllable(self) -> bool:
        """True when there is a run that pause/resume/step apply to (and a model to inspect or publish)."""
        return self.state in (RUNNING, PAUSED, ERROR)
