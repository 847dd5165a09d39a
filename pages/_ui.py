"""Streamlit helpers shared by the pages: the one training job, classroom control, the sidebar, the sentence.

Only this module, app.py and the pages import streamlit; everything they show comes from `s2s`.
The training job is one per server process (`st.cache_resource`); per-user choices live in
`st.session_state`.
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path

import streamlit as st

from pages._a11y import accessibility_css, freeze_toggle
from pages._job import current_view, following, get_job, get_lecture, lecture_view, pin_lecture
from pages._live import note_tab, refresh_s
from pages._markdown import md_escape
from pages._memo import memo
from pages._poll import poll_banner, poll_controls
from pages._run_settings import run_settings
from pages._tour import presentation_mode, presenting, tour_banner
from s2s.errors import S2SError
from s2s.figures.exports import to_csv
from s2s.live.job import TrainingJob
from s2s.live.snapshot import ERROR, PAUSED, RUNNING
from s2s.view import ModelView
from s2s.vocab import tokenize

MAX_SENTENCE_CHARS = 10_000  # longer sentences (typed, pasted or in a link) are cut to this many characters
BADGES = {RUNNING: ":green-badge[● training]", PAUSED: ":orange-badge[❚❚ paused]", ERROR: ":red-badge[■ error]",
          "finished": ":gray-badge[■ stopped]", "idle": ":gray-badge[○ idle]"}


def can_control() -> bool:
    """Everyone controls, unless S2S_CONTROL_TOKEN is set: then only sessions that entered it."""
    if st.session_state.get("presenting") or following():  # a projected tab or a follower server: no controls
        return False
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
    if following():
        st.sidebar.caption("👀 This server shows a run that another server trains: training is controlled there.")
        return
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


def is_presenter() -> bool:
    """The tab the class watches: a projected one, or (when a control token is set) one that controls."""
    return bool(st.session_state.get("presenting")) or bool(os.environ.get("S2S_CONTROL_TOKEN")) and can_control()


def live_status() -> None:
    """State badge, step/epoch, loss, device and the controls, refreshed every second (watchers of a big
    class: every 1.25 s)."""
    note_tab(is_presenter(), in_fragment=True)
    job, snap = get_job(), get_job().snapshot()
    st.markdown(f"{BADGES.get(snap.state, snap.state)} step {snap.step:,} · epoch {snap.epoch}")
    loss = "–" if snap.loss != snap.loss else f"{snap.loss:.3f}"
    st.caption(f"loss {loss} · {snap.sentences_per_s:,.0f} sentences/s · {snap.device}")
    if snap.message:  # messages quote errors and file names: shown literally, never as Markdown
        (st.error if snap.state == ERROR else st.info)(md_escape(snap.message))
    if snap.warning:
        st.warning(md_escape(snap.warning))
    _follow_lecture()
    if can_control():
        left, right = st.columns(2)
        if snap.state == RUNNING and getattr(job, "pausing", False):  # a thread job asked to pause mid-step
            left.button("Pausing…", disabled=True, key="btn_pausing", width="stretch")
        elif snap.state == RUNNING:
            left.button("Pause", on_click=job.pause, key="btn_pause", width="stretch")
        else:
            left.button("Resume", on_click=job.resume, disabled=snap.state not in (PAUSED, ERROR),
                        key="btn_resume", width="stretch", type="primary")
        right.button("Step +1", on_click=run_action, args=(job.step, 1), disabled=snap.state not in (PAUSED, ERROR),
                     key="btn_step", help="Run exactly one training step, then stay paused", width="stretch")
        lecture_control()


def lecture_control() -> None:
    """The teacher's one click: freeze every page of every viewer on the model now, or go back to live."""
    if lecture_view() is None:
        st.button("Freeze the class on this step", key="btn_lecture_pin", icon=":material/push_pin:",
                  on_click=run_action, args=(pin_lecture,), width="stretch",
                  help="Every page and every viewer, Home included, inspects the model at the step shown above; "
                       "training goes on (or stays paused) underneath. One click returns to live.")
    else:
        st.button("Back to live", key="btn_lecture_unpin", icon=":material/play_arrow:",
                  on_click=get_lecture().release, width="stretch")


def _follow_lecture() -> None:
    """When the teacher freezes or releases the class, rerun the whole page so it shows the right model."""
    seen = st.session_state.get("lecture_seen", "unset")
    pinned = lecture_view()
    now = None if pinned is None else pinned.step
    st.session_state.lecture_seen = now
    if seen != "unset" and seen != now:
        st.rerun(scope="app")


def lecture_banner() -> None:
    """On every page while the class is frozen: which step everyone inspects (and, for the teacher, the way out)."""
    snap = get_job().snapshot()
    pinned = lecture_view()
    if pinned is None:
        return
    now = "training is paused" if snap.state == PAUSED else "training goes on underneath"
    with st.container(border=True, key="lecture_banner"):
        text, back = st.columns([5, 1], vertical_alignment="center")
        text.markdown(f":material/push_pin: **Lecture snapshot: every page shows the model at step "
                      f"{pinned.step:,}** ({now}).")
        if can_control():
            back.button("Back to live", key="lecture_banner_unpin", on_click=get_lecture().release,
                        width="stretch")


def _leave_legacy_page_mode() -> None:
    """Make a deep link work on a fresh server.

    Until app.py has called st.navigation once, Streamlit treats the `pages/` folder the old way and runs
    a linked page on its own (no sections, no wide layout). Switching that mode off and rerunning makes
    Streamlit run app.py, whose navigation then opens the same page.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without this internal: nothing to fix
        return
    if PagesManager.uses_pages_directory and not st.session_state.get("legacy_mode_left"):
        st.session_state.legacy_mode_left = True  # once per session, so no widget event is ever lost twice
        PagesManager.uses_pages_directory = False
        st.rerun()


def sidebar(page_file: str) -> None:
    """The sidebar every page shares: live status and controls, classroom login, run settings.

    `page_file` is the calling page's `__file__`: the tour needs to know which page is open.
    """
    _leave_legacy_page_mode()
    accessibility_css()
    st.session_state.current_page = f"pages/{Path(page_file).name}"
    presenting()  # read ?present=1 before the tour may switch pages (a switch clears the URL's parameters)
    tour_banner()
    presentation_mode()
    note_tab(is_presenter(), in_fragment=False)  # before any live part takes its refresh interval
    lecture_banner()
    poll_banner(can_control())
    with st.sidebar:
        st.fragment(live_status, run_every=refresh_s(1.0, 1.25))()
        freeze_toggle()
        token_box()
        if can_control():  # the poll panel and the restart form are only for controllers
            poll_controls()
            run_settings(get_job())


def _store_sentence() -> None:
    st.session_state.shared_sentence = st.session_state.sentence


def sentence_input(label: str = "English sentence", default: str = "i love you") -> str:
    """The sentence shared by every page, kept in the session and in the URL (?s=...).

    The value lives in `shared_sentence`, not in the widget: Streamlit forgets a widget's value on pages
    that do not show it, so each page seeds its box from the shared value and typing writes it back.
    """
    shared = st.session_state.get("shared_sentence")
    if shared is None:
        shared = st.query_params.get("s", default)
    shared = st.session_state.shared_sentence = shared[:MAX_SENTENCE_CHARS]  # a link's ?s= is not limited by the box
    st.session_state.sentence = shared
    text = st.text_input(label, key="sentence", max_chars=MAX_SENTENCE_CHARS, on_change=_store_sentence)
    if text:
        st.query_params["s"] = text
    return text


def note_truncated(text: str, max_len: int) -> None:
    """Say so when a sentence is longer than the model reads: only its first `max_len` tokens count."""
    n_tokens = len(tokenize(text or ""))
    if n_tokens > max_len:
        st.caption(f"✂️ Your sentence has {n_tokens:,} words and punctuation marks: it was cut to the model's "
                   f"maximum of {max_len} words, and the rest is not read.")


def _load_latest() -> None:
    st.session_state.view = get_job().inspect_model()


def inspected_model(timeline_key: str | None = None) -> ModelView:
    """The model this session inspects, with a line saying which step it is.

    While training runs, the session keeps ("pins") one copy so a step-through does not change under
    the reader; "Load latest" fetches a newer one. While paused it is always exactly the training model.
    With `timeline_key`, a slider picks an earlier stored step instead (the page's own choice).
    """
    job, snap = get_job(), get_job().snapshot()
    pinned = lecture_view()
    if pinned is not None:  # the teacher froze the class: no page chooses another model
        return pinned
    if timeline_key and len(snap.timeline) > 1:
        options = [*snap.timeline, "now"]
        chosen = st.select_slider("Model at training step", options, value="now", key=timeline_key,
                                  help="Weights are stored every few steps during training; pick one to see "
                                       "what the model did back then.")
        if chosen != "now":
            return _timeline_view(job, int(chosen))
    view = current_view()
    if snap.state == RUNNING and snap.step > view.step:
        left, right = st.columns([5, 1])
        left.caption(f"Inspecting the model as it was at step {view.step:,}; training has since reached step "
                     f"{snap.step:,}. Pause training to inspect the exact model.")
        right.button("Load latest", on_click=_load_latest, key=f"load_latest_{timeline_key or 'page'}")
    else:
        st.caption(f"Inspecting the model at step {view.step:,}"
                   + (" (training is paused: this is exactly the training model)." if snap.state == PAUSED else "."))
    return view


def _timeline_view(job: TrainingJob, step: int) -> ModelView:
    """An earlier stored model, kept in the session memo (one at a time, to bound memory)."""
    try:
        view = memo("timeline_view", lambda: job.inspect_model(step=step), run_id=job.snapshot().run_id, step=step)
    except S2SError:
        return job.inspect_model()
    st.caption(f"Inspecting the model as it was at step {step:,} (from the training timeline).")
    return view


def csv_download(label: str, make_table, file_name: str, key: str) -> None:
    """A CSV download of live numbers; the table is built only when clicked, so pages stay fast."""
    st.download_button(f"{label} (CSV)", data=lambda: to_csv(make_table()), file_name=file_name, mime="text/csv",
                       key=key, on_click="ignore", icon=":material/download:",
                       help="One row per value, ready for a spreadsheet or pandas")
