"""The live-loss sentence says what the recent teacher-forced and free-running losses show, never a fixed claim."""

import math

import pytest

from s2s.analysis.live_loss import mode_loss_sentence

NAN = math.nan


@pytest.mark.parametrize("teacher, free, sentence", [
    (1.2, 2.5, "Right now free-running steps have the higher loss (2.500 for free-running steps against 1.200 for "
               "teacher-forced ones): once the model writes a wrong word it reads it back, and the words after it "
               "get harder too."),
    (2.5, 1.2, "Right now teacher-forced steps have the higher loss (1.200 for free-running steps against 2.500 for "
               "teacher-forced ones)."),
    (2.0, 2.1, "Right now the two kinds of step have about the same loss (2.100 for free-running steps against "
               "2.000 for teacher-forced ones)."),
    (1.0, NAN, "Lately every step was teacher-forced, so there is nothing to compare yet."),
    (NAN, 1.0, "Lately every step was free-running, so there is nothing to compare yet."),
    (NAN, NAN, "No training steps have been recorded yet."),
])
def test_mode_loss_sentence(teacher, free, sentence):
    assert mode_loss_sentence(teacher, free) == sentence
