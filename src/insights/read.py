"""Ingest: one event folder -> an :class:`Event` (programme, pseudonymised segments, report).

The folder is only ever opened for reading. Every file is checked before anything is returned:
by default any invalid file makes :func:`read_event` raise one
:class:`~insights.errors.InvalidInputError` listing every invalid file with its reason; with
``skip_invalid=True`` those files are skipped and listed in the report. :func:`write_ingest`
writes ``segments.parquet`` and ``ingest_report.json``.
"""
from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import string
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from insights.clean import Pseudonymizer
from insights.errors import InvalidArgumentError, InvalidInputError
from insights.forms import normalise_supplementary, normalise_words
from insights.names import honorific_names
from insights.readers import (
    DEFAULT_LIMITS, LABEL_WORDS, Limits, RawDocument, ReaderError, fold, read_file, read_text,
)
from insights.readers.iramuteq import mask_variables, session_named
from insights.readers.postits import read_table
from insights.readers.safety import file_digest, load_yaml
from insights.schema import SEGMENT_COLUMNS, SEGMENT_EXTRA_COLUMNS

EVENT_FILE = "event.yaml"
PARTICIPANTS_FILE = "participants.csv"
CODEBOOK_FILE = "codebook.yaml"
ROOT_FILES = (EVENT_FILE, PARTICIPANTS_FILE, CODEBOOK_FILE)
ALL_SEGMENT_COLUMNS = SEGMENT_COLUMNS + SEGMENT_EXTRA_COLUMNS
#: prefix of the pseudonyms given to speakers absent from participants.csv
UNKNOWN_SPEAKER = "Intervenant·e"
#: prefix of the pseudonyms given to people absent from participants.csv whom a text names
#: after an honorific (``M. Moreau``)
MENTIONED_PERSON = "Personne citée"
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
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


# --- root files --------------------------------------------------------------------------------

def _load_yaml(path: Path, limits: Limits = DEFAULT_LIMITS,
               notes: list[str] | None = None) -> tuple[object, str]:
    text, encoding, _ = read_text(path, limits=limits, notes=notes)
    return load_yaml(text, limits=limits), encoding


def _as_text(value: object) -> str:
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
    try:  # the event's own supplementary / active forms, when given
        if "supplementary" in data:
            meta["supplementary"] = normalise_supplementary(data["supplementary"])
        if "active" in data:
            meta["active"] = normalise_words(data["active"], name="active")
    except InvalidArgumentError as exc:
        raise ReaderError(str(exc).replace("invalid value for", "invalid key")) from None
    frame = pd.DataFrame(rows, columns=["session", "title", "start", "order"])
    frame["order"] = frame["order"].astype("int64")
    return meta, frame, [w.strip() for w in stopwords if w.strip()]


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
                          "participants: refused")
    if "name" not in header:
        found = ", ".join(repr(h) for h in header if h) or "none"
        raise ReaderError(f"no 'name' column (columns found: {found}); 'name' is required")
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

def _link_reason(path: Path, folder: Path) -> str:
    """Why the symbolic link ``path`` is not followed (its target is never named: it may lie
    anywhere on the machine)."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13: a loop
        return "symbolic link loop: not followed"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: not followed"
        return "broken symbolic link: not followed"
    kind = "folder" if target.is_dir() else "file"
    where = "inside" if target == folder or folder in target.parents else "outside"
    return f"symbolic link to a {kind} {where} the event folder: not followed"


def _classify(folder: Path) -> tuple[list[Path], list[dict]]:
    """Input files (sorted by relative POSIX path) and ignored entries with their reason.

    Symbolic links, to files or folders, inside or outside the event, are never followed: each
    is listed once as ignored with its reason, so nothing outside the event folder is read and
    a loop is met once. ``folder`` must be resolved (no symbolic link in it)."""
    inputs: list[Path] = []
    ignored: list[dict] = []

    def walk(directory: Path) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            rel = directory.relative_to(folder).as_posix()
            ignored.append({"path": rel + "/", "reason": "folder cannot be read "
                            f"({exc.strerror or type(exc).__name__})"})
            return
        for entry in entries:
            path = Path(entry.path)
            rel = path.relative_to(folder).as_posix()
            if entry.is_symlink():
                ignored.append({"path": rel, "reason": _link_reason(path, folder)})
            elif entry.name.startswith("."):
                is_dir = entry.is_dir(follow_symlinks=False)
                ignored.append({"path": rel + ("/" if is_dir else ""),
                                "reason": "hidden folder" if is_dir else "hidden file"})
            elif entry.is_dir(follow_symlinks=False):
                walk(path)
            elif directory == folder and entry.name in ROOT_FILES:
                continue
            elif directory == folder and entry.name.upper().startswith("README"):
                ignored.append({"path": rel, "reason": "README: documentation of the event folder"})
            elif entry.is_file(follow_symlinks=False):
                inputs.append(path)
            else:
                ignored.append({"path": rel, "reason": "not a regular file"})

    walk(folder)
    inputs.sort(key=lambda p: p.relative_to(folder).as_posix())
    return inputs, sorted(ignored, key=lambda d: d["path"])


def display_path(relative: str) -> str:
    """``relative`` as text that any output can hold: a file name that is not valid UTF-8 (its
    undecodable bytes come from the file system as surrogates) is read as Windows-1252, NFC."""
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        relative = os.fsencode(relative).decode("cp1252", "replace")
    return unicodedata.normalize("NFC", relative)


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
        given = session_named(block.fields.get("session") or document.meta.get("session") or "",
                              session_info)
        session = given or folder_session
        out.append(session)
        if session_info and session not in session_info:
            if given:
                line = block.fields.get("session_line") or block.line
                where = f" (line {line})" if block.fields.get("session") else ""
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


def _starts_a_pseudonym(name: str, pseudonyms: list[str]) -> bool:
    """Whether ``name`` is how one of ``pseudonyms`` (folded) begins: ``Personne`` of
    ``Personne citée A``, ``Participant`` of ``Participant·e 03``."""
    key = fold(name)
    return any(p.startswith(key) and not p[len(key):len(key) + 1].isalpha() for p in pseudonyms)


def _speaker_names(documents: list, participants: pd.DataFrame
                   ) -> tuple[Pseudonymizer, dict, dict]:
    """Decide which ``Name :`` prefixes are speakers (restoring the others' text), give each
    speaker absent from ``participants`` a pseudonym ``"Intervenant·e A"``, ``B``… in order of
    first appearance, and each person a text names after an honorific (``M. Moreau``) without
    being a participant ``"Personne citée A"``…; return ``(pseudonymiser masking all those
    names, unknown speakers -> pseudonym, people mentioned -> pseudonym)``."""
    engine = Pseudonymizer(participants)
    for _, document, _ in documents:
        for block in document.blocks:
            if block.speaker and not _is_speaker(block, engine):
                block.text, block.speaker, block.speaker_from = block.prefixed, "", ""
    unknown: dict[str, str] = {}
    mentioned: dict[str, str] = {}
    for _, document, _ in documents:
        author = document.meta.get("speaker") or document.meta.get("author") or ""
        names = [b.speaker or b.fields.get("author", "") for b in document.blocks] + [author]
        for name in names:
            name = " ".join(name.split())
            if name and engine.speaker(name) is None and name not in unknown:
                unknown[name] = f"{UNKNOWN_SPEAKER} {_letters(len(unknown))}"
    # the ingest's own pseudonyms after an honorific ("M. Personne citée A", in a text that was
    # pseudonymised before, such as an exported IRaMuTeQ corpus) name nobody
    ours = [fold(p) for p in [UNKNOWN_SPEAKER, MENTIONED_PERSON, *engine.replacements]]
    for _, document, _ in documents:
        for block in document.blocks:
            for name in honorific_names(block.text):
                if (not engine.is_name(name) and name not in unknown and name not in mentioned
                        and not _starts_a_pseudonym(name, ours)):
                    mentioned[name] = f"{MENTIONED_PERSON} {_letters(len(mentioned))}"
    engine = Pseudonymizer(participants, extra_names={**mentioned, **unknown})
    return engine, unknown, mentioned


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


def split_long(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters: at the last sentence end
    (``. ! ? …``) of each window, else at its last space, else anywhere (one pass: linear)."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind(end) for end in (". ", "! ", "? ", "… ", ".\n")) + 1
        if cut < limit // 2:
            cut = window.rfind(" ") + 1
        if cut < limit // 2:
            cut = limit
        pieces.append(window[:cut].strip())
        start += cut
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass
class _Ingest:
    """What :func:`read_event` gathers before pseudonymising (paths as on disk)."""

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
                state.fatal.append((EVENT_FILE, "missing: every event folder needs an event.yaml"))
            continue
        notes: list[str] = []
        try:
            result = reader(path, limits=limits, notes=notes)
            state.hashes[name] = file_digest(path)
        except (ReaderError, OSError) as exc:
            reason = str(exc) if isinstance(exc, ReaderError) else \
                f"cannot open file ({exc.strerror or type(exc).__name__})"
            (state.fatal if vital else state.problems).append((name, reason))
            continue
        state.warnings += [{"path": name, "message": n} for n in notes]
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
    inputs, state.ignored = _classify(folder)
    session_info = {} if state.sessions is None else {
        r.session: (r.title, r.start) for r in state.sessions.itertuples(index=False)
    }
    for file in inputs:
        rel = file.relative_to(folder).as_posix()
        shown = display_path(rel)
        if shown != rel:
            state.warnings.append({"path": rel, "message": "file name is not valid UTF-8: "
                                   "shown as read in Windows-1252"})
        try:
            if file.lstat().st_size == 0:
                state.skipped.append({"path": rel, "reason": "empty file"})
                state.warnings.append({"path": rel, "message": "empty file: skipped"})
                continue
            document = read_file(file, limits=state.limits)
            digest = file_digest(file)
        except ReaderError as exc:
            state.problems.append((rel, str(exc)))
            continue
        except OSError as exc:
            state.problems.append((rel, f"cannot open file ({exc.strerror or type(exc).__name__})"))
            continue
        if not document.blocks:
            state.skipped.append({"path": rel, "reason": "no text"})
            state.warnings.append({"path": rel, "message": "no text found: skipped"})
            continue
        try:
            block_sessions = _block_sessions(rel, document, session_info)
        except ReaderError as exc:
            state.problems.append((rel, str(exc)))
            continue
        for block in document.blocks:
            block.text, block.speaker = _nfc(block.text), _nfc(block.speaker)
            block.prefixed = _nfc(block.prefixed)
            block.fields = {k: _nfc(v) for k, v in block.fields.items()}
        document.meta = {k: _nfc(v) for k, v in document.meta.items()}
        state.documents.append((rel, document, block_sessions))
        state.hashes[rel] = digest


def _shown_paths(rels: list[str], engine: Pseudonymizer, keep: list[str]) -> dict[str, str]:
    """Each relative path on disk -> its path in the outputs: readable text, names
    pseudonymised component by component; two paths never give the same result (``~2``…)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for rel in sorted(set(rels)):
        folder_mark = "/" if rel.endswith("/") else ""
        shown = engine.path(display_path(rel.rstrip("/")), keep=keep) + folder_mark
        candidate, n = shown, 1
        while candidate in used:
            n += 1
            stem, dot, ext = shown.rstrip("/").rpartition(".")
            candidate = (f"{stem}~{n}.{ext}" if dot and "/" not in ext
                         else f"{shown.rstrip('/')}~{n}") + folder_mark
        used.add(candidate)
        out[rel] = candidate
    return out


def _private(value: object, engine: Pseudonymizer) -> object:
    """A free-text value of ``event.yaml`` (string, list, mapping) pseudonymised."""
    if isinstance(value, str):
        return engine(_nfc(value))
    if isinstance(value, list):
        return [_private(v, engine) for v in value]
    if isinstance(value, dict):
        return {k: _private(v, engine) for k, v in value.items()}
    return value


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
    skipped with a warning in both modes.
    """
    given = Path(path)
    if not given.is_dir():
        raise InvalidInputError([(display_path(str(path)), "event folder not found (expected a "
                                  "folder holding event.yaml and session folders)")])
    state = _Ingest(folder=given.resolve(), limits=limits or DEFAULT_LIMITS)
    _read_root_files(state)
    _read_inputs(state)
    if state.fatal or (state.problems and not skip_invalid):
        raise InvalidInputError(
            [(display_path(p), r) for p, r in state.fatal + state.problems],
            hint=None if state.fatal else "Fix these files, or skip them with skip_invalid=True "
                                          "(command line: --skip-invalid).",
        )
    state.skipped += [{"path": p, "reason": r} for p, r in state.problems]
    if state.codebook is None and any(p == CODEBOOK_FILE for p, _ in state.problems):
        state.warnings.append({"path": CODEBOOK_FILE, "message": "invalid codebook: ignored"})
    return _build_event(state, given)


def _build_event(state: _Ingest, given: Path) -> Event:
    """Pseudonymise everything gathered in ``state`` and assemble the :class:`Event`."""
    engine, unknown, mentioned = _speaker_names(state.documents, state.participants)
    sessions = state.sessions.copy()
    session_ids = sessions["session"].tolist()
    sessions["title"] = [engine(_nfc(t)) for t in sessions["title"]]
    session_info = {r.session: (r.title, r.start) for r in sessions.itertuples(index=False)}
    meta = {k: (v if k == "date" else engine.file_name(v) if k == "id" else _private(v, engine))
            for k, v in state.meta.items()}
    codebook = None if state.codebook is None else {
        k: {**v, "label": engine(_nfc(v["label"]))} for k, v in state.codebook.items()}
    rels = [r for r, _, _ in state.documents] + [d["path"] for d in state.skipped + state.ignored]
    rels += [w["path"] for w in state.warnings]
    shown = _shown_paths(rels, engine, keep=session_ids)
    shown.update({name: name for name in ROOT_FILES})

    def private_reason(rel: str, text: str) -> str:
        for old, new in zip(rel.split("/"), shown.get(rel, rel).split("/")):
            if old != new and old:
                text = text.replace(old, new)
        return engine(text)

    def resolve(name: str) -> tuple[str, str]:
        name = " ".join(name.split())
        if not name:
            return "", ""
        return engine.speaker(name) or (unknown.get(name, engine(name)), "")

    rows: list[dict] = []
    read: list[dict] = []
    warnings = [{"path": "participants.csv", "message": w} for w in engine.warnings]
    for rel, document, block_sessions in state.documents:
        source = shown[rel]
        has_turns = any(b.speaker for b in document.blocks)
        author = document.meta.get("speaker") or document.meta.get("author") or ""
        first_row = len(rows)
        first_of_text: dict[int, str] = {}
        for block, session, text_no in zip(document.blocks, block_sessions,
                                           text_numbers(document)):
            raw_speaker = block.speaker or block.fields.get("author", "")
            if not raw_speaker and not has_turns:
                raw_speaker = author
            speaker, profile = resolve(raw_speaker)
            title, start = session_info[session]
            pieces = split_long(block.text, state.limits.max_segment_chars)
            if len(pieces) > 1:
                warnings.append({"path": source, "message": (
                    f"line {block.line}: a paragraph of {len(block.text):,} characters split into "
                    f"{len(pieces)} segments of at most {state.limits.max_segment_chars:,} "
                    "characters (at sentence ends)").replace(",", " ")})
            common = {
                "event": meta.get("id", ""), "session": session, "session_title": title,
                "session_start": start,
                "group": engine(block.fields.get("group") or document.meta.get("group", "")),
                "kind": engine(block.fields.get("kind") or document.meta.get("kind")
                               or document.kind),
                "speaker": speaker, "source": source, "line": block.line,
                "profile": profile or engine(block.fields.get("profile", "")),
                "category": engine(block.fields.get("category", "")),
                "variables": mask_variables(block.fields.get("variables", ""), engine),
            }
            for piece in pieces:  # the pieces of a split paragraph stay in its text
                segment_id = f"{source}#{len(rows) - first_row + 1}"
                first_of_text.setdefault(text_no, segment_id)
                rows.append({"segment_id": segment_id, **common, "text": engine(piece),
                             "text_id": first_of_text[text_no]})
        mine = rows[first_row:]
        entry = {
            "path": source, "format": Path(rel).suffix.lower(), "segments": len(mine),
            "session": ";".join(sorted(set(block_sessions), key=list(session_info).index)),
            "kind": ";".join(sorted({r["kind"] for r in mine})),
            "encoding": document.encoding, "newline": document.newline,
            "texts": len(first_of_text),
        }
        if document.headings:
            entry["headings_skipped"] = document.headings
        read.append(entry)
        warnings += [{"path": source, "message": private_reason(rel, n)} for n in document.notes]
    warnings = [{"path": shown.get(w["path"], w["path"]),
                 "message": private_reason(w["path"], w["message"])}
                for w in state.warnings] + warnings

    segments = pd.DataFrame(rows, columns=ALL_SEGMENT_COLUMNS)
    for column in ALL_SEGMENT_COLUMNS:
        segments[column] = segments[column].astype("int64" if column == "line" else str)

    if state.meta.get("id") and state.meta["id"] != given.name:
        warnings.append({"path": EVENT_FILE, "message": "event id differs from the folder name"})
    speakers = segments.loc[segments["speaker"] != "", "speaker"]
    skipped = [{"path": shown.get(d["path"], d["path"]),
                "reason": private_reason(d["path"], d["reason"])} for d in state.skipped]
    ignored = [{"path": shown.get(d["path"], d["path"]),
                "reason": private_reason(d["path"], d["reason"])} for d in state.ignored]
    report = {
        "event": meta.get("id", ""),
        "config": state.config,
        "read": read,
        "skipped": sorted(skipped, key=lambda d: d["path"]),
        "ignored": sorted(ignored, key=lambda d: d["path"]),
        "warnings": warnings,
        "pseudonymisation": {
            "participants": int(len(state.participants)),
            "speakers_identified": int(speakers[~speakers.str.startswith(UNKNOWN_SPEAKER)].nunique()),
            "speakers_unknown": len(unknown),
            "people_mentioned_unknown": len(mentioned),
        },
        "totals": {
            "files_read": len(read), "files_skipped": len(skipped),
            "files_ignored": len(ignored), "segments": int(len(segments)),
            "segments_by_session": {s: int((segments["session"] == s).sum()) for s in session_info},
            "segments_by_kind": {k: int(v) for k, v in segments["kind"].value_counts().sort_index().items()},
        },
    }
    return Event(
        id=meta.get("id") or engine.file_name(display_path(given.name)), path=given, meta=meta,
        sessions=sessions, segments=segments, report=report, codebook=codebook,
        stopwords=state.stopwords, pseudonyms=engine.replacements,
        hashes={shown.get(k, k): v for k, v in sorted(state.hashes.items())},
        supplementary=meta.get("supplementary", {}), active=meta.get("active", []),
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


__all__ = ["Event", "read_event", "write_ingest", "read_event_yaml", "read_participants",
           "read_codebook", "text_numbers"]
