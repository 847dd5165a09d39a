"""AppTest: the class poll between a teacher (with the control token) and students, sharing one server.

Two or three AppTest instances in one process share the cached training job and poll board, as browser
sessions on one server do. `run_every` never fires in AppTest, so each side calls `run()` to refresh.
"""

import pytest
from streamlit.testing.v1 import AppTest

from .app_support import APP, app_server

TOKEN = "let-me-teach"
pytestmark = pytest.mark.timeout(300)


@pytest.fixture()
def server(tmp_path):
    with app_server(tmp_path, token=TOKEN) as (first, job):
        yield job


def teacher() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="token_input").input(TOKEN).run()
    assert not at.exception and at.button(key="poll_open_free")
    return at


def student(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    return at.run()


def board():
    from pages._poll import get_board

    return get_board()


def keys(at, kind="button") -> set:
    return {w.key for w in at.get(kind)}


def banner(at) -> str:
    return " ".join(m.value for m in [*at.markdown, *at.caption])


def ballot(at) -> list[str]:
    """The labels of the poll's choice buttons."""
    return [b.label for b in at.button if b.key and b.key.startswith("poll_vote_")]


def vote(at, choice: int, poll: int = 1) -> None:
    at.button(key=f"poll_vote_{poll}_{choice}").click().run()
    assert not at.exception


def poll_charts(at) -> list:
    return [c for c in at.get("plotly_chart") if "poll_fig" in c.proto.id]


def open_free(at: AppTest, question="Which sentences are harder?", choices="short\nlong\nsame") -> None:
    at.text_input(key="poll_question").input(question)
    at.text_area(key="poll_choices").input(choices)
    at.button(key="poll_open_free").click().run()
    assert not at.exception


def test_one_vote_per_session_changeable_until_closed_then_revealed_only_by_the_teacher(server):
    t, s1, s2 = teacher(), student(), student()
    assert "poll_open_free" not in keys(s1) and not ballot(s1)  # no poll yet, and no teacher panel for students
    open_free(t)
    for s in (s1, s2):
        s.run()
        assert "Which sentences are harder?" in banner(s) and ballot(s) == ["short", "long", "same"]
        assert not {"poll_reveal", "poll_close", "poll_dismiss"} & keys(s)  # viewers get no poll controls
    vote(s1, 0)
    vote(s2, 1)
    vote(s1, 1)  # a change of mind replaces the first vote
    vote(s1, 1)  # and the same vote again changes nothing
    state = board().current()
    assert state.n_votes == 2 and state.counts is None
    t.run()
    assert "**2** votes so far" in banner(t) and not poll_charts(t)  # a count, not the distribution
    assert "Your vote is in: **long**" in banner(s1)
    t.button(key="poll_close").click().run()
    s2.run()
    assert all(s2.button(key=f"poll_vote_1_{i}").disabled for i in range(3)) and "Voting is closed" in banner(s2)
    assert not board().vote(1, s2.session_state["voter_token"], 0)  # a late vote, as a forged message would send
    s2.run()
    assert board().current().n_votes == 2 and not poll_charts(s2)
    t.button(key="poll_reveal").click().run()
    s2.run()
    assert poll_charts(s2)
    assert board().current().counts == (0, 2, 0) and "Your vote: **long**" in banner(s2)
    assert not s2.exception and not t.exception


def test_the_revealed_histogram_is_built_once_for_the_whole_class(server, monkeypatch):
    """Every tab redraws the revealed poll every few seconds: sixty students must not build sixty figures."""
    import pages._poll as poll_ui

    built = []
    real = poll_ui.poll_figure
    monkeypatch.setattr(poll_ui, "poll_figure", lambda q, counts: built.append(tuple(counts)) or real(q, counts))
    t, s1, s2 = teacher(), student(), student()
    open_free(t)
    for s, choice in ((s1, 0), (s2, 2)):
        s.run()
        vote(s, choice)
    t.button(key="poll_reveal").click().run()
    for at in (s1, s2, t, s1, s2):
        at.run()
        assert poll_charts(at) and not at.exception
    assert built == [(1, 0, 1)]  # one figure, for the one count every tab shows


def test_bad_questions_get_a_message_a_time_limit_applies_and_a_second_poll_waits_for_the_first(server):
    t = teacher()
    open_free(t, choices="only one")
    assert "2 to 6 choices" in t.error[0].value and board().current() is None
    t.selectbox(key="poll_time_limit").set_value("30 seconds")
    open_free(t)
    assert board().current().closes_at is not None and "closes in" in banner(t)
    open_free(t, question="Another?", choices="a\nb")
    assert "already open" in t.error[0].value and board().current().question.question == "Which sentences are harder?"
    assert "poll_history_csv" in keys(t, "download_button") and "poll_history_csv" not in keys(student(),
                                                                                            "download_button")


def test_the_presenting_view_shows_the_count_then_the_histogram(server):
    t = teacher()
    projector = student({"present": "1"})
    open_free(t)
    s = student()
    vote(s, 2)
    projector.run()
    assert "**1** vote so far" in banner(projector) and not ballot(projector) and not poll_charts(projector)
    assert "poll_reveal" not in keys(projector)  # presenting is never a control
    t.button(key="poll_reveal").click().run()
    projector.run()
    assert poll_charts(projector)


def test_a_vote_survives_page_switches_and_a_reconnection_through_the_url(server):
    t = teacher()
    open_free(t)
    s = student()
    vote(s, 1)
    token = s.session_state["voter_token"]
    assert s.query_params["voter"] == token
    s.switch_page("pages/encoder.py").run()
    assert "Your vote is in: **long**" in banner(s) and s.button(key="poll_vote_1_1").proto.type == "primary"
    back = student({"voter": token})  # the same browser, reconnected as a new session
    assert back.session_state["voter_token"] == token and "Your vote is in: **long**" in banner(back)
    vote(back, 0)
    assert board().current().n_votes == 1  # still one vote: the same token changed it
    forged = student({"voter": "not a token"})
    assert forged.session_state["voter_token"] != "not a token"
