"""The encoder-decoder LSTM, classic and with attention: tensors in, tensors out, nothing else.

Encoder: embedding -> LSTM over the English ids; its final (h, c) is the context, the only thing the
decoder learns about the sentence (the fixed-vector bottleneck). Decoder: embedding -> LSTM started
from that context -> linear layer to French vocabulary logits. The step-by-step instrumented pass
that exposes gates lives in `instrument.py` and reads these modules' weights.

Attention (`AttentionDecoder`, model kind "attention", Bahdanau's additive attention) looks back at every
encoder state, not only the last one. Before
each French word, the decoder scores every English position with v · tanh(W s + U h_j) (s: its own top
hidden state so far, h_j: the encoder's state after word j), turns the scores into weights with a softmax
over the real (non-PAD) words, and mixes the encoder states into a context vector. The context is fed to
the LSTM with the previous word and read again by the output layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from s2s.config import ModelConfig
from s2s.vocab import PAD_ID, SOS_ID

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
        # sparse=True: the embedding's gradient is sparse (speed.densify_grads makes it dense before the update)
        self.embedding = nn.Embedding(cfg.src_vocab_size, cfg.embed_dim, padding_idx=PAD_ID, sparse=True)
        self.lstm = nn.LSTM(cfg.embed_dim, cfg.hidden_dim, cfg.n_layers,
                            dropout=cfg.dropout if cfg.n_layers > 1 else 0.0)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, src_ids: torch.Tensor, src_lens: torch.Tensor) -> Encoded:
        # src_ids = [src_len, batch], src_lens = [batch] (on the cpu)
        embedded = self.dropout(self.embedding(src_ids))  # [src_len, batch, embed]
        lens = src_lens.cpu()
        if bool((lens == src_ids.shape[0]).all()):  # no padding (common with bucketing): no packing needed
            outputs, (h, c) = self.lstm(embedded)  # outputs = [src_len, batch, hidden]
            return Encoded(outputs, (h, c), src_ids != PAD_ID)
        packed = pack_padded_sequence(embedded, lens, enforce_sorted=False)
        packed_out, (h, c) = self.lstm(packed)  # h, c = [n_layers, batch, hidden]
        outputs, _ = pad_packed_sequence(packed_out, total_length=src_ids.shape[0])
        return Encoded(outputs, (h, c), src_ids != PAD_ID)


class Decoder(nn.Module):
    """ embedding, LSTM started from the context, linear layer to the French vocabulary """

    lstm_extra_input = 0  # units added to the LSTM input beside the embedding (attention adds a context)
    feature_factor = 1  # the output layer reads feature_factor * hidden numbers per step

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        # sparse=True: one cheap sparse gradient per looked-up word; made dense once before the update
        self.embedding = nn.Embedding(cfg.tgt_vocab_size, cfg.embed_dim, padding_idx=PAD_ID, sparse=True)
        self.lstm = nn.LSTM(cfg.embed_dim + self.lstm_extra_input * cfg.hidden_dim, cfg.hidden_dim, cfg.n_layers,
                            dropout=cfg.dropout if cfg.n_layers > 1 else 0.0)
        self.out = nn.Linear(self.feature_factor * cfg.hidden_dim, cfg.tgt_vocab_size)
        self.dropout = nn.Dropout(cfg.dropout)

    def attend(self, h_top: torch.Tensor, enc: Encoded) -> tuple[torch.Tensor | None, torch.Tensor | None]:
        """Attention weights over the source words and the context they mix; the classic decoder has none."""
        return None, None

    def lstm_input(self, embedded: torch.Tensor, context: torch.Tensor | None) -> torch.Tensor:
        return embedded

    def features(self, h_top: torch.Tensor, context: torch.Tensor | None) -> torch.Tensor:
        """What the output layer reads: the top-layer h (an attention decoder adds its context)."""
        return h_top

    def run(self, tgt_in: torch.Tensor, state: State, enc: Encoded) -> tuple[torch.Tensor, State]:
        """Run over several known input tokens at once (teacher forcing): the output features per step."""
        # tgt_in = [steps, batch]
        embedded = self.dropout(self.embedding(tgt_in))  # [steps, batch, embed]
        hidden, state = self.lstm(embedded, state)  # hidden = [steps, batch, hidden]
        return hidden, state

    def step_features(self, prev_ids: torch.Tensor, state: State, enc: Encoded) -> tuple[torch.Tensor, State]:
        """One step: what the output layer will read, and the new state.

        Calls the LSTM cell kernel directly with nn.LSTM's own weights, which is the same arithmetic as
        `self.lstm` over one step but skips its per-call sequence handling (this runs once per word).
        """
        # prev_ids = [batch]; h, c = [n_layers, batch, hidden]
        h, c = state
        _, context = self.attend(h[-1], enc)  # context = [batch, hidden] or None
        x = self.lstm_input(self.dropout(self.embedding(prev_ids)), context)  # [batch, lstm input]
        new_h, new_c = [], []
        for layer in range(self.lstm.num_layers):
            if layer > 0:
                x = nn.functional.dropout(x, self.lstm.dropout, self.training)
            h_l, c_l = torch.lstm_cell(x, (h[layer], c[layer]), getattr(self.lstm, f"weight_ih_l{layer}"),
                                       getattr(self.lstm, f"weight_hh_l{layer}"),
                                       getattr(self.lstm, f"bias_ih_l{layer}"), getattr(self.lstm, f"bias_hh_l{layer}"))
            new_h.append(h_l)
            new_c.append(c_l)
            x = h_l
        return self.features(x, context), (torch.stack(new_h), torch.stack(new_c))

    def step(self, prev_ids: torch.Tensor, state: State, enc: Encoded) -> tuple[torch.Tensor, State]:
        """One decoding step: logits for the next word given the previous one."""
        features, state = self.step_features(prev_ids, state, enc)  # [batch, features]
        return self.out(features), state  # logits = [batch, tgt_vocab]


class AttentionDecoder(Decoder):
    """ the classic decoder plus additive attention over all encoder outputs """

    lstm_extra_input = 1  # the context vector joins the word embedding
    feature_factor = 2  # the output layer reads [h; context]

    def __init__(self, cfg: ModelConfig):
        super().__init__(cfg)
        self.cfg = cfg
        attn = cfg.attn_dim or cfg.hidden_dim
        self.query = nn.Linear(cfg.hidden_dim, attn, bias=False)  # W: the decoder's state
        self.key = nn.Linear(cfg.hidden_dim, attn)  # U: each encoder output
        self.score = nn.Linear(attn, 1, bias=False)  # v

    def attention_weights(self, h_top: torch.Tensor, enc: Encoded) -> torch.Tensor:
        """Softmax over source positions of v · tanh(W s + U h_j); PAD positions get weight 0."""
        # h_top = [batch, hidden], enc.outputs = [src_len, batch, hidden]
        query = self.query(h_top).unsqueeze(0)  # [1, batch, attn]
        if self.cfg.bug_blind_attention:  # the bug: the scores never see the encoder, so every word scores alike
            energy = self.score(torch.tanh(query)).squeeze(-1).expand(enc.outputs.shape[0], -1)  # [src_len, batch]
        else:
            energy = self.score(torch.tanh(self.key(enc.outputs) + query)).squeeze(-1)  # [src_len, batch]
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


DECODERS = {"classic": Decoder, "attention": AttentionDecoder}  # ModelConfig.kind -> decoder class


class Seq2Seq(nn.Module):
    """ the whole translator: encode English ids, decode French ids """

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        assert cfg.src_vocab_size > 4 and cfg.tgt_vocab_size > 4, "set the vocabulary sizes from the data"
        self.cfg = cfg
        self.encoder = Encoder(cfg)
        self.decoder = DECODERS[cfg.kind](cfg)

    def encode(self, src_ids: torch.Tensor, src_lens: torch.Tensor) -> Encoded:
        """The encoder's outputs with the state the decoder starts from (see `decoder_start`)."""
        enc = self.encoder(src_ids, src_lens)
        return Encoded(enc.outputs, self.decoder_start(enc.state), enc.src_mask)

    def decoder_start(self, context: State) -> State:
        """The (h, c) the decoder starts from: the encoder's context, or zeros under the bug_zero_start switch."""
        if self.cfg.bug_zero_start:  # the bug: the decoder is never told what the English said
            return torch.zeros_like(context[0]), torch.zeros_like(context[1])
        return context

    def loss_positions(self, tgt_out: torch.Tensor) -> torch.Tensor:
        """Which target positions the loss averages over: the real words, or every one under bug_pad_in_loss."""
        # tgt_out = [tgt_len, batch] -> mask of the same shape
        if self.cfg.bug_pad_in_loss:  # the bug: <PAD> targets count as words to predict
            return torch.ones_like(tgt_out, dtype=torch.bool)
        return tgt_out != PAD_ID

    def forward(self, src_ids: torch.Tensor, src_lens: torch.Tensor, tgt_in: torch.Tensor, tgt_out: torch.Tensor,
                teacher_forced: bool) -> torch.Tensor:
        """The training loss of one batch (a forward() so DistributedDataParallel can wrap the model)."""
        enc = self.encode(src_ids, src_lens)
        if teacher_forced:
            return self.loss_teacher_forced(enc, tgt_in, tgt_out)
        return self.loss_free_running(enc, tgt_out, torch.full_like(src_lens, SOS_ID, device=tgt_out.device))

    def loss_teacher_forced(self, enc: Encoded, tgt_in: torch.Tensor, tgt_out: torch.Tensor) -> torch.Tensor:
        """Mean cross-entropy over real target tokens, feeding the true previous words.

        The output layer runs only on the loss's positions (non-PAD), so no [tgt_len, batch, vocab] tensor
        is built.
        """
        hidden, _ = self.decoder.run(tgt_in, enc.state, enc)  # [tgt_len, batch, hidden]
        mask = self.loss_positions(tgt_out)  # [tgt_len, batch]
        logits = self.decoder.out(self.decoder.dropout(hidden[mask]))  # [n_real, tgt_vocab]
        return nn.functional.cross_entropy(logits, tgt_out[mask])

    def loss_free_running(self, enc: Encoded, tgt_out: torch.Tensor, sos_ids: torch.Tensor) -> torch.Tensor:
        """Mean cross-entropy over real target tokens, feeding the model's own previous prediction.

        The next input is the argmax of each step's logits (no gradient flows through that choice); the
        loss then runs the output layer once over the real positions, as in the teacher-forced loss.
        """
        state, prev = enc.state, sos_ids  # prev = [batch]
        features, tgt_len = [], tgt_out.shape[0]
        for t in range(tgt_len):
            feat, state = self.decoder.step_features(prev, state, enc)  # [batch, hidden]
            features.append(feat)
            if t + 1 < tgt_len:
                prev = self._next_inputs(feat, tgt_out[t + 1] != PAD_ID)
        hidden = torch.stack(features)  # [tgt_len, batch, hidden]
        mask = self.loss_positions(tgt_out)  # [tgt_len, batch]
        logits = self.decoder.out(self.decoder.dropout(hidden[mask]))  # [n_real, tgt_vocab]
        return nn.functional.cross_entropy(logits, tgt_out[mask])

    @torch.no_grad()
    def _next_inputs(self, feat: torch.Tensor, still_going: torch.Tensor) -> torch.Tensor:
        """The argmax word of each sentence that still has a target word to predict (PAD for the rest).

        A sentence whose reference has ended contributes nothing more to the loss, so its row skips the
        output layer (the costliest part of a step).
        """
        # feat = [batch, hidden], still_going = [batch] bool
        prev = torch.full_like(still_going, PAD_ID, dtype=torch.long)
        if bool(still_going.any()):
            logits = self.decoder.out(feat[still_going])  # [n_going, tgt_vocab], bf16 under autocast
            prev[still_going] = logits.float().argmax(-1)  # float32 argmax is vectorised, bf16's is not
        return prev
