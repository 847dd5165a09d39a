"""The Encoder page's helpers: notes on how a sentence was read, two contexts compared, the corpus map."""

import streamlit as st

from pages._chart import chart
from pages._decodes import encoder_trace
from pages._job import get_job
from pages._live import shared_analysis
from pages._markdown import md_escape
from s2s.analysis import encoder as ea
from s2s.errors import S2SError
from s2s.figures import encoder as fe
from s2s.figures.summary_model import pca_summary
from s2s.instrument import EncoderTrace
from s2s.view import ModelView
from s2s.vocab import UNK_ID


def source_notes(source, max_len: int) -> None:
    if source.unknown:
        words = ", ".join(map(md_escape, source.unknown))
        st.warning(f"Not in the English vocabulary, read as <UNK> (id {UNK_ID}): {words}. "
                   "Every unknown word gets the same embedding row, so the encoder cannot tell them apart.")
    if source.truncated:
        st.caption(f"The sentence was cut to the model's maximum of {max_len} words.")


def compare_ui(view: ModelView, trace: EncoderTrace) -> EncoderTrace | None:
    """Section 4: a second sentence and how alike the two contexts are."""
    st.header("4. Compare two sentences")
    st.markdown("A well-trained encoder gives sentences that mean alike contexts that are alike. **Cosine "
                "similarity** measures the angle between two context vectors: 1 is the same direction, 0 unrelated.")
    other = st.text_input("Second sentence", value="i love her", key="enc_other",
                          persist_state="session", max_chars=2000)
    try:
        source_b, trace_b = encoder_trace(view, other)
    except S2SError as err:
        st.info(str(err))
        return None
    source_notes(source_b, view.model.cfg.max_len)
    cmp = ea.compare_contexts(trace, trace_b)
    c1, c2, c3 = st.columns(3)
    c1.metric("cosine similarity of h contexts", f"{cmp.h_cosine:.3f}")
    c2.metric("cosine similarity of c contexts", f"{cmp.c_cosine:.3f}")
    c3.metric("distance between h contexts", f"{cmp.h_distance:.3f}")
    return trace_b


def context_map(view: ModelView) -> ea.ContextMap:
    """The PCA map for the inspected model, computed once per model for every session."""
    return shared_analysis("enc_map", get_job(), view.key,
                           lambda: ea.context_map(view.model, ea.sample_sentences(view.split, 300), view.src_vocab))


def map_ui(view: ModelView, trace: EncoderTrace, trace_b: EncoderTrace | None) -> None:
    """Section 5: this sentence (and the second one) among a few hundred corpus sentences, by PCA."""
    st.header("5. Where sentences land")
    if view.split is None:
        st.info("No corpus is loaded, so there are no sentences to map.")
        return
    cmap = context_map(view)
    st.markdown(f"The h contexts of {len(cmap.sentences)} corpus sentences, flattened from {cmap.contexts.shape[1]} "
                "numbers to 2 with **PCA** (the two directions along which the contexts differ most). Nearby "
                f"points are sentences the encoder summarises alike. For scale: two random sentences have a "
                f"cosine similarity of **{cmap.mean_cosine:.2f}** on average.")
    by_label = {"sentence length": None} | {f"contains the word '{w}'": w for w in ea.frequent_words(cmap.sentences)}
    choice = by_label[st.selectbox("Colour by", list(by_label), key="enc_colour",
                                   persist_state="session")]  # plain labels: AppTest-safe
    marks = [("your sentence", cmap.pca.project(trace.context[0][-1].numpy()))]
    if trace_b is not None:
        marks.append(("second sentence", cmap.pca.project(trace_b.context[0][-1].numpy())))
    chart(fe.pca_figure(cmap, choice, marks), pca_summary(cmap, choice), "enc_fig_pca")
