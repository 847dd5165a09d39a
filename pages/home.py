"""Home: what a sequence-to-sequence translator is, and the whole pipeline on one sentence with live numbers."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages._a11y import held
from pages._chart import chart
from pages._job import lecture_view
from pages._live import live_view, refresh_s, shared
from pages._markdown import md_escape
from pages._tour import go_to_stop
from pages._ui import get_job, sentence_input, sidebar
from s2s.decode import GreedyTrace, greedy
from s2s.errors import S2SError
from s2s.figures.common import vector_strip_figure
from s2s.figures.summary_model import vector_summary
from s2s.view import ModelView
from s2s.vocab import UNK_ID

INTRO = (
    "An **encoder-decoder LSTM** translates English into French in two halves. The **encoder** reads the "
    "English words one at a time and squeezes the whole sentence into one pair of vectors, the *context* "
    "(h, c). The **decoder** starts from that context and writes French words one at a time, each time "
    "feeding back the word it just wrote. A real model is training in the background right now: every "
    "number below comes from it, as it is at this moment."
)
NEXT = [
    ("pages/training.py", "Training: watch the loss fall and the probe sentences turn into French",
     ":material/monitoring:"),
    ("pages/data_vocab.py", "Data & Vocabulary: how words become ids and sentences become padded batches",
     ":material/dataset:"),
    ("pages/encoder.py", "Encoder: the LSTM's gates, h and c, word by word, and the context vector",
     ":material/input:"),
    ("pages/decoder.py", "Decoder: greedy decoding step by step, and what one forced word changes",
     ":material/output:"),
    ("pages/teacher_forcing.py", "Teacher forcing: the true previous word versus the model's own",
     ":material/school:"),
    ("pages/beam.py", "Beam search: keeping several partial translations alive", ":material/account_tree:"),
    ("pages/bottleneck.py", "Bottleneck: why long sentences suffer from one fixed-size vector",
     ":material/compress:"),
    ("pages/shapes.py", "Shapes: every tensor's real shape for your sentence and a batch", ":material/view_in_ar:"),
]


def pipeline_parts(view: ModelView, text: str) -> tuple[GreedyTrace, go.Figure]:
    """The greedy trace of one sentence and its context strip: computed once per model copy and sentence, and
    shared by every tab showing them (a class often shares one sentence)."""
    trace = greedy(view.model, text, view.src_vocab, view.tgt_vocab, k=3)
    return trace, vector_strip_figure(trace.encoder.context[0][-1], "context h (top layer)")  # h: [layers, hidden]


def pipeline_ui(text: str) -> None:
    """The four stages for one sentence, recomputed from the live model (or the lecture snapshot) every few seconds."""
    job = get_job()
    try:
        view = held("pipeline_view", lambda: lecture_view() or live_view(job))
        trace, strip = shared("home", job, (view.key, text), lambda: pipeline_parts(view, text))
    except S2SError as err:
        st.info(str(err))
        return
    how = "frozen for the class: lecture snapshot" if lecture_view() else "this updates live"
    st.caption(f"Model at training step {view.step:,} ({how}). The pipeline for your sentence:")
    c1, c2, c3, c4 = st.columns([0.9, 1.2, 1.7, 1.1])
    with c1:
        ids_ui(trace, view.model.cfg.max_len)
    with c2:
        context_ui(trace, strip)
    with c3:
        decoder_ui(trace)
    with c4:
        st.markdown("**4. French**")
        st.header(md_escape(trace.text) or "(nothing yet)")
        if not trace.finished:
            st.caption("It has not learned to stop yet: decoding hit the length limit without writing <EOS>.")


def ids_ui(trace: GreedyTrace, max_len: int) -> None:
    st.markdown("**1. Words → ids**")
    ids = pd.DataFrame({"word": trace.encoder.tokens, "id": trace.encoder.ids})
    st.dataframe(ids, hide_index=True, height=min(36 * (len(ids) + 1), 320))
    if trace.source.unknown:
        st.warning(f"Unknown, read as <UNK> (id {UNK_ID}): {', '.join(map(md_escape, trace.source.unknown))}")
    if trace.source.truncated:
        st.caption(f"Cut to the model's maximum of {max_len} words.")


def context_ui(trace: GreedyTrace, strip: go.Figure) -> None:
    st.markdown("**2. Encoder → context**")
    h = trace.encoder.context[0]  # [n_layers, hidden]
    st.caption(f"After reading {len(trace.encoder.tokens)} word(s), the whole sentence is one vector h of "
               f"{h.shape[-1]} numbers (and a cell state c of the same size):")
    chart(strip, vector_summary(h[-1], "Context h (top layer)"), "home_ctx")


def decoder_ui(trace: GreedyTrace) -> None:
    st.markdown("**3. Decoder → one word at a time**")
    steps = pd.DataFrame({"reads": [s.input_token for s in trace.steps],
                          "writes": [s.chosen_token for s in trace.steps],
                          "probability": [s.topk_probs[0] for s in trace.steps]})
    st.dataframe(steps, hide_index=True, height=min(36 * (len(steps) + 1), 320),
                 column_config={"probability": st.column_config.ProgressColumn(
                     min_value=0, max_value=1, format="%.2f", width="medium")})


def main() -> None:
    sidebar(__file__)
    st.title("Seq2Seq Explainer")
    st.markdown(INTRO)
    if st.session_state.get("tour_stop") is None:
        st.button("New here? Take the guided tour", key="home_tour", icon=":material/explore:", type="primary",
                  on_click=go_to_stop, args=(0,))
    st.fragment(pipeline_ui, run_every=refresh_s(2.0, 3.0))(sentence_input())
    st.divider()
    st.markdown("**Where next.** The pages follow the model from text to translation; pause training any time to "
                "look at the exact model.")
    for page, label, icon in NEXT:
        st.page_link(page, label=label, icon=icon)


main()
