"""Figures for the bottleneck page: quality per source-length group, now and at earlier training steps."""

from __future__ import annotations

from typing import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from s2s.analysis.bottleneck import LengthQuality
from s2s.figures.common import TEMPLATE
from s2s.figures.palette import bar_marker, shades


def group_label(group: str, n_pairs: int | None = None) -> str:
    """'6-10' -> '6–10 words' (with the number of pairs on a second line when given)."""
    label = f"{group.replace('-', '–')} words"
    return label if n_pairs is None else f"{label}<br>({n_pairs} pairs)"


def length_quality_figure(q: LengthQuality) -> go.Figure:
    """Grouped bars: BLEU (0-100, plain) and exact match (%, hatched and labelled with %) per length group.

    BLEU is labelled to one decimal, as the page's sentences quote it: a 0.1 must not read as 0 on the bar."""
    groups = q.groups
    x = [group_label(b, q.by_length[b]["pairs"]) for b in groups]
    bleu = [q.by_length[b]["bleu"] for b in groups]
    exact = [100 * q.by_length[b]["exact_match"] for b in groups]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=x, y=bleu, name="BLEU", marker=bar_marker(0), text=[f"{v:.1f}" for v in bleu],
                         textposition="outside", hovertemplate="%{x}<br>BLEU %{y:.1f}<extra></extra>"))
    fig.add_trace(go.Bar(x=x, y=exact, name="exact match (%)", marker=bar_marker(1),
                         text=[f"{v:.0f}%" for v in exact], textposition="outside",
                         hovertemplate="%{x}<br>exact match %{y:.1f}%<extra></extra>"))
    fig.update_layout(barmode="group", height=380, template=TEMPLATE,
                      title=f"Held-out quality by English sentence length (model at step {q.step:,})",
                      margin=dict(l=50, r=20, t=50, b=40), legend=dict(orientation="h", y=1.0, yanchor="bottom",
                                                                         x=1.0, xanchor="right"))
    fig.update_yaxes(range=[0, 110], title="score (higher is better)")
    fig.update_xaxes(title="English sentence length")
    return fig


def snapshots_figure(results: Sequence[LengthQuality]) -> go.Figure:
    """One line per training step: BLEU (left) and exact match (right) against the length group.

    Later steps are darker and thicker, so the order of the steps reads without telling hues apart.
    """
    fig = make_subplots(rows=1, cols=2, subplot_titles=("BLEU", "exact match (%)"), horizontal_spacing=0.08)
    n = len(results)
    for i, (q, colour) in enumerate(zip(sorted(results, key=lambda r: r.step), shades(n))):
        x = [group_label(b) for b in q.groups]
        for col, values in ((1, [q.by_length[b]["bleu"] for b in q.groups]),
                            (2, [100 * q.by_length[b]["exact_match"] for b in q.groups])):
            fig.add_trace(go.Scatter(x=x, y=values, mode="lines+markers", name=f"step {q.step:,}",
                                     legendgroup=str(q.step), showlegend=col == 1,
                                     line=dict(color=colour, width=1.5 + 2 * (i + 1) / n),
                                     hovertemplate=f"step {q.step:,}<br>%{{x}}: %{{y:.1f}}<extra></extra>"),
                          row=1, col=col)
    fig.update_yaxes(range=[0, 105])
    fig.update_layout(height=380, template=TEMPLATE, margin=dict(l=50, r=20, t=50, b=40),
                      legend=dict(title="model at", orientation="v"))
    return fig
