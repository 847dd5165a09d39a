"""How often a tab refreshes its live parts: watchers of a big class slow down, never by rerunning their page.

The rate is decided at a full run of the page (a fragment's interval is fixed then). A fragment's refresh only
counts the tab: forcing a page rerun from it, as the app once did, made every tab that opened before a class
grew past BIG_CLASS rerun its whole page in the middle of the class's arrival (tools/load.py: fragment max
5 to 7 s, and the same step shown for 6 to 10 s).
"""

import time

import pytest
from streamlit.testing.v1 import AppTest

import pages._live as live
from s2s.live.snapshot import PAUSED, RUNNING, Snapshot
from s2s.view import ModelView

from .app_support import APP, app_server, record_fragments


def rate_script():
    """One tab: counts itself (as a fragment's refresh or as a full run) and shows its sidebar interval."""
    import streamlit as st

    from pages._live import note_tab, refresh_s

    st.session_state.runs = st.session_state.get("runs", 0) + 1
    note_tab(bool(st.session_state.get("presenting")), in_fragment=st.session_state.get("as_fragment", False))
    st.markdown(f"interval {refresh_s(1.0, 1.5)}")


@pytest.fixture
def seen(monkeypatch):
    """The server's tab register, emptied for the test; `crowd(n)` adds n other tabs that refreshed just now."""
    register = {}
    monkeypatch.setattr(live, "_seen", register)

    def crowd(n: int) -> None:
        register.clear()
        register.update({f"other-{k}": time.monotonic() for k in range(n)})
    return crowd


def interval(at: AppTest) -> float:
    return float(at.markdown[0].value.split()[-1])


def test_a_tab_open_before_the_class_grew_keeps_its_rate_until_its_next_full_run(seen):
    at = AppTest.from_function(rate_script).run()
    assert interval(at) == 1.0  # a class of one: the fast rate
    seen(live.BIG_CLASS + 5)
    at.session_state.as_fragment = True
    at.run()  # the live status refreshing: counted, nothing rerun
    assert at.session_state.runs == 2 and interval(at) == 1.0 and not at.session_state.live_watcher
    at.session_state.as_fragment = False
    at.run()  # the next full run (a click, another page) takes the watchers' rate
    assert interval(at) == 1.5 and at.session_state.live_watcher


def test_a_tab_arriving_in_a_big_class_watches_slowly_from_the_start_and_the_presenter_never_does(seen):
    seen(live.BIG_CLASS + 5)
    student = AppTest.from_function(rate_script).run()
    assert interval(student) == 1.5 and student.session_state.runs == 1
    teacher = AppTest.from_function(rate_script)
    teacher.session_state.presenting = True
    assert interval(teacher.run()) == 1.0


def test_watchers_speed_up_again_only_once_the_class_is_below_the_lower_mark(seen):
    seen(live.BIG_CLASS + 5)
    at = AppTest.from_function(rate_script).run()
    seen(live.SMALL_AGAIN + 1)  # a few left, but not enough to flip back and forth
    assert interval(at.run()) == 1.5
    seen(live.SMALL_AGAIN - 3)
    assert interval(at.run()) == 1.0


class TrainingJob:
    """A job that trains one step between any two readings: each snapshot and model copy is newer than the last."""

    def __init__(self, state: str = RUNNING):
        self.state, self.step = state, 0

    def snapshot(self) -> Snapshot:
        self.step += 1
        return Snapshot(state=self.state, step=self.step, version=self.step, run_id=1)

    def inspect_model(self) -> ModelView:
        self.step += 1
        return ModelView(None, None, None, self.step, 1)


def frame_script():
    """One tab's live parts: the frame and the model copy they would draw."""
    import streamlit as st

    from pages._live import frame, live_view, note_tab

    note_tab(bool(st.session_state.get("presenting")), in_fragment=False)
    job = st.session_state.job
    st.session_state.drawn = (frame(job).step, live_view(job).step)


def tab(job, presenting: bool = False) -> AppTest:
    at = AppTest.from_function(frame_script)
    at.session_state.job, at.session_state.presenting = job, presenting
    return at


def test_a_big_class_of_watchers_draws_one_frame_and_one_model_copy_renewed_at_the_watchers_rate(seen, monkeypatch):
    """Watchers of a big class share one frame and one model copy (so they share what is drawn from them),
    renewed every WATCH_S; the presenter always draws the latest copy."""
    monkeypatch.setattr(live, "_frame", {"job": None, "snapshot": Snapshot(), "taken": 0.0})
    monkeypatch.setattr(live, "_watch_frame", {"job": None, "snapshot": Snapshot(), "taken": 0.0})
    monkeypatch.setattr(live, "_watch_view", {"job": None, "view": None, "taken": 0.0})
    job = TrainingJob()
    seen(live.BIG_CLASS + 5)
    monkeypatch.setattr(live, "WATCH_S", 1e9)
    first = tab(job).run().session_state.drawn
    assert tab(job).run().session_state.drawn == first  # the job trained on; the second watcher sees the same
    presenter = tab(job, presenting=True).run().session_state.drawn
    assert presenter[1] > first[1]  # the presenter's model copy is the latest
    monkeypatch.setattr(live, "FRAME_S", 0.0)  # the class's frame and the watchers' interval are both up
    monkeypatch.setattr(live, "WATCH_S", 0.0)
    later = tab(job).run().session_state.drawn
    assert later[0] > first[0] and later[1] > presenter[1]


def test_paused_or_in_a_small_class_a_tab_draws_the_latest_model_copy(seen, monkeypatch):
    monkeypatch.setattr(live, "WATCH_S", 1e9)
    monkeypatch.setattr(live, "_watch_view", {"job": None, "view": None, "taken": 0.0})
    seen(live.BIG_CLASS + 5)
    paused = TrainingJob(state=PAUSED)
    assert tab(paused).run().session_state.drawn[1] < tab(paused).run().session_state.drawn[1]  # a Step shows at once
    seen(2)
    running = TrainingJob()
    assert tab(running).run().session_state.drawn[1] < tab(running).run().session_state.drawn[1]


def test_a_frozen_tab_stays_frozen_on_every_page_until_its_switch_is_turned_off(tmp_path, monkeypatch):
    """Streamlit drops a widget's own value when another page opens: the tab's setting is kept apart from it."""
    timers = record_fragments(monkeypatch)
    with app_server(tmp_path, paused=False):
        at = AppTest.from_file(APP, default_timeout=60).run()
        at.toggle(key="live_frozen").set_value(True).run()
        timers.clear()
        at.switch_page("pages/training.py").run()
        assert dict(timers) == {"live_status": None, "_banner": 2.0, "live_curves_ui": None}  # the poll stays live
        assert at.toggle(key="live_frozen").value
        assert "❄ Live updates are frozen in this tab." in [c.value for c in at.sidebar.caption]
        at.toggle(key="live_frozen").set_value(False).run()
        timers.clear()
        at.switch_page("pages/home.py").run()
        assert dict(timers) == {"live_status": 1.0, "_banner": 2.0, "pipeline_ui": 2.0}
