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
