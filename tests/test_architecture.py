"""The layers of the code hold: import-linter's contracts, no import cycle at all, no frame tricks, small modules."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    lint = Path(sys.executable).parent / "lint-imports"  # import-linter's console script, beside this Python
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), over every import, local ones included."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    sys.setrecursionlimit(10_000)

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.find_modules_directly_imported_by(node):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle_anywhere():
    graph = grimp.build_graph("s2s", "pages", cache_dir=None)
    # a package's __init__ importing its own children is not a cycle of logic: leave those edges out
    for module in list(graph.modules):
        for child in graph.find_children(module):
            if graph.direct_import_exists(importer=module, imported=child):
                graph.remove_import(importer=module, imported=child)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for name in ("a", "b", "c"):
        graph.add_module(name)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="c")
    graph.add_import(importer="c", imported="a")
    assert _cycles(graph) == [["a", "b", "c"]]


def test_no_frame_tricks_and_no_streamlit_in_the_core():
    for path in [*ROOT.joinpath("s2s").rglob("*.py"), *ROOT.joinpath("pages").glob("*.py"), ROOT / "app.py"]:
        text = path.read_text()
        assert "_getframe" not in text, path
        if "s2s" in path.parts:
            assert "import streamlit" not in text and "from streamlit" not in text, path


def kept_widgets_with_a_callback(source: str) -> list[int]:
    """Lines of widget calls that ask Streamlit to keep their value for the session and also have a change
    callback: in Streamlit 1.67 such a widget shows its kept value after a page switch but returns its default."""
    calls = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)]
    return [c.lineno for c in calls if {"persist_state", "on_change"} <= {k.arg for k in c.keywords}]


def test_no_kept_widget_has_a_change_callback():
    assert kept_widgets_with_a_callback('st.radio("L", ["a"], key="k", persist_state="session",\n'
                                        '         on_change=reset)') == [1]  # the check finds one
    for path in [*ROOT.joinpath("pages").glob("*.py"), ROOT / "app.py"]:
        assert kept_widgets_with_a_callback(path.read_text()) == [], path
