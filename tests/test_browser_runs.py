"""The Runs and Compare pages in a real browser, on a run folder that already holds two stored runs."""

import pytest

from .browser_fixtures import CHROMIUM, settle, shot, streamlit_server
from .runs_support import store_run

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def runs_url(tmp_path_factory):
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    home = tmp_path_factory.mktemp("home")
    store_run(home, "teacher forcing 1.0", teacher_forcing=1.0)
    store_run(home, "teacher forcing 0.0", teacher_forcing=0.0)
    with streamlit_server(home) as url:
        yield url


@pytest.fixture()
def runs_page(runs_url):
    from playwright.sync_api import sync_playwright

    from .browser_fixtures import ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser.new_page(viewport={"width": 1400, "height": 2400})
        browser.close()


def test_runs_then_compare_two_stored_runs(runs_page, runs_url):
    page = runs_page
    page.goto(runs_url + "runs")
    settle(page)
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=60000)
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "runs")
    page.goto(runs_url + "compare")
    settle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=120000)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Validation BLEU").count() >= 1
    shot(page, "compare")
