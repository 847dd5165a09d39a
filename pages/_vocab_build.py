"""The Data & Vocabulary page's step-through of the vocabulary build: Prev / Next / Play over the first sentences.

The position (`dv_k`) and whether Play runs (`dv_playing`) live in the session; Play is a fragment whose
timer ticks only while playing. Play never starts by itself, and a viewer whose system asks for reduced motion
gets no Play at all: Prev / Next only.
"""

import pandas as pd
import streamlit as st

from pages._a11y import prefers_reduced_motion
from pages._markdown import md_escape, reading_markdown
from s2s.analysis import datastats as ds
from s2s.data import Pair
from s2s.figures.palette import CELL

N_BUILD_SENTENCES = 10  # the step-through replays the vocabulary build on this many training sentences
STATUS_COLOURS = {"new": CELL["new"], "seen again": CELL["seen"]}  # the status column says it in words too


def _move(delta: int, n_steps: int) -> None:
    st.session_state.dv_k = max(0, min(n_steps, st.session_state.dv_k + delta))


def _colour_rows(row) -> list[str]:
    return [f"background-color: {STATUS_COLOURS.get(row['status'], '')}"] * len(row)


def vocabulary_build_ui(train: list[Pair]) -> tuple[int, str]:
    """Section 2: the language choice and the step-through; returns (pair column, language name)."""
    st.header("2. Building the vocabulary, word by word")
    st.markdown("The builder reads the training sentences in order. Four ids are reserved first: `<PAD>` "
                "(filler), `<SOS>`/`<EOS>` (start and end of a French sentence) and `<UNK>` (any word it does not "
                "know). Each word it has **never seen** gets the next free id; a word it **already knows** keeps "
                f"its id and only its count grows. Step through the first {N_BUILD_SENTENCES} training sentences:")
    lang = st.radio("Language", ["English", "French"], horizontal=True, key="dv_lang",
                    on_change=lambda: st.session_state.update(dv_k=0, dv_playing=False))
    column = 0 if lang == "English" else 1
    st.session_state.setdefault("dv_k", 0)
    can_play = not prefers_reduced_motion()
    if not can_play:
        st.session_state.dv_playing = False
    playing = st.session_state.setdefault("dv_playing", False)
    step_through([p[column] for p in train[:N_BUILD_SENTENCES]], playing, can_play)
    return column, lang


def step_through(sentences: list[str], playing: bool, can_play: bool) -> None:
    """Prev/Next/Play over the build trace; the timer of Play is fixed when the full script runs."""
    st.fragment(_step_through_body, run_every=0.9 if playing else None)(sentences, playing, can_play)


def _step_through_body(sentences: list[str], timer_on: bool, can_play: bool) -> None:
    """One frame of the build; while playing, each tick advances one word and stops by itself at the end."""
    n_steps = ds.build_frame(sentences, 0).n_steps
    if st.session_state.dv_playing != timer_on:
        st.rerun()  # start or stop the timer: run_every is fixed by the full run
    if timer_on:
        _move(1, n_steps)
        if st.session_state.dv_k >= n_steps:
            st.session_state.dv_playing = False
            st.rerun()
    frame = ds.build_frame(sentences, st.session_state.dv_k)
    _buttons(frame, timer_on, can_play)
    left, right = st.columns([3, 2])
    with left:
        st.markdown(reading_markdown(sentences, frame.sentence_index, frame.position))
        _explain_word(frame)
    table = pd.DataFrame([vars(r) for r in frame.rows])
    right.dataframe(table.style.apply(_colour_rows, axis=1), hide_index=True, height=35 * (len(table) + 1) + 12,
                    key="dv_build_table")


def _buttons(frame: ds.BuildFrame, timer_on: bool, can_play: bool) -> None:
    n_steps = frame.n_steps
    b = st.columns([1, 1, 1, 1, 3])
    b[0].button("◀ Prev", key="dv_prev", on_click=_move, args=(-1, n_steps), disabled=timer_on or frame.k == 0)
    b[1].button("Next ▶", key="dv_next", on_click=_move, args=(1, n_steps), disabled=timer_on or frame.k == n_steps)
    if can_play:
        b[2].button("❚❚ Pause" if timer_on else "▶ Play", key="dv_play", disabled=frame.k == n_steps and not timer_on,
                    on_click=lambda: st.session_state.update(dv_playing=not timer_on))
    else:
        b[2].caption("No Play: your system asks for reduced motion.")
    b[3].button("↺ Restart", key="dv_restart", on_click=_move, args=(-n_steps, n_steps), disabled=timer_on)
    b[4].progress(frame.k / n_steps, text=f"word {frame.k} of {n_steps}")


def _explain_word(frame: ds.BuildFrame) -> None:
    """Whether the word just read got a new id or was already known."""
    word, row = f"**{md_escape(frame.word)}**", frame.current_row
    if row is None:
        st.info("Press **Next** (or **Play**) to read the first word.")
    elif frame.is_new:
        st.success(f"{word} is new: it gets the next free id, **{row.id}**.")
    else:
        st.info(f"{word} is already known (id **{row.id}**): no new id, its count becomes **{row.count}**.")
