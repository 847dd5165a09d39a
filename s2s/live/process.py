"""`ProcessJob`: the app server's handle on a TrainingJob that trains in a child process (s2s/live/worker.py).

It offers what pages use of a TrainingJob (snapshot, inspect_model, the controls, the run files), so a page
cannot tell the two apart. Readings never wait for the child: a reader thread receives every snapshot and
model copy the child pushes and swaps them in by reference. Controls are calls over the pipe that return
when the child has run them (an S2SError there is raised here), after the child pushed what they changed.
While training is paused, `inspect_model()` is exactly the training model, as with the thread.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path

import torch.multiprocessing  # noqa: F401  (the receiving side of the shared-memory tensors)

from s2s.errors import S2SError
from s2s.live.files import RunFiles
from s2s.live.job import JobTiming
from s2s.live.library import RunLibrary
from s2s.live.runspec import RunSpec, run_home
from s2s.live.snapshot import ERROR, RUNNING, Snapshot
from s2s.view import ModelView

ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding the s2s package, for the child's imports
CALL_TIMEOUT_S = 600.0  # a restart builds a whole run; nothing the child does takes longer


class ProcessJob:
    """ a TrainingJob in a child process: the same controls and readings, without sharing the server's GIL """

    def __init__(self, home: Path | None = None, timing: JobTiming | None = None, publish: bool = False):
        self.files = RunFiles(Path(home) if home else run_home())
        self._timing, self._publish = timing, publish  # publish: write the run for followers (publish.py)
        self._snapshot, self._spec, self._view = Snapshot(), None, None
        self._runs: dict[int, tuple] = {}  # run id -> (src_vocab, tgt_vocab, split, corpus_name)
        self._replies: dict[int, list] = {}  # call id -> [event, ok, value]
        self._ids = itertools.count(1)
        self._send_lock = threading.Lock()
        self._stopping = False  # True once stop() asked the child to end
        self._start_child()

    def _start_child(self) -> None:
        """Run `python -m s2s.live.worker` with one end of a socket pair (not multiprocessing's spawn, which would
        re-run the app script in the child: Streamlit makes the page script the `__main__` module)."""
        ours, theirs = socket.socketpair()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")])))
        self._child = subprocess.Popen([sys.executable, "-m", "s2s.live.worker", str(theirs.fileno())],
                                       pass_fds=[theirs.fileno()], env=env)
        theirs.close()
        self._conn = Connection(ours.detach())
        self._conn.send((bytes(multiprocessing.current_process().authkey), str(self.files.home), self._timing,
                         self._publish))
        threading.Thread(target=self._receive, args=(self._conn,), name="s2s-training-news", daemon=True).start()

    # ---- readings ------------------------------------------------------------------------------------
    @property
    def spec(self) -> RunSpec | None:
        return self._spec

    @property
    def library(self) -> RunLibrary:
        """The run library on disk (the child writes the current run into it; this process reads it too)."""
        return self.files.library

    @property
    def autosave_path(self) -> Path:
        return self.library.checkpoint_path(self._snapshot.library_id)

    def snapshot(self) -> Snapshot:
        return self._snapshot

    def inspect_model(self, step: int | None = None) -> ModelView:
        """The latest model copy (at `step` from the timeline, else now); paused, exactly the training model."""
        if step is not None:
            return self._make_view(*self._call("view_at", step))
        view, snap = self._view, self._snapshot
        if view is not None and view.run_id == snap.run_id and (snap.state == RUNNING or view.step == snap.step):
            return view
        return self._make_view(*self._call("view_at", snap.step)) if snap.controllable else self._no_model()

    def _no_model(self) -> ModelView:
        raise S2SError("no model yet: start training first")

    def _make_view(self, run_id: int, step: int, model) -> ModelView:
        src_vocab, tgt_vocab, split, corpus_name = self._runs[run_id]
        return ModelView(model, src_vocab, tgt_vocab, step, run_id, split, corpus_name)

    # ---- controls (each runs in the child) -------------------------------------------------------------
    def start(self, spec: RunSpec, paused: bool = False) -> None:
        self._call("start", spec, paused=paused)

    def restart(self, spec: RunSpec, paused: bool = False) -> None:
        self._call("restart", spec, paused=paused)

    def load(self, path: str | os.PathLike, paused: bool = True) -> None:
        self._call("load", str(path), paused=paused)

    def load_run(self, run_id: str, paused: bool = True) -> None:
        self._call("load_run", run_id, paused=paused)

    def save(self, path: str | os.PathLike) -> Path:
        return self._call("save", str(path))

    def resume_autosave(self) -> bool:
        return self._call("resume_autosave")

    def pause(self) -> None:
        self._call("pause")

    def resume(self) -> None:
        self._call("resume")

    def step(self, n: int = 1) -> None:
        self._call("step", n)

    def set_hyper(self, lr: float | None = None, teacher_forcing: float | None = None,
                  clip_norm: float | None = None) -> None:
        self._call("set_hyper", lr=lr, teacher_forcing=teacher_forcing, clip_norm=clip_norm)

    def stop(self, save: bool = True) -> None:
        """Stop training (autosaving first) and end the child; safe to call twice."""
        self._stopping = True
        if self._alive():
            try:
                self._call("stop", save=save)
            except S2SError:
                pass  # it died meanwhile: nothing left to stop
        self._wait(30)

    def _alive(self) -> bool:
        return self._child.poll() is None

    def _wait(self, seconds: float) -> int | None:
        """The child's exit code once it ended (None if it is still running after `seconds`)."""
        try:
            return self._child.wait(seconds)
        except subprocess.TimeoutExpired:
            return None

    # ---- the pipe ------------------------------------------------------------------------------------
    def _call(self, name: str, *args, **kwargs):
        if not self._alive():
            raise S2SError("the training process has stopped; restart the server to train again")
        call_id, waiter = next(self._ids), threading.Event()
        self._replies[call_id] = reply = [waiter, False, None]
        try:
            with self._send_lock:
                self._conn.send(("call", call_id, name, args, kwargs))
            if not waiter.wait(CALL_TIMEOUT_S):
                raise S2SError(f"the training process did not answer {name!r}")
        except OSError as err:
            raise S2SError(f"the training process is gone ({err})") from None
        finally:
            self._replies.pop(call_id, None)
        if not reply[1]:
            raise S2SError(reply[2])
        return reply[2]

    def _receive(self, conn) -> None:
        """The reader thread: swap in each snapshot and model copy; wake the caller of each reply."""
        try:
            while True:
                kind, *body = conn.recv()
                if kind == "snapshot":
                    self._snapshot, self._spec = body
                elif kind == "run":
                    run_id, *data = body[0]
                    self._runs = {run_id: tuple(data)}  # one run at a time: an old run's data is let go
                elif kind == "view":
                    self._view = self._make_view(*body[0])
                elif kind == "reply" and body[0] in self._replies:
                    self._replies[body[0]][1:] = body[1:]
                    self._replies[body[0]][0].set()
        except (EOFError, OSError):
            self._child_gone()

    def _child_gone(self) -> None:
        """The child ended: readings say so, and every call still waiting gets an answer."""
        code = self._wait(5)
        if not self._stopping:
            message = f"the training process ended unexpectedly (exit code {code}); restart the server"
            self._snapshot = Snapshot(state=ERROR, step=self._snapshot.step, message=message,
                                      version=self._snapshot.version + 1, run_id=self._snapshot.run_id)
        for reply in list(self._replies.values()):
            reply[1:] = False, "the training process has stopped"
            reply[0].set()
