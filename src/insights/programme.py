"""A programme: several events read and analysed together, then compared.

``read_programme([dir, ...])`` reads each event folder as :func:`insights.read.read_event`
does and puts the events side by side, in date order: each keeps its own sessions,
participants and pseudonyms, and the combined segment table qualifies what could collide
(segment and text ids are prefixed by the event id, speakers are suffixed with it). The
comparison is :mod:`insights.programme_analysis`, the report :mod:`insights.report_programme`.
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from .charts import format_date
from .errors import InvalidArgumentError, InvalidInputError, bad_value
from .messages_fr import fr
from .read import Event, read_codebook, read_event
from .readers import ReaderError

#: columns of ``events.csv``
EVENT_COLUMNS = ["event", "title", "date", "place", "segments", "words", "participants"]
_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------- qualified names
def qualify_id(value: str, event_id: str) -> str:
    """A segment or text id made unique across events: ``"<event id>/<id>"``."""
    return f"{event_id}/{value}"


def qualify_speaker(speaker: str, event_id: str) -> str:
    """A pseudonym made unique across events: ``"Élue 1 (rennes-2019-11-28)"`` (empty stays
    empty): two events may both have an « Élue 1 », who are not the same person."""
    return f"{speaker} ({event_id})" if speaker else ""


def local_speaker(speaker: str, event_id: str) -> str:
    """The pseudonym of ``speaker`` inside its own event (undoes :func:`qualify_speaker`)."""
    suffix = f" ({event_id})"
    return speaker[: -len(suffix)] if speaker.endswith(suffix) else speaker


def event_label(meta: Mapping[str, Any], event_id: str = "") -> str:
    """Short French name of an event for tables and figures: the last part of its ``place``
    (without a trailing parenthesis) and its date, ``"Rennes (28/11/2019)"``; the event id
    when it has no place."""
    place = str(meta.get("place") or "").rsplit(",", 1)[-1]
    short = re.sub(r"\s*\([^)]*\)\s*$", "", place).strip() or str(meta.get("id") or event_id)
    when = format_date(meta.get("date", ""))
    return f"{short} ({when})" if when else short


def _with_id(label: str, event_id: str) -> str:
    """``"Rennes (28/11/2019)"`` -> ``"Rennes — <event id> (28/11/2019)"``."""
    head, sep, tail = label.rpartition(" (")
    return f"{head} — {event_id} ({tail}" if sep else f"{label} — {event_id}"


# --------------------------------------------------------------------------- reading
@dataclass
class Programme:
    """Several ingested events, in date order, and their combined tables.

    ``events``: each :class:`~insights.read.Event` as read alone. ``combined``: one
    ``Event`` holding every event's segments (``segment_id`` and ``text_id`` prefixed by the
    event id, ``speaker`` suffixed with it, ``session`` and ``source`` as in their own event,
    ``event`` telling which), the programme's codebook (``codebook_source``: ``"events"``
    for the union of the events' codebooks, else the file given), the union of the events'
    stop words, pseudonyms and supplementary / active forms, and as ``report`` the
    programme's ingest report.
    ``table``: one row per event, the columns of ``events.csv``. ``sessions``: every
    event's sessions, columns ``event``, ``session``, ``title``, ``start``, ``order``.
    ``labels``: event id -> short French name (:func:`event_label`).
    """

    events: list[Event]
    combined: Event
    table: pd.DataFrame
    sessions: pd.DataFrame
    labels: dict[str, str]
    codebook_source: str = "events"
    notes: list[str] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        """The event ids, in date order."""
        return [e.id for e in self.events]

    @property
    def segments(self) -> pd.DataFrame:
        """Every event's segments in one table (ids unique across events)."""
        return self.combined.segments

    @property
    def codebook(self) -> dict | None:
        """The codebook the programme is coded with (None: no codebook)."""
        return self.combined.codebook

    def shared_pseudonyms(self) -> pd.DataFrame:
        """The pseudonyms found in several events (each a different person in each): one row
        per pseudonym, columns ``pseudonym``, ``events`` (how many) and ``speakers`` (the
        qualified forms of the combined table, ``"; "``-joined), in natural order."""
        seg = self.segments[self.segments["speaker"].astype(str) != ""]
        pairs = pd.DataFrame({
            "pseudonym": [local_speaker(s, e) for s, e in zip(seg["speaker"].astype(str),
                                                              seg["event"].astype(str))],
            "speaker": seg["speaker"].astype(str).to_numpy(),
        }).drop_duplicates()
        groups = pairs.groupby("pseudonym")["speaker"].agg(list)
        groups = groups[groups.map(len) > 1]
        names = sorted(groups.index, key=lambda n: tuple(int(p) if p.isdigit() else p
                                                         for p in re.split(r"(\d+)", n)))
        return pd.DataFrame({"pseudonym": names,
                             "events": [len(groups[n]) for n in names],
                             "speakers": ["; ".join(groups[n]) for n in names]})

    @property
    def title(self) -> str:
        """The programme's name: the ``programme`` the events share, else a description."""
        return str(self.combined.meta.get("title", ""))


def _event_date(event: Event) -> date:
    value = str(event.meta.get("date", ""))
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InvalidInputError(
            [(str(Path(event.path) / "event.yaml"),
              f"date {value!r} is not a date YYYY-MM-DD; a programme orders its events by "
              "date")]) from None


def merge_codebooks(codebooks: Sequence[tuple[str, Mapping[str, Any] | None]]
                    ) -> tuple[dict[str, dict], list[str]]:
    """Union of the codebooks of several events, ``[(event id, codebook or None), ...]`` in
    date order: every theme of any of them, in order of first appearance; a theme id found in
    several codebooks keeps the first label and gathers all their terms (first occurrence
    order). Returns ``(codebook, notes)``: ``notes`` (French) name each theme whose label
    differs between events."""
    merged: dict[str, dict] = {}
    labels: dict[str, dict[str, str]] = {}
    for event_id, book in codebooks:
        for key, theme in (book or {}).items():
            entry = merged.setdefault(key, {"label": theme["label"], "terms": []})
            entry["terms"] += [t for t in theme["terms"] if t not in entry["terms"]]
            labels.setdefault(key, {}).setdefault(theme["label"], event_id)
    notes = [fr("programme.labels_differ", theme=key, label=merged[key]["label"],
                labels=" ; ".join(fr("programme.label_of", label=lab, event=ev)
                                  for lab, ev in names.items()))
             for key, names in labels.items() if len(names) > 1]
    return merged, notes


def check_event_dirs(event_dirs: Sequence[str | Path]) -> list[Path]:
    if isinstance(event_dirs, (str, Path)) or not isinstance(event_dirs, Sequence) \
            or not event_dirs:
        raise bad_value("event_dirs", event_dirs, "a non-empty list of event folders")
    seen: dict[Path, str | Path] = {}
    for given in event_dirs:
        key = Path(os.path.realpath(Path(given).expanduser()))
        if key in seen:
            raise InvalidArgumentError(
                f"invalid value for `event_dirs`: event folder {str(given)!r} is given twice "
                f"(also as {str(seen[key])!r}); allowed: each event folder once")
        seen[key] = given
    return [Path(d) for d in event_dirs]


def _segments_of(event: Event) -> pd.DataFrame:
    seg = event.segments.copy()
    seg["segment_id"] = [qualify_id(s, event.id) for s in seg["segment_id"].astype(str)]
    seg["text_id"] = [qualify_id(s, event.id) for s in seg["text_id"].astype(str)]
    seg["speaker"] = [qualify_speaker(s, event.id) for s in seg["speaker"].astype(str)]
    seg["event"] = event.id
    return seg


def _event_row(event: Event) -> dict[str, Any]:
    rep = event.report or {}
    has_list = any(c.get("role") == "participants" for c in rep.get("config", []))
    return {
        "event": event.id, "title": str(event.meta.get("title", "")),
        "date": str(event.meta.get("date", ""))[:10], "place": str(event.meta.get("place", "")),
        "segments": len(event.segments),
        "words": int(sum(len(_WORD.findall(t)) for t in event.segments["text"].astype(str))),
        "participants": int(rep.get("pseudonymisation", {}).get("participants", 0))
        if has_list else pd.NA,
    }


def _programme_title(events: Sequence[Event]) -> str:
    names = {str(e.meta.get("programme") or "").strip() for e in events}
    if len(names) == 1 and "" not in names:
        return names.pop()
    return fr("programme.title", n=len(events)) if len(events) > 1 else fr("programme.title_one")


def _read_events(folders: Sequence[Path], skip_invalid: bool) -> list[Event]:
    """Every event of ``folders``, by date then id; one error listing every invalid file of
    every event, or naming an event id held by two folders."""
    events: list[Event] = []
    problems: list[tuple[str, str]] = []
    for folder in folders:
        try:
            events.append(read_event(folder, skip_invalid=skip_invalid))
        except InvalidInputError as exc:
            problems += [(p if Path(p).is_absolute() or p == str(folder) else
                          str(folder / p), r) for p, r in exc.problems]
    if problems:
        raise InvalidInputError(problems, hint=None if skip_invalid else
                                "Fix these files, or skip them with skip_invalid=True "
                                "(command line: --skip-invalid).")
    by_id: dict[str, Event] = {}
    for event in events:
        if event.id in by_id:
            raise InvalidArgumentError(
                f"invalid value for `event_dirs`: event {event.id!r} is given twice (folders "
                f"{str(by_id[event.id].path)!r} and {str(event.path)!r} hold the same event "
                "id in event.yaml); allowed: each event once")
        by_id[event.id] = event
    return sorted(events, key=lambda e: (_event_date(e), e.id))


def _programme_codebook(events: Sequence[Event],
                        codebook: str | Path | Mapping[str, Any] | None
                        ) -> tuple[dict, str, list[str]]:
    """``(codebook, source, notes)``: the union of the events' codebooks (source
    ``"events"``), or the grid given as a mapping (``"argument"``) or a file (its path)."""
    if codebook is None:
        book, notes = merge_codebooks([(e.id, e.codebook) for e in events])
        return book, "events", notes
    if isinstance(codebook, Mapping):
        return {str(k): dict(v) for k, v in codebook.items()}, "argument", []
    try:
        book, _ = read_codebook(Path(codebook))
    except (ReaderError, OSError) as exc:
        raise InvalidInputError([(str(codebook), str(exc))]) from None
    return book, str(codebook), []


def _combined_event(events: Sequence[Event], codebook: dict, source: str,
                    sessions: pd.DataFrame) -> Event:
    """One ``Event`` holding every event's segments (see :class:`Programme`)."""
    title = _programme_title(events)
    report = {
        "programme": title,
        "events": [e.id for e in events],
        "codebook": {"source": source, "themes": len(codebook)},
        "event_reports": {e.id: e.report for e in events},
        "totals": {k: sum(int(e.report.get("totals", {}).get(k, 0)) for e in events)
                   for k in ("files_read", "files_skipped", "files_ignored", "segments")},
    }
    meta = {"id": "programme", "title": title, "programme": title,
            "date": str(events[0].meta.get("date", "")),
            "date_end": str(events[-1].meta.get("date", "")), "events": [e.id for e in events]}
    return Event(
        id="programme", path=Path(os.path.commonpath([os.path.realpath(e.path) for e in events])),
        meta=meta, sessions=sessions,
        segments=pd.concat([_segments_of(e) for e in events], ignore_index=True),
        report=report, codebook=codebook or None,
        stopwords=sorted({w for e in events for w in e.stopwords}),
        pseudonyms=sorted({p for e in events for p in e.pseudonyms}),
        hashes={qualify_id(k, e.id): v for e in events for k, v in e.hashes.items()},
        supplementary={c: sorted({w for e in events for w in e.supplementary.get(c, [])})
                       for c in sorted({c for e in events for c in e.supplementary})},
        active=sorted({w for e in events for w in e.active}),
    )


def read_programme(
    event_dirs: Sequence[str | Path],
    *,
    skip_invalid: bool = False,
    codebook: str | Path | Mapping[str, Any] | None = None,
) -> Programme:
    """Read several event folders (each as :func:`insights.read_event`) into a
    :class:`Programme`, events ordered by date (then id).

    ``codebook``: a programme grid (a ``codebook.yaml`` file, or a ``{theme: {label, terms}}``
    mapping) used instead of the union of the events' codebooks (:func:`merge_codebooks`).
    Raises ``InvalidArgumentError`` when the list is empty or names one folder twice (or two
    folders holding the same event id), ``InvalidInputError`` for bad input in any event
    (every event is read before that error is raised, so it lists every invalid file of
    every event) or a bad ``codebook`` file. A programme of one event is allowed.
    """
    events = _read_events(check_event_dirs(event_dirs), skip_invalid)
    book, source, notes = _programme_codebook(events, codebook)
    labels = {e.id: event_label(e.meta, e.id) for e in events}
    if len(set(labels.values())) < len(labels):  # two events at one place on one day
        labels = {k: _with_id(v, k) for k, v in labels.items()}
    sessions = pd.concat([e.sessions.assign(event=e.id) for e in events], ignore_index=True)
    sessions = sessions[["event", "session", "title", "start", "order"]]
    table = pd.DataFrame([_event_row(e) for e in events], columns=EVENT_COLUMNS)
    table["participants"] = table["participants"].astype("Int64")
    return Programme(events=events, combined=_combined_event(events, book, source, sessions),
                     table=table, sessions=sessions, labels=labels, codebook_source=source,
                     notes=notes)

__all__ = [
    "EVENT_COLUMNS", "Programme", "event_label", "local_speaker", "merge_codebooks",
    "qualify_id", "qualify_speaker", "read_programme",
]
