"""The one way the app compares two runs, used by the Compare page and the Bottleneck page.

A run is an entry of the run library; the job's current run is read live (its snapshot's history and the
inspected model), every other run from its checkpoint, loaded once per file version and shared by all
sessions. Both models translate the same held-out sentences (those of the first run's corpus).
"""

from __future__ import annotations

import streamlit as st

from pages._chart import chart
from pages._job import get_job
from pages._markdown import md_escape
from s2s.analysis.compare import Comparison, compare, view_of_checkpoint
from s2s.analysis.runs import RunRecord, teacher_forcing_flattery, verdict
from s2s.errors import S2SError
from s2s.figures.compare import comparison_figure
from s2s.figures.summary_data import model_comparison_summary
from s2s.live.library import RunInfo
from s2s.live.runspec import RunSpec, split_for
from s2s.view import ModelView


@st.cache_resource(show_spinner=False, max_entries=4)
def _stored(run_id: str, mtime: float, spec: RunSpec) -> tuple[ModelView, dict, dict]:
    """A stored run's model view and history columns, once per file version, shared by every session (read-only).

    The view keeps one run id, so results computed from it are cached across reruns and sessions.
    """
    ckpt = get_job().library.load(run_id)
    view = view_of_checkpoint(ckpt, split_for(spec), spec.corpus_name)
    return view, ckpt.history.steps, ckpt.history.evals


def run_label(info: RunInfo, current_id: str) -> str:
    """"● current run: teacher forcing 0.0 (step 1,234, 120 s)": the name a picker shows."""
    now = "● current run: " if info.id == current_id else ""
    return f"{now}{info.name} (step {info.step:,}, {info.train_seconds:.0f} s)"


def side(info: RunInfo) -> tuple[RunRecord, ModelView]:
    """A run's record and model view: live for the job's current run, else from its checkpoint."""
    job, snap = get_job(), get_job().snapshot()
    if info.id == snap.library_id:
        return info.record(snap.steps, snap.evals, snap.step, snap.train_seconds), job.inspect_model()
    view, steps, evals = _stored(info.id, job.library.checkpoint_path(info.id).stat().st_mtime, info.spec)
    return info.record(steps, evals), view


def comparison_ui(a: tuple[RunRecord, ModelView], b: tuple[RunRecord, ModelView], key: str) -> Comparison:
    """BLEU by sentence length side by side, then the verdict computed from both runs' numbers."""
    (rec_a, view_a), (rec_b, view_b) = a, b
    with st.spinner("Translating the same held-out sentences with both models…"):
        lengths = compare(view_a, view_b, (rec_a.name, rec_b.name))
        flattered = None
        if "eval_teacher_forced" in (rec_a.bug, rec_b.bug):
            flattered = teacher_forcing_flattery(view_a if rec_a.bug else view_b)
    st.markdown(f"**{md_escape(verdict(rec_a, rec_b, lengths, flattered))}**")
    chart(comparison_figure(lengths), model_comparison_summary(lengths), f"{key}_lengths")
    st.caption(f"Both models translate the same {len(lengths.first.pairs)} held-out pairs of the first run's corpus "
               "greedily; validation scores come from each run's own evaluations.")
    return lengths


def against_current_ui() -> None:
    """The Bottleneck page's comparison: the current run against another run of the library, by length."""
    st.header("Attention against the bottleneck")
    st.markdown(
        "**Attention** lets the decoder look back at every encoder state instead of only the last one. Start a "
        "new run with the *attention* model in the sidebar's **New training run** (every run is kept), or load the "
        "prepared runs on the **Runs** page, and compare the two on the same held-out sentences. The **Compare** "
        "page shows the same comparison with both runs' curves.")
    job, snap = get_job(), get_job().snapshot()
    listing = job.library.list()
    current, others = listing.get(snap.library_id), [r for r in listing.runs if r.id != snap.library_id]
    if current is None or not others:
        st.info("There is no other run to compare with yet; the teacher can start one or load a checkpoint.")
        return
    labels = {r.id: run_label(r, snap.library_id) for r in others}
    if st.session_state.get("cmp_other") not in labels:  # first visit, or that run was deleted
        st.session_state.cmp_other = others[0].id
    other = st.selectbox("Compare the current model with", list(labels), key="cmp_other",
                         format_func=labels.__getitem__)
    try:
        comparison_ui(side(current), side(listing.get(other)), "cmp")
    except (S2SError, OSError) as err:
        st.error(md_escape(f"That run could not be read: {err}"))
