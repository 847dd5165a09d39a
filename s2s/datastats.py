"""What the data looks like before and inside the model: corpus statistics, vocabulary building, batches, shapes.

The Data & Vocabulary page replays how ids are handed out, shows what `min_freq` would turn into
<UNK> and draws a real padded batch; the Shapes page runs the model's own modules on a real batch
and reports every tensor's shape. All of it is computed here from the live run's split, vocabularies
and weights, so the pages only draw what these functions return.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from .batching import Batch, Pair, bucketed_batches, collate, encode_pairs
from .data import Split, length_histogram
from .decode import prepare_source
from .model import Seq2Seq
from .vocab import PAD_ID, SOS_ID, SPECIALS, UNK_ID, Vocabulary, build_with_trace, normalize, tokenize


@dataclass(frozen=True)
class CorpusStats:
    """ sizes of the split, sentence lengths and the most frequent words of the training pairs """

    n_train: int
    n_valid: int
    n_test: int
    src_lengths: dict[int, int]  # English length in tokens -> number of training sentences
    tgt_lengths: dict[int, int]  # French length in tokens -> number of training sentences
    src_top: list[tuple[str, int]]  # most frequent English words, most frequent first
    tgt_top: list[tuple[str, int]]


def word_counts(sentences: Iterable[str]) -> Counter:
    """Token counts, in first-seen order (so ties keep the order the words appear in)."""
    return Counter(tok for s in sentences for tok in tokenize(s))


def corpus_stats(split: Split, top_n: int = 20) -> CorpusStats:
    """Statistics of the training pairs (the ones the vocabularies and the model learn from)."""
    src = [s for s, _ in split.train]
    tgt = [t for _, t in split.train]
    return CorpusStats(len(split.train), len(split.valid), len(split.test),
                       length_histogram(src), length_histogram(tgt),
                       word_counts(src).most_common(top_n), word_counts(tgt).most_common(top_n))


@dataclass(frozen=True)
class MinFreqEffect:
    """ what a `min_freq` threshold does to a vocabulary built from counted words """

    min_freq: int
    n_types: int  # distinct words in the text
    n_kept: int  # words that receive their own id
    n_tokens: int  # running words in the text
    n_unk_tokens: int  # running words that would be read as <UNK>
    rare_words: list[tuple[str, int]]  # examples of words that become <UNK>, rarest first

    @property
    def vocab_size(self) -> int:
        """Ids the embedding and output layers would need: kept words plus the four special tokens."""
        return self.n_kept + len(SPECIALS)

    @property
    def unk_share(self) -> float:
        return self.n_unk_tokens / self.n_tokens if self.n_tokens else 0.0


def min_freq_effect(counts: Counter | dict[str, int], min_freq: int, n_examples: int = 15) -> MinFreqEffect:
    """Which words a threshold drops (the same rule as `Vocabulary.build`) and how many tokens that hits."""
    dropped = [(w, n) for w, n in counts.items() if n < min_freq and w not in SPECIALS]
    n_kept = sum(1 for w, n in counts.items() if n >= min_freq and w not in SPECIALS)
    rare = sorted(dropped, key=lambda wn: wn[1])[:n_examples]  # stable: ties keep first-seen order
    return MinFreqEffect(min_freq, len(counts), n_kept, sum(counts.values()), sum(n for _, n in dropped), rare)


@dataclass(frozen=True)
class VocabRow:
    """ one line of the vocabulary table while it is being built """

    id: int
    word: str
    count: int  # times the word has been read so far (0 for the reserved special tokens)
    status: str  # "reserved", "new" (got its id at this step), "seen again" (this step), or ""


@dataclass(frozen=True)
class BuildFrame:
    """ the vocabulary after `k` words of the building corpus have been read """

    k: int  # words read so far
    n_steps: int  # words in the whole building corpus
    sentence_index: int  # sentence holding the current word (-1 before the first step)
    position: int  # position of the current word in that sentence (-1 before the first step)
    tokens: list[str]  # the tokens of that sentence
    word: str  # the word just read ("" before the first step)
    is_new: bool  # True when that word just received a new id
    rows: list[VocabRow]


def build_frame(sentences: Sequence[str], k: int) -> BuildFrame:
    """Replay `build_with_trace` for the first `k` words (clamped to the corpus) with running counts."""
    _, steps = build_with_trace(sentences)
    k = max(0, min(k, len(steps)))
    rows = [VocabRow(i, w, 0, "reserved") for i, w in enumerate(SPECIALS)]
    for n, step in enumerate(steps[:k]):
        last = n == k - 1
        if step.is_new:
            rows.append(VocabRow(step.index, step.word, 1, "new" if last else ""))
        else:
            old = rows[step.index]
            rows[step.index] = VocabRow(old.id, old.word, old.count + 1, "seen again" if last else "")
    if k == 0:
        return BuildFrame(0, len(steps), -1, -1, tokenize(sentences[0]) if sentences else [], "", False, rows)
    step = steps[k - 1]
    return BuildFrame(k, len(steps), step.sentence_index, step.position, tokenize(sentences[step.sentence_index]),
                      step.word, step.is_new, rows)


@dataclass(frozen=True)
class TokenId:
    """ one token of a sentence and the id the model reads for it """

    word: str
    id: int
    known: bool  # False: the vocabulary lacks the word, so the model reads <UNK>


def sentence_ids(text: str, vocab: Vocabulary) -> list[TokenId]:
    """Each token of a sentence with its id in `vocab` (the same ids `Vocabulary.encode` gives)."""
    return [TokenId(tok, vocab.stoi.get(tok, UNK_ID), tok in vocab.stoi) for tok in tokenize(text)]


def reference_for(text: str, split: Split) -> str | None:
    """The corpus's French for an English sentence (after normalisation), or None if it is not in the corpus."""
    key = normalize(text)
    return next((tgt for src, tgt in split.part("all") if src == key), None)


def sample_batch(pairs: Sequence[Pair], src_vocab: Vocabulary, tgt_vocab: Vocabulary, max_len: int,
                 size: int, seed: int = 0) -> tuple[Batch, list[Pair]]:
    """A small batch of pairs with mixed lengths: one random pair from each of `size` length bands.

    Training batches are bucketed by length (little padding); mixed lengths show what padding is for.
    """
    size = max(1, min(size, len(pairs)))
    rng = random.Random(seed)
    order = sorted(range(len(pairs)), key=lambda i: (len(pairs[i][0].split()), len(pairs[i][1].split()), i))
    bands = [order[len(order) * b // size: len(order) * (b + 1) // size] for b in range(size)]
    chosen = [rng.choice(band) for band in bands]
    rng.shuffle(chosen)
    picked = [pairs[i] for i in chosen]
    return collate(encode_pairs(picked, src_vocab, tgt_vocab, max_len), range(size)), picked


def training_batches(pairs: Sequence[Pair], src_vocab: Vocabulary, tgt_vocab: Vocabulary, max_len: int,
                     batch_size: int) -> list[Batch]:
    """The training split cut into bucketed batches exactly as the trainer does, in length order (no shuffle)."""
    return bucketed_batches(encode_pairs(pairs, src_vocab, tgt_vocab, max_len), batch_size)


def padded_batch_near_middle(batches: Sequence[Batch]) -> int:
    """Index of the batch nearest the middle whose targets contain <PAD> (the middle one if none does).

    Bucketing often yields batches of equal lengths; one with some padding shows what the masks do.
    """
    middle = len(batches) // 2
    order = sorted(range(len(batches)), key=lambda i: (abs(i - middle), i))
    return next((i for i in order if batches[i].n_tgt_tokens < batches[i].tgt_out.numel()), middle)


def sentence_batch(text: str, target: str, src_vocab: Vocabulary, tgt_vocab: Vocabulary, max_len: int) -> Batch:
    """A batch of one: the user's sentence and a French target, encoded as in training (empty text refused)."""
    source = prepare_source(text, src_vocab, max_len)
    return collate(encode_pairs([(" ".join(source.tokens), target)], src_vocab, tgt_vocab, max_len), [0])


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
    the final loss equals the model's own.
    """
    was_training = model.training
    model.eval()
    enc, dec = model.encoder, model.decoder
    emb = enc.embedding(batch.src_ids)  # [src_len, batch, embed]
    packed = pack_padded_sequence(emb, batch.src_lens.cpu(), enforce_sorted=False)  # data: [n_src_real, embed]
    packed_out, (h, c) = enc.lstm(packed)  # h, c = [n_layers, batch, hidden]
    outputs, _ = pad_packed_sequence(packed_out, total_length=batch.src_ids.shape[0])  # [src_len, batch, hidden]
    dec_emb = dec.embedding(batch.tgt_in)  # [tgt_len, batch, embed]
    hidden, _ = dec.lstm(dec_emb, (h, c))  # [tgt_len, batch, hidden]
    mask = batch.tgt_out != PAD_ID  # [tgt_len, batch]
    logits = dec.out(hidden[mask])  # [n_real, tgt_vocab]
    loss = nn.functional.cross_entropy(logits, batch.tgt_out[mask])  # []
    model.train(was_training)
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
        _stage("decoder outputs", "decoder", hidden, ("tgt_len", "batch", "hidden"),
               "LSTM started from the context (h, c)"),
        _stage("non-PAD outputs", "decoder", hidden[mask], ("real_tgt_words", "hidden"),
               "only positions with a real target (loss mask)"),
        _stage("logits", "decoder", logits, ("real_tgt_words", "tgt_vocab"), "a score for every French word"),
        _stage("loss", "loss", loss, (), "mean cross-entropy over the real target words"),
    ]


@torch.no_grad()
def decoding_step_stages(model: Seq2Seq, batch: Batch) -> list[Stage]:
    """The first step of translating (no target known): <SOS> in, one score per French word out."""
    was_training = model.training
    model.eval()
    enc = model.encode(batch.src_ids, batch.src_lens)  # context: (h, c), each [n_layers, batch, hidden]
    prev_ids = torch.full((batch.size,), SOS_ID, dtype=torch.long)  # [batch]
    dec_emb = model.decoder.embedding(prev_ids.unsqueeze(0))  # [1, batch, embed]
    hidden, (h, _) = model.decoder.lstm(dec_emb, enc.state)  # [1, batch, hidden]
    logits = model.decoder.out(hidden.squeeze(0))  # [batch, tgt_vocab]
    probs = torch.softmax(logits, dim=-1)  # [batch, tgt_vocab]
    model.train(was_training)
    return [
        _stage("previous word", "decoder", prev_ids, ("batch",), "<SOS> at the first step, then the word just written"),
        _stage("its embedding", "decoder", dec_emb, ("step", "batch", "embed"), "one time step"),
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
    rows = []
    for name, module in modules:
        shapes = ", ".join(f"{p}: {list(w.shape)}" for p, w in module.named_parameters())
        rows.append((name, shapes, sum(w.numel() for w in module.parameters())))
    return rows
