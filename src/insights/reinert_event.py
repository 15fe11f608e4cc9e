"""The Reinert chain on an event's tables, as rainette chains it.

``split_segments`` (rainette ``split_segments``: source segments -> text segments of about
``segment_size`` tokens) -> the binary text segment x active term matrix
(:func:`insights.doc_term_matrix`) -> an estimator of :mod:`insights.reinert` fitted on it with
``groups`` = the text of each text segment -> :class:`ReinertClassification`: classes as
themes, profiles (rainette ``rainette_stats``), characteristic segments as quotes.

Vocabulary: a *source segment* is a row of the ingest ``segments`` table (a paragraph, a
post-it, a speaker turn); a *text* is the unit no step ever merges across
(``segments["text_id"]``: one post-it, questionnaire row or speaker turn, one section of a
notes file); a *text segment* (``uce``) is a slice of about ``segment_size`` tokens of one
source segment, or several short source segments of one text merged; a *unit* (``uc``) is
one or more consecutive text segments of one text merged by the estimator until they hold
``min_segment_size`` terms.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import clone

from insights.errors import bad_value, require_columns
from insights.reinert import (
    UNCLASSIFIED,
    Reinert,
    ReinertDouble,
    _check_int,
    class_profiles,
    class_top_terms,
)
from insights.schema import ThemeResult
from insights.vectorize import doc_term_matrix

__all__ = ["ACTIVE_POS", "ReinertClassification", "reinert_classification", "reinert_themes",
           "split_segments"]

#: parts of speech of the active lemmas (multi-word terms are always active)
ACTIVE_POS = ("NOUN", "VERB", "ADJ", "ADV")
#: token weights used to choose where a text segment ends (rainette ``split_segments``)
_STRONG = {".", "?", "!", "…", "...", "?!", "!?", "!!", "??"}
_METADATA = ("session", "group", "kind", "category", "profile", "speaker", "source")


def _texts(segments: pd.DataFrame, column: str = "text_id") -> pd.Series:
    """The text of each segment (indexed by segment id): ``segments[column]``, or the segment
    itself when the table has no such column (a segment table built by hand)."""
    ids = segments["segment_id"].astype(str)
    if column not in segments.columns:
        return pd.Series(ids.to_numpy(), index=ids.to_numpy())
    return pd.Series(segments[column].astype(str).to_numpy(), index=ids.to_numpy())


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


def _merge_groups(pieces: pd.DataFrame, text_of: pd.Series, min_words: int) -> np.ndarray:
    """Group number of each piece after merging short pieces of one text (in segment order)
    until each merged unit has ``min_words`` words; ``text_of`` maps segment ids to texts."""
    key = text_of.loc[pieces["segment_id"]].to_numpy()
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
    groups: str = "text_id",
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
    text_of = _texts(segments)
    group = (
        _merge_groups(pieces, _texts(segments, groups), min_words) if merge_short
        else np.arange(len(pieces))
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
    if multi.any():  # only the merged text segments need their pieces joined
        order = np.argsort(pieces["uce"].to_numpy(), kind="stable")
        piece_texts = parts.to_numpy(dtype=object)[order]
        piece_segs = pieces["segment_id"].to_numpy(dtype=object)[order]
        bounds = np.concatenate([[0], np.cumsum(n_pieces)])
        for i in np.flatnonzero(multi).tolist():
            a, b = bounds[i], bounds[i + 1]
            text[i] = "\n".join(piece_texts[a:b].tolist())
            seg_ids[i] = list(dict.fromkeys(piece_segs[a:b].tolist()))
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
    uce.insert(2, "text_id", text_of.loc[uce["segment_id"]].to_numpy())
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
    With ``merge_short=True``, text segments of fewer than ``min_words`` words of one text
    (``segments["text_id"]``; each segment is its own text when the column is absent) are
    merged, in segment order, until they reach ``min_words`` (a short remainder joins the
    previous merged unit of its text). Two texts (two post-its, two speaker turns) are never
    merged.

    ``tokens`` needs ``segment_id, position, start, end, text, is_punct`` (``pos`` optional:
    ``SPACE`` tokens are ignored); ``segments`` needs ``segment_id, text``.
    Returns one row per text segment: ``uce_id`` (``<segment_id>/<k>``, ``+<n>`` when n more
    pieces were merged in), ``segment_id`` (first source segment), ``segment_ids`` (list of all
    source segments), ``text_id`` (their text), ``start_position``/``end_position`` (token positions, end exclusive),
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

def _uce_matrix(tokens: pd.DataFrame, uce: pd.DataFrame, pieces: pd.DataFrame, *,
                min_df: int, pos: Sequence[str] | None, forms: Sequence[str] | None
                ) -> tuple[sparse.csr_matrix, pd.Index]:
    """Binary text segment x active term matrix (terms in >= ``min_df`` text segments)."""
    require_columns(tokens, "tokens", ["term", "pos", "term_len"])
    cols = ["segment_id", "position", "term", "pos", "term_len"]
    cols += ["form"] if "form" in tokens.columns else []
    t = tokens.loc[tokens["term"].notna(), cols]
    # the piece holding each token, by a sorted search on (segment, start position): joining
    # every token with every piece of its segment is quadratic in a long segment's length
    # (14.8 million rows, 1.2 GB, for one paragraph of 1,000,000 characters)
    codes = pd.Index(pd.unique(pieces["segment_id"].astype(str)))
    p_seg = codes.get_indexer(pieces["segment_id"].astype(str)).astype(np.int64)
    p_key = (p_seg << 32) + pieces["start_position"].to_numpy(dtype=np.int64)
    order = np.argsort(p_key, kind="stable")
    p_key, p_seg = p_key[order], p_seg[order]
    p_end = pieces["end_position"].to_numpy(dtype=np.int64)[order]
    p_uce = pieces["uce"].to_numpy(dtype=np.int64)[order]
    t_seg = codes.get_indexer(t["segment_id"].astype(str)).astype(np.int64)
    t_pos = t["position"].to_numpy(dtype=np.int64)
    at = np.searchsorted(p_key, (t_seg << 32) + t_pos, side="right") - 1
    safe = np.clip(at, 0, max(len(p_key) - 1, 0))
    inside = ((t_seg >= 0) & (at >= 0) & (p_seg[safe] == t_seg) & (t_pos < p_end[safe])
              if len(p_key) else np.zeros(len(t), dtype=bool))
    ids = uce["uce_id"].astype(str)
    j = t.loc[inside].assign(uce=p_uce[safe[inside]])
    j = j.assign(uce_id=ids.to_numpy()[j["uce"].to_numpy()])
    x, _, terms = doc_term_matrix(j, rows=ids, by="uce_id", binary=True, min_df=min_df,
                                  pos=pos, forms=forms)
    return x.astype(np.float64), terms


# --------------------------------------------------------------------------------------------
# 3. the classification of an event
# --------------------------------------------------------------------------------------------

@dataclass
class ReinertClassification:
    """A fitted Reinert estimator with what it was fitted on: ``text_segments`` (the rows of
    ``X``, see ``split_segments``, plus ``uc``: the estimator's unit) and ``terms`` (its
    columns). ``metadata``: segment columns crossed with the classes in ``metadata_profiles``.

    ``labels``: class of each text segment (``Int64`` Series indexed by ``uce_id``, <NA> when
    unclassified); ``class_sizes``; ``profiles`` (``insights.class_profiles`` of the classes);
    ``metadata_profiles`` (the same for metadata values: ``class, variable, value,
    n_class_with_value, n_class, n_total_with_value, n_total, chi2, p_value, share``);
    ``k_table`` (how the number of classes was reached); ``tree`` (the estimator's tree, None
    for a double classification, whose first simple classification is ``first``).
    """

    estimator: Reinert | ReinertDouble
    text_segments: pd.DataFrame
    X: sparse.csr_matrix
    terms: pd.Index
    metadata: tuple[str, ...] = ("session", "profile", "kind")

    @property
    def n_classes(self) -> int:
        return int(self.estimator.n_classes_)

    @property
    def stop_reason(self) -> str:
        return str(self.estimator.stop_reason_)

    @property
    def labels(self) -> pd.Series:
        lab = pd.Series(self.estimator.labels_, name="class",
                        index=pd.Index(self.text_segments["uce_id"], name="uce_id"))
        return lab.astype("Int64").where(lab != UNCLASSIFIED)

    @property
    def tree(self) -> pd.DataFrame | None:
        return getattr(self.estimator, "tree_", None)

    @property
    def first(self) -> ReinertClassification | None:
        """The first simple classification of a double one (None for a simple one)."""
        first = getattr(self.estimator, "first_", None)
        if first is None:
            return None
        segs = self.text_segments.assign(uc=first.units_)
        return ReinertClassification(first, segs, self.X, self.terms, self.metadata)

    def _classes(self) -> list[int]:
        return sorted(int(c) for c in set(self.estimator.labels_.tolist()) - {UNCLASSIFIED})

    @cached_property
    def class_sizes(self) -> pd.Series:
        lab = self.estimator.labels_
        classes = self._classes()
        return pd.Series([int((lab == c).sum()) for c in classes],
                         index=pd.Index(classes, name="class"), name="n_segments")

    @cached_property
    def profiles(self) -> pd.DataFrame:
        return class_profiles(self.X, self.estimator.labels_, self.terms)

    @cached_property
    def metadata_profiles(self) -> pd.DataFrame:
        frames = []
        for var in self.metadata:
            if var not in self.text_segments.columns:
                continue
            values = self.text_segments[var].astype(str)
            cats = pd.Index(sorted(v for v in values.unique() if v != ""))
            if len(cats) == 0:
                continue
            codes = cats.get_indexer(values)
            ok = codes >= 0
            ind = sparse.csr_matrix((np.ones(ok.sum()), (np.flatnonzero(ok), codes[ok])),
                                    shape=(len(values), len(cats)))
            t = class_profiles(ind, self.estimator.labels_, cats)
            t.insert(1, "variable", var)
            frames.append(t)
        cols = ["class", "variable", "value", "n_class_with_value", "n_class",
                "n_total_with_value", "n_total", "chi2", "p_value", "share"]
        if not frames:
            return pd.DataFrame(columns=cols)
        return pd.concat(frames, ignore_index=True).rename(columns={
            "term": "value", "n_class_with_term": "n_class_with_value",
            "n_total_with_term": "n_total_with_value"})[cols]

    @property
    def k_table(self) -> pd.DataFrame:
        """One row per number of classes ``k`` the estimator reached: ``k``, ``chi2`` (double:
        total association chi2 of the best partition in k classes; simple: chi2 of the split
        that made the k-th class), ``classified`` (text segments in a class), ``share`` (of
        all text segments), ``chosen`` (the k kept)."""
        est, n = self.estimator, len(self.text_segments)
        if isinstance(est, ReinertDouble):
            rows = [(int(r.k), float(r.chi2), int(r.n)) for r in est.partitions_.itertuples()]
        else:
            chi2 = est.tree_["chi2"].to_numpy()
            rows = [(k, float(chi2[k - 2]), int((lab != UNCLASSIFIED).sum()))
                    for k, lab in sorted(est.levels_.items())]
        t = pd.DataFrame(rows, columns=["k", "chi2", "classified"])
        t["share"] = (t["classified"] / n if n else 0.0)
        t["chosen"] = t["k"] == self.n_classes
        return t

    def top_terms(self, cls: int, *, n: int = 10, alpha: float = 0.05) -> list[str]:
        """The ``n`` terms most over-represented in class ``cls`` (positive chi2, p < alpha:
        :func:`insights.reinert.class_top_terms`, the rule the report's charts use too)."""
        p = self.profiles
        return class_top_terms(p[p["class"] == cls], n_terms=n, alpha=alpha).get(cls, [])

    def class_label(self, cls: int, *, n: int = 3) -> str:
        """French label of a class, e.g. ``"classe 3 : accueil · habitant · lieu"``."""
        terms = self.top_terms(cls, n=n)
        return f"classe {cls}\u00a0: " + " · ".join(terms) if terms else f"classe {cls}"

    def theme_result(self, *, top_n: int = 10) -> ThemeResult:
        """Classes as themes (``reinert-<class>``) with assignments at the source-segment level:
        the weight of (segment, class) is the share of the segment's text segments in the class
        (a text segment merged from several source segments counts for each of them)."""
        _check_int("top_n", top_n, 1)
        classes = self._classes()
        themes = pd.DataFrame({
            "theme": [f"reinert-{c}" for c in classes],
            "label": [self.class_label(c) for c in classes],
            "method": "reinert",
            "top_terms": [self.top_terms(c, n=top_n) for c in classes],
        }, columns=["theme", "label", "method", "top_terms"])
        long = pd.DataFrame({
            "segment_id": self.text_segments["segment_ids"].to_numpy(),
            "cls": self.estimator.labels_,
        }).explode("segment_id")
        total = long.groupby("segment_id", sort=False).size()
        hit = long.loc[long["cls"] != UNCLASSIFIED]
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
        n = _check_int("n", n, 1)
        lab = self.estimator.labels_
        frames = []
        for cls in self._classes():
            p = self.profiles
            p = p.loc[(p["class"] == cls) & (p["chi2"] > 0) & (p["p_value"] < alpha)]
            w = np.zeros(len(self.terms))
            w[self.terms.get_indexer(p["term"])] = p["chi2"].to_numpy()
            rows = np.flatnonzero(lab == cls)
            score = self.X[rows] @ w
            best = np.lexsort((rows, -score))[:n]
            best = best[score[best] > 0]
            u = self.text_segments.iloc[rows[best]]
            frames.append(pd.DataFrame({
                "class": cls, "rank": np.arange(1, len(best) + 1),
                "uce_id": u["uce_id"].to_numpy(), "segment_id": u["segment_id"].to_numpy(),
                "score": score[best], "text": u["text"].to_numpy(),
            }))
        cols = ["class", "rank", "uce_id", "segment_id", "score", "text"]
        if not frames:
            return pd.DataFrame(columns=cols)
        return pd.concat(frames, ignore_index=True)[cols]


def reinert_classification(
    tokens: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    estimator: Reinert | ReinertDouble | None = None,
    groups: str = "text_id",
    segment_size: int = 40,
    segment_size_window: int = 15,
    merge_short: bool = True,
    min_words: int = 20,
    min_df: int = 3,
    pos: Sequence[str] | None = ACTIVE_POS,
    forms: Sequence[str] | None = ("active",),
    metadata: Sequence[str] = ("session", "profile", "kind"),
) -> ReinertClassification:
    """Classify the text segments of an event (``tokens``, ``segments``) with a Reinert
    estimator, as the report does.

    ``segments`` are cut into text segments (``split_segments`` with ``segment_size``,
    ``segment_size_window``, ``merge_short``, ``min_words``); their binary matrix keeps the
    terms of ``pos`` (multi-word terms always) and ``forms`` found in at least ``min_df``
    text segments (``doc_term_matrix``); ``estimator`` (default ``Reinert(8,
    min_segment_size=10)``, the report's; cloned, never modified) is fitted on it with ``groups`` = the ``segments`` column naming what
    may be merged, by ``merge_short`` and by the estimator's units (``text_id``: one text,
    each segment being its own text when the table has no such column; ``segment_id``: one
    source segment).
    Returns a :class:`ReinertClassification`. Raises ``InvalidArgumentError`` for bad
    arguments, ``InsightsError`` when there is too little text to classify.
    """
    est = Reinert(8, min_segment_size=10) if estimator is None else estimator
    if not isinstance(est, (Reinert, ReinertDouble)):
        raise bad_value("estimator", type(est).__name__, "a Reinert or ReinertDouble")
    if not isinstance(groups, str) or groups not in set(segments.columns) | {"text_id"}:
        raise bad_value("groups", groups, sorted(set(segments.columns)))
    uce, pieces = _build_uces(tokens, segments, segment_size=segment_size,
                              segment_size_window=segment_size_window,
                              merge_short=merge_short, min_words=min_words, groups=groups)
    _check_int("min_df", min_df, 1)
    x, terms = _uce_matrix(tokens, uce, pieces, min_df=min_df, pos=pos, forms=forms)
    group_of = _texts(segments, groups).loc[uce["segment_id"].astype(str)].to_numpy()
    fitted = clone(est).fit(x, groups=group_of)
    units = fitted.units_ if isinstance(fitted, Reinert) else fitted.first_.units_
    return ReinertClassification(fitted, uce.assign(uc=units), x, terms, tuple(metadata))


def reinert_themes(tokens: pd.DataFrame, segments: pd.DataFrame, **options) -> ThemeResult:
    """The classes of :func:`reinert_classification` (``options`` go to it) as themes:
    ``ThemeResult`` with method ``reinert``."""
    return reinert_classification(tokens, segments, **options).theme_result()
