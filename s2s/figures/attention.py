"""Figures for the attention model: where the decoder looked, for the whole sentence and at one step."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from s2s.decode import GreedyTrace
from s2s.figures.common import TEMPLATE
from s2s.figures.palette import BLUE, OUTLINE, PALE, SEQUENTIAL, VERMILLION


def attention_matrix(trace: GreedyTrace) -> np.ndarray:
    """Weights as [French steps, English words]; empty for a model without attention."""
    rows = [s.attention for s in trace.steps if s.attention is not None]
    return np.asarray(rows, dtype=float) if rows else np.zeros((0, len(trace.encoder.tokens)))


def attention_heatmap(trace: GreedyTrace, current: int | None = None) -> go.Figure:
    """French words written (rows) against English words read (columns); darker = more attention (cividis)."""
    weights = attention_matrix(trace)
    src = [f"{i}·{w}" for i, w in enumerate(trace.encoder.tokens)]
    tgt = [f"{s.index}·{s.chosen_token}" for s in trace.steps]
    fig = go.Figure(go.Heatmap(z=weights, x=src, y=tgt, colorscale=SEQUENTIAL, zmin=0, zmax=1,
                               colorbar=dict(title="weight", thickness=12),
                               hovertemplate="writing %{y}<br>looking at %{x}: %{z:.2f}<extra></extra>"))
    if current is not None and 0 <= current < len(tgt):
        fig.add_shape(type="rect", x0=-0.5, x1=len(src) - 0.5, y0=current - 0.5, y1=current + 0.5,
                      line=dict(color=VERMILLION, width=3, dash="dot"))
    fig.update_yaxes(autorange="reversed", title="French word written")
    fig.update_xaxes(title="English word read", tickangle=-45)
    fig.update_layout(title="Where the decoder looked while writing each word", template=TEMPLATE,
                      height=max(260, 28 * len(tgt) + 140), margin=dict(l=10, r=10, t=40, b=10))
    return fig


def attention_bars(trace: GreedyTrace, step: int) -> go.Figure:
    """One step's weights over the English words, the most-attended word highlighted in colour and by a ▲."""
    weights = trace.steps[step].attention or []
    best = int(np.argmax(weights)) if weights else -1
    colours = [BLUE if i == best else PALE for i in range(len(weights))]
    fig = go.Figure(go.Bar(x=[f"{i}·{w}" for i, w in enumerate(trace.encoder.tokens)], y=weights,
                           marker=dict(color=colours, line=OUTLINE), textposition="outside", cliponaxis=False,
                           text=[f"{w:.2f}" + (" ▲" if i == best else "") for i, w in enumerate(weights)],
                           hovertemplate="%{x}: %{y:.3f}<extra></extra>"))
    fig.update_yaxes(range=[0, 1], title="attention weight")  # a weight is at most 1
    fig.update_layout(title=f"Step {step}: attention over the English words (sums to 1)", template=TEMPLATE,
                      height=320, margin=dict(l=10, r=10, t=40, b=10))
    return fig
