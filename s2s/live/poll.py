"""The class poll: one question open to every connected session at a time, votes counted server-side.

The teacher opens a poll, every session sees it and votes (and may change its vote) until the teacher
closes it, reveals the answer, or the chosen time runs out. Votes are keyed by an opaque random token
each browser session makes for itself, so nothing personal is ever stored. Every rule is enforced here,
not in the drawing: a vote for a closed or unknown poll, for a choice that does not exist, or from a
malformed token changes nothing, and one token holds at most one vote. The board is shared by all the
server's sessions (threads), so every method takes one lock; reading costs a lock and a small copy.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Callable

from s2s.analysis.polls import PollQuestion
from s2s.errors import S2SError

OPEN, CLOSED = "open", "closed"
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")  # what a session's voter token looks like
MAX_TIMEOUT_S = 3600.0
MAX_PAST = 100  # finished polls kept for the CSV download
MAX_TOKENS = 10_000  # voter tokens remembered for reconnection (the least recently used are forgotten)


@dataclass(frozen=True)
class PollState:
    """ what one session may see of the current poll: counts and the answer only once revealed """

    id: int
    question: PollQuestion  # without the model's answer and numbers until revealed
    status: str  # OPEN or CLOSED
    revealed: bool
    n_votes: int
    counts: tuple[int, ...] | None  # votes per choice, None until revealed
    my_vote: int | None  # this session's vote, if any
    closes_at: float | None  # monotonic time when voting ends by itself, None without a limit

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


@dataclass(frozen=True)
class PollRecord:
    """ a finished or current poll as it goes into the CSV: question, final counts, how it ended """

    id: int
    question: PollQuestion
    counts: tuple[int, ...]
    ended: str  # "open", "closed by the teacher", "time ran out", "revealed"


@dataclass
class _Poll:
    id: int
    question: PollQuestion
    closes_at: float | None
    votes: dict[str, int] = field(default_factory=dict)  # voter token -> choice index
    status: str = OPEN
    revealed: bool = False
    ended: str = OPEN

    def counts(self) -> tuple[int, ...]:
        counts = [0] * len(self.question.choices)
        for choice in self.votes.values():
            counts[choice] += 1
        return tuple(counts)


class PollBoard:
    """ the server's one class poll and its finished predecessors, safe to use from any thread """

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._current: _Poll | None = None
        self._past: deque[PollRecord] = deque(maxlen=MAX_PAST)
        self._next_id = 1
        self._owners: dict[str, str] = {}  # voter token -> the session that holds it (see `claim`)
        self.version = 0  # increases with every change, so a reader can tell whether anything happened

    # ---- the teacher --------------------------------------------------------------------------------------
    def open(self, question: PollQuestion, timeout_s: float | None = None) -> int:
        """Open a poll for everyone; S2SError while another one still takes votes. Returns its id."""
        if timeout_s is not None and not 0 < timeout_s <= MAX_TIMEOUT_S:
            raise S2SError(f"a poll's time limit must be between 1 second and {MAX_TIMEOUT_S / 60:.0f} minutes")
        with self._lock:
            self._expire()
            if self._current is not None and self._current.status == OPEN:
                raise S2SError("a poll is already open: close it before opening another")
            self._archive()
            closes_at = None if timeout_s is None else self._clock() + timeout_s
            self._current = _Poll(self._next_id, question, closes_at)
            self._next_id += 1
            self.version += 1
            return self._current.id

    def close(self, poll_id: int) -> bool:
        """Stop taking votes (the counts stay hidden until `reveal`)."""
        with self._lock:
            return self._end(poll_id, "closed by the teacher")

    def reveal(self, poll_id: int) -> bool:
        """Show everyone the counts and the model's answer; voting ends, since the answer is out."""
        with self._lock:
            poll = self._find(poll_id)
            if poll is None or poll.revealed:
                return False
            self._end(poll_id, "revealed")
            poll.revealed = True
            self.version += 1
            return True

    def dismiss(self, poll_id: int) -> bool:
        """Take the poll off everyone's screen (it stays in the history)."""
        with self._lock:
            if self._find(poll_id) is None:
                return False
            self._end(poll_id, "closed by the teacher")
            self._archive()
            self.version += 1
            return True

    # ---- every session ------------------------------------------------------------------------------------
    def vote(self, poll_id: int, token: str, choice: int) -> bool:
        """Record (or change) `token`'s vote; anything but an allowed vote on the open poll changes nothing."""
        if not (isinstance(token, str) and TOKEN.fullmatch(token)) or type(choice) is not int:
            return False
        with self._lock:
            self._expire()
            poll = self._current
            if poll is None or poll.id != poll_id or poll.status != OPEN:
                return False
            if not 0 <= choice < len(poll.question.choices) or poll.votes.get(token) == choice:
                return False
            poll.votes[token] = choice
            self.version += 1
            return True

    def current(self, token: str = "") -> PollState | None:
        """The poll on screen now, as `token`'s session may see it (None when there is none)."""
        with self._lock:
            self._expire()
            poll = self._current
            if poll is None:
                return None
            if poll.revealed:
                question, counts = poll.question, poll.counts()
            else:  # no session, the teacher's included, can show what it is not given
                question, counts = replace(poll.question, answer=None, values=()), None
            return PollState(poll.id, question, poll.status, poll.revealed, len(poll.votes), counts,
                             poll.votes.get(token), poll.closes_at)

    def history(self) -> list[PollRecord]:
        """Every poll of this server, oldest first, the one on screen last."""
        with self._lock:
            self._expire()
            now = [self._record(self._current)] if self._current else []
            return [*self._past, *now]

    def claim(self, token: str, session: str, alive: Callable[[str], bool]) -> bool:
        """Let `session` use `token` unless another session that is still connected holds it.

        A browser that reconnects (or reloads) brings its token back in the URL and keeps its vote; a
        link copied from someone else's address bar carries their token, which is still in use, so the
        newcomer must make its own instead of voting in their name.
        """
        with self._lock:
            owner = self._owners.get(token)
            if owner not in (None, session) and alive(owner):
                return False
            self._owners.pop(token, None)
            self._owners[token] = session  # (re)inserted last: the dict stays in order of use
            while len(self._owners) > MAX_TOKENS:
                del self._owners[next(iter(self._owners))]
            return True

    # ---- inside the lock -------------------------------------------------------------------------------------
    def _find(self, poll_id: int) -> _Poll | None:
        self._expire()
        poll = self._current
        return poll if poll is not None and poll.id == poll_id else None

    def _end(self, poll_id: int, why: str) -> bool:
        poll = self._find(poll_id)
        if poll is None or poll.status != OPEN:
            return False
        poll.status, poll.ended = CLOSED, why
        self.version += 1
        return True

    def _expire(self) -> None:
        poll = self._current
        if poll is not None and poll.status == OPEN and poll.closes_at is not None and self._clock() >= poll.closes_at:
            poll.status, poll.ended = CLOSED, "time ran out"
            self.version += 1

    def _archive(self) -> None:
        if self._current is not None:
            self._past.append(self._record(self._current))
            self._current = None

    @staticmethod
    def _record(poll: _Poll) -> PollRecord:
        return PollRecord(poll.id, poll.question, poll.counts(), poll.ended)
