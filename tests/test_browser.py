"""The key flow in a real browser: Debian's Chromium driven by Playwright against `streamlit run app.py`."""

import re
import time

import pytest

from .browser_fixtures import settle, shot

pytestmark = pytest.mark.browser


def test_home_page_reads_a_typed_sentence(page, app_url):
    page.goto(app_url + "?s=i%20am%20cold")
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Seq2Seq Explainer" in page.locator("h1").first.inner_text()
    box = page.get_by_label("English sentence")
    assert box.input_value() == "i am cold"
    box.fill("i love <b>pizza</b>")
    box.press("Enter")
    page.wait_for_selector("text=Unknown, read as <UNK>", timeout=20000)
    settle(page)
    assert page.locator("b", has_text="pizza").count() == 0  # typed HTML is shown as text, never rendered
    assert "s=i+love" in page.url or "s=i%20love" in page.url
    shot(page, "home")


def test_training_page_pause_and_resume(page, app_url):
    page.goto(app_url + "training")
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("training", exact=False).first.wait_for(timeout=30000)
    # drawn is enough: a redraw under load can leave the axis title's text momentarily without a box
    page.locator(".js-plotly-plot", has_text="Cross-entropy loss").first.wait_for(state="attached", timeout=60000)
    sidebar.get_by_role("button", name="Pause").click()
    page.wait_for_selector('[data-testid="stSidebar"] >> text=paused', timeout=15000)
    step_text = sidebar.get_by_text("step", exact=False).first.inner_text()
    time.sleep(2.5)
    assert sidebar.get_by_text("step", exact=False).first.inner_text() == step_text  # frozen while paused
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "training-paused")
    sidebar.get_by_role("button", name="Resume").click()
    page.wait_for_selector('[data-testid="stSidebar"] >> text=● training', timeout=15000)


def metric(page, label: str) -> str:
    """The value of the first st.metric with this label, as rendered, once one is on the page.

    Waiting on the label itself matters: the text a visit waits for can also appear in a chart's description,
    which may be drawn before the metric is."""
    page.locator('[data-testid="stMetricLabel"]', has_text=label).first.wait_for(timeout=60000)
    pairs = page.eval_on_selector_all('[data-testid="stMetric"]', """els => els.map(e => [
        e.querySelector('[data-testid="stMetricLabel"]').innerText.trim(),
        e.querySelector('[data-testid="stMetricValue"]').innerText.trim()])""")
    return next(value for name, value in pairs if name == label)


def visit(page, app_url: str, name: str, text: str):
    page.goto(f"{app_url}{name}?s=i%20am%20cold")
    settle(page)
    page.get_by_text(text, exact=False).first.wait_for(timeout=60000)
    assert page.locator('[data-testid="stException"]').count() == 0, name
    return page


def test_one_real_number_per_page_matches_the_paused_model(page, app_url, tmp_path):
    """Pause in the browser, download the exact model from the Training page, then read one number per page."""
    import math

    import torch

    from s2s.batching import collate, encode_pairs
    from s2s.checkpoint import load_checkpoint
    from s2s.decode import greedy

    page.set_viewport_size({"width": 1400, "height": 2000})
    visit(page, app_url, "training", "Watch it learn")
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("button", name="Pause").click(timeout=60000)  # the earlier tests leave it training
    page.wait_for_selector('[data-testid="stSidebar"] >> text=paused', timeout=30000)
    page.get_by_role("button", name="Prepare a checkpoint download").click()
    with page.expect_download(timeout=60000) as download:
        page.get_by_role("button", name=re.compile(r"^Download \(step")).click()
    (tmp_path / "paused.pt").write_bytes(open(download.value.path(), "rb").read())
    ckpt = load_checkpoint(tmp_path / "paused.pt")
    model, sv, tv = ckpt.model, ckpt.src_vocab, ckpt.tgt_vocab
    assert metric(page, "Step") == f"{ckpt.step:,}"
    trace = greedy(model, "i am cold", sv, tv)

    visit(page, app_url, "", "4. French")
    assert page.locator("h2").filter(has_text=trace.text or "(nothing yet)").count() >= 1  # the French, as rendered
    visit(page, app_url, "data_vocab", "English vocabulary")
    assert metric(page, "English vocabulary (ids)") == f"{len(sv):,}"
    visit(page, app_url, "encoder", "The embedding matrix")
    assert f"{len(sv):,} words × {model.cfg.embed_dim} numbers" in page.content()
    visit(page, app_url, "decoder", "p(written word)")
    assert metric(page, "p(written word), T = 1") == f"{math.exp(trace.steps[0].chosen_logprob):.1%}"
    visit(page, app_url, "teacher_forcing", "Total loss")
    reference = next(f for e, f in ckpt_pairs(ckpt) if e == "i am cold")
    batch = collate(encode_pairs([("i am cold", reference)], sv, tv, model.cfg.max_len), [0])
    with torch.no_grad():  # the teacher-forced loss summed over the words, computed the batched way
        total = float(model.loss_teacher_forced(model.encode(batch.src_ids, batch.src_lens), batch.tgt_in,
                                                batch.tgt_out)) * batch.n_tgt_tokens
    assert abs(float(metric(page, "Total loss")) - total) < 2e-3
    visit(page, app_url, "beam", "Greedy against beam")
    assert re.search(rf"{trace.score:.3f}", page.locator('[data-testid="stMainBlockContainer"]').inner_text())
    visit(page, app_url, "bottleneck", "Why long sentences suffer")
    assert f"{model.cfg.hidden_dim} numbers in h and {model.cfg.hidden_dim} in c" in page.content()
    visit(page, app_url, "shapes", "parameters")
    assert metric(page, "parameters") == f"{sum(p.numel() for p in model.parameters()):,}"


def ckpt_pairs(ckpt):
    """The downloaded run's corpus pairs (built-in corpus, rebuilt from its spec)."""
    from s2s.live.runspec import RunSpec, split_for

    split = split_for(RunSpec.from_dict(ckpt.data["spec"]))
    return split.train + split.valid + split.test


def test_a_setting_chosen_on_one_page_is_still_chosen_after_visiting_another(page, app_url):
    """The beam width moved with the keyboard survives a visit to the Decoder page through the navigation."""
    width = '.st-key-beam_width input[type="range"]'
    page.goto(app_url + "beam")
    settle(page)
    page.wait_for_selector(width, state="attached", timeout=60000)
    assert page.locator(width).get_attribute("value") == "3"
    page.locator(width).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => document.querySelector('{width}').value === '5'", timeout=20000)
    settle(page)
    page.get_by_role("link", name="Decoder").first.click()
    page.wait_for_selector(".st-key-decoder_temperature", timeout=60000)
    page.get_by_role("link", name="Beam search").first.click()
    page.wait_for_selector(width, state="attached", timeout=60000)
    settle(page)
    assert page.locator(width).get_attribute("value") == "5"
    assert page.locator('[data-testid="stException"]').count() == 0
