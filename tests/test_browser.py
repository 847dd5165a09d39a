"""The key flow in a real browser: Debian's Chromium driven by Playwright against `streamlit run app.py`."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(os.environ.get("S2S_SHOTS", "/tmp/s2s-shots"))

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(home) -> dict:
    env = dict(os.environ, S2S_HOME=str(home), S2S_PRESET="small")
    env.pop("S2S_CONTROL_TOKEN", None)
    return env


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (see .ci/run)")
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    home = tmp_path_factory.mktemp("home")
    port = _free_port()
    log = open(home / "server.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
                               "--server.address=127.0.0.1", f"--server.port={port}"], cwd=REPO,
                              env=_server_env(home), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(300):
            try:
                if urllib.request.urlopen(url + "_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the app did not answer its health check within 60 s")
        yield url
    finally:
        server.terminate()
        server.wait(15)


@pytest.fixture()
def page(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        yield page
        browser.close()


def settle(page) -> None:
    """Wait until Streamlit has finished running the script and no skeleton is left."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=30000)
    for _ in range(100):
        busy = page.locator('[data-testid="stStatusWidget"], [data-testid="stSkeleton"]').count()
        if not busy and page.locator('[data-testid="stMainBlockContainer"] h1').count():
            return
        time.sleep(0.3)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


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
                  "shapes"]


def test_walk_every_page_in_order(page, app_url):
    """Each page of the navigation renders with its charts and no exception; a screenshot of each is saved."""
    page.set_viewport_size({"width": 1400, "height": 2600})
    for name in PAGES_IN_ORDER:
        page.goto(app_url + name + "?s=i%20love%20you")
        settle(page)
        page.wait_for_selector(".js-plotly-plot", timeout=60000)
        settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0, name
        assert "Traceback" not in page.content(), name
        shot(page, f"walk-{PAGES_IN_ORDER.index(name):02d}-{name or 'home'}")
