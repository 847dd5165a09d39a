"""Faults and concurrency: a process killed mid-write, and many sessions pressing controls at once."""

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from s2s.checkpoint import load_checkpoint
from s2s.errors import S2SError
from s2s.live.job import JobTiming, TrainingJob
from s2s.live.snapshot import PAUSED, RUNNING

from .test_job import TINY, wait_for

REPO = Path(__file__).resolve().parent.parent
WRITER = """
import sys, torch
sys.path.insert(0, {repo!r})
from tests.conftest import make_trainer
from s2s.checkpoint import save_checkpoint
trainer = make_trainer()
n = 0
while True:
    trainer.train_step()
    save_checkpoint({path!r}, trainer.model, trainer.src_vocab, trainer.tgt_vocab, trainer.train_cfg, trainer.step,
                    trainer.epoch, trainer.history, trainer.optimizer)
    n += 1
    print(n, flush=True)
"""


def test_sigkill_while_writing_checkpoints_leaves_every_checkpoint_loadable(tmp_path):
    path = tmp_path / "autosave.pt"
    rng = random.Random(0)
    for round_ in range(4):
        proc = subprocess.Popen([sys.executable, "-c", WRITER.format(repo=str(REPO), path=str(path))],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for _ in range(3 + round_):  # let it write a few checkpoints
            proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.05))  # land somewhere inside the next write
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        checkpoints = list(tmp_path.glob("*.pt"))
        assert checkpoints == [path]
        assert load_checkpoint(path).step >= 3  # the last complete write is intact


def test_stale_temporary_files_are_cleaned_by_the_next_save(tmp_path):
    from s2s.checkpoint import save_checkpoint

    from .conftest import make_trainer

    (tmp_path / ".run.pt.abc123.tmp").write_bytes(b"half a checkpoint")
    trainer = make_trainer()
    save_checkpoint(tmp_path / "run.pt", trainer.model, trainer.src_vocab, trainer.tgt_vocab, trainer.train_cfg)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.pt"]


def test_twenty_sessions_pressing_controls_at_random_for_30_seconds(tmp_path):
    job = TrainingJob(home=tmp_path, timing=JobTiming(eval_every_s=1.0, probe_every_s=0.5, timeline_every=10))
    job.start(TINY)
    errors, last = [], {}
    order_lock = threading.Lock()
    stop_at = time.time() + 30.0  # the issue asks for 30 s of random presses

    def session(k: int) -> None:
        rng = random.Random(k)
        steps_seen = 0
        try:
            while time.time() < stop_at:
                action = rng.choice(["pause", "resume", "step", "lr", "tf", "clip", "read", "inspect"])
                with order_lock:  # record which command was the last one issued
                    if action == "pause":
                        job.pause()
                        last["cmd"] = "pause"
                    elif action == "resume":
                        job.resume()
                        last["cmd"] = "resume"
                    elif action == "step":  # runs n steps from paused; while running it changes nothing
                        job.step(rng.randint(1, 3))
                if action == "lr":
                    job.set_hyper(lr=rng.choice([1e-3, 3e-3]))
                elif action == "tf":
                    _expect_refusal_or_apply(job, rng.choice([0.0, 0.5, 1.0, 1.5]))
                elif action == "clip":
                    job.set_hyper(clip_norm=rng.choice([0.5, 1.0]))
                elif action == "inspect":
                    assert job.inspect_model().step >= 0
                snap = job.snapshot()
                assert snap.step >= steps_seen, "the step counter went backwards"
                steps_seen = snap.step
                time.sleep(rng.uniform(0, 0.02))
        except Exception as err:  # noqa: BLE001
            errors.append(err)

    threads = [threading.Thread(target=session, args=(k,)) for k in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert not errors, errors[:3]
        assert not any(t.is_alive() for t in threads), "a session deadlocked"
        expected = RUNNING if last["cmd"] == "resume" else PAUSED
        assert wait_for(lambda: job.snapshot().state == expected, timeout=10), (last, job.snapshot().state,
                                                                                job.snapshot().message)
        if expected == PAUSED:
            assert wait_for(lambda: job._steps_left == 0, timeout=10)
            frozen = job.snapshot().step
            time.sleep(0.5)
            assert job.snapshot().step == frozen
    finally:
        job.stop(save=False)


def _expect_refusal_or_apply(job: TrainingJob, ratio: float) -> None:
    if 0.0 <= ratio <= 1.0:
        job.set_hyper(teacher_forcing=ratio)
        return
    with pytest.raises(S2SError):
        job.set_hyper(teacher_forcing=ratio)
