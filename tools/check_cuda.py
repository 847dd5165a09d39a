"""The CUDA path, end to end, on a machine with an NVIDIA GPU: one JSON line per check, exit 1 on a failure.

CI and the project machines have no GPU, so this is run by hand where one is lent (see README, "Using a GPU"):
training steps for both model kinds in bf16 autocast and in fp32, evaluation, the NaN rollback with optimizer
state on the GPU, the live job (pause, a CPU copy for inspection, greedy and beam on it), a checkpoint written
on the GPU and restored on the CPU, the command line, and DDP over NCCL with one process.

    python tools/check_cuda.py [--steps 200]
    python tools/check_cuda.py --device cpu --steps 5   # the same checks on the CPU (DDP over gloo): a dry run
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from s2s.beam import beam_search  # noqa: E402
from s2s.build import new_trainer, restore_trainer  # noqa: E402
from s2s.checkpoint import load_checkpoint  # noqa: E402
from s2s.config import TrainConfig, preset  # noqa: E402
from s2s.data import CorpusFilter, load_corpus, training_split  # noqa: E402
from s2s.decode import greedy  # noqa: E402
from s2s.live.job import JobTiming, TrainingJob  # noqa: E402
from s2s.live.rollback import LastGood  # noqa: E402
from s2s.live.runspec import RunSpec  # noqa: E402

FAILURES: list[str] = []
DEVICE = "cuda"  # --device


def report(check: str, ok: bool, **figures) -> None:
    print(json.dumps({"check": check, "ok": ok, **figures}), flush=True)
    if not ok:
        FAILURES.append(check)


def sync() -> None:
    if DEVICE == "cuda":
        torch.cuda.synchronize()


def train_steps(split, kind: str, precision: str, steps: int) -> None:
    """Loss must fall and stay finite; steps/s is reported (after 5 warm-up steps)."""
    trainer = new_trainer(split, preset("classic", kind=kind), TrainConfig(precision=precision, seed=0), DEVICE)
    losses = [trainer.train_step().loss for _ in range(5)]
    sync()
    start = time.perf_counter()
    losses += [trainer.train_step().loss for _ in range(steps)]
    sync()
    rate = steps / (time.perf_counter() - start)
    result = trainer.evaluate(limit=300)
    first, last = sum(losses[:5]) / 5, sum(losses[-20:]) / 20
    learned = all(map(math.isfinite, losses)) and (last < first or steps < 20)  # a dry run is too short to tell
    report(f"train {kind} {precision}", learned, steps_per_s=round(rate, 1), loss_first=round(first, 3),
           loss_last=round(last, 3), valid_bleu=round(result["bleu"], 1))


def rollback_on_gpu(split) -> None:
    """A NaN written into a weight on the GPU: the kept copy (model and Adam state) comes back exactly."""
    trainer = new_trainer(split, preset("small"), TrainConfig(seed=0), DEVICE)
    for _ in range(3):
        trainer.train_step()
    good = LastGood()
    kept = [v.clone() for v in all_tensors(trainer)]
    good.take(trainer, trainer.step)
    trainer.model.decoder.out.bias.data[4] = float("nan")
    trainer.train_step()  # the NaN spreads into the Adam state too
    restored = good.restore(trainer)
    now = all_tensors(trainer)
    same = len(now) == len(kept) and all(torch.equal(a, b) for a, b in zip(kept, now))
    report("rollback with optimizer state on the device", restored and same, n_tensors=len(now))


def all_tensors(trainer) -> list[torch.Tensor]:
    """Every tensor of the model and of Adam's per-parameter state, in a fixed order."""
    state = trainer.optimizer.state_dict()["state"]
    return [*trainer.model.state_dict().values(), *(v for i in sorted(state) for _, v in sorted(state[i].items()))]


def live_job(home: Path) -> None:
    """The background job on CUDA: it trains, pauses, hands out a CPU copy, and its checkpoint loads on the CPU."""
    job = TrainingJob(home=home, timing=JobTiming(eval_every_s=2.0, probe_every_s=1.0))
    job.start(replace(RunSpec.make("small"), max_words=8, device=DEVICE))
    deadline = time.time() + 120
    while job.snapshot().step < 50 and time.time() < deadline:
        time.sleep(0.1)
    job.pause()
    snap = job.snapshot()
    view = job.inspect_model()
    trace = greedy(view.model, "i love you", view.src_vocab, view.tgt_vocab)
    beam = beam_search(view.model, "i love you", view.src_vocab, view.tgt_vocab, width=4)
    path = job.save(home / "gpu.pt")
    job.stop(save=False)
    restored = restore_trainer(load_checkpoint(path), view.split, "cpu")
    report("live job on the device", snap.step >= 50 and snap.device.startswith(DEVICE)
           and next(view.model.parameters()).device.type == "cpu" and restored.step == snap.step,
           device=snap.device, step=snap.step, greedy=" ".join(trace.words), beam=beam.best.text)


def command_line(home: Path) -> None:
    out = home / "cli.pt"
    train = subprocess.run([sys.executable, "-m", "s2s", "train", "--corpus", "builtin", "--max-words", "6",
                            "--preset", "small", "--device", DEVICE, "--minutes", "0.3", "--out", str(out)],
                           cwd=ROOT, capture_output=True, text=True, timeout=180)
    said = subprocess.run([sys.executable, "-m", "s2s", "translate", "--checkpoint", str(out), "i love you"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    report("cli train on the device, translate", train.returncode == 0 and said.returncode == 0,
           translation=said.stdout.strip(), stderr=(train.stderr + said.stderr)[-300:])


def ddp_nccl(home: Path) -> None:
    out = home / "ddp.pt"
    run = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "1", "-m", "s2s",
                          "train", "--corpus", "builtin", "--max-words", "5", "--preset", "small", "--device",
                          DEVICE, "--epochs", "1", "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    report("torchrun DDP (NCCL on cuda, gloo on cpu)", run.returncode == 0 and out.exists(), stderr=run.stderr[-300:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--device", default="cuda", choices=["cuda", "cpu"], help="cpu: a dry run of the script")
    args = parser.parse_args()
    global DEVICE
    DEVICE = args.device
    if DEVICE == "cuda" and not torch.cuda.is_available():
        report("cuda available", False)
        return 1
    name = torch.cuda.get_device_name(0) if DEVICE == "cuda" else "cpu"
    report("device", True, device=name, torch=torch.__version__)
    pairs, _ = load_corpus("builtin", CorpusFilter.from_options(max_words=10))
    split = training_split(pairs)
    for kind in ("classic", "attention"):
        for precision in ("auto", "fp32"):
            train_steps(split, kind, precision, args.steps)
    rollback_on_gpu(split)
    with tempfile.TemporaryDirectory() as tmp:
        live_job(Path(tmp))
        command_line(Path(tmp))
        ddp_nccl(Path(tmp))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
