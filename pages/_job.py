"""The server's one training job, shared by every session (`st.cache_resource`).

Kept in its own module so every page helper can reach the job without importing the sidebar.
"""

from __future__ import annotations

import atexit
import os

import streamlit as st

from s2s.config import DEFAULT_PRESET
from s2s.live.job import TrainingJob
from s2s.live.runspec import RunSpec


@st.cache_resource(show_spinner="Starting the training job…", on_release=lambda job: job.stop())
def get_job() -> TrainingJob:
    """The server's one TrainingJob: resumes the last autosave (paused) or starts a new run."""
    job = TrainingJob()
    atexit.register(job.stop)
    if not job.resume_autosave():
        kind = os.environ.get("S2S_MODEL", "classic")  # classic or attention
        job.start(RunSpec.make(os.environ.get("S2S_PRESET", DEFAULT_PRESET), kind=kind))
    return job
