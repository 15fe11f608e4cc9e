"""One vectoriser: the document-term matrix every method works on.

NMF themes, the Reinert classification and the similarity graph all start from
:func:`doc_term_matrix`, so they count the same terms the same way, with one name for each
shared setting (``min_df``, ``max_df``, ``binary``), as scikit-learn's ``CountVectorizer``.
Only *active* forms count by default: when the token table has a ``form`` column (``"active"``
or the code of a supplementary class such as a generic verb or a time unit), tokens of
another form are left out, so supplementary forms never drive a method.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from insights.errors import bad_value, require_columns

__all__ = ["check_groups", "check_matrix", "count_matrix", "counted_tokens", "doc_term_matrix",
           "pool_short", "str_codes"]


def _df_bound(name: str, value: object, n_rows: int) -> float:
    """A document-frequency bound as a number of rows: an int is a count, a float in [0, 1] a
    share of the rows (scikit-learn's convention)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise bad_value(name, value, "an integer count >= 0 or a share between 0.0 and 1.0")
    if isinstance(value, (int, np.integer)):
        if value < 0:
            raise bad_value(name, value, "an integer count >= 0 or a share between 0.0 and 1.0")
        return float(value)
    if not 0.0 <= float(value) <= 1.0:
        raise bad_value(name, value, "an integer count >= 0 or a share between 0.0 and 1.0")
    return float(value) * n_rows


def counted_tokens(tokens: pd.DataFrame, forms: Sequence[str] | None,
                   pos: Sequence[str] | None) -> np.ndarray:
    """Which tokens count (a boolean array, one per row of ``tokens``): a term, of one of
    ``forms`` and, for a single word, of ``pos`` (see :func:`doc_term_matrix`)."""
    if forms is not None and (isinstance(forms, str) or not all(isinstance(f, str) for f in forms)):
        raise bad_value("forms", forms, "None or a sequence of form codes such as ('active',)")
    if pos is not None and (isinstance(pos, str) or not all(isinstance(p, str) for p in pos)):
        raise bad_value("pos", pos, "None or a sequence of UPOS tags such as ('NOUN', 'VERB')")
    keep = tokens["term"].notna().to_numpy().copy()
    if forms is not None and "form" in tokens.columns:
        keep &= tokens["form"].isin(list(forms)).to_numpy()
    if pos is not None:
        require_columns(tokens, "tokens", ["pos", "term_len"])
        multi = tokens["term_len"].fillna(0).to_numpy() > 1  # in its own dtype: int8
        keep &= tokens["pos"].isin(list(pos)).to_numpy(dtype=bool) | multi
    return keep


def doc_term_matrix(
    tokens: pd.DataFrame,
    *,
    rows: Sequence[str] | pd.Index | None = None,
    by: str = "segment_id",
    binary: bool = False,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    forms: Sequence[str] | None = ("active",),
    pos: Sequence[str] | None = None,
) -> tuple[sparse.csr_matrix, pd.Index, pd.Index]:
    """Count terms per row: ``(X, row_ids, terms)``.

    ``tokens`` is a token table (``insights.annotate``) with columns ``by`` (the row each token
    belongs to, ``segment_id`` by default; any column works, e.g. a text-segment id) and
    ``term`` (missing where a token does not count). Options:

    * ``rows``: the row ids, in order; rows without any kept term keep an empty row, tokens
      of other rows are ignored. Default: every id holding a term, sorted.
    * ``forms``: keep only tokens whose ``form`` is one of these (when ``tokens`` has a
      ``form`` column; ``None`` keeps every form).
    * ``pos``: keep only single-word terms whose ``pos`` is one of these (multi-word terms,
      ``term_len > 1``, always stay); ``None`` keeps every part of speech.
    * ``min_df`` / ``max_df``: keep terms found in at least ``min_df`` and at most ``max_df``
      rows, each an integer count or a float share of the rows (as scikit-learn).
    * ``binary``: 0/1 presence instead of counts.

    Returns ``X`` (CSR, int64, shape rows x terms), ``row_ids`` (``pd.Index`` of str) and
    ``terms`` (``pd.Index`` of str, sorted). Raises ``InvalidArgumentError`` on missing
    columns or bad options.
    """
    require_columns(tokens, "tokens", [by, "term"])
    t = tokens.loc[counted_tokens(tokens, forms, pos), [by, "term"]]
    row_codes, row_names = str_codes(t[by])
    term_codes, term_names = str_codes(t["term"], sort=True)
    if rows is None:  # the rows are the distinct ids, in order: their codes are the rows
        row_ids, r = pd.Index(row_names), row_codes
    else:
        row_ids = pd.Index([str(r) for r in rows])
        if row_ids.has_duplicates:
            raise bad_value("rows", row_ids[row_ids.duplicated()][0], "unique row ids")
        r = np.append(row_ids.get_indexer(row_names), -1)[row_codes]  # code -1: missing
    x, terms = count_matrix(r, term_codes, term_names, len(row_ids), binary=binary,
                            min_df=min_df, max_df=max_df)
    return x, row_ids, terms


def count_matrix(rows: np.ndarray, terms: np.ndarray, names: np.ndarray, n_rows: int, *,
                 binary: bool = False, min_df: int | float = 1, max_df: int | float = 1.0
                 ) -> tuple[sparse.csr_matrix, pd.Index]:
    """The matrix of :func:`doc_term_matrix` from codes: ``rows`` (the row number of each
    counted token, -1 for a token of none of the ``n_rows`` rows) and ``terms`` (its term, a
    code into ``names``, sorted); ``min_df``, ``max_df`` and ``binary`` as there. Returns
    ``(X, terms)``: CSR int64 ``n_rows`` x kept terms, and their names (``pd.Index`` of str,
    sorted). No string per token: a caller that has its rows as codes never builds a table."""
    inside = rows >= 0
    r = rows[inside]
    used, codes = np.unique(terms[inside], return_inverse=True)  # the terms of the rows
    uniques = names[used]
    x = sparse.csr_matrix((np.ones(len(r), dtype=np.int64), (r, codes.ravel())),
                          shape=(n_rows, len(uniques)))
    x.sum_duplicates()
    df = np.bincount(x.indices, minlength=x.shape[1])  # rows holding each term (no CSC copy)
    low = _df_bound("min_df", min_df, n_rows)
    high = _df_bound("max_df", max_df, n_rows)
    cols = np.flatnonzero((df >= low) & (df <= high))
    x = x[:, cols].tocsr()
    if binary:
        x.data[:] = 1
    return x, pd.Index(np.asarray(uniques, dtype=object)[cols].astype(str))


def str_codes(values: pd.Series, *, sort: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, names)``: the integer code of each value of ``values`` and the distinct
    values as strings (``names[codes]`` is ``values.astype(str)``), sorted when ``sort``;
    code -1 for a missing value. Computed on the distinct values: a categorical or Arrow
    string column of millions of tokens is never turned into one Python string per row."""
    codes, uniq = pd.factorize(values, use_na_sentinel=True)
    merged, names = pd.factorize(np.array([str(u) for u in uniq], dtype=object), sort=sort)
    return np.append(merged, -1)[codes], np.asarray(names, dtype=object)


def check_matrix(X: object, name: str = "X", *, binary: bool = False) -> sparse.csr_matrix:
    """``X`` (a scipy sparse matrix, a 2-D array or a DataFrame of non-negative numbers) as a
    CSR matrix of float64, made 0/1 with sorted indices when ``binary``; ``X`` itself when
    it already is that matrix (no copy: the estimators never write into it, and on the whole
    GDN sample two copies were 55 MB at the Reinert fit's peak). Raises
    ``InvalidArgumentError`` otherwise."""
    allowed = "a 2-D matrix (scipy sparse, numpy array or DataFrame) of non-negative counts"
    if isinstance(X, pd.DataFrame):
        X = X.to_numpy()
    try:
        m = (X.tocsr() if sparse.issparse(X) else sparse.csr_matrix(np.asarray(X)))
        m = m.astype(np.float64, copy=False)
    except (TypeError, ValueError):
        raise bad_value(name, type(X).__name__, allowed) from None
    if m.ndim != 2 or not np.all(np.isfinite(m.data)) or (m.data < 0).any():
        raise bad_value(name, f"shape {m.shape}", allowed)
    if binary and not (m.has_canonical_format and np.all(m.data == 1)):
        m = (m != 0).astype(np.float64).tocsr()
        m.sort_indices()
    return m


def pool_short(sizes: Sequence[int] | np.ndarray, groups: Sequence | np.ndarray, short: int,
               *, whole: bool = False) -> np.ndarray:
    """The pool of each row when short rows of one text are pooled: the one rule by which the
    methods join short units (NMF's fitting documents, the Reinert chain's text segments).

    ``sizes``: each row's size (words, terms…); ``groups``: each row's text (see
    :func:`check_groups`). A row of at least ``short`` is a pool of its own. The short rows of
    one text are pooled in row order until a pool reaches ``short``; a short remainder joins
    the text's last pool (or is a pool of its own if the text has none); with ``whole=True``
    every short row of a text goes into one pool. Rows of two texts are never pooled.
    Returns, for each row, the index of the first row of its pool (``int64``).
    """
    size = np.asarray(sizes)
    text = np.asarray(groups)
    pool = np.arange(len(size), dtype=np.int64)
    by_text: dict[object, list[int]] = {}
    for i in np.flatnonzero(size < short).tolist():
        by_text.setdefault(text[i], []).append(i)
    for rows in by_text.values():
        if whole:
            pool[rows] = rows[0]
            continue
        buffer: list[int] = []
        total, last = 0, None
        for i in rows:
            buffer.append(i)
            total += size[i]
            if total >= short:
                pool[buffer] = last = buffer[0]
                buffer, total = [], 0
        if buffer:
            pool[buffer] = buffer[0] if last is None else last
    return pool


def check_groups(groups: object, n_rows: int) -> np.ndarray:
    """Integer codes of ``groups`` (one value per row, or None: each row its own group)."""
    if groups is None:
        return np.arange(n_rows)
    values = np.asarray(groups, dtype=object).ravel()
    if len(values) != n_rows:
        raise bad_value("groups", f"{len(values)} values",
                        f"None or one text id per row of X ({n_rows})")
    return pd.factorize(pd.Series(values).astype(str))[0]
