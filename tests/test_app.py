"""AppTest: every page renders without an exception and shows what it must, with a live training job."""

import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from .app_support import APP
from .chart_data import array
from .test_job import wait_for

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


def page_shows(at, condition) -> bool:
    """Rerun the page until `condition(at)` holds: its live parts are drawn from a frame up to a second old."""
    return wait_for(lambda: condition(at.run()))


def shown_step(at) -> int:
    return int(next(m.value for m in at.metric if m.label == "Step").replace(",", ""))


def test_training_page_shows_live_curves_and_probes():
    from pages._ui import get_job

    at = start("pages/training.py")
    assert wait_for(lambda: get_job().snapshot().step > 0)
    assert page_shows(at, lambda at: shown_step(at) > 0) and not at.exception
    assert len(at.get("plotly_chart")) == 3
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Step"].replace(",", "")) > 0 and metrics["Device"].startswith("cpu")
    probes = at.dataframe[0].value  # the probe table
    assert "i love you" in list(probes["English"]) and "je t aime" in list(probes["reference"])
    assert at.slider(key="tf_ratio").value == 0.5


def test_pause_and_resume_buttons_drive_the_shared_job():
    from pages._ui import get_job

    at = start("pages/training.py")
    at.button(key="btn_pause").click().run()
    assert wait_for(lambda: get_job().snapshot().state == "paused")  # the button says "pausing…" until then
    step = get_job().snapshot().step
    assert page_shows(at, lambda at: "paused" in sidebar_text(at) and shown_step(at) == step)
    at.button(key="btn_step").click().run()
    assert wait_for(lambda: get_job()._steps_left == 0 and get_job().snapshot().step == step + 1)
    assert page_shows(at, lambda at: shown_step(at) == step + 1) and "paused" in sidebar_text(at)
    at.button(key="btn_resume").click().run()
    assert page_shows(at, lambda at: "training" in sidebar_text(at) and shown_step(at) > step + 1)


def test_live_teacher_forcing_slider_reaches_the_job():
    from pages._ui import get_job

    at = start("pages/training.py")
    at.slider(key="tf_ratio").set_value(0.8).run()
    assert wait_for(lambda: get_job().snapshot().teacher_forcing == 0.8)  # applied between two training steps
    assert page_shows(at, lambda at: "teacher forcing 0.80" in at.caption[0].value) and not at.exception


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
    import io

    import torch

    from pages._ui import get_job

    at = start("pages/training.py")
    get_job().pause()
    at.button(key="btn_prepare").click().run()
    assert not at.exception
    payload = torch.load(io.BytesIO(at.session_state["ckpt_bytes"]), weights_only=True)
    view = get_job().inspect_model()  # paused: exactly the training model
    assert payload["step"] == at.session_state["ckpt_step"] == view.step
    assert all(torch.equal(payload["model_state"][k], v) for k, v in view.model.state_dict().items())
    assert any(b.key == "btn_download" and f"step {view.step:,}" in b.proto.label for b in at.get("download_button"))


def test_restart_needs_a_confirmation_and_starts_a_new_run():
    from pages._ui import get_job

    at = start("pages/training.py")
    old_job = get_job()
    assert wait_for(lambda: old_job.snapshot().step > 0)
    old = old_job.snapshot()
    at.button(key="btn_restart_ask").click().run()
    assert "replaces the current model for everyone" in at.sidebar.warning[0].value
    assert old_job.snapshot().run_id == old.run_id  # nothing restarted yet
    at.number_input(key="max_words_choice").set_value(6).run()
    at.button(key="btn_restart_yes").click().run()
    assert not at.exception
    assert get_job() is old_job and old_job.spec.max_words == 6
    new = old_job.snapshot()  # a new run on the shorter sentences, and the old one kept where it had got to
    assert new.run_id != old.run_id and new.n_train_pairs < old.n_train_pairs
    assert len(old_job.library.list().runs) == 2 and old_job.library.load(old.library_id).step >= old.step


def test_the_sentence_follows_the_student_from_page_to_page():
    at = start()
    at.text_input(key="sentence").input("i am cold").run()
    for page in ("pages/encoder.py", "pages/training.py", "pages/beam.py", "pages/home.py"):
        at.switch_page(page).run()
        assert not at.exception
        if page != "pages/training.py":  # the Training page has no sentence box
            assert at.text_input(key="sentence").value == "i am cold", page


def attention_weights(at) -> np.ndarray:
    """The Decoder page's attention heatmap as [French steps, English words]."""
    spec = json.loads(next(c for c in at.get("plotly_chart") if "decoder_attention_map" in c.proto.id).proto.spec)
    return array(spec["data"][0]["z"])


def test_every_page_works_with_an_attention_model(monkeypatch):
    """Each page shows its own part for an attention model, checked against the model (paused, so fixed)."""
    from pages._ui import get_job

    monkeypatch.setenv("S2S_MODEL", "attention")
    at = start()
    job = get_job()
    job.pause()
    assert job.spec.model.kind == "attention"
    at.text_input(key="sentence").input("she is not tired").run()
    view = job.inspect_model()
    metric = lambda label: next(m.value for m in at.metric if m.label == label)  # noqa: E731
    shows = {
        "training": lambda: metric("Step") == f"{view.step:,}",
        "data_vocab": lambda: metric("English vocabulary (ids)") == f"{len(view.src_vocab):,}",
        "encoder": lambda: any("Step 1 of 4" in m.value for m in at.markdown) and len(at.get("plotly_chart")) == 7,
        "decoder": lambda: attention_weights(at).shape == (at.slider(key="decoder_step").max + 1, 4)
        and np.allclose(attention_weights(at).sum(axis=1), 1.0, atol=1e-4),
        "teacher_forcing": lambda: float(metric("Total loss")) > 0,
        "beam": lambda: len(at.dataframe[0].value) >= 1 and at.dataframe[0].value["score"].iloc[0] <= 0,
        "bottleneck": lambda: any("held-out pairs" in c.value for c in at.caption),
        "shapes": lambda: "attention" in list(at.dataframe[0].value["module"])
        and "attention weights (step 1)" in " ".join(t for d in at.dataframe for t in map(str, d.value.iloc[:, 0])),
    }
    for page, check in shows.items():
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert check(), page
