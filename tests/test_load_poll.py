"""The class poll over Streamlit's own websocket protocol, against a real server with classroom control.

tools/load.py --poll: a teacher tab logs in with the token and opens a poll, student tabs (viewers) vote from
different pages, the teacher reveals, and the revealed histogram holds every vote exactly once. Then a
forging client sends ballot values no browser would send: nothing breaks and nothing extra is counted.
No timing thresholds here: the machine may be busy.
"""

import asyncio
import json
import math
import os
import subprocess
import sys
import time

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from .browser_fixtures import REPO, streamlit_server

sys.path.insert(0, str(REPO / "tools"))
from load_poll import BALLOT, PollTally, Student, Teacher  # noqa: E402  (scripts, not a package)
from load_viewer import Tally  # noqa: E402

TOKEN = "load-test-teacher"
pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("home"), S2S_CONTROL_TOKEN=TOKEN) as url:
        yield url


def test_a_teacher_and_four_students_every_vote_counted_once(url):
    done = subprocess.run([sys.executable, "tools/load.py", "--url", url, "--viewers", "5", "--seconds", "90",
                           "--pages", "home,decoder,encoder", "--poll", "3", "--think", "2", "--window", "12",
                           "--settle", "1", "--end-at-reveal", "2"], cwd=REPO, capture_output=True, text=True,
                          timeout=240, env=dict(os.environ, S2S_CONTROL_TOKEN=TOKEN))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["errors"] == 0 and report["exceptions"] == 0, report
    assert report["poll_students"] == 4 and report["poll_votes_sent"] == 4 and report["poll_confirmed"] == 4, report
    assert report["poll_counts"] == report["poll_expected"] == [2, 1, 1] and report["poll_counted_once"]
    assert report["poll_vote_p95_s"] is not None and report["poll_all_confirmed_s"] is not None


class Forger(Student):
    """ sends, one per ballot it sees, messages no browser would send, then a real vote for `choice` """

    FORGED = (dict(string_value="no such choice"), dict(int_value=99), dict(double_value=0.5),
              dict(string_array_value={"data": ["choice 0", "choice 1"]}), dict(trigger_value=True, suffix="_7"))

    def __init__(self, *args):
        super().__init__(*args)
        self.forged, self.forging = list(self.FORGED), False

    def _element(self, element, path: tuple) -> None:
        ballot = BALLOT.search(element.button.id) if element.WhichOneof("type") == "button" else None
        if ballot and ballot.group(1) == "0" and self.vote is None and self.forged:
            fields = dict(self.forged.pop(0))
            widget_id = element.button.id[: -len("_0")] + fields.pop("suffix", "_0")  # _7: a choice that is not there
            self.vote = (time.monotonic(), self.rerun([WidgetState(id=widget_id, **fields)], self.fragment))
            self.forging = True
            return
        super()._element(element, path)

    def _answered(self, kind: str, seconds: float) -> None:
        if self.forging:  # the next ballot gets the next forgery, or the real vote
            self.vote, self.sent, self.done, self.forging = None, False, False, False


async def forge(url: str) -> tuple[Tally, PollTally]:
    """The teacher opens a poll, the forger sends every forgery then its real vote, and once that vote is
    confirmed on the forger's page the teacher reveals (no fixed window: a slow machine only takes longer)."""
    tally, poll = Tally(until=time.monotonic() + 150), PollTally(2)
    teacher, forger = Teacher(tally, poll, math.inf, 2, TOKEN), Forger("encoder", tally, poll, 1, 0.0)
    tasks = [asyncio.create_task(tab.run(url)) for tab in (teacher, forger)]
    teacher.open_at = time.monotonic()
    while poll.counts is None and time.monotonic() < tally.until:
        if forger.done and not (forger.forged or forger.forging) and teacher.window == math.inf:
            teacher.window = time.monotonic() - poll.opened_at  # the real vote is confirmed: reveal now
        await asyncio.sleep(0.2)
    tally.until = time.monotonic()  # revealed: both tabs stop
    await asyncio.gather(*tasks)
    return tally, poll


def test_forged_ballot_values_break_nothing_and_count_nothing(url):
    tally, poll = asyncio.run(forge(url))
    assert tally.exceptions == 0 and tally.errors == 0, tally.first_text
    assert poll.counts == [0, 1], "one vote, the last one: forgeries at most vote for a choice that exists"
