"""Decoder: step through greedy decoding, read the next-word probabilities, and force a word to see what follows."""

import math
import re

import pandas as pd
import streamlit as st

from pages._ui import csv_download, inspected_model, note_truncated, sentence_input, sidebar
from s2s.decode import greedy
from s2s.errors import S2SError
from s2s.figures import exports
from s2s.figures.attention import attention_bars, attention_heatmap
from s2s.figures.data import md_escape
from s2s.figures.decoder import decoding_strip_figure, state_change_figure, topk_figure
from s2s.teacher import first_divergence, force_candidates, state_changes

sidebar(__file__)
st.title("Decoder")
st.markdown(
    "The decoder writes French **one word at a time**. It starts from the encoder's context (h, c), reads "
    "`<SOS>`, scores every French word, writes the most likely one (*greedy* decoding), then reads that word "
    "back in as its next input. Step through it below, and **force a different word** at any step to see how "
    "one wrong word sends the rest of the sentence somewhere else."
)


def _escape(words: list[str]) -> str:
    """Model words as literal Markdown text (a corpus may contain *, _, [ and the like)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~:$])", r"\\\1", " ".join(words)) or "(nothing)"


def _move(delta: int, n_steps: int) -> None:
    st.session_state.decoder_step = max(0, min(n_steps - 1, st.session_state.get("decoder_step", 0) + delta))


def _force(step: int, key: str) -> None:
    st.session_state.decoder_forced = {**st.session_state.decoder_forced, step: st.session_state[key]}


def _clear() -> None:
    st.session_state.decoder_forced = {}


def step_navigation(n_steps: int) -> int:
    """Prev / slider / Next; the step lives in session_state so the buttons and the slider agree."""
    st.session_state.decoder_step = min(st.session_state.get("decoder_step", 0), n_steps - 1)
    left, middle, right = st.columns([1, 8, 1], vertical_alignment="bottom")
    left.button("◀ Prev", key="decoder_prev", on_click=_move, args=(-1, n_steps), width="stretch",
                disabled=st.session_state.decoder_step == 0)
    right.button("Next ▶", key="decoder_next", on_click=_move, args=(1, n_steps), width="stretch",
                 disabled=st.session_state.decoder_step >= n_steps - 1)
    if n_steps > 1:
        middle.slider("Decoding step", 0, n_steps - 1, key="decoder_step")
    return st.session_state.decoder_step


def force_controls(trace, t: int, vocab) -> None:
    """Pick a word for step t (the runner-up is preselected) and add it to the forced words."""
    st.subheader("What if it had written another word here?")
    step = trace.steps[t]
    options = force_candidates(step.topk_tokens, vocab)
    key = f"decoder_force_word_{t}"
    left, mid, right = st.columns([4, 1, 1], vertical_alignment="bottom")
    left.selectbox(f"Word to write at step {t} (the model's top candidates come first)", options,
                   index=min(1, len(options) - 1), key=key)
    mid.button("Force this word", key="decoder_force", on_click=_force, args=(t, key), type="primary",
               width="stretch")
    right.button("Clear forcing", key="decoder_clear", on_click=_clear, width="stretch",
                 disabled=not st.session_state.decoder_forced)


def comparison(original, forced_trace) -> None:
    """The two translations side by side, the step where they part ways, and how much changed after it."""
    before, after = [s.chosen_token for s in original.steps], [s.chosen_token for s in forced_trace.steps]
    split = first_divergence(before, after)
    left, right = st.columns(2)
    left.markdown(f"**Original (greedy):** {_escape(original.words)}")
    if split is None:
        right.markdown(f"**With your forcing:** {_escape(forced_trace.words)}")
        st.caption("Forcing changed nothing: you forced the word the model would have written anyway.")
        return
    head = _escape(forced_trace.words[:split]) + " " if split else ""
    tail = _escape(forced_trace.words[split:]) if forced_trace.words[split:] else "(it stops here)"
    right.markdown(f"**With your forcing:** {head}:orange-background[{tail}]")
    rows = max(len(before), len(after))
    before, after = before + [""] * (rows - len(before)), after + [""] * (rows - len(after))
    n_changed = sum(b != a for b, a in zip(before[split + 1:], after[split + 1:]))
    spread = ("every word the decoder writes becomes its next input, so one change carries on through the rest "
              "of the sentence." if n_changed else "this time the decoder found its way back to the same words.")
    st.caption(f"They part ways at step {split} (highlighted). After it, {n_changed} of {rows - split - 1} later "
               f"positions differ: {spread}")
    marks = ["⚑ forced" if t < len(forced_trace.steps) and forced_trace.steps[t].forced
             else "≠" if before[t] != after[t] else "" for t in range(rows)]
    st.dataframe(pd.DataFrame({"step": range(rows), "original": before, "with forcing": after, "": marks}),
                 hide_index=True, key="decoder_compare_table")


def attention_section(trace, t: int, beside) -> None:
    """For an attention model: this step's weights beside the top-k bars, then the whole sentence as a heatmap."""
    weights = trace.steps[t].attention
    top = max(range(len(weights)), key=weights.__getitem__)
    with beside:
        st.plotly_chart(attention_bars(trace, t), key="decoder_attention_bars", width="stretch")
        st.caption(f"To write “{md_escape(trace.steps[t].chosen_token)}” the decoder looked mostly at "
                   f"“{md_escape(trace.encoder.tokens[top])}” (weight {weights[top]:.2f}). This model does not "
                   "depend on one fixed context vector: every step mixes all the encoder states with these weights.")
    st.plotly_chart(attention_heatmap(trace, t), key="decoder_attention_map", width="stretch")
    st.caption("Each row is one French word written, each column one English word read; a row sums to 1. A "
               "trained model's bright cells often run diagonally, bending where French orders words differently "
               "(adjectives after nouns, for example). The orange box is the current step.")


view = inspected_model(timeline_key="tl_decoder")
text = sentence_input()
c1, c2 = st.columns(2)
k = c1.select_slider("Candidates shown (k)", [3, 5, 8, 10], value=5, key="decoder_k")
temperature = c2.slider("Temperature", 0.1, 3.0, 1.0, 0.1, key="decoder_temperature",
                        help="Divides the scores before softmax: below 1 sharpens the bars, above 1 flattens them.")
context = (text, view.run_id)
if st.session_state.get("decoder_context") != context:  # a new sentence or a new run: start over
    st.session_state.decoder_context, st.session_state.decoder_forced = context, {}
    st.session_state.decoder_step = 0
forced = dict(st.session_state.decoder_forced)
try:
    trace = greedy(view.model, text, view.src_vocab, view.tgt_vocab, k=k, temperature=temperature, force=forced)
    original = greedy(view.model, text, view.src_vocab, view.tgt_vocab, k=k, temperature=temperature)
except S2SError as err:
    st.info(str(err))
    if forced:
        st.button("Clear forcing", key="decoder_clear_after_error", on_click=_clear)
    st.stop()

if trace.source.unknown:
    st.warning("Unknown to the model, read as <UNK>: " + ", ".join(map(md_escape, trace.source.unknown)))
note_truncated(text, view.model.cfg.max_len)
t = step_navigation(len(trace.steps))
step = trace.steps[t]
m = st.columns(4)
m[0].metric("Step", t)
m[1].metric("Reads", step.input_token)
m[2].metric("Writes", step.chosen_token + (" (forced)" if step.forced else ""))
m[3].metric("p(written word), T = 1", f"{math.exp(step.chosen_logprob):.1%}")
st.plotly_chart(decoding_strip_figure(trace, t), key="decoder_strip", width="stretch",
                config={"displayModeBar": False})
if not trace.finished:
    st.caption("Decoding reached the length limit without writing <EOS>: the model has not learned to stop here.")
left, right = st.columns(2)
with left:
    st.plotly_chart(topk_figure(step, temperature), key="decoder_topk", width="stretch")
    st.caption("**Temperature** changes how spread out the probabilities are, not their order: greedy always "
               "writes the top word, so the translation is the same at any temperature. (Sampling would differ.)")
changes_column = right
if step.attention is not None:  # the attention bars take the right column; the state changes go below
    attention_section(trace, t, right)
    changes_column = st.columns(2)[0]
with changes_column:
    changes = state_changes(trace)
    labels = [f"{s.index}: {s.chosen_token}" for s in trace.steps]
    st.plotly_chart(state_change_figure(changes, labels, t), key="decoder_changes", width="stretch")
    st.caption(f"At step {t}, h moved by **{changes.dh[t]:.3f}** and c by **{changes.dc[t]:.3f}** (step 0 "
               "compares with the context the encoder handed over). h goes to the output layer and stays between "
               "−1 and 1; c, the cell's memory, is unbounded, so it can move further. A tall bar: that word "
               "changed a lot of what the decoder carries forward.")
csv_download("Top-k candidates at every step" + (" with the attention weights" if step.attention else ""),
             lambda: exports.decoder_topk(trace), f"decoder-topk-step{view.step}.csv", "decoder_export")
force_controls(trace, t, view.tgt_vocab)
if forced:
    st.caption("Forced: " + ", ".join(f"step {s} → “{w}”" for s, w in sorted(forced.items())))
    comparison(original, trace)
