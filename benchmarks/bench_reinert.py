"""Benchmark of the Reinert classification on real French answers (prints, never asserts).

Usage: ``python benchmarks/bench_reinert.py [--n 20000] [--k 10] [--corpus CSV.GZ]``

Reads ``--n`` non-empty answers drawn at random (seed 0, then in file order) of the Grand Débat questionnaire sample
(``../shared/corpora/gdn-questionnaires/gdn_open_answers_2019-03-21_sample.csv.gz`` next to the
project, column ``answer``), annotates them with ``insights.annotate.annotate`` (parse cache in
``insights.paths.cache_dir()``, so a second run skips spaCy), then times
``insights.reinert_event.reinert_classification`` (text segments, their matrix and
``Reinert.fit`` into ``--k`` classes) and prints the time and the peak resident memory during
it (sampled every 10 ms with psutil). Each answer is a text of its own, so units never join two
answers; by default the units are the text segments themselves (``--min-segment-size 0``), the
hardest case for the splitting step.
"""
from __future__ import annotations

import argparse
import threading
import time
import warnings
from pathlib import Path

import pandas as pd
import psutil

from insights import paths
from insights.annotate import annotate
from insights.reinert import EarlyStopWarning, Reinert
from insights.reinert_event import reinert_classification

DEFAULT_CORPUS = (
    paths.project_root().parent / "shared" / "corpora" / "gdn-questionnaires"
    / "gdn_open_answers_2019-03-21_sample.csv.gz"
)


class PeakRSS:
    """Sample the resident memory of this process in a thread; ``peak`` in MiB."""

    def __init__(self, every: float = 0.01):
        self.every = every
        self.peak = 0.0
        self._stop = threading.Event()
        self._proc = psutil.Process()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._proc.memory_info().rss / 2**20)
            time.sleep(self.every)

    def __enter__(self) -> PeakRSS:
        self.start = self._proc.memory_info().rss / 2**20
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def load_segments(corpus: Path, n: int) -> pd.DataFrame:
    """``n`` non-empty answers drawn at random (seed 0) as a segments table, in file order
    (one source file per question)."""
    df = pd.read_csv(corpus, usecols=["doc_id", "question_id", "answer"], dtype=str)
    df = df.loc[df["answer"].fillna("").str.strip().str.len() > 0]
    df = df.sample(n=min(n, len(df)), random_state=0).sort_values("doc_id")
    return pd.DataFrame({
        "segment_id": df["doc_id"].to_numpy(),
        "text": df["answer"].to_numpy(),
        "session": "gdn", "group": "", "kind": "questionnaire", "category": "",
        "speaker": "", "profile": "", "source": df["question_id"].to_numpy(),
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--min-segment-size", type=int, default=0,
                        help="merge consecutive text segments of one answer into units of at "
                             "least this many terms (0: no merging)")
    args = parser.parse_args()

    segments = load_segments(args.corpus, args.n)
    t0 = time.perf_counter()
    tokens = annotate(segments, cache_dir=paths.cache_dir(), progress=False)
    t_annotate = time.perf_counter() - t0
    print(f"segments: {len(segments)}, tokens: {len(tokens)}, "
          f"annotate (insights.annotate.annotate, cache {paths.cache_dir()}): {t_annotate:.1f} s")

    est = Reinert(args.k, min_segment_size=args.min_segment_size, min_split_members=10)
    with PeakRSS() as mem, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", EarlyStopWarning)
        t0 = time.perf_counter()
        res = reinert_classification(tokens, segments, estimator=est, merge_short=False)
        t_fit = time.perf_counter() - t0
    print(f"text segments: {len(res.text_segments)}, units: {res.text_segments['uc'].nunique()}, "
          f"active terms: {len(res.terms)}, "
          f"classes: {res.n_classes} ({res.stop_reason})")
    for w in caught:
        print(f"warning: {w.message}")
    print(f"reinert_classification: {t_fit:.1f} s, peak RSS during it {mem.peak:.0f} MiB "
          f"(+{mem.peak - mem.start:.0f} MiB over {mem.start:.0f} MiB before); "
          f"CPU cores on this machine: {psutil.cpu_count()}, load average "
          f"{', '.join(f'{x:.1f}' for x in psutil.getloadavg())}")
    print("class sizes:", res.class_sizes.to_dict())
    print("split chi2:", [round(c, 1) for c in res.tree["chi2"]])
    for cls in res.class_sizes.index:
        print(" ", res.class_label(cls, n=6))
    print(f"unclassified text segments: {int(res.labels.isna().sum())}")


if __name__ == "__main__":
    main()
