"""ProcessJob: the training job in a child process behaves like the thread job for every page's reading and control.

One child serves the whole module (starting one costs a few seconds); the last test kills it on purpose.
The answer key for "paused, it is exactly the training model" is a checkpoint the child writes from its
training model, compared tensor by tensor with the copy the server inspects.
"""

import os
import signal

import pytest
import torch

from s2s.checkpoint import load_checkpoint
from s2s.errors import S2SError
from s2s.live.job import JobTiming
from s2s.live.process import ProcessJob
from s2s.live.snapshot import ERROR, FINISHED, PAUSED, RUNNING

from .test_job import TINY, wait_for

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def job(tmp_path_factory):
    job = ProcessJob(home=tmp_path_factory.mktemp("home"),
                     timing=JobTiming(eval_every_s=0.5, probe_every_s=0.3, timeline_every=5))
    job.start(TINY)
    yield job
    job.stop(save=False)


def test_trains_in_another_process_and_pause_freezes_the_step(job):
    assert job._child.pid != os.getpid()
    assert wait_for(lambda: job.snapshot().step >= 5 and job.snapshot().state == RUNNING)
    job.pause()
    frozen = job.snapshot()  # the call returns once the child pushed what it changed
    assert frozen.state == PAUSED
    assert not wait_for(lambda: job.snapshot().step != frozen.step, timeout=1.0)


def test_step_runs_exactly_n_and_bad_input_is_an_error_here(job):
    job.pause()
    start = job.snapshot().step
    job.step(3)
    assert wait_for(lambda: job.snapshot().step == start + 3)
    assert not wait_for(lambda: job.snapshot().step != start + 3, timeout=0.5)
    with pytest.raises(S2SError, match="at least 1"):
        job.step(0)
    with pytest.raises(S2SError):
        job.set_hyper(lr=-1.0)
    job.set_hyper(teacher_forcing=0.25)
    assert job.snapshot().teacher_forcing == 0.25 and job.spec.train.teacher_forcing == 0.25


def test_paused_inspection_is_exactly_the_training_model(job, tmp_path):
    job.pause()
    view = job.inspect_model()
    saved = load_checkpoint(job.save(tmp_path / "now.pt"))  # written by the child from its training model
    assert view.step == saved.step == job.snapshot().step
    weights = saved.model.state_dict()
    assert all(torch.equal(v, weights[k]) for k, v in view.model.state_dict().items())
    assert len(view.src_vocab) == len(saved.src_vocab) and view.split is not None


def test_a_copy_taken_while_training_never_changes(job):
    job.resume()
    assert wait_for(lambda: job.snapshot().state == RUNNING)
    view = job.inspect_model()
    kept = {k: v.clone() for k, v in view.model.state_dict().items()}
    assert wait_for(lambda: job.inspect_model().step > view.step + 3, timeout=30)
    assert all(torch.equal(v, kept[k]) for k, v in view.model.state_dict().items())
    earlier = job.snapshot().timeline[0]
    assert job.inspect_model(step=earlier).step == earlier
    with pytest.raises(S2SError):
        job.inspect_model(step=10**9)


def test_stop_autosaves_and_ends_the_child(job):
    assert wait_for(lambda: job.snapshot().step >= 3)
    job.stop(save=True)
    assert job.snapshot().state == FINISHED and job._child.returncode == 0
    assert load_checkpoint(job.autosave_path).step == job.snapshot().step
    with pytest.raises(S2SError):
        job.resume()


def test_a_training_process_that_dies_is_an_error_not_a_hang(tmp_path):
    job = ProcessJob(home=tmp_path)
    assert not job.resume_autosave()  # the child answers: there is nothing to resume
    os.kill(job._child.pid, signal.SIGKILL)
    assert wait_for(lambda: job.snapshot().state == ERROR)
    assert "ended unexpectedly" in job.snapshot().message
    with pytest.raises(S2SError):
        job.pause()
    job.stop()  # nothing left to stop: returns at once
