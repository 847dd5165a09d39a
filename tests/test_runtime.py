"""Where the model runs: the thread count follows the CPUs the process may use, not the host's core count."""

import os
import shutil
import subprocess
import sys
import threading

import pytest
import torch

from s2s.cache import ResultCache
from s2s.errors import S2SError
from s2s.live.support import training_threads
from s2s.runtime import BACKGROUND_NICE, at_low_priority, resolve_device, usable_cpus


@pytest.mark.skipif(shutil.which("taskset") is None, reason="needs util-linux's taskset")
def test_a_process_pinned_to_one_cpu_sees_one_and_trains_on_one_thread():
    """A classroom server in a container limited to one CPU must not start one thread per host core."""
    code = ("import torch; from s2s.runtime import usable_cpus; from s2s.live.support import training_threads; "
            "print(usable_cpus(), training_threads(torch.device('cpu')))")
    out = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    assert out == ["1", "1"]


def test_all_cpus_but_one_are_left_to_training_and_none_off_the_cpu(monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert usable_cpus() == 4
    assert training_threads(torch.device("cpu")) == 3  # one core for the web server
    assert training_threads(torch.device("cuda")) is None


def test_an_unavailable_device_is_refused_with_a_message():
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    with pytest.raises(S2SError, match="CUDA was requested but this torch build sees no CUDA GPU"):
        resolve_device("cuda")


def _my_nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a nice value per thread is Linux's")
def test_a_low_priority_computation_runs_niced_in_its_own_thread_and_leaves_the_caller_as_it_was():
    before, caller = _my_nice(), threading.get_native_id()
    inside = at_low_priority(lambda: (threading.get_native_id(), _my_nice()))
    assert inside[0] != caller and inside[1] >= max(before, BACKGROUND_NICE)
    assert _my_nice() == before


def test_a_low_priority_cache_computes_once_and_hands_back_errors():
    cache, calls = ResultCache(low_priority=True), []
    assert cache.get_or_compute("k", lambda: calls.append(1) or 42) == 42
    assert cache.get_or_compute("k", lambda: calls.append(1) or 0) == 42 and calls == [1]
    with pytest.raises(ZeroDivisionError):
        cache.get_or_compute("bad", lambda: 1 / 0)
    assert cache.get_or_compute("bad", lambda: "now fine") == "now fine"  # a failure stores nothing
