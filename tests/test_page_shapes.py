"""AppTest: the Shapes page reports the live model's real sizes for the shared sentence and a training batch."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from pages._ui import get_job
from s2s.analysis import datastats as ds
from s2s.teacher import find_pair

from .app_support import APP

PAGE = "pages/shapes.py"

pytestmark = pytest.mark.usefixtures("app_env")  # a fresh run folder and small model per test


def start(sentence: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(PAGE).run()
    at.text_input(key="sentence").input(sentence).run()
    assert not at.exception
    return at


def stage_tables(at) -> list[dict]:
    """The training-stage tables (sentence first, then batch) as {tensor: shape}."""
    tables = [d.value for d in at.dataframe if "tensor" in d.value.columns and "English ids" in set(d.value["tensor"])]
    return [dict(zip(t["tensor"], t["shape"])) for t in tables]


def step_tables(at) -> list[dict]:
    tables = [d.value for d in at.dataframe if "tensor" in d.value.columns and "chosen word" in set(d.value["tensor"])]
    return [dict(zip(t["tensor"], t["shape"])) for t in tables]


def test_shapes_page_shows_the_live_models_sizes_for_the_sentence_and_a_batch():
    at = start("I am cold")
    view = get_job().inspect_model()
    cfg = view.model.cfg
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["hidden"] == str(cfg.hidden_dim) and metrics["embed"] == str(cfg.embed_dim)
    assert metrics["French vocabulary"] == f"{len(view.tgt_vocab):,}"
    assert metrics["parameters"] == f"{sum(p.numel() for p in view.model.parameters()):,}"
    out = len(view.tgt_vocab) * (cfg.hidden_dim + 1)  # output layer: per French word, a row of weights and a bias
    total = sum(p.numel() for p in view.model.parameters())
    caption = next(c.value for c in at.caption if "grows with the French vocabulary" in c.value)
    assert f"Here it holds {out:,} of the model's {total:,} weights ({100 * out / total:.0f}%), " in caption, caption
    sentence, batch_shapes = stage_tables(at)
    layers, hidden, embed, vocab = cfg.n_layers, cfg.hidden_dim, cfg.embed_dim, cfg.tgt_vocab_size
    n_fr = len(view.tgt_vocab.encode(find_pair(view.split, "i am cold").reference))
    assert sentence["English ids"] == "[3, 1]" and sentence["English embeddings"] == f"[3, 1, {embed}]"
    assert sentence["context h"] == f"[{layers}, 1, {hidden}]"
    assert sentence["French inputs"] == f"[{n_fr + 1}, 1]" and sentence["logits"] == f"[{n_fr + 1}, {vocab}]"
    batches = ds.training_batches(view.split.train, view.src_vocab, view.tgt_vocab, cfg.max_len,
                                  get_job().spec.train.batch_size)
    batch = batches[ds.padded_batch_near_middle(batches)]
    src_len, size = batch.src_ids.shape
    assert batch_shapes["English ids"] == f"[{src_len}, {size}]" and size == 64
    assert batch_shapes["context h"] == f"[{layers}, {size}, {hidden}]"
    assert batch_shapes["decoder outputs"] == f"[{batch.tgt_in.shape[0]}, {size}, {hidden}]"
    assert batch_shapes["logits"] == f"[{batch.n_tgt_tokens}, {vocab}]"
    assert [t["logits"] for t in step_tables(at)] == [f"[1, {vocab}]", f"[{size}, {vocab}]"]
    flows = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    ghost = [t for t in flows[1]["data"] if t["name"] == "never built"][0]
    assert ghost["text"] == [f"[{batch.tgt_in.shape[0]}, {size}, {vocab}]"]


def test_empty_sentence_and_other_batches():
    at = start("   ")
    assert any("empty" in i.value for i in at.info)
    assert len(stage_tables(at)) == 1  # the batch tab still shows its shapes
    at.slider(key="sh_batch_size").set_value(16).run()
    at.slider(key="sh_batch_number").set_value(1).run()
    view = get_job().inspect_model()
    first = ds.training_batches(view.split.train, view.src_vocab, view.tgt_vocab, view.model.cfg.max_len, 16)[0]
    (shapes,) = stage_tables(at)
    assert shapes["English ids"] == f"[{first.src_ids.shape[0]}, 16]"
    at.text_input(key="sentence").input("the zzz is cold").run()
    assert not at.exception and any("own translation" in c.value for c in at.caption)
    assert stage_tables(at)[0]["English ids"] == "[4, 1]"


def test_students_opening_the_pages_share_one_batching_and_one_count_of_the_corpus(monkeypatch):
    """Every training pair batched (Shapes) and the corpus counted (Data & Vocabulary) once for the class: a second
    student's session reuses them instead of repeating a second of work each."""
    calls = []
    for name in ("training_batches", "corpus_stats", "word_counts", "min_freq_effects"):
        real = getattr(ds, name)
        monkeypatch.setattr(ds, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    seen = []
    for _student in range(2):
        at = AppTest.from_file(APP, default_timeout=60).run()
        for page in (PAGE, "pages/data_vocab.py"):
            at.switch_page(page).run()
            assert not at.exception
        seen.append(sorted(calls))
    assert {"training_batches", "corpus_stats", "word_counts", "min_freq_effects"} <= set(seen[0])
    assert seen[1] == seen[0]  # the second session computed none of them again
