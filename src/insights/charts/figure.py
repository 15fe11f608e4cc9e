"""The figure's frame: the report style (``report.mplstyle``) applied inside a ``with`` block,
the source line and the legend under the panels, a new ``Axes`` when the caller gives none."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure


STYLE_FILE = "report.mplstyle"


@contextmanager
def report_style() -> Iterator[None]:
    """Apply the report style (``report.mplstyle`` shipped with the package) inside a ``with``
    block, restoring the caller's rcParams afterwards."""
    style = resources.files("insights").joinpath(STYLE_FILE)
    with resources.as_file(style) as path:
        with mpl.style.context(str(path)):
            try:
                yield
            finally:
                # a notebook backend switches interactive mode on when the first figure loads
                # it: that is the backend's setting, not the style's, and must survive
                interactive = mpl.is_interactive()
        mpl.interactive(interactive)


def add_source(fig: Figure, text: str | None) -> None:
    """Write ``text`` in small grey letters under everything ``fig`` holds (axes, labels,
    legends), left-aligned; it is kept when the figure is saved with a tight box. Call it once
    the figure is complete."""
    if not text:
        return
    lay_out(fig)  # positions are final (and a canvas to measure them)
    box = fig.get_tightbbox()  # inches
    width, height = fig.get_size_inches()
    fig.text(max(box.x0, 0.0) / width, box.y0 / height - 0.04 / height, text, ha="left",
             va="top", fontsize=8, color="#555555", gid="source-line")
    # the line is placed from this layout: keep it (saving would lay the figure out again,
    # for the same positions, twice per format)
    from ..render import freeze_layout

    freeze_layout(fig)


def lay_out(fig: Figure) -> None:
    """Run ``fig``'s layout engine, if it has one, as drawing the figure would first do, but
    without drawing it (``draw_without_rendering`` also measures and draws every artist: a
    third of a figure's cost, for positions the layout alone sets)."""
    ensure_canvas(fig)
    engine = fig.get_layout_engine()
    if fig.axes and engine is not None:
        engine.execute(fig)


def figure_legend(fig: Figure, handles: list, *, ncols: int = 2, title: str | None = None):
    """A legend for the whole figure, centred under its panels: the layout keeps a band at the
    bottom for it, so it never covers an axis (nor the source line added below)."""
    ensure_canvas(fig)
    legend = fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0),
                        bbox_transform=fig.transFigure, ncols=ncols, title=title)
    # the legend's size does not depend on the layout: measured without drawing the figure
    height = legend.get_window_extent(fig.canvas.get_renderer()).height / fig.dpi + 0.08
    band = height / fig.get_figheight()
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0.0, band, 1.0, 1.0 - band))
    return legend


def ensure_canvas(fig: Figure) -> None:
    """Give ``fig`` an Agg canvas when it has none that can measure text (a figure built
    without pyplot), so its layout and text sizes can be computed before it is saved."""
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)


def new_axes(ax: Axes | None, figsize: tuple[float, float] | None = None) -> Axes:
    """``ax`` itself, or the ``Axes`` of a new figure of ``figsize`` inches when ``ax`` is
    None (a chart drawn on its own)."""
    if ax is not None:
        return ax
    fig = plt.figure(figsize=figsize) if figsize else plt.figure()
    return fig.add_subplot()
