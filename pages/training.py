"""Training: live loss and quality curves, gradient norms, the probe sentences, and the live controls."""

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from pages._a11y import held
from pages._chart import chart
from pages._live import frame, refresh_s, shared
from pages._markdown import md_escape
from pages._run_settings import safe_file_name
from pages._ui import can_control, csv_download, get_job, run_action, sidebar
from s2s.data import corpus_note
from s2s.figures import exports
from s2s.figures.common import grad_norm_figure, loss_figure, quality_figure
from s2s.figures.summary_data import grad_norm_summary, loss_summary, quality_summary
from s2s.live.snapshot import Snapshot

INTRO = (
    "The model learns by translating batches of training sentences and nudging every weight to make the "
    "correct French words more likely. Watch the **loss** (how surprised the model is by the right word) fall, "
    "the held-out **BLEU** and **exact match** rise, and the probe sentences below turn into French."
)


def visuals(snap: Snapshot) -> tuple:
    """The three charts with their summaries, and the probe table, of one snapshot (built once per frame, shared
    by every tab)."""
    table = pd.DataFrame({"English": [p.source for p in snap.probes],
                          "model says": [p.translation or "…" for p in snap.probes],
                          "reference": [p.reference for p in snap.probes],
                          "right?": ["yes" if p.correct else "" for p in snap.probes]})
    loss = loss_figure(snap.steps, snap.evals), loss_summary(snap.steps, snap.evals)
    quality = quality_figure(snap.evals), quality_summary(snap.evals)
    grad = grad_norm_figure(snap.steps, snap.clip_norm), grad_norm_summary(snap.steps)
    return loss, quality, grad, table


def live_curves_ui() -> None:
    job = get_job()
    snap = held("snapshot", lambda: frame(job))  # the frame this tab froze on, while it is frozen
    loss, quality, grad, table = shared("training", job, (snap.run_id, snap.version), lambda: visuals(snap))
    cols = st.columns(5)
    cols[0].metric("Step", f"{snap.step:,}")
    cols[1].metric("Epoch", snap.epoch)
    cols[2].metric("Loss (last 20 steps)", "–" if snap.loss != snap.loss else f"{snap.loss:.3f}")
    cols[3].metric("Sentences / s", f"{snap.sentences_per_s:,.0f}")
    cols[4].metric("Device", snap.device or "–")
    st.caption(f"{snap.corpus} · {snap.n_train_pairs:,} training pairs · {snap.model_summary} · "
               f"teacher forcing {snap.teacher_forcing:.2f} · lr {snap.lr:g} · clip {snap.clip_norm:g}")
    left, right = st.columns(2)
    with left:
        chart(*loss, "fig_loss")
    left.caption("The validation loss is **teacher-forced** (the decoder reads the reference's previous words) on "
                 f"held-out pairs, while training mixes in free-running steps (teacher forcing "
                 f"{snap.teacher_forcing:.2f}), whose loss is higher: so validation can sit below training.")
    with right:
        chart(*quality, "fig_quality")
    if note := corpus_note(snap.corpus):
        right.caption(note)
    csv_download("Metrics history: loss, gradient norms, validation BLEU", lambda: exports.metrics_history(
        snap.steps, snap.evals), "training-metrics.csv", "training_export")
    st.markdown(f"**Watch it learn:** the probe sentences as the model translates them now (step {snap.probes_step:,})")
    st.dataframe(table, hide_index=True, width="stretch")
    left, right = st.columns(2)
    with left:
        chart(*grad, "fig_grad")
    right.markdown(
        "**Gradient clipping.** Each step computes how every weight should change (the gradient). LSTMs "
        "sometimes produce a huge gradient that would undo what they learned; clipping rescales the whole "
        f"gradient so its length is at most **{snap.clip_norm:g}**. The solid line above the dotted one: a step "
        "that was clipped; the dashed line: the size actually used."
    )


LRS, CLIPS = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2], [0.1, 0.5, 1.0, 2.0, 5.0, 10.0]


def _nearest(options: list[float], value: float) -> float:
    return min(options, key=lambda v: abs(v - value))


@st.fragment(run_every=2.0)
def hyper_controls_ui() -> None:
    """Teacher forcing, learning rate and clipping, applied to the running job at once.

    Each widget is set from the job's snapshot before it is drawn, so it always shows the value the job
    uses: after a change here, a refused value, or a change made in another tab.
    """
    job, snap = get_job(), get_job().snapshot()
    st.header("Live settings")
    st.session_state.tf_ratio = round(float(snap.teacher_forcing), 2)
    st.session_state.lr_choice = _nearest(LRS, snap.lr)
    st.session_state.clip_choice = _nearest(CLIPS, snap.clip_norm)
    c1, c2, c3 = st.columns(3)
    c1.slider("Teacher-forcing ratio", 0.0, 1.0, step=0.05, key="tf_ratio",
              help="Chance that a training step feeds the decoder the true previous word instead of its own guess",
              on_change=lambda: run_action(job.set_hyper, teacher_forcing=st.session_state.tf_ratio))
    c2.select_slider("Learning rate", LRS, key="lr_choice",
                     on_change=lambda: run_action(job.set_hyper, lr=st.session_state.lr_choice))
    c3.select_slider("Gradient clip norm", CLIPS, key="clip_choice",
                     on_change=lambda: run_action(job.set_hyper, clip_norm=st.session_state.clip_choice))
    st.caption(f"The job uses: teacher forcing {snap.teacher_forcing:.2f} · lr {snap.lr:g} · "
               f"clip {snap.clip_norm:g}", help="Read back from the training job itself")


def checkpoint_ui() -> None:
    """Save the run for download, or continue from an uploaded checkpoint."""
    job = get_job()
    st.header("Checkpoints")
    c1, c2 = st.columns(2)
    if c1.button("Prepare a checkpoint download", key="btn_prepare"):
        with tempfile.TemporaryDirectory(prefix="s2s-download-") as folder:  # gone once read: nothing piles up
            path = Path(folder) / "seq2seq-checkpoint.pt"
            if run_action(job.save, path):
                st.session_state.ckpt_bytes = path.read_bytes()
                st.session_state.ckpt_step = job.snapshot().step
    if st.session_state.get("ckpt_bytes"):
        c1.download_button(f"Download (step {st.session_state.ckpt_step:,})", st.session_state.ckpt_bytes,
                           file_name=f"seq2seq-step{st.session_state.ckpt_step}.pt", key="btn_download")
    upload = c2.file_uploader("Continue from a checkpoint (.pt)", type=["pt"], key="ckpt_upload")
    if upload is not None and c2.button("Load it (replaces the current run, which is autosaved)", key="btn_load"):
        with tempfile.TemporaryDirectory() as folder:  # messages name the user's file; nothing is left behind
            path = Path(folder) / safe_file_name(upload.name)
            path.write_bytes(upload.getvalue())
            if run_action(job.load, path):
                st.success("Loaded. Training is paused: press Resume to continue.")


def main() -> None:
    sidebar(__file__)
    st.title("Training")
    st.markdown(INTRO)
    st.fragment(live_curves_ui, run_every=refresh_s(1.5, 3.0))()
    if can_control():
        hyper_controls_ui()
        checkpoint_ui()
        if st.session_state.get("last_error"):
            st.error(md_escape(st.session_state.pop("last_error")))


main()
