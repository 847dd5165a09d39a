"""The class poll's rules, enforced by the shared board whatever the pages draw: one vote per session,
changeable until the poll closes; closed, unknown, malformed and late votes ignored; answers hidden until
revealed; timeouts; the history; voter tokens on reconnection; many threads voting at once."""

import threading

import pytest

from s2s.analysis.polls import NEXT_WORD, PollQuestion
from s2s.errors import S2SError
from s2s.live.poll import CLOSED, MAX_PAST, OPEN, PollBoard

QUESTION = PollQuestion(NEXT_WORD, "What next after “je”?", ("suis", "t", "ai"), step=40, answer=1,
                        values=(0.2, 0.7, 0.1), value_name="model's probability")
A, B, C = "a" * 22, "b" * 22, "c" * 22  # voter tokens as sessions make them


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_one_vote_per_token_that_may_change_until_closed():
    board = PollBoard()
    pid = board.open(QUESTION)
    assert board.vote(pid, A, 0) and board.vote(pid, B, 1)
    assert not board.vote(pid, A, 0)  # the same vote again: nothing to change
    assert board.vote(pid, A, 2)  # a change of mind replaces the vote
    state = board.current(A)
    assert state.n_votes == 2 and state.my_vote == 2
    assert board.current(B).my_vote == 1 and board.current(C).my_vote is None
    assert board.close(pid) and not board.vote(pid, A, 1) and not board.vote(pid, C, 0)  # late votes
    assert board.reveal(pid)
    assert board.current().counts == (0, 1, 1)


@pytest.mark.parametrize("token, choice", [(A, 3), (A, -1), (A, "1"), (A, 1.0), (A, True), (A, None),
                                           ("short", 0), ("a b" * 10, 0), (None, 0), ("x" * 65, 0)])
def test_forged_votes_change_nothing(token, choice):
    board = PollBoard()
    pid = board.open(QUESTION)
    version = board.version
    assert not board.vote(pid, token, choice)
    assert not board.vote(pid + 1, A, 0)  # a poll that does not exist
    assert board.current().n_votes == 0 and board.version == version


def test_the_answer_and_counts_stay_hidden_from_everyone_until_revealed():
    board = PollBoard()
    pid = board.open(QUESTION)
    board.vote(pid, A, 1)
    hidden = board.current(A)
    assert hidden.counts is None and hidden.question.answer is None and hidden.question.values == ()
    assert hidden.question.choices == QUESTION.choices and hidden.n_votes == 1
    assert board.reveal(pid) and not board.reveal(pid)
    shown = board.current(A)
    assert shown.revealed and shown.status == CLOSED and shown.counts == (0, 1, 0)
    assert shown.question == QUESTION and shown.question.answer_label == "t"
    assert not board.vote(pid, B, 1)  # the answer is out: voting has ended


def test_at_most_one_open_poll_and_a_closed_one_can_be_replaced():
    board = PollBoard()
    first = board.open(QUESTION)
    with pytest.raises(S2SError, match="already open"):
        board.open(QUESTION)
    board.close(first)
    second = board.open(QUESTION)
    assert second != first and board.current().id == second and board.current().status == OPEN
    assert not board.vote(first, A, 0) and not board.reveal(first) and not board.close(first)


def test_a_poll_closes_itself_when_its_time_runs_out():
    clock = Clock()
    board = PollBoard(clock)
    pid = board.open(QUESTION, timeout_s=30)
    clock.now += 29.9
    assert board.vote(pid, A, 0)
    clock.now += 0.1
    assert not board.vote(pid, B, 0) and board.current().status == CLOSED and board.current().n_votes == 1
    assert board.history()[-1].ended == "time ran out"
    for bad in (0, -5, 3601):
        with pytest.raises(S2SError):
            PollBoard().open(QUESTION, timeout_s=bad)


def test_history_keeps_every_poll_with_its_counts_and_answer():
    board = PollBoard()
    pid = board.open(QUESTION)
    board.vote(pid, A, 1)
    board.vote(pid, B, 1)
    board.reveal(pid)
    board.dismiss(pid)
    assert board.current() is None
    pid2 = board.open(QUESTION)
    board.vote(pid2, C, 0)
    records = board.history()
    assert [r.id for r in records] == [pid, pid2]
    assert records[0].counts == (0, 2, 0) and records[0].ended == "revealed" and records[0].question == QUESTION
    assert records[1].counts == (1, 0, 0) and records[1].ended == OPEN
    for _ in range(MAX_PAST + 5):
        board.dismiss(board.current().id)
        board.open(QUESTION)
    assert len(board.history()) == MAX_PAST + 1  # the bounded past plus the poll on screen


def test_a_token_is_claimed_back_on_reconnection_but_not_from_a_live_session():
    board = PollBoard()
    alive = {"s1"}
    assert board.claim(A, "s1", alive.__contains__)
    assert board.claim(A, "s1", alive.__contains__)  # the same session again
    assert not board.claim(A, "s2", alive.__contains__)  # someone else's link, while they are connected
    alive.clear()  # s1's browser disconnected; it comes back as a new session with the URL's token
    assert board.claim(A, "s3", alive.__contains__)


def test_sixty_threads_voting_at_once_are_each_counted_exactly_once():
    board = PollBoard()
    pid = board.open(QUESTION)
    tokens = [f"voter-{i:04d}-" + "x" * 12 for i in range(60)]
    start = threading.Barrier(60)

    def student(i):
        start.wait()
        for choice in (0, i % 3, i % 3):  # a first vote, a change of mind, a repeat
            board.vote(pid, tokens[i], choice)

    threads = [threading.Thread(target=student, args=(i,)) for i in range(60)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    board.reveal(pid)
    assert board.current().counts == (20, 20, 20) and board.current().n_votes == 60
