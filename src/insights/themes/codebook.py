"""Deductive themes: segments coded with the researchers' codebook, and counts of codes."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from insights.errors import InvalidArgumentError, bad_value, require_columns
from insights.schema import ASSIGNMENT_COLUMNS, ThemeResult
from insights.sessions import value_order
from insights.text import fold
from insights.themes.results import empty_assignments

__all__ = ["code_cooccurrence", "codebook_counts", "codebook_themes", "norm_words"]

_SPLIT = re.compile(r"[\s\-‐‑–'’]+")


def norm_words(words: Sequence[str]) -> list[str]:
    """Fold accents and case, split on hyphens/apostrophes, drop a plural final s/x."""
    out = []
    for w in words:
        for part in _SPLIT.split(fold(w)):
            if not part:
                continue
            if len(part) > 3 and part[-1] in "sx":
                part = part[:-1]
            out.append(part)
    return out


def _default_nlp() -> Any:
    from insights.annotate import load_nlp  # cached there: the one spacy.load of the library

    return load_nlp()


def _check_codebook(codebook: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    if not isinstance(codebook, Mapping) or not codebook:
        raise bad_value("codebook", codebook, "a non-empty {theme_id: {'label': str, "
                                              "'terms': [str, ...]}} mapping")
    clean = {}
    for key, entry in codebook.items():
        terms = entry.get("terms") if isinstance(entry, Mapping) else None
        if (not isinstance(terms, Sequence) or isinstance(terms, str) or not terms
                or not all(isinstance(t, str) and t.strip() for t in terms)):
            raise InvalidArgumentError(
                f"invalid value for `codebook[{key!r}]`: {entry!r}; allowed: a mapping with "
                "'terms', a non-empty list of non-empty strings, and an optional 'label'",
                code="bad_value", name=f"codebook[{key!r}]", value=entry,
                allowed="a mapping with 'terms' and an optional 'label'")
        clean[str(key)] = {"label": str(entry.get("label") or key), "terms": list(terms)}
    return clean


def _needles(book: dict[str, dict[str, Any]], term_tokens: Mapping[str, Sequence[tuple]]
             ) -> dict[str, list[tuple[str, str]]]:
    """Per theme, each term as ``(" lemma sequence ", " word sequence ")`` to look for."""
    needles = {}
    for key, entry in book.items():
        pats = []
        for term in entry["terms"]:
            pairs = term_tokens[term]
            lemmas = norm_words([lemma or text for lemma, text in pairs])
            words = norm_words([text for _, text in pairs])
            if lemmas or words:
                pats.append((f" {' '.join(lemmas)} ", f" {' '.join(words)} "))
        needles[key] = pats
    return needles


def _normalised_tokens(tokens: pd.DataFrame) -> pd.DataFrame:
    """``tokens`` in segment and position order with ``l`` / ``w``: each lemma and text
    through :func:`norm_words` (each distinct value once)."""
    tok = tokens[["segment_id", "position", "text", "lemma"]].copy()
    tok["segment_id"] = tok["segment_id"].astype(str)
    tok = tok.sort_values(["segment_id", "position"], kind="mergesort")
    cache: dict[str, str] = {}

    def norm(value: object) -> str:
        key = "" if pd.isna(value) else str(value)
        if key not in cache:
            cache[key] = " ".join(norm_words([key]))
        return cache[key]

    tok["l"] = [norm(v) for v in tok["lemma"].tolist()]
    tok["w"] = [norm(v) for v in tok["text"].tolist()]
    return tok


def codebook_themes(
    tokens: pd.DataFrame,
    segments: pd.DataFrame,
    codebook: Mapping[str, Mapping[str, Any]],
    *,
    nlp: Any = None,
    term_tokens: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> ThemeResult:
    """Deductive themes: code each segment with the codebook themes whose terms it contains.

    ``codebook``: ``{theme_id: {"label": str, "terms": [str, ...]}}`` (the event's
    ``codebook.yaml``). Each term is run through ``nlp`` (default: the library's cached French
    pipeline) and matches a segment when its lemma sequence occurs in the segment's token lemma
    sequence, or, as a fallback, its word sequence occurs in the segment's token texts. Both
    sides are compared case- and accent-insensitively, split on hyphens and apostrophes, with a
    plural final s/x dropped ("Tiers-Lieux" matches "tiers-lieu"); punctuation tokens break a
    sequence. ``tokens`` needs ``segment_id``, ``position``, ``text``, ``lemma``.

    Returns a ``ThemeResult`` with ``method="codebook"``, themes in codebook order with
    ``top_terms`` = the codebook terms, one assignment (weight 1.0) per coded segment and
    theme. ``term_tokens``: each term's tokens as ``(lemma, text)`` pairs, already computed
    (:func:`insights.annotate.term_tokens`, which keeps them in the cache): then no pipeline
    is loaded. Raises ``InvalidArgumentError`` for a malformed codebook or tokens table.
    """
    book = _check_codebook(codebook)
    require_columns(tokens, "tokens", ["segment_id", "position", "text", "lemma"])
    terms = [t for entry in book.values() for t in entry["terms"]]
    if term_tokens is None or any(t not in term_tokens for t in terms):
        from insights.annotate import term_tokens as tokens_of

        term_tokens = tokens_of(terms, nlp=nlp if nlp is not None else _default_nlp())
    needles = _needles(book, term_tokens)
    ids = set(segments["segment_id"].astype(str)) if "segment_id" in segments else None
    rows = []
    for seg_id, group in _normalised_tokens(tokens).groupby("segment_id", sort=True):
        if ids is not None and seg_id not in ids:
            continue
        lemmas = " " + " ".join(x for x in group["l"] if x) + " "
        words = " " + " ".join(x for x in group["w"] if x) + " "
        rows += [(seg_id, key) for key, pats in needles.items()
                 if any((lp.strip() and lp in lemmas) or (wp.strip() and wp in words)
                        for lp, wp in pats)]
    themes = pd.DataFrame({"theme": list(book), "label": [e["label"] for e in book.values()],
                           "method": "codebook",
                           "top_terms": [list(e["terms"]) for e in book.values()]})
    if not rows:
        return ThemeResult(themes, empty_assignments())
    order = {k: i for i, k in enumerate(book)}
    rows.sort(key=lambda r: (r[0], order[r[1]]))
    assignments = pd.DataFrame(rows, columns=["segment_id", "theme"])
    assignments["method"] = "codebook"
    assignments["weight"] = 1.0
    return ThemeResult(themes, assignments[ASSIGNMENT_COLUMNS])


def codebook_counts(result: ThemeResult, segments: pd.DataFrame, *,
                    by: str = "session") -> pd.DataFrame:
    """Number of coded segments per theme and value of the segment column ``by``.

    Returns columns ``theme``, ``label``, then one column per non-empty value of ``by``
    (sessions by start time, other values sorted), then ``total`` (all coded segments, empty
    values included); one row per theme of ``result``, in its order. Works for any
    ``ThemeResult``. Raises ``InvalidArgumentError`` if ``by`` is not a column of ``segments``.
    """
    if by not in segments.columns:
        raise bad_value("by", by, sorted(segments.columns))
    values = value_order(segments, by)
    seg = segments[["segment_id", by]].astype(str)
    a = result.assignments[["segment_id", "theme"]].drop_duplicates().astype(str)
    a = a.merge(seg, on="segment_id", how="left")
    table = pd.crosstab(a["theme"], a[by]).reindex(index=result.themes["theme"].astype(str),
                                                    columns=values, fill_value=0)
    total = a.groupby("theme").size().reindex(table.index, fill_value=0)
    out = table.reset_index(drop=True)
    out.columns = [str(c) for c in out.columns]
    out.insert(0, "theme", table.index.to_numpy())
    out.insert(1, "label", result.themes["label"].to_numpy())
    out["total"] = total.to_numpy().astype("int64")
    return out


def code_cooccurrence(result: ThemeResult) -> pd.DataFrame:
    """Theme x theme count of segments carrying both themes (diagonal: the theme's segments).

    Index and columns are the themes of ``result`` in its order.
    """
    themes = result.themes["theme"].astype(str).tolist()
    a = result.assignments[["segment_id", "theme"]].drop_duplicates().astype(str)
    if a.empty:
        return pd.DataFrame(0, index=pd.Index(themes, name="theme"), columns=themes)
    m = pd.crosstab(a["segment_id"], a["theme"]).reindex(columns=themes, fill_value=0)
    co = m.T @ m
    co.index.name = "theme"
    co.columns.name = None
    return co.astype("int64")
