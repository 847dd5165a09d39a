"""The server's one training job, shared by every session (`st.cache_resource`).

Kept in its own module so every page helper can reach the job without importing the sidebar.
"""

from __future__ import annotations

import atexit
import os

import streamlit as st

from s2s.config import DEFAULT_PRESET
from s2s.live.job import TrainingJob
from s2s.live.process import ProcessJob
from s2s.live.runspec import RunSpec


def new_job() -> TrainingJob | ProcessJob:
    """Training in its own process (the default), or in a thread of the server with S2S_TRAINER=thread.

    A process keeps training at full speed however many students watch (it shares no interpreter lock with
    the pages); a thread starts faster, which suits tests and a single user.
    """
    return TrainingJob() if os.environ.get("S2S_TRAINER") == "thread" else ProcessJob()


@st.cache_resource(show_spinner="Starting the training job…", on_release=lambda job: job.stop())
def get_job() -> TrainingJob | ProcessJob:
    """The server's one training job: resumes the last autosave (paused) or starts a new run."""
    job = new_job()
    atexit.register(job.stop)
    if not job.resume_autosave():
        kind = os.environ.get("S2S_MODEL", "classic")  # classic or attention
        job.start(RunSpec.make(os.environ.get("S2S_PRESET", DEFAULT_PRESET), kind=kind))
    return job
