"""Plotly figure builders: plain data in, figure out, so they can be tested without a browser.

Curves and point clouds are SVG traces (`Scatter`), not WebGL (`Scattergl`): a history holds at most 4,000 steps,
which SVG redraws every second with ease, and WebGL is missing where a classroom needs the charts most (a projector
PC without a graphics driver, a remote desktop, a locked-down school browser: "WebGL is not supported" in place of
the loss curve); where the browser emulates it in software, one open Training tab cost a whole CPU core.
"""

from __future__ import annotations

from functools import partial
from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from s2s.figures.palette import BACKGROUND, BLUE, DIVERGING, GREY, INK, SERIES, VERMILLION, series

# The chart look: plotly_white's white plot and plain colour bars, our series colours (Streamlit's theme draws the
# fonts and grids). Not the named template "plotly_white": plotly validates a named template each time a figure
# takes it, about 80 ms, on every refresh of every page; this one takes about a millisecond.
MIN_FONT_PX = 14  # the smallest chart text: legible from the back of a lecture room and on a phone
TEMPLATE = go.layout.Template(layout=dict(colorway=SERIES, paper_bgcolor=BACKGROUND, plot_bgcolor=BACKGROUND,
                                          font=dict(size=MIN_FONT_PX)),
                              data=dict(heatmap=[dict(colorbar=dict(outlinewidth=0, ticks=""))]))


def smooth(values: Sequence[float], alpha: float = 0.05) -> np.ndarray:
    """Exponential moving average (ignoring NaN), the usual way to read a noisy loss curve."""
    out, level = np.empty(len(values)), None
    for i, v in enumerate(values):
        if np.isfinite(v):
            level = v if level is None else (1 - alpha) * level + alpha * v
        out[i] = np.nan if level is None else level
    return out


def layout(fig: go.Figure, title: str, height: int = 340, x_title: str | None = None, y_title: str | None = None,
           **settings) -> go.Figure:
    """The look every figure shares (TEMPLATE, 14 px title, margins), then `settings` for update_layout.

    Axis titles go to the first x and y axis only, so a second axis keeps its own.
    """
    axes = {k: v for k, v in (("xaxis_title", x_title), ("yaxis_title", y_title)) if v is not None}
    base = dict(title=dict(text=title, font=dict(size=14)), height=height, template=TEMPLATE,
                margin=dict(l=50, r=20, t=45, b=40))
    fig.update_layout(**{**base, **axes, **settings})
    return fig


# The legend 80 px under a 240 px plot area (height 380 less the margins): below the axis title at 14 px text.
_curves = partial(layout, height=380, margin=dict(l=50, r=20, t=40, b=100),
                  legend=dict(orientation="h", yanchor="top", y=-80 / 240, xanchor="left", x=0.0))


def loss_figure(steps: dict, evals: dict) -> go.Figure:
    """Training loss per step (raw and smoothed) with the validation loss on top."""
    x, y = np.asarray(steps.get("step", ())), np.asarray(steps.get("loss", ()), dtype=float)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name="training loss (per step)",
                             line=dict(color=GREY, width=1)))
    fig.add_trace(go.Scatter(x=x, y=smooth(y), mode="lines", name="training loss (smoothed)",
                             line=dict(color=BLUE, width=2.5)))
    if evals.get("step"):
        fig.add_trace(go.Scatter(x=list(evals["step"]), y=list(evals["loss"]), mode="lines+markers",
                                 name="validation loss (teacher-forced)",
                                 line=dict(color=VERMILLION, width=2, dash="dash"),
                                 marker=dict(symbol="square", size=7)))
    return _curves(fig, "Cross-entropy loss (lower is better)", x_title="training step", y_title="loss per French word")


def quality_figure(evals: dict) -> go.Figure:
    """Validation BLEU (0-100) and exact match (as a percentage) over training steps."""
    fig = go.Figure()
    x = list(evals.get("step", ()))
    for i, (name, y) in enumerate((("BLEU", list(evals.get("bleu", ()))),
                                   ("exact match (%)", [100 * v for v in evals.get("exact_match", ())]))):
        style = series(i)
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines+markers", name=name,
                                 line=dict(color=style["colour"], dash=style["dash"], width=2),
                                 marker=dict(symbol=style["symbol"], size=7)))
    fig.update_yaxes(range=[0, 100])
    return _curves(fig, "Held-out translation quality (higher is better)", x_title="training step", y_title="score")


def grad_norm_figure(steps: dict, clip_norm: float) -> go.Figure:
    """Gradient norm before clipping (solid), after clipping (dashed), and the clipping threshold (dotted)."""
    x = np.asarray(steps.get("step", ()))
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=np.asarray(steps.get("grad_norm", ()), dtype=float), mode="lines",
                             name="before clipping", line=dict(color=VERMILLION, width=1.5)))
    fig.add_trace(go.Scatter(x=x, y=np.asarray(steps.get("clipped_norm", ()), dtype=float), mode="lines",
                             name="after clipping", line=dict(color=BLUE, width=1.5, dash="dash")))
    fig.add_hline(y=clip_norm, line_dash="dot", line_color=INK, annotation_text=f"clip norm {clip_norm:g}")
    fig.update_yaxes(type="log")
    return _curves(fig, "Gradient norm (clipping caps each update's size)", x_title="training step",
                   y_title="L2 norm (log)")


def vector_strip_figure(vector, title: str, max_units: int = 512) -> go.Figure:
    """One vector as a strip of coloured cells (blue negative, red positive), with the value on hover."""
    values = np.asarray(vector, dtype=float).reshape(-1)[:max_units]
    fig = go.Figure(go.Heatmap(z=values[None, :], x=np.arange(len(values)), y=[""], colorscale=DIVERGING,
                               zmid=0, zmin=-1, zmax=1, colorbar=dict(thickness=10),
                               hovertemplate="unit %{x}: %{z:.3f}<extra></extra>"))
    fig.update_layout(title=dict(text=title, font=dict(size=MIN_FONT_PX)), height=150, xaxis_title="unit",
                      margin=dict(l=10, r=10, t=35, b=30), template=TEMPLATE)
    return fig
