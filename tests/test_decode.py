"""Greedy traces, forcing a word, and beam search trees on a model that knows eight pairs."""

import math
from dataclasses import replace

import pytest
import torch

from s2s.beam import FINISHED, KEPT, PRUNED, beam_search, length_penalty
from s2s.decode import greedy
from s2s.errors import S2SError
from s2s.vocab import EOS_ID, SOS_ID

from .conftest import EIGHT_PAIRS


def translate(trainer, text, **kw):
    return greedy(trainer.model, text, trainer.src_vocab, trainer.tgt_vocab, **kw)


def beam(trainer, text, **kw):
    return beam_search(trainer.model, text, trainer.src_vocab, trainer.tgt_vocab, **kw)


def test_greedy_trace_records_every_step(trained):
    trace = translate(trained, "I love you", k=3)
    assert trace.text == "je t aime" and trace.finished
    assert [s.input_token for s in trace.steps] == ["<SOS>", "je", "t", "aime"]
    assert [s.chosen_token for s in trace.steps] == ["je", "t", "aime", "<EOS>"]
    hidden = trained.model.cfg.hidden_dim
    for step in trace.steps:
        assert step.topk_ids[0] == step.chosen_id and len(step.topk_ids) == 3
        assert step.topk_probs == sorted(step.topk_probs, reverse=True) and sum(step.topk_probs) <= 1 + 1e-6
        assert step.h.shape == (1, hidden) and step.gates.shape == (1, 4, hidden)
    assert math.isclose(trace.score, sum(s.chosen_logprob for s in trace.steps))


def test_most_attended_is_the_largest_weights_position(trained):
    step = translate(trained, "I love you").steps[0]
    assert step.attention is None and step.most_attended is None  # a classic model has no attention
    assert replace(step, attention=[0.1, 0.7, 0.2]).most_attended == 1
    assert replace(step, attention=[0.5, 0.2, 0.3]).most_attended == 0


def test_temperature_flattens_probabilities_but_not_the_choice(trained):
    cold, hot = translate(trained, "i am cold", temperature=0.5), translate(trained, "i am cold", temperature=5.0)
    assert cold.text == hot.text == "j ai froid"
    assert hot.steps[0].topk_probs[0] < cold.steps[0].topk_probs[0]
    with pytest.raises(S2SError, match="temperature"):
        translate(trained, "i am cold", temperature=0)


def test_forcing_a_word_reruns_decoding_from_there(trained):
    base = translate(trained, "i love you")
    forced = translate(trained, "i love you", force={1: "aime"})
    assert forced.steps[0].chosen_token == base.steps[0].chosen_token == "je"
    assert forced.steps[1].chosen_token == "aime" and forced.steps[1].forced
    assert forced.steps[2].input_token == "aime"  # the next step reads the forced word
    assert forced.forced == {1: trained.tgt_vocab.stoi["aime"]}
    torch.testing.assert_close(forced.steps[0].h, base.steps[0].h)
    assert not torch.allclose(forced.steps[2].h, base.steps[2].h)
    with pytest.raises(S2SError, match="not in the French vocabulary"):
        translate(trained, "i love you", force={0: "pizza"})


def test_unknown_words_are_reported_and_read_as_unk(trained):
    trace = translate(trained, "i love pizza")
    assert trace.source.unknown == ["pizza"]
    assert trace.encoder.ids[2] == 3 and trace.encoder.unknown == [2]


def test_empty_and_overlong_input(trained):
    with pytest.raises(S2SError, match="empty"):
        translate(trained, "   ")
    trace = translate(trained, "hello " * 100)
    assert trace.source.truncated and len(trace.source.tokens) == trained.model.cfg.max_len


def test_beam_width_one_equals_greedy(trained):
    for src, _ in EIGHT_PAIRS:
        g, b = translate(trained, src), beam(trained, src, width=1)
        assert b.best.text == g.text
        assert math.isclose(b.best.score, g.score, abs_tol=1e-4)


def test_beam_scores_are_sums_of_recomputed_log_probabilities(trained):
    trace = beam(trained, "she is tired", width=4)
    by_id = {n.id: n for n in trace.nodes}
    model, vocab = trained.model, trained.tgt_vocab
    for hyp in trace.nbest:
        ids = [by_id[i].token_id for i in hyp.node_ids]
        src = torch.tensor(trained.src_vocab.encode("she is tired"))[:, None]
        with torch.no_grad():
            enc = model.encode(src, torch.tensor([src.shape[0]]))
            tgt_in = torch.tensor([SOS_ID] + ids[:-1])[:, None]
            hidden, _ = model.decoder.run(tgt_in, enc.state, enc)
            logp = torch.log_softmax(model.decoder.out(hidden[:, 0]), -1)  # [steps, vocab]
        recomputed = float(sum(logp[t, i] for t, i in enumerate(ids)))
        assert math.isclose(hyp.score, recomputed, abs_tol=1e-4)
        assert hyp.finished == (ids[-1] == EOS_ID)
        assert hyp.tokens == [vocab.itos[i] for i in ids if i != EOS_ID]


def test_beam_tree_structure(trained):
    trace = beam(trained, "how are you", width=3, max_len=6)
    nodes = trace.nodes
    assert nodes[0].parent is None and nodes[0].token == "<SOS>"
    for node in nodes[1:]:
        parent = nodes[node.parent]
        assert parent.status == KEPT and node.step == parent.step + 1
        assert math.isclose(node.score, parent.score + node.logprob, abs_tol=1e-5)
    for step in range(1, max(n.step for n in nodes) + 1):
        level = [n for n in nodes if n.step == step]
        survivors = [n for n in level if n.status != PRUNED]
        assert len(survivors) <= 3
        assert min(n.score for n in survivors) >= max((n.score for n in level if n.status == PRUNED), default=-1e9)
    assert sum(n.status == FINISHED for n in nodes) == len([h for h in trace.nbest if h.finished]) <= 3
    assert trace.best.text == "comment allez vous"


def test_beam_five_scores_at_least_greedy_on_a_trained_model(trained):
    for src, _ in EIGHT_PAIRS + [("i love cold", ""), ("she is you", "")]:
        assert beam(trained, src, width=5).best.score >= translate(trained, src).score - 1e-5


def test_length_penalty_and_bad_settings(trained):
    assert length_penalty(7, 0.0) == 1.0 and math.isclose(length_penalty(7, 1.0), 2.0)
    trace = beam(trained, "thank you", width=3, alpha=1.0)
    norms = [h.normalized for h in trace.nbest if h.finished]
    assert norms == sorted(norms, reverse=True)
    assert any(h.finished for h in trace.nbest)  # the GNMT formula on the words, <EOS> not counted as one
    for h in trace.nbest:
        assert h.normalized == pytest.approx(h.score / ((5 + len(h.tokens)) / 6) ** 1.0)
    with pytest.raises(S2SError, match="width"):
        beam(trained, "thank you", width=0)
    with pytest.raises(S2SError, match="max length"):
        translate(trained, "thank you", max_len=0)
