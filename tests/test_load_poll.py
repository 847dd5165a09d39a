"""tools/load.py --poll against a real server with classroom control: a teacher tab logs in with the token and
opens a poll, the student tabs (viewers) vote from different pages, the teacher reveals, and the revealed
histogram holds every vote exactly once. No timing thresholds here: the machine may be busy."""

import json
import os
import subprocess
import sys

import pytest

from .browser_fixtures import REPO, streamlit_server

TOKEN = "load-test-teacher"


@pytest.mark.timeout(300)
def test_a_teacher_and_four_students_every_vote_counted_once(tmp_path):
    with streamlit_server(tmp_path, S2S_CONTROL_TOKEN=TOKEN) as url:
        done = subprocess.run([sys.executable, "tools/load.py", "--url", url, "--viewers", "5", "--seconds", "40",
                               "--pages", "home,decoder,encoder", "--poll", "3", "--think", "2", "--window", "12",
                               "--settle", "1"], cwd=REPO, capture_output=True, text=True, timeout=240,
                              env=dict(os.environ, S2S_CONTROL_TOKEN=TOKEN))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["errors"] == 0 and report["exceptions"] == 0, report
    assert report["poll_students"] == 4 and report["poll_votes_sent"] == 4 and report["poll_confirmed"] == 4, report
    assert report["poll_counts"] == report["poll_expected"] == [2, 1, 1] and report["poll_counted_once"]
    assert report["poll_vote_p95_s"] is not None and report["poll_all_confirmed_s"] is not None


def test_refuses_a_poll_without_students_or_with_too_many_choices():
    for args in (["--poll", "7"], ["--poll", "3", "--viewers", "1"], ["--poll", "3", "--think", "20"]):
        done = subprocess.run([sys.executable, "tools/load.py", *args], cwd=REPO, capture_output=True, text=True,
                              timeout=30)
        assert done.returncode == 2 and "--poll" in done.stderr and not done.stdout
