"""Plotly figures for the Decoder and Teacher-forcing pages: a trace goes in, a figure comes out.

Kept apart from the pages so that what each chart shows (which bar is highlighted, which points go in
which series) can be tested on the figure data without a browser.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from s2s.decode import DecodeStep, GreedyTrace
from s2s.figures.common import layout, smooth
from s2s.figures.palette import BLUE, CELL, OUTLINE, PALE, VERMILLION, bar_marker, line_style, series
from s2s.teacher import LossByMode, StateChanges, TeacherComparison

CHOSEN, FORCED, OTHER = BLUE, VERMILLION, PALE  # bar fills: greedy pick, forced word, the rest (labelled too)
TEACHER_COLOUR, FREE_COLOUR = series(0)["colour"], series(1)["colour"]  # teacher forcing solid, free running dashed
DONE, CURRENT, LATER = CELL["done"], CELL["current"], CELL["later"]  # strip cells before, at, after the step


_layout = partial(layout, margin=dict(l=10, r=20, t=45, b=40))


def topk_figure(step: DecodeStep, temperature: float) -> go.Figure:
    """The top-k next-word probabilities at one step, best on top; the emitted word is coloured.

    A forced word is orange and labelled; when it is outside the top k, a note gives its probability.
    """
    k = len(step.topk_tokens)
    colours = [(FORCED if step.forced else CHOSEN) if i == step.chosen_id else OTHER for i in step.topk_ids]
    labels = [f"{p:.1%}" + (" ← forced" if i == step.chosen_id and step.forced else
                            " ← greedy pick" if n == 0 else "")
              for n, (i, p) in enumerate(zip(step.topk_ids, step.topk_probs))]
    fig = go.Figure(go.Bar(x=step.topk_probs, y=[f"{tok} " for tok in step.topk_tokens], orientation="h",
                           marker=dict(color=colours, line=OUTLINE), text=labels, textposition="auto",
                           cliponaxis=False, hovertemplate="%{y}: p = %{x:.4f}<extra></extra>"))
    if step.forced and step.chosen_id not in step.topk_ids:
        fig.add_annotation(text=f"forced word “{step.chosen_token}” is not in the top {k} "
                                f"(p = {math.exp(step.chosen_logprob):.2%} at temperature 1)",
                           xref="paper", yref="paper", x=0, y=-0.18, showarrow=False, font=dict(color=FORCED))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(range=[0, 1], tickformat=".0%", title="probability of being the next word")  # never past 100%
    return _layout(fig, f"Step {step.index}: after reading “{step.input_token}”, the next word "
                        f"(temperature {temperature:g})", height=max(220, 60 + 34 * k))


def state_change_figure(changes: StateChanges, labels: Sequence[str], current: int) -> go.Figure:
    """‖Δh‖ (plain bars) and ‖Δc‖ (hatched bars) per step, with the current step shaded."""
    x = list(range(len(changes.dh)))
    fig = go.Figure([
        go.Bar(x=x, y=list(changes.dh), name="‖h(t) − h(t−1)‖", marker=bar_marker(0),
               hovertemplate="step %{x}: %{y:.3f}<extra>h</extra>"),
        go.Bar(x=x, y=list(changes.dc), name="‖c(t) − c(t−1)‖", marker=bar_marker(1),
               hovertemplate="step %{x}: %{y:.3f}<extra>c</extra>"),
    ])
    if 0 <= current < len(x):
        fig.add_vrect(x0=current - 0.5, x1=current + 0.5, fillcolor=CURRENT, opacity=0.35, line_width=0,
                      layer="below")
    fig.update_xaxes(tickvals=x, ticktext=list(labels), title="step: word written")
    fig.update_yaxes(title="size of the change (L2)")
    return _layout(fig, "How far h and c moved at each step", height=340, barmode="group",
                   legend=dict(orientation="h", yanchor="top", y=-0.3, xanchor="left", x=0.0),
                   margin=dict(l=10, r=20, t=45, b=80))


def decoding_strip_figure(trace: GreedyTrace, current: int, window: int = 12) -> go.Figure:
    """Two rows of words, 'reads' and 'writes': each written word is read by the next step.

    Steps before `current` are pale, the current one highlighted, later ones grey; forced words carry a
    flag. Long translations show a window of `window` steps around the current one, so words stay legible.
    """
    n = len(trace.steps)
    first = max(0, min(current - window // 2, n - window))
    shown = range(first, min(n, first + window))
    code = [0 if t < current else 1 if t == current else 2 for t in shown]  # 0 done, 1 current, 2 later
    reads = [trace.steps[t].input_token for t in shown]
    writes = [trace.steps[t].chosen_token + (" ⚑" if trace.steps[t].forced else "") for t in shown]
    scale = [[0, DONE], [0.33, DONE], [0.33, CURRENT], [0.67, CURRENT], [0.67, LATER], [1, LATER]]
    fig = go.Figure(go.Heatmap(
        z=[code, code], x=list(shown), y=["writes", "reads"], text=[writes, reads], texttemplate="%{text}",
        textfont=dict(size=15), colorscale=scale, zmin=-0.5, zmax=2.5, showscale=False, xgap=3, ygap=3,
        hovertemplate="step %{x} %{y}: %{text}<extra></extra>"))
    fig.update_xaxes(tickvals=list(shown), ticktext=[("▶ " if t == current else "") + f"step {t}" for t in shown],
                     side="top")
    title = f"steps {first}–{first + len(code) - 1} of {n}" if len(code) < n else ""
    return _layout(fig, title, height=150 + (25 if title else 0), margin=dict(l=10, r=10, t=55 if title else 30, b=10))


def step_loss_figure(comparison: TeacherComparison) -> go.Figure:
    """Loss of the reference word per step in both modes; crosses where a mode's prediction is wrong."""
    labels = [f"{s.index}: {s.target_token}" for s in comparison.teacher.steps]
    fig = go.Figure()
    for i, run in enumerate((comparison.teacher, comparison.free)):
        fig.add_trace(go.Scatter(
            x=labels, y=[s.loss for s in run.steps], mode="lines+markers", name=run.mode, line=line_style(i),
            marker=dict(size=11, symbol=["circle" if s.correct else "x" for s in run.steps]),
            customdata=[[s.input_token, s.predicted_token] for s in run.steps],
            hovertemplate="reads %{customdata[0]}, predicts %{customdata[1]}: loss %{y:.3f}<extra></extra>"))
    first = comparison.free.first_error
    if first is not None:
        fig.add_vline(x=first, line_dash="dot", line_color=FREE_COLOUR)
        fig.add_annotation(x=first, y=1, yref="paper", text="free running first goes wrong", showarrow=False,
                           xanchor="left", font=dict(color=FREE_COLOUR))
    fig.update_xaxes(type="category", title="step: reference word the model should write")
    fig.update_yaxes(title="loss = −log p(reference word)", rangemode="tozero")
    return _layout(fig, "Per-step loss (○ right, × wrong prediction)", height=330,
                   legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0))


def loss_by_mode_figure(split: LossByMode, alpha: float = 0.05) -> go.Figure:
    """Training loss of teacher-forced and free-running steps: faint points and a smoothed line each."""
    fig = go.Figure()
    for i, (name, x, y) in enumerate((("teacher-forced steps", split.teacher_steps, split.teacher_loss),
                                      ("free-running steps", split.free_steps, split.free_loss))):
        style = series(i)
        fig.add_trace(go.Scatter(x=x, y=y, mode="markers", name=name, legendgroup=name, showlegend=False,
                                 marker=dict(color=style["colour"], symbol=style["symbol"], size=4, opacity=0.3)))
        fig.add_trace(go.Scatter(x=x, y=smooth(y, alpha), mode="lines", name=f"{name} (smoothed)",
                                 legendgroup=name, line=line_style(i, 2.5)))
    fig.update_xaxes(title="training step")
    fig.update_yaxes(title="training loss per French word", type="log")
    losses = np.concatenate([split.teacher_loss, split.free_loss])
    losses = losses[np.isfinite(losses) & (losses > 0)]
    if len(losses) and losses.max() / losses.min() > 100:
        fig.update_yaxes(dtick=1)  # over two decades: label only 0.01, 0.1, 1, 10 so the axis stays readable
    if not len(split.teacher_steps) and not len(split.free_steps):
        fig.add_annotation(text="no training steps recorded yet", xref="paper", yref="paper", x=0.5, y=0.5,
                           showarrow=False)
    return _layout(fig, "Training loss, split by how each step fed the decoder", height=340,
                   legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0))
