"""Inductive themes by non-negative matrix factorisation (NMF).

``NMFThemes`` is an estimator on a document-term matrix of counts (scikit-learn conventions:
``fit`` / ``transform``, ``components_``, fitted attributes ending in ``_``); it weights the
matrix by TF-IDF, pools short rows of one text for fitting and, unless ``k`` is given, picks
the number of themes by a coherence x coverage score (``k_scores_``). ``nmf_themes`` adapts an
event's ``tokens`` and ``segments`` to it and returns a ``ThemeResult``.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.utils.validation import check_is_fitted

from insights.errors import InvalidArgumentError, bad_value, require_columns
from insights.schema import ASSIGNMENT_COLUMNS, ThemeResult
from insights.vectorize import check_groups, doc_term_matrix

__all__ = ["NMFThemes", "choose_n_themes", "nmf_themes"]


def _empty_assignments() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "segment_id": pd.Series(dtype="str"),
            "theme": pd.Series(dtype="str"),
            "method": pd.Series(dtype="str"),
            "weight": pd.Series(dtype="float64"),
        }
    )[ASSIGNMENT_COLUMNS]


def _check_counts(X: object) -> sparse.csr_matrix:
    allowed = "a 2-D matrix (scipy sparse or numpy array) of non-negative counts"
    try:
        m = (X.tocsr() if sparse.issparse(X) else sparse.csr_matrix(np.asarray(X))).astype(float)
    except (TypeError, ValueError):
        raise bad_value("X", type(X).__name__, allowed) from None
    if m.ndim != 2 or not np.all(np.isfinite(m.data)) or (m.data < 0).any():
        raise bad_value("X", f"shape {m.shape}", allowed)
    return m


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
    from insights.render import _can_fork, _worker_signals, available_cores

    cores = min(len(ks), available_cores())
    if cores <= 1 or fit_docs.shape[0] < PARALLEL_MIN_DOCS or not _can_fork():
        return {k: _nmf(k, random_state, max_iter).fit(fit_docs) for k in ks}
    import multiprocessing

    global _SCAN_JOB
    _SCAN_JOB = (fit_docs, random_state, max_iter)
    try:
        with multiprocessing.get_context("fork").Pool(cores,
                                                      initializer=_worker_signals) as pool:
            return dict(pool.imap_unordered(_fit_one, sorted(ks, reverse=True)))
    finally:
        _SCAN_JOB = None


def _check_range(k_range: tuple[int, int], n_docs: int, n_terms: int,
                 name: str = "k_range") -> list[int]:
    if (not isinstance(k_range, Sequence) or len(k_range) != 2
            or not all(isinstance(v, int | np.integer) and not isinstance(v, bool)
                       for v in k_range)
            or k_range[0] < 1 or k_range[0] > k_range[1]):
        raise bad_value(name, k_range, "a pair (low, high) of integers, 1 <= low <= high")
    high = min(k_range[1], n_docs - 1, n_terms - 1)
    ks = list(range(k_range[0], high + 1))
    if not ks:
        raise InvalidArgumentError(
            f"invalid value for `{name}`: {tuple(k_range)}; the corpus has {n_docs} fitting "
            f"documents and {n_terms} terms, so at most {max(high, 0)} themes can be sought"
        )
    return ks


def _top_indices(H: np.ndarray, terms: np.ndarray, top_n: int) -> list[list[int]]:
    """Column indices of each theme's ``top_n`` heaviest terms (ties: term), weight > 0."""
    tops = []
    for h in H:
        order = np.lexsort((terms, -h))
        tops.append([int(i) for i in order[:top_n] if h[i] > 0])
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
    """Fitting documents: rows with at least ``short_terms`` distinct terms, and the rows with
    fewer pooled per group (rows without any term left out)."""
    n_terms = counts.getnnz(axis=1)
    long_rows = np.flatnonzero(n_terms >= short_terms)
    short_idx = np.flatnonzero((n_terms > 0) & (n_terms < short_terms))
    pools = []
    if len(short_idx):
        by = pd.Series(short_idx).groupby(groups[short_idx], sort=True)
        for _, members in by:
            pools.append(sparse.csr_matrix(counts[members.to_numpy()].sum(axis=0)))
    return sparse.vstack([counts[long_rows]] + pools).tocsr()


class NMFThemes(TransformerMixin, BaseEstimator):
    """NMF themes of a rows x terms matrix of counts.

    Parameters (only stored here, checked in ``fit``): ``k``, the number of themes, or None to
    pick it in ``k_range`` (inclusive) by the best ``score = coherence x coverage`` (ties:
    smaller k); ``top_n``, the terms that describe a theme (and enter the score);
    ``short_terms``, rows with fewer distinct terms are pooled per group for fitting;
    ``max_iter`` and ``random_state`` of scikit-learn's ``NMF`` (``init="nndsvda"``,
    coordinate descent: deterministic).

    ``fit(X, groups=None, terms=None)``: ``X`` counts; the matrix is weighted by sub-linear
    TF-IDF with each row L2-normalised (a row weighs the same whatever its length);
    ``groups`` holds each row's text (short rows of one text are pooled into one fitting
    document, so that many three-word rows neither swamp nor vanish from the fit; None: no
    pooling); ``terms``, the column names (default ``t0``, ``t1``…).

    The score: ``coherence`` is the mean over themes of the NPMI (Bouma 2009; closest to
    human judgement in Lau, Newman & Baldwin 2014) of every pair of the theme's ``top_n``
    terms, over the rows; splitting a real theme or adding noise themes lowers it.
    ``coverage`` is the mean over rows (with a term) of the share of the row's distinct terms
    among the ``top_n`` terms of its dominant theme; merging real themes lowers it.

    Fitted attributes: ``components_`` (k x terms), ``n_components_`` (the k used),
    ``k_scores_`` (``k, coherence, coverage, score, chosen``; None when ``k`` was given),
    ``terms_``, ``top_terms_`` (each theme's ``top_n`` heaviest terms), ``tfidf_`` and
    ``nmf_`` (the fitted scikit-learn objects), ``n_features_in_``. ``transform(X)`` gives
    the theme weights of each row of ``X``.
    """

    def __init__(self, k: int | None = None, *, k_range: tuple[int, int] = (4, 12),
                 top_n: int = 10, short_terms: int = 4, max_iter: int = 1000,
                 random_state: int = 0):
        self.k = k
        self.k_range = k_range
        self.top_n = top_n
        self.short_terms = short_terms
        self.max_iter = max_iter
        self.random_state = random_state

    def _check_params(self) -> None:
        if self.k is not None and (isinstance(self.k, bool)
                                   or not isinstance(self.k, int | np.integer) or self.k < 1):
            raise bad_value("k", self.k, "None or an integer >= 1")
        for name in ("top_n", "short_terms", "max_iter"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
                raise bad_value(name, value, "an integer >= 1")

    def fit(self, X: object, y: None = None, groups: Sequence | None = None,
            terms: Sequence[str] | None = None) -> NMFThemes:
        """Fit the themes on ``X`` (see the class docstring). Returns ``self``. Raises
        ``InvalidArgumentError`` on bad parameters or a matrix too small."""
        self._check_params()
        counts = _check_counts(X)
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
                "segments sharing at least 2 terms")
        self.tfidf_ = TfidfTransformer(sublinear_tf=True, norm="l2").fit(fit_counts)
        fit_docs, rows = self.tfidf_.transform(fit_counts), self.tfidf_.transform(counts)
        self.terms_ = names
        self.n_features_in_ = counts.shape[1]
        if self.k is None:
            ks = _check_range(self.k_range, fit_docs.shape[0], fit_docs.shape[1])
            self.k_scores_, models = self._scan(fit_docs, rows, ks)
            k = int(self.k_scores_.loc[self.k_scores_["chosen"], "k"].iloc[0])
            self.nmf_ = models[k]
        else:
            k = int(self.k)
            _check_range((k, k), fit_docs.shape[0], fit_docs.shape[1], name="k")
            self.k_scores_ = None
            self.nmf_ = _nmf(k, self.random_state, self.max_iter).fit(fit_docs)
        self.n_components_ = k
        self.components_ = self.nmf_.components_
        term_names = np.asarray(names, dtype=object)
        self.top_terms_ = [[str(term_names[i]) for i in t]
                           for t in _top_indices(self.components_, term_names, self.top_n)]
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
            tops = _top_indices(model.components_, term_names, self.top_n)
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
        counts = _check_counts(X)
        if counts.shape[1] != self.n_features_in_:
            raise bad_value("X", f"{counts.shape[1]} columns",
                            f"the {self.n_features_in_} columns of the fitted matrix")
        return self.nmf_.transform(self.tfidf_.transform(counts))


#: the event wrappers' names for the estimator's arguments, in error messages
_EVENT_NAMES = {"`k_range`": "`n_range`", "`k`": "`n_themes`", "`X`": "`tokens`"}


def _fit_event(model: NMFThemes, x, groups, terms) -> NMFThemes:
    """``model.fit`` whose errors name the arguments of ``nmf_themes``."""
    try:
        return model.fit(x, groups=groups, terms=terms)
    except InvalidArgumentError as exc:
        message = str(exc)
        for old, new in _EVENT_NAMES.items():
            message = message.replace(old, new)
        raise InvalidArgumentError(message) from None


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


def choose_n_themes(
    tokens: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    n_range: tuple[int, int] = (4, 12),
    top_n: int = 10,
    min_df: int | float = 2,
    max_df: int | float = 0.5,
    short_terms: int = 4,
    pool_by: str | None = "text_id",
    max_iter: int = 1000,
    random_state: int = 0,
) -> pd.DataFrame:
    """The k-scan of ``nmf_themes``: for each number of themes ``k`` in ``n_range``, columns
    ``k``, ``coherence``, ``coverage``, ``score`` (4 decimals) and ``chosen`` (see
    ``NMFThemes``). Raises ``InvalidArgumentError`` for a bad ``n_range`` or a corpus too small.
    """
    x, _, terms, groups = _event_matrix(tokens, segments, min_df=min_df, max_df=max_df,
                                        pool_by=pool_by)
    model = NMFThemes(None, k_range=n_range, top_n=top_n, short_terms=short_terms,
                      max_iter=max_iter, random_state=random_state)
    return _fit_event(model, x, groups, terms).k_scores_


def nmf_themes(
    tokens: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    n_themes: int | None = None,
    n_range: tuple[int, int] = (4, 12),
    random_state: int = 0,
    top_n: int = 10,
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
    projected on the fitted themes. ``n_themes``: the number of themes, or None to choose it
    in ``n_range`` (the k-scan is kept in ``result.themes.attrs["n_themes_scores"]``).

    Assignments: a segment's theme weights are divided by their sum; it carries every theme
    whose share is at least ``min_share``, or its dominant theme if none is; ``weight`` is that
    share (rounded to 4 decimals, in (0, 1]). Segments without any kept term carry no theme.
    Themes are numbered ``nmf-1``... by decreasing number of segments (ties: first top term);
    ``top_terms`` are the ``top_n`` heaviest terms of the theme, ``label`` its first three
    joined by " · ". Raises ``InvalidArgumentError`` on bad settings or a corpus too small.
    """
    if n_themes is not None and (not isinstance(n_themes, int | np.integer) or n_themes < 1):
        raise bad_value("n_themes", n_themes, "None or an integer >= 1")
    if not 0 < min_share <= 1:
        raise bad_value("min_share", min_share, "a number in (0, 1]")
    x, ids, terms, groups = _event_matrix(tokens, segments, min_df=min_df, max_df=max_df,
                                          pool_by=pool_by)
    model = NMFThemes(n_themes, k_range=n_range, top_n=top_n, short_terms=short_terms,
                      max_iter=max_iter, random_state=random_state)
    _fit_event(model, x, groups, terms)
    W = model.transform(x)
    return _as_themes(W, model, ids, min_share)


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
                       else _empty_assignments())
