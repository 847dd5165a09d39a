"""Held-out evaluation: teacher-forced loss and translation quality (BLEU, exact match, by sentence length).

Kept apart from training so the trainer imports no decoding: it takes this function as its `evaluator`.
"""

from __future__ import annotations

from typing import Sequence

import torch

from s2s.batching import bucketed_batches, encode_pairs
from s2s.beam import beam_search
from s2s.data import Pair
from s2s.decode import greedy_batch
from s2s.metrics import quality
from s2s.model import Seq2Seq
from s2s.vocab import Vocabulary


@torch.no_grad()
def evaluate(model: Seq2Seq, pairs: Sequence[Pair], src_vocab: Vocabulary, tgt_vocab: Vocabulary,
             device: torch.device | str = "cpu", batch_size: int = 256, beam: int = 1, alpha: float = 0.0) -> dict:
    """Teacher-forced loss and translation quality (BLEU, exact match, by length) on `pairs`.

    Translations are greedy (batched, fast) unless `beam` > 1, which runs beam search per sentence.
    """
    model.eval()
    encoded = encode_pairs(pairs, src_vocab, tgt_vocab, model.cfg.max_len)
    hyps: list[str] = [""] * len(pairs)
    total_loss, n_tokens = 0.0, 0
    for batch in bucketed_batches(encoded, batch_size):
        batch = batch.to(device)
        enc = model.encode(batch.src_ids, batch.src_lens)
        n = batch.n_tgt_tokens
        total_loss += float(model.loss_teacher_forced(enc, batch.tgt_in, batch.tgt_out)) * n
        n_tokens += n
        if beam > 1:
            continue
        for i, ids in zip(batch.indices, greedy_batch(model, batch.src_ids, batch.src_lens, model.cfg.max_len)):
            hyps[i] = " ".join(tgt_vocab.decode(ids))
    if beam > 1:
        hyps = [beam_search(model, src, src_vocab, tgt_vocab, beam, alpha=alpha).best.text for src, _ in pairs]
    result = quality([s for s, _ in pairs], hyps, [t for _, t in pairs])
    result["loss"] = total_loss / max(n_tokens, 1)
    result["hypotheses"] = hyps
    return result
