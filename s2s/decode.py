"""Greedy decoding that returns a full trace, and fast batched greedy decoding for evaluation.

A `GreedyTrace` holds, per output step, the input word, the top-k candidates with probabilities, the
chosen word and the decoder's h, c and gates, so a page can replay decoding without touching the
model. Forcing a word at a step (the counterfactual "what if it had said X here") re-runs decoding
from that point with the forced word as the next input.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import torch

from s2s.errors import S2SError
from s2s.instrument import EncoderTrace, lstm_step, trace_encoder
from s2s.model import Encoded, Seq2Seq
from s2s.vocab import EOS_ID, SOS_ID, Vocabulary, tokenize


@dataclass(frozen=True)
class Source:
    """ a sentence as the model will read it """

    text: str  # what the user typed
    tokens: list[str]  # normalised tokens, cut to the model's maximum length
    truncated: bool  # True when the sentence was longer than the model's maximum and was cut
    unknown: list[str]  # words the English vocabulary does not know (they become <UNK>)


def prepare_source(src_text: str, vocab: Vocabulary, max_len: int) -> Source:
    """Tokenise a user's sentence; empty input is refused with a message."""
    tokens = tokenize(src_text or "")
    if not tokens:
        raise S2SError("type an English sentence to translate (the input is empty)")
    unknown = list(dict.fromkeys(t for t in tokens[:max_len] if t not in vocab))
    return Source(src_text, tokens[:max_len], len(tokens) > max_len, unknown)


def start_decoding(model: Seq2Seq, src_text: str, src_vocab: Vocabulary, max_len: int | None) -> tuple[Source, int]:
    """What greedy and beam search both do first: check the output length, eval mode, prepare the sentence.

    Returns the prepared source and the output length to use (the model's maximum when `max_len` is None).
    """
    max_len = model.cfg.max_len if max_len is None else max_len
    if max_len < 1:
        raise S2SError("max length must be at least 1")
    model.eval()
    return prepare_source(src_text, src_vocab, model.cfg.max_len), max_len


@dataclass(frozen=True)
class DecodeStep:
    """ one greedy decoding step """

    index: int  # 0-based output position
    input_id: int  # word fed in at this step (<SOS> first)
    input_token: str
    topk_ids: list[int]  # most likely next words, best first
    topk_tokens: list[str]
    topk_probs: list[float]  # softmax(logits / temperature) of those words
    chosen_id: int  # the word emitted (argmax, unless forced)
    chosen_token: str
    chosen_logprob: float  # log p(chosen) at temperature 1, the quantity beam search sums
    forced: bool  # True when the user forced this word instead of the argmax
    h: torch.Tensor  # [n_layers, hidden] decoder hidden state after this step
    c: torch.Tensor  # [n_layers, hidden] decoder cell state after this step
    gates: torch.Tensor  # [n_layers, 4, hidden] input, forget, cell, output gates
    attention: list[float] | None = None  # attention model only: weight of each source word at this step

    @property
    def most_attended(self) -> int | None:
        """The source position with the largest attention weight (None without attention)."""
        if self.attention is None:
            return None
        return max(range(len(self.attention)), key=self.attention.__getitem__)


@dataclass(frozen=True)
class GreedyTrace:
    """ a whole greedy translation: the source, the encoder trace and every decoding step """

    source: Source
    encoder: EncoderTrace
    steps: list[DecodeStep]
    temperature: float
    finished: bool  # True when decoding emitted <EOS> before the length limit
    forced: dict[int, int] = field(default_factory=dict)  # step -> forced word id

    @property
    def words(self) -> list[str]:
        """The French words, without the final <EOS>."""
        return [s.chosen_token for s in self.steps if s.chosen_id != EOS_ID]

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def score(self) -> float:
        """Sum of the chosen words' log-probabilities (comparable with beam scores)."""
        return sum(s.chosen_logprob for s in self.steps)


@torch.no_grad()
def greedy(model: Seq2Seq, src_text: str, src_vocab: Vocabulary, tgt_vocab: Vocabulary, k: int = 5,
           temperature: float = 1.0, max_len: int | None = None,
           force: dict[int, int | str] | None = None) -> GreedyTrace:
    """Translate one sentence greedily, keeping everything the pages show.

    `force` maps an output step to a word (id or French token) to emit there instead of the argmax;
    later steps then continue from the forced word.
    """
    if temperature <= 0:
        raise S2SError("temperature must be positive")
    source, max_len = start_decoding(model, src_text, src_vocab, max_len)
    enc_trace = trace_encoder(model.encoder, source.tokens, src_vocab)
    forced_ids = {int(t): word_id(w, tgt_vocab) for t, w in (force or {}).items()}
    device = model.decoder.out.weight.device
    context = tuple(s.unsqueeze(1).to(device) for s in enc_trace.context)  # each [n_layers, 1, hidden]
    state = model.decoder_start(context)
    outputs = enc_trace.h[:, -1].unsqueeze(1).to(device)  # [src_len, 1, hidden] top layer after each word
    enc = Encoded(outputs, state, torch.ones(outputs.shape[:2], dtype=torch.bool, device=device))
    prev, steps = SOS_ID, []
    for t in range(max_len):
        logits, state, gates, attn = _traced_step(model, prev, state, enc)
        chosen = forced_ids.get(t, int(logits.argmax()))
        step = _make_step(t, prev, chosen, logits, temperature, k, tgt_vocab, state, gates, t in forced_ids)
        steps.append(replace(step, attention=attn))
        prev = chosen
        if chosen == EOS_ID:
            break
    return GreedyTrace(source, enc_trace, steps, temperature, prev == EOS_ID, forced_ids)


def _traced_step(model: Seq2Seq, prev: int, state, enc: Encoded):
    """One decoder step by hand (gates exposed); with attention, also the weights over the source words."""
    dec = model.decoder
    weights, context = dec.attend(state[0][-1], enc)  # [1, src_len] and [1, hidden], or None
    x = dec.lstm_input(dec.embedding(torch.tensor([prev], device=enc.outputs.device)), context)  # [1, input]
    state, gates = lstm_step(dec.lstm, x, state)
    logits = dec.out(dec.features(state[0][-1], context))[0]  # [tgt_vocab]
    return logits, state, gates, None if weights is None else weights[0].cpu().tolist()


def word_id(word: int | str, vocab: Vocabulary) -> int:
    """A French word's id (given as a word or an id), refusing words the vocabulary does not have."""
    if isinstance(word, int):
        if not 0 <= word < len(vocab):
            raise S2SError(f"word id {word} is outside the French vocabulary")
        return word
    if word not in vocab:
        raise S2SError(f"{word!r} is not in the French vocabulary")
    return vocab.stoi[word]


def _make_step(t, prev, chosen, logits, temperature, k, vocab, state, gates, forced) -> DecodeStep:
    """Package one step; logits = [tgt_vocab]."""
    probs = torch.softmax(logits / temperature, dim=-1)
    top_p, top_i = probs.topk(min(k, probs.numel()))
    logprob = float(torch.log_softmax(logits, dim=-1)[chosen])
    return DecodeStep(
        t, prev, vocab.itos[prev], top_i.tolist(), [vocab.itos[i] for i in top_i.tolist()],
        top_p.tolist(), chosen, vocab.itos[chosen], logprob, forced,
        state[0][:, 0].cpu(), state[1][:, 0].cpu(), gates[:, 0].cpu(),
    )


@torch.no_grad()
def greedy_batch(model: Seq2Seq, src_ids: torch.Tensor, src_lens: torch.Tensor, max_len: int) -> list[list[int]]:
    """Greedy ids for a whole batch at once (used by evaluation); each list stops before <EOS>."""
    model.eval()
    enc = model.encode(src_ids, src_lens)
    batch = src_ids.shape[1]
    prev = torch.full((batch,), SOS_ID, dtype=torch.long, device=src_ids.device)
    state, out = enc.state, []
    done = torch.zeros(batch, dtype=torch.bool, device=src_ids.device)
    for _ in range(max_len):
        logits, state = model.decoder.step(prev, state, enc)  # [batch, tgt_vocab]
        prev = logits.argmax(-1)
        out.append(prev)
        done |= prev == EOS_ID
        if bool(done.all()):
            break
    ids = torch.stack(out, dim=1).tolist()  # [batch, steps]
    return [row[: row.index(EOS_ID)] if EOS_ID in row else row for row in ids]
