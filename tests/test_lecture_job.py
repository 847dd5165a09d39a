"""The lecture snapshot (one model for the whole room) and job controls that never queue behind training."""

import threading

import pytest
import torch

from s2s.live.lecture import LecturePin
from s2s.live.snapshot import PAUSED, RUNNING

from . import test_job
from .test_job import TINY, wait_for

job = test_job.job  # the running tiny job, as test_job.py's tests get it


def same_weights(a, b) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values()))


@pytest.mark.timeout(120)
def test_a_pinned_model_stays_while_training_goes_on_and_release_returns_to_live(job):
    lecture = LecturePin()
    assert wait_for(lambda: job.snapshot().step >= 5)
    pinned = job.inspect_model()
    lecture.pin(pinned)
    frozen = {k: v.clone() for k, v in pinned.model.state_dict().items()}
    assert wait_for(lambda: job.snapshot().step >= pinned.step + 10)  # training goes on underneath
    assert lecture.view(job.snapshot().run_id) is pinned
    assert all(torch.equal(frozen[k], v) for k, v in pinned.model.state_dict().items())  # a copy: never trained
    lecture.release()
    assert lecture.view(job.snapshot().run_id) is None


@pytest.mark.timeout(120)
def test_pinning_while_paused_is_exactly_the_training_model_and_a_new_run_is_never_shown_through_it(job):
    assert wait_for(lambda: job.snapshot().step >= 2)
    job.pause()
    lecture = LecturePin()
    lecture.pin(job.inspect_model())
    view = lecture.view(job.snapshot().run_id)
    assert view.step == job._trainer.step and same_weights(view.model, job._trainer.model)
    job.restart(TINY)
    assert lecture.view(job.snapshot().run_id) is None


@pytest.mark.timeout(120)
def test_controls_go_before_the_next_training_step(job, monkeypatch):
    """A control waiting for the lock is served after the step in progress, never after a stream of steps."""
    trainer, real_step = job._trainer, job._trainer.train_step
    in_step = threading.Event()

    def slow_step(*args, **kwargs):  # every step holds the lock for a while, as a large model's would
        in_step.set()
        threading.Event().wait(0.05)
        return real_step(*args, **kwargs)

    monkeypatch.setattr(trainer, "train_step", slow_step)
    for _ in range(5):
        assert in_step.wait(10)
        before = trainer.step
        job.pause(wait_s=30)  # waits for the step in progress only (no clock: the machine may be slow)
        assert job.snapshot().state == PAUSED and not job.pausing  # confirmed when pause() returns
        assert trainer.step <= before + 1  # at most the step that was running
        job.set_hyper(teacher_forcing=0.25)
        assert job.snapshot().teacher_forcing == 0.25 == trainer.train_cfg.teacher_forcing
        in_step.clear()
        job.resume()
        assert job.snapshot().state == RUNNING


@pytest.mark.timeout(120)
def test_a_pause_during_a_long_step_says_pausing_until_the_step_ends(job, monkeypatch):
    trainer, real_step = job._trainer, job._trainer.train_step
    in_step, release = threading.Event(), threading.Event()

    def long_step(*args, **kwargs):
        in_step.set()
        release.wait(10)
        return real_step(*args, **kwargs)

    monkeypatch.setattr(trainer, "train_step", long_step)
    assert in_step.wait(10)
    before = trainer.step
    job.pause(wait_s=0.05)  # returns while the step still runs
    assert job.pausing and job.snapshot().state == RUNNING
    release.set()
    assert wait_for(lambda: job.snapshot().state == PAUSED)
    assert not job.pausing and trainer.step == before + 1  # the running step finished; no other started
