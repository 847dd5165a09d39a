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


def poll_charts(at) -> list:
    return [c for c in at.get("plotly_chart") if "poll_fig" in c.proto.id]


def open_free(at: AppTest, question="Which sentences are harder?", choices="short\nlong\nsame") -> None:
    at.text_input(key="poll_question").input(question)
    at.text_area(key="poll_choices").input(choices)
    at.button(key="poll_open_free").click().run()
    assert not at.exception


def test_one_vote_per_session_changeable_until_closed_then_revealed_only_by_the_teacher(server):
    t, s1, s2 = teacher(), student(), student()
    assert "poll_open_free" not in keys(s1) and not s1.radio  # no poll yet, and no teacher panel for students
    open_free(t)
    for s in (s1, s2):
        s.run()
        assert "Which sentences are harder?" in banner(s) and s.radio(key="poll_vote_1").options == ["short", "long",
                                                                                                    "same"]
        assert not {"poll_reveal", "poll_close", "poll_dismiss"} & keys(s)  # viewers get no poll controls
    s1.radio(key="poll_vote_1").set_value(0).run()
    s2.radio(key="poll_vote_1").set_value(1).run()
    s1.radio(key="poll_vote_1").set_value(1).run()  # a change of mind replaces the first vote
    state = board().current()
    assert state.n_votes == 2 and state.counts is None
    t.run()
    assert "**2** votes so far" in banner(t) and not poll_charts(t)  # a count, not the distribution
    assert "Your vote is in: **long**" in banner(s1)
    t.button(key="poll_close").click().run()
    s2.run()
    assert s2.radio(key="poll_vote_1").disabled and "Voting is closed" in banner(s2)
    s2.session_state["poll_vote_1"] = 0  # a forged late vote: the ballot is closed, and the board refuses it
    s2.run()
    assert board().current().n_votes == 2 and not poll_charts(s2)
    t.button(key="poll_reveal").click().run()
    s2.run()
    assert poll_charts(s2)
    assert board().current().counts == (0, 2, 0) and "Your vote: **long**" in banner(s2)
    assert not s2.exception and not t.exception


def test_bad_questions_get_a_message_and_a_second_poll_waits_for_the_first(server):
    t = teacher()
    open_free(t, choices="only one")
    assert "2 to 6 choices" in t.error[0].value and board().current() is None
    open_free(t)
    open_free(t, question="Another?", choices="a\nb")
    assert "already open" in t.error[0].value and board().current().question.question == "Which sentences are harder?"


def test_the_presenting_view_shows_the_count_then_the_histogram(server):
    t = teacher()
    projector = student({"present": "1"})
    open_free(t)
    s = student()
    s.radio(key="poll_vote_1").set_value(2).run()
    projector.run()
    assert "**1** vote so far" in banner(projector) and not projector.radio and not poll_charts(projector)
    assert "poll_reveal" not in keys(projector)  # presenting is never a control
    t.button(key="poll_reveal").click().run()
    projector.run()
    assert poll_charts(projector)


def test_a_vote_survives_page_switches_and_a_reconnection_through_the_url(server):
    t = teacher()
    open_free(t)
    s = student()
    s.radio(key="poll_vote_1").set_value(1).run()
    token = s.session_state["voter_token"]
    assert s.query_params["voter"] == token
    s.switch_page("pages/encoder.py").run()
    assert "Your vote is in: **long**" in banner(s) and s.radio(key="poll_vote_1").value == 1
    back = student({"voter": token})  # the same browser, reconnected as a new session
    assert back.session_state["voter_token"] == token and back.radio(key="poll_vote_1").value == 1
    back.radio(key="poll_vote_1").set_value(0).run()
    assert board().current().n_votes == 1  # still one vote: the same token changed it
    forged = student({"voter": "not a token"})
    assert forged.session_state["voter_token"] != "not a token"
