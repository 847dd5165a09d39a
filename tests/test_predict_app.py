"""AppTest: "predict first" on every page. The answer is absent until a guess is locked in, the guess is in
session_state before the answer is computed, and the revealed answer is the live model's (computed here by
an independent path where one exists). One paused server for the module: the tests only read its model."""

import math
import time

import pytest
import streamlit as st
import torch
from streamlit.testing.v1 import AppTest

import pages._predictions as predictions
from s2s.analysis import predict
from s2s.analysis.bottleneck import quality_by_length
from s2s.beam import beam_search
from s2s.decode import greedy
from s2s.instrument import GATE_NAMES, trace_encoder
from s2s.teacher import reference_tokens
from s2s.vocab import SOS_ID, tokenize

from .app_support import APP, app_server

pytestmark = pytest.mark.timeout(600)
VERDICT = ("✅ **Right!**", "❌ **Not this time.**")


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    with app_server(tmp_path_factory.mktemp("home")) as (_, job):
        target = job.snapshot().step + 40  # a little training, so the model's answers are not all ties
        job.step(40)
        deadline = time.monotonic() + 120
        while job.snapshot().step < target and time.monotonic() < deadline:
            time.sleep(0.1)
        assert job.snapshot().step == target
        yield job.inspect_model()


@pytest.fixture()
def order(monkeypatch):
    """Record, at each call of an answer function, whether this session had already stored a guess."""
    seen = []

    def spy(owner, name):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            seen.append(bool(st.session_state.get("predict_guesses")))
            return original(*args, **kwargs)
        monkeypatch.setattr(owner, name, wrapper)

    for name in ("grade_next_word", "biggest_c_change", "most_closed_gate", "beam_beats_greedy", "bleu_guess_right"):
        spy(predict, name)
    spy(predictions, "compare_decoding")
    return seen


def open_page(page: str, sentence: str = "she is not tired") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["predict_mode"] = True
    at.session_state["shared_sentence"] = sentence
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def reveal(at) -> str:
    """The latest revealed answer on the page ("" while none is)."""
    return ([m.value for m in at.markdown if m.value.startswith(VERDICT)] or [""])[-1]


def guess_widget(at, kind="radio"):
    return next(w for w in at.get(kind) if w.label == "Your guess")


def lock_in(at) -> None:
    next(b for b in at.button if b.label == "Lock in my guess").click().run()
    assert not at.exception


def tally(at) -> str:
    return next(c.value for c in at.caption if "Your predictions so far" in c.value)


def chart_ids(at) -> list[str]:
    return [c.proto.id for c in at.get("plotly_chart")]


def test_decoder_next_word_is_hidden_until_the_guess_then_ranked_in_the_live_distribution(view, order):
    at = open_page("pages/decoder.py", "i love you")
    assert not reveal(at) and not any("decoder_topk" in k for k in chart_ids(at)) and not order
    with torch.no_grad():  # the answer key: p(first word) from the model's batched path
        src_ids = torch.tensor(view.src_vocab.encode("i love you")).unsqueeze(1)  # [3, 1]
        enc = view.model.encode(src_ids, torch.tensor([3]))
        probs = torch.softmax(view.model.decoder.step(torch.tensor([SOS_ID]), enc.state, enc)[0][0], -1)  # [vocab]
    ranked = [view.tgt_vocab.itos[i] for i in probs.argsort(descending=True).tolist()]
    radio = guess_widget(at)
    assert set(radio.options) <= set(ranked[:5]) and len(radio.options) == 5  # the top five, shuffled
    radio.set_value(radio.options.index(ranked[1]))
    lock_in(at)
    assert list(at.session_state["predict_guesses"].values()) == [ranked[1]] and order and all(order)
    assert reveal(at).startswith(VERDICT[1]) and f"writes “{ranked[0]}”" in reveal(at)
    assert f"number **2** of the {len(view.tgt_vocab):,}" in reveal(at)
    assert f"probability **{float(probs[view.tgt_vocab.stoi[ranked[1]]]):.2%}**" in reveal(at)
    assert any("decoder_topk" in k for k in chart_ids(at)) and "**0 of 1**" in tally(at)


def test_decoder_accepts_a_typed_word_and_refuses_one_it_cannot_write(view, order):
    at = open_page("pages/decoder.py", "i love you")
    at.text_input(key=next(w.key for w in at.text_input if w.label == "…or type a word")).input("zzzz")
    lock_in(at)
    assert "not in the model's French vocabulary" in at.warning[0].value and not reveal(at) and not order
    first = greedy(view.model, "i love you", view.src_vocab, view.tgt_vocab).steps[0].chosen_token
    at.text_input(key=next(w.key for w in at.text_input if w.label == "…or type a word")).input(first.upper())
    lock_in(at)
    assert reveal(at).startswith(VERDICT[0]) and "number **1**" in reveal(at) and "**1 of 1**" in tally(at)


def test_encoder_asks_where_c_moves_most_then_which_gate_is_closed(view, order):
    at = open_page("pages/encoder.py")
    assert not reveal(at) and not any("enc_fig_gates" in k for k in chart_ids(at)) and not order
    trace = trace_encoder(view.model.encoder, tokenize("she is not tired"), view.src_vocab)
    c = trace.c[:, -1]  # [4, hidden], the top layer
    jumps = [float((c[t] - (c[t - 1] if t else torch.zeros_like(c[0]))).norm()) for t in range(4)]
    best = max(range(4), key=jumps.__getitem__)
    guess_widget(at).set_value(best)
    lock_in(at)
    assert reveal(at).startswith(VERDICT[0]) and f"after word {best + 1}" in reveal(at) and all(order)
    assert not any("enc_fig_gates" in k for k in chart_ids(at))  # the gate question for word 1 comes next
    means = {g: float(trace.gates[0, -1, GATE_NAMES.index(g)].mean()) for g in ("input", "forget", "output")}
    shut = min(means, key=means.get)
    guess_widget(at).set_value(("input", "forget", "output").index(shut))
    lock_in(at)
    assert f"The **{shut}** gate is the most closed for “she”" in reveal(at)
    assert any("enc_fig_gates" in k for k in chart_ids(at)) and "**2 of 2**" in tally(at)


def test_teacher_forcing_asks_where_free_running_first_goes_wrong(view, order):
    at = open_page("pages/teacher_forcing.py")
    assert not reveal(at) and not at.dataframe and not order
    src, ref = at.session_state["teacher_pair_value"]
    targets = [*reference_tokens(ref, view.model.cfg.max_len), "<EOS>"]
    written = [s.chosen_token for s in greedy(view.model, src, view.src_vocab, view.tgt_vocab,
                                               max_len=len(targets)).steps]  # free running is greedy decoding
    first = next((i for i, (w, t) in enumerate(zip(written + [None] * len(targets), targets)) if w != t), None)
    radio = guess_widget(at)
    assert len(radio.options) == len(targets) + 1  # every step, and "never"
    radio.set_value(len(targets) if first is None else first)
    lock_in(at)
    assert reveal(at).startswith(VERDICT[0]) and all(order) and len(at.dataframe) == 2
    assert (f"step {first}**" in reveal(at)) if first is not None else "every word" in reveal(at)


def test_beam_asks_whether_it_beats_greedy(view, order):
    at = open_page("pages/beam.py")
    assert not reveal(at) and not any("beam_tree" in k for k in chart_ids(at)) and not order
    beam = beam_search(view.model, "she is not tired", view.src_vocab, view.tgt_vocab, 3, view.model.cfg.max_len)
    plain = greedy(view.model, "she is not tired", view.src_vocab, view.tgt_vocab)
    beats = beam.best.score > plain.score + 1e-6
    guess_widget(at).set_value(0 if beats else 1)
    lock_in(at)
    assert reveal(at).startswith(VERDICT[0]) and all(order)
    assert f"**{beam.best.score:.3f}**" in reveal(at) and f"**{plain.score:.3f}**" in reveal(at)
    assert any("beam_tree" in k for k in chart_ids(at))


def test_bottleneck_asks_for_the_long_sentences_bleu_with_a_slider(view, order):
    at = open_page("pages/bottleneck.py")
    assert not reveal(at) and not any("bottleneck_chart" in k for k in chart_ids(at)) and not order
    guess_widget(at, "slider").set_value(100.0)
    lock_in(at)
    actual = quality_by_length(view).by_length["21+"]["bleu"]
    assert reveal(at).startswith(VERDICT[0] if abs(100 - actual) <= 10 else VERDICT[1]) and all(order)
    assert f"of 21+ words is **{actual:.1f}**" in reveal(at) and not math.isnan(actual)
    assert any("bottleneck_chart" in k for k in chart_ids(at))


def test_predict_mode_off_shows_everything_and_asks_nothing(view):
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("pages/decoder.py").run()
    assert at.toggle(key="predict_toggle").value is False and not reveal(at)
    assert not [w for w in at.radio if w.label == "Your guess"] and any("decoder_topk" in k for k in chart_ids(at))
    at.toggle(key="predict_toggle").set_value(True).run()
    assert [w for w in at.radio if w.label == "Your guess"] and not any("decoder_topk" in k for k in chart_ids(at))
    at.switch_page("pages/beam.py").run()  # one switch for every page
    assert at.toggle(key="predict_toggle").value is True and [w for w in at.radio if w.label == "Your guess"]


def test_the_tour_asks_for_a_prediction_at_the_stops_where_one_fits(view):
    from pages._tour_stops import TOUR

    assert [s.title for s in TOUR if s.predict] == [
        "The encoder reads word by word", "Hidden state and cell state", "The decoder writes one word at a time",
        "Teacher forcing", "Greedy or beam search", "The bottleneck"]
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["tour"] = "5"  # the decoder stop, from a shared link
    at.run()
    assert not at.exception and at.session_state["current_page"] == "pages/decoder.py"
    assert at.session_state["predict_mode"] and guess_widget(at)
    assert not any("decoder_topk" in k for k in chart_ids(at))
