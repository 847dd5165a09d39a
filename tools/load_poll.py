"""The class poll under load, for `tools/load.py --poll K`: a teacher tab opens a poll, every student tab votes.

The teacher (the first tab, on Home; it enters the control token from S2S_CONTROL_TOKEN when the server
was started with one) types a question with K choices into the sidebar's poll panel and opens it once
every student has loaded its page. Each student, on whatever page it is, sees the ballot in its poll banner (a
fragment the browser re-runs on the server's interval), thinks for a random time of up to --think
seconds, votes choice (its number mod K) and waits for its banner to confirm the vote. When the voting
window is over the teacher reveals, and the class histogram's counts are read from the revealed figure:
every vote must be counted exactly once.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import time
from dataclasses import dataclass, field

from load_viewer import Tab, Tally
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

BALLOT = re.compile(r"-poll_vote_\d+_(\d+)$")  # a ballot button's widget id ends with its key: poll, choice
CONFIRMED = "Your vote is in: **"
COUNT = re.compile(r"\((\d+)\)$")  # a histogram bar's text: "25% (3)"
PANEL = ("token_input", "poll_question", "poll_choices", "poll_open_free", "poll_reveal")  # the teacher's widgets


@dataclass
class PollTally:
    """ what the poll's tabs saw, merged """

    choices: int
    opened_at: float | None = None  # when the teacher sent the request that opens the poll
    votes_sent: int = 0
    confirmed: list = field(default_factory=list)  # per vote: seconds from the poll opening to its confirmation
    vote_latency: list = field(default_factory=list)  # per vote: seconds from sending it to the server's answer
    counts: list | None = None  # the revealed histogram's counts, per choice

    def expected(self, n_students: int) -> list[int]:
        return [len(range(i, n_students, self.choices)) for i in range(self.choices)]


class PollTab(Tab):
    """ a tab that remembers which fragment drew each element, and sends requests of its own """

    def __init__(self, page: str, tally: Tally, poll: PollTally):
        super().__init__(page, tally, None, math.inf, [0])
        self.poll = poll
        self.fragment = ""  # the fragment that drew the element being read ("" outside any)

    def _receive(self, msg) -> None:
        if msg.WhichOneof("type") == "delta":
            self.fragment = msg.delta.fragment_id
        super()._receive(msg)

    def _own(self, now: float) -> tuple[str, bytes] | None:
        """The request of this tab's own that is due now, if any."""
        return None

    def _own_at(self) -> float:
        """When this tab's next own request falls due (inf when none is planned)."""
        return math.inf

    def _wake_at(self) -> float:
        return min(super()._wake_at(), self._own_at())

    async def _send_due(self, ws, now: float) -> bool:
        own = self._own(now)
        if own is None:
            return await super()._send_due(ws, now)
        self.pending = (own[0], now)
        await ws.send(own[1])
        return True

    def _finished(self, status) -> None:
        if self.pending and self.pending[0] not in ("load", "fragment", "interact"):
            kind, sent = self.pending
            self.pending = None
            self._answered(kind, time.monotonic() - sent)
            return
        super()._finished(status)

    def _answered(self, kind: str, seconds: float) -> None:
        """A request of this tab's own was answered."""

    def rerun(self, widgets: list[WidgetState], fragment_id: str = "") -> bytes:
        """A run of this tab's page (or of one fragment) with changed widgets, as a click or a pick sends it."""
        msg = BackMsg()
        state = msg.rerun_script
        state.page_name, state.query_string = ("" if self.page == "home" else self.page), self.query
        if self.page_hash:
            state.page_script_hash = self.page_hash
        if fragment_id:
            state.fragment_id = fragment_id
        state.widget_states.widgets.extend(widgets)
        return msg.SerializeToString()


class Student(PollTab):
    """ votes `choice` once the ballot shows up, after thinking for up to `think` seconds """

    def __init__(self, page: str, tally: Tally, poll: PollTally, choice: int, think: float):
        super().__init__(page, tally, poll)
        self.choice, self.think = choice, think
        self.vote: tuple[float, bytes] | None = None  # (when, request) once the ballot was seen
        self.sent = self.done = False

    def _element(self, element, path: tuple) -> None:
        super()._element(element, path)
        kind = element.WhichOneof("type")
        ballot = BALLOT.search(element.button.id) if kind == "button" else None
        if ballot and int(ballot.group(1)) == self.choice and self.vote is None:
            click = WidgetState(id=element.button.id, trigger_value=True)
            self.vote = (time.monotonic() + random.uniform(0, self.think), self.rerun([click], self.fragment))
        elif kind == "markdown" and element.markdown.body.startswith(CONFIRMED) and not self.done:
            self.done = True
            if self.poll.opened_at is not None:
                self.poll.confirmed.append(time.monotonic() - self.poll.opened_at)

    def _own_at(self) -> float:
        return self.vote[0] if self.vote and not self.sent else math.inf

    def _own(self, now: float) -> tuple[str, bytes] | None:
        if now < self._own_at():
            return None
        self.sent = True
        return "vote", self.vote[1]

    def _answered(self, kind: str, seconds: float) -> None:
        self.poll.votes_sent += 1
        self.poll.vote_latency.append(seconds)


class Teacher(PollTab):
    """ logs in if needed, opens a free poll once every tab has loaded its page (and not before `open_at`),
    reveals it `window` seconds later, and reads the counts """

    def __init__(self, tally: Tally, poll: PollTally, window: float, n_tabs: int, token: str | None = None,
                 end_after: float | None = None):
        super().__init__("home", tally, poll)
        self.end_after = end_after  # seconds after reading the revealed counts at which every tab stops (None: never)
        self.open_at, self.window = math.inf, window  # load.py sets open_at once every student is connected
        self.n_tabs = n_tabs
        self.token = os.environ.get("S2S_CONTROL_TOKEN", "") if token is None else token
        self.ids: dict[str, tuple[str, str]] = {}  # panel key -> (widget id, fragment id)
        self.stage = "login" if self.token else "open"

    def _element(self, element, path: tuple) -> None:
        super()._element(element, path)
        kind = element.WhichOneof("type")
        widget_id = getattr(getattr(element, kind, None), "id", "")
        if widget_id.rsplit("-", 1)[-1] in PANEL:
            self.ids[widget_id.rsplit("-", 1)[-1]] = (widget_id, self.fragment)
        elif kind == "plotly_chart" and "poll_fig" in widget_id and self.stage == "revealing":  # not an old poll's
            bars = json.loads(element.plotly_chart.spec)["data"][0]["text"]
            self.poll.counts = [int(COUNT.search(text).group(1)) for text in bars]
            if self.end_after is not None:
                self.tally.until = min(self.tally.until, time.monotonic() + self.end_after)

    def _own_at(self) -> float:
        if self.stage == "login" and "token_input" in self.ids:
            return 0.0
        ready = len(self.tally.latencies["load"]) >= self.n_tabs  # a busy server may take a while per page
        if self.stage == "open" and ready and {"poll_question", "poll_choices", "poll_open_free"} <= set(self.ids):
            return self.open_at
        if self.stage == "voting" and "poll_reveal" in self.ids:
            return self.poll.opened_at + self.window
        return math.inf

    def _own(self, now: float) -> tuple[str, bytes] | None:
        if now < self._own_at():
            return None
        if self.stage == "login":
            self.stage = "logging in"
            return "login", self.rerun([WidgetState(id=self.ids["token_input"][0], string_value=self.token)])
        if self.stage == "open":
            self.stage, self.poll.opened_at = "opening", now  # it opens as the server takes the click
            text = "\n".join(f"choice {i}" for i in range(self.poll.choices))
            return "open", self.rerun([WidgetState(id=self.ids["poll_question"][0], string_value="Pick your number"),
                                       WidgetState(id=self.ids["poll_choices"][0], string_value=text),
                                       WidgetState(id=self.ids["poll_open_free"][0], trigger_value=True)])
        self.stage = "revealing"
        widget_id, fragment_id = self.ids["poll_reveal"]
        return "reveal", self.rerun([WidgetState(id=widget_id, trigger_value=True)], fragment_id)

    def _answered(self, kind: str, seconds: float) -> None:
        if kind == "login":
            self.stage = "open"
        elif kind == "open":
            self.stage = "voting"


def poll_report(poll: PollTally, n_students: int) -> dict:
    """The poll's part of the JSON line: votes sent and confirmed, how fast, and the revealed counts."""
    def q(values, p):
        return round(sorted(values)[min(len(values) - 1, int(p * len(values)))], 3) if values else None

    expected = poll.expected(n_students)
    return {"poll_students": n_students, "poll_votes_sent": poll.votes_sent, "poll_confirmed": len(poll.confirmed),
            "poll_all_confirmed_s": q(poll.confirmed, 1.0) if len(poll.confirmed) == n_students else None,
            "poll_vote_p50_s": q(poll.vote_latency, 0.5), "poll_vote_p95_s": q(poll.vote_latency, 0.95),
            "poll_vote_max_s": q(poll.vote_latency, 1.0), "poll_counts": poll.counts, "poll_expected": expected,
            "poll_counted_once": poll.counts == expected}
