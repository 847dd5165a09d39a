"""The Decoder page's forcing: pick a word for a step, and the forced translation against the original.

Forcing is kept per session (`decoder_forced`, {step: word}) and starts over with a new sentence or run.
"""

import pandas as pd
import streamlit as st

from pages._markdown import changed_words_markdown, md_escape
from s2s.decode import GreedyTrace
from s2s.teacher import force_candidates, word_diff


def _force(step: int, key: str) -> None:
    st.session_state.decoder_forced = {**st.session_state.decoder_forced, step: st.session_state[key]}


def clear_forcing() -> None:
    st.session_state.decoder_forced = {}


def forced_words(context: tuple) -> dict[int, str]:
    """The words this session forces ({step: word}); a new sentence or a new run starts over."""
    if st.session_state.get("decoder_context") != context:
        st.session_state.decoder_context, st.session_state.decoder_forced = context, {}
        st.session_state.decoder_step = 0
    return dict(st.session_state.decoder_forced)


def force_controls(trace: GreedyTrace, t: int, vocab) -> None:
    """Pick a word for step t (the runner-up is preselected) and add it to the forced words."""
    st.header("What if it had written another word here?")
    options = force_candidates(trace.steps[t].topk_tokens, vocab)
    key = f"decoder_force_word_{t}"
    if st.session_state.get(key) not in options:  # the runner-up, unless a word was chosen (or preset by an example)
        st.session_state[key] = options[min(1, len(options) - 1)]
    left, mid, right = st.columns([4, 1, 1], vertical_alignment="bottom")
    left.selectbox(f"Word to write at step {t} (the model's top candidates come first)", options, key=key)
    mid.button("Force this word", key="decoder_force", on_click=_force, args=(t, key), type="primary",
               width="stretch")
    right.button("Clear forcing", key="decoder_clear", on_click=clear_forcing, width="stretch",
                 disabled=not st.session_state.decoder_forced)


def _comparison_ui(original: GreedyTrace, forced: GreedyTrace) -> None:
    """The two translations side by side, only the words that differ highlighted, and how much changed."""
    diff = word_diff([s.chosen_token for s in original.steps], [s.chosen_token for s in forced.steps])
    left, right = st.columns(2)
    left.markdown(f"**Original (greedy):** {md_escape(original.text) or '(nothing)'}")
    n_words = len(forced.words)
    stopped_early = forced.finished and diff.changed[n_words]  # its <EOS> where the original went on
    right.markdown("**With your forcing:** " + changed_words_markdown(forced.words, diff.changed, stopped_early))
    if diff.split is None:
        st.caption("Forcing changed nothing: you forced the word the model would have written anyway.")
        return
    spread = ("every word the decoder writes becomes its next input, so one change carries on through the rest "
              "of the sentence." if diff.n_changed_later else "this time the decoder found its way back to the "
              "same words.")
    st.caption(f"They part ways at step {diff.split}; highlighted words differ from the original. After it, "
               f"{diff.n_changed_later} of {diff.n_later} later positions differ: {spread}")
    marks = ["⚑ forced" if t < len(forced.steps) and forced.steps[t].forced else "≠" if changed else ""
             for t, changed in enumerate(diff.changed)]
    st.dataframe(pd.DataFrame({"step": range(len(marks)), "original": diff.before, "with forcing": diff.after,
                               "": marks}), hide_index=True, key="decoder_compare_table")


def forcing_ui(original: GreedyTrace, forced: GreedyTrace, t: int, vocab) -> None:
    """The controls for step t, then (once a word is forced) what the forcing changed."""
    force_controls(forced, t, vocab)
    words = st.session_state.decoder_forced
    if words:
        st.caption("Forced: " + ", ".join(f"step {s} → “{w}”" for s, w in sorted(words.items())))
        _comparison_ui(original, forced)
