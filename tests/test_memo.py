"""The session memo: a result is computed once per key, each name keeps a bounded number, failures store nothing."""

import pytest

from pages._memo import SessionMemo


def test_a_result_is_computed_once_per_key():
    memo, calls = SessionMemo(), []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731 - counts its own calls
    assert memo.get("stats", (1, None, ()), compute) == 1
    assert memo.get("stats", (1, None, ()), compute) == 1 and len(calls) == 1
    assert memo.get("stats", (2, None, ()), compute) == 2  # a new run: computed again
    assert memo.peek("stats", (2, None, ())) == 2 and memo.peek("stats", (9, None, ())) is None


def test_each_name_keeps_only_its_most_recently_used_results():
    memo = SessionMemo()
    for step in range(100):
        memo.get("view", (1, step, ()), lambda s=step: s * 10)
    assert len(memo) == 1 and memo.peek("view", (1, 99, ())) == 990
    memo.get("counts", (1, None, (0,)), lambda: "en", keep=2)
    memo.get("counts", (1, None, (1,)), lambda: "fr", keep=2)
    memo.get("counts", (1, None, (0,)), lambda: "never", keep=2)  # a hit moves "en" to the front
    memo.get("counts", (1, None, (2,)), lambda: "third", keep=2)  # evicts "fr", the least recently used
    assert memo.peek("counts", (1, None, (0,))) == "en" and memo.peek("counts", (1, None, (1,))) is None
    assert len(memo) == 3


def test_a_failed_computation_stores_nothing():
    memo = SessionMemo()

    def fail():
        raise ValueError("no such step")

    with pytest.raises(ValueError):
        memo.get("view", (1, 5, ()), fail)
    assert memo.peek("view", (1, 5, ())) is None and len(memo) == 0


def test_put_replaces_a_stored_result():
    memo = SessionMemo()
    memo.put("results", (1, None, ()), ["first"])
    assert memo.get("results", (1, None, ()), lambda: ["never"]) == ["first"]
    memo.put("results", (1, None, ()), ["second"])
    assert memo.peek("results", (1, None, ())) == ["second"] and len(memo) == 1
