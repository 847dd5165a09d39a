"""Seq2Seq Explainer: the Streamlit entry point (`streamlit run app.py`).

Every page shares one background TrainingJob (see pages/_ui.py) and the same sidebar.
"""

import streamlit as st

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


def main() -> None:
    st.set_page_config(page_title="Seq2Seq Explainer", page_icon="🔁", layout="wide")
    pages = {name: [st.Page(path, title=title, icon=icon, default=path == "pages/home.py")
                    for path, title, icon in entries] for name, entries in SECTIONS.items()}
    st.navigation(pages).run()


main()
