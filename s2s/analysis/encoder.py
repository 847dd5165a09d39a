"""Numbers the Encoder page shows beyond the raw trace: which units to show, how far the state moved, how
alike two contexts are, and a 2-D map of many sentences' contexts.

An LSTM with 128 or 512 units is too wide to read whole, so the page shows a few units, picked by how
much they do over the sentence. The context vector of one sentence means little on its own; comparing it
with another sentence's (cosine similarity) and placing it among a few hundred corpus sentences (PCA)
shows what the encoder keeps. Everything here is plain torch/numpy, so the tests can check it by hand.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch

from s2s.batching import pad
from s2s.data import Split
from s2s.instrument import GATE_NAMES, EncoderTrace
from s2s.model import Seq2Seq
from s2s.vocab import UNK_ID, Vocabulary

SORT_KEYS = ("variance over time", "mean |value|", "unit number")  # how `unit_order` may rank units


def unit_order(states: torch.Tensor, by: str = SORT_KEYS[0]) -> list[int]:
    """Unit indices, most active first, so a narrow heatmap still shows the units that do the work.

    "variance over time": units whose value changes most while reading (they react to the words);
    "mean |value|": units far from zero on average (they hold something strongly); "unit number": 0, 1, ...
    Ties keep the lower unit number first.
    """
    # states = [steps, hidden]
    if states.dim() != 2:
        raise ValueError(f"expected [steps, hidden], got shape {tuple(states.shape)}")
    n_units = states.shape[1]
    if by == "unit number":
        return list(range(n_units))
    if by == "variance over time":
        score = states.var(dim=0, unbiased=False)  # [hidden]; one step gives 0 everywhere
    elif by == "mean |value|":
        score = states.abs().mean(dim=0)  # [hidden]
    else:
        raise ValueError(f"unknown sort key {by!r}; choose one of {SORT_KEYS}")
    return sorted(range(n_units), key=lambda u: (-float(score[u]), u))


def select_units(states: torch.Tensor, n_shown: int | None, by: str = SORT_KEYS[0]) -> list[int]:
    """The first `n_shown` units of `unit_order` (all of them when `n_shown` is None or too large)."""
    order = unit_order(states, by)
    return order if n_shown is None else order[: max(1, n_shown)]


def step_changes(trace: EncoderTrace, layer: int = -1) -> tuple[np.ndarray, np.ndarray]:
    """How far each word moved h and c: ||h_t - h_(t-1)|| and ||c_t - c_(t-1)||, starting from zeros.

    A large jump in c means the word wrote something into the long-term memory; a small one means the
    forget/input gates let it pass with little effect.
    """
    h, c = trace.h[:, layer], trace.c[:, layer]  # each [src_len, hidden]
    prev_h = torch.cat([torch.zeros_like(h[:1]), h[:-1]])  # [src_len, hidden], h_0 = 0
    prev_c = torch.cat([torch.zeros_like(c[:1]), c[:-1]])
    return (h - prev_h).norm(dim=1).numpy(), (c - prev_c).norm(dim=1).numpy()


def mean_gate(trace: EncoderTrace, t: int, layer: int, gate: str) -> float:
    """The average over all units of one gate at step t (e.g. "forget": near 1 the memory is kept)."""
    return float(trace.gates[t, layer, GATE_NAMES.index(gate)].mean())  # gates = [src_len, n_layers, 4, hidden]


def cosine(a: torch.Tensor | np.ndarray, b: torch.Tensor | np.ndarray) -> float:
    """Cosine similarity of two vectors (flattened): 1 same direction, 0 unrelated, -1 opposite."""
    a = torch.as_tensor(np.asarray(a, dtype=np.float64)).reshape(-1)
    b = torch.as_tensor(np.asarray(b, dtype=np.float64)).reshape(-1)
    assert a.shape == b.shape, "both context vectors must have the same size"
    denom = float(a.norm() * b.norm())
    return float(a @ b) / denom if denom > 0 else 0.0


@dataclass(frozen=True)
class ContextComparison:
    """ how alike two sentences' contexts are (over all layers: the whole of what the decoder receives) """

    h_cosine: float
    c_cosine: float
    h_distance: float  # Euclidean distance between the two h contexts
    c_distance: float


def compare_contexts(a: EncoderTrace, b: EncoderTrace) -> ContextComparison:
    """Cosine similarity and distance of the final (h, c) of two encoded sentences."""
    (h_a, c_a), (h_b, c_b) = a.context, b.context  # each [n_layers, hidden]
    return ContextComparison(cosine(h_a, h_b), cosine(c_a, c_b),
                             float((h_a - h_b).norm()), float((c_a - c_b).norm()))


def mean_pairwise_cosine(vectors: np.ndarray) -> float:
    """Average cosine similarity over all pairs of different rows: the baseline for "how alike is alike"."""
    # vectors = [n, dim]
    n = len(vectors)
    if n < 2:
        return float("nan")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.where(norms > 0, norms, 1.0)  # [n, dim]
    sims = unit @ unit.T  # [n, n]
    return float((sims.sum() - np.trace(sims)) / (n * (n - 1)))


@dataclass(frozen=True)
class PCA:
    """ a fitted principal-component projection to a few dimensions """

    mean: np.ndarray  # [dim] subtracted before projecting
    components: np.ndarray  # [k, dim] orthonormal directions of largest variance, largest first
    explained: np.ndarray  # [k] fraction of the total variance along each direction

    def project(self, x: np.ndarray) -> np.ndarray:
        """Coordinates of rows of x ([n, dim] or [dim]) along the components: [n, k] or [k]."""
        return (np.asarray(x, dtype=np.float64) - self.mean) @ self.components.T


def fit_pca(x: np.ndarray, k: int = 2) -> PCA:
    """PCA by singular value decomposition of the centred data (rows are samples).

    The right singular vectors of X - mean are the directions of largest variance; each one's share
    of the variance is its squared singular value over the sum of all of them. The sign of each
    direction is fixed so its largest coordinate is positive, making plots stable between runs.
    """
    x = np.asarray(x, dtype=np.float64)  # [n, dim]
    assert x.ndim == 2 and len(x) >= 2, "PCA needs at least two samples as rows of a matrix"
    mean = x.mean(axis=0)  # [dim]
    _, s, vt = np.linalg.svd(x - mean, full_matrices=False)  # s = [r], vt = [r, dim]
    k = min(k, vt.shape[0])
    signs = np.sign(vt[np.arange(k), np.abs(vt[:k]).argmax(axis=1)])  # [k]
    total = float((s ** 2).sum())
    explained = (s[:k] ** 2) / total if total > 0 else np.zeros(k)
    return PCA(mean, vt[:k] * signs[:, None], explained)


def sample_sentences(split: Split, n: int = 300, seed: int = 0) -> list[str]:
    """Up to n distinct English sentences from the training and validation parts, in a fixed order."""
    unique = list(dict.fromkeys(src for src, _ in split.train + split.valid))
    return random.Random(seed).sample(unique, min(n, len(unique)))


@torch.no_grad()
def encode_contexts(model: Seq2Seq, sentences: Sequence[str], vocab: Vocabulary,
                    batch_size: int = 128) -> np.ndarray:
    """Final top-layer h for each sentence, [n, hidden], encoded in batches of similar length."""
    model.eval()
    max_len = model.cfg.max_len
    ids = [vocab.encode(s)[:max_len] or [UNK_ID] for s in sentences]
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # little padding per batch
    out = np.zeros((len(ids), model.cfg.hidden_dim), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        chunk = order[start: start + batch_size]
        src_ids = pad([ids[i] for i in chunk])  # [src_len, batch]
        src_lens = torch.tensor([len(ids[i]) for i in chunk])  # [batch]
        h, _ = model.encoder(src_ids, src_lens).state  # [n_layers, batch, hidden]
        out[chunk] = h[-1].cpu().numpy()
    return out


@dataclass(frozen=True)
class ContextMap:
    """ many corpus sentences' contexts, projected to 2-D """

    sentences: list[str]
    lengths: np.ndarray  # [n] words per sentence
    contexts: np.ndarray  # [n, hidden] final top-layer h
    coords: np.ndarray  # [n, 2] PCA coordinates
    pca: PCA
    mean_cosine: float  # average cosine similarity between two different sentences' contexts


def context_map(model: Seq2Seq, sentences: Sequence[str], vocab: Vocabulary) -> ContextMap:
    """Encode the sentences, fit a 2-D PCA on their contexts and keep everything the plot needs."""
    contexts = encode_contexts(model, sentences, vocab)  # [n, hidden]
    pca = fit_pca(contexts, 2)
    lengths = np.array([len(s.split()) for s in sentences])
    return ContextMap(list(sentences), lengths, contexts, pca.project(contexts), pca, mean_pairwise_cosine(contexts))


def contains_word(sentences: Sequence[str], word: str) -> np.ndarray:
    """[n] booleans: does each (normalised, space-separated) sentence contain `word` as a whole token?"""
    return np.array([word in s.split() for s in sentences], dtype=bool)


def frequent_words(sentences: Sequence[str], n: int = 30, min_count: int = 5) -> list[str]:
    """The n commonest words of the sentences (seen at least `min_count` times), commonest first."""
    counts = Counter(w for s in sentences for w in s.split())
    return [w for w, k in counts.most_common(n) if k >= min_count]
