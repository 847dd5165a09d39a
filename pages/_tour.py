"""The guided tour's banner and the presentation mode, drawn at the top of every page by `sidebar()`.

Both live in `st.session_state` and in the URL (`?tour=N`, `?present=1`), so a teacher can share or
bookmark "stop 4 of the tour, projected" and a reload picks up where it was.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pages._examples import tour_example
from pages._job import current_view, get_job
from pages._predict import set_predict_mode
from pages._tour_stops import TOUR, parse_stop, stop_page, stop_text
from s2s.analysis.examples import BEAM
from s2s.errors import S2SError

ASSETS = Path(__file__).resolve().parent.parent / "assets"
APP_CSS, PRESENTATION_CSS = ASSETS / "app.css", ASSETS / "presentation.css"


def presenting() -> bool:
    """True while this tab is in presentation mode (set by the toggle or by `?present=1`)."""
    if "presenting" not in st.session_state:
        st.session_state.presenting = st.query_params.get("present") == "1"
    return st.session_state.presenting


def _set_presenting(on: bool) -> None:
    st.session_state.presenting = on


def presentation_mode() -> None:
    """The app's stylesheet; in presentation mode also the projector's (no sidebar or controls, larger text)."""
    st.html(APP_CSS)  # fixed stylesheets from assets/: no user text is ever inserted
    if not presenting():
        st.query_params.pop("present", None)
        st.sidebar.button("Presentation mode", key="present_on", icon=":material/slideshow:", width="stretch",
                          on_click=_set_presenting, args=(True,),
                          help="Hide the sidebar and controls and enlarge everything for a projector. Live "
                               "updates go on; control training from another tab.")
        return
    st.query_params["present"] = "1"
    st.html(PRESENTATION_CSS)
    st.button("Exit presentation", key="present_off", icon=":material/close_fullscreen:",
              on_click=_set_presenting, args=(False,))


def _current_page() -> str:
    return st.session_state.get("current_page", "pages/home.py")


def _model_kind() -> str:
    return get_job().spec.model.kind


def go_to_stop(index: int | None) -> None:
    """Preset stop `index`'s sentence and settings for the next run, which opens its page (None ends the tour).

    A stop that teaches an effect opens with a corpus sentence that shows it on the model inspected now.
    """
    st.session_state.tour_stop = index
    if index is None:
        st.query_params.pop("tour", None)
        return
    stop = TOUR[index]
    st.session_state.shared_sentence = stop.sentence
    for key, value in stop.settings.items():
        st.session_state[key] = value
    if stop.effect:
        _open_with_example(stop.effect, stop.settings.get("beam_width", 5))
    st.session_state.tour_go = stop_page(index, _model_kind())
    if stop.predict:
        set_predict_mode(True)


def _open_with_example(effect: str, width: int) -> None:
    """Replace the stop's sentence by one that shows `effect` on the model inspected now, if one is found."""
    try:
        view = current_view()
    except S2SError:  # no model yet: the stop keeps its own sentence
        return
    tour_example(view, effect, width if effect == BEAM else 5)


def _restore_from_url() -> int | None:
    """A link or reload with ?tour=N resumes the tour at stop N on its page."""
    if "tour_stop" not in st.session_state:
        index = parse_stop(st.query_params.get("tour"))
        if index is not None:
            go_to_stop(index)
        else:
            st.session_state.tour_stop = None
    return st.session_state.tour_stop


def tour_banner() -> None:
    """The current stop's explanation with Back / Next, above the page's own content."""
    index = _restore_from_url()
    target = st.session_state.pop("tour_go", None)
    if target is not None and target != _current_page():
        st.switch_page(target)
    if index is None:
        st.sidebar.button("Guided tour", key="tour_start", icon=":material/explore:", width="stretch",
                          on_click=go_to_stop, args=(0,), help="A walk through every idea, in order, page by page")
        return
    st.query_params["tour"] = str(index + 1)
    kind = _model_kind()
    with st.container(border=True, key="tour_banner"):
        title, back, nxt, end = st.columns([6, 1.3, 1.3, 1.5], vertical_alignment="center")
        title.markdown(f":material/explore: **Tour, stop {index + 1} of {len(TOUR)}: {TOUR[index].title}**")
        back.button("◀ Back", key="tour_back", on_click=go_to_stop, args=(index - 1,), disabled=index == 0,
                    width="stretch")
        last = index == len(TOUR) - 1
        nxt.button("Finish" if last else "Next ▶", key="tour_next", type="primary", width="stretch",
                   on_click=go_to_stop, args=(None if last else index + 1,))
        end.button("End tour", key="tour_end", on_click=go_to_stop, args=(None,), width="stretch")
        page = stop_page(index, kind)
        if page != _current_page():
            st.caption("This stop is on another page.")
            st.button("Go to this stop's page", key="tour_here", on_click=go_to_stop, args=(index,))
        with st.expander("What to look at", expanded=not presenting()):  # folded when projecting: room for the page
            st.markdown(stop_text(index, kind))
