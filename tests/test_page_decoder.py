"""AppTest: the Decoder page steps through greedy decoding and forces words, matching `greedy` on the live model."""

import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from s2s.decode import greedy

from .app_support import APP, count_calls
from .chart_data import array
from .reference import first_word_probabilities
from .test_job import wait_for

PAGE = "pages/decoder.py"

pytestmark = pytest.mark.usefixtures("app_env")  # a fresh run folder and small model per test


def start(text: str = "i love you", pause: bool = True) -> AppTest:
    """Open the page on `text`; paused, the page inspects exactly the model `get_job()` holds."""
    from pages._ui import get_job

    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(PAGE).run()
    if pause:
        get_job().pause()
    at.text_input(key="sentence").input(text).run()
    assert not at.exception
    return at


def expected(text: str = "i love you", **kw):
    from pages._ui import get_job

    view = get_job().inspect_model()
    return greedy(view.model, text, view.src_vocab, view.tgt_vocab, **kw)


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def chart(at, key: str) -> dict:
    return json.loads(next(c for c in at.get("plotly_chart") if key in c.proto.id).proto.spec)


def test_page_shows_the_first_step_of_the_live_models_translation():
    at = start()
    trace = expected(k=5)
    assert at.title[0].value == "Decoder"
    shown = metrics(at)
    assert shown["Step"] == "0" and shown["Reads"] == "<SOS>" and shown["Writes"] == trace.steps[0].chosen_token
    assert len(at.get("plotly_chart")) == 3  # the reads/writes strip, the top-k bars, the state changes
    assert at.slider(key="decoder_step").max == len(trace.steps) - 1
    bars = chart(at, "decoder_topk")["data"][0]
    assert [y.strip() for y in bars["y"]] == trace.steps[0].topk_tokens
    assert at.button(key="decoder_prev").disabled and not at.button(key="decoder_next").disabled
    from pages._ui import get_job

    probs = first_word_probabilities(get_job().inspect_model(), "i love you")  # the batched path, not the page's
    assert float(shown["p(written word), T = 1"].rstrip("%")) == pytest.approx(100 * float(probs.max()), abs=0.051)
    assert list(array(bars["x"])) == pytest.approx(probs.topk(5).values.tolist(), abs=1e-5)


def test_next_and_prev_walk_through_the_trace():
    at = start()
    trace = expected()
    at.button(key="decoder_next").click().run()
    shown = metrics(at)
    assert shown["Step"] == "1" and shown["Reads"] == trace.steps[1].input_token == trace.steps[0].chosen_token
    assert shown["Writes"] == trace.steps[1].chosen_token and at.slider(key="decoder_step").value == 1
    at.button(key="decoder_next").click().run()
    assert metrics(at)["Step"] == "2" and metrics(at)["Reads"] == trace.steps[2].input_token
    at.button(key="decoder_prev").click().run()
    assert metrics(at)["Step"] == "1"
    at.slider(key="decoder_step").set_value(0).run()
    assert metrics(at)["Step"] == "0" and not at.exception


def test_forcing_words_reruns_greedy_from_there_and_accumulates():
    at = start()
    at.button(key="decoder_next").click().run()
    first = at.selectbox(key="decoder_force_word_1").value
    assert first == expected(k=5).steps[1].topk_tokens[1]  # the runner-up is offered first
    at.button(key="decoder_force").click().run()
    want = expected(force={1: first})
    table = at.dataframe[0].value
    assert list(table["with forcing"])[: len(want.steps)] == [s.chosen_token for s in want.steps]
    assert list(table["original"])[: len(expected().steps)] == [s.chosen_token for s in expected().steps]
    assert metrics(at)["Writes"] == f"{first} (forced)" and table[""].iloc[1] == "⚑ forced"
    at.button(key="decoder_next").click().run()
    at.selectbox(key="decoder_force_word_2").set_value("<EOS>").run()
    at.button(key="decoder_force").click().run()
    want = expected(force={1: first, 2: "<EOS>"})
    assert [s.chosen_token for s in want.steps] == [want.steps[0].chosen_token, first, "<EOS>"]
    assert list(at.dataframe[0].value["with forcing"])[:3] == [s.chosen_token for s in want.steps]
    assert any("part ways at step 1" in c.value for c in at.caption)
    at.button(key="decoder_clear").click().run()
    assert not at.dataframe and metrics(at)["Writes"] == expected().steps[2].chosen_token


def test_a_new_sentence_resets_the_step_and_the_forcing():
    at = start()
    at.button(key="decoder_next").click().run()
    at.button(key="decoder_force").click().run()
    assert at.dataframe
    at.text_input(key="sentence").input("i am cold").run()
    assert not at.exception and not at.dataframe and metrics(at)["Step"] == "0"
    assert metrics(at)["Writes"] == expected("i am cold").steps[0].chosen_token


def test_empty_sentence_shows_a_message_not_a_traceback():
    at = start("   ", pause=False)
    assert not at.exception and "empty" in at.info[0].value and not at.metric


def test_timeline_slider_inspects_an_earlier_model():
    from pages._ui import get_job

    at = start(pause=False)
    job = get_job()
    assert wait_for(lambda: len(job.snapshot().timeline) >= 2)
    job.pause()
    at.run()
    at.select_slider(key="tl_decoder").set_value(0).run()
    view = job.inspect_model(step=0)
    old = greedy(view.model, "i love you", view.src_vocab, view.tgt_vocab)
    assert not at.exception and any("at step 0 (from the training timeline)" in c.value for c in at.caption)
    assert metrics(at)["Writes"] == old.steps[0].chosen_token
    assert at.slider(key="decoder_step").max == len(old.steps) - 1


def test_unknown_words_are_flagged():
    at = start("i love pizza", pause=False)
    assert not at.exception and "pizza" in at.warning[0].value and metrics(at)["Step"] == "0"


def test_attention_model_shows_the_step_weights_and_the_heatmap_from_the_live_model(monkeypatch):
    monkeypatch.setenv("S2S_MODEL", "attention")
    at = start("she is not tired")
    trace = expected("she is not tired")
    assert trace.steps[0].attention is not None
    at.button(key="decoder_next").click().run()
    heatmap = chart(at, "decoder_attention_map")["data"][0]
    np.testing.assert_allclose(array(heatmap["z"]), [s.attention for s in trace.steps], rtol=1e-6)
    assert heatmap["x"] == [f"{i}·{w}" for i, w in enumerate(trace.encoder.tokens)]
    bars = chart(at, "decoder_attention_bars")["data"][0]
    t = min(1, len(trace.steps) - 1)  # the step the student moved to
    assert bars["y"] == pytest.approx(trace.steps[t].attention)
    weights = trace.steps[t].attention
    top = trace.encoder.tokens[max(range(len(weights)), key=weights.__getitem__)]
    assert any(f"looked mostly at “{top}”" in c.value for c in at.caption)


def test_classic_model_has_no_attention_charts():
    at = start()
    keys = [c.proto.id for c in at.get("plotly_chart")]
    assert keys and not [k for k in keys if "attention" in k]


def test_a_class_on_one_model_decodes_each_sentence_once_for_decoder_beam_and_encoder(monkeypatch):
    """Students who open the Decoder, Beam search and Encoder pages on the same model copy and sentence share
    one greedy decode, one beam search and one encoder trace (pages/_decodes.py): the second student's session
    computes none of them again, and sees the same translation."""
    import pages._decodes as decodes
    from pages._ui import get_job

    calls = []
    for name in ("greedy", "beam_search", "trace_encoder"):
        real = getattr(decodes, name)
        monkeypatch.setattr(decodes, name,
                            lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    seen, writes = [], []
    for _student in range(2):
        at = AppTest.from_file(APP, default_timeout=60).run()
        get_job().pause()  # one model for both students (while training, arrivals pin one copy: s2s/live/arrivals)
        for page in (PAGE, "pages/beam.py", "pages/encoder.py"):
            at.switch_page(page).run()
            assert not at.exception
            if page == PAGE:
                writes.append(metrics(at)["Writes"])
        seen.append(sorted(calls))
    assert {"greedy", "beam_search", "trace_encoder"} <= set(seen[0])
    assert seen[1] == seen[0]  # the second session decoded nothing again
    assert writes[0] == writes[1] == expected(k=5).steps[0].chosen_token


def test_the_class_shares_the_step_charts_and_a_new_temperature_draws_its_own(monkeypatch):
    from s2s.figures import decoder as fd

    built = count_calls(monkeypatch, fd, "decoding_strip_figure", "topk_figure")
    start()  # the first student, who also starts and pauses the job
    first = start()  # a student on the paused model: builds what the sentence on it needs
    once = dict(built)
    second = start()  # another student on the same paused model and sentence
    assert built == once
    assert second.get("plotly_chart")[0].proto.spec == first.get("plotly_chart")[0].proto.spec
    second.slider(key="decoder_temperature").set_value(2.0).run()
    assert built == {name: n + 1 for name, n in once.items()}  # a trace at that temperature, and its charts
    assert second.get("plotly_chart")[1].proto.spec != first.get("plotly_chart")[1].proto.spec  # flatter bars
    assert first.get("plotly_chart")[1].proto.spec == start().get("plotly_chart")[1].proto.spec  # others: T = 1
