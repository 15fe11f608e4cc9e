"""Terms: the counting unit of every analysis (a content lemma or a multi-word term)."""
from __future__ import annotations

import pandas as pd
from scipy import sparse


def term_matrix(
    tokens: pd.DataFrame,
    *,
    binary: bool = False,
    min_segments: int = 1,
    segment_ids: pd.Index | list[str] | None = None,
) -> tuple[sparse.csr_matrix, pd.Index, pd.Index]:
    """Count terms per segment.

    ``tokens`` needs columns ``segment_id`` and ``term`` (missing where a token does not count).
    Returns ``(matrix, segment_ids, terms)``: a CSR matrix of shape (segments, terms) holding
    counts (or 0/1 with ``binary=True``), the segment ids of its rows (``segment_ids`` if given,
    so that segments without any term keep their row, else those that have a term, sorted) and
    the terms of its columns, sorted, keeping only terms found in at least ``min_segments``
    segments.
    """
    t = tokens.loc[tokens["term"].notna(), ["segment_id", "term"]]
    seg = t["segment_id"].astype(str)
    term = t["term"].astype(str)
    rows = pd.Index(sorted(seg.unique())) if segment_ids is None else pd.Index(segment_ids)
    pairs = pd.DataFrame({"s": seg.to_numpy(), "t": term.to_numpy()})
    pairs = pairs[pairs["s"].isin(rows)]
    df = pairs.drop_duplicates().groupby("t").size()
    cols = pd.Index(sorted(df.index[df >= min_segments]))
    pairs = pairs[pairs["t"].isin(cols)]
    r = rows.get_indexer(pairs["s"])
    c = cols.get_indexer(pairs["t"])
    m = sparse.csr_matrix(
        ([1] * len(r), (r, c)), shape=(len(rows), len(cols)), dtype="int32"
    )
    m.sum_duplicates()
    if binary:
        m.data[:] = 1
    return m, rows, cols
