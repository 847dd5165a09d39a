"""Translation quality by source-sentence length, measured on held-out pairs with a live model.

The classic encoder squeezes a whole sentence into one fixed-size (h, c) pair, so the longer the
sentence the more it must forget; BLEU and exact match per length group make that visible. Each
evaluation costs seconds on a CPU, so results are cached per model ((run, step) plus a weight
fingerprint) in a small thread-safe cache that every browser session shares.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import weakref
from dataclasses import dataclass
from typing import Callable, Sequence

import torch

from s2s.cache import ResultCache
from s2s.data import Pair, load_builtin
from s2s.evaluate import evaluate
from s2s.metrics import LENGTH_GROUPS, length_group
from s2s.view import ModelView

PER_GROUP = 150  # held-out pairs evaluated per length group (keeps a classic model to a few seconds)
LONG_WORDS = 11  # a corpus without sentences of at least this many words cannot show the bottleneck
MIN_PAIRS = 5  # groups with fewer pairs are too noisy to compare
MIN_SHORT_BLEU = 20.0  # below this BLEU on the shortest group the model is still too untrained for a trend
GROUP_ORDER = tuple(length_group(lo) for lo, _ in LENGTH_GROUPS)
CLEAR_GAP = 5.0  # BLEU points: a smaller difference between length groups is not called a difference


@dataclass(frozen=True)
class LengthQuality:
    """ BLEU and exact match per English length group for one model on a fixed set of held-out pairs """

    key: tuple[int, int]  # (run_id, step) of the model
    step: int
    pairs: tuple[Pair, ...]  # the evaluated (english, french) pairs
    hypotheses: tuple[str, ...]  # the model's greedy translation of each pair
    by_length: dict  # group -> {"bleu", "exact_match", "pairs"}, groups in length order
    bleu: float  # over all evaluated pairs
    exact_match: float

    @property
    def groups(self) -> list[str]:
        return list(self.by_length)


def select_pairs(pairs: Sequence[Pair], per_group: int = PER_GROUP) -> list[Pair]:
    """At most `per_group` pairs per length group, in group order.

    Within a group the pairs are ordered by a hash of the English sentence, so the choice is a fixed
    pseudo-random sample: the same pairs on every call, whatever order the corpus file had.
    """
    groups: dict[str, list[Pair]] = {}
    for pair in dict.fromkeys(pairs):  # a repeated pair would count twice
        groups.setdefault(length_group(len(pair[0].split())), []).append(pair)
    chosen = []
    for name in GROUP_ORDER:
        group = sorted(groups.get(name, []), key=lambda p: hashlib.sha1(f"{p[0]}\t{p[1]}".encode()).hexdigest())
        chosen += group[:per_group]
    return chosen


def held_out_pairs(view: ModelView) -> list[Pair]:
    """Test and validation pairs of the view's run: sentences the model never trained on."""
    if view.split is None:
        return []
    return list(view.split.test) + list(view.split.valid)


def measure(view: ModelView, pairs: Sequence[Pair]) -> LengthQuality:
    """Evaluate the view's model on `pairs` (uncached)."""
    result = evaluate(view.model, list(pairs), view.src_vocab, view.tgt_vocab)
    return LengthQuality(view.key, view.step, tuple(pairs), tuple(result["hypotheses"]), result["by_length"],
                         result["bleu"], result["exact_match"])


CACHE = ResultCache(low_priority=True)  # a held-out evaluation: seconds of CPU


def weight_fingerprint(model: torch.nn.Module) -> float:
    """A cheap checksum of the weights: (run, step) names a model within one job, this guards the cache
    against two jobs in one process (a restart from scratch, or tests) reusing the same run id."""
    with torch.no_grad():
        return round(sum(float(p.double().sum()) for p in model.parameters()), 6)


_FINGERPRINTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # model -> (view key, its fingerprint)
_FINGERPRINTS_LOCK = threading.Lock()


def view_fingerprint(view: ModelView) -> float:
    """`weight_fingerprint` of the view's model, once per model object and step: every student opening the
    Bottleneck page asked for it again (tens of milliseconds each on the classic model). A paused training
    model is one object whose step changes, so the step is part of what is remembered."""
    with _FINGERPRINTS_LOCK:
        known = _FINGERPRINTS.get(view.model)
    if known is not None and known[0] == view.key:
        return known[1]
    value = weight_fingerprint(view.model)
    with _FINGERPRINTS_LOCK:
        _FINGERPRINTS[view.model] = (view.key, value)
    return value


def quality_by_length(view: ModelView, per_group: int = PER_GROUP, cache: ResultCache = CACHE) -> LengthQuality:
    """BLEU and exact match per length group on (at most `per_group` per group) held-out pairs, cached."""
    pairs = select_pairs(held_out_pairs(view), per_group)
    key = (view.key, view_fingerprint(view), per_group, hash(tuple(pairs)))  # other pairs: another key
    return cache.get_or_compute(key, lambda: measure(view, pairs))


def compare_steps(load_view: Callable[[int], ModelView], steps: Sequence[int], per_group: int = PER_GROUP,
                  on_progress: Callable[[int, int], None] | None = None,
                  cache: ResultCache = CACHE) -> list[LengthQuality]:
    """`quality_by_length` for the model at each of `steps` (e.g. `job.inspect_model(step=k)`), in step order.

    `on_progress(done, total)` is called after each step so a page can show progress.
    """
    results = []
    for done, step in enumerate(sorted(steps), start=1):
        results.append(quality_by_length(load_view(step), per_group, cache))
        if on_progress:
            on_progress(done, len(steps))
    return results


def spread_steps(steps: Sequence[int], n: int = 4) -> list[int]:
    """Up to `n` steps evenly spread over `steps` (first and last included), a default for comparisons."""
    steps = sorted(steps)
    if len(steps) <= n:
        return steps
    picks = {steps[round(i * (len(steps) - 1) / (n - 1))] for i in range(n)}
    return sorted(picks)


def longest_sentence(pairs: Sequence[Pair]) -> int:
    """The number of words of the longest English sentence (0 for no pairs)."""
    return max((len(src.split()) for src, _ in pairs), default=0)


def has_long_sentences(pairs: Sequence[Pair], min_words: int = LONG_WORDS) -> bool:
    return longest_sentence(pairs) >= min_words


@functools.lru_cache(maxsize=1)
def builtin_longest_sentence() -> int:
    """Words in the built-in corpus's longest English sentence (the corpus file is read once per process)."""
    return longest_sentence(load_builtin()[0])


def long_sentence_advice(corpus_name: str, longest_here: int, builtin_longest: int,
                         min_words: int = LONG_WORDS) -> str:
    """Why this run cannot show the bottleneck and, when the built-in corpus can, how to get there."""
    text = (f"The bottleneck needs long sentences ({min_words} words or more), but the longest held-out sentence "
            f"of {corpus_name} has {longest_here} words.")
    if builtin_longest >= min_words:
        text += (f" Restart training on the built-in corpus (sidebar, run settings) keeping sentences of "
                 f"{min_words} words or more: its longest sentence has {builtin_longest} words.")
    return text


def learning_order_sentence(results: Sequence[LengthQuality]) -> str:
    """How the shortest and the longest length groups changed between the first and the last chosen step."""
    ordered = sorted(results, key=lambda q: q.step)
    if len(ordered) < 2:
        return "Pick two or more training steps to see how each length group changed."
    first, last = ordered[0], ordered[-1]
    usable = [b for b in last.groups if b in first.by_length and last.by_length[b]["pairs"] >= MIN_PAIRS]
    if len(usable) < 2:
        return "There are too few held-out sentences in different length groups to compare short with long."
    short, long = usable[0], usable[-1]
    gain = {b: last.by_length[b]["bleu"] - first.by_length[b]["bleu"] for b in (short, long)}
    numbers = (f"From step {first.step:,} to step {last.step:,}, BLEU changed by {gain[short]:+.0f} on "
               f"{_words(short)} word sentences and by {gain[long]:+.0f} on {_words(long)} word sentences")
    if max(gain.values()) < CLEAR_GAP:
        return f"{numbers}: neither length group has clearly improved yet."
    if gain[short] >= gain[long] + CLEAR_GAP:
        return f"{numbers}: short sentences improved more than long ones."
    if gain[long] >= gain[short] + CLEAR_GAP:
        return f"{numbers}: long sentences improved more than short ones."
    return f"{numbers}: short and long sentences improved by about as much."


def trend_sentence(q: LengthQuality) -> str:
    """One plain sentence, from the numbers, on how quality changes from the shortest to the longest group."""
    usable = [b for b in q.groups if q.by_length[b]["pairs"] >= MIN_PAIRS]
    if len(usable) < 2:
        return "There are too few held-out sentences in different length groups to compare short with long."
    short, long = q.by_length[usable[0]], q.by_length[usable[-1]]
    names = f"{_words(usable[0])} word sentences", f"{_words(usable[-1])} word sentences"
    if short["bleu"] < MIN_SHORT_BLEU:
        return (f"The model is still too untrained to show a trend: BLEU is only {short['bleu']:.0f} even on "
                f"{names[0]}. Let it train longer and come back.")
    numbers = (f"BLEU goes from {short['bleu']:.0f} on {names[0]} to {long['bleu']:.0f} on {names[1]}, and "
               f"exact match from {100 * short['exact_match']:.0f}% to {100 * long['exact_match']:.0f}%.")
    if long["bleu"] <= short["bleu"] - CLEAR_GAP:
        return f"Long sentences come out worse: {numbers}"
    return f"No clear drop with length at this step: {numbers}"


def _words(group: str) -> str:
    return group.replace("-", "–")


def longest_examples(q: LengthQuality, n: int = 5) -> list[tuple[str, str, str]]:
    """The `n` longest evaluated sentences as (english, reference, model translation), longest first."""
    order = sorted(range(len(q.pairs)), key=lambda i: (-len(q.pairs[i][0].split()), i))
    return [(q.pairs[i][0], q.pairs[i][1], q.hypotheses[i]) for i in order[:n]]


def compare_words(reference: str, hypothesis: str) -> dict:
    """How far a translation follows its reference: the matching opening words and the words recovered."""
    ref, hyp = reference.split(), hypothesis.split()
    prefix = 0
    while prefix < min(len(ref), len(hyp)) and ref[prefix] == hyp[prefix]:
        prefix += 1
    left = list(ref)
    recovered = 0
    for word in hyp:
        if word in left:
            left.remove(word)
            recovered += 1
    return {"ref_words": len(ref), "hyp_words": len(hyp), "same_start": prefix, "recovered": recovered}
