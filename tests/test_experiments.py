"""Ready-made experiments: the planned runs, their training one after another on the job, reuse from the library."""

from dataclasses import replace

import pytest

from s2s.bugs import BUGS, active_bug
from s2s.errors import S2SError
from s2s.live.experiments import EXPOSURE_BIAS, ExperimentRunner, matching_run, plan
from s2s.live.job import JobTiming, TrainingJob
from s2s.live.runspec import RunSpec

from .test_job import wait_for

pytestmark = pytest.mark.timeout(600)
BASE = RunSpec.make("small", max_words=5, device="cpu")


def test_each_bug_is_planned_beside_its_correct_run_with_one_budget():
    for key, bug in BUGS.items():
        correct, broken = plan(key, BASE, "small", 60)
        assert active_bug(correct.model, correct.train) is None and active_bug(broken.model, broken.train).key == key
        assert correct.model.kind == broken.model.kind == bug.kind
        assert correct.budget_s == broken.budget_s == 60 and correct.group == broken.group
        assert (correct.corpus, correct.max_words) == (broken.corpus, broken.max_words) == ("builtin", 5)
    ratios = [s.train.teacher_forcing for s in plan(EXPOSURE_BIAS, BASE, "small", 60)]
    assert ratios == [1.0, 0.5, 0.0]
    with pytest.raises(S2SError):
        plan("no_such", BASE, "small", 60)
    with pytest.raises(S2SError):
        plan(EXPOSURE_BIAS, BASE, "small", 0)


def test_a_run_is_reused_only_with_the_same_settings_and_about_the_same_training_time(tmp_path):
    from .runs_support import store_run

    info = store_run(tmp_path, "stored", steps=4)
    spec = replace(info.spec, name="another name", group="g", budget_s=info.train_seconds)
    assert matching_run([info], spec) is info
    assert matching_run([info], replace(spec, budget_s=info.train_seconds * 2)) is None
    assert matching_run([info], replace(spec, train=replace(spec.train, teacher_forcing=0.0))) is None


def test_the_runner_trains_the_runs_one_after_another_then_reports_them(tmp_path):
    job = TrainingJob(home=tmp_path, timing=JobTiming(eval_every_s=0.3, probe_every_s=0.3))
    job.start(BASE)
    runner = ExperimentRunner(job, poll_s=0.05)
    try:
        runner.start("zero_start", plan("zero_start", BASE, "small", 0.5))
        assert wait_for(lambda: runner.progress().done or runner.progress().failed, timeout=300)
        progress = runner.progress()
        assert progress.done and not progress.failed and progress.reused == (False, False)
        runs = {r.id: r for r in job.library.list().runs}
        first, second = (runs[i] for i in progress.run_ids)
        assert first.bug == "" and second.bug == "zero_start"
        assert first.train_seconds >= 0.5 and second.train_seconds >= 0.5  # each trained for its budget
        assert job.snapshot().library_id == second.id and "budget" in job.snapshot().message
        with pytest.raises(S2SError, match="already running"):
            runner._progress = replace(progress, done=False)
            runner.start("zero_start", [])
    finally:
        runner.cancel()
        job.stop(save=False)
