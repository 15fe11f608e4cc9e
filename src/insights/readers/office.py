"""Word and OpenDocument deliverables (``.docx`` with python-docx, ``.odt`` with odfpy).

Each non-empty paragraph, list item and table cell is a block; headings are skipped and
counted. ``line`` is the 1-based index of the block among the document's non-empty blocks
(headings included), in reading order; each heading opens a new section (``Block.section``).
A paragraph starting with ``Prénom :`` is a speaker turn.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from insights.readers import (
    DEFAULT_LIMITS, Block, Limits, RawDocument, ReaderError, check_chars, read_input, register,
    split_speaker,
)
from insights.readers.safety import check_zip


def _checked_archive(path: Path, limits: Limits, what: str) -> io.BytesIO:
    """The bytes of the archive ``path``, checked by :func:`check_zip` before any library
    unpacks them (a zip bomb or an XML entity bomb is refused here)."""
    data = read_input(path, limits=limits)
    try:
        check_zip(data, limits=limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise corrupt(what, path.suffix.lower(), exc) from None
    return io.BytesIO(data)


def corrupt(what: str, ext: str, exc: BaseException) -> ReaderError:
    """The error of a document (``what``, English) that is not a valid ``ext`` file."""
    return ReaderError(f"corrupt or unreadable {what} ({type(exc).__name__}): not a valid {ext}",
                       code="skip.corrupt", ext=ext, error=type(exc).__name__)


def _checked_items(items: list[tuple[str, str]], limits: Limits) -> list[tuple[str, str]]:
    check_chars(sum(len(text) for text, _ in items), limits)
    return items


def _blocks_from(items: list[tuple[str, str]]) -> tuple[list[Block], int]:
    """``items`` are ``(text, role)`` in reading order, role ``"heading"``, ``"paragraph"``,
    ``"list"`` or ``"cell"``."""
    blocks: list[Block] = []
    headings = 0
    index = 0
    for text, role in items:
        text = " ".join(text.split())
        if not text:
            continue
        index += 1
        if role == "heading":
            headings += 1
            continue
        turn = split_speaker(text)
        if turn and turn[1]:
            blocks.append(Block(text=turn[1], line=index, speaker=turn[0], speaker_from="turn" if role == "paragraph" else "bullet",
                                prefixed=text, section=headings))
        else:
            blocks.append(Block(text=text, line=index, section=headings))
    return blocks, headings


# --- docx ----------------------------------------------------------------------------------

def _docx_items(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[tuple[str, str]]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    stream = _checked_archive(path, limits, "Word document")
    try:
        document = docx.Document(stream)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise corrupt("Word document", ".docx", exc) from None
    items: list[tuple[str, str]] = []

    def walk(container) -> None:
        for child in container.iter_inner_content():
            if isinstance(child, Paragraph):
                style = (child.style.name if child.style is not None else "") or ""
                if style.lower().startswith(("heading", "titre", "title")):
                    role = "heading"
                elif "list" in style.lower() or "liste" in style.lower() or (
                    child._p.pPr is not None and child._p.pPr.numPr is not None
                ):
                    role = "list"
                else:
                    role = "paragraph"
                items.append((child.text, role))
            elif isinstance(child, Table):
                seen: list = []  # holding the elements keeps their identity stable
                for row in child.rows:
                    for cell in row.cells:
                        if any(cell._tc is tc for tc in seen):  # merged cells come back once
                            continue                             # per grid slot
                        seen.append(cell._tc)
                        items.append(("\n".join(p.text for p in cell.paragraphs), "cell"))

    walk(document)
    return _checked_items(items, limits)


@register(".docx")
def read_docx(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read a Word document: paragraphs, list items and table cells."""
    blocks, headings = _blocks_from(_docx_items(path, limits))
    return RawDocument(blocks=blocks, kind="livrable", headings=headings)


# --- odt -----------------------------------------------------------------------------------

def _odt_items(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[tuple[str, str]]:
    from odf import teletype
    from odf.namespaces import TABLENS, TEXTNS
    from odf.opendocument import load

    stream = _checked_archive(path, limits, "OpenDocument file")
    try:
        document = load(stream)
    except Exception as exc:  # odfpy raises zipfile, KeyError or XML errors on bad files
        raise corrupt("OpenDocument file", ".odt", exc) from None
    items: list[tuple[str, str]] = []

    def walk(node, in_list: bool = False) -> None:
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname == (TEXTNS, "h"):
                items.append((teletype.extractText(child), "heading"))
            elif qname == (TEXTNS, "p"):
                items.append((teletype.extractText(child), "list" if in_list else "paragraph"))
            elif qname == (TABLENS, "table-cell"):
                texts = [teletype.extractText(p) for p in child.childNodes
                         if getattr(p, "qname", None) in ((TEXTNS, "p"), (TEXTNS, "h"))]
                items.append(("\n".join(texts), "cell"))
            elif qname is not None:
                walk(child, in_list or qname == (TEXTNS, "list"))

    walk(document.text)
    return _checked_items(items, limits)


@register(".odt")
def read_odt(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read an OpenDocument text: paragraphs, list items and table cells."""
    blocks, headings = _blocks_from(_odt_items(path, limits))
    return RawDocument(blocks=blocks, kind="livrable", headings=headings)
