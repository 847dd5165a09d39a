"""Corpus statistics, vocabulary replay, batches, tensor shapes and their figures, against hand-computed answers."""

import html
import math

import pytest
import torch

from s2s.analysis import datastats as ds
from s2s.analysis import stages as sg
from s2s.batching import bucketed_batches, collate, encode_pairs
from s2s.data import Split
from s2s.errors import S2SError
from s2s.figures import data as fd
from s2s.teacher import find_pair
from s2s.vocab import EOS_ID, PAD_ID, SOS_ID, UNK_ID, Vocabulary, build_with_trace

from .conftest import EIGHT_PAIRS, make_trainer

HAND_SPLIT = Split(train=[("a b", "x"), ("a b c", "x y"), ("c", "x y z"), ("b", "z")],
                   valid=[("d e", "w")], test=[])


@pytest.fixture(scope="module")
def plain():
    """The default small model on the eight pairs, untrained: vocabularies and shapes need no training."""
    torch.manual_seed(0)
    return make_trainer()


@pytest.fixture(scope="module")
def deep():
    """A 2-layer model with embed 8, hidden 16, on the eight pairs (untrained: only shapes matter)."""
    torch.manual_seed(0)
    return make_trainer(embed_dim=8, hidden_dim=16, n_layers=2)


def test_corpus_stats_hand_key():
    stats = ds.corpus_stats(HAND_SPLIT, top_n=2)
    assert (stats.n_train, stats.n_valid, stats.n_test) == (4, 1, 0)
    assert stats.src_lengths == {1: 2, 2: 1, 3: 1}
    assert stats.tgt_lengths == {1: 2, 2: 1, 3: 1}
    assert stats.src_top == [("b", 3), ("a", 2)]  # b: 3 times; a and c tie at 2, a was seen first
    assert stats.tgt_top == [("x", 3), ("y", 2)]


def test_min_freq_effect_hand_key_and_agrees_with_vocabulary_build():
    sentences = ["a b a c", "a b", "d"]
    counts = ds.word_counts(sentences)
    assert counts == {"a": 3, "b": 2, "c": 1, "d": 1}
    effect = ds.min_freq_effect(counts, 2)
    assert (effect.n_types, effect.n_kept, effect.vocab_size) == (4, 2, 6)
    assert (effect.n_tokens, effect.n_unk_tokens) == (7, 2) and effect.unk_share == pytest.approx(2 / 7)
    assert effect.rare_words == [("c", 1), ("d", 1)]
    for min_freq in range(1, 5):
        built = Vocabulary.build(sentences, min_freq=min_freq)
        assert ds.min_freq_effect(counts, min_freq).vocab_size == len(built)
    effects = ds.min_freq_effects(counts, 3)
    assert [(e.min_freq, e.n_kept, e.n_unk_tokens) for e in effects] == [(1, 4, 0), (2, 2, 2), (3, 1, 4)]


def test_build_frame_step_through_hand_table():
    sentences = ["i am cold", "i love you"]
    start = ds.build_frame(sentences, 0)
    assert start.n_steps == 6 and start.word == "" and [r.word for r in start.rows] == ["<PAD>", "<SOS>", "<EOS>",
                                                                                         "<UNK>"]
    three = ds.build_frame(sentences, 3)
    assert [(r.id, r.word, r.count, r.status) for r in three.rows[4:]] == [
        (4, "i", 1, ""), (5, "am", 1, ""), (6, "cold", 1, "new")]
    four = ds.build_frame(sentences, 4)  # "i" arrives again: no new id, its count grows
    assert (four.word, four.is_new, four.sentence_index, four.position) == ("i", False, 1, 0)
    assert four.tokens == ["i", "love", "you"]
    assert [(r.id, r.word, r.count, r.status) for r in four.rows[4:]] == [
        (4, "i", 2, "seen again"), (5, "am", 1, ""), (6, "cold", 1, "")]
    five = ds.build_frame(sentences, 5)
    assert (five.rows[-1].id, five.rows[-1].word, five.rows[-1].status) == (7, "love", "new")
    assert ds.build_frame(sentences, 99).k == 6 and len(ds.build_frame(sentences, 99).rows) == 9
    assert start.current_row is None and (four.current_row.id, four.current_row.count) == (4, 2)
    assert (five.current_row.id, five.current_row.word, five.current_row.count) == (7, "love", 1)


def test_build_frame_follows_build_with_trace():
    sentences = [s for s, _ in EIGHT_PAIRS]
    _, steps = build_with_trace(sentences)
    for k in range(1, len(steps) + 1):
        frame = ds.build_frame(sentences, k)
        assert (frame.word, frame.is_new) == (steps[k - 1].word, steps[k - 1].is_new)
        assert len(frame.rows) == 4 + sum(s.is_new for s in steps[:k])


def test_sentence_ids_match_encode_and_flag_unknown_words(plain):
    ids = ds.sentence_ids("I love pizza!", plain.src_vocab)
    assert [t.id for t in ids] == plain.src_vocab.encode("I love pizza!")
    assert [(t.word, t.known) for t in ids] == [("i", True), ("love", True), ("pizza", False), ("!", False)]
    assert ids[2].id == UNK_ID and ds.sentence_ids("   ", plain.src_vocab) == []
    repeated = ds.sentence_ids("pizza i pizza ! love", plain.src_vocab)
    assert ds.unknown_words(repeated) == ["pizza", "!"] and ds.unknown_words(ids[:2]) == []


def test_find_pair_normalises_and_gives_the_reference_from_every_part():
    assert find_pair(HAND_SPLIT, "A  B!") is None
    assert find_pair(HAND_SPLIT, "A B").reference == "x"
    assert find_pair(HAND_SPLIT, "D'e") == ("valid", [("d e", "w")])  # apostrophe -> space, held out
    assert find_pair(HAND_SPLIT, "D'e").reference == "w"


def test_sample_batch_mixes_lengths_and_matches_its_pairs(plain):
    pairs = [(" ".join(["i"] * n), " ".join(["je"] * n)) for n in range(1, 9)] * 3
    batch, picked = ds.sample_batch(pairs, plain.src_vocab, plain.tgt_vocab, 40, 4, seed=3)
    assert len({(len(p[0].split()) - 1) // 2 for p in picked}) == 4  # one pair from each quarter of the lengths
    assert batch.src_ids.shape == (max(len(p[0].split()) for p in picked), 4)
    for j, (src, tgt) in enumerate(picked):
        assert plain.src_vocab.decode(batch.src_ids[:, j]) == src.split()
        assert plain.tgt_vocab.decode(batch.tgt_out[:, j]) == tgt.split()
    again, picked_again = ds.sample_batch(pairs, plain.src_vocab, plain.tgt_vocab, 40, 4, seed=3)
    assert picked_again == picked and torch.equal(again.src_ids, batch.src_ids)


def test_training_batches_are_the_trainers_buckets_and_padded_pick(plain):
    batches = ds.training_batches(plain.split.train, plain.src_vocab, plain.tgt_vocab, 40, 3)
    expected = bucketed_batches(encode_pairs(plain.split.train, plain.src_vocab, plain.tgt_vocab, 40), 3)
    assert [b.indices for b in batches] == [b.indices for b in expected]
    encoded = [([5], [5]), ([5], [5, 6]), ([5], [5]), ([5], [5])]
    equal, padded = collate(encoded, [0, 2]), collate(encoded, [0, 1])
    assert ds.padded_batch_near_middle([equal, equal, equal]) == 1
    assert ds.padded_batch_near_middle([padded, equal, equal, equal]) == 0
    assert ds.padded_batch_near_middle([equal, equal, equal, padded]) == 3
    assert ds.src_length_range(collate([([5, 6, 7], [5]), ([5], [5]), ([5, 6], [5])], [0, 1, 2])) == (1, 3)
    assert ds.padding_share(equal) == 0 and ds.padding_share(padded) == pytest.approx(1 / 6)  # [3, 2]: one PAD


def test_sentence_batch_encodes_like_training_and_refuses_empty_input(plain):
    batch = ds.sentence_batch("I am cold", "j ai froid", plain.src_vocab, plain.tgt_vocab, 40)
    assert batch.src_ids[:, 0].tolist() == plain.src_vocab.encode("i am cold")
    assert batch.tgt_in[:, 0].tolist() == [SOS_ID] + plain.tgt_vocab.encode("j ai froid")
    assert batch.tgt_out[:, 0].tolist() == plain.tgt_vocab.encode("j ai froid") + [EOS_ID]
    assert ds.sentence_batch("i am cold", "", plain.src_vocab, plain.tgt_vocab, 2).src_ids.shape == (2, 1)
    with pytest.raises(S2SError, match="empty"):
        ds.sentence_batch("  ", "", plain.src_vocab, plain.tgt_vocab, 40)


def hand_batch(tr):
    """Three pairs of different lengths: English 3, 3 and 4 words; French 3, 3 and 5 words."""
    pairs = [EIGHT_PAIRS[0], EIGHT_PAIRS[2], EIGHT_PAIRS[7]]
    return collate(encode_pairs(pairs, tr.src_vocab, tr.tgt_vocab, 40), [0, 1, 2])


def test_training_stage_shapes_for_a_known_config(deep):
    batch = hand_batch(deep)
    emb, hid, layers, vocab = 8, 16, 2, len(deep.tgt_vocab)
    src_len, tgt_len, n = 4, 6, 3  # longest English: 4 words; French: 5 words + <SOS>/<EOS>
    n_real = 4 + 4 + 6  # French words + <EOS> per sentence
    shapes = {s.name: s.shape for s in sg.training_stages(deep.model, batch)}
    assert shapes == {
        "English ids": (src_len, n), "English embeddings": (src_len, n, emb), "packed sequence": (3 + 3 + 4, emb),
        "encoder outputs": (src_len, n, hid), "context h": (layers, n, hid), "context c": (layers, n, hid),
        "French inputs": (tgt_len, n), "French embeddings": (tgt_len, n, emb), "decoder outputs": (tgt_len, n, hid),
        "non-PAD outputs": (n_real, hid), "logits": (n_real, vocab), "loss": (),
    }
    assert sg.unmasked_logits_shape(batch, deep.model) == (tgt_len, n, vocab)


def test_training_stages_reproduce_the_models_own_loss(plain):
    batch = hand_batch(plain)
    stages = sg.training_stages(plain.model, batch)
    with torch.no_grad():
        enc = plain.model.encode(batch.src_ids, batch.src_lens)
        loss = plain.model.loss_teacher_forced(enc, batch.tgt_in, batch.tgt_out)
        h0 = enc.state[0][0, 0, :4]
    assert float(stages[-1].sample) == pytest.approx(float(loss), abs=1e-4)
    context_h = next(s for s in stages if s.name == "context h")
    assert context_h.sample == "[" + ", ".join(f"{float(v):+.3g}" for v in h0) + ", …]"
    assert stages[0].sample == "[" + ", ".join(map(str, batch.src_ids[:, 0].tolist())) + "]"
    assert all(len(s.axes) == len(s.shape) for s in stages)


def test_decoding_step_stages_match_the_decoder_step(deep):
    batch = hand_batch(deep)
    stages = {s.name: s for s in sg.decoding_step_stages(deep.model, batch)}
    assert stages["previous word"].shape == (3,) and stages["its embedding"].shape == (1, 3, 8)
    assert stages["new hidden state h"].shape == (2, 3, 16)
    assert stages["logits"].shape == stages["probabilities"].shape == (3, len(deep.tgt_vocab))
    with torch.no_grad():
        enc = deep.model.encode(batch.src_ids, batch.src_lens)
        logits, _ = deep.model.decoder.step(torch.full((3,), SOS_ID), enc.state, enc)
    assert stages["chosen word"].sample == str(logits.argmax(-1).tolist())


def test_module_parameters_by_formula(deep):
    emb, hid, src_v, tgt_v = 8, 16, len(deep.src_vocab), len(deep.tgt_vocab)
    lstm = 4 * hid * (emb + hid) + 8 * hid + 4 * hid * (hid + hid) + 8 * hid  # two layers, two bias vectors each
    counts = {name: n for name, _, n in sg.module_parameters(deep.model)}
    assert counts == {"encoder embedding": src_v * emb, "encoder LSTM": lstm, "decoder embedding": tgt_v * emb,
                      "decoder LSTM": lstm, "output layer": hid * tgt_v + tgt_v}
    assert sum(counts.values()) == sum(p.numel() for p in deep.model.parameters())


def test_token_matrix_figure_greys_pad_and_marks_special_tokens(plain):
    batch = hand_batch(plain)
    fig = fd.token_matrix_figure(batch.tgt_out, plain.tgt_vocab, "t")
    heat = fig.data[0]
    ids = batch.tgt_out.tolist()
    for t, row in enumerate(ids):
        for j, i in enumerate(row):
            expected = 0 if i == PAD_ID else 2 if i == EOS_ID else 3 if i == UNK_ID else 1
            assert heat.z[t][j] == expected and heat.text[t][j] == f"{i}<br>{html.escape(plain.tgt_vocab.itos[i])}"
    assert sum(v == 0 for row in heat.z for v in row) == int((batch.tgt_out == PAD_ID).sum()) == 4
    assert list(heat.x) == ["sentence 1", "sentence 2", "sentence 3"] and len(heat.y) == 6
    assert heat.colorscale[0][1] == fd.TOKEN_KINDS[0][1]  # category 0 (PAD) is drawn grey


def test_loss_mask_figure_counts_real_targets(plain):
    batch = hand_batch(plain)
    heat = fd.loss_mask_figure(batch.tgt_out, plain.tgt_vocab, "m").data[0]
    assert sum(v for row in heat.z for v in row) == batch.n_tgt_tokens == 14


def test_statistics_figures_show_the_counts():
    stats = ds.corpus_stats(HAND_SPLIT)
    fig = fd.length_histogram_figure(stats.src_lengths, stats.tgt_lengths)
    assert [list(t.x) for t in fig.data] == [[1, 2, 3], [1, 2, 3]] and list(fig.data[0].y) == [2, 1, 1]
    top = fd.top_words_figure(stats.src_top, "top").data[0]
    assert list(top.y) == ["b", "a", "c"] and list(top.x) == [3, 2, 2]
    effects = [ds.min_freq_effect(ds.word_counts(["a b a c", "a b", "d"]), m) for m in (1, 2, 3, 4)]
    curve = fd.min_freq_figure(effects, 2)
    assert list(curve.data[0].y) == [8, 6, 5, 4]
    assert list(curve.data[1].y) == pytest.approx([0, 200 / 7, 400 / 7, 100])


def test_shape_flow_figure_bars_are_tensor_sizes(deep):
    stages = sg.training_stages(deep.model, hand_batch(deep))
    fig = fd.shape_flow_figure(stages, "flow", ("never built", (6, 3, 26)))
    sizes = {y: (x, text) for trace in fig.data for y, x, text in zip(trace.y, trace.x, trace.text)}
    assert sizes["2. English embeddings"] == (4 * 3 * 8, "[4, 3, 8]")
    assert sizes["12. loss"] == (1, "[]")
    assert sizes["never built"] == (6 * 3 * 26, "[6, 3, 26]")
    assert len(sizes) == len(stages) + 1 and math.isclose(fig.layout.xaxis.range[1], math.log10(468) + 1.2)


@pytest.fixture(scope="module")
def attentive():
    return make_trainer(kind="attention", embed_dim=8, hidden_dim=16, n_layers=2)


def test_attention_model_stages_reproduce_its_own_loss_and_show_the_weights(attentive):
    batch = hand_batch(attentive)
    stages = {s.name: s for s in sg.training_stages(attentive.model, batch)}
    with torch.no_grad():
        attentive.model.eval()
        enc = attentive.model.encode(batch.src_ids, batch.src_lens)
        loss = attentive.model.loss_teacher_forced(enc, batch.tgt_in, batch.tgt_out)
        weights = attentive.model.decoder.attention_weights(enc.state[0][-1], enc)  # [batch, src_len]
    assert float(stages["loss"].sample) == pytest.approx(float(loss), abs=1e-4)
    assert stages["attention weights (step 1)"].shape == (3, 4) and stages["decoder outputs"].shape == (6, 3, 32)
    assert stages["attention weights (step 1)"].sample == "[" + ", ".join(f"{float(v):+.3g}" for v in weights[0]) + "]"
    assert float(weights[0, 3]) == 0.0  # the first sentence has 3 English words: its PAD position gets nothing
    step = {s.name: s for s in sg.decoding_step_stages(attentive.model, batch)}
    assert step["attention context (step 1)"].shape == (3, 16) and step["logits"].shape == (3, len(attentive.tgt_vocab))


def test_attention_model_parameters_add_up(attentive):
    counts = {name: n for name, _, n in sg.module_parameters(attentive.model)}
    assert counts["attention"] == 16 * 16 + (16 * 16 + 16) + 16  # W, U with its bias, v
    assert counts["output layer"] == 2 * 16 * len(attentive.tgt_vocab) + len(attentive.tgt_vocab)
    assert sum(counts.values()) == sum(p.numel() for p in attentive.model.parameters())


def test_overall_padding_share_and_the_bucketing_sentence():
    encoded = [([5], [5]), ([5], [5, 6]), ([5], [5]), ([5], [5, 6, 7, 8])]
    equal, padded = collate(encoded, [0, 2]), collate(encoded, [1, 3])  # [2, 2]: no PAD; [5, 2]: 2 of 10 PAD
    assert ds.overall_padding_share([equal, padded]) == pytest.approx(2 / 14) and ds.overall_padding_share([]) == 0
    assert ds.bucketing_sentence(0.4, 2 / 14) == (
        "In training, batches are built from sentences of similar length (*bucketing*): in this run's training "
        "batches 14% of the target cells are padding, less than the 40% of this random batch.")
    assert ds.bucketing_sentence(0.0, 0.021).endswith("2% of the target cells are padding, more than the 0% of this "
                                                      "random batch.")
    assert ds.bucketing_sentence(0.104, 0.096).endswith("10% of the target cells are padding, as much as in this "
                                                        "random batch.")


def test_output_layer_sentence_from_the_parameter_table():
    rows = [("encoder embedding", "", 640), ("encoder LSTM", "", 33_792), ("decoder embedding", "", 960),
            ("decoder LSTM", "", 33_792), ("output layer", "", 1_935)]
    assert sg.output_layer_sentence(rows) == ("Here it holds 1,935 of the model's 71,119 weights (3%), fewer than the "
                                              "encoder LSTM (33,792).")
    big_vocab = rows[:4] + [("output layer", "", 100_000)]
    assert sg.output_layer_sentence(big_vocab) == ("Here it holds 100,000 of the model's 169,184 weights (59%), more "
                                                   "than any other module.")
