"""Encoder: each word's embedding, the LSTM step by step (h, c, the four gates), the context vector, and how
contexts of different sentences compare."""

from functools import partial

import streamlit as st

from pages._chart import chart
from pages._decodes import encoder_trace, shared_figure
from pages._encoder_ui import compare_ui, map_ui, source_notes
from pages._markdown import md_escape
from pages._predictions import c_change_ui, closed_gate_ui
from pages._ui import csv_download, inspected_model, sentence_input, sidebar
from s2s.analysis import encoder as ea
from s2s.errors import S2SError
from s2s.figures import encoder as fe
from s2s.figures import exports
from s2s.figures import summary_model as sm
from s2s.view import ModelView

UNITS_SHOWN = {"16": 16, "32": 32, "64": 64, "all": None}

INTRO = (
    "The encoder reads the English sentence **one word at a time**. Each word is first turned into a vector "
    "(its *embedding*), then an LSTM updates two state vectors with it: **h**, the short-term output it shows "
    "at each step, and **c**, the cell's long-term memory. Only the **final (h, c)**, the *context*, reaches the "
    "decoder: everything the French side will know about the sentence must fit in it. Step through the words "
    "and watch what each one writes."
)


def embedding_ui(trace, view: ModelView) -> None:
    st.header("1. Looking up each word")
    emb = view.model.encoder.embedding.weight
    st.markdown(f"The embedding matrix has one row per English word: **{emb.shape[0]:,} words × {emb.shape[1]} "
                "numbers**. A word's id is simply the number of its row; the encoder looks the row up and reads "
                "it. Training moves these numbers; in general, words used alike end up with alike rows.")
    dims = st.select_slider("Dimensions shown", [8, 16, 32, "all"], value=16, key="enc_dims", persist_state="session")
    shown = None if dims == "all" else dims
    chart(shared_figure("enc_emb", trace, shown, lambda: fe.embedding_figure(trace.tokens, trace.ids, trace.embeddings,
                                                                              shown)),
          sm.embedding_summary(trace.tokens, trace.ids, trace.embeddings), "enc_fig_emb")


def _move(delta: int, n: int) -> None:
    st.session_state.enc_step = min(max(1, st.session_state.get("enc_step", 1) + delta), n)


def step_picker(n: int) -> int:
    """The inspected time step (0-based), from a slider with Previous / Next buttons."""
    if n == 1:
        return 0
    st.session_state.enc_step = min(st.session_state.get("enc_step", 1), n)  # the sentence may have shrunk
    prev, slider, nxt = st.columns([1.2, 8, 1.2], vertical_alignment="bottom")
    prev.button("◀ Prev", key="enc_prev", on_click=_move, args=(-1, n), width="stretch")
    nxt.button("Next ▶", key="enc_next", on_click=_move, args=(1, n), width="stretch")
    return slider.slider("Time step t (words read so far)", 1, n, key="enc_step") - 1


def unit_controls(trace) -> tuple[int, list[int]]:
    """Layer, number of units and their order, shared by every chart below."""
    n_layers = trace.h.shape[1]
    c1, c2, c3 = st.columns(3)
    layer = c1.selectbox("LSTM layer", range(n_layers), index=n_layers - 1, key="enc_layer",
                         format_func=lambda k: f"layer {k + 1}" + (" (top)" if k == n_layers - 1 else ""),
                         disabled=n_layers == 1)
    shown = c2.select_slider("Units shown", list(UNITS_SHOWN), value="32", key="enc_units", persist_state="session",
                             help=f"The LSTM has {trace.h.shape[2]} units; show the most active ones")
    sort_by = c3.selectbox("Sort units by", ea.SORT_KEYS, key="enc_sort", persist_state="session",
                           help="Activity of h over this sentence; the same order is used in every chart")
    return layer, ea.select_units(trace.h[:, layer], UNITS_SHOWN[shown], sort_by)


def step_ui(trace, model_key: tuple) -> tuple[int, int, list[int]]:
    st.header("2. Step through the LSTM")
    st.markdown(
        "At every step four **gates** look at the new word and the previous h, and decide, unit by unit:\n"
        "- **forget gate f**: how much of the old memory c to keep (1 keeps all, 0 wipes it);\n"
        "- **input gate i**: how much new information to write into c;\n"
        "- **cell candidate g**: *what* to write (between −1 and 1);\n"
        "- **output gate o**: how much of the memory to show as h.\n\n"
        "So `c_t = f · c_(t−1) + i · g` and `h_t = o · tanh(c_t)`. In the charts of h, c and g blue is negative, "
        "white zero and red positive; the gates i, f and o run from 0 (pale yellow: closed) to 1 (dark blue: open).")
    layer, units = unit_controls(trace)
    t = step_picker(len(trace.tokens))
    if not closed_gate_ui(model_key, trace, layer, t):  # predict first: the gates wait for a guess
        st.stop()
    word = trace.tokens[t]
    dh, dc = ea.step_changes(trace, layer)
    st.markdown(f"**Step {t + 1} of {len(trace.tokens)}: the encoder reads “{md_escape(word)}”** (id {trace.ids[t]})"
                + (" — this is the last word, so the state after it is the context." if t == len(trace.tokens) - 1
                   else "."))
    m1, m2, m3 = st.columns(3)
    m1.metric("‖h_t − h_(t−1)‖", f"{dh[t]:.3f}", help="How far this word moved the output h")
    m2.metric("‖c_t − c_(t−1)‖", f"{dc[t]:.3f}", help="How far this word moved the memory c")
    m3.metric("mean forget gate", f"{ea.mean_gate(trace, t, layer, 'forget'):.2f}",
              help="Average over all units: near 1 the memory is kept, near 0 it is overwritten")
    drawn = (t, layer, tuple(units))  # what the three step charts depend on besides the trace
    chart(shared_figure("enc_gates", trace, drawn, lambda: fe.gates_figure(trace.gates[t, layer], units, word)),
          sm.gates_summary(trace.gates[t, layer], word), "enc_fig_gates")
    chart(shared_figure("enc_state", trace, drawn, lambda: fe.step_state_figure(
              trace.h[t, layer], trace.c[t, layer], units, word, fe.colour_limit(trace.c[:, layer]))),  # one scale
          sm.step_state_summary(trace.h[t, layer], trace.c[t, layer], word), "enc_fig_step_state")
    chart(shared_figure("enc_change", trace, (t, layer), lambda: fe.change_figure(dh, dc, trace.tokens, t)),
          sm.change_summary(dh, dc, trace.tokens), "enc_fig_change")
    return t, layer, units


def heatmap_ui(trace, layer: int, units: list[int], t: int, step: int) -> None:
    st.header("3. The whole sentence at once")
    st.markdown("Each row is the state after reading one more word. The row in a **solid box**, marked "
                "*(context)*, is the final state: the **context vector**, the only thing handed to the decoder. "
                "The row in a dotted box is the step selected above. Columns are the same units in both maps, so "
                "you can see h = o · tanh(c): h has the sign of c but stays between −1 and 1, while c can grow "
                "larger.")
    for column, states, name, key in zip(st.columns(2), (trace.h[:, layer], trace.c[:, layer]),
                                         ("h: hidden state (output)", "c: cell state (memory)"),
                                         ("enc_fig_h", "enc_fig_c")):
        with column:
            draw = partial(fe.state_heatmap, states, trace.tokens, units, name, t)
            chart(shared_figure(key, trace, (layer, tuple(units), t), draw),
                  sm.state_heatmap_summary(states, trace.tokens, units, name.split(":")[0]), key)
    csv_download("Every h and c value of this sentence, all units and layers", lambda: exports.encoder_states(trace),
                 f"encoder-states-step{step}.csv", "enc_export")


def main() -> None:
    sidebar(__file__)
    st.title("Encoder")
    st.markdown(INTRO)
    view = inspected_model(timeline_key="tl_encoder")
    try:
        source, trace = encoder_trace(view, sentence_input())
    except S2SError as err:
        st.info(str(err))
        return
    source_notes(source, view.model.cfg.max_len)
    embedding_ui(trace, view)
    if not c_change_ui(view, trace):  # predict first: the states wait for a guess
        return
    t, layer, units = step_ui(trace, view.key)
    heatmap_ui(trace, layer, units, t, view.step)
    trace_b = compare_ui(view, trace)
    map_ui(view, trace, trace_b)


main()
