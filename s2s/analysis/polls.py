"""The questions a teacher can put to the whole class, each with the live model's own answer.

A class poll asks what the model will do ("which word comes next after *je*?", "from which sentence
length on does it fail?") or any question the teacher types. The model's answer is computed when the
poll opens, from the model the teacher is looking at, and stays hidden until the teacher reveals it.
Everything here is plain data, so the poll state (`s2s.live.poll`), the figures and the tests share it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from s2s.analysis.bottleneck import MIN_PAIRS, LengthQuality
from s2s.analysis.predict import shuffled
from s2s.decode import DecodeStep
from s2s.errors import S2SError

NEXT_WORD, LENGTH, FREE = "next word", "sentence length", "free"
MIN_CHOICES, MAX_CHOICES = 2, 6
MAX_QUESTION_CHARS, MAX_CHOICE_CHARS = 300, 80
FAIL_BELOW = 0.5  # a length group "fails" when fewer than half of its sentences come out exactly right
NO_FAILURE = "none of them"


@dataclass(frozen=True)
class PollQuestion:
    """ one poll's question and choices, with the model's answer (hidden from the class until revealed) """

    kind: str  # NEXT_WORD, LENGTH or FREE
    question: str
    choices: tuple[str, ...]
    step: int  # training step of the model that answered (the job's step when the question is free)
    answer: int | None = None  # index of the model's answer among the choices; None for a free question
    values: tuple[float, ...] = ()  # per choice, the model's number behind its answer ([] for free questions)
    value_name: str = ""  # what `values` are, e.g. "model's probability"

    @property
    def answer_label(self) -> str:
        return "" if self.answer is None else self.choices[self.answer]


def free_question(question: str, choices: list[str], step: int) -> PollQuestion:
    """A teacher's own question; blank choices are dropped, and S2SError says what is wrong with the rest."""
    question = " ".join((question or "").split())
    choices = [" ".join(c.split()) for c in choices if c and c.strip()]
    if not question:
        raise S2SError("type the question first")
    if len(question) > MAX_QUESTION_CHARS:
        raise S2SError(f"the question is longer than {MAX_QUESTION_CHARS} characters")
    check_choices(choices)
    return PollQuestion(FREE, question, tuple(choices), step)


def check_choices(choices: list[str]) -> None:
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        raise S2SError(f"a poll needs {MIN_CHOICES} to {MAX_CHOICES} choices (one per line), not {len(choices)}")
    if len(set(choices)) != len(choices):
        raise S2SError("two choices are the same")
    if any(len(c) > MAX_CHOICE_CHARS for c in choices):
        raise S2SError(f"a choice is longer than {MAX_CHOICE_CHARS} characters")


def next_word_question(step: DecodeStep, sentence: str, model_step: int, seed: str) -> PollQuestion:
    """"What will the model write next?" with the step's top candidates (at most six), shuffled.

    The answer is the word greedy decoding writes (the top candidate); the values are the model's
    probabilities of each choice, so the class's histogram can stand beside the model's own.
    """
    ranked = list(zip(step.topk_tokens, step.topk_probs))[:MAX_CHOICES]
    if len(ranked) < MIN_CHOICES:
        raise S2SError("the model has fewer than two candidate words here")
    order = shuffled(ranked, seed)
    after = "as its first word" if step.index == 0 else f"after “{step.input_token}”"
    question = f"Translating “{sentence}”, what will the model write next, {after}?"
    choices = tuple(word for word, _ in order)
    return PollQuestion(NEXT_WORD, question, choices, model_step, choices.index(step.topk_tokens[0]),
                        tuple(p for _, p in order), "model's probability")


def length_question(q: LengthQuality) -> PollQuestion:
    """"From which sentence length on will the model fail?", answered by exact match per length group.

    A group fails when fewer than `FAIL_BELOW` of its held-out sentences are translated exactly; the
    answer is the shortest such group, or "none of them". Groups with too few pairs are left out.
    """
    groups = [b for b in q.groups if q.by_length[b]["pairs"] >= MIN_PAIRS]
    if len(groups) < MIN_CHOICES:
        raise S2SError("there are too few held-out sentences in different length groups to ask about")
    exact = [q.by_length[b]["exact_match"] for b in groups]
    failing = next((i for i, e in enumerate(exact) if e < FAIL_BELOW), None)
    choices = tuple(f"{b.replace('-', '–')} words" for b in groups) + (NO_FAILURE,)
    question = (f"From which English sentence length on will the model get fewer than {FAIL_BELOW:.0%} of "
                "held-out sentences exactly right?")
    return PollQuestion(LENGTH, question, choices, q.step, len(groups) if failing is None else failing,
                        tuple(exact) + (math.nan,), "exact match")
