"""The class poll in the app: a banner every session sees on every page, the ballot, and the teacher's controls.

The poll lives on the server (one `PollBoard`, like the one training job), so it survives page switches,
reruns and reconnections; each session only keeps its voter token. The banner is a small fragment that
re-reads the board every couple of seconds and draws nothing when there is no poll. Rules (one vote per
token, nothing after closing, no unknown choices) are the board's, so a forged message cannot bend them.

How a reconnecting browser is recognised: the token is a random string made by the session and kept in
`st.session_state` (which survives reruns, page switches and short reconnections). Once the session has
voted, the token is also written to the URL (`?voter=...`), so a reload or a reconnection after the
server dropped the session brings it back and the vote stays that browser's. A token copied with a link
from a session that is still connected is not taken over: the newcomer makes its own.
"""

from __future__ import annotations

import secrets
import time
from typing import Callable

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from pages._chart import chart
from pages._job import get_job
from pages._live import refresh_s, shared
from pages._markdown import md_escape
from pages._tour import presenting
from s2s.analysis.polls import MAX_CHOICES, PollQuestion, free_question
from s2s.errors import S2SError
from s2s.figures.exports import poll_history, to_csv
from s2s.figures.poll import poll_figure
from s2s.figures.summary_data import poll_summary
from s2s.live.poll import TOKEN, PollBoard, PollState

POLL_REFRESH_S = 2.0  # how soon every session sees a poll open, its count rise, and the reveal
TIME_LIMITS = {"no time limit": None, "30 seconds": 30, "1 minute": 60, "2 minutes": 120, "5 minutes": 300}


@st.cache_resource(show_spinner=False)
def get_board() -> PollBoard:
    """The server's one poll board, shared by every session."""
    return PollBoard()


def _session_id() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else ""


def _connected(session_id: str) -> bool:
    return Runtime.exists() and Runtime.instance().is_active_session(session_id)


def voter_token() -> str:
    """This session's anonymous voter token (see the module docstring for how it survives a reconnection)."""
    token = st.session_state.get("voter_token")
    if token is None:
        given = st.query_params.get("voter", "")
        if not (TOKEN.fullmatch(given) and get_board().claim(given, _session_id(), _connected)):
            given = secrets.token_urlsafe(16)
            get_board().claim(given, _session_id(), _connected)
        token = st.session_state.voter_token = given
    return token


def _vote(poll_id: int, choice: int) -> None:
    get_board().vote(poll_id, voter_token(), choice)


def _ballot(state: PollState) -> None:
    """One button per choice; the session's vote is highlighted, and another click changes it until it closes.

    Buttons, not a radio group: a button's value is only ever "clicked", so no forged widget value can reach
    this code in a form Streamlit cannot read back (the board checks the vote itself).
    """
    with st.container(horizontal=True):
        for i, choice in enumerate(state.question.choices):
            mine = i == state.my_vote
            st.button(md_escape(choice), key=f"poll_vote_{state.id}_{i}", on_click=_vote, args=(state.id, i),
                      type="primary" if mine else "secondary", icon=":material/check:" if mine else None,
                      disabled=not state.is_open)
    if state.my_vote is not None and state.is_open:
        if st.query_params.get("voter") != voter_token():  # once: each change of the URL is a message to the browser
            st.query_params["voter"] = voter_token()  # so a reload keeps this vote (a page switch clears the URL)
        st.caption(f"Your vote is in: **{md_escape(state.question.choices[state.my_vote])}**. "
                   "You can change it until the poll closes; votes are anonymous.")


def _status_line(state: PollState) -> str:
    votes = f"**{state.n_votes}** vote{'s' * (state.n_votes != 1)}"
    if state.revealed:
        return f"Voting is over: {votes}."
    if state.is_open:
        left = "" if state.closes_at is None else f" · closes in {max(0, round(state.closes_at - time.monotonic()))} s"
        return f"{votes} so far{left}. The class's answers stay hidden until the teacher reveals them."
    return f"Voting is closed: {votes}. Waiting for the teacher to reveal the answers."


def _results(state: PollState) -> None:
    """The class's histogram beside the model's answer, and this session's own vote against it."""
    q = state.question
    # built once per poll and count for the whole class (each tab redraws it every few seconds)
    figure, summary = shared("poll", get_job(), (state.id, tuple(state.counts)),
                             lambda: (poll_figure(q, state.counts), poll_summary(q, state.counts)))
    chart(figure, summary, f"poll_fig_{state.id}", config={"displayModeBar": False})
    lines = []
    if q.answer is not None:
        value = q.values[q.answer] if q.values else None
        number = f" ({q.value_name} {value:.1%})" if value is not None else ""
        lines.append(f"The model's answer (at training step {q.step:,}): **{md_escape(q.answer_label)}**{number}.")
    if state.my_vote is not None:
        mark = "" if q.answer is None else (" ✓" if state.my_vote == q.answer else " ✗")
        lines.append(f"Your vote: **{md_escape(q.choices[state.my_vote])}**{mark}.")
    if lines:
        st.markdown("  \n".join(lines))


def _teacher_buttons(state: PollState) -> None:
    board = get_board()
    left, mid, right = st.columns(3)
    left.button("Reveal the answers", key="poll_reveal", type="primary", disabled=state.revealed, width="stretch",
                on_click=board.reveal, args=(state.id,))
    mid.button("Close voting", key="poll_close", disabled=not state.is_open, width="stretch",
               on_click=board.close, args=(state.id,))
    right.button("Remove the poll", key="poll_dismiss", width="stretch", on_click=board.dismiss, args=(state.id,),
                 help="Take it off every screen; it stays in the CSV of past polls")


def poll_banner(controller: bool) -> None:
    """The current poll above the page, for every session; nothing at all when there is none."""
    # watchers of a big class: 3 s; never frozen (the teacher talking to the room; it draws nothing without a poll)
    st.fragment(_banner, run_every=refresh_s(POLL_REFRESH_S, 3.0, freezable=False))(controller)


def _banner(controller: bool) -> None:
    state = get_board().current(voter_token())
    if state is None:
        return
    # The same blocks in the same order in every phase: a fragment rerun then updates them in place and never
    # leaves a stale widget of the previous phase on screen.
    with st.container(border=True, key="poll_banner"):
        st.markdown(f":material/how_to_vote: **Class poll:** {md_escape(state.question.question)}")
        with st.container():
            if presenting():  # the projected view lists the choices; the class votes on its own screens
                st.markdown("  \n".join(f"{i + 1}. {md_escape(c)}" for i, c in enumerate(state.question.choices)))
            else:
                _ballot(state)
        with st.container():
            if state.revealed:
                _results(state)
        st.markdown(_status_line(state))
        if controller:
            _teacher_buttons(state)


def open_poll(make_question: Callable[[], PollQuestion], origin: str) -> None:
    """Open a poll built by `make_question`, with the time limit the teacher chose; S2SError becomes a message
    shown beside the button `origin` that asked."""
    try:
        get_board().open(make_question(), TIME_LIMITS[st.session_state.get("poll_time_limit", "no time limit")])
        st.session_state.poll_error = None
    except S2SError as err:
        st.session_state.poll_error = (origin, str(err))


def _show_error(origin: str) -> None:
    error = st.session_state.get("poll_error")
    if error and error[0] == origin:
        st.error(md_escape(error[1]))


def ask_class(label: str, make_question: Callable[[], PollQuestion], key: str) -> None:
    """A page's "ask the class" button (draw it only for a controlling session)."""
    st.button(label, key=key, icon=":material/how_to_vote:", on_click=open_poll, args=(make_question, key),
              help="Opens a poll on every screen in the room; the model's answer stays hidden until you reveal it")
    _show_error(key)


def _free_question() -> PollQuestion:
    return free_question(st.session_state.get("poll_question", ""),
                         st.session_state.get("poll_choices", "").splitlines(), get_job().snapshot().step)


def poll_controls() -> None:
    """The teacher's poll panel in the sidebar: a question of their own, the time limit, past polls as CSV."""
    with st.expander("Class poll", icon=":material/how_to_vote:"):
        st.selectbox("Time limit for new polls", list(TIME_LIMITS), key="poll_time_limit", persist_state="session")
        st.text_input("Your own question", key="poll_question", persist_state="session", max_chars=300)
        st.text_area(f"Its choices, one per line (2 to {MAX_CHOICES})", key="poll_choices", height=110,
                     persist_state="session")
        st.button("Open this poll", key="poll_open_free", on_click=open_poll, args=(_free_question, "poll_open_free"),
                  width="stretch")
        _show_error("poll_open_free")
        st.caption("The Decoder page asks which word comes next, the Bottleneck page which sentence length fails "
                   "first: use their *Ask the class* buttons.")
        st.download_button("Past polls (CSV)", key="poll_history_csv", on_click="ignore", mime="text/csv",
                           data=lambda: to_csv(poll_history(get_board().history())), file_name="class-polls.csv",
                           icon=":material/download:", width="stretch")
