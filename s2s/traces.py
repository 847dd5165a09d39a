"""Plain-data views of decoding traces, for `translate --json` and for exports.

Traces are dataclasses holding tensors; JSON wants lists and numbers. Floats are rounded to six
decimals, which keeps a trace readable without changing anything a person could see.
"""

from __future__ import annotations

import dataclasses
import math

import torch


def trace_to_dict(obj):
    """Recursively turn a trace (dataclasses, tensors, lists, dicts) into JSON-ready data."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        data = {f.name: trace_to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        for name in ("text", "score"):
            if isinstance(getattr(type(obj), name, None), property):
                data[name] = trace_to_dict(getattr(obj, name))
        return data
    if isinstance(obj, torch.Tensor):
        return trace_to_dict(obj.tolist())
    if isinstance(obj, dict):
        return {str(k): trace_to_dict(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [trace_to_dict(v) for v in obj]
    if isinstance(obj, float):
        return round(obj, 6) if math.isfinite(obj) else None
    return obj
