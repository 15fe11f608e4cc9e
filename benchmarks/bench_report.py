"""Benchmark: `insights report` on an event, cold (empty parse cache) vs warm.

Prints figures, asserts nothing. Each run is a fresh `insights report` process, as `make report`
starts one, so interpreter start-up and model loading are included.

    .venv/bin/python benchmarks/bench_report.py [--event data/raw/rennes-2019-11-28] [--runs 2]
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


def _run(event: Path, out: Path, root: Path) -> tuple[float, float]:
    """Run one report; return (seconds, peak RSS in MiB of the largest child so far)."""
    env = dict(os.environ, INSIGHTS_ROOT=str(root))
    insights = Path(sys.executable).with_name("insights")
    t0 = time.perf_counter()
    subprocess.run([str(insights), "report", str(event), "--out", str(out)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--event", type=Path, default=ROOT / "data/raw/rennes-2019-11-28")
    parser.add_argument("--runs", type=int, default=2, help="warm runs to average")
    args = parser.parse_args()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    print(f"machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cold, peak = _run(args.event, root / "cold", root)
        print(f"cold (empty parse cache): {cold:6.1f} s   peak RSS {peak:6.0f} MiB")
        warm = [_run(args.event, root / f"warm{i}", root)[0] for i in range(args.runs)]
        mean = sum(warm) / len(warm)
        print(f"warm (cache filled):      {mean:6.1f} s   ({len(warm)} runs: "
              + ", ".join(f"{w:.1f}" for w in warm) + ")")
        print(f"cold / warm: {cold / mean:.2f}x")


if __name__ == "__main__":
    main()
