"""Shapes: every tensor from word ids to the loss, with the real sizes of the live model, for a sentence and a batch."""

import pandas as pd
import streamlit as st

from pages._chart import chart
from pages._live import corpus_key, shared_analysis
from pages._markdown import md_escape
from pages._ui import get_job, inspected_model, note_truncated, sentence_input, sidebar
from s2s.analysis import datastats as ds
from s2s.analysis import stages as sg
from s2s.decode import greedy
from s2s.errors import S2SError
from s2s.figures import data as fd
from s2s.figures.summary_data import shape_flow_summary
from s2s.teacher import find_pair
from s2s.view import ModelView

INTRO = (
    "Most bugs in a sequence-to-sequence model are shape bugs. Follow one sentence, then a real training batch, "
    "through the model and read the **actual shape** of every tensor, measured by running the live model's own "
    "layers. Axes are **time-major**: `[seq_len, batch, …]`, the layout `nn.LSTM` expects by default."
)
def model_ui(view: ModelView) -> None:
    """The configuration and where the weights are."""
    cfg = view.model.cfg
    cols = st.columns(6)
    cols[0].metric("embed", cfg.embed_dim, help="numbers per word embedding")
    cols[1].metric("hidden", cfg.hidden_dim, help="units in h and in c, per layer")
    cols[2].metric("layers", cfg.n_layers, help="stacked LSTM layers in the encoder and in the decoder")
    cols[3].metric("English vocabulary", f"{cfg.src_vocab_size:,}")
    cols[4].metric("French vocabulary", f"{cfg.tgt_vocab_size:,}")
    params = sg.module_parameters(view.model)
    cols[5].metric("parameters", f"{sum(n for *_, n in params):,}")
    with st.expander("Parameters per module (where the weights are)", expanded=True):
        st.dataframe(pd.DataFrame(params, columns=["module", "weight shapes", "parameters"]), hide_index=True,
                     width="stretch", key="sh_params",
                     column_config={"parameters": st.column_config.NumberColumn(format="localized")})
        st.caption("An LSTM layer has 4 gates, so its weight matrices have 4 × hidden rows. The output layer maps "
                   "each hidden vector to one score per French word, so it grows with the French vocabulary. "
                   + sg.output_layer_sentence(params))


def stage_table_ui(stages: list[sg.Stage], key: str) -> None:
    """The stages as a table: shape, what each axis means, and the first real values."""
    rows = [{"tensor": s.name, "shape": fd.shape_label(s.shape), "axes": " × ".join(s.axes) or "a single number",
             "what it is": s.note, "first values": s.sample} for s in stages]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=key, height=35 * (len(rows) + 1) + 3,
                 column_config={"what it is": st.column_config.TextColumn(width=330),
                                "first values": st.column_config.TextColumn(width=260)})


def batch_stages_ui(view: ModelView, batch, label: str, key: str) -> None:
    """Training stages (teacher forcing) and one translation step for a batch, with the masking arithmetic."""
    stages = sg.training_stages(view.model, batch)
    full = sg.unmasked_logits_shape(batch, view.model)
    ghost = ("logits for every position (never built)", full)
    chart(fd.shape_flow_figure(stages, f"Training on {label}: tensors in order", ghost),
          shape_flow_summary(stages, ghost), f"{key}_fig")
    stage_table_ui(stages, f"{key}_table")
    st.info(masking_note(batch, full, view.model.cfg.tgt_vocab_size))
    st.markdown("**When translating** there is no French to feed in: the decoder runs one step at a time, and each "
                "step turns the previous word into one row of scores per sentence, `[batch, tgt_vocab]`:")
    stage_table_ui(sg.decoding_step_stages(view.model, batch), f"{key}_step_table")


def masking_note(batch, full: tuple[int, int, int], vocab: int) -> str:
    """What the loss mask saves: logits for the real target words only, against every padded position."""
    n_real = batch.n_tgt_tokens
    n_full = full[0] * full[1] * vocab
    text = (f"The output layer runs only on the **{n_real}** real target words (the loss mask `tgt_out != PAD`), "
            f"giving logits `[{n_real}, {vocab}]` = {n_real * vocab:,} numbers. ")
    if n_full > n_real * vocab:
        return text + (f"Running it on all {full[0]} × {full[1]} positions would build `{fd.shape_label(full)}` = "
                       f"{n_full:,} numbers, {n_full - n_real * vocab:,} of them for `<PAD>` positions the loss "
                       "ignores.")
    why = "one sentence needs" if batch.size == 1 else "these French sentences all have one length, so they need"
    return text + (f"Here {why} no padding, so the full `{fd.shape_label(full)}` tensor would be the same size; "
                   "in a batch with padding it would be larger.")


def sentence_ui(view: ModelView, text: str) -> None:
    """The shared sentence as a batch of one, with its corpus reference (or the model's translation) as target."""
    max_len = view.model.cfg.max_len
    note_truncated(text, max_len)
    try:
        found = find_pair(view.split, text)
        target = found.reference if found else None
        if target is None:
            target = greedy(view.model, text, view.src_vocab, view.tgt_vocab).text
            st.caption("Not in the corpus, so the French target here is the model's own translation: "
                       f"“{md_escape(target)}”.")
        else:
            st.caption(f"In the corpus: the French target is its reference, “{md_escape(target)}”.")
        batch_stages_ui(view, ds.sentence_batch(text, target, view.src_vocab, view.tgt_vocab, max_len), "your sentence",
                   "sh_sent")
    except S2SError as err:
        st.info(str(err))


def training_batch_ui(view: ModelView) -> None:
    """One of the run's own bucketed training batches, at a batch size the user picks."""
    spec = get_job().spec
    left, right = st.columns(2)
    batch_size = left.slider("Batch size", 1, 256, spec.train.batch_size if spec else 64, key="sh_batch_size",
                             persist_state="session",
                             help="This run trains with batches of " + (str(spec.train.batch_size) if spec else "64"))
    batches = shared_analysis("sh_batches", get_job(), corpus_key(view, batch_size),
                              lambda: ds.training_batches(view.split.train, view.src_vocab, view.tgt_vocab,
                                                          view.model.cfg.max_len, batch_size))
    number = right.slider("Which batch (sorted from shortest to longest sentences)", 1, len(batches),
                          ds.padded_batch_near_middle(batches) + 1, key="sh_batch_number") if len(batches) > 1 else 1
    batch = batches[number - 1]
    shortest, longest = ds.src_length_range(batch)
    lengths = f"{shortest}" if shortest == longest else f"{shortest} to {longest}"
    st.caption(f"Training cuts the {len(view.split.train):,} training pairs into {len(batches)} batches of "
               f"similar-length sentences (bucketing), then shuffles their order. This is batch {number}: "
               f"{batch.size} sentences of {lengths} English words.")
    batch_stages_ui(view, batch, f"a batch of {batch.size}", "sh_batch")


def main() -> None:
    sidebar(__file__)
    st.title("Tensor shapes")
    st.markdown(INTRO)
    view = inspected_model()
    model_ui(view)
    text = sentence_input()
    sentence_tab, batch_tab = st.tabs(["Your sentence (batch of 1)", "A real training batch"])
    with sentence_tab:
        sentence_ui(view, text)
    with batch_tab:
        training_batch_ui(view)


main()
