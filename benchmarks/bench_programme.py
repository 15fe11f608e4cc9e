"""Benchmark: the programme report of several events vs their day reports, warm parse cache.

Prints figures, asserts nothing. Every run is a fresh `insights` process (as `make report` and
`make programme` start one), all sharing one parse cache in a temporary folder
(``$INSIGHTS_CACHE``), never the project's:

1. each day report once, cold (this fills the parse cache);
2. the programme report once, its parse cache warm from the day reports (its combined token
   table is not cached yet: terms are assigned again);
3. ``--rounds`` rounds of: each day report, then the programme report, all warm. Rounds
   interleave the runs so that a change in the machine's load hits both sides; the summary
   compares the medians and the minima.

    .venv/bin/python benchmarks/bench_programme.py [--event DIR --event DIR ...] [--rounds 2]
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVENTS = [ROOT / "data/raw/rennes-2019-11-28", ROOT / "data/raw/aubusson-2020-02-06"]


def _run(args: list[str], cache: Path) -> float:
    """Run ``insights *args`` with the parse cache in ``cache``; return its seconds."""
    env = dict(os.environ, INSIGHTS_CACHE=str(cache))
    insights = Path(sys.executable).with_name("insights")
    t0 = time.perf_counter()
    subprocess.run([str(insights), *args], env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _load() -> str:
    return f"load {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--event", type=Path, action="append", default=None,
                        help="an event folder (repeat; default: the two sample events)")
    parser.add_argument("--rounds", type=int, default=2, help="warm rounds (default 2)")
    args = parser.parse_args()
    events = args.event or DEFAULT_EVENTS
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    print(f"machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}")
    print(f"events: {', '.join(e.name for e in events)}")
    with tempfile.TemporaryDirectory() as tmp:
        root, cache = Path(tmp), Path(tmp) / "cache"
        for e in events:
            seconds = _run(["report", str(e), "--out", str(root / f"day-{e.name}")], cache)
            print(f"day report {e.name}, cold (fills the parse cache): {seconds:6.1f} s  ({_load()})")
        programme = ["programme", *map(str, events), "--out", str(root / "programme")]
        first = _run(programme, cache)
        print(f"programme report, parse cache warm from the day reports: {first:6.1f} s  "
              f"({_load()})")
        days, progs = [], []
        for r in range(1, args.rounds + 1):
            day = [_run(["report", str(e), "--out", str(root / f"day-{e.name}")], cache)
                   for e in events]
            prog = _run(programme, cache)
            days.append(sum(day))
            progs.append(prog)
            print(f"round {r}: day reports " + " + ".join(f"{d:.1f}" for d in day)
                  + f" = {sum(day):6.1f} s   programme {prog:6.1f} s   "
                  f"ratio {prog / sum(day):.2f}  ({_load()})")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        med_d, med_p = statistics.median(days), statistics.median(progs)
        print(f"warm, median of {args.rounds} rounds: day reports together {med_d:.1f} s, "
              f"programme {med_p:.1f} s, ratio {med_p / med_d:.2f}")
        print(f"warm, minimum: day reports together {min(days):.1f} s, programme "
              f"{min(progs):.1f} s, ratio {min(progs) / min(days):.2f}")
        n_prog = len(list((root / "programme" / "figures").glob("*.png")))
        n_days = sum(len(list((root / f"day-{e.name}" / "figures").glob("*.png")))
                     for e in events)
        print(f"figures drawn: programme {n_prog}, day reports {n_days}; "
              f"peak RSS of any run {peak:.0f} MiB")


if __name__ == "__main__":
    main()
