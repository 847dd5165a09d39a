"""Data & Vocabulary: the training corpus, how words get ids, <UNK>, and a padded batch as the model reads it."""

import pandas as pd
import streamlit as st

from pages._ui import get_job, inspected_model, note_truncated, sentence_input, sidebar
from s2s.analysis import datastats as ds
from s2s.figures import data as fd

N_BUILD_SENTENCES = 10  # the step-through replays the vocabulary build on this many training sentences
MAX_MIN_FREQ = 50

sidebar(__file__)
st.title("Data & Vocabulary")
st.markdown(
    "A neural network cannot read words, only numbers. Before training, every word of the training sentences "
    "gets an **id** (its row in a *vocabulary*), each sentence becomes a list of ids, and sentences are stacked "
    "into padded **batches**. Everything below comes from the corpus and vocabularies of the model training now."
)
view = inspected_model()
cache_key = (view.run_id, id(view.split))


def memo(name, compute):
    """Keep a result for this run in the session (corpus statistics do not change while the model trains)."""
    hit = st.session_state.get(name)
    if hit is None or hit[0] != cache_key:
        hit = st.session_state[name] = (cache_key, compute())
    return hit[1]


def highlight(column: str, colours: dict):
    """A pandas Styler function colouring whole rows by the value in `column`."""
    return lambda row: [f"background-color: {colours.get(row[column], '')}"] * len(row)


st.header("1. The corpus")
stats = memo("dv_stats", lambda: ds.corpus_stats(view.split))
cols = st.columns(5)
cols[0].metric("Training pairs", f"{stats.n_train:,}")
cols[1].metric("Validation pairs", f"{stats.n_valid:,}")
cols[2].metric("Test pairs", f"{stats.n_test:,}")
cols[3].metric("English vocabulary (ids)", f"{len(view.src_vocab):,}")
cols[4].metric("French vocabulary (ids)", f"{len(view.tgt_vocab):,}")
st.caption(f"Corpus: {view.corpus_name}. The vocabularies are built from the training pairs only, so the model "
           "never sees a validation or test sentence before it is evaluated on it.")
st.plotly_chart(fd.length_histogram_figure(stats.src_lengths, stats.tgt_lengths), key="dv_fig_len", width="stretch")
left, right = st.columns(2)
left.plotly_chart(fd.top_words_figure(stats.src_top, "20 most frequent English words"), key="dv_fig_src_top",
                  width="stretch")
right.plotly_chart(fd.top_words_figure(stats.tgt_top, "20 most frequent French words", fd.TGT_COLOUR),
                   key="dv_fig_tgt_top", width="stretch")

st.header("2. Building the vocabulary, word by word")
st.markdown("The builder reads the training sentences in order. Four ids are reserved first: `<PAD>` (filler), "
            "`<SOS>`/`<EOS>` (start and end of a French sentence) and `<UNK>` (any word it does not know). Each "
            "word it has **never seen** gets the next free id; a word it **already knows** keeps its id and only "
            f"its count grows. Step through the first {N_BUILD_SENTENCES} training sentences:")
lang = st.radio("Language", ["English", "French"], horizontal=True, key="dv_lang",
                on_change=lambda: st.session_state.update(dv_k=0, dv_playing=False))
column = 0 if lang == "English" else 1
st.session_state.setdefault("dv_k", 0)
playing = st.session_state.setdefault("dv_playing", False)


def move(delta: int, n_steps: int) -> None:
    st.session_state.dv_k = max(0, min(n_steps, st.session_state.dv_k + delta))


@st.fragment(run_every=0.9 if playing else None)
def step_through(sentences: list[str], timer_on: bool) -> None:
    """Prev/Next/Play over the build trace; Play advances once per tick and stops by itself at the end."""
    n_steps = ds.build_frame(sentences, 0).n_steps
    if st.session_state.dv_playing != timer_on:
        st.rerun()  # start or stop the timer: run_every is fixed by the full run
    if timer_on:
        move(1, n_steps)
        if st.session_state.dv_k >= n_steps:
            st.session_state.dv_playing = False
            st.rerun()
    frame = ds.build_frame(sentences, st.session_state.dv_k)
    b = st.columns([1, 1, 1, 1, 3])
    b[0].button("◀ Prev", key="dv_prev", on_click=move, args=(-1, n_steps), disabled=timer_on or frame.k == 0)
    b[1].button("Next ▶", key="dv_next", on_click=move, args=(1, n_steps), disabled=timer_on or frame.k == n_steps)
    b[2].button("❚❚ Pause" if timer_on else "▶ Play", key="dv_play", disabled=frame.k == n_steps and not timer_on,
                on_click=lambda: st.session_state.update(dv_playing=not timer_on))
    b[3].button("↺ Restart", key="dv_restart", on_click=move, args=(-n_steps, n_steps), disabled=timer_on)
    b[4].progress(frame.k / n_steps, text=f"word {frame.k} of {n_steps}")
    left, right = st.columns([3, 2])
    with left:
        st.markdown(fd.reading_markdown(sentences, frame.sentence_index, frame.position))
        word = f"**{fd.md_escape(frame.word)}**"
        row = next((r for r in frame.rows if r.word == frame.word), None)
        if frame.k == 0:
            st.info("Press **Next** (or **Play**) to read the first word.")
        elif frame.is_new:
            st.success(f"{word} is new: it gets the next free id, **{row.id}**.")
        else:
            st.info(f"{word} is already known (id **{row.id}**): no new id, its count becomes **{row.count}**.")
    table = pd.DataFrame([vars(r) for r in frame.rows])
    right.dataframe(table.style.apply(highlight("status", {"new": "#c7e9c0", "seen again": "#fdd0a2"}), axis=1),
                    hide_index=True, height=35 * (len(table) + 1) + 12, key="dv_build_table")


step_through([p[column] for p in view.split.train[:N_BUILD_SENTENCES]], playing)

st.subheader("Rare words and min_freq")
counts = memo(f"dv_counts_{column}", lambda: ds.word_counts(p[column] for p in view.split.train))
effects = memo(f"dv_effects_{column}", lambda: [ds.min_freq_effect(counts, f) for f in range(1, MAX_MIN_FREQ + 1)])
spec = get_job().spec
run_min = spec.train.min_freq if spec else 1
st.markdown(f"A word seen fewer than `min_freq` times in the training text gets no id of its own: it is read as "
            f"`<UNK>`. This run used **min_freq = {run_min}**. Try other values on the real {lang} training text:")
min_freq = st.slider("min_freq", 1, MAX_MIN_FREQ, min(run_min, MAX_MIN_FREQ), key="dv_min_freq")
effect = effects[min_freq - 1]
cols = st.columns(4)
shrink = effect.vocab_size - effects[0].vocab_size
cols[0].metric("Vocabulary size (ids)", f"{effect.vocab_size:,}", f"{shrink:,} vs min_freq 1" if shrink else None)
cols[1].metric("Distinct words → <UNK>", f"{effect.n_types - effect.n_kept:,}")
cols[2].metric("Running words → <UNK>", f"{effect.n_unk_tokens:,}")
cols[3].metric("Share of the text → <UNK>", f"{100 * effect.unk_share:.2f}%")
left, right = st.columns([3, 2])
left.plotly_chart(fd.min_freq_figure(effects, min_freq), key="dv_fig_min_freq", width="stretch")
right.markdown("**Examples of words that would become `<UNK>`** (rarest first)")
if effect.rare_words:
    right.dataframe(pd.DataFrame(effect.rare_words, columns=["word", "times seen"]), hide_index=True)
else:
    right.caption(f"None: every {lang} word of the training text is seen at least {min_freq} time(s).")

st.header("3. Your sentence as ids")
text = sentence_input()
reference = ds.reference_for(text, view.split)
if st.session_state.get("dv_french_for") != text or "dv_french" not in st.session_state:  # offer the reference
    st.session_state.dv_french, st.session_state.dv_french_for = reference or "", text
french = st.text_input("French sentence", key="dv_french", max_chars=2000,
                       help="Filled with the corpus translation when your English sentence is in the corpus")
st.caption("This sentence is in the corpus: its French reference is filled in." if reference else
           "This sentence is not in the corpus: type a French sentence to see its ids.")
left, right = st.columns(2)
for col, sentence, vocab, name, key in ((left, text, view.src_vocab, "English", "dv_ids_src"),
                                        (right, french, view.tgt_vocab, "French", "dv_ids_tgt")):
    tokens = ds.sentence_ids(sentence, vocab)[: view.model.cfg.max_len]  # what the model reads
    col.markdown(f"**{name}** ({len(vocab):,} ids in the vocabulary)")
    with col:
        note_truncated(sentence, view.model.cfg.max_len)
    if not tokens:
        col.info(f"Type a sentence in {name} to see its ids.")
        continue
    ids = pd.DataFrame({"word": [t.word for t in tokens], "id": [t.id for t in tokens],
                        "known": ["yes" if t.known else "no → <UNK>" for t in tokens]})
    col.dataframe(ids.style.apply(highlight("known", {"no → <UNK>": "#fcbba1"}), axis=1), hide_index=True, key=key)
    unknown = list(dict.fromkeys(t.word for t in tokens if not t.known))
    if unknown:
        col.warning("Not in the vocabulary, read as `<UNK>` (id 3): " + ", ".join(fd.md_escape(w) for w in unknown))
st.caption("The decoder also gets two special ids around the French: it reads `<SOS>` (id 1) first and must "
           "write `<EOS>` (id 2) to stop.")

st.header("4. A batch: sentences side by side")
st.markdown("The model reads many sentences at once. Their id lists are stacked as columns of a **time-major** "
            "matrix `[seq_len, batch]`: row *t* holds the *t*-th word of every sentence, because the LSTM takes "
            "one time step for the whole batch at once. Shorter sentences are filled with `<PAD>` (id 0).")
st.session_state.setdefault("dv_seed", 0)
left, right = st.columns([3, 1])
size = left.slider("Sentences in the batch", 2, 12, 6, key="dv_batch_size")
right.button("Draw another batch", key="dv_batch_new", on_click=lambda: st.session_state.update(
    dv_seed=st.session_state.dv_seed + 1))
batch, pairs = ds.sample_batch(view.split.train, view.src_vocab, view.tgt_vocab, view.model.cfg.max_len, size,
                               st.session_state.dv_seed)
st.dataframe(pd.DataFrame(pairs, columns=["English", "French"], index=[f"sentence {j + 1}" for j in range(len(pairs))]))
(src_len, n), tgt_len = batch.src_ids.shape, batch.tgt_in.shape[0]
st.plotly_chart(fd.token_matrix_figure(batch.src_ids, view.src_vocab, f"src_ids [src_len={src_len}, batch={n}]: "
                                       "what the encoder reads"), key="dv_fig_src_ids", width="stretch")
left, right = st.columns(2)
left.plotly_chart(fd.token_matrix_figure(batch.tgt_in, view.tgt_vocab, f"tgt_in [{tgt_len}, {n}]: decoder inputs"),
                  key="dv_fig_tgt_in", width="stretch")
mask_title = f"tgt_out [{tgt_len}, {n}]: targets and loss mask"
right.plotly_chart(fd.loss_mask_figure(batch.tgt_out, view.tgt_vocab, mask_title), key="dv_fig_mask", width="stretch")
pad_share = 1 - batch.n_tgt_tokens / batch.tgt_out.numel()
st.markdown(f"`tgt_out` is `tgt_in` shifted by one: at each step the decoder must predict the *next* word. "
            f"The loss averages over the **{batch.n_tgt_tokens}** green cells only: a `<PAD>` cell is not a word "
            f"of the translation, so scoring it would teach the model to write padding "
            f"({100 * pad_share:.0f}% of this batch's target cells are padding). In training, batches are "
            "built from sentences of similar length (*bucketing*), which keeps this waste small.")
