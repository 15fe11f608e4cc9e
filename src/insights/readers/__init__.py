"""Readers: one small module per input format, behind one registry.

A reader takes the path of a file and returns a :class:`RawDocument`: the file's text blocks
(future segments, with their 1-based ``line``) and whatever metadata the file itself carries
(front matter, CSV columns, speaker turns). Session resolution, pseudonymisation and the
``segments`` table are :mod:`insights.read`'s job.

Adding a format is adding one module that decorates its reader with :func:`register` and is
listed in ``_MODULES`` below.

A reader signals a bad file by raising :class:`ReaderError` with a plain-words reason; it must
never let a third-party exception out (:func:`read_file` translates any that slips through).
"""
from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from insights.errors import InsightsError
from insights.text import fold  # noqa: F401  (the one accent folding, used by the readers)


class ReaderError(InsightsError):
    """A file cannot be read; the message is the reason, in English (no file content); the
    ``code`` (``skip.*``) and ``params`` give it in French through
    :func:`insights.messages_fr.fr_ingest`."""

    code = "skip.unreadable"


class Note(str):
    """A reader's warning on a file: its English text, with the ``code`` (``warn.*``) and
    ``params`` that write it in French (:func:`insights.messages_fr.fr_ingest`)."""

    code: str
    params: dict

    def __new__(cls, text: str, code: str, **params: object) -> "Note":
        note = super().__new__(cls, text)
        note.code, note.params = code, params
        return note


from insights.readers.safety import (  # noqa: E402 - needs ReaderError defined above
    DEFAULT_LIMITS,
    LimitError,
    Limits,
    read_input,
)


@dataclass
class Block:
    """One future segment. ``fields`` holds per-block metadata (CSV columns ``session``,
    ``group``, ``category``, ``author``, ``kind``), ``speaker`` the raw speaker name if any,
    ``line`` the 1-based position of the block in its file (meaning depends on the format)."""

    text: str
    line: int
    speaker: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    #: where ``speaker`` comes from: ``"voice"`` (a transcript's voice tag or prefix: certain),
    #: ``"turn"`` (``Name :`` at a paragraph start) or ``"bullet"`` (``- Name :``); the last two
    #: may be labels (``Lorient :``), which :mod:`insights.read` tells apart knowing the
    #: participants, restoring ``prefixed`` (the text with its prefix) when it is not a name.
    speaker_from: str = ""
    prefixed: str = ""
    #: the file section holding the block: the number of headings met before it (0 before
    #: the first heading). Notes and deliverables form one text per section and speaker turn.
    section: int = 0


@dataclass
class RawDocument:
    """What a reader returns. ``meta`` is the file-level metadata (front matter), ``encoding``
    the detected text encoding (``None`` for binary formats), ``newline`` ``"LF"``/``"CRLF"``/
    ``"CR"`` for text formats, ``headings`` how many headings were skipped (each opens a new
    section, see :attr:`Block.section`), ``notes`` warnings."""

    blocks: list[Block]
    kind: str
    meta: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    newline: str | None = None
    headings: int = 0
    notes: list[str] = field(default_factory=list)
    #: True when every block is a text of its own (a post-it, a questionnaire row); else a file
    #: forms one text per section and speaker turn (see :func:`insights.read.text_numbers`)
    block_texts: bool = False


Reader = Callable[..., RawDocument]

_REGISTRY: dict[str, Reader] = {}
_MODULES = ("text", "office", "pdf", "subtitles", "postits")


def register(*extensions: str) -> Callable[[Reader], Reader]:
    """Decorator: make ``func`` the reader of files ending in ``extensions`` (e.g. ``".md"``).
    A reader is called as ``func(path, limits=limits)`` and reads the file's bytes through
    :func:`insights.readers.safety.read_input` (or :func:`read_text`)."""

    def decorate(func: Reader) -> Reader:
        for ext in extensions:
            ext = ext.lower()
            if not ext.startswith("."):
                raise ValueError(f"extension must start with '.', got {ext!r}")
            if ext in _REGISTRY and _REGISTRY[ext] is not func:
                raise ValueError(f"a reader is already registered for {ext!r}")
            _REGISTRY[ext] = func
        return func

    return decorate


def _load_modules() -> None:
    for name in _MODULES:
        importlib.import_module(f"{__name__}.{name}")


def supported_extensions() -> list[str]:
    """Sorted list of the extensions a reader exists for."""
    _load_modules()
    return sorted(_REGISTRY)


def reader_for(path: Path) -> Reader | None:
    """The reader registered for ``path``'s extension (case-insensitive), or ``None``."""
    _load_modules()
    return _REGISTRY.get(Path(path).suffix.lower())


def read_file(path: Path, *, limits: Limits | None = None) -> RawDocument:
    """Read ``path`` with its registered reader, within ``limits`` (default
    :data:`~insights.readers.safety.DEFAULT_LIMITS`).

    Raises :class:`ReaderError` for an unsupported extension, an unreadable file or one past a
    limit; any exception from a third-party library is translated into a :class:`ReaderError`.
    """
    path = Path(path)
    reader = reader_for(path)
    if reader is None:
        ext = path.suffix.lower() or "(no extension)"
        supported = supported_extensions()
        raise ReaderError(f"unsupported format {ext!r}; supported: {', '.join(supported)}",
                          code="skip.unsupported_format", ext=ext, supported=supported)
    try:
        return reader(path, limits=limits or DEFAULT_LIMITS)
    except ReaderError:
        raise
    except OSError as exc:
        raise cannot_open(exc) from exc
    except MemoryError:
        raise ReaderError("file too large to read in memory: refused",
                          code="skip.no_memory") from None
    except Exception as exc:  # a library failed on a bad file: never let its traceback out
        raise ReaderError(f"cannot read {path.suffix.lower()} file ({type(exc).__name__})",
                          code="skip.library_failed", ext=path.suffix.lower(),
                          error=type(exc).__name__) from exc


def cannot_open(exc: OSError) -> ReaderError:
    """The error of a file the system cannot open (``exc``)."""
    why = exc.strerror or type(exc).__name__
    return ReaderError(f"cannot open file ({why})", code="skip.cannot_open", error=why)


# --- text decoding ------------------------------------------------------------------------

#: encodings charset-normalizer may choose from when neither UTF-8 nor Windows-1252 decode:
#: those met in French-speaking offices (a wider choice mistakes French for Baltic code pages)
FALLBACK_ENCODINGS = ("latin_1", "iso8859_15", "mac_roman", "cp850", "utf_16", "utf_32")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """``(text, invalid bytes)`` when ``data`` is UTF-8 text with a few invalid bytes (it holds
    valid multi-byte UTF-8 characters, and no more invalid sequences than valid ones), each
    invalid byte replaced by U+FFFD; else ``None``. Decoding such a file as Windows-1252 would
    turn every accented letter into mojibake (``Hélène`` -> ``HÃ©lÃ¨ne``)."""
    text = data.decode("utf-8", "replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    valid = len(_NON_ASCII.findall(text)) - text.count("\ufffd")
    if invalid > 0 and valid > 0 and invalid <= valid:
        return text, invalid
    return None


def decode_bytes(data: bytes, *, notes: list[str] | None = None) -> tuple[str, str, str]:
    """Decode ``data`` to text with LF line ends.

    Tries, in order: a UTF-8 (``utf-8-sig``) or UTF-16 byte-order mark, strict UTF-8, UTF-8
    with a few invalid bytes (each replaced by U+FFFD ``�``, with a warning appended to
    ``notes``: such a file is UTF-8 with stray bytes, not Windows-1252), strict Windows-1252,
    then charset-normalizer's best guess among :data:`FALLBACK_ENCODINGS`.
    Returns ``(text, encoding, newline)`` where ``newline`` is ``"CRLF"``, ``"CR"`` or ``"LF"``
    (the original line ends).
    Raises :class:`ReaderError` when no encoding gives text (binary content).
    """
    text: str | None = None
    encoding = ""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            mostly = _mostly_utf8(data[3:])
            if mostly is not None:
                text, encoding = mostly[0], "utf-8-sig"
                _note_invalid(notes, mostly[1])
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            text = None
    if text is None and b"\x00" not in data:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            mostly = _mostly_utf8(data)
            if mostly is not None:
                text, encoding = mostly[0], "utf-8"
                _note_invalid(notes, mostly[1])
    if text is None and b"\x00" not in data:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text = None
    if text is None and b"\x00" not in data:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=list(FALLBACK_ENCODINGS)).best()
        if best is not None:
            text, encoding = str(best), best.encoding
    if text is None or _CONTROL.search(text):
        raise ReaderError("cannot decode the file as text (binary content or unknown encoding)",
                          code="skip.not_text")
    if "\r\n" in text:
        newline = "CRLF"
    elif "\r" in text:
        newline = "CR"
    else:
        newline = "LF"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding, newline


def _note_invalid(notes: list[str] | None, count: int) -> None:
    if notes is not None:
        notes.append(Note(f"{count} byte(s) not valid UTF-8 in a UTF-8 file: each replaced by "
                          "U+FFFD (�); check the file", "warn.invalid_utf8", n=count))


def read_text(path: Path, *, limits: Limits | None = None,
              notes: list[str] | None = None) -> tuple[str, str, str]:
    """Read and decode a text file within ``limits``: ``(text, encoding, newline)`` as
    :func:`decode_bytes` (warnings appended to ``notes``). Raises :class:`ReaderError` for a
    symbolic link, a file past ``limits.max_file_bytes`` or ``limits.max_file_chars``, or one
    that cannot be decoded."""
    limits = limits or DEFAULT_LIMITS
    text, encoding, newline = decode_bytes(read_input(path, limits=limits), notes=notes)
    check_chars(len(text), limits)
    return text, encoding, newline


def check_chars(n: int, limits: Limits) -> None:
    """Raise :class:`ReaderError` if a file giving ``n`` characters of text passes
    ``limits.max_file_chars``."""
    if n > limits.max_file_chars:
        raise LimitError(f"more than {limits.max_file_chars:,} characters of text "
                         "(limit per file): refused".replace(",", " "),
                         code="skip.too_many_chars", limit=limits.max_file_chars)


# --- speaker turns ---------------------------------------------------------------------------

_UP = "A-ZÀÂÄÆÇÉÈÊËÎÏÔÖŒÙÛÜŸ"
_LOW = "a-zàâäæçéèêëîïôöœùûüÿ"
_NAME_WORD = rf"[{_UP}][{_LOW}{_UP}'’]*(?:-[{_UP}][{_LOW}{_UP}'’]*)*\.?"
_PARTICLE = r"(?:de|du|des|d'|d’|le|la|van|von|ben|el|al)"
_TURN = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?:[ \u00a0](?:{_PARTICLE}[ \u00a0])?{_NAME_WORD}){{0,3}})"
    r"[ \u00a0\u202f]?:(?:[ \u00a0\u202f]+(?P<rest>.*)|$)"
)

#: capitalised words often written as ``Mot :`` at a line start that are labels, not names
LABEL_WORDS = frozenset(
    """
    question questions réponse réponses remarque remarques note notes nb ps conclusion
    conclusions objectif objectifs idée idées proposition propositions constat constats défi
    défis pépite pépites exemple exemples attention important résumé synthèse contexte thème
    thèmes sujet sujets problème problèmes solution solutions piste pistes action actions
    besoin besoins difficulté difficultés frein freins levier leviers enjeu enjeux point points
    ressource ressources public publics lieu lieux date heure horaire titre participants
    participantes présents présentes absents table groupe atelier session rappel bilan suite
    suites prochaine prochaines étape étapes étapes ordre conseil conseils définition citation
    verbatim consigne consignes animation déroulé lien liens source sources envie envies
    attentes attente retour retours question-réponse mots mot avantages inconvénients
    forces faiblesses risques opportunités contraintes outils outil acteurs partenaires
    financement budget calendrier thématique thématiques description intitulé objet résultat
    résultats témoignage témoignages focus bonus info infos information informations
    """.split()
)


def split_speaker(line: str, *, known_names: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """If ``line`` starts with a speaker prefix (``Prénom :``, ``Prénom Nom :``, with or
    without a space before the colon), return ``(name, rest)``; else ``None``.

    A single word that is a usual label (``Question :``, ``Remarque :``… see
    :data:`LABEL_WORDS`) is not a speaker unless its folded form is in ``known_names``.
    """
    match = _TURN.match(line)
    if not match:
        return None
    name = match.group("name").strip()
    if " " not in name and fold(name) not in known_names and name.lower() in LABEL_WORDS:
        return None
    return name, (match.group("rest") or "").strip()


__all__ = [
    "DEFAULT_LIMITS", "LimitError", "Limits", "check_chars", "read_input",
    "Block", "Note", "RawDocument", "ReaderError", "cannot_open", "decode_bytes", "fold", "read_file", "read_text",
    "reader_for", "register", "split_speaker", "supported_extensions", "LABEL_WORDS",
]
