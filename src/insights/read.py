"""Ingest: one event folder -> an :class:`Event` (programme, pseudonymised segments, report).

The folder is only ever opened for reading. Every file is checked before anything is returned:
by default any invalid file makes :func:`read_event` raise one
:class:`~insights.errors.InvalidInputError` listing every invalid file with its reason; with
``skip_invalid=True`` those files are skipped and listed in the report. :func:`write_ingest`
writes ``segments.parquet`` and ``ingest_report.json``.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from insights.clean import Pseudonymizer, forget_keys
from insights.errors import InvalidInputError
from insights.event_files import (
    CODEBOOK_FILE, EVENT_FILE, PARTICIPANTS_FILE, ROOT_FILES, read_codebook, read_event_yaml,
    read_participants,
)
from insights.event_folder import classify_folder, display_path, shown_paths
from insights.readers import (
    DEFAULT_LIMITS, Limits, RawDocument, ReaderError, read_file,
)
from insights.ingest_entries import Private, entry, error_entry, note_entry
from insights.readers.iramuteq import session_named
from insights.readers.safety import file_digest
from insights.segment_rows import ALL_SEGMENT_COLUMNS, SegmentRows, split_long, text_numbers
from insights.speakers import MENTIONED_PERSON, UNKNOWN_SPEAKER, speaker_names

_KIND = re.compile(r"^[\w·\-]+$")


@dataclass
class Event:
    """An ingested event.

    ``sessions``: columns ``session``, ``title``, ``start`` ("HH:MM"), ``order`` (1-based), in
    programme order. ``segments``: ``schema.SEGMENT_COLUMNS`` + ``category``, ``variables``, text columns as
    strings (``""`` when empty), ``line`` int. ``report``: the ``ingest_report.json`` content.
    ``codebook``: ``{theme_id: {"label": str, "terms": [str]}}`` or ``None``. ``stopwords``:
    the event's extra stop words. ``pseudonyms``: every pseudonym and mask the ingest may have
    put into the texts (never counted as words downstream). ``hashes``: SHA-256 of every file
    the ingest read (configuration files included), by its path as shown in the outputs.
    Every text, path and free-text field of ``meta`` is pseudonymised.
    ``supplementary`` (``{class: [words]}``) and ``active``: the words the event adds to /
    removes from the default supplementary forms (``event.yaml`` keys of the same names; see
    :mod:`insights.forms`).
    """

    id: str
    path: Path
    meta: dict
    sessions: pd.DataFrame
    segments: pd.DataFrame
    report: dict
    codebook: dict | None
    stopwords: list[str]
    pseudonyms: list[str] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)
    supplementary: dict[str, list[str]] = field(default_factory=dict)
    active: list[str] = field(default_factory=list)


def _block_sessions(rel: str, document: RawDocument, session_info: dict) -> list[str]:
    """Session of each block of ``document`` (its own ``session`` column, else the front
    matter's, else the first folder of ``rel``); checks sessions and kinds against the
    programme. Raises :class:`ReaderError` with the reason (an empty ``session_info`` means
    ``event.yaml`` is invalid: sessions are then not checked)."""
    folder_session = rel.split("/")[0] if "/" in rel else ""
    valid = list(session_info)
    out = []
    for block in document.blocks:
        given = session_named(block.fields.get("session") or document.meta.get("session") or "",
                              session_info)
        session = given or folder_session
        out.append(session)
        if session_info and session not in session_info:
            if given:
                line = block.fields.get("session_line") or block.line
                where = f" (line {line})" if block.fields.get("session") else ""
                raise ReaderError(
                    f"unknown session {session!r}{where}; valid session ids: {', '.join(valid)}",
                    code="skip.unknown_session_line" if where else "skip.unknown_session",
                    session=session, valid=valid, line=line)
            where = f"first folder {folder_session!r} is no session id and " if folder_session else ""
            raise ReaderError(
                f"session unknown: {where}the file names none (front matter or 'session' "
                f"column); put it under a session folder or name its session; valid session "
                f"ids: {', '.join(valid)}",
                code="skip.no_session_folder" if folder_session else "skip.no_session",
                folder=folder_session, valid=valid)
    kinds = {b.fields.get("kind", "") for b in document.blocks} | {document.meta.get("kind", "")}
    bad = sorted(k for k in kinds if k and not _KIND.match(k))
    if bad:
        raise ReaderError(f"invalid kind {bad[0]!r}: use one word such as notes, livrable, "
                          "transcription, postit", code="skip.bad_kind", kind=bad[0])
    return out


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass
class _Ingest:
    """What :func:`read_event` gathers before pseudonymising (paths as on disk). ``fatal``,
    ``problems``, ``warnings``, ``skipped`` and ``ignored`` hold report entries (:func:`entry`)."""

    folder: Path
    limits: Limits
    meta: dict = field(default_factory=dict)
    sessions: pd.DataFrame | None = None
    stopwords: list = field(default_factory=list)
    participants: pd.DataFrame = field(default_factory=lambda: pd.DataFrame({"name": []}))
    codebook: dict | None = None
    config: list = field(default_factory=list)
    fatal: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    ignored: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    hashes: dict = field(default_factory=dict)


def _read_root_files(state: _Ingest) -> None:
    """``event.yaml`` (required), ``participants.csv`` and ``codebook.yaml`` (optional); a
    symbolic link in their place is refused, never followed."""
    folder, limits = state.folder, state.limits
    readers = [(EVENT_FILE, True, read_event_yaml), (PARTICIPANTS_FILE, True, read_participants),
               (CODEBOOK_FILE, False, read_codebook)]
    for name, vital, reader in readers:
        path = folder / name
        if not os.path.lexists(path):
            if name == EVENT_FILE:
                state.fatal.append(entry(EVENT_FILE, "missing: every event folder needs an "
                                         "event.yaml", "skip.no_event_yaml"))
            continue
        notes: list[str] = []
        try:
            result = reader(path, limits=limits, notes=notes)
            state.hashes[name] = file_digest(path)
        except (ReaderError, OSError) as exc:
            (state.fatal if vital else state.problems).append(error_entry(name, exc))
            continue
        state.warnings += [note_entry(name, n) for n in notes]
        if name == EVENT_FILE:
            state.meta, state.sessions, state.stopwords = result
            state.config.append({"path": name, "role": "programme",
                                 "sessions": len(state.sessions)})
        elif name == PARTICIPANTS_FILE:
            state.participants, encoding = result
            state.config.append({"path": name, "role": "participants", "encoding": encoding,
                                 "rows": len(state.participants)})
        else:
            state.codebook, encoding = result
            state.config.append({"path": name, "role": "codebook", "encoding": encoding,
                                 "themes": len(state.codebook)})


def _read_inputs(state: _Ingest) -> None:
    """Read every input file, checking sessions; fills ``documents``, ``problems``,
    ``skipped`` and ``warnings`` (paths as on disk, relative)."""
    folder = state.folder
    inputs, state.ignored = classify_folder(folder)
    session_info = {} if state.sessions is None else {
        r.session: (r.title, r.start) for r in state.sessions.itertuples(index=False)
    }
    for file in inputs:
        rel = file.relative_to(folder).as_posix()
        if display_path(rel) != rel:
            state.warnings.append(entry(rel, "file name is not valid UTF-8: shown as read in "
                                        "Windows-1252", "warn.name_not_utf8", key="message"))
        try:
            if file.lstat().st_size == 0:
                state.skipped.append(entry(rel, "empty file", "skip.empty_file"))
                state.warnings.append(entry(rel, "empty file: skipped", "warn.empty_file",
                                            key="message"))
                continue
            document = read_file(file, limits=state.limits)
            digest = file_digest(file)
            if document.blocks:
                block_sessions = _block_sessions(rel, document, session_info)
        except (ReaderError, OSError) as exc:
            state.problems.append(error_entry(rel, exc))
            continue
        if not document.blocks:
            state.skipped.append(entry(rel, "no text", "skip.no_text"))
            state.warnings.append(entry(rel, "no text found: skipped", "warn.no_text",
                                        key="message"))
            continue
        for block in document.blocks:
            block.text, block.speaker = _nfc(block.text), _nfc(block.speaker)
            block.prefixed = _nfc(block.prefixed)
            block.fields = {k: _nfc(v) for k, v in block.fields.items()}
        document.meta = {k: _nfc(v) for k, v in document.meta.items()}
        state.documents.append((rel, document, block_sessions))
        state.hashes[rel] = digest


def read_event(path: str | Path, *, skip_invalid: bool = False,
               limits: Limits | None = None) -> Event:
    """Read the event folder ``path`` (``event.yaml``, optional ``participants.csv`` and
    ``codebook.yaml``, session folders) into an :class:`Event` with pseudonymised segments.

    Files are read in order of their relative path, segments in file order; ``segment_id`` is
    ``"<source>#<k>"``, where ``source`` is the file's path with names pseudonymised;
    ``text_id`` is the ``segment_id`` of the first segment of the segment's text (see
    :func:`text_numbers`). Symbolic
    links are never followed (listed under ``ignored``). Each file is read within ``limits``
    (default :data:`~insights.readers.safety.DEFAULT_LIMITS`): past a limit it is invalid; a
    paragraph longer than ``limits.max_segment_chars`` is split into several segments, with a
    warning. Raises :class:`~insights.errors.InvalidInputError` listing every
    invalid file (with ``skip_invalid=True`` only for a missing/invalid ``event.yaml`` or
    ``participants.csv``, without which nothing can be told or kept private); an empty file is
    skipped with a warning in both modes. Every skipped or ignored file and every warning of
    the report carries a ``code`` (and ``params``) besides its English text:
    :func:`insights.messages_fr.fr_ingest` writes it in French.
    """
    given = Path(path)
    if not given.is_dir():
        raise InvalidInputError([(display_path(str(path)), "event folder not found (expected a "
                                  "folder holding event.yaml and session folders)")])
    try:
        return _read_event(given, skip_invalid=skip_invalid, limits=limits)
    finally:
        forget_keys()  # the name matcher's word memo: memory arenas back (see forget_keys)


def _read_event(given: Path, *, skip_invalid: bool, limits: Limits | None) -> Event:
    """:func:`read_event` of the folder ``given``."""
    state = _Ingest(folder=given.resolve(), limits=limits or DEFAULT_LIMITS)
    _read_root_files(state)
    _read_inputs(state)
    if state.fatal or (state.problems and not skip_invalid):
        raise InvalidInputError(
            [(display_path(e["path"]), e["reason"]) for e in state.fatal + state.problems],
            hint=None if state.fatal else "Fix these files, or skip them with skip_invalid=True "
                                          "(command line: --skip-invalid).",
        )
    state.skipped += state.problems
    if state.codebook is None and any(e["path"] == CODEBOOK_FILE for e in state.problems):
        state.warnings.append(entry(CODEBOOK_FILE, "invalid codebook: ignored",
                                    "warn.invalid_codebook", key="message"))
    return _build_event(state, given)


def _private(value: object, engine: Pseudonymizer) -> object:
    """A free-text value of ``event.yaml`` (string, list, mapping) pseudonymised."""
    if isinstance(value, str):
        return engine(_nfc(value))
    if isinstance(value, list):
        return [_private(v, engine) for v in value]
    if isinstance(value, dict):
        return {k: _private(v, engine) for k, v in value.items()}
    return value


def _build_event(state: _Ingest, given: Path) -> Event:
    """Pseudonymise everything gathered in ``state`` and assemble the :class:`Event`."""
    engine, unknown, mentioned = speaker_names(state.documents, state.participants)
    sessions = state.sessions.copy()
    sessions["title"] = [engine(_nfc(t)) for t in sessions["title"]]
    meta = {k: (v if k == "date" else engine.file_name(v) if k == "id" else _private(v, engine))
            for k, v in state.meta.items()}
    codebook = None if state.codebook is None else {
        k: {**v, "label": engine(_nfc(v["label"]))} for k, v in state.codebook.items()}
    rels = [r for r, _, _ in state.documents] + [d["path"] for d in state.skipped + state.ignored]
    rels += [w["path"] for w in state.warnings]
    shown = shown_paths(rels, engine, keep=sessions["session"].tolist())
    shown.update({name: name for name in ROOT_FILES})
    private = Private(engine, shown)
    builder = SegmentRows(engine, unknown, sessions, meta.get("id", ""),
                          state.limits.max_segment_chars)
    for rel, document, block_sessions in state.documents:
        builder.add(rel, shown[rel], document, block_sessions, private)
    warnings = [private.entry(w) for w in state.warnings]
    warnings += [note_entry(PARTICIPANTS_FILE, w) for w in engine.warnings] + builder.warnings
    segments = builder.frame()
    if state.meta.get("id") and state.meta["id"] != given.name:
        warnings.append(entry(EVENT_FILE, "event id differs from the folder name",
                              "warn.event_id", key="message"))
    report = {
        "event": meta.get("id", ""),
        "config": state.config,
        "read": builder.read,
        "skipped": sorted((private.entry(d) for d in state.skipped), key=lambda d: d["path"]),
        "ignored": sorted((private.entry(d) for d in state.ignored), key=lambda d: d["path"]),
        "warnings": warnings,
        "pseudonymisation": _pseudonymisation(state, segments, unknown, mentioned),
    }
    report["totals"] = _totals(report, segments, sessions["session"].tolist())
    return Event(
        id=meta.get("id") or engine.file_name(display_path(given.name)), path=given, meta=meta,
        sessions=sessions, segments=segments, report=report, codebook=codebook,
        stopwords=state.stopwords, pseudonyms=engine.replacements,
        hashes={shown.get(k, k): v for k, v in sorted(state.hashes.items())},
        supplementary=meta.get("supplementary", {}), active=meta.get("active", []),
    )


def _pseudonymisation(state: _Ingest, segments: pd.DataFrame, unknown: dict,
                      mentioned: dict) -> dict:
    speakers = segments.loc[segments["speaker"] != "", "speaker"]
    return {
        "participants": int(len(state.participants)),
        "speakers_identified": int(speakers[~speakers.str.startswith(UNKNOWN_SPEAKER)].nunique()),
        "speakers_unknown": len(unknown),
        "people_mentioned_unknown": len(mentioned),
    }


def _totals(report: dict, segments: pd.DataFrame, session_ids: list[str]) -> dict:
    return {
        "files_read": len(report["read"]), "files_skipped": len(report["skipped"]),
        "files_ignored": len(report["ignored"]), "segments": int(len(segments)),
        "segments_by_session": {s: int((segments["session"] == s).sum()) for s in session_ids},
        "segments_by_kind": {k: int(v) for k, v in
                             segments["kind"].value_counts().sort_index().items()},
    }


def write_ingest(event: Event, out_dir: str | Path) -> list[Path]:
    """Write ``segments.parquet`` (``SEGMENT_COLUMNS`` + ``category``, strings and ``line``
    int32) and ``ingest_report.json`` (UTF-8, sorted keys) into the existing folder
    ``out_dir``; return their paths. Raises :class:`~insights.errors.InvalidInputError` if
    ``out_dir`` is not a folder."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out_dir)
    if not out.is_dir():
        raise InvalidInputError([(str(out_dir), "output folder does not exist")])
    schema = pa.schema([(c, pa.int32() if c == "line" else pa.string()) for c in ALL_SEGMENT_COLUMNS])
    data = {c: event.segments[c].astype("int32" if c == "line" else str).tolist()
            for c in ALL_SEGMENT_COLUMNS}
    table = pa.Table.from_pydict(data, schema=schema)
    parquet = out / "segments.parquet"
    pq.write_table(table, parquet, compression="zstd")
    report = out / "ingest_report.json"
    report.write_text(
        json.dumps(event.report, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    return [parquet, report]


__all__ = ["Event", "read_event", "write_ingest", "read_event_yaml", "read_participants",
           "read_codebook", "text_numbers", "split_long", "display_path", "UNKNOWN_SPEAKER",
           "MENTIONED_PERSON", "EVENT_FILE", "PARTICIPANTS_FILE", "CODEBOOK_FILE", "ROOT_FILES"]
