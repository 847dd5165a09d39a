"""Checkpoints: a faithful round trip, atomic writes, and one clear error for every bad file."""

import os
import pickle
import zipfile

import pytest
import torch

from s2s.checkpoint import load_checkpoint, save_checkpoint
from s2s.decode import greedy
from s2s.errors import S2SError

from .conftest import make_trainer


def save(trainer, path):
    return save_checkpoint(path, trainer.model, trainer.src_vocab, trainer.tgt_vocab, trainer.train_cfg, trainer.step,
                           trainer.epoch, trainer.history, trainer.optimizer, {"corpus": "test", "seed": 0})


def test_round_trip_restores_model_vocabularies_optimizer_and_history(trained, tmp_path):
    path = save(trained, tmp_path / "run.pt")
    ckpt = load_checkpoint(path)
    assert ckpt.step == trained.step and ckpt.src_vocab.itos == trained.src_vocab.itos
    assert ckpt.history.to_dict() == trained.history.to_dict() and ckpt.data["corpus"] == "test"
    assert ckpt.optimizer_state["state"]  # Adam moments are kept for resuming
    for name, tensor in trained.model.state_dict().items():
        assert torch.equal(ckpt.model.state_dict()[name], tensor)
    a = greedy(trained.model, "she is tired", trained.src_vocab, trained.tgt_vocab)
    b = greedy(ckpt.model, "she is tired", ckpt.src_vocab, ckpt.tgt_vocab)
    assert a.text == b.text and torch.equal(a.steps[-1].h, b.steps[-1].h)


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path):
    trainer = make_trainer()
    path = save(trainer, tmp_path / "run.pt")
    original = path.read_bytes()

    class Boom(Exception):
        pass

    def explode(*args, **kwargs):
        raise Boom()

    real_save = torch.save
    torch.save = explode
    try:
        with pytest.raises(Boom):
            save(trainer, path)
    finally:
        torch.save = real_save
    assert path.read_bytes() == original  # the failed write did not touch the existing checkpoint
    assert os.listdir(tmp_path) == ["run.pt"]


def test_truncated_file_gives_a_clear_error(tmp_path):
    path = save(make_trainer(), tmp_path / "run.pt")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(S2SError, match="truncated or corrupt"):
        load_checkpoint(path)


def test_corrupt_file_gives_a_clear_error(tmp_path):
    path = tmp_path / "noise.pt"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(S2SError, match="not a readable checkpoint"):
        load_checkpoint(path)


def test_foreign_state_dict_is_recognised(tmp_path):
    path = tmp_path / "resnet.pt"
    torch.save(torch.nn.Linear(3, 2).state_dict(), path)
    with pytest.raises(S2SError, match="not a Seq2Seq Explainer checkpoint"):
        load_checkpoint(path)


def test_checkpoint_whose_weights_do_not_fit_its_config(tmp_path):
    path = save(make_trainer(), tmp_path / "run.pt")
    payload = torch.load(path, weights_only=True)
    payload["model_config"]["hidden_dim"] = 99
    torch.save(payload, path)
    with pytest.raises(S2SError, match="does not match"):
        load_checkpoint(path)


class _Payload:
    """ unpickling this runs a function: exactly what weights_only must refuse """

    def __reduce__(self):
        return (os.system, (f"touch {_Payload.marker}",))


def test_pickle_that_would_run_code_is_refused_and_nothing_runs(tmp_path):
    _Payload.marker = tmp_path / "pwned"
    path = tmp_path / "evil.pt"
    torch.save({"format": "seq2seq-explainer-checkpoint", "x": _Payload()}, path)
    with zipfile.ZipFile(path) as z:  # really a pickle with a call to os.system inside
        assert any(b"system" in z.read(n) for n in z.namelist() if n.endswith(".pkl"))
    with pytest.raises(S2SError, match="evil.pt was refused: it holds Python objects or code"):
        load_checkpoint(path)
    assert not _Payload.marker.exists()


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(S2SError, match="not found"):
        load_checkpoint(tmp_path / "none.pt")
    with pytest.raises(S2SError, match="folder"):
        load_checkpoint(tmp_path)


def test_plain_pickle_file_is_refused(tmp_path):
    path = tmp_path / "old.pt"
    path.write_bytes(pickle.dumps({"format": "seq2seq-explainer-checkpoint"}))
    with pytest.raises(S2SError, match="old.pt was refused: it is a plain Python pickle"):
        load_checkpoint(path)
    path.write_bytes(pickle.dumps(os.system))  # a pickle naming a function: refused the same way, nothing runs
    with pytest.raises(S2SError, match="was refused: it is a plain Python pickle"):
        load_checkpoint(path)
