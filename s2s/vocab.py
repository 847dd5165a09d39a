"""Text normalisation and the word-level vocabulary, with a trace of how the vocabulary was built.

The same `normalize` runs on English and French, on the corpus and on what a student types, so a
sentence always maps to the same tokens. The vocabulary follows the classic tutorial's `add_word`:
special tokens first, then words in the order they are first seen. The build trace records every
word as it arrives so the Data & Vocabulary page can replay the construction step by step.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

PAD, SOS, EOS, UNK = "<PAD>", "<SOS>", "<EOS>", "<UNK>"
PAD_ID, SOS_ID, EOS_ID, UNK_ID = 0, 1, 2, 3
SPECIALS = (PAD, SOS, EOS, UNK)

# Every apostrophe a keyboard or phone may type; after contractions are expanded, apostrophes and hyphens
# become spaces: "j'ai" -> "j ai", "allez-vous" -> "allez vous", the way the classic tutorial writes French.
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u2032`\u00b4]")
_SEPARATORS = re.compile(r"['\-\u2010\u2011]")
_TOKEN = re.compile(r"\w+|[^\w\s]")

# English contractions, written out in full. Why expand rather than keep "don't" as a token: students type
# both "I don't know" and "I do not know", the built-in corpus writes the full forms, and Tatoeba mixes
# them; expanding maps all of them to the same tokens, so the model needs one form of each negation and
# "don't" is never split into the unknown pieces "don" and "t". Only English contractions match: French
# elision puts the apostrophe after its first word (j'ai, qu'il), these put it before their last letters.
# "'s" is expanded only after pronouns and question words (it's -> it is; Tom's stays a possessive "tom
# s"), "'d" is read as "would" (I'd like), the more frequent reading.
_IRREGULAR_NOT = {"ca": "cannot", "wo": "will not", "sha": "shall not"}  # can't, won't, shan't
_CONTRACTION = re.compile(r"\b(\w+)'(t|m|re|ve|ll|d|s)\b")
_SUFFIXES = {"m": "am", "re": "are", "ve": "have", "ll": "will", "d": "would", "s": "is"}
_IS_AFTER = frozenset(("it", "he", "she", "that", "what", "where", "who", "there", "here", "how", "when", "why"))


def _expand(match: re.Match) -> str:
    word, suffix = match.group(1), match.group(2)
    if suffix == "t":
        if not word.endswith("n"):
            return match.group(0)
        stem = word[:-1]
        return _IRREGULAR_NOT.get(stem, f"{stem} not")  # don't -> do not, can't -> cannot, won't -> will not
    if suffix == "s":
        if word == "let":
            return "let us"
        return f"{word} is" if word in _IS_AFTER else match.group(0)
    return f"{word} {_SUFFIXES[suffix]}"


def normalize(text: str) -> str:
    """Return the canonical form of a sentence: NFC, lowercase, punctuation split off as tokens."""
    return " ".join(tokenize(text))


def tokenize(text: str) -> list[str]:
    """Split a sentence into word and punctuation tokens after normalising it (contractions expanded)."""
    return list(_tokens(text))


@lru_cache(maxsize=1 << 16)
def _tokens(text: str) -> tuple[str, ...]:
    """`tokenize`, remembered: every corpus sentence is tokenised for each vocabulary, for the encoded pairs and
    for the statistics pages, and again at every run's start (four regular expressions each time)."""
    text = _APOSTROPHES.sub("'", unicodedata.normalize("NFC", text).lower())
    text = _CONTRACTION.sub(_expand, text)
    text = _SEPARATORS.sub(" ", text)
    return tuple(_TOKEN.findall(text))


@dataclass(frozen=True)
class BuildStep:
    """ one word arriving while the vocabulary is built: which sentence, which word, what id """

    sentence_index: int  # position of the sentence in the building corpus
    position: int  # position of the word in that sentence
    word: str
    index: int  # id the word has after this step
    is_new: bool  # True: the word received a new id now; False: it was already known


class Vocabulary:
    """ maps words to ids and back, with <PAD>=0, <SOS>=1, <EOS>=2, <UNK>=3 """

    def __init__(self, words: Sequence[str] = (), counts: dict[str, int] | None = None):
        self.itos: list[str] = list(SPECIALS)
        self.stoi: dict[str, int] = {w: i for i, w in enumerate(SPECIALS)}
        self.counts: dict[str, int] = dict(counts or {})
        for word in words:
            if word not in self.stoi:
                self.stoi[word] = len(self.itos)
                self.itos.append(word)

    @classmethod
    def build(
        cls, sentences: Iterable[str], min_freq: int = 1, max_size: int | None = None
    ) -> "Vocabulary":
        """Build from normalised sentences; words seen fewer than `min_freq` times map to <UNK>.

        With `max_size`, only the most frequent words are kept (ties broken by first appearance), so
        the total size including the four special tokens is at most `max_size`.
        """
        vocab, _ = build_with_trace(sentences, min_freq=min_freq, max_size=max_size, trace_limit=0)
        return vocab

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, word: str) -> bool:
        return word in self.stoi

    def encode(self, sentence: str | Sequence[str], add_eos: bool = False) -> list[int]:
        """Token ids for a sentence (normalised here if given as text); unknown words become <UNK>."""
        tokens = tokenize(sentence) if isinstance(sentence, str) else list(sentence)
        ids = [self.stoi.get(tok, UNK_ID) for tok in tokens]
        return ids + [EOS_ID] if add_eos else ids

    def decode(self, ids: Iterable[int], strip_special: bool = True) -> list[str]:
        """Words for ids; stops at <EOS> and drops <PAD>/<SOS> when `strip_special`."""
        words = []
        for i in ids:
            i = int(i)
            if strip_special and i == EOS_ID:
                break
            if strip_special and i in (PAD_ID, SOS_ID):
                continue
            words.append(self.itos[i] if 0 <= i < len(self.itos) else UNK)
        return words

    def unknown_words(self, sentence: str) -> list[str]:
        """The tokens of a sentence that this vocabulary does not know (they will become <UNK>)."""
        return [tok for tok in tokenize(sentence) if tok not in self.stoi]

    def to_dict(self) -> dict:
        """Plain data for a checkpoint (loads with torch.load(weights_only=True))."""
        return {"itos": list(self.itos), "counts": dict(self.counts)}

    @classmethod
    def from_dict(cls, data: dict) -> "Vocabulary":
        itos = list(data["itos"])
        assert tuple(itos[:4]) == SPECIALS, "a vocabulary must start with <PAD>, <SOS>, <EOS>, <UNK>"
        return cls(itos[4:], counts=data.get("counts"))


def build_with_trace(
    sentences: Iterable[str], min_freq: int = 1, max_size: int | None = None, trace_limit: int | None = None
) -> tuple[Vocabulary, list[BuildStep]]:
    """Build a vocabulary and the step-by-step trace of its construction (its first `trace_limit` steps only,
    if given: a page replaying the first words need not build a step object for every word of the corpus).

    Words that do not survive `min_freq`/`max_size` appear in the trace with index <UNK>=3, so a page
    can show why a word ends up unknown.
    """
    token_lists = [_tokens(s) for s in sentences]
    counts = Counter(tok for toks in token_lists for tok in toks)
    order = list(dict.fromkeys(tok for toks in token_lists for tok in toks))  # first-seen order
    kept = [w for w in order if counts[w] >= min_freq and w not in SPECIALS]
    if max_size is not None:
        budget = max(0, max_size - len(SPECIALS))
        rank = {w: i for i, w in enumerate(order)}
        top = set(sorted(kept, key=lambda w: (-counts[w], rank[w]))[:budget])
        kept = [w for w in kept if w in top]
    vocab = Vocabulary(kept, counts=dict(counts))
    steps, seen = [], set()
    limit = sum(counts.values()) if trace_limit is None else trace_limit
    for s_idx, toks in enumerate(token_lists):
        for pos, tok in enumerate(toks):
            if len(steps) >= limit:
                return vocab, steps
            index = vocab.stoi.get(tok, UNK_ID)
            is_new = tok not in seen and index != UNK_ID
            seen.add(tok)
            steps.append(BuildStep(s_idx, pos, tok, index, is_new))
    return vocab, steps
