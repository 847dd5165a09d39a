"""`python -m s2s train`: train against a clock or an epoch count, with a progress bar.

The checkpoint is written at the end, and also when Ctrl-C stops training early, so no finished
step is lost (see `StopRequest` for how Ctrl-C is caught). The last line printed is a JSON summary that
scripts can read.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from contextlib import contextmanager

import torch
from tqdm import tqdm

from s2s import distributed
from s2s.build import new_trainer, restore_trainer
from s2s.checkpoint import load_checkpoint, save_checkpoint
from s2s.config import ModelConfig, TrainConfig, preset
from s2s.data import CorpusFilter, LoadReport, load_corpus, training_split
from s2s.distributed import World
from s2s.errors import S2SError
from s2s.runtime import describe, resolve_device, usable_cpus
from s2s.train import BestWeights, Trainer, fit


def _configs(args) -> tuple[ModelConfig, TrainConfig]:
    """The model and training settings from the command line, validated before any slow work."""
    model_cfg = preset(args.preset, embed_dim=args.embed, hidden_dim=args.hidden, n_layers=args.layers,
                       dropout=args.dropout, kind=args.model)
    train_cfg = TrainConfig(batch_size=args.batch, lr=args.lr, teacher_forcing=args.teacher_forcing,
                            clip_norm=args.clip, seed=args.seed, min_freq=args.min_freq,
                            precision=args.precision).validate()
    return model_cfg, train_cfg


def _make_trainer(args, split, device) -> Trainer:
    """A fresh trainer from the command-line settings, or one resumed from --resume."""
    if args.resume:
        return restore_trainer(load_checkpoint(args.resume), split, device)
    return new_trainer(split, *_configs(args), device)


def _progress(args, trainer: Trainer, show: bool) -> tuple[tqdm, callable, callable]:
    """A tqdm bar over seconds (--minutes) or steps (--epochs), and the callbacks that move it."""
    if args.minutes is not None:
        bar = tqdm(total=round(args.minutes * 60), unit="s", desc="training", file=sys.stderr, disable=not show)
    else:
        n_batches = len(distributed.shard(list(range(-(-len(trainer.encoded) // trainer.train_cfg.batch_size))),
                                          trainer.world))
        bar = tqdm(total=args.epochs * n_batches, unit="step", desc="training", file=sys.stderr, disable=not show)
    start, shown = time.monotonic(), {}

    def on_step(stats) -> None:
        done = round(time.monotonic() - start) if args.minutes is not None else bar.n + 1
        bar.update(max(0, min(done, bar.total) - bar.n))
        shown.update(step=stats.step, epoch=stats.epoch, loss=f"{trainer.history.recent_loss():.3f}")
        bar.set_postfix(shown, refresh=False)

    def on_eval(result: dict) -> None:
        shown.update(val_bleu=f"{result['bleu']:.1f}", val_exact=f"{result['exact_match']:.2f}")

    return bar, on_step, on_eval


class StopRequest:
    """Ctrl-C (SIGINT) for `train`: during setup it ends the command at once; while training, after the current step.

    The handler is installed explicitly rather than left to Python's default. A process started in the
    background by a non-interactive shell (`cmd &` in a script, as CI runners and test suites start
    things) inherits an *ignored* SIGINT, and Python then never raises KeyboardInterrupt: Ctrl-C or
    `kill -INT` was lost, and training ran on for its whole budget. While deferred, a signal only sets
    `requested`, so a training step, an evaluation or the checkpoint write is never cut in half.
    """

    def __init__(self):
        self.requested, self._deferred, self._previous = False, False, None

    def __enter__(self) -> "StopRequest":
        self._previous = signal.signal(signal.SIGINT, self._on_signal)
        return self

    def __exit__(self, *exc) -> None:
        signal.signal(signal.SIGINT, self._previous)

    @contextmanager
    def deferred(self):
        """Within this block a Ctrl-C sets `requested` instead of raising KeyboardInterrupt."""
        self._deferred = True
        try:
            yield self
        finally:
            self._deferred = False

    def _on_signal(self, signum, frame) -> None:
        if not self._deferred:
            raise KeyboardInterrupt
        self.requested = True


def _setup(args) -> tuple[Trainer, World, dict, LoadReport]:
    """Validate settings, join torchrun's group if any, load and split the corpus, build the trainer."""
    if args.minutes is not None and args.minutes <= 0 or args.epochs is not None and args.epochs < 1:
        raise S2SError("give a positive --minutes or --epochs")
    if args.threads < 0:
        raise S2SError("--threads must be 0 (all cores) or more")
    _configs(args)
    world = distributed.current_world()
    device = distributed.init(world, resolve_device(args.device))
    if device.type == "cpu" and (args.threads or world.distributed):
        torch.set_num_threads(args.threads or max(1, usable_cpus() // world.size))
    pairs, report = load_corpus(args.corpus, CorpusFilter.from_options(args.max_words, args.prefixes))
    split = training_split(pairs, seed=args.seed)
    trainer = _make_trainer(args, split, device)
    if world.distributed:
        trainer.distribute(world)
    data = {"corpus": args.corpus, "max_words": args.max_words, "prefixes": args.prefixes or "", "seed": args.seed}
    return trainer, world, data, report


def _announce(trainer: Trainer, world: World, report: LoadReport) -> None:
    """The corpus and model summary (its 'model:' line tells scripts that training starts now)."""
    if world.is_main:
        cfg = trainer.model.cfg
        print(report.summary(), file=sys.stderr)
        print(f"model: {cfg.kind}, embed {cfg.embed_dim}, hidden {cfg.hidden_dim}, layers {cfg.n_layers}; vocab "
              f"{cfg.src_vocab_size} en / {cfg.tgt_vocab_size} fr; {len(trainer.split.train)} training pairs; "
              f"device {describe(trainer.device)}" + (f"; {world.size} processes" if world.distributed else ""),
              file=sys.stderr)


def _save(args, trainer: Trainer, world: World, data: dict) -> None:
    if world.is_main:  # one writer: every rank holds the same weights
        save_checkpoint(args.out, trainer.model, trainer.src_vocab, trainer.tgt_vocab, trainer.train_cfg,
                        trainer.step, trainer.epoch, trainer.history, trainer.optimizer, data)


def _train(args, trainer: Trainer, world: World, stop: StopRequest) -> BestWeights:
    """Run the fit loop with its progress bar until the budget is spent or Ctrl-C is pressed."""
    bar, on_step, show_eval = _progress(args, trainer, world.is_main)
    best = BestWeights(trainer.model)

    def on_eval(result: dict) -> None:
        show_eval(result)
        if args.keep_best:
            best.offer(result["bleu"], trainer.step)

    start, budget = time.monotonic(), args.minutes * 60 if args.minutes is not None else None

    def should_stop() -> bool:  # decided collectively, so every rank stops after the same step
        time_up = budget is not None and time.monotonic() - start >= budget
        return distributed.any_rank(stop.requested or time_up, world, trainer.device)

    try:
        fit(trainer, epochs=args.epochs, on_step=on_step, on_eval=on_eval, should_stop=should_stop,
            eval_every_s=30.0 if world.is_main else float("inf"))
    finally:
        bar.close()
    return best


def _finish(args, trainer: Trainer, world: World, data: dict, best: BestWeights, seconds: float) -> None:
    """Evaluate, put the best weights back if asked, save again and print the JSON summary."""
    if world.is_main:
        result = trainer.evaluate(limit=1000)
        if args.keep_best and result["bleu"] < best.bleu and best.restore():
            print(f"kept the best weights: step {best.step} (validation BLEU {best.bleu:.1f})", file=sys.stderr)
            data["weights_from_step"] = best.step
            result = trainer.evaluate(limit=1000)
        _save(args, trainer, world, data)  # again, with the final evaluation in its history
        print(json.dumps({"out": str(args.out), "steps": trainer.step, "epochs": trainer.epoch,
                          "seconds": round(seconds, 1), "valid_bleu": round(result["bleu"], 2),
                          "valid_exact_match": round(result["exact_match"], 4),
                          "valid_loss": round(result["loss"], 4)}))
    distributed.barrier(world)
    distributed.finish(world)


def cmd_train(args) -> int:
    """Train, save the checkpoint (also on Ctrl-C) and print a JSON summary line."""
    with StopRequest() as stop:
        trainer, world, data, report = _setup(args)  # a Ctrl-C here ends at once: nothing is trained yet
        start = time.monotonic()
        with stop.deferred():  # from here until the checkpoint is written, Ctrl-C stops after the current step
            _announce(trainer, world, report)
            try:
                best = _train(args, trainer, world, stop)
            finally:
                _save(args, trainer, world, data)  # also when training failed: every finished step is kept
        if stop.requested:
            if world.is_main:
                print(f"interrupted: saved the checkpoint at step {trainer.step} to {args.out}", file=sys.stderr)
            return 130
        _finish(args, trainer, world, data, best, time.monotonic() - start)
    return 0
