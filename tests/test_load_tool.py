"""The project's load tool (tools/load.py) against a real `streamlit run app.py`: it connects, counts, and reports.

No timing thresholds here (the machine may be busy): only that every field is there, nothing failed, and the
numbers that must exist do (fragment runs, training speed seen in the sidebar, the server's memory).
"""

import asyncio
import json
import subprocess
import sys

import pytest

from s2s.checkpoint import load_checkpoint
from s2s.live.publish import live_folder
from tools.load import Tab, Tally, settled_waits

from .browser_fixtures import REPO, streamlit_server

FIELDS = {"viewers", "seconds", "pages", "connected", "runs", "errors", "exceptions", "fragment_runs",
          "fragment_p50_s", "fragment_p95_s", "fragment_max_s", "load_p95_s", "interacting", "interactions",
          "interact_p95_s", "interact_max_s", "train_steps_per_s", "step_gap_max_s", "step_gap_p95_s",
          "settled_gap_max_s", "settled_gap_p95_s", "server_pid", "server_rss_mb", "server_cpu"}


def run_tool(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "tools/load.py", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.timeout(240)
def test_three_viewers_one_interacting(tmp_path):
    with streamlit_server(tmp_path, S2S_PUBLISH="1") as url:  # the default trainer: a child process
        done = run_tool("--url", url, "--viewers", "3", "--seconds", "8", "--pages", "training,home,encoder",
                        "--interact", "0.34", "--every", "2", "--settle", "0")
        published = load_checkpoint(live_folder(tmp_path) / "now.pt")  # the child publishes for followers
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, "the tool prints exactly one JSON line"
    report = json.loads(lines[0])
    assert FIELDS <= set(report)
    assert report["connected"] == 3 and report["errors"] == 0 and report["exceptions"] == 0, report
    assert report["runs"] >= 3 + report["fragment_runs"] and report["fragment_runs"] > 0
    assert report["interacting"] == 1 and report["interactions"] >= 1  # the Home viewer changed the sentence
    assert report["train_steps_per_s"] is not None  # read from the sidebar (a busy machine may not step in 8 s)
    assert report["step_gap_max_s"] is not None and report["server_rss_mb"] > 0
    assert report["server_pid"] is not None  # found from the port
    assert published.data["spec"]["preset"] == "small"


@pytest.mark.parametrize("args", [["--url", "http://192.0.2.1:8501"], ["--viewers", "100000"],
                                  ["--seconds", "99999"], ["--interact", "2"]])
def test_refuses_other_hosts_and_unbounded_runs(args):
    done = run_tool(*args, timeout=30)
    assert done.returncode == 2 and "error" in done.stderr and not done.stdout


def test_settled_waits_count_from_the_settling_point_to_each_advance_and_to_the_end():
    # tab 1 saw the step advance at 1, 9 (the arrival burst), 12, 13.5 and stopped at 15; settled at 10:
    # waits 10 -> 12, 12 -> 13.5, 13.5 -> 15, the longest 2.0. Tab 2 saw nothing after 10 and stopped at 16: 6.0.
    # Tab 3 stopped before the class settled: no wait of its own.
    assert settled_waits([[1.0, 9.0, 12.0, 13.5, 15.0], [4.0, 16.0], [5.0]], since=10.0) == [2.0, 6.0]


class Clock:
    """A monotonic clock that only moves when told to."""

    def __init__(self, now: float):
        self.now = now

    def monotonic(self) -> float:
        return self.now


class SlowToClose:
    """A websocket that never sends anything and whose closing takes `close_s` on `clock`, as a busy server's can."""

    def __init__(self, clock: Clock, close_s: float):
        self.clock, self.close_s = clock, close_s

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        self.clock.now += self.close_s

    async def send(self, data):
        pass

    async def recv(self):
        await asyncio.sleep(3600)


def test_a_tab_stops_counting_its_wait_for_a_step_when_watching_ends_not_once_the_socket_has_closed(monkeypatch):
    """Answer key: the tab last saw the step advance 0.5 s before its watching ended at 100.0, so its longest
    wait is 0.5 s and its watching ended at 100.0, not at 110.0, once the connection had taken 10 s to close."""
    import load_viewer

    clock = Clock(100.0)
    monkeypatch.setattr(load_viewer, "time", clock)
    monkeypatch.setattr(load_viewer.websockets, "connect", lambda *args, **kwargs: SlowToClose(clock, close_s=10.0))
    tally = Tally(until=100.0)
    tab = Tab("training", tally, None, float("inf"), [])
    tab.last_step, tab.last_advance = 7, 99.5
    asyncio.run(tab.run("http://127.0.0.1:9"))
    assert clock.now == 110.0  # the close did take its time
    assert tally.errors == 0 and tally.step_gaps == [0.5] and tally.advances == [[100.0]]
