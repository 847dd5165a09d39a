"""Seq2Seq Explainer: the Streamlit entry point (`streamlit run app.py`).

Every page shares one background TrainingJob (see pages/_ui.py) and the same sidebar.
"""

import os

# Page threads decode with one CPU thread each (set before torch loads; an explicit setting wins): the other
# cores train, in the training process, which sets its own count (s2s/live/support.py). With torch's default,
# every student's decode woke OpenMP threads on the training's core: 60 viewers kept 83% of the training speed
# instead of 90% (tools/load.py, 2 cores).
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import streamlit as st  # noqa: E402

SECTIONS = {
    "Start": [("pages/home.py", "Home", ":material/home:"),
              ("pages/training.py", "Training", ":material/monitoring:")],
    "Inside the model": [("pages/data_vocab.py", "Data & Vocabulary", ":material/dataset:"),
                         ("pages/encoder.py", "Encoder", ":material/input:"),
                         ("pages/decoder.py", "Decoder", ":material/output:"),
                         ("pages/teacher_forcing.py", "Teacher forcing", ":material/school:"),
                         ("pages/beam.py", "Beam search", ":material/account_tree:"),
                         ("pages/bottleneck.py", "Bottleneck", ":material/compress:"),
                         ("pages/shapes.py", "Shapes", ":material/view_in_ar:")],
    "Runs and experiments": [("pages/compare.py", "Compare", ":material/compare_arrows:"),
                             ("pages/runs.py", "Runs", ":material/folder_open:")],
}


def navigation_ui(pages: dict[str, list]) -> None:
    """The page list in the sidebar, as plain links under bold section names.

    Streamlit's own sidebar navigation puts section headers inside its <ul>, which screen readers and axe
    reject (a list may hold only list items), so the app hides it and draws the same links itself.
    """
    with st.sidebar:
        for name, section in pages.items():
            st.markdown(f"**{name}**")
            for page in section:
                st.page_link(page)


def main() -> None:
    pages = {name: [st.Page(path, title=title, icon=icon, default=path == "pages/home.py")
                    for path, title, icon in entries] for name, entries in SECTIONS.items()}
    page = st.navigation(pages, position="hidden")
    # Each page its own document title (what a screen reader announces and a browser tab shows).
    st.set_page_config(page_title=f"{page.title} · Seq2Seq Explainer", page_icon="🔁", layout="wide")
    navigation_ui(pages)
    page.run()


main()
