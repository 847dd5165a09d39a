"""Data & Vocabulary: the training corpus, how words get ids, <UNK>, and a padded batch as the model reads it."""

import pandas as pd
import streamlit as st

from pages._batch_ui import batch_ui
from pages._chart import chart
from pages._examples import example_button
from pages._live import corpus_key, shared_analysis
from pages._markdown import md_escape
from pages._ui import get_job, inspected_model, note_truncated, sentence_input, sidebar
from pages._vocab_build import vocabulary_build_ui
from s2s.analysis import datastats as ds
from s2s.analysis.examples import UNKNOWN
from s2s.figures import data as fd
from s2s.figures import summary_data as sd
from s2s.figures.palette import CELL
from s2s.teacher import find_pair
from s2s.view import ModelView

MAX_MIN_FREQ = 50
INTRO = (
    "A neural network cannot read words, only numbers. Before training, every word of the training sentences "
    "gets an **id** (its row in a *vocabulary*), each sentence becomes a list of ids, and sentences are stacked "
    "into padded **batches**. Everything below comes from the corpus and vocabularies of the model training now."
)


def highlight(column: str, colours: dict):
    """A pandas Styler function colouring whole rows by the value in `column`."""
    return lambda row: [f"background-color: {colours.get(row[column], '')}"] * len(row)


def corpus_ui(view: ModelView) -> None:
    st.header("1. The corpus")
    stats = shared_analysis("dv_stats", get_job(), corpus_key(view), lambda: ds.corpus_stats(view.split))
    cols = st.columns(5)
    cols[0].metric("Training pairs", f"{stats.n_train:,}")
    cols[1].metric("Validation pairs", f"{stats.n_valid:,}")
    cols[2].metric("Test pairs", f"{stats.n_test:,}")
    cols[3].metric("English vocabulary (ids)", f"{len(view.src_vocab):,}")
    cols[4].metric("French vocabulary (ids)", f"{len(view.tgt_vocab):,}")
    st.caption(f"Corpus: {view.corpus_name}. The vocabularies are built from the training pairs only, so the model "
               "never sees a validation or test sentence before it is evaluated on it.")
    chart(fd.length_histogram_figure(stats.src_lengths, stats.tgt_lengths),
          sd.length_histogram_summary(stats.src_lengths, stats.tgt_lengths), "dv_fig_len")
    left, right = st.columns(2)
    with left:
        chart(fd.top_words_figure(stats.src_top, "20 most frequent English words"),
              sd.top_words_summary(stats.src_top, "English"), "dv_fig_src_top")
    with right:
        chart(fd.top_words_figure(stats.tgt_top, "20 most frequent French words", fd.TGT_COLOUR),
              sd.top_words_summary(stats.tgt_top, "French"), "dv_fig_tgt_top")


def min_freq_ui(view: ModelView, column: int, lang: str) -> None:
    """What each `min_freq` threshold would turn into <UNK>, on the real training text of one language."""
    st.subheader("Rare words and min_freq")
    job, key = get_job(), corpus_key(view, column)
    counts = shared_analysis("dv_counts", job, key, lambda: ds.word_counts(p[column] for p in view.split.train))
    effects = shared_analysis("dv_effects", job, key, lambda: ds.min_freq_effects(counts, MAX_MIN_FREQ))
    spec = job.spec
    run_min = spec.train.min_freq if spec else 1
    st.markdown(f"A word seen fewer than `min_freq` times in the training text gets no id of its own: it is read "
                f"as `<UNK>`. This run used **min_freq = {run_min}**. Try other values on the real {lang} training "
                "text:")
    min_freq = st.slider("min_freq", 1, MAX_MIN_FREQ, min(run_min, MAX_MIN_FREQ), key="dv_min_freq",
                         persist_state="session")
    effect = effects[min_freq - 1]
    cols = st.columns(4)
    shrink = effect.vocab_size - effects[0].vocab_size
    cols[0].metric("Vocabulary size (ids)", f"{effect.vocab_size:,}", f"{shrink:,} vs min_freq 1" if shrink else None)
    cols[1].metric("Distinct words → <UNK>", f"{effect.n_types - effect.n_kept:,}")
    cols[2].metric("Running words → <UNK>", f"{effect.n_unk_tokens:,}")
    cols[3].metric("Share of the text → <UNK>", f"{100 * effect.unk_share:.2f}%")
    left, right = st.columns([3, 2])
    with left:
        chart(fd.min_freq_figure(effects, min_freq), sd.min_freq_summary(effects, min_freq), "dv_fig_min_freq")
    right.markdown("**Examples of words that would become `<UNK>`** (rarest first)")
    if effect.rare_words:
        right.dataframe(pd.DataFrame(effect.rare_words, columns=["word", "times seen"]), hide_index=True)
    else:
        right.caption(f"None: every {lang} word of the training text is seen at least {min_freq} time(s).")


def french_input(text: str, view: ModelView) -> str:
    """A French box, filled with the corpus reference whenever the English sentence changes and has one."""
    found = find_pair(view.split, text)
    reference = found.reference if found else None
    if st.session_state.get("dv_french_for") != text or "dv_french" not in st.session_state:
        st.session_state.dv_french, st.session_state.dv_french_for = reference or "", text
    french = st.text_input("French sentence", key="dv_french", persist_state="session", max_chars=2000,
                           help="Filled with the corpus translation when your English sentence is in the corpus")
    st.caption("This sentence is in the corpus: its French reference is filled in." if reference else
               "This sentence is not in the corpus: type a French sentence to see its ids.")
    return french


def sentence_ids_ui(sentence: str, vocab, name: str, key: str, max_len: int) -> None:
    """One sentence's tokens and ids (as far as the model reads), unknown words flagged."""
    tokens = ds.sentence_ids(sentence, vocab)[:max_len]  # what the model reads
    st.markdown(f"**{name}** ({len(vocab):,} ids in the vocabulary)")
    note_truncated(sentence, max_len)
    if not tokens:
        st.info(f"Type a sentence in {name} to see its ids.")
        return
    ids = pd.DataFrame({"word": [t.word for t in tokens], "id": [t.id for t in tokens],
                        "known": ["yes" if t.known else "no → <UNK>" for t in tokens]})
    st.dataframe(ids.style.apply(highlight("known", {"no → <UNK>": CELL["unknown"]}), axis=1), hide_index=True, key=key)
    unknown = ds.unknown_words(tokens)
    if unknown:
        st.warning("Not in the vocabulary, read as `<UNK>` (id 3): " + ", ".join(map(md_escape, unknown)))


def ids_ui(view: ModelView) -> None:
    st.header("3. Your sentence as ids")
    text = sentence_input()
    example_button(view, UNKNOWN, key="dv_find_example")
    french = french_input(text, view)
    left, right = st.columns(2)
    with left:
        sentence_ids_ui(text, view.src_vocab, "English", "dv_ids_src", view.model.cfg.max_len)
    with right:
        sentence_ids_ui(french, view.tgt_vocab, "French", "dv_ids_tgt", view.model.cfg.max_len)
    st.caption("The decoder also gets two special ids around the French: it reads `<SOS>` (id 1) first and must "
               "write `<EOS>` (id 2) to stop.")


def main() -> None:
    sidebar(__file__)
    st.title("Data & Vocabulary")
    st.markdown(INTRO)
    view = inspected_model()
    corpus_ui(view)
    column, lang = vocabulary_build_ui(view.split.train)
    min_freq_ui(view, column, lang)
    ids_ui(view)
    batch_ui(view)


main()
