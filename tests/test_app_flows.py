"""AppTest flows no other test covers: the Training page against the job's history, Home against `greedy`, "Load
latest", the temperature and length-penalty sliders, a NaN pause on every page, and new runs on an uploaded
Anki file or the shared Tatoeba file chosen in the sidebar.
"""

import json
import math

import numpy as np
import pytest

from s2s.decode import greedy

from .app_support import open_page
from .chart_data import array
from .conftest import require_tatoeba
from .test_job import wait_for

pytestmark = pytest.mark.usefixtures("app_env")  # a fresh run folder and small model per test
PAGES = ["home", "training", "data_vocab", "encoder", "decoder", "teacher_forcing", "beam", "bottleneck", "shapes"]


def chart(at, key: str) -> dict:
    return json.loads(next(c for c in at.get("plotly_chart") if key in c.proto.id).proto.spec)


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def paused_job(min_step: int = 1):
    """The app's job once it has trained `min_step` steps and evaluated once, paused after one more step (so the
    probes and the inspected copy are of exactly the paused model)."""
    from pages._ui import get_job

    job = get_job()
    assert wait_for(lambda: job.snapshot().step >= min_step and job.snapshot().evals.get("step"))
    job.pause()
    step = job.snapshot().step
    job.step(1)
    assert wait_for(lambda: job.snapshot().probes_step == step + 1 and job._steps_left == 0)
    return job


def test_training_page_figures_equal_the_jobs_history_and_the_probes_the_models_translations():
    at = open_page("pages/training.py")
    job = paused_job(min_step=25)
    assert wait_for(lambda: metrics(at.run())["Step"] == f"{job._trainer.step:,}")  # live parts: a frame behind
    history = job._trainer.history
    losses = [x for x in history.steps["loss"][-20:] if math.isfinite(x)]
    shown = metrics(at)
    assert shown["Step"] == f"{job._trainer.step:,}"
    assert shown["Loss (last 20 steps)"] == f"{sum(losses) / len(losses):.3f}"
    raw = chart(at, "fig_loss")["data"][0]
    np.testing.assert_array_equal(array(raw["x"]), history.steps["step"])
    np.testing.assert_array_equal(array(raw["y"]), history.steps["loss"])
    bleu, exact = chart(at, "fig_quality")["data"]
    assert list(array(bleu["x"])) == history.evals["step"] and list(array(bleu["y"])) == history.evals["bleu"]
    assert list(array(exact["y"])) == pytest.approx([100 * v for v in history.evals["exact_match"]])
    view = job.inspect_model()
    references = dict(view.split.train + view.split.valid + view.split.test)
    probes = at.dataframe[0].value
    assert list(probes["English"]) == ["i love you", "i am cold", "how are you", "she is not tired",
                                       "the woman who lives near the station said that her son was tired because "
                                       "he had worked all day"]
    for src, says, ref, right in probes.itertuples(index=False):
        expected = greedy(view.model, src, view.src_vocab, view.tgt_vocab).text
        assert says == (expected or "…") and ref == references.get(src, "")
        assert right == ("yes" if ref and expected == ref else "")


def test_home_translation_and_probabilities_equal_greedy_on_the_inspected_model():
    at = open_page("pages/home.py")
    view = paused_job().inspect_model()
    at.text_input(key="sentence").input("she is not tired").run()
    trace = greedy(view.model, "she is not tired", view.src_vocab, view.tgt_vocab, k=3)
    assert wait_for(lambda: any(f"Model at training step {view.step:,}" in c.value for c in at.run().caption))
    ids = at.dataframe[0].value
    assert list(ids["word"]) == ["she", "is", "not", "tired"] and list(ids["id"]) == view.src_vocab.encode(
        "she is not tired")
    decoded = at.dataframe[1].value
    assert list(decoded["reads"]) == [s.input_token for s in trace.steps]
    assert list(decoded["writes"]) == [s.chosen_token for s in trace.steps]
    assert list(decoded["probability"]) == pytest.approx([math.exp(s.chosen_logprob) for s in trace.steps])
    assert at.header[0].value.replace("\\", "") == (trace.text or "(nothing yet)")  # shown Markdown-escaped


def test_load_latest_swaps_the_pinned_copy_for_the_newest():
    from pages._ui import get_job

    at = open_page("pages/encoder.py")
    job = get_job()
    pinned = at.session_state["view"].step
    assert wait_for(lambda: job.snapshot().state == "running" and min(job.snapshot().step,
                                                                    job.inspect_model().step) > pinned)
    at.run()
    assert at.session_state["view"].step == pinned  # still the copy this session is reading
    assert any(f"as it was at step {pinned:,}" in c.value for c in at.caption), [c.value for c in at.caption]
    at.button(key="load_latest_tl_encoder").click().run()
    newer = at.session_state["view"].step
    assert newer > pinned and any(f"as it was at step {newer:,}" in c.value or f"at step {newer:,}" in c.value
                                  for c in at.caption)


def test_temperature_reshapes_the_bars_but_keeps_their_order_and_the_translation():
    at = open_page("pages/decoder.py")
    paused_job()
    at.run()
    before, words = array(chart(at, "decoder_topk")["data"][0]["x"]), metrics(at)["Writes"]
    at.slider(key="decoder_temperature").set_value(2.0).run()
    bars = chart(at, "decoder_topk")["data"][0]
    after = array(bars["x"])
    assert "temperature 2" in chart(at, "decoder_topk")["layout"]["title"]["text"]
    # softmax(z / T): every ratio of two probabilities becomes its T-th root, whatever the other words do
    ratios = after[:, None] / after[None, :]
    np.testing.assert_allclose(ratios, (before[:, None] / before[None, :]) ** (1 / 2.0), rtol=1e-4)
    assert metrics(at)["Writes"] == words and list(after) == sorted(after, reverse=True)


def test_length_penalty_ranks_by_the_gnmt_formula():
    at = open_page("pages/beam.py")
    paused_job()
    at.text_input(key="sentence").input("the man who lives near the station is reading a book").run()
    for alpha in (0.0, 1.0, 2.0):
        at.slider(key="beam_alpha").set_value(alpha).run()
        table = at.dataframe[0].value
        expected = [s / ((5 + n) / 6) ** alpha for s, n in zip(table["score"], table["words"])]
        assert list(table["normalised score"]) == pytest.approx(expected, abs=2e-3)
        finished = table[table["finished"]]["normalised score"].tolist()
        assert finished == sorted(finished, reverse=True)  # finished ones first, best first
        assert list(table["finished"]) == sorted(table["finished"], reverse=True)


def test_a_nan_pause_is_shown_on_every_page():
    from pages._ui import get_job

    at = open_page("pages/home.py")
    job = get_job()
    job.pause()
    with job._lock:
        hook = job._trainer.model.decoder.out.register_forward_hook(lambda module, args, out: out * float("nan"))
    job.step(1)
    assert wait_for(lambda: "became nan" in job.snapshot().message)
    hook.remove()
    message = job.snapshot().message
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert wait_for(lambda: message in [i.value.replace("\\", "") for i in at.run().sidebar.info]), page
        assert "paused" in " ".join(m.value for m in at.sidebar.markdown), page


ANKI = "".join(  # three columns, curly apostrophes and quotes, Windows line ends: as Anki/Tatoeba files come
    f"{en}\t{fr}\tCC-BY 2.0 (France) Attribution: tatoeba.org #{n} (someone)\r\n"
    for n, (en, fr) in enumerate(
        [(f"I’m {a}.", f"Je suis {b}.") for a, b in [("cold", "froid"), ("tired", "fatigué"), ("happy", "heureux"),
                                                  ("sad", "triste"), ("late", "en retard"), ("ready", "prêt")]]
        + [(f"You’re {a}.", f"Tu es {b}.") for a, b in [("cold", "froid"), ("tired", "fatigué"), ("happy", "heureux"),
                                                     ("sad", "triste"), ("late", "en retard"), ("ready", "prêt")]]
        + [(f"He’s “{a}”.", f"Il est « {b} ».") for a, b in [("cold", "froid"), ("tired", "fatigué"),
                                                            ("happy", "heureux"), ("sad", "triste")]]
        + [(f"We’re {a} now.", f"Nous sommes {b} maintenant.") for a, b in [("cold", "froids"), ("tired", "fatigués"),
                                                                           ("happy", "heureux"), ("sad", "tristes"),
                                                                           ("late", "en retard"), ("ready", "prêts")]]
        + [(f"They’re {a}.", f"Ils sont {b}.") for a, b in [("cold", "froids"), ("tired", "fatigués"),
                                                           ("happy", "heureux"), ("sad", "tristes")]]))


def restart_with(at) -> None:
    at.button(key="btn_restart_ask").click().run()
    at.button(key="btn_restart_yes").click().run()
    assert not at.exception and not at.sidebar.error, [e.value for e in at.sidebar.error]


def test_a_three_column_anki_file_uploaded_in_the_sidebar_trains_and_translates():
    from pages._ui import get_job

    at = open_page("pages/training.py")
    at.selectbox(key="corpus_choice").set_value("Upload a TSV file").run()
    at.file_uploader(key="corpus_upload").set_value(("anki.tsv", ANKI.encode(), "text/tab-separated-values")).run()
    assert any("26 pairs from anki.tsv" in c.value for c in at.sidebar.caption), [c.value for c in at.sidebar.caption]
    old_run = get_job().snapshot().run_id
    restart_with(at)
    job = get_job()
    snap = job.snapshot()
    assert snap.run_id != old_run and snap.corpus == "anki.tsv" and snap.state == "running"
    assert ("i am cold .", "je suis froid .") in job._trainer.split.train + job._trainer.split.valid + \
        job._trainer.split.test  # 3 columns read as 2, "I’m" expanded, "." a token
    assert wait_for(lambda: job.snapshot().step >= snap.step + 10)  # training runs on it
    view = paused_job().inspect_model()
    at.switch_page("pages/home.py").run()
    at.text_input(key="sentence").input("You’re tired.").run()
    assert list(at.dataframe[0].value["word"]) == ["you", "are", "tired", "."] and not at.warning  # all known words
    french = greedy(view.model, "You’re tired.", view.src_vocab, view.tgt_vocab).text
    assert at.header[0].value.replace("\\", "") == (french or "(nothing yet)")


def test_the_shared_tatoeba_file_chosen_in_the_sidebar_starts_a_run_on_it(monkeypatch):
    import pages._run_settings as run_settings
    from pages._ui import get_job

    path = require_tatoeba()
    monkeypatch.setattr(run_settings, "SHARED_TATOEBA", path)
    at = open_page("pages/training.py")
    at.selectbox(key="corpus_choice").set_value("Tatoeba (shared eng-fra.tsv)").run()
    assert at.checkbox(key="classic_subset").value  # the classic 'i am / he is / you are' subset by default
    at.number_input(key="max_words_choice").set_value(10).run()
    restart_with(at)
    job = get_job()
    assert job.spec.corpus == str(path) and job.spec.prefixes == "classic" and job.spec.max_words == 10
    snap = job.snapshot()
    assert snap.corpus == "Tatoeba eng-fra (classic subset)" and 7_000 < snap.n_train_pairs < 10_000
    assert wait_for(lambda: job.snapshot().step > snap.step)


def test_settings_chosen_on_one_page_are_still_chosen_after_visiting_another():
    """Streamlit forgets a widget's value when another page opens unless the widget keeps it for the session:
    a student's beam width and temperature, and a teacher's half-confirmed run settings, must survive a visit
    elsewhere (before, "Yes, restart" on the next page restarted with the defaults, not what was chosen)."""
    from pages._ui import get_job

    at = open_page("pages/beam.py")
    at.slider(key="beam_width").set_value(5).run()
    at.slider(key="beam_alpha").set_value(0.7).run()
    at.radio(key="model_choice").set_value("attention").run()
    at.number_input(key="max_words_choice").set_value(12).run()
    at.button(key="btn_restart_ask").click().run()
    at.switch_page("pages/decoder.py").run()
    at.slider(key="decoder_temperature").set_value(2.0).run()
    at.switch_page("pages/beam.py").run()
    assert (at.slider(key="beam_width").value, at.slider(key="beam_alpha").value) == (5, 0.7)
    at.switch_page("pages/decoder.py").run()
    assert at.slider(key="decoder_temperature").value == 2.0
    assert at.radio(key="model_choice").value == "attention" and at.number_input(key="max_words_choice").value == 12
    at.button(key="btn_restart_yes").click().run()
    assert not at.exception
    spec = get_job().spec
    assert spec.model.kind == "attention" and spec.max_words == 12
