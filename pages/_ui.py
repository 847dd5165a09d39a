"""Streamlit helpers shared by the pages: cached corpus and vocabularies, the shared sentence input.

Only this module, app.py and the pages import streamlit; everything they show comes from `s2s`.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from s2s.data import Pair, load_builtin, training_split
from s2s.vocab import Vocabulary


@dataclass(frozen=True)
class CorpusView:
    """ the built-in corpus as the app uses it: the split and the vocabularies built from training pairs """

    pairs: list[Pair]
    train: list[Pair]
    src_vocab: Vocabulary
    tgt_vocab: Vocabulary


@st.cache_resource(show_spinner="Reading the built-in corpus…")
def builtin_corpus() -> CorpusView:
    """Load the built-in corpus once per server process (shared read-only by every session)."""
    pairs, _ = load_builtin()
    split = training_split(pairs, seed=0)
    src_vocab = Vocabulary.build([s for s, _ in split.train])
    tgt_vocab = Vocabulary.build([t for _, t in split.train])
    return CorpusView(pairs, split.train, src_vocab, tgt_vocab)


def sentence_input(label: str = "English sentence", default: str = "i love you") -> str:
    """The sentence shared by every page, kept in the session and in the URL (?s=...)."""
    if "sentence" not in st.session_state:
        st.session_state.sentence = st.query_params.get("s", default)
    text = st.text_input(label, key="sentence", max_chars=2000)
    if text:
        st.query_params["s"] = text
    return text
