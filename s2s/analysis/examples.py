"""Find a corpus sentence that shows an effect on the model as it is now, for a lecture.

A trained model gets most sentences right, so a fixed demo sentence soon stops showing anything: free
running agrees with teacher forcing, beam search with greedy, and a forced word is followed by the same
tail. This module searches a bounded pool of held-out and training sentences with the inspected model:
one batched screening pass (greedy translations, teacher-forced predictions and how close each greedy
choice was) ranks the pool, and the few best candidates are then checked with exactly the functions the
pages call (`compare_decoding`, `beam_search`, `greedy`), so the example shows on the page what it
promises. Results are cached per model and effect in a process-wide cache shared by every session.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Sequence

import torch

from s2s.analysis.bottleneck import (
    LONG_WORDS,
    ResultCache,
    held_out_pairs,
    quality_by_length,
    select_pairs,
    view_fingerprint,
)
from s2s.batching import bucketed_batches, encode_pairs, pad
from s2s.beam import beam_search
from s2s.data import Pair
from s2s.decode import greedy, greedy_batch
from s2s.metrics import LENGTH_GROUPS
from s2s.teacher import compare_decoding, word_diff
from s2s.view import ModelView
from s2s.vocab import PAD_ID, SOS_ID, tokenize

FREE_RUNNING, BEAM, FORCING, LONG, UNKNOWN = "free running", "beam", "forcing", "long", "unknown"
EFFECTS = (FREE_RUNNING, BEAM, FORCING, LONG, UNKNOWN)
N_HELD_OUT, N_TRAIN = 150, 150  # the screened pool: a few hundred sentences, one batched pass
N_CHECKED = 12  # best-ranked candidates checked with the pages' own functions
CACHE = ResultCache(capacity=32, low_priority=True)  # a search: a few hundred decodes


@dataclass(frozen=True)
class Example:
    """ one corpus sentence that shows an effect on this model, with the numbers that show it """

    effect: str
    src: str
    ref: str  # the corpus translation
    part: str  # the split it comes from: train, valid or test
    translation: str  # the model's greedy translation
    step: int | None = None  # FREE_RUNNING: free running's first mistake; FORCING: the step to force
    word: str = ""  # FORCING: the word to force there; UNKNOWN: the first word the vocabulary lacks
    later: int = 0  # FREE_RUNNING, FORCING: output positions after `step`
    changed: int = 0  # of those, FREE_RUNNING: wrong when running free; FORCING: holding another word
    teacher_wrong: int = 0  # FREE_RUNNING: of those, wrong with teacher forcing
    greedy_score: float = 0.0  # BEAM: log-probability of greedy's sentence
    beam_score: float = 0.0  # BEAM: log-probability of the beam's best sentence (higher)
    beam_translation: str = ""  # BEAM: the beam's best sentence

    @property
    def gain(self) -> float:
        """BEAM: minus how much more likely (in log-probability) the beam's sentence is than greedy's."""
        return self.greedy_score - self.beam_score


@dataclass(frozen=True)
class Search:
    """ the outcome of one search: the example found (None when no candidate shows the effect) """

    effect: str
    example: Example | None
    n_candidates: int  # sentences looked at
    model_step: int  # the training step of the model searched
    width: int = 0  # BEAM: the beam width searched with


@dataclass(frozen=True)
class Screened:
    """ one candidate after the batched screening pass """

    pair: Pair
    part: str
    translation: tuple[str, ...]  # greedy words, without <EOS>
    teacher_wrong: int  # reference positions whose teacher-forced argmax is not the reference word
    margin: float  # smallest gap, along greedy's path, between the best and second-best log-probability
    margin_step: int  # the step of that smallest gap

    @property
    def wrong(self) -> bool:
        return list(self.translation) != self.pair[1].split()


def candidate_pool(view: ModelView, n_held_out: int = N_HELD_OUT, n_train: int = N_TRAIN) -> list[tuple[Pair, str]]:
    """Held-out sentences spread over every length group (a trained model errs on the long ones), then a
    fixed sample of training ones, each with its split's name."""
    split = view.split
    if split is None:
        return []
    test = set(split.test)
    held = select_pairs(held_out_pairs(view), max(1, n_held_out // len(LENGTH_GROUPS)))
    train = random.Random(0).sample(split.train, min(n_train, len(split.train)))
    return [(p, "test" if p in test else "valid") for p in held] + [(p, "train") for p in train]


@torch.no_grad()
def screen(view: ModelView, pool: Sequence[tuple[Pair, str]], batch_size: int = 128) -> list[Screened]:
    """One batched pass over the pool: greedy translations, teacher-forced mistakes, greedy's closest calls."""
    model, max_len = view.model.eval(), view.model.cfg.max_len
    encoded = encode_pairs([p for p, _ in pool], view.src_vocab, view.tgt_vocab, max_len)
    out: list[Screened | None] = [None] * len(pool)
    for batch in bucketed_batches(encoded, batch_size):
        enc = model.encode(batch.src_ids, batch.src_lens)
        hidden, _ = model.decoder.run(batch.tgt_in, enc.state, enc)  # [tgt_len, batch, hidden]
        predicted = model.decoder.out(hidden).argmax(-1)  # [tgt_len, batch]
        wrong = ((predicted != batch.tgt_out) & (batch.tgt_out != PAD_ID)).sum(0).tolist()  # [batch]
        hyps = greedy_batch(model, batch.src_ids, batch.src_lens, max_len)
        margins, where = _closest_calls(model, enc, hyps)
        for j, i in enumerate(batch.indices):
            words = tuple(view.tgt_vocab.decode(hyps[j]))
            out[i] = Screened(pool[i][0], pool[i][1], words, wrong[j], margins[j], where[j])
    return [s for s in out if s is not None]


def _closest_calls(model, enc, hyps: list[list[int]]) -> tuple[list[float], list[int]]:
    """Per sentence, the smallest top-1 minus top-2 log-probability along its greedy path, and its step."""
    tgt_in = pad([[SOS_ID] + h for h in hyps])  # [steps, batch] greedy's own inputs replay its states
    hidden, _ = model.decoder.run(tgt_in.to(enc.outputs.device), enc.state, enc)  # [steps, batch, hidden]
    top2 = torch.log_softmax(model.decoder.out(hidden), dim=-1).topk(2, dim=-1).values  # [steps, batch, 2]
    gaps = top2[..., 0] - top2[..., 1]  # [steps, batch]
    real = torch.arange(gaps.shape[0])[:, None] <= torch.tensor([len(h) for h in hyps])[None, :]
    gaps = gaps.masked_fill(~real.to(gaps.device), float("inf"))  # only the steps greedy took (and its <EOS>)
    values, steps = gaps.min(dim=0)
    return values.tolist(), steps.tolist()


# ---- one search per effect ----------------------------------------------------------------------------
def _free_running(view: ModelView, screened: list[Screened]) -> Example | None:
    """A pair where free running goes wrong and keeps getting later words wrong that teacher forcing gets right."""
    ranked = sorted((s for s in screened if s.wrong), key=lambda s: (s.teacher_wrong, len(s.pair[0].split())))
    best, best_rank = None, None
    for s in ranked[:N_CHECKED]:
        cmp = compare_decoding(view.model, *s.pair, view.src_vocab, view.tgt_vocab)
        c = cmp.compounding()
        if c is None or c.free_wrong <= c.teacher_wrong:
            continue
        rank = (c.free_wrong - c.teacher_wrong, -len(cmp.source_tokens))
        if best_rank is None or rank > best_rank:
            best_rank = rank
            best = Example(FREE_RUNNING, *s.pair, s.part, cmp.free.predicted_text, c.first, "", c.n_later,
                           c.free_wrong, c.teacher_wrong)
    return best


def _beam(view: ModelView, screened: list[Screened], width: int) -> Example | None:
    """The shortest sentence where beam search (width `width`, no length penalty) finds a sentence that the
    model scores higher than greedy's; greedy's closest calls are checked first."""
    best = None
    for s in sorted(screened, key=lambda s: s.margin)[:16]:
        beam = beam_search(view.model, s.pair[0], view.src_vocab, view.tgt_vocab, width)
        plain = greedy(view.model, s.pair[0], view.src_vocab, view.tgt_vocab, k=2)
        if beam.best.score <= plain.score + 1e-6 or beam.best.tokens == plain.words:
            continue
        if best is None or (len(s.pair[0]), plain.score - beam.best.score) < (len(best.src), best.gain):
            best = Example(BEAM, *s.pair, s.part, plain.text, greedy_score=plain.score, beam_score=beam.best.score,
                           beam_translation=beam.best.text)
    return best


def _forcing(view: ModelView, screened: list[Screened]) -> Example | None:
    """A sentence and a runner-up word whose forcing changes the words greedy writes after it: a clear case
    (at least two and at least half of the later words change) in the shortest sentence, for a class to read."""
    best, best_rank = None, None
    for s in sorted((s for s in screened if len(s.translation) >= 3), key=lambda s: s.margin)[:N_CHECKED]:
        plain = greedy(view.model, s.pair[0], view.src_vocab, view.tgt_vocab, k=3)
        for t in dict.fromkeys((s.margin_step, 0)):
            if t >= len(plain.steps) - 1:
                continue
            word = next((w for w in plain.steps[t].topk_tokens[1:] if w != "<EOS>"), None)
            if word is None:
                continue
            forced = greedy(view.model, s.pair[0], view.src_vocab, view.tgt_vocab, force={t: word})
            diff = word_diff([x.chosen_token for x in plain.steps], [x.chosen_token for x in forced.steps])
            changed = diff.n_changed_later
            rank = (changed >= 2 and 2 * changed >= diff.n_later, -len(s.translation), changed)
            if changed and (best_rank is None or rank > best_rank):
                best_rank = rank
                best = Example(FORCING, *s.pair, s.part, plain.text, t, word, diff.n_later, changed)
    return best


def _long(view: ModelView) -> tuple[Example | None, int]:
    """The longest held-out sentence (of at least LONG_WORDS words) that the model translates wrongly."""
    q = quality_by_length(view)
    long = sorted((i for i, (src, _) in enumerate(q.pairs) if len(src.split()) >= LONG_WORDS),
                  key=lambda i: (-len(q.pairs[i][0].split()), i))
    failed = next((i for i in long if q.hypotheses[i].split() != q.pairs[i][1].split()), None)
    if failed is None:
        return None, len(long)
    part = "test" if q.pairs[failed] in set(view.split.test) else "valid"
    return Example(LONG, *q.pairs[failed], part, q.hypotheses[failed]), len(long)


def _unknown(view: ModelView) -> tuple[Example | None, int]:
    """The shortest corpus sentence with an English word the vocabulary lacks (read as <UNK>)."""
    pool = [(p, part) for part in ("valid", "test", "train") for p in view.split.part(part)]
    found = [(p, part, w) for p, part in pool for w in tokenize(p[0])[: view.model.cfg.max_len]
             if w not in view.src_vocab]
    if not found:
        return None, len(pool)
    pair, part, word = min(found, key=lambda f: len(f[0][0].split()))
    plain = greedy(view.model, pair[0], view.src_vocab, view.tgt_vocab, k=1)
    return Example(UNKNOWN, *pair, part, plain.text, word=word), len(pool)


def search(view: ModelView, effect: str, width: int = 5) -> Search:
    """Look for an example of `effect` (uncached); `width` is the beam width for BEAM."""
    assert effect in EFFECTS, f"unknown effect {effect!r}; choose one of {EFFECTS}"
    if view.split is None:
        return Search(effect, None, 0, view.step, width)
    if effect == LONG:
        return Search(effect, *_long(view), view.step)
    if effect == UNKNOWN:
        return Search(effect, *_unknown(view), view.step)
    screened = screen(view, candidate_pool(view))
    found = {FREE_RUNNING: lambda: _free_running(view, screened), BEAM: lambda: _beam(view, screened, width),
             FORCING: lambda: _forcing(view, screened)}[effect]()
    return Search(effect, found, len(screened), view.step, width if effect == BEAM else 0)


def find_example(view: ModelView, effect: str, width: int = 5, cache: ResultCache = CACHE) -> Search:
    """`search`, computed once per model, effect and beam width for every session (process-wide cache)."""
    key = (view.key, view_fingerprint(view), effect, width if effect == BEAM else 0)
    return cache.get_or_compute(key, lambda: search(view, effect, width))
