"""Training: overfitting eight pairs, teacher-forcing extremes, clipping, NaN safety, evaluation."""

import math

import pytest
import torch

from s2s.errors import S2SError
from s2s.evaluate import evaluate
from s2s.train import fit

from .conftest import EIGHT_PAIRS, make_trainer


def test_overfits_eight_pairs_and_translates_all_of_them(trained):
    result = evaluate(trained.model, EIGHT_PAIRS, trained.src_vocab, trained.tgt_vocab)
    assert result["loss"] < 0.05
    assert result["hypotheses"] == [t for _, t in EIGHT_PAIRS]
    assert result["exact_match"] == 1.0 and result["bleu"] > 99


@pytest.mark.parametrize("ratio", [0.0, 1.0])
def test_teacher_forcing_extremes_both_learn(ratio):
    torch.manual_seed(0)
    trainer = make_trainer(teacher_forcing=ratio)
    first = trainer.train_step()
    for _ in range(150):
        last = trainer.train_step()
    assert first.teacher_forced == (ratio == 1.0) and last.teacher_forced == (ratio == 1.0)
    assert last.loss < first.loss / 3


def test_half_teacher_forcing_flips_a_seeded_coin_per_step():
    trainer_a, trainer_b = make_trainer(seed=5), make_trainer(seed=5)
    a = [trainer_a.train_step().teacher_forced for _ in range(40)]
    b = [trainer_b.train_step().teacher_forced for _ in range(40)]
    assert a == b and 10 < sum(a) < 30


def test_gradient_clipping_records_the_norm_before_and_after():
    trainer = make_trainer()
    trainer.set_hyper(clip_norm=0.01)
    stats = trainer.train_step()
    assert stats.grad_norm > 0.01
    assert math.isclose(stats.clipped_norm, 0.01, rel_tol=1e-3)
    total = torch.sqrt(sum((p.grad ** 2).sum() for p in trainer.model.parameters() if p.grad is not None))
    assert math.isclose(float(total), 0.01, rel_tol=1e-3)  # the update really used the clipped gradient


def test_non_finite_loss_skips_the_update_and_keeps_the_weights():
    trainer = make_trainer()
    trainer.train_step()
    before = {k: v.clone() for k, v in trainer.model.state_dict().items()}
    with torch.no_grad():
        trainer.model.decoder.out.bias[5] = float("nan")
    stats = trainer.train_step()
    assert math.isnan(stats.loss) and not stats.applied
    after = trainer.model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before if k != "decoder.out.bias")


def test_live_hyperparameters_are_validated():
    trainer = make_trainer()
    trainer.set_hyper(lr=0.01, teacher_forcing=0.25)
    assert trainer.optimizer.param_groups[0]["lr"] == 0.01 and trainer.train_cfg.teacher_forcing == 0.25
    for bad in [dict(lr=-1.0), dict(teacher_forcing=1.5), dict(clip_norm=0.0)]:
        with pytest.raises(S2SError):
            trainer.set_hyper(**bad)
    assert trainer.train_cfg.lr == 0.01  # a refused change leaves everything as it was


def test_fit_runs_whole_epochs_and_records_history():
    trainer = make_trainer(pairs=EIGHT_PAIRS * 4)
    steps = []
    fit(trainer, epochs=3, on_step=steps.append, eval_every_s=0.0)
    assert trainer.epoch == 3 and trainer.step == len(steps) == 3 * 4
    assert trainer.history.steps["step"] == list(map(float, range(1, 13)))
    assert len(trainer.history.evals["step"]) == 12 and trainer.history.last_eval["pairs"] == 32
