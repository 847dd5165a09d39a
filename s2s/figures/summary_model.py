"""Text alternatives for the charts of what the model does with one sentence: the encoder's states and gates,
the decoder's steps and probabilities, attention, the beam tree and teacher forcing.

Each function takes the same data as its figure builder (`gates_figure` -> `gates_summary`, ...) and says in
one or two sentences what that chart shows, computed from the numbers (pages/_chart.py prints it beside the
chart, where a screen reader announces it).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from s2s.analysis.encoder import ContextMap, contains_word
from s2s.beam import FINISHED, KEPT, PRUNED, BeamTrace
from s2s.decode import DecodeStep, GreedyTrace
from s2s.figures.summary_data import quoted
from s2s.instrument import GATE_NAMES
from s2s.teacher import LossByMode, StateChanges, TeacherComparison

OPEN, CLOSED = 2 / 3, 1 / 3  # a sigmoid gate whose mean is above OPEN is "mostly open", below CLOSED "mostly closed"


def _openness(mean: float) -> str:
    return "mostly open" if mean > OPEN else "mostly closed" if mean < CLOSED else "half open"


def vector_summary(vector, name: str) -> str:
    """One vector: its size, its range, how many numbers are positive, and its largest entry in size."""
    v = np.asarray(vector, dtype=float).reshape(-1)
    top = int(np.argmax(np.abs(v)))
    return (f"{name}: {len(v)} numbers between {v.min():.2f} and {v.max():.2f}, {int((v > 0).sum())} of them "
            f"positive; the largest in size is unit {top} ({v[top]:+.2f}).")


def embedding_summary(tokens: Sequence[str], ids: Sequence[int], embeddings) -> str:
    """The rows' size and range, and the two different words whose rows point most alike (cosine)."""
    rows = np.asarray(embeddings, dtype=float)  # [src_len, embed]
    text = (f"{len(tokens)} word(s), each looked up as a row of {rows.shape[1]} numbers between "
            f"{rows.min():.2f} and {rows.max():.2f}.")
    first = {i: t for t, i in reversed(list(enumerate(ids)))}  # id -> its first position
    if len(first) < 2:
        return text
    pos = sorted(first.values())
    unit = rows[pos] / np.maximum(np.linalg.norm(rows[pos], axis=1, keepdims=True), 1e-12)
    cos = unit @ unit.T
    np.fill_diagonal(cos, -np.inf)
    a, b = np.unravel_index(int(np.argmax(cos)), cos.shape)
    return text + (f" The two most alike rows (cosine {cos[a, b]:.2f}) are {quoted(tokens[pos[a]])} and "
                   f"{quoted(tokens[pos[b]])}.")


def gates_summary(gates, word: str) -> str:
    """The mean of each gate over every unit (not only those drawn): how open forget, input and output are."""
    g = np.asarray(gates, dtype=float)  # [4, hidden]
    mean = {name: float(g[k].mean()) for k, name in enumerate(GATE_NAMES)}
    return (f"While reading {quoted(word)} the forget gate is {_openness(mean['forget'])}: mean "
            f"{mean['forget']:.2f} over all {g.shape[1]} units. Input gate mean {mean['input']:.2f}, output gate "
            f"{mean['output']:.2f}; the candidate g averages {mean['cell']:+.2f}.")


def step_state_summary(h_t, c_t, word: str) -> str:
    """The range of c and h after one step, and where c is largest."""
    h, c = np.asarray(h_t, dtype=float), np.asarray(c_t, dtype=float)
    top = int(np.argmax(np.abs(c)))
    return (f"After {quoted(word)}, c runs from {c.min():.2f} to {c.max():.2f} (largest in size at unit {top}, "
            f"{c[top]:+.2f}) and h from {h.min():.2f} to {h.max():.2f}.")


def change_summary(dh: Sequence[float], dc: Sequence[float], tokens: Sequence[str]) -> str:
    """The word that moved c most and the one that moved h most."""
    ic, ih = int(np.argmax(dc)), int(np.argmax(dh))
    return (f"The word that changed c most is {quoted(tokens[ic])} (‖Δc‖ {dc[ic]:.2f}); the one that changed h "
            f"most is {quoted(tokens[ih])} (‖Δh‖ {dh[ih]:.2f}).")


def state_heatmap_summary(values, tokens: Sequence[str], units: Sequence[int], name: str) -> str:
    """Of the units drawn, the one that varies most over the sentence, and the context row's size."""
    z = np.asarray(values, dtype=float)[:, list(units)]  # [src_len, n_shown]
    k = int(np.argmax(z.max(0) - z.min(0)))
    return (f"{name} after each of {len(tokens)} word(s), {len(units)} units shown. Unit {units[k]} varies most, "
            f"from {z[:, k].min():.2f} to {z[:, k].max():.2f}; in the context (after {quoted(tokens[-1])}) the mean "
            f"size of a shown unit is {np.abs(z[-1]).mean():.2f}.")


def pca_summary(cmap: ContextMap, colour_word: str | None = None) -> str:
    """How much variance the two axes keep, and what the colours separate (length, or a word)."""
    n, ex = len(cmap.sentences), cmap.pca.explained
    text = (f"{n} sentences; component 1 keeps {100 * ex[0]:.0f}% of the variance of their contexts and component 2 "
            f"{100 * ex[1]:.0f}%.")
    if colour_word is None:
        if np.ptp(cmap.lengths) == 0:
            return text
        r = [np.corrcoef(cmap.coords[:, k], cmap.lengths)[0, 1] for k in range(2)]
        k = int(np.argmax(np.abs(r)))
        return text + f" Sentence length correlates with component {k + 1} at r = {r[k]:.2f}."
    has = contains_word(cmap.sentences, colour_word)
    text += f" {int(has.sum())} of them contain {quoted(colour_word)}"
    if not has.any() or has.all():
        return text + "."
    (x1, y1), (x0, y0) = cmap.coords[has].mean(0), cmap.coords[~has].mean(0)
    return text + f"; on average they sit at ({x1:.2f}, {y1:.2f}), the others at ({x0:.2f}, {y0:.2f})."


def decoding_strip_summary(trace: GreedyTrace, current: int) -> str:
    """The current step's input and output, and the whole translation written so far."""
    step = trace.steps[current]
    words = " ".join(s.chosen_token + (" (forced)" if s.forced else "") for s in trace.steps)
    return (f"Step {current} of {len(trace.steps)} reads {quoted(step.input_token)} and writes "
            f"{quoted(step.chosen_token)}. All the words written: {words}.")


def topk_summary(step: DecodeStep, temperature: float) -> str:
    """The most likely next words with their probabilities, and the forced word if there is one."""
    top = ", then ".join(f"{quoted(t)} {p:.1%}" for t, p in zip(step.topk_tokens[:3], step.topk_probs[:3]))
    text = f"After reading {quoted(step.input_token)} at temperature {temperature:g}, the model gives {top}."
    if step.forced:
        text += f" The forced word {quoted(step.chosen_token)} is written instead of the top one."
    return text


def attention_bars_summary(trace: GreedyTrace, step: int) -> str:
    """Where one step looked: the most attended English word and the runner-up."""
    s = trace.steps[step]
    if s.attention is None:
        return "This model has no attention."
    order = np.argsort(s.attention)[::-1]
    words = trace.encoder.tokens
    text = (f"To write {quoted(s.chosen_token)} the decoder looked mostly at {quoted(words[order[0]])} (weight "
            f"{s.attention[order[0]]:.2f})")
    return text + (f", then at {quoted(words[order[1]])} ({s.attention[order[1]]:.2f})." if len(order) > 1 else ".")


def attention_heatmap_summary(trace: GreedyTrace, max_pairs: int = 12) -> str:
    """For each French word written, the English word it looked at most."""
    steps = [s for s in trace.steps if s.attention is not None]
    if not steps:
        return "This model has no attention."
    pairs = [f"{s.chosen_token} → {trace.encoder.tokens[s.most_attended]} ({s.attention[s.most_attended]:.2f})"
             for s in steps[:max_pairs]]
    more = f", and {len(steps) - max_pairs} more" if len(steps) > max_pairs else ""
    return "Each French word and the English word it looked at most: " + "; ".join(pairs) + more + "."


def state_change_summary(changes: StateChanges, labels: Sequence[str]) -> str:
    """The step that moved h most and the one that moved c most."""
    ih, ic = int(np.argmax(changes.dh)), int(np.argmax(changes.dc))
    return (f"h moved most at step {labels[ih]} ({changes.dh[ih]:.2f}); c moved most at step {labels[ic]} "
            f"({changes.dc[ic]:.2f}).")


def step_loss_summary(comparison: TeacherComparison) -> str:
    """Right words and total loss in both modes, and where free running first goes wrong."""
    parts = [f"{run.mode}: {run.n_correct} of {len(run.steps)} words right, total loss {run.total_loss:.2f}"
             for run in (comparison.teacher, comparison.free)]
    first = comparison.free.first_error
    wrong = "it never goes wrong" if first is None else f"it first goes wrong at step {first}"
    return "; ".join(parts) + f". In free running {wrong}."


def loss_by_mode_summary(split: LossByMode, n: int = 50) -> str:
    """The recent mean loss of teacher-forced and free-running training steps."""
    tf, fr = split.recent_means(n)
    if np.isnan(tf) and np.isnan(fr):
        return "No training steps recorded yet."
    n_tf, n_fr = min(n, len(split.teacher_loss)), min(n, len(split.free_loss))
    return (f"Mean loss of the last {n_tf} teacher-forced steps: {_number(tf)}; of the last {n_fr} free-running "
            f"steps: {_number(fr)}.")


def _number(value: float) -> str:
    return "none recorded" if np.isnan(value) else f"{value:.2f}"


def beam_tree_summary(trace: BeamTrace, max_step: int | None = None) -> str:
    """How many candidates were kept, pruned and finished up to `max_step`, and the best translation."""
    shown = [n for n in trace.nodes if n.parent is not None and (max_step is None or n.step <= max_step)]
    count = {status: sum(n.status == status for n in shown) for status in (KEPT, PRUNED, FINISHED)}
    upto = "" if max_step is None else f"Up to word {max_step}: "
    best = trace.best
    return (f"{upto}{count[KEPT]} candidates kept, {count[PRUNED]} pruned, {count[FINISHED]} finished (width "
            f"{trace.width}). Best translation {quoted(best.text)}, score {best.score:.2f}.")


def beam_comparison_summary(rows: Sequence[tuple[str, Sequence[str], Sequence[float]]], diverge: int | None) -> str:
    """Both word sequences with their scores, and where they part."""
    text = "; ".join(f"{name}: {quoted(' '.join(words))}, score {sum(logps):.2f}" for name, words, logps in rows)
    return text + (". They give the same words." if diverge is None else f". They part at word {diverge + 1}.")
