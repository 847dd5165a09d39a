"""AppTest: the Bottleneck page measures quality by sentence length with the live model, now and at earlier steps."""

import json

import pytest
import sacrebleu
from streamlit.testing.v1 import AppTest

from s2s.analysis.bottleneck import LengthQuality, held_out_pairs, select_pairs
from s2s.evaluate import evaluate
from s2s.live.runspec import RunSpec

from .app_support import APP
from .test_job import wait_for

PAGE = "pages/bottleneck.py"

pytestmark = pytest.mark.usefixtures("app_env")  # a fresh run folder and small model per test


def paused_page(min_snapshots: int = 1) -> AppTest:
    """The page with training paused once the timeline holds `min_snapshots` stored steps."""
    from pages._ui import get_job

    at = AppTest.from_file(APP, default_timeout=60).run()
    assert wait_for(lambda: len(get_job().snapshot().timeline) >= min_snapshots)
    get_job().pause()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def chart(at, key: str) -> dict:
    return json.loads(next(c for c in at.get("plotly_chart") if key in c.proto.id).proto.spec)


def reference_by_length(pairs, hypotheses) -> list[tuple[str, float, float, int]]:
    """(group, BLEU, exact match %, pairs) per length group, computed apart from the app's metrics code:
    groups by hand, sacrebleu called directly."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for (src, ref), hyp in zip(pairs, hypotheses):
        n = len(src.split())
        name = "21+" if n > 20 else next(f"{lo}-{lo + 4}" for lo in (1, 6, 11, 16) if n <= lo + 4)
        groups.setdefault(name, []).append((hyp, ref))
    order = ["1-5", "6-10", "11-15", "16-20", "21+"]
    return [(name, sacrebleu.corpus_bleu([h for h, _ in g], [[r for _, r in g]], force=True).score,
             100 * sum(h.split() == r.split() for h, r in g) / len(g), len(g))
            for name, g in sorted(groups.items(), key=lambda item: order.index(item[0]))]


def live_reference(view):
    """The model's greedy translations of the held-out selection, scored by `reference_by_length`."""
    pairs = select_pairs(held_out_pairs(view))
    return reference_by_length(pairs, evaluate(view.model, pairs, view.src_vocab, view.tgt_vocab)["hypotheses"])


def test_per_group_chart_equals_an_independent_scoring_of_the_live_model():
    from pages._ui import get_job

    at = paused_page()
    view = get_job().inspect_model()
    expected = live_reference(view)
    bleu, exact = chart(at, "bottleneck_chart")["data"]
    assert [name for name, *_ in expected] == ["1-5", "6-10", "11-15", "16-20", "21+"]  # built-in: long ones too
    assert bleu["y"] == pytest.approx([b for _, b, _, _ in expected])
    assert exact["y"] == pytest.approx([e for _, _, e, _ in expected])
    assert [x.split("(")[1] for x in bleu["x"]] == [f"{n} pairs)" for *_, n in expected]
    assert any(f"{view.model.cfg.hidden_dim} numbers in h" in m.value for m in at.markdown)
    example = next(m.value for m in at.markdown if m.value.startswith("**English:**"))
    english = example.split("  \n")[0].removeprefix("**English:** ")
    assert len(english.split()) == max(len(s.split()) for s, _ in held_out_pairs(view))  # the longest one


def hand_built(by_length: dict) -> LengthQuality:
    """A measurement written by hand: one pair per group, of 3, 8 and 23 words."""
    pairs = tuple((" ".join(["w"] * n), "ref") for n in (3, 8, 23)[: len(by_length)])
    return LengthQuality((1, 0), 0, pairs, tuple("hyp" for _ in pairs), by_length, 41.7, 0.25)


GOOD_SHORT = {"bleu": 62.4, "exact_match": 0.4, "pairs": 10}


@pytest.mark.parametrize("by_length, sentence", [
    ({"1-5": GOOD_SHORT, "6-10": {"bleu": 40.0, "exact_match": 0.1, "pairs": 8},
      "21+": {"bleu": 12.0, "exact_match": 0.0, "pairs": 6}},
     "Long sentences come out worse: BLEU goes from 62 on 1–5 word sentences to 12 on 21+ word sentences, and "
     "exact match from 40% to 0%."),
    ({"1-5": GOOD_SHORT, "6-10": {"bleu": 60.0, "exact_match": 0.5, "pairs": 8}},
     "No clear drop with length at this step: BLEU goes from 62 on 1–5 word sentences to 60 on 6–10 word "
     "sentences, and exact match from 40% to 50%."),
    ({"1-5": {"bleu": 3.0, "exact_match": 0.0, "pairs": 10}, "6-10": GOOD_SHORT},
     "The model is still too untrained to show a trend: BLEU is only 3 even on 1–5 word sentences. Let it train "
     "longer and come back."),
])
def test_the_page_says_what_a_hand_built_measurement_shows(monkeypatch, by_length, sentence):
    import s2s.analysis.bottleneck as bn

    monkeypatch.setattr(bn, "quality_by_length", lambda *args, **kwargs: hand_built(by_length))
    at = paused_page()
    bleu, exact = chart(at, "bottleneck_chart")["data"]
    assert bleu["y"] == [b["bleu"] for b in by_length.values()]
    assert exact["y"] == pytest.approx([100 * b["exact_match"] for b in by_length.values()])
    assert f"**{sentence}**" in [m.value for m in at.markdown]
    assert any("Overall BLEU 41.7, exact match 25%" in c.value for c in at.caption)


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
    assert lines[0]["y"] == pytest.approx([b for _, b, _, _ in live_reference(first)])
    gain_short = lines[-2]["y"][0] - lines[0]["y"][0]  # BLEU on the shortest group: last step's line minus first's
    caption = next(c.value for c in at.caption if c.value.startswith("Darker, thicker lines are later steps."))
    assert f"From step {min(chosen):,} to step {max(chosen):,}, BLEU changed by {gain_short:+.0f} on 1–5 word " \
        "sentences" in caption, caption
    at.select_slider(key="tl_bottleneck").set_value(steps[0]).run()  # the page's own timeline selector
    assert not at.exception and f"step {steps[0]:,}" in chart(at, "bottleneck_chart")["layout"]["title"]["text"]


def test_a_corpus_without_long_sentences_says_so():
    from pages._ui import get_job

    at = AppTest.from_file(APP, default_timeout=60).run()
    get_job().restart(RunSpec.make("small", max_words=6), paused=True)
    at.switch_page(PAGE).run()
    assert not at.exception
    longest = max(len(src.split()) for src, _ in held_out_pairs(get_job().inspect_model()))
    assert longest <= 6 and at.info[0].value == (
        f"The bottleneck needs long sentences (11 words or more), but the longest held-out sentence of built-in "
        f"corpus has {longest} words. Restart training on the built-in corpus (sidebar, run settings) keeping "
        "sentences of 11 words or more: its longest sentence has 26 words.")


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
