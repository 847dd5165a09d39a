"""CI never skips silently: a missing browser or shared data file fails there, and .ci/run says it is CI."""

from pathlib import Path

import pytest

from . import browser_fixtures, conftest

REPO = Path(__file__).resolve().parent.parent


def test_ci_run_sets_ci_before_running_the_tests():
    lines = (REPO / ".ci/run").read_text().splitlines()
    sets = next(i for i, line in enumerate(lines) if line.startswith("export CI=true"))
    assert sets < next(i for i, line in enumerate(lines) if "pytest" in line)


def test_a_missing_browser_fails_in_ci_and_skips_elsewhere(monkeypatch, tmp_path):
    monkeypatch.setattr(browser_fixtures, "CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must install"):
        browser_fixtures.require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        browser_fixtures.require_chromium()


def test_missing_shared_data_fails_in_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setattr(conftest, "tatoeba_path", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must provide it"):
        conftest.require_tatoeba()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        conftest.require_tatoeba()
