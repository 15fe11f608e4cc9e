"""Inductive themes by non-negative matrix factorisation (NMF).

``NMFThemes`` is an estimator on a document-term matrix of counts (scikit-learn conventions:
``fit`` / ``transform``, ``components_``, fitted attributes ending in ``_``); it weights the
matrix by TF-IDF, pools short rows of one text for fitting and, unless ``k`` is given, picks
the number of themes by a coherence x coverage score (``k_scores_``). ``nmf_themes`` adapts an
event's ``tokens`` and ``segments`` to it and returns a ``ThemeResult``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.utils.validation import check_is_fitted

from insights.errors import (
    InvalidArgumentError,
    bad_value,
    check_float,
    check_int,
    check_range,
    renamed,
    require_columns,
)
from insights.schema import ASSIGNMENT_COLUMNS, ThemeResult
from insights.themes.results import empty_assignments
from insights.vectorize import check_groups, check_matrix, doc_term_matrix, pool_short

__all__ = ["NMFThemes", "choose_n_themes", "nmf_themes"]


def _nmf(k: int, random_state: int, max_iter: int) -> NMF:
    return NMF(n_components=k, init="nndsvda", solver="cd", max_iter=max_iter, tol=1e-4,
               random_state=random_state)


#: fitting documents from which the k-scan fits its models on several cores
PARALLEL_MIN_DOCS = 3000
_SCAN_JOB: tuple | None = None  # what the forked workers of the k-scan inherit


def _fit_one(k: int) -> tuple[int, NMF]:
    fit_docs, random_state, max_iter = _SCAN_JOB
    return k, _nmf(k, random_state, max_iter).fit(fit_docs)


def _fit_models(ks: list[int], fit_docs, random_state: int, max_iter: int) -> dict[int, NMF]:
    """One fitted NMF per k of ``ks``. The fits are independent: on a large matrix they run
    in forked workers on the available cores (largest k first), with the same results."""
    from insights.render import available_cores, can_fork, fork_pool, worker_signals

    cores = min(len(ks), available_cores())
    if cores <= 1 or fit_docs.shape[0] < PARALLEL_MIN_DOCS or not can_fork():
        return {k: _nmf(k, random_state, max_iter).fit(fit_docs) for k in ks}
    global _SCAN_JOB
    _SCAN_JOB = (fit_docs, random_state, max_iter)
    try:
        with fork_pool(cores, worker_signals) as pool:
            return dict(pool.imap_unordered(_fit_one, sorted(ks, reverse=True)))
    finally:
        _SCAN_JOB = None


def _ks(k_range: object, n_docs: int, n_terms: int, name: str = "k_range") -> list[int]:
    """The numbers of themes of ``k_range`` that a corpus of ``n_docs`` fitting documents and
    ``n_terms`` terms allows; raises ``InvalidArgumentError`` when none is."""
    low, high = check_range(name, k_range)
    top = min(high, n_docs - 1, n_terms - 1)
    if top < low:
        raise InvalidArgumentError(
            f"invalid value for `{name}`: {(low, high)}; the corpus has {n_docs} fitting "
            f"documents and {n_terms} terms, so at most {max(top, 0)} themes can be sought",
            code="nmf.too_small", name=name, n_docs=n_docs, n_terms=n_terms, most=max(top, 0))
    return list(range(low, top + 1))


def _top_indices(H: np.ndarray, terms: np.ndarray, n_terms: int) -> list[list[int]]:
    """Column indices of each theme's ``n_terms`` heaviest terms (ties: term), weight > 0."""
    tops = []
    for h in H:
        order = np.lexsort((terms, -h))
        tops.append([int(i) for i in order[:n_terms] if h[i] > 0])
    return tops


def _npmi_coherence(binary: sparse.csr_matrix, top: list[int]) -> float:
    """Mean NPMI over the pairs of ``top`` terms, probabilities = share of rows."""
    if len(top) < 2:
        return 0.0
    n = binary.shape[0]
    sub = binary[:, top].astype("float64")
    p = np.asarray(sub.sum(axis=0)).ravel() / n
    pij = (sub.T @ sub).toarray() / n
    i, j = np.triu_indices(len(top), k=1)
    joint, pi, pj = pij[i, j], p[i], p[j]
    npmi = np.full(len(i), -1.0)  # never together: -1
    both = joint > 0
    full = both & (joint >= 1)
    part = both & ~full
    npmi[full] = 1.0
    npmi[part] = np.log(joint[part] / (pi[part] * pj[part])) / -np.log(joint[part])
    return float(npmi.mean())


def _pooled(counts: sparse.csr_matrix, groups: np.ndarray, short_terms: int) -> sparse.csr_matrix:
    """Fitting documents: rows with at least ``short_terms`` distinct terms, then, text by text
    (``groups``, in order of appearance), the sum of its rows with fewer, all in one pool
    (:func:`insights.vectorize.pool_short` with ``whole=True``); rows without a term are left
    out."""
    sizes = counts.getnnz(axis=1)
    rows = np.flatnonzero(sizes > 0)
    is_short = sizes[rows] < short_terms
    short = rows[is_short]
    pool = rows[pool_short(sizes[rows], groups[rows], short_terms, whole=True)][is_short]
    firsts, index = np.unique(pool, return_inverse=True)
    rank = np.argsort(np.argsort(groups[firsts], kind="stable"), kind="stable")
    member = sparse.csr_matrix((np.ones(len(short)), (rank[index], short)),
                               shape=(len(firsts), counts.shape[0]))
    pools = (member @ counts).tocsr()
    pools.sort_indices()
    return sparse.vstack([counts[rows[~is_short]], pools]).tocsr()


@dataclass(eq=False, repr=False)
class NMFThemes(TransformerMixin, BaseEstimator):
    """NMF themes of a rows x terms matrix of counts.

    Parameters (only stored here, checked in ``fit``): ``k``, the number of themes, or None to
    pick it in ``k_range`` (inclusive) by the best ``score = coherence x coverage`` (ties:
    smaller k); ``n_terms``, the terms that describe a theme (and enter the score; formerly
    ``top_n``); ``short_terms``, rows with fewer distinct terms are pooled per group for
    fitting; ``max_iter`` and ``random_state`` of scikit-learn's ``NMF`` (``init="nndsvda"``,
    coordinate descent: deterministic).

    ``fit(X, groups=None, terms=None)``: ``X`` counts; the matrix is weighted by sub-linear
    TF-IDF with each row L2-normalised (a row weighs the same whatever its length);
    ``groups`` holds each row's text (short rows of one text are pooled into one fitting
    document, so that many three-word rows neither swamp nor vanish from the fit; None: no
    pooling); ``terms``, the column names (default ``t0``, ``t1``…).

    The score: ``coherence`` is the mean over themes of the NPMI (Bouma 2009; closest to
    human judgement in Lau, Newman & Baldwin 2014) of every pair of the theme's ``n_terms``
    terms, over the rows; splitting a real theme or adding noise themes lowers it.
    ``coverage`` is the mean over rows (with a term) of the share of the row's distinct terms
    among the ``n_terms`` terms of its dominant theme; merging real themes lowers it.

    Fitted attributes: ``components_`` (k x terms), ``n_components_`` (the k used),
    ``k_scores_`` (``k, coherence, coverage, score, chosen``; None when ``k`` was given),
    ``terms_``, ``top_terms_`` (each theme's ``n_terms`` heaviest terms), ``tfidf_`` and
    ``nmf_`` (the fitted scikit-learn objects), ``n_features_in_``. ``transform(X)`` gives
    the theme weights of each row of ``X``.
    """

    k: int | None = None
    _: KW_ONLY
    k_range: tuple[int, int] = (4, 12)
    n_terms: int = 10
    short_terms: int = 4
    max_iter: int = 1000
    random_state: int = 0

    def _check_params(self) -> None:
        if self.k is not None:
            check_int("k", self.k, minimum=1)
        for name in ("n_terms", "short_terms", "max_iter"):
            check_int(name, getattr(self, name), minimum=1)

    def fit(self, X: object, y: None = None, groups: Sequence | None = None,
            terms: Sequence[str] | None = None) -> NMFThemes:
        """Fit the themes on ``X`` (see the class docstring). Returns ``self``. Raises
        ``InvalidArgumentError`` on bad parameters or a matrix too small."""
        self._check_params()
        counts = check_matrix(X)
        names = (pd.Index([f"t{j}" for j in range(counts.shape[1])]) if terms is None
                 else pd.Index([str(t) for t in terms]))
        if len(names) != counts.shape[1]:
            raise bad_value("terms", f"{len(names)} names",
                            f"one name per column of X ({counts.shape[1]})")
        fit_counts = _pooled(counts, check_groups(groups, counts.shape[0]), self.short_terms)
        if fit_counts.shape[0] < 2 or fit_counts.shape[1] < 2:
            raise InvalidArgumentError(
                f"invalid value for `X`: only {fit_counts.shape[0]} document(s) and "
                f"{fit_counts.shape[1]} term(s) to fit; allowed: a corpus with at least 2 "
                "segments sharing at least 2 terms", code="nmf.too_small", name="X",
                n_docs=fit_counts.shape[0], n_terms=fit_counts.shape[1], most=0)
        self.tfidf_ = TfidfTransformer(sublinear_tf=True, norm="l2").fit(fit_counts)
        fit_docs, rows = self.tfidf_.transform(fit_counts), self.tfidf_.transform(counts)
        self.terms_ = names
        self.n_features_in_ = counts.shape[1]
        if self.k is None:
            ks = _ks(self.k_range, fit_docs.shape[0], fit_docs.shape[1])
            self.k_scores_, models = self._scan(fit_docs, rows, ks)
            k = int(self.k_scores_.loc[self.k_scores_["chosen"], "k"].iloc[0])
            self.nmf_ = models[k]
        else:
            k = int(self.k)
            _ks((k, k), fit_docs.shape[0], fit_docs.shape[1], name="k")
            self.k_scores_ = None
            self.nmf_ = _nmf(k, self.random_state, self.max_iter).fit(fit_docs)
        self.n_components_ = k
        self.components_ = self.nmf_.components_
        term_names = np.asarray(names, dtype=object)
        self.top_terms_ = [[str(term_names[i]) for i in t]
                           for t in _top_indices(self.components_, term_names, self.n_terms)]
        return self

    def _scan(self, fit_docs, rows, ks):
        binary = (rows > 0).astype("int8").tocsr()
        has = np.flatnonzero(binary.getnnz(axis=1) > 0)
        present = binary[has]  # the rows with a term, sliced once for every k
        nnz = present.getnnz(axis=1).astype(float)
        term_names = np.asarray(self.terms_, dtype=object)
        out = []
        models = _fit_models(ks, fit_docs, self.random_state, self.max_iter)
        for k in ks:
            model = models[k]
            tops = _top_indices(model.components_, term_names, self.n_terms)
            coherence = float(np.mean([_npmi_coherence(present, t) for t in tops]))
            dominant = model.transform(rows[has]).argmax(axis=1)
            # share of each row's distinct terms among the top terms of its dominant theme
            top_matrix = sparse.csr_matrix(
                (np.ones(sum(len(t) for t in tops)), ([d for d, t in enumerate(tops) for _ in t],
                                                      [i for t in tops for i in t])),
                shape=(len(tops), present.shape[1]))
            hits = np.asarray(present.multiply(top_matrix[dominant]).sum(axis=1)).ravel()
            coverage = float(np.mean(hits / nnz)) if len(has) else 0.0
            out.append({"k": k, "coherence": round(coherence, 4),
                        "coverage": round(coverage, 4), "score": round(coherence * coverage, 4)})
        table = pd.DataFrame(out)
        best = table.sort_values(["score", "k"], ascending=[False, True], kind="mergesort")
        table["chosen"] = table["k"] == best["k"].iloc[0]
        return table, models

    def transform(self, X: object) -> np.ndarray:
        """Theme weights (rows x ``n_components_``) of the rows of ``X`` (counts with the
        columns of the fitted matrix)."""
        check_is_fitted(self, "components_")
        counts = check_matrix(X)
        if counts.shape[1] != self.n_features_in_:
            raise bad_value("X", f"{counts.shape[1]} columns",
                            f"the {self.n_features_in_} columns of the fitted matrix")
        return self.nmf_.transform(self.tfidf_.transform(counts))


NMFThemes.__init__ = renamed(top_n="n_terms")(NMFThemes.__init__)  # type: ignore[method-assign]


def _event_matrix(tokens: pd.DataFrame, segments: pd.DataFrame, *, min_df: int | float,
                  max_df: int | float, pool_by: str | None):
    require_columns(tokens, "tokens", ["segment_id", "term"])
    require_columns(segments, "segments", ["segment_id"])
    if pool_by is not None and pool_by not in segments.columns and pool_by != "text_id":
        raise bad_value("pool_by", pool_by, ["None"] + sorted(segments.columns))
    x, ids, terms = doc_term_matrix(tokens, rows=segments["segment_id"].astype(str),
                                    min_df=min_df, max_df=max_df)
    if pool_by is None:
        groups = None
    else:  # a table without text_id (built by hand): each segment is a text of its own
        column = pool_by if pool_by in segments.columns else "segment_id"
        groups = segments[column].astype(str).to_numpy()
    return x, ids, terms, groups


@renamed(n_themes="k", n_range="k_range", top_n="n_terms")
def nmf_themes(
    tokens: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    k: int | None = None,
    k_range: tuple[int, int] = (4, 12),
    random_state: int = 0,
    n_terms: int = 10,
    min_df: int | float = 2,
    max_df: int | float = 0.5,
    short_terms: int = 4,
    pool_by: str | None = "text_id",
    min_share: float = 0.3,
    max_iter: int = 1000,
) -> ThemeResult:
    """NMF themes of an event's segments (``NMFThemes`` on ``doc_term_matrix``).

    Matrix: one row per segment, active terms found in at least ``min_df`` segments and at
    most ``max_df`` of them (count or share). Segments with fewer than ``short_terms``
    distinct terms are pooled for fitting per value of ``segments[pool_by]``: by default
    their text (``text_id``), so that the words of two people are never pooled; a researcher
    may pool by ``group`` or ``session``, or not at all (None). Every segment is then
    projected on the fitted themes. ``k``: the number of themes, or None to choose it in
    ``k_range`` (the k-scan is kept in ``result.themes.attrs["n_themes_scores"]``).
    (Deprecated names, one release: ``n_themes`` for ``k``, ``n_range`` for ``k_range``,
    ``top_n`` for ``n_terms``.)

    Assignments: a segment's theme weights are divided by their sum; it carries every theme
    whose share is at least ``min_share``, or its dominant theme if none is; ``weight`` is that
    share (rounded to 4 decimals, in (0, 1]). Segments without any kept term carry no theme.
    Themes are numbered ``nmf-1``... by decreasing number of segments (ties: first top term);
    ``top_terms`` are the ``n_terms`` heaviest terms of the theme, ``label`` its first three
    joined by " · ". Raises ``InvalidArgumentError`` on bad settings or a corpus too small.
    """
    if check_float("min_share", min_share, 0.0, 1.0) == 0:
        raise bad_value("min_share", min_share, "a number in (0, 1]")
    x, ids, terms, groups = _event_matrix(tokens, segments, min_df=min_df, max_df=max_df,
                                          pool_by=pool_by)
    model = NMFThemes(k, k_range=k_range, n_terms=n_terms, short_terms=short_terms,
                      max_iter=max_iter, random_state=random_state)
    try:
        model.fit(x, groups=groups, terms=terms)
    except InvalidArgumentError as exc:  # the matrix is the event's tokens: say so
        if exc.params.get("name") != "X":
            raise
        raise InvalidArgumentError(str(exc).replace("`X`", "`tokens`", 1), code=exc.code,
                                   **{**exc.params, "name": "tokens"}) from None
    return _as_themes(model.transform(x), model, ids, min_share)


def choose_n_themes(tokens: pd.DataFrame, segments: pd.DataFrame, **options: Any
                    ) -> pd.DataFrame:
    """The k-scan of :func:`nmf_themes` (``options`` as there, ``k`` left out: the scan is
    what chooses it): for each number of themes ``k`` in ``k_range``, columns ``k``,
    ``coherence``, ``coverage``, ``score`` (4 decimals) and ``chosen`` (see ``NMFThemes``).
    Raises ``InvalidArgumentError`` for a bad ``k_range``, a ``k`` or a corpus too small.
    """
    for name in ("k", "n_themes"):
        if options.get(name) is not None:
            raise bad_value(name, options[name], "None: the scan chooses the number of themes")
    options.pop("k", None)
    result = nmf_themes(tokens, segments, **options)
    return result.themes.attrs["n_themes_scores"]


def _as_themes(W: np.ndarray, model: NMFThemes, ids: pd.Index, min_share: float) -> ThemeResult:
    """``ThemeResult`` of the theme weights ``W`` of the rows ``ids`` (see ``nmf_themes``)."""
    k = model.n_components_
    totals = W.sum(axis=1)
    has = totals > 0
    share = np.zeros_like(W)
    share[has] = W[has] / totals[has, None]
    share = np.round(share, 4)
    carried = share >= min_share
    dominant = np.zeros_like(carried)
    dominant[np.arange(len(W)), share.argmax(axis=1)] = True
    carried |= (~carried.any(axis=1, keepdims=True)) & dominant
    carried &= has[:, None] & (share > 0)
    tops = model.top_terms_
    n_carried = carried.sum(axis=0)
    order = sorted(range(k), key=lambda j: (-n_carried[j], tops[j][:1], j))
    names = {j: f"nmf-{rank}" for rank, j in enumerate(order, start=1)}
    themes = pd.DataFrame({
        "theme": [names[j] for j in order],
        "label": [" · ".join(tops[j][:3]) for j in order],
        "method": "nmf",
        "top_terms": [tops[j] for j in order],
    })
    r, c = np.nonzero(carried)
    assignments = pd.DataFrame({
        "segment_id": np.asarray(ids)[r].astype(str),
        "theme": [names[j] for j in c],
        "method": "nmf",
        "weight": share[r, c].astype(float),
    })
    rank = {name: i for i, name in enumerate(themes["theme"])}
    assignments = assignments.assign(_r=assignments["theme"].map(rank)).sort_values(
        ["segment_id", "_r"], kind="mergesort").drop(columns="_r").reset_index(drop=True)
    if model.k_scores_ is not None:
        themes.attrs["n_themes_scores"] = model.k_scores_
    return ThemeResult(themes, assignments[ASSIGNMENT_COLUMNS] if len(assignments)
                       else empty_assignments())
