"""The guided tour and presentation mode: stops in teaching order, each on its page with its sentence and settings."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pages._tour_stops import TOUR, parse_stop, stop_page, stop_text

from .app_support import APP

REPO = Path(__file__).resolve().parent.parent
CONCEPTS = ["What seq2seq is", "Words become numbers", "The encoder reads word by word", "Hidden state and cell state",
            "The decoder writes one word at a time", "Teacher forcing", "Greedy or beam search", "The bottleneck",
            "Attention"]

pytestmark = pytest.mark.usefixtures("app_env")  # a fresh run folder and small model per test


def test_stops_follow_the_tutorial_order_and_preset_real_widgets():
    assert [s.title for s in TOUR] == CONCEPTS
    app = (REPO / "app.py").read_text()
    for stop in TOUR:
        assert f'"{stop.page}"' in app and (REPO / stop.page).exists()
        source = (REPO / stop.page).read_text()
        for key in stop.settings:  # every preset names a widget that exists on that page
            assert f'key="{key}"' in source, (stop.title, key)
        assert not re.search(r"\d+(\.\d+)?\s*%|\b0\.\d+", stop.text), stop.title  # no made-up numbers
    assert stop_page(8, "classic") == "pages/bottleneck.py" and stop_page(8, "attention") == "pages/decoder.py"
    assert stop_text(8, "attention") != stop_text(8, "classic")


@pytest.mark.parametrize("value, expected", [("1", 0), ("9", 8), ("0", None), ("10", None), ("x", None),
                                             (None, None)])
def test_url_stop_numbers(value, expected):
    assert parse_stop(value) == expected


def banner_title(at) -> str:
    return next((m.value for m in at.markdown if m.value.startswith(":material/explore:")), "")


def shown_sentence(at) -> str | None:
    boxes = [t for t in at.text_input if t.key == "sentence"]
    return boxes[0].value if boxes else None


def test_walk_the_whole_tour_with_next_then_back():
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not banner_title(at)
    at.button(key="home_tour").click().run()
    for index, stop in enumerate(TOUR):
        assert not at.exception, (stop.title, [e.value for e in at.exception])
        assert banner_title(at) == f":material/explore: **Tour, stop {index + 1} of {len(TOUR)}: {stop.title}**"
        assert at.session_state["current_page"] == stop_page(index, "classic")
        assert at.query_params["tour"] == str(index + 1)
        found = at.session_state[f"example_{stop.effect}"] if stop.effect else None
        example = found.example if found else None  # a stop that teaches an effect opens with an example of it
        assert found is None or found.model_step == at.session_state["view"].step
        assert shown_sentence(at) in (example.src if example else stop.sentence, None)  # Bottleneck: no box
        for key, value in stop.settings.items():
            assert at.session_state[key] == (example.step if example and key == "decoder_step" else value)
        if index < len(TOUR) - 1:
            at.button(key="tour_next").click().run()
    assert at.button(key="tour_next").label == "Finish"
    at.button(key="tour_back").click().run()
    assert at.session_state["current_page"] == TOUR[-2].page and "stop 8" in banner_title(at)
    at.button(key="tour_next").click().run()
    at.button(key="tour_next").click().run()  # Finish
    assert not at.exception and not banner_title(at) and "tour" not in at.query_params


def test_a_link_resumes_the_tour_on_the_right_page():
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["tour"] = "7"
    at.run()
    assert not at.exception
    assert at.session_state["current_page"] == "pages/beam.py"
    assert "stop 7 of 9: Greedy or beam search" in banner_title(at)
    found = at.session_state["example_beam"]  # the stop opens with a sentence where beam beats greedy, if any
    assert found.width == 5 and found.model_step == at.session_state["view"].step
    assert shown_sentence(at) == (found.example.src if found.example else TOUR[6].sentence)
    assert at.slider(key="beam_width").value == 5


def test_leaving_the_tour_page_offers_a_way_back_and_end_closes_it():
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.button(key="tour_start").click().run()  # the sidebar's button
    at.switch_page("pages/shapes.py").run()
    assert "stop 1" in banner_title(at) and any("another page" in c.value for c in at.caption)
    at.button(key="tour_here").click().run()
    assert at.session_state["current_page"] == "pages/home.py"
    at.button(key="tour_end").click().run()
    assert not banner_title(at) and at.session_state["tour_stop"] is None


def test_the_attention_stop_shows_the_live_attention_of_an_attention_model(monkeypatch):
    monkeypatch.setenv("S2S_MODEL", "attention")
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["tour"] = "9"
    at.run()
    assert not at.exception and at.session_state["current_page"] == "pages/decoder.py"
    assert any("decoder_attention_map" in c.proto.id for c in at.get("plotly_chart"))


def test_presentation_mode_hides_controls_keeps_content_and_exits():
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.switch_page("pages/training.py").run()
    assert at.button(key="btn_pause") and at.slider(key="tf_ratio")
    at.button(key="present_on").click().run()
    assert not at.exception and at.query_params["present"] == "1"
    keys = {w.key for w in at.button} | {w.key for w in at.slider}
    assert not keys & {"btn_pause", "btn_resume", "btn_step", "btn_restart_ask", "tf_ratio", "btn_prepare"}
    assert at.get("html") and "stSidebar" in PRESENTATION_CSS.read_text()  # the stylesheet is on the page
    assert [c for c in at.get("plotly_chart") if "fig_loss" in c.proto.id]  # the live charts stay
    at.button(key="present_off").click().run()
    assert at.button(key="btn_pause") and "present" not in at.query_params


def test_presentation_mode_from_the_url_and_the_tour_inside_it():
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["present"] = "1"
    at.query_params["tour"] = "5"
    at.run()
    assert not at.exception and at.session_state["presenting"]
    assert at.session_state["current_page"] == "pages/decoder.py" and at.button(key="tour_next")
    assert at.button(key="decoder_next")  # the page's own stepping stays usable when projecting
    assert not [b for b in at.button if b.key in ("btn_pause", "btn_resume")]


PRESENTATION_CSS = REPO / "assets" / "presentation.css"
