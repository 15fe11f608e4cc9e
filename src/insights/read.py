"""Ingest: one event folder -> an :class:`Event` (programme, pseudonymised segments, report).

The folder is only ever opened for reading. Every file is checked before anything is returned:
by default any invalid file makes :func:`read_event` raise one
:class:`~insights.errors.InvalidInputError` listing every invalid file with its reason; with
``skip_invalid=True`` those files are skipped and listed in the report. :func:`write_ingest`
writes ``segments.parquet`` and ``ingest_report.json``.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import string
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from insights.clean import Pseudonymizer
from insights.errors import InvalidInputError
from insights.readers import LABEL_WORDS, RawDocument, ReaderError, read_file, read_text
from insights.readers.postits import read_table
from insights.schema import SEGMENT_COLUMNS, SEGMENT_EXTRA_COLUMNS

EVENT_FILE = "event.yaml"
PARTICIPANTS_FILE = "participants.csv"
CODEBOOK_FILE = "codebook.yaml"
ROOT_FILES = (EVENT_FILE, PARTICIPANTS_FILE, CODEBOOK_FILE)
ALL_SEGMENT_COLUMNS = SEGMENT_COLUMNS + SEGMENT_EXTRA_COLUMNS
#: prefix of the pseudonyms given to speakers absent from participants.csv
UNKNOWN_SPEAKER = "Intervenant·e"
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_KIND = re.compile(r"^[\w·\-]+$")


@dataclass
class Event:
    """An ingested event.

    ``sessions``: columns ``session``, ``title``, ``start`` ("HH:MM"), ``order`` (1-based), in
    programme order. ``segments``: ``schema.SEGMENT_COLUMNS`` + ``category``, text columns as
    strings (``""`` when empty), ``line`` int. ``report``: the ``ingest_report.json`` content.
    ``codebook``: ``{theme_id: {"label": str, "terms": [str]}}`` or ``None``. ``stopwords``:
    the event's extra stop words. ``pseudonyms``: every pseudonym and mask the ingest may have
    put into the texts (never counted as words downstream).
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


# --- root files --------------------------------------------------------------------------------

def _load_yaml(path: Path) -> tuple[object, str]:
    text, encoding, _ = read_text(path)
    try:
        return yaml.safe_load(text), encoding
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ReaderError(f"malformed YAML{where}: {problem}") from None


def _as_text(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def read_programme(path: Path) -> tuple[dict, pd.DataFrame, list[str]]:
    """Read and check ``event.yaml``: ``(meta, sessions, stopwords)``.

    ``meta`` holds every top-level key but ``sessions`` and ``stopwords`` (dates as ISO
    strings); ``sessions`` has columns ``session``, ``title``, ``start``, ``order``.
    Raises :class:`ReaderError` naming the first problem (missing key, bad ``start``, duplicate
    session id, ...).
    """
    data, _ = _load_yaml(path)
    if not isinstance(data, dict):
        raise ReaderError("expected a mapping with keys id, title, date, sessions")
    missing = [k for k in ("id", "title", "date", "sessions") if k not in data or data[k] in (None, "")]
    if missing:
        raise ReaderError(
            f"missing required key(s): {', '.join(missing)} (required: id, title, date, sessions)"
        )
    sessions = data["sessions"]
    if not isinstance(sessions, list) or not sessions:
        raise ReaderError("'sessions' must be a non-empty list of {id, start, title}")
    rows = []
    for i, item in enumerate(sessions, start=1):
        if not isinstance(item, dict):
            raise ReaderError(f"session #{i} must be a mapping with keys id, start, title")
        lacking = [k for k in ("id", "start", "title") if _as_text(item.get(k)) == ""]
        if lacking:
            raise ReaderError(f"session #{i} lacks required key(s): {', '.join(lacking)}")
        start = item["start"]
        if isinstance(start, int) and not isinstance(start, bool):  # YAML 1.1 reads 09:30 as 570
            start = f"{start // 60:02d}:{start % 60:02d}"
        start = _as_text(start)
        if not _TIME.match(start):
            raise ReaderError(
                f"session {_as_text(item['id'])!r}: start {start!r} is not a time \"HH:MM\""
            )
        rows.append({"session": _as_text(item["id"]), "title": _as_text(item["title"]),
                     "start": start, "order": i})
    ids = [r["session"] for r in rows]
    duplicated = sorted({s for s in ids if ids.count(s) > 1})
    if duplicated:
        raise ReaderError(f"duplicate session id(s): {', '.join(duplicated)}")
    stopwords = data.get("stopwords") or []
    if not isinstance(stopwords, list) or not all(isinstance(w, str) for w in stopwords):
        raise ReaderError("'stopwords' must be a list of words")
    meta = {str(k): (_as_text(v) if not isinstance(v, (list, dict)) else v)
            for k, v in data.items() if k not in ("sessions", "stopwords")}
    frame = pd.DataFrame(rows, columns=["session", "title", "start", "order"])
    frame["order"] = frame["order"].astype("int64")
    return meta, frame, [w.strip() for w in stopwords if w.strip()]


def read_participants(path: Path) -> tuple[pd.DataFrame, str]:
    """Read ``participants.csv`` (comma or semicolon, any detected encoding): ``(table,
    encoding)``, all columns as stripped strings. Raises :class:`ReaderError` without a
    ``name`` column."""
    text, encoding, _ = read_text(path)
    header, rows = read_table(text)
    if "name" not in header:
        found = ", ".join(repr(h) for h in header if h) or "none"
        raise ReaderError(f"no 'name' column (columns found: {found}); 'name' is required")
    width = len(header)
    records = [(row + [""] * width)[:width] for _, row in rows]
    table = pd.DataFrame(records, columns=header, dtype=object).fillna("")
    table = table.apply(lambda col: col.map(lambda v: unicodedata.normalize("NFC", v.strip())))
    return table[table["name"] != ""].reset_index(drop=True), encoding


def read_codebook(path: Path) -> tuple[dict, str]:
    """Read and check ``codebook.yaml``: ``({theme_id: {"label", "terms"}}, encoding)``.
    Raises :class:`ReaderError` on a bad structure."""
    data, encoding = _load_yaml(path)
    themes = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(themes, dict) or not themes:
        raise ReaderError("expected a mapping 'themes: {theme_id: {label: ..., terms: [...]}}'")
    out = {}
    for key, theme in themes.items():
        if not isinstance(theme, dict) or not _as_text(theme.get("label")):
            raise ReaderError(f"theme {key!r} needs a 'label'")
        terms = theme.get("terms")
        if not isinstance(terms, list) or not terms or not all(
            isinstance(t, (str, int, float)) and str(t).strip() for t in terms
        ):
            raise ReaderError(f"theme {key!r} needs 'terms', a non-empty list of words")
        out[str(key)] = {"label": _as_text(theme["label"]), "terms": [str(t).strip() for t in terms]}
    return out, encoding


# --- the folder ----------------------------------------------------------------------------------

def _classify(folder: Path) -> tuple[list[Path], list[dict]]:
    """Input files (sorted by relative POSIX path) and ignored entries with their reason."""
    inputs: list[Path] = []
    ignored: list[dict] = []

    def walk(directory: Path) -> None:
        for entry in sorted(directory.iterdir(), key=lambda p: p.name):
            rel = entry.relative_to(folder).as_posix()
            if entry.name.startswith("."):
                what = "hidden folder" if entry.is_dir() else "hidden file"
                ignored.append({"path": rel + ("/" if entry.is_dir() else ""), "reason": what})
            elif entry.is_dir():
                walk(entry)
            elif directory == folder and entry.name in ROOT_FILES:
                continue
            elif directory == folder and entry.name.upper().startswith("README"):
                ignored.append({"path": rel, "reason": "README: documentation of the event folder"})
            elif entry.is_file():
                inputs.append(entry)
            else:
                ignored.append({"path": rel, "reason": "not a regular file"})

    walk(folder)
    inputs.sort(key=lambda p: p.relative_to(folder).as_posix())
    return inputs, sorted(ignored, key=lambda d: d["path"])


#: first words that make a ``Xxx Yyy :`` prefix a place or a label rather than a person
_NOT_A_NAME = frozenset(
    "le la les l' l’ un une des du au aux ce cet cette mon ma mes notre nos leur leurs "
    "saint sainte st ste".split()
)
#: words that make a ``Xxx Yyy :`` prefix an organisation or a place wherever they stand
_ORGANISATION_WORDS = frozenset(
    "ville commune mairie métropole région département préfecture conseil communauté centre "
    "maison espace pôle association collectif université caf ccas fablab café tiers-lieu "
    "agglomération quartier école groupe table cercle atelier équipe service services".split()
)


def _is_speaker(block, engine: Pseudonymizer) -> bool:
    """Whether the ``Name :`` prefix of ``block`` names a person (see :class:`Block`).

    A transcript voice is always a speaker; a known participant name (any form) always is;
    otherwise a paragraph-start prefix of 2 to 4 capitalised words, not starting with an
    article (``Le Hangar :``) nor holding an organisation word (``Rennes Métropole :``), is
    taken for an unknown person, and a single unknown word (``Format :``, ``Lorient :``) or a
    bullet prefix (``- Vannes :``) is a label.
    """
    if block.speaker_from == "voice" or engine.is_name(block.speaker):
        return True
    if block.speaker_from != "turn":
        return False
    words = [w.lower().strip(".") for w in block.speaker.split()]
    return 2 <= len(words) <= 4 and words[0] not in _NOT_A_NAME and not any(
        w in LABEL_WORDS or w in _ORGANISATION_WORDS for w in words
    )


def _letters(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = string.ascii_uppercase[r] + out
    return out


def _block_sessions(rel: str, document: RawDocument, session_info: dict) -> list[str]:
    """Session of each block of ``document`` (its own ``session`` column, else the front
    matter's, else the first folder of ``rel``); checks sessions and kinds against the
    programme. Raises :class:`ReaderError` with the reason (an empty ``session_info`` means
    ``event.yaml`` is invalid: sessions are then not checked)."""
    folder_session = rel.split("/")[0] if "/" in rel else ""
    valid = ", ".join(session_info)
    out = []
    for block in document.blocks:
        given = block.fields.get("session") or document.meta.get("session") or ""
        session = given or folder_session
        out.append(session)
        if session_info and session not in session_info:
            if given:
                where = f" (line {block.line})" if block.fields.get("session") else ""
                raise ReaderError(f"unknown session {session!r}{where}; valid session ids: {valid}")
            where = f"first folder {folder_session!r} is no session id and " if folder_session else ""
            raise ReaderError(
                f"session unknown: {where}the file names none (front matter or 'session' "
                f"column); put it under a session folder or name its session; valid session "
                f"ids: {valid}")
    kinds = {b.fields.get("kind", "") for b in document.blocks} | {document.meta.get("kind", "")}
    bad = sorted(k for k in kinds if k and not _KIND.match(k))
    if bad:
        raise ReaderError(f"invalid kind {bad[0]!r}: use one word such as notes, livrable, "
                          "transcription, postit")
    return out


def _speaker_names(documents: list, participants: pd.DataFrame) -> tuple[Pseudonymizer, dict]:
    """Decide which ``Name :`` prefixes are speakers (restoring the others' text), give each
    speaker absent from ``participants`` a pseudonym ``"Intervenant·e A"``, ``B``… in order of
    first appearance, and return ``(pseudonymiser masking all those names, unknown names ->
    pseudonym)``."""
    engine = Pseudonymizer(participants)
    for _, document, _ in documents:
        for block in document.blocks:
            if block.speaker and not _is_speaker(block, engine):
                block.text, block.speaker, block.speaker_from = block.prefixed, "", ""
    unknown: dict[str, str] = {}
    for _, document, _ in documents:
        author = document.meta.get("speaker") or document.meta.get("author") or ""
        names = [b.speaker or b.fields.get("author", "") for b in document.blocks] + [author]
        for name in names:
            name = " ".join(name.split())
            if name and engine.speaker(name) is None and name not in unknown:
                unknown[name] = f"{UNKNOWN_SPEAKER} {_letters(len(unknown))}"
    return Pseudonymizer(participants, extra_names=unknown), unknown


def text_numbers(document: RawDocument) -> list[int]:
    """The text (1, 2, …) each block of ``document`` belongs to, once speakers are resolved.

    The text is the unit no method ever merges across, as IRaMuTeQ's ``****`` text. In a file
    whose every block is a text (a post-it table, questionnaire rows: ``block_texts``) each
    block is one text. Otherwise a new text starts at each section (a heading) and at each
    speaker turn, and the first block after a turn starts a new text too (what follows a turn
    without a speaker prefix is the note-taker's, not the speaker's); a file without headings
    nor turns is one text. A transcript's turns are thus one text each.
    """
    numbers: list[int] = []
    previous = None
    for block in document.blocks:
        if previous is None:
            number = 1
        elif (document.block_texts or block.section != previous.section or block.speaker
              or previous.speaker):
            number += 1
        numbers.append(number)
        previous = block
    return numbers


def read_event(path: str | Path, *, skip_invalid: bool = False) -> Event:
    """Read the event folder ``path`` (``event.yaml``, optional ``participants.csv`` and
    ``codebook.yaml``, session folders) into an :class:`Event` with pseudonymised segments.

    Files are read in order of their relative path, segments in file order; ``segment_id`` is
    ``"<source>#<k>"``; ``text_id`` is the ``segment_id`` of the first segment of the segment's
    text (see :func:`text_numbers`). Raises :class:`~insights.errors.InvalidInputError` listing every
    invalid file (with ``skip_invalid=True`` only for a missing/invalid ``event.yaml`` or
    ``participants.csv``, without which nothing can be told or kept private); an empty file is
    skipped with a warning in both modes.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise InvalidInputError([(str(path), "event folder not found (expected a folder "
                                  "holding event.yaml and session folders)")])
    problems: list[tuple[str, str]] = []
    fatal: list[tuple[str, str]] = []
    warnings: list[dict] = []
    config: list[dict] = []

    meta, sessions, stopwords = {}, None, []
    if not (folder / EVENT_FILE).is_file():
        fatal.append((EVENT_FILE, "missing: every event folder needs an event.yaml"))
    else:
        try:
            meta, sessions, stopwords = read_programme(folder / EVENT_FILE)
            config.append({"path": EVENT_FILE, "role": "programme", "sessions": len(sessions)})
        except (ReaderError, OSError) as exc:
            fatal.append((EVENT_FILE, str(exc)))
    participants = pd.DataFrame({"name": []})
    if (folder / PARTICIPANTS_FILE).is_file():
        try:
            participants, encoding = read_participants(folder / PARTICIPANTS_FILE)
            config.append({"path": PARTICIPANTS_FILE, "role": "participants",
                           "encoding": encoding, "rows": len(participants)})
        except (ReaderError, OSError) as exc:
            fatal.append((PARTICIPANTS_FILE, str(exc)))
    codebook = None
    if (folder / CODEBOOK_FILE).is_file():
        try:
            codebook, encoding = read_codebook(folder / CODEBOOK_FILE)
            config.append({"path": CODEBOOK_FILE, "role": "codebook", "encoding": encoding,
                           "themes": len(codebook)})
        except (ReaderError, OSError) as exc:
            problems.append((CODEBOOK_FILE, str(exc)))

    inputs, ignored = _classify(folder)
    session_info = {} if sessions is None else {
        r.session: (r.title, r.start) for r in sessions.itertuples(index=False)
    }
    documents: list[tuple[str, RawDocument, list[str]]] = []
    skipped: list[dict] = []
    for file in inputs:
        rel = file.relative_to(folder).as_posix()
        if file.stat().st_size == 0:
            skipped.append({"path": rel, "reason": "empty file"})
            warnings.append({"path": rel, "message": "empty file: skipped"})
            continue
        try:
            document = read_file(file)
        except ReaderError as exc:
            problems.append((rel, str(exc)))
            continue
        if not document.blocks:
            skipped.append({"path": rel, "reason": "no text"})
            warnings.append({"path": rel, "message": "no text found: skipped"})
            continue
        try:
            block_sessions = _block_sessions(rel, document, session_info)
        except ReaderError as exc:
            problems.append((rel, str(exc)))
            continue
        documents.append((rel, document, block_sessions))

    if fatal or (problems and not skip_invalid):
        raise InvalidInputError(
            fatal + problems,
            hint=None if fatal else "Fix these files, or skip them with skip_invalid=True "
                                    "(command line: --skip-invalid).",
        )
    skipped += [{"path": p, "reason": r} for p, r in problems]
    if codebook is None and any(p == CODEBOOK_FILE for p, _ in problems):
        warnings.append({"path": CODEBOOK_FILE, "message": "invalid codebook: ignored"})

    engine, unknown = _speaker_names(documents, participants)

    def resolve(name: str) -> tuple[str, str]:
        name = " ".join(name.split())
        if not name:
            return "", ""
        return engine.speaker(name) or (unknown.get(name, engine(name)), "")

    rows = []
    read: list[dict] = []
    for rel, document, block_sessions in documents:
        has_turns = any(b.speaker for b in document.blocks)
        author = document.meta.get("speaker") or document.meta.get("author") or ""
        first_of_text: dict[int, int] = {}
        for k, (block, session, text_no) in enumerate(
                zip(document.blocks, block_sessions, text_numbers(document)), start=1):
            first_of_text.setdefault(text_no, k)
            raw_speaker = block.speaker or block.fields.get("author", "")
            if not raw_speaker and not has_turns:
                raw_speaker = author
            speaker, profile = resolve(raw_speaker)
            title, start = session_info[session]
            rows.append({
                "segment_id": f"{rel}#{k}", "event": meta.get("id", ""), "session": session,
                "session_title": title, "session_start": start,
                "group": engine(block.fields.get("group") or document.meta.get("group", "")),
                "kind": block.fields.get("kind") or document.meta.get("kind") or document.kind,
                "speaker": speaker, "profile": profile, "source": rel, "line": block.line,
                "text": engine(block.text), "text_id": f"{rel}#{first_of_text[text_no]}",
                "category": engine(block.fields.get("category", "")),
            })
        entry = {
            "path": rel, "format": Path(rel).suffix.lower(), "segments": len(document.blocks),
            "session": ";".join(sorted(set(block_sessions), key=list(session_info).index)),
            "kind": ";".join(sorted({r["kind"] for r in rows[-len(document.blocks):]})),
            "encoding": document.encoding, "newline": document.newline,
            "texts": len(first_of_text),
        }
        if document.headings:
            entry["headings_skipped"] = document.headings
        read.append(entry)
        warnings += [{"path": rel, "message": note} for note in document.notes]

    segments = pd.DataFrame(rows, columns=ALL_SEGMENT_COLUMNS)
    for column in ALL_SEGMENT_COLUMNS:
        segments[column] = segments[column].astype("int64" if column == "line" else str)

    if meta.get("id") and meta["id"] != folder.name:
        warnings.append({"path": EVENT_FILE, "message": "event id differs from the folder name"})
    speakers = segments.loc[segments["speaker"] != "", "speaker"]
    report = {
        "event": meta.get("id", ""),
        "config": config,
        "read": read,
        "skipped": sorted(skipped, key=lambda d: d["path"]),
        "ignored": ignored,
        "warnings": warnings,
        "pseudonymisation": {
            "participants": int(len(participants)),
            "speakers_identified": int(speakers[~speakers.str.startswith(UNKNOWN_SPEAKER)].nunique()),
            "speakers_unknown": len(unknown),
        },
        "totals": {
            "files_read": len(read), "files_skipped": len(skipped),
            "files_ignored": len(ignored), "segments": int(len(segments)),
            "segments_by_session": {s: int((segments["session"] == s).sum()) for s in session_info},
            "segments_by_kind": {k: int(v) for k, v in segments["kind"].value_counts().sort_index().items()},
        },
    }
    return Event(
        id=meta.get("id", folder.name), path=folder, meta=meta, sessions=sessions,
        segments=segments, report=report, codebook=codebook, stopwords=stopwords,
        pseudonyms=engine.replacements,
    )


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


__all__ = ["Event", "read_event", "write_ingest", "read_programme", "read_participants",
           "read_codebook", "text_numbers"]
