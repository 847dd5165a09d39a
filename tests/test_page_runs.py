"""AppTest: the Runs and Compare pages, checked against the runs' stored histories (the answer key)."""

import json

import pytest
import streamlit as st

from pages._markdown import md_escape
from s2s.analysis.compare import compare, view_of_checkpoint
from s2s.analysis.runs import verdict
from s2s.live.library import RunLibrary
from s2s.live.runspec import split_for

from .app_support import app_server
from .chart_data import array
from .runs_support import store_run

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A run folder holding two stored runs (one with a bug) and one corrupt run folder."""
    home = tmp_path_factory.mktemp("home")
    store_run(home, "correct classic")
    store_run(home, "padding bug", bug="pad_in_loss")
    broken = home / "runs" / "20200101-000000-broken"
    broken.mkdir(parents=True)
    (broken / "run.json").write_text("{ not json")
    return home


def chart(at, key: str) -> dict:
    return json.loads(next(c for c in at.get("plotly_chart") if key in c.proto.id).proto.spec)


def test_runs_page_lists_every_run_from_its_stored_settings_and_reports_the_corrupt_one(home):
    with app_server(home) as (at, job):
        at.switch_page("pages/runs.py").run()
        assert not at.exception
        listing = RunLibrary(home).list()
        table = at.dataframe[0].value
        assert len(listing.runs) == 3 and len(table) == 3  # the two stored runs and the one training now
        for info in listing.runs:
            row = table[table["run"].str.endswith(info.name)].iloc[0]
            assert row["steps"] == info.step and row["bug"] == info.bug
            if info.bleu is None:  # the run training now may not have been evaluated yet
                assert row["validation BLEU"] != row["validation BLEU"]  # NaN in the table
            else:
                assert row["validation BLEU"] == pytest.approx(round(info.bleu, 1))
        assert table["run"].str.startswith("● ").sum() == 1  # the current run is marked
        broken = md_escape("Skipped the folder 20200101-000000-broken: run.json is unreadable")
        assert any(w.value.startswith(broken) for w in at.warning)
        disk = f"{len(listing.runs)} runs, {RunLibrary(home).disk_used() / 2**20:,.1f} MB on disk"
        assert any(disk in c.value for c in at.caption)


def test_delete_needs_a_confirmation_can_be_undone_and_never_takes_the_running_run(home):
    with app_server(home) as (at, job):
        at.switch_page("pages/runs.py").run()
        padding = next(r for r in job.library.list().runs if r.name == "padding bug")
        at.selectbox(key="run_choice").set_value(padding.id).run()
        at.button(key="run_delete_ask").click().run()
        assert padding.id in {r.id for r in job.library.list().runs}  # nothing deleted yet
        at.button(key="run_delete_yes").click().run()
        assert padding.id not in {r.id for r in job.library.list().runs}
        at.button(key="run_undo").click().run()
        assert padding.id in {r.id for r in job.library.list().runs}
        at.selectbox(key="run_choice").set_value(job.snapshot().library_id).run()
        at.button(key="run_delete_ask").click().run()
        at.button(key="run_delete_yes").click().run()
        assert not at.exception and any("training now" in e.value for e in at.error)
        assert job.snapshot().library_id in {r.id for r in job.library.list().runs}


def test_compare_page_overlays_the_stored_histories_and_computes_its_verdict(home):
    with app_server(home) as (at, job):
        runs = {r.name: r for r in job.library.list().runs}
        first, second = runs["correct classic"], runs["padding bug"]
        at.switch_page("pages/compare.py").run()
        at.selectbox(key="cmp_a").set_value(first.id).run()
        at.selectbox(key="cmp_b").set_value(second.id).run()
        assert not at.exception
        stored = [job.library.load(r.id) for r in (first, second)]
        curves = chart(at, "cmp_curves")["data"]
        bleu = [t for t in curves if t["xaxis"] == "x3"]  # the third panel: validation BLEU
        for trace, ckpt, info in zip(bleu, stored, (first, second)):
            assert trace["name"] == info.name
            assert array(trace["x"]).tolist() == ckpt.history.evals["step"]
            assert array(trace["y"]) == pytest.approx(ckpt.history.evals["bleu"])
        at.radio(key="cmp_axis").set_value("time").run()
        bleu = [t for t in chart(at, "cmp_curves")["data"] if t["xaxis"] == "x3"]
        assert array(bleu[0]["x"]) == pytest.approx(stored[0].history.evals["elapsed"])
        split = split_for(first.spec)
        views = [view_of_checkpoint(c, split, first.spec.corpus_name) for c in stored]
        lengths = compare(*views, (first.name, second.name))
        records = [info.record(c.history.steps, c.history.evals) for info, c in zip((first, second), stored)]
        expected = verdict(*records, lengths)
        assert any(m.value == f"**{md_escape(expected)}**" for m in at.markdown)
        assert "training time" in expected or "Same model size" in expected
        assert any("Bug on purpose: The loss counts padding" in e.value for e in at.error)


def test_runs_survive_a_server_restart(home):
    with app_server(home) as (at, job):
        before = {r.id for r in job.library.list().runs}
        current = job.snapshot().library_id
    st.cache_resource.clear()
    with app_server(home) as (at, job):
        assert job.snapshot().library_id == current  # the same run resumes, paused
        assert {r.id for r in job.library.list().runs} == before
        at.switch_page("pages/runs.py").run()
        assert not at.exception and len(at.dataframe[0].value) == len(before)


def test_the_prepared_runs_load_in_one_click_and_open_side_by_side(tmp_path):
    classic = store_run(tmp_path, "prepared classic", origin="prepared", group="prepared-1")
    attention = store_run(tmp_path, "prepared attention", kind="attention", origin="prepared", group="prepared-1")
    with app_server(tmp_path) as (at, job):
        at.switch_page("pages/runs.py").run()
        at.button(key="load_prepared").click().run()
        assert not at.exception
        snap = job.snapshot()
        assert snap.library_id == classic.id and snap.state == "paused" and snap.step == classic.step
        assert (at.session_state["cmp_a"], at.session_state["cmp_b"]) == (classic.id, attention.id)
        assert at.selectbox(key="cmp_a").value == classic.id  # the Compare page is open with the pair
