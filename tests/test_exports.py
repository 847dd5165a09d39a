"""CSV exports: every table holds exactly the trace's numbers, one row per value, and reads back as CSV."""

import io

import pandas as pd
import pytest

from s2s.beam import beam_search
from s2s.decode import greedy
from s2s.figures import exports
from s2s.instrument import trace_encoder
from s2s.live.snapshot import Snapshot

from .conftest import make_trainer


def test_encoder_states_one_row_per_word_layer_and_unit(trained):
    trace = trace_encoder(trained.model.encoder, ["i", "am", "cold"], trained.src_vocab)
    table = exports.encoder_states(trace)
    _, n_layers, hidden = trace.h.shape
    assert len(table) == 3 * n_layers * hidden
    row = table[(table.word == "am") & (table.layer == n_layers) & (table.unit == 7)].iloc[0]
    assert row.position == 1 and row.id == trained.src_vocab.stoi["am"]
    assert row.h == pytest.approx(float(trace.h[1, n_layers - 1, 7]))
    assert row.c == pytest.approx(float(trace.c[1, n_layers - 1, 7]))


def test_decoder_topk_rows_mark_the_written_word(trained):
    trace = greedy(trained.model, "i am cold", trained.src_vocab, trained.tgt_vocab, k=4)
    table = exports.decoder_topk(trace)
    assert len(table) == 4 * len(trace.steps)
    for step in trace.steps:
        rows = table[table.step == step.index]
        assert list(rows.candidate) == step.topk_tokens and list(rows.probability) == pytest.approx(step.topk_probs)
        assert list(rows[rows.written].candidate) == [step.chosen_token]
        assert set(rows.reads) == {step.input_token}
    assert "attention 0:i" not in table.columns  # the classic model has none


def test_decoder_topk_of_an_attention_model_carries_the_weights():
    trainer = make_trainer(kind="attention")
    trainer.train_step()
    trace = greedy(trainer.model, "i am cold", trainer.src_vocab, trainer.tgt_vocab, k=3, max_len=4)
    table = exports.decoder_topk(trace)
    columns = ["attention 0:i", "attention 1:am", "attention 2:cold"]
    first = table[table.step == 1][columns].iloc[0].tolist()
    assert first == pytest.approx(trace.steps[1].attention) and sum(first) == pytest.approx(1.0)


def test_beam_nodes_rebuild_the_tree(trained):
    trace = beam_search(trained.model, "i love you", trained.src_vocab, trained.tgt_vocab, width=3, max_len=6)
    table = exports.beam_nodes(trace)
    assert list(table.node) == [n.id for n in trace.nodes] and pd.isna(table.parent[0])
    by_id = table.set_index("node")
    for node in trace.nodes[1:]:  # a child's score is its parent's score plus its own log-probability
        parent = by_id.loc[node.parent]
        assert by_id.loc[node.id, "cumulative_logprob"] == pytest.approx(parent.cumulative_logprob + node.logprob,
                                                                          abs=1e-5)
    assert set(table.status) <= {"kept", "pruned", "finished"}


def test_metrics_history_joins_steps_and_evaluations():
    snap = Snapshot(steps={"step": (1.0, 2.0, 3.0), "loss": (3.0, 2.5, 2.0)},
                    evals={"step": (2.0,), "loss": (2.4,), "bleu": (11.0,)})
    table = exports.metrics_history(snap.steps, snap.evals)
    assert list(table.step) == [1, 2, 3] and list(table.loss) == [3.0, 2.5, 2.0]
    assert table.valid_bleu.isna().tolist() == [True, False, True] and table.valid_bleu[1] == 11.0
    assert list(exports.metrics_history({"step": (1.0,), "loss": (3.0,)}, {}).columns) == ["step", "loss"]


def test_csv_reads_back_with_accents():
    table = pd.DataFrame({"candidate": ["été", "à"], "probability": [0.123456789, 0.5]})
    data = exports.to_csv(table)
    assert data.startswith("\ufeff".encode())  # spreadsheets need the mark to read UTF-8
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.candidate) == ["été", "à"] and back.probability[0] == pytest.approx(0.123457)
