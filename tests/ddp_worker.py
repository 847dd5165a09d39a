"""Run under torchrun by tests/test_distributed.py: a few DDP steps, then each rank saves its weights."""

import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from s2s import distributed  # noqa: E402
from s2s.build import new_trainer
from s2s.config import TrainConfig, preset  # noqa: E402
from s2s.data import load_builtin, training_split  # noqa: E402


def main(out_dir: str, steps: int) -> None:
    world = distributed.current_world()
    device = distributed.init(world, torch.device("cpu"))
    torch.set_num_threads(1)
    pairs, _ = load_builtin()
    split = training_split(pairs[:2000], seed=0)
    trainer = new_trainer(split, preset("small", embed_dim=16, hidden_dim=32), TrainConfig(batch_size=16), device)
    trainer.distribute(world)
    first = trainer.next_batch()
    trainer._queue.append(first)
    for _ in range(steps):
        trainer.train_step()
    state = {k: v.detach().clone() for k, v in trainer.model.state_dict().items()}
    torch.save({"state": state, "first_batch": list(first.indices)}, Path(out_dir) / f"rank{world.rank}.pt")
    distributed.barrier(world)
    distributed.finish(world)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
