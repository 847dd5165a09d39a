"""The sidebar form that starts a new training run: corpus, model size, with a confirmation step.

Restarting replaces the model everyone in the class is looking at, so it takes two clicks, and the
old run is autosaved first.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import streamlit as st

from pages._markdown import md_escape
from s2s.bugs import BUGS, with_bug
from s2s.data import SHARED_TATOEBA, decode_pairs_bytes
from s2s.errors import S2SError
from s2s.live.job import TrainingJob
from s2s.live.runspec import RunSpec, store_upload

BUILTIN, SHARED, UPLOAD = "Built-in corpus", "Tatoeba (shared eng-fra.tsv)", "Upload a TSV file"


def _corpus_choice() -> tuple[str, str, str | None] | None:
    """(corpus spec, display name, prefixes) for the chosen corpus, or None when an upload is pending/bad."""
    options = [BUILTIN] + ([SHARED] if SHARED_TATOEBA.is_file() else []) + [UPLOAD]
    choice = st.selectbox("Corpus", options, key="corpus_choice", persist_state="session")
    if choice == BUILTIN:
        return "builtin", "built-in corpus", None
    if choice == SHARED:
        classic = st.checkbox("Only the classic 'i am / he is / you are…' subset", value=True, key="classic_subset",
                              persist_state="session")
        return str(SHARED_TATOEBA), "Tatoeba eng-fra" + (" (classic subset)" if classic else ""), \
            "classic" if classic else None
    upload = st.file_uploader("english<TAB>french[<TAB>attribution] per line, UTF-8, ≤ 50 MB", type=["tsv", "txt"],
                              key="corpus_upload")
    if upload is None:
        return None
    try:
        data = upload.getvalue()
        pairs, report = decode_pairs_bytes(data, upload.name)
    except S2SError as err:
        st.error(md_escape(str(err)))
        return None
    name = safe_file_name(upload.name)  # shown to the whole class: no Markdown links or images from a file name
    report.source = name
    st.caption(report.summary())
    return str(store_upload(data, upload.name)), name, None


def safe_file_name(name: str) -> str:
    """An uploaded file's name reduced to letters, digits, spaces and . _ - (it is shown as Markdown)."""
    return re.sub(r"[^\w .-]", "_", Path(name).name)[:80] or "upload"


MODEL_KINDS = {"classic": "classic (one context vector)", "attention": "with attention (Bahdanau)"}


def run_settings(job: TrainingJob) -> None:
    """Corpus and preset choice; restarting needs a confirmation."""
    with st.expander("New training run", expanded=False):
        _settings_form(job)
    if st.session_state.get("restart_error"):  # after the form, whichever way it ended
        st.error(md_escape(st.session_state.restart_error))


def _settings_form(job: TrainingJob) -> None:
    """The form inside the expander; returns early while a choice is missing or not yet confirmed."""
    corpus = _corpus_choice()
    running = job.spec  # the form starts from the running model's size and kind, so a comparison is like for like
    sizes = ["small", "classic"]
    preset = st.selectbox("Model size", sizes, key="preset_choice", persist_state="session",
                          index=sizes.index(running.preset) if running and running.preset in sizes else 0,
                          format_func=lambda p: {"small": "small (embed 64, hidden 128: fast on a CPU)",
                                                 "classic": "classic (embed 256, hidden 512)"}[p])
    kinds = list(MODEL_KINDS)
    kind = st.radio("Model", kinds, key="model_choice", persist_state="session", format_func=MODEL_KINDS.__getitem__,
                    index=kinds.index(running.model.kind) if running and running.model.kind in kinds else 0,
                    help="Attention removes the fixed-vector bottleneck; compare the two on the Bottleneck page")
    max_words = st.number_input("Longest sentence kept (words)", 1, 100, 40, key="max_words_choice",
                                persist_state="session")
    bug = _bug_choice()
    if corpus is None:
        return
    if not st.session_state.get("confirm_restart"):
        st.button("Restart training with these settings…", key="btn_restart_ask",
                  on_click=lambda: st.session_state.update(confirm_restart=True))
        return
    st.warning("This replaces the current model for everyone. The current run is autosaved first.")
    cols = st.columns(2)
    spec = RunSpec.make(preset, kind=kind, corpus=corpus[0], corpus_name=corpus[1], prefixes=corpus[2],
                        max_words=int(max_words))
    if bug:
        try:
            spec = replace(spec, **dict(zip(("model", "train"), with_bug(spec.model, spec.train, bug))))
        except S2SError as err:
            st.error(md_escape(str(err)))
            return
    cols[0].button("Yes, restart", type="primary", key="btn_restart_yes", on_click=_restart, args=(job, spec))
    cols[1].button("Cancel", key="btn_restart_no", on_click=lambda: st.session_state.update(confirm_restart=False))


def _bug_choice() -> str:
    """'' for a correct run, or the key of one documented bug to switch on (explained right here)."""
    key = st.selectbox("Break it on purpose", ["", *BUGS], key="bug_choice", persist_state="session",
                       format_func=lambda k: BUGS[k].title if k else "no bug: a correct run",
                       help="Train with one documented bug, then compare it with a correct run on the Compare page")
    if key:
        st.caption(f"{BUGS[key].what} Where it hides: {BUGS[key].where}")
    return key


def _restart(job: TrainingJob, spec: RunSpec) -> None:
    st.session_state.confirm_restart = False
    try:
        job.restart(spec)
        st.session_state.restart_error = ""
    except S2SError as err:
        st.session_state.restart_error = f"Training was not restarted: {err}"
