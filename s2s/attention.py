"""Bahdanau (additive) attention: the decoder looks back at every encoder state, not only the last one.

The classic decoder gets the whole English sentence as one fixed-size (h, c): the bottleneck. Here, before
each French word, the decoder scores every English position with v · tanh(W s + U h_j) (s: its own top
hidden state so far, h_j: the encoder's state after word j), turns the scores into weights with a softmax
over the real (non-PAD) words, and mixes the encoder states into a context vector. The context is fed to
the LSTM with the previous word and read again by the output layer.
"""

from __future__ import annotations

import torch
from torch import nn

from .config import ModelConfig
from .model import Decoder, Encoded, State


class AttentionDecoder(Decoder):
    """ the classic decoder plus additive attention over all encoder outputs """

    lstm_extra_input = 1  # the context vector joins the word embedding
    feature_factor = 2  # the output layer reads [h; context]

    def __init__(self, cfg: ModelConfig):
        super().__init__(cfg)
        attn = cfg.attn_dim or cfg.hidden_dim
        self.query = nn.Linear(cfg.hidden_dim, attn, bias=False)  # W: the decoder's state
        self.key = nn.Linear(cfg.hidden_dim, attn)  # U: each encoder output
        self.score = nn.Linear(attn, 1, bias=False)  # v

    def attention_weights(self, h_top: torch.Tensor, enc: Encoded) -> torch.Tensor:
        """Softmax over source positions of v · tanh(W s + U h_j); PAD positions get weight 0."""
        # h_top = [batch, hidden], enc.outputs = [src_len, batch, hidden]
        keys = self.key(enc.outputs)  # [src_len, batch, attn]
        energy = self.score(torch.tanh(keys + self.query(h_top).unsqueeze(0))).squeeze(-1)  # [src_len, batch]
        energy = energy.float().masked_fill(~enc.src_mask, float("-inf"))
        return torch.softmax(energy, dim=0).transpose(0, 1)  # [batch, src_len]

    def attend(self, h_top: torch.Tensor, enc: Encoded) -> tuple[torch.Tensor, torch.Tensor]:
        weights = self.attention_weights(h_top, enc)  # [batch, src_len]
        context = torch.einsum("bs,sbh->bh", weights.to(enc.outputs.dtype), enc.outputs)  # [batch, hidden]
        return weights, context

    def lstm_input(self, embedded: torch.Tensor, context: torch.Tensor | None) -> torch.Tensor:
        return torch.cat([embedded, context.to(embedded.dtype)], dim=-1)  # [batch, embed + hidden]

    def features(self, h_top: torch.Tensor, context: torch.Tensor | None) -> torch.Tensor:
        return torch.cat([h_top, context.to(h_top.dtype)], dim=-1)  # [batch, 2 * hidden]

    def run(self, tgt_in: torch.Tensor, state: State, enc: Encoded) -> tuple[torch.Tensor, State]:
        """Teacher forcing, one word at a time: each step's attention needs the previous step's state."""
        features = []
        for prev_ids in tgt_in:  # prev_ids = [batch]
            feat, state = self.step_features(prev_ids, state, enc)
            features.append(feat)
        return torch.stack(features), state  # [steps, batch, 2 * hidden]
