"""Training on several processes with PyTorch DistributedDataParallel, for `torchrun`.

`torchrun --nproc-per-node N -m s2s train ...` starts N copies of the trainer. Each one (a "rank")
trains on every N-th batch of the same seeded epoch order, and DDP averages the gradients so all ranks
take the same update and keep identical weights. Only rank 0 prints progress and writes checkpoints.
Backend: gloo on the CPU, nccl on CUDA. Nothing here runs when WORLD_SIZE is unset (one process).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel


@dataclass(frozen=True)
class World:
    """ where this process stands among its peers """

    rank: int = 0
    size: int = 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.size > 1


def current_world() -> World:
    """Read torchrun's environment (RANK, WORLD_SIZE); a single process is rank 0 of 1."""
    return World(int(os.environ.get("RANK", 0)), int(os.environ.get("WORLD_SIZE", 1)))


def init(world: World, device: torch.device) -> torch.device:
    """Join the process group and pick this rank's device (its own GPU under CUDA)."""
    if not world.distributed:
        return device
    if device.type == "cuda":
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0)))
        torch.cuda.set_device(device)
    if not dist.is_initialized():
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return device


def wrap(model: torch.nn.Module, device: torch.device) -> torch.nn.Module:
    """The module the training step calls: DDP around the model (dense embedding gradients for DDP)."""
    for embedding in (model.encoder.embedding, model.decoder.embedding):
        embedding.sparse = False  # DDP's gradient buckets expect dense gradients
    return DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)


def shard(batches: list, world: World) -> list:
    """This rank's share of an epoch: every size-th batch, the same count on every rank (no rank waits)."""
    if not world.distributed:
        return batches
    n_each = len(batches) // world.size
    return batches[world.rank: n_each * world.size: world.size]


def any_rank(flag: bool, world: World, device: torch.device | None = None) -> bool:
    """True on every rank when the flag is true on at least one (e.g. 'time is up'), so all stop together."""
    if not world.distributed:
        return flag
    tensor = torch.tensor([1.0 if flag else 0.0], device=device if device and device.type == "cuda" else None)
    dist.all_reduce(tensor, op=dist.ReduceOp.MAX)
    return bool(tensor.item())


def barrier(world: World) -> None:
    if world.distributed:
        dist.barrier()


def finish(world: World) -> None:
    if world.distributed and dist.is_initialized():
        dist.destroy_process_group()
