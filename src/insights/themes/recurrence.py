"""How themes recur across the day: shares per session (or any segment column) and the
recurrence of each theme, as a code with its French label beside it."""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from insights.errors import bad_value, check_float, require_columns
from insights.messages_fr import fr
from insights.schema import THEME_COLUMNS
from insights.sessions import session_order, value_order
from insights.themes.results import Results, themes_and_assignments

__all__ = ["RECURRENCE_CODES", "recurrence_label", "theme_by_session", "theme_shares",
           "theme_summary"]

#: the recurrence codes of ``theme_summary``; French labels: ``messages_fr`` ``recurrence.*``
RECURRENCE_CODES = ("peak", "concentrated", "recurrent", "absent")


def _share_table(results: Results, segments: pd.DataFrame, by: str,
                 values: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(themes, counts): counts = theme x value number of segments; plus size per value."""
    themes, assignments = themes_and_assignments(results)
    seg = segments[["segment_id", by]].astype(str)
    a = assignments[["segment_id", "theme", "method"]].astype(str).drop_duplicates()
    a = a.merge(seg, on="segment_id", how="inner")
    a = a[a[by].isin(values)]
    key = pd.MultiIndex.from_frame(themes[["method", "theme"]])
    counts = (a.groupby(["method", "theme", by]).size().unstack(by)
              .reindex(index=key, columns=values).fillna(0).astype("int64"))
    return themes, counts


def _shares(counts: pd.DataFrame, segments: pd.DataFrame, by: str, values: list[str],
            themes: pd.DataFrame) -> pd.DataFrame:
    sizes = segments[by].astype(str).value_counts().reindex(values, fill_value=0)
    shares = counts.div(sizes.replace(0, np.nan), axis=1).fillna(0.0).round(4) + 0.0
    out = pd.DataFrame({"theme": themes["theme"].to_numpy(), "method": themes["method"].to_numpy()})
    for v in values:
        out[v] = shares[v].to_numpy()
    return out


def theme_by_session(results: Results, segments: pd.DataFrame,
                     sessions: pd.DataFrame) -> pd.DataFrame:
    """Share of each session's segments that carry each theme.

    Returns columns ``theme``, ``method``, then one column per session id in programme order
    (:func:`insights.sessions.session_order`), each the number of that session's segments carrying the theme
    over the session's number of segments (0 for a session without segments), rounded to 4
    decimals; one row per theme, in the order of ``results``.
    """
    require_columns(segments, "segments", ["segment_id", "session"])
    values = session_order(sessions)
    themes, counts = _share_table(results, segments, "session", values)
    return _shares(counts, segments, "session", values, themes)


def theme_shares(results: Results, segments: pd.DataFrame, *, by: str = "profile") -> pd.DataFrame:
    """Like ``theme_by_session`` for any segment column ``by``: columns ``theme``, ``method``,
    then one per non-empty value of ``by`` (sorted; sessions in programme order,
    :func:`insights.sessions.value_order`). Raises
    ``InvalidArgumentError`` if ``by`` is not a column of ``segments``."""
    if by not in segments.columns:
        raise bad_value("by", by, sorted(segments.columns))
    values = value_order(segments, by)
    themes, counts = _share_table(results, segments, by, values)
    return _shares(counts, segments, by, values, themes)


def _recurrence(shares: pd.Series, *, peak_ratio: float) -> tuple[str, list[str]]:
    """The recurrence code of a theme of these per-session ``shares``, and its peak sessions
    by decreasing share (see ``theme_summary``)."""
    if shares.sum() <= 0:
        return "absent", []
    threshold = peak_ratio * float(shares.median())
    ranked = shares.sort_values(ascending=False, kind="mergesort")
    peaks = [str(s) for s, v in ranked.items() if v > 0 and v >= threshold]
    if len(peaks) == 1:
        return "peak", peaks
    if 1 < len(peaks) <= len(shares) // 2:
        return "concentrated", peaks
    return "recurrent", []


def recurrence_label(code: str, sessions: list[str] | tuple[str, ...] = (),
                     titles: Mapping[str, str] | None = None) -> str:
    """The French label of a recurrence ``code`` (``messages_fr``: ``recurrence.<code>``),
    naming its peak ``sessions`` by their ``titles`` (their ids when a title is missing):
    "pic : Faisons connaissance"."""
    titles = titles or {}
    return fr(f"recurrence.{code}", sessions=", ".join(titles.get(s, s) for s in sessions))


def theme_summary(
    results: Results,
    segments: pd.DataFrame,
    sessions: pd.DataFrame,
    *,
    peak_ratio: float = 2.0,
) -> pd.DataFrame:
    """One row per theme: the contract's ``themes.csv`` columns plus how it recurs in the day.

    Columns: ``theme``, ``label``, ``method``, ``top_terms`` (";"-joined), ``segments``
    (segments carrying it), ``share`` (of all segments, 4 decimals), ``sessions`` (sessions
    where it appears), ``recurrence`` (a code), ``recurrence_label`` (its French reading),
    ``peak_session``.

    Recurrence rule, on the theme's per-session shares (``theme_by_session``) over the
    sessions that have segments: its *peak sessions* are those whose share is above 0 and at
    least ``peak_ratio`` times the median share of all these sessions. One peak session:
    ``peak``, "pic : <titre de la séquence>" (``peak_session`` = its id); two or more, but at
    most half of the sessions: ``concentrated``, "concentré : <titre>, <titre>" (by decreasing
    share; ``peak_session`` = the first); otherwise ``recurrent``, "récurrent sur la journée"
    (``peak_session`` empty). A theme no segment carries: ``absent``, "absent". (The space
    before ":" is a no-break space, U+00A0.)
    """
    check_float("peak_ratio", peak_ratio, 0.0)
    by_session = theme_by_session(results, segments, sessions)
    themes, assignments = themes_and_assignments(results)
    present = segments["session"].astype(str).value_counts()
    active = [s for s in session_order(sessions) if present.get(s, 0) > 0]
    titles = {}
    if "title" in sessions.columns:
        titles = dict(zip(sessions["session"].astype(str), sessions["title"].astype(str)))
    n_total = len(segments)
    a = assignments[["segment_id", "theme", "method"]].astype(str).drop_duplicates()
    # the segments' ids as a column, not a set of Python strings (430k of them, 50 MB, on
    # the whole GDN sample)
    n_seg = a[a["segment_id"].isin(segments["segment_id"].astype(str))].groupby(
        ["method", "theme"]).size()
    rows = []
    for i, th in themes.iterrows():
        shares = by_session.loc[i, active].astype(float)
        code, peaks = _recurrence(shares, peak_ratio=peak_ratio)
        count = int(n_seg.get((th["method"], th["theme"]), 0))
        top_terms = th["top_terms"]
        rows.append({
            "theme": th["theme"], "label": th["label"], "method": th["method"],
            "top_terms": ";".join(top_terms) if not isinstance(top_terms, str) else top_terms,
            "segments": count,
            "share": round(count / n_total, 4) + 0.0 if n_total else 0.0,
            "sessions": int((shares > 0).sum()),
            "recurrence": code,
            "recurrence_label": recurrence_label(code, peaks, titles),
            "peak_session": peaks[0] if peaks else "",
        })
    return pd.DataFrame(rows, columns=THEME_COLUMNS + ["recurrence", "recurrence_label",
                                                       "peak_session"])
