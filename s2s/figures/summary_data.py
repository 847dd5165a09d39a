"""Text alternatives for the training, data, shapes, bottleneck and poll charts: one or two plain sentences
computed from the numbers each chart draws.

A screen reader cannot read a Plotly chart, and a student at the back of the room may not see it well, so the
page prints this text beside every chart (pages/_chart.py). Each function takes the same data as its figure
builder (`loss_figure` -> `loss_summary`, ...) and states what the chart shows, never a fixed claim.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import torch

from s2s.analysis.bottleneck import LengthQuality, trend_sentence
from s2s.analysis.compare import Comparison
from s2s.analysis.datastats import MinFreqEffect
from s2s.analysis.polls import PollQuestion
from s2s.analysis.runs import RunRecord, quality_sentence
from s2s.analysis.stages import Stage
from s2s.figures.common import smooth
from s2s.vocab import EOS_ID, PAD_ID, SOS_ID, UNK_ID


def quoted(word: str) -> str:
    """A model or corpus word inside typographic quotes, as the summaries cite words."""
    return f"“{word}”"


def _floats(values: Sequence[float]) -> np.ndarray:
    return np.asarray(values, dtype=float)


def loss_summary(steps: dict, evals: dict) -> str:
    """Where the smoothed training loss started and is now, and the latest and lowest validation loss."""
    x, y = np.asarray(steps.get("step", ())), _floats(steps.get("loss", ()))
    ok = np.flatnonzero(np.isfinite(y))
    if not len(ok):
        return "No training step has been recorded yet."
    level = smooth(y)
    text = (f"Smoothed training loss {level[ok[-1]]:.2f} at step {int(x[ok[-1]]):,}, down from "
            f"{y[ok[0]]:.2f} at step {int(x[ok[0]]):,}." if level[ok[-1]] < y[ok[0]] else
            f"Smoothed training loss {level[ok[-1]]:.2f} at step {int(x[ok[-1]]):,} "
            f"(it was {y[ok[0]]:.2f} at step {int(x[ok[0]]):,}).")
    if evals.get("step"):
        v = _floats(evals["loss"])
        best = int(np.nanargmin(v)) if np.isfinite(v).any() else len(v) - 1
        text += (f" Validation loss {v[-1]:.2f} at step {int(evals['step'][-1]):,}; lowest {v[best]:.2f} at step "
                 f"{int(evals['step'][best]):,}.")
    return text


def quality_summary(evals: dict) -> str:
    """The latest held-out BLEU and exact match, and the best BLEU so far."""
    if not evals.get("step"):
        return "No held-out evaluation has run yet."
    bleu, exact, at = evals["bleu"], evals["exact_match"], evals["step"]
    best = int(np.argmax(bleu))
    return (f"At step {int(at[-1]):,}: held-out BLEU {bleu[-1]:.1f} and exact match {100 * exact[-1]:.0f}%. "
            f"Best BLEU so far {bleu[best]:.1f}, at step {int(at[best]):,}.")


def grad_norm_summary(steps: dict) -> str:
    """How often clipping shrank the update (the norm after clipping is below the norm before)."""
    before, after = _floats(steps.get("grad_norm", ())), _floats(steps.get("clipped_norm", ()))
    ok = np.isfinite(before) & np.isfinite(after)
    if not ok.any():
        return "No gradient norms recorded yet."
    before, after = before[ok], after[ok]
    clipped = after < before * (1 - 1e-6)
    return (f"Clipping shrank {clipped.sum():,} of the last {len(before):,} recorded updates "
            f"({clipped.mean():.0%}); the median gradient norm before clipping was {np.median(before):.2f}.")


def _length_phrase(hist: dict[int, int]) -> str:
    lengths = sorted(n for n, count in hist.items() if count)
    mode = max(hist, key=lambda n: (hist[n], -n))
    return f"{lengths[0]} to {lengths[-1]} tokens, most often {mode}"


def length_histogram_summary(src_lengths: dict[int, int], tgt_lengths: dict[int, int]) -> str:
    """The range and the most common length of the English and the French sentences."""
    if not src_lengths or not tgt_lengths:
        return "There are no training sentences."
    return (f"English training sentences have {_length_phrase(src_lengths)}; French ones "
            f"{_length_phrase(tgt_lengths)}.")


def top_words_summary(top: Sequence[tuple[str, int]], language: str) -> str:
    """The three most frequent words with their counts."""
    if not top:
        return f"There are no {language} training words."
    first = ", ".join(f"{quoted(w)} ({n:,} times)" for w, n in top[:3])
    return f"The most frequent {language} words are {first}; the chart lists {len(top)}."


def min_freq_summary(effects: Sequence[MinFreqEffect], chosen: int) -> str:
    """Vocabulary size and <UNK> share at the chosen threshold, against min_freq 1."""
    at = {e.min_freq: e for e in effects}
    e, first = at[chosen], effects[0]
    return (f"At min_freq {chosen} the vocabulary has {e.vocab_size:,} ids and {e.unk_share:.2%} of the running "
            f"words become <UNK>; at min_freq {first.min_freq} it has {first.vocab_size:,} ids and "
            f"{first.unk_share:.2%}.")


def token_matrix_summary(ids: torch.Tensor) -> str:
    """A `[seq_len, batch]` id grid: its size and how many cells are padding, start/end marks and <UNK>."""
    grid = ids.tolist()  # [seq_len][batch]
    cells = [i for row in grid for i in row]
    n_pad = sum(i == PAD_ID for i in cells)
    n_mark = sum(i in (SOS_ID, EOS_ID) for i in cells)
    n_unk = sum(i == UNK_ID for i in cells)
    return (f"{len(grid)} time steps × {len(grid[0]) if grid else 0} sentences. <PAD>: {n_pad} of {len(cells)} cells "
            f"({n_pad / max(len(cells), 1):.0%}); <SOS> or <EOS>: {n_mark}; <UNK>: {n_unk}.")


def loss_mask_summary(tgt_out: torch.Tensor) -> str:
    """How many target cells the loss counts and how many <PAD> cells it ignores."""
    n_cells = tgt_out.numel()
    n_pad = int((tgt_out == PAD_ID).sum())
    return f"The loss counts {n_cells - n_pad} of the {n_cells} target cells and ignores the {n_pad} <PAD> cell(s)."


def shape_flow_summary(stages: Sequence[Stage], ghost: tuple[str, Sequence[int]] | None = None) -> str:
    """The number of tensors and the largest one; the tensor never built, for comparison."""
    largest = max(stages, key=lambda s: s.n_values)
    shape = "[" + ", ".join(map(str, largest.shape)) + "]"
    text = (f"{len(stages)} tensors from ids to loss; the largest is {largest.name} {shape} with "
            f"{largest.n_values:,} values.")
    if ghost:
        name, dims = ghost
        text += f" {name[0].upper()}{name[1:]} would hold {int(np.prod(dims)):,}."
    return text


def length_quality_summary(q: LengthQuality) -> str:
    """The trend from short to long sentences, then every bar's value."""
    bars = "; ".join(f"{b.replace('-', '–')} words BLEU {q.by_length[b]['bleu']:.0f}, exact match "
                     f"{100 * q.by_length[b]['exact_match']:.0f}% ({q.by_length[b]['pairs']} pairs)"
                     for b in q.groups)
    return f"{trend_sentence(q)} By length: {bars}."


def snapshots_summary(results: Sequence[LengthQuality]) -> str:
    """BLEU on the shortest and the longest length group at the earliest and the latest step shown."""
    ordered = sorted(results, key=lambda r: r.step)
    first, last = ordered[0], ordered[-1]
    shared = [b for b in first.groups if b in last.by_length]
    if not shared:
        return f"{len(ordered)} training steps shown."
    parts = [f"on {b.replace('-', '–')} words from {first.by_length[b]['bleu']:.0f} to {last.by_length[b]['bleu']:.0f}"
             for b in dict.fromkeys((shared[0], shared[-1]))]
    return f"From step {first.step:,} to step {last.step:,}, BLEU went " + " and ".join(parts) + "."


def _run_loss(run: RunRecord) -> str:
    y = _floats(run.steps.get("loss") or ())
    ok = np.flatnonzero(np.isfinite(y))
    return f"{run.name}: smoothed training loss {smooth(y)[ok[-1]]:.2f}" if len(ok) else f"{run.name}: no loss yet"


def curves_summary(first: RunRecord, second: RunRecord) -> str:
    """Both runs' latest smoothed training loss, then who ends with the better validation BLEU."""
    return f"{_run_loss(first)}; {_run_loss(second)}. {quality_sentence(first, second)}"


def grad_norms_summary(first: RunRecord, second: RunRecord) -> str:
    """Both runs' median and largest gradient norm before clipping."""
    parts = []
    for run in (first, second):
        g = _floats(run.steps.get("grad_norm") or ())
        g = g[np.isfinite(g)]
        parts.append(f"{run.name}: median {np.median(g):.2f}, largest {g.max():.2f}" if len(g) else
                     f"{run.name}: none recorded")
    return "Gradient norm before clipping, " + "; ".join(parts) + "."


def model_comparison_summary(result: Comparison) -> str:
    """The verdict on long sentences (computed by the comparison itself)."""
    return result.verdict()


def poll_summary(question: PollQuestion, counts: Sequence[int]) -> str:
    """Every choice's share of the votes, then the model's answer with its number."""
    n_votes = sum(counts)
    shares = ", ".join(f"{quoted(c)} {100 * n / n_votes if n_votes else 0:.0f}% ({n})"
                       for c, n in zip(question.choices, counts))
    text = f"{n_votes} vote{'s' * (n_votes != 1)}: {shares}."
    if question.answer is not None:
        value = question.values[question.answer] if question.values else None
        number = f" ({question.value_name} {100 * value:.1f}%)" if value is not None and np.isfinite(value) else ""
        text += f" The model's answer: {quoted(question.answer_label)}{number}."
    return text
