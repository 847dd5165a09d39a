"""`python -m s2s train`: train against a clock or an epoch count, with a progress bar.

The checkpoint is written at the end, and also when Ctrl-C stops training early, so no finished
step is lost. The last line printed is a JSON summary that scripts can read.
"""

from __future__ import annotations

import json
import os
import sys
import time

import torch
from tqdm import tqdm

from s2s import distributed
from s2s.build import new_trainer, restore_trainer
from s2s.checkpoint import load_checkpoint, save_checkpoint
from s2s.config import ModelConfig, TrainConfig, preset
from s2s.data import CorpusFilter, load_corpus, training_split
from s2s.distributed import World
from s2s.errors import S2SError
from s2s.runtime import describe, resolve_device
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


def _setup(args) -> tuple[Trainer, World, dict]:
    """Validate settings, join torchrun's group if any, load and split the corpus, build the trainer."""
    if args.minutes is not None and args.minutes <= 0 or args.epochs is not None and args.epochs < 1:
        raise S2SError("give a positive --minutes or --epochs")
    if args.threads < 0:
        raise S2SError("--threads must be 0 (all cores) or more")
    _configs(args)
    world = distributed.current_world()
    device = distributed.init(world, resolve_device(args.device))
    if device.type == "cpu" and (args.threads or world.distributed):
        torch.set_num_threads(args.threads or max(1, (os.cpu_count() or 1) // world.size))
    pairs, report = load_corpus(args.corpus, CorpusFilter.from_options(args.max_words, args.prefixes))
    split = training_split(pairs, seed=args.seed)
    trainer = _make_trainer(args, split, device)
    if world.distributed:
        trainer.distribute(world)
    if world.is_main:
        cfg = trainer.model.cfg
        print(report.summary(), file=sys.stderr)
        print(f"model: {cfg.kind}, embed {cfg.embed_dim}, hidden {cfg.hidden_dim}, layers {cfg.n_layers}; vocab "
              f"{cfg.src_vocab_size} en / {cfg.tgt_vocab_size} fr; {len(split.train)} training pairs; "
              f"device {describe(device)}" + (f"; {world.size} processes" if world.distributed else ""),
              file=sys.stderr)
    data = {"corpus": args.corpus, "max_words": args.max_words, "prefixes": args.prefixes or "", "seed": args.seed}
    return trainer, world, data


def _save(args, trainer: Trainer, world: World, data: dict) -> None:
    if world.is_main:  # one writer: every rank holds the same weights
        save_checkpoint(args.out, trainer.model, trainer.src_vocab, trainer.tgt_vocab, trainer.train_cfg,
                        trainer.step, trainer.epoch, trainer.history, trainer.optimizer, data)


def cmd_train(args) -> int:
    """Train, save the checkpoint (also on Ctrl-C) and print a JSON summary line."""
    trainer, world, data = _setup(args)
    bar, on_step, show_eval = _progress(args, trainer, world.is_main)
    best = BestWeights(trainer.model)

    def on_eval(result: dict) -> None:
        show_eval(result)
        if args.keep_best:
            best.offer(result["bleu"], trainer.step)
    start, interrupted = time.monotonic(), False
    budget = args.minutes * 60 if args.minutes is not None else None
    time_up = (lambda: distributed.any_rank(time.monotonic() - start >= budget, world, trainer.device)) \
        if budget is not None else (lambda: False)
    try:  # the clock is checked collectively, so every rank stops after the same step
        fit(trainer, epochs=args.epochs, on_step=on_step,
            on_eval=on_eval, should_stop=time_up, eval_every_s=30.0 if world.is_main else float("inf"))
    except KeyboardInterrupt:
        interrupted = True
    finally:
        bar.close()
        _save(args, trainer, world, data)
    elapsed = time.monotonic() - start
    if interrupted:
        if world.is_main:
            print(f"interrupted: saved the checkpoint at step {trainer.step} to {args.out}", file=sys.stderr)
        return 130
    if world.is_main:
        result = trainer.evaluate(limit=1000)
        if args.keep_best and result["bleu"] < best.bleu and best.restore():
            print(f"kept the best weights: step {best.step} (validation BLEU {best.bleu:.1f})", file=sys.stderr)
            data["weights_from_step"] = best.step
            result = trainer.evaluate(limit=1000)
        _save(args, trainer, world, data)
        print(json.dumps({"out": str(args.out), "steps": trainer.step, "epochs": trainer.epoch,
                          "seconds": round(elapsed, 1), "valid_bleu": round(result["bleu"], 2),
                          "valid_exact_match": round(result["exact_match"], 4),
                          "valid_loss": round(result["loss"], 4)}))
    distributed.barrier(world)
    distributed.finish(world)
    return 0
