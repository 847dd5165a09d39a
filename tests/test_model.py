"""The encoder-decoder and its step-by-step instrumentation against nn.LSTM's own answers."""

import pytest
import torch

from s2s.batching import collate, encode_pairs
from s2s.config import ModelConfig
from s2s.instrument import lstm_step, lstm_unrolled, trace_encoder
from s2s.model import Seq2Seq
from s2s.vocab import Vocabulary


def tiny_model(n_layers=1) -> Seq2Seq:
    torch.manual_seed(1)
    cfg = ModelConfig(src_vocab_size=12, tgt_vocab_size=10, embed_dim=6, hidden_dim=8, n_layers=n_layers,
                      dropout=0.0)
    return Seq2Seq(cfg).eval()


def reference_lstm_step(x, h, c, w_ih, w_hh, b_ih, b_hh):
    """The LSTM equations written out gate by gate (one layer, one example)."""
    H = h.shape[0]
    z = w_ih @ x + b_ih + w_hh @ h + b_hh
    i = torch.sigmoid(z[0:H])
    f = torch.sigmoid(z[H:2 * H])
    g = torch.tanh(z[2 * H:3 * H])
    o = torch.sigmoid(z[3 * H:4 * H])
    c_new = f * c + i * g
    return o * torch.tanh(c_new), c_new, (i, f, g, o)


def test_one_step_matches_the_written_out_equations():
    lstm = tiny_model().encoder.lstm
    x, h, c = torch.randn(6), torch.randn(8), torch.randn(8)
    (h1, c1), gates = lstm_step(lstm, x[None], (h[None, None], c[None, None]))
    ref_h, ref_c, ref_gates = reference_lstm_step(x, h, c, lstm.weight_ih_l0, lstm.weight_hh_l0,
                                                  lstm.bias_ih_l0, lstm.bias_hh_l0)
    torch.testing.assert_close(h1[0, 0], ref_h)
    torch.testing.assert_close(c1[0, 0], ref_c)
    for k in range(4):
        torch.testing.assert_close(gates[0, 0, k], ref_gates[k])


@pytest.mark.parametrize("n_layers", [1, 2])
def test_unrolled_pass_matches_nn_lstm_to_1e5(n_layers):
    lstm = tiny_model(n_layers).decoder.lstm
    inputs = torch.randn(7, 3, 6)  # [steps, batch, embed]
    state = (torch.randn(n_layers, 3, 8), torch.randn(n_layers, 3, 8))
    with torch.no_grad():
        expected_out, (expected_h, expected_c) = lstm(inputs, state)
        h, c, gates = lstm_unrolled(lstm, inputs, state)
    assert h.shape == (7, n_layers, 3, 8) and gates.shape == (7, n_layers, 3, 4, 8)
    assert torch.allclose(h[:, -1], expected_out, atol=1e-5)  # top layer at every step
    assert torch.allclose(h[-1], expected_h, atol=1e-5) and torch.allclose(c[-1], expected_c, atol=1e-5)
    for t in range(7):  # every gate of every layer and step, against the equations written out
        for layer in range(n_layers):
            weights = [getattr(lstm, f"{name}_l{layer}") for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
            for b in range(3):
                x = inputs[t, b] if layer == 0 else h[t, layer - 1, b]
                h_prev, c_prev = (state[0][layer, b], state[1][layer, b]) if t == 0 else (h[t - 1, layer, b],
                                                                                          c[t - 1, layer, b])
                _, _, ref_gates = reference_lstm_step(x, h_prev, c_prev, *weights)
                for k in range(4):
                    torch.testing.assert_close(gates[t, layer, b, k], ref_gates[k])


def test_encoder_trace_context_equals_the_packed_encoder():
    model = tiny_model(2)
    vocab = Vocabulary([f"w{i}" for i in range(8)])
    tokens = ["w1", "w5", "w2", "w7"]
    trace = trace_encoder(model.encoder, tokens, vocab)
    ids = torch.tensor(vocab.encode(tokens))[:, None]
    with torch.no_grad():
        enc = model.encode(ids, torch.tensor([4]))
    torch.testing.assert_close(trace.context[0], enc.state[0][:, 0], atol=1e-5, rtol=0)
    torch.testing.assert_close(trace.context[1], enc.state[1][:, 0], atol=1e-5, rtol=0)
    torch.testing.assert_close(trace.embeddings, model.encoder.embedding.weight[ids[:, 0]].detach())
    assert trace.h.shape == (4, 2, 8) and trace.gates.shape == (4, 2, 4, 8)


def test_context_vector_does_not_depend_on_the_batch_or_its_padding():
    model = tiny_model(2)
    src_vocab = Vocabulary([f"w{i}" for i in range(8)])
    tgt_vocab = Vocabulary(["x"])
    short = ("w1 w2", "x")
    encoded = encode_pairs([short, ("w3 w4 w5 w6 w7 w0 w1", "x"), ("w2", "x")], src_vocab, tgt_vocab, 40)
    with torch.no_grad():
        alone = collate(encoded, [0])
        together = collate(encoded, [1, 0, 2])  # the short sentence padded to length 7
        h_alone = model.encode(alone.src_ids, alone.src_lens).state[0][:, 0]
        enc = model.encode(together.src_ids, together.src_lens)
    assert together.src_ids.shape == (7, 3)
    torch.testing.assert_close(enc.state[0][:, 1], h_alone, atol=1e-6, rtol=0)
    assert enc.outputs[2:, 1].abs().max() == 0  # nothing is computed over the padding


def test_teacher_forced_loss_ignores_pad_positions():
    model = tiny_model()
    src_vocab = Vocabulary([f"w{i}" for i in range(8)])
    tgt_vocab = Vocabulary([f"f{i}" for i in range(6)])
    encoded = encode_pairs([("w1 w2", "f1"), ("w3", "f2 f3 f4 f5")], src_vocab, tgt_vocab, 40)
    batch = collate(encoded, [0, 1])
    with torch.no_grad():
        enc = model.encode(batch.src_ids, batch.src_lens)
        loss = model.loss_teacher_forced(enc, batch.tgt_in, batch.tgt_out)
        hidden, _ = model.decoder.run(batch.tgt_in, enc.state, enc)
        logp = torch.log_softmax(model.decoder.out(hidden), -1)  # [tgt_len, batch, vocab]
        real = [(t, b) for t in range(batch.tgt_out.shape[0]) for b in range(2) if batch.tgt_out[t, b] != 0]
        expected = -sum(logp[t, b, batch.tgt_out[t, b]] for t, b in real) / len(real)
    assert len(real) == 2 + 5
    torch.testing.assert_close(loss, expected)


@pytest.mark.parametrize("n_layers", [1, 2])
def test_decoder_step_equals_nn_lstm_over_one_step(n_layers):
    model = tiny_model(n_layers)
    prev = torch.tensor([4, 7, 5])
    state = (torch.randn(n_layers, 3, 8), torch.randn(n_layers, 3, 8))
    with torch.no_grad():
        logits, (h, c) = model.decoder.step(prev, state, None)
        out, (ref_h, ref_c) = model.decoder.lstm(model.decoder.embedding(prev)[None], state)
    torch.testing.assert_close(h, ref_h, atol=1e-6, rtol=0)
    torch.testing.assert_close(c, ref_c, atol=1e-6, rtol=0)
    torch.testing.assert_close(logits, model.decoder.out(out[0]), atol=1e-6, rtol=0)


def test_free_running_loss_equals_the_step_by_step_definition():
    model = tiny_model()
    src_vocab = Vocabulary([f"w{i}" for i in range(8)])
    tgt_vocab = Vocabulary([f"f{i}" for i in range(6)])
    encoded = encode_pairs([("w1 w2", "f1"), ("w3", "f2 f3 f4 f5")], src_vocab, tgt_vocab, 40)
    batch = collate(encoded, [0, 1])
    with torch.no_grad():
        enc = model.encode(batch.src_ids, batch.src_lens)
        loss = model.loss_free_running(enc, batch.tgt_out, torch.tensor([1, 1]))
        state, prev, total, n = enc.state, torch.tensor([1, 1]), 0.0, 0
        for t in range(batch.tgt_out.shape[0]):  # feed back the argmax, sum the loss over real tokens
            out, state = model.decoder.lstm(model.decoder.embedding(prev)[None], state)
            logits = model.decoder.out(out[0])
            real = batch.tgt_out[t] != 0
            total += float(torch.nn.functional.cross_entropy(logits[real], batch.tgt_out[t][real], reduction="sum"))
            n += int(real.sum())
            prev = logits.argmax(-1)
    assert abs(float(loss) - total / n) < 1e-5
