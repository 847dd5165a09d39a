"""Seq2Seq Explainer: the Streamlit entry point (`streamlit run app.py`).

Every page shares one background TrainingJob (see pages/_ui.py) and the same sidebar.
"""

import streamlit as st

st.set_page_config(page_title="Seq2Seq Explainer", page_icon="🔁", layout="wide")
pages = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/training.py", title="Training", icon=":material/monitoring:"),
]
st.navigation(pages).run()
