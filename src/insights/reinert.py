"""Reinert classification (the Alceste / IRaMuTeQ method), simple and double.

The chain follows the R package rainette (Julien Barnier, https://github.com/juba/rainette),
itself a rewrite of IRaMuTeQ's ``CHD.R`` / ``chdtxt.R``:

``split_segments`` (rainette ``split_segments``) -> binary text-segment x term matrix ->
``Reinert`` (rainette ``rainette``: descending hierarchical classification) ->
``Reinert.cut`` (rainette ``cutree``) -> ``profiles_`` (rainette ``rainette_stats``) ->
``ReinertDouble`` (rainette ``rainette2``: double classification on two segment sizes).

Vocabulary: a *source segment* is a row of the ingest ``segments`` table (a paragraph, a post-it,
a speaker turn); a *text segment* (``uce``) is a slice of about ``segment_size`` tokens of one
source segment, or several short source segments merged; a *unit* (``uc``) is one or more
consecutive text segments of the same document merged until they hold ``min_segment_size`` terms.
The classification splits units; every text segment takes the class of its unit.
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

from insights.errors import InsightsError, bad_value, require_columns
from insights.schema import ThemeResult
from insights.terms import term_matrix

__all__ = [
    "EarlyStopWarning",
    "Reinert",
    "ReinertDouble",
    "grouped_chi2",
    "split_segments",
]

ACTIVE_POS = ("NOUN", "VERB", "ADJ", "ADV")
#: token weights used to choose where a text segment ends (rainette ``split_segments``)
_STRONG = {".", "?", "!", "…", "...", "?!", "!?", "!!", "??"}
_METADATA = ("session", "group", "kind", "category", "profile", "speaker", "source")
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


# --------------------------------------------------------------------------------------------
# 1. text segments
# --------------------------------------------------------------------------------------------

def _token_weight(text: str) -> float:
    """Weight of a token as a place to end a text segment (rainette ``split_segments``)."""
    t = text.strip()
    if t in _STRONG or (t and set(t) <= {".", "!", "?", "…"}):
        return 6.0
    if t == ":":
        return 5.0
    if t == ";":
        return 4.0
    if t == ",":
        return 1.0
    return 0.01


def _cut_points(weights: np.ndarray, segment_size: int, window: int) -> list[int]:
    """Start index of each text segment of a token sequence.

    Follows rainette ``split_segments.character``: from the current start, look at the next
    ``segment_size + window`` tokens, score each by ``weight / (|rank - segment_size| + 1)`` and
    end the segment on the best one; go on while more than ``1.25 * segment_size`` tokens remain.
    """
    n = len(weights)
    starts = [0]
    start = 0
    while start + 1 <= n - segment_size * 1.25:
        stop = min(n, start + segment_size + window + 1)
        rank = np.arange(1, stop - start + 1)
        ratio = weights[start:stop] / (np.abs(rank - segment_size) + 1)
        start += int(np.argmax(ratio)) + 1
        if start >= n:
            break
        starts.append(start)
    return starts


def _token_weights(texts: pd.Series) -> np.ndarray:
    """``_token_weight`` of every token, computed once per distinct token text."""
    codes, uniques = pd.factorize(texts.astype(str))
    return np.array([_token_weight(u) for u in uniques], dtype=float)[codes]


def _pieces(
    tokens: pd.DataFrame, segments: pd.DataFrame, segment_size: int, window: int
) -> pd.DataFrame:
    """One row per text segment cut inside a source segment (before any merging)."""
    order = pd.Series(np.arange(len(segments)), index=segments["segment_id"].to_numpy())
    tok = tokens.loc[tokens["segment_id"].isin(order.index)]
    keep = tok["text"].astype(str).str.strip() != ""
    if "pos" in tok.columns:
        keep &= tok["pos"].astype(str) != "SPACE"
    tok = tok.loc[keep]
    seg_order = order.loc[tok["segment_id"]].to_numpy()
    idx = np.lexsort((tok["position"].to_numpy(), seg_order))
    tok = tok.iloc[idx]
    seg_order = seg_order[idx]
    pos = tok["position"].to_numpy(dtype=np.int64)
    start_c = tok["start"].to_numpy(dtype=np.int64)
    end_c = tok["end"].to_numpy(dtype=np.int64)
    words = (~tok["is_punct"].to_numpy(dtype=bool)).astype(np.int64)
    weights = _token_weights(tok["text"])
    bounds = np.flatnonzero(np.diff(seg_order)) + 1
    seg_start = np.concatenate([[0], bounds]).astype(np.int64)
    seg_end = np.concatenate([bounds, [len(tok)]]).astype(np.int64)
    firsts, lasts, piece_no, seg_of = [], [], [], []
    for a, b in zip(seg_start, seg_end):
        if b - a <= segment_size * 1.25:  # one piece: the loop would not run
            cuts = [0]
        else:
            cuts = _cut_points(weights[a:b], segment_size, window)
        ends = cuts[1:] + [b - a]
        firsts += [a + c for c in cuts]
        lasts += [a + e - 1 for e in ends]
        piece_no += range(1, len(cuts) + 1)
        seg_of += [a] * len(cuts)
    firsts, lasts = np.array(firsts, dtype=np.int64), np.array(lasts, dtype=np.int64)
    cum = np.concatenate([[0], np.cumsum(words)])
    return pd.DataFrame({
        "_order": seg_order[firsts],
        "segment_id": tok["segment_id"].to_numpy()[firsts],
        "_piece": np.array(piece_no, dtype=np.int64),
        "start_position": pos[firsts],
        "end_position": pos[lasts] + 1,
        "start_char": start_c[firsts],
        "end_char": end_c[lasts],
        "n_words": cum[lasts + 1] - cum[firsts],
    })


def _merge_groups(pieces: pd.DataFrame, meta: pd.DataFrame, min_words: int) -> np.ndarray:
    """Group number of each piece after merging short pieces of the same session, group, kind
    and category (in segment order) until each merged unit has ``min_words`` words."""
    keys = [c for c in ("session", "group", "kind", "category") if c in meta.columns]
    m = meta.set_index("segment_id")
    key = (
        m.loc[pieces["segment_id"], keys].astype(str).agg("\x1f".join, axis=1).to_numpy()
        if keys else np.full(len(pieces), "")
    )
    words = pieces["n_words"].to_numpy()
    group = np.arange(len(pieces))
    # per key, in segment order: short pieces accumulate in a buffer
    by_key: dict[str, list[int]] = {}
    for i, k in enumerate(key):
        by_key.setdefault(k, []).append(i)
    for idx in by_key.values():
        buffer: list[int] = []
        size = 0
        last_merged: int | None = None
        for i in idx:
            if words[i] >= min_words:
                continue
            buffer.append(i)
            size += words[i]
            if size >= min_words:
                group[buffer] = buffer[0]
                last_merged = buffer[0]
                buffer, size = [], 0
        if buffer:
            group[buffer] = buffer[0] if last_merged is None else last_merged
    return group


def _build_uces(
    tokens: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    segment_size: int,
    segment_size_window: int,
    merge_short: bool,
    min_words: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return ``(uce, pieces)``: the text segments table and, for each piece of a source
    segment, the row number (``uce``) of the text segment that holds it."""
    require_columns(tokens, "tokens", ["segment_id", "position", "start", "end", "text", "is_punct"])
    require_columns(segments, "segments", ["segment_id", "text"])
    segment_size = _check_int("segment_size", segment_size, 5)
    segment_size_window = _check_int("segment_size_window", segment_size_window, 0)
    min_words = _check_int("min_words", min_words, 1)
    if segments["segment_id"].duplicated().any():
        dup = segments.loc[segments["segment_id"].duplicated(), "segment_id"].iloc[0]
        raise bad_value("segments.segment_id", dup, "unique segment ids")
    pieces = _pieces(tokens, segments, segment_size, segment_size_window)
    group = (
        _merge_groups(pieces, segments, min_words) if merge_short else np.arange(len(pieces))
    )
    # number uces in order of their first piece
    _, uce_index = np.unique(group, return_inverse=True)
    pieces = pieces.assign(uce=uce_index)
    texts = segments.set_index("segment_id")["text"].astype(str)
    meta_cols = [c for c in _METADATA if c in segments.columns]
    meta = segments.set_index("segment_id")[meta_cols]
    src = texts.loc[pieces["segment_id"]].to_numpy()
    parts = pd.Series([t[a:b] for t, a, b in zip(src, pieces["start_char"], pieces["end_char"])])
    grp = pieces.assign(_text=parts.to_numpy()).groupby("uce", sort=True)
    first, last = grp.first(), grp.last()
    n_pieces = grp.size().to_numpy()
    base = first["segment_id"].astype(str) + "/" + first["_piece"].astype(str)
    uce_id = np.where(n_pieces == 1, base, base + "+" + (n_pieces - 1).astype(str))
    multi = n_pieces > 1
    text = first["_text"].to_numpy(dtype=object).copy()
    seg_ids = [[s] for s in first["segment_id"]]
    if multi.any():
        joined = grp["_text"].agg("\n".join).to_numpy()
        text[multi] = joined[multi]
        lists = grp["segment_id"].agg(lambda x: list(dict.fromkeys(x))).to_numpy()
        for i in np.flatnonzero(multi):
            seg_ids[i] = lists[i]
    uce = pd.DataFrame({
        "uce_id": uce_id,
        "segment_id": first["segment_id"].to_numpy(),
        "segment_ids": seg_ids,
        "start_position": first["start_position"].to_numpy(dtype=np.int64),
        "end_position": last["end_position"].to_numpy(dtype=np.int64),
        "start_char": first["start_char"].to_numpy(dtype=np.int64),
        "end_char": last["end_char"].to_numpy(dtype=np.int64),
        "n_words": grp["n_words"].sum().to_numpy(dtype=np.int64),
        "text": text,
    })
    for c in meta_cols:
        uce[c] = meta[c].loc[uce["segment_id"]].to_numpy()
    uce["text"] = uce["text"].astype(str)
    return uce, pieces.drop(columns=["_order"])


def split_segments(
    tokens: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    segment_size: int = 40,
    segment_size_window: int = 15,
    merge_short: bool = False,
    min_words: int = 20,
) -> pd.DataFrame:
    """Cut source segments into text segments of about ``segment_size`` tokens.

    Inside each source segment (``segments`` row, in table order) the end of a text segment is
    chosen among the ``segment_size + segment_size_window`` next tokens, preferring strong
    punctuation (``. ! ? …``), then ``:``, ``;``, ``,``, near ``segment_size`` (rainette
    ``split_segments``: weight 6, 5, 4, 1 or 0.01 divided by the distance to ``segment_size``).
    With ``merge_short=True``, text segments of fewer than ``min_words`` words that share
    ``session``, ``group``, ``kind`` and ``category`` are merged, in segment order, until they
    reach ``min_words`` (a short remainder joins the previous merged unit).

    ``tokens`` needs ``segment_id, position, start, end, text, is_punct`` (``pos`` optional:
    ``SPACE`` tokens are ignored); ``segments`` needs ``segment_id, text``.
    Returns one row per text segment: ``uce_id`` (``<segment_id>/<k>``, ``+<n>`` when n more
    pieces were merged in), ``segment_id`` (first source segment), ``segment_ids`` (list of all
    source segments), ``start_position``/``end_position`` (token positions, end exclusive),
    ``start_char``/``end_char`` (char offsets into the source text), ``n_words`` (non-punctuation
    tokens), ``text`` (verbatim slice; merged pieces joined by a newline), then the metadata
    columns of the first source segment among ``session, group, kind, category, profile,
    speaker, source``. Raises ``InvalidArgumentError`` on missing columns or bad options.
    """
    uce, _ = _build_uces(
        tokens, segments, segment_size=segment_size, segment_size_window=segment_size_window,
        merge_short=merge_short, min_words=min_words,
    )
    return uce


# --------------------------------------------------------------------------------------------
# 2. matrix
# --------------------------------------------------------------------------------------------

def _uce_matrix(
    tokens: pd.DataFrame,
    uce: pd.DataFrame,
    pieces: pd.DataFrame,
    *,
    pos: Sequence[str],
    min_segment_freq: int,
) -> tuple[sparse.csr_matrix, pd.Index]:
    """Binary text segment x active term matrix (terms in >= ``min_segment_freq`` segments)."""
    require_columns(tokens, "tokens", ["term", "pos", "term_len"])
    t = tokens.loc[tokens["term"].notna(), ["segment_id", "position", "term", "pos", "term_len"]]
    active = t["pos"].astype(str).isin(list(pos)) | (t["term_len"].fillna(0).astype(int) > 1)
    t = t.loc[active]
    p = pieces[["segment_id", "start_position", "end_position", "uce"]]
    j = t.merge(p, on="segment_id", how="inner")
    j = j.loc[(j["position"] >= j["start_position"]) & (j["position"] < j["end_position"])]
    ids = uce["uce_id"]
    pairs = pd.DataFrame({"segment_id": ids.to_numpy()[j["uce"].to_numpy()],
                          "term": j["term"].astype(str).to_numpy()})
    m, _, terms = term_matrix(pairs, binary=True, min_segments=min_segment_freq, segment_ids=ids)
    return m.tocsr().astype(np.float64), terms


# --------------------------------------------------------------------------------------------
# 3. descending hierarchical classification
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


# --------------------------------------------------------------------------------------------
# 5. profiles (shared by both estimators)
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


def _profile_table(indicator: sparse.csr_matrix, labels: np.ndarray, names: pd.Index,
                   classes: Sequence[int]) -> pd.DataFrame:
    """Class x column 2x2 statistics over the classified rows of ``indicator``."""
    ok = labels > 0
    x = indicator[ok]
    lab = labels[ok]
    n_total = int(ok.sum())
    n_with = np.asarray(x.sum(axis=0)).ravel()
    frames = []
    for cls in classes:
        inside = lab == cls
        a = np.asarray(x[inside].sum(axis=0)).ravel()
        n_class = int(inside.sum())
        chi2, p = _two_by_two(a, n_class, n_with, n_total)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(n_with > 0, a / n_with, 0.0)
        frames.append(pd.DataFrame({
            "class": cls, "name": names, "n_class_with": a.astype(int),
            "n_class": n_class, "n_total_with": n_with.astype(int), "n_total": n_total,
            "chi2": chi2, "p_value": p, "share": share,
        }))
    if not frames:
        return pd.DataFrame(columns=["class", "name", "n_class_with", "n_class", "n_total_with",
                                     "n_total", "chi2", "p_value", "share"])
    out = pd.concat(frames, ignore_index=True)
    out = out.loc[out["n_total_with"] > 0]
    out = out.sort_values(["class", "chi2", "name"], ascending=[True, False, True], kind="stable")
    return out.reset_index(drop=True)


class _ReinertResults:
    """Methods shared by ``Reinert`` and ``ReinertDouble`` once ``labels_`` is set."""

    _x: sparse.csr_matrix
    _terms: pd.Index
    uce_: pd.DataFrame
    labels_: pd.Series
    metadata: tuple[str, ...]

    def _check_fitted(self) -> None:
        if not hasattr(self, "labels_"):
            raise InsightsError(f"this {type(self).__name__} is not fitted yet: call fit first")

    def _label_array(self, labels: pd.Series | None = None) -> np.ndarray:
        lab = self.labels_ if labels is None else labels
        return lab.fillna(0).astype(int).to_numpy()

    def _classes(self) -> list[int]:
        return sorted(int(c) for c in self.labels_.dropna().unique())

    def _finish(self) -> None:
        """Compute sizes and profiles from ``labels_``."""
        lab = self._label_array()
        classes = self._classes()
        self.class_sizes_ = pd.Series(
            [int((lab == c).sum()) for c in classes], index=pd.Index(classes, name="class"),
            name="n_segments",
        )
        prof = _profile_table(self._x, lab, self._terms, classes)
        self.profiles_ = prof.rename(columns={
            "name": "term", "n_class_with": "n_class_with_term",
            "n_total_with": "n_total_with_term",
        })
        self.metadata_profiles_ = self._metadata_profiles(lab, classes)

    def _metadata_profiles(self, lab: np.ndarray, classes: list[int]) -> pd.DataFrame:
        frames = []
        for var in self.metadata:
            if var not in self.uce_.columns:
                continue
            values = self.uce_[var].astype(str)
            cats = pd.Index(sorted(v for v in values.unique() if v != ""))
            if len(cats) == 0:
                continue
            codes = cats.get_indexer(values)
            ok = codes >= 0
            ind = sparse.csr_matrix(
                (np.ones(ok.sum()), (np.flatnonzero(ok), codes[ok])),
                shape=(len(values), len(cats)),
            )
            t = _profile_table(ind, lab, cats, classes)
            t.insert(1, "variable", var)
            frames.append(t)
        cols = ["class", "variable", "value", "n_class_with_value", "n_class",
                "n_total_with_value", "n_total", "chi2", "p_value", "share"]
        if not frames:
            return pd.DataFrame(columns=cols)
        out = pd.concat(frames, ignore_index=True).rename(columns={
            "name": "value", "n_class_with": "n_class_with_value",
            "n_total_with": "n_total_with_value",
        })
        return out[cols]

    def top_terms(self, cls: int, *, n: int = 10, alpha: float = 0.05) -> list[str]:
        """The ``n`` terms most over-represented in class ``cls`` (positive chi2, p < alpha)."""
        self._check_fitted()
        p = self.profiles_
        sel = p.loc[(p["class"] == cls) & (p["chi2"] > 0) & (p["p_value"] < alpha), "term"]
        return sel.head(n).tolist()

    def class_label(self, cls: int, *, n: int = 3) -> str:
        """French label of a class, e.g. ``"classe 3 : accueil · habitant · lieu"``."""
        terms = self.top_terms(cls, n=n)
        return f"classe {cls}\u00a0: " + " · ".join(terms) if terms else f"classe {cls}"

    def theme_result(self, *, top_n: int = 10) -> ThemeResult:
        """Classes as themes (``reinert-<class>``) with assignments at the source-segment level:
        the weight of (segment, class) is the share of the segment's text segments in the class
        (a text segment merged from several source segments counts for each of them)."""
        self._check_fitted()
        _check_int("top_n", top_n, 1)
        classes = self._classes()
        themes = pd.DataFrame({
            "theme": [f"reinert-{c}" for c in classes],
            "label": [self.class_label(c) for c in classes],
            "method": "reinert",
            "top_terms": [self.top_terms(c, n=top_n) for c in classes],
        }, columns=["theme", "label", "method", "top_terms"])
        long = pd.DataFrame({
            "segment_id": self.uce_["segment_ids"].to_numpy(),
            "cls": self.labels_.to_numpy(),
        }).explode("segment_id")
        total = long.groupby("segment_id", sort=False).size()
        hit = long.dropna(subset=["cls"])
        counts = hit.groupby(["segment_id", "cls"], sort=False).size().reset_index(name="n")
        counts["weight"] = counts["n"] / total.loc[counts["segment_id"]].to_numpy()
        counts["theme"] = "reinert-" + counts["cls"].astype(int).astype(str)
        counts["method"] = "reinert"
        order = {s: i for i, s in enumerate(dict.fromkeys(long["segment_id"]))}
        counts = counts.assign(_o=counts["segment_id"].map(order), _c=counts["cls"].astype(int))
        counts = counts.sort_values(["_o", "_c"], kind="stable")
        assignments = counts[["segment_id", "theme", "method", "weight"]].reset_index(drop=True)
        return ThemeResult(themes, assignments)

    def characteristic_segments(self, n: int = 5, *, alpha: float = 0.05) -> pd.DataFrame:
        """The ``n`` most characteristic text segments of each class: score = sum of the chi2 of
        the class's over-represented terms (chi2 > 0, p < ``alpha``) present in the segment, as
        IRaMuTeQ ranks them. Columns ``class, rank, uce_id, segment_id, score, text``."""
        self._check_fitted()
        n = _check_int("n", n, 1)
        lab = self._label_array()
        frames = []
        for cls in self._classes():
            p = self.profiles_
            p = p.loc[(p["class"] == cls) & (p["chi2"] > 0) & (p["p_value"] < alpha)]
            w = np.zeros(len(self._terms))
            w[self._terms.get_indexer(p["term"])] = p["chi2"].to_numpy()
            rows = np.flatnonzero(lab == cls)
            score = self._x[rows] @ w
            best = np.lexsort((rows, -score))[:n]
            best = best[score[best] > 0]
            u = self.uce_.iloc[rows[best]]
            frames.append(pd.DataFrame({
                "class": cls, "rank": np.arange(1, len(best) + 1), "uce_id": u["uce_id"].to_numpy(),
                "segment_id": u["segment_id"].to_numpy(), "score": score[best],
                "text": u["text"].to_numpy(),
            }))
        cols = ["class", "rank", "uce_id", "segment_id", "score", "text"]
        if not frames:
            return pd.DataFrame(columns=cols)
        return pd.concat(frames, ignore_index=True)[cols]


def _prepare(est, tokens: pd.DataFrame, segments: pd.DataFrame) -> None:
    """Shared first steps of ``fit``: text segments and their binary term matrix."""
    uce, pieces = _build_uces(
        tokens, segments, segment_size=est.segment_size,
        segment_size_window=est.segment_size_window, merge_short=est.merge_short,
        min_words=est.min_words,
    )
    if est.document not in segments.columns:
        raise bad_value("document", est.document, list(segments.columns))
    est._x, est._terms = _uce_matrix(
        tokens, uce, pieces, pos=est.pos, min_segment_freq=est.min_segment_freq
    )
    if est._x.shape[0] < 3 or est._x.shape[1] < 3:
        raise InsightsError(
            f"too little text to classify: {est._x.shape[0]} text segments and "
            f"{est._x.shape[1]} terms found in at least min_segment_freq={est.min_segment_freq} "
            "segments (at least 3 of each needed)"
        )
    docs = segments.set_index("segment_id").loc[uce["segment_id"], est.document]
    est._docs = docs.astype(str).to_numpy()
    est.uce_ = uce


def _run_simple(x: sparse.csr_matrix, docs: np.ndarray, *, k: int, min_segment_size: int,
                min_split_members: int, cc_test: float, tsj: int, random_state: int):
    """Units, tree and per-level text-segment labels of one simple classification."""
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


def _as_labels(values: np.ndarray, index: pd.Index) -> pd.Series:
    s = pd.Series(values, index=index.rename("uce_id"), name="class").astype("Int64")
    return s.where(s > 0)


class Reinert(_ReinertResults):
    """Reinert descending hierarchical classification of text segments (rainette ``rainette``).

    Parameters are only stored here and checked in ``fit``. ``k``: number of terminal classes
    wanted; ``min_segment_size``: text segments of one ``document`` (a column of ``segments``,
    default the source file) are merged into units of at least this many terms (0 or 1: no
    merging); ``min_split_members``: a class with fewer units is not split; ``min_segment_freq``:
    terms found in fewer text segments are dropped; ``segment_size`` / ``segment_size_window`` /
    ``merge_short`` / ``min_words``: see ``split_segments``; ``pos``: parts of speech of the active
    lemmas (multi-word terms are always active); ``cc_test`` / ``tsj``: rainette's term selection
    after each split; ``random_state``: seed of the sparse SVD starting vector;
    ``metadata``: segment columns crossed with the classes in ``metadata_profiles_``.

    Fitted attributes: ``uce_`` (text segments, see ``split_segments``, plus ``uc``: unit index),
    ``labels_`` (``Int64`` Series indexed by ``uce_id``, <NA> when a segment has no active term
    left), ``tree_`` (one row per split: ``split, parent, left, right, chi2, size``, node ids with
    root 0, plus ``left_class``/``right_class``: final class of a terminal child), ``class_sizes_``,
    ``profiles_``, ``metadata_profiles_``, ``terms_``, ``n_classes_``, ``stop_reason_``.
    """

    def __init__(self, k: int = 10, *, min_segment_size: int = 5, min_split_members: int = 10,
                 min_segment_freq: int = 3, segment_size: int = 40,
                 segment_size_window: int = 15, merge_short: bool = True, min_words: int = 20,
                 document: str = "source", pos: Sequence[str] = ACTIVE_POS,
                 cc_test: float = 0.3, tsj: int = 3,
                 metadata: Sequence[str] = ("session", "profile", "kind"),
                 random_state: int = 0):
        self.k = k
        self.min_segment_size = min_segment_size
        self.min_split_members = min_split_members
        self.min_segment_freq = min_segment_freq
        self.segment_size = segment_size
        self.segment_size_window = segment_size_window
        self.merge_short = merge_short
        self.min_words = min_words
        self.document = document
        self.pos = pos
        self.cc_test = cc_test
        self.tsj = tsj
        self.metadata = metadata
        self.random_state = random_state

    def _validate(self) -> None:
        _check_int("k", self.k, 2)
        _check_int("min_segment_size", self.min_segment_size, 0)
        _check_int("min_split_members", self.min_split_members, 3)
        _check_int("min_segment_freq", self.min_segment_freq, 1)
        _check_int("tsj", self.tsj, 1)
        _check_float("cc_test", self.cc_test, 0.0, 1.0)
        _check_int("random_state", self.random_state, 0)
        if not isinstance(self.merge_short, bool):
            raise bad_value("merge_short", self.merge_short, [True, False])
        if isinstance(self.pos, str) or not all(isinstance(p, str) for p in self.pos):
            raise bad_value("pos", self.pos, "a sequence of UPOS tags such as ('NOUN', 'VERB')")
        self.metadata = tuple(self.metadata)

    def fit(self, tokens: pd.DataFrame, segments: pd.DataFrame) -> Reinert:
        """Classify the text segments of ``segments`` from their ``tokens`` (DEVELOPERS-NOTES
        tables). Returns ``self``. Raises ``InvalidArgumentError`` for bad parameters or tables,
        ``InsightsError`` when there is too little text; warns ``EarlyStopWarning`` when fewer
        than ``k`` classes could be made (``stop_reason_`` says why)."""
        self._validate()
        _prepare(self, tokens, segments)
        uc, tree, levels = _run_simple(
            self._x, self._docs, k=self.k, min_segment_size=self.min_segment_size,
            min_split_members=self.min_split_members, cc_test=self.cc_test, tsj=self.tsj,
            random_state=self.random_state,
        )
        self._set_tree(uc, tree, levels)
        return self

    def _set_tree(self, uc, tree: _Tree, levels: dict[int, np.ndarray]) -> None:
        self.uce_ = self.uce_.assign(uc=uc)
        self.terms_ = self._terms
        self._levels = levels
        self.n_classes_ = len(tree.levels[-1])
        self.stop_reason_ = tree.stop_reason
        if self.n_classes_ < 2:
            raise InsightsError(f"no classification could be made: {tree.stop_reason}")
        if tree.stopped_early:
            warnings.warn(f"Reinert: {tree.stop_reason} (k={self.k} requested)",
                          EarlyStopWarning, stacklevel=3)
        final = {nd.node_id: i for i, nd in enumerate(tree.levels[-1], start=1)}
        t = pd.DataFrame(tree.splits, columns=["split", "parent", "left", "right", "chi2", "size"])
        t["left_class"] = t["left"].map(final).astype("Int64")
        t["right_class"] = t["right"].map(final).astype("Int64")
        self.tree_ = t
        self.labels_ = _as_labels(levels[self.n_classes_], pd.Index(self.uce_["uce_id"]))
        self._finish()

    def cut(self, k: int) -> pd.Series:
        """Classes of the text segments when the tree is cut at ``k`` classes (rainette
        ``cutree``): ``Int64`` Series indexed by ``uce_id``. Raises ``InvalidArgumentError``
        unless 2 <= k <= ``n_classes_``."""
        self._check_fitted()
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k not in self._levels:
            raise bad_value("k", k, f"an integer from 2 to {self.n_classes_}")
        return _as_labels(self._levels[int(k)], pd.Index(self.uce_["uce_id"]))


class ReinertDouble(_ReinertResults):
    """Double classification (rainette ``rainette2``, IRaMuTeQ "double sur RST").

    Two simple classifications with units of at least ``min_segment_size1`` and
    ``min_segment_size2`` terms are crossed: every class of every level of the first tree with
    every class of every level of the second. A crossed class is kept when it holds at least
    ``min_members`` text segments and its association chi2 (2x2 membership table, Yates
    correction as R's ``chisq.test`` in rainette) is at least ``min_chi2``; identical crossed
    classes are kept once (the most associated one). With ``full=True`` (rainette's default) every
    such crossed class is a candidate; with ``full=False`` (the "classical" analysis) only crossed
    classes whose two classes are each other's most associated are kept. Then, for each k from 2
    to ``k``, the set of k disjoint crossed classes with the largest total chi2 (ties: largest
    size) is the partition for k (exact branch-and-bound search). Text segments in no class of
    the partition stay unclassified (<NA>). ``max_partitions`` bounds the search steps (an
    ``InsightsError`` says when it is exceeded).
    Other parameters as in ``Reinert``.

    Fitted attributes: ``uce_``, ``labels_`` (partition of the largest k found), ``n_classes_``,
    ``first_``/``second_`` (the two ``Reinert`` results), ``crossed_`` (kept crossed classes:
    ``crossed, k1, class1, k2, class2, n, chi2``), ``partitions_`` (one row per k: ``k, chi2, n,
    classes`` (list of crossed ids, in class-number order)), ``class_sizes_``, ``profiles_``,
    ``metadata_profiles_``, ``terms_``, ``stop_reason_``.
    """

    def __init__(self, k: int = 10, *, min_segment_size1: int = 10, min_segment_size2: int = 15,
                 min_members: int = 10, min_chi2: float = 3.84, full: bool = True,
                 min_split_members: int = 10, min_segment_freq: int = 3, segment_size: int = 40,
                 segment_size_window: int = 15, merge_short: bool = True, min_words: int = 20,
                 document: str = "source", pos: Sequence[str] = ACTIVE_POS,
                 cc_test: float = 0.3, tsj: int = 3,
                 metadata: Sequence[str] = ("session", "profile", "kind"),
                 max_partitions: int = 200_000, random_state: int = 0):
        self.k = k
        self.min_segment_size1 = min_segment_size1
        self.min_segment_size2 = min_segment_size2
        self.min_members = min_members
        self.min_chi2 = min_chi2
        self.full = full
        self.min_split_members = min_split_members
        self.min_segment_freq = min_segment_freq
        self.segment_size = segment_size
        self.segment_size_window = segment_size_window
        self.merge_short = merge_short
        self.min_words = min_words
        self.document = document
        self.pos = pos
        self.cc_test = cc_test
        self.tsj = tsj
        self.metadata = metadata
        self.max_partitions = max_partitions
        self.random_state = random_state

    def _simple(self, min_segment_size: int) -> Reinert:
        return Reinert(
            self.k, min_segment_size=min_segment_size, min_split_members=self.min_split_members,
            min_segment_freq=self.min_segment_freq, segment_size=self.segment_size,
            segment_size_window=self.segment_size_window, merge_short=self.merge_short,
            min_words=self.min_words, document=self.document, pos=self.pos,
            cc_test=self.cc_test, tsj=self.tsj, metadata=self.metadata,
            random_state=self.random_state,
        )

    def fit(self, tokens: pd.DataFrame, segments: pd.DataFrame) -> ReinertDouble:
        """Run both simple classifications and cross them. Returns ``self``. Raises
        ``InvalidArgumentError`` for bad parameters, ``InsightsError`` when fewer than two
        crossed classes pass the filters."""
        _check_int("min_segment_size1", self.min_segment_size1, 0)
        _check_int("min_segment_size2", self.min_segment_size2, 0)
        _check_int("min_members", self.min_members, 1)
        _check_float("min_chi2", self.min_chi2, 0.0, float("inf"))
        _check_int("max_partitions", self.max_partitions, 1)
        if not isinstance(self.full, bool):
            raise bad_value("full", self.full, [True, False])
        first = self._simple(self.min_segment_size1)
        first._validate()
        self.metadata = first.metadata
        _prepare(self, tokens, segments)
        stops = []
        fitted = []
        for est in (first, self._simple(self.min_segment_size2)):
            est._x, est._terms, est._docs, est.uce_ = self._x, self._terms, self._docs, self.uce_
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", EarlyStopWarning)
                uc, tree, levels = _run_simple(
                    self._x, self._docs, k=self.k, min_segment_size=est.min_segment_size,
                    min_split_members=self.min_split_members, cc_test=self.cc_test,
                    tsj=self.tsj, random_state=self.random_state,
                )
                est._set_tree(uc, tree, levels)
            stops += [str(w.message) for w in caught]
            fitted.append(est)
        self.first_, self.second_ = fitted
        self._cross()
        if self.n_classes_ < self.k:
            warnings.warn(f"ReinertDouble: {self.stop_reason_} (k={self.k} requested)",
                          EarlyStopWarning, stacklevel=2)
        if stops:
            self.stop_reason_ += "; " + "; ".join(stops)
        self._finish()
        return self

    def _cross(self) -> None:
        n_tot = len(self.uce_)
        cand = []
        for k1, l1 in sorted(self.first_._levels.items()):
            for k2, l2 in sorted(self.second_._levels.items()):
                tab = pd.crosstab(l1, l2)
                for c1 in tab.index:
                    for c2 in tab.columns:
                        if c1 == 0 or c2 == 0:
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
        # identical crossed classes: keep the most associated one (rainette keeps the first)
        crossed = crossed.sort_values("chi2", ascending=False, kind="stable")
        members = []
        keep = []
        seen = set()
        l1s, l2s = self.first_._levels, self.second_._levels
        for row in crossed.itertuples(index=False):
            mask = (l1s[row.k1] == row.class1) & (l2s[row.k2] == row.class2)
            key = np.flatnonzero(mask).tobytes()
            if key in seen:
                keep.append(False)
                continue
            seen.add(key)
            keep.append(True)
            members.append(mask)
        keep = np.array(keep, dtype=bool)
        crossed = crossed.loc[keep]
        by_order = np.lexsort((crossed["class2"], crossed["k2"], crossed["class1"], crossed["k1"]))
        members = [members[i] for i in by_order]
        crossed = crossed.iloc[by_order].reset_index(drop=True)
        crossed.insert(0, "crossed", [f"{a}.{b}x{c}.{d}" for a, b, c, d in zip(
            crossed["k1"], crossed["class1"], crossed["k2"], crossed["class2"])])
        self.crossed_ = crossed
        if len(crossed) < 2:
            raise InsightsError(
                f"double classification: only {len(crossed)} crossed class(es) with at least "
                f"min_members={self.min_members} segments and chi2 >= {self.min_chi2}; "
                "try a lower min_members, or full=True if it is off"
            )
        bits = [int.from_bytes(np.packbits(m, bitorder="little").tobytes(), "little")
                for m in members]
        chi2 = crossed["chi2"].to_numpy()
        size = crossed["n"].to_numpy()
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
        self._partitions = {}
        rows = []
        for k, total, n, combo in best_rows:
            combo = sorted(combo, key=lambda i: (-size[i], i))
            lab = np.zeros(n_tot, dtype=int)
            for cls, i in enumerate(combo, start=1):
                lab[members[i]] = cls
            self._partitions[k] = lab
            rows.append({"k": k, "chi2": total, "n": n,
                         "classes": [crossed.at[i, "crossed"] for i in combo]})
        self.partitions_ = pd.DataFrame(rows, columns=["k", "chi2", "n", "classes"])
        k_best = max(self._partitions)
        self.n_classes_ = k_best
        self.stop_reason_ = (
            f"reached k={self.k} classes" if k_best == self.k else
            f"stopped at {k_best} classes: no set of {k_best + 1} disjoint crossed classes"
        )
        self.labels_ = _as_labels(self._partitions[k_best], pd.Index(self.uce_["uce_id"]))

    def cut(self, k: int) -> pd.Series:
        """Classes of the best partition with ``k`` crossed classes (rainette
        ``cutree_rainette2``): ``Int64`` Series indexed by ``uce_id``, <NA> when unclassified."""
        self._check_fitted()
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k not in self._partitions:
            raise bad_value("k", k, sorted(self._partitions))
        return _as_labels(self._partitions[int(k)], pd.Index(self.uce_["uce_id"]))


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
