"""``ReinertDouble``: two simple classifications crossed (rainette ``rainette2``,
IRaMuTeQ "double sur RST"), and the exact search of the best partition."""
from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Sequence
from dataclasses import KW_ONLY, dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.base import BaseEstimator, ClusterMixin, clone
from sklearn.utils.validation import check_is_fitted

from insights.errors import InsightsError, bad_value, check_choice, check_float, check_int
from insights.reinert.chd import UNCLASSIFIED, EarlyStopWarning, stop_reason
from insights.reinert.simple import Reinert
from insights.vectorize import check_matrix

__all__ = ["ReinertDouble"]


@dataclass(eq=False, repr=False)
class ReinertDouble(ClusterMixin, BaseEstimator):
    """Double classification (rainette ``rainette2``, IRaMuTeQ "double sur RST").

    Two simple classifications (``Reinert``) with units of at least ``min_segment_size[0]``
    and ``min_segment_size[1]`` terms are crossed: every class of every level of the first
    tree with every class of every level of the second. A crossed class is kept when it holds
    at least ``min_members`` rows and its association chi2 (2x2 membership table, Yates
    correction as R's ``chisq.test`` in rainette) is at least ``min_chi2``; identical crossed
    classes are kept once (the most associated one). With ``full=True`` (rainette's default)
    every such crossed class is a candidate; with ``full=False`` only crossed classes whose two
    classes are each other's most associated are kept. Then, for each k from 2 to ``k``, the
    set of k disjoint crossed classes with the largest total chi2 (ties: largest size) is the
    partition for k (exact branch-and-bound search, at most ``max_partitions`` steps). Rows
    in no class of the partition stay unclassified (0).

    ``simple``: the settings of the two simple classifications, as a ``Reinert`` (None: its
    defaults) whose ``min_split_members``, ``cc_test`` and ``tsj`` are used; its ``k``,
    ``min_segment_size`` and ``random_state`` are the double's (``get_params(deep=True)``
    shows them as ``simple__cc_test``…). Deprecated, one release: ``min_segment_size1`` /
    ``min_segment_size2`` (now the pair ``min_segment_size``) and ``min_split_members``,
    ``cc_test``, ``tsj`` (now in ``simple``).

    Fitted attributes: ``labels_`` (partition of the largest k found), ``n_classes_``,
    ``first_``/``second_`` (the two fitted ``Reinert``), ``crossed_`` (kept crossed classes:
    ``crossed, k1, class1, k2, class2, n, chi2``), ``partitions_`` (one row per k: ``k, chi2,
    n, classes`` (crossed ids in class-number order)), ``stop_code_``, ``stop_params_``,
    ``stop_reason_`` (English; the simple classifications' early stops appended),
    ``n_features_in_``. ``cut(k)`` gives the labels of the best partition in ``k`` classes.
    """

    k: int = 10
    _: KW_ONLY
    min_segment_size: tuple[int, int] = (10, 15)
    min_members: int = 10
    min_chi2: float = 3.84
    full: bool = True
    max_partitions: int = 200_000
    simple: Reinert | None = None
    random_state: int = 0

    def _simple(self, min_segment_size: int) -> Reinert:
        template = Reinert() if self.simple is None else clone(self.simple)
        return template.set_params(k=self.k, min_segment_size=min_segment_size,
                                   random_state=self.random_state)

    def _check_params(self) -> tuple[int, int]:
        pair = self.min_segment_size
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise bad_value("min_segment_size", pair, "a pair of integers >= 0")
        sizes = tuple(check_int("min_segment_size", v, 0) for v in pair)
        check_int("min_members", self.min_members, 1)
        check_float("min_chi2", self.min_chi2, 0.0)
        check_int("max_partitions", self.max_partitions, 1)
        if not isinstance(self.full, bool):
            raise bad_value("full", self.full, [True, False])
        if self.simple is not None and not isinstance(self.simple, Reinert):
            raise bad_value("simple", type(self.simple).__name__, "None or a Reinert")
        return sizes  # type: ignore[return-value]

    def fit(self, X: object, y: None = None, groups: Sequence | None = None) -> ReinertDouble:
        """Run both simple classifications on ``X`` (``groups`` as in ``Reinert.fit``) and
        cross them. Returns ``self``. Raises ``InvalidArgumentError`` for bad parameters,
        ``InsightsError`` when fewer than two crossed classes pass the filters."""
        sizes = self._check_params()
        x = check_matrix(X, binary=True)
        stops, fitted = [], []
        for size in sizes:
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

    def _cross(self, n_tot: int) -> None:
        """Cross the two fitted simple classifications (``first_``, ``second_``) of ``n_tot``
        rows: ``crossed_``, then the best partitions."""
        self.crossed_, members = _crossed(
            self.first_.levels_, self.second_.levels_, n_tot, min_members=self.min_members,
            min_chi2=self.min_chi2, full=self.full)
        self._partition(members, n_tot)

    def _partition(self, members: list[np.ndarray], n_tot: int) -> None:
        """The best partition in k crossed classes for each k (``partitions_``,
        ``partition_labels_``), and the largest k reached."""
        crossed = self.crossed_
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
                "or full=True if it is off", code="reinert.double.overlap", n=len(crossed))
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
        self.stop_code_, self.stop_params_ = (
            ("reinert.stop.reached", {"k": self.k}) if k_best == self.k else
            ("reinert.stop.no_partition", {"n_classes": k_best, "next": k_best + 1}))
        self.stop_reason_ = stop_reason(self.stop_code_, self.stop_params_)
        self.labels_ = self.partition_labels_[k_best].copy()

    def cut(self, k: int) -> np.ndarray:
        """Labels of the best partition in ``k`` crossed classes (rainette
        ``cutree_rainette2``), 0 when unclassified."""
        check_is_fitted(self, "labels_")
        return self.partition_labels_[check_choice("k", k, sorted(self.partition_labels_))].copy()


_OLD_SPLIT = ("min_split_members", "cc_test", "tsj")


def _old_names(init: Callable[..., None]) -> Callable[..., None]:
    """``ReinertDouble(...)`` still taking the names of the previous release, with a
    ``FutureWarning``: ``min_segment_size1`` / ``min_segment_size2`` become the pair
    ``min_segment_size``, ``min_split_members`` / ``cc_test`` / ``tsj`` go to ``simple``."""

    @functools.wraps(init)
    def wrapper(self: ReinertDouble, *args: Any, **kwargs: Any) -> None:
        old = {name: kwargs.pop(name) for name in
               ("min_segment_size1", "min_segment_size2", *_OLD_SPLIT) if name in kwargs}
        for name in old:
            new = "min_segment_size" if name.startswith("min_segment_size") else f"simple.{name}"
            warnings.warn(f"`{name}` is deprecated, use `{new}` (the old name goes in the next "
                          "release)", FutureWarning, stacklevel=2)
        init(self, *args, **kwargs)
        if "min_segment_size1" in old or "min_segment_size2" in old:
            first, second = self.min_segment_size
            self.min_segment_size = (old.get("min_segment_size1", first),
                                     old.get("min_segment_size2", second))
        split = {name: old[name] for name in _OLD_SPLIT if name in old}
        if split:
            base = Reinert() if self.simple is None else clone(self.simple)
            self.simple = base.set_params(**split)

    return wrapper


ReinertDouble.__init__ = _old_names(ReinertDouble.__init__)  # type: ignore[method-assign]


def _candidates(levels1: dict[int, np.ndarray], levels2: dict[int, np.ndarray], n_tot: int, *,
                min_members: int, min_chi2: float, full: bool) -> pd.DataFrame:
    """Every crossed class of a level of each tree that passes the filters (see
    ``ReinertDouble``): ``k1, class1, k2, class2, n, chi2``."""
    cand = []
    for k1, l1 in sorted(levels1.items()):
        for k2, l2 in sorted(levels2.items()):
            tab = pd.crosstab(l1, l2)
            for c1 in tab.index:
                for c2 in tab.columns:
                    if c1 == UNCLASSIFIED or c2 == UNCLASSIFIED:
                        continue
                    n_both = int(tab.at[c1, c2])
                    if n_both == 0:
                        continue
                    n1, n2 = int((l1 == c1).sum()), int((l2 == c2).sum())
                    cand.append((k1, int(c1), k2, int(c2), n_both,
                                 _assoc_chi2(n_both, n1, n2, n_tot)))
    crossed = pd.DataFrame(cand, columns=["k1", "class1", "k2", "class2", "n", "chi2"])
    crossed = crossed.loc[(crossed["n"] >= min_members) & (crossed["chi2"] >= min_chi2)]
    if not full and len(crossed):
        crossed = crossed.assign(
            _a=crossed["k1"].astype(str) + "." + crossed["class1"].astype(str),
            _b=crossed["k2"].astype(str) + "." + crossed["class2"].astype(str),
        )
        best_a = crossed.groupby("_a")["chi2"].transform("max")
        best_b = crossed.groupby("_b")["chi2"].transform("max")
        crossed = crossed.loc[(crossed["chi2"] == best_a) & (crossed["chi2"] == best_b)]
        crossed = crossed.drop(columns=["_a", "_b"])
    return crossed


def _crossed(levels1: dict[int, np.ndarray], levels2: dict[int, np.ndarray], n_tot: int, *,
             min_members: int, min_chi2: float, full: bool
             ) -> tuple[pd.DataFrame, list[np.ndarray]]:
    """The kept crossed classes (``crossed_``, with their id ``crossed``) and the membership
    mask of each; identical ones kept once, the most associated (rainette keeps the first).
    Raises ``InsightsError`` when fewer than two are kept."""
    crossed = _candidates(levels1, levels2, n_tot, min_members=min_members,
                          min_chi2=min_chi2, full=full)
    crossed = crossed.sort_values("chi2", ascending=False, kind="stable")
    members, keep, seen = [], [], set()
    for row in crossed.itertuples(index=False):
        mask = (levels1[row.k1] == row.class1) & (levels2[row.k2] == row.class2)
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
    if len(crossed) < 2:
        raise InsightsError(
            f"double classification: only {len(crossed)} crossed class(es) with at least "
            f"min_members={min_members} rows and chi2 >= {min_chi2}; "
            "try a lower min_members, or full=True if it is off",
            code="reinert.double.too_few_crossed", n=len(crossed), min_members=min_members,
            min_chi2=min_chi2)
    return crossed, members


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
                    f"went past max_partitions={max_nodes} steps; use full=False or a smaller k",
                    code="reinert.double.max_partitions", k=k, max_partitions=max_nodes)
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
