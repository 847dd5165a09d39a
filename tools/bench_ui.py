"""UI latency benchmark: each page's script run time with training running vs paused (AppTest).

Run from the repository root: `python tools/bench_ui.py [--preset classic] [--runs 8]`. It starts the
app's shared TrainingJob in this process (as the Streamlit server does), times `AppTest.run()` of
each page while the job trains and again while it is paused, and prints one JSON line per page with
the median seconds and the running/paused ratio; `new_session_s` is a page's first run in a session of
its own while paused (another student opening it: what the class shares is already computed). Lives
outside `s2s/` because it imports streamlit.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGES = {name: f"pages/{name}.py" for name in ("home", "training", "data_vocab", "encoder", "decoder",
                                                "teacher_forcing", "beam", "bottleneck", "shapes")}


def time_page(page: str, runs: int) -> float:
    """Median seconds of one script run of `page` (after one warm-up run)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.switch_page(page).run()
    if at.exception:
        raise SystemExit(f"{page} raised: {at.exception[0].value}")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_new_sessions(page: str, runs: int) -> float:
    """Median seconds of `page`'s first run in each of `runs` new sessions (after one that computes the shared)."""
    from streamlit.testing.v1 import AppTest

    times = []
    for _ in range(runs + 1):
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
        start = time.perf_counter()
        at.switch_page(page).run()
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="classic", choices=["small", "classic"])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of training before timing")
    args = parser.parse_args()
    os.environ.setdefault("S2S_HOME", tempfile.mkdtemp(prefix="s2s-bench-"))
    os.environ["S2S_PRESET"] = args.preset
    sys.path.insert(0, str(REPO))
    from pages._ui import get_job

    job = get_job()
    time.sleep(args.warmup)
    for name, page in PAGES.items():
        job.resume()
        time.sleep(1.0)
        running = time_page(page, args.runs)
        job.pause()
        time.sleep(1.0)
        paused = time_page(page, args.runs)
        fresh = time_new_sessions(page, args.runs)
        print(json.dumps({"page": name, "preset": args.preset, "running_s": round(running, 4),
                          "paused_s": round(paused, 4), "ratio": round(running / paused, 2),
                          "new_session_s": round(fresh, 4)}), flush=True)
    print(json.dumps(beam_latency(job)), flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(json.dumps({"peak_rss_mb": round(peak_mb), "preset": args.preset,
                      "note": "this process: the training job plus every page rendered, like the app server"}))
    job.stop(save=False)
    return 0


def beam_latency(job, runs: int = 20) -> dict:
    """Median milliseconds of beam search with width 5 and up to 20 steps on the live model (CPU copy)."""
    from s2s.beam import beam_search

    view = job.inspect_model()
    sentence = "the man who lives near the station is reading a book and the woman is drinking a coffee"
    times, steps = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        trace = beam_search(view.model, sentence, view.src_vocab, view.tgt_vocab, width=5, max_len=20)
        times.append(time.perf_counter() - start)
        steps = max(n.step for n in trace.nodes)
    return {"beam_width": 5, "max_len": 20, "steps_run": steps, "median_ms": round(1000 * statistics.median(times), 1),
            "model_step": view.step}


if __name__ == "__main__":
    sys.exit(main())
