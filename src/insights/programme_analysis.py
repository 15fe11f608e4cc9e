"""Several events compared: each theme measured in each event, read as shared or particular.

``analyse_programme(programme)`` fits the themes (NMF, codebook, Reinert) on all the events of
a :class:`~insights.programme.Programme` together, then measures each theme in each event
(:func:`theme_by_event`) and reads it with a stated rule (:func:`event_scope`);
``run_programme`` writes every output (the report is :mod:`insights.report_programme`).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .config import AnalysisConfig, build_config
from .errors import bad_value, check_choice, check_float, renamed
from .messages_fr import fr
from .pipeline import AnalysisResults, EventTables, input_hashes, progress_line, quote_table
from .programme import Programme, qualify_id, read_programme
from .read import Event, write_ingest
from .schema import QUOTE_COLUMNS, THEME_COLUMNS, ThemeResult
from .timings import Timings, timed

#: columns of the programme's ``quotes.csv``: the day's, with the event of each quote
PROGRAMME_QUOTE_COLUMNS = QUOTE_COLUMNS[:4] + ["event"] + QUOTE_COLUMNS[4:]
#: columns of the programme's ``themes.csv``: the contract's, then how the theme spreads
#: over the events (see :func:`event_scope`)
PROGRAMME_THEME_COLUMNS = THEME_COLUMNS + ["events", "scope", "recurrence", "peak_event"]
#: the codes of :func:`event_scope`
SCOPES = ("shared", "dominant", "partial", "particular", "single", "absent")


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
    from .themes import theme_shares
    from .themes.results import themes_and_assignments

    require_columns(segments, "segments", ["segment_id", "event"])
    ids = list(events) if events is not None else sorted(set(segments["event"].astype(str)))
    shares = theme_shares(results, segments, by="event")
    themes, _ = themes_and_assignments(results)
    out = shares[["theme", "method"]].copy()
    out["label"] = themes["label"].astype(str).to_numpy()
    for event_id in ids:
        out[event_id] = shares[event_id].to_numpy() if event_id in shares else 0.0
    return out


def _check_ratios(shared_ratio: float, particular_ratio: float) -> None:
    """``1 <= shared_ratio <= particular_ratio``, else ``InvalidArgumentError``."""
    check_float("particular_ratio", particular_ratio,
                minimum=check_float("shared_ratio", shared_ratio, minimum=1))


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
    """French reading of :func:`event_scope` (``messages_fr`` ``programme.scope.*``):
    « commun à tous les ateliers », « propre à
    Rennes (28/11/2019) », « surtout présent à … », « partagé par : … », « un seul
    atelier », « absent »."""
    names = [labels.get(s, s) for s in strong]
    check_choice("scope", scope, SCOPES)
    if scope in ("particular", "dominant") and not names:
        return ""
    return fr(f"programme.scope.{scope}", name=names[0] if names else "",
              names=", ".join(names))


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
    from .themes.results import themes_and_assignments

    labels = labels or {}
    by_event = theme_by_event(results, segments, events)
    themes, assignments = themes_and_assignments(results)
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
    quotes = quote_table(results, reinert, segments.assign(session=segments["event"]), n)
    where = segments.set_index("segment_id")
    quotes["event"] = where.loc[quotes["segment_id"], "event"].to_numpy()
    quotes["session"] = where.loc[quotes["segment_id"], "session"].to_numpy()
    return quotes[PROGRAMME_QUOTE_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------- analysis
@dataclass(kw_only=True)
class ProgrammeAnalysis(EventTables, AnalysisResults):
    """Every table of the programme report (keyword arguments only): those of
    :class:`~insights.pipeline.AnalysisResults` (``tokens``: the combined segments annotated
    together; ``specificities`` of the variable ``event``; ``theme_results`` fitted on all
    events together; ``themes``: :func:`programme_theme_summary`; ``quotes`` with
    ``event``), and ``theme_by_event``.
    """

    programme: Programme
    theme_by_event: pd.DataFrame

    @property
    def event(self) -> Event:
        """The programme's events as one (:attr:`Programme.combined`): ``segments`` are
        every event's segments (ids unique across events), ``sessions`` every event's."""
        return self.programme.combined

    @property
    def events(self) -> pd.DataFrame:
        """One row per event in date order (``events.csv``)."""
        return self.programme.table

    def theme_table(self, *, method: str | None = None, scope: str | None = None
                    ) -> pd.DataFrame:
        """The themes' share in each event with their reading: ``theme_by_event``'s columns
        (``theme``, ``method``, ``label``, one per event id) then ``scope`` and
        ``recurrence``; only ``method``'s themes and only those of ``scope`` (a code of
        :data:`SCOPES`) when given. Raises ``InvalidArgumentError`` for an unknown value."""
        methods = sorted(set(self.themes["method"].astype(str)))
        if method is not None and method not in methods:
            raise bad_value("method", method, methods)
        if scope is not None and scope not in SCOPES:
            raise bad_value("scope", scope, SCOPES)
        table = self.theme_by_event.merge(self.themes[["method", "theme", "scope",
                                                      "recurrence"]], on=["method", "theme"])
        keep = pd.Series(True, index=table.index)
        if method is not None:
            keep &= table["method"] == method
        if scope is not None:
            keep &= table["scope"] == scope
        return table[keep].reset_index(drop=True)

    def theme_quotes(self, theme: str | None = None, *, method: str = "codebook"
                     ) -> pd.DataFrame:
        """The quotes of ``theme`` of ``method`` (default: the theme of that method carried by
        the most segments), in rank order, with each quote's event: ``quotes.csv`` columns.
        Raises ``InvalidArgumentError`` for a theme or method the analysis lacks."""
        mine = self.themes[self.themes["method"].astype(str) == method]
        if mine.empty:
            raise bad_value("method", method, sorted(set(self.themes["method"].astype(str))))
        if theme is None:
            theme = str(mine.sort_values(["segments", "theme"], ascending=[False, True],
                                         kind="mergesort")["theme"].iloc[0])
        if theme not in set(mine["theme"].astype(str)):
            raise bad_value("theme", theme, list(mine["theme"].astype(str)))
        quotes = self.quotes[(self.quotes["method"] == method) & (self.quotes["theme"] == theme)]
        return quotes.sort_values("rank").reset_index(drop=True)


def programme_config(programme: Programme,
                     config: AnalysisConfig | Mapping[str, Any] | None = None,
                     **settings: Any) -> tuple[AnalysisConfig, list[str]]:
    """The config of a programme's analysis: as :func:`insights.config.build_config`, over
    the events' own settings (``analysis:`` of their ``event.yaml``) when they all agree, else
    over the defaults, with a French note saying so. ``shared_ratio`` and
    ``particular_ratio`` are taken for ``programme_shared_ratio`` / ``…_particular_ratio``."""
    for short in ("shared_ratio", "particular_ratio"):
        if short in settings:
            settings[f"programme_{short}"] = settings.pop(short)
    own = [e.meta.get("analysis") or {} for e in programme.events]
    agree = all(o == own[0] for o in own)
    notes = [] if agree else [fr("pipeline.configs_differ")]
    return build_config(config, base=own[0] if agree else None, **settings), notes


@renamed(n_themes="nmf_k")
def analyse_programme(programme: Programme, *,
                      config: AnalysisConfig | Mapping[str, Any] | None = None,
                      cache_dir: Path | None = None,
                      progress: Callable[[str], None] | None = None,
                      timings: Timings | None = None, **settings: Any) -> ProgrammeAnalysis:
    """Analyse the events of ``programme`` together and compare them (writes only the parse
    cache under ``cache_dir``, if given).

    The segments of every event are annotated in one pass (the union of the events' stop
    words; their pseudonyms never counted), so a term is the same term in every event; NMF,
    the codebook and the Reinert classification are fitted on all events together with the
    day report's settings (:func:`insights.pipeline.fit_theme_methods`); each theme is then
    measured in each event (:func:`theme_by_event`) and read as shared or particular with
    :func:`event_scope` (``config.programme``: ``shared_ratio``, ``particular_ratio``).
    Specificities contrast the events. ``config`` and ``settings``: as for
    :func:`insights.analyse` (:func:`programme_config`). ``timings``: a
    :class:`insights.Timings` to fill with the seconds of each stage. Raises
    ``InvalidArgumentError`` for a bad setting, before any work.
    """
    from .pipeline import annotated_terms, fit_theme_methods, run_settings

    config, config_notes = programme_config(programme, config, **settings)
    segments, ids, ratios = programme.segments, programme.ids, config.programme
    tokens, terms, specs = annotated_terms(
        programme.combined, config, cache_dir=cache_dir, progress=progress, timings=timings,
        what=f" of {len(ids)} events", variables=("event",),
        by_session=segments.assign(session=segments["event"] + "/" + segments["session"]))
    with timed(timings, "themes"):
        results, reinert, notes = fit_theme_methods(tokens, segments, programme.codebook,
                                                    config=config, timings=timings,
                                                    cache_dir=cache_dir)
        with timed(timings, "tables"):
            listed = list(results.values())
            themes = programme_theme_summary(listed, segments, ids, labels=programme.labels,
                                             shared_ratio=ratios.shared_ratio,
                                             particular_ratio=ratios.particular_ratio)
            shares = theme_by_event(listed, segments, ids)
        with timed(timings, "quotes"):
            quotes = programme_quotes(results, reinert, segments, n=config.n_quotes)
    progress_line(progress, "themes",
                  f"{len(themes)} themes from {', '.join(results) or 'no method'}")
    inputs = {qualify_id(path, e.id): digest for e in programme.events
              for path, digest in input_hashes(e).items()}
    return ProgrammeAnalysis(
        programme=programme, tokens=tokens, terms=terms, specificities=specs,
        theme_results=results, themes=themes, theme_by_event=shares, quotes=quotes,
        reinert=reinert, settings={**run_settings(config, inputs),
                                   "codebook_source": programme.codebook_source},
        notes=[*programme.notes, *config_notes, *notes], timings=timings, config=config)


# --------------------------------------------------------------------------- outputs
def write_programme_tables(analysis: ProgrammeAnalysis, folder: str | Path) -> list[Path]:
    """Write the programme's data files into the existing ``folder``: ``ingest_report.json``
    (every event's ingest report) and ``segments.parquet`` (the combined segments), then
    ``events.csv``, ``terms.csv``, ``themes.csv``, ``theme_by_event.csv``,
    ``specificities.csv``, ``quotes.csv``. Returns their paths."""
    from .outputs import write_csv

    folder = Path(folder)
    written = write_ingest(analysis.programme.combined, folder)
    tables = {
        "events.csv": analysis.events, "terms.csv": analysis.terms,
        "themes.csv": analysis.themes, "theme_by_event.csv": analysis.theme_by_event,
        "specificities.csv": analysis.specificities, "quotes.csv": analysis.quotes,
    }
    for name, df in tables.items():
        write_csv(df, folder / name)
    return [*written, *(folder / n for n in tables)]


def run_programme(
    event_dirs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    skip_invalid: bool = False,
    codebook: str | Path | Mapping[str, Any] | None = None,
    cache_dir: Path | None | bool = True,
    progress: Callable[[str], None] | None = None,
    timings: Timings | None = None,
    **options: Any,
) -> ProgrammeAnalysis:
    """Read the events at ``event_dirs``, analyse them together and write every output into
    ``out_dir``: the tables (:func:`write_programme_tables`), ``figures/`` and
    ``programme.md`` / ``programme.html`` / ``programme.docx``.

    ``cache_dir=True`` uses the default parse cache of the first event
    (:func:`insights.paths.event_cache_dir`: for the sample events the project's
    ``data/processed/cache``, shared with their day reports); False or None disables it.
    ``options`` go to :func:`analyse_programme`. ``out_dir`` is checked against every event
    folder first (never inside one, never under ``data/raw``) and locked for the whole run;
    it is replaced as a whole, in one step, only once every stage has succeeded. Raises
    ``InvalidInputError`` for bad input, ``InvalidArgumentError`` for an event given twice or
    a bad setting, ``OutputError`` for a refused ``out_dir``.
    """
    from .outputs import atomic_output_dir, check_output_dir
    from .pipeline import cache_folder, progress_line
    from .programme import check_event_dirs
    from .report_programme import write_programme_report

    folders = check_event_dirs(event_dirs)
    for folder in folders:
        check_output_dir(out_dir, folder)
    with atomic_output_dir(out_dir, event_dir=folders[0]) as staging:
        with timed(timings, "ingest"):
            programme = read_programme(folders, skip_invalid=skip_invalid, codebook=codebook)
        progress_line(progress, "ingest",
                      f"{len(programme.segments)} segments from {len(programme.events)} "
                      f"events: {', '.join(programme.ids)}")
        analysis = analyse_programme(programme, cache_dir=cache_folder(cache_dir, folders[0]),
                                     progress=progress, timings=timings, **options)
        progress_line(progress, "report",
                      "figures, programme.md, programme.html, programme.docx")
        with timed(timings, "report"):
            with timed(timings, "tables"):
                write_programme_tables(analysis, staging)
            write_programme_report(analysis, staging, timings=timings)
        published = time.perf_counter()
    if timings is not None:  # the output folder swapped in as a whole
        timings.add("publish", time.perf_counter() - published)
    return analysis

__all__ = [
    "PROGRAMME_QUOTE_COLUMNS", "PROGRAMME_THEME_COLUMNS", "ProgrammeAnalysis", "SCOPES",
    "analyse_programme", "event_scope", "programme_quotes", "programme_theme_summary",
    "run_programme", "scope_label", "theme_by_event", "write_programme_tables",
]
