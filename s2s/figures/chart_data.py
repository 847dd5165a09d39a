"""Any chart's numbers as a table: the data behind every figure, for its "Chart data (CSV)" download.

A chart alone shuts out a student who cannot see it; its summary says what matters, and this table gives every
number (WCAG 1.1.1: the same information in text). It reads the figure itself, so it always holds exactly
what the chart draws: one row per point, bar or heatmap cell, named by the trace and by the axes' tick labels
(a heatmap row at y=2 labelled "t=3 · cat" is reported as "t=3 · cat").
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

_TAG = re.compile(r"<[^>]+>")


def _plain(value) -> object:
    """Text without the HTML Plotly labels use (<br>, <b>, &lt;...)."""
    if not isinstance(value, str):
        return value
    return _TAG.sub(" ", value).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def _tick_labels(fig: go.Figure, axis_ref: str, values) -> list:
    """Map positions on an axis ("x", "y2", ...) to its tick text where the figure names them (numeric rows with
    word labels)."""
    name = axis_ref[0] + "axis" + axis_ref[1:]
    axis = fig.layout[name] if name in fig.layout else None
    names = {}
    if axis is not None and axis.tickvals is not None and axis.ticktext is not None:
        names = dict(zip(axis.tickvals, axis.ticktext))
    return [_plain(names.get(v, v)) for v in values]


def _heatmap_rows(fig: go.Figure, trace) -> list[dict]:
    z = np.asarray(trace.z, dtype=float)  # [rows, columns]
    ys = _tick_labels(fig, trace.yaxis or "y", trace.y if trace.y is not None else range(z.shape[0]))
    xs = _tick_labels(fig, trace.xaxis or "x", trace.x if trace.x is not None else range(z.shape[1]))
    return [{"series": _plain(trace.name) or "heatmap", "x": xs[j], "y": ys[i], "value": z[i, j]}
            for i in range(z.shape[0]) for j in range(z.shape[1])]


def _point_rows(fig: go.Figure, trace) -> list[dict]:
    xs, ys = list(trace.x if trace.x is not None else ()), list(trace.y if trace.y is not None else ())
    n = max(len(xs), len(ys))
    xs, ys = xs + [None] * (n - len(xs)), ys + [None] * (n - len(ys))
    text = trace.text if isinstance(trace.text, (list, tuple)) else [trace.text] * n
    x_names, y_names = _tick_labels(fig, trace.xaxis or "x", xs), _tick_labels(fig, trace.yaxis or "y", ys)
    return [{"series": _plain(trace.name) or trace.type, "x": x, "y": y, "label": _plain(t)}
            for x, y, t, xv, yv in zip(x_names, y_names, text, xs, ys) if xv is not None and yv is not None]


def figure_table(fig: go.Figure) -> pd.DataFrame:
    """Every trace's data in long form: series, x, y, and the value (heatmaps) or label (points and bars)."""
    rows = []
    for trace in fig.data:
        if trace.type == "heatmap":
            rows += _heatmap_rows(fig, trace)
        elif getattr(trace, "mode", None) != "text":  # text-only traces repeat other traces' numbers
            rows += _point_rows(fig, trace)
    return pd.DataFrame(rows)
