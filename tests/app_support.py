"""A module-wide app server for AppTest: one run folder, the small preset, the shared job started once."""

from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_page(page: str) -> AppTest:
    """The app opened on `page` (e.g. "pages/encoder.py"), checked to have run without an exception."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(page).run()
    assert not at.exception
    return at


@pytest.fixture()
def app_env(tmp_path, monkeypatch):
    """A fresh run folder and a small classic model for one test; the shared job is released afterwards."""
    monkeypatch.setenv("S2S_HOME", str(tmp_path))
    monkeypatch.setenv("S2S_PRESET", "small")
    monkeypatch.setenv("S2S_TRAINER", "thread")  # starts faster; the process design has its own tests
    monkeypatch.delenv("S2S_CONTROL_TOKEN", raising=False)
    monkeypatch.delenv("S2S_MODEL", raising=False)
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()  # on_release stops the job's thread


@contextmanager
def app_server(home: Path, token: str | None = None, paused: bool = True):
    """Yield (first AppTest run, the shared job); paused by default so the model is a fixed point to compare."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("S2S_HOME", str(home))
        mp.setenv("S2S_PRESET", "small")
        mp.setenv("S2S_TRAINER", "thread")
        mp.delenv("S2S_MODEL", raising=False)
        if token:
            mp.setenv("S2S_CONTROL_TOKEN", token)
        else:
            mp.delenv("S2S_CONTROL_TOKEN", raising=False)
        st.cache_resource.clear()
        at = AppTest.from_file(APP, default_timeout=60).run()
        from pages._ui import get_job

        job = get_job()
        if paused:
            job.pause()
        try:
            yield at, job
        finally:
            st.cache_resource.clear()


def count_calls(monkeypatch, module, *names: str) -> dict[str, int]:
    """Wrap each function `names` of `module` so it counts its calls; the counts, live, by name."""
    calls = dict.fromkeys(names, 0)
    for name in names:
        real = getattr(module, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    return calls


def record_fragments(monkeypatch) -> list:
    """Record every live part a page run asks for, as (function name, refresh interval in s, or None)."""
    asked, real = [], st.fragment

    def recording(func=None, *, run_every=None):
        if func is not None:  # a call with the function; the decorator form (controllers' parts) is not recorded
            asked.append((func.__name__, run_every))
        return real(func, run_every=run_every)

    monkeypatch.setattr(st, "fragment", recording)
    return asked
