"""The Bahdanau attention model: weights, traces, training, checkpoints, and that it beats the bottleneck."""

import math

import torch

from s2s.batching import collate, encode_pairs
from s2s.beam import beam_search
from s2s.build import new_trainer
from s2s.checkpoint import load_checkpoint, save_checkpoint
from s2s.config import ModelConfig, TrainConfig, preset
from s2s.data import Split, load_builtin, training_split
from s2s.decode import greedy, greedy_batch
from s2s.evaluate import evaluate
from s2s.model import Seq2Seq
from s2s.vocab import Vocabulary

from .conftest import EIGHT_PAIRS, make_trainer


def tiny_attention(n_layers=1) -> Seq2Seq:
    torch.manual_seed(2)
    cfg = ModelConfig(src_vocab_size=12, tgt_vocab_size=10, embed_dim=6, hidden_dim=8, n_layers=n_layers,
                      dropout=0.0, kind="attention")
    return Seq2Seq(cfg).eval()


def test_attention_weights_are_a_distribution_over_real_words_only():
    model = tiny_attention()
    vocab = Vocabulary([f"w{i}" for i in range(8)])
    encoded = encode_pairs([("w1 w2 w3 w4", "x"), ("w5 w6", "x")], vocab, Vocabulary(["x"]), 40)
    batch = collate(encoded, [0, 1])
    with torch.no_grad():
        enc = model.encode(batch.src_ids, batch.src_lens)
        weights, context = model.decoder.attend(enc.state[0][-1], enc)
    assert weights.shape == (2, 4) and context.shape == (2, 8)
    torch.testing.assert_close(weights.sum(-1), torch.ones(2))
    assert (weights[1, 2:] == 0).all() and (weights[1, :2] > 0).all()  # PAD positions get no attention
    torch.testing.assert_close(context[1], (weights[1, :2, None] * enc.outputs[:2, 1]).sum(0))


def test_a_sentence_decodes_the_same_alone_or_in_a_padded_batch():
    model = tiny_attention(2)
    vocab = Vocabulary([f"w{i}" for i in range(8)])
    encoded = encode_pairs([("w1 w2", "x"), ("w3 w4 w5 w6 w7", "x")], vocab, Vocabulary(["x"]), 40)
    alone, together = collate(encoded, [0]), collate(encoded, [1, 0])
    with torch.no_grad():
        assert greedy_batch(model, alone.src_ids, alone.src_lens, 6)[0] == \
            greedy_batch(model, together.src_ids, together.src_lens, 6)[1]


def test_traced_greedy_matches_the_batched_decoder_and_records_attention():
    trainer = make_trainer(kind="attention")
    for _ in range(50):
        trainer.train_step()
    model, sv, tv = trainer.model.eval(), trainer.src_vocab, trainer.tgt_vocab
    for src, _ in EIGHT_PAIRS:
        trace = greedy(model, src, sv, tv)
        ids = torch.tensor(sv.encode(src))[:, None]
        assert [s.chosen_id for s in trace.steps if s.chosen_id != 2] == \
            greedy_batch(model, ids, torch.tensor([ids.shape[0]]), model.cfg.max_len)[0]
        for step in trace.steps:
            assert len(step.attention) == len(src.split()) and math.isclose(sum(step.attention), 1.0, rel_tol=1e-5)


def test_attention_model_overfits_eight_pairs_and_beam_one_equals_greedy(tmp_path):
    torch.manual_seed(0)
    trainer = make_trainer(kind="attention")
    for _ in range(400):
        trainer.train_step()
    result = evaluate(trainer.model, EIGHT_PAIRS, trainer.src_vocab, trainer.tgt_vocab)
    assert result["exact_match"] == 1.0
    model, sv, tv = trainer.model, trainer.src_vocab, trainer.tgt_vocab
    for src, ref in EIGHT_PAIRS:
        assert beam_search(model, src, sv, tv, width=1).best.text == greedy(model, src, sv, tv).text == ref
    path = save_checkpoint(tmp_path / "attn.pt", model, sv, tv, trainer.train_cfg)
    again = load_checkpoint(path)
    assert again.model.cfg.kind == "attention"
    assert greedy(again.model, "i love you", sv, tv).text == "je t aime"


def test_attention_beats_the_classic_model_on_long_sentences_after_the_same_training():
    """A robust direction only: equal steps and sizes, scored on held-out built-in sentences of 15+ words."""
    pairs, _ = load_builtin()
    split = training_split(pairs, seed=0)
    long_heldout = [p for p in split.test + split.valid if len(p[0].split()) >= 15]
    subset = Split([p for p in split.train if len(p[0].split()) >= 8], split.valid[:20], split.test[:20])
    bleu = {}
    for kind in ("classic", "attention"):
        torch.manual_seed(0)
        trainer = new_trainer(subset, preset("small", kind=kind, embed_dim=48, hidden_dim=96),
                                 TrainConfig(batch_size=32, lr=3e-3, teacher_forcing=1.0, precision="fp32"))
        for _ in range(250):
            trainer.train_step()
        bleu[kind] = evaluate(trainer.model, long_heldout, trainer.src_vocab, trainer.tgt_vocab)["bleu"]
    assert bleu["attention"] > bleu["classic"] + 3, bleu
