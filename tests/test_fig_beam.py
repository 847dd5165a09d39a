"""The beam tree layout and figure, the divergence point, the n-best rows and the greedy/beam figure."""

import html
import math

import pytest
import torch

from s2s.beam import FINISHED, KEPT, PRUNED, BeamNode, BeamTrace, Hypothesis, beam_search
from s2s.decode import Source
from s2s.figures.beam import (
    COLOURS,
    HALF_SIZE,
    beam_tree_figure,
    comparison_figure,
    nbest_rows,
    tree_layout,
    visible_nodes,
)
from s2s.figures.palette import CELL
from s2s.teacher import first_divergence
from tests.conftest import make_trainer

NODE_TRACES = ("kept in the beam", "pruned", "finished (&lt;EOS&gt;)")


def hand_trace() -> BeamTrace:
    """<SOS> -> a (kept) -> c (kept), d (finished); <SOS> -> b (pruned)."""
    nodes = [BeamNode(0, None, 0, 1, "<SOS>", 0.0, 0.0, KEPT),
             BeamNode(1, 0, 1, 4, "a", -0.1, -0.1, KEPT),
             BeamNode(2, 0, 1, 5, "b", -3.0, -3.0, PRUNED),
             BeamNode(3, 1, 2, 6, "c", -0.2, -0.3, KEPT),
             BeamNode(4, 1, 2, 2, "<EOS>", -0.5, -0.6, FINISHED)]
    nbest = [Hypothesis([1, 4], ["a"], -0.6, -0.6, True), Hypothesis([1, 3], ["a", "c"], -0.3, -0.3, False)]
    return BeamTrace(Source("x", ["x"], False, []), nodes, nbest, 2, 2, 0.0)


@pytest.fixture(scope="module")
def wide_trace():
    """Width 5 over 15 steps of an untrained model: nothing finishes, so the tree is as big as it gets."""
    torch.manual_seed(0)
    tr = make_trainer()
    return beam_search(tr.model, "she is not tired", tr.src_vocab, tr.tgt_vocab, width=5, max_len=15)


def traces_by_name(fig):
    return {t.name: t for t in fig.data}


def test_layout_matches_a_hand_computed_tidy_tree():
    pos = tree_layout(hand_trace())
    # a and c continue level with their parent; d (a survivor, one row) hangs one row below c;
    # b (pruned, 0.21 row on each side, room for a 14 px label) sits just below a.
    expected = {0: 0.5, 1: 0.5, 2: 1.21, 3: 0.5, 4: 1.5}
    assert {i: round(y, 6) for i, (_, y) in pos.items()} == expected
    assert {i: x for i, (x, _) in pos.items()} == {0: 0, 1: 1, 2: 1, 3: 2, 4: 2}


def test_one_marker_per_visible_node_with_the_status_style(wide_trace):
    fig = beam_tree_figure(wide_trace)
    traces = traces_by_name(fig)
    ids = [i for name in NODE_TRACES for i in traces[name].customdata or ()]
    assert sorted(ids) == [n.id for n in wide_trace.nodes]  # each node exactly once
    pruned = traces["pruned"]
    assert sorted(pruned.customdata) == [n.id for n in wide_trace.nodes if n.status == PRUNED]
    assert pruned.marker.color == COLOURS[PRUNED] and pruned.marker.size < min(traces[NODE_TRACES[0]].marker.size)
    assert not any(pruned.text), "hundreds of pruned words are shown on hover only"
    kept = traces["kept in the beam"]
    labels = dict(zip(kept.customdata, kept.text))
    assert all(labels[n.id] == html.escape(n.token) for n in wide_trace.nodes[1:] if n.status == KEPT
               and not any(h.node_ids[-1] == n.id for h in wide_trace.nbest))


def test_edges_join_each_child_to_its_parent(wide_trace):
    fig = beam_tree_figure(wide_trace, max_step=6)
    pos = tree_layout(wide_trace, max_step=6)
    segments = set()
    for trace in fig.data:
        if (trace.meta or "").startswith("edges"):
            xs, ys = list(trace.x), list(trace.y)
            for k in range(0, len(xs), 3):
                assert xs[k + 2] is None and ys[k + 2] is None
                segments.add(((xs[k], ys[k]), (xs[k + 1], ys[k + 1])))
    visible = visible_nodes(wide_trace, 6)
    expected = {(pos[n.parent], pos[n.id]) for n in visible if n.parent is not None}
    assert segments == expected and len(expected) == len(visible) - 1


def test_best_path_is_the_best_hypothesis_nodes_in_order():
    trace = hand_trace()
    assert [(n.id, n.token) for n in trace.best_path] == [(1, "a"), (4, "<EOS>")]
    assert math.isclose(sum(n.logprob for n in trace.best_path), trace.best.score)


def test_best_path_edges_are_highlighted():
    trace = hand_trace()
    fig = beam_tree_figure(trace)
    pos = tree_layout(trace)
    edges = {t.meta or t.name: t for t in fig.data}
    best = edges["edges: best"]
    assert list(best.x) == [0, 1, None, 1, 2, None] and list(best.y)[4] == pos[4][1]
    assert list(edges["edges: pruned"].y) == [pos[0][1], pos[2][1], None]
    assert "#1" in edges[NODE_TRACES[2]].text[0] and "&lt;EOS&gt;" in edges[NODE_TRACES[2]].text[0]


def test_max_step_hides_later_nodes(wide_trace):
    for max_step in (1, 4):
        traces = traces_by_name(beam_tree_figure(wide_trace, max_step=max_step))
        ids = [i for name in NODE_TRACES for i in traces[name].customdata or ()]
        assert sorted(ids) == [n.id for n in wide_trace.nodes if n.step <= max_step]
    assert beam_tree_figure(wide_trace, 4).layout.height < beam_tree_figure(wide_trace).layout.height


def test_children_grouped_under_parents_without_overlap(wide_trace):
    pos = tree_layout(wide_trace)
    nodes = wide_trace.nodes
    for step in range(1, 16):
        column = sorted((n for n in nodes if n.step == step), key=lambda n: pos[n.id][1])
        parents = [n.parent for n in column]
        runs = [p for k, p in enumerate(parents) if k == 0 or parents[k - 1] != p]
        assert len(runs) == len(set(runs)), f"children of one parent are split up at step {step}"
        for a, b in zip(column, column[1:]):
            gap = pos[b.id][1] - pos[a.id][1]
            assert gap >= HALF_SIZE[a.status] + HALF_SIZE[b.status] - 1e-9, "two nodes overlap"
    for node in nodes:
        kids = [pos[n.id][1] for n in nodes if n.parent == node.id]
        assert all(y >= pos[node.id][1] for y in kids), "children never sit above their parent (no crossings)"


def test_width_five_fifteen_steps_stays_readable(wide_trace):
    n_kept = sum(n.status != PRUNED for n in wide_trace.nodes)
    n_pruned = sum(n.status == PRUNED for n in wide_trace.nodes)
    assert n_kept >= 70 and n_pruned >= 250  # the size the page must handle
    rows = max(y for _, y in tree_layout(wide_trace).values())
    fullest = max(sum(HALF_SIZE[n.status] * 2 for n in wide_trace.nodes if n.step == s) for s in range(16))
    assert rows < 2 * fullest, "about as tall as the fullest column, not one row per leaf"
    assert beam_tree_figure(wide_trace).layout.height < 1400


def test_nbest_rows_follow_the_trace(trained):
    trace = beam_search(trained.model, "how are you", trained.src_vocab, trained.tgt_vocab, width=3)
    rows = nbest_rows(trace)
    assert [r["rank"] for r in rows] == list(range(1, len(trace.nbest) + 1))
    assert rows[0]["translation"] == "comment allez vous" == trace.best.text
    for row, hyp in zip(rows, trace.nbest):
        assert row["score"] == round(hyp.score, 3) and row["finished"] == hyp.finished
        assert row["words"] == len(hyp.tokens)


def test_comparison_figure_colours_words_from_the_divergence():
    rows = [("greedy", ["je", "suis", "<EOS>"], [-0.1, -0.2, -0.3]),
            ("beam", ["je", "t", "aime", "<EOS>"], [-0.1, -0.5, -0.1, -0.1])]
    fig = comparison_figure(rows, first_divergence(rows[0][1], rows[1][1]))
    greedy, beam = fig.data
    assert list(greedy.text) == ["je", "suis", "&lt;EOS&gt;"] and list(beam.x) == [1, 2, 3, 4]
    assert list(greedy.marker.color) == [CELL["same"], CELL["differs"], CELL["differs"]]
    assert list(greedy.marker.line.width) == [1, 2.5, 2.5]  # not colour alone: parted words get a thicker outline
    assert fig.layout.shapes[0].x0 == 1.5  # the split line between word 1 and word 2
    assert "score -0.60" in fig.layout.yaxis.ticktext[0] and "score -0.80" in fig.layout.yaxis.ticktext[1]
    same = comparison_figure(rows[:1] * 2, None)
    assert not same.layout.shapes and set(same.data[0].marker.color) == {CELL["same"]}
