"""What makes every page usable by every student: the accessibility stylesheet, live updates each viewer can
freeze (WCAG 2.2.2), and the reduced-motion preference of the viewer's own system.

- `assets/a11y.css` (loaded on every page, for everyone) makes captions readable (8:1 instead of Streamlit's 3.9:1),
  draws a thick focus ring on whatever the keyboard reaches, keeps click targets at least 24 × 24 px, and turns
  CSS animations off when the system asks for reduced motion.
- **Freeze live updates** (sidebar) stops this tab's timers: every live part takes its interval from
  `pages/_live.refresh_s`, which gives none while the tab is frozen, so nothing is polled at all; the live
  parts keep the numbers they held when the tab froze (`held`) even when the page reruns, while training goes
  on for everyone else. The class poll's banner stays live: it is the teacher talking to the room, and it
  draws nothing without a poll.
- `prefers_reduced_motion()` reads the browser's `prefers-reduced-motion` setting through a tiny script (a
  Streamlit v2 component with no HTML): pages use it to offer no animation (the vocabulary's Play) to a viewer
  who asked for none. Nothing in the app ever starts moving by itself.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, TypeVar

import streamlit as st

from pages._memo import kept_toggle

A11Y_CSS = Path(__file__).resolve().parent.parent / "assets" / "a11y.css"
FROZEN_KEY, KEPT_KEY = "live_frozen", "live_frozen_kept"  # the switch, and the tab's setting (`kept_toggle`)
T = TypeVar("T")
MOTION_JS = """
export default function ({ setStateValue }) {
  setStateValue("reduce", window.matchMedia("(prefers-reduced-motion: reduce)").matches);
}
"""


def accessibility_css() -> None:
    """The stylesheet every page loads (a fixed file from assets/: no user text is ever inserted)."""
    st.html(A11Y_CSS)


def frozen() -> bool:
    """True while this session has frozen its live updates (on every page, until it turns the switch off)."""
    return bool(st.session_state.get(KEPT_KEY))


def _thaw() -> None:
    """Leaving (or entering) the frozen state drops what was held, so the next draw is current."""
    for key in [k for k in st.session_state if str(k).startswith("held_")]:
        del st.session_state[key]


def freeze_toggle() -> None:
    """The sidebar switch that freezes this tab's live updates (training itself goes on), on every page."""
    kept_toggle("Freeze live updates", FROZEN_KEY, KEPT_KEY, on_change=_thaw,
                help="Stop this tab's charts and numbers from refreshing while you read them. Training goes on; "
                     "turn it off to catch up.")
    if frozen():
        st.caption("❄ Live updates are frozen in this tab.")


def held(name: str, fetch: Callable[[], T]) -> T:
    """`fetch()` while live; while frozen, what `fetch()` gave when this session froze (kept per `name`)."""
    if not frozen():
        return fetch()
    key = f"held_{name}"
    if key not in st.session_state:
        st.session_state[key] = fetch()
    return st.session_state[key]


@functools.cache
def _motion_probe():
    return st.components.v2.component("s2s_reduced_motion", js=MOTION_JS)


def prefers_reduced_motion() -> bool:
    """The viewer's system setting `prefers-reduced-motion: reduce` (False until the browser has answered,
    and in tests without a browser)."""
    result = _motion_probe()(key="reduced_motion", default={"reduce": False}, height=0,
                             on_reduce_change=lambda: None)
    return bool(result.get("reduce") if isinstance(result, dict) else getattr(result, "reduce", False))
