"""Answers to the "predict first" questions and the class poll's questions, against hand-computed keys."""

import math
from types import SimpleNamespace

import pytest
import torch

from s2s.analysis import predict
from s2s.analysis.polls import FREE, LENGTH, NEXT_WORD, NO_FAILURE, free_question, length_question, next_word_question
from s2s.decode import DecodeStep
from s2s.errors import S2SError
from s2s.instrument import GATE_NAMES, EncoderTrace
from s2s.vocab import SOS_ID


def reference_next_word_probs(trainer, src: str) -> dict[str, float]:
    """p(first French word) from the model's batched encode/step path, not the traced one the app uses."""
    model, sv, tv = trainer.model, trainer.src_vocab, trainer.tgt_vocab
    with torch.no_grad():
        src_ids = torch.tensor(sv.encode(src)).unsqueeze(1)  # [src_len, 1]
        enc = model.encode(src_ids, torch.tensor([src_ids.shape[0]]))
        logits, _ = model.decoder.step(torch.tensor([SOS_ID]), enc.state, enc)  # [1, tgt_vocab]
        probs = torch.softmax(logits[0], dim=-1)
    return {tv.itos[i]: float(p) for i, p in enumerate(probs)}


def test_the_overfit_model_writes_je_first_and_a_guess_gets_its_true_rank(trained):
    step = predict.next_word_distribution(trained.model, "i love you", trained.src_vocab, trained.tgt_vocab, 0)
    probs = reference_next_word_probs(trained, "i love you")
    by_prob = sorted(probs, key=lambda w: -probs[w])
    right = predict.grade_next_word(step, "je")
    assert right.correct and right.rank == 1 and right.model_word == "je" == by_prob[0]
    assert right.prob == pytest.approx(probs["je"], rel=1e-5) and right.n_words == len(trained.tgt_vocab)
    wrong = predict.grade_next_word(step, "merci")
    assert not wrong.correct and wrong.rank == by_prob.index("merci") + 1 and wrong.model_word == "je"
    assert wrong.prob == pytest.approx(probs["merci"], rel=1e-4)


def test_next_word_follows_the_forced_words(trained):
    # forcing "je" at step 0 is what the model does anyway: step 1 then answers "t" (je t aime)
    step = predict.next_word_distribution(trained.model, "i love you", trained.src_vocab, trained.tgt_vocab, 1,
                                          force={0: "je"})
    assert step.input_token == "je" and predict.grade_next_word(step, "t").correct


def encoder_trace(c_rows, gates=None) -> EncoderTrace:
    c = torch.tensor(c_rows, dtype=torch.float32)[:, None, :]  # [src_len, 1 layer, hidden]
    n = c.shape[0]
    gates = torch.zeros(n, 1, 4, c.shape[2]) if gates is None else gates
    return EncoderTrace([f"w{i}" for i in range(n)], list(range(n)), [], torch.zeros(n, 2), torch.zeros_like(c), c,
                        gates)


def test_biggest_c_change_is_the_largest_jump_from_the_zero_start():
    # ||c_t - c_(t-1)|| with c_(-1) = 0: |(1,0)| = 1, |(0,3)| = 3, |(0,0.5)| = 0.5, |(-2,0)| = 2
    trace = encoder_trace([[1, 0], [1, 3], [1, 3.5], [-1, 3.5]])
    assert predict.biggest_c_change(trace) == 1
    assert predict.biggest_c_change(encoder_trace([[2, 0], [2, 0]])) == 0  # the first word writes everything


def test_most_closed_gate_has_the_lowest_mean_and_ignores_the_cell_candidate():
    gates = torch.zeros(1, 1, 4, 2)
    gates[0, 0, GATE_NAMES.index("input")] = torch.tensor([0.9, 0.7])  # mean 0.8
    gates[0, 0, GATE_NAMES.index("forget")] = torch.tensor([0.1, 0.5])  # mean 0.3
    gates[0, 0, GATE_NAMES.index("cell")] = torch.tensor([-1.0, -1.0])  # tanh in [-1, 1]: not a gate to close
    gates[0, 0, GATE_NAMES.index("output")] = torch.tensor([0.6, 0.2])  # mean 0.4
    trace = encoder_trace([[1, 1]], gates)
    assert predict.gate_means(trace, 0) == pytest.approx({"input": 0.8, "forget": 0.3, "output": 0.4})
    assert predict.most_closed_gate(trace, 0) == "forget"


def test_beam_beats_greedy_only_by_more_than_rounding():
    beam = SimpleNamespace(best=SimpleNamespace(score=-1.0))
    assert predict.beam_beats_greedy(beam, SimpleNamespace(score=-1.5))
    assert not predict.beam_beats_greedy(beam, SimpleNamespace(score=-1.0 - 1e-9))
    assert not predict.beam_beats_greedy(beam, SimpleNamespace(score=-0.5))


def test_longest_group_and_the_bleu_tolerance():
    words = lambda n: " ".join(["w"] * n)  # noqa: E731
    assert predict.longest_group([(words(3), "x"), (words(22), "y"), (words(12), "z")]) == "21+"
    assert predict.longest_group([(words(3), "x"), (words(7), "y")]) == "6-10"
    assert predict.longest_group([]) is None
    assert predict.bleu_guess_right(30, 40) and predict.bleu_guess_right(50, 40)
    assert not predict.bleu_guess_right(29.9, 40)


def test_shuffled_is_a_fixed_permutation_per_seed():
    items = list("abcdefgh")
    once = predict.shuffled(items, "seed")
    assert sorted(once) == items and once == predict.shuffled(items, "seed")
    assert any(predict.shuffled(items, f"s{i}") != items for i in range(5))


def step_with(tokens, probs, index=1, input_token="je") -> DecodeStep:
    return DecodeStep(index, 5, input_token, list(range(len(tokens))), tokens, probs, 0, tokens[0],
                      math.log(probs[0]), False, torch.zeros(1), torch.zeros(1), torch.zeros(1))


def test_next_word_question_keeps_each_probability_with_its_word():
    step = step_with(["t", "suis", "ai", "aime", "la", "le", "les"], [0.4, 0.2, 0.1, 0.1, 0.1, 0.05, 0.05])
    q = next_word_question(step, "i love you", 120, seed="x")
    assert q.kind == NEXT_WORD and q.step == 120 and len(q.choices) == 6 and "les" not in q.choices
    assert q.answer_label == "t" and q.values[q.answer] == 0.4
    assert dict(zip(q.choices, q.values)) == dict(zip(step.topk_tokens[:6], step.topk_probs[:6]))
    assert "after “je”" in q.question and "i love you" in q.question
    first = next_word_question(step_with(["je", "il"], [0.7, 0.3], index=0, input_token="<SOS>"), "s", 1, "y")
    assert "first word" in first.question
    with pytest.raises(S2SError):
        next_word_question(step_with(["je"], [1.0]), "s", 1, "z")


def quality(rows: dict):
    return SimpleNamespace(step=300, groups=list(rows), by_length={
        b: {"bleu": 0.0, "exact_match": e, "pairs": n} for b, (e, n) in rows.items()})


def test_length_question_answers_the_first_group_below_half_exact():
    q = length_question(quality({"1-5": (0.9, 40), "6-10": (0.6, 40), "11-15": (0.45, 40), "16-20": (0.1, 40),
                                 "21+": (0.6, 3)}))  # 21+ has too few pairs to ask about
    assert q.kind == LENGTH and q.step == 300
    assert q.choices == ("1–5 words", "6–10 words", "11–15 words", "16–20 words", NO_FAILURE)
    assert q.answer_label == "11–15 words" and q.values[:4] == (0.9, 0.6, 0.45, 0.1)
    fine = length_question(quality({"1-5": (0.9, 40), "6-10": (0.5, 40)}))  # exactly half is not a failure
    assert fine.answer_label == NO_FAILURE
    with pytest.raises(S2SError):
        length_question(quality({"1-5": (0.9, 40)}))


def test_free_question_checks_its_choices():
    q = free_question("  Which is   harder? ", ["short", "", " long  sentences "], step=7)
    assert q.kind == FREE and q.question == "Which is harder?" and q.choices == ("short", "long sentences")
    assert q.answer is None and q.answer_label == "" and q.step == 7
    for question, choices in [("", ["a", "b"]), ("q", ["a"]), ("q", list("abcdefg")), ("q", ["a", "a"]),
                              ("q", ["a", "b" * 81]), ("q" * 301, ["a", "b"])]:
        with pytest.raises(S2SError):
            free_question(question, choices, step=0)
