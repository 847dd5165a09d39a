"""How many students can this machine serve: N simulated viewers on a running app server.

Each viewer is one browser tab on one page (tools/load_viewer.py speaks Streamlit's websocket protocol):
it opens the page, then re-runs the page's live fragments on the interval the server asks for, as a
browser does. With --interact, that fraction of the viewers also changes the shared sentence (or moves a
slider) every --every seconds and times its own page's answer. At the end it prints ONE JSON line:

  connected, runs, errors, exceptions; fragment_p50_s / p95_s / max_s (fragment reruns); load_p95_s (first
  page loads); interacting, interact_p95_s (their own page's answer); train_steps_per_s (from the sidebar's
  "step N · epoch E"); step_gap_max_s and step_gap_p95_s (per viewer, once its page has loaded, the longest
  wait between seeing the training step advance), and settled_gap_max_s / settled_gap_p95_s (the same once
  every viewer has connected and --settle seconds have passed, as training speed is); server_rss_mb (peak)
  and server_cpu (cores used on average).

usage (from the repository root, server already running, see the README "Running it for a class"):
  nice -n 19 python tools/load.py --viewers 60 --seconds 60
  nice -n 19 python tools/load.py --viewers 60 --seconds 60 --interact 0.2 --every 10
  nice -n 19 python tools/load.py --viewers 61 --seconds 40 --poll 4    # a teacher and 60 students voting
With --poll K the first tab is a teacher who opens a poll with K choices once everyone is connected, the
others vote within --think seconds, and the teacher reveals after --window seconds (tools/load_poll.py);
the line then adds poll_* fields: votes sent and confirmed, vote latency, and whether the revealed counts
are exactly the votes cast.
The clock starts once the first viewer's page has loaded (a fresh server starts its training job then).
It only connects to this machine (loopback) and is bounded: at most 500 viewers for at most 15 minutes
(plus at most two minutes for that first page).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_poll import PollTally, Student, Teacher, poll_report  # noqa: E402
from load_viewer import Tab, Tally  # noqa: E402  (a sibling script, not a package)

PAGES = "training,home,encoder,decoder,beam,bottleneck"
MAX_VIEWERS, MAX_SECONDS = 500, 900
COLD_START_S = 120.0  # how long the first page may take on a server that has not started its job yet
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def listener_pid(port: int) -> int | None:
    """The pid of the process listening on TCP `port` (from /proc; None when not found or not Linux)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            cols = row.split()
            if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(f"socket:[{cols[9]}]")
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) in inodes for fd in fd_dir.iterdir()):
                return int(fd_dir.parent.name)
        except OSError:
            continue
    return None


class ServerWatch:
    """ samples the server's resident memory (peak) and CPU time from /proc """

    def __init__(self, pid: int | None):
        self.pid, self.peak_kb = pid, 0
        self.start = (time.monotonic(), self._cpu())

    def _cpu(self) -> float | None:
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
        except (OSError, IndexError, TypeError):
            return None

    def sample(self) -> None:
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    self.peak_kb = max(self.peak_kb, int(line.split()[1]))
        except OSError:
            pass

    async def watch(self, tally: Tally) -> None:
        while time.monotonic() < tally.until:  # read each time: a poll run may end early (--end-at-reveal)
            self.sample()
            await asyncio.sleep(1.0)

    def report(self) -> dict:
        cpu, (t0, cpu0) = self._cpu(), self.start
        used = round((cpu - cpu0) / (time.monotonic() - t0), 2) if cpu is not None and cpu0 is not None else None
        return {"server_pid": self.pid, "server_rss_mb": round(self.peak_kb / 1024) if self.peak_kb else None,
                "server_cpu": used}


def quantile(values: list[float], q: float) -> float | None:
    """The q-quantile (nearest rank) in seconds, rounded to milliseconds; None when there is nothing."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)


def steps_per_s(steps: list[tuple[float, int]], since: float) -> float | None:
    """Training speed from the steps the viewers saw after `since` (all viewers connected)."""
    seen = sorted(s for s in steps if s[0] >= since)
    if len(seen) < 2 or seen[-1][0] - seen[0][0] < 1.0:
        seen = sorted(steps)  # a short run: measure over all of it
    if len(seen) < 2 or seen[-1][0] - seen[0][0] < 1.0 or seen[-1][1] < seen[0][1]:
        return None  # too short, or a new run started meanwhile
    return round((seen[-1][1] - seen[0][1]) / (seen[-1][0] - seen[0][0]), 2)


def settled_waits(advances: list[list[float]], since: float) -> list[float]:
    """Each tab's longest wait for the step to advance once the class has settled (after `since`): the
    arrival of many tabs at once is a burst no class repeats, the minutes of watching after it are the lesson.
    A tab's list holds the times it saw the step advance, then the time it stopped."""
    waits = []
    for times in advances:
        later = [since, *(t for t in times if t > since)]
        if len(later) > 1:
            waits.append(max(b - a for a, b in zip(later, later[1:])))
    return waits


def summary(args, tally: Tally, watch: ServerWatch, all_in: float) -> dict:
    lat = tally.latencies
    return {
        "viewers": args.viewers, "seconds": args.seconds, "pages": args.pages, "connected": tally.connected,
        "runs": sum(len(v) for v in lat.values()), "errors": tally.errors, "exceptions": tally.exceptions,
        "fragment_runs": len(lat["fragment"]), "fragment_p50_s": quantile(lat["fragment"], 0.5),
        "fragment_p95_s": quantile(lat["fragment"], 0.95), "fragment_max_s": quantile(lat["fragment"], 1.0),
        "load_p95_s": quantile(lat["load"], 0.95), "interacting": tally.interacting,
        "interactions": len(lat["interact"]), "interact_p95_s": quantile(lat["interact"], 0.95),
        "interact_max_s": quantile(lat["interact"], 1.0), "train_steps_per_s": steps_per_s(tally.steps, all_in),
        "step_gap_max_s": quantile(tally.step_gaps, 1.0), "step_gap_p95_s": quantile(tally.step_gaps, 0.95),
        "settled_gap_max_s": quantile(settled := settled_waits(tally.advances, all_in), 1.0),
        "settled_gap_p95_s": quantile(settled, 0.95),
        **watch.report(), **{f"first_{k}": v for k, v in tally.first_text.items()},
    }


async def load(args) -> dict:
    """Open the first tab and wait for its page (a cold server starts its training job then), start the
    clock, and open the others one by one."""
    tally, pages = Tally(until=time.monotonic() + COLD_START_S), args.pages.split(",")
    slots = [round(args.interact * args.viewers)]  # shared: the first tabs that find the widget take these
    action = args.action if slots[0] else None
    tabs = [Tab(pages[i % len(pages)], tally, action, args.every, slots) for i in range(args.viewers)]
    if args.poll:
        poll = PollTally(args.poll)
        students = [Student(pages[i % len(pages)], tally, poll, i % args.poll, args.think)
                    for i in range(args.viewers - 1)]
        tabs = [Teacher(tally, poll, args.window, args.viewers, end_after=args.end_at_reveal), *students]
    tasks = [asyncio.create_task(tabs[0].run(args.url))]
    while not (tally.latencies["load"] or tally.errors) and time.monotonic() < tally.until:
        await asyncio.sleep(0.05)
    tally.until = time.monotonic() + args.seconds
    watch = ServerWatch(args.server_pid or listener_pid(urlparse(args.url).port or 80))
    tasks.append(asyncio.create_task(watch.watch(tally)))
    for tab in tabs[1:]:
        tasks.append(asyncio.create_task(tab.run(args.url)))
        await asyncio.sleep(args.ramp)
    all_in = time.monotonic() + args.settle
    if args.poll:
        tabs[0].open_at = all_in
    await asyncio.gather(*tasks)
    return summary(args, tally, watch, all_in) | (poll_report(poll, args.viewers - 1) if args.poll else {})


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8501", help="the app server (this machine only)")
    parser.add_argument("--pages", default=PAGES, help="comma-separated page paths, viewers spread over them")
    parser.add_argument("--viewers", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--interact", type=float, default=0.0, help="fraction of viewers that interact")
    parser.add_argument("--every", type=float, default=10.0, help="seconds between one viewer's interactions")
    parser.add_argument("--action", choices=["sentence", "slider"], default="sentence",
                        help="change the shared sentence, or move the page's first (non-training) slider")
    parser.add_argument("--ramp", type=float, default=0.1, help="seconds between two viewers connecting")
    parser.add_argument("--settle", type=float, default=5.0,
                        help="seconds after the last viewer connects before training speed is measured")
    parser.add_argument("--poll", type=int, default=0, help="a teacher opens a poll with this many choices (2-6)")
    parser.add_argument("--think", type=float, default=5.0, help="a student votes within this many seconds")
    parser.add_argument("--window", type=float, default=10.0, help="seconds from opening the poll to the reveal")
    parser.add_argument("--end-at-reveal", type=float, metavar="S",
                        help="with --poll: end S seconds after the teacher has read the revealed counts, before "
                             "--seconds is up (what a test of the poll's rules needs; a load measurement runs on)")
    parser.add_argument("--server-pid", type=int, help="the server's pid (default: the process on the URL's port)")
    args = parser.parse_args(argv)
    if urlparse(args.url).hostname not in LOOPBACK:
        parser.error("the load tool only connects to this machine (127.0.0.1 / localhost)")
    if not (1 <= args.viewers <= MAX_VIEWERS and 0 < args.seconds <= MAX_SECONDS and 0 <= args.interact <= 1):
        parser.error(f"viewers must be 1..{MAX_VIEWERS}, seconds 0..{MAX_SECONDS}, interact 0..1")
    if args.poll and not (2 <= args.poll <= 6 and args.viewers >= 2 and 0 <= args.think <= args.window):
        parser.error("--poll takes 2..6 choices and needs a teacher and a student; --think must not exceed --window")
    if args.end_at_reveal is not None and not (args.poll and args.end_at_reveal >= 0):
        parser.error("--end-at-reveal takes a number of seconds (0 or more) and needs --poll")
    if args.every <= 0 or args.ramp < 0:
        parser.error("--every must be positive and --ramp not negative")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    print(json.dumps(asyncio.run(load(args))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
