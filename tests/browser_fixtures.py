"""Browser-test support: `streamlit run app.py` on a free port and Debian's Chromium driven by Playwright.

The fixtures are registered in conftest.py so every browser test module shares them.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(os.environ.get("S2S_SHOTS", "/tmp/s2s-shots"))
# Screenshots are for people to look at: taken on a developer's machine, and in CI ($CI set) only when S2S_SHOTS
# asks for them. A CI machine throws them away, and the forty of a suite run cost a busy worker about a second each.
TAKE_SHOTS = not os.environ.get("CI") or "S2S_SHOTS" in os.environ


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(home, extra: dict) -> dict:
    """The test's environment without a control token or model choice of its own, then `extra` on top."""
    # the training process takes only CPU time nothing else wants: the browser, this server and the other
    # test worker go first (tests wait for the steps they need)
    env = dict(os.environ, S2S_HOME=str(home), S2S_PRESET="small", S2S_TRAINER_NICE="10")
    env.pop("S2S_CONTROL_TOKEN", None)  # a test that wants classroom control passes the token in `extra`
    env.pop("S2S_MODEL", None)
    return env | extra


@contextmanager
def streamlit_server(home: Path, **extra_env: str):
    """`streamlit run app.py` on a free port with its run folder in `home`; yields its URL once healthy."""
    port = _free_port()
    log = open(home / f"server-{port}.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
                               "--server.address=127.0.0.1", f"--server.port={port}"], cwd=REPO,
                              env=_server_env(home, extra_env), stdout=log, stderr=subprocess.STDOUT)
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
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:  # a busy machine: the job's autosave may outlast the wait
            server.kill()
            server.wait(10)
        log.close()


def require_chromium() -> None:
    """Skip without Debian's Chromium on a developer's machine; in CI ($CI set) that is a failure."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (see .ci/run)")
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    require_chromium()
    with streamlit_server(tmp_path_factory.mktemp("home")) as url:
        yield url


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


def charts_drawn(page, timeout_ms: int = 60000) -> None:
    """Wait until every Plotly chart on the page has been laid out and drawn (instead of a fixed sleep)."""
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')].every("
                           "g => g._fullLayout && g.querySelector('.main-svg'))", timeout=timeout_ms)


def shot(target, name: str, full_page: bool = True) -> None:
    """A picture of a page (the whole of it, or the viewport) or of one element, as SHOTS/<name>.png."""
    if not TAKE_SHOTS:
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    target.screenshot(path=str(SHOTS / f"{name}.png"), **({"full_page": True} if full_page else {}))
