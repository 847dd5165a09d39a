"""A class arriving together pins one model copy: per-model work (held-out translations...) is done once."""

from types import SimpleNamespace

from s2s.live.arrivals import Arrivals


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def copies(run_id: int = 1):
    """A stand-in for job.inspect_model: a new copy at the next step on every call, counting the calls."""
    made = []

    def latest():
        made.append(SimpleNamespace(run_id=run_id, step=10 * (len(made) + 1)))
        return made[-1]
    return latest, made


def test_sessions_within_the_window_share_the_first_copy_then_a_newer_one_is_taken():
    clock, (latest, made) = Clock(), copies()
    arrivals = Arrivals(window_s=20, clock=clock)
    first = arrivals.view(1, latest)
    for dt in (0.5, 7.0, 19.9):  # sixty students over twenty seconds: one copy
        clock.now = 1000.0 + dt
        assert arrivals.view(1, latest) is first
    assert len(made) == 1
    clock.now = 1020.0  # the window has passed: the next arrival takes the newest copy, and shares it
    second = arrivals.view(1, latest)
    assert second is not first and second.step == 20 and arrivals.view(1, latest) is second and len(made) == 2


def test_a_new_run_is_never_answered_with_a_copy_of_the_old_one():
    clock = Clock()
    arrivals = Arrivals(window_s=20, clock=clock)
    old_latest, _ = copies(run_id=1)
    new_latest, made = copies(run_id=2)
    arrivals.view(1, old_latest)
    clock.now += 1.0
    assert arrivals.view(2, new_latest).run_id == 2 and len(made) == 1
