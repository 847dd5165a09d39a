"""The classic encoder-decoder LSTM: tensors in, tensors out, nothing else.

Encoder: embedding -> LSTM over the English ids; its final (h, c) is the context, the only thing the
decoder learns about the sentence (the fixed-vector bottleneck). Decoder: embedding -> LSTM started
from that context -> linear layer to French vocabulary logits. The step-by-step instrumented pass
that exposes gates lives in `instrument.py` and reads these modules' weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from .config import ModelConfig
from .vocab import PAD_ID

State = tuple[torch.Tensor, torch.Tensor]  # (h, c), each [n_layers, batch, hidden]


@dataclass(frozen=True)
class Encoded:
    """ what the encoder hands over: every step's output and the final (h, c) context """

    outputs: torch.Tensor  # [src_len, batch, hidden] top-layer h at each step (0 at PAD)
    state: State  # context: (h, c), each [n_layers, batch, hidden]
    src_mask: torch.Tensor  # [src_len, batch] True at real tokens


class Encoder(nn.Module):
    """ embedding then LSTM; packs sequences so padding never touches the state """

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.embedding = nn.Embedding(cfg.src_vocab_size, cfg.embed_dim, padding_idx=PAD_ID)
        self.lstm = nn.LSTM(cfg.embed_dim, cfg.hidden_dim, cfg.n_layers,
                            dropout=cfg.dropout if cfg.n_layers > 1 else 0.0)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, src_ids: torch.Tensor, src_lens: torch.Tensor) -> Encoded:
        # src_ids = [src_len, batch], src_lens = [batch] (on the cpu)
        embedded = self.dropout(self.embedding(src_ids))  # [src_len, batch, embed]
        packed = pack_padded_sequence(embedded, src_lens.cpu(), enforce_sorted=False)
        packed_out, (h, c) = self.lstm(packed)  # h, c = [n_layers, batch, hidden]
        outputs, _ = pad_packed_sequence(packed_out, total_length=src_ids.shape[0])
        return Encoded(outputs, (h, c), src_ids != PAD_ID)


class Decoder(nn.Module):
    """ embedding, LSTM started from the context, linear layer to the French vocabulary """

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.embedding = nn.Embedding(cfg.tgt_vocab_size, cfg.embed_dim, padding_idx=PAD_ID)
        self.lstm = nn.LSTM(cfg.embed_dim, cfg.hidden_dim, cfg.n_layers,
                            dropout=cfg.dropout if cfg.n_layers > 1 else 0.0)
        self.out = nn.Linear(cfg.hidden_dim, cfg.tgt_vocab_size)
        self.dropout = nn.Dropout(cfg.dropout)

    def run(self, tgt_in: torch.Tensor, state: State, enc: Encoded) -> tuple[torch.Tensor, State]:
        """Run over several known input tokens at once (teacher forcing): top-layer h per step.

        `enc` is unused by the classic decoder; an attention decoder reads `enc.outputs`.
        """
        # tgt_in = [steps, batch]
        embedded = self.dropout(self.embedding(tgt_in))  # [steps, batch, embed]
        hidden, state = self.lstm(embedded, state)  # hidden = [steps, batch, hidden]
        return hidden, state

    def step(self, prev_ids: torch.Tensor, state: State, enc: Encoded) -> tuple[torch.Tensor, State]:
        """One decoding step: logits for the next word given the previous one."""
        # prev_ids = [batch]
        hidden, state = self.run(prev_ids.unsqueeze(0), state, enc)  # hidden = [1, batch, hidden]
        return self.out(hidden.squeeze(0)), state  # logits = [batch, tgt_vocab]


class Seq2Seq(nn.Module):
    """ the whole translator: encode English ids, decode French ids """

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        assert cfg.src_vocab_size > 4 and cfg.tgt_vocab_size > 4, "set the vocabulary sizes from the data"
        self.cfg = cfg
        self.encoder = Encoder(cfg)
        self.decoder = Decoder(cfg)

    def encode(self, src_ids: torch.Tensor, src_lens: torch.Tensor) -> Encoded:
        return self.encoder(src_ids, src_lens)

    def loss_teacher_forced(self, enc: Encoded, tgt_in: torch.Tensor, tgt_out: torch.Tensor) -> torch.Tensor:
        """Mean cross-entropy over real target tokens, feeding the true previous words.

        The output layer runs only on non-PAD positions, so no [tgt_len, batch, vocab] tensor is built.
        """
        hidden, _ = self.decoder.run(tgt_in, enc.state, enc)  # [tgt_len, batch, hidden]
        mask = tgt_out != PAD_ID  # [tgt_len, batch]
        logits = self.decoder.out(hidden[mask])  # [n_real, tgt_vocab]
        return nn.functional.cross_entropy(logits, tgt_out[mask])

    def loss_free_running(self, enc: Encoded, tgt_out: torch.Tensor, sos_ids: torch.Tensor) -> torch.Tensor:
        """Mean cross-entropy over real target tokens, feeding the model's own previous prediction."""
        state, prev = enc.state, sos_ids  # prev = [batch]
        total, n_real = tgt_out.new_zeros((), dtype=torch.float), 0
        for t in range(tgt_out.shape[0]):
            logits, state = self.decoder.step(prev, state, enc)  # [batch, tgt_vocab]
            real = tgt_out[t] != PAD_ID  # [batch]
            total = total + nn.functional.cross_entropy(logits[real], tgt_out[t][real], reduction="sum")
            n_real += int(real.sum())
            prev = logits.argmax(-1).detach()
        return total / max(n_real, 1)
