"""AppTest: the teacher freezes the class on one step, every page of another session inspects it, and one click
returns everyone to live; a Pause click shows "Pausing…" until the job confirms."""

import pytest
from streamlit.testing.v1 import AppTest

from pages._job import get_lecture
from s2s.live.snapshot import RUNNING

from .app_support import APP, app_server
from .test_job import wait_for

pytestmark = pytest.mark.timeout(300)


def banner(at) -> str:
    return next((m.value for m in at.markdown if "Lecture snapshot" in m.value), "")


def test_a_lecture_snapshot_pins_every_page_of_another_session_then_back_to_live(tmp_path):
    with app_server(tmp_path, paused=False) as (teacher, job):

        assert wait_for(lambda: job.snapshot().step >= 2)
        teacher.button(key="btn_lecture_pin").click().run()
        pinned = get_lecture().view(job.snapshot().run_id).step
        assert pinned is not None and f"model at step {pinned:,}" in banner(teacher)
        assert wait_for(lambda: job.snapshot().step > pinned)  # training goes on underneath
        student = AppTest.from_file(APP, default_timeout=60).run()
        assert f"Model at training step {pinned:,} (frozen for the class" in " ".join(c.value for c in student.caption)
        for page in ("pages/decoder.py", "pages/beam.py", "pages/encoder.py"):
            student.switch_page(page).run()
            assert not student.exception and f"model at step {pinned:,}" in banner(student), page
            assert student.session_state["lecture_seen"] == pinned
        teacher.button(key="btn_lecture_unpin").click().run()
        assert get_lecture().view(job.snapshot().run_id) is None and not banner(teacher)
        student.run()  # the student's next refresh
        assert not banner(student)


def test_pause_shows_pausing_until_the_job_confirms(tmp_path, monkeypatch):
    with app_server(tmp_path, paused=False) as (at, job):
        assert wait_for(lambda: job.snapshot().state == RUNNING)
        with job._turn:  # no new step starts, so the thread cannot confirm the pause before the page draws
            with job._lock:  # and none is half done
                monkeypatch.setattr(job, "pausing", True)  # a pause asked for while a long step still runs
            at.run()
        (button,) = [b for b in at.sidebar.button if b.key == "btn_pausing"]
        assert button.label == "Pausing…" and button.disabled
