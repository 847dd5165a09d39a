"""Shrink a trained checkpoint into the test fixture `tests/fixtures/classic-10min.pt` (or another path).

The lecture tests need a model trained well (the built-in corpus, classic, 10 minutes), which CI cannot train
in its time budget, so one is kept in the repository. To keep it small this drops the optimizer state (the
tests inspect, they do not resume training) and stores the weights in float16; loading copies them back into
the float32 model (about 7.6 MB instead of 46 MB). Made with:

    python -m s2s train --corpus builtin --minutes 10 --precision fp32 --out /tmp/classic10.pt
    python tools/make_fixture.py /tmp/classic10.pt tests/fixtures/classic-10min.pt
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import torch

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint")
    parser.add_argument("out")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from s2s.checkpoint import write_atomic

    payload = torch.load(args.checkpoint, map_location="cpu", weights_only=True)
    payload["optimizer_state"] = None
    payload["model_state"] = {k: v.half() if v.is_floating_point() else v for k, v in payload["model_state"].items()}
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    write_atomic(Path(args.out), buffer.getbuffer())
    print(f"{args.out}: {len(buffer.getbuffer()) / 1e6:.1f} MB, step {payload['step']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
