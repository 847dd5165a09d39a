"""AppTest: the Bottleneck page measures quality by sentence length with the live model, now and at earlier steps."""

import json
import time

import pytest
from streamlit.testing.v1 import AppTest

from s2s.analysis.bottleneck import held_out_pairs, select_pairs
from s2s.evaluate import evaluate
from s2s.live.runspec import RunSpec

from .app_support import APP

PAGE = "pages/bottleneck.py"

pytestmark = pytest.mark.usefixtures("app_env")  # a fresh run folder and small model per test


def paused_page(min_snapshots: int = 1) -> AppTest:
    """The page with training paused once the timeline holds `min_snapshots` stored steps."""
    from pages._ui import get_job

    at = AppTest.from_file(APP, default_timeout=60).run()
    deadline = time.monotonic() + 60
    while len(get_job().snapshot().timeline) < min_snapshots and time.monotonic() < deadline:
        time.sleep(0.2)
    get_job().pause()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def chart(at, key: str) -> dict:
    return json.loads(next(c for c in at.get("plotly_chart") if key in c.proto.id).proto.spec)


def direct(view) -> dict:
    pairs = select_pairs(held_out_pairs(view))
    return evaluate(view.model, pairs, view.src_vocab, view.tgt_vocab)["by_length"]


def test_per_group_chart_equals_evaluate_on_the_live_model():
    from pages._ui import get_job

    at = paused_page()
    view = get_job().inspect_model()
    expected = direct(view)
    bleu, exact = chart(at, "bottleneck_chart")["data"]
    assert bleu["y"] == pytest.approx([b["bleu"] for b in expected.values()])
    assert exact["y"] == pytest.approx([100 * b["exact_match"] for b in expected.values()])
    assert [x.split("(")[1] for x in bleu["x"]] == [f"{b['pairs']} pairs)" for b in expected.values()]
    assert list(expected) == ["1-5", "6-10", "11-15", "16-20", "21+"]  # the built-in corpus has long sentences
    assert any(w in at.markdown[1].value for w in ("too untrained", "worse", "No clear drop"))
    assert f"{view.model.cfg.hidden_dim} numbers in h" in at.markdown[2].value
    example = next(m.value for m in at.markdown if m.value.startswith("**English:**"))
    english = example.split("  \n")[0].removeprefix("**English:** ")
    assert len(english.split()) == max(len(s.split()) for s, _ in held_out_pairs(view))  # the longest one


def test_earlier_snapshots_on_demand_and_the_timeline_selector():
    from pages._ui import get_job

    at = paused_page(min_snapshots=2)
    steps = list(get_job().snapshot().timeline)
    assert "bottleneck_snapshots" not in " ".join(c.proto.id for c in at.get("plotly_chart"))  # only on demand
    chosen = at.multiselect(key="bottleneck_steps").value
    assert chosen and set(chosen) <= set(steps)
    at.button(key="bottleneck_compare").click().run()
    assert not at.exception
    lines = chart(at, "bottleneck_snapshots")["data"]
    assert [t["name"] for t in lines if t["showlegend"]] == [f"step {s:,}" for s in sorted(chosen)]
    first = get_job().inspect_model(step=min(chosen))
    assert lines[0]["y"] == pytest.approx([b["bleu"] for b in direct(first).values()])
    at.select_slider(key="tl_bottleneck").set_value(steps[0]).run()  # the page's own timeline selector
    assert not at.exception and f"step {steps[0]:,}" in chart(at, "bottleneck_chart")["layout"]["title"]["text"]


def test_a_corpus_without_long_sentences_says_so():
    from pages._ui import get_job

    at = AppTest.from_file(APP, default_timeout=60).run()
    get_job().restart(RunSpec.make("small", max_words=6), paused=True)
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "needs long sentences" in at.info[0].value and "built-in corpus" in at.info[0].value


def test_comparison_waits_for_a_second_run():
    at = paused_page()
    assert any("no other run to compare with" in i.value for i in at.info)


def test_restart_with_attention_then_compare_with_the_earlier_classic_run():
    from pages._markdown import md_escape
    from pages._ui import get_job
    from s2s.analysis.compare import compare, view_of_checkpoint
    from s2s.analysis.runs import verdict

    at = paused_page()
    classic_id = get_job().snapshot().library_id
    at.radio(key="model_choice").set_value("attention").run()  # the sidebar's New training run form
    at.button(key="btn_restart_ask").click().run()
    at.button(key="btn_restart_yes").click().run()
    job = get_job()
    job.pause()
    assert not at.exception and job.spec.model.kind == "attention" and job.snapshot().library_id != classic_id
    at.run()
    assert at.selectbox(key="cmp_other").value == classic_id  # the earlier run is offered first
    bars = chart(at, "cmp_lengths")["data"]
    listing, snap = job.library.list(), job.snapshot()
    current, classic = listing.get(snap.library_id), listing.get(classic_id)
    assert [b["name"] for b in bars] == [current.name, classic.name]
    view, stored = job.inspect_model(), job.library.load(classic_id)  # answer key: the stored run, scored again
    expected = compare(view, view_of_checkpoint(stored, view.split, view.corpus_name), (current.name, classic.name))
    records = (current.record(snap.steps, snap.evals, snap.step, snap.train_seconds),
               classic.record(stored.history.steps, stored.history.evals))
    assert any(m.value == f"**{md_escape(verdict(*records, expected))}**" for m in at.markdown)  # from the numbers
    assert bars[0]["y"] == pytest.approx([expected.first.by_length[b]["bleu"] for b in expected.shared_groups()])
