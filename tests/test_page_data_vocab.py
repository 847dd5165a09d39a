"""AppTest: the Data & Vocabulary page against the live run's corpus, vocabularies and batches (small preset)."""

import html
import json

import pytest
from streamlit.testing.v1 import AppTest

from pages._ui import get_job
from s2s.analysis import datastats as ds
from s2s.teacher import find_pair
from s2s.vocab import build_with_trace

from .app_support import open_page
from .chart_data import array

PAGE = "pages/data_vocab.py"

pytestmark = pytest.mark.usefixtures("app_env")  # a fresh run folder and small model per test


def start() -> AppTest:
    return open_page(PAGE)


def figure(at, key: str) -> dict:
    return json.loads(next(c for c in at.get("plotly_chart") if key in c.proto.id).proto.spec)




def tables_with(at, column: str) -> list:
    """The page's tables that have `column` (AppTest does not expose dataframe keys), in page order."""
    return [d.value for d in at.dataframe if column in d.value.columns]


def test_corpus_statistics_and_min_freq_come_from_the_live_run():
    at = start()
    view = get_job().inspect_model()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Training pairs"] == f"{len(view.split.train):,}"
    assert metrics["Test pairs"] == f"{len(view.split.test):,}"
    assert metrics["French vocabulary (ids)"] == f"{len(view.tgt_vocab):,}"
    assert metrics["Vocabulary size (ids)"] == f"{len(view.src_vocab):,}"  # the run's own min_freq rebuilds it
    top = figure(at, "dv_fig_src_top")["data"][0]
    expected = ds.word_counts(s for s, _ in view.split.train).most_common(20)
    assert list(top["y"]) == [w for w, _ in expected] and array(top["x"]).tolist() == [n for _, n in expected]
    at.slider(key="dv_min_freq").set_value(50).run()
    effect = ds.min_freq_effect(ds.word_counts(s for s, _ in view.split.train), 50)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Vocabulary size (ids)"] == f"{effect.vocab_size:,}" and effect.vocab_size < len(view.src_vocab)
    assert metrics["Running words → <UNK>"] == f"{effect.n_unk_tokens:,}"


def test_next_and_prev_replay_build_with_trace_on_the_first_sentences():
    at = start()
    train = get_job().inspect_model().split.train[:10]
    _, steps = build_with_trace([s for s, _ in train])
    first_known = next(k for k, step in enumerate(steps) if not step.is_new)
    for k in range(first_known + 1):
        at.button(key="dv_next").click().run()
        assert not at.exception and at.session_state["dv_k"] == k + 1
        rows = tables_with(at, "status")[0]
        marked = rows[rows["status"].isin(["new", "seen again"])]
        assert list(marked["word"]) == [steps[k].word] and list(marked["id"]) == [steps[k].index]
        assert list(marked["status"]) == ["new" if steps[k].is_new else "seen again"]
    assert any("already known" in i.value and steps[first_known].word in i.value for i in at.info)
    at.button(key="dv_prev").click().run()
    assert at.session_state["dv_k"] == first_known
    assert any("is new" in m.value and steps[first_known - 1].word in m.value for m in at.success)
    at.radio(key="dv_lang").set_value("French").run()
    at.button(key="dv_next").click().run()
    _, fr_steps = build_with_trace([t for _, t in train])
    rows = tables_with(at, "status")[0]
    assert at.session_state["dv_k"] == 1 and list(rows["word"])[-1] == fr_steps[0].word
    at.button(key="dv_play").click().run()  # Play: every tick of the fragment reads one more word
    assert at.session_state["dv_playing"] and at.session_state["dv_k"] == 2
    at.run()
    assert not at.exception and at.session_state["dv_k"] == 3


def training_padding_by_hand(view, batch_size: int) -> float:
    """Padding of the run's training batches worked out from sentence lengths alone: sort the pairs by English
    then French length, cut them into batches, and pad each batch's French side (+1 for <EOS>) to its longest."""
    lengths = sorted((len(src.split()), len(tgt.split()) + 1) for src, tgt in view.split.train)
    cells = real = 0
    for k in range(0, len(lengths), batch_size):
        french = [t for _, t in lengths[k:k + batch_size]]
        cells, real = cells + max(french) * len(french), real + sum(french)
    return 1 - real / cells


def test_sentence_ids_and_the_batch_matrix_match_the_live_vocabularies():
    at = start()
    view = get_job().inspect_model()
    at.text_input(key="sentence").input("I am cold").run()
    reference = find_pair(view.split, "i am cold").reference
    assert at.text_input(key="dv_french").value == reference
    assert tables_with(at, "known")[0]["id"].tolist() == view.src_vocab.encode("I am cold")
    assert tables_with(at, "known")[1]["id"].tolist() == view.tgt_vocab.encode(reference)
    at.text_input(key="sentence").input("I love pizzaz").run()
    ids = tables_with(at, "known")[0]
    assert ids["id"].tolist() == view.src_vocab.encode("i love pizzaz")
    assert ids["known"].tolist() == ["yes", "yes", "no → <UNK>"] and any("pizzaz" in w.value for w in at.warning)
    assert at.text_input(key="dv_french").value == ""  # not in the corpus: no reference to offer
    batch, _ = ds.sample_batch(view.split.train, view.src_vocab, view.tgt_vocab, view.model.cfg.max_len, 6, 0)
    heat = figure(at, "dv_fig_src_ids")["data"][0]
    assert array(heat["z"]).shape == tuple(batch.src_ids.shape)
    assert heat["text"] == [[f"{i}<br>{html.escape(view.src_vocab.itos[i])}" for i in row]
                            for row in batch.src_ids.tolist()]  # the ids the title names, with their words
    at.slider(key="dv_batch_size").set_value(4).run()
    at.button(key="dv_batch_new").click().run()
    batch, _ = ds.sample_batch(view.split.train, view.src_vocab, view.tgt_vocab, view.model.cfg.max_len, 4, 1)
    assert array(figure(at, "dv_fig_src_ids")["data"][0]["z"]).shape == tuple(batch.src_ids.shape)
    mask = figure(at, "dv_fig_mask")["data"][0]
    assert int(array(mask["z"]).sum()) == batch.n_tgt_tokens
    train_share = training_padding_by_hand(view, get_job().spec.train.batch_size)
    sample_share = 1 - batch.n_tgt_tokens / array(mask["z"]).size
    text = next(m.value for m in at.markdown if "*bucketing*" in m.value)
    assert f"in this run's training batches {round(100 * train_share)}% of the target cells are padding" in text
    assert f"{round(100 * sample_share)}% of this random batch" in text or "as much as in this random batch" in text
