"""Verbatim quotes for each theme: representative, and diverse (people, sessions, words)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from insights.errors import check_int, require_columns
from insights.schema import QUOTE_COLUMNS
from insights.text import fold
from insights.themes.codebook import norm_words
from insights.themes.results import Results, themes_and_assignments

__all__ = ["select_quotes"]

_WORD = re.compile(r"\w+")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(fold(text)) if len(w) > 3)


def _cut(text: str, max_chars: int) -> str:
    text = text.strip()
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut} […]"


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


@dataclass
class _Segments:
    """The segments as plain dicts (one look-up per candidate and step, never a DataFrame
    access). Nothing else is kept per segment: the words of a text are computed for the
    theme at hand and dropped with it (a cache of every segment's word sets held about
    3 kB a segment, over a gigabyte on the 429k answers of the Grand Débat sample)."""

    texts: dict[str, str]
    speaker_of: dict[str, str]
    session_of: dict[str, str]

    @classmethod
    def of(cls, segments: pd.DataFrame) -> _Segments:
        ids = segments["segment_id"].astype(str).tolist()
        return cls(dict(zip(ids, segments["text"].fillna("").astype(str).tolist())),
                   dict(zip(ids, ["" if pd.isna(x) else str(x or "")
                                  for x in segments["speaker"].tolist()])),
                   dict(zip(ids, segments["session"].astype(str).tolist())))


def _relevance(weight: pd.Series, top_terms: object, segs: _Segments
               ) -> tuple[dict[str, float], dict[str, int]]:
    """``0.7 * weight + 0.3 * coverage`` of each candidate (see ``select_quotes``), and its
    number of words."""
    top = top_terms.split(";") if isinstance(top_terms, str) else top_terms
    top_words = [set(norm_words(list(_WORD.findall(t)))) for t in list(top)[:5]]
    relevance, n_words = {}, {}
    for sid, w in weight.items():
        words = _WORD.findall(segs.texts[sid])
        found = set(norm_words(words))
        n_words[sid] = len(words)
        cover = (np.mean([tw <= found for tw in top_words if tw]) if any(top_words) else 0.0)
        relevance[sid] = 0.7 * float(w) + 0.3 * float(cover)
    return relevance, n_words


@dataclass(frozen=True)
class _Diversity:
    """How ``select_quotes`` keeps quotes apart (its arguments of the same names)."""

    max_similarity: float
    redundancy: float
    same_speaker_penalty: float
    same_session_penalty: float


def _pick(relevance: dict[str, float], n_words: dict[str, int], n: int, min_words: int,
          segs: _Segments, rule: _Diversity) -> list[str]:
    """Greedy MMR-like choice of up to ``n`` candidates: those of ``min_words`` words or
    more, else the shorter ones (see ``select_quotes``).

    A candidate's score is its relevance minus non-negative terms, so one whose relevance
    cannot beat the best score of the step is passed over without computing its
    similarities: the same choice as scoring every candidate, with the word sets of only
    the candidates that could win."""
    long_enough = [s for s in sorted(relevance) if n_words[s] >= min_words]
    pools = [long_enough, [s for s in sorted(relevance) if n_words[s] < min_words]]
    bounded = min(rule.redundancy, rule.same_speaker_penalty, rule.same_session_penalty) >= 0
    words: dict[str, frozenset[str]] = {}

    def word_set(sid: str) -> frozenset[str]:
        if sid not in words:
            words[sid] = _word_set(segs.texts[sid])
        return words[sid]

    kept: list[str] = []
    speakers: set[str] = set()
    sessions: set[str] = set()
    for pool in pools:
        candidates = list(pool)
        while candidates and len(kept) < n:
            best, best_score = None, -np.inf
            for sid in candidates:
                if bounded and relevance[sid] <= best_score + 1e-12:
                    continue  # its score is at most its relevance: it cannot be kept
                sims = [_jaccard(word_set(sid), word_set(k)) for k in kept]
                if sims and max(sims) > rule.max_similarity:
                    continue
                score = relevance[sid] - rule.redundancy * (max(sims) if sims else 0.0)
                speaker = segs.speaker_of[sid]
                if speaker and speaker in speakers:
                    score -= rule.same_speaker_penalty
                if segs.session_of[sid] in sessions:
                    score -= rule.same_session_penalty
                if score > best_score + 1e-12:
                    best, best_score = sid, score
            if best is None:
                break
            kept.append(best)
            candidates.remove(best)
            if segs.speaker_of[best]:
                speakers.add(segs.speaker_of[best])
            sessions.add(segs.session_of[best])
        if kept:
            break
    return kept


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
    n = check_int("n", n, 1)
    max_chars = check_int("max_chars", max_chars, 20)
    require_columns(segments, "segments", ["segment_id", "session", "speaker", "text"])
    rule = _Diversity(max_similarity, redundancy, same_speaker_penalty, same_session_penalty)
    themes, assignments = themes_and_assignments(results)
    segs = _Segments.of(segments)
    assignments = assignments.assign(segment_id=assignments["segment_id"].astype(str),
                                     theme=assignments["theme"].astype(str))
    by_theme = {key: part for key, part in assignments.groupby(["theme", "method"], sort=False)}
    rows = []
    for _, th in themes.iterrows():
        a = by_theme.get((str(th["theme"]), th["method"]))
        if a is None:
            continue
        weight = a[a["segment_id"].isin(segs.texts.keys())].groupby("segment_id")["weight"].max()
        if weight.empty:
            continue
        relevance, n_words = _relevance(weight, th["top_terms"], segs)
        kept = _pick(relevance, n_words, n, min_words, segs, rule)
        rows += [{"theme": th["theme"], "method": th["method"], "rank": rank,
                  "segment_id": sid, "session": segs.session_of[sid],
                  "speaker": segs.speaker_of[sid], "text": _cut(segs.texts[sid], max_chars)}
                 for rank, sid in enumerate(kept, start=1)]
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)
