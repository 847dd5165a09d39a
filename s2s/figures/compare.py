"""The two-model comparison chart: BLEU per English length group, side by side."""

from __future__ import annotations

import plotly.graph_objects as go

from s2s.analysis.compare import Comparison
from s2s.figures.common import TEMPLATE
from s2s.figures.palette import bar_marker


def comparison_figure(result: Comparison) -> go.Figure:
    """Grouped bars: the first (plain) and second (hatched) model's BLEU in each length group, with pair counts."""
    groups = result.shared_groups()
    labels = [f"{b} words<br>({result.first.by_length[b]['pairs']} pairs)" for b in groups]
    fig = go.Figure()
    for i, (name, quality) in enumerate(((result.names[0], result.first), (result.names[1], result.second))):
        values = [quality.by_length[b]["bleu"] for b in groups]
        fig.add_trace(go.Bar(x=labels, y=values, name=name, marker=bar_marker(i),
                             text=[f"{v:.0f}" for v in values], textposition="outside"))
    fig.update_layout(barmode="group", title="Held-out BLEU by English sentence length", template=TEMPLATE,
                      yaxis=dict(range=[0, 105], title="BLEU"), height=380, margin=dict(l=10, r=10, t=40, b=10),
                      legend=dict(orientation="h", yanchor="top", y=-0.25))
    return fig
