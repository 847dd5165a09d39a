"""The server's one training job, shared by every session (`st.cache_resource`).

Kept in its own module so every page helper can reach the job without importing the sidebar. Three kinds:
training in a child process (the default), training in a thread of this server (S2S_TRAINER=thread), or
following the run another server trains and publishes (S2S_FOLLOW=<that server's run folder>).
"""

from __future__ import annotations

import atexit
import os
from pathlib import Path

import streamlit as st

from s2s.config import DEFAULT_PRESET
from s2s.live.arrivals import Arrivals
from s2s.live.follow import FollowedRun
from s2s.live.job import TrainingJob
from s2s.live.lecture import LecturePin
from s2s.live.process import ProcessJob
from s2s.live.publish import Publisher
from s2s.live.runspec import RunSpec
from s2s.live.snapshot import RUNNING
from s2s.view import ModelView

Job = TrainingJob | ProcessJob | FollowedRun


def following() -> bool:
    """True on a follower server: it trains nothing and offers no training controls."""
    return bool(os.environ.get("S2S_FOLLOW"))


def new_job() -> Job:
    """A process keeps training at full speed however many students watch (it shares no interpreter lock with
    the pages); a thread starts faster, which suits tests and a single user. S2S_PUBLISH=1 writes the run
    into the run folder every two seconds for followers."""
    if following():
        return FollowedRun(Path(os.environ["S2S_FOLLOW"]))
    publish = os.environ.get("S2S_PUBLISH") == "1"
    if os.environ.get("S2S_TRAINER") != "thread":
        return ProcessJob(publish=publish)
    job = TrainingJob()
    if publish:
        Publisher(job, job.files.home).start()
    return job


def start_run(job: Job) -> None:
    """Resume the last autosave (paused), or start a new run from S2S_PRESET and S2S_MODEL."""
    if not following() and not job.resume_autosave():
        kind = os.environ.get("S2S_MODEL", "classic")  # classic or attention
        job.start(RunSpec.make(os.environ.get("S2S_PRESET", DEFAULT_PRESET), kind=kind))


@st.cache_resource(show_spinner="Starting the training job…", on_release=lambda job: job.stop())
def get_job() -> Job:
    """The server's one job."""
    job = new_job()
    atexit.register(job.stop)
    start_run(job)
    return job


@st.cache_resource(show_spinner=False)
def get_lecture() -> LecturePin:
    """The server's one lecture snapshot (st.cache_resource), whatever kind of job trains."""
    return LecturePin()


@st.cache_resource(show_spinner=False)
def get_arrivals() -> Arrivals:
    """The copy sessions arriving together pin while training runs (one per 20 s for the whole server)."""
    return Arrivals()


def lecture_view() -> ModelView | None:
    """The model the teacher pinned for the whole class, or None while everyone follows the live model."""
    return get_lecture().view(get_job().snapshot().run_id)


def pin_lecture() -> None:
    """Freeze every page of every viewer on the model as it is now (the training model itself while paused)."""
    get_lecture().pin(get_job().inspect_model())


def current_view() -> ModelView:
    """The model this session inspects now, without drawing anything (for callbacks and the tour).

    During a lecture snapshot it is the model the teacher pinned for everyone. Otherwise, while training
    runs the session keeps one copy until it asks for a newer one; while paused it is exactly the training
    model.
    """
    pinned = lecture_view()
    if pinned is not None:
        return pinned
    job = get_job()
    snap = job.snapshot()
    view = st.session_state.get("view")
    if view is None or view.run_id != snap.run_id:  # a new session, or a new run: the class's shared copy
        latest = job.inspect_model
        view = get_arrivals().view(snap.run_id, latest) if snap.state == RUNNING else latest()
        st.session_state.view = view
    elif snap.state != RUNNING and view.step != snap.step:  # paused: exactly the training model
        view = st.session_state.view = job.inspect_model()
    return view
