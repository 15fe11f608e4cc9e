"""Lexical specificities: which terms are over- or under-used in a part of the corpus.

Lafon's (1980) hypergeometric model, computed as the R package *textometry* (used by TXM and,
in the same form, by IRaMuTeQ) computes it. For a term with count ``f`` in a part of size ``t``
(column total), total count ``F`` (row total) and corpus size ``T`` (grand total), the count in
the part is modelled as ``X ~ Hypergeom(T, F, t)`` with expectation ``E = F * t / T``:

* ``f >= E`` (note: ``>=``, so ``f == E`` falls here): score ``= -log10 P(X >= f)`` (>= 0);
* ``f < E``: score ``= log10 P(X <= f)`` (< 0).

This is ``specificities.probabilities`` of textometry 0.1.x: ``phyper_bis`` (a sum of ``dhyper``
from ``f`` upwards, i.e. ``P(X >= f)``, not ``P(X > f)``) for ``whiteDrawn >= independance`` and
``phyper(f)`` (``P(X <= f)``) below, followed by ``specificities`` which takes ``log10`` and
rounds to 4 decimals. One difference, at textometry's limit: the tails are summed in log space
(``logsumexp`` of ``scipy.stats.hypergeom.logpmf``), so a probability below the smallest double
(score above ~308) gets its true score where textometry's ``P == 0`` gives 0.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from insights.errors import InvalidArgumentError, check_int, renamed, require_columns
from insights.schema import SPECIFICITY_COLUMNS

_LOG10 = np.log(10.0)


def _check_table(table: pd.DataFrame) -> np.ndarray:
    if not isinstance(table, pd.DataFrame):
        raise InvalidArgumentError(
            f"invalid value for `table`: a {type(table).__name__}; allowed: a pandas DataFrame "
            "of term counts (terms as index, parts as columns)"
        )
    if table.shape[0] == 0 or table.shape[1] == 0:
        raise InvalidArgumentError(
            f"invalid value for `table`: shape {table.shape}; allowed: at least one term (row) "
            "and one part (column)"
        )
    try:
        values = table.to_numpy(dtype="float64")
    except (TypeError, ValueError) as exc:
        raise InvalidArgumentError(
            f"invalid value for `table`: non-numeric cells ({exc}); allowed: non-negative "
            "integer counts"
        ) from None
    bad = ~np.isfinite(values) | (values < 0) | (values != np.round(values))
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise InvalidArgumentError(
            f"invalid value in `table` at term {table.index[r]!r}, part {table.columns[c]!r}: "
            f"{table.iat[r, c]!r}; allowed: non-negative integer counts"
        )
    empty = values.sum(axis=0) == 0
    if empty.any():
        names = [str(c) for c in table.columns[empty]]
        raise InvalidArgumentError(
            f"invalid value for `table`: empty part(s) {names} (column total 0); allowed: parts "
            "holding at least one occurrence"
        )
    return values.astype("int64")


def _grouped_logsumexp(x: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """``logsumexp`` of each run ``x[starts[i]:starts[i+1]]`` (all runs non-empty)."""
    peak = np.maximum.reduceat(x, starts)
    sizes = np.diff(np.append(starts, len(x)))
    shifted = np.exp(x - np.repeat(peak, sizes))
    return peak + np.log(np.add.reduceat(shifted, starts))


#: terms of the tail sums computed at a time: a tail has one term per count of its support,
#: so a whole table at once takes about (term occurrences x parts) values, several arrays
#: of them (over a gigabyte on the 6.7M-word Grand Débat sample)
TAIL_CHUNK = 1 << 20


def _chunks(cells: np.ndarray, sizes: np.ndarray) -> list[np.ndarray]:
    """``cells`` cut, in order, into runs whose ``sizes`` add up to about ``TAIL_CHUNK`` at
    most (a cell larger than that is a run of its own)."""
    if len(cells) == 0:
        return []
    total = np.cumsum(sizes[cells])
    out, a = [], 0
    while a < len(cells):
        base = total[a - 1] if a else 0
        b = max(a + 1, int(np.searchsorted(total, base + TAIL_CHUNK, side="right")))
        out.append(cells[a:b])
        a = b
    return out


def log_tail_probabilities(
    f: np.ndarray, F: np.ndarray, t: np.ndarray, T: int
) -> tuple[np.ndarray, np.ndarray]:
    """Natural-log tails of ``X ~ Hypergeom(T, F, t)`` at ``f``, element-wise.

    Returns ``(log P(X >= f), log P(X <= f))``, each summed term by term in log space from
    ``scipy.stats.hypergeom.logpmf`` so that neither underflows nor loses precision to a
    ``1 - p`` cancellation. Arrays of equal shape of non-negative integers with ``f <= F <= T``
    and ``f <= t <= T``.
    """
    f, F, t = (np.asarray(a, dtype="int64").ravel() for a in (f, F, t))
    lo = np.maximum(0, t - (T - F))  # support of X
    hi = np.minimum(F, t)
    out = []
    for first, last in ((f, hi), (lo, f)):
        first = np.maximum(first, lo)
        last = np.minimum(last, hi)
        sizes = np.maximum(last - first + 1, 0)
        res = np.full(len(f), -np.inf)
        for cells in _chunks(np.flatnonzero(sizes > 0), sizes):
            n = sizes[cells]
            starts = np.concatenate([[0], np.cumsum(n)[:-1]])
            k = np.repeat(first[cells] - starts, n) + np.arange(n.sum())
            logpmf = stats.hypergeom.logpmf(k, T, np.repeat(F[cells], n), np.repeat(t[cells], n))
            res[cells] = np.minimum(_grouped_logsumexp(logpmf, starts), 0.0)
        out.append(res)
    return out[0], out[1]


def specificities(table: pd.DataFrame, *, decimals: int | None = 4) -> pd.DataFrame:
    """Signed Lafon specificity scores of a term x part count table.

    ``table``: non-negative integer counts, terms as index, parts as columns, no empty part.
    Returns a float DataFrame of the same shape, index and columns: ``-log10 P(X >= f)`` where
    the count ``f`` is at least its expectation, ``log10 P(X <= f)`` where it is below (see the
    module docstring), rounded to ``decimals`` (4, as textometry; ``None`` keeps full precision).
    Raises ``InvalidArgumentError`` for a non-DataFrame, an empty table, a negative, fractional
    or missing count, or a part whose total is 0.
    """
    values = _check_table(table)
    T = int(values.sum())
    F = np.broadcast_to(values.sum(axis=1, keepdims=True), values.shape)
    t = np.broadcast_to(values.sum(axis=0, keepdims=True), values.shape)
    log_sf, log_cdf = log_tail_probabilities(values, F, t, T)
    f = values.ravel()
    positive = f * T >= F.ravel() * t.ravel()  # f >= E without rounding
    score = np.where(positive, -log_sf, log_cdf) / _LOG10
    score = score.reshape(values.shape) + 0.0  # no negative zeros
    if decimals is not None:
        score = np.round(score, decimals) + 0.0
    return pd.DataFrame(score, index=table.index.copy(), columns=table.columns.copy())


def _lexical_table(
    tokens: pd.DataFrame, segments: pd.DataFrame, variable: str
) -> pd.DataFrame:
    """Term x value counts of one segment variable (empty values excluded): the
    ``pd.crosstab`` of the terms and the values of their segments, counted on integer codes
    (no string per token)."""
    from insights.vectorize import str_codes

    values = segments[["segment_id", variable]].astype(str)
    values = values[(values[variable].str.strip() != "") & values[variable].notna()]
    if values["segment_id"].duplicated().any():
        return _lexical_table_merged(tokens, values, variable)
    has = tokens["term"].notna().to_numpy()
    seg_codes, seg_names = str_codes(tokens.loc[has, "segment_id"], sort=False)
    term_codes, term_names = str_codes(tokens.loc[has, "term"])
    value_codes, value_names = str_codes(values[variable])
    value_of = pd.Series(value_codes, index=pd.Index(values["segment_id"]))
    token_value = np.append(value_of.reindex(seg_names).fillna(-1).to_numpy(dtype=np.int64),
                            -1)[seg_codes]
    inside = (token_value >= 0) & (term_codes >= 0)
    if not inside.any():
        return pd.DataFrame()
    counts = np.bincount(term_codes[inside] * len(value_names) + token_value[inside],
                         minlength=len(term_names) * len(value_names))
    counts = counts.reshape(len(term_names), len(value_names)).astype("int64")
    rows, cols = counts.any(axis=1), counts.any(axis=0)
    return pd.DataFrame(counts[rows][:, cols],
                        index=pd.Index(term_names[rows].astype(str), name="term"),
                        columns=pd.Index(value_names[cols].astype(str), name=variable))


def _lexical_table_merged(tokens: pd.DataFrame, values: pd.DataFrame,
                          variable: str) -> pd.DataFrame:
    """:func:`_lexical_table` of a segments table listing a segment under several values."""
    t = tokens.loc[tokens["term"].notna(), ["segment_id", "term"]].astype(str)
    t = t.merge(values, on="segment_id", how="inner")
    if t.empty:
        return pd.DataFrame()
    table = pd.crosstab(t["term"], t[variable])
    return table.sort_index().sort_index(axis=1)


def _variable_specificities(tokens: pd.DataFrame, segments: pd.DataFrame, variable: str, *,
                            min_df: int, decimals: int) -> pd.DataFrame | None:
    """The rows of ``specificity_table`` for one ``variable``, sorted by value, score
    descending, term; None when it has fewer than two parts or no term of ``min_df``."""
    table = _lexical_table(tokens, segments, variable)
    if table.shape[1] < 2:
        return None
    keep = table.sum(axis=1) >= min_df
    if not keep.any():
        return None
    kept = table[keep]
    rows = [kept.to_numpy()]
    if (~keep).any():
        rows.append(table[~keep].to_numpy().sum(axis=0, keepdims=True))
    full = pd.DataFrame(np.vstack(rows), columns=kept.columns)
    score = specificities(full, decimals=None).iloc[: len(kept)]
    T = full.to_numpy().sum()
    expected = np.outer(kept.sum(axis=1), full.sum(axis=0)) / T
    long = pd.DataFrame({
        "variable": variable,
        "value": np.tile(kept.columns.astype(str), len(kept)),
        "term": np.repeat(kept.index.astype(str), kept.shape[1]),
        "observed": kept.to_numpy().ravel().astype("int64"),
        "expected": np.round(expected.ravel(), decimals) + 0.0,
        "score": np.round(score.to_numpy().ravel(), decimals) + 0.0,
    })
    return long.sort_values(["value", "score", "term"], ascending=[True, False, True],
                            kind="mergesort")


@renamed(min_frequency="min_df")
def specificity_table(
    tokens: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    variables: Sequence[str] = ("session", "profile", "kind", "group"),
    min_df: int = 3,
    decimals: int = 4,
) -> pd.DataFrame:
    """Specificities of terms for each value of segment variables, as one long table.

    For each column of ``segments`` named in ``variables``, the parts are its non-empty values
    (segments with an empty value are left out); a variable with fewer than two non-empty
    values is skipped (nothing to contrast). Counts are term occurrences (``tokens["term"]``).
    Every term counts in the part sizes, but only terms occurring at least ``min_df`` times
    in the variable's parts get a row (the rarer ones are pooled into one hidden row, as
    textometry's ``others`` line, so part sizes stay true).

    Returns columns ``variable, value, term, observed, expected, score`` (``expected = F*t/T``
    rounded to ``decimals``; ``score`` from ``specificities``), sorted by variable (in the
    order given), value, score descending, term. Raises ``InvalidArgumentError`` for a variable
    that is not a column of ``segments`` or a ``min_df`` below 1. (``min_df`` counts
    occurrences here, as textometry's threshold does; its name is the one every method uses
    for its minimum frequency. Deprecated name, one release: ``min_frequency``.)
    """
    if isinstance(variables, str):
        variables = (variables,)
    require_columns(tokens, "tokens", ["segment_id", "term"])
    missing = [v for v in variables if v not in segments.columns]
    if missing:
        raise InvalidArgumentError(
            f"invalid value for `variables`: {missing} not in segments; allowed: "
            f"{sorted(segments.columns)}"
        )
    check_int("min_df", min_df, 1)
    frames = [_variable_specificities(tokens, segments, v, min_df=min_df, decimals=decimals)
              for v in variables]
    frames = [f for f in frames if f is not None]
    if not frames:
        return pd.DataFrame({
            "variable": pd.Series(dtype="str"), "value": pd.Series(dtype="str"),
            "term": pd.Series(dtype="str"), "observed": pd.Series(dtype="int64"),
            "expected": pd.Series(dtype="float64"), "score": pd.Series(dtype="float64"),
        })[SPECIFICITY_COLUMNS]
    return pd.concat(frames, ignore_index=True)[SPECIFICITY_COLUMNS]
