"""Figures are the same bytes whichever process draws them, and in whatever order."""
from dataclasses import dataclass
from pathlib import Path

from insights.render import render_figures, stable_clip_ids


def test_clip_ids_numbered_in_order_of_definition():
    a = ('<defs><clipPath id="p0123456789"><rect/></clipPath>'
         '<clipPath id="pabcdefabcd"><rect/></clipPath></defs>'
         '<g clip-path="url(#pabcdefabcd)"/><g clip-path="url(#p0123456789)"/>'
         '<path id="DejaVuSans-70"/>')
    b = a.replace("p0123456789", "p9999999999").replace("pabcdefabcd", "p1111111111")
    assert stable_clip_ids(a) == stable_clip_ids(b)
    assert stable_clip_ids(a) == (
        '<defs><clipPath id="clip1"><rect/></clipPath><clipPath id="clip2"><rect/></clipPath>'
        '</defs><g clip-path="url(#clip2)"/><g clip-path="url(#clip1)"/>'
        '<path id="DejaVuSans-70"/>')
    assert stable_clip_ids("<svg/>") == "<svg/>"


@dataclass
class _Bars:
    name: str
    values: tuple[float, ...]

    def draw(self):
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
        ax.barh([f"terme {i}" for i in range(len(self.values))], self.values)
        ax.set_title(f"Figure « {self.name} »")
        return fig


def _digest(paths: list[Path]) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths}


def test_same_bytes_serial_parallel_and_reversed(tmp_path):
    figures = [_Bars(f"f{i}", tuple(float(v) for v in range(1 + i, 6 + i))) for i in range(4)]
    serial = _digest(render_figures(figures, tmp_path / "serial", workers=1))
    parallel = _digest(render_figures(figures, tmp_path / "parallel", workers=2))
    backwards = _digest(render_figures(figures[::-1], tmp_path / "backwards", workers=1))
    assert serial == parallel == backwards
    assert len(serial) == 8 and all(b'clip-path="url(#clip1)"' in v
                                    for k, v in serial.items() if k.endswith(".svg"))


def test_a_figure_is_laid_out_once_for_both_formats(tmp_path, monkeypatch):
    """save_figure lays a constrained-layout figure out once: the SVG keeps the layout of the
    PNG (each savefig restored an engine under the report style, and the SVG, laid out again
    at 72 dpi, no longer matched its PNG). Its text stays text, editable in the SVG."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    from insights.charts import add_source, report_style
    from insights.render import save_figure

    runs = []
    execute = ConstrainedLayoutEngine.execute
    monkeypatch.setattr(ConstrainedLayoutEngine, "execute",
                        lambda self, fig: runs.append(fig) or execute(self, fig))
    with report_style():
        fig = _Bars("mise en page", (3.0, 1.0, 2.0)).draw()
        add_source(fig, "Source : atelier du 28 novembre 2019")
    paths = save_figure(fig, tmp_path, "bars")
    assert len(runs) == 1
    svg = paths[1].read_text(encoding="utf-8")
    assert "Figure « mise en page »" in svg and "Source : atelier du 28 novembre 2019" in svg
    assert "<text" in svg

    runs.clear()
    with report_style():
        plain = _Bars("sans source", (1.0, 2.0)).draw()  # no add_source: save lays it out
    save_figure(plain, tmp_path, "plain")
    assert len(runs) == 1


@dataclass
class _BlasThreads:
    """A figure that writes, when drawn, how many threads the BLAS library would use."""

    name: str
    notes: Path

    def draw(self):
        import matplotlib.pyplot as plt
        from threadpoolctl import threadpool_info

        blas = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
        self.notes.joinpath(self.name).write_text(str(max(blas)))
        return plt.figure(figsize=(1, 1))


def test_figure_workers_use_one_blas_thread(tmp_path):
    # the workers already use every core: BLAS threads on top of them compete for the cores
    figures = [_BlasThreads(f"b{i}", tmp_path) for i in range(2)]
    render_figures(figures, tmp_path / "out", workers=2)
    assert [(tmp_path / f"b{i}").read_text() for i in range(2)] == ["1", "1"]


def _pid_and(value):
    import os

    return os.getpid(), value


def _raises():
    raise RuntimeError("failed in the worker")


def _dies():
    import os

    os._exit(3)  # killed, out of memory…: nothing sent back


def _unpicklable():
    return lambda: None


def _sleeps():
    import time

    time.sleep(60)


def test_a_side_task_returns_its_value_from_another_process_or_none():
    """What the worker computed comes back; when it raised, died or returned what does not
    pickle, result() is None (the caller does the work itself), and the worker is reaped."""
    import multiprocessing
    import os

    from insights.render import SideTask, side_task

    with SideTask(_pid_and, {"a": [1, 2]}) as task:
        pid, value = task.result()
    assert pid != os.getpid() and value == {"a": [1, 2]}
    for fn in (_raises, _dies, _unpicklable):
        with SideTask(fn) as task:
            assert task.result() is None
    task = SideTask(_sleeps, nice=5)
    task.close()  # an error in the caller: the worker is stopped, not waited for
    assert multiprocessing.active_children() == []
    # side_task: the same, or None where a worker would not pay
    import insights.render as render

    original = render.available_cores
    try:
        render.available_cores = lambda: 1
        assert side_task(_pid_and, 1) is None
    finally:
        render.available_cores = original

    class _NoFork(SideTask):
        def __init__(self, *args, **kwargs):
            raise BlockingIOError("fork: resource temporarily unavailable")

    original_task = render.SideTask
    try:
        render.SideTask = _NoFork
        assert side_task(_pid_and, 1) is None  # no fork now: the caller does the work
    finally:
        render.SideTask = original_task


def test_figures_drawn_ahead_are_the_same_bytes_and_not_drawn_again(tmp_path, monkeypatch):
    """render_ahead draws figures in a side process; write_report_files draws the others
    meanwhile, then lists every file in the figures' order. A figure the side process failed
    to draw is drawn by the report after it."""
    from insights import render
    from insights.render import render_ahead
    from insights.report.write import write_report_files
    from insights.timings import Timings

    figures = [_Bars(f"f{i}", tuple(float(v) for v in range(1 + i, 6 + i))) for i in range(3)]
    reference = _digest(render_figures(figures, tmp_path / "ref" / "figures", workers=1))

    def report(folder, ahead):
        timings = Timings()
        written = write_report_files(folder, figures, lambda: "# Titre\n", stem="report",
                                     title="Titre", ahead=ahead, timings=timings)
        assert [p.name for p in written[:6]] == ["f0.png", "f0.svg", "f1.png", "f1.svg",
                                                 "f2.png", "f2.svg"]
        assert _digest(written[:6]) == reference
        here = {n.rsplit("/", 1)[-1] for n in timings.seconds if n.startswith("figures/")}
        return here

    ahead = render_ahead([figures[1]], tmp_path / "out" / "figures")
    here = report(tmp_path / "out", ahead)
    if ahead is None:  # a single core: nothing ahead, the same files
        assert here == {"f0", "f1", "f2"}
        return
    assert ahead.names == ("f1",) and here == {"f0", "f2", "f1 (ahead)"}
    # the side process fails (a figure that raises there, say): drawn by the report after
    monkeypatch.setattr(render, "_render_serially", lambda *args: 1 / 0)
    failed = render_ahead([figures[1]], tmp_path / "failed" / "figures")
    assert report(tmp_path / "failed", failed) == {"f0", "f1", "f2"}
    assert render_ahead([], tmp_path / "none") is None



def _collector_state():
    import gc

    return gc.isenabled()


def test_collector_paused_and_frozen_objects_restore_the_collector():
    """collector_paused: no collection in the block, the state restored after (a worker
    forked inside collects); frozen_objects: objects frozen in the block, unfrozen after,
    and forking inside it (the workers' own freeze) leaves them frozen."""
    import gc

    from insights.render import SideTask, collector_paused, forking, frozen_objects

    assert gc.isenabled() and gc.get_freeze_count() == 0
    with collector_paused():
        assert not gc.isenabled()
        with SideTask(_collector_state) as task:
            assert task.result() is True
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()
    kept = [[i] for i in range(100)]
    with frozen_objects():
        frozen = gc.get_freeze_count()
        assert frozen >= len(kept)
        with forking():
            pass
        assert gc.get_freeze_count() >= frozen  # still frozen
        with frozen_objects():
            pass
        assert gc.get_freeze_count() >= frozen
    assert gc.get_freeze_count() == 0
    with forking():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
