"""Runs: every run the app kept (trained, experiments, prepared, uploaded), its disk use, and what to do with it."""

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from pages._compare_ui import run_label
from pages._markdown import md_escape
from pages._run_settings import safe_file_name
from pages._ui import can_control, get_job, run_action, sidebar
from s2s.live.library import Listing, RunInfo

INTRO = (
    "Every training run is kept here with its settings, its metrics history and its weights: the one training "
    "now, earlier ones, runs from experiments, prepared runs and uploaded checkpoints. Compare any two on the "
    "**Compare** page."
)
KEEP_CHOICES = (3, 5, 10, 20)


def table_ui(listing: Listing, current: str) -> None:
    rows = [{"run": ("● " if r.id == current else "") + r.name, "origin": r.origin, "model": r.spec.model.kind,
             "size": r.spec.preset, "bug": r.bug or "", "steps": r.step, "training time (s)": round(r.train_seconds),
             "validation BLEU": None if r.bleu is None else round(r.bleu, 1), "MB": round(r.size_bytes / 2**20, 1)}
            for r in listing.runs]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    used = get_job().library.disk_used()
    st.caption(f"{len(listing.runs)} runs, {used / 2**20:,.1f} MB on disk in {md_escape(str(get_job().library.root))}"
               " (● the current run, the one the job holds).")
    for problem in listing.problems:
        st.warning(md_escape(f"Skipped the folder {problem.id}: {problem.reason}."))


def _delete(run_id: str, name: str) -> None:
    st.session_state.confirm_delete = ""
    if run_action(get_job().library.delete, run_id, get_job().snapshot().library_id):
        st.session_state.deleted = (run_id, name)


def _undo() -> None:
    run_id, _ = st.session_state.pop("deleted")
    run_action(get_job().library.restore, run_id)


def actions_ui(info: RunInfo, current: str) -> None:
    """A controller can download a run, continue it in the job, or delete it (confirmed, undoable)."""
    path = get_job().library.checkpoint_path(info.id)
    cols = st.columns(3)
    cols[0].download_button("Download (.pt)", data=path.read_bytes, file_name=f"{info.id}.pt", key="run_download",
                            on_click="ignore", icon=":material/download:")
    cols[1].button("Continue this run (paused)", key="run_load", disabled=info.id == current,
                   on_click=run_action, args=(get_job().load_run, info.id))
    if st.session_state.get("confirm_delete") != info.id:
        cols[2].button("Delete…", key="run_delete_ask",
                       on_click=lambda: st.session_state.update(confirm_delete=info.id))
        return
    st.warning(md_escape(f"Delete {info.name}? It goes to the trash and can be restored until the next prune."))
    left, right = st.columns(2)
    left.button("Yes, delete", type="primary", key="run_delete_yes", on_click=_delete, args=(info.id, info.name))
    right.button("Cancel", key="run_delete_no", on_click=lambda: st.session_state.update(confirm_delete=""))


def prune_ui() -> None:
    keep = st.select_slider("Keep the most recent runs", KEEP_CHOICES, value=10, key="prune_keep",
                            persist_state="session")
    st.button(f"Prune: delete all but the {keep} most recent runs and empty the trash", key="prune_go",
              on_click=run_action, args=(get_job().library.prune, keep, get_job().snapshot().library_id))


def upload_ui() -> None:
    upload = st.file_uploader("Add a checkpoint to the library (.pt, from this app or `python -m s2s train`)",
                              type=["pt"], key="run_upload")
    if upload is not None and st.button("Add it", key="run_upload_go"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / safe_file_name(upload.name)
            path.write_bytes(upload.getvalue())
            if run_action(get_job().library.import_file, path, safe_file_name(upload.name)):
                st.success("Added to the library.")


def prepared_ui(listing: Listing) -> None:
    """Load the newest prepared classic/attention pair in one click and open them on the Compare page."""
    groups = [r.group for r in listing.runs if r.origin == "prepared"]
    if not groups:
        st.caption("No prepared runs yet. Before class, run `python -m s2s prepare --minutes 10` on this machine: "
                   "it trains a classic and an attention model of the same size for the same time.")
        return
    pair = sorted((r for r in listing.runs if r.group == groups[0]), key=lambda r: r.spec.model.kind != "classic")
    label = " and ".join(f"{r.name} ({r.train_seconds / 60:.0f} min)" for r in pair)
    if st.button(f"Load the prepared runs: {label}", type="primary", key="load_prepared"):
        if run_action(get_job().load_run, pair[0].id):
            st.session_state.cmp_a, st.session_state.cmp_b = pair[0].id, pair[-1].id
            st.switch_page("pages/compare.py")


def main() -> None:
    sidebar(__file__)
    st.title("Runs")
    st.markdown(INTRO)
    listing, current = get_job().library.list(), get_job().snapshot().library_id
    if can_control():
        prepared_ui(listing)
    table_ui(listing, current)
    if st.session_state.get("deleted") and can_control():
        st.info(md_escape(f"Deleted {st.session_state.deleted[1]}."))
        st.button("Undo", key="run_undo", on_click=_undo)
    if listing.runs and can_control():
        ids = [r.id for r in listing.runs]
        chosen = st.selectbox("Run", ids, key="run_choice", format_func=lambda i: run_label(listing.get(i), current))
        actions_ui(listing.get(chosen), current)
    if can_control():
        with st.expander("Add a checkpoint, or prune old runs"):
            upload_ui()
            prune_ui()
    if st.session_state.get("last_error"):
        st.error(md_escape(st.session_state.pop("last_error")))


main()
