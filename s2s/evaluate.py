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
from s2s.model import Encoded, Seq2Seq
from s2s.vocab import EOS_ID, PAD_ID, Vocabulary


@torch.no_grad()
def evaluate(model: Seq2Seq, pairs: Sequence[Pair], src_vocab: Vocabulary, tgt_vocab: Vocabulary,
             device: torch.device | str = "cpu", batch_size: int = 256, beam: int = 1, alpha: float = 0.0,
             teacher_forced: bool = False) -> dict:
    """Teacher-forced loss and translation quality (BLEU, exact match, by length) on `pairs`.

    Translations are greedy (batched, fast) unless `beam` > 1, which runs beam search per sentence.
    `teacher_forced=True` is a bug switch (TrainConfig.bug_eval_teacher_forced): each "translated" word is
    predicted from the reference's previous words, so the scores flatter the model.
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
        if teacher_forced:
            out_ids = teacher_forced_ids(model, enc, batch.tgt_in)
        else:
            out_ids = greedy_batch(model, batch.src_ids, batch.src_lens, model.cfg.max_len)
        for i, ids in zip(batch.indices, out_ids):
            hyps[i] = " ".join(tgt_vocab.decode(ids))
    if beam > 1:
        hyps = [beam_search(model, src, src_vocab, tgt_vocab, beam, alpha=alpha).best.text for src, _ in pairs]
    result = quality([s for s, _ in pairs], hyps, [t for _, t in pairs])
    result["loss"] = total_loss / max(n_tokens, 1)
    result["hypotheses"] = hyps
    return result


def teacher_forced_ids(model: Seq2Seq, enc: Encoded, tgt_in: torch.Tensor) -> list[list[int]]:
    """Each position's argmax word when the decoder is fed the reference's previous words (the eval bug).

    This is what a training loop's forward pass predicts; it is not a translation, because a real
    translation never sees the reference.
    """
    features, _ = model.decoder.run(tgt_in, enc.state, enc)  # [tgt_len, batch, features]
    ids = model.decoder.out(features).argmax(-1).transpose(0, 1).tolist()  # [batch, tgt_len]
    lens = (tgt_in != PAD_ID).sum(0).tolist()  # [batch] reference length + 1 (<SOS>)
    rows = [row[:n] for row, n in zip(ids, lens)]
    return [row[: row.index(EOS_ID)] if EOS_ID in row else row for row in rows]
