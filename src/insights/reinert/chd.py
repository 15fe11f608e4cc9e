"""Rainette's descending hierarchical classification (CHD) of the rows of a binary matrix.

The maths of one split, as rainette (``cpp_chisq``, ``order_docs``, ``cpp_split_tab``,
``switch_docs``, ``select_features``) and IRaMuTeQ's ``CHD.R`` compute it, then the tree that
splits the largest class until ``k`` classes are reached or a class cannot be split; why the
tree stopped is a code with its parameters (:data:`STOP_REASONS`, French in
:mod:`insights.messages_fr`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from scipy.sparse import linalg as splinalg

from insights.errors import bad_value

__all__ = ["STOP_REASONS", "UNCLASSIFIED", "EarlyStopWarning", "grouped_chi2"]

#: the label of a row that belongs to no class
UNCLASSIFIED = 0
_DENSE_SVD_MAX_CELLS = 40_000

#: stop code -> the English reason kept in ``stop_reason_`` (the French text of each code is
#: in :data:`insights.messages_fr.MESSAGES`)
STOP_REASONS = {
    "reinert.stop.reached": "reached k={k} classes",
    "reinert.stop.min_split_members": (
        "stopped at {n_classes} classes: the largest remaining class has {size} units "
        "(< min_split_members={min_split_members})"),
    "reinert.stop.too_small": (
        "stopped at {n_classes} classes: the largest remaining class has {size} units and "
        "{n_terms} active terms, too few to split (3 needed)"),
    "reinert.stop.no_active_terms": (
        "stopped at {n_classes} classes: the largest remaining class has only {size} units "
        "with active terms, too few to split"),
    "reinert.stop.no_cut": (
        "stopped at {n_classes} classes: no cut of the largest class gives a finite chi2"),
    "reinert.stop.no_partition": (
        "stopped at {n_classes} classes: no set of {next} disjoint crossed classes"),
}


def stop_reason(code: str, params: dict[str, Any]) -> str:
    """The English reason of stop ``code`` with ``params``."""
    return STOP_REASONS[code].format(**params)


class EarlyStopWarning(UserWarning):
    """The classification stopped before reaching the requested number of classes."""


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
    # running column sums before each nonzero, within its column (rows are in scan order);
    # computed in place: one array of the matrix's size at a time (the same operations, in
    # the same order, as (2 * prev * data + data ** 2) / c[col])
    prev = np.cumsum(x.data)
    col_start = np.concatenate([[0.0], prev])[x.indptr[:-1]]
    prev -= x.data
    prev -= np.repeat(col_start, counts)
    prev *= 2
    prev *= x.data
    prev += x.data ** 2
    prev /= np.repeat(c, counts)
    dq = np.bincount(x.indices, weights=prev, minlength=x.shape[0])
    del prev
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
class Tree:
    """A descending classification: ``levels[i]`` the classes (nodes) at ``i + 1`` classes,
    ``splits`` one record per split, and why it stopped (``stop_code``, ``stop_params``,
    ``stop_reason`` in English; ``stopped_early`` when fewer classes than asked)."""

    levels: list[list[_Node]] = field(default_factory=list)
    splits: list[dict] = field(default_factory=list)
    stop_code: str = ""
    stop_params: dict[str, Any] = field(default_factory=dict)
    stopped_early: bool = False

    @property
    def stop_reason(self) -> str:
        return stop_reason(self.stop_code, self.stop_params) if self.stop_code else ""

    def stop(self, code: str, *, early: bool = True, **params: Any) -> None:
        self.stop_code, self.stop_params, self.stopped_early = code, params, early


@dataclass(frozen=True)
class SplitRule:
    """How a class is split: ``min_split_members`` (a smaller class is not split),
    ``cc_test`` / ``tsj`` (rainette's term selection in the children) and ``random_state``
    (seed of the sparse SVD)."""

    min_split_members: int
    cc_test: float
    tsj: int
    random_state: int


def _split(x: sparse.csr_matrix, node: _Node, rule: SplitRule, n_classes: int,
           tree: Tree) -> tuple | None:
    """Split ``node`` in two by the largest chi2 (rainette): ``(keep_rows, keep_cols, in1,
    (keep1, keep2), chi2)``, i.e. the node's rows and terms that hold a term, the rows of the
    first child among them, the terms kept in each child and the chi2 of the split; None
    (``tree`` stopped, with the reason) when the node cannot be split."""
    if len(node.rows) < rule.min_split_members:
        tree.stop("reinert.stop.min_split_members", n_classes=n_classes,
                  size=len(node.rows), min_split_members=rule.min_split_members)
        return None
    if len(node.rows) < 3 or len(node.cols) < 3:
        tree.stop("reinert.stop.too_small", n_classes=n_classes, size=len(node.rows),
                  n_terms=len(node.cols))
        return None
    sub = x[node.rows][:, node.cols]
    keep_r = np.asarray(sub.sum(axis=1)).ravel() > 0
    keep_c = np.asarray(sub.sum(axis=0)).ravel() > 0
    sub = sub[keep_r][:, keep_c].tocsr()
    if sub.shape[0] < 2 or sub.shape[1] < 2:
        tree.stop("reinert.stop.no_active_terms", n_classes=n_classes, size=sub.shape[0])
        return None
    order = np.argsort(_ca_first_axis(sub, rule.random_state), kind="stable")
    n_first, chi2 = _best_cut(sub, order)
    if n_first == 0:
        tree.stop("reinert.stop.no_cut", n_classes=n_classes)
        return None
    in1 = np.zeros(sub.shape[0], dtype=bool)
    in1[order[:n_first]] = True
    in1, chi2 = _switch_rows(sub, in1, chi2)
    return keep_r, keep_c, in1, _select_features(sub, in1, rule.cc_test, rule.tsj), chi2


def divide(x: sparse.csr_matrix, *, k: int, rule: SplitRule) -> Tree:
    """Rainette's descending hierarchical classification of the rows (units) of ``x``: split
    the largest class until ``k`` classes, or until it cannot be split (``tree.stop_code``)."""
    tree = Tree(levels=[[_Node(np.arange(x.shape[0]), np.arange(x.shape[1]), 0)]])
    next_id = 1
    while len(tree.levels[-1]) < k:
        current = tree.levels[-1]
        big = int(np.argmax([len(nd.rows) for nd in current]))
        node = current[big]
        found = _split(x, node, rule, len(current), tree)
        if found is None:
            break
        keep_r, keep_c, in1, (k1, k2), chi2 = found
        rows, cols = node.rows[keep_r], node.cols[keep_c]
        left = _Node(rows[in1], cols[k1], next_id)
        right = _Node(rows[~in1], cols[k2], next_id + 1)
        next_id += 2
        tree.splits.append({
            "split": len(tree.splits) + 1, "parent": node.node_id, "left": left.node_id,
            "right": right.node_id, "chi2": chi2, "size": int(len(rows)),
        })
        tree.levels.append(current[:big] + [left, right] + current[big + 1:])
    if not tree.stop_code:
        tree.stop("reinert.stop.reached", early=False, k=k)
    return tree
