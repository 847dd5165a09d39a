"""The training process: a TrainingJob that runs in a child process and reports to the app server over a pipe.

Why a process: every page a student has open re-runs Python code in the server several times a minute,
and in one process that Python competes with the training thread for the interpreter lock; with sixty
students the model nearly stopped learning. In its own process training keeps its speed, and the server
only receives what pages read: the job's snapshots and, about once a second, a copy of the model.

The child serves the parent (s2s/live/process.py) from its main thread: it runs the calls the parent
sends (pause, step, restart, ...) on its own TrainingJob and pushes every new snapshot and model copy.
Model copies travel through shared memory (torch's multiprocessing pickler), so the server maps them
instead of unpickling 14 MB a second; each copy is a fresh one nobody writes to, so inspection never
races training. The child ignores Ctrl+C (the server gets it too and stops the child properly); on SIGTERM, or when the
server is gone (the pipe closes), it autosaves and exits.
"""

from __future__ import annotations

import copy
import multiprocessing
import os
import signal
import sys
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

import torch.multiprocessing  # noqa: F401  (registers the shared-memory pickling of tensors)

from s2s.errors import S2SError
from s2s.live.job import JobTiming, TrainingJob
from s2s.live.publish import Publisher
from s2s.view import ModelView

POLL_S = 0.05  # how often the child looks for a new snapshot or model copy to push
CALLS = frozenset({"start", "restart", "load", "load_run", "save", "resume_autosave", "pause", "resume", "step",
                   "set_hyper", "stop"})


@dataclass
class Pushed:
    """ what the parent already has: the last snapshot version, model copy and runs it knows """

    version: int = -1
    view: ModelView | None = None
    runs: set = field(default_factory=set)


def shareable(view: ModelView) -> tuple:
    """A view as (run id, step, model) with the model in fresh shared memory; vocabularies and corpus go once
    per run (see `run_info`)."""
    model = copy.deepcopy(view.model).share_memory()
    return view.run_id, view.step, model


def run_info(view: ModelView) -> tuple:
    return view.run_id, view.src_vocab, view.tgt_vocab, view.split, view.corpus_name


def push(conn: Connection, job: TrainingJob, pushed: Pushed) -> None:
    """Send the snapshot if it changed, and the latest model copy (with its run's data the first time)."""
    snap = job.snapshot()
    if snap.version != pushed.version:
        conn.send(("snapshot", snap, job.spec))
        pushed.version = snap.version
    if not snap.controllable:
        return
    try:
        view = job.inspect_model()
    except S2SError:  # no model yet
        return
    if view is pushed.view:
        return
    if view.run_id not in pushed.runs:
        conn.send(("run", run_info(view)))
        pushed.runs = {view.run_id}
    conn.send(("view", shareable(view)))
    pushed.view = view


def answer(conn: Connection, job: TrainingJob, pushed: Pushed, message: tuple) -> bool:
    """Run one call from the parent and reply; False once the job was told to stop."""
    _, call_id, name, args, kwargs = message
    try:
        if name == "view_at":  # an earlier model from the timeline
            value = shareable(job.inspect_model(step=args[0]))
        elif name in CALLS:
            value = getattr(job, name)(*args, **kwargs)
        else:
            raise S2SError(f"the training process has no call {name!r}")
        ok = True
    except S2SError as err:
        ok, value = False, str(err)
    push(conn, job, pushed)  # the caller's next reading already shows what its call changed
    conn.send(("reply", call_id, ok, value))
    return name != "stop"


def main() -> None:
    """`python -m s2s.live.worker FD`: serve the parent over the socket FD it handed down.

    The first message carries the parent's multiprocessing key (so the parent may fetch the shared-memory
    handles this process sends), the run folder, the job's timing and whether to publish for followers.
    """
    conn = Connection(int(sys.argv[1]))
    nice = os.environ.get("S2S_TRAINER_NICE", "")
    if nice.isdigit() and int(nice) > 0:  # a machine that does other work first (the test suite's servers)
        os.nice(int(nice))
    authkey, home, timing, publish = conn.recv()
    multiprocessing.current_process().authkey = authkey
    serve(conn, home, timing, publish)


def serve(conn: Connection, home: str, timing: JobTiming | None, publish: bool = False) -> None:
    """The child's main loop: answer calls, push news, until told to stop, terminated, or the parent is gone."""
    terminated = threading.Event()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the server too, which stops us properly
    signal.signal(signal.SIGTERM, lambda *_: terminated.set())
    job, pushed = TrainingJob(home=home, timing=timing), Pushed()
    if publish:  # written here, so the server's process spends nothing on it
        Publisher(job, job.files.home).start()
    try:
        while not terminated.is_set():
            if conn.poll(POLL_S) and not answer(conn, job, pushed, conn.recv()):
                return
            push(conn, job, pushed)
    except (EOFError, OSError):  # the server is gone
        pass
    job.stop(save=True)  # keep what was trained


if __name__ == "__main__":
    main()
