"""`FollowedRun`: a job that trains nothing and shows the run another server publishes (publish.py).

A follower server (S2S_FOLLOW=<the trainer's run folder>) gives its pages this object instead of a
training job. A thread reads `live/now.pt` whenever the trainer replaced it and swaps in its snapshot
and model copy, so pages read a follower exactly as they read the trainer. Every control refuses with an
S2SError: only the trainer's own server controls training. The run's corpus split is rebuilt once per run
from its spec (the corpus is the trainer's file, so followers need the same folders), and an earlier
timeline step is read from its file when a page asks for it.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import replace
from pathlib import Path

from s2s.checkpoint import load_checkpoint
from s2s.errors import S2SError
from s2s.live.library import RunLibrary
from s2s.live.publish import live_folder, snapshot_from_dict, timeline_path
from s2s.live.runspec import RunSpec, split_for
from s2s.live.snapshot import IDLE, Snapshot
from s2s.view import ModelView

READ_EVERY_S = 0.5  # how often the follower looks for a newer publication
STALE_S = 15.0  # a publication older than this gets a warning: the trainer may have stopped
FIRST_WAIT_S = 30.0  # how long a new follower waits for the trainer's first publication before serving pages


class FollowedRun:
    """ the run another server trains, read from the files it publishes: every reading, no control """

    def __init__(self, folder: Path, read_every_s: float = READ_EVERY_S):
        self.home = Path(folder)
        self._library = RunLibrary(self.home)
        self.read_every_s = read_every_s
        self._snapshot = Snapshot(state=IDLE, message=f"waiting for the training server to publish its run in "
                                                      f"{live_folder(self.home)} (started with S2S_PUBLISH=1?)")
        self._spec: RunSpec | None = None
        self._view: ModelView | None = None
        self._run: tuple = ("", 0, None)  # (trainer's run name, our run id, split)
        self._run_ids, self._versions = itertools.count(1), itertools.count(1)
        self._seen: tuple = ()  # (inode, mtime, size) of the last file read
        self._published = 0.0
        self.bad_reads = 0  # publications that could not be read (should stay 0: writes are atomic)
        self._stop = threading.Event()
        deadline = time.monotonic() + FIRST_WAIT_S  # pages inspect a model at once: wait for the first one
        while not self.read() and time.monotonic() < deadline:
            time.sleep(read_every_s)
        threading.Thread(target=self._loop, name="s2s-follower", daemon=True).start()

    # ---- readings ------------------------------------------------------------------------------------
    @property
    def spec(self) -> RunSpec | None:
        return self._spec

    @property
    def library(self) -> RunLibrary:
        """The trainer's runs: listed and compared here; only the trainer's controllers change them."""
        return self._library


    def snapshot(self) -> Snapshot:
        return self._snapshot

    def inspect_model(self, step: int | None = None) -> ModelView:
        view = self._view
        if view is None:
            raise S2SError("no model yet: the training server has not published its run")
        if step is None or step == view.step:
            return view
        name, run_id, split = self._run
        try:
            ckpt = load_checkpoint(timeline_path(self.home, name, step))
        except S2SError:
            raise S2SError(f"no weights are stored for step {step}") from None
        return ModelView(ckpt.model.requires_grad_(False), ckpt.src_vocab, ckpt.tgt_vocab, step, run_id, split,
                         view.corpus_name)

    # ---- controls: refused --------------------------------------------------------------------------
    def _refuse(self, *args, **kwargs):
        raise S2SError("this server follows a run trained by another server: training is controlled there")

    start = restart = load = load_run = save = resume_autosave = pause = resume = step = set_hyper = _refuse

    def stop(self, save: bool = True) -> None:
        self._stop.set()

    # ---- the reader thread -----------------------------------------------------------------------------
    def _loop(self) -> None:
        while not self._stop.wait(self.read_every_s):
            self.read()

    def read(self) -> bool:
        """Take in the trainer's latest publication if it changed; True when it did."""
        path = live_folder(self.home) / "now.pt"
        try:
            stat = path.stat()
        except OSError:
            return False
        if (stat.st_ino, stat.st_mtime_ns, stat.st_size) == self._seen:
            self._warn_if_stale()
            return False
        try:
            ckpt = load_checkpoint(path)
            spec, snap = RunSpec.from_dict(ckpt.data["spec"]), snapshot_from_dict(ckpt.data["snapshot"])
        except (S2SError, KeyError, TypeError, ValueError):
            self.bad_reads += 1
            return False
        self._seen, self._published = (stat.st_ino, stat.st_mtime_ns, stat.st_size), ckpt.data.get("published", 0.0)
        _, run_id, split = self._take_run(ckpt.data.get("run", ""), spec)
        self._spec = spec
        self._view = ModelView(ckpt.model.requires_grad_(False), ckpt.src_vocab, ckpt.tgt_vocab, ckpt.step, run_id,
                               split, spec.corpus_name)
        self._snapshot = replace(snap, run_id=run_id, version=next(self._versions))
        return True

    def _take_run(self, name: str, spec: RunSpec) -> tuple:
        """Our id and the corpus split of the trainer's run `name` (rebuilt once per run)."""
        if name != self._run[0]:
            try:
                split = split_for(spec)
            except S2SError:
                split = None  # the corpus file is not reachable from here: pages that need it say so
            self._run = (name, next(self._run_ids), split)
        return self._run

    def _warn_if_stale(self) -> None:
        age = time.time() - self._published
        if self._published and age > STALE_S and not self._snapshot.warning:
            self._snapshot = replace(self._snapshot, version=next(self._versions),
                                     warning=f"the training server has not published for {age:.0f} s: it may have "
                                             "stopped, or its run folder is not reachable from here")
