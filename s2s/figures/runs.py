"""Two runs' metrics overlaid: loss, validation loss, BLEU and exact match, over steps or training time."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from s2s.analysis.runs import RunRecord
from s2s.figures.common import TEMPLATE, smooth
from s2s.figures.palette import line_style, series

RUNS = (0, 1)  # the first run is the palette's first series (solid), the second its second (dashed)
AXES = {"step": ("step", "training step"), "time": ("elapsed", "training time (s)")}
PANELS = (("steps", "loss", "Training loss (smoothed)"), ("evals", "loss", "Validation loss"),
          ("evals", "bleu", "Validation BLEU"), ("evals", "exact_match", "Exact match (%)"))


def _series(run: RunRecord, table: str, column: str, x_axis: str) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) of one run's column; training loss is smoothed, exact match is shown in percent."""
    data = run.steps if table == "steps" else run.evals
    x = np.asarray(data.get(AXES[x_axis][0]) or (), dtype=float)
    y = np.asarray(data.get(column) or (), dtype=float)
    if table == "steps":
        y = smooth(y)
    if column == "exact_match":
        y = 100 * y
    return x, y


def curves_figure(first: RunRecord, second: RunRecord, x_axis: str = "step") -> go.Figure:
    """Four panels (training loss, validation loss, BLEU, exact match), both runs overlaid, each in its own colour
    and dash.

    `x_axis` is "step" or "time" (training seconds, the fair clock when one run's steps cost more).
    """
    assert x_axis in AXES, f"x_axis must be one of {tuple(AXES)}"
    fig = make_subplots(rows=2, cols=2, subplot_titles=[title for _, _, title in PANELS],
                        horizontal_spacing=0.08, vertical_spacing=0.16)
    for k, (table, column, _) in enumerate(PANELS):
        row, col = divmod(k, 2)
        for run, i in zip((first, second), RUNS):
            x, y = _series(run, table, column, x_axis)
            mode = "lines" if table == "steps" else "lines+markers"
            fig.add_trace(go.Scatter(x=x, y=y, mode=mode, name=run.name, legendgroup=run.name,
                                     showlegend=k == 0, line=line_style(i),
                                     marker=dict(size=6, symbol=series(i)["symbol"])),
                          row=row + 1, col=col + 1)
        fig.update_xaxes(title_text=AXES[x_axis][1], row=row + 1, col=col + 1)
    fig.update_yaxes(range=[0, 100], row=2, col=1)
    fig.update_yaxes(range=[0, 100], row=2, col=2)
    fig.update_layout(height=620, template=TEMPLATE, margin=dict(l=50, r=20, t=60, b=40),
                      legend=dict(orientation="h", yanchor="bottom", y=1.06, xanchor="left", x=0.0))
    return fig


def grad_norms_figure(first: RunRecord, second: RunRecord, x_axis: str = "step") -> go.Figure:
    """Both runs' gradient norms before clipping, on a log scale (an explosion is orders of magnitude)."""
    fig = go.Figure()
    for run, i in zip((first, second), RUNS):
        x = np.asarray(run.steps.get(AXES[x_axis][0]) or (), dtype=float)
        fig.add_trace(go.Scatter(x=x, y=np.asarray(run.steps.get("grad_norm") or (), dtype=float), mode="lines",
                                 name=run.name, line=line_style(i, width=1.5)))
    fig.update_yaxes(type="log", title="L2 norm before clipping (log)")
    fig.update_layout(title="Gradient norm", xaxis_title=AXES[x_axis][1], height=320, template=TEMPLATE,
                      margin=dict(l=50, r=20, t=40, b=40),
                      legend=dict(orientation="h", yanchor="top", y=-0.25, xanchor="left", x=0.0))
    return fig
