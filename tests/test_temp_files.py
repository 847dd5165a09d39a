"""A long class session leaves no files behind: checkpoint downloads and uploads clean up after themselves.

AppTest runs the pages in this process, so pointing `tempfile` at an empty folder catches every temporary file
the pages make; after many downloads and uploads (good and bad) that folder must be empty again.
"""

import io
import tempfile

import pytest
import torch

from .app_support import open_page

pytestmark = pytest.mark.usefixtures("app_env")  # a fresh run folder and small model per test


def left_behind(folder) -> list[str]:
    """What the pages left in the temporary folder (torch keeps one cache folder of its own there, reused)."""
    return [p.name for p in folder.iterdir() if not p.name.startswith("torchinductor_")]


@pytest.fixture()
def temp_folder(tmp_path, monkeypatch):
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_many_downloads_and_uploads_leave_no_temporary_file(temp_folder):
    from pages._ui import get_job

    at = open_page("pages/training.py")
    job = get_job()
    job.pause()
    for _ in range(4):  # a teacher preparing downloads again and again
        at.button(key="btn_prepare").click().run()
        assert not at.exception and left_behind(temp_folder) == []
    payload = torch.load(io.BytesIO(at.session_state["ckpt_bytes"]), weights_only=True)
    assert payload["step"] == at.session_state["ckpt_step"] == job.snapshot().step  # the download is the paused run
    good = at.session_state["ckpt_bytes"]
    for name, data in [("mine.pt", good), ("broken.pt", b"not a checkpoint"), ("again.pt", good)]:
        at.file_uploader(key="ckpt_upload").set_value((name, data, "application/octet-stream")).run()
        at.button(key="btn_load").click().run()  # the Training page's "Continue from a checkpoint"
        assert not at.exception and left_behind(temp_folder) == []
        refused = "broken.pt is not a readable checkpoint" in " ".join(e.value.replace("\\", "") for e in at.error)
        assert refused is (name == "broken.pt")
    at.switch_page("pages/runs.py").run()
    for name, data in [("mine.pt", good), ("broken.pt", b"not a checkpoint")]:
        at.file_uploader(key="run_upload").set_value((name, data, "application/octet-stream")).run()
        at.button(key="run_upload_go").click().run()  # the Runs page's "Add a checkpoint to the library"
        assert not at.exception and left_behind(temp_folder) == []
