"""Streamlit helpers shared by the pages: the one training job, classroom control, the sidebar, the sentence.

Only this module, app.py and the pages import streamlit; everything they show comes from `s2s`.
The training job is one per server process (`st.cache_resource`); per-user choices live in
`st.session_state`.
"""

from __future__ import annotations

import atexit
import hmac
import os

import streamlit as st

from s2s.config import DEFAULT_PRESET, PRESETS
from s2s.errors import S2SError
from s2s.job import TrainingJob
from s2s.runspec import RunSpec
from s2s.snapshot import ERROR, PAUSED, RUNNING

BADGES = {RUNNING: ":green-badge[● training]", PAUSED: ":orange-badge[❚❚ paused]", ERROR: ":red-badge[■ error]",
          "finished": ":gray-badge[■ stopped]", "idle": ":gray-badge[○ idle]"}


@st.cache_resource(show_spinner="Starting the training job…", on_release=lambda job: job.stop())
def get_job() -> TrainingJob:
    """The server's one TrainingJob: resumes the last autosave (paused) or starts a new run."""
    job = TrainingJob()
    atexit.register(job.stop)
    if not job.resume_autosave():
        job.start(RunSpec.make(os.environ.get("S2S_PRESET", DEFAULT_PRESET)))
    return job


def can_control() -> bool:
    """Everyone controls, unless S2S_CONTROL_TOKEN is set: then only sessions that entered it."""
    return not os.environ.get("S2S_CONTROL_TOKEN") or st.session_state.get("control_ok", False)


def _check_token() -> None:
    expected = os.environ.get("S2S_CONTROL_TOKEN", "")
    given = st.session_state.get("token_input", "")
    ok = bool(expected) and hmac.compare_digest(given.encode(), expected.encode())
    st.session_state.control_ok = ok
    st.session_state.token_error = bool(given) and not ok
    st.session_state.token_input = ""  # never keep the token in a widget


def token_box() -> None:
    """The classroom-control login in the sidebar (only when a control token is configured)."""
    if not os.environ.get("S2S_CONTROL_TOKEN") or can_control():
        return
    st.sidebar.caption("👀 Viewer mode: you see everything live. Enter the teacher's token to control training.")
    st.sidebar.text_input("Control token", type="password", key="token_input", on_change=_check_token)
    if st.session_state.get("token_error"):
        st.sidebar.error("That token is not right.")


def run_action(action, *args, **kwargs) -> bool:
    """Run a job control, turning S2SError into a message instead of a traceback."""
    try:
        action(*args, **kwargs)
        return True
    except S2SError as err:
        st.session_state.last_error = str(err)
        return False


@st.fragment(run_every=1.0)
def live_status() -> None:
    """State badge, step/epoch, loss, device and the controls, refreshed every second."""
    job, snap = get_job(), get_job().snapshot()
    st.markdown(f"{BADGES.get(snap.state, snap.state)} step {snap.step:,} · epoch {snap.epoch}")
    loss = "–" if snap.loss != snap.loss else f"{snap.loss:.3f}"
    st.caption(f"loss {loss} · {snap.sentences_per_s:,.0f} sentences/s · {snap.device}")
    if snap.message:
        (st.error if snap.state == ERROR else st.info)(snap.message)
    if snap.warning:
        st.warning(snap.warning)
    if can_control():
        left, right = st.columns(2)
        if snap.state == RUNNING:
            left.button("Pause", on_click=job.pause, key="btn_pause", width="stretch")
        else:
            left.button("Resume", on_click=job.resume, disabled=snap.state not in (PAUSED, ERROR),
                        key="btn_resume", width="stretch", type="primary")
        right.button("Step +1", on_click=run_action, args=(job.step, 1), disabled=snap.state not in (PAUSED, ERROR),
                     key="btn_step", help="Run exactly one training step, then stay paused", width="stretch")


def sidebar() -> None:
    """The sidebar every page shares: live status and controls, classroom login, run settings."""
    with st.sidebar:
        live_status()
        token_box()
        if can_control():
            from pages._run_settings import run_settings  # the restart form is only for controllers

            run_settings(get_job())


def sentence_input(label: str = "English sentence", default: str = "i love you") -> str:
    """The sentence shared by every page, kept in the session and in the URL (?s=...)."""
    if "sentence" not in st.session_state:
        st.session_state.sentence = st.query_params.get("s", default)
    text = st.text_input(label, key="sentence", max_chars=2000)
    if text:
        st.query_params["s"] = text
    return text


def preset_names() -> list[str]:
    return sorted(PRESETS)
