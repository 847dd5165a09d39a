"""The run library: runs kept with settings, history and weights; listing survives a bad run; undoable deletes."""

import json
import os

import pytest
import torch

from s2s.errors import S2SError
from s2s.live.library import RunLibrary
from s2s.live.runspec import RunSpec

from .conftest import make_trainer


def stored(library: RunLibrary, name: str, steps: int = 3, **spec_kw):
    trainer = make_trainer()
    for _ in range(steps):
        trainer.train_step()
    trainer.evaluate()
    spec = RunSpec.make("small", **spec_kw)
    return trainer, library.save(library.new_id(name), trainer, spec, name=name)


def test_a_saved_run_lists_with_its_settings_history_and_weights(tmp_path):
    library = RunLibrary(tmp_path)
    trainer, info = stored(library, "first run", steps=4)
    listing = RunLibrary(tmp_path).list()  # a second object, as after a server restart
    assert [r.id for r in listing.runs] == [info.id] and not listing.problems
    run = listing.runs[0]
    assert run.name == "first run" and run.origin == "trained" and run.step == 4
    assert run.spec.preset == "small" and run.spec.model.kind == "classic" and run.bug == ""
    assert run.train_seconds == pytest.approx(sum(trainer.history.steps["seconds"]))
    assert run.bleu == pytest.approx(trainer.history.last_eval["bleu"])
    assert run.n_params == sum(p.numel() for p in trainer.model.parameters())
    assert run.size_bytes == sum(p.stat().st_size for p in (tmp_path / "runs" / info.id).iterdir())
    ckpt = library.load(info.id)
    assert ckpt.history.to_dict() == trainer.history.to_dict()
    for name, tensor in trainer.model.state_dict().items():
        assert torch.equal(ckpt.model.state_dict()[name], tensor)


def test_saving_again_keeps_name_origin_and_creation_time(tmp_path):
    library = RunLibrary(tmp_path)
    trainer, info = stored(library, "kept name")
    trainer.train_step()
    again = library.save(info.id, trainer, info.spec)
    assert (again.name, again.origin, again.created) == (info.name, info.origin, info.created)
    assert again.step == info.step + 1


def test_a_corrupt_run_is_reported_and_skipped(tmp_path):
    library = RunLibrary(tmp_path)
    _, good = stored(library, "good")
    _, bad_json = stored(library, "bad json")
    (tmp_path / "runs" / bad_json.id / "run.json").write_text("{not json")
    _, no_ckpt = stored(library, "no weights")
    os.remove(tmp_path / "runs" / no_ckpt.id / "checkpoint.pt")
    _, bad_ckpt = stored(library, "bad weights")
    (tmp_path / "runs" / bad_ckpt.id / "checkpoint.pt").write_bytes(os.urandom(2048))
    listing = library.list()
    assert {p.id for p in listing.problems} == {bad_json.id, no_ckpt.id}
    assert {r.id for r in listing.runs} == {good.id, bad_ckpt.id}  # weights are checked when loaded
    with pytest.raises(S2SError, match="not a readable checkpoint"):
        library.load(bad_ckpt.id)


def test_delete_is_undoable_and_refused_for_the_running_run(tmp_path):
    library = RunLibrary(tmp_path)
    _, a = stored(library, "a")
    _, b = stored(library, "b")
    with pytest.raises(S2SError, match="training now"):
        library.delete(a.id, current=a.id)
    library.delete(b.id, current=a.id)
    assert [r.id for r in library.list().runs] == [a.id]
    library.restore(b.id)
    assert {r.id for r in library.list().runs} == {a.id, b.id}


def test_prune_keeps_the_newest_and_the_current_run_and_empties_the_trash(tmp_path):
    library = RunLibrary(tmp_path)
    ids = [stored(library, f"run {k}")[1].id for k in range(4)]  # saved oldest first
    library.delete(ids[1])
    removed = library.prune(keep=2, current=ids[0])
    assert set(removed) == {ids[2]}  # kept: the current (oldest) one and the newest
    assert {r.id for r in library.list().runs} == {ids[0], ids[3]}
    assert not (tmp_path / "runs" / ".trash").exists()
    assert library.disk_used() == sum(r.size_bytes for r in library.list().runs)


def test_ids_never_leave_the_library(tmp_path):
    library = RunLibrary(tmp_path)
    long_name = library.new_id("classic · small · teacher forcing 0.5 · a name longer than any slug keeps")
    assert library.folder(long_name).name == long_name
    for bad in ("../escape", "a/b", "", "Upper", ".trash"):
        with pytest.raises(S2SError, match="not a run id"):
            library.folder(bad)


def test_import_keeps_an_uploaded_checkpoint_and_refuses_a_bad_one(tmp_path):
    library = RunLibrary(tmp_path / "home")
    trainer, info = stored(RunLibrary(tmp_path / "other"), "elsewhere")
    source = tmp_path / "other" / "runs" / info.id / "checkpoint.pt"
    imported = library.import_file(source, "colleague.pt")
    assert imported.origin == "uploaded" and imported.name == "colleague.pt" and imported.step == trainer.step
    noise = tmp_path / "noise.pt"
    noise.write_bytes(os.urandom(1024))
    with pytest.raises(S2SError):
        library.import_file(noise, "noise.pt")
    assert [r.id for r in library.list().runs] == [imported.id]


def test_run_json_is_plain_data(tmp_path):
    library = RunLibrary(tmp_path)
    _, info = stored(library, "plain")
    data = json.loads((tmp_path / "runs" / info.id / "run.json").read_text())
    assert data["spec"]["model"]["bug_zero_start"] is False and data["name"] == "plain"
