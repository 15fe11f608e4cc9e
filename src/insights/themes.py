"""Themes: deductive (codebook), and how themes of any method recur across the day.

The inductive methods live in their own modules and are re-exported here: NMF
(:mod:`insights.nmf`) and the Reinert classification (:mod:`insights.reinert_event`).

Every theme method returns ``schema.ThemeResult(themes, assignments)``; the summary functions
take one ``ThemeResult`` or a list of them (several methods side by side) plus the ingest's
``segments`` (and ``sessions``) tables.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from insights.errors import InvalidArgumentError, bad_value, require_columns
from insights.nmf import NMFThemes, _empty_assignments, choose_n_themes, nmf_themes
from insights.schema import ASSIGNMENT_COLUMNS, QUOTE_COLUMNS, THEME_COLUMNS, ThemeResult
from insights.sessions import session_order, value_order
from insights.text import fold

__all__ = [
    "NMFThemes", "choose_n_themes", "nmf_themes", "codebook_themes", "codebook_counts",
    "code_cooccurrence", "theme_by_session", "theme_shares", "theme_summary",
    "select_quotes",
]

Results = ThemeResult | Sequence[ThemeResult]

# ----------------------------------------------------------------------------------------------
# shared helpers


def _as_results(results: Results) -> list[ThemeResult]:
    if isinstance(results, ThemeResult):
        return [results]
    if isinstance(results, Sequence) and all(isinstance(r, ThemeResult) for r in results):
        return list(results)
    raise bad_value("results", type(results).__name__, "a ThemeResult or a list of ThemeResult")


def _themes_and_assignments(results: Results) -> tuple[pd.DataFrame, pd.DataFrame]:
    res = _as_results(results)
    themes = pd.concat(
        [pd.DataFrame(columns=["theme", "label", "method", "top_terms"])]
        + [r.themes[["theme", "label", "method", "top_terms"]] for r in res], ignore_index=True)
    assignments = pd.concat([_empty_assignments()] + [r.assignments for r in res],
                            ignore_index=True)
    themes["theme"] = themes["theme"].astype(str)
    if themes.duplicated(["method", "theme"]).any():
        dup = themes.loc[themes.duplicated(["method", "theme"]), ["method", "theme"]]
        raise bad_value("results", dup.to_records(index=False).tolist(),
                        "results whose (method, theme) pairs are unique")
    return themes, assignments


# ----------------------------------------------------------------------------------------------
# codebook themes


_SPLIT = re.compile(r"[\s\-‐‑–'’]+")


def _norm_words(words: Sequence[str]) -> list[str]:
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
                "'terms', a non-empty list of non-empty strings, and an optional 'label'"
            )
        clean[str(key)] = {"label": str(entry.get("label") or key), "terms": list(terms)}
    return clean


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
    patterns: dict[str, list[tuple[list[str], list[str]]]] = {}
    for key, entry in book.items():
        pats = []
        for term in entry["terms"]:
            pairs = term_tokens[term]
            lemmas = _norm_words([lemma or text for lemma, text in pairs])
            words = _norm_words([text for _, text in pairs])
            pats.append((lemmas, words))
        patterns[key] = pats
    ids = set(segments["segment_id"].astype(str)) if "segment_id" in segments else None
    tok = tokens[["segment_id", "position", "text", "lemma"]].copy()
    tok["segment_id"] = tok["segment_id"].astype(str)
    tok = tok.sort_values(["segment_id", "position"], kind="mergesort")
    cache: dict[str, str] = {}

    def norm(value: object) -> str:
        key = "" if pd.isna(value) else str(value)
        if key not in cache:
            cache[key] = " ".join(_norm_words([key]))
        return cache[key]

    tok["l"] = [norm(v) for v in tok["lemma"].tolist()]
    tok["w"] = [norm(v) for v in tok["text"].tolist()]
    needles = {key: [(f" {' '.join(lp)} ", f" {' '.join(wp)} ") for lp, wp in pats if lp or wp]
               for key, pats in patterns.items()}
    rows = []
    for seg_id, group in tok.groupby("segment_id", sort=True):
        if ids is not None and seg_id not in ids:
            continue
        lemmas = " " + " ".join(x for x in group["l"] if x) + " "
        words = " " + " ".join(x for x in group["w"] if x) + " "
        for key, pats in needles.items():
            if any((lp.strip() and lp in lemmas) or (wp.strip() and wp in words)
                   for lp, wp in pats):
                rows.append((seg_id, key))
    themes = pd.DataFrame(
        {
            "theme": list(book),
            "label": [e["label"] for e in book.values()],
            "method": "codebook",
            "top_terms": [list(e["terms"]) for e in book.values()],
        }
    )
    if not rows:
        return ThemeResult(themes, _empty_assignments())
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


# ----------------------------------------------------------------------------------------------
# recurrence across the day


def _share_table(results: Results, segments: pd.DataFrame, by: str,
                 values: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(themes, counts): counts = theme x value number of segments; plus size per value."""
    themes, assignments = _themes_and_assignments(results)
    seg = segments[["segment_id", by]].astype(str)
    a = assignments[["segment_id", "theme", "method"]].astype(str).drop_duplicates()
    a = a.merge(seg, on="segment_id", how="inner")
    a = a[a[by].isin(values)]
    key = pd.MultiIndex.from_frame(themes[["method", "theme"]])
    counts = (a.groupby(["method", "theme", by]).size().unstack(by)
              .reindex(index=key, columns=values).fillna(0).astype("int64"))
    return themes, counts


def _shares(counts: pd.DataFrame, segments: pd.DataFrame, by: str, values: list[str],
            themes: pd.DataFrame) -> pd.DataFrame:
    sizes = segments[by].astype(str).value_counts().reindex(values, fill_value=0)
    shares = counts.div(sizes.replace(0, np.nan), axis=1).fillna(0.0).round(4) + 0.0
    out = pd.DataFrame({"theme": themes["theme"].to_numpy(), "method": themes["method"].to_numpy()})
    for v in values:
        out[v] = shares[v].to_numpy()
    return out


def theme_by_session(results: Results, segments: pd.DataFrame,
                     sessions: pd.DataFrame) -> pd.DataFrame:
    """Share of each session's segments that carry each theme.

    Returns columns ``theme``, ``method``, then one column per session id in programme order
    (``sessions["order"]``), each the number of that session's segments carrying the theme
    over the session's number of segments (0 for a session without segments), rounded to 4
    decimals; one row per theme, in the order of ``results``.
    """
    require_columns(segments, "segments", ["segment_id", "session"])
    values = session_order(sessions)
    themes, counts = _share_table(results, segments, "session", values)
    return _shares(counts, segments, "session", values, themes)


def theme_shares(results: Results, segments: pd.DataFrame, *, by: str = "profile") -> pd.DataFrame:
    """Like ``theme_by_session`` for any segment column ``by``: columns ``theme``, ``method``,
    then one per non-empty value of ``by`` (sorted; sessions by start time). Raises
    ``InvalidArgumentError`` if ``by`` is not a column of ``segments``."""
    if by not in segments.columns:
        raise bad_value("by", by, sorted(segments.columns))
    values = value_order(segments, by)
    themes, counts = _share_table(results, segments, by, values)
    return _shares(counts, segments, by, values, themes)


def _recurrence(shares: pd.Series, titles: Mapping[str, str], *,
                peak_ratio: float) -> tuple[str, str]:
    if shares.sum() <= 0:
        return "absent", ""
    threshold = peak_ratio * float(shares.median())
    ranked = shares.sort_values(ascending=False, kind="mergesort")
    peaks = [str(s) for s, v in ranked.items() if v > 0 and v >= threshold]
    if len(peaks) == 1:
        return f"pic\u00a0: {titles.get(peaks[0], peaks[0])}", peaks[0]
    if 1 < len(peaks) <= len(shares) // 2:
        return "concentré\u00a0: " + ", ".join(titles.get(p, p) for p in peaks), peaks[0]
    return "récurrent sur la journée", ""


def theme_summary(
    results: Results,
    segments: pd.DataFrame,
    sessions: pd.DataFrame,
    *,
    peak_ratio: float = 2.0,
) -> pd.DataFrame:
    """One row per theme: the contract's ``themes.csv`` columns plus how it recurs in the day.

    Columns: ``theme``, ``label``, ``method``, ``top_terms`` (";"-joined), ``segments``
    (segments carrying it), ``share`` (of all segments, 4 decimals), ``sessions`` (sessions
    where it appears), ``recurrence``, ``peak_session``.

    Recurrence rule, on the theme's per-session shares (``theme_by_session``) over the
    sessions that have segments: its *peak sessions* are those whose share is above 0 and at
    least ``peak_ratio`` times the median share of all these sessions. One peak session:
    "pic : <titre de la séquence>" (``peak_session`` = its id); two or more, but at most half
    of the sessions: "concentré : <titre>, <titre>" (by decreasing share; ``peak_session`` =
    the first); otherwise "récurrent sur la journée" (``peak_session`` empty). A theme no
    segment carries: "absent". (The space before ":" is a no-break space, U+00A0.)
    """
    by_session = theme_by_session(results, segments, sessions)
    themes, assignments = _themes_and_assignments(results)
    order = session_order(sessions)
    present = segments["session"].astype(str).value_counts()
    active = [s for s in order if present.get(s, 0) > 0]
    titles = {}
    if "title" in sessions.columns:
        titles = dict(zip(sessions["session"].astype(str), sessions["title"].astype(str)))
    n_total = len(segments)
    known = set(segments["segment_id"].astype(str))
    a = assignments[["segment_id", "theme", "method"]].astype(str).drop_duplicates()
    a = a[a["segment_id"].isin(known)]
    n_seg = a.groupby(["method", "theme"]).size()
    rows = []
    for i, th in themes.iterrows():
        shares = by_session.loc[i, active].astype(float)
        recurrence, peak = _recurrence(shares, titles, peak_ratio=peak_ratio)
        count = int(n_seg.get((th["method"], th["theme"]), 0))
        top_terms = th["top_terms"]
        rows.append({
            "theme": th["theme"],
            "label": th["label"],
            "method": th["method"],
            "top_terms": ";".join(top_terms) if not isinstance(top_terms, str) else top_terms,
            "segments": count,
            "share": round(count / n_total, 4) + 0.0 if n_total else 0.0,
            "sessions": int((shares > 0).sum()),
            "recurrence": recurrence,
            "peak_session": peak,
        })
    return pd.DataFrame(rows, columns=THEME_COLUMNS + ["recurrence", "peak_session"])


# ----------------------------------------------------------------------------------------------
# quotes

_WORD = re.compile(r"\w+")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(fold(text)) if len(w) > 3)


def _cut(text: str, max_chars: int) -> str:
    text = text.strip()
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut} […]"


def select_quotes(
    results: Results,
    segments: pd.DataFrame,
    *,
    n: int = 5,
    max_chars: int = 600,
    min_words: int = 6,
    max_similarity: float = 0.6,
    redundancy: float = 0.5,
    same_speaker_penalty: float = 0.15,
    same_session_penalty: float = 0.1,
) -> pd.DataFrame:
    """Up to ``n`` verbatim quotes per theme, representative and diverse.

    Candidates are the segments carrying the theme, with at least ``min_words`` words (shorter
    ones only if nothing else is left). Relevance is ``0.7 * weight + 0.3 * coverage``, where
    coverage is the share of the theme's first five ``top_terms`` whose words appear in the
    text. Greedy MMR-like re-ranking: at each step the candidate maximising relevance minus
    ``redundancy`` x its highest word Jaccard with the quotes already kept, minus
    ``same_speaker_penalty`` if its (non-empty) speaker is already quoted and
    ``same_session_penalty`` if its session is, is kept; candidates whose Jaccard with a kept
    quote exceeds ``max_similarity`` (near-duplicates) are skipped. Ties: segment id.
    Texts longer than ``max_chars`` are cut at a word boundary and marked " […]".

    Returns the contract's quote columns ``theme, method, rank, segment_id, session, speaker,
    text``, themes in the order of ``results``, rank from 1.
    """
    if not isinstance(n, int | np.integer) or n < 1:
        raise bad_value("n", n, "an integer >= 1")
    if not isinstance(max_chars, int | np.integer) or max_chars < 20:
        raise bad_value("max_chars", max_chars, "an integer >= 20")
    require_columns(segments, "segments", ["segment_id", "session", "speaker", "text"])
    themes, assignments = _themes_and_assignments(results)
    ids = segments["segment_id"].astype(str).tolist()
    texts = dict(zip(ids, segments["text"].fillna("").astype(str).tolist()))
    # plain dicts: one look-up per candidate and step, never a DataFrame access
    speaker_of = dict(zip(ids, ["" if pd.isna(x) else str(x or "")
                                for x in segments["speaker"].tolist()]))
    session_of = dict(zip(ids, segments["session"].astype(str).tolist()))
    words: dict[str, frozenset[str]] = {}
    n_words: dict[str, int] = {}
    stems: dict[str, set[str]] = {}  # computed once per segment, whatever its themes

    def stems_of(sid: str) -> set[str]:
        if sid not in stems:
            found = _WORD.findall(texts[sid])
            stems[sid] = set(_norm_words(found))
            n_words[sid] = len(found)
            words[sid] = _word_set(texts[sid])
        return stems[sid]

    rows = []
    assignments = assignments.assign(segment_id=assignments["segment_id"].astype(str),
                                     theme=assignments["theme"].astype(str))
    by_theme = {key: part for key, part in assignments.groupby(["theme", "method"], sort=False)}
    for _, th in themes.iterrows():
        a = by_theme.get((str(th["theme"]), th["method"]))
        if a is None:
            continue
        a = a[a["segment_id"].isin(texts.keys())]
        weight = a.groupby("segment_id")["weight"].max()
        if weight.empty:
            continue
        top = th["top_terms"]
        top = top.split(";") if isinstance(top, str) else top
        top_words = [set(_norm_words([w for w in _WORD.findall(t)])) for t in list(top)[:5]]
        relevance = {}
        for sid, w in weight.items():
            found = stems_of(sid)
            cover = (np.mean([tw <= found for tw in top_words if tw]) if any(top_words) else 0.0)
            relevance[sid] = 0.7 * float(w) + 0.3 * float(cover)
        long_enough = [s for s in sorted(relevance) if n_words[s] >= min_words]
        pools = [long_enough, [s for s in sorted(relevance) if n_words[s] < min_words]]
        kept: list[str] = []
        speakers: set[str] = set()
        sessions: set[str] = set()
        for pool in pools:
            candidates = list(pool)
            while candidates and len(kept) < n:
                best, best_score = None, -np.inf
                for sid in candidates:
                    sims = [_jaccard(words[sid], words[k]) for k in kept]
                    if sims and max(sims) > max_similarity:
                        continue
                    score = relevance[sid] - redundancy * (max(sims) if sims else 0.0)
                    speaker = speaker_of[sid]
                    if speaker and speaker in speakers:
                        score -= same_speaker_penalty
                    if session_of[sid] in sessions:
                        score -= same_session_penalty
                    if score > best_score + 1e-12:
                        best, best_score = sid, score
                if best is None:
                    break
                kept.append(best)
                candidates.remove(best)
                if speaker_of[best]:
                    speakers.add(speaker_of[best])
                sessions.add(session_of[best])
            if kept:
                break
        for rank, sid in enumerate(kept, start=1):
            rows.append({
                "theme": th["theme"], "method": th["method"], "rank": rank, "segment_id": sid,
                "session": session_of[sid],
                "speaker": speaker_of[sid],
                "text": _cut(texts[sid], int(max_chars)),
            })
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)
