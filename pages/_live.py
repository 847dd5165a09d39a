"""What the live parts of the pages share between sessions, and how often each session refreshes them.

A class watches one model, and the live parts of a page (curves, the probe table, the Home pipeline) draw
the same thing for every session. So they draw from a shared *frame* (the job's snapshot, renewed at most
once a second) and compute what they draw once per frame for everybody, in a bounded process-wide cache.
And not every tab needs the presenter's refresh rate: when the class is big, the tabs that only watch
refresh their live parts less often (still within a couple of seconds), while the presenter's tab, and
every tab of a small class, keep the fast rate; while training runs, those watchers also share one frame
and one model copy renewed at their rate (`frame`, `live_view`), so what they draw is computed once per
interval for all of them.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Callable, Hashable, TypeVar

import streamlit as st

from pages._a11y import frozen
from s2s.cache import ResultCache
from s2s.live.snapshot import RUNNING, Snapshot
from s2s.view import ModelView

T = TypeVar("T")
FRAME_S = 1.0  # the snapshot live parts draw changes at most this often (a state change shows at once)
WATCH_S = 3.0  # ...and for watchers of a big class, whose live parts refresh this often, the frame and model copy
BIG_CLASS, SMALL_AGAIN = 24, 16  # open tabs above which watchers slow down, and below which they speed up again
ACTIVE_S = 10.0  # a tab that has not refreshed for this long is no longer counted

_RESULTS = ResultCache(capacity=64)  # live parts: a result per frame, renewed every second
# a run's corpus statistics, one step's map: asked for again for minutes; seconds of CPU, at low priority
_ANALYSES = ResultCache(capacity=16, low_priority=True)
_lock = threading.Lock()
_frame: dict = {"job": None, "snapshot": Snapshot(), "taken": 0.0}
_watch_frame: dict = {"job": None, "snapshot": Snapshot(), "taken": 0.0}  # the watchers' frame: see frame()
_watch_view: dict = {"job": None, "view": None, "taken": 0.0}  # the watchers' model copy: see live_view()
_seen: dict[str, float] = {}  # tab token -> when it last refreshed


def frame(job) -> Snapshot:
    """The snapshot this tab's live parts draw now: the job's, renewed at most once per FRAME_S for everybody;
    for a watcher of a big class, while training runs, the class's frame renewed at most once per WATCH_S."""
    latest, now = job.snapshot(), time.monotonic()
    with _lock:
        fast = _renew(_frame, job, latest, now, FRAME_S)
        if not _watching(fast):
            return fast
        return _renew(_watch_frame, job, fast, now, WATCH_S)


def live_view(job) -> ModelView:
    """The model copy this tab's live parts inspect: the latest one; for a watcher of a big class, while
    training runs, one copy renewed at most once per WATCH_S for every watcher, so they share what is
    computed from it (the Home pipeline's decode) instead of asking for each new copy the trainer sends."""
    latest = job.snapshot()
    if not _watching(latest):
        return job.inspect_model()
    now = time.monotonic()
    with _lock:
        kept = _watch_view
        if kept["job"] is job and kept["view"].run_id == latest.run_id and now - kept["taken"] < WATCH_S:
            return kept["view"]
    view = job.inspect_model()
    with _lock:
        _watch_view.update(job=job, view=view, taken=now)
    return view


def _renew(kept: dict, job, latest: Snapshot, now: float, every_s: float) -> Snapshot:
    """`kept`'s snapshot, replaced by `latest` when it is another job's or run's, its state changed (a pause
    shows at once), or it is `every_s` old."""
    shown = kept["snapshot"]
    if (kept["job"] is not job or latest.run_id != shown.run_id or latest.state != shown.state
            or now - kept["taken"] >= every_s):
        kept.update(job=job, snapshot=latest, taken=now)
    return kept["snapshot"]


def _watching(snap: Snapshot) -> bool:
    """This tab is a watcher of a big class and the model is training (paused, every step shows at once)."""
    return snap.state == RUNNING and st.session_state.get("live_watcher", False)


def shared(name: str, job, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once for every session asking with the same job and key (e.g. a frame's run and version)."""
    return _RESULTS.get_or_compute((name, id(job), key), compute)


def shared_analysis(name: str, job, key: Hashable, compute: Callable[[], T]) -> T:
    """Like `shared`, for the heavier results a page computes from a run's corpus or one step's weights (corpus
    statistics, every training batch, a map of 300 encoded sentences): a student opening the page gets the
    class's copy instead of a second of work, and the live parts' turnover never evicts them."""
    return _ANALYSES.get_or_compute((name, id(job), key), compute)


def corpus_key(view: ModelView, *args) -> tuple:
    """The `shared_analysis` key of a result that depends on a model view's run and corpus only (not its step)."""
    return view.run_id, id(view.split), *args


def class_size() -> int:
    """How many tabs refreshed within the last ACTIVE_S seconds (this one included)."""
    now = time.monotonic()
    with _lock:
        for token in [t for t, at in _seen.items() if now - at > ACTIVE_S]:
            del _seen[token]
        return len(_seen)


def note_tab(presenter: bool, in_fragment: bool) -> None:
    """Count this tab; at a full run, decide whether it refreshes at the watchers' slower rate.

    A fragment's interval is fixed when the page runs, so a tab keeps its rate until its next full run (a
    click, another page). It is never forced to rerun for it: that made every tab open before a class grew
    past BIG_CLASS rerun its whole page while the rest of the class was still arriving, and each of them
    then showed the same training step for several seconds.
    """
    token = st.session_state.setdefault("live_tab", uuid.uuid4().hex)
    with _lock:
        _seen[token] = time.monotonic()
    if in_fragment:
        return
    was, size = st.session_state.get("live_watcher", False), class_size()
    st.session_state.live_watcher = not presenter and (size > BIG_CLASS or (was and size >= SMALL_AGAIN))


def refresh_s(fast: float, slow: float, freezable: bool = True) -> float | None:
    """A live part's interval for this tab: `fast` for the presenter and small classes, `slow` for watchers;
    None (no timer at all) while this tab has frozen its live updates, unless the part is not `freezable`."""
    if freezable and frozen():
        return None
    return slow if st.session_state.get("live_watcher", False) else fast
