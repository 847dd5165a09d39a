"""The Teacher forcing page's sentence pair: the shared sentence when the corpus has it, else a pair picked.

The pair shown lives in `teacher_pair_value`; picking a pair also makes it the sentence every page shows.
"""

import random

import streamlit as st

from pages._examples import OWN
from pages._ui import sentence_input
from s2s.teacher import find_pair
from s2s.view import ModelView


def _set_pair(pair: tuple[str, str], share: bool = False) -> None:
    """Show `pair`; with `share`, it also becomes the sentence every page shows."""
    st.session_state.teacher_pair_value = pair
    st.session_state.teacher_inject_word, st.session_state.teacher_inject_step = OWN, 0
    if share:
        st.session_state.shared_sentence = st.session_state.teacher_seen = pair[0]
        st.session_state.teacher_msg = ""


def _follow_sentence(split, text: str) -> None:
    """When the shared sentence changes, show its pair if the corpus has it (held-out ones too, with a note)."""
    st.session_state.teacher_seen = text
    found = find_pair(split, text)
    if not found:
        st.session_state.teacher_msg = ("That sentence is not in this run's corpus" if text.strip() else
                                        "Type an English sentence from the corpus") + ", or pick a pair below."
        return
    part, pairs = found
    _set_pair(pairs[0])
    note = "" if part == "train" else " (held out: the model never trained on it)"
    more = f"; it has {len(pairs)} references, showing the first" if len(pairs) > 1 else ""
    st.session_state.teacher_msg = f"Found in the {part} split{note}{more}."


def choose_pair(view: ModelView) -> tuple[str, str]:
    """The shared sentence when the corpus has it, else a training pair picked from a list or at random."""
    if st.session_state.get("teacher_run") != view.run_id:  # a new run: new corpus, start from the shared sentence
        st.session_state.teacher_run, st.session_state.teacher_seen = view.run_id, None
        _set_pair(view.split.train[0])  # until the shared sentence is found in the corpus
    split = view.split
    text = sentence_input("English sentence (one from the corpus)")
    if st.session_state.get("teacher_seen") != text:
        _follow_sentence(split, text)
    pair = st.session_state.teacher_pair_value
    st.session_state.teacher_pair = pair
    left, right = st.columns([5, 1.3], vertical_alignment="bottom")
    left.selectbox("…or pick a training pair (English → French reference)", key="teacher_pair",
                   options=list(dict.fromkeys([pair, *split.train[:300]])), format_func=lambda p: f"{p[0]}  →  {p[1]}",
                   on_change=lambda: _set_pair(st.session_state.teacher_pair, share=True))
    right.button("Random pair", icon=":material/casino:", key="teacher_random", width="stretch",
                 on_click=lambda: _set_pair(random.choice(split.train), share=True))
    if st.session_state.get("teacher_msg"):
        st.caption(st.session_state.teacher_msg)
    return st.session_state.teacher_pair_value
