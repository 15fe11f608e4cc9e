"""Reinert classification (the Alceste / IRaMuTeQ method) as estimators on a matrix.

The maths follows the R package rainette (Julien Barnier, https://github.com/juba/rainette),
itself a rewrite of IRaMuTeQ's ``CHD.R`` / ``chdtxt.R``. Like scikit-learn's clusterers, the
estimators take a document-term matrix ``X`` (rows: text segments, columns: terms; any
scipy sparse matrix or array, made binary) and set ``labels_``, one class per row of ``X``:

* ``Reinert`` (rainette ``rainette``): descending hierarchical classification; ``cut(k)``
  (rainette ``cutree``) gives the classes at any level of the tree.
* ``ReinertDouble`` (rainette ``rainette2``): two simple classifications on units of two
  sizes, crossed; rows on which they disagree stay unclassified.
* ``class_profiles(X, labels, terms)`` (rainette ``rainette_stats``): the terms that
  characterise each class of any partition.

Rows of one *text* may be merged into units before classifying (``fit(X, groups=...)``:
``groups`` holds each row's text id, and consecutive rows of one text are merged until a unit
holds ``min_segment_size`` terms); rows of two texts never are. Classes are numbered from 1;
``0`` marks an unclassified row (no active term left, or outside the retained partition).
The event-level chain (cutting segments into text segments, the matrix, themes and quotes)
is in :mod:`insights.reinert_event`.
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy import stats
from scipy.sparse import linalg as splinalg
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.utils.validation import check_is_fitted

from insights.errors import InsightsError, bad_value, check_float, check_int, require_columns
from insights.vectorize import check_groups

__all__ = [
    "UNCLASSIFIED",
    "EarlyStopWarning",
    "Reinert",
    "ReinertDouble",
    "class_profiles",
    "class_top_terms",
    "grouped_chi2",
]

#: the label of a row that belongs to no class
UNCLASSIFIED = 0
_DENSE_SVD_MAX_CELLS = 40_000


class EarlyStopWarning(UserWarning):
    """The classification stopped before reaching the requested number of classes."""


# --------------------------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------------------------

def _check_int(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise bad_value(name, value, f"an integer >= {minimum}")
    return int(value)


def _check_float(name: str, value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise bad_value(name, value, f"a number between {low} and {high}")
    if not low <= float(value) <= high:
        raise bad_value(name, value, f"a number between {low} and {high}")
    return float(value)


def check_matrix(X: object, name: str = "X") -> sparse.csr_matrix:
    """``X`` (a scipy sparse matrix, a 2-D array or a DataFrame of non-negative numbers) as a
    binary CSR matrix of float64. Raises ``InvalidArgumentError`` otherwise."""
    allowed = "a 2-D matrix (scipy sparse, numpy array or DataFrame) of non-negative counts"
    if isinstance(X, pd.DataFrame):
        X = X.to_numpy()
    try:
        m = sparse.csr_matrix(X) if not sparse.issparse(X) else X.tocsr()
        m = m.astype(np.float64)
    except (TypeError, ValueError):
        raise bad_value(name, type(X).__name__, allowed) from None
    if m.ndim != 2 or not np.all(np.isfinite(m.data)) or (m.data < 0).any():
        raise bad_value(name, f"shape {m.shape}", allowed)
    m = (m != 0).astype(np.float64).tocsr()
    m.sort_indices()
    return m


# --------------------------------------------------------------------------------------------
# descending hierarchical classification
# --------------------------------------------------------------------------------------------

def grouped_chi2(table: np.ndarray | Sequence[Sequence[float]]) -> float:
    """Chi2 (no continuity correction) of a 2 x p table of term totals of two groups.

    This is the criterion the Reinert method maximises (rainette ``cpp_chisq``). Every column
    must have a positive total. Raises ``InvalidArgumentError`` otherwise.
    """
    tab = np.asarray(table, dtype=float)
    if tab.ndim != 2 or tab.shape[0] != 2 or (tab.sum(axis=0) <= 0).any() or (tab < 0).any():
        raise bad_value("table", tab.tolist(), "a 2 x p table of counts, every column total > 0")
    c = tab.sum(axis=0)
    return float(_chi2_from_q((tab[0] ** 2 / c).sum(), tab[0].sum(), c.sum()))


def _chi2_from_q(q, n1, n):
    """Chi2 of a 2 x p table from ``q = sum_j a_j^2 / c_j``, group-1 total ``n1`` and total ``n``:
    ``chi2 = n (n q - n1^2) / (n1 (n - n1))`` (the two rows' terms are equal up to a factor)."""
    n1 = np.asarray(n1, dtype=float)
    n2 = n - n1
    with np.errstate(divide="ignore", invalid="ignore"):
        out = n * (n * q - n1 ** 2) / (n1 * n2)
    return np.where((n1 > 0) & (n2 > 0), np.maximum(out, 0.0), np.nan)


def _ca_first_axis(m: sparse.csr_matrix, random_state: int) -> np.ndarray:
    """Row coordinates on the first axis of a correspondence analysis of ``m``
    (rainette ``order_docs``: first singular vector of the standardised residuals / sqrt(row
    masses)). The sign is fixed so that the largest absolute coordinate is positive."""
    n = m.sum()
    r = np.asarray(m.sum(axis=1)).ravel() / n
    c = np.asarray(m.sum(axis=0)).ravel() / n
    sr, sc = np.sqrt(r), np.sqrt(c)
    a = sparse.diags(1 / sr) @ (m / n) @ sparse.diags(1 / sc)
    if m.shape[0] * m.shape[1] <= _DENSE_SVD_MAX_CELLS or min(m.shape) < 10:
        s = a.toarray() - np.outer(sr, sc)
        u = np.linalg.svd(s, full_matrices=False)[0][:, 0]
    else:
        a = a.tocsr()
        at = a.T.tocsr()
        op = splinalg.LinearOperator(
            a.shape,
            matvec=lambda x: a @ np.ravel(x) - sr * (sc @ np.ravel(x)),
            rmatvec=lambda y: at @ np.ravel(y) - sc * (sr @ np.ravel(y)),
            dtype=np.float64,
        )
        v0 = np.random.default_rng(random_state).uniform(-1, 1, size=min(a.shape))
        u = splinalg.svds(op, k=1, v0=v0, solver="arpack", random_state=random_state)[0][:, 0]
    coord = u / sr
    if coord[np.argmax(np.abs(coord))] < 0:
        coord = -coord
    return coord


def _best_cut(m: sparse.csr_matrix, order: np.ndarray) -> tuple[int, float]:
    """Scan the cut points along ``order`` (first ``i`` rows vs the rest) and return the number
    of rows of group 1 at the maximum chi2, and that chi2 (rainette ``cpp_split_tab``),
    vectorised: ``q_i = sum_j a_j(i)^2 / c_j`` grows by ``sum_j (2 a_j(i-1) x_ij + x_ij^2)/c_j``."""
    x = m[order].tocsc()
    x.sort_indices()
    c = np.asarray(x.sum(axis=0)).ravel()
    n = c.sum()
    counts = np.diff(x.indptr)
    col = np.repeat(np.arange(x.shape[1]), counts)
    # running column sums before each nonzero, within its column (rows are in scan order)
    csum = np.cumsum(x.data)
    col_start = np.concatenate([[0.0], csum])[x.indptr[:-1]]
    prev = csum - x.data - np.repeat(col_start, counts)
    contrib = (2 * prev * x.data + x.data ** 2) / c[col]
    dq = np.bincount(x.indices, weights=contrib, minlength=x.shape[0])
    q = np.cumsum(dq)
    n1 = np.cumsum(np.asarray(x.sum(axis=1)).ravel())
    chi2 = _chi2_from_q(q, n1, n)[:-1]
    if len(chi2) == 0 or np.all(np.isnan(chi2)):
        return 0, float("nan")
    best = int(np.nanargmax(chi2))
    return best + 1, float(chi2[best])


def _switch_rows(m: sparse.csr_matrix, in1: np.ndarray, chi2: float) -> tuple[np.ndarray, float]:
    """Move single rows between the two groups while it raises the chi2 (rainette
    ``switch_docs``): each round computes, for every row, the chi2 if it changed group, and moves
    the best one if it beats the current chi2. ``in1`` is the boolean membership of group 1.

    Unlike rainette (which indexes the chi2 vector by the CA order after the first switch), the
    row moved is the one whose chi2 is the maximum."""
    in1 = in1.copy()
    c = np.asarray(m.sum(axis=0)).ravel()
    n = c.sum()
    rs = np.asarray(m.sum(axis=1)).ravel()
    sq = m.multiply(m).tocsr() @ (1 / c)
    a = np.asarray(m[in1].sum(axis=0)).ravel()
    n1 = a.sum()
    q = float((a ** 2 / c).sum())
    for _ in range(10 * m.shape[0]):
        cross = m @ (a / c)
        sign = np.where(in1, -1.0, 1.0)
        q_new = q + sign * 2 * cross + sq
        n1_new = n1 + sign * rs
        cand = _chi2_from_q(q_new, n1_new, n)
        if np.all(np.isnan(cand)):
            break
        i = int(np.nanargmax(cand))
        if not cand[i] > chi2 * (1 + 1e-12):
            break
        row = np.asarray(m[i].todense()).ravel()
        a = a + sign[i] * row
        n1 = n1 + sign[i] * rs[i]
        q = float((a ** 2 / c).sum())
        chi2 = float(cand[i])
        in1[i] = not in1[i]
    return in1, chi2


def _select_features(
    m: sparse.csr_matrix, in1: np.ndarray, cc_test: float, tsj: int
) -> tuple[np.ndarray, np.ndarray]:
    """Columns kept in each child (rainette ``select_features``): a term stays in a child where
    it occurs in at least ``tsj`` rows; when its contingency coefficient between the two
    children exceeds ``cc_test``, only in the child where it is over-represented."""
    t1 = np.asarray(m[in1].sum(axis=0)).ravel()
    t2 = np.asarray(m[~in1].sum(axis=0)).ravel()
    tot = t1 + t2
    prop = tot / tot.sum()
    e1, e2 = prop * t1.sum(), prop * t2.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        chi = np.nan_to_num((t1 - e1) ** 2 / e1) + np.nan_to_num((t2 - e2) ** 2 / e2)
        cc = np.sqrt(chi / (chi + tot))
    low = cc <= cc_test
    keep1 = (t1 >= tsj) & (low | (t1 > e1))
    keep2 = (t2 >= tsj) & (low | (t2 > e2))
    return keep1, keep2


@dataclass
class _Node:
    rows: np.ndarray  # unit indices (global)
    cols: np.ndarray  # term indices (global) still active in this class
    node_id: int


@dataclass
class _Tree:
    levels: list[list[_Node]] = field(default_factory=list)  # levels[i]: nodes of i+1 classes
    splits: list[dict] = field(default_factory=list)
    stop_reason: str = ""
    stopped_early: bool = False


def _divisive(
    x: sparse.csr_matrix,
    *,
    k: int,
    min_split_members: int,
    cc_test: float,
    tsj: int,
    random_state: int,
) -> _Tree:
    """Rainette's descending hierarchical classification of the rows (units) of ``x``."""
    root = _Node(np.arange(x.shape[0]), np.arange(x.shape[1]), 0)
    tree = _Tree(levels=[[root]])
    next_id = 1
    while len(tree.levels[-1]) < k:
        current = tree.levels[-1]
        big = int(np.argmax([len(nd.rows) for nd in current]))
        node = current[big]
        n_cls = len(current)
        if len(node.rows) < min_split_members:
            tree.stop_reason = (
                f"stopped at {n_cls} classes: the largest remaining class has {len(node.rows)} "
                f"units (< min_split_members={min_split_members})"
            )
            tree.stopped_early = True
            break
        if len(node.rows) < 3 or len(node.cols) < 3:
            tree.stop_reason = (
                f"stopped at {n_cls} classes: the largest remaining class has {len(node.rows)} "
                f"units and {len(node.cols)} active terms, too few to split (3 needed)"
            )
            tree.stopped_early = True
            break
        sub = x[node.rows][:, node.cols]
        keep_r = np.asarray(sub.sum(axis=1)).ravel() > 0
        keep_c = np.asarray(sub.sum(axis=0)).ravel() > 0
        rows, cols = node.rows[keep_r], node.cols[keep_c]
        sub = sub[keep_r][:, keep_c].tocsr()
        if sub.shape[0] < 2 or sub.shape[1] < 2:
            tree.stop_reason = (
                f"stopped at {n_cls} classes: the largest remaining class has only "
                f"{sub.shape[0]} units with active terms, too few to split"
            )
            tree.stopped_early = True
            break
        order = np.argsort(_ca_first_axis(sub, random_state), kind="stable")
        n_first, chi2 = _best_cut(sub, order)
        if n_first == 0:
            tree.stop_reason = (
                f"stopped at {n_cls} classes: no cut of the largest class gives a finite chi2"
            )
            tree.stopped_early = True
            break
        in1 = np.zeros(sub.shape[0], dtype=bool)
        in1[order[:n_first]] = True
        in1, chi2 = _switch_rows(sub, in1, chi2)
        k1, k2 = _select_features(sub, in1, cc_test, tsj)
        left = _Node(rows[in1], cols[k1], next_id)
        right = _Node(rows[~in1], cols[k2], next_id + 1)
        next_id += 2
        tree.splits.append({
            "split": len(tree.splits) + 1, "parent": node.node_id, "left": left.node_id,
            "right": right.node_id, "chi2": chi2, "size": int(len(rows)),
        })
        tree.levels.append(current[:big] + [left, right] + current[big + 1:])
    if not tree.stop_reason:
        tree.stop_reason = f"reached k={k} classes"
    return tree


def _compute_uc(sizes: np.ndarray, docs: np.ndarray, min_size: int) -> np.ndarray:
    """Unit index of each text segment (rainette ``compute_uc``): consecutive text segments of
    the same document are merged until the unit holds ``min_size`` terms; a short last unit of a
    document joins the previous unit of that document."""
    n = len(sizes)
    uc = np.arange(n)
    if min_size <= 1 or np.all(sizes >= min_size):
        return uc
    i = 0
    while i < n:
        size = sizes[i]
        g = i
        while size < min_size:
            if g + 1 < n and docs[g] == docs[g + 1]:
                g += 1
                size += sizes[g]
                uc[g] = i
            else:
                mask = (docs == docs[g]) & (uc < uc[g])
                if mask.any():
                    uc[uc == uc[g]] = uc[mask].max()
                break
        i = g + 1
    return np.unique(uc, return_inverse=True)[1]



def _run_simple(x: sparse.csr_matrix, docs: np.ndarray, *, k: int, min_segment_size: int,
                min_split_members: int, cc_test: float, tsj: int, random_state: int):
    """Units, tree and per-level row labels of one simple classification."""
    sizes = np.asarray(x.sum(axis=1)).ravel()
    uc = _compute_uc(sizes, docs, min_segment_size)
    n_uc = uc.max() + 1
    group = sparse.csr_matrix((np.ones(len(uc)), (uc, np.arange(len(uc)))),
                              shape=(n_uc, len(uc)))
    xu = (group @ x).tocsr()
    xu.data[:] = 1.0
    tree = _divisive(xu, k=k, min_split_members=min_split_members, cc_test=cc_test, tsj=tsj,
                     random_state=random_state)
    levels = {}
    for nodes in tree.levels[1:]:
        lab_uc = np.zeros(n_uc, dtype=int)
        for i, nd in enumerate(nodes, start=1):
            lab_uc[nd.rows] = i
        levels[len(nodes)] = lab_uc[uc]
    return uc, tree, levels


# --------------------------------------------------------------------------------------------
# profiles
# --------------------------------------------------------------------------------------------

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


PROFILE_COLUMNS = ["class", "term", "n_class_with_term", "n_class", "n_total_with_term",
                   "n_total", "chi2", "p_value", "share"]


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
    x = check_matrix(X)
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


def class_top_terms(profiles: pd.DataFrame, *, n_terms: int = 10, alpha: float = 0.05
                    ) -> dict[int, list[str]]:
    """The words of each class: ``{class: [term, …]}``, its ``n_terms`` terms of highest
    positive chi2 whose p-value is below ``alpha`` (ties: term order), from a profiles table
    (:func:`class_profiles`: ``class``, ``term``, ``chi2``, ``p_value``). The one rule for a
    class's words, so the themes table (``top_terms``), the class labels and the report's
    dendrogram and profile charts show the same words. Classes without such a term are absent.
    """
    require_columns(profiles, "profiles", ("class", "term", "chi2", "p_value"))
    check_int("n_terms", n_terms, minimum=1)
    check_float("alpha", alpha, minimum=0.0, maximum=1.0)
    keep = (profiles["chi2"] > 0) & (profiles["p_value"] < alpha) & profiles["class"].notna()
    top = profiles.loc[keep].sort_values(["class", "chi2", "term"], ascending=[True, False, True],
                                         kind="mergesort")
    return {int(c): list(g["term"].astype(str).head(n_terms))
            for c, g in top.groupby("class", sort=True)}


# --------------------------------------------------------------------------------------------
# estimators
# --------------------------------------------------------------------------------------------

class Reinert(ClusterMixin, BaseEstimator):
    """Reinert descending hierarchical classification of the rows of a matrix (rainette
    ``rainette``).

    Parameters (only stored here, checked in ``fit``): ``k``, the number of terminal classes
    wanted; ``min_segment_size``, consecutive rows of one group (``fit(groups=...)``) are
    merged into units of at least this many terms (0 or 1: no merging); ``min_split_members``,
    a class with fewer units is not split; ``cc_test`` / ``tsj``, rainette's term selection
    after each split (a term stays in a child where it is in at least ``tsj`` units; when its
    contingency coefficient between the children exceeds ``cc_test``, only in the child where
    it is over-represented); ``random_state``, seed of the sparse SVD starting vector.

    Fitted attributes: ``labels_`` (int array, one class per row of ``X``, from 1; 0 when the
    row has no active term left), ``n_classes_``, ``units_`` (unit index of each row),
    ``tree_`` (one row per split: ``split, parent, left, right, chi2, size``, node ids with
    root 0, plus ``left_class``/``right_class``: final class of a terminal child),
    ``stop_reason_``, ``n_features_in_``. ``cut(k)`` gives the labels at ``k`` classes.
    """

    def __init__(self, k: int = 10, *, min_segment_size: int = 0, min_split_members: int = 10,
                 cc_test: float = 0.3, tsj: int = 3, random_state: int = 0):
        self.k = k
        self.min_segment_size = min_segment_size
        self.min_split_members = min_split_members
        self.cc_test = cc_test
        self.tsj = tsj
        self.random_state = random_state

    def _check_params(self) -> None:
        _check_int("k", self.k, 2)
        _check_int("min_segment_size", self.min_segment_size, 0)
        _check_int("min_split_members", self.min_split_members, 3)
        _check_int("tsj", self.tsj, 1)
        _check_float("cc_test", self.cc_test, 0.0, 1.0)
        _check_int("random_state", self.random_state, 0)

    def fit(self, X: object, y: None = None, groups: Sequence | None = None) -> Reinert:
        """Classify the rows of ``X``; ``groups`` holds each row's text id (rows of one text
        may be merged into units, see ``min_segment_size``; None: each row is a text).
        ``y`` is ignored. Returns ``self``. Raises ``InvalidArgumentError`` for bad
        parameters or inputs, ``InsightsError`` when no split can be made; warns
        ``EarlyStopWarning`` when fewer than ``k`` classes could be made (``stop_reason_``
        says why)."""
        self._check_params()
        x = check_matrix(X)
        docs = check_groups(groups, x.shape[0])
        if x.shape[0] < 3 or x.shape[1] < 3:
            raise InsightsError(
                f"too little text to classify: {x.shape[0]} rows and {x.shape[1]} terms "
                "(at least 3 of each needed)")
        uc, tree, levels = _run_simple(
            x, docs, k=self.k, min_segment_size=self.min_segment_size,
            min_split_members=self.min_split_members, cc_test=self.cc_test, tsj=self.tsj,
            random_state=self.random_state,
        )
        self.n_features_in_ = x.shape[1]
        self.units_ = uc
        self.levels_ = levels
        self.n_classes_ = len(tree.levels[-1])
        self.stop_reason_ = tree.stop_reason
        if self.n_classes_ < 2:
            raise InsightsError(f"no classification could be made: {tree.stop_reason}")
        if tree.stopped_early:
            warnings.warn(f"Reinert: {tree.stop_reason} (k={self.k} requested)",
                          EarlyStopWarning, stacklevel=2)
        final = {nd.node_id: i for i, nd in enumerate(tree.levels[-1], start=1)}
        t = pd.DataFrame(tree.splits, columns=["split", "parent", "left", "right", "chi2", "size"])
        t["left_class"] = t["left"].map(final).astype("Int64")
        t["right_class"] = t["right"].map(final).astype("Int64")
        self.tree_ = t
        self.labels_ = levels[self.n_classes_].copy()
        return self

    def cut(self, k: int) -> np.ndarray:
        """Labels of the rows when the tree is cut at ``k`` classes (rainette ``cutree``).
        Raises ``InvalidArgumentError`` unless 2 <= k <= ``n_classes_``."""
        check_is_fitted(self, "labels_")
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k not in self.levels_:
            raise bad_value("k", k, f"an integer from 2 to {self.n_classes_}")
        return self.levels_[int(k)].copy()


class ReinertDouble(ClusterMixin, BaseEstimator):
    """Double classification (rainette ``rainette2``, IRaMuTeQ "double sur RST").

    Two simple classifications (``Reinert``) with units of at least ``min_segment_size1`` and
    ``min_segment_size2`` terms are crossed: every class of every level of the first tree with
    every class of every level of the second. A crossed class is kept when it holds at least
    ``min_members`` rows and its association chi2 (2x2 membership table, Yates correction as
    R's ``chisq.test`` in rainette) is at least ``min_chi2``; identical crossed classes are
    kept once (the most associated one). With ``full=True`` (rainette's default) every such
    crossed class is a candidate; with ``full=False`` only crossed classes whose two classes
    are each other's most associated are kept. Then, for each k from 2 to ``k``, the set of k
    disjoint crossed classes with the largest total chi2 (ties: largest size) is the partition
    for k (exact branch-and-bound search, at most ``max_partitions`` steps). Rows in no class
    of the partition stay unclassified (0). Other parameters as in ``Reinert``.

    Fitted attributes: ``labels_`` (partition of the largest k found), ``n_classes_``,
    ``first_``/``second_`` (the two fitted ``Reinert``), ``crossed_`` (kept crossed classes:
    ``crossed, k1, class1, k2, class2, n, chi2``), ``partitions_`` (one row per k: ``k, chi2,
    n, classes`` (crossed ids in class-number order)), ``stop_reason_``, ``n_features_in_``.
    ``cut(k)`` gives the labels of the best partition in ``k`` classes.
    """

    def __init__(self, k: int = 10, *, min_segment_size1: int = 10, min_segment_size2: int = 15,
                 min_members: int = 10, min_chi2: float = 3.84, full: bool = True,
                 min_split_members: int = 10, cc_test: float = 0.3, tsj: int = 3,
                 max_partitions: int = 200_000, random_state: int = 0):
        self.k = k
        self.min_segment_size1 = min_segment_size1
        self.min_segment_size2 = min_segment_size2
        self.min_members = min_members
        self.min_chi2 = min_chi2
        self.full = full
        self.min_split_members = min_split_members
        self.cc_test = cc_test
        self.tsj = tsj
        self.max_partitions = max_partitions
        self.random_state = random_state

    def _simple(self, min_segment_size: int) -> Reinert:
        return Reinert(self.k, min_segment_size=min_segment_size,
                       min_split_members=self.min_split_members, cc_test=self.cc_test,
                       tsj=self.tsj, random_state=self.random_state)

    def fit(self, X: object, y: None = None, groups: Sequence | None = None) -> ReinertDouble:
        """Run both simple classifications on ``X`` (``groups`` as in ``Reinert.fit``) and
        cross them. Returns ``self``. Raises ``InvalidArgumentError`` for bad parameters,
        ``InsightsError`` when fewer than two crossed classes pass the filters."""
        _check_int("min_segment_size1", self.min_segment_size1, 0)
        _check_int("min_segment_size2", self.min_segment_size2, 0)
        _check_int("min_members", self.min_members, 1)
        _check_float("min_chi2", self.min_chi2, 0.0, float("inf"))
        _check_int("max_partitions", self.max_partitions, 1)
        if not isinstance(self.full, bool):
            raise bad_value("full", self.full, [True, False])
        x = check_matrix(X)
        stops, fitted = [], []
        for size in (self.min_segment_size1, self.min_segment_size2):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", EarlyStopWarning)
                fitted.append(self._simple(size).fit(x, groups=groups))
            stops += [str(w.message) for w in caught if issubclass(w.category, EarlyStopWarning)]
        self.first_, self.second_ = fitted
        self.n_features_in_ = x.shape[1]
        self._cross(x.shape[0])
        if self.n_classes_ < self.k:
            warnings.warn(f"ReinertDouble: {self.stop_reason_} (k={self.k} requested)",
                          EarlyStopWarning, stacklevel=2)
        if stops:
            self.stop_reason_ += "; " + "; ".join(stops)
        return self

    def _candidates(self, n_tot: int) -> pd.DataFrame:
        cand = []
        for k1, l1 in sorted(self.first_.levels_.items()):
            for k2, l2 in sorted(self.second_.levels_.items()):
                tab = pd.crosstab(l1, l2)
                for c1 in tab.index:
                    for c2 in tab.columns:
                        if c1 == UNCLASSIFIED or c2 == UNCLASSIFIED:
                            continue
                        n_both = int(tab.at[c1, c2])
                        if n_both == 0:
                            continue
                        n1, n2 = int((l1 == c1).sum()), int((l2 == c2).sum())
                        chi2 = _assoc_chi2(n_both, n1, n2, n_tot)
                        cand.append((k1, int(c1), k2, int(c2), n_both, chi2))
        crossed = pd.DataFrame(cand, columns=["k1", "class1", "k2", "class2", "n", "chi2"])
        crossed = crossed.loc[
            (crossed["n"] >= self.min_members) & (crossed["chi2"] >= self.min_chi2)
        ]
        if not self.full and len(crossed):
            crossed = crossed.assign(
                _a=crossed["k1"].astype(str) + "." + crossed["class1"].astype(str),
                _b=crossed["k2"].astype(str) + "." + crossed["class2"].astype(str),
            )
            best_a = crossed.groupby("_a")["chi2"].transform("max")
            best_b = crossed.groupby("_b")["chi2"].transform("max")
            crossed = crossed.loc[(crossed["chi2"] == best_a) & (crossed["chi2"] == best_b)]
            crossed = crossed.drop(columns=["_a", "_b"])
        return crossed

    def _cross(self, n_tot: int) -> None:
        crossed = self._candidates(n_tot)
        # identical crossed classes: keep the most associated one (rainette keeps the first)
        crossed = crossed.sort_values("chi2", ascending=False, kind="stable")
        members, keep, seen = [], [], set()
        l1s, l2s = self.first_.levels_, self.second_.levels_
        for row in crossed.itertuples(index=False):
            mask = (l1s[row.k1] == row.class1) & (l2s[row.k2] == row.class2)
            key = np.flatnonzero(mask).tobytes()
            keep.append(key not in seen)
            if key not in seen:
                seen.add(key)
                members.append(mask)
        crossed = crossed.loc[np.array(keep, dtype=bool)]
        by_order = np.lexsort((crossed["class2"], crossed["k2"], crossed["class1"], crossed["k1"]))
        members = [members[i] for i in by_order]
        crossed = crossed.iloc[by_order].reset_index(drop=True)
        crossed.insert(0, "crossed", [f"{a}.{b}x{c}.{d}" for a, b, c, d in zip(
            crossed["k1"], crossed["class1"], crossed["k2"], crossed["class2"])])
        self.crossed_ = crossed
        if len(crossed) < 2:
            raise InsightsError(
                f"double classification: only {len(crossed)} crossed class(es) with at least "
                f"min_members={self.min_members} rows and chi2 >= {self.min_chi2}; "
                "try a lower min_members, or full=True if it is off"
            )
        bits = [int.from_bytes(np.packbits(m, bitorder="little").tobytes(), "little")
                for m in members]
        chi2, size = crossed["chi2"].to_numpy(), crossed["n"].to_numpy()
        best_rows = []
        for k in range(2, self.k + 1):
            found = _best_packing(bits, chi2, size, k, self.max_partitions)
            if found is None:
                break
            best_rows.append((k, *found))
        if not best_rows:
            raise InsightsError(
                f"double classification: the {len(crossed)} crossed classes kept all overlap, "
                "no partition in 2 disjoint classes exists; try a lower min_members, "
                "or full=True if it is off"
            )
        self.partition_labels_ = {}
        rows = []
        for k, total, n, combo in best_rows:
            combo = sorted(combo, key=lambda i: (-size[i], i))
            lab = np.full(n_tot, UNCLASSIFIED, dtype=int)
            for cls, i in enumerate(combo, start=1):
                lab[members[i]] = cls
            self.partition_labels_[k] = lab
            rows.append({"k": k, "chi2": total, "n": n,
                         "classes": [crossed.at[i, "crossed"] for i in combo]})
        self.partitions_ = pd.DataFrame(rows, columns=["k", "chi2", "n", "classes"])
        k_best = max(self.partition_labels_)
        self.n_classes_ = k_best
        self.stop_reason_ = (
            f"reached k={self.k} classes" if k_best == self.k else
            f"stopped at {k_best} classes: no set of {k_best + 1} disjoint crossed classes"
        )
        self.labels_ = self.partition_labels_[k_best].copy()

    def cut(self, k: int) -> np.ndarray:
        """Labels of the best partition in ``k`` crossed classes (rainette
        ``cutree_rainette2``), 0 when unclassified."""
        check_is_fitted(self, "labels_")
        if (isinstance(k, bool) or not isinstance(k, (int, np.integer))
                or k not in self.partition_labels_):
            raise bad_value("k", k, sorted(self.partition_labels_))
        return self.partition_labels_[int(k)].copy()


def _best_packing(bits: list[int], chi2: np.ndarray, size: np.ndarray, k: int,
                  max_nodes: int) -> tuple[float, int, tuple[int, ...]] | None:
    """The ``k`` pairwise disjoint sets (members as bit masks) of largest total ``chi2`` (ties:
    largest total ``size``, then first in candidate order), by depth-first branch and bound over
    candidates sorted by decreasing chi2: a branch stops when even the next best chi2 values
    cannot beat the best total found. Returns ``(total chi2, total size, indices)`` or None when
    no ``k`` disjoint sets exist; raises ``InsightsError`` past ``max_nodes`` search nodes."""
    order = np.argsort(-chi2, kind="stable")
    w = chi2[order]
    prefix = np.concatenate([[0.0], np.cumsum(w)])
    masks = [bits[i] for i in order]
    sizes = size[order]
    best: list = [None]
    visited = [0]

    def better(score: float, n: int) -> bool:
        if best[0] is None:
            return True
        return (round(score, 9), n) > (round(best[0][0], 9), best[0][1])

    def search(start: int, used: int, score: float, n: int, combo: tuple[int, ...]) -> None:
        need = k - len(combo)
        if need == 0:
            if better(score, n):
                best[0] = (score, n, combo)
            return
        for j in range(start, len(masks) - need + 1):
            bound = score + prefix[j + need] - prefix[j]
            if best[0] is not None and round(bound, 9) < round(best[0][0], 9):
                break  # chi2 decreases with j: no later branch can do better
            if used & masks[j]:
                continue
            visited[0] += 1
            if visited[0] > max_nodes:
                raise InsightsError(
                    f"double classification: the search for the best partition in {k} classes "
                    f"went past max_partitions={max_nodes} steps; use full=False or a smaller k"
                )
            search(j + 1, used | masks[j], score + w[j], n + int(sizes[j]), combo + (j,))

    search(0, 0, 0.0, 0, ())
    if best[0] is None:
        return None
    score, n, combo = best[0]
    return float(score), int(n), tuple(int(order[j]) for j in combo)


def _assoc_chi2(n_both: int, n1: int, n2: int, n_tot: int) -> float:
    """Signed association chi2 of two classes (rainette2 ``compute_chi2``: R ``chisq.test``
    on the 2x2 membership table, Yates-corrected; negative when they repel each other)."""
    tab = np.array([[n_both, n1 - n_both], [n2 - n_both, n_tot - n1 - n2 + n_both]], dtype=float)
    if (tab.sum(axis=0) == 0).any() or (tab.sum(axis=1) == 0).any():
        return 0.0
    res = stats.chi2_contingency(tab, correction=True)
    return float(-res.statistic if res.expected_freq[0, 0] > n_both else res.statistic)