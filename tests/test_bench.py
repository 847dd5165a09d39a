"""`python -m s2s bench`: a fast smoke test of its JSON output (its speed is measured by hand, not here)."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_bench_prints_one_json_line_per_implementation_and_the_ratio():
    proc = subprocess.run([sys.executable, "-m", "s2s", "bench", "--corpus", "builtin", "--max-words", "6",
                           "--seconds", "1", "--preset", "small", "--batch", "16", "--baseline", "--threads", "1"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.strip().splitlines()]
    assert [row.get("impl") for row in rows] == ["reference", "project", None]
    for row in rows[:2]:
        assert {"impl", "sentences_per_s", "target_tokens_per_s", "steps", "seconds"} <= row.keys()
        assert row["steps"] > 0 and row["target_tokens_per_s"] > 0 and row["threads"] == 1
    expected = rows[1]["target_tokens_per_s"] / rows[0]["target_tokens_per_s"]
    assert abs(rows[2]["ratio"] - expected) < 0.01


def test_bench_refuses_bad_settings_with_one_line():
    proc = subprocess.run([sys.executable, "-m", "s2s", "bench", "--seconds", "0"], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2 and proc.stderr.startswith("error:") and proc.stderr.count("\n") == 1
