"""Followers: a trainer process publishes its run, a follower shows it live, never half-written, and controls nothing.

The trainer is a separate Python process running the job API with a Publisher (writing every 0.3 s); the follower
is this test process, as a FollowedRun and as the app itself (AppTest with S2S_FOLLOW).
"""

import re
import subprocess
import sys
import threading
import time

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from s2s.checkpoint import load_checkpoint
from s2s.errors import S2SError
from s2s.live.follow import FollowedRun
from s2s.live.publish import live_folder, snapshot_from_dict

from .app_support import APP
from .browser_fixtures import REPO
from .test_job import wait_for

pytestmark = pytest.mark.timeout(240)

TRAINER = """
import sys, time
from s2s.live.job import JobTiming, TrainingJob
from s2s.live.publish import Publisher
from tests.test_job import TINY
job = TrainingJob(home=sys.argv[1], timing=JobTiming(eval_every_s=1.0, probe_every_s=0.5, timeline_every=5))
job.start(TINY)
Publisher(job, job.files.home, every_s=0.3).start()
deadline = time.monotonic() + 180  # stops by itself even if the test does not stop it
while time.monotonic() < deadline:
    print(job.snapshot().step, flush=True)
    time.sleep(0.1)
job.stop(save=False)
"""


class Trainer:
    """ the trainer process and the latest training step it reported """

    def __init__(self, home):
        self.process = subprocess.Popen([sys.executable, "-c", TRAINER, str(home)], cwd=REPO, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.step = -1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.step = int(line)


@pytest.fixture(scope="module")
def trainer(tmp_path_factory):
    home = tmp_path_factory.mktemp("trainer")
    trainer = Trainer(home)
    assert wait_for(lambda: (live_folder(home) / "now.pt").exists() and trainer.step > 5, timeout=120)
    yield home, trainer
    trainer.process.kill()
    trainer.process.wait(10)


def test_every_read_during_writes_is_a_whole_consistent_run(trainer):
    home, _ = trainer
    steps, deadline = set(), time.monotonic() + 4.0
    while time.monotonic() < deadline:  # the trainer replaces the file about 13 times meanwhile
        ckpt = load_checkpoint(live_folder(home) / "now.pt")  # raises on a truncated or mixed file
        snap = snapshot_from_dict(ckpt.data["snapshot"])
        assert len({len(column) for column in snap.steps.values()}) == 1  # history columns of one moment
        assert snap.step >= ckpt.step and ckpt.model.cfg.src_vocab_size == len(ckpt.src_vocab)
        steps.add(ckpt.step)
        time.sleep(0.01)
    assert len(steps) >= 2  # it did change under the reader


def test_the_follower_catches_up_and_refuses_every_control(trainer):
    home, process = trainer
    follower = FollowedRun(home, read_every_s=0.2)
    try:
        target = process.step
        started = time.monotonic()
        assert wait_for(lambda: follower.snapshot().step >= target, timeout=15)
        assert time.monotonic() - started < 15
        view = follower.inspect_model()
        assert view.split is not None and view.step <= follower.snapshot().step
        assert follower.inspect_model(step=follower.snapshot().timeline[0]).step == follower.snapshot().timeline[0]
        for control in (follower.pause, follower.resume, lambda: follower.step(1), lambda: follower.set_hyper(lr=1.0),
                        lambda: follower.restart(None), lambda: follower.save(home / "x.pt")):
            with pytest.raises(S2SError, match="another server"):
                control()
        assert follower.bad_reads == 0
    finally:
        follower.stop()


def sidebar_step(at: AppTest) -> int:
    text = " ".join(m.value for m in at.sidebar.markdown)
    return int(re.search(r"step ([\d,]+) · epoch", text).group(1).replace(",", ""))


def test_a_follower_app_shows_the_run_live_without_controls(trainer, monkeypatch, tmp_path):
    home, process = trainer
    monkeypatch.setenv("S2S_FOLLOW", str(home))
    monkeypatch.setenv("S2S_HOME", str(tmp_path))
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=60).run()
        at.switch_page("pages/training.py").run()
        target, started = process.step, time.monotonic()
        while sidebar_step(at) < target and time.monotonic() - started < 15:
            time.sleep(0.3)
            at.run()
        assert sidebar_step(at) >= target  # caught up within 15 s
        assert not at.exception
        keys = {b.key for b in at.button} | {s.key for s in at.slider} | {s.key for s in at.select_slider}
        assert not keys & {"btn_pause", "btn_resume", "btn_step", "tf_ratio", "lr_choice", "clip_choice"}
        assert "another server" in " ".join(c.value for c in at.sidebar.caption)
    finally:
        st.cache_resource.clear()
