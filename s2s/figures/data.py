"""Figures for the data pages: corpus statistics, the `min_freq` trade-off, padded batches and tensor shapes.

Every builder takes plain data (or tensors) from `s2s.datastats` and returns a Plotly figure, so tests
can check what a figure shows without a browser. Batches are drawn time-major like the model reads
them: one row per time step, one column per sentence, <PAD> cells greyed out.
"""

from __future__ import annotations

import html
import math
from functools import partial
from typing import Sequence

import plotly.graph_objects as go
import torch

from s2s.analysis.datastats import MinFreqEffect
from s2s.analysis.stages import Stage
from s2s.figures.common import MIN_FONT_PX, layout
from s2s.figures.palette import CELL, GREY, OUTLINE, PALE, SERIES, bar_marker, line_style
from s2s.vocab import EOS_ID, PAD_ID, SOS_ID, UNK_ID, Vocabulary

SRC_COLOUR, TGT_COLOUR = SERIES[0], SERIES[1]
PARTS = ("encoder", "decoder", "loss")  # shape-flow bars: each part its own colour and fill pattern
# Token matrix categories: value -> (legend label, cell fill); every cell also shows its word
TOKEN_KINDS = {0: ("<PAD> (filler)", CELL["pad"]), 1: ("word", CELL["word"]),
               2: ("<SOS> / <EOS>", CELL["special"]), 3: ("<UNK>", CELL["unknown"])}
MASK_KINDS = {0: ("ignored by the loss (<PAD>)", CELL["pad"]), 1: ("counted by the loss", CELL["word"])}


_layout = partial(layout, legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0))


def length_histogram_figure(src_lengths: dict[int, int], tgt_lengths: dict[int, int]) -> go.Figure:
    """English (plain bars) and French (hatched) sentence lengths side by side: how long what the LSTMs read is."""
    fig = go.Figure()
    for i, (name, hist) in enumerate((("English", src_lengths), ("French", tgt_lengths))):
        fig.add_trace(go.Bar(x=list(hist), y=list(hist.values()), name=name, marker=bar_marker(i),
                             hovertemplate=f"{name}: %{{y}} sentences of %{{x}} tokens<extra></extra>"))
    fig.update_layout(barmode="group", bargap=0.15)
    return _layout(fig, "Sentence length (training pairs)", x_title="length in tokens", y_title="sentences")


def top_words_figure(top: Sequence[tuple[str, int]], title: str, colour: str = SRC_COLOUR) -> go.Figure:
    """The most frequent words as horizontal bars, most frequent at the top."""
    words, counts = [w for w, _ in top], [n for _, n in top]
    fig = go.Figure(go.Bar(x=counts, y=words, orientation="h", marker=dict(color=colour, line=OUTLINE),
                           hovertemplate="%{y}: %{x} times<extra></extra>"))
    fig.update_yaxes(autorange="reversed", type="category")
    return _layout(fig, title, x_title="times in the training text", y_title="", height=max(300, 22 * len(words) + 80))


def min_freq_figure(effects: Sequence[MinFreqEffect], chosen: int) -> go.Figure:
    """Vocabulary size and share of <UNK> tokens for each threshold: fewer ids cost more unknown words."""
    x = [e.min_freq for e in effects]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=[e.vocab_size for e in effects], mode="lines+markers", name="vocabulary size",
                             line=line_style(0), hovertemplate="min_freq %{x}: %{y} ids<extra></extra>"))
    fig.add_trace(go.Scatter(x=x, y=[100 * e.unk_share for e in effects], mode="lines+markers", yaxis="y2",
                             name="tokens read as <UNK> (%)", line=line_style(1), marker=dict(symbol="square"),
                             hovertemplate="min_freq %{x}: %{y:.2f}% of tokens<extra></extra>"))
    fig.add_vline(x=chosen, line_dash="dot", line_color=GREY, annotation_text=f"min_freq = {chosen}",
                  annotation_position="bottom right")
    fig.update_layout(yaxis2=dict(title="% of tokens → <UNK>", overlaying="y", side="right", rangemode="tozero",
                                  showgrid=False, tickmode="auto", nticks=6))
    fig.update_yaxes(rangemode="tozero")
    _layout(fig, "What min_freq trades: fewer ids, more unknown words", x_title="min_freq", y_title="vocabulary size",
            height=360)
    fig.update_layout(margin=dict(b=90), legend=dict(yanchor="top", y=-0.2, xanchor="left", x=0.0))
    return fig


def _kind(token_id: int) -> int:
    if token_id == PAD_ID:
        return 0
    if token_id in (SOS_ID, EOS_ID):
        return 2
    return 3 if token_id == UNK_ID else 1


def _discrete_heatmap(kinds: list[list[int]], text: list[list[str]], hover: list[list[str]],
                      legend: dict[int, tuple[str, str]], title: str, axis_name: str, row_px: int = 32) -> go.Figure:
    """A heatmap whose cells take one of a few colours (one per kind), with a legend and text in each cell."""
    n_kinds = len(legend)
    scale = []
    for k, (_, colour) in legend.items():
        scale += [[k / n_kinds, colour], [(k + 1) / n_kinds, colour]]
    n_rows, n_cols = len(kinds), len(kinds[0]) if kinds else 0
    x = [f"sentence {j + 1}" for j in range(n_cols)]
    y = [f"{axis_name}={t}" for t in range(n_rows)]
    fig = go.Figure(go.Heatmap(z=kinds, x=x, y=y, text=text, customdata=hover, texttemplate="%{text}",
                               textfont=dict(size=MIN_FONT_PX), colorscale=scale, zmin=-0.5, zmax=n_kinds - 0.5,
                               showscale=False, xgap=2, ygap=2,
                               hovertemplate="%{x}, %{y}: %{customdata}<extra></extra>"))
    for _, (label, colour) in legend.items():
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=label,
                                 marker=dict(symbol="square", size=12, color=colour, line=OUTLINE)))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top")
    _layout(fig, title, x_title="", y_title="", height=130 + row_px * n_rows)
    fig.update_layout(margin=dict(t=70, b=50), legend=dict(yanchor="top", y=-0.02, xanchor="left", x=0.0))
    return fig


def token_matrix_figure(ids: torch.Tensor, vocab: Vocabulary, title: str, axis_name: str = "t") -> go.Figure:
    """A `[seq_len, batch]` id tensor as a grid: each cell shows the id the tensor holds and its word, <PAD> grey."""
    grid = ids.tolist()  # [seq_len][batch]
    words = [[vocab.itos[i] for i in row] for row in grid]
    text = [[f"{i}<br>{html.escape(w)}" for w, i in zip(wr, ir)] for wr, ir in zip(words, grid)]
    hover = [[f"{html.escape(w)} (id {i})" for w, i in zip(wr, ir)] for wr, ir in zip(words, grid)]
    kinds = [[_kind(i) for i in row] for row in grid]
    return _discrete_heatmap(kinds, text, hover, TOKEN_KINDS, title, axis_name, row_px=46)


def loss_mask_figure(tgt_out: torch.Tensor, vocab: Vocabulary, title: str) -> go.Figure:
    """The targets with the loss mask `tgt_out != PAD`: green cells count, grey ones are ignored."""
    grid = tgt_out.tolist()  # [tgt_len][batch]
    words = [[html.escape(vocab.itos[i]) for i in row] for row in grid]  # plotly reads <EOS> as a tag
    kinds = [[int(i != PAD_ID) for i in row] for row in grid]
    hover = [[f"target {w}: " + ("counted" if k else "ignored") for w, k in zip(wr, kr)]
             for wr, kr in zip(words, kinds)]
    return _discrete_heatmap(kinds, words, hover, MASK_KINDS, title, "t")


def shape_label(shape: Sequence[int]) -> str:
    """`[7, 64, 256]`, or `[]` (a single number) for a scalar."""
    return "[" + ", ".join(str(d) for d in shape) + "]"


def shape_flow_figure(stages: Sequence[Stage], title: str, ghost: tuple[str, Sequence[int]] | None = None) -> go.Figure:
    """Every stage in pipeline order (top to bottom) as a bar as long as its number of values (log scale).

    `ghost` adds a grey bar for a tensor the model deliberately never builds, for comparison.
    """
    labels = [f"{i + 1}. {s.name}" for i, s in enumerate(stages)]
    fig = go.Figure()
    for k, part in enumerate(PARTS):
        idx = [i for i, s in enumerate(stages) if s.part == part]
        if idx:
            fig.add_trace(go.Bar(
                x=[stages[i].n_values for i in idx], y=[labels[i] for i in idx], orientation="h", name=part,
                marker=bar_marker(k), text=[shape_label(stages[i].shape) for i in idx], textposition="outside",
                cliponaxis=False, customdata=[" × ".join(stages[i].axes) or "one number" for i in idx],
                hovertemplate="%{y}<br>%{text} = %{customdata}<br>%{x:,} values<extra></extra>"))
    if ghost:
        name, shape = ghost
        labels.append(name)
        fig.add_trace(go.Bar(x=[math.prod(shape)], y=[name], orientation="h", name="never built",
                             marker=dict(color=PALE, pattern=dict(shape="x"), line=OUTLINE), text=[shape_label(shape)],
                             textposition="outside", cliponaxis=False,
                             hovertemplate="%{y}<br>%{text}<br>%{x:,} values<extra></extra>"))
    top = max([s.n_values for s in stages] + ([math.prod(ghost[1])] if ghost else []))
    fig.update_xaxes(type="log", range=[-0.2, math.log10(max(top, 1)) + 1.2])
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed")
    return _layout(fig, title, x_title="number of values in the tensor (log scale)", y_title="",
                   height=110 + 30 * len(labels))

