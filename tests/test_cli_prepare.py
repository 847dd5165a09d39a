"""`python -m s2s prepare` and `experiment`: runs trained ahead of class land in the app's run library."""

import json

import pytest

from s2s.cli.main import main
from s2s.live.library import RunLibrary

pytestmark = pytest.mark.timeout(600)


def test_prepare_trains_a_classic_and_an_attention_model_of_one_size_for_one_time(tmp_path, capsys):
    assert main(["prepare", "--minutes", "0.02", "--preset", "small", "--home", str(tmp_path)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    runs = RunLibrary(tmp_path).list().runs
    assert {r.id for r in runs} == {line["id"] for line in lines}
    kinds = {r.spec.model.kind: r for r in runs}
    classic, attention = kinds["classic"], kinds["attention"]
    assert classic.origin == attention.origin == "prepared" and classic.group == attention.group
    assert (classic.spec.model.embed_dim, classic.spec.model.hidden_dim) == (64, 128)
    assert (attention.spec.model.embed_dim, attention.spec.model.hidden_dim) == (64, 128)
    for run in runs:  # each trained for its 1.2 s of training time, and not much more than one step beyond
        steps = RunLibrary(tmp_path).load(run.id).history.steps
        assert 1.2 <= run.train_seconds <= 1.2 + max(steps["seconds"]) + 1e-9
        assert run.bleu is not None


def test_experiment_trains_its_runs_into_the_library(tmp_path, capsys):
    assert main(["experiment", "exposure_bias", "--seconds", "0.5", "--home", str(tmp_path)]) == 0
    runs = RunLibrary(tmp_path).list().runs
    assert sorted(r.spec.train.teacher_forcing for r in runs) == [0.0, 0.5, 1.0]
    assert len({r.group for r in runs}) == 1 and {r.origin for r in runs} == {"experiment"}
    assert all(r.train_seconds >= 0.5 for r in runs)


def test_unknown_experiment_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["experiment", "no_such_bug"])
    assert stop.value.code == 2
