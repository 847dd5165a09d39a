"""Translation quality: corpus BLEU (sacrebleu), exact match, and both per source-length group.

The per-length figures are what shows the bottleneck: the classic model's single context vector
holds short sentences well and long ones badly.
"""

from __future__ import annotations

from typing import Sequence

import sacrebleu

LENGTH_GROUPS = ((1, 5), (6, 10), (11, 15), (16, 20), (21, None))  # English words, inclusive


def length_group(n_words: int) -> str:
    """The group key ("1-5", ..., "21+") for an English sentence of n_words tokens."""
    for lo, hi in LENGTH_GROUPS:
        if hi is None or n_words <= hi:
            return f"{lo}-{hi}" if hi is not None else f"{lo}+"
    raise AssertionError("unreachable: the last group is open-ended")


def bleu(hyps: Sequence[str], refs: Sequence[str]) -> float:
    """Corpus-level BLEU (0-100) with sacrebleu's defaults; one reference per hypothesis.

    Our sentences are already tokenised by `normalize`; `force=True` tells sacrebleu that is intended.
    """
    if not hyps:
        return 0.0
    return float(sacrebleu.corpus_bleu(list(hyps), [list(refs)], force=True).score)


def exact_match(hyps: Sequence[str], refs: Sequence[str]) -> float:
    """Share of hypotheses identical to their reference, token for token."""
    if not hyps:
        return 0.0
    return sum(h.split() == r.split() for h, r in zip(hyps, refs)) / len(hyps)


def quality(srcs: Sequence[str], hyps: Sequence[str], refs: Sequence[str]) -> dict:
    """BLEU, exact match and pair count overall and per English-length group (empty groups omitted)."""
    groups: dict[str, tuple[list[str], list[str]]] = {}
    for src, hyp, ref in zip(srcs, hyps, refs):
        key = length_group(len(src.split()))
        groups.setdefault(key, ([], []))
        groups[key][0].append(hyp)
        groups[key][1].append(ref)
    order = [length_group(lo) for lo, _ in LENGTH_GROUPS]
    by_length = {
        key: {"bleu": bleu(*groups[key]), "exact_match": exact_match(*groups[key]), "pairs": len(groups[key][0])}
        for key in order if key in groups
    }
    return {"bleu": bleu(hyps, refs), "exact_match": exact_match(hyps, refs), "pairs": len(hyps),
            "by_length": by_length}
