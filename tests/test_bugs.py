"""Each bug switch, measured: the broken and the correct model trained briefly (small preset, seed 0, fp32).

The claims checked are the ones the Compare page makes (s2s/bugs.py, s2s/analysis/runs.py). Trained
models are module fixtures shared by the tests that only read them; answer keys are hand-computed
values (a uniform average, a loss over every position) or the correct run trained the same way.
"""

from dataclasses import replace

import pytest
import torch
from torch import nn

from s2s.analysis.bottleneck import select_pairs
from s2s.bugs import BUGS, active_bug, with_bug
from s2s.build import new_trainer
from s2s.checkpoint import load_checkpoint, save_checkpoint
from s2s.config import TrainConfig, preset
from s2s.data import CorpusFilter, Split, load_corpus, training_split
from s2s.decode import greedy
from s2s.errors import S2SError
from s2s.evaluate import evaluate
from s2s.metrics import length_group
from s2s.model import Seq2Seq
from s2s.vocab import PAD_ID

from .conftest import EIGHT_PAIRS

pytestmark = pytest.mark.timeout(600)
STEPS = 200  # enough for the damage of each bug to show on the small preset at this learning rate


def train(split: Split, kind: str = "classic", bug: str = "", steps: int = STEPS):
    model_cfg, train_cfg = preset("small", kind=kind), TrainConfig(lr=1e-2, batch_size=32, precision="fp32", seed=0)
    if bug:
        model_cfg, train_cfg = with_bug(model_cfg, train_cfg, bug)
    trainer = new_trainer(split, model_cfg, train_cfg)
    for _ in range(steps):
        trainer.train_step()
    trainer.model.eval()
    return trainer


@pytest.fixture(scope="module")
def short_split() -> Split:
    """Sentences of at most 10 words: the classic model learns them within a few hundred steps."""
    return training_split(load_corpus("builtin", CorpusFilter(max_words=10))[0], seed=0)


@pytest.fixture(scope="module")
def full_split() -> Split:
    return training_split(load_corpus("builtin")[0], seed=0)


@pytest.fixture(scope="module")
def correct(short_split):
    return train(short_split)


# ---- the switches themselves ------------------------------------------------------------------------------
def test_switches_are_off_by_default_saved_in_checkpoints_and_one_at_a_time(tmp_path):
    assert active_bug(preset("small"), TrainConfig()) is None
    split = Split(EIGHT_PAIRS, EIGHT_PAIRS, EIGHT_PAIRS)
    for key, bug in BUGS.items():
        model_cfg, train_cfg = with_bug(preset("small", kind=bug.kind), TrainConfig(), key)
        trainer = new_trainer(split, model_cfg, train_cfg)
        path = save_checkpoint(tmp_path / f"{key}.pt", trainer.model, trainer.src_vocab, trainer.tgt_vocab,
                               trainer.train_cfg)
        ckpt = load_checkpoint(path)
        assert active_bug(ckpt.model.cfg, ckpt.train_config).key == key
    both = with_bug(*with_bug(preset("small"), TrainConfig(), "zero_start"), "pad_in_loss")
    with pytest.raises(S2SError, match="at most one bug"):
        active_bug(*both)
    with pytest.raises(S2SError, match="needs the attention model"):
        with_bug(preset("small"), TrainConfig(), "blind_attention")


def test_padding_bug_averages_the_loss_over_every_position():
    """Answer key: cross-entropy by hand over all [tgt_len, batch] positions, PAD targets included."""
    torch.manual_seed(0)
    cfg = replace(preset("small", dropout=0.0), src_vocab_size=9, tgt_vocab_size=7, bug_pad_in_loss=True)
    model = Seq2Seq(cfg).eval()
    src = torch.tensor([[5, 6], [7, PAD_ID]])  # [src_len, batch]
    tgt_in, tgt_out = torch.tensor([[1, 1], [4, 5], [6, PAD_ID]]), torch.tensor([[4, 5], [6, 2], [2, PAD_ID]])
    with torch.no_grad():
        enc = model.encode(src, torch.tensor([2, 1]))
        features, _ = model.decoder.run(tgt_in, enc.state, enc)  # [3, 2, hidden]
        logits = model.decoder.out(features)  # [3, 2, vocab]
        by_hand = -torch.log_softmax(logits, -1).gather(-1, tgt_out.unsqueeze(-1)).mean()
        assert float(model.loss_teacher_forced(enc, tgt_in, tgt_out)) == pytest.approx(float(by_hand), abs=1e-5)
        model.cfg = replace(cfg, bug_pad_in_loss=False)
        real = tgt_out != PAD_ID
        by_hand_real = nn.functional.cross_entropy(logits[real], tgt_out[real])
        assert float(model.loss_teacher_forced(enc, tgt_in, tgt_out)) == pytest.approx(float(by_hand_real), abs=1e-5)


def test_blind_attention_weights_are_a_plain_average_of_the_real_words():
    torch.manual_seed(0)
    cfg = replace(preset("small", kind="attention"), src_vocab_size=9, tgt_vocab_size=7, bug_blind_attention=True)
    model = Seq2Seq(cfg).eval()
    src = torch.tensor([[5, 6], [7, 8], [8, PAD_ID]])  # lengths 3 and 2
    with torch.no_grad():
        enc = model.encode(src, torch.tensor([3, 2]))
        weights, context = model.decoder.attend(torch.randn(2, cfg.hidden_dim), enc)
    assert torch.allclose(weights, torch.tensor([[1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0.0]]))
    assert torch.allclose(context[1], enc.outputs[:2, 1].mean(0), atol=1e-6)


def test_evaluation_bug_changes_nothing_in_training():
    split = Split(EIGHT_PAIRS, EIGHT_PAIRS, EIGHT_PAIRS)
    runs = []
    for switch in (False, True):
        trainer = new_trainer(split, preset("small"), TrainConfig(batch_size=8, precision="fp32",
                                                                  bug_eval_teacher_forced=switch))
        for _ in range(3):  # each run draws its dropout masks from the same seeded generator
            trainer.train_step()
        runs.append(trainer)
    for name, tensor in runs[0].model.state_dict().items():
        assert torch.equal(runs[1].model.state_dict()[name], tensor)


# ---- the damage, measured ---------------------------------------------------------------------------------
def test_padding_in_the_loss_flatters_it_while_translations_are_no_better(short_split, correct):
    broken = train(short_split, bug="pad_in_loss")
    pairs = short_split.valid
    ok = evaluate(correct.model, pairs, correct.src_vocab, correct.tgt_vocab)
    bad = evaluate(broken.model, pairs, broken.src_vocab, broken.tgt_vocab)
    assert bad["loss"] < 0.85 * ok["loss"]  # its own (padded) validation loss looks far better
    assert bad["bleu"] <= ok["bleu"] + 3.0  # yet the translations gain nothing
    assert broken.history.recent_loss(30) <= correct.history.recent_loss(30) + 0.05


def test_teacher_forcing_in_evaluation_scores_above_free_running(correct):
    pairs = correct.split.valid
    flattered = replace(correct.train_cfg, bug_eval_teacher_forced=True)
    correct.train_cfg, original = flattered, correct.train_cfg
    try:
        recorded = correct.evaluate(pairs, limit=None)  # what the broken run's history records
    finally:
        correct.train_cfg = original
    free = evaluate(correct.model, pairs, correct.src_vocab, correct.tgt_vocab)
    assert recorded["bleu"] > free["bleu"] and recorded["exact_match"] >= free["exact_match"]
    assert recorded["loss"] == pytest.approx(free["loss"])  # the loss was always teacher-forced


def test_zero_start_decoder_translations_ignore_the_english(short_split, correct):
    broken = train(short_split, bug="zero_start", steps=100)
    sources = [src for src, _ in short_split.valid[:20]]
    bad = {greedy(broken.model, s, broken.src_vocab, broken.tgt_vocab).text for s in sources}
    ok = {greedy(correct.model, s, correct.src_vocab, correct.tgt_vocab).text for s in sources}
    assert len(bad) == 1  # one French sentence for twenty different English ones
    assert len(ok) >= 10


def test_no_clipping_with_a_high_learning_rate_explodes_and_the_guard_catches_it(short_split, correct):
    broken = train(short_split, bug="no_clipping", steps=10)
    steps = broken.history.steps
    assert steps["clipped_norm"] == steps["grad_norm"]  # nothing was clipped
    assert max(steps["grad_norm"]) > 10 * max(correct.history.steps["grad_norm"])
    assert max(steps["loss"]) > broken.loss_ceiling  # worse than guessing: diverged
    skipped = [s for s, loss in zip(steps["step"], steps["loss"]) if loss > broken.loss_ceiling]
    assert skipped and all(loss <= correct.loss_ceiling for loss in correct.history.steps["loss"])


def test_blind_attention_loses_to_real_attention_on_long_sentences(full_split):
    pairs = [p for p in select_pairs(full_split.valid + full_split.test, 60) if len(p[0].split()) >= 16]
    scores = {}
    for name, bug in (("attention", ""), ("blind", "blind_attention")):
        trainer = train(full_split, kind="attention", bug=bug, steps=300)  # the two part after about 250 steps
        result = evaluate(trainer.model, pairs, trainer.src_vocab, trainer.tgt_vocab)
        scores[name] = result["bleu"]
    assert {length_group(len(p[0].split())) for p in pairs} == {"16-20", "21+"}
    assert scores["blind"] < scores["attention"] - 5.0
