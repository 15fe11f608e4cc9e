"""The order sessions are shown in: one rule for every table, chart and report.

The programme order of a day is the order of ``event.yaml``'s ``sessions`` list, which
:func:`insights.read.read_event` writes as the ``order`` column of the sessions table. Tables
built from the segments alone (``theme_shares(by="session")``, ``codebook_counts``) have no
``order``: there, sessions come by start time (``session_start``), the same order for any
programme whose start times rise through the day. :func:`natural_key` orders ids that have no
programme order (themes: ``nmf-2`` before ``nmf-10``).
"""
from __future__ import annotations

import re

import pandas as pd

from .errors import bad_value, require_columns

__all__ = ["natural_key", "session_order", "value_order"]


def natural_key(text: object) -> tuple:
    """Sort key of ``text`` with its digit runs compared as numbers: ``"nmf-2"`` before
    ``"nmf-10"``."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(text)))


def session_order(table: pd.DataFrame) -> list[str]:
    """Session ids, each once, in programme order.

    ``table`` is the sessions table (``session``, and ``order`` for the programme order; rows
    without ``order`` are taken in the order given) or the segments table (``session`` and
    ``session_start``: sessions by their earliest start time, ties by id); with neither
    column, in the order of the rows. Empty ids are left out. Raises ``InvalidArgumentError``
    when ``table`` has no ``session`` column."""
    require_columns(table, "sessions", ("session",))
    ids = table["session"].fillna("").astype(str)
    keep = ids.str.strip() != ""
    if "order" in table.columns:
        ranked = table.loc[keep].assign(_id=ids[keep]).sort_values("order", kind="mergesort")
        return list(dict.fromkeys(ranked["_id"]))
    if "session_start" in table.columns:
        first = (table.loc[keep].assign(_id=ids[keep]).groupby("_id")["session_start"].min()
                 .fillna("").astype(str))
        return sorted(first.index, key=lambda v: (first[v], v))
    return list(dict.fromkeys(ids[keep]))


def value_order(segments: pd.DataFrame, by: str) -> list[str]:
    """The non-empty values of the segment column ``by`` in the order tables show them:
    sessions in programme order (:func:`session_order`), any other column sorted. Raises
    ``InvalidArgumentError`` if ``by`` is not a column of ``segments``."""
    if by not in segments.columns:
        raise bad_value("by", by, sorted(segments.columns))
    if by == "session":
        return session_order(segments)
    values = segments[by].fillna("").astype(str)
    return sorted(values[values.str.strip() != ""].unique())
