"""The Reinert chain on an event's tables, as rainette chains it.

``split_segments`` (source segments -> text segments of about ``segment_size`` tokens) -> the
binary text segment x active term matrix (:func:`insights.doc_term_matrix`) -> an estimator
(``Reinert`` or ``ReinertDouble``) fitted on it with ``groups`` = the text of each text
segment -> :class:`ReinertClassification`: classes as themes, profiles (rainette
``rainette_stats``), characteristic segments as quotes. A *unit* (``uc``) is one or more
consecutive text segments of one text merged by the estimator until they hold
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

from insights.errors import bad_value, check_float, check_int, renamed, require_columns
from insights.memory import release_memory
from insights.messages_fr import fr
from insights.reinert.chd import UNCLASSIFIED
from insights.reinert.double import ReinertDouble
from insights.reinert.profiles import class_profiles, class_top_terms, metadata_profiles
from insights.reinert.segments import build_uces, texts_of
from insights.reinert.simple import Reinert
from insights.schema import ThemeResult
from insights.vectorize import count_matrix, counted_tokens, str_codes

__all__ = ["ACTIVE_POS", "ReinertClassification", "reinert_classification", "reinert_themes"]

#: parts of speech of the active lemmas (multi-word terms are always active)
ACTIVE_POS = ("NOUN", "VERB", "ADJ", "ADV")


def _piece_of_tokens(t_seg: np.ndarray, t_pos: np.ndarray, segment_ids: np.ndarray,
                     pieces: pd.DataFrame) -> np.ndarray:
    """For each token (``t_seg``: a code into ``segment_ids``, -1 for none; ``t_pos``: its
    position), the ``uce`` of the piece holding it, or -1, by a sorted search on (segment,
    start position): joining every token with every piece of its segment is quadratic in a
    long segment's length (14.8 million rows, 1.2 GB, for one paragraph of 1,000,000
    characters)."""
    p_seg, uniq = pd.factorize(pieces["segment_id"].astype(str))
    codes = pd.Index(uniq)
    p_seg = p_seg.astype(np.int64)
    p_key = (p_seg << 32) + pieces["start_position"].to_numpy(dtype=np.int64)
    order = np.argsort(p_key, kind="stable")
    p_key, p_seg = p_key[order], p_seg[order]
    p_end = pieces["end_position"].to_numpy(dtype=np.int64)[order]
    p_uce = pieces["uce"].to_numpy(dtype=np.int64)[order]
    seg = np.append(codes.get_indexer(segment_ids), -1)[t_seg].astype(np.int64)
    if not len(p_key):
        return np.full(len(seg), -1, dtype=np.int32)
    # one array of a token's length alive at a time besides its segment and position
    at = np.searchsorted(p_key, (seg << 32) + np.asarray(t_pos, dtype=np.int64),
                         side="right") - 1
    inside = at >= 0
    np.clip(at, 0, len(p_key) - 1, out=at)
    inside &= (seg >= 0) & (p_seg[at] == seg)
    del seg
    inside &= np.asarray(t_pos) < p_end[at]
    return np.where(inside, p_uce[at], -1).astype(np.int32)


def _uce_matrix(tokens: pd.DataFrame, uce: pd.DataFrame, pieces: pd.DataFrame, *,
                min_df: int, pos: Sequence[str] | None, forms: Sequence[str] | None
                ) -> tuple[sparse.csr_matrix, pd.Index]:
    """Binary text segment x active term matrix (terms in >= ``min_df`` text segments).

    Worked out on codes: the counted tokens are selected once, and only their segment ids
    and terms are read (as codes of the distinct values); no column of the token table is
    copied whole, no string is made per token."""
    require_columns(tokens, "tokens", ["term", "pos", "term_len"])
    keep = np.flatnonzero(counted_tokens(tokens, forms, pos))
    t_seg, segment_ids = str_codes(tokens["segment_id"].iloc[keep], sort=False)
    t_pos = tokens["position"].to_numpy()[keep]
    rows = _piece_of_tokens(t_seg, t_pos, segment_ids, pieces)
    del t_seg, t_pos
    t_term, names = str_codes(tokens["term"].iloc[keep], sort=True)
    x, terms = count_matrix(rows, t_term, names, len(uce), binary=True, min_df=min_df)
    return x.astype(np.float64), terms


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
    for a double classification, whose first simple classification is ``first``);
    ``stop`` / ``stop_reason`` (why it stopped: code and values, the English text) and
    ``stop_message`` (the French text a reader sees).
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
    def stop(self) -> tuple[str, dict]:
        """Why the classification stopped: its code (``reinert.stop.*``) and values."""
        return str(self.estimator.stop_code_), dict(self.estimator.stop_params_)

    @property
    def stop_message(self) -> str:
        """Why the classification stopped, in French (:mod:`insights.messages_fr`); for a
        double classification, the early stops of its simple classifications follow."""
        est = self.estimator
        parts = [fr(est.stop_code_, **est.stop_params_)]
        for simple in (getattr(est, "first_", None), getattr(est, "second_", None)):
            if simple is not None and simple.stop_code_ != "reinert.stop.reached":
                parts.append(fr(simple.stop_code_, **simple.stop_params_))
        return " ; ".join(parts)

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
        return metadata_profiles(self.text_segments, self.estimator.labels_, self.metadata)

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

    @renamed(n="n_terms")
    def top_terms(self, cls: int, *, n_terms: int = 10, alpha: float = 0.05) -> list[str]:
        """The ``n_terms`` terms most over-represented in class ``cls`` (positive chi2,
        p < ``alpha``; :func:`insights.reinert.class_top_terms`)."""
        return class_top_terms(self.profiles, n_terms=n_terms, alpha=alpha).get(int(cls), [])

    @renamed(n="n_terms")
    def class_label(self, cls: int, *, n_terms: int = 3) -> str:
        """French label of a class, e.g. ``"classe 3 : accueil · habitant · lieu"``
        (:mod:`insights.messages_fr`, codes ``reinert.class_label`` / ``reinert.class``)."""
        terms = self.top_terms(cls, n_terms=n_terms)
        if not terms:
            return fr("reinert.class", cls=int(cls))
        return fr("reinert.class_label", cls=int(cls), terms=" · ".join(terms))

    @renamed(top_n="n_terms")
    def theme_result(self, *, n_terms: int = 10) -> ThemeResult:
        """Classes as themes (``reinert-<class>``) with assignments at the source-segment level:
        the weight of (segment, class) is the share of the segment's text segments in the class
        (a text segment merged from several source segments counts for each of them)."""
        check_int("n_terms", n_terms, 1)
        classes = self._classes()
        themes = pd.DataFrame({
            "theme": [f"reinert-{c}" for c in classes],
            "label": [self.class_label(c) for c in classes],
            "method": "reinert",
            "top_terms": [self.top_terms(c, n_terms=n_terms) for c in classes],
        }, columns=["theme", "label", "method", "top_terms"])
        return ThemeResult(themes, self._assignments())

    def _assignments(self) -> pd.DataFrame:
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
        return counts[["segment_id", "theme", "method", "weight"]].reset_index(drop=True)

    def characteristic_segments(self, n: int = 5, *, alpha: float = 0.05) -> pd.DataFrame:
        """The ``n`` most characteristic text segments of each class: score = sum of the chi2 of
        the class's over-represented terms (chi2 > 0, p < ``alpha``) present in the segment, as
        IRaMuTeQ ranks them. Columns ``class, rank, uce_id, segment_id, score, text``."""
        n = check_int("n", n, 1)
        alpha = check_float("alpha", alpha, 0.0, 1.0)
        lab = self.estimator.labels_
        p = self.profiles
        p = p.loc[(p["chi2"] > 0) & (p["p_value"] < alpha)]
        frames = []
        for cls in self._classes():
            mine = p.loc[p["class"] == cls]
            w = np.zeros(len(self.terms))
            w[self.terms.get_indexer(mine["term"])] = mine["chi2"].to_numpy()
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
    min_segment_size=10)``, the report's; cloned, never modified) is fitted on it with
    ``groups`` = the ``segments`` column naming what may be merged, by ``merge_short`` and by
    the estimator's units (``text_id``: one text, each segment being its own text when the
    table has no such column; ``segment_id``: one source segment).
    Returns a :class:`ReinertClassification`. Raises ``InvalidArgumentError`` for bad
    arguments, ``InsightsError`` when there is too little text to classify.
    """
    est = Reinert(8, min_segment_size=10) if estimator is None else estimator
    if not isinstance(est, (Reinert, ReinertDouble)):
        raise bad_value("estimator", type(est).__name__, "a Reinert or ReinertDouble")
    if not isinstance(groups, str) or groups not in set(segments.columns) | {"text_id"}:
        raise bad_value("groups", groups, sorted(set(segments.columns)))
    uce, pieces = build_uces(tokens, segments, segment_size=segment_size,
                             segment_size_window=segment_size_window,
                             merge_short=merge_short, min_words=min_words, groups=groups)
    release_memory()
    check_int("min_df", min_df, 1)
    x, terms = _uce_matrix(tokens, uce, pieces, min_df=min_df, pos=pos, forms=forms)
    release_memory()
    group_of = texts_of(segments, groups).loc[uce["segment_id"].astype(str)].to_numpy()
    fitted = clone(est).fit(x, groups=group_of)
    units = fitted.units_ if isinstance(fitted, Reinert) else fitted.first_.units_
    return ReinertClassification(fitted, uce.assign(uc=units), x, terms, tuple(metadata))


def reinert_themes(tokens: pd.DataFrame, segments: pd.DataFrame, **options) -> ThemeResult:
    """The classes of :func:`reinert_classification` (``options`` go to it) as themes:
    ``ThemeResult`` with method ``reinert``."""
    return reinert_classification(tokens, segments, **options).theme_result()
