"""Teacher-forced and free-running traces, decoder state changes and the small helpers, against answer keys."""

import math

import numpy as np
import pytest
import torch

from s2s.data import Split
from s2s.decode import greedy
from s2s.errors import S2SError
from s2s.teacher import (
    FREE,
    TEACHER,
    compare_decoding,
    find_pair,
    first_divergence,
    force_candidates,
    loss_by_mode,
    state_changes,
    word_diff,
)
from s2s.vocab import EOS_ID, SOS_ID

from .conftest import EIGHT_PAIRS, make_trainer


@pytest.fixture(scope="module")
def untrained():
    """A fresh model: its predictions are wrong, so the two modes read different words."""
    trainer = make_trainer(seed=3)
    trainer.model.eval()
    return trainer


def compare(trainer, src, ref, **kw):
    return compare_decoding(trainer.model, src, ref, trainer.src_vocab, trainer.tgt_vocab, **kw)


def encode_one(trainer, src):
    ids = torch.tensor(trainer.src_vocab.encode(src)).unsqueeze(1)  # [src_len, 1]
    return trainer.model.encode(ids, torch.tensor([ids.shape[0]]))


@pytest.mark.parametrize("which", ["trained", "untrained"])
def test_teacher_forced_losses_equal_one_lstm_call_over_the_reference(which, request):
    trainer = request.getfixturevalue(which)  # outside no_grad: the `trained` fixture trains
    with torch.no_grad():
        check_teacher_forced_losses(trainer)


def check_teacher_forced_losses(trainer):
    src, ref = "he is not hungry", "il n a pas faim"
    result = compare(trainer, src, ref)
    enc = encode_one(trainer, src)
    ref_ids = trainer.tgt_vocab.encode(ref)
    tgt_in = torch.tensor([SOS_ID, *ref_ids]).unsqueeze(1)  # [steps, 1]
    tgt_out = torch.tensor([*ref_ids, EOS_ID])
    hidden, _ = trainer.model.decoder.run(tgt_in, enc.state, enc)  # [steps, 1, hidden]
    logits = trainer.model.decoder.out(hidden[:, 0])  # [steps, tgt_vocab]
    expected = torch.nn.functional.cross_entropy(logits, tgt_out, reduction="none")
    got = torch.tensor([s.loss for s in result.teacher.steps])
    torch.testing.assert_close(got, expected, atol=1e-5, rtol=0)
    assert [s.input_id for s in result.teacher.steps] == tgt_in[:, 0].tolist()
    assert [s.predicted_id for s in result.teacher.steps] == logits.argmax(-1).tolist()
    assert result.teacher.mode == TEACHER and result.free.mode == FREE


@torch.no_grad()
def test_mean_losses_equal_the_training_losses_of_both_modes(untrained):
    src, ref = "we are happy", "nous sommes heureux"
    result = compare(untrained, src, ref)
    enc = encode_one(untrained, src)
    ref_ids = untrained.tgt_vocab.encode(ref)
    tgt_in, tgt_out = torch.tensor([[SOS_ID, *ref_ids]]).T, torch.tensor([[*ref_ids, EOS_ID]]).T  # [steps, 1]
    model = untrained.model
    assert math.isclose(result.teacher.mean_loss, float(model.loss_teacher_forced(enc, tgt_in, tgt_out)),
                        abs_tol=1e-5)
    assert math.isclose(result.free.mean_loss, float(model.loss_free_running(enc, tgt_out, torch.tensor([SOS_ID]))),
                        abs_tol=1e-5)


def test_a_trained_model_is_right_in_both_modes_on_training_pairs(trained):
    for src, ref in EIGHT_PAIRS:
        result = compare(trained, src, ref)
        words = ref.split()
        for run in (result.teacher, result.free):
            assert run.first_error is None and run.n_correct == len(words) + 1
            assert [s.target_token for s in run.steps] == [*words, "<EOS>"]
            assert run.predicted_text == ref
        assert [s.input_token for s in result.free.steps] == ["<SOS>", *words]
        assert result.unknown == ()


def test_free_running_reads_its_own_predictions(untrained):
    result = compare(untrained, "she is tired", "elle est fatiguée")
    teacher, free = result.teacher.steps, result.free.steps
    assert len(teacher) == len(free) == 4
    for t in range(1, 4):
        assert free[t].input_id == free[t - 1].predicted_id
        assert teacher[t].input_id == teacher[t - 1].target_id
    assert [s.input_token for s in free] != [s.input_token for s in teacher]  # untrained: it guesses wrong
    assert result.free.first_error == 0 and result.free.n_correct < 4
    for s in free:
        assert math.isclose(s.target_prob, math.exp(-s.loss), rel_tol=1e-5)
        assert s.predicted_prob >= s.target_prob - 1e-7  # the argmax is at least as likely as the reference


def test_injecting_a_wrong_first_word_changes_everything_after_it(trained):
    base = compare(trained, "i love you", "je t aime")
    hurt = compare(trained, "i love you", "je t aime", inject={0: "merci"})
    step0 = hurt.free.steps[0]
    assert step0.injected and step0.predicted_token == "merci" and not step0.correct
    assert math.isclose(step0.loss, base.free.steps[0].loss)  # the loss of step 0 comes before the choice
    assert hurt.free.steps[1].input_token == "merci" and hurt.free.first_error == 0
    assert [s.loss for s in hurt.free.steps[1:]] != pytest.approx([s.loss for s in base.free.steps[1:]])
    assert hurt.free.total_loss > base.free.total_loss
    assert hurt.teacher == base.teacher  # teacher forcing never reads predictions
    with pytest.raises(S2SError, match="not in the French vocabulary"):
        compare(trained, "i love you", "je t aime", inject={0: "pizza"})


def test_bad_input_is_refused_with_a_message(trained):
    with pytest.raises(S2SError, match="empty"):
        compare(trained, "  ", "je t aime")
    with pytest.raises(S2SError, match="reference is empty"):
        compare(trained, "i love you", "")
    result = compare(trained, "i love pizza", "j aime la pizza")
    assert result.unknown == ("pizza", "la")
    assert result.free.steps[3].target_token == "<UNK>"


def test_pairs_are_found_in_train_first_then_held_out():
    split = Split([("i love you", "je t aime"), ("hello", "salut"), ("hello", "bonjour")],
                  [("thank you", "merci")], [("i love you", "je vous aime")])
    assert find_pair(split, "I love you!") is None  # "!" is a token of its own: a different sentence
    assert find_pair(split, "I LOVE  you") == ("train", [("i love you", "je t aime")])
    assert find_pair(split, "hello") == ("train", [("hello", "salut"), ("hello", "bonjour")])
    assert find_pair(split, "thank you") == ("valid", [("thank you", "merci")])
    assert find_pair(split, "nothing like it") is None


@torch.no_grad()
def test_state_changes_match_a_recomputation_with_the_decoder(trained):
    trace = greedy(trained.model, "he is not hungry", trained.src_vocab, trained.tgt_vocab)
    changes = state_changes(trace)
    enc = encode_one(trained, "he is not hungry")
    state, prev, expected_h, expected_c = enc.state, SOS_ID, [], []
    for step in trace.steps:
        _, new = trained.model.decoder.step(torch.tensor([prev]), state, enc)
        expected_h.append(float((new[0] - state[0]).norm()))
        expected_c.append(float((new[1] - state[1]).norm()))
        state, prev = new, step.chosen_id
    assert len(changes.dh) == len(trace.steps) == 6
    np.testing.assert_allclose(changes.dh, expected_h, atol=1e-5)
    np.testing.assert_allclose(changes.dc, expected_c, atol=1e-5)
    assert all(d > 0 for d in changes.dh + changes.dc)


def test_first_divergence():
    assert first_divergence(["je", "t", "aime"], ["je", "t", "aime"]) is None
    assert first_divergence(["je", "t", "aime"], ["je", "vous", "aime"]) == 1
    assert first_divergence(["je", "t"], ["je", "t", "aime"]) == 2
    assert first_divergence([], ["x"]) == 0 and first_divergence([], []) is None
    assert first_divergence(["a"], ["b"]) == 0
    assert first_divergence(["je", "t", "aime"], ["je", "t", "aime", "bien"]) == 3


def test_word_diff_marks_only_the_positions_that_differ():
    """Issue 13: a forced word that changes nothing after it must not mark the whole tail as changed."""
    d = word_diff(["je", "lis", "un", "livre", "<EOS>"], ["je", "ai", "un", "livre", "<EOS>"])
    assert d.split == 1 and d.changed == (False, True, False, False, False)
    assert (d.n_changed_later, d.n_later) == (0, 3)
    d = word_diff(["je", "t", "aime", "<EOS>"], ["je", "<EOS>"])  # forcing <EOS> cuts the sentence short
    assert d.after == ("je", "<EOS>", "", "") and d.changed == (False, True, True, True)
    assert (d.split, d.n_changed_later, d.n_later) == (1, 2, 2)
    d = word_diff(["a", "b", "<EOS>"], ["a", "c", "b", "<EOS>"])  # one word longer: everything after shifts
    assert d.before == ("a", "b", "<EOS>", "") and d.changed == (False, True, True, True)
    same = word_diff(["a", "<EOS>"], ["a", "<EOS>"])
    assert same.split is None and same.changed == (False, False) and same.n_changed_later == same.n_later == 0


def test_force_candidates_put_the_top_words_first(trained):
    vocab = trained.tgt_vocab
    words = force_candidates(["t", "je", "<EOS>"], vocab)
    assert words[:3] == ["t", "je", "<EOS>"]
    assert sorted(words) == sorted(w for w in vocab.itos if w not in ("<PAD>", "<SOS>"))
    assert len(words) == len(vocab) - 2


def test_loss_by_mode_splits_on_the_flag_and_skips_unknown_rows():
    steps = {"step": (1, 2, 3, 4, 5, 6), "loss": (5.0, 4.0, 3.5, 3.0, 2.0, 1.0),
             "teacher_forced": (float("nan"), 1.0, 0.0, 1.0, 0.0, 0.0)}
    split = loss_by_mode(steps)
    assert split.teacher_steps.tolist() == [2, 4] and split.teacher_loss.tolist() == [4.0, 3.0]
    assert split.free_steps.tolist() == [3, 5, 6] and split.free_loss.tolist() == [3.5, 2.0, 1.0]
    assert split.recent_means(2) == (3.5, 1.5)
    old = loss_by_mode({"step": (1, 2), "loss": (5.0, 4.0)})
    assert len(old.teacher_steps) == len(old.free_steps) == 0
    assert all(math.isnan(v) for v in old.recent_means())
    empty = loss_by_mode({})
    assert len(empty.teacher_loss) == 0


def test_compounding_counts_what_follows_the_first_mistake(trained):
    assert compare(trained, "i love you", "je t aime").compounding() is None
    cmp = compare(trained, "he is not hungry", "il n a pas faim", inject={1: "merci"})
    c = cmp.compounding()
    free, teacher = cmp.free.steps, cmp.teacher.steps
    assert c.first == 1 and c.n_later == len(free) - 2 == 4
    assert c.free_wrong == sum(not s.correct for s in free[2:]) and c.teacher_wrong == 0
    assert math.isclose(c.free_loss, sum(s.loss for s in free[2:]))
    assert math.isclose(c.teacher_loss, sum(s.loss for s in teacher[2:])) and c.free_loss > c.teacher_loss
