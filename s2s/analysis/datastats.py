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

from s2s.batching import Batch, bucketed_batches, collate, encode_pairs
from s2s.data import Pair, Split, length_histogram
from s2s.decode import prepare_source
from s2s.vocab import SPECIALS, UNK_ID, Vocabulary, build_with_trace, tokenize


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


def min_freq_effects(counts: Counter | dict[str, int], max_min_freq: int) -> list[MinFreqEffect]:
    """The effect of every threshold from 1 to `max_min_freq`, in order (index i is min_freq i + 1)."""
    return [min_freq_effect(counts, f) for f in range(1, max_min_freq + 1)]


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

    @property
    def current_row(self) -> VocabRow | None:
        """The table row of the word just read (None before the first step)."""
        return next((r for r in self.rows if r.word == self.word), None) if self.k else None


def build_frame(sentences: Sequence[str], k: int) -> BuildFrame:
    """Replay `build_with_trace` for the first `k` words (clamped to the corpus) with running counts."""
    vocab, steps = build_with_trace(sentences, trace_limit=max(k, 1))
    n_steps = sum(vocab.counts.values())  # one step per word of the corpus
    k = max(0, min(k, n_steps))
    rows = [VocabRow(i, w, 0, "reserved") for i, w in enumerate(SPECIALS)]
    for n, step in enumerate(steps[:k]):
        last = n == k - 1
        if step.is_new:
            rows.append(VocabRow(step.index, step.word, 1, "new" if last else ""))
        else:
            old = rows[step.index]
            rows[step.index] = VocabRow(old.id, old.word, old.count + 1, "seen again" if last else "")
    if k == 0:
        return BuildFrame(0, n_steps, -1, -1, tokenize(sentences[0]) if sentences else [], "", False, rows)
    step = steps[k - 1]
    return BuildFrame(k, n_steps, step.sentence_index, step.position, tokenize(sentences[step.sentence_index]),
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


def unknown_words(tokens: Sequence[TokenId]) -> list[str]:
    """The distinct words the vocabulary lacks, in the order they first appear."""
    return list(dict.fromkeys(t.word for t in tokens if not t.known))


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


def padding_share(batch: Batch) -> float:
    """The share of target cells that are <PAD>: positions the loss mask leaves out."""
    return 1 - batch.n_tgt_tokens / batch.tgt_out.numel()


def overall_padding_share(batches: Sequence[Batch]) -> float:
    """The share of <PAD> among all target cells of `batches` (e.g. a run's bucketed training batches)."""
    cells = sum(b.tgt_out.numel() for b in batches)
    return 1 - sum(b.n_tgt_tokens for b in batches) / cells if cells else 0.0


def bucketing_sentence(sample_share: float, training_share: float) -> str:
    """How much padding bucketing leaves in the run's training batches, against one random batch's padding."""
    here, train = round(100 * sample_share), round(100 * training_share)
    if train < here:
        compared = f"less than the {here}% of this random batch"
    elif train > here:
        compared = f"more than the {here}% of this random batch"
    else:
        compared = "as much as in this random batch"
    return ("In training, batches are built from sentences of similar length (*bucketing*): in this run's training "
            f"batches {train}% of the target cells are padding, {compared}.")


def src_length_range(batch: Batch) -> tuple[int, int]:
    """The shortest and longest English sentence of a batch, in tokens."""
    return int(batch.src_lens.min()), int(batch.src_lens.max())  # src_lens = [batch]


def sentence_batch(src_text: str, tgt_text: str, src_vocab: Vocabulary, tgt_vocab: Vocabulary, max_len: int) -> Batch:
    """A batch of one: the user's sentence and a French target, encoded as in training (empty text refused)."""
    source = prepare_source(src_text, src_vocab, max_len)
    return collate(encode_pairs([(" ".join(source.tokens), tgt_text)], src_vocab, tgt_vocab, max_len), [0])
