"""Seq2Seq Explainer: the Streamlit entry point (`streamlit run app.py`).

Every page shares one background TrainingJob (see pages/_ui.py) and the same sidebar.
"""

import streamlit as st

st.set_page_config(page_title="Seq2Seq Explainer", page_icon="🔁", layout="wide")
pages = {
    "Start": [
        st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
        st.Page("pages/training.py", title="Training", icon=":material/monitoring:"),
    ],
    "Inside the model": [
        st.Page("pages/data_vocab.py", title="Data & Vocabulary", icon=":material/dataset:"),
        st.Page("pages/encoder.py", title="Encoder", icon=":material/input:"),
        st.Page("pages/decoder.py", title="Decoder", icon=":material/output:"),
        st.Page("pages/teacher_forcing.py", title="Teacher forcing", icon=":material/school:"),
        st.Page("pages/beam.py", title="Beam search", icon=":material/account_tree:"),
        st.Page("pages/bottleneck.py", title="Bottleneck", icon=":material/compress:"),
        st.Page("pages/shapes.py", title="Shapes", icon=":material/view_in_ar:"),
    ],
}
st.navigation(pages).run()
