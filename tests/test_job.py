"""The background TrainingJob: pause, step, resume, snapshots, faults, autosave and the timeline."""

import math
import threading
import time

import pytest
import torch

from s2s.config import ModelConfig
from s2s.errors import S2SError
from s2s.live.job import JobTiming, TrainingJob
from s2s.live.runspec import RunSpec
from s2s.live.snapshot import ERROR, FINISHED, PAUSED, RUNNING

TINY = RunSpec(corpus="builtin", max_words=5, preset="tiny",
               model=ModelConfig(embed_dim=16, hidden_dim=32, dropout=0.0), device="cpu")


def wait_for(condition, timeout=120.0):
    """Poll `condition` until it holds; the timeout only guards against a hang, never measures speed."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture()
def job(tmp_path):
    job = TrainingJob(home=tmp_path, timing=JobTiming(eval_every_s=0.5, probe_every_s=0.3, timeline_every=5))
    job.start(TINY)
    yield job
    job.stop(save=False)


def test_runs_then_pause_freezes_the_step_counter(job):
    assert wait_for(lambda: job.snapshot().step >= 5)
    job.pause()
    assert wait_for(lambda: job.snapshot().state == PAUSED)
    frozen = job.snapshot().step
    time.sleep(1.0)
    assert job.snapshot().step == frozen and job._trainer.step == frozen


def test_step_advances_exactly_n_then_stays_paused(job):
    job.pause()
    start = job.snapshot().step
    job.step(1)
    assert wait_for(lambda: job.snapshot().step == start + 1)
    time.sleep(0.5)
    assert job.snapshot().step == start + 1 and job.snapshot().state == PAUSED
    job.step(3)
    assert wait_for(lambda: job.snapshot().step == start + 4)
    time.sleep(0.3)
    assert job.snapshot().step == start + 4
    with pytest.raises(S2SError):
        job.step(0)


def test_resume_continues(job):
    job.pause()
    paused_at = job.snapshot().step
    job.resume()
    assert job.snapshot().state == RUNNING
    assert wait_for(lambda: job.snapshot().step > paused_at + 3)


def test_snapshots_are_consistent_while_running(job):
    seen = []
    assert wait_for(lambda: job.snapshot().step >= 1)

    def read_one() -> bool:  # a reader like a page, checking every snapshot it gets
        snap = job.snapshot()
        lengths = {len(v) for v in snap.steps.values()}
        assert len(lengths) == 1  # every history column has the same length
        if snap.steps["step"]:
            assert snap.steps["step"][-1] == snap.step
        seen.append(snap.step)
        return seen[-1] >= seen[0] + 20 and len(seen) >= 20

    assert wait_for(read_one)
    assert seen == sorted(seen)
    assert wait_for(lambda: job.snapshot().evals.get("step"))
    assert wait_for(lambda: len(job.snapshot().probes) == 5)


def test_inspect_model_is_a_copy_equal_to_the_weights_at_that_step(job):
    job.pause()
    assert wait_for(lambda: job.snapshot().state == PAUSED)
    view = job.inspect_model()
    assert view.step == job._trainer.step
    live = job._trainer.model.state_dict()
    assert all(torch.equal(v, live[k]) for k, v in view.model.state_dict().items())
    assert view.model is not job._trainer.model
    job.step(2)
    assert wait_for(lambda: job.snapshot().step == view.step + 2)
    assert job.inspect_model().step == view.step + 2


def full_state(trainer) -> dict:
    """Every tensor of the model and of the optimizer's per-parameter state, cloned, keyed by where it lives."""
    state = {("model", k): v.detach().clone() for k, v in trainer.model.state_dict().items()}
    for i, per_param in trainer.optimizer.state_dict()["state"].items():
        state.update({("optimizer", i, k): v.detach().clone() for k, v in per_param.items()})
    return state


def assert_same_state(kept: dict, now: dict) -> None:
    assert kept.keys() == now.keys()
    differ = [k for k in kept if not torch.equal(kept[k], now[k])]  # torch.equal is False wherever a NaN is
    assert not differ, differ


def _nan_loss(trainer):
    """The output layer's logits become NaN: a non-finite loss, with finite weights and gradients untouched."""
    handle = trainer.model.decoder.out.register_forward_hook(lambda module, args, out: out * float("nan"))
    return handle.remove


def _nan_gradient(trainer):
    """A finite loss whose gradient for the output weights is NaN."""
    handle = trainer.model.decoder.out.weight.register_hook(lambda grad: torch.full_like(grad, float("nan")))
    return handle.remove


def _nan_weight_written(trainer):
    """A NaN written straight into a weight (every later loss is NaN until it is rolled back)."""
    trainer.model.decoder.out.bias.data[4] = float("nan")
    return lambda: None


def _nan_weight_after_update(trainer):
    """The update itself puts a NaN in an embedding row: loss and gradient were finite."""
    real_step = trainer.optimizer.step

    def poisoning_step(*args, **kwargs):
        result = real_step(*args, **kwargs)
        trainer.model.encoder.embedding.weight.data[3, 0] = float("nan")
        return result

    trainer.optimizer.step = poisoning_step
    return lambda: trainer.optimizer.__dict__.pop("step")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("fault, cause", [
    (_nan_loss, "the loss became nan"),
    (_nan_gradient, "the gradient became nan"),
    (_nan_weight_written, "the loss became nan"),
    (_nan_weight_after_update, "a weight or optimizer value became non-finite"),
])
def test_a_non_finite_step_rolls_back_every_tensor_and_a_lower_lr_trains_on(job, fault, cause):
    assert wait_for(lambda: job.snapshot().step >= 3)
    job.pause()  # pausing keeps the current state as the last good one
    trainer = job._trainer
    with job._lock:
        good_step, kept = trainer.step, full_state(trainer)
        undo = fault(trainer)
    job.step(1)
    assert wait_for(lambda: job.snapshot().step == good_step + 1 and job.snapshot().message)
    snap = job.snapshot()
    assert snap.state == PAUSED
    assert cause in snap.message and f"at step {good_step + 1}" in snap.message, snap.message
    assert f"last good weights and optimizer state (those of step {good_step})" in snap.message
    with job._lock:
        undo()
        assert_same_state(kept, full_state(trainer))
    job.set_hyper(lr=1e-4)
    job.resume()
    assert wait_for(lambda: job.snapshot().step >= good_step + 6, timeout=60)
    steps = job.snapshot().steps
    losses = [loss for step, loss in zip(steps["step"], steps["loss"]) if step > good_step + 1]
    assert len(losses) >= 5 and all(math.isfinite(x) for x in losses), losses
    assert job.snapshot().state == RUNNING and trainer.optimizer.param_groups[0]["lr"] == 1e-4


def test_last_good_restores_its_copy_again_and_again_and_keeps_the_current_lr():
    """The optimizer is handed a fresh copy each time: training after a rollback cannot alter the kept one."""
    from s2s.live.rollback import LastGood

    from .conftest import make_trainer

    trainer = make_trainer()
    for _ in range(3):
        trainer.train_step()
    good = LastGood()
    assert good.take(trainer, trainer.step) and good.step == 3
    kept = full_state(trainer)
    for _ in range(2):
        for _ in range(4):
            trainer.train_step()
        trainer.set_hyper(lr=1e-5)
        assert good.restore(trainer)
        assert_same_state(kept, full_state(trainer))
        assert trainer.optimizer.param_groups[0]["lr"] == 1e-5
    trainer.model.decoder.out.bias.data[0] = float("inf")
    assert not good.take(trainer, 99) and good.step == 3  # a non-finite state is never kept


def test_an_exception_in_the_thread_moves_the_job_to_error_and_resume_recovers(job):
    real = job._trainer.train_step
    job._trainer.train_step = lambda: (_ for _ in ()).throw(RuntimeError("disk on fire"))
    assert wait_for(lambda: job.snapshot().state == ERROR)
    assert "disk on fire" in job.snapshot().message
    assert job._thread.is_alive()
    job._trainer.train_step = real
    step = job.snapshot().step
    job.resume()
    assert wait_for(lambda: job.snapshot().step > step + 2)


def test_autosave_then_a_new_job_resumes_paused_with_identical_weights(job, tmp_path):
    assert wait_for(lambda: job.snapshot().step >= 10)
    job.stop(save=True)
    assert job.snapshot().state == FINISHED and job.autosave_path.exists()
    saved = job._trainer.step
    again = TrainingJob(home=tmp_path)
    try:
        assert again.resume_autosave()
        snap = again.snapshot()
        assert snap.state == PAUSED and snap.step == saved and "autosave" in snap.message
        old, new = job._trainer.model.state_dict(), again._trainer.model.state_dict()
        assert all(torch.equal(old[k], new[k]) for k in old)
        assert again._trainer.history.steps["step"][-1] == saved
    finally:
        again.stop(save=False)


def test_unwritable_run_folder_is_a_warning_and_training_goes_on(job, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    job.files.library.root = blocker / "runs"
    assert wait_for(lambda: job._trainer.step > job._autosaved_step)  # something new to save
    job._autosave()
    job._publish()
    assert "autosave" in job.snapshot().warning and "training goes on" in job.snapshot().warning
    step = job.snapshot().step
    assert wait_for(lambda: job.snapshot().step > step)


def test_live_hyperparameters_and_refusals(job):
    job.set_hyper(lr=0.003, teacher_forcing=0.2, clip_norm=2.0)
    snap = job.snapshot()
    assert (snap.lr, snap.teacher_forcing, snap.clip_norm) == (0.003, 0.2, 2.0)
    with pytest.raises(S2SError):
        job.set_hyper(teacher_forcing=-0.1)
    assert job.snapshot().teacher_forcing == 0.2


def test_restart_with_a_bad_corpus_keeps_the_current_run(job, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("no tabs here\n")
    with pytest.raises(S2SError, match="no sentence pairs"):
        job.restart(RunSpec(corpus=str(bad)))
    assert job.snapshot().state == RUNNING and job.spec == TINY


def test_timeline_keeps_a_bounded_evenly_thinned_set_and_inspects_old_weights(job):
    assert wait_for(lambda: job.snapshot().step >= 200)
    job.pause()
    steps = job.snapshot().timeline
    assert 2 <= len(steps) <= job.timeline.capacity and steps[0] == 0
    gaps = {b - a for a, b in zip(steps[1:-1], steps[2:-1])}
    assert len(gaps) <= 1  # evenly spread
    old = job.inspect_model(step=0)
    now = job.inspect_model()
    assert old.step == 0 and not torch.equal(old.model.decoder.out.weight, now.model.decoder.out.weight)


def test_many_threads_reading_while_training_never_fail(job):
    errors = []

    def reader():
        try:
            for _ in range(30):
                job.snapshot()
                view = job.inspect_model()
                assert math.isfinite(float(view.model.decoder.out.weight.detach().sum()))
        except Exception as err:  # noqa: BLE001
            errors.append(err)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_save_then_load_continues_that_run_paused(job, tmp_path):
    assert wait_for(lambda: job.snapshot().step >= 5)
    job.pause()
    path = job.save(tmp_path / "mine.pt")
    saved_step = job.snapshot().step
    job.resume()
    assert wait_for(lambda: job.snapshot().step > saved_step + 3)
    job.load(path)
    snap = job.snapshot()
    assert snap.state == PAUSED and snap.step == saved_step and "loaded a checkpoint" in snap.message
    job.resume()
    assert wait_for(lambda: job.snapshot().step > saved_step)


def test_loading_a_corrupt_checkpoint_keeps_the_current_run(job, tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(S2SError, match="not a readable checkpoint"):
        job.load(bad)
    assert job.snapshot().state == RUNNING and job.spec == TINY


def test_restart_keeps_the_replaced_run_in_the_library(job):
    assert wait_for(lambda: job.snapshot().step >= 5)
    first, old_run = job.snapshot().library_id, job.snapshot().run_id
    job.restart(TINY, paused=True)
    second = job.snapshot().library_id
    assert first and second and first != second
    assert {r.id for r in job.library.list().runs} == {first, second}
    assert job.library.load(first).step >= 5 and job.autosave_path == job.library.checkpoint_path(second)
    snap = job.snapshot()  # the new run starts from scratch: step 0, no history, a new run id
    assert snap.run_id != old_run and snap.step == 0 and snap.steps["step"] == () and snap.timeline == (0,)


def test_a_run_with_a_budget_pauses_itself_once_it_has_trained_that_long(job):
    from dataclasses import replace

    job.restart(replace(TINY, budget_s=0.5))
    assert wait_for(lambda: job.snapshot().state == PAUSED)
    snap = job.snapshot()
    assert "budget of 0.5 s" in snap.message
    assert 0.5 <= snap.train_seconds and snap.steps["elapsed"][-1] == pytest.approx(snap.train_seconds)
    step = snap.step
    job.resume()  # past its budget, Resume trains on
    assert wait_for(lambda: job.snapshot().step > step + 3)


def test_training_steps_on_while_an_evaluation_runs_and_its_result_lands_afterwards(job):
    """An evaluation scores a model copy in a thread of its own: the steps every watching tab waits for never
    stand still for it (this one is held until the model has trained ten more steps)."""
    trainer, started, release = job._trainer, threading.Event(), threading.Event()
    score = trainer.score

    def held_score(model, pairs):
        started.set()
        release.wait(120)
        return score(model, pairs)

    trainer.score = held_score
    assert started.wait(60)  # one evaluation at a time: any earlier one has landed
    evals_before = len(trainer.history.evals.get("step", ()))
    step_then = job.snapshot().step
    assert wait_for(lambda: job.snapshot().step >= step_then + 10)  # training went on: the evaluation holds
    assert len(trainer.history.evals.get("step", ())) == evals_before  # nothing recorded while it is held
    release.set()
    assert wait_for(lambda: len(trainer.history.evals.get("step", ())) > evals_before)


def test_the_budget_message_comes_at_exactly_the_step_that_crosses_the_budget():
    """Hand key: a 2 s budget and steps of 0.5 s; only the step that takes the spent time from below 2 s to
    2 s or more pauses the run (after it Resume trains on, so later steps say nothing)."""
    from s2s.live.support import budget_message
    from s2s.train import StepStats

    def stats(step: int) -> StepStats:
        return StepStats(step, 1, 1.0, 1.0, 1.0, 10, 2, True, 0.5, True)

    assert budget_message(2.0, 1.5, stats(3)) == ""  # 1.0 -> 1.5 s: still under
    assert budget_message(2.0, 2.0, stats(4)) == (
        "finished: this run has trained for its budget of 2 s (step 4); Resume goes on")  # 1.5 -> 2.0 s
    assert budget_message(2.0, 2.5, stats(5)) == ""  # already past it before this step
    assert budget_message(None, 99.0, stats(6)) == ""  # no budget
