"""Sentences about the live training loss, written from the numbers of the job's history.

A page must not state "free-running steps have a higher loss" as a fact: it depends on the run and the
moment (with ratio 1 there are no free-running steps at all). These functions say what the numbers show.
"""

from __future__ import annotations

import math

CLEAR_RATIO = 1.1  # one mean loss must exceed the other by 10% to be called higher


def mode_loss_sentence(teacher_loss: float, free_loss: float) -> str:
    """Compare the recent mean loss of teacher-forced and free-running steps (NaN: no such steps lately)."""
    if math.isnan(teacher_loss) and math.isnan(free_loss):
        return "No training steps have been recorded yet."
    if math.isnan(teacher_loss) or math.isnan(free_loss):
        only = "free-running" if math.isnan(teacher_loss) else "teacher-forced"
        return f"Lately every step was {only}, so there is nothing to compare yet."
    numbers = f"{free_loss:.3f} for free-running steps against {teacher_loss:.3f} for teacher-forced ones"
    if free_loss > CLEAR_RATIO * teacher_loss:
        return (f"Right now free-running steps have the higher loss ({numbers}): once the model writes a wrong word "
                "it reads it back, and the words after it get harder too.")
    if teacher_loss > CLEAR_RATIO * free_loss:
        return f"Right now teacher-forced steps have the higher loss ({numbers})."
    return f"Right now the two kinds of step have about the same loss ({numbers})."
