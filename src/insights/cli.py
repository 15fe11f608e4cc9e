"""Command line: a thin layer over the library.

    insights ingest data/raw/<event> --out DIR [--skip-invalid]
    insights report data/raw/<event> --out DIR [--skip-invalid] [--no-cache] [--config FILE]
                    [--n-themes N] [--reinert-k K] [--reinert-method simple|double]
    insights export iramuteq data/raw/<event> --out corpus.txt [--skip-invalid]
    insights programme data/raw/<event> [data/raw/<event> ...] --out DIR [--codebook FILE]
                       [--config FILE] (and the analysis options of ``report``)

Errors are one clear message on stderr and exit status 2, never a traceback. ``--out`` is
refused inside the event folder or under ``data/raw``; a second run into the same ``--out``
while one is running is refused; SIGTERM stops a run like Ctrl-C, leaving ``--out`` as it was.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .errors import InsightsError


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _event_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    p.add_argument("--skip-invalid", action="store_true",
                   help="skip invalid files (listed in ingest_report.json) instead of stopping")


def _analysis_options(p: argparse.ArgumentParser) -> None:
    """The options of a command that runs the analysis (``report``, ``programme``): each
    setting given overrides the ``--config`` file, which overrides ``event.yaml``."""
    p.add_argument("--config", type=Path, default=None, metavar="FILE",
                   help="a YAML file of analysis settings (see the README), layered over "
                        "the 'analysis:' of event.yaml")
    p.add_argument("--no-cache", action="store_true", help="parse everything again, ignoring "
                                                           "and not writing the parse cache")
    p.add_argument("--n-themes", type=int, default=None,
                   help="number of NMF themes (default: chosen automatically)")
    p.add_argument("--reinert-k", type=int, default=None, help="Reinert classes (default 8)")
    p.add_argument("--reinert-method", choices=("simple", "double"), default=None,
                   help="Reinert classification (default simple)")
    p.add_argument("--random-state", type=int, default=None,
                   help="seed of every random step (default 0)")
    p.add_argument("--timings", action="store_true",
                   help="print the seconds of each stage and sub-stage on stderr at the end")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="insights",
        description="Recurring themes and report-ready charts from a French workshop's material.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    event_help = "the event folder, e.g. data/raw/rennes-2019-11-28"
    p = sub.add_parser("ingest", help="read and pseudonymise an event: segments.parquet, "
                                      "ingest_report.json")
    p.add_argument("event", type=Path, help=event_help)
    _event_options(p)
    p = sub.add_parser("report", help="run the whole chain: tables, figures, report.md/.html/.docx")
    p.add_argument("event", type=Path, help=event_help)
    _event_options(p)
    _analysis_options(p)
    p = sub.add_parser("export", help="write an event in another tool's format")
    formats = p.add_subparsers(dest="format", required=True)
    p = formats.add_parser("iramuteq", help="an IRaMuTeQ corpus: one '**** *session_<id> …' "
                                            "text per text unit, pseudonymised, UTF-8")
    p.add_argument("event", type=Path, help=event_help)
    p.add_argument("--out", type=Path, required=True, help="the corpus file to write, e.g. "
                                                           "corpus.txt")
    p.add_argument("--skip-invalid", action="store_true",
                   help="skip invalid files instead of stopping")
    p = sub.add_parser("programme", help="several events analysed together and compared: "
                                         "tables, figures, programme.md/.html/.docx")
    p.add_argument("events", type=Path, nargs="+", metavar="EVENT_DIR",
                   help="the event folders, in any order (the report orders them by date)")
    p.add_argument("--codebook", type=Path, default=None,
                   help="a programme grid (codebook.yaml format) instead of the union of the "
                        "events' codebooks")
    _event_options(p)
    _analysis_options(p)
    return parser


def _analysis_settings(args: argparse.Namespace) -> dict[str, object]:
    """The keyword arguments of ``run_report`` / ``run_programme`` from the command line:
    the ``--config`` file's settings, and the settings given as options."""
    from .config import read_config

    given = {"nmf_k": args.n_themes, "reinert_k": args.reinert_k,
             "reinert_method": args.reinert_method, "random_state": args.random_state}
    settings: dict[str, object] = {k: v for k, v in given.items() if v is not None}
    if args.config is not None:
        settings["config"] = read_config(args.config)
    return {"skip_invalid": args.skip_invalid, "cache_dir": not args.no_cache,
            "progress": _progress, **settings}


def _show(value: object) -> str:
    """``value`` as text any terminal can print (a path that is not valid UTF-8 included)."""
    text = os.fsdecode(value) if isinstance(value, Path) else str(value)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _stop(signum, frame) -> None:  # noqa: ARG001 - signal handler signature
    raise KeyboardInterrupt


def _run(args: argparse.Namespace, timings: object) -> None:
    """Run the command of ``args``, printing what it wrote."""
    from . import pipeline

    if args.command == "ingest":
        event = pipeline.ingest(args.event, args.out, skip_invalid=args.skip_invalid)
        _report_skips(event.report)
        print(f"{len(event.segments)} segments written to {_show(args.out)}")
    elif args.command == "export":
        from .iramuteq import export_iramuteq

        event = export_iramuteq(args.event, args.out, skip_invalid=args.skip_invalid)
        _report_skips(event.report)
        texts = event.segments["text_id"].nunique()
        print(f"IRaMuTeQ corpus written: {_show(args.out)} ({texts} texts, "
              f"{len(event.segments)} segments)")
    elif args.command == "programme":
        from .programme_analysis import run_programme

        analysis = run_programme(args.events, args.out, codebook=args.codebook,
                                 timings=timings, **_analysis_settings(args))
        for event in analysis.programme.events:
            _report_skips(event.report)
        print(f"Programme report written: {_show((args.out / 'programme.html').resolve())}")
    else:
        analysis = pipeline.run_report(args.event, args.out, timings=timings,
                                       **_analysis_settings(args))
        _report_skips(analysis.event.report)
        print(f"Report written: {_show((args.out / 'report.html').resolve())}")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``insights`` command; returns the exit status of ``argv``. Without
    ``argv`` (the command itself, arguments from ``sys.argv``) the process ends here with
    that status, through :func:`_leave`."""
    status = _main(argv)
    if argv is None:
        _leave(status)
    return status


def _leave(status: int) -> NoReturn:
    """End the process with ``status`` once the command's work is done and its files are
    written: the exit handlers run (logging, multiprocessing, matplotlib) and the streams are
    flushed as on a normal exit, but the interpreter's teardown is skipped. That teardown
    frees the token table, the spaCy model and every module object by object, 1.2 s of a day
    report (``benchmarks/bench_report.py``), for memory the system takes back at once."""
    import atexit

    atexit._run_exitfuncs()  # what sys.exit would run before the teardown
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing left to say there
            pass
    os._exit(status)


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    timings = None
    if getattr(args, "timings", False):
        from .timings import Timings, process_age

        timings = Timings()
        started = process_age() if argv is None else None
        if started is not None:  # interpreter start-up and the command's own imports
            timings.add("startup", started)
    from .timings import timed

    with timed(timings, "imports"):
        from . import pipeline  # noqa: F401 - its imports, timed

    if argv is None:  # the command itself: a SIGTERM cleans up as Ctrl-C does
        signal.signal(signal.SIGTERM, _stop)
    try:
        _run(args, timings)
        if timings is not None:
            print(timings.format(), file=sys.stderr)
    except InsightsError as exc:
        print(f"insights: error: {_show(exc)}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"insights: error: {_show(exc.filename or '')}: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("insights: interrupted; the output folder is left as it was", file=sys.stderr)
        return 130
    return 0


def _report_skips(report: dict) -> None:
    for item in report.get("skipped", []):
        print(f"skipped {_show(item['path'])}: {_show(item['reason'])}", file=sys.stderr)
    for item in report.get("warnings", []):
        print(f"warning: {_show(item['path'])}: {_show(item['message'])}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
