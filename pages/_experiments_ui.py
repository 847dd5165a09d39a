"""Ready-made experiments on the Compare page: pick one, see its budget, start it, watch its progress.

The server has one `ExperimentRunner` (like its one job); it trains the experiment's runs one after
another on the job, and when it is done the Compare page shows the first and the last run side by side.
"""

from __future__ import annotations

import streamlit as st

from pages._job import get_job
from pages._markdown import md_escape
from pages._ui import can_control
from s2s.bugs import BUGS
from s2s.errors import S2SError
from s2s.live.experiments import EXPERIMENTS, ExperimentRunner, plan

BUDGETS = (30, 60, 90, 120, 180, 300, 600)  # seconds of training time per run


@st.cache_resource(show_spinner=False, on_release=lambda runner: runner.cancel())
def get_runner() -> ExperimentRunner:
    """The server's one experiment runner, on the server's one job."""
    return ExperimentRunner(get_job())


def default_setup() -> tuple[str, int]:
    """(preset, seconds per run): on a CPU the small model and two minutes, so an experiment fits a lesson."""
    on_gpu = get_job().snapshot().device.startswith("cuda")
    return ("classic", 120) if on_gpu else ("small", 120)


def _start(key: str, preset_name: str, budget_s: int) -> None:
    job = get_job()
    try:
        get_runner().start(key, plan(key, job.spec, preset_name, budget_s))
        st.session_state.experiment_error = ""
    except S2SError as err:
        st.session_state.experiment_error = str(err)


def launcher_ui() -> None:
    """The experiment choice, its preset and budget (shown, changeable) and the Start button."""
    preset_default, budget_default = default_setup()
    options = list(EXPERIMENTS)
    key = st.selectbox("Experiment", options, format_func=lambda k: EXPERIMENTS[k].title, key="exp_choice",
                       persist_state="session")
    left, right = st.columns(2)
    preset_name = left.selectbox("Model size", ["small", "classic"], index=["small", "classic"].index(preset_default),
                                 key="exp_preset")
    budget = right.select_slider("Training time per run (s)", BUDGETS, value=budget_default, key="exp_budget",
                                 persist_state="session")
    n_runs = 3 if key not in BUGS else 2
    st.caption(f"{n_runs} runs of {budget} s of training time each, one after another (about "
               f"{n_runs * budget / 60:.0f} min plus evaluations), on the current corpus; a run already in the "
               "library with the same settings and training time is reused. Each new run replaces the model "
               "everyone is looking at.")
    st.button("Start the experiment", type="primary", key="exp_start", on_click=_start,
              args=(key, preset_name, budget), disabled=get_runner().progress().active)
    if st.session_state.get("experiment_error"):
        st.error(md_escape(st.session_state.experiment_error))


@st.fragment(run_every=1.0)
def progress_ui() -> None:
    """Which run is training and how far it is; when the experiment ends, its runs go into the pickers."""
    progress, snap = get_runner().progress(), get_job().snapshot()
    if not progress.names:
        return
    if progress.failed:
        st.warning(md_escape(progress.failed))
    elif progress.done:
        if st.session_state.get("exp_shown") != progress.run_ids:
            st.session_state.exp_shown = progress.run_ids
            st.session_state.cmp_a, st.session_state.cmp_b = progress.run_ids[0], progress.run_ids[-1]
            st.rerun()  # the whole page, so the pickers show the experiment's runs
        reused = sum(progress.reused)
        st.success(f"{progress.title}: done ({len(progress.run_ids)} runs" +
                   (f", {reused} reused from the library)." if reused else ")."))
    else:
        budget = snap.budget_s or 0.0
        done = min(snap.train_seconds / budget, 1.0) if budget else 0.0
        st.progress(done, text=f"{progress.title}: run {progress.index + 1} of {len(progress.names)} "
                               f"({progress.names[progress.index]}), {snap.train_seconds:.0f} of {budget:.0f} s")
        if can_control():
            st.button("Cancel the experiment", key="exp_cancel", on_click=get_runner().cancel)
