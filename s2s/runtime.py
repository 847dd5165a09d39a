"""Where the model runs: device choice and CPU thread settings.

`auto` prefers CUDA, then Apple's MPS, then the CPU. On the CPU, torch's default of one thread per
core makes the 2-core teaching laptops worse, not better, once a web server shares the machine, so
callers choose the thread count explicitly.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Callable, TypeVar

import torch

from s2s.errors import S2SError

DEVICES = ("auto", "cpu", "cuda", "mps")
BACKGROUND_NICE = 10  # how much lower a background computation's CPU priority is than the server's other threads
T = TypeVar("T")


def usable_cpus() -> int:
    """The CPUs this process may run on (a container's cpuset, `taskset`), not all the host's cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def resolve_device(name: str = "auto") -> torch.device:
    """A torch.device for `auto`, `cpu`, `cuda` or `mps`; an unavailable choice gives a message."""
    if name not in DEVICES:
        raise S2SError(f"unknown device {name!r}; choose one of: {', '.join(DEVICES)}")
    has_mps = getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "mps" if has_mps else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise S2SError("CUDA was requested but this torch build sees no CUDA GPU (see README: Using a GPU)")
    if name == "mps" and not has_mps:
        raise S2SError("MPS was requested but is not available on this machine")
    return torch.device(name)


def describe(device: torch.device, threads: int | None = None) -> str:
    """A short human name for a device, e.g. 'cpu (2 threads)' or 'cuda (NVIDIA H100)'.

    `threads` is the CPU thread count of the thread that trains (torch's setting is per thread);
    None reads the calling thread's own.
    """
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    if device.type == "cpu":
        n = torch.get_num_threads() if threads is None else threads
        return f"cpu ({n} thread{'s' if n != 1 else ''})"
    return device.type


def _lower_this_thread() -> None:
    """Raise the calling thread's nice value by BACKGROUND_NICE (Linux keeps one per thread), relative to what
    it inherited: in a training process already niced (S2S_TRAINER_NICE), the evaluation still yields to it."""
    tid = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + BACKGROUND_NICE))
    except OSError:  # a platform or sandbox that refuses it: the thread keeps its priority
        pass


def start_low_priority(task: Callable[[], None], name: str) -> threading.Thread:
    """Start `task` in a daemon thread of its own that first lowers its CPU priority (on Linux; elsewhere a
    process-wide value would slow the whole server, so the thread keeps the normal one)."""
    def run() -> None:
        if sys.platform.startswith("linux"):
            _lower_this_thread()
        task()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread


def at_low_priority(compute: Callable[[], T]) -> T:
    """`compute()` in a thread of its own with a lower CPU priority (Linux; elsewhere, simply `compute()`).

    Why: in the app server, a page's heavy shared analysis (translating a hundred held-out sentences, encoding
    three hundred) keeps a whole CPU core busy for seconds. On a 2-core laptop that also trains, it then took
    CPU time from the threads that send every student their next training step, and every tab stalled
    together. Linux keeps a nice value per thread, so this thread yields to those threads and to training;
    the caller waits (holding no lock the others need) and gets the result or the exception.
    """
    if not sys.platform.startswith("linux"):
        return compute()
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = compute()
        except BaseException as err:  # handed to the caller, who raises it
            box["error"] = err

    start_low_priority(run, "s2s-low-priority").join()
    if "error" in box:
        raise box["error"]
    return box["value"]
