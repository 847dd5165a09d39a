"""Sentence-pair corpora: the built-in corpus, Tatoeba/Anki files, filters and the seeded split.

A corpus is a list of `(english, french)` pairs, already normalised. Loading never crashes on a bad
line: malformed lines are counted and the first few line numbers reported, so a teacher can fix the
file. The split is decided per English sentence by a seeded hash, so every translation of one
sentence lands in the same split (no test sentence is seen in training) and the split of a pair
does not depend on which other pairs the file holds.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from s2s.errors import S2SError
from s2s.vocab import normalize

ASSETS = Path(__file__).resolve().parent.parent / "assets"
BUILTIN_PATH = ASSETS / "builtin_corpus.tsv"
SHARED_TATOEBA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "eng-fra.tsv"
MAX_FILE_BYTES = 50 * 1024 * 1024  # larger corpus files are refused with a message

# The classic tutorial's English prefixes, after normalisation (which writes "i'm" as "i am").
CLASSIC_PREFIXES = ("i am ", "he is ", "she is ", "you are ", "we are ", "they are ")

Pair = tuple[str, str]


@dataclass
class LoadReport:
    """ what happened while reading a corpus file: counts and where the bad lines are """

    source: str
    n_lines: int = 0
    n_pairs: int = 0  # pairs kept after filters
    n_blank: int = 0
    n_malformed: int = 0
    malformed_lines: list[int] = field(default_factory=list)  # first few 1-based line numbers
    n_filtered: int = 0  # well-formed pairs dropped by the length/prefix filters

    def summary(self) -> str:
        text = f"{self.n_pairs} pairs from {self.source}"
        if self.n_malformed:
            where = ", ".join(map(str, self.malformed_lines))
            text += f"; skipped {self.n_malformed} malformed line(s) (first: line {where})"
        if self.n_filtered:
            text += f"; {self.n_filtered} pair(s) filtered out"
        return text


@dataclass(frozen=True)
class CorpusFilter:
    """ which pairs to keep: length limits in tokens and optional English prefixes """

    max_words: int | None = None  # longest sentence kept, in tokens, on each side
    prefixes: tuple[str, ...] = ()  # keep only English sentences starting with one of these

    @classmethod
    def from_options(cls, max_words: int | None = None, prefixes: str | None = None) -> "CorpusFilter":
        """From CLI/UI options: `prefixes` is None or 'classic' (the classic tutorial's subset)."""
        if max_words is not None and max_words < 1:
            raise S2SError("the maximum sentence length must be at least 1 word")
        if prefixes not in (None, "classic"):
            raise S2SError(f"unknown prefix filter {prefixes!r}; the only one is 'classic'")
        return cls(max_words, CLASSIC_PREFIXES if prefixes == "classic" else ())

    def keep(self, src: str, tgt: str) -> bool:
        if self.max_words is not None:
            if len(src.split()) > self.max_words or len(tgt.split()) > self.max_words:
                return False
        if self.prefixes and not (src + " ").startswith(self.prefixes):
            return False
        return True


def parse_pairs(text: str, source: str = "text", filt: CorpusFilter = CorpusFilter()) -> tuple[list[Pair], LoadReport]:
    """Parse `english<TAB>french[<TAB>attribution]` lines (LF or CRLF) into normalised pairs."""
    report = LoadReport(source=source)
    pairs: list[Pair] = []
    lines = text.lstrip("\ufeff").splitlines()
    report.n_lines = len(lines)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            report.n_blank += 1
            continue
        cols = line.split("\t")
        src, tgt = (normalize(cols[0]), normalize(cols[1])) if len(cols) >= 2 else ("", "")
        if not src or not tgt:
            report.n_malformed += 1
            if len(report.malformed_lines) < 5:
                report.malformed_lines.append(number)
            continue
        if filt.keep(src, tgt):
            pairs.append((src, tgt))
        else:
            report.n_filtered += 1
    report.n_pairs = len(pairs)
    return pairs, report


def read_pairs_file(path: str | os.PathLike, filt: CorpusFilter = CorpusFilter()) -> tuple[list[Pair], LoadReport]:
    """Read a Tatoeba/Anki sentence-pair file, with clear errors for anything that is not one."""
    path = Path(path)
    if not path.exists():
        raise S2SError(f"corpus file not found: {path}")
    if path.is_dir():
        raise S2SError(f"{path} is a folder; give the path of a tab-separated sentence-pair file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise S2SError(f"{path.name} is {size / 2**20:.0f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB")
    return decode_pairs_bytes(path.read_bytes(), path.name, filt)


def decode_pairs_bytes(data: bytes, source: str, filt: CorpusFilter = CorpusFilter()) -> tuple[list[Pair], LoadReport]:
    """Parse an uploaded or read file's bytes; refuses binary and non-UTF-8 data with a message."""
    if len(data) > MAX_FILE_BYTES:
        raise S2SError(f"{source} is {len(data) / 2**20:.0f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB")
    if b"\x00" in data[:65536]:
        raise S2SError(f"{source} looks like a binary file, not a tab-separated text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise S2SError(f"{source} is not UTF-8 text (bad byte at position {err.start}); save it as UTF-8") from None
    pairs, report = parse_pairs(text, source, filt)
    if not pairs:
        why = "it is empty" if not text.strip() else "no line has the form english<TAB>french"
        if text.strip() and report.n_filtered:
            why = "the filters removed every pair"
        raise S2SError(f"no sentence pairs in {source}: {why}")
    return pairs, report


def load_builtin(filt: CorpusFilter = CorpusFilter()) -> tuple[list[Pair], LoadReport]:
    """The project's own generated English-French corpus shipped in assets/."""
    pairs, report = read_pairs_file(BUILTIN_PATH, filt)
    report.source = "built-in corpus"
    return pairs, report


def corpus_note(corpus: str) -> str:
    """The line shown beside BLEU or exact match of a corpus: for the built-in one, why scores near 100 are
    possible and where a harder test is. ``corpus``: a spec ("builtin", a path) or a display name."""
    if corpus not in ("builtin", "built-in corpus"):
        return ""
    harder = ("the shared Tatoeba file (run settings)" if SHARED_TATOEBA.is_file() else
              "real Tatoeba sentences (an eng-fra file from tatoeba.org, uploaded in the run settings)")
    return ("The built-in corpus is generated by this project's grammar from a few hundred words, so its sentences "
            f"follow regular patterns and scores near 100 are possible; for a harder test, train on {harder}.")


def load_corpus(spec: str, filt: CorpusFilter = CorpusFilter()) -> tuple[list[Pair], LoadReport]:
    """`builtin` or a path to a sentence-pair file."""
    if spec == "builtin":
        return load_builtin(filt)
    return read_pairs_file(spec, filt)


@dataclass(frozen=True)
class Split:
    """ the train / valid / test parts of a corpus """

    train: list[Pair]
    valid: list[Pair]
    test: list[Pair]

    def part(self, name: str) -> list[Pair]:
        if name == "all":
            return self.train + self.valid + self.test
        if name not in ("train", "valid", "test"):
            raise S2SError(f"unknown split {name!r}; choose train, valid, test or all")
        return getattr(self, name)


def _split_draw(src: str, seed: int) -> float:
    """A number in [0, 1) fixed by the English sentence and the seed: which split part the sentence goes to."""
    digest = hashlib.blake2b(f"{seed}\t{src}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def split_pairs(pairs: Sequence[Pair], seed: int = 0, valid: float = 0.05, test: float = 0.05) -> Split:
    """Seeded, deterministic split by English sentence (about `valid` and `test` of the pairs each)."""
    parts: dict[str, list[Pair]] = {"train": [], "valid": [], "test": []}
    for pair in dict.fromkeys(pairs):  # drop exact duplicates, keep order
        u = _split_draw(pair[0], seed)
        name = "test" if u < test else "valid" if u < test + valid else "train"
        parts[name].append(pair)
    return Split(**parts)


def training_split(pairs: Sequence[Pair], seed: int = 0, min_pairs: int = 20) -> Split:
    """`split_pairs`, refusing corpora too small to train on and still hold out sentences."""
    if len(pairs) < min_pairs:
        raise S2SError(f"the corpus has {len(pairs)} pairs; at least {min_pairs} are needed to train and test")
    split = split_pairs(pairs, seed)
    if not split.train or not split.valid or not split.test:
        raise S2SError(f"the corpus is too small to hold out validation and test sentences ({len(pairs)} pairs)")
    return split


def length_histogram(sentences: Iterable[str]) -> dict[int, int]:
    """Sentence length in tokens -> number of sentences."""
    hist: dict[int, int] = {}
    for s in sentences:
        n = len(s.split())
        hist[n] = hist.get(n, 0) + 1
    return dict(sorted(hist.items()))
