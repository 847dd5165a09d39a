"""Every tensor on the way from word ids to the loss, measured by running the live model's own modules.

The Shapes page draws these: real shapes, the name of every axis and a few real values, for a
sentence or a training batch, for the classic model or the attention model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from s2s.batching import Batch
from s2s.model import Seq2Seq
from s2s.vocab import PAD_ID, SOS_ID


@dataclass(frozen=True)
class Stage:
    """ one tensor on the way from word ids to the loss: its real shape and what each axis means """

    name: str
    part: str  # "encoder", "decoder" or "loss": which half of the model produced it
    shape: tuple[int, ...]
    axes: tuple[str, ...]  # one name per axis, e.g. ("src_len", "batch", "embed")
    note: str
    sample: str  # a few real values (first sentence, first position)

    @property
    def n_values(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n


def _sample(t: torch.Tensor, n: int = 4) -> str:
    """The first few numbers of the first sentence / first position, for a glimpse of the real values."""
    if t.dim() == 0:
        return f"{float(t):.4f}"
    flat = t.reshape(-1, t.shape[-1])[0] if t.dim() > 1 else t
    if not t.is_floating_point() and t.dim() == 2:  # ids [len, batch]: show the first sentence down its column
        flat = t[:, 0]
    vals = [str(int(v)) if not t.is_floating_point() else f"{float(v):+.3g}" for v in flat[:n]]
    return "[" + ", ".join(vals) + (", …]" if len(flat) > n else "]")


def _stage(name: str, part: str, t: torch.Tensor, axes: tuple[str, ...], note: str) -> Stage:
    assert t.dim() == len(axes), f"{name}: {t.dim()} axes but {len(axes)} axis names"
    return Stage(name, part, tuple(t.shape), axes, note, _sample(t))


@torch.no_grad()
def training_stages(model: Seq2Seq, batch: Batch) -> list[Stage]:
    """Run the model's own modules on a batch, teacher-forced as in training, and record every tensor.

    The steps repeat `Seq2Seq.encode` and `loss_teacher_forced` one module at a time (dropout off), so
    the final loss equals the model's own. An attention model adds its weights and context.
    """
    was_training = model.training
    model.eval()
    enc, dec = model.encoder, model.decoder
    emb = enc.embedding(batch.src_ids)  # [src_len, batch, embed]
    packed = pack_padded_sequence(emb, batch.src_lens.cpu(), enforce_sorted=False)  # data: [n_src_real, embed]
    packed_out, (h, c) = enc.lstm(packed)  # h, c = [n_layers, batch, hidden]
    outputs, _ = pad_packed_sequence(packed_out, total_length=batch.src_ids.shape[0])  # [src_len, batch, hidden]
    dec_emb = dec.embedding(batch.tgt_in)  # [tgt_len, batch, embed]
    encoded = model.encode(batch.src_ids, batch.src_lens)  # the same outputs and (h, c), with the PAD mask
    hidden, _ = dec.run(batch.tgt_in, (h, c), encoded)  # [tgt_len, batch, features]
    mask = batch.tgt_out != PAD_ID  # [tgt_len, batch]
    logits = dec.out(hidden[mask])  # [n_real, tgt_vocab]
    loss = nn.functional.cross_entropy(logits, batch.tgt_out[mask])  # []
    model.train(was_training)
    features = "features" if model.cfg.kind == "attention" else "hidden"
    return [
        _stage("English ids", "encoder", batch.src_ids, ("src_len", "batch"), "one column per sentence, PAD=0 below"),
        _stage("English embeddings", "encoder", emb, ("src_len", "batch", "embed"), "each id looked up as a vector"),
        _stage("packed sequence", "encoder", packed.data, ("real_src_words", "embed"),
               "PAD removed: it never touches the LSTM state"),
        _stage("encoder outputs", "encoder", outputs, ("src_len", "batch", "hidden"),
               "top-layer h after each word (0 at PAD)"),
        _stage("context h", "encoder", h, ("layers", "batch", "hidden"), "final hidden state: the whole sentence"),
        _stage("context c", "encoder", c, ("layers", "batch", "hidden"), "final cell state, handed over with h"),
        _stage("French inputs", "decoder", batch.tgt_in, ("tgt_len", "batch"), "<SOS> then the true French words"),
        _stage("French embeddings", "decoder", dec_emb, ("tgt_len", "batch", "embed"), "decoder's own embedding table"),
        *_attention_stages(model, h, encoded),
        _stage("decoder outputs", "decoder", hidden, ("tgt_len", "batch", features),
               "LSTM started from the context (h, c)" if features == "hidden"
               else "each step's top h joined with its attention context: 2 × hidden"),
        _stage("non-PAD outputs", "decoder", hidden[mask], ("real_tgt_words", features),
               "only positions with a real target (loss mask)"),
        _stage("logits", "decoder", logits, ("real_tgt_words", "tgt_vocab"), "a score for every French word"),
        _stage("loss", "loss", loss, (), "mean cross-entropy over the real target words"),
    ]


def _attention_stages(model: Seq2Seq, h: torch.Tensor, encoded) -> list[Stage]:
    """The first decoding step's attention (weights over the English words, and the context they mix)."""
    weights, context = model.decoder.attend(h[-1], encoded)  # [batch, src_len], [batch, hidden]
    if weights is None:
        return []
    return [_stage("attention weights (step 1)", "decoder", weights, ("batch", "src_len"),
                   "softmax over each sentence's English words; 0 at PAD"),
            _stage("attention context (step 1)", "decoder", context, ("batch", "hidden"),
                   "encoder outputs mixed with those weights: a new context at every step")]


@torch.no_grad()
def decoding_step_stages(model: Seq2Seq, batch: Batch) -> list[Stage]:
    """The first step of translating (no target known): <SOS> in, one score per French word out."""
    was_training = model.training
    model.eval()
    enc = model.encode(batch.src_ids, batch.src_lens)  # context: (h, c), each [n_layers, batch, hidden]
    prev_ids = torch.full((batch.size,), SOS_ID, dtype=torch.long)  # [batch]
    dec_emb = model.decoder.embedding(prev_ids.unsqueeze(0))  # [1, batch, embed]
    attention = _attention_stages(model, enc.state[0], enc)
    logits, (h, _) = model.decoder.step(prev_ids, enc.state, enc)  # [batch, tgt_vocab]
    probs = torch.softmax(logits, dim=-1)  # [batch, tgt_vocab]
    model.train(was_training)
    return [
        _stage("previous word", "decoder", prev_ids, ("batch",), "<SOS> at the first step, then the word just written"),
        _stage("its embedding", "decoder", dec_emb, ("step", "batch", "embed"), "one time step"),
        *attention,
        _stage("new hidden state h", "decoder", h, ("layers", "batch", "hidden"), "updated once per written word"),
        _stage("logits", "decoder", logits, ("batch", "tgt_vocab"), "a score for every French word"),
        _stage("probabilities", "decoder", probs, ("batch", "tgt_vocab"), "softmax: each row sums to 1"),
        _stage("chosen word", "decoder", probs.argmax(-1), ("batch",), "greedy: the most probable id"),
    ]


def unmasked_logits_shape(batch: Batch, model: Seq2Seq) -> tuple[int, int, int]:
    """The [tgt_len, batch, tgt_vocab] logits a naive loss would build, PAD positions included."""
    return batch.tgt_in.shape[0], batch.size, model.cfg.tgt_vocab_size


def module_parameters(model: Seq2Seq) -> list[tuple[str, str, int]]:
    """(module, its weight shapes, number of parameters) for every learned module of the model."""
    modules = [("encoder embedding", model.encoder.embedding), ("encoder LSTM", model.encoder.lstm),
               ("decoder embedding", model.decoder.embedding), ("decoder LSTM", model.decoder.lstm),
               ("output layer", model.decoder.out)]
    if model.cfg.kind == "attention":  # W (decoder state), U (encoder outputs) and v of the additive score
        modules.insert(4, ("attention", nn.ModuleDict({"W": model.decoder.query, "U": model.decoder.key,
                                                        "v": model.decoder.score})))
    rows = []
    for name, module in modules:
        shapes = ", ".join(f"{p}: {list(w.shape)}" for p, w in module.named_parameters())
        rows.append((name, shapes, sum(w.numel() for w in module.parameters())))
    return rows


def output_layer_sentence(params: Sequence[tuple[str, str, int]]) -> str:
    """What share of the model's weights the output layer holds, from `module_parameters`' rows.

    The output layer has one row per French word, so its size follows the French vocabulary; whether that
    makes it the biggest module depends on the run, so the sentence says what this model's numbers show.
    """
    sizes = {name: n for name, _, n in params}
    total, out = sum(sizes.values()), sizes["output layer"]
    largest = max(sizes, key=sizes.get)
    rank = ("more than any other module" if largest == "output layer"
            else f"fewer than the {largest} ({sizes[largest]:,})")
    return f"Here it holds {out:,} of the model's {total:,} weights ({100 * out / total:.0f}%), {rank}."
