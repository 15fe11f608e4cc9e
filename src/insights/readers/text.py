"""Plain-text and Markdown notes (``.md``, ``.txt``), with optional YAML front matter.

Segments are paragraphs (blank-line separated), bullet items (``-``, ``*``, ``+``, ``•``,
``1.``/``1)``) and speaker turns (``Prénom :`` / ``Prénom Nom :`` at a line start). Markdown
headings are skipped and counted; each opens a new section (``Block.section``). A ``.txt`` whose
texts start with ``****`` lines is an IRaMuTeQ corpus, read by :mod:`insights.readers.iramuteq`.
"""
from __future__ import annotations

import re
from pathlib import Path

from insights.readers import (
    DEFAULT_LIMITS, Block, Limits, RawDocument, ReaderError, iramuteq, read_text, register,
    split_speaker,
)
from insights.readers.safety import load_yaml

#: front-matter keys a file may set, and what they mean for its segments
FRONT_MATTER_KEYS = ("session", "group", "kind", "author", "speaker")

_BULLET = re.compile(r"^\s{0,8}(?:[-*+•‣◦▪–]|\d{1,3}[.)])\s+(?P<rest>.*)$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-{2,})\s*$")
_RULE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:_\s*){3,})$")


def parse_front_matter(text: str, *, limits: Limits = DEFAULT_LIMITS
                      ) -> tuple[dict[str, str], str, int]:
    """Split ``text`` into ``(front_matter, body, body_first_line)``.

    Front matter is a YAML mapping between a first line ``---`` and a closing ``---`` (or
    ``...``) line. Raises :class:`ReaderError` when it is not closed, not valid YAML (aliases
    and more than ``limits.max_yaml_bytes`` refused), not a mapping, or holds a non-scalar
    value for one of :data:`FRONT_MATTER_KEYS`.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, 1
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise ReaderError("malformed front matter: opening '---' line is never closed",
                          code="skip.front_matter_unclosed")
    meta = load_yaml("\n".join(lines[1:end]), limits=limits, first_line=2,
                     what="front matter")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ReaderError(
            f"malformed front matter: expected 'key: value' lines, got a {type(meta).__name__}",
            code="skip.front_matter_not_mapping")
    clean: dict[str, str] = {}
    for key, value in meta.items():
        key = str(key).strip().lower()
        if key in FRONT_MATTER_KEYS:
            if isinstance(value, (dict, list)):
                raise ReaderError(
                    f"malformed front matter: '{key}' must be a single value, "
                    f"got a {type(value).__name__}", code="skip.front_matter_value", key=key)
            if value is not None:
                clean[key] = str(value).strip()
    return clean, "\n".join(lines[end + 1:]), end + 2


def segment_lines(lines: list[str], first_line: int) -> tuple[list[Block], int]:
    """Cut note lines into blocks: paragraphs, bullet items and speaker turns.

    ``first_line`` is the file line number of ``lines[0]``. Returns ``(blocks, headings)``.
    """
    blocks: list[Block] = []
    headings = 0
    current: list[str] = []
    start = 0
    speaker = source = prefix = ""

    def flush() -> None:
        nonlocal current, speaker, source, prefix
        text = " ".join(part.strip() for part in current).strip()
        if text:
            prefixed = " ".join([prefix, text]).strip() if speaker else ""
            blocks.append(Block(text=text, line=start, speaker=speaker, speaker_from=source,
                                prefixed=prefixed, section=headings))
        current, speaker, source, prefix = [], "", "", ""

    for offset, raw in enumerate(lines):
        number = first_line + offset
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        if _HEADING.match(line) or _RULE.match(line):
            flush()
            headings += bool(_HEADING.match(line))
            continue
        if _SETEXT.match(line) and current and len(current) == 1 and not speaker:
            current = []  # the previous line was a setext heading
            headings += 1
            continue
        bullet = _BULLET.match(line)
        content = bullet.group("rest") if bullet else line.strip()
        turn = split_speaker(content)
        if bullet or turn:
            flush()
            start = number
            if turn:
                prefix = content[: len(content) - len(turn[1])].strip() if turn[1] else content
                speaker, content = turn
                source = "bullet" if bullet else "turn"
            current = [content]
            continue
        if not current:
            start = number
        current.append(content)
    flush()
    return blocks, headings


@register(".md", ".txt", ".markdown")
def read_notes(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read a notes file: front matter, then paragraphs, bullet items and speaker turns; or an
    IRaMuTeQ corpus (:mod:`insights.readers.iramuteq`) when its texts start with ``****``."""
    notes: list[str] = []
    text, encoding, newline = read_text(path, limits=limits, notes=notes)
    if path.suffix.lower() == ".txt" and iramuteq.is_corpus(text):
        document = iramuteq.corpus_document(text)
        document.encoding, document.newline = encoding, newline
        document.notes[:0] = notes
        return document
    meta, body, first = parse_front_matter(text, limits=limits)
    blocks, headings = segment_lines(body.split("\n"), first)
    return RawDocument(
        blocks=blocks, kind="notes", meta=meta, encoding=encoding, newline=newline,
        headings=headings, notes=notes,
    )
