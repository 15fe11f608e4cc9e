"""Shared fixtures: the spaCy pipeline is loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_EVENT = ROOT / "data" / "raw" / "rennes-2019-11-28"


@pytest.fixture(scope="session")
def nlp():
    """The French pipeline as the library loads it (cached loader)."""
    from insights.annotate import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def sample_event_dir() -> Path:
    """The bundled fictional sample event."""
    return SAMPLE_EVENT


@pytest.fixture(scope="session")
def written_report(tmp_path_factory):
    """The report of the small fixture analysis (``test_charts.make_analysis``) written once
    for every test module that reads it: ``(analysis, folder, paths)``."""
    from test_charts import make_analysis
    from test_report import as_real_analysis

    from insights import report

    analysis = as_real_analysis(make_analysis())
    folder = tmp_path_factory.mktemp("report")
    return analysis, folder, report.write_report(analysis, folder)


#: what a word of :func:`token_table` leaves unset
_UNSET = object()


def token_table(segments, *, stop=(), fillers=(), texts=None, columns=None):
    """The one token-table factory of the tests: a table in the layout of
    :func:`insights.annotate.annotate` (``schema.TOKEN_COLUMNS``; ``form`` only when a word
    gives it), built by hand, without spaCy.

    ``segments``: ``{segment_id: [word, ...]}``, in order. A word is
      * a string: its text; the lemma is its lower case, the POS ``NOUN`` and the term the
        lemma, unless it is punctuation (POS ``PUNCT``), a stop word of ``stop`` (POS ``DET``)
        or a filler of ``fillers`` (no term then). A string holding spaces is a multi-word
        term: one token per part, the first carrying the whole term and its ``term_len``;
      * a dict of the columns to set on one token (``text``, ``lemma``, ``pos``, ``term``,
        ``term_len``, ``form``, ``is_stop``, ``is_filler``, ``is_punct``); the others follow
        the rules above (``text`` defaults to the term, else the lemma).
    Offsets: the words joined by one space, or found in order in ``texts[segment_id]``.
    ``columns``: the columns to keep (default: every column built).
    """
    import pandas as pd

    stop, fillers = set(stop), set(fillers)
    rows = []
    for sid, words in segments.items():
        text, at, position = (texts or {}).get(sid), 0, 0
        for word in words:
            for token in _tokens_of(word, stop, fillers):
                if text is not None:
                    start = text.index(token["text"], at)
                else:
                    start = at + (1 if at else 0)
                at = start + len(token["text"])
                rows.append({"segment_id": sid, "position": position, "start": start,
                             "end": at, **token})
                position += 1
    if not rows:
        return pd.DataFrame(columns=columns or ["segment_id", "position", "term"])
    frame = pd.DataFrame(rows)
    frame["term"] = frame["term"].astype("string")
    if "form" in frame and frame["form"].isna().all():
        frame = frame.drop(columns="form")
    return frame[columns] if columns is not None else frame


def _tokens_of(word, stop, fillers):
    """The token rows (without segment and offsets) one word of :func:`token_table` gives."""
    if isinstance(word, str) and " " in word.strip():
        parts = word.split()
        first, *rest = [_token({"text": p, "term": None, "term_len": 0}, stop, fillers)
                        for p in parts]
        return [{**first, "term": word.lower(), "term_len": len(parts)}, *rest]
    return [_token(word if isinstance(word, dict) else {"text": word}, stop, fillers)]


def _token(given, stop, fillers):
    lemma = given.get("lemma", _UNSET)
    text = given.get("text", _UNSET)
    if text is _UNSET:
        text = given.get("term") or (lemma if isinstance(lemma, str) else "")
    if lemma is _UNSET:
        lemma = text.lower()
    punct = given.get("is_punct", bool(text) and not any(c.isalnum() for c in text))
    is_stop = given.get("is_stop", lemma in stop)
    is_filler = given.get("is_filler", lemma in fillers)
    pos = given.get("pos", "PUNCT" if punct else "DET" if is_stop else "NOUN")
    counted = not (punct or is_stop or is_filler)
    term = given.get("term", lemma if counted else None)
    return {"text": text, "lemma": lemma, "pos": pos, "is_stop": is_stop,
            "is_filler": is_filler, "is_punct": punct, "term": term,
            "term_len": given.get("term_len", 1 if term is not None else 0),
            "form": given.get("form")}
