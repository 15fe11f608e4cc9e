"""IRaMuTeQ import and export on real corpora: counts and timings.

Prints figures, asserts nothing. Reads the two IRaMuTeQ files of the Lille metropolis' Grand
Débat (``decidim-mel-granddebat/iramuteq/`` in ``../shared/corpora`` next to the project root;
``$INSIGHTS_CORPORA`` or ``--corpora`` overrides the folder): each is put in a temporary event
folder (one session) and read with ``insights.read_event``; the benchmark prints the texts
(``text_id``) and segments found next to the ``****`` lines of the file, then exports the
event with ``insights.iramuteq.write_iramuteq`` and reads the export back, printing whether
the texts are the same. Its source says 693 and 140 texts.

    .venv/bin/python benchmarks/bench_iramuteq.py [--corpora DIR]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import insights
from insights import paths
from insights.iramuteq import iramuteq_texts, write_iramuteq

FILES = ("mel_commentaires_debats_iramuteq.txt", "mel_propositions_libres_iramuteq.txt")
EVENT_YAML = """\
id: decidim-mel
title: "Grand Débat, Métropole Européenne de Lille"
date: 2019-01-17
sessions:
  - id: debat
    start: "00:00"
    title: "Débat en ligne"
"""


def corpora_dir(given: str | None) -> Path:
    """``--corpora``, else ``$INSIGHTS_CORPORA``, else ``../shared/corpora`` beside the
    project root."""
    if given:
        return Path(given)
    if os.environ.get("INSIGHTS_CORPORA"):
        return Path(os.environ["INSIGHTS_CORPORA"])
    return paths.project_root().parent / "shared" / "corpora"


def event_with(folder: Path, name: str, text: str) -> Path:
    event = folder / "decidim-mel"
    (event / "debat").mkdir(parents=True, exist_ok=True)
    (event / "event.yaml").write_text(EVENT_YAML, encoding="utf-8")
    (event / "debat" / name).write_text(text, encoding="utf-8")
    return event


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", help="folder holding decidim-mel-granddebat/")
    args = parser.parse_args()
    source = corpora_dir(args.corpora) / "decidim-mel-granddebat" / "iramuteq"
    if not source.is_dir():
        print(f"bench_iramuteq: real corpus absent ({source}); nothing measured. Point "
              "--corpora or $INSIGHTS_CORPORA at the folder holding decidim-mel-granddebat/.")
        return 0
    print(f"{'file':40} {'**** lines':>10} {'texts':>6} {'segments':>8} {'read s':>7} "
          f"{'round trip':>10}")
    for name in FILES:
        text = (source / name).read_text(encoding="utf-8")
        marks = sum(line.startswith("****") for line in text.split("\n"))
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            event = insights.read_event(event_with(Path(tmp), name, text))
            seconds = time.perf_counter() - start
            segments = event.segments
            again = Path(tmp) / "again"
            again.mkdir()
            (again / "event.yaml").write_text(EVENT_YAML, encoding="utf-8")
            write_iramuteq(segments, again / "corpus.txt")
            back = insights.read_event(again).segments
        want = iramuteq_texts(segments)["lines"].tolist()
        got = [g["text"].tolist() for _, g in back.groupby("text_id", sort=False)]
        same = "same" if got == want else "DIFFERENT"
        print(f"{name:40} {marks:>10} {segments['text_id'].nunique():>6} {len(segments):>8} "
              f"{seconds:>7.2f} {same:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
