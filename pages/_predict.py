"""Predict first: a student commits a guess before the page shows what the live model does.

People learn more from an answer they made a guess about first. With "Predict first" on, a page asks
its question, hides the answer (the page draws nothing below the question) until the guess is locked
in, and only then computes the model's answer and shows it beside the guess. The guess goes into
`st.session_state` in the button's callback, which computes the model's answer only after storing it.
Each session keeps a small tally ("4 of 6 right"). The mode is one switch shared by every page (and
the guided tour turns it on at the stops with a question).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable, Sequence

import streamlit as st

from pages._markdown import md_escape
from pages._memo import kept_toggle

PREDICT_MODE = "predict_mode"  # session key of the shared switch
KEEP = 300  # guesses a session remembers (the oldest are forgotten, so a long lesson stays small)


@dataclass(frozen=True)
class Reveal:
    """ the model's answer as a page words it, and whether the guess matched it """

    correct: bool
    text: str  # Markdown, model words already escaped


@dataclass(frozen=True)
class Ask:
    """ how a question is answered: a pick among choices, optionally a typed word, or a slider """

    choices: Sequence = ()
    label: Callable[[object], str] = str  # how a choice is shown
    typed: Callable[[str], tuple[str | None, str]] | None = None  # text -> (guess, "") or (None, why not)
    slider: tuple[float, float, float] | None = None  # (low, high, step)


def set_predict_mode(on: bool) -> None:
    st.session_state[PREDICT_MODE] = on


def _remember(store: dict, key: str, value) -> None:
    """Add to a session's store, forgetting the oldest entries beyond KEEP."""
    store.setdefault(key, value)
    while len(store) > KEEP:
        store.pop(next(iter(store)))


def _question_id(name: str, context: tuple) -> str:
    return f"{name}_{hashlib.sha1(repr(context).encode()).hexdigest()[:12]}"


def _store(name: str) -> dict:
    return st.session_state.setdefault(name, {})


def _commit(qid: str, ask: Ask, grade: Callable[[object], Reveal]) -> None:
    """Store the guess from the widgets (or say what is missing), and only then compute the model's answer."""
    error, guess = "", None
    typed = (st.session_state.get(f"{qid}_typed") or "").strip()
    if ask.slider:
        guess = st.session_state.get(f"{qid}_slider")
    elif typed and ask.typed:
        guess, error = ask.typed(typed)
    elif st.session_state.get(f"{qid}_pick") is not None:
        guess = ask.choices[st.session_state[f"{qid}_pick"]]
    else:
        error = "Pick an answer first."
    st.session_state[f"{qid}_error"] = error
    if error:
        return
    _remember(_store("predict_guesses"), qid, guess)  # 1) the guess is stored
    reveal = grade(guess)  # 2) then the model's answer is computed
    _remember(_store("predict_reveals"), qid, reveal)
    _remember(_store("predict_tally"), qid, reveal.correct)


def _ask_ui(qid: str, ask: Ask, grade: Callable[[object], Reveal]) -> None:
    if ask.slider:
        low, high, step = ask.slider
        st.slider("Your guess", low, high, (low + high) / 2, step, key=f"{qid}_slider")
    else:
        st.radio("Your guess", range(len(ask.choices)), index=None, key=f"{qid}_pick", horizontal=True,
                 format_func=lambda i: ask.label(ask.choices[i]))
    if ask.typed:
        st.text_input("…or type a word", key=f"{qid}_typed", max_chars=60)
    st.button("Lock in my guess", key=f"{qid}_commit", type="primary", on_click=_commit, args=(qid, ask, grade))
    if st.session_state.get(f"{qid}_error"):
        st.warning(md_escape(st.session_state[f"{qid}_error"]))


def _tally_line() -> str:
    tally = st.session_state.get("predict_tally", {})
    right = sum(tally.values())
    return f"Your predictions so far: **{right} of {len(tally)}** right." if tally else ""


def predict_switch() -> bool:
    """The "Predict first" switch (once per page); True while the mode is on."""
    return kept_toggle("Predict first", "predict_toggle", PREDICT_MODE,
                       help="Hide each answer until you have locked in a guess, then compare it with the model's")


def predict_first(name: str, context: tuple, question: str, grade: Callable[[object], Reveal], ask: Ask,
                  switch: bool = True) -> bool:
    """The page's question; True when the page may draw its answer (mode off, or a guess is locked in).

    `context` names what the question is about (the model's run and step, the sentence, the step...), so
    a new sentence or model asks again; `grade(guess)` computes the model's answer once the guess is stored.
    A page with a second question passes `switch=False` for it, so the page has one switch.
    """
    if not (predict_switch() if switch else st.session_state.get(PREDICT_MODE)):
        return True
    qid = _question_id(name, context)
    with st.container(border=True, key=f"predict_{name}"):
        st.markdown(f":material/psychology: **Predict first:** {question}")
        reveal = _store("predict_reveals").get(qid)
        if reveal is None:
            _ask_ui(qid, ask, grade)
            st.caption("The model's answer appears once you have locked in a guess. " + _tally_line())
            return False
        with st.container(key=f"predict_{name}_reveal"):
            st.markdown(("✅ **Right!** " if reveal.correct else "❌ **Not this time.** ") + reveal.text)
        st.caption(_tally_line())
    return True
