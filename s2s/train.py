"""Training: one optimisation step at a time and a simple fit loop with callbacks.

`Trainer` knows nothing of the UI, the command line or decoding: it is handed a model, and scoring is a
callback (`evaluator`, usually `s2s.evaluate.evaluate`), so this module imports no decoding or metrics.
It is step-driven, so the background job can run, pause and single-step it, and the CLI can loop it
against a clock. Each step flips one teacher-forcing coin (as the classic loop does per training
iteration): heads, the decoder reads the true previous French words in a single LSTM call; tails, it
reads its own predictions step by step.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, replace
from typing import Callable, Sequence

import torch

from s2s import distributed
from s2s.batching import Batch, bucketed_batches, encode_pairs
from s2s.config import TrainConfig
from s2s.data import Pair, Split
from s2s.distributed import World
from s2s.history import History
from s2s.model import Seq2Seq
from s2s.speed import autocast, densify_grads, make_optimizer
from s2s.vocab import Vocabulary


@dataclass(frozen=True)
class StepStats:
    """ what one optimisation step did """

    step: int  # steps done after this one
    epoch: int  # passes over the training data started so far
    loss: float  # mean cross-entropy over the batch's real target tokens
    grad_norm: float  # global gradient L2 norm before clipping
    clipped_norm: float  # the norm after clipping (what the update used)
    n_tgt_tokens: int
    n_sentences: int
    teacher_forced: bool  # the coin flip of this step
    seconds: float  # wall time of the step
    applied: bool  # False when the loss or gradient was not finite, or the loss diverged, and the update was skipped


DIVERGED = 3.0  # a loss above 3 × ln(French vocabulary size) is far worse than uniform guessing: training diverged
Evaluator = Callable[..., dict]  # (model, pairs, src_vocab, tgt_vocab, device) -> metrics, e.g. s2s.evaluate


class Trainer:
    """ owns a model, its optimizer, the batch stream and the metrics history """

    def __init__(self, model: Seq2Seq, src_vocab: Vocabulary, tgt_vocab: Vocabulary, split: Split,
                 train_cfg: TrainConfig, device: torch.device | str = "cpu", evaluator: Evaluator | None = None):
        self.model = model.to(device)
        self.evaluator = evaluator  # how evaluate() scores the model; given by the caller (see s2s/build.py)
        self.src_vocab, self.tgt_vocab, self.split = src_vocab, tgt_vocab, split
        self.train_cfg, self.device = train_cfg.validate(), torch.device(device)
        self.encoded = encode_pairs(split.train, src_vocab, tgt_vocab, model.cfg.max_len)
        self.loss_ceiling = DIVERGED * math.log(len(tgt_vocab))  # no update is applied from a loss above this
        self.optimizer = make_optimizer(self.model.parameters(), train_cfg.lr, self.device)
        self.batch_rng, self.coin_rng = random.Random(train_cfg.seed), random.Random(train_cfg.seed + 1)
        self.step, self.epoch, self.history = 0, 0, History()
        self._queue: list[Batch] = []
        self.world, self.train_module = World(), self.model  # see distribute()

    @property
    def epoch_finished(self) -> bool:
        """True between epochs (no batch of the current epoch is left)."""
        return not self._queue

    def set_hyper(self, lr: float | None = None, teacher_forcing: float | None = None,
                  clip_norm: float | None = None) -> None:
        """Change live hyperparameters; invalid values raise S2SError and change nothing."""
        changes = {k: v for k, v in dict(lr=lr, teacher_forcing=teacher_forcing, clip_norm=clip_norm).items()
                   if v is not None}
        self.train_cfg = replace(self.train_cfg, **changes).validate()
        for group in self.optimizer.param_groups:
            group["lr"] = self.train_cfg.lr

    def next_batch(self) -> Batch:
        """The next batch of the current epoch, reshuffling when an epoch ends."""
        if not self._queue:
            self._queue = distributed.shard(bucketed_batches(self.encoded, self.train_cfg.batch_size, self.batch_rng),
                                            self.world)
            self.epoch += 1
        return self._queue.pop()

    def train_step(self, batch: Batch | None = None) -> StepStats:
        """One optimisation step; a non-finite loss or gradient skips the update (weights unchanged).

        So does a loss above `loss_ceiling`: a model that does far worse than guessing has diverged (too high
        a learning rate, no clipping) and one more update would only carry it further.
        """
        start = time.perf_counter()
        batch = (batch or self.next_batch()).to(self.device)
        teacher_forced = self.coin_rng.random() < self.train_cfg.teacher_forcing
        self.model.train()
        self.optimizer.zero_grad(set_to_none=True)
        with autocast(self.device, self.train_cfg.precision):
            loss = self._loss(batch, teacher_forced)
        loss_value, norm, applied = float(loss.detach()), math.nan, False
        limit = math.inf if self.train_cfg.bug_no_clipping else self.train_cfg.clip_norm  # the bug: no limit at all
        if math.isfinite(loss_value):
            loss.backward()
            densify_grads(self.model)
            norm = float(torch.nn.utils.clip_grad_norm_(self.model.parameters(), limit))
            if math.isfinite(norm) and loss_value <= self.loss_ceiling:
                self.optimizer.step()
                applied = True
        self.step += 1
        clipped = norm * min(1.0, limit / (norm + 1e-6)) if math.isfinite(norm) else math.nan
        stats = StepStats(self.step, self.epoch, loss_value, norm, clipped, batch.n_tgt_tokens, batch.size,
                          teacher_forced, time.perf_counter() - start, applied)
        self.history.add_step(stats)
        return stats

    def _loss(self, batch: Batch, teacher_forced: bool) -> torch.Tensor:
        return self.train_module(batch.src_ids, batch.src_lens, batch.tgt_in, batch.tgt_out, teacher_forced)

    def distribute(self, world: World) -> None:
        """Train as one rank of `world` (under torchrun): DDP-wrapped model, this rank's share of each epoch."""
        self.world = world
        self.train_module = distributed.wrap(self.model, self.device)

    def evaluate(self, pairs: Sequence[Pair] | None = None, limit: int | None = 1000) -> dict:
        """Validation loss, BLEU and exact match on `pairs` (default: the validation split), recorded."""
        pairs = list(self.split.valid if pairs is None else pairs)[:limit]
        result = self.score(self.model, pairs)
        self.history.add_eval(self.step, result)
        return result

    def score(self, model: Seq2Seq, pairs: Sequence[Pair]) -> dict:
        """The evaluator's metrics for `model` (this trainer's, or a copy of it) on `pairs`, not recorded.

        The evaluation bug switch (TrainConfig.bug_eval_teacher_forced) is applied here, for every caller.
        """
        assert self.evaluator is not None, "build the trainer with an evaluator (s2s.build.new_trainer does)"
        device = next(model.parameters()).device
        return self.evaluator(model, pairs, self.src_vocab, self.tgt_vocab, device,
                              teacher_forced=self.train_cfg.bug_eval_teacher_forced)


class BestWeights:
    """The weights with the best validation BLEU seen so far (early stopping for small corpora).

    A small corpus overfits before the clock runs out; keeping the best-scoring weights, judged on the
    validation split only, gives the test split the model at its peak instead of its last step.
    """

    def __init__(self, model: Seq2Seq):
        self.model, self.bleu, self.step, self._state = model, -1.0, -1, None

    def offer(self, bleu: float, step: int) -> None:
        if bleu > self.bleu:
            self.bleu, self.step = bleu, step
            self._state = {k: v.detach().to("cpu", copy=True) for k, v in self.model.state_dict().items()}

    def restore(self) -> bool:
        """Put the best weights back into the model; False when none was offered."""
        if self._state is None:
            return False
        self.model.load_state_dict(self._state)
        return True


def fit(trainer: Trainer, seconds: float | None = None, epochs: int | None = None,
        on_step: Callable[[StepStats], None] | None = None, should_stop: Callable[[], bool] = lambda: False,
        eval_every_s: float = 30.0, on_eval: Callable[[dict], None] | None = None) -> None:
    """Train until `seconds` pass, `epochs` complete or `should_stop()` says so; evaluate every `eval_every_s`.

    With none of the three, it trains until interrupted.
    """
    start = last_eval = time.monotonic()
    start_epoch = trainer.epoch
    while not should_stop():
        if seconds is not None and time.monotonic() - start >= seconds:
            break
        if epochs is not None and trainer.epoch - start_epoch >= epochs and trainer.epoch_finished:
            break
        stats = trainer.train_step()
        if on_step:
            on_step(stats)
        if time.monotonic() - last_eval >= eval_every_s:
            result = trainer.evaluate(limit=500)
            last_eval = time.monotonic()
            if on_eval:
                on_eval(result)
