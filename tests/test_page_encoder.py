"""AppTest: the Encoder page with a live training job (small preset)."""

import json

import pytest
import torch
from streamlit.testing.v1 import AppTest

from s2s.analysis import encoder as ea
from s2s.decode import prepare_source
from s2s.instrument import trace_encoder

from .app_support import APP, count_calls, open_page
from .chart_data import array
from .reference import context

PAGE = "pages/encoder.py"

pytestmark = pytest.mark.usefixtures("app_env")  # a fresh run folder and small model per test


def start() -> AppTest:
    return open_page(PAGE)


def step_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Step"))


def figures(at) -> dict:
    """The page's Plotly figures by chart key, as plain JSON."""
    return {c.key: json.loads(c.proto.spec) for c in at.get("plotly_chart")}




def encode(view, text):
    source = prepare_source(text, view.src_vocab, view.model.cfg.max_len)
    return trace_encoder(view.model.encoder, source.tokens, view.src_vocab)


def test_default_sentence_renders_every_part():
    at = start()
    assert at.title[0].value == "Encoder"
    assert step_line(at).startswith("**Step 1 of 3: the encoder reads “i”**")
    figs = figures(at)
    assert set(figs) == {"enc_fig_emb", "enc_fig_gates", "enc_fig_step_state", "enc_fig_change", "enc_fig_h",
                         "enc_fig_c", "enc_fig_pca"}
    assert array(figs["enc_fig_h"]["data"][0]["z"]).shape == (3, 32)  # 3 words × 32 units shown
    gates = figs["enc_fig_gates"]["data"]  # the sigmoids i, f, o on one scale, the candidate g on its own
    assert [array(trace["z"]).shape for trace in gates] == [(3, 32), (1, 32)]
    assert figs["enc_fig_pca"]["data"][-2]["name"] == "your sentence"
    assert not at.warning and not at.info


def test_step_slider_and_buttons_change_the_word_read():
    at = start()
    at.slider(key="enc_step").set_value(2).run()
    assert "reads “love”" in step_line(at)
    at.button(key="enc_next").click().run()
    assert "reads “you”" in step_line(at) and "the context" in step_line(at)
    at.button(key="enc_next").click().run()  # already at the last word: stays there
    assert "Step 3 of 3" in step_line(at)
    at.text_input(key="sentence").input("hello").run()  # a shorter sentence: the step follows it
    assert not at.exception and "Step 1 of 1: the encoder reads “hello”" in step_line(at)


def test_cosine_similarity_matches_a_recomputation_from_the_job():
    from pages._ui import get_job

    at = start()
    get_job().pause()  # waits for a step in flight: it holds the job's lock
    at.text_input(key="enc_other").input("she is tired").run()
    view = get_job().inspect_model()
    assert at.session_state["view"].step == view.step
    a, b = encode(view, "i love you"), encode(view, "she is tired")
    metrics = {m.label: m.value for m in at.metric}
    cos = ea.cosine(a.h[-1], b.h[-1])
    assert metrics["cosine similarity of h contexts"] == f"{cos:.3f}"
    assert metrics["cosine similarity of c contexts"] == f"{ea.cosine(a.c[-1], b.c[-1]):.3f}"
    assert abs(cos) < 0.9995  # two different sentences: not trivially 1
    (h_a, c_a), (h_b, c_b) = context(view, "i love you"), context(view, "she is tired")  # the batched encoder
    cosine = torch.nn.functional.cosine_similarity
    assert float(metrics["cosine similarity of h contexts"]) == pytest.approx(float(cosine(h_a, h_b, dim=0)), abs=6e-4)
    assert float(metrics["cosine similarity of c contexts"]) == pytest.approx(float(cosine(c_a, c_b, dim=0)), abs=6e-4)


def test_unknown_words_warn_inline_and_empty_input_informs():
    at = start()
    at.text_input(key="sentence").input("i love pizza").run()
    assert not at.exception
    assert "pizza" in at.warning[0].value and "<UNK>" in at.warning[0].value
    assert figures(at)["enc_fig_emb"]["layout"]["yaxis"]["ticktext"][2] == "pizza → id 3"
    at.text_input(key="sentence").input("   ").run()
    assert not at.exception and "empty" in at.info[0].value
    assert not at.get("plotly_chart")
    at.text_input(key="sentence").input("i love you").run()
    at.text_input(key="enc_other").input("").run()  # an empty second sentence only hides the comparison
    assert not at.exception and "empty" in at.info[0].value and len(at.get("plotly_chart")) == 7


def test_context_map_is_computed_once_per_model_for_the_whole_class_and_marks_both_sentences(monkeypatch):
    """300 sentences encoded and a PCA fitted: once per model, not again per rerun nor per student's session."""
    from pages._ui import get_job

    maps, real = [], ea.context_map
    monkeypatch.setattr(ea, "context_map", lambda *args: maps.append(real(*args)) or maps[-1])
    at = start()
    get_job().pause()
    at.run()
    built, cmap = len(maps), maps[-1]
    assert 100 <= len(cmap.sentences) <= 300
    option = next(o for o in at.selectbox(key="enc_colour").options if o.startswith("contains the word"))
    word = option.split("'")[1]  # one of the corpus's frequent words, offered by the page
    at.selectbox(key="enc_colour").set_value(option).run()
    start().run()  # a second student opens the page on the same (paused) model
    assert len(maps) == built  # neither the rerun nor the second session built the map again
    pca = figures(at)["enc_fig_pca"]["data"]
    assert [d["name"] for d in pca] == [f"without '{word}'", f"with '{word}'", "your sentence", "second sentence"]
    assert len(array(pca[1]["x"])) == int(ea.contains_word(cmap.sentences, word).sum()) > 0


def test_students_on_one_model_and_sentence_share_each_figure_and_other_settings_get_their_own(monkeypatch):
    """A class opening the page together builds each chart once; a student's own units choice builds its own."""
    from pages._ui import get_job
    from s2s.figures import encoder as fe

    built = count_calls(monkeypatch, fe, "embedding_figure", "gates_figure", "step_state_figure", "state_heatmap")
    AppTest.from_file(APP, default_timeout=60).run()  # the app starts its job (on the Home page)
    get_job().pause()  # so both students see one model
    first = start()
    once = dict(built)
    assert once == {"embedding_figure": 1, "gates_figure": 1, "step_state_figure": 1, "state_heatmap": 2}, once
    second = start()  # a second student, the same paused model and default sentence
    assert built == once and figures(second) == figures(first)
    second.select_slider(key="enc_units").set_value("16").run()
    assert built["gates_figure"] == 2 and built["state_heatmap"] == 4 and built["embedding_figure"] == 1
    assert array(figures(second)["enc_fig_h"]["data"][0]["z"]).shape[1] == 16  # their own choice, drawn for them
    assert array(figures(first)["enc_fig_h"]["data"][0]["z"]).shape[1] == 32
