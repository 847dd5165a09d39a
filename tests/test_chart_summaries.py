"""Every chart on every page comes with its text summary: pages draw charts only through pages/_chart.py's
`chart()`, and an AppTest walk of the pages finds each chart followed by its summary and its data download."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .app_support import app_server

REPO = Path(__file__).resolve().parent.parent
PAGES = re.findall(r'"(pages/\w+\.py)"', (REPO / "app.py").read_text())


def test_no_page_draws_a_chart_without_chart():
    """st.plotly_chart appears only in pages/_chart.py, which always prints the summary with the chart."""
    callers = [str(p.relative_to(REPO)) for p in [*(REPO / "pages").glob("*.py"), REPO / "app.py"]
               if p.name != "_chart.py" and "plotly_chart(" in p.read_text()]
    assert not callers


def _charts_with_parents(node):
    """(chart element, the block that holds it) for every plotly chart under `node`."""
    for child in getattr(node, "children", {}).values():
        if child.type == "plotly_chart":
            yield child, node
        yield from _charts_with_parents(child)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with app_server(tmp_path_factory.mktemp("home")) as (at, job):
        yield at


@pytest.mark.timeout(600)
def test_every_chart_on_every_page_has_its_summary(app):
    assert len(PAGES) >= 9
    seen = 0
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception, page
        for element, block in _charts_with_parents(app.main):
            parts = list(block.children.values())
            assert block.key == f"chart_{element.key}", f"{page}: chart {element.key} outside chart()"
            assert parts[0] is element and parts[1].type == "caption", page
            assert len(parts[1].value.split()) >= 5, f"{page}: {element.key} summary {parts[1].value!r}"
            assert parts[2].type == "download_button", page
            seen += 1
    assert seen >= 20  # the default view of the pages shows at least this many charts
