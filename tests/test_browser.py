"""The key flow in a real browser: Debian's Chromium driven by Playwright against `streamlit run app.py`."""

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
    page.wait_for_selector("text=Cross-entropy loss", timeout=30000)
    sidebar.get_by_role("button", name="Pause").click()
    page.wait_for_selector('[data-testid="stSidebar"] >> text=paused', timeout=15000)
    step_text = sidebar.get_by_text("step", exact=False).first.inner_text()
    time.sleep(2.5)
    assert sidebar.get_by_text("step", exact=False).first.inner_text() == step_text  # frozen while paused
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "training-paused")
    sidebar.get_by_role("button", name="Resume").click()
    page.wait_for_selector('[data-testid="stSidebar"] >> text=● training', timeout=15000)


PAGES_IN_ORDER = ["", "training", "data_vocab", "encoder", "decoder", "teacher_forcing", "beam", "bottleneck",
                  "shapes", "compare", "runs"]
WITHOUT_CHARTS = {"runs", "compare"}  # a table of runs; a comparison needs a second run (tests/test_browser_runs.py)


def test_walk_every_page_in_order(page, app_url):
    """Each page of the navigation renders with its charts and no exception; a screenshot of each is saved."""
    page.set_viewport_size({"width": 1400, "height": 2600})
    for name in PAGES_IN_ORDER:
        page.goto(app_url + name + "?s=i%20love%20you")
        settle(page)
        if name not in WITHOUT_CHARTS:
            page.wait_for_selector(".js-plotly-plot", timeout=60000)
            settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0, name
        assert "Traceback" not in page.content(), name
        shot(page, f"walk-{PAGES_IN_ORDER.index(name):02d}-{name or 'home'}")
