"""The revealed poll's figure and the poll history's CSV table, from hand-made polls (no browser)."""

import io
import math
from types import SimpleNamespace

import pandas as pd
import pytest

from s2s.analysis.polls import FREE, LENGTH, NEXT_WORD, PollQuestion
from s2s.figures.exports import poll_history, to_csv
from s2s.figures.poll import ANSWER_COLOUR, poll_figure

NEXT = PollQuestion(NEXT_WORD, "What next after “je”?", ("suis", "t", "ai"), step=40, answer=1,
                    values=(0.2, 0.7, 0.1), value_name="model's probability")


def test_class_votes_beside_the_models_probabilities_with_the_answer_highlighted():
    fig = poll_figure(NEXT, (1, 3, 0)).to_dict()
    votes, model = fig["data"]
    assert [y.strip() for y in votes["y"]] == ["suis", "t", "ai"] == [y.strip() for y in model["y"]]
    assert list(votes["x"]) == pytest.approx([25.0, 75.0, 0.0])
    assert list(votes["text"]) == ["25% (1)", "75% (3)", "0% (0)"]
    assert votes["textposition"] == "outside"  # never written over the answer's hatching
    assert fig["layout"]["xaxis"]["range"][1] >= 125  # and "100% (n)" still fits beside a full bar
    assert list(model["x"]) == pytest.approx([20.0, 70.0, 10.0])
    assert votes["marker"]["color"][1] == ANSWER_COLOUR == model["marker"]["color"][1]
    assert ANSWER_COLOUR not in (votes["marker"]["color"][0], model["marker"]["color"][2])
    titles = [a["text"] for a in fig["layout"]["annotations"]]
    assert titles == ["The class (4 votes)", "The model (model's probability)"]


def test_a_free_question_shows_only_the_class_and_no_votes_are_zero_bars():
    free = PollQuestion(FREE, "Which is harder?", ("short", "long"), step=3)
    fig = poll_figure(free, (0, 0)).to_dict()
    assert len(fig["data"]) == 1 and list(fig["data"][0]["x"]) == [0.0, 0.0]
    assert ANSWER_COLOUR not in fig["data"][0]["marker"]["color"]
    assert fig["layout"]["annotations"][0]["text"] == "The class (0 votes)"


def test_a_length_polls_none_choice_has_no_model_bar():
    length = PollQuestion(LENGTH, "From which length on?", ("1–5 words", "6–10 words", "none of them"), step=9,
                          answer=1, values=(0.9, 0.3, math.nan), value_name="exact match")
    model = poll_figure(length, (2, 1, 1)).to_dict()["data"][1]
    assert list(model["x"]) == pytest.approx([90.0, 30.0, 0.0]) and model["text"][2] == ""


def test_poll_history_is_one_row_per_choice_with_the_models_answer_and_step():
    free = PollQuestion(FREE, "Which is harder?", ("short", "long"), step=3)
    records = [SimpleNamespace(id=1, question=NEXT, counts=(1, 3, 0), ended="revealed"),
               SimpleNamespace(id=2, question=free, counts=(4, 5), ended="closed by the teacher")]
    table = pd.read_csv(io.BytesIO(to_csv(poll_history(records))), encoding="utf-8-sig")
    assert list(table["poll"]) == [1, 1, 1, 2, 2] and list(table["votes"]) == [1, 3, 0, 4, 5]
    assert list(table["choice"]) == ["suis", "t", "ai", "short", "long"]
    assert list(table["is_model_answer"]) == [False, True, False, False, False]
    assert list(table["model_answer"].fillna("")) == ["t"] * 3 + [""] * 2
    assert list(table["model_value"][:3]) == pytest.approx([0.2, 0.7, 0.1]) and table["model_value"][3:].isna().all()
    assert list(table["step"]) == [40] * 3 + [3] * 2 and table["question"][0] == "What next after “je”?"
    assert list(poll_history([]).columns)[:5] == ["poll", "question", "kind", "choice", "votes"]
