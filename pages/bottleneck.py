"""Bottleneck: translation quality falls with sentence length, because one fixed-size vector holds the sentence."""

import streamlit as st

from pages._chart import chart
from pages._compare_ui import against_current_ui
from pages._examples import example_button
from pages._markdown import md_escape
from pages._memo import recall, remember
from pages._predictions import long_bleu_ui
from pages._ui import get_job, inspected_model, sidebar
from s2s.analysis.bottleneck import (
    PER_GROUP,
    builtin_longest_sentence,
    compare_steps,
    compare_words,
    has_long_sentences,
    held_out_pairs,
    learning_order_sentence,
    long_sentence_advice,
    longest_examples,
    longest_sentence,
    quality_by_length,
    spread_steps,
    trend_sentence,
)
from s2s.analysis.examples import LONG
from s2s.data import corpus_note
from s2s.errors import S2SError
from s2s.figures.bottleneck import length_quality_figure, snapshots_figure
from s2s.figures.summary_data import length_quality_summary, snapshots_summary

INTRO = (
    "The encoder must squeeze every English sentence, short or long, into **one fixed-size vector**. Here the "
    "model translates held-out sentences it never trained on, grouped by length: look at whether BLEU and exact "
    "match fall as sentences get longer, and at how that changed while the model trained."
)


def explain_ui(view) -> None:
    cfg = view.model.cfg
    layers = f" (in each of its {cfg.n_layers} layers)" if cfg.n_layers > 1 else ""
    st.markdown(
        f"**Why long sentences suffer.** Whether the sentence has 3 words or 25, the decoder receives the same "
        f"**{cfg.hidden_dim} numbers in h and {cfg.hidden_dim} in c**{layers}: the encoder's state after the last "
        "word. Everything the decoder will ever know about the English (which words, in which order, who did "
        "what) must fit in that one pair of vectors. In general a short sentence fits easily, while a long one "
        "has to be compressed and the LSTM's gates let early words fade as new ones arrive, so such decoders "
        "tend to write fluent French that drifts away from the source; the chart above shows whether this "
        "model does. **Attention** (a later idea) removes the bottleneck: at every output word the decoder "
        "looks back at *every* encoder state, not just the last one."
    )


def example_ui(q, view) -> None:
    st.header("One long sentence, concretely")
    example_button(view, LONG, key="bottleneck_find_example")
    examples = longest_examples(q)
    labels = [f"{len(src.split())} words: {src}" for src, _, _ in examples]
    pick = st.selectbox("Held-out sentence", range(len(examples)), format_func=labels.__getitem__,
                        key="bottleneck_example")
    src, ref, hyp = examples[pick]
    st.markdown(f"**English:** {md_escape(src)}  \n**Reference French:** {md_escape(ref)}  \n"
                f"**Model at step {q.step:,}:** {md_escape(hyp) or '(nothing)'}")
    c = compare_words(ref, hyp)
    start = (f"It starts with the same {c['same_start']} word(s) as the reference" if c["same_start"]
             else "Its very first word already differs from the reference")
    st.caption(f"The model writes {c['hyp_words']} words for the reference's {c['ref_words']}. {start}, and "
               f"{c['recovered']} of the {c['ref_words']} reference words appear anywhere in its translation.")


def snapshots_ui(run_id: int) -> None:
    """The quality chart at a few earlier training steps, evaluated when the user asks (it takes seconds)."""
    st.header("The same chart at earlier training steps")
    job = get_job()
    steps = list(job.snapshot().timeline)
    if len(steps) < 2:
        st.caption("Weights are stored every few training steps; come back once training has run a little.")
        return
    current = st.session_state.get("bottleneck_steps")
    if current is None or not set(current) <= set(steps):  # first visit, or the timeline has thinned out
        st.session_state.bottleneck_steps = [s for s in current or () if s in steps] or spread_steps(steps)
    chosen = st.multiselect("Training steps to compare", steps, key="bottleneck_steps", max_selections=6,
                            format_func=lambda s: f"step {s:,}")
    st.caption("Each snapshot translates the same held-out sentences, which takes a few seconds on a CPU.")
    if st.button("Evaluate these snapshots", key="bottleneck_compare", disabled=not chosen, type="primary"):
        evaluate_snapshots(job, chosen, run_id)
    stored = recall("bottleneck_snapshots", run_id=run_id)
    if stored:
        chart(snapshots_figure(stored), snapshots_summary(stored), "bottleneck_snapshots")
        st.caption(f"Darker, thicker lines are later steps. {learning_order_sentence(stored)}")


def evaluate_snapshots(job, steps: list[int], run_id: int) -> None:
    """Evaluate the chosen timeline steps with a progress bar and keep the result in the session memo."""
    bar = st.progress(0.0, text="Translating held-out sentences…")
    try:
        results = compare_steps(lambda k: job.inspect_model(step=k), steps,
                                on_progress=lambda d, t: bar.progress(d / t, text=f"{d} of {t} snapshots"))
    except S2SError as err:
        st.info(f"{err} (the timeline keeps fewer snapshots as training goes on); pick again.")
        results = None
    bar.empty()
    if results:
        remember("bottleneck_snapshots", results, run_id=run_id)


def main() -> None:
    sidebar(__file__)
    st.title("The bottleneck")
    st.markdown(INTRO)
    view = inspected_model(timeline_key="tl_bottleneck")
    pairs = held_out_pairs(view)
    if not pairs:
        st.info("This run has no held-out sentences to measure.")
        return
    if not has_long_sentences(pairs):
        st.info(long_sentence_advice(view.corpus_name, longest_sentence(pairs), builtin_longest_sentence()))
    if not long_bleu_ui(view, pairs):  # predict first: the translations wait for a guess
        return
    with st.spinner("Translating held-out sentences with the model…"):
        q = quality_by_length(view)
    chart(length_quality_figure(q), length_quality_summary(q), "bottleneck_chart")
    st.markdown(f"**{trend_sentence(q)}**")
    st.caption(f"{len(q.pairs):,} held-out pairs (at most {PER_GROUP} per length group) from {view.corpus_name}, "
               f"translated greedily. Overall BLEU {q.bleu:.1f}, exact match {100 * q.exact_match:.0f}%. "
               + corpus_note(view.corpus_name))
    explain_ui(view)
    example_ui(q, view)
    snapshots_ui(view.run_id)
    against_current_ui()


main()
