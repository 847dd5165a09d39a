"""Encoder analysis (unit ranking, state changes, cosine, PCA, batched contexts) and its figures, against
hand computations and torch."""

import math

import numpy as np
import pytest
import torch

from s2s.analysis import encoder as ea
from s2s.data import Split
from s2s.figures import encoder as fe
from s2s.instrument import trace_encoder
from s2s.vocab import tokenize

# three steps, three units: unit 0 never moves, unit 1 swings, unit 2 is large but constant
STATES = torch.tensor([[0.0, 1.0, 5.0],
                       [0.0, -1.0, 5.0],
                       [0.0, 3.0, 5.0]])


def trace_of(trained, text):
    return trace_encoder(trained.model.encoder, tokenize(text), trained.src_vocab)


def test_unit_order_by_variance_mean_abs_and_number():
    # variance over time: unit 1 = ((1-1)^2 + (-1-1)^2 + (3-1)^2) / 3 = 8/3, units 0 and 2 = 0 (tie: lower first)
    assert ea.unit_order(STATES, "variance over time") == [1, 0, 2]
    # mean |value|: unit 2 = 5, unit 1 = 5/3, unit 0 = 0
    assert ea.unit_order(STATES, "mean |value|") == [2, 1, 0]
    assert ea.unit_order(STATES, "unit number") == [0, 1, 2]
    with pytest.raises(ValueError):
        ea.unit_order(STATES, "loudness")


def test_select_units_keeps_the_most_active():
    assert ea.select_units(STATES, 1, "variance over time") == [1]
    assert ea.select_units(STATES, 2, "mean |value|") == [2, 1]
    assert ea.select_units(STATES, None, "mean |value|") == [2, 1, 0]
    assert ea.select_units(STATES, 99, "unit number") == [0, 1, 2]


def test_step_changes_are_norms_of_consecutive_differences(trained):
    trace = trace_of(trained, "he is not hungry")
    dh, dc = ea.step_changes(trace)
    h, c = trace.h[:, -1], trace.c[:, -1]  # [4, hidden]
    assert dh[0] == pytest.approx(float(h[0].norm()), rel=1e-6)  # the encoder starts from h = 0
    assert dc[0] == pytest.approx(float(c[0].norm()), rel=1e-6)
    for t in range(1, 4):
        assert dh[t] == pytest.approx(float(torch.sqrt(((h[t] - h[t - 1]) ** 2).sum())), rel=1e-5)
        assert dc[t] == pytest.approx(float(torch.sqrt(((c[t] - c[t - 1]) ** 2).sum())), rel=1e-5)


def test_mean_gate_averages_one_gate_over_the_units(trained):
    trace = trace_encoder(trained.model.encoder, ["i", "love", "you"], trained.src_vocab)
    values = trace.gates[1, 0, 1].tolist()  # step 1, layer 0, gate 1 = forget (input, forget, cell, output)
    assert ea.mean_gate(trace, 1, 0, "forget") == pytest.approx(sum(values) / len(values), abs=1e-6)
    assert ea.mean_gate(trace, 1, 0, "input") != ea.mean_gate(trace, 1, 0, "forget")


def test_cosine_matches_hand_values():
    assert ea.cosine([1.0, 0.0], [0.0, 2.0]) == pytest.approx(0.0)
    assert ea.cosine([1.0, 1.0], [2.0, 2.0]) == pytest.approx(1.0)
    assert ea.cosine([3.0, 4.0], [4.0, 3.0]) == pytest.approx(24 / 25)
    assert ea.cosine([1.0, 0.0], [-1.0, 0.0]) == pytest.approx(-1.0)
    assert ea.cosine([0.0, 0.0], [1.0, 2.0]) == 0.0  # no direction: reported as unrelated, not NaN


def test_compare_contexts_matches_torch(trained):
    a, b = trace_of(trained, "i love you"), trace_of(trained, "i am cold")
    cmp = ea.compare_contexts(a, b)
    cos = torch.nn.functional.cosine_similarity
    assert cmp.h_cosine == pytest.approx(float(cos(a.h[-1].reshape(1, -1), b.h[-1].reshape(1, -1))), abs=1e-6)
    assert cmp.c_cosine == pytest.approx(float(cos(a.c[-1].reshape(1, -1), b.c[-1].reshape(1, -1))), abs=1e-6)
    assert cmp.h_distance == pytest.approx(float(torch.dist(a.h[-1], b.h[-1])), rel=1e-5)
    assert cmp.h_cosine < 0.999  # different sentences, different contexts
    same = ea.compare_contexts(a, trace_of(trained, "i love you"))
    assert same.h_cosine == pytest.approx(1.0) and same.h_distance == pytest.approx(0.0, abs=1e-6)


def test_mean_pairwise_cosine_by_hand():
    # pairs: (1,0)-(0,1) = 0, (1,0)-(1,1) = 1/sqrt2, (0,1)-(1,1) = 1/sqrt2
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    assert ea.mean_pairwise_cosine(vectors) == pytest.approx(math.sqrt(2) / 3)
    assert math.isnan(ea.mean_pairwise_cosine(vectors[:1]))


def test_pca_of_a_hand_made_matrix():
    # spread 2 along x and 1 along y, centred at (1, 1): variance shares 4/5 and 1/5
    x = np.array([[3.0, 1.0], [1.0, 2.0], [-1.0, 1.0], [1.0, 0.0]])
    pca = ea.fit_pca(x, 2)
    np.testing.assert_allclose(pca.mean, [1.0, 1.0])
    np.testing.assert_allclose(pca.components, [[1.0, 0.0], [0.0, 1.0]], atol=1e-12)
    np.testing.assert_allclose(pca.explained, [0.8, 0.2])
    np.testing.assert_allclose(pca.project(x), [[2, 0], [0, 1], [-2, 0], [0, -1]], atol=1e-12)
    np.testing.assert_allclose(pca.project([1.0, 3.0]), [0.0, 2.0], atol=1e-12)


def test_pca_recovers_a_plane_hidden_in_many_dimensions():
    rng = np.random.default_rng(0)
    angle = 2 * np.pi * np.arange(200) / 200
    plane = np.stack([3.0 * np.cos(angle), np.sin(angle)], axis=1)  # an ellipse: axes exactly x (long) and y
    basis, _ = np.linalg.qr(rng.normal(size=(20, 2)))  # [20, 2] orthonormal: the plane's directions in 20-D
    x = plane @ basis.T + 5.0 + 1e-7 * rng.normal(size=(200, 20))  # [200, 20]
    pca = ea.fit_pca(x, 2)
    # the components are the plane's axes (up to sign), and agree with the covariance's top eigenvectors
    np.testing.assert_allclose(np.abs(pca.components @ basis), np.eye(2), atol=1e-6)
    _, eigvecs = np.linalg.eigh(np.cov(x, rowvar=False))
    top = eigvecs[:, ::-1][:, :2].T  # [2, 20], largest first
    np.testing.assert_allclose(np.abs((pca.components * top).sum(axis=1)), [1.0, 1.0], atol=1e-6)
    # the 2-D coordinates give back the ellipse, up to the sign of each axis
    np.testing.assert_allclose(np.abs(pca.project(x)), np.abs(plane), atol=1e-5)
    np.testing.assert_allclose(pca.explained, [0.9, 0.1], atol=1e-6)  # variances 9/2 and 1/2


def test_encode_contexts_matches_the_step_by_step_trace(trained):
    sentences = ["he is not hungry", "hello", "i love you", "we are happy", "thank you"]
    contexts = ea.encode_contexts(trained.model, sentences, trained.src_vocab, batch_size=2)
    assert contexts.shape == (5, trained.model.cfg.hidden_dim)
    for row, sentence in zip(contexts, sentences):
        np.testing.assert_allclose(row, trace_of(trained, sentence).h[-1, -1].numpy(), atol=1e-5)


def test_context_map_and_word_helpers(trained):
    sentences = [s for s, _ in trained.split.train]
    cmap = ea.context_map(trained.model, sentences, trained.src_vocab)
    assert cmap.coords.shape == (8, 2) and list(cmap.lengths) == [len(s.split()) for s in sentences]
    np.testing.assert_allclose(cmap.coords, cmap.pca.project(cmap.contexts), atol=1e-9)
    assert list(ea.contains_word(sentences, "you")) == ["you" in s.split() for s in sentences]
    assert not ea.contains_word(["your dog"], "you")[0]  # whole words only
    assert ea.frequent_words(["a b a", "a c b"], n=5, min_count=2) == ["a", "b"]


def test_sample_sentences_are_distinct_and_from_the_corpus():
    pairs = [(f"sentence {k % 40}", "fr") for k in range(100)]  # 40 distinct English sentences, repeated
    split = Split(pairs[:80], pairs[80:90], pairs[90:])
    sample = ea.sample_sentences(split, n=25)
    assert len(sample) == len(set(sample)) == 25 and sample == ea.sample_sentences(split, n=25)
    assert set(sample) <= {s for s, _ in split.train + split.valid}
    assert len(ea.sample_sentences(split, n=1000)) == 40


# ---- figures ----------------------------------------------------------------------------------------

def test_state_heatmap_is_steps_by_units_and_marks_the_context(trained):
    trace = trace_of(trained, "he is not hungry")
    units = ea.select_units(trace.h[:, -1], 10)
    fig = fe.state_heatmap(trace.h[:, -1], trace.tokens, units, "h", current=1)
    z = np.asarray(fig.data[0].z)
    assert z.shape == (4, 10)
    np.testing.assert_allclose(z, trace.h[:, -1][:, units].numpy(), atol=1e-7)
    assert list(fig.data[0].x) == [f"u{u}" for u in units]
    assert "context" in fig.layout.yaxis.ticktext[-1]
    boxes = {s.name: (s.y0, s.y1) for s in fig.layout.shapes}
    assert boxes == {"context": (2.5, 3.5), "current step": (0.5, 1.5)}
    last = fe.state_heatmap(trace.h[:, -1], trace.tokens, units, "h", current=3)
    assert [s.name for s in last.layout.shapes] == ["context"]


def test_embedding_figure_rows_are_the_words_ids(trained):
    trace = trace_of(trained, "i love pizza")
    fig = fe.embedding_figure(trace.tokens, trace.ids, trace.embeddings, 8)
    z = np.asarray(fig.data[0].z)
    assert z.shape == (3, 8)
    weight = trained.model.encoder.embedding.weight.detach()
    np.testing.assert_allclose(z, weight[trace.ids, :8].numpy(), atol=1e-7)  # row `id` of the matrix
    assert list(fig.layout.yaxis.ticktext) == [f"{t} → id {i}" for t, i in zip(trace.tokens, trace.ids)]
    assert trace.ids[2] == 3  # pizza is unknown: <UNK>


def test_gates_and_step_state_figures(trained):
    trace = trace_of(trained, "i am cold")
    units = [5, 0, 7]
    gates = fe.gates_figure(trace.gates[1, -1], units, "am")
    i, f, g, o = trace.gates[1, -1][:, units].numpy()  # PyTorch's order: input, forget, cell candidate, output
    np.testing.assert_allclose(np.asarray(gates.data[0].z), [i, f, o], atol=1e-7)  # sigmoids: sequential scale
    np.testing.assert_allclose(np.asarray(gates.data[1].z), [g], atol=1e-7)  # tanh: diverging scale, its own row
    assert [label.split()[0] for label in gates.layout.yaxis.ticktext] == ["input", "forget", "output", "cell"]
    state = fe.step_state_figure(trace.h[1, -1], trace.c[1, -1], units, "am")
    np.testing.assert_allclose(np.asarray(state.data[0].z)[0], trace.c[1, -1][units].numpy(), atol=1e-7)
    np.testing.assert_allclose(np.asarray(state.data[0].z)[1], trace.h[1, -1][units].numpy(), atol=1e-7)
    dh, dc = ea.step_changes(trace)
    change = fe.change_figure(dh, dc, trace.tokens, 1)
    assert list(change.data[0].y) == pytest.approx(list(dh)) and len(change.data[1].y) == 3


def test_pca_figure_colours_by_word_and_marks_the_users_sentence(trained):
    sentences = [s for s, _ in trained.split.train]
    cmap = ea.context_map(trained.model, sentences, trained.src_vocab)
    user = cmap.pca.project(trace_of(trained, "i love you").h[-1, -1].numpy())
    by_length = fe.pca_figure(cmap, None, [("your sentence", user)])
    assert list(by_length.data[0].marker.color) == list(cmap.lengths)
    star = by_length.data[-1]
    assert star.name == "your sentence" and star.marker.symbol == "star"
    assert (star.x[0], star.y[0]) == pytest.approx(tuple(user))
    by_word = fe.pca_figure(cmap, "you", [("your sentence", user)])
    without, with_word = by_word.data[0], by_word.data[1]
    assert len(with_word.x) == sum("you" in s.split() for s in sentences) == 3
    assert len(without.x) + len(with_word.x) == len(sentences)
