"""Every chart of the app with its text alternative: pages draw charts only through `chart()`.

A Plotly chart is a picture: a screen reader cannot read it, and a student at the back of the room may not see
it well. So each chart comes with a one- or two-sentence summary computed from its numbers (the
`*_summary` functions of s2s/figures/summary_data.py and summary_model.py), printed as plain text right under
it, where a screen reader announces it; and its numbers as a CSV download. tests/test_chart_summaries.py
checks that no page calls `st.plotly_chart` itself and that every chart on every page has its summary.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from pages._markdown import md_escape
from pages._tour import presenting
from s2s.figures.chart_data import figure_table
from s2s.figures.exports import to_csv


def chart(fig: go.Figure, summary: str, key: str, config: dict | None = None) -> None:
    """The chart, its summary as text, and (not when projecting) its data as CSV, in one keyed container."""
    assert summary.strip(), f"chart {key} needs its text summary"
    with st.container(key=f"chart_{key}"):
        st.plotly_chart(fig, key=key, width="stretch", config=config or {})
        st.caption(md_escape(summary))  # model words and corpus text inside: shown literally
        if not presenting():
            st.download_button("Chart data (CSV)", data=lambda: to_csv(figure_table(fig)), file_name=f"{key}.csv",
                               mime="text/csv", key=f"{key}_csv", on_click="ignore", type="tertiary",
                               icon=":material/table:", help="Every number this chart draws, one row per point")
