"""Beam search: the search tree, the n-best list, and greedy against beam on the shared sentence."""

import math

import pandas as pd
import streamlit as st

from pages._chart import chart
from pages._decodes import beam_trace, greedy_trace, shared_figure
from pages._examples import MAX_BEAM_WIDTH, example_button
from pages._markdown import md_escape
from pages._predictions import beam_vs_greedy_ui
from pages._ui import csv_download, inspected_model, note_truncated, sentence_input, sidebar
from s2s.analysis.examples import BEAM
from s2s.errors import S2SError
from s2s.figures import exports
from s2s.figures.beam import beam_tree_figure, comparison_figure, nbest_rows
from s2s.figures.summary_model import beam_comparison_summary, beam_tree_summary
from s2s.teacher import first_divergence

INTRO = (
    "Greedy decoding takes the single most likely word at every step and never looks back. **Beam search** "
    "keeps the *width* best partial translations instead, extends each one by its best next words, and keeps "
    "only the best of all those candidates. Watch which branches survive, which are pruned, and whether the "
    "beam finds a translation that greedy missed."
)


def controls_ui(view) -> tuple[int, int, float]:
    max_len = view.model.cfg.max_len
    if st.session_state.get("beam_max_len", 0) > max_len:  # a new run may have a shorter limit
        st.session_state.beam_max_len = max_len
    st.session_state.setdefault("beam_width", 3)  # the tour and "Find an example" may set it before the slider
    c1, c2, c3, c4 = st.columns([2.6, 2.6, 2.6, 2.2], vertical_alignment="bottom")
    width = c1.slider("Beam width", 1, MAX_BEAM_WIDTH, key="beam_width", persist_state="session",
                      help="How many partial translations survive each step (1 = greedy)")
    length = c2.slider("Max length (words)", 1, max_len, max_len, key="beam_max_len", persist_state="session",
                       help="Decoding stops here even without <EOS>")
    alpha = c3.slider("Length penalty α", 0.0, 2.0, 0.0, 0.1, key="beam_alpha", persist_state="session",
                      help="0 ranks finished translations by their raw score; higher values favour longer ones")
    example_button(view, BEAM, key="beam_find_example", width=width, button_area=c4)
    return width, length, alpha


def step_slider_ui(trace, signature) -> int:
    """How much of the tree to show; jumps back to the whole tree whenever the search itself changes."""
    depth = max(n.step for n in trace.nodes)
    if depth < 2:
        return depth
    if st.session_state.get("beam_signature") != signature or st.session_state.get("beam_step", 0) > depth:
        st.session_state.beam_step = depth
    st.session_state.beam_signature = signature
    return st.slider("Show the tree up to step", 1, depth, key="beam_step",
                     help="Slide left and right to watch the tree grow one word at a time")


def tree_ui(trace, max_step: int) -> None:
    chart(shared_figure("beam_tree", trace, max_step, lambda: beam_tree_figure(trace, max_step)),
          beam_tree_summary(trace, max_step), "beam_tree")
    st.caption(
        "Each column is one step. **Circles** survived into the beam, **small crosses** were pruned (the CSV "
        "below lists every candidate with its score), **squares** wrote <EOS> and finished (#n = their rank in the "
        "n-best list). The **thick path** is the best translation. The number under a word is its score: the "
        "sum of log-probabilities of every word from the start. Each finished hypothesis leaves the beam, which "
        "then keeps one candidate fewer."
    )


def nbest_ui(trace) -> None:
    st.header("The n-best list")
    st.dataframe(pd.DataFrame(nbest_rows(trace)), hide_index=True, width="stretch", key="beam_nbest")
    csv_download("Every node of the beam tree, with its parent", lambda: exports.beam_nodes(trace),
                 f"beam-width{trace.width}.csv", "beam_export")
    if trace.length_penalty:
        st.caption(f"Ranked by normalised score = score ÷ ((5 + words) / 6)^{trace.length_penalty:g}; finished "
                   "translations before any that hit the length limit.")
    else:
        st.caption("Ranked by score (α = 0: no length penalty); finished translations before any that hit the "
                   "length limit.")


def comparison_ui(trace, gtrace) -> None:
    st.header("Greedy against beam")
    greedy_words = [s.chosen_token for s in gtrace.steps]
    beam_nodes = trace.best_path
    beam_words = [n.token for n in beam_nodes]
    split = first_divergence(greedy_words, beam_words)
    rows = [("greedy", greedy_words, [s.chosen_logprob for s in gtrace.steps]),
            (f"beam (width {trace.width})", beam_words, [n.logprob for n in beam_nodes])]
    chart(comparison_figure(rows, split), beam_comparison_summary(rows, split), "beam_compare")
    g, b = gtrace.score, trace.best.score
    if split is None:
        wider = "a wider beam, " if trace.width < MAX_BEAM_WIDTH else ""
        st.markdown(f"Both give the same words (score {b:.3f}): at this width the beam found nothing the model "
                    f"prefers over greedy's choice. Try {wider}a longer sentence, or **Find an example** above.")
        return
    st.markdown(
        f"They agree on the first {split} word(s) and part at word {split + 1}, where greedy took "
        f"{word_at(greedy_words, split)} and the beam {word_at(beam_words, split)}. Greedy's whole sentence "
        f"scores {g:.3f} (probability {math.exp(g):.3g}), the beam's {b:.3f} (probability {math.exp(b):.3g})."
        + (" The beam found a sentence the model itself finds more likely: the word that looked best to greedy "
           "at that step led to a worse sentence overall." if b > g + 1e-6 else
           " Here the beam's pick scores lower: the beam keeps only the best partial sentences at each step, "
           "so it can prune the opening greedy followed, and finished translations (and, with α > 0, the length "
           "penalty) decide the ranking.")
    )


def word_at(words, i: int) -> str:
    """A word as a code span, so corpus symbols are shown literally (tokens never contain backticks)."""
    return f"`{words[i]}`" if i < len(words) else "nothing more"


def explain_ui(trace) -> None:
    best = trace.best_path
    terms = " + ".join(f"({n.logprob:.3g})" for n in best[:6]) + (" + …" if len(best) > 6 else "")
    with st.expander("Why log-probabilities? Why do scores only go down? What does the length penalty do?"):
        st.markdown(
            "The probability of a whole sentence is the **product** of each word's probability given the words "
            "before it. Products of many numbers below 1 become tiny very fast, so we add their logarithms "
            f"instead. For the best translation here: score = {terms} = **{trace.best.score:.3f}**, and "
            f"exp({trace.best.score:.3f}) = {math.exp(trace.best.score):.3g} is the probability the model gives "
            "the whole sentence.\n\n"
            "Every probability is at most 1, so every log-probability is at most 0: **adding a word can only "
            "lower the score**. Left alone, beam search therefore prefers short translations. The **length "
            "penalty** divides a finished translation's score by ((5 + number of words) / 6)^α: with α = 0 "
            "nothing changes; larger α shrinks long sentences' (negative) scores more, so longer translations "
            "can win."
        )


def main() -> None:
    sidebar(__file__)
    st.title("Beam search")
    st.markdown(INTRO)
    view = inspected_model()
    text = sentence_input()
    width, max_len, alpha = controls_ui(view)
    if not beam_vs_greedy_ui(view, text, width, max_len, alpha):  # predict first: the search waits for a guess
        return
    try:
        trace = beam_trace(view, text, width, max_len, alpha)
        gtrace = greedy_trace(view, text, max_len=max_len)
    except S2SError as err:
        st.info(str(err))
        return
    if trace.source.unknown:
        st.warning(f"Not in the English vocabulary, read as <UNK>: {', '.join(map(md_escape, trace.source.unknown))}")
    note_truncated(text, view.model.cfg.max_len)
    shown = step_slider_ui(trace, (view.key, text, width, max_len, alpha))
    tree_ui(trace, shown)
    nbest_ui(trace)
    comparison_ui(trace, gtrace)
    explain_ui(trace)


main()
