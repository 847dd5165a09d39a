"""AppTest: the Teacher-forcing page's tables match `compare_decoding`, and its live part follows the job."""

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from s2s.teacher import compare_decoding, loss_by_mode

from .app_support import APP

PAGE = "pages/teacher_forcing.py"

pytestmark = pytest.mark.usefixtures("app_env")  # a fresh run folder and small model per test


def start(pause: bool = True) -> AppTest:
    from pages._ui import get_job

    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(PAGE).run()
    if pause:
        get_job().pause()
        at.run()  # paused: the page now inspects exactly the job's model
    assert not at.exception
    return at


def view():
    from pages._ui import get_job

    return get_job().inspect_model()


def tables(at):
    return at.dataframe[0].value, at.dataframe[1].value  # teacher-forced, free-running


def assert_table_matches(table, run):
    assert list(table["reads"]) == [s.input_token for s in run.steps]
    assert list(table["predicts"]) == [s.predicted_token + (" ⚑" if s.injected else "") for s in run.steps]
    assert list(table["right?"]) == ["✓" if s.correct else "✗" for s in run.steps]
    np.testing.assert_allclose(table["loss"], [s.loss for s in run.steps], atol=1e-6)


def ratio_slider(at):
    return next(s for s in at.slider if s.label == "Teacher-forcing ratio of the live training")


def series(at, key: str) -> list[dict]:
    """The traces of a rendered Plotly chart, with binary-encoded arrays decoded."""
    spec = json.loads(next(c for c in at.get("plotly_chart") if key in c.proto.id).proto.spec)

    def decode(value):
        if isinstance(value, dict) and "bdata" in value:
            return np.frombuffer(base64.b64decode(value["bdata"]), value["dtype"])
        return np.asarray(value) if isinstance(value, list) else value

    return [{k: decode(v) for k, v in trace.items()} for trace in spec["data"]]


def test_the_shared_sentence_picks_the_pair_and_both_tables_match():
    at = start()
    v = view()
    at.text_input(key="sentence").input("I love you").run()
    src, ref = at.session_state["teacher_pair_value"]
    assert (src, ref) == ("i love you", "je t aime") and (src, ref) in v.split.train
    assert at.selectbox(key="teacher_pair").value == (src, ref)
    cmp = compare_decoding(v.model, src, ref, v.src_vocab, v.tgt_vocab)
    teacher, free = tables(at)
    assert_table_matches(teacher, cmp.teacher)
    assert_table_matches(free, cmp.free)
    assert list(teacher["reads"]) == ["<SOS>", "je", "t", "aime"]
    totals = [m.value for m in at.metric if m.label == "Total loss"]
    assert totals == [f"{cmp.teacher.total_loss:.3f}", f"{cmp.free.total_loss:.3f}"]
    assert len(at.get("plotly_chart")) == 2  # per-step loss, live loss split by mode


def test_random_picked_and_typed_pairs():
    at = start()
    v = view()
    before = at.session_state["teacher_pair_value"]
    at.button(key="teacher_random").click().run()
    pair = at.session_state["teacher_pair_value"]
    assert pair != before and pair in v.split.train and at.selectbox(key="teacher_pair").value == pair
    assert at.text_input(key="sentence").value == pair[0]  # the pair becomes the shared sentence
    assert_table_matches(tables(at)[0], compare_decoding(v.model, *pair, v.src_vocab, v.tgt_vocab).teacher)
    at.selectbox(key="teacher_pair").set_value(v.split.train[5]).run()
    assert at.session_state["teacher_pair_value"] == v.split.train[5]
    assert at.text_input(key="sentence").value == v.split.train[5][0]
    held_out = v.split.valid[0]
    at.text_input(key="sentence").input(held_out[0].upper()).run()
    assert at.session_state["teacher_pair_value"] == held_out
    assert any("held out" in c.value for c in at.caption)
    at.text_input(key="sentence").input("zzz qqq").run()
    assert at.session_state["teacher_pair_value"] == held_out and not at.exception
    assert any("not in this run's corpus" in c.value for c in at.caption)
    at.text_input(key="sentence").input("").run()
    assert not at.exception and any("Type an English sentence" in c.value for c in at.caption)


def test_pushing_free_running_off_track_changes_what_it_reads_next():
    at = start()
    v = view()
    at.text_input(key="sentence").input("he is not hungry").run()
    src, ref = at.session_state["teacher_pair_value"]
    assert len(ref.split()) >= 3
    at.selectbox(key="teacher_inject_step").set_value(1).run()
    at.selectbox(key="teacher_inject_word").set_value("merci").run()
    cmp = compare_decoding(v.model, src, ref, v.src_vocab, v.tgt_vocab, inject={1: "merci"})
    teacher, free = tables(at)
    assert_table_matches(free, cmp.free)
    assert free["predicts"].iloc[1] == "merci ⚑" and free["reads"].iloc[2] == "merci"
    assert_table_matches(teacher, cmp.teacher)


def test_live_ratio_and_loss_split_follow_the_job():
    from pages._ui import get_job

    at = start()
    shown = {m.label: m.value for m in at.metric}
    assert shown["Teacher-forcing ratio now"] == "0.50" and ratio_slider(at).value == 0.5
    split = loss_by_mode(get_job().snapshot().steps)
    raw_tf, _, raw_fr, _ = series(at, "teacher_loss_split")
    assert len(split.teacher_steps) + len(split.free_steps) > 0
    np.testing.assert_array_equal(raw_tf["x"], split.teacher_steps)
    np.testing.assert_array_equal(raw_fr["y"], split.free_loss)
    tf_loss, fr_loss = shown["Recent teacher-forced loss"], shown["Recent free-running loss"]
    caption = next(c.value for c in at.caption if c.value.startswith(("Right now", "Lately", "No training")))
    if "–" not in (tf_loss, fr_loss):  # the sentence quotes the two metrics and says which is higher
        assert f"({fr_loss} for free-running steps against {tf_loss} for teacher-forced ones)" in caption
        higher = float(fr_loss) > 1.1 * float(tf_loss)
        assert caption.startswith("Right now free-running steps have the higher loss") is higher, caption
    ratio_slider(at).set_value(0.8).run()
    assert get_job().snapshot().teacher_forcing == pytest.approx(0.8)
    assert {m.label: m.value for m in at.metric}["Teacher-forcing ratio now"] == "0.80"
    get_job().set_hyper(teacher_forcing=0.3)  # changed elsewhere (another session): the slider follows
    at.run()
    assert ratio_slider(at).value == pytest.approx(0.3)


def test_viewers_see_the_ratio_but_cannot_change_it(monkeypatch):
    monkeypatch.setenv("S2S_CONTROL_TOKEN", "sesame")
    at = start(pause=False)
    assert not at.slider and "Teacher-forcing ratio now" in {m.label for m in at.metric}
