"""The Data & Vocabulary page's padded batch: sentences stacked time-major, <PAD>, and the loss mask."""

import pandas as pd
import streamlit as st

from pages._chart import chart
from pages._job import get_job
from s2s.analysis import datastats as ds
from s2s.figures import data as fd
from s2s.figures import summary_data as sd
from s2s.view import ModelView


def _draw_another() -> None:
    st.session_state.dv_seed = st.session_state.dv_seed + 1


def batch_ui(view: ModelView) -> None:
    """Section 4: a batch of mixed lengths from the training pairs, its id matrices and its loss mask."""
    st.header("4. A batch: sentences side by side")
    st.markdown("The model reads many sentences at once. Their id lists are stacked as columns of a **time-major** "
                "matrix `[seq_len, batch]`: row *t* holds the *t*-th word of every sentence, because the LSTM takes "
                "one time step for the whole batch at once. Shorter sentences are filled with `<PAD>` (id 0).")
    st.session_state.setdefault("dv_seed", 0)
    left, right = st.columns([3, 1])
    size = left.slider("Sentences in the batch", 2, 12, 6, key="dv_batch_size", persist_state="session")
    right.button("Draw another batch", key="dv_batch_new", on_click=_draw_another)
    batch, pairs = ds.sample_batch(view.split.train, view.src_vocab, view.tgt_vocab, view.model.cfg.max_len, size,
                                   st.session_state.dv_seed)
    st.dataframe(pd.DataFrame(pairs, columns=["English", "French"],
                              index=[f"sentence {j + 1}" for j in range(len(pairs))]))
    (src_len, n), tgt_len = batch.src_ids.shape, batch.tgt_in.shape[0]
    chart(fd.token_matrix_figure(batch.src_ids, view.src_vocab, f"src_ids [src_len={src_len}, batch={n}]: what the "
                                 "encoder reads"), sd.token_matrix_summary(batch.src_ids), "dv_fig_src_ids")
    left, right = st.columns(2)
    with left:
        chart(fd.token_matrix_figure(batch.tgt_in, view.tgt_vocab, f"tgt_in [{tgt_len}, {n}]: decoder inputs"),
              sd.token_matrix_summary(batch.tgt_in), "dv_fig_tgt_in")
    with right:
        chart(fd.loss_mask_figure(batch.tgt_out, view.tgt_vocab, f"tgt_out [{tgt_len}, {n}]: targets and loss mask"),
              sd.loss_mask_summary(batch.tgt_out), "dv_fig_mask")
    st.markdown(f"`tgt_out` is `tgt_in` shifted by one: at each step the decoder must predict the *next* word. "
                f"The loss averages over the **{batch.n_tgt_tokens}** word cells only: a `<PAD>` cell is not a "
                "word of the translation, so scoring it would teach the model to write padding. "
                + ds.bucketing_sentence(ds.padding_share(batch), _training_padding(view.run_id, view)))


@st.cache_resource(show_spinner=False, max_entries=4)
def _training_padding(run_id: int, _view: ModelView) -> float:
    """The padding share of the run's bucketed training batches: one number per run, shared by every session."""
    spec = get_job().spec
    return ds.overall_padding_share(ds.training_batches(_view.split.train, _view.src_vocab, _view.tgt_vocab,
                                                        _view.model.cfg.max_len, spec.train.batch_size))
