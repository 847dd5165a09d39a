"""Shared fixtures: eight classic pairs and a small model trained until it knows them by heart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch

from s2s.build import new_trainer
from s2s.config import TrainConfig, preset
from s2s.data import Split
from s2s.train import Trainer

EIGHT_PAIRS = [
    ("i am cold", "j ai froid"),
    ("i love you", "je t aime"),
    ("how are you", "comment allez vous"),
    ("thank you", "merci"),
    ("hello", "bonjour"),
    ("she is tired", "elle est fatiguée"),
    ("we are happy", "nous sommes heureux"),
    ("he is not hungry", "il n a pas faim"),
]

REPO = Path(__file__).resolve().parent.parent

# One torch thread in the test process: the test machine has 2 cores, and app servers or training threads started
# by the tests need the other one. With 2 threads each under load, the shared trained fixture ran 20x slower.
torch.set_num_threads(1)


def tatoeba_path() -> Path | None:
    """The shared 76k-pair Tatoeba file, if this machine has it (never copied into the repo)."""
    candidates = [os.environ.get("S2S_TATOEBA", ""), REPO.parent / "shared/data/eng-fra.tsv",
                  Path("/work/shared/data/eng-fra.tsv")]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def require_tatoeba() -> Path:
    """The shared Tatoeba file; skipped on a machine without it, but a failure in CI ($CI set), never a skip."""
    path = tatoeba_path()
    if path is None:
        message = "the shared Tatoeba file is missing (../shared/data/eng-fra.tsv or $S2S_TATOEBA)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI must provide it")
        pytest.skip(message)
    return path


def make_trainer(pairs=EIGHT_PAIRS, teacher_forcing=0.5, seed=0, **model_overrides) -> Trainer:
    split = Split(list(pairs), list(pairs), list(pairs))
    cfg = preset("small", dropout=0.0, **model_overrides)
    train_cfg = TrainConfig(batch_size=8, lr=3e-3, teacher_forcing=teacher_forcing, seed=seed, precision="fp32")
    return new_trainer(split, cfg, train_cfg)  # fp32: what the model learns must not depend on the CPU (bf16 on AMX)


def pytest_configure(config):
    """One torch thread in the test process: with two on a busy 2-core machine, OpenMP's threads wait on each
    other and 50 small training steps took 35 s instead of 1.5 s (measured with other jobs running)."""
    torch.set_num_threads(1)


@pytest.fixture(scope="session")
def trained() -> Trainer:
    """A small model overfit on EIGHT_PAIRS (about two seconds on a laptop CPU)."""
    torch.manual_seed(0)
    trainer = make_trainer()
    for _ in range(400):
        trainer.train_step()
    trainer.model.eval()
    return trainer


from .app_support import app_env  # noqa: E402,F401  (used by the AppTest modules)
from .browser_fixtures import app_url, page  # noqa: E402,F401  (fixtures for the browser tests)
