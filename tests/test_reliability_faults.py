"""Reliability, faults: a crash in the training thread, a full or unwritable disk, and inspection while training.

The crash and disk tests drive the app's shared job through AppTest, as a class would see it: the message or
warning is on every page's sidebar, and Resume, Restart or the next autosave recover without a server restart.
"""

import errno
from pathlib import Path

import pytest
import torch
from streamlit.testing.v1 import AppTest

from s2s.live.job import JobTiming, TrainingJob
from s2s.live.snapshot import ERROR, PAUSED, RUNNING

from .app_support import app_server
from .test_job import TINY, wait_for

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["home", "training", "data_vocab", "encoder", "decoder", "teacher_forcing", "beam", "bottleneck", "shapes"]
CAUSE = "CUDA error: an illegal memory access was encountered"


@pytest.fixture(scope="module")
def app_job(tmp_path_factory):
    with app_server(tmp_path_factory.mktemp("home"), paused=False) as (_, job):
        yield job


def _broken_step(*args, **kwargs):
    raise RuntimeError(CAUSE)


def break_training(job) -> None:
    """Make every training step raise, as a failing GPU or a bug would, and wait for the job to notice."""
    job.resume()
    job._trainer.train_step = _broken_step
    assert wait_for(lambda: job.snapshot().state == ERROR)


def fix_training(job) -> None:
    job._trainer.__dict__.pop("train_step", None)  # the class's own train_step again


def sidebar_messages(at, kind: str) -> list[str]:
    return [e.value.replace("\\", "") for e in getattr(at.sidebar, kind)]


@pytest.fixture(scope="module")
def broken(app_job):
    break_training(app_job)
    yield app_job
    fix_training(app_job)


@pytest.mark.parametrize("page", PAGES)
def test_an_exception_in_the_training_thread_is_shown_on_every_page(broken, page):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    errors = sidebar_messages(at, "error")
    assert any(f"training stopped with an error: RuntimeError: {CAUSE}" in e for e in errors), errors
    assert "error" in " ".join(m.value for m in at.sidebar.markdown)  # the state badge
    assert broken.snapshot().state == ERROR and broken._thread.is_alive()


def test_resume_in_the_ui_after_the_cause_is_fixed_continues_training(app_job):
    break_training(app_job)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/training.py").run()
    step = app_job.snapshot().step
    assert at.button(key="btn_resume").disabled is False
    fix_training(app_job)
    at.button(key="btn_resume").click().run()
    assert not at.exception and app_job.snapshot().state == RUNNING
    assert wait_for(lambda: app_job.snapshot().step > step + 3)
    at.run()
    assert not sidebar_messages(at, "error") and "training" in " ".join(m.value for m in at.sidebar.markdown)


def test_restart_in_the_ui_after_an_error_starts_a_working_run(app_job):
    break_training(app_job)
    old_run = app_job.snapshot().run_id
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.button(key="btn_restart_ask").click().run()
    at.button(key="btn_restart_yes").click().run()
    assert not at.exception
    snap = app_job.snapshot()
    assert snap.run_id != old_run and snap.state == RUNNING and not snap.message
    assert wait_for(lambda: app_job.snapshot().step > 3)


def test_disk_full_shows_a_warning_in_the_sidebar_and_training_goes_on(app_job, monkeypatch):
    import s2s.live.library

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    app_job.resume()
    monkeypatch.setattr(s2s.live.library, "save_run", disk_full)
    monkeypatch.setattr(app_job.timing, "autosave_every_s", 0.2)  # the thread's own autosave clock
    assert wait_for(lambda: "No space left on device" in app_job.snapshot().warning)
    step = app_job.snapshot().step
    for page in ("home", "training", "encoder"):
        at = AppTest.from_file(APP, default_timeout=60).run()
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception
        warnings = sidebar_messages(at, "warning")
        assert any("autosave to" in w and "No space left on device" in w and "training goes on" in w
                   for w in warnings), (page, warnings)
    assert wait_for(lambda: app_job.snapshot().step > step + 3)
    assert app_job.snapshot().state == RUNNING
    monkeypatch.undo()  # space again: the next autosave succeeds and the warning goes away
    monkeypatch.setattr(app_job.timing, "autosave_every_s", 0.2)
    assert wait_for(lambda: not app_job.snapshot().warning)
    assert app_job.autosave_path.exists()


def test_unwritable_run_folder_shows_a_warning_in_the_sidebar_and_training_goes_on(app_job, monkeypatch, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the run folder should be")
    app_job.resume()
    monkeypatch.setattr(app_job.files.library, "root", blocker / "runs")
    monkeypatch.setattr(app_job.timing, "autosave_every_s", 0.2)
    assert wait_for(lambda: "autosave" in app_job.snapshot().warning)
    step = app_job.snapshot().step
    at = AppTest.from_file(APP, default_timeout=60).run()
    warnings = sidebar_messages(at, "warning")
    assert any(str(blocker / "runs") in w and "training goes on" in w for w in warnings), warnings
    assert wait_for(lambda: app_job.snapshot().step > step + 3)
    app_job.pause()


def test_inspection_while_training_never_sees_a_half_updated_model(tmp_path):
    """Every copy handed to a page equals the weights recorded right after the training step it claims."""
    job = TrainingJob(home=tmp_path, timing=JobTiming(view_every_s=0.02, eval_every_s=60, probe_every_s=60))
    job.start(TINY, paused=True)
    recorded: dict[int, dict[str, torch.Tensor]] = {}
    trainer = job._trainer
    real_step = trainer.train_step

    def recording_step(*args, **kwargs):  # runs in the training thread, under the job's lock
        stats = real_step(*args, **kwargs)
        recorded[trainer.step] = {k: v.detach().clone() for k, v in trainer.model.state_dict().items()}
        recorded.pop(trainer.step - 300, None)  # bounded memory
        return stats

    trainer.train_step = recording_step
    job.resume()
    try:
        checked = set()

        def check_one_copy() -> bool:
            view = job.inspect_model()
            assert job.snapshot().state == RUNNING
            expected = recorded.get(view.step)
            if expected is not None:  # None: the copy from before the first step, or older than the record keeps
                got = view.model.state_dict()
                assert all(torch.equal(got[k], expected[k]) for k in expected), f"half-updated copy at {view.step}"
                checked.add(view.step)
            return len(checked) >= 8

        assert wait_for(check_one_copy), checked
    finally:
        job.pause()
        assert wait_for(lambda: job.snapshot().state == PAUSED)
        job.stop(save=False)
