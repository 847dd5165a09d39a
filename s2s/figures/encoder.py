"""Plotly figures for the Encoder page: embedding rows, h/c over time, the gates at one step, the state
changes per word, and the PCA map of many sentences' contexts.

Rows are placed at numeric positions with word labels as tick text, so a sentence that repeats a word
("the cat sees the dog") still gets one row per step. Signed values use the diverging scale (blue negative,
white zero, red positive), gate openness the sequential one (light closed, dark open): s2s/figures/palette.py.
"""

from __future__ import annotations

from functools import partial
from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from s2s.analysis.encoder import ContextMap
from s2s.figures.common import layout
from s2s.figures.palette import (
    BACKGROUND,
    BLUE,
    DIVERGING,
    GREY,
    INK,
    MARKER_SCALE,
    ORANGE,
    SEQUENTIAL,
    VERMILLION,
    bar_marker,
)
from s2s.instrument import GATE_NAMES

CONTEXT_COLOUR, CURRENT_COLOUR = INK, VERMILLION  # the context row's box is solid, the current step's dotted
SIGMOID_GATES = ("input", "forget", "output")  # in (0, 1): drawn on the sequential scale; g (tanh) on the diverging
STEP_LABEL_WIDTH = 240  # left margin shared by the gates and state strips, so their unit columns line up
GATE_LABELS = {"input": "input gate i (how much to write)", "forget": "forget gate f (how much to keep)",
               "cell": "cell candidate g (what to write)", "output": "output gate o (how much to show)"}


_MARGIN = dict(l=10, r=10, t=40, b=40)
_layout = partial(layout, margin=_MARGIN, x_title="unit")


def _unit_axis(units: Sequence[int]) -> list[str]:
    """Category labels for the shown units, in the order shown (unit numbers as the model counts them)."""
    return [f"u{u}" for u in units]


def _row_box(fig: go.Figure, row: int, colour: str, label: str, dash: str = "solid") -> None:
    """Outline one heatmap row (numeric y position) across the whole width."""
    fig.add_shape(type="rect", xref="x domain", x0=0, x1=1, y0=row - 0.5, y1=row + 0.5,
                  line=dict(color=colour, width=3, dash=dash), name=label)


def embedding_figure(tokens: Sequence[str], ids: Sequence[int], embeddings, n_dims: int | None = None) -> go.Figure:
    """One row per input word: the row `id` of the embedding matrix, first `n_dims` dimensions."""
    values = np.asarray(embeddings, dtype=float)  # [src_len, embed]
    values = values[:, : n_dims or values.shape[1]]
    labels = [f"{tok} → id {i}" for tok, i in zip(tokens, ids)]
    z_max = max(float(np.abs(values).max()), 1e-6)
    fig = go.Figure(go.Heatmap(
        z=values, x=np.arange(values.shape[1]), y=np.arange(len(tokens)), colorscale=DIVERGING, zmid=0,
        zmin=-z_max, zmax=z_max, colorbar=dict(thickness=10), customdata=np.array(labels)[:, None]
        .repeat(values.shape[1], 1), hovertemplate="%{customdata}, dimension %{x}: %{z:.3f}<extra></extra>"))
    fig.update_yaxes(tickvals=list(range(len(tokens))), ticktext=labels, autorange="reversed")
    return _layout(fig, f"Embedding rows looked up for each word (first {values.shape[1]} dimensions)",
                   90 + 28 * len(tokens), x_title="embedding dimension")


def state_heatmap(values, tokens: Sequence[str], units: Sequence[int], title: str,
                  current: int | None = None) -> go.Figure:
    """Time × units: one row per word read (the state after reading it), the chosen units as columns.

    The last row is outlined as the context vector (what the decoder receives); `current` outlines the
    step being inspected.
    """
    full = np.asarray(values, dtype=float)  # [src_len, hidden]
    z = full[:, list(units)]  # [src_len, n_shown]
    n = len(tokens)
    labels = [f"t={t + 1} · {tok}" + ("  (context)" if t == n - 1 else "") for t, tok in enumerate(tokens)]
    z_max = max(1.0, float(np.abs(z).max()) if z.size else 1.0)
    fig = go.Figure(go.Heatmap(
        z=z, x=_unit_axis(units), y=np.arange(n), colorscale=DIVERGING, zmid=0, zmin=-z_max, zmax=z_max,
        colorbar=dict(thickness=10),
        hovertemplate="after '%{customdata}', unit %{x}: %{z:.3f}<extra></extra>",
        customdata=np.array(list(tokens), dtype=object)[:, None].repeat(z.shape[1], 1)))
    fig.update_yaxes(tickvals=list(range(n)), ticktext=labels, autorange="reversed", title="time step")
    _row_box(fig, n - 1, CONTEXT_COLOUR, "context")
    if current is not None and current != n - 1:
        _row_box(fig, current, CURRENT_COLOUR, "current step", dash="dot")
    return _layout(fig, title, 160 + 42 * n)


def gates_figure(gates, units: Sequence[int], word: str) -> go.Figure:
    """The four gates at one step as rows, units as columns: input, forget and output, then the cell candidate.

    i, f, o are sigmoids in (0, 1), 0 closes and 1 opens: one sequential scale (light closed, dark open).
    g is a tanh in (-1, 1), the value to write: the diverging scale, with its own colour bar below.
    """
    full = np.asarray(gates, dtype=float)  # [4, hidden]
    order = [GATE_NAMES.index(name) for name in (*SIGMOID_GATES, "cell")]
    z = full[order][:, list(units)]  # [4, n_shown]: i, f, o, g
    rows = [GATE_LABELS[GATE_NAMES[k]] for k in order]
    x = _unit_axis(units)

    def rows_trace(r: slice, scale, z_min: float, bar_y: float, bar_title: str) -> go.Heatmap:
        return go.Heatmap(z=z[r], x=x, y=np.arange(4)[r], colorscale=scale, zmin=z_min, zmax=1,
                          colorbar=dict(thickness=10, len=0.5, y=bar_y, yanchor="middle", title=bar_title,
                                        tickvals=[z_min, (z_min + 1) / 2, 1]),  # three ticks fit a short bar
                          customdata=np.array(rows[r], dtype=object)[:, None].repeat(z.shape[1], 1),
                          hovertemplate="%{customdata}, unit %{x}: %{z:.3f}<extra></extra>")

    fig = go.Figure([rows_trace(slice(0, 3), SEQUENTIAL, 0, 0.75, "open"), rows_trace(slice(3, 4), DIVERGING, -1,
                                                                                        0.2, "g")])
    fig.update_yaxes(tickvals=list(range(4)), ticktext=rows, autorange="reversed")
    return _layout(fig, f"The four gates while reading '{word}'", 250, margin={**_MARGIN, "l": STEP_LABEL_WIDTH})


def colour_limit(values) -> float:
    """A symmetric colour range ±limit for a whole sentence's states (at least ±1, the range of h), so the
    colours of one step compare with every other step's instead of rescaling as the reader steps through."""
    values = np.asarray(values, dtype=float)
    return max(1.0, float(np.abs(values).max()) if values.size else 1.0)


def step_state_figure(h_t, c_t, units: Sequence[int], word: str, limit: float | None = None) -> go.Figure:
    """c_t (memory) and h_t (output) after one step, on one colour scale so their sizes compare.

    `limit` fixes the scale at ±limit (see `colour_limit`); without it the scale fits this step alone.
    """
    z = np.stack([np.asarray(c_t, dtype=float), np.asarray(h_t, dtype=float)])[:, list(units)]  # [2, n_shown]
    rows = ["c_t: cell state (memory)", "h_t: hidden state (output)"]
    z_max = limit or colour_limit(z)
    fig = go.Figure(go.Heatmap(
        z=z, x=_unit_axis(units), y=np.arange(2), colorscale=DIVERGING, zmid=0, zmin=-z_max, zmax=z_max,
        colorbar=dict(thickness=10), customdata=np.array(rows, dtype=object)[:, None].repeat(z.shape[1], 1),
        hovertemplate="%{customdata}, unit %{x}: %{z:.3f}<extra></extra>"))
    fig.update_yaxes(tickvals=[0, 1], ticktext=rows, autorange="reversed")
    return _layout(fig, f"The state after reading '{word}'", 170, margin={**_MARGIN, "l": STEP_LABEL_WIDTH})


def change_figure(dh: Sequence[float], dc: Sequence[float], tokens: Sequence[str], current: int) -> go.Figure:
    """Per word, how far it moved h (plain bars) and c (hatched bars); the inspected step is shaded."""
    x = [f"{t + 1} · {tok}" for t, tok in enumerate(tokens)]
    fig = go.Figure([go.Bar(x=x, y=list(dh), name="‖h_t − h_(t−1)‖", marker=bar_marker(0)),
                     go.Bar(x=x, y=list(dc), name="‖c_t − c_(t−1)‖", marker=bar_marker(1))])
    fig.add_vrect(x0=current - 0.5, x1=current + 0.5, fillcolor=ORANGE, opacity=0.2, line_width=0, layer="below")
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.3, yanchor="top", x=0))
    fig.update_yaxes(title="size of the change")
    return _layout(fig, "How much each word changed the state", 300, x_title="word read")


def pca_figure(cmap: ContextMap, colour_word: str | None = None,
               marks: Sequence[tuple[str, Sequence[float]]] = ()) -> go.Figure:
    """Corpus sentences' contexts in 2-D, coloured by length or by whether they contain `colour_word`.

    `marks` are (label, [x, y]) points drawn as stars on top, e.g. the user's sentence.
    """
    x, y = cmap.coords[:, 0], cmap.coords[:, 1]
    hover = "%{text}<extra></extra>"
    if colour_word is None:
        traces = [go.Scatter(x=x, y=y, mode="markers", text=cmap.sentences, hovertemplate=hover,
                             name="corpus sentence", marker=dict(
                                 size=7, color=cmap.lengths, colorscale=MARKER_SCALE,
                                 colorbar=dict(title="words", thickness=10)))]
    else:
        has = np.array([colour_word in s.split() for s in cmap.sentences], dtype=bool)
        traces = [go.Scatter(x=x[mask], y=y[mask], mode="markers", text=list(np.array(cmap.sentences)[mask]),
                             hovertemplate=hover, name=name, marker=dict(size=size, color=colour, symbol=symbol))
                  for mask, name, colour, symbol, size in (
                      (~has, f"without '{colour_word}'", GREY, "circle-open", 6),
                      (has, f"with '{colour_word}'", BLUE, "diamond", 8))]
    for k, (label, (px, py)) in enumerate(marks):
        traces.append(go.Scatter(x=[px], y=[py], mode="markers+text", text=[label], textposition="top center",
                                 name=label, textfont=dict(size=13, color=INK), hovertemplate=hover, marker=dict(
                                     symbol="star", size=18, color=[INK, VERMILLION][k % 2],
                                     line=dict(color=BACKGROUND, width=1))))
    fig = go.Figure(traces)
    ex = cmap.pca.explained
    fig.update_yaxes(title=f"principal component 2 ({100 * ex[1]:.0f}% of the variance)")
    fig.update_layout(legend=dict(orientation="h", y=-0.18, yanchor="top", x=0))
    return _layout(fig, f"Context vectors of {len(cmap.sentences)} corpus sentences, projected to 2-D", 520,
                   x_title=f"principal component 1 ({100 * ex[0]:.0f}% of the variance)")
