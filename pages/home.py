"""Home: what a sequence-to-sequence translator is, and the first step of the pipeline on real data."""

import pandas as pd
import streamlit as st

from pages._ui import builtin_corpus, sentence_input
from s2s.vocab import UNK_ID, tokenize


def intro() -> None:
    st.title("Seq2Seq Explainer")
    st.markdown(
        "An **encoder-decoder LSTM** translates English into French in two halves. The **encoder** reads the "
        "English words one at a time and squeezes the whole sentence into one pair of vectors, the *context* "
        "(h, c). The **decoder** starts from that context and writes French words one at a time, each time "
        "feeding back the word it just wrote."
    )
    st.markdown("**sentence → tokens → ids → encoder → context (h, c) → decoder → French words**")


def ids_table(text: str) -> None:
    """The first stage of the pipeline for the user's sentence: tokens and their ids."""
    corpus = builtin_corpus()
    tokens = tokenize(text)
    if not tokens:
        st.info("Type an English sentence above to see how the model will read it.")
        return
    ids = corpus.src_vocab.encode(tokens)
    table = pd.DataFrame({"token": tokens, "id": ids,
                          "known?": ["no: read as <UNK>" if i == UNK_ID else "yes" for i in ids]})
    st.dataframe(table, hide_index=True, width="content")
    unknown = [t for t, i in zip(tokens, ids) if i == UNK_ID]
    if unknown:
        st.warning(f"Not in the English vocabulary, so the model sees <UNK> (id {UNK_ID}): {', '.join(unknown)}")


def corpus_figures() -> None:
    corpus = builtin_corpus()
    lengths = [len(s.split()) for s, _ in corpus.pairs]
    cols = st.columns(4)
    cols[0].metric("Sentence pairs", f"{len(corpus.pairs):,}")
    cols[1].metric("English words known", f"{len(corpus.src_vocab) - 4:,}")
    cols[2].metric("French words known", f"{len(corpus.tgt_vocab) - 4:,}")
    cols[3].metric("English length", f"{min(lengths)}–{max(lengths)} words")


intro()
st.subheader("1. Words become ids")
st.caption("The model never sees letters: each word is looked up in a vocabulary built from the training "
           "sentences of the built-in corpus, and unknown words become <UNK>.")
ids_table(sentence_input())
st.subheader("The built-in corpus")
corpus_figures()
