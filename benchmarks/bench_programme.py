"""Benchmark: the programme report of several events vs their day reports, warm parse cache.

Prints figures, asserts nothing. Every run is a fresh `insights` process (as `make report` and
`make programme` start one), all sharing one parse cache in a temporary project folder:

1. each day report once, cold (this fills the parse cache);
2. each day report again, warm (parse cache and token table cached);
3. the programme report, its parse cache warm from the day reports (its combined token
   table is not cached yet: terms are assigned again);
4. the programme report again, fully warm.

    .venv/bin/python benchmarks/bench_programme.py [--event DIR --event DIR ...]
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVENTS = [ROOT / "data/raw/rennes-2019-11-28", ROOT / "data/raw/aubusson-2020-02-06"]


def _run(args: list[str], root: Path) -> tuple[float, float]:
    """Run ``insights *args``; return (seconds, peak RSS in MiB of the largest child so far)."""
    env = dict(os.environ, INSIGHTS_ROOT=str(root))
    insights = Path(sys.executable).with_name("insights")
    t0 = time.perf_counter()
    subprocess.run([str(insights), *args], env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--event", type=Path, action="append", default=None,
                        help="an event folder (repeat; default: the two sample events)")
    args = parser.parse_args()
    events = args.event or DEFAULT_EVENTS
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, "
          f"load average {load:.1f} at start")
    print(f"events: {', '.join(e.name for e in events)}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for e in events:
            seconds, _ = _run(["report", str(e), "--out", str(root / f"cold-{e.name}")], root)
            print(f"day report {e.name}, cold (fills the parse cache): {seconds:6.1f} s")
        warm = []
        for e in events:
            seconds, _ = _run(["report", str(e), "--out", str(root / f"warm-{e.name}")], root)
            warm.append(seconds)
            print(f"day report {e.name}, warm:                         {seconds:6.1f} s")
        days = sum(warm)
        print(f"day reports together, warm:                   {days:6.1f} s")
        programme = ["programme", *map(str, events)]
        first, _ = _run([*programme, "--out", str(root / "programme-1")], root)
        print(f"programme report, parse cache warm from the days: {first:6.1f} s "
              f"({first / days:.2f} of the day reports)")
        second, peak = _run([*programme, "--out", str(root / "programme-2")], root)
        print(f"programme report, fully warm:                 {second:6.1f} s "
              f"({second / days:.2f} of the day reports)   peak RSS of any run {peak:.0f} MiB")
        figures = len(list((root / "programme-2" / "figures").glob("*.png")))
        day_figures = sum(len(list((root / f"warm-{e.name}" / "figures").glob("*.png")))
                          for e in events)
        print(f"figures drawn: programme {figures}, day reports {day_figures}")


if __name__ == "__main__":
    main()
