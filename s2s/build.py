"""Putting a run together: vocabularies from the training split, a fresh or restored model, its trainer.

The trainer only trains what it is handed; building the model and wiring evaluation in happen here.
"""

from __future__ import annotations

from dataclasses import replace

import torch

from s2s.config import ModelConfig, TrainConfig
from s2s.data import Split
from s2s.evaluate import evaluate
from s2s.model import Seq2Seq
from s2s.train import Trainer
from s2s.vocab import Vocabulary


def new_trainer(split: Split, model_cfg: ModelConfig, train_cfg: TrainConfig, device="cpu") -> Trainer:
    """Build vocabularies from the training split, then a freshly initialised model (seeded)."""
    src_vocab = Vocabulary.build([s for s, _ in split.train], min_freq=train_cfg.min_freq)
    tgt_vocab = Vocabulary.build([t for _, t in split.train], min_freq=train_cfg.min_freq)
    model_cfg = replace(model_cfg, src_vocab_size=len(src_vocab), tgt_vocab_size=len(tgt_vocab)).validate()
    torch.manual_seed(train_cfg.seed)
    return Trainer(Seq2Seq(model_cfg), src_vocab, tgt_vocab, split, train_cfg, device, evaluator=evaluate)


def restore_trainer(ckpt, split: Split, device="cpu") -> Trainer:
    """Continue a checkpointed run: same model, vocabularies, optimizer state, step and history."""
    trainer = Trainer(ckpt.model, ckpt.src_vocab, ckpt.tgt_vocab, split, ckpt.train_config, device,
                      evaluator=evaluate)
    if ckpt.optimizer_state:
        trainer.optimizer.load_state_dict(ckpt.optimizer_state)
    trainer.step, trainer.epoch, trainer.history = ckpt.step, ckpt.epoch, ckpt.history
    return trainer
