"""Publishing a run for follower servers: the trainer writes what pages read into its run folder, atomically.

A lecture hall needs more app servers than one machine's Python can run; only one of them trains (the
trainer, started with S2S_PUBLISH=1), the others follow it (S2S_FOLLOW=<the trainer's run folder>, see
follow.py). Every couple of seconds the trainer writes `live/now.pt`: a checkpoint of the model copy pages
inspect (no optimizer state), whose `data` holds the job's snapshot and run spec; and each stored timeline
step once, as `live/timeline/<run>-<step>.pt`. Each file is written to a temporary name and renamed into place
(checkpoint.py), so a reader gets the previous file or the new one, never half of one.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import asdict, fields
from pathlib import Path

from s2s.checkpoint import save_checkpoint
from s2s.errors import S2SError
from s2s.live.snapshot import Probe, Snapshot
from s2s.view import ModelView

PUBLISH_EVERY_S = 2.0


def live_folder(home: Path) -> Path:
    return Path(home) / "live"


def timeline_path(home: Path, run: str, step: int) -> Path:
    return live_folder(home) / "timeline" / f"{run}-{step}.pt"


def snapshot_to_dict(snap: Snapshot) -> dict:
    return asdict(snap)


def snapshot_from_dict(data: dict) -> Snapshot:
    """The inverse of `snapshot_to_dict`; fields a newer trainer added are ignored."""
    known = {f.name for f in fields(Snapshot)}
    values = {k: v for k, v in data.items() if k in known}
    values["probes"] = tuple(Probe(**p) for p in values.get("probes", ()))
    values["timeline"] = tuple(values.get("timeline", ()))
    return Snapshot(**values)


def write_view(path: Path, view: ModelView, spec, data: dict) -> None:
    save_checkpoint(path, view.model, view.src_vocab, view.tgt_vocab, spec.train, view.step, data=data)


class Publisher:
    """ a thread that writes the job's run to its folder for followers, every `every_s` seconds """

    def __init__(self, job, home: Path, every_s: float = PUBLISH_EVERY_S):
        self.job, self.home, self.every_s = job, Path(home), every_s
        self._written: tuple = ()  # (snapshot version, model step) of the last now.pt
        self._stop = threading.Event()

    def start(self) -> "Publisher":
        threading.Thread(target=self._loop, name="s2s-publisher", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                self.publish()
            except (OSError, S2SError):
                pass  # a full disk or a run being replaced: the next round tries again, training goes on

    def publish(self) -> None:
        """Write the timeline steps not yet written, then now.pt (so every step it lists can be read), whose
        snapshot is never behind its model."""
        if not self.job.snapshot().controllable or self.job.spec is None:
            return
        view = self.job.inspect_model()
        snap, spec = self.job.snapshot(), self.job.spec  # taken after the view: at its step or later
        if snap.step < view.step or self._written == (snap.version, view.step):
            return  # the snapshot of the view's step is a moment away: next round
        run = f"{os.getpid()}-{snap.run_id}"  # names the run: run ids restart with each training process
        self._write_timeline(snap, spec, run)
        data = {"snapshot": snapshot_to_dict(snap), "spec": spec.to_dict(), "run": run, "published": time.time()}
        write_view(live_folder(self.home) / "now.pt", view, spec, data)
        self._written = (snap.version, view.step)

    def _write_timeline(self, snap: Snapshot, spec, run: str) -> None:
        folder = live_folder(self.home) / "timeline"
        for step in snap.timeline:
            path = timeline_path(self.home, run, step)
            if not path.exists():
                write_view(path, self.job.inspect_model(step=step), spec, {"run": run})
        keep = {timeline_path(self.home, run, step).name for step in snap.timeline}
        for old in folder.glob("*.pt"):
            if old.name not in keep:  # thinned out of the timeline, or an earlier run's
                old.unlink(missing_ok=True)
