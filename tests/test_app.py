"""AppTest: every page renders without an exception and shows what it must, with a live training job."""

import time

import pytest
from streamlit.testing.v1 import AppTest

from .app_support import APP

pytestmark = pytest.mark.usefixtures("app_env")  # a fresh run folder and small model per test


def start(page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    return at


def sidebar_text(at) -> str:
    return " ".join(m.value for m in at.sidebar.markdown)


def test_home_shows_the_pipeline_for_the_shared_sentence():
    at = start(s="i am cold")
    assert at.title[0].value == "Seq2Seq Explainer"
    assert list(at.dataframe[0].value["word"]) == ["i", "am", "cold"]
    assert len(at.get("plotly_chart")) == 1  # the context vector strip
    decoded = at.dataframe[1].value
    assert decoded["reads"].iloc[0] == "<SOS>" and (decoded["probability"].between(0, 1)).all()
    assert "training" in sidebar_text(at) or "paused" in sidebar_text(at)


def test_home_flags_unknown_words_and_keeps_html_as_text():
    at = start()
    at.text_input(key="sentence").input("I love <script>alert(1)</script> pizza").run()
    assert not at.exception
    assert "pizza" in at.warning[0].value and "<UNK>" in at.warning[0].value
    typed = "I love <script>alert(1)</script> pizza"
    assert at.query_params["s"] in (typed, [typed])
    at.text_input(key="sentence").input("   ").run()
    assert not at.exception and "empty" in at.info[0].value


def test_training_page_shows_live_curves_and_probes():
    at = start("pages/training.py")
    time.sleep(2)
    at.run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 3
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Step"].replace(",", "")) > 0 and metrics["Device"] == "cpu"
    probes = at.dataframe[0].value  # the probe table
    assert "i love you" in list(probes["English"]) and "je t aime" in list(probes["reference"])
    assert at.slider(key="tf_ratio").value == 0.5


def test_pause_and_resume_buttons_drive_the_shared_job():
    at = start("pages/training.py")
    at.button(key="btn_pause").click().run()
    assert "paused" in sidebar_text(at)
    step = int(at.metric[0].value.replace(",", ""))
    at.button(key="btn_step").click().run()
    time.sleep(1.0)
    at.run()
    assert int(at.metric[0].value.replace(",", "")) == step + 1
    at.button(key="btn_resume").click().run()
    time.sleep(1.0)
    at.run()
    assert "training" in sidebar_text(at) and int(at.metric[0].value.replace(",", "")) > step + 1


def test_live_teacher_forcing_slider_reaches_the_job():
    at = start("pages/training.py")
    at.slider(key="tf_ratio").set_value(0.8).run()
    at.run()
    assert not at.exception and "teacher forcing 0.80" in at.caption[0].value


def test_viewer_mode_with_a_control_token(monkeypatch):
    monkeypatch.setenv("S2S_CONTROL_TOKEN", "sesame")
    at = start("pages/training.py")
    keys = {b.key for b in at.button}
    assert not keys & {"btn_pause", "btn_resume", "btn_step", "btn_prepare", "btn_restart_ask"}
    assert not at.slider and any("Viewer mode" in c.value for c in at.sidebar.caption)
    at.text_input(key="token_input").input("wrong").run()
    assert "not right" in at.sidebar.error[0].value
    at.text_input(key="token_input").input("sesame").run()
    assert {"btn_pause", "btn_prepare"} <= {b.key for b in at.button}
    assert "token_input" not in {t.key for t in at.text_input}  # the login box is gone once in control


def test_checkpoint_download_is_prepared_from_the_live_job():
    at = start("pages/training.py")
    at.button(key="btn_prepare").click().run()
    assert not at.exception
    assert at.session_state["ckpt_step"] >= 0 and len(at.session_state["ckpt_bytes"]) > 10_000
    assert any(b.key == "btn_download" for b in at.get("download_button"))


def test_restart_needs_a_confirmation_and_starts_a_new_run():
    from pages._ui import get_job

    at = start("pages/training.py")
    old_job = get_job()
    time.sleep(1.5)
    old_step = old_job.snapshot().step
    assert old_step > 0
    at.button(key="btn_restart_ask").click().run()
    assert "replaces the current model for everyone" in at.sidebar.warning[0].value
    assert old_job.snapshot().step >= old_step  # nothing restarted yet
    at.number_input(key="max_words_choice").set_value(6).run()
    at.button(key="btn_restart_yes").click().run()
    assert not at.exception
    assert get_job() is old_job and old_job.spec.max_words == 6
    assert old_job.snapshot().step < old_step + 50 and len(old_job.library.list().runs) == 2  # the old run is kept


def test_the_sentence_follows_the_student_from_page_to_page():
    at = start()
    at.text_input(key="sentence").input("i am cold").run()
    for page in ("pages/encoder.py", "pages/training.py", "pages/beam.py", "pages/home.py"):
        at.switch_page(page).run()
        assert not at.exception
        if page != "pages/training.py":  # the Training page has no sentence box
            assert at.text_input(key="sentence").value == "i am cold", page


def test_every_page_works_with_an_attention_model(monkeypatch):
    from pages._ui import get_job

    monkeypatch.setenv("S2S_MODEL", "attention")
    at = start()
    assert get_job().spec.model.kind == "attention"
    at.text_input(key="sentence").input("she is not tired").run()
    for page in ("training", "data_vocab", "encoder", "decoder", "teacher_forcing", "beam", "bottleneck", "shapes"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
    names = [row for row in at.dataframe[0].value["module"]]  # the Shapes page's parameter table
    assert "attention" in names
