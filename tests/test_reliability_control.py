"""Reliability, classroom control: with S2S_CONTROL_TOKEN set, viewers watch and only the teacher controls.

For every page a viewer session gets no widget that pauses, resumes, steps, restarts, uploads or changes a
hyperparameter, and pressing every widget it does get leaves the shared job exactly as it was. Only the exact
token gives control; it is never shown back, never logged, and a wrong one gives a message.
"""

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Selectbox

from .app_support import app_server

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TOKEN = "owl-7f3a9c-sesame"
PAGES = ["home", "training", "data_vocab", "encoder", "decoder", "teacher_forcing", "beam", "bottleneck", "shapes",
         "compare", "runs"]
# Every widget that drives the shared job, found by reading the pages (sidebar, restart form, Training page,
# Teacher forcing page); the teacher-forcing page's slider key ends with the live ratio.
SIDEBAR_CONTROLS = {"btn_pause", "btn_resume", "btn_step", "corpus_choice", "corpus_upload", "classic_subset",
                    "preset_choice", "model_choice", "max_words_choice", "btn_restart_ask", "btn_restart_yes",
                    "btn_restart_no", "bug_choice"}
TRAINING_CONTROLS = {"tf_ratio", "lr_choice", "clip_choice", "btn_prepare", "btn_download", "ckpt_upload", "btn_load"}
RUNS_CONTROLS = {"run_download", "run_load", "run_delete_ask", "run_delete_yes", "run_delete_no", "run_undo",
                 "prune_keep", "prune_go", "run_upload", "run_upload_go", "load_prepared", "exp_choice", "exp_preset",
                 "exp_budget", "exp_start", "exp_cancel"}
CONTROL_PREFIXES = ("teacher_live_ratio",)
WIDGETS = {"button", "download_button", "slider", "select_slider", "selectbox", "multiselect", "radio", "checkbox",
           "toggle", "number_input", "text_input", "text_area", "file_uploader", "date_input", "time_input",
           "color_picker", "chat_input", "button_group", "segmented_control", "pills", "data_editor"}


@pytest.fixture(scope="module")
def job(tmp_path_factory):
    """The shared job of a server started with a control token, paused so any change would show."""
    with app_server(tmp_path_factory.mktemp("home"), token=TOKEN) as (_, shared):
        yield shared


def fingerprint(job) -> tuple:
    snap = job.snapshot()
    return snap.run_id, snap.state, snap.step, job.spec, snap.lr, snap.teacher_forcing, snap.clip_norm


def elements(at):
    """Every element on the page, main area and sidebar, depth first."""
    def walk(node):
        for child in getattr(node, "children", {}).values():
            yield child
            yield from walk(child)
    yield from walk(at.main)
    yield from walk(at.sidebar)


def widgets(at) -> list:
    return [e for e in elements(at) if getattr(e, "type", None) in WIDGETS]


def is_control(key: str | None) -> bool:
    return bool(key) and (key in SIDEBAR_CONTROLS | TRAINING_CONTROLS | RUNS_CONTROLS
                          or key.startswith(CONTROL_PREFIXES))


def open_page(page: str, token: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    if token is not None:
        at.text_input(key="token_input").input(token).run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


class _SelectboxByIndex(Selectbox):
    """A selectbox chosen by position, as the browser sends it (AppTest's select_index re-formats labels)."""

    @property
    def index(self) -> int:
        return self._chosen


def choose_by_index(w, index: int) -> None:
    w.__class__, w._chosen, w._value = _SelectboxByIndex, index, w.options[index]


def poke(w) -> bool:
    """Use a widget the way a student could (a different value, a click); False when there is nothing to do."""
    kind = w.type
    if kind == "button":
        w.click()
    elif kind == "slider":
        low, high = type(w.value)(w.proto.min), type(w.value)(w.proto.max)
        w.set_value(high if w.value != high else low)
    elif kind == "selectbox" and len(w.options) > 1:
        choose_by_index(w, len(w.options) - 1 if w.proto.default != len(w.options) - 1 else 0)
    elif kind == "radio" and len(w.options) > 1:
        w.set_value(w.options[-1] if w.index != len(w.options) - 1 else w.options[0])
    elif kind == "select_slider" and len(w.options) > 1:
        target = w.options[-1] if str(w.value) != w.options[-1] else w.options[0]
        try:
            w.set_value(type(w.value)(target))
        except ValueError:
            return False
    elif kind in ("checkbox", "toggle"):
        w.set_value(not w.value)
    elif kind == "text_input" and w.key != "token_input":
        w.input("i am cold")
    elif kind == "number_input":
        w.set_value(min(w.value + 1, w.proto.max) if w.proto.has_max else w.value + 1)
    else:
        return False
    return True


@pytest.mark.parametrize("page", PAGES)
def test_viewer_gets_no_control_widget_on_any_page(job, page):
    at = open_page(page)
    keys = [w.key for w in widgets(at)]
    assert not [k for k in keys if is_control(k)], keys
    assert not at.get("file_uploader")  # no corpus or checkpoint upload
    assert not [b for b in at.get("download_button") if not b.proto.label.endswith("(CSV)")]  # CSV exports only
    assert "token_input" in keys and any("Viewer mode" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("page", PAGES)
def test_viewer_pressing_every_widget_changes_nothing_in_the_job(job, page):
    before = fingerprint(job)
    at = open_page(page)
    for key in [w.key for w in widgets(at)]:
        widget = next((w for w in widgets(at) if w.key == key), None)  # the page may have changed since
        if widget is None or getattr(widget, "disabled", False) or not poke(widget):
            continue
        at.run()
        assert not at.exception, (page, key, [e.value for e in at.exception])
        assert fingerprint(job) == before, (page, key)


@pytest.mark.parametrize("page", PAGES)
def test_controller_session_gets_the_controls(job, page):
    at = open_page(page, token=TOKEN)
    keys = {w.key for w in widgets(at)}
    assert {"btn_resume", "btn_step", "btn_restart_ask", "corpus_choice", "preset_choice"} <= keys
    assert "token_input" not in keys
    if page == "training":
        assert {"tf_ratio", "lr_choice", "clip_choice", "btn_prepare", "ckpt_upload"} <= keys
    if page == "teacher_forcing":
        assert any(k.startswith("teacher_live_ratio") for k in keys)


def test_controller_controls_really_drive_the_job_and_other_sessions_stay_viewers(job):
    at = open_page("training", token=TOKEN)
    step = job.snapshot().step
    at.button(key="btn_step").click().run()
    from .test_job import wait_for

    assert wait_for(lambda: job.snapshot().step == step + 1)
    at.slider(key="tf_ratio").set_value(0.75).run()
    assert job.snapshot().teacher_forcing == 0.75
    job.set_hyper(teacher_forcing=0.5)
    other = open_page("training")  # a second browser: still a viewer
    assert not [w.key for w in widgets(other) if is_control(w.key)]


def test_wrong_token_gives_a_message_and_no_control(job):
    at = open_page("training", token="not-the-token")
    assert any("token is not right" in e.value for e in at.sidebar.error)
    assert not [w.key for w in widgets(at) if is_control(w.key)]
    assert at.text_input(key="token_input").value == ""  # the box is emptied after each attempt
    at.text_input(key="token_input").input(TOKEN).run()
    assert not at.sidebar.error and "btn_step" in {w.key for w in widgets(at)}


@pytest.mark.parametrize("attempt", [TOKEN, TOKEN + "x"])
def test_the_token_is_never_shown_kept_or_logged(job, capfd, caplog, attempt):
    from streamlit import logger as st_logger

    level = logging.getLogger("streamlit").level
    st_logger.set_log_level("debug")  # the chattiest Streamlit there is
    caplog.set_level(logging.DEBUG)
    try:
        at = open_page("home", token=attempt)
        for page in PAGES:
            at.switch_page(f"pages/{page}.py").run()
            for element in elements(at):
                assert attempt not in str(getattr(element, "proto", "")), (page, element.type)
    finally:
        st_logger.set_log_level(logging.getLevelName(level).lower() if level else "info")
    assert "token_input" not in at.session_state or at.session_state["token_input"] == ""  # never kept
    out, err = capfd.readouterr()
    assert attempt not in out + err and attempt not in caplog.text


@pytest.mark.parametrize("attempt, controls", [
    (TOKEN, True), (TOKEN[:-1], False), (TOKEN[:1], False), (TOKEN + "x", False), (" " + TOKEN, False),
    (TOKEN.upper(), False), ("", False),
])
def test_only_the_exact_token_gives_control(job, attempt, controls):
    """The token is compared whole: a prefix, an extension, other case or an empty box gives no control."""
    at = open_page("training", token=attempt)
    keys = {w.key for w in widgets(at)}
    assert ({"btn_step", "tf_ratio", "btn_restart_ask"} <= keys) is controls, (attempt, keys)
    assert bool([k for k in keys if is_control(k)]) is controls
    assert ("token_input" in keys) is not controls
