"""Reliability, bad files and settings: corpus uploads and paths, checkpoint uploads, hyperparameters out of range.

Through the UI (AppTest drives the sidebar's corpus upload and the Training page's checkpoint upload) every
bad file gives a message and the current run goes on untouched; through the CLI the same mistakes end with
one line on stderr and exit code 2.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import torch
from streamlit.testing.v1 import AppTest

from s2s.checkpoint import load_checkpoint
from s2s.cli.main import main as cli
from s2s.data import MAX_FILE_BYTES, read_pairs_file
from s2s.errors import S2SError

from .app_support import app_server

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
TSV = "text/tab-separated-values"
GOOD_LINES = "".join(f"we see {n} birds\tnous voyons {n} oiseaux\n" for n in range(30))


@pytest.fixture(scope="module")
def app_job(tmp_path_factory):
    """The app's shared job (paused, so its step is a fixed point to compare against) for the whole module."""
    with app_server(tmp_path_factory.mktemp("home")) as (_, job):
        yield job


@pytest.fixture()
def at(app_job):
    """A fresh browser session on the Training page."""
    app_job.pause()
    session = AppTest.from_file(APP, default_timeout=60).run()
    session.switch_page("pages/training.py").run()
    assert not session.exception
    return session


def fingerprint(job) -> tuple:
    """What must not change when a bad file or setting is refused."""
    snap = job.snapshot()
    return snap.run_id, snap.state, snap.step, job.spec, snap.lr, snap.teacher_forcing, snap.clip_norm


def upload_corpus(at, name: str, data: bytes):
    at.selectbox(key="corpus_choice").set_value("Upload a TSV file").run()
    at.file_uploader(key="corpus_upload").set_value((name, data, TSV)).run()
    assert not at.exception
    return at


# ---- corpus uploads through the sidebar ----------------------------------------------------------------------------

BAD_UPLOADS = {  # name: (content, what the message says)
    "empty.tsv": (lambda: b"", "it is empty"),
    "photo.tsv": (lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    "latin1.tsv": (lambda: "Café.\tCafé.\n".encode("latin-1"), "not UTF-8 text"),
    "notabs.tsv": (lambda: b"hello there\nhow are you\n", "no line has the form english<TAB>french"),
    "malformed.tsv": (lambda: b"\tonly french\nonly english\t\n\t\n", "no line has the form"),
    "huge.tsv": (lambda: b"a\tb\n" * (MAX_FILE_BYTES // 4 + 1), "the limit is 50 MB"),
}


def shown(elements) -> list[str]:
    """Message texts as a reader sees them (the pages escape Markdown characters with backslashes)."""
    return [e.value.replace("\\", "") for e in elements]


@pytest.mark.parametrize("name", list(BAD_UPLOADS))
def test_bad_corpus_upload_shows_a_message_and_keeps_the_current_run(at, app_job, name):
    make, message = BAD_UPLOADS[name]
    before = fingerprint(app_job)
    upload_corpus(at, name, make())
    errors = shown(at.sidebar.error)
    assert len(errors) == 1 and message in errors[0], errors
    assert "btn_restart_ask" not in {b.key for b in at.sidebar.button}  # nothing to restart with
    assert fingerprint(app_job) == before


def test_corpus_upload_with_some_lines_without_a_tab_reports_them_and_can_be_used(at, app_job):
    data = (GOOD_LINES + "no tab on this line\n").encode()
    upload_corpus(at, "birds.tsv", data)
    assert not at.sidebar.error
    assert any("30 pairs from birds.tsv; skipped 1 malformed line(s) (first: line 31)" in c.value
               for c in at.sidebar.caption)
    assert "btn_restart_ask" in {b.key for b in at.sidebar.button}


def test_corpus_too_small_to_split_gives_a_message_after_restart_and_keeps_the_run(at, app_job):
    before = fingerprint(app_job)
    upload_corpus(at, "tiny.tsv", b"i run\tje cours\nyou run\ttu cours\nwe run\tnous courons\n")
    assert any("3 pairs from tiny.tsv" in c.value for c in at.sidebar.caption)
    at.button(key="btn_restart_ask").click().run()
    at.button(key="btn_restart_yes").click().run()
    assert not at.exception
    errors = shown(at.sidebar.error)
    assert len(errors) == 1 and "Training was not restarted" in errors[0] and "at least 20" in errors[0], errors
    assert fingerprint(app_job) == before


def test_uploaded_file_names_cannot_inject_markdown(at):
    upload_corpus(at, "![x](http://example.com/a.png).tsv", GOOD_LINES.encode())
    caption = next(c.value for c in at.sidebar.caption if "pairs from" in c.value)
    assert "](" not in caption and "![" not in caption, caption


# ---- corpus paths --------------------------------------------------------------------------------------------------

def test_huge_corpus_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.tsv"
    with open(huge, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: 50 MB on paper, nothing on disk
    with pytest.raises(S2SError, match=r"huge.tsv is 50 MB; the limit is 50 MB"):
        read_pairs_file(huge)


@pytest.fixture()
def bad_corpora(tmp_path) -> dict:
    huge = tmp_path / "huge.tsv"
    with open(huge, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    files = {"huge": huge, "folder": tmp_path, "missing": tmp_path / "nope.tsv"}
    for name, data in [("empty", b""), ("binary", b"\x00\x01\x02"), ("latin1", "é\té".encode("latin-1")),
                       ("notabs", b"a\nb\n"), ("tiny", b"a\tb\nc\td\n")]:
        files[name] = tmp_path / f"{name}.tsv"
        files[name].write_bytes(data)
    return files


@pytest.mark.parametrize("kind, message", [
    ("huge", "the limit is 50 MB"), ("folder", "is a folder"), ("missing", "not found"), ("empty", "it is empty"),
    ("binary", "binary"), ("latin1", "not UTF-8"), ("notabs", "english<TAB>french"), ("tiny", "at least 20"),
])
def test_cli_bad_corpus_exits_2_with_one_line(bad_corpora, tmp_path, capsys, kind, message):
    code = cli(["train", "--corpus", str(bad_corpora[kind]), "--epochs", "1", "--out", str(tmp_path / "x.pt")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and err.startswith("error:") and message in err, err
    assert not (tmp_path / "x.pt").exists()


# ---- checkpoint uploads on the Training page ---------------------------------------------------------------------

class _Payload:
    """ unpickling this would run a shell command: a checkpoint must never be able to do that """

    marker: Path

    def __reduce__(self):
        return (os.system, (f"touch {_Payload.marker}",))


@pytest.fixture(scope="module")
def checkpoints(app_job, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("uploads")
    good = app_job.save(folder / "good.pt").read_bytes()
    payload = torch.load(folder / "good.pt", weights_only=True)
    payload["model_config"]["hidden_dim"] += 3
    torch.save(payload, folder / "other_config.pt")
    torch.save(torch.nn.Linear(3, 2).state_dict(), folder / "foreign.pt")
    _Payload.marker = folder / "pwned"
    torch.save({"format": "seq2seq-explainer-checkpoint", "x": _Payload()}, folder / "evil.pt")
    with zipfile.ZipFile(folder / "evil.pt") as z:  # it really holds a call to os.system
        assert any(b"system" in z.read(n) for n in z.namelist() if n.endswith(".pkl"))
    return {"good": good, "truncated": good[: len(good) // 2], "corrupt": os.urandom(5000),
            "foreign": (folder / "foreign.pt").read_bytes(), "other_config": (folder / "other_config.pt").read_bytes(),
            "evil": (folder / "evil.pt").read_bytes(), "marker": _Payload.marker}


def load_upload(at, name: str, data: bytes):
    at.file_uploader(key="ckpt_upload").set_value((name, data, "application/octet-stream")).run()
    at.button(key="btn_load").click().run()
    assert not at.exception
    return at


@pytest.mark.parametrize("kind, message", [
    ("truncated", "is not a readable checkpoint (truncated or corrupt file)"),
    ("corrupt", "is not a readable checkpoint"),
    ("foreign", "is a PyTorch file but not a Seq2Seq Explainer checkpoint"),
    ("other_config", "does not match this app's model"),
    ("evil", "was refused"),
])
def test_bad_checkpoint_upload_shows_a_message_and_keeps_the_current_run(at, app_job, checkpoints, kind, message):
    before = fingerprint(app_job)
    load_upload(at, f"{kind}.pt", checkpoints[kind])
    errors = shown(at.main.error)
    assert len(errors) == 1 and f"{kind}.pt" in errors[0] and message in errors[0], errors
    assert not at.success
    assert fingerprint(app_job) == before
    assert not checkpoints["marker"].exists()  # the pickle payload never ran


def test_good_checkpoint_upload_loads_paused(at, app_job, checkpoints):
    """The same upload path with a good file really loads it (so the refusals above are not a dead path)."""
    step = load_checkpoint_step(checkpoints["good"])
    old_run = app_job.snapshot().run_id
    load_upload(at, "good.pt", checkpoints["good"])
    assert not at.main.error and "Loaded" in at.success[0].value
    snap = app_job.snapshot()
    assert snap.run_id != old_run and snap.state == "paused" and snap.step == step


def load_checkpoint_step(data: bytes) -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pt"
        path.write_bytes(data)
        return load_checkpoint(path).step


@pytest.mark.parametrize("kind, message", [
    ("truncated", "truncated or corrupt"), ("foreign", "not a Seq2Seq Explainer checkpoint"),
    ("other_config", "does not match"), ("evil", "was refused"),
])
def test_cli_bad_checkpoint_exits_2_with_one_line(checkpoints, tmp_path, capsys, kind, message):
    path = tmp_path / f"{kind}.pt"
    path.write_bytes(checkpoints[kind])
    assert cli(["translate", "--checkpoint", str(path), "hello"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and not checkpoints["marker"].exists()


# ---- hyperparameters out of range ----------------------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["train", "--lr", "-0.001"], "learning rate must be positive"),
    (["train", "--lr", "0"], "learning rate must be positive"),
    (["train", "--teacher-forcing", "-0.1"], "teacher-forcing ratio must be between 0 and 1"),
    (["train", "--teacher-forcing", "1.5"], "teacher-forcing ratio must be between 0 and 1"),
    (["train", "--clip", "0"], "clip norm must be positive"),
    (["train", "--batch", "0"], "batch size must be at least 1"),
    (["translate", "--beam", "0"], "--beam must be at least 1"),
    (["translate", "--max-len", "0"], "--max-len must be at least 1"),
    (["translate", "--beam", "3", "--max-len", "-2"], "--max-len must be at least 1"),
])
def test_cli_hyperparameters_out_of_range_exit_2_with_one_line(tmp_path, capsys, args, message):
    if args[0] == "train":
        args = [*args, "--epochs", "1", "--out", str(tmp_path / "x.pt")]
    else:  # refused before the checkpoint is even opened
        args = [*args, "--checkpoint", str(tmp_path / "missing.pt"), "hello"]
    assert cli(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error:") and message in err, err
    assert not (tmp_path / "x.pt").exists()


def test_cli_process_with_a_negative_learning_rate_prints_one_line_and_exits_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "s2s", "train", "--lr", "-1", "--epochs", "1", "--out",
                           str(tmp_path / "x.pt")], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stderr == "error: learning rate must be positive\n" and not proc.stdout


@pytest.mark.parametrize("page, key, change, message", [
    ("training", "lr_choice", 0.003, "learning rate must be positive"),
    ("training", "tf_ratio", 0.8, "teacher-forcing ratio must be between 0 and 1"),
    ("training", "clip_choice", 2.0, "clip norm must be positive"),
    ("teacher_forcing", "teacher_live_ratio", 0.8, "teacher-forcing ratio must be between 0 and 1"),
])
def test_job_refuses_an_out_of_range_value_and_the_page_shows_why(at, app_job, monkeypatch, page, key, change,
                                                                   message):
    """A value that does get past the widget (negated here on its way to the job) is refused with the job's reason."""
    real = app_job.set_hyper
    monkeypatch.setattr(app_job, "set_hyper", lambda **kw: real(**{k: -1.5 * v for k, v in kw.items()}))
    before = fingerprint(app_job)
    at.switch_page(f"pages/{page}.py").run()
    widget = next(w for w in [*at.slider, *at.select_slider] if w.key.startswith(key))
    widget.set_value(change).run()
    assert not at.exception
    errors = shown(at.main.error)
    assert any(message in e for e in errors), errors
    assert fingerprint(app_job) == before


def test_restart_setting_out_of_range_is_refused_by_the_job(app_job):
    """A 0-word limit that got past the form (a forged message) is refused by the job itself."""
    from s2s.live.runspec import RunSpec

    before = fingerprint(app_job)
    with pytest.raises(S2SError, match="the maximum sentence length must be at least 1 word"):
        app_job.restart(RunSpec.make("small", max_words=0))
    assert fingerprint(app_job) == before
