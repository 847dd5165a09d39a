"""`python -m s2s prepare | experiment`: runs for class, trained ahead of time into the app's run library.

`prepare` trains a classic and an attention model with the same preset, corpus, seed and training time
(the sum of their steps' time, so evaluations do not eat into either budget), so the Compare page can set
them side by side fairly and a lecture needs no cold start; the app's *Load the prepared runs* button finds
them by their group. `experiment` trains a ready-made experiment's runs (s2s/live/experiments.py), one after
another or, with --parallel, side by side in separate processes on a machine with cores to spare.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import time

import torch
from tqdm import tqdm

from s2s.errors import S2SError
from s2s.live.experiments import plan
from s2s.live.library import RunInfo, RunLibrary
from s2s.live.runspec import RunSpec, build_trainer, run_home
from s2s.train import fit

PREPARED_KINDS = ("classic", "attention")


def prepared_specs(preset_name: str, corpus: str, corpus_name: str) -> list[RunSpec]:
    """The prepared pair: the same settings, one classic and one attention model."""
    return [RunSpec.make(preset_name, kind=kind, corpus=corpus, corpus_name=corpus_name) for kind in PREPARED_KINDS]


def train_for(spec: RunSpec, seconds: float, show: bool = True):
    """A trainer trained from `spec` for `seconds` of training time, evaluated about 20 times on the way."""
    trainer, report = build_trainer(spec)
    bar = tqdm(total=round(seconds), unit="s", desc=f"{spec.model.kind:9s}", file=sys.stderr, disable=not show)

    def on_step(_stats) -> None:
        bar.update(max(0, min(round(trainer.history.train_seconds), bar.total) - bar.n))
    fit(trainer, on_step=on_step, should_stop=lambda: trainer.history.train_seconds >= seconds,
        eval_every_s=max(5.0, seconds / 20))
    bar.close()
    trainer.evaluate(limit=500)
    return trainer


def cmd_prepare(args) -> int:
    """Train the pair, store both in the library (group 'prepared-…'), print one JSON line per run."""
    if args.minutes <= 0:
        raise S2SError("give a positive --minutes (training time of each model)")
    corpus_name = "built-in corpus" if args.corpus == "builtin" else args.corpus
    specs = prepared_specs(args.preset, args.corpus, corpus_name)
    library = RunLibrary(args.home or run_home())
    group = f"prepared-{time.strftime('%Y%m%d-%H%M%S')}"
    for spec in specs:
        trainer = train_for(spec, args.minutes * 60)
        name = f"prepared {spec.model.kind} · {spec.preset}"
        info = library.save(library.new_id(name), trainer, spec, name=name, origin="prepared", group=group)
        _report(info, library)
    return 0


def _report(info: RunInfo, library: RunLibrary) -> None:
    print(json.dumps({"id": info.id, "name": info.name, "steps": info.step,
                      "train_seconds": round(info.train_seconds, 1), "valid_bleu": round(info.bleu or 0.0, 2),
                      "library": str(library.root)}), flush=True)


def _train_and_store(job: tuple[RunSpec, str, float]) -> RunInfo:
    """One experiment run, trained and saved (also in a worker process, on one CPU thread)."""
    spec, home, seconds = job
    if multiprocessing.parent_process() is not None:
        torch.set_num_threads(1)
    trainer = train_for(spec, seconds, show=multiprocessing.parent_process() is None)
    library = RunLibrary(home)
    return library.save(library.new_id(spec.name), trainer, spec, name=spec.name, origin="experiment",
                        group=spec.group)


def cmd_experiment(args) -> int:
    """Train an experiment's runs into the library (in parallel with --parallel); one JSON line per run."""
    base = RunSpec.make(args.preset, corpus=args.corpus,
                        corpus_name="built-in corpus" if args.corpus == "builtin" else args.corpus)
    specs = plan(args.name, base, args.preset, args.seconds)
    home = str(args.home or run_home())
    jobs = [(spec, home, args.seconds) for spec in specs]
    if args.parallel:
        with multiprocessing.get_context("spawn").Pool(len(jobs)) as pool:
            infos = pool.map(_train_and_store, jobs)
    else:
        infos = [_train_and_store(job) for job in jobs]
    for info in infos:
        _report(info, RunLibrary(home))
    return 0
