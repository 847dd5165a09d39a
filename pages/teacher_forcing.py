"""Teacher forcing: one training pair decoded with the true previous words and with the model's own guesses."""

import math

import pandas as pd
import streamlit as st

from pages._a11y import held
from pages._chart import chart
from pages._examples import example_button
from pages._live import refresh_s
from pages._markdown import md_escape
from pages._predictions import first_error_ui
from pages._teacher_pair import OWN, choose_pair
from pages._ui import can_control, get_job, inspected_model, run_action, sidebar
from s2s.analysis.examples import FREE_RUNNING
from s2s.analysis.live_loss import mode_loss_sentence
from s2s.errors import S2SError
from s2s.figures.decoder import loss_by_mode_figure, step_loss_figure
from s2s.figures.summary_model import loss_by_mode_summary, step_loss_summary
from s2s.teacher import compare_decoding, force_candidates, loss_by_mode

INTRO = (
    "While training, the decoder has to read a previous word at every step. With **teacher forcing** it reads "
    "the *true* previous word from the reference translation; **free running** makes it read its *own* previous "
    "prediction, as it must when it translates for real. Below, one sentence pair is decoded both ways by the "
    "model: look at where free running first goes wrong, and what happens to every step after that."
)


def run_table(run) -> pd.DataFrame:
    return pd.DataFrame({"step": [s.index for s in run.steps], "reads": [s.input_token for s in run.steps],
                         "predicts": [s.predicted_token + (" ⚑" if s.injected else "") for s in run.steps],
                         "right?": ["✓" if s.correct else "✗" for s in run.steps],
                         "p(reference)": [s.target_prob for s in run.steps],
                         "loss": [s.loss for s in run.steps]})


def runs_ui(cmp) -> None:
    """The two modes side by side, with their totals."""
    for col, run in zip(st.columns(2), (cmp.teacher, cmp.free)):
        with col:
            st.markdown(f"**{run.mode.capitalize()}**: " + ("reads the reference's previous word"
                        if run is cmp.teacher else "reads its own previous prediction"))
            a, b = st.columns(2)
            a.metric("Total loss", f"{run.total_loss:.3f}", help="Sum over steps of −log p(reference word)")
            b.metric("Right words", f"{run.n_correct} / {len(run.steps)}")
            st.dataframe(run_table(run), hide_index=True, width="stretch", key=f"teacher_table_{run.mode}",
                         column_config={"p(reference)": st.column_config.ProgressColumn(
                             min_value=0, max_value=1, format="%.2f"), "loss": st.column_config.NumberColumn(
                             format="%.3f")})


def error_story(cmp) -> str:
    """Where free running first goes wrong and what the errors after it add up to."""
    c = cmp.compounding()
    if c is None:
        return ("Free running gets every word right, so it reads exactly what teacher forcing reads and the "
                "two columns agree. Push it off track just below to see what one mistake does.")
    step = cmp.free.steps[c.first]
    return (f"Free running first goes wrong at **step {c.first}**: it writes “{step.predicted_token}” where the "
            f"reference has “{step.target_token}”. From then on it reads its own words: **{c.free_wrong} of the "
            f"{c.n_later}** later steps are wrong (with teacher forcing: {c.teacher_wrong}), and their loss adds "
            f"up to **{c.free_loss:.2f}** against {c.teacher_loss:.2f}.")


def chosen_inject() -> dict:
    """The word the user makes free running write, as {step: word} (the widgets come later on the page)."""
    word = st.session_state.get("teacher_inject_word", OWN)
    return {} if word == OWN else {st.session_state.get("teacher_inject_step", 0): word}


def inject_ui(cmp, vocab) -> None:
    left, right = st.columns([1, 3])
    left.selectbox("Push free running off track: at step", [s.index for s in cmp.free.steps],
                   key="teacher_inject_step")
    right.selectbox("make it write", [OWN, *force_candidates([], vocab)], key="teacher_inject_word")


def live_training_ui() -> None:
    """The job's current ratio and its loss split by feeding mode, refreshed every two seconds."""
    job, snap = get_job(), held("snapshot", get_job().snapshot)
    by_mode = loss_by_mode(snap.steps)
    tf_loss, fr_loss = by_mode.recent_means()
    cols = st.columns(3)
    cols[0].metric("Teacher-forcing ratio now", f"{snap.teacher_forcing:.2f}")
    cols[1].metric("Recent teacher-forced loss", "–" if math.isnan(tf_loss) else f"{tf_loss:.3f}")
    cols[2].metric("Recent free-running loss", "–" if math.isnan(fr_loss) else f"{fr_loss:.3f}")
    st.caption(mode_loss_sentence(tf_loss, fr_loss))
    if can_control():
        # The key carries the ratio: a change made elsewhere shows up as a fresh slider at the new value, and
        # a slider never reports a stale default that would overwrite the live ratio.
        key = f"teacher_live_ratio_{snap.teacher_forcing:g}"
        st.slider("Teacher-forcing ratio of the live training", 0.0, 1.0, float(snap.teacher_forcing), 0.05,
                  key=key, on_change=lambda: run_action(job.set_hyper, teacher_forcing=st.session_state[key]),
                  help="The chance that a training step feeds the decoder the reference's previous words")
        if st.session_state.get("last_error"):
            st.error(md_escape(st.session_state.pop("last_error")))
    chart(loss_by_mode_figure(by_mode), loss_by_mode_summary(by_mode), "teacher_loss_split")


def main() -> None:
    sidebar(__file__)
    st.title("Teacher forcing")
    st.markdown(INTRO)
    view = inspected_model()
    if view.split is None or not view.split.train:
        st.info("This run has no training pairs to show.")
        return
    src, ref = choose_pair(view)
    example_button(view, FREE_RUNNING, key="teacher_find_example")
    if not first_error_ui(view, src, ref):  # predict first: both runs wait for a guess
        return
    try:
        cmp = compare_decoding(view.model, src, ref, view.src_vocab, view.tgt_vocab, inject=chosen_inject())
    except S2SError as err:
        st.info(str(err))
        return
    if cmp.unknown:
        st.warning("Words the vocabularies do not know (read as <UNK>): " + ", ".join(map(md_escape, cmp.unknown)))
    st.markdown(error_story(cmp))
    inject_ui(cmp, view.tgt_vocab)
    runs_ui(cmp)
    chart(step_loss_figure(cmp), step_loss_summary(cmp), "teacher_step_loss")
    st.info("**Exposure bias.** A decoder trained only with teacher forcing never sees its own mistakes, so at "
            "translation time one wrong word puts it in a situation it was never trained for, and the errors pile "
            "up. Mixing in free-running steps (a ratio below 1) trains it on its own, imperfect, history.")
    st.header("The live training job")
    st.markdown("Each training step flips a coin weighted by the teacher-forcing ratio: a teacher-forced step "
                "always reads the right previous word, a free-running step reads its own guesses.")
    st.fragment(live_training_ui, run_every=refresh_s(2.0, 3.0))()


main()
