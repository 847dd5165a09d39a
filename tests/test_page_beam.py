"""AppTest: the Beam search page draws the live model's search tree, n-best list and greedy comparison."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from s2s.beam import beam_search
from s2s.decode import greedy

from .app_support import APP
from .reference import sequence_score
from .test_job import wait_for

NODE_TRACES = ("kept in the beam", "pruned", "finished (&lt;EOS&gt;)")

pytestmark = pytest.mark.usefixtures("app_env")  # a fresh run folder and small model per test


def paused_page(sentence: str) -> AppTest:
    """The beam page with training paused, so the page and the test see exactly the same model."""
    from pages._ui import get_job

    at = AppTest.from_file(APP, default_timeout=60).run()
    assert wait_for(lambda: get_job().snapshot().step >= 20)  # let the model learn a little
    get_job().pause()
    at.switch_page("pages/beam.py").run()
    at.text_input(key="sentence").input(sentence).run()
    assert not at.exception
    return at


def chart(at, key: str) -> dict:
    return json.loads(next(c for c in at.get("plotly_chart") if key in c.proto.id).proto.spec)


def tree_node_ids(at) -> list[int]:
    spec = chart(at, "beam_tree")
    return sorted(i for t in spec["data"] if t.get("name") in NODE_TRACES for i in t.get("customdata", []))


def live_beam(width: int, sentence: str):
    from pages._ui import get_job

    view = get_job().inspect_model()
    return view, beam_search(view.model, sentence, view.src_vocab, view.tgt_vocab, width, view.model.cfg.max_len)


def test_nbest_and_tree_come_from_the_live_model():
    at = paused_page("i am cold")
    view, trace = live_beam(3, "i am cold")
    assert f"step {view.step:,}" in at.caption[0].value
    nbest = at.dataframe[0].value
    assert list(nbest["translation"]) == [h.text or "(empty)" for h in trace.nbest]
    assert nbest["score"].iloc[0] == round(trace.best.score, 3)
    for row in nbest.itertuples():  # every score, rescored by one teacher-forced pass over its words
        words = [] if row.translation == "(empty)" else row.translation.split()
        assert row.score == pytest.approx(sequence_score(view, "i am cold", words, row.finished), abs=2e-3), row
    assert tree_node_ids(at) == [n.id for n in trace.nodes]
    greedy_words = [s.chosen_token for s in greedy(view.model, "i am cold", view.src_vocab, view.tgt_vocab).steps]
    compare = chart(at, "beam_compare")
    assert compare["data"][0]["text"] == [w.replace("<", "&lt;").replace(">", "&gt;") for w in greedy_words]


def test_width_and_step_sliders_change_the_tree():
    at = paused_page("she is not tired")
    n_three = len(tree_node_ids(at))
    at.slider(key="beam_width").set_value(5).run()
    _, trace = live_beam(5, "she is not tired")
    assert not at.exception and tree_node_ids(at) == [n.id for n in trace.nodes] and len(trace.nodes) != n_three
    depth = max(n.step for n in trace.nodes)
    assert at.slider(key="beam_step").value == depth  # a new search shows the whole tree
    at.slider(key="beam_step").set_value(2).run()
    assert tree_node_ids(at) == [n.id for n in trace.nodes if n.step <= 2]
    at.slider(key="beam_width").set_value(1).run()  # width 1 is greedy: the two rows agree
    assert not at.exception and any("Both give the same words" in m.value for m in at.markdown)
    assert not chart(at, "beam_compare")["layout"].get("shapes")  # no split marker


def test_empty_sentence_gives_a_message_not_a_traceback():
    at = paused_page("i love you")
    at.text_input(key="sentence").input("   ").run()
    assert not at.exception and "empty" in at.info[0].value
    assert not at.get("plotly_chart")
