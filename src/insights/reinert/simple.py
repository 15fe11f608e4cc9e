"""``Reinert``: the simple descending classification of the rows of a matrix (rainette
``rainette``), and its units (rainette ``compute_uc``)."""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.utils.validation import check_is_fitted

from insights.errors import InsightsError, check_float, check_int
from insights.reinert.chd import EarlyStopWarning, SplitRule, Tree, divide
from insights.vectorize import check_groups, check_matrix

__all__ = ["Reinert", "compute_units"]


def compute_units(sizes: np.ndarray, docs: np.ndarray, min_size: int) -> np.ndarray:
    """Unit index of each row (rainette ``compute_uc``): from a row of ``docs``'s text, the
    next rows of that text are merged in, whatever their size, until the unit holds
    ``min_size`` terms (``sizes``); a short last unit of a text joins the text's previous unit.

    This is rainette's rule, kept as it is so that classes match rainette's and IRaMuTeQ's;
    the chain's own pooling of short text segments (:func:`insights.vectorize.pool_short`)
    pools only short rows."""
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


def split_rule(min_split_members: object, cc_test: object, tsj: object,
               random_state: object) -> SplitRule:
    """The checked :class:`~insights.reinert.chd.SplitRule` of these settings. Raises
    ``InvalidArgumentError`` for a value out of range."""
    return SplitRule(min_split_members=check_int("min_split_members", min_split_members, 3),
                     cc_test=check_float("cc_test", cc_test, 0.0, 1.0),
                     tsj=check_int("tsj", tsj, 1),
                     random_state=check_int("random_state", random_state, 0))


def classify_units(x: sparse.csr_matrix, docs: np.ndarray, *, k: int, min_segment_size: int,
                   rule: SplitRule) -> tuple[np.ndarray, Tree, dict[int, np.ndarray]]:
    """Units, tree and per-level row labels (``{n classes: labels}``) of one simple
    classification of the rows of the binary matrix ``x``."""
    uc = compute_units(np.asarray(x.sum(axis=1)).ravel(), docs, min_segment_size)
    n_uc = uc.max() + 1
    group = sparse.csr_matrix((np.ones(len(uc)), (uc, np.arange(len(uc)))),
                              shape=(n_uc, len(uc)))
    xu = (group @ x).tocsr()
    xu.data[:] = 1.0
    tree = divide(xu, k=k, rule=rule)
    levels = {}
    for nodes in tree.levels[1:]:
        lab_uc = np.zeros(n_uc, dtype=int)
        for i, nd in enumerate(nodes, start=1):
            lab_uc[nd.rows] = i
        levels[len(nodes)] = lab_uc[uc]
    return uc, tree, levels


@dataclass(eq=False, repr=False)
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
    ``stop_code_`` and ``stop_params_`` (why the tree stopped: a code of
    :data:`~insights.reinert.chd.STOP_REASONS`, French in :mod:`insights.messages_fr`),
    ``stop_reason_`` (the same in English), ``n_features_in_``. ``cut(k)`` gives the labels
    at ``k`` classes.
    """

    k: int = 10
    _: KW_ONLY
    min_segment_size: int = 0
    min_split_members: int = 10
    cc_test: float = 0.3
    tsj: int = 3
    random_state: int = 0

    def _rule(self) -> SplitRule:
        check_int("k", self.k, 2)
        check_int("min_segment_size", self.min_segment_size, 0)
        return split_rule(self.min_split_members, self.cc_test, self.tsj, self.random_state)

    def fit(self, X: object, y: None = None, groups: Sequence | None = None) -> Reinert:
        """Classify the rows of ``X``; ``groups`` holds each row's text id (rows of one text
        may be merged into units, see ``min_segment_size``; None: each row is a text).
        ``y`` is ignored. Returns ``self``. Raises ``InvalidArgumentError`` for bad
        parameters or inputs, ``InsightsError`` when no split can be made (its code is the
        stop code); warns ``EarlyStopWarning`` when fewer than ``k`` classes could be made."""
        rule = self._rule()
        x = check_matrix(X, binary=True)
        docs = check_groups(groups, x.shape[0])
        if x.shape[0] < 3 or x.shape[1] < 3:
            raise InsightsError(
                f"too little text to classify: {x.shape[0]} rows and {x.shape[1]} terms "
                "(at least 3 of each needed)", code="reinert.too_little_text",
                n_rows=x.shape[0], n_terms=x.shape[1])
        uc, tree, levels = classify_units(x, docs, k=self.k,
                                          min_segment_size=self.min_segment_size, rule=rule)
        self.n_features_in_ = x.shape[1]
        self.units_ = uc
        self.levels_ = levels
        self.n_classes_ = len(tree.levels[-1])
        self.stop_code_, self.stop_params_ = tree.stop_code, dict(tree.stop_params)
        self.stop_reason_ = tree.stop_reason
        if self.n_classes_ < 2:
            raise InsightsError(f"no classification could be made: {tree.stop_reason}",
                                code=tree.stop_code, **tree.stop_params)
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
        return self.levels_[check_int("k", k, 2, self.n_classes_)].copy()
