"""Reading input files safely: never through a symbolic link, never beyond a bound.

Every byte an input file gives goes through :func:`read_input` (or :func:`file_digest`), which
opens the file without following a symbolic link and refuses a file larger than
:attr:`Limits.max_file_bytes`. Word and OpenDocument files are zip archives: :func:`check_zip`
refuses one that would unpack beyond :attr:`Limits.max_unpacked_bytes` (a "zip bomb") or holds
an XML part with a document type declaration (the only way to declare the entities of a
"billion laughs"), before any XML library sees it. :func:`load_yaml` refuses YAML aliases (the
YAML bomb) and oversized YAML. Each refusal is a :class:`~insights.readers.ReaderError` whose
message gives the limit; the caller adds the file's name.
"""
from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import struct
import xml.sax
import xml.sax.handler
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from insights.readers import ReaderError

MB = 1024 * 1024


class LimitError(ReaderError):
    """An input file passes one of the :class:`Limits`, or is a symbolic link or no regular
    file: the message is the reason, without the file's content."""

    code = "skip.limit"


@dataclass(frozen=True)
class Limits:
    """Bounds on what one input may cost; an input beyond one is refused with its file's name.

    ``max_file_bytes``: size of any input file on disk. ``max_file_chars``: characters of
    text one file may give (after decoding or extraction). ``max_segment_chars``: a longer
    paragraph is split at sentence ends into segments of at most this many characters (spaCy
    parses at most 1,000,000 characters at once). ``max_unpacked_bytes``: total uncompressed
    size of the parts of a ``.docx``/``.odt``; ``max_xml_bytes``: uncompressed size of one of
    its XML parts; ``max_zip_members``: parts in one archive. ``max_yaml_bytes``: size of
    ``event.yaml``, ``codebook.yaml`` or one front matter. ``max_participants``: rows of
    ``participants.csv``. ``max_pdf_pages``: pages of one PDF.
    """

    max_file_bytes: int = 100 * MB
    max_file_chars: int = 10_000_000
    max_segment_chars: int = 20_000
    max_unpacked_bytes: int = 300 * MB
    max_xml_bytes: int = 25 * MB
    max_zip_members: int = 5_000
    max_yaml_bytes: int = 1 * MB
    max_participants: int = 5_000
    max_pdf_pages: int = 2_000


DEFAULT_LIMITS = Limits()


def size_text(n: int) -> str:
    """``12 MB``, ``300 KB``, ``512 bytes``: a size for a message."""
    if n >= MB:
        return f"{n / MB:,.0f} MB".replace(",", " ")
    if n >= 1024:
        return f"{n / 1024:,.0f} KB".replace(",", " ")
    return f"{n} bytes"


def _open_no_follow(path: Path) -> int:
    """File descriptor of the regular file ``path`` opened for reading, never through a
    symbolic link (``O_NOFOLLOW``) and without blocking on a FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
        | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (not hasattr(os, "O_NOFOLLOW") and os.path.islink(path)):
            raise LimitError("symbolic link: not followed", code="skip.symlink") from None
        raise
    if not hasattr(os, "O_NOFOLLOW") and os.path.islink(path):  # pragma: no cover - Windows
        os.close(fd)
        raise LimitError("symbolic link: not followed", code="skip.symlink")
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise LimitError("not a regular file", code="skip.not_regular")
    return fd


def read_input(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of the input file ``path``. Raises :class:`LimitError` if ``path`` is a
    symbolic link, not a regular file, or larger than ``limits.max_file_bytes``; ``OSError``
    if it cannot be opened."""
    fd = _open_no_follow(Path(path))
    with os.fdopen(fd, "rb") as handle:
        if os.fstat(handle.fileno()).st_size > limits.max_file_bytes:
            raise _too_large(limits)
        data = handle.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        raise _too_large(limits)
    return data


def _too_large(limits: Limits) -> LimitError:
    size = size_text(limits.max_file_bytes)
    return LimitError(f"file larger than {size}: refused", code="skip.too_large", size=size)


def file_digest(path: str | Path) -> str:
    """SHA-256 (hex) of the file ``path``, read in blocks, never through a symbolic link."""
    fd = _open_no_follow(Path(path))
    with os.fdopen(fd, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


# --- zip archives (.docx, .odt) -----------------------------------------------------------------

def _declared_members(data: bytes) -> int | None:
    """Number of members the archive's end-of-central-directory record declares, read before
    ``zipfile`` builds one object per member (``None`` when no record is found)."""
    tail = data[-(65_535 + 22):]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    return struct.unpack("<H", tail[at + 10:at + 12])[0]


class _Prolog(Exception):
    """The parse reached the root element: the prolog held no document type declaration."""


class _StopAtRoot(xml.sax.handler.ContentHandler):
    def startElement(self, name, attrs):  # noqa: N802 - SAX API
        raise _Prolog

    def startElementNS(self, name, qname, attrs):  # noqa: N802 - SAX API
        raise _Prolog


def _check_prolog(stream) -> None:
    """Raise :class:`LimitError` if the XML document in ``stream`` declares a document type
    (and so may declare entities). Only the prolog is read: a DTD can stand nowhere else."""
    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.expatreader import DefusedExpatParser

    parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setContentHandler(_StopAtRoot())
    try:
        parser.parse(stream)
    except _Prolog:
        return
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        raise LimitError("an XML part declares a document type or entities (possible "
                         "\"billion laughs\" entity expansion): refused",
                         code="skip.xml_entities") from None
    except xml.sax.SAXException:
        raise LimitError("an XML part is malformed", code="skip.xml_malformed") from None


def check_zip(data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse the zip archive ``data`` (a ``.docx`` or ``.odt``) before it is unpacked if it
    declares more than ``limits.max_zip_members`` parts, more than
    ``limits.max_unpacked_bytes`` in all, an XML part over ``limits.max_xml_bytes``, or an XML
    part with a document type declaration. Raises :class:`LimitError`, or
    ``zipfile.BadZipFile`` for a file that is no zip archive."""
    declared = _declared_members(data)
    if declared is not None and declared > limits.max_zip_members:
        raise LimitError(f"archive declares {declared} parts (limit {limits.max_zip_members}): "
                         "refused", code="skip.zip_members", n=declared,
                         limit=limits.max_zip_members)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > limits.max_zip_members:
            raise LimitError(f"archive holds {len(members)} parts (limit "
                             f"{limits.max_zip_members}): refused", code="skip.zip_members",
                             n=len(members), limit=limits.max_zip_members)
        total = sum(m.file_size for m in members)
        if total > limits.max_unpacked_bytes:
            raise LimitError(
                f"unpacks to {size_text(total)}, over the limit of "
                f"{size_text(limits.max_unpacked_bytes)} (zip bomb?): refused before unpacking",
                code="skip.zip_bomb", size=size_text(total),
                limit=size_text(limits.max_unpacked_bytes))
        for member in members:
            if member.is_dir() or member.file_size == 0:
                continue
            with archive.open(member) as stream:
                head = stream.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
            if not head.startswith(b"<"):
                continue  # not XML (an image, the mimetype): never parsed
            if member.file_size > limits.max_xml_bytes:
                raise LimitError(
                    f"XML part {member.filename!r} unpacks to {size_text(member.file_size)}, "
                    f"over the limit of {size_text(limits.max_xml_bytes)}: refused before "
                    "unpacking", code="skip.xml_too_large", part=member.filename,
                    size=size_text(member.file_size), limit=size_text(limits.max_xml_bytes))
            with archive.open(member) as stream:
                _check_prolog(stream)


# --- YAML --------------------------------------------------------------------------------------

class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases (``*name``): an input never needs them and they
    make a few bytes stand for gigabytes (the "billion laughs" of YAML)."""

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML API
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            line = event.start_mark.line + 1 if event.start_mark else 0
            raise LimitError(f"YAML alias (*{event.anchor}) at line {line}: aliases are not "
                             "allowed in an input file", code="skip.yaml_alias",
                             alias=str(event.anchor), line=line)
        return super().compose_node(parent, index)


def load_yaml(text: str, *, limits: Limits = DEFAULT_LIMITS, first_line: int = 1,
              what: str = "YAML") -> object:
    """Parse YAML ``text`` safely: plain data only, no alias, at most ``limits.max_yaml_bytes``.
    Raises :class:`LimitError` past a limit and :class:`ReaderError` ("malformed <what> at
    line N: ...", lines counted from ``first_line``) for malformed YAML."""
    part = "front_matter" if what == "front matter" else "yaml"  # the codes of its errors
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_yaml_bytes:
        raise LimitError(f"YAML of {size_text(size)}, over the limit of "
                         f"{size_text(limits.max_yaml_bytes)}: refused", code="skip.yaml_too_large",
                         size=size_text(size), limit=size_text(limits.max_yaml_bytes))
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + first_line}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ReaderError(f"malformed {what}{where}: {problem}",
                          code=f"skip.{part}_malformed",
                          line=mark.line + first_line if mark is not None else 0) from None
    except RecursionError:
        raise LimitError(f"{what} nested too deeply: refused",
                         code=f"skip.{part}_nested") from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date 2019-13-45
        raise ReaderError(f"malformed {what}: invalid value ({exc})",
                          code=f"skip.{part}_value") from None


__all__ = ["DEFAULT_LIMITS", "LimitError", "Limits", "check_zip", "file_digest", "load_yaml",
           "read_input", "size_text"]
