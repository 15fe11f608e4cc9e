"""French typography of the charts: numbers (``1 234,5``, ``12 %``), dates (``28/11/2019``),
times (``9 h 30``), the source line under every figure, and labels wrapped to a width."""
from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from ..messages_fr import format_number, fr


#: narrow no-break space (thousands separator, before % ; ! ?) and no-break space (before :)
NNBSP = "\u202f"
NBSP = "\u00a0"


def format_percent(share: float, *, decimals: int = 0) -> str:
    """French percentage of a share in 0..1: ``0.123 -> "12 %"`` (U+202F before %)."""
    return f"{format_number(100 * float(share), decimals=decimals)}{NNBSP}%"


def french_formatter(*, decimals: int | None = None, percent: bool = False) -> FuncFormatter:
    """Tick formatter writing numbers (or shares in 0..1 as percentages) the French way."""
    if percent:
        return FuncFormatter(lambda x, _pos: format_percent(x, decimals=decimals or 0))
    return FuncFormatter(lambda x, _pos: format_number(x, decimals=decimals))


def format_date(value: Any) -> str:
    """``2019-11-28`` (ISO str, date or datetime) -> ``"28/11/2019"``; other text is returned
    unchanged."""
    if isinstance(value, (date, datetime)):
        return value.strftime("%d/%m/%Y")
    try:
        return date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def format_time(start: str) -> str:
    """``"09:30" -> "9 h 30"`` (French typography, no-break spaces); other text unchanged."""
    match = re.fullmatch(r"\s*(\d{1,2})[:hH](\d{2})\s*", str(start))
    if not match:
        return str(start)
    return f"{int(match.group(1))}{NBSP}h{NBSP}{match.group(2)}"


def source_line(meta: Mapping[str, Any], segments: pd.DataFrame | int) -> str:
    """The source line of every figure: ``"Atelier du 28/11/2019, n = 1 234 segments"`` from the
    event ``meta`` (its ``date``) and the segments table (or their number)."""
    n = segments if isinstance(segments, (int, np.integer)) else len(segments)
    when = format_date(meta.get("date", "")) if meta else ""
    count = format_number(n, decimals=0)
    return fr("chart.source.dated", date=when, n=count) if when else fr("chart.source", n=count)


def wrap_label(text: str, width: int = 28) -> str:
    """``text`` broken into lines of at most ``width`` characters, at spaces only."""
    return "\n".join(textwrap.wrap(str(text), width=width, break_long_words=False,
                                   break_on_hyphens=False)) or str(text)
