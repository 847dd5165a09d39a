"""How training is made fast without changing what it learns: precision, optimizer, gradient layout.

- bf16 autocast where the hardware runs it natively (CUDA GPUs with bf16, CPUs with AMX tiles): the
  matrix products run in bfloat16 while weights, the optimizer and the loss stay float32. Elsewhere bf16
  would be emulated and slower, so `auto` keeps float32 there.
- Adam's fused kernel: one pass over all parameters instead of one small op per tensor and state.
- Sparse embedding gradients: a free-running decoder looks up its embedding once per word, and each dense
  lookup gradient would be a full [vocab, embed] tensor. Sparse gradients are summed cheaply and made
  dense once before clipping, so clipping and Adam see exactly the same numbers.
"""

from __future__ import annotations

import contextlib

import torch


def _cpu_has_amx() -> bool:
    probe = getattr(torch.cpu, "_is_amx_tile_supported", None)
    try:
        return bool(probe and probe())
    except RuntimeError:
        return False


def autocast_dtype(device: torch.device, precision: str) -> torch.dtype | None:
    """bfloat16 when autocast should be on for this device and setting, else None."""
    if precision == "fp32":
        return None
    if precision == "bf16":
        return torch.bfloat16
    if device.type == "cuda":
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else None
    if device.type == "cpu":
        return torch.bfloat16 if _cpu_has_amx() else None
    return None


def autocast(device: torch.device, precision: str):
    """A context manager running the forward pass in the chosen precision (a no-op for float32)."""
    dtype = autocast_dtype(device, precision)
    if dtype is None:
        return contextlib.nullcontext()
    return torch.autocast(device_type=device.type, dtype=dtype)


def make_optimizer(params, lr: float, device: torch.device) -> torch.optim.Adam:
    """Adam with the fused kernel where torch has one for this device, else the default."""
    params = list(params)
    if device.type in ("cpu", "cuda"):
        try:
            return torch.optim.Adam(params, lr=lr, fused=True)
        except (RuntimeError, TypeError, ValueError):
            pass
    return torch.optim.Adam(params, lr=lr)


def densify_grads(model: torch.nn.Module) -> None:
    """Turn sparse gradients (from the embeddings) into dense ones before clipping and the update."""
    for param in model.parameters():
        if param.grad is not None and param.grad.is_sparse:
            param.grad = param.grad.to_dense()
