"""The "Find an example" button: a corpus sentence that shows a page's effect on the model as it is now.

The search itself is in `s2s.analysis.examples` (computed once per model for every session); this module
words its outcome from the numbers and applies the sentence to the page. When no candidate shows the
effect it says so plainly, with what to try instead.
"""

from __future__ import annotations

import streamlit as st

from s2s.analysis.bottleneck import LONG_WORDS
from s2s.analysis.examples import BEAM, FORCING, FREE_RUNNING, LONG, Example, Search, find_example
from s2s.view import ModelView

OWN = "(its own prediction)"  # the Teacher forcing page's choice that lets free running write its own word
MAX_BEAM_WIDTH = 8  # the Beam page's widest beam: never suggest a wider one at this width
PARTS = {"train": "a training pair", "valid": "held out: the model never trained on it",
         "test": "held out: the model never trained on it"}


def _q(text: str) -> str:
    """Corpus text as a literal code span (corpus words never contain backticks)."""
    return f"`{text}`" if text else "(nothing)"


def describe(found: Search) -> str:
    """One or two sentences, from the numbers, saying what the example shows (or that none was found)."""
    ex = found.example
    if ex is None:
        return _none(found)
    head = f"{_q(ex.src)} ({PARTS[ex.part]})"
    if ex.effect == FREE_RUNNING:
        return (f"{head}: free running first goes wrong at step {ex.step} and gets **{ex.changed} of the {ex.later}** "
                f"later words wrong; teacher forcing, reading the true words, gets {ex.teacher_wrong} wrong.")
    if ex.effect == BEAM:
        return (f"{head}: greedy writes {_q(ex.translation)} (score {ex.greedy_score:.3f}); a beam of width "
                f"{found.width} finds {_q(ex.beam_translation)} (score **{ex.beam_score:.3f}**), a sentence the "
                "model itself finds more likely.")
    if ex.effect == FORCING:
        return (f"{head}: greedy writes {_q(ex.translation)}. Force {_q(ex.word)} at step {ex.step} and "
                f"**{ex.changed} of the {ex.later}** later positions change.")
    if ex.effect == LONG:
        return (f"{head}, {len(ex.src.split())} words: the model writes {_q(ex.translation)}; the reference is "
                f"{_q(ex.ref)}.")
    return f"{head}: {_q(ex.word)} is not in the English vocabulary, so the encoder reads `<UNK>` there."


def _none(found: Search) -> str:
    n, step = found.n_candidates, found.model_step
    if found.effect == FREE_RUNNING:
        return (f"The model at step {step:,} has learned every one of the {n} candidate sentences: running free it "
                "either gets them right or goes wrong exactly where teacher forcing does. Try a longer sentence of "
                "your own, or freeze the class on an earlier training step.")
    if found.effect == BEAM:
        wider = " a wider beam," if found.width < MAX_BEAM_WIDTH else ""
        return (f"On all {n} candidate sentences, a beam of width {found.width} finds nothing the model at step "
                f"{step:,} scores higher than greedy's translation: greedy is already the best it knows. Try"
                f"{wider} a longer sentence of your own, or an earlier training step.")
    if found.effect == FORCING:
        return (f"On the {n} sentences tried, forcing the runner-up word changed none of the words after it: the "
                f"model at step {step:,} finds its way back. Try another word, or an earlier training step.")
    if found.effect == LONG:
        if not n:
            return f"This corpus holds out no sentence of {LONG_WORDS} or more words to try."
        return (f"The model at step {step:,} translates all {n} held-out sentences of {LONG_WORDS} or more words "
                "exactly. Try an earlier training step, or a long sentence of your own.")
    return (f"All {n} corpus sentences use only words in the vocabulary. Type a word the corpus never uses to "
            "see `<UNK>`.")


def use_example(example: Example, run_id: int) -> None:
    """Show `example` on every page: it becomes the shared sentence, and its page's settings follow it.

    Called from callbacks (a button, the tour), before any widget is drawn, so it may set widget keys: the
    Decoder's step and word to force, the Teacher forcing page's pair.
    """
    st.session_state.shared_sentence = example.src
    if example.effect == FORCING:
        st.session_state.decoder_context = (example.src, run_id)  # the Decoder page keeps the step set here
        st.session_state.decoder_step, st.session_state.decoder_forced = example.step, {}
        st.session_state[f"decoder_force_word_{example.step}"] = example.word
    elif example.effect == FREE_RUNNING:  # exactly this pair (the corpus may hold other references)
        st.session_state.teacher_run = run_id  # the page's own "new run" reset would replace the pair
        st.session_state.teacher_seen, st.session_state.teacher_msg = example.src, ""
        st.session_state.teacher_pair_value = (example.src, example.ref)
        st.session_state.teacher_inject_step, st.session_state.teacher_inject_word = 0, OWN


def _find(view: ModelView, effect: str, width: int) -> None:
    """Button callback: search (once per model for everyone), remember the outcome, show a found sentence."""
    found = find_example(view, effect, width)
    st.session_state[f"example_{effect}"] = found
    if found.example is not None:
        use_example(found.example, view.run_id)


def example_button(view: ModelView, effect: str, key: str, width: int = 5, button_area=None) -> None:
    """A "Find an example" button (in `button_area`, e.g. a column, if given) and, below, once pressed, what
    it found for the model inspected now."""
    (button_area or st).button("Find an example", key=key, icon=":material/search:", on_click=_find,
                               args=(view, effect, width), help="Search a few hundred corpus sentences for one "
                               "that shows this on the model as it is now")
    found = st.session_state.get(f"example_{effect}")
    if found is not None and found.model_step == view.step and (effect != BEAM or found.width == width):
        (st.success if found.example else st.info)(describe(found), icon=":material/search:")


def tour_example(view: ModelView, effect: str, width: int = 5) -> None:
    """A tour stop that teaches `effect` opens with a sentence that shows it now (else keeps its own)."""
    _find(view, effect, width)
