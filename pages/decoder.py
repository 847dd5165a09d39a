"""Decoder: step through greedy decoding, read the next-word probabilities, and force a word to see what follows."""

import math

import streamlit as st

from pages._chart import chart
from pages._decodes import greedy_trace, shared_figure
from pages._examples import example_button
from pages._forcing import clear_forcing, forced_words, forcing_ui
from pages._markdown import md_escape
from pages._predictions import next_word_ui
from pages._ui import csv_download, inspected_model, note_truncated, sentence_input, sidebar
from s2s.analysis.examples import FORCING
from s2s.decode import GreedyTrace
from s2s.errors import S2SError
from s2s.figures import exports
from s2s.figures.attention import attention_bars, attention_heatmap
from s2s.figures.decoder import decoding_strip_figure, state_change_figure, topk_figure
from s2s.figures.summary_model import (
    attention_bars_summary,
    attention_heatmap_summary,
    decoding_strip_summary,
    state_change_summary,
    topk_summary,
)
from s2s.teacher import state_changes
from s2s.view import ModelView

INTRO = (
    "The decoder writes French **one word at a time**. It starts from the encoder's context (h, c), reads "
    "`<SOS>`, scores every French word, writes the most likely one (*greedy* decoding), then reads that word "
    "back in as its next input. Step through it below, and **force a different word** at any step to see how "
    "one wrong word sends the rest of the sentence somewhere else."
)


def _move(delta: int, n_steps: int) -> None:
    st.session_state.decoder_step = max(0, min(n_steps - 1, st.session_state.get("decoder_step", 0) + delta))


def settings_ui(view: ModelView) -> tuple[int, float]:
    """How many candidates to show, the softmax temperature, and a sentence that shows forcing at work."""
    c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
    k = c1.select_slider("Candidates shown (k)", [3, 5, 8, 10], value=5, key="decoder_k", persist_state="session")
    temperature = c2.slider("Temperature", 0.1, 3.0, 1.0, 0.1, key="decoder_temperature", persist_state="session",
                            help="Divides the scores before softmax: below 1 sharpens the bars, above 1 flattens "
                                 "them.")
    example_button(view, FORCING, key="decoder_find_example", button_area=c3)
    return k, temperature


def step_navigation(n_steps: int) -> int:
    """Prev / slider / Next in one row (kept on one line on a phone, see assets/app.css), right above the charts
    they move; the step lives in session_state so the buttons and the slider agree."""
    st.session_state.decoder_step = min(st.session_state.get("decoder_step", 0), n_steps - 1)
    left, middle, right = st.container(key="step_nav").columns([1, 6, 1], vertical_alignment="bottom")
    left.button("◀ Prev", key="decoder_prev", on_click=_move, args=(-1, n_steps), width="stretch",
                disabled=st.session_state.decoder_step == 0)
    right.button("Next ▶", key="decoder_next", on_click=_move, args=(1, n_steps), width="stretch",
                 disabled=st.session_state.decoder_step >= n_steps - 1)
    if n_steps > 1:
        middle.slider("Decoding step", 0, n_steps - 1, key="decoder_step")
    return st.session_state.decoder_step


def step_ui(trace: GreedyTrace, t: int, temperature: float) -> None:
    """Step t: what it reads and writes, the whole sentence as a strip, the top-k bars."""
    step = trace.steps[t]
    chart(shared_figure("decoder_strip", trace, t, lambda: decoding_strip_figure(trace, t)),
          decoding_strip_summary(trace, t), "decoder_strip")
    if not trace.finished:
        st.caption("Decoding reached the length limit without writing <EOS>: the model has not learned to stop "
                   "here.")
    left, right = st.columns(2)
    with left:
        chart(shared_figure("decoder_topk", trace, (t, temperature), lambda: topk_figure(step, temperature)),
              topk_summary(step, temperature), "decoder_topk")
        m = st.columns(4)  # below the chart, so on a phone the chart sits right under the step controls
        m[0].metric("Step", t)
        m[1].metric("Reads", step.input_token)
        m[2].metric("Writes", step.chosen_token + (" (forced)" if step.forced else ""))
        m[3].metric("p(written word), T = 1", f"{math.exp(step.chosen_logprob):.1%}")
        st.caption("**Temperature** changes how spread out the probabilities are, not their order: greedy always "
                   "writes the top word, so the translation is the same at any temperature. (Sampling would "
                   "differ.)")
    changes_column = right
    if step.attention is not None:  # the attention bars take the right column; the state changes go below
        attention_ui(trace, t, right)
        changes_column = st.columns(2)[0]
    with changes_column:
        state_changes_ui(trace, t)


def attention_ui(trace: GreedyTrace, t: int, beside) -> None:
    """For an attention model: this step's weights beside the top-k bars, then the whole sentence as a heatmap."""
    with beside:
        chart(shared_figure("attention_bars", trace, t, lambda: attention_bars(trace, t)),
              attention_bars_summary(trace, t), "decoder_attention_bars")
        st.caption("This model does not depend on one fixed context vector: every step mixes all the encoder "
                   "states with these weights.")
    chart(shared_figure("attention_map", trace, t, lambda: attention_heatmap(trace, t)),
          attention_heatmap_summary(trace), "decoder_attention_map")
    st.caption("Each row is one French word written, each column one English word read; a row sums to 1. In "
               "general, a well-trained model's dark cells run roughly diagonally, bending where French orders "
               "words differently (adjectives after nouns, for example). The dotted box is the current step.")


def state_changes_ui(trace: GreedyTrace, t: int) -> None:
    """How far h and c moved at every step."""
    changes = state_changes(trace)
    labels = [f"{s.index}: {s.chosen_token}" for s in trace.steps]
    chart(shared_figure("decoder_changes", trace, t, lambda: state_change_figure(changes, labels, t)),
          state_change_summary(changes, labels), "decoder_changes")
    st.caption(f"At step {t}, h moved by **{changes.dh[t]:.3f}** and c by **{changes.dc[t]:.3f}** (step 0 "
               "compares with the context the encoder handed over). h goes to the output layer and stays between "
               "−1 and 1; c, the cell's memory, is unbounded, so it can move further. A tall bar: that word "
               "changed a lot of what the decoder carries forward.")


def main() -> None:
    sidebar(__file__)
    st.title("Decoder")
    st.markdown(INTRO)
    view = inspected_model(timeline_key="tl_decoder")
    text = sentence_input()
    k, temperature = settings_ui(view)
    forced = forced_words((text, view.run_id))
    try:
        original = greedy_trace(view, text, k=k, temperature=temperature)
        trace = greedy_trace(view, text, k=k, temperature=temperature, force=forced) if forced else original
    except S2SError as err:
        st.info(str(err))
        if forced:
            st.button("Clear forcing", key="decoder_clear_after_error", on_click=clear_forcing)
        return
    if trace.source.unknown:
        st.warning("Unknown to the model, read as <UNK>: " + ", ".join(map(md_escape, trace.source.unknown)))
    note_truncated(text, view.model.cfg.max_len)
    t = step_navigation(len(trace.steps))
    if not next_word_ui(view, text, trace, t, forced):  # predict first: the answer waits for a guess
        return
    step_ui(trace, t, temperature)
    csv_download("Top-k candidates at every step" + (" with the attention weights" if trace.steps[t].attention
                                                     else ""),
                 lambda: exports.decoder_topk(trace), f"decoder-topk-step{view.step}.csv", "decoder_export")
    forcing_ui(original, trace, t, view.tgt_vocab)


main()
