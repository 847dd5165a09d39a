"""The one session memo of the pages: results a session reuses across reruns, bounded in size.

Streamlit reruns the page script on every click, and some results that belong to one session (the earlier
model this user picked on the timeline, results computed when this user pressed a button) take long enough
to notice. They depend only on the run, the training step and a few arguments, so each session keeps them
under those keys. Every name keeps at most its `keep` most recently used results, and names are constants in
the code, so a session's memo cannot grow however long it runs. Work that every session would repeat (corpus
statistics, every training batch, a map of 300 encoded sentences) is computed once for the class instead:
`shared_analysis` and `shared` in `pages/_live.py`, `st.cache_resource`, or the analysis layer's own cache.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

import streamlit as st

T = TypeVar("T")


class SessionMemo:
    """ per name, the `keep` most recently used results, keyed by what they were computed from """

    def __init__(self) -> None:
        self._slots: dict[str, OrderedDict] = {}

    def get(self, name: str, key: Hashable, compute: Callable[[], T], keep: int = 1) -> T:
        """The stored result for (name, key), or `compute()`'s, stored; an exception stores nothing."""
        slot = self._slots.get(name, {})
        if key in slot:
            slot.move_to_end(key)
            return slot[key]
        return self.put(name, key, compute(), keep)

    def put(self, name: str, key: Hashable, value: T, keep: int = 1) -> T:
        """Store `value` for (name, key), replacing what was there; the name keeps its `keep` newest keys."""
        slot = self._slots.setdefault(name, OrderedDict())
        slot[key] = value
        slot.move_to_end(key)
        while len(slot) > keep:
            slot.popitem(last=False)  # the least recently used
        return value

    def peek(self, name: str, key: Hashable):
        """The stored result for (name, key), or None: for results computed only when the user asks."""
        return self._slots.get(name, {}).get(key)

    def __len__(self) -> int:
        return sum(len(slot) for slot in self._slots.values())


def _session_memo() -> SessionMemo:
    return st.session_state.setdefault("session_memo", SessionMemo())


def memo(name: str, compute: Callable[[], T], *, run_id: int, step: int | None = None, args: tuple = (),
         keep: int = 1) -> T:
    """`compute()` once per (name, run, step, args) in this session; `step=None` for what no step changes."""
    return _session_memo().get(name, (run_id, step, args), compute, keep)


def remember(name: str, value: T, *, run_id: int, step: int | None = None, args: tuple = ()) -> T:
    """Store a result computed only when the user asked for it (a button), replacing an earlier one."""
    return _session_memo().put(name, (run_id, step, args), value)


def recall(name: str, *, run_id: int, step: int | None = None, args: tuple = ()):
    """What `memo` or `remember` stored under these keys, or None."""
    return _session_memo().peek(name, (run_id, step, args))


def kept_toggle(label: str, key: str, kept: str, on_change: Callable[[], None] | None = None, **options) -> bool:
    """A toggle whose position belongs to the session, under `kept`, not to the widget under `key`: Streamlit
    forgets a widget's own value when another page opens, so each page's toggle starts where the session left
    it. `on_change` runs after the new position is kept. Returns the position. Not `persist_state="session"`:
    in Streamlit 1.67 a kept widget with an `on_change` callback showed its kept value after a page switch but
    returned its default to the script (seen in a two-page AppTest app), so a frozen tab drew live charts."""
    def changed() -> None:
        st.session_state[kept] = st.session_state[key]
        if on_change is not None:
            on_change()

    st.session_state[key] = bool(st.session_state.get(kept, False))
    st.toggle(label, key=key, on_change=changed, **options)
    return bool(st.session_state.get(kept, False))
