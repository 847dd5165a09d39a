"""Training-throughput benchmark: this project's training step against a classic-tutorial reference loop.

The reference is written the way the classic tutorial trains, scaled to batches: random (unbucketed)
batches, a Python loop over decoder steps that fills a full `[tgt_len, batch, vocab]` output
tensor, cross-entropy over every position with `ignore_index=0`, and one teacher-forcing coin flip
per step. It learns the same thing as `Trainer.train_step` (same model, same loss on real tokens,
same teacher-forcing semantics), only slower; the ratio of the two is the figure we report.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass

import torch
from torch import nn

from s2s.batching import collate
from s2s.build import new_trainer
from s2s.config import TrainConfig, preset
from s2s.data import CorpusFilter, load_corpus, training_split
from s2s.train import Trainer
from s2s.vocab import PAD_ID, SOS_ID


@dataclass
class BenchResult:
    """ one implementation's throughput """

    impl: str
    steps: int
    seconds: float
    sentences: int
    target_tokens: int

    def to_dict(self) -> dict:
        return {"impl": self.impl, "sentences_per_s": round(self.sentences / self.seconds, 1),
                "target_tokens_per_s": round(self.target_tokens / self.seconds, 1), "steps": self.steps,
                "seconds": round(self.seconds, 2)}


class ReferenceLoop:
    """ the classic tutorial's training step, batched: step-by-step decoder, full output buffer """

    def __init__(self, trainer: Trainer, seed: int = 0):
        self.model, self.train_cfg = trainer.model, trainer.train_cfg
        for embedding in (self.model.encoder.embedding, self.model.decoder.embedding):
            embedding.sparse = False  # the straightforward way: dense gradients, plain Adam, float32
        self.encoded = trainer.encoded
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=self.train_cfg.lr)
        self.criterion = nn.CrossEntropyLoss(ignore_index=PAD_ID)
        self.rng = random.Random(seed)
        self.device = trainer.device

    def train_step(self) -> tuple[int, int]:
        """One step on a random batch; returns (sentences, real target tokens)."""
        indices = self.rng.sample(range(len(self.encoded)), min(self.train_cfg.batch_size, len(self.encoded)))
        batch = collate(self.encoded, indices).to(self.device)
        model = self.model.train()
        self.optimizer.zero_grad()
        enc = model.encode(batch.src_ids, batch.src_lens)
        tgt_len, size = batch.tgt_out.shape
        vocab = model.cfg.tgt_vocab_size
        outputs = torch.zeros(tgt_len, size, vocab, device=self.device)  # [tgt_len, batch, vocab]
        teacher_forced = self.rng.random() < self.train_cfg.teacher_forcing
        state, prev = enc.state, torch.full((size,), SOS_ID, dtype=torch.long, device=self.device)
        for t in range(tgt_len):
            logits, state = model.decoder.step(prev, state, enc)  # [batch, vocab]
            outputs[t] = logits
            prev = batch.tgt_out[t] if teacher_forced else logits.argmax(-1).detach()
        loss = self.criterion(outputs.view(-1, vocab), batch.tgt_out.view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), self.train_cfg.clip_norm)
        self.optimizer.step()
        return size, batch.n_tgt_tokens


def _timed(impl: str, step_fn, seconds: float, warmup: int = 3) -> BenchResult:
    """Run `step_fn` for `seconds` after a few warm-up steps; step_fn returns (sentences, tokens)."""
    for _ in range(warmup):
        step_fn()
    start, steps, sentences, tokens = time.perf_counter(), 0, 0, 0
    while time.perf_counter() - start < seconds:
        n_sent, n_tok = step_fn()
        steps, sentences, tokens = steps + 1, sentences + n_sent, tokens + n_tok
    return BenchResult(impl, steps, time.perf_counter() - start, sentences, tokens)


def _project_step(trainer: Trainer):
    def step() -> tuple[int, int]:
        stats = trainer.train_step()
        return stats.n_sentences, stats.n_tgt_tokens
    return step


def run_bench(corpus: str, seconds: float, preset_name: str = "classic", teacher_forcing: float = 0.5,
              batch: int = 64, baseline: bool = False, threads: int = 0, device: str = "cpu",
              max_words: int | None = None, prefixes: str | None = None) -> list[dict]:
    """Benchmark rows as dicts (the reference first when `baseline`), plus a final ratio row."""
    if threads:
        torch.set_num_threads(threads)
    pairs, _ = load_corpus(corpus, CorpusFilter.from_options(max_words, prefixes))
    split = training_split(pairs, seed=0)
    cfg = TrainConfig(batch_size=batch, teacher_forcing=teacher_forcing)
    rows = []
    if baseline:
        ref_trainer = new_trainer(split, preset(preset_name), cfg, device)
        rows.append(_timed("reference", ReferenceLoop(ref_trainer).train_step, seconds).to_dict())
    trainer = new_trainer(split, preset(preset_name), cfg, device)
    rows.append(_timed("project", _project_step(trainer), seconds).to_dict())
    meta = {"preset": preset_name, "batch": batch, "teacher_forcing": teacher_forcing,
            "threads": torch.get_num_threads(), "device": device}
    rows = [{**row, **meta} for row in rows]
    if baseline:
        rows.append({"ratio": round(rows[1]["target_tokens_per_s"] / rows[0]["target_tokens_per_s"], 2), **meta})
    return rows


def print_rows(rows: list[dict]) -> None:
    for row in rows:
        print(json.dumps(row), flush=True)
