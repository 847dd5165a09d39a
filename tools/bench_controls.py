"""Controls benchmark: click-to-confirmed latency of Pause, Resume and the teacher-forcing slider in Chromium.

Run from the repository root: `python tools/bench_controls.py [--preset classic] [--n 20]`. It starts
`streamlit run app.py` on a free port with a fresh run folder (the classic preset trains in the background),
opens the Training page in Debian's Chromium, then `--n` times each: clicks Pause and waits until the sidebar
says paused, clicks Resume and waits until it says training, and moves the teacher-forcing slider one notch
with the keyboard and waits until the page reads the job's new value back. The clock runs from the mouse
click (or key press) to the first animation frame that shows the confirmation. It prints one JSON line per
control with the median, p95 and max seconds, and whether p95 meets the 0.5 s target. A tool, not a test:
the figures depend on the machine and on whatever else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGET_S = 0.5


def start_server(preset: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    home = tempfile.mkdtemp(prefix="s2s-bench-controls-")
    env = dict(os.environ, S2S_HOME=home, S2S_PRESET=preset)
    env.pop("S2S_CONTROL_TOKEN", None)
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
                               "--server.address=127.0.0.1", f"--server.port={port}"], cwd=REPO, env=env,
                              stdout=open(Path(home) / "server.log", "w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(600):
        try:
            if urllib.request.urlopen(url + "_stcore/health", timeout=1).read() == b"ok":
                return server, url
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the app did not answer its health check within two minutes")


def timed(action, confirmed, timeout_s: float = 30.0) -> float:
    """Seconds from `action()` (a click) until `confirmed()` (a Playwright wait) returns."""
    start = time.perf_counter()
    action()
    confirmed(timeout_s * 1000)
    return time.perf_counter() - start


def shows(page, scope: str, text: str):
    """A wait for `text` inside `scope` (a CSS selector), checked at every animation frame.

    A locator's wait_for checks at growing intervals (up to 500 ms apart), so it would add up to half a second
    to a control that answered at once; at every frame, the wait ends at the first frame that shows the text.
    """
    script = "([scope, text]) => [...document.querySelectorAll(scope)].some(e => e.innerText.includes(text))"
    return lambda ms: page.wait_for_function(script, arg=[scope, text], polling="raf", timeout=ms)


def click_like_a_person(page, locator):
    """A click where the button is on screen now (found before the clock starts), as a person's mouse does it.

    Not Playwright's click(): that first waits until the button has kept the same box over two frames, which
    a live page that redraws every second can make take longer than the answer itself.
    """
    locator.wait_for(timeout=30000)
    box = locator.bounding_box()
    return lambda: page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def summary(name: str, times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"control": name, "n": len(times), "median_s": round(statistics.median(times), 3),
            "p95_s": round(p95, 3), "max_s": round(ordered[-1], 3), "target_s": TARGET_S, "meets": p95 <= TARGET_S}


SIDEBAR, MAIN = '[data-testid="stSidebar"]', '[data-testid="stMainBlockContainer"]'


def bench(page, n: int) -> list[dict]:
    sidebar = page.locator(SIDEBAR)
    pause, resume = sidebar.get_by_role("button", name="Pause"), sidebar.get_by_role("button", name="Resume")
    paused, training = shows(page, SIDEBAR, "❚❚ paused"), shows(page, SIDEBAR, "● training")
    pauses, resumes, slider_moves = [], [], []
    for _ in range(n):
        pauses.append(timed(click_like_a_person(page, pause), paused))
        resumes.append(timed(click_like_a_person(page, resume), training))
    thumb = page.get_by_role("slider", name="Teacher-forcing ratio")
    for i in range(n):
        key, value = ("ArrowRight", 0.55) if i % 2 == 0 else ("ArrowLeft", 0.50)
        read_back = shows(page, MAIN, f"The job uses: teacher forcing {value:.2f}")
        slider_moves.append(timed(lambda k=key: thumb.press(k), read_back))
    return [summary("pause", pauses), summary("resume", resumes), summary("teacher-forcing slider", slider_moves)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="classic", choices=["small", "classic"])
    parser.add_argument("--n", type=int, default=20, help="clicks of each control")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds of training before the clicks")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server, url = start_server(args.preset)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url + "training")
            try:
                page.get_by_text("The job uses: teacher forcing").wait_for(timeout=600000)
            except Exception:
                page.screenshot(path=str(Path(tempfile.gettempdir()) / "bench-controls-start.png"))
                raise
            time.sleep(args.warmup)
            for line in bench(page, args.n):
                print(json.dumps({**line, "preset": args.preset}), flush=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
