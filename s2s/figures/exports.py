"""Traces and metrics as tables (pandas), for the pages' CSV downloads.

Teachers take numbers from the live model into a spreadsheet or a notebook: one row per recorded
value, in long ("tidy") form, so the file opens anywhere and filters by word, step or unit. Each
function reads a trace or a snapshot and never touches the model.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import pandas as pd

from s2s.beam import BeamTrace
from s2s.decode import GreedyTrace
from s2s.instrument import EncoderTrace


def encoder_states(trace: EncoderTrace) -> pd.DataFrame:
    """One row per (word, layer, unit): the hidden and cell state after the encoder read that word."""
    src_len, n_layers, hidden = trace.h.shape  # [src_len, n_layers, hidden]
    rows = {"position": [], "word": [], "id": [], "layer": [], "unit": [], "h": [], "c": []}
    for t in range(src_len):
        for layer in range(n_layers):
            rows["position"] += [t] * hidden
            rows["word"] += [trace.tokens[t]] * hidden
            rows["id"] += [trace.ids[t]] * hidden
            rows["layer"] += [layer + 1] * hidden
            rows["unit"] += list(range(hidden))
            rows["h"] += trace.h[t, layer].tolist()
            rows["c"] += trace.c[t, layer].tolist()
    return pd.DataFrame(rows)


def decoder_topk(trace: GreedyTrace) -> pd.DataFrame:
    """One row per (step, candidate): the top-k probabilities, which word was written, and attention if any."""
    rows = []
    for step in trace.steps:
        for rank, (token, prob) in enumerate(zip(step.topk_tokens, step.topk_probs), start=1):
            rows.append({"step": step.index, "reads": step.input_token, "rank": rank, "candidate": token,
                         "probability": prob, "written": token == step.chosen_token,
                         "forced": step.forced and token == step.chosen_token})
    table = pd.DataFrame(rows, columns=["step", "reads", "rank", "candidate", "probability", "written", "forced"])
    if trace.steps and trace.steps[0].attention is not None:
        table = table.merge(attention_weights(trace), on="step", how="left")
    return table


def attention_weights(trace: GreedyTrace) -> pd.DataFrame:
    """One row per step, one column per English word: where an attention model looked."""
    columns = [f"attention {i}:{w}" for i, w in enumerate(trace.encoder.tokens)]
    rows = [[s.index, *s.attention] for s in trace.steps if s.attention is not None]
    return pd.DataFrame(rows, columns=["step", *columns])


def beam_nodes(trace: BeamTrace) -> pd.DataFrame:
    """Every node of the beam tree with its parent, so the tree can be rebuilt from the file."""
    return pd.DataFrame([{"node": n.id, "parent": n.parent, "step": n.step, "token": n.token,
                          "logprob": n.logprob, "cumulative_logprob": n.score, "status": n.status}
                         for n in trace.nodes]).astype({"parent": "Int64"})


def metrics_history(steps: Mapping[str, Sequence], evals: Mapping[str, Sequence]) -> pd.DataFrame:
    """Training steps and evaluations in one table, joined on the step (evaluation columns empty elsewhere).

    Takes the history's columns (a snapshot's `steps` and `evals`), not the snapshot, so figures stay below
    the live job."""
    steps = pd.DataFrame({k: list(v) for k, v in steps.items()})
    evals = pd.DataFrame({k: list(v) for k, v in evals.items()})
    if evals.empty:
        return steps
    evals = evals.rename(columns={c: f"valid_{c}" for c in evals.columns if c != "step"})
    table = steps.merge(evals, on="step", how="outer").sort_values("step", kind="stable")
    return table.reset_index(drop=True)


def to_csv(table: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark, so spreadsheet programs read French accents correctly."""
    return table.to_csv(index=False, float_format="%.6g").encode("utf-8-sig")


def poll_history(records: Sequence) -> pd.DataFrame:
    """One row per (poll, choice): the question, the class's votes, the model's answer and its step.

    `records` are the poll board's records (each with `id`, `question`, `counts` and `ended`); figures
    sit below the live job, so they are read by attribute rather than imported."""
    rows = []
    for record in records:
        q = record.question
        values = q.values or (None,) * len(q.choices)
        for i, (choice, votes, value) in enumerate(zip(q.choices, record.counts, values)):
            rows.append({"poll": record.id, "question": q.question, "kind": q.kind, "choice": choice, "votes": votes,
                         "model_answer": q.answer_label, "is_model_answer": i == q.answer, "model_value": value,
                         "model_value_is": q.value_name, "step": q.step, "ended": record.ended})
    return pd.DataFrame(rows, columns=["poll", "question", "kind", "choice", "votes", "model_answer",
                                       "is_model_answer", "model_value", "model_value_is", "step", "ended"])
