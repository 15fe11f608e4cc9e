"""Post-its and other one-row-per-idea tables (``.csv``).

Required column ``text``; optional ``session``, ``group``, ``category``, ``author``, ``kind``
(header names are matched ignoring case and surrounding spaces). Comma, semicolon or tab
separated (detected from the header line). ``line`` is the 1-based file line where the row
starts, the header being line 1. Rows with an empty ``text`` are dropped. Each row is a text of
its own (``RawDocument.block_texts``): rows are never merged by any method.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from insights.readers import (
    DEFAULT_LIMITS, Block, Limits, Note, RawDocument, ReaderError, read_text, register,
)

#: optional columns copied onto each block
ROW_FIELDS = ("session", "group", "category", "author", "kind")
DELIMITERS = (";", ",", "\t")


def detect_delimiter(header: str) -> str:
    """The delimiter among ``;``, ``,`` and tab that occurs most in ``header`` (``,`` on a tie
    or when none occurs)."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def read_table(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Parse CSV ``text``: ``(header, [(first_line, row), ...])``, header names stripped and
    lower-cased. Raises :class:`ReaderError` on a malformed table."""
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(first))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise ReaderError("empty table: no header row", code="skip.csv_no_header") from None
    except csv.Error as exc:
        raise ReaderError(f"malformed CSV header: {exc}", code="skip.csv_header") from None
    rows: list[tuple[int, list[str]]] = []
    line = reader.line_num
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            if any(cell.strip() for cell in row):
                rows.append((start, row))
    except csv.Error as exc:
        raise ReaderError(f"malformed CSV near line {reader.line_num}: {exc}",
                          code="skip.csv_malformed", line=reader.line_num) from None
    return header, rows


@register(".csv")
def read_postits(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read a post-it table: one block per row with a non-empty ``text``."""
    notes: list[str] = []
    text, encoding, newline = read_text(path, limits=limits, notes=notes)
    header, rows = read_table(text)
    if "text" not in header:
        found = ", ".join(repr(h) for h in header if h) or "none"
        raise ReaderError(f"no 'text' column (columns found: {found}); 'text' is required",
                          code="skip.no_column", column="text", found=[h for h in header if h])
    index = {name: header.index(name) for name in ("text", *ROW_FIELDS) if name in header}
    blocks: list[Block] = []
    short = 0
    for line, row in rows:
        if len(row) < len(header):
            short += 1
            row = row + [""] * (len(header) - len(row))
        content = " ".join(row[index["text"]].split())
        if not content:
            continue
        fields = {
            name: row[i].strip() for name, i in index.items() if name != "text" and row[i].strip()
        }
        blocks.append(Block(text=content, line=line, fields=fields))
    if short:
        notes.append(Note(f"{short} row(s) with fewer cells than the header", "warn.short_rows",
                          n=short))
    return RawDocument(
        blocks=blocks, kind="postit", encoding=encoding, newline=newline, notes=notes,
        block_texts=True,
    )
