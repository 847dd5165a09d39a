"""The revealed class poll: how the class voted, beside what the model itself answered.

Left, one bar per choice with the share of the class's votes; right, the model's own number for each
choice (its probability for a next-word poll, its exact match for a length poll), in the same order, so
the room compares its intuition with the model at a glance. The model's answer is the highlighted, hatched bar.
"""

from __future__ import annotations

import math
from typing import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from s2s.analysis.polls import PollQuestion
from s2s.figures.common import TEMPLATE
from s2s.figures.palette import BACKGROUND, OUTLINE, PALE, SERIES

CLASS_COLOUR, MODEL_COLOUR, ANSWER_COLOUR = PALE, PALE, SERIES[0]


def poll_figure(question: PollQuestion, counts: Sequence[int]) -> go.Figure:
    """Horizontal bars: the class's votes (share and count) and, when the model answered, its numbers."""
    assert len(counts) == len(question.choices), "one count per choice"
    labels = [f"{c} " for c in question.choices]  # a trailing space keeps a number-like word a category
    n_votes = sum(counts)
    shares = [100 * n / n_votes if n_votes else 0.0 for n in counts]
    colours = [ANSWER_COLOUR if i == question.answer else CLASS_COLOUR for i in range(len(counts))]
    hatch = dict(shape=["/" if i == question.answer else "" for i in range(len(counts))], fgcolor=BACKGROUND)
    has_model = bool(question.values)
    fig = make_subplots(rows=1, cols=2 if has_model else 1, shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[f"The class ({n_votes} vote{'s' * (n_votes != 1)})",
                                        *([f"The model ({question.value_name})"] if has_model else [])])
    fig.add_trace(go.Bar(y=labels, x=shares, orientation="h", name="class",
                         marker=dict(color=colours, pattern=hatch, line=OUTLINE),
                         text=[f"{s:.0f}% ({n})" for s, n in zip(shares, counts)], textposition="outside",
                         textangle=0, cliponaxis=False,  # beside the bar: never on the answer's stripes
                         hovertemplate="%{y}: %{x:.0f}% of the votes<extra></extra>"), row=1, col=1)
    if has_model:
        values = [100 * v if math.isfinite(v) else 0.0 for v in question.values]
        text = [f"{100 * v:.1f}%" if math.isfinite(v) else "" for v in question.values]
        fig.add_trace(go.Bar(y=labels, x=values, orientation="h", name="model", text=text, textposition="outside",
                             textangle=0, cliponaxis=False,
                             marker=dict(color=[ANSWER_COLOUR if i == question.answer else MODEL_COLOUR
                                                for i in range(len(values))], pattern=hatch, line=OUTLINE),
                             hovertemplate="%{y}: %{x:.1f}%<extra></extra>"), row=1, col=2)
    fig.update_xaxes(range=[0, 105], ticksuffix="%")
    shares_axis = dict(range=[0, 130], tickvals=[0, 50, 100], ticktext=["0%", "50%", "100%"])
    fig.update_xaxes(shares_axis, row=1, col=1)  # room for "100% (60)" beside a full bar
    fig.update_yaxes(autorange="reversed")  # the first choice on top, as the poll listed them
    fig.update_layout(height=110 + 42 * len(labels), showlegend=False, template=TEMPLATE,
                      margin=dict(l=10, r=50, t=40, b=30))
    return fig
