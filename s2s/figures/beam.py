"""The beam-search tree as a Plotly figure, the n-best table rows, and greedy compared with beam.

Layout: x is the decoding step and y a row, so every hypothesis reads left to right. A beam of width
5 over 15 steps holds about 75 surviving and 375 pruned candidates; giving every leaf its own row
(parents centred on their children) made such a tree thousands of pixels tall. Instead each column
is stacked on its own: children stay together in their parent's order, each as close to its
parent's row as the nodes above allow, pruned candidates take less room than survivors, and nothing
overlaps, so the height is about that of the fullest column.
"""

from __future__ import annotations

import html
import math
from typing import Sequence

import plotly.graph_objects as go

from s2s.beam import FINISHED, KEPT, PRUNED, BeamNode, BeamTrace
from s2s.figures.common import MIN_FONT_PX, TEMPLATE
from s2s.figures.palette import BACKGROUND, BLUE, CELL, GREY, INK, PURPLE, VERMILLION

HALF_SIZE = {KEPT: 0.5, FINISHED: 0.5, PRUNED: 0.21}  # half the room a node needs, in rows (14 px labels)
ROW_PX = 40  # pixels per row: a word above its marker, its score below
COLOURS = {KEPT: BLUE, FINISHED: PURPLE, PRUNED: GREY, "best": VERMILLION}
SYMBOLS = {KEPT: "circle", FINISHED: "square", PRUNED: "x"}  # shape tells the status apart without colour
EDGES = (("pruned", GREY, 0.6), ("kept", BLUE, 1.5), ("best", VERMILLION, 3.5))  # style, colour, width
MAX_PRUNED_LABELS = 40  # above this many visible pruned candidates, their words are on hover only


def visible_nodes(trace: BeamTrace, max_step: int | None = None) -> list[BeamNode]:
    """The nodes up to `max_step` (all when None): the tree as it stood after that many steps."""
    return [n for n in trace.nodes if max_step is None or n.step <= max_step]


def tree_layout(trace: BeamTrace, max_step: int | None = None) -> dict[int, tuple[float, float]]:
    """Node id -> (x, y) for the visible nodes; x = step, y = row from the top (0 = first row).

    Column by column, nodes are ordered by their parent's row (then best score first), so each
    parent's children form one block in the same order as the parents and no edges cross. Each node
    wants its parent's row and is pushed down only as far as needed to clear the node above it. The
    most likely continuation of a hypothesis therefore runs level with it, and columns never move
    when later steps are added, so the step slider grows the tree without reshuffling it.
    """
    nodes = visible_nodes(trace, max_step)
    columns: dict[int, list[BeamNode]] = {}
    for node in nodes:
        columns.setdefault(node.step, []).append(node)
    y = {trace.nodes[0].id: 0.0}
    for step in sorted(columns)[1:]:
        column = sorted(columns[step], key=lambda n: (y[n.parent], -n.score))
        above = None
        for node in column:
            y[node.id] = y[node.parent]
            if above is not None:
                y[node.id] = max(y[node.id], y[above.id] + HALF_SIZE[above.status] + HALF_SIZE[node.status])
            above = node
    top = min(y[n.id] - HALF_SIZE[n.status] for n in nodes)
    return {n.id: (float(n.step), y[n.id] - top) for n in nodes}


def path_text(trace: BeamTrace, node_id: int) -> str:
    """The words from the first step to `node_id`, e.g. 'je t aime'."""
    words, node = [], trace.nodes[node_id]
    while node.parent is not None:
        words.append(node.token)
        node = trace.nodes[node.parent]
    return " ".join(reversed(words))


def _hover(trace: BeamTrace, node: BeamNode) -> str:
    if node.parent is None:
        return "start of the French sentence (&lt;SOS&gt;)<br>score 0 = log 1"
    what = {KEPT: "kept in the beam", PRUNED: "pruned (not among the best)", FINISHED: "finished (&lt;EOS&gt;)"}
    return (f"<b>{html.escape(node.token)}</b> at step {node.step}: {what[node.status]}<br>"
            f"log p(word | words before) = {node.logprob:.3f} (p = {math.exp(node.logprob):.3f})<br>"
            f"score = sum of log p so far = {node.score:.3f}<br>"
            f"hypothesis: {html.escape(path_text(trace, node.id))}")


def beam_tree_figure(trace: BeamTrace, max_step: int | None = None) -> go.Figure:
    """The search tree up to `max_step`: survivors as circles labelled with word and score, pruned candidates
    as small grey crosses, finished hypotheses as squares with their n-best rank, the best translation as a
    thick vermillion path."""
    pos = tree_layout(trace, max_step)
    nodes = [n for n in trace.nodes if n.id in pos]
    best = {0, *trace.best.node_ids} if trace.nbest else {0}
    ranks = {h.node_ids[-1]: r for r, h in enumerate(trace.nbest, start=1) if h.node_ids}
    fig = go.Figure()
    for style, colour, width in EDGES:
        xs, ys = _edges(nodes, pos, best, style)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name="best translation" if style == "best" else "",
                                 meta=f"edges: {style}", hoverinfo="skip", line=dict(color=colour, width=width),
                                 showlegend=style == "best"))
    n_pruned = sum(n.status == PRUNED for n in nodes)
    for status in (PRUNED, KEPT, FINISHED):
        group = sorted((n for n in nodes if n.status == status), key=lambda n: n.id in best)  # legend: plain first
        fig.add_trace(_node_trace(trace, group, pos, best, ranks, status, n_pruned <= MAX_PRUNED_LABELS))
    labelled = [n for n in nodes if n.status != PRUNED and n.parent is not None]
    fig.add_trace(go.Scatter(x=[pos[n.id][0] for n in labelled], y=[pos[n.id][1] for n in labelled],
                             mode="text", text=[f"{n.score:.2f}\u2002" for n in labelled], textposition="bottom left",
                             textfont=dict(size=MIN_FONT_PX, color=GREY), name="scores", hoverinfo="skip",
                             showlegend=False))
    rows = max((y for _, y in pos.values()), default=0.0) + 1
    last = max(n.step for n in trace.nodes)
    height = int(110 + ROW_PX * rows)
    fig.update_layout(height=height, template=TEMPLATE, hovermode="closest",
                      margin=dict(l=10, r=10, t=80, b=30),  # legend above the step labels, both on top
                      legend=dict(orientation="h", y=1 + 35 / (height - 110), yanchor="bottom", x=0))
    fig.update_xaxes(range=[-0.4, last + 1.0], tickvals=list(range(last + 1)), side="top",
                     ticktext=["start"] + [f"word {s}" for s in range(1, last + 1)], showgrid=False, zeroline=False)
    fig.update_yaxes(range=[rows, -0.75], visible=False)  # reversed: row 0 on top, room for its labels
    return fig


def _edges(nodes, pos, best, style) -> tuple[list, list]:
    """Line segments child -> parent for one edge style, separated by None (one trace per style)."""
    xs, ys = [], []
    for node in nodes:
        if node.parent is None:
            continue
        kind = "pruned" if node.status == PRUNED else "best" if node.id in best else "kept"
        if kind == style:
            (x0, y0), (x1, y1) = pos[node.parent], pos[node.id]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
    return xs, ys


def _node_trace(trace, group, pos, best, ranks, status, label_pruned) -> go.Scatter:
    """One marker per node of one status; best-path nodes get an orange outline."""
    if status == PRUNED:
        text = [html.escape(n.token) if label_pruned else "" for n in group]
        marker = dict(size=6, color=COLOURS[PRUNED], symbol=SYMBOLS[PRUNED])
        font = dict(size=MIN_FONT_PX, color=GREY)
    else:
        text = [_label(n, ranks) for n in group]
        marker = dict(size=[12 if n.parent is not None else 14 for n in group], color=COLOURS[status],
                      symbol=SYMBOLS[status],
                      line=dict(color=[COLOURS["best"] if n.id in best else BACKGROUND for n in group],
                                width=[3 if n.id in best else 1 for n in group]))
        font = dict(size=15, color=INK)
    name = {KEPT: "kept in the beam", PRUNED: "pruned", FINISHED: "finished (&lt;EOS&gt;)"}[status]
    return go.Scatter(x=[pos[n.id][0] for n in group], y=[pos[n.id][1] for n in group], mode="markers+text",
                      text=text, textposition="top right" if status != PRUNED else "middle right", textfont=font,
                      marker=marker, name=name, customdata=[n.id for n in group],
                      hovertext=[_hover(trace, n) for n in group], hoverinfo="text")


def _label(node: BeamNode, ranks: dict[int, int]) -> str:
    if node.parent is None:
        return "&lt;SOS&gt;"
    if node.id in ranks:
        return f"{html.escape(node.token)} #{ranks[node.id]}"
    return html.escape(node.token)


def nbest_rows(trace: BeamTrace) -> list[dict]:
    """One row per n-best hypothesis, best first, for a table."""
    return [{"rank": r, "translation": h.text or "(empty)", "words": len(h.tokens), "score": round(h.score, 3),
             "normalised score": round(h.normalized, 3), "finished": h.finished}
            for r, h in enumerate(trace.nbest, start=1)]


def comparison_figure(rows: Sequence[tuple[str, Sequence[str], Sequence[float]]], diverge: int | None) -> go.Figure:
    """Word-by-word rows (name, words, log p of each word): words from `diverge` on get another fill and a
    thicker outline, after a dashed line that says where the rows part."""
    fig = go.Figure()
    names = []
    for r, (name, words, logps) in enumerate(rows):
        parted = [diverge is not None and i >= diverge for i in range(len(words))]
        names.append(f"{name}<br>score {sum(logps):.2f}")
        fig.add_trace(go.Scatter(
            x=list(range(1, len(words) + 1)), y=[r] * len(words), mode="markers+text", name=name,
            text=[html.escape(w) for w in words], textfont=dict(size=15, color=INK),
            marker=dict(symbol="square", size=44, color=[CELL["differs" if p else "same"] for p in parted],
                        line=dict(color=INK, width=[2.5 if p else 1 for p in parted])),
            hovertext=[f"word {i + 1}: {html.escape(w)}<br>log p = {lp:.3f}" for i, (w, lp) in
                       enumerate(zip(words, logps))], hoverinfo="text", showlegend=False))
    if diverge is not None:
        fig.add_vline(x=diverge + 0.5, line_dash="dash", line_color=COLOURS["best"],
                      annotation_text=f"they part at word {diverge + 1}", annotation_position="top")
    n_words = max((len(w) for _, w, _ in rows), default=1)
    fig.update_layout(height=110 + 70 * len(rows), template=TEMPLATE, margin=dict(l=10, r=10, t=40, b=30))
    fig.update_xaxes(range=[0.4, n_words + 0.6], dtick=1, title="word position", showgrid=False, zeroline=False)
    fig.update_yaxes(tickvals=list(range(len(rows))), ticktext=names, autorange="reversed", range=None,
                     showgrid=False, zeroline=False)
    return fig
