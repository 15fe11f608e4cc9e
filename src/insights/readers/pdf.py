"""PDF deliverables (``.pdf`` with pypdf): paragraphs of the extracted text.

pypdf gives lines, not paragraphs. With the lines' positions and font sizes (pypdf's text
visitor), a paragraph ends at a wider vertical gap, a change of font size or before a bullet,
and larger-font paragraphs are headings (skipped and counted). Without positions, a paragraph
ends at a blank line, before a bullet line, or after a line that closes a sentence (``.``,
``!``, ``?``, ``…``, ``»``, ``:``) while being clearly shorter than the page's longest line. Lines inside a paragraph are joined with a space; a word
cut by a hyphen at a line end (``solida-`` / ``rités``) is glued back. ``line`` is the 1-based
paragraph index within the document.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from insights.readers import (
    DEFAULT_LIMITS, Block, Limits, RawDocument, ReaderError, check_chars, read_input, register,
    split_speaker,
)
from insights.readers.office import corrupt

_BULLET = re.compile(r"^(?:[-*•‣◦▪–]|\d{1,3}[.)])\s+")
_END = ("." , "!", "?", "…", "»", ":", ";")
_SHORT = 0.8


def _join(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if not text:
            text = line
        elif re.search(r"[^\W\d_]-$", text) and line[:1].islower():
            text = text[:-1] + line
        elif text.endswith("-") and line[:1].isalpha():
            text = text + line
        else:
            text = f"{text} {line}"
    return text


def paragraphs(page_texts: list[str]) -> list[str]:
    """Rebuild paragraphs from the text of each page (see the module docstring)."""
    out: list[str] = []
    current: list[str] = []
    for page in page_texts:
        lines = [" ".join(line.replace("\u00ad", "").split()) for line in page.split("\n")]
        width = max((len(line) for line in lines), default=0)
        for line in lines:
            if not line:
                if current:
                    out.append(_join(current))
                    current = []
                continue
            if current and _BULLET.match(line):
                out.append(_join(current))
                current = []
            current.append(line)
            if line.endswith(_END) and len(line) < _SHORT * width:
                out.append(_join(current))
                current = []
    if current:
        out.append(_join(current))
    return [p for p in out if p.strip()]


def _page_lines(page) -> list[tuple[str, float, float]]:
    """``(text, y, font size)`` of each text line of ``page``, top to bottom (pypdf visitor)."""
    fragments: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size) -> None:
        if not text.strip():
            return
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        fragments.append((text, y, (size or 0.0) * scale))

    page.extract_text(visitor_text=visit)
    lines: list[list] = []
    for text, y, size in fragments:
        if lines and abs(lines[-1][1] - y) < 1.0:
            lines[-1][0] += text
            lines[-1][2] = max(lines[-1][2], size)
        else:
            for part in text.split("\n"):
                lines.append([part, y, size])
    return [(" ".join(t.replace("\u00ad", "").split()), y, z) for t, y, z in lines if t.strip()]


def layout_paragraphs(pages: list[list[tuple[str, float, float]]]) -> list[tuple[str, bool]]:
    """Rebuild ``(paragraph, is_heading)`` from positioned lines: a paragraph ends at a vertical
    gap clearly wider than the usual line spacing, at a change of font size, before a bullet,
    or at a page end after a sentence end. A paragraph set in a larger font than the body text
    is a heading."""
    sizes: dict[float, int] = {}
    gaps: list[float] = []
    for lines in pages:
        for i, (text, y, size) in enumerate(lines):
            sizes[round(size, 1)] = sizes.get(round(size, 1), 0) + len(text)
            if i and abs(size - lines[i - 1][2]) < 0.5 and 0.8 * size < lines[i - 1][1] - y:
                gaps.append(lines[i - 1][1] - y)
    if not sizes:
        return []
    body = max(sizes, key=lambda z: (sizes[z], -z))
    usual = min(gaps, default=0.0)  # line spacing: the paragraph gaps are the wider ones
    out: list[tuple[str, bool]] = []
    current: list[str] = []
    current_size = 0.0

    def flush() -> None:
        nonlocal current
        if current:
            out.append((_join(current), current_size > body * 1.1))
        current = []

    for lines in pages:
        for i, (text, y, size) in enumerate(lines):
            if current and i:
                gap = lines[i - 1][1] - y
                if (abs(size - current_size) >= 0.5 or _BULLET.match(text)
                        or (usual and gap > usual * 1.3) or gap < 0):
                    flush()
            elif current and not i and current[-1].endswith(_END):
                flush()
            if not current:
                current_size = size
            current.append(text)
    flush()
    return out


@register(".pdf")
def read_pdf(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read a PDF's text layer as paragraphs (headings skipped and counted); a PDF without
    text (a scan) gives no block. More than ``limits.max_pdf_pages`` pages, or more text than
    ``limits.max_file_chars``, is refused (pypdf bounds each stream it inflates)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    data = read_input(path, limits=limits)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ReaderError("encrypted PDF: cannot extract its text", code="skip.pdf_encrypted")
        if len(reader.pages) > limits.max_pdf_pages:
            raise ReaderError(f"PDF of {len(reader.pages)} pages (limit {limits.max_pdf_pages}): "
                              "refused", code="skip.pdf_pages", n=len(reader.pages),
                              limit=limits.max_pdf_pages)
        pages, chars = [], 0
        for page in reader.pages:
            pages.append(_page_lines(page))
            chars += sum(len(text) for text, _, _ in pages[-1])
            check_chars(chars, limits)
        if any(len({round(y, 1) for _, y, _ in lines}) < min(len(lines), 2) for lines in pages):
            # no usable positions: fall back on the plain text and line-length heuristics
            items = [(p, False) for p in paragraphs([page.extract_text() or "" for page in reader.pages])]
        else:
            items = layout_paragraphs(pages)
    except ReaderError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise corrupt("PDF", ".pdf", exc) from None
    blocks: list[Block] = []
    headings = 0
    for number, (text, heading) in enumerate(items, start=1):
        if heading:
            headings += 1
            continue
        bullet = _BULLET.match(text)
        if bullet:
            text = text[bullet.end():]
        turn = split_speaker(text)
        if turn and turn[1]:
            blocks.append(Block(text=turn[1], line=number, speaker=turn[0],
                                speaker_from="bullet" if bullet else "turn", prefixed=text,
                                section=headings))
        else:
            blocks.append(Block(text=text, line=number, section=headings))
    notes = [] if items or not reader.pages else ["no text layer (scanned PDF?)"]
    return RawDocument(blocks=blocks, kind="livrable", headings=headings, notes=notes)
