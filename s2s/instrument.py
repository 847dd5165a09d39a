"""The LSTM computed one step at a time from nn.LSTM's own weights, exposing the four gates.

nn.LSTM runs as one fused kernel and hides its gates. For teaching we redo the same arithmetic by
hand, per time step, and return h, c and the input, forget, cell-candidate and output gates. The
tests check this against nn.LSTM to 1e-5, so what the pages show is what the model computes.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from s2s.model import Encoder, State
from s2s.vocab import Vocabulary

GATE_NAMES = ("input", "forget", "cell", "output")  # PyTorch's order of the four gate blocks


def lstm_step(lstm: nn.LSTM, x: torch.Tensor, state: State) -> tuple[State, torch.Tensor]:
    """One LSTM time step for every layer; returns the new (h, c) and the gate activations.

    i = sigmoid, f = sigmoid, g = tanh, o = sigmoid of W_ih x + b_ih + W_hh h + b_hh;
    c' = f * c + i * g;  h' = o * tanh(c').  Dropout between layers is not applied (eval mode).
    """
    # x = [batch, input], h, c = [n_layers, batch, hidden]
    h, c = state
    new_h, new_c, gates = [], [], []
    layer_in = x
    for layer in range(lstm.num_layers):
        w_ih, w_hh = getattr(lstm, f"weight_ih_l{layer}"), getattr(lstm, f"weight_hh_l{layer}")
        b_ih, b_hh = getattr(lstm, f"bias_ih_l{layer}"), getattr(lstm, f"bias_hh_l{layer}")
        z = layer_in @ w_ih.T + b_ih + h[layer] @ w_hh.T + b_hh  # [batch, 4 * hidden]
        i, f, g, o = z.chunk(4, dim=-1)  # each [batch, hidden]
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        c_l = f * c[layer] + i * g
        h_l = o * torch.tanh(c_l)
        new_h.append(h_l)
        new_c.append(c_l)
        gates.append(torch.stack([i, f, g, o], dim=1))  # [batch, 4, hidden]
        layer_in = h_l
    return (torch.stack(new_h), torch.stack(new_c)), torch.stack(gates)  # gates = [n_layers, batch, 4, hidden]


def lstm_unrolled(lstm: nn.LSTM, inputs: torch.Tensor, state: State) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Run `lstm_step` over a sequence: h, c and gates for every step.

    inputs = [steps, batch, input]; returns h, c = [steps, n_layers, batch, hidden] and
    gates = [steps, n_layers, batch, 4, hidden].
    """
    hs, cs, gs = [], [], []
    for x in inputs:
        state, gates = lstm_step(lstm, x, state)
        hs.append(state[0])
        cs.append(state[1])
        gs.append(gates)
    return torch.stack(hs), torch.stack(cs), torch.stack(gs)


def zero_state(lstm: nn.LSTM, batch: int = 1) -> State:
    """The all-zero (h, c) an encoder starts from."""
    weight = lstm.weight_hh_l0
    shape = (lstm.num_layers, batch, lstm.hidden_size)
    return weight.new_zeros(shape), weight.new_zeros(shape)


@dataclass(frozen=True)
class EncoderTrace:
    """ the encoder reading one sentence, word by word """

    tokens: list[str]  # normalised English tokens (unknown ones as typed)
    ids: list[int]  # their ids (<UNK>=3 for unknown words)
    unknown: list[int]  # positions of tokens the vocabulary does not know
    embeddings: torch.Tensor  # [src_len, embed] the embedding row looked up for each id
    h: torch.Tensor  # [src_len, n_layers, hidden] hidden state after each word
    c: torch.Tensor  # [src_len, n_layers, hidden] cell state after each word
    gates: torch.Tensor  # [src_len, n_layers, 4, hidden] input, forget, cell, output gates

    @property
    def context(self) -> State:
        """The final (h, c): the fixed-size vector the decoder receives, each [n_layers, hidden]."""
        return self.h[-1], self.c[-1]


@torch.no_grad()
def trace_encoder(encoder: Encoder, tokens: list[str], vocab: Vocabulary) -> EncoderTrace:
    """Encode one tokenised sentence step by step (no dropout), keeping every intermediate value."""
    if not tokens:
        raise ValueError("cannot encode an empty sentence")
    ids = vocab.encode(tokens)
    unknown = [k for k, tok in enumerate(tokens) if tok not in vocab]
    id_tensor = torch.tensor(ids, device=encoder.embedding.weight.device)  # [src_len]
    embeddings = encoder.embedding(id_tensor)  # [src_len, embed]
    h, c, gates = lstm_unrolled(encoder.lstm, embeddings.unsqueeze(1), zero_state(encoder.lstm))
    # drop the batch axis of size 1: [src_len, n_layers, 1, ...] -> [src_len, n_layers, ...]
    return EncoderTrace(list(tokens), ids, unknown, embeddings.cpu(),
                        h[:, :, 0].cpu(), c[:, :, 0].cpu(), gates[:, :, 0].cpu())
