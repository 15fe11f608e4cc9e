"""Export an event as an IRaMuTeQ corpus, the format researchers cross-check our analyses in.

One text per text unit (``text_id``: a post-it, a questionnaire row, a speaker turn, a section
of notes), in segment order: a line ``**** *session_<id> *group_<g> *kind_<k> *profile_<p>
*event_<id>``, then one line per segment, then a blank line. The rules are those of
IRaMuTeQ's own parser (``corpus.py``: a line starting with ``****`` opens a text, its
whitespace-separated tokens are the starred variables, the variable is what precedes the first
``_``; a line starting with ``-*`` is a thematic; forms written ``_x_`` in a text count as
starred variables) and of the corpora it is fed:

- a variable is ``*name_modality``: names here are plain ASCII words without ``_``;
  modalities are written by :func:`~insights.readers.iramuteq.modality` (accents folded,
  lower case, spaces and every other sign turned into ``-``, so ``_`` is only ever the
  separator); a variable with no value for a text (no group, no profile) is left out of its
  line rather than given an invented modality;
- a text keeps its accents and punctuation (UTF-8, IRaMuTeQ's recommended encoding), each
  segment on one line (its line breaks made spaces), with the star removed (``*`` is
  IRaMuTeQ's variable mark, so no text line can start with ``****`` or ``-*``) and the
  underscores around a word removed (``_rire_`` would be read as a starred form).

The text is the ingest's: pseudonymised, contacts masked. :mod:`insights.readers.iramuteq`
reads such a file back (one text per ``****`` line).
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .errors import InvalidArgumentError, bad_value, require_columns
from .outputs import OutputError
from .readers.iramuteq import MARK, modality

if TYPE_CHECKING:
    from .read import Event

#: the variables written for each text, in this order
VARIABLES = ("session", "group", "kind", "profile", "event")
_NAME = re.compile(r"^[a-z][a-z0-9]*$")
#: underscores that start or end a word
_EDGE_UNDERSCORES = re.compile(r"(?<!\S)_+|_+(?!\S)")


def clean_text(text: str) -> str:
    """``text`` as one line of an IRaMuTeQ text: ``*`` removed, underscores at either end of
    a word removed, every run of whitespace (line breaks included) made one space."""
    text = _EDGE_UNDERSCORES.sub("", text.replace("*", " "))
    return " ".join(text.split())


def iramuteq_texts(segments: pd.DataFrame, *,
                   variables: Sequence[str] = VARIABLES) -> pd.DataFrame:
    """One row per text of ``segments`` (a segment table with ``text_id``, ``text`` and the
    columns named in ``variables``), in order of first segment: ``text_id``, ``header`` (the
    ``****`` line), ``lines`` (the cleaned segments, a list of str), then one column per
    variable holding its modality (``""`` when the text has none). A text's value of a
    variable is that of its first segment having one. Texts whose every segment cleans to
    nothing are left out. Raises :class:`~insights.errors.InvalidArgumentError` for a
    missing column or a variable name IRaMuTeQ cannot take (lower-case ASCII letters and
    digits only, starting with a letter)."""
    variables = list(variables)
    for name in variables:
        if not _NAME.match(name):
            raise bad_value("variables", name, "lower-case ASCII names without '_', such as "
                                               "'session' or 'profile'")
    require_columns(segments, "segments", ["text_id", "text", *variables])
    if segments.empty:
        raise InvalidArgumentError("invalid value for `segments`: no segment to export; "
                                   "allowed: a segment table with at least one segment")
    frame = segments[["text_id", "text", *variables]].astype(str).copy()
    frame["line"] = frame["text"].map(clean_text)
    rows = []
    for text_id, group in frame.groupby("text_id", sort=False):
        lines = [line for line in group["line"] if line]
        if not lines:
            continue
        row = {"text_id": text_id}
        for name in variables:
            values = [modality(v) for v in group[name]]
            row[name] = next((v for v in values if v), "")
        row["header"] = " ".join([MARK] + [f"*{n}_{row[n]}" for n in variables if row[n]])
        row["lines"] = lines
        rows.append(row)
    return pd.DataFrame(rows, columns=["text_id", "header", "lines", *variables])


def to_iramuteq(segments: pd.DataFrame, *, variables: Sequence[str] = VARIABLES) -> str:
    """The IRaMuTeQ corpus of ``segments`` (see :func:`iramuteq_texts`) as one string: for
    each text its ``****`` line, its segments one per line, then a blank line."""
    texts = iramuteq_texts(segments, variables=variables)
    return "".join(row.header + "\n" + "\n".join(row.lines) + "\n\n"
                   for row in texts.itertuples(index=False))


def write_iramuteq(segments: pd.DataFrame, path: str | Path, *,
                   variables: Sequence[str] = VARIABLES) -> Path:
    """Write :func:`to_iramuteq` of ``segments`` to ``path`` in UTF-8 (LF line ends),
    completely or not at all (a temporary file beside it, then renamed); return the path.
    Raises :class:`~insights.errors.InvalidArgumentError` when ``path``'s folder does not
    exist or ``path`` is a folder."""
    path = Path(path)
    if path.is_dir():
        raise bad_value("path", str(path), "a file name such as corpus.txt, not a folder")
    if not path.parent.is_dir():
        raise bad_value("path", str(path), "a file in an existing folder")
    corpus = to_iramuteq(segments, variables=variables)
    handle, staging = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(corpus)
        os.replace(staging, path)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise
    return path


def check_output_file(out: str | Path, event_dir: str | Path) -> Path:
    """Return the resolved file ``out`` if an export may be written there, else raise
    :class:`~insights.outputs.OutputError` saying why: it is the event folder ``event_dir`` or
    inside it, or lies under a ``data/raw`` folder (raw data is never written to)."""
    target = Path(out).expanduser().resolve()
    event = Path(event_dir).expanduser().resolve()
    if target == event or event in target.parents:
        raise OutputError(f"--out {out}: the corpus must not be written inside the event folder "
                          f"({event_dir}); the input is never written to. Choose a file outside "
                          "it, e.g. reports/<event-id>/corpus.txt")
    if any(f.name == "raw" and f.parent.name == "data" for f in target.parents):
        raise OutputError(f"--out {out}: the corpus would be written under data/raw, where raw "
                          "data lives and is never written to; choose a file outside data/raw")
    return target


def export_iramuteq(event_dir: str | Path, out: str | Path, *, skip_invalid: bool = False,
                    variables: Sequence[str] = VARIABLES) -> Event:
    """Read the event folder ``event_dir`` (as :func:`insights.read_event`, pseudonymised) and
    write its IRaMuTeQ corpus to ``out`` (:func:`write_iramuteq`); return the
    :class:`~insights.read.Event`. Raises :class:`~insights.outputs.OutputError` when ``out``
    lies inside the event folder or under ``data/raw`` (checked before reading), and what
    :func:`insights.read_event` and :func:`write_iramuteq` raise."""
    from .read import read_event

    check_output_file(out, event_dir)
    event = read_event(event_dir, skip_invalid=skip_invalid)
    write_iramuteq(event.segments, out, variables=variables)
    return event


__all__ = ["VARIABLES", "check_output_file", "clean_text", "export_iramuteq", "iramuteq_texts", "to_iramuteq",
           "write_iramuteq"]
