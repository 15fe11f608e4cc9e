"""Seconds spent in each stage and sub-stage of a run: ``insights report --timings``.

A :class:`Timings` records nested stages by name (``annotate``, ``annotate/parse``…); the chain
takes one as its ``timings`` keyword (``analyse``, ``run_report``, ``write_report``,
``annotate``, ``run_programme``) and fills it, so that an analyst sees where the time goes::

    timings = insights.Timings()
    analysis = insights.analyse(event, timings=timings)
    print(timings.format())          # or timings.table(): stage, seconds, share
    analysis.timings                 # the same record, kept on the analysis

Nothing is recorded when ``timings`` is None (the default): :func:`timed` is then a no-op.
Time is wall-clock (``time.perf_counter``); the CPU time of each stage is kept beside it.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import ContextManager

__all__ = ["Timings", "timed", "process_age"]


class Timings:
    """Wall-clock and CPU seconds of named, nested stages, in the order they first ran.

    ``with timings.stage("themes"):`` inside ``with timings.stage("analyse"):`` records
    ``analyse/themes``; a stage entered again adds to its total. ``add(name, seconds)``
    records a duration measured elsewhere (e.g. in a worker process).
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._stack: list[str] = []

    def __repr__(self) -> str:
        return f"Timings({len(self.seconds)} stages, {self.total:.2f} s)"

    def __bool__(self) -> bool:  # an empty record is still a record to fill
        return True

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as ``name`` under the enclosing stages."""
        full = "/".join([*self._stack, name])
        self._stack.append(name)
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self._stack.pop()
            self.add(full, time.perf_counter() - t0, time.process_time() - c0)

    def add(self, name: str, seconds: float, cpu: float | None = None, *,
            nested: bool = False) -> None:
        """Add ``seconds`` (and ``cpu`` seconds, if known) to stage ``name``; with
        ``nested=True``, to ``name`` under the stages running now (a sub-stage measured
        elsewhere, e.g. in a worker process)."""
        if nested:
            name = "/".join([*self._stack, name])
        self.seconds[name] = self.seconds.get(name, 0.0) + float(seconds)
        if cpu is not None:
            self.cpu[name] = self.cpu.get(name, 0.0) + float(cpu)

    @property
    def total(self) -> float:
        """Seconds of the top-level stages added up."""
        return sum(s for n, s in self.seconds.items() if "/" not in n)

    def table(self):
        """A DataFrame: ``stage`` (``a/b`` for a sub-stage), ``depth``, ``seconds``, ``cpu``
        and ``share`` (of :attr:`total`), sub-stages right after their stage."""
        import pandas as pd

        names = self._ordered()
        total = self.total or 1.0
        return pd.DataFrame({
            "stage": names,
            "depth": [n.count("/") for n in names],
            "seconds": [round(self.seconds[n], 3) for n in names],
            "cpu": [round(self.cpu.get(n, float("nan")), 3) for n in names],
            "share": [round(self.seconds[n] / total, 4) for n in names],
        })

    def _ordered(self) -> list[str]:
        first = {n: i for i, n in enumerate(self.seconds)}
        # a parent is recorded when it ends, after its children: sort by the path of first
        # appearances so that each stage comes before its sub-stages
        def key(name: str) -> list[int]:
            parts = name.split("/")
            out = []
            for depth in range(1, len(parts) + 1):
                prefix = "/".join(parts[:depth])
                out.append(min((i for n, i in first.items()
                                if n == prefix or n.startswith(prefix + "/")), default=0))
            return out

        return sorted(self.seconds, key=key)

    def format(self, *, title: str = "timings") -> str:
        """The record as an indented table of seconds and shares, for a terminal."""
        lines = [f"{title} (wall-clock seconds; share of the run)"]
        total = self.total or 1.0
        for name in self._ordered():
            depth = name.count("/")
            label = "  " * depth + name.rsplit("/", 1)[-1]
            lines.append(f"  {label:<34s} {self.seconds[name]:8.2f} s  "
                         f"{100 * self.seconds[name] / total:5.1f} %")
        lines.append(f"  {'total':<34s} {self.total:8.2f} s")
        return "\n".join(lines)


def timed(timings: Timings | None, name: str) -> ContextManager[None]:
    """``timings.stage(name)``, or a context that does nothing when ``timings`` is None."""
    return nullcontext() if timings is None else timings.stage(name)


def process_age() -> float | None:
    """Seconds since this process started (Linux: from ``/proc``), or None where unknown:
    the interpreter's start-up and first imports, before any stage could be timed."""
    try:
        with open("/proc/self/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat(5), counted after "pid (comm)"
        with open("/proc/uptime", "rb") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return None
