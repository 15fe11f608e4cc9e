"""The three files at the root of an event folder: ``event.yaml`` (the programme, required),
``participants.csv`` (who was there: personal data) and ``codebook.yaml`` (themes defined in
advance), each read and checked. A bad file raises :class:`~insights.readers.ReaderError`
whose ``code`` (``skip.*``) and ``params`` say what is wrong in French
(:func:`insights.messages_fr.fr_ingest`).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pandas as pd

from insights.config import check_settings
from insights.errors import InvalidArgumentError
from insights.forms import normalise_supplementary, normalise_words
from insights.readers import DEFAULT_LIMITS, Limits, ReaderError, read_text
from insights.readers.postits import read_table
from insights.readers.safety import load_yaml

EVENT_FILE = "event.yaml"
PARTICIPANTS_FILE = "participants.csv"
CODEBOOK_FILE = "codebook.yaml"
ROOT_FILES = (EVENT_FILE, PARTICIPANTS_FILE, CODEBOOK_FILE)
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _load_yaml(path: Path, limits: Limits = DEFAULT_LIMITS,
               notes: list[str] | None = None) -> tuple[object, str]:
    text, encoding, _ = read_text(path, limits=limits, notes=notes)
    return load_yaml(text, limits=limits), encoding


def as_text(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def read_event_yaml(path: Path, *, limits: Limits = DEFAULT_LIMITS,
                    notes: list[str] | None = None) -> tuple[dict, pd.DataFrame, list[str]]:
    """Read and check ``event.yaml``: ``(meta, sessions, stopwords)``.

    ``meta`` holds every top-level key but ``sessions`` and ``stopwords`` (dates as ISO
    strings; ``supplementary`` and ``active`` checked and normalised by
    :mod:`insights.forms`); ``sessions`` has columns ``session``, ``title``, ``start``, ``order``.
    Raises :class:`ReaderError` naming the first problem (missing key, bad ``start``, duplicate
    session id, YAML alias or size past ``limits``, ...); reading warnings go to ``notes``.
    """
    data, _ = _load_yaml(path, limits, notes)
    if not isinstance(data, dict):
        raise ReaderError("expected a mapping with keys id, title, date, sessions",
                          code="skip.event_not_mapping")
    missing = [k for k in ("id", "title", "date", "sessions") if k not in data or data[k] in (None, "")]
    if missing:
        raise ReaderError(
            f"missing required key(s): {', '.join(missing)} (required: id, title, date, sessions)",
            code="skip.event_keys", missing=missing)
    frame = _sessions_frame(data["sessions"])
    stopwords = data.get("stopwords") or []
    if not isinstance(stopwords, list) or not all(isinstance(w, str) for w in stopwords):
        raise ReaderError("'stopwords' must be a list of words", code="skip.event_stopwords")
    meta = {str(k): (as_text(v) if not isinstance(v, (list, dict)) else v)
            for k, v in data.items() if k not in ("sessions", "stopwords")}
    try:  # the event's own supplementary / active forms, when given
        if "supplementary" in data:
            meta["supplementary"] = normalise_supplementary(data["supplementary"])
        if "active" in data:
            meta["active"] = normalise_words(data["active"], name="active")
    except InvalidArgumentError as exc:
        raise ReaderError(str(exc).replace("invalid value for", "invalid key"),
                          code="skip.event_forms", key=str(exc.params.get("name", ""))) from None
    if "analysis" in data:  # the event's own analysis settings (insights.config)
        try:
            meta["analysis"] = check_settings(data["analysis"])
        except InvalidArgumentError as exc:
            raise ReaderError(str(exc).replace("invalid value for", "invalid key"),
                              code="skip.event_analysis",
                              key=str(exc.params.get("name", ""))) from None
    return meta, frame, [w.strip() for w in stopwords if w.strip()]


def _sessions_frame(sessions: object) -> pd.DataFrame:
    """The ``sessions`` of ``event.yaml`` checked, as the table of :func:`read_event_yaml`."""
    if not isinstance(sessions, list) or not sessions:
        raise ReaderError("'sessions' must be a non-empty list of {id, start, title}",
                          code="skip.event_sessions")
    rows = []
    for i, item in enumerate(sessions, start=1):
        if not isinstance(item, dict):
            raise ReaderError(f"session #{i} must be a mapping with keys id, start, title",
                              code="skip.session_not_mapping", n=i)
        lacking = [k for k in ("id", "start", "title") if as_text(item.get(k)) == ""]
        if lacking:
            raise ReaderError(f"session #{i} lacks required key(s): {', '.join(lacking)}",
                              code="skip.session_keys", n=i, missing=lacking)
        start = item["start"]
        if isinstance(start, int) and not isinstance(start, bool):  # YAML 1.1 reads 09:30 as 570
            start = f"{start // 60:02d}:{start % 60:02d}"
        start = as_text(start)
        if not _TIME.match(start):
            raise ReaderError(
                f"session {as_text(item['id'])!r}: start {start!r} is not a time \"HH:MM\"",
                code="skip.session_start", session=as_text(item["id"]), start=start)
        rows.append({"session": as_text(item["id"]), "title": as_text(item["title"]),
                     "start": start, "order": i})
    ids = [r["session"] for r in rows]
    duplicated = sorted({s for s in ids if ids.count(s) > 1})
    if duplicated:
        raise ReaderError(f"duplicate session id(s): {', '.join(duplicated)}",
                          code="skip.session_duplicate", sessions=duplicated)
    frame = pd.DataFrame(rows, columns=["session", "title", "start", "order"])
    frame["order"] = frame["order"].astype("int64")
    return frame


def read_participants(path: Path, *, limits: Limits = DEFAULT_LIMITS,
                      notes: list[str] | None = None) -> tuple[pd.DataFrame, str]:
    """Read ``participants.csv`` (comma or semicolon, any detected encoding): ``(table,
    encoding)``, all columns as stripped strings. Raises :class:`ReaderError` without a
    ``name`` column or with more than ``limits.max_participants`` rows; reading warnings go
    to ``notes``."""
    text, encoding, _ = read_text(path, limits=limits, notes=notes)
    header, rows = read_table(text)
    if len(rows) > limits.max_participants:
        raise ReaderError(f"{len(rows)} rows, over the limit of {limits.max_participants} "
                          "participants: refused", code="skip.participants_rows", n=len(rows),
                          limit=limits.max_participants)
    if "name" not in header:
        found = ", ".join(repr(h) for h in header if h) or "none"
        raise ReaderError(f"no 'name' column (columns found: {found}); 'name' is required",
                          code="skip.no_column", column="name", found=[h for h in header if h])
    width = len(header)
    records = [(row + [""] * width)[:width] for _, row in rows]
    table = pd.DataFrame(records, columns=header, dtype=object).fillna("")
    table = table.apply(lambda col: col.map(lambda v: unicodedata.normalize("NFC", v.strip())))
    return table[table["name"] != ""].reset_index(drop=True), encoding


def read_codebook(path: Path, *, limits: Limits = DEFAULT_LIMITS,
                  notes: list[str] | None = None) -> tuple[dict, str]:
    """Read and check ``codebook.yaml``: ``({theme_id: {"label", "terms"}}, encoding)``.
    Raises :class:`ReaderError` on a bad structure, a YAML alias or a size past ``limits``;
    reading warnings go to ``notes``."""
    data, encoding = _load_yaml(path, limits, notes)
    themes = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(themes, dict) or not themes:
        raise ReaderError("expected a mapping 'themes: {theme_id: {label: ..., terms: [...]}}'",
                          code="skip.codebook_themes")
    out = {}
    for key, theme in themes.items():
        if not isinstance(theme, dict) or not as_text(theme.get("label")):
            raise ReaderError(f"theme {key!r} needs a 'label'", code="skip.codebook_label",
                              theme=str(key))
        terms = theme.get("terms")
        if not isinstance(terms, list) or not terms or not all(
            isinstance(t, (str, int, float)) and str(t).strip() for t in terms
        ):
            raise ReaderError(f"theme {key!r} needs 'terms', a non-empty list of words",
                              code="skip.codebook_terms", theme=str(key))
        out[str(key)] = {"label": as_text(theme["label"]), "terms": [str(t).strip() for t in terms]}
    return out, encoding


__all__ = ["CODEBOOK_FILE", "EVENT_FILE", "PARTICIPANTS_FILE", "ROOT_FILES", "as_text",
           "read_codebook", "read_event_yaml", "read_participants"]
