"""What characterises each class of a partition (rainette ``rainette_stats``), and the one
rule that names a class by its terms (used by the theme table and the dendrogram alike)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse, stats

from insights.errors import bad_value, check_float, check_int, require_columns
from insights.reinert.chd import UNCLASSIFIED
from insights.vectorize import check_matrix

__all__ = ["PROFILE_COLUMNS", "class_profiles", "class_top_terms", "metadata_profiles"]

PROFILE_COLUMNS = ["class", "term", "n_class_with_term", "n_class", "n_total_with_term",
                   "n_total", "chi2", "p_value", "share"]
METADATA_PROFILE_COLUMNS = ["class", "variable", "value", "n_class_with_value", "n_class",
                            "n_total_with_value", "n_total", "chi2", "p_value", "share"]


def _two_by_two(a, n_class, n_with, n_total):
    """Signed chi2 (no correction) and p-value of the 2x2 tables (in class / outside) x
    (with / without), vectorised; the sign is negative when ``a`` is below its expectation."""
    a, n_class, n_with = (np.asarray(v, dtype=float) for v in (a, n_class, n_with))
    b, c = n_class - a, n_with - a
    d = n_total - n_class - n_with + a
    den = n_class * (n_total - n_class) * n_with * (n_total - n_with)
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = np.where(den > 0, n_total * (a * d - b * c) ** 2 / den, 0.0)
    expected = n_class * n_with / n_total if n_total else np.zeros_like(a)
    signed = np.where(a < expected, -chi2, chi2)
    return signed, stats.chi2.sf(chi2, 1)


def class_profiles(X: object, labels: Sequence[int] | np.ndarray, terms: Sequence[str]
                   ) -> pd.DataFrame:
    """What characterises each class of a partition of the rows of ``X`` (rainette
    ``rainette_stats``), for any partition: a ``Reinert`` cut, NMF's dominant themes, a
    metadata column.

    ``X``: rows x terms matrix (counts or 0/1: a term is *in* a row when its cell is not 0);
    ``labels``: the class of each row (integers, ``UNCLASSIFIED`` = 0 rows are left out);
    ``terms``: the column names. For each class and term, the 2 x 2 table (in the class or
    not) x (holding the term or not) over the classified rows gives a chi2 (no continuity
    correction), negative when the term is rarer in the class than expected, and its p-value.

    Returns one row per (class, term found in a classified row): ``class``, ``term``,
    ``n_class_with_term``, ``n_class``, ``n_total_with_term``, ``n_total``, ``chi2``,
    ``p_value``, ``share`` (of the rows holding the term, the share in the class); sorted by
    class, then chi2 descending, then term. Raises ``InvalidArgumentError`` on sizes that do
    not match.
    """
    x = check_matrix(X, binary=True)
    lab = np.asarray(labels)
    names = pd.Index([str(t) for t in terms])
    if lab.ndim != 1 or len(lab) != x.shape[0]:
        raise bad_value("labels", f"{lab.size} values", f"one class per row of X ({x.shape[0]})")
    if len(names) != x.shape[1]:
        raise bad_value("terms", f"{len(names)} names", f"one name per column of X ({x.shape[1]})")
    lab = pd.Series(lab).fillna(UNCLASSIFIED).astype(int).to_numpy()
    ok = lab != UNCLASSIFIED
    x, lab = x[ok], lab[ok]
    n_total = int(ok.sum())
    n_with = np.asarray(x.sum(axis=0)).ravel()
    frames = []
    for cls in sorted(set(lab.tolist())):
        inside = lab == cls
        a = np.asarray(x[inside].sum(axis=0)).ravel()
        n_class = int(inside.sum())
        chi2, p = _two_by_two(a, n_class, n_with, n_total)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(n_with > 0, a / n_with, 0.0)
        frames.append(pd.DataFrame({
            "class": cls, "term": names, "n_class_with_term": a.astype(int),
            "n_class": n_class, "n_total_with_term": n_with.astype(int), "n_total": n_total,
            "chi2": chi2, "p_value": p, "share": share,
        }))
    if not frames:
        return pd.DataFrame(columns=PROFILE_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out = out.loc[out["n_total_with_term"] > 0]
    out = out.sort_values(["class", "chi2", "term"], ascending=[True, False, True], kind="stable")
    return out.reset_index(drop=True)[PROFILE_COLUMNS]


def class_top_terms(profiles: pd.DataFrame, *, n_terms: int = 10,
                    alpha: float = 0.05) -> dict[int, list[str]]:
    """``{class: [term, …]}``: the ``n_terms`` terms most over-represented in each class of
    ``profiles`` (a :func:`class_profiles` table): positive chi2 with a p-value below
    ``alpha``, by decreasing chi2, then term. The one rule that names a class: the theme
    table's words and the dendrogram's are these. Classes without such a term are absent."""
    require_columns(profiles, "profiles", ("class", "term", "chi2", "p_value"))
    n_terms = check_int("n_terms", n_terms, 1)
    alpha = check_float("alpha", alpha, 0.0, 1.0)
    sel = profiles.loc[(profiles["chi2"] > 0) & (profiles["p_value"] < alpha)]
    sel = sel.dropna(subset=["class"]).sort_values(
        ["class", "chi2", "term"], ascending=[True, False, True], kind="mergesort")
    return {int(c): g["term"].astype(str).head(n_terms).tolist()
            for c, g in sel.groupby("class", sort=True)}


def metadata_profiles(table: pd.DataFrame, labels: np.ndarray,
                      variables: Sequence[str]) -> pd.DataFrame:
    """:func:`class_profiles` of the values of the columns ``variables`` of ``table`` (one
    row per row of the classified matrix; absent columns and empty values are skipped):
    columns ``class, variable, value, n_class_with_value, n_class, n_total_with_value,
    n_total, chi2, p_value, share``."""
    frames = []
    for var in variables:
        if var not in table.columns:
            continue
        values = table[var].astype(str)
        cats = pd.Index(sorted(v for v in values.unique() if v != ""))
        if len(cats) == 0:
            continue
        codes = cats.get_indexer(values)
        ok = codes >= 0
        ind = sparse.csr_matrix((np.ones(ok.sum()), (np.flatnonzero(ok), codes[ok])),
                                shape=(len(values), len(cats)))
        t = class_profiles(ind, labels, cats)
        t.insert(1, "variable", var)
        frames.append(t)
    if not frames:
        return pd.DataFrame(columns=METADATA_PROFILE_COLUMNS)
    return pd.concat(frames, ignore_index=True).rename(columns={
        "term": "value", "n_class_with_term": "n_class_with_value",
        "n_total_with_term": "n_total_with_value"})[METADATA_PROFILE_COLUMNS]
