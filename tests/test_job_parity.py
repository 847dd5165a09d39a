"""Pages cannot tell the three kinds of job apart: every job attribute a page uses exists on each of them.

The server gives pages a TrainingJob (training in a thread), a ProcessJob (training in a child process) or a
FollowedRun (a follower server). A page written against one must work with the others, so this test reads
the pages for `job.<name>` and `get_job().<name>` and checks every name on every class, without starting any.
"""

import re
from pathlib import Path

import pytest

from s2s.live.follow import FollowedRun
from s2s.live.job import TrainingJob
from s2s.live.process import ProcessJob

REPO = Path(__file__).resolve().parent.parent
USE = re.compile(r"\b(?:job|get_job\(\))\.([a-zA-Z_]\w*)")
OWN = {"pages/_job.py"}  # builds the jobs: it may use what belongs to one kind (a thread job's files)


def used_names() -> set[str]:
    names = set()
    for path in [REPO / "app.py", *sorted((REPO / "pages").glob("*.py"))]:
        if str(path.relative_to(REPO)) not in OWN:
            names |= set(USE.findall(path.read_text(encoding="utf-8")))
    return names


def test_the_pages_use_the_jobs_readings_and_controls():
    assert {"snapshot", "inspect_model", "pause", "resume", "step", "set_hyper"} <= used_names()


@pytest.mark.parametrize("kind", [TrainingJob, ProcessJob, FollowedRun])
def test_every_name_a_page_uses_exists_on_each_kind_of_job(kind):
    missing = sorted(name for name in used_names() if not hasattr(kind, name))
    assert not missing, f"{kind.__name__} lacks {missing}: add them there (ProcessJob forwards to its child, " \
                        "FollowedRun reads the publication or refuses)"
