"""One simulated browser tab for tools/load.py, speaking Streamlit's websocket protocol.

A tab opens a page (a full script run), then re-runs each live fragment on the interval the server
announced in its `auto_rerun` messages, as the browser's timers do. Like a browser it keeps at most one
request in flight: a fragment that falls due while a run is in flight is sent when that run finishes.
An interacting tab also changes the shared sentence (or moves a slider) every few seconds, sending the
new widget value with a full rerun, and times how long its own page takes to answer.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STEP_TEXT = re.compile(r"step ([\d,]+) · epoch")  # the sidebar's live status line
SENTENCES = ("i love you", "she is tired", "we are happy", "he is not hungry", "the man is reading a book")
CONTROL_KEYS = ("tf_ratio", "lr_choice", "clip_choice")  # training settings: a load test never moves them
STUCK_S = 60.0  # a request unanswered this long is counted as an error and forgotten
DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


@dataclass
class Tally:
    """ what every tab of one load run saw, merged """

    until: float = 0.0  # monotonic time at which every tab stops
    connected: int = 0
    errors: int = 0
    exceptions: int = 0
    latencies: dict = field(default_factory=lambda: {"load": [], "fragment": [], "interact": []})
    steps: list = field(default_factory=list)  # (monotonic time, training step) seen in the sidebar
    step_gaps: list = field(default_factory=list)  # each tab's longest wait between two step advances
    advances: list = field(default_factory=list)  # each tab's times of seeing the step advance, then of its end
    interacting: int = 0
    first_text: dict = field(default_factory=dict)  # first error / exception message, to say what went wrong

    def error(self, kind: str, text: str) -> None:
        self.errors += 1
        self.first_text.setdefault(kind, text[:300])


def rerun_msg(page: str, page_hash: str, query: str, fragment_id: str = "", widget=None) -> bytes:
    """A BackMsg asking for a run of `page` (or of one fragment), optionally with one changed widget."""
    msg = BackMsg()
    state = msg.rerun_script
    state.page_name = "" if page == "home" else page  # Home is the default page, at the app's root URL
    state.query_string = query
    if page_hash:
        state.page_script_hash = page_hash
    if fragment_id:
        state.fragment_id, state.is_auto_rerun = fragment_id, True
    if widget is not None:
        state.widget_states.widgets.append(widget)
    return msg.SerializeToString()


class Tab:
    """ one viewer: a websocket session on one page """

    def __init__(self, page: str, tally: Tally, action: str | None, every: float, slots: list[int]):
        self.page, self.tally = page, tally
        self.action, self.every, self.slots = action, every, slots  # slots: interacting tabs still to assign
        self.page_hash = self.query = ""
        self.timers: dict[str, float] = {}  # fragment id -> interval the server asked for (s)
        self.due: dict[str, float] = {}  # fragment id -> when its next rerun is due
        self.announced: set[str] = set()  # fragments announced by the full run in flight
        self.pending: tuple[str, float] | None = None  # (kind, sent at) of the request in flight
        self.widget = None  # the proto of the widget this tab changes, once seen
        self.next_action = float("inf")
        self.values = itertools.cycle(SENTENCES)
        self.last_step: int | None = None
        self.last_advance = 0.0
        self.max_gap = 0.0
        self.advances: list[float] = []

    async def run(self, url: str) -> None:
        """Watch until the tally's end, then close; the waits for a new step end when the watching does.

        Not after the close: a busy server may take the websocket's whole close timeout (10 s) to answer the
        closing handshake, and counting that made a tab that saw every step look as if it waited 10 s for one.
        """
        ws_url = url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
        ended = None
        try:
            async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60) as ws:
                self.tally.connected += 1
                await self._send(ws, "load", rerun_msg(self.page, "", ""))
                await self._loop(ws)
                ended = time.monotonic()
        except (OSError, asyncio.TimeoutError, websockets.WebSocketException) as err:
            self.tally.error("error", repr(err))
        ended = ended or time.monotonic()
        if self.last_step is not None:  # the time since the last advance counts too
            self.tally.step_gaps.append(max(self.max_gap, ended - self.last_advance))
            self.tally.advances.append([*self.advances, ended])

    async def _loop(self, ws) -> None:
        while (now := time.monotonic()) < (until := self.tally.until):
            if self.pending and now - self.pending[1] > STUCK_S:
                self.tally.error("error", f"no answer to a {self.pending[0]} request within {STUCK_S:.0f} s")
                self.pending = None
            if self.pending is None and await self._send_due(ws, now):
                continue
            wake = until if self.pending else min(until, self._wake_at())
            try:
                raw = await asyncio.wait_for(ws.recv(), timeout=max(0.001, wake - now))
            except asyncio.TimeoutError:
                continue
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            self._receive(msg)

    def _wake_at(self) -> float:
        """When this tab next has something to send (its interaction or a fragment rerun)."""
        return min([self.next_action, *self.due.values()])

    async def _send_due(self, ws, now: float) -> bool:
        """Send the interaction or the fragment rerun that is due, if any; True when something was sent."""
        if now >= self.next_action:
            self.next_action = now + self.every
            await self._send(ws, "interact", rerun_msg(self.page, self.page_hash, self.query, widget=self._changed()))
            return True
        for fragment_id, at in self.due.items():
            if now >= at:
                self.due[fragment_id] = max(at + self.timers[fragment_id], now)
                await self._send(ws, "fragment", rerun_msg(self.page, self.page_hash, self.query, fragment_id))
                return True
        return False

    async def _send(self, ws, kind: str, payload: bytes) -> None:
        self.pending = (kind, time.monotonic())
        if kind != "fragment":
            self.announced = set()
        await ws.send(payload)

    def _changed(self):
        """The watched widget with a new value: the next sentence, or the slider one notch along."""
        widget = self.widget
        new = WidgetState(id=widget.id)
        if self.action == "sentence":
            new.string_value = next(self.values)
        else:
            value = widget.value[0] if widget.value else widget.default[0]
            new.double_array_value.data.append(widget.min if value + widget.step > widget.max else value + widget.step)
            widget.ClearField("value")
            widget.value.append(new.double_array_value.data[0])
        return new

    # ---- what the server sends ---------------------------------------------------------------------
    def _receive(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "auto_rerun":
            fragment_id, interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
            self.timers[fragment_id] = interval
            self.due.setdefault(fragment_id, time.monotonic() + interval)
            self.announced.add(fragment_id)
        elif kind == "navigation":
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_not_found":
            self.tally.error("error", f"the app has no page {self.page!r}")
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element, tuple(msg.metadata.delta_path))
        elif kind == "script_finished":
            self._finished(msg.script_finished)

    def _element(self, element, path: tuple) -> None:
        kind = element.WhichOneof("type")
        if kind == "markdown":
            found = STEP_TEXT.search(element.markdown.body)
            if found:
                self._saw_step(int(found.group(1).replace(",", "")))
        elif kind == "exception":
            self.tally.exceptions += 1
            self.tally.first_text.setdefault("exception", element.exception.message[:300])
        elif self.widget is None and path[:1] == (0,) and self._wanted(kind, element):
            self.widget = type(getattr(element, kind))()
            self.widget.CopyFrom(getattr(element, kind))

    def _wanted(self, kind: str, element) -> bool:
        if self.action == "sentence":
            return kind == "text_input" and element.text_input.id.endswith("-sentence")
        if self.action == "slider" and kind == "slider" and element.slider.data_type in (0, 1):  # int or float
            return not element.slider.id.endswith(CONTROL_KEYS) and len(element.slider.default) == 1
        return False

    def _saw_step(self, step: int) -> None:
        now = time.monotonic()
        self.tally.steps.append((now, step))
        if self.last_step is None or step != self.last_step:
            if self.last_step is not None:
                self.max_gap = max(self.max_gap, now - self.last_advance)
                self.advances.append(now)
            self.last_step, self.last_advance = step, now

    def _finished(self, status) -> None:
        if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN or self.pending is None:
            return
        kind, sent = self.pending
        self.pending = None
        if status not in DONE:
            self.tally.error("error", f"a {kind} run ended with status {status}")
            return
        self.tally.latencies[kind].append(time.monotonic() - sent)
        if kind == "load":  # a page's first run may take a while; count waits for the step from its end
            self.last_advance, self.max_gap = time.monotonic(), 0.0
        if kind != "fragment":  # a full run replaces the page's fragments: keep only those it announced
            self.timers = {f: self.timers[f] for f in self.announced}
            self.due = {f: at for f, at in self.due.items() if f in self.announced}
        if kind == "load" and self.action and self.widget is not None and self.slots[0] > 0:
            self.slots[0] -= 1
            self.tally.interacting += 1
            self.next_action = time.monotonic() + self.every
