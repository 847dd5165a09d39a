"""`python -m s2s`: train, translate and evaluate end to end, Ctrl-C, and one-line errors."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from s2s.checkpoint import load_checkpoint

REPO = Path(__file__).resolve().parent.parent
NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
NOMBRES = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]


def run(*args, timeout=120, **kw):
    return subprocess.run([sys.executable, "-m", "s2s", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, **kw)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Sixty 'i see two cats'-style pairs: enough to split, small enough to train in seconds."""
    lines = [f"I see {n} cats.\tJe vois {m} chats." for n, m in zip(NUMBERS, NOMBRES)]
    lines += [f"{n} and {n2}\t{m} et {m2}" for n, m in zip(NUMBERS, NOMBRES) for n2, m2 in
              zip(NUMBERS[:5], NOMBRES[:5])]
    path = tmp_path_factory.mktemp("corpus") / "numbers.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def checkpoint(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ckpt") / "m.pt"
    proc = run("train", "--corpus", str(corpus), "--epochs", "3", "--out", str(out), "--preset", "small",
               "--batch", "16", "--threads", "1")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["steps"] == 3 * 4 and summary["epochs"] == 3  # 55 training pairs, batches of 16
    assert "training" in proc.stderr  # the progress bar
    return out


def test_train_writes_a_loadable_checkpoint(checkpoint):
    ckpt = load_checkpoint(checkpoint)
    assert ckpt.step == 12 and ckpt.model.cfg.hidden_dim == 128 and ckpt.data["seed"] == 0
    assert "cats" in ckpt.src_vocab and "chats" in ckpt.tgt_vocab


def test_translate_prints_one_line_per_input_and_json_traces(checkpoint):
    proc = run("translate", "--checkpoint", str(checkpoint), "i see two cats", "one and two")
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.strip().splitlines()) == 2
    proc = run("translate", "--checkpoint", str(checkpoint), "--json", "i see pizza")
    trace = json.loads(proc.stdout)
    assert trace["source"]["unknown"] == ["pizza"] and "pizza" in proc.stderr
    assert len(trace["steps"][0]["h"][0]) == 128 and "topk_probs" in trace["steps"][0]
    proc = run("translate", "--checkpoint", str(checkpoint), "--beam", "3", "--json", "one and two")
    beam = json.loads(proc.stdout)
    assert beam["width"] == 3 and beam["nodes"][0]["token"] == "<SOS>" and beam["nbest"]
    proc = run("translate", "--checkpoint", str(checkpoint), input="i see two cats\n\none and two\n")
    assert proc.returncode == 0 and len(proc.stdout.split("\n")) == 4  # blank line kept in place


def test_evaluate_prints_one_json_line_with_length_groups(checkpoint, corpus):
    proc = run("evaluate", "--checkpoint", str(checkpoint), "--corpus", str(corpus), "--split", "all")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert {"bleu", "exact_match", "pairs", "by_length"} <= result.keys()
    assert result["pairs"] == 60 and set(result["by_length"]) == {"1-5"}
    assert result["by_length"]["1-5"]["pairs"] == 60
    proc = run("evaluate", "--checkpoint", str(checkpoint), "--corpus", str(corpus), "--split", "all",
               "--max-words", "3", "--limit", "7")
    assert json.loads(proc.stdout)["pairs"] == 7


@pytest.mark.parametrize("args, message", [
    (["train", "--corpus", "/no/such/file.tsv", "--epochs", "1", "--out", "/tmp/x.pt"], "not found"),
    (["train", "--corpus", "builtin", "--epochs", "1", "--out", "/tmp/x.pt", "--teacher-forcing", "2"],
     "teacher-forcing"),
    (["train", "--corpus", "builtin", "--minutes", "-1", "--out", "/tmp/x.pt"], "positive"),
    (["train", "--corpus", "builtin", "--out", "/tmp/x.pt"], "required"),
    (["translate", "--checkpoint", "/no/such.pt", "hello"], "not found"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_exits_2_with_one_line(args, message):
    proc = run(*args)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error:") and message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_corrupt_checkpoint_and_empty_sentence(checkpoint, tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(checkpoint.read_bytes()[:1000])
    proc = run("translate", "--checkpoint", str(bad), "hello")
    assert proc.returncode == 2 and "truncated or corrupt" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("translate", "--checkpoint", str(checkpoint), "   ")
    assert proc.returncode == 2 and "empty" in proc.stderr


def _ignore_sigint() -> None:
    """What a non-interactive shell does to a command it starts with `&` (CI runners, a suite run in the background)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _wait_for_text(log: Path, text: str, proc: subprocess.Popen, timeout: float = 120) -> str:
    """Poll the process's stderr log until `text` shows up (or the process ends, or time runs out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        content = log.read_text()
        if text in content:
            return content
        time.sleep(0.05)
    raise AssertionError(f"{text!r} never appeared: {log.read_text()[-2000:]}")


def _start_training(corpus: Path, out: Path, log, **env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "s2s", "train", "--corpus", str(corpus), "--minutes", "5",
                             "--out", str(out), "--preset", "small", "--threads", "1"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=log, preexec_fn=_ignore_sigint,
                            env={**os.environ, **env})


def _assert_saved_on_interrupt(proc: subprocess.Popen, log: Path, out: Path) -> None:
    proc.wait(timeout=60)
    err = log.read_text()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    saved = re.search(r"interrupted: saved the checkpoint at step (\d+)", err)
    assert saved and int(saved.group(1)) > 0, err
    assert load_checkpoint(out).step == int(saved.group(1))
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no temporary file left


@pytest.mark.timeout(300)
def test_ctrl_c_saves_the_checkpoint_before_exiting_even_when_started_with_sigint_ignored(corpus, tmp_path):
    """Started the way a background test run starts it, SIGINT used to be ignored and training ran on."""
    out, log = tmp_path / "run" / "interrupted.pt", tmp_path / "stderr.txt"
    with open(log, "w") as err_file:
        proc = _start_training(corpus, out, err_file)
        try:
            _wait_for_text(log, "step=", proc)  # the progress bar shows finished steps
            proc.send_signal(signal.SIGINT)
            _assert_saved_on_interrupt(proc, log, out)
        finally:
            proc.kill()


@pytest.mark.timeout(300)
def test_ctrl_c_during_the_checkpoint_write_lets_the_write_finish(corpus, tmp_path):
    """A second Ctrl-C while the interrupted run's checkpoint is being written must not cut the write."""
    out, log = tmp_path / "run" / "interrupted.pt", tmp_path / "stderr.txt"
    with open(log, "w") as err_file:
        proc = _start_training(corpus, out, err_file, S2S_CHECKPOINT_FAULT="half_written")
        try:
            _wait_for_text(log, "step=", proc)
            proc.send_signal(signal.SIGINT)
            _wait_for_text(log, "checkpoint write held at: half_written", proc)
            proc.send_signal(signal.SIGINT)
            _assert_saved_on_interrupt(proc, log, out)
        finally:
            proc.kill()


def test_evaluate_with_beam_one_equals_greedy_and_beam_zero_is_refused(checkpoint, corpus):
    common = ("evaluate", "--checkpoint", str(checkpoint), "--corpus", str(corpus), "--split", "all")
    greedy = json.loads(run(*common).stdout)
    beam1 = json.loads(run(*common, "--beam", "1").stdout)
    beam3 = json.loads(run(*common, "--beam", "3").stdout)
    assert beam1["bleu"] == greedy["bleu"] and beam3["beam"] == 3 and beam3["pairs"] == 60
    proc = run(*common, "--beam", "0")
    assert proc.returncode == 2 and "--beam must be at least 1" in proc.stderr


def test_best_weights_keep_the_best_validation_score_and_restore_it():
    import torch

    from s2s.train import BestWeights

    from .conftest import make_trainer

    trainer = make_trainer()
    best = BestWeights(trainer.model)
    assert not best.restore()  # nothing offered yet
    best.offer(10.0, step=1)
    kept = {k: v.clone() for k, v in trainer.model.state_dict().items()}
    for _ in range(3):
        trainer.train_step()
    best.offer(5.0, step=4)  # worse: ignored
    assert best.step == 1 and best.restore()
    assert all(torch.equal(v, kept[k]) for k, v in trainer.model.state_dict().items())
