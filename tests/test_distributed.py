"""torchrun with DistributedDataParallel on two CPU processes (gloo): identical weights, one writer."""

import json
import socket
import subprocess
import sys
from pathlib import Path

import torch

from s2s.checkpoint import load_checkpoint
from s2s.data import read_pairs_file, training_split

REPO = Path(__file__).resolve().parent.parent


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def torchrun(*args, timeout=240):
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2", "--master-addr", "127.0.0.1",
           "--master-port", str(_port()), *args]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout)


def test_two_ranks_train_on_different_batches_and_end_with_identical_weights(tmp_path):
    proc = torchrun(str(REPO / "tests" / "ddp_worker.py"), str(tmp_path), "6")
    assert proc.returncode == 0, proc.stderr[-2000:]
    rank0, rank1 = (torch.load(tmp_path / f"rank{r}.pt", weights_only=True) for r in (0, 1))
    assert rank0["first_batch"] != rank1["first_batch"]  # each rank trained on its own shard
    assert rank0["state"].keys() == rank1["state"].keys()
    for name, tensor in rank0["state"].items():
        assert torch.equal(tensor, rank1["state"][name]), name


def test_cli_train_under_torchrun_writes_one_checkpoint_and_one_summary(tmp_path):
    corpus = tmp_path / "numbers.tsv"
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    mots = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]
    corpus.write_text("\n".join(f"{a} and {b}\t{x} et {y}" for a, x in zip(words, mots) for b, y in zip(words, mots)))
    out = tmp_path / "m.pt"
    proc = torchrun("-m", "s2s", "train", "--corpus", str(corpus), "--epochs", "2", "--preset", "small",
                    "--batch", "16", "--out", str(out))
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1  # only rank 0 reports
    summary = json.loads(lines[0])
    n_train = len(training_split(read_pairs_file(corpus)[0], seed=0).train)
    n_batches = -(-n_train // 16)
    assert summary["epochs"] == 2 and summary["steps"] == 2 * (n_batches // 2)  # each rank: half the batches
    assert load_checkpoint(out).step == summary["steps"]
    assert "2 processes" in proc.stderr
