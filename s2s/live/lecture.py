"""The lecture snapshot: one model that every page of every viewer inspects, until the teacher releases it.

Kept beside the job rather than inside it, so it works the same whether training runs in a thread, in a
child process or on another server (a follower): it pins a `ModelView`, a private copy of the weights.
"""

from __future__ import annotations

from s2s.view import ModelView


class LecturePin:
    """ the pinned model of a run, or nothing when the class follows the live model """

    def __init__(self) -> None:
        self._view: ModelView | None = None  # replaced whole, never mutated: readers need no lock

    def pin(self, view: ModelView) -> None:
        self._view = view

    def release(self) -> None:
        self._view = None

    def view(self, run_id: int) -> ModelView | None:
        """The pinned model if it belongs to run `run_id` (a new run is never shown through an old pin)."""
        view = self._view
        return view if view is not None and view.run_id == run_id else None
