"""Turn sentence pairs into padded id tensors `[seq_len, batch]`, grouped by length.

Length bucketing puts sentences of similar length together, so a batch carries little padding and
the LSTMs waste few steps. PAD=0 fills the short sentences; the loss ignores it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Sequence

import torch

from s2s.data import Pair
from s2s.vocab import EOS_ID, PAD_ID, SOS_ID, Vocabulary


@dataclass(frozen=True)
class Batch:
    """ one padded batch; every tensor is time-major like nn.LSTM's default """

    src_ids: torch.Tensor  # [src_len, batch] English ids, PAD after each sentence
    src_lens: torch.Tensor  # [batch] real English lengths (cpu int64, as pack_padded_sequence wants)
    tgt_in: torch.Tensor  # [tgt_len, batch] decoder inputs: <SOS> w1 ... wn, then PAD
    tgt_out: torch.Tensor  # [tgt_len, batch] decoder targets: w1 ... wn <EOS>, then PAD
    indices: tuple[int, ...]  # positions of these pairs in the encoded list

    @property
    def size(self) -> int:
        return self.src_ids.shape[1]

    @property
    def n_tgt_tokens(self) -> int:
        """Real target tokens (the positions the loss counts)."""
        return int((self.tgt_out != PAD_ID).sum())

    def to(self, device: torch.device | str) -> "Batch":
        return Batch(self.src_ids.to(device), self.src_lens, self.tgt_in.to(device),
                     self.tgt_out.to(device), self.indices)


def encode_pairs(pairs: Sequence[Pair], src_vocab: Vocabulary, tgt_vocab: Vocabulary,
                 max_len: int) -> list[tuple[list[int], list[int]]]:
    """Ids for each pair, cut to `max_len` tokens (the target keeps room for <EOS>)."""
    return [(src_vocab.encode(s)[:max_len], tgt_vocab.encode(t)[: max_len - 1]) for s, t in pairs]


def pad(seqs: Sequence[Sequence[int]]) -> torch.Tensor:
    """Stack id lists into a `[max_len, batch]` tensor filled with PAD (one tensor built from padded lists: an
    epoch's batches are rebuilt between two training steps, so this runs for every pair of the corpus)."""
    width = max(len(s) for s in seqs)
    rows = [[*seq, *[PAD_ID] * (width - len(seq))] for seq in seqs]
    out = torch.tensor(rows, dtype=torch.long).reshape(len(seqs), width)  # [batch, max_len]
    return out.t().contiguous()  # [max_len, batch]


def collate(encoded: Sequence[tuple[list[int], list[int]]], indices: Sequence[int]) -> Batch:
    """Build one Batch from the encoded pairs at `indices`."""
    srcs = [encoded[i][0] or [PAD_ID] for i in indices]
    tgts = [encoded[i][1] for i in indices]
    src_lens = torch.tensor([max(1, len(encoded[i][0])) for i in indices], dtype=torch.long)
    tgt_in = pad([[SOS_ID] + t for t in tgts])
    tgt_out = pad([t + [EOS_ID] for t in tgts])
    return Batch(pad(srcs), src_lens, tgt_in, tgt_out, tuple(indices))


def bucketed_batches(encoded: Sequence[tuple[list[int], list[int]]], batch_size: int,
                     rng: random.Random | None = None) -> list[Batch]:
    """Batches of similar-length pairs; with `rng`, lengths tie-break randomly and batch order is shuffled.

    Without `rng` the order is deterministic (longest first is not needed: sorted by length).
    """
    order = list(range(len(encoded)))
    noise = [rng.random() for _ in order] if rng else [0.0] * len(order)
    order.sort(key=lambda i: (len(encoded[i][0]), len(encoded[i][1]), noise[i]))
    batches = [collate(encoded, order[k: k + batch_size]) for k in range(0, len(order), batch_size)]
    if rng:
        rng.shuffle(batches)
    return batches
