"""The Bottleneck page's comparison of two models by sentence length (e.g. classic vs attention)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from pages._ui import can_control, get_job
from s2s.analysis.compare import compare, view_of_checkpoint
from s2s.checkpoint import load_checkpoint
from s2s.errors import S2SError
from s2s.figures.compare import comparison_figure
from s2s.view import ModelView

PREVIOUS, UPLOAD = "the previous training run", "a checkpoint file"


@st.cache_resource(show_spinner=False, max_entries=2)
def _load(path: str, mtime: float):
    """Loaded once per file version and shared by every session (read-only)."""
    return load_checkpoint(path)


def _other_checkpoint():
    """The checkpoint to compare with, from the previous run or an upload; None when there is none yet."""
    job = get_job()
    options = ([PREVIOUS] if job.previous_path.exists() else []) + ([UPLOAD] if can_control() else [])
    if not options:
        st.info("There is no previous run to compare with yet; the teacher can start one or load a checkpoint.")
        return None
    if st.session_state.get("cmp_options") != options:  # a previous run just appeared: offer it first
        st.session_state.cmp_options = options
        st.session_state.pop("cmp_source", None)
    source = st.radio("Compare the current model with", options, horizontal=True, key="cmp_source")
    if source == PREVIOUS:
        path = job.previous_path
        return _load(str(path), path.stat().st_mtime)
    upload = st.file_uploader("A checkpoint saved by this app or by `python -m s2s train` (.pt)", type=["pt"],
                              key="cmp_upload")
    if upload is None:
        st.info("Choose a checkpoint to compare with.")
        return None
    path = Path(tempfile.gettempdir()) / f"s2s-compare-{abs(hash(upload.file_id))}.pt"
    if not path.exists():  # every rerun sees the same upload: write it once
        path.write_bytes(upload.getvalue())
    return _load(str(path), path.stat().st_mtime)


def comparison_section(view: ModelView) -> None:
    """Score both models on the same held-out sentences and say plainly which wins on long ones."""
    st.subheader("Attention against the bottleneck")
    st.markdown(
        "**Attention** lets the decoder look back at every encoder state instead of only the last one. Start a "
        "new run with the *attention* model in the sidebar's **New training run** (the run it replaces is kept), "
        "or load a checkpoint, and compare the two on the same held-out sentences:")
    try:
        ckpt = _other_checkpoint()
    except S2SError as err:
        st.error(str(err))
        return
    if ckpt is None:
        return
    other = view_of_checkpoint(ckpt, view.split, view.corpus_name)
    with st.spinner("Translating the held-out sentences with both models…"):
        result = compare(view, other)
    st.plotly_chart(comparison_figure(result), key="cmp_fig", width="stretch")
    st.markdown(f"**{result.verdict()}**")
    st.caption(f"First: the current model, {result.names[0]}. Second: {result.names[1]}. Both translate the same "
               f"{len(result.first.pairs)} held-out pairs of this run's corpus greedily; equal training *time* "
               "is the fair comparison, since an attention step costs more than a classic one.")
