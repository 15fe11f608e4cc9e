"""The segments of an ingested event: the texts of a document (:func:`text_numbers`), long
paragraphs cut (:func:`split_long`), and the rows of the segments table built document by
document (:class:`SegmentRows`)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from insights.clean import Pseudonymizer
from insights.ingest_entries import Private, entry, note_entry
from insights.readers import RawDocument
from insights.readers.iramuteq import mask_variables
from insights.schema import SEGMENT_COLUMNS, SEGMENT_EXTRA_COLUMNS

ALL_SEGMENT_COLUMNS = SEGMENT_COLUMNS + SEGMENT_EXTRA_COLUMNS


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


class SegmentRows:
    """The segment rows of an event, built document by document, with the ``read`` entries
    of the report and the warnings found on the way (paths and texts pseudonymised)."""

    def __init__(self, engine: Pseudonymizer, unknown: dict, sessions: pd.DataFrame,
                 event_id: str, limit: int):
        self.engine, self.unknown, self.event_id = engine, unknown, event_id
        self.limit = limit
        self.session_info = {r.session: (r.title, r.start)
                             for r in sessions.itertuples(index=False)}
        self.rows: list[dict] = []
        self.read: list[dict] = []
        self.warnings: list[dict] = []

    def speaker(self, name: str) -> tuple[str, str]:
        name = " ".join(name.split())
        if not name:
            return "", ""
        return self.engine.speaker(name) or (self.unknown.get(name, self.engine(name)), "")

    def add(self, rel: str, source: str, document: RawDocument, block_sessions: list[str],
            private: Private) -> None:
        """The rows of one document, its ``read`` entry and its warnings."""
        first_row = len(self.rows)
        first_of_text: dict[int, str] = {}
        # the file's author speaks its blocks when no block names a speaker
        author = "" if any(b.speaker for b in document.blocks) else (
            document.meta.get("speaker") or document.meta.get("author") or "")
        for block, session, text_no in zip(document.blocks, block_sessions,
                                           text_numbers(document)):
            pieces = split_long(block.text, self.limit)
            if len(pieces) > 1:
                self.warnings.append(entry(source, (
                    f"line {block.line}: a paragraph of {len(block.text):,} characters split into "
                    f"{len(pieces)} segments of at most {self.limit:,} "
                    "characters (at sentence ends)").replace(",", " "), "warn.paragraph_split",
                    {"line": block.line, "chars": len(block.text), "n": len(pieces),
                     "limit": self.limit}, key="message"))
            common = self.common(block, session, document, source, author)
            for piece in pieces:  # the pieces of a split paragraph stay in its text
                segment_id = f"{source}#{len(self.rows) - first_row + 1}"
                first_of_text.setdefault(text_no, segment_id)
                self.rows.append({"segment_id": segment_id, **common,
                                  "text": self.engine(piece), "text_id": first_of_text[text_no]})
        mine = self.rows[first_row:]
        item = {
            "path": source, "format": Path(rel).suffix.lower(), "segments": len(mine),
            "session": ";".join(sorted(set(block_sessions), key=list(self.session_info).index)),
            "kind": ";".join(sorted({r["kind"] for r in mine})),
            "encoding": document.encoding, "newline": document.newline,
            "texts": len(first_of_text),
        }
        if document.headings:
            item["headings_skipped"] = document.headings
        self.read.append(item)
        self.warnings += [private.entry(note_entry(rel, n)) for n in document.notes]

    def common(self, block, session: str, document: RawDocument, source: str,
               author: str) -> dict:
        """The columns a block gives each of its segments, but ``segment_id``, ``text`` and
        ``text_id``."""
        engine = self.engine
        speaker, profile = self.speaker(block.speaker or block.fields.get("author", "") or author)
        title, start = self.session_info[session]
        return {
            "event": self.event_id, "session": session, "session_title": title,
            "session_start": start,
            "group": engine(block.fields.get("group") or document.meta.get("group", "")),
            "kind": engine(block.fields.get("kind") or document.meta.get("kind")
                           or document.kind),
            "speaker": speaker, "source": source, "line": block.line,
            "profile": profile or engine(block.fields.get("profile", "")),
            "category": engine(block.fields.get("category", "")),
            "variables": mask_variables(block.fields.get("variables", ""), engine),
        }

    def frame(self) -> pd.DataFrame:
        segments = pd.DataFrame(self.rows, columns=ALL_SEGMENT_COLUMNS)
        for column in ALL_SEGMENT_COLUMNS:
            segments[column] = segments[column].astype("int64" if column == "line" else str)
        return segments



__all__ = ["ALL_SEGMENT_COLUMNS", "SegmentRows", "split_long", "text_numbers"]
