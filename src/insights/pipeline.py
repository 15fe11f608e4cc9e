"""The whole chain in one call: ingest -> annotate -> terms -> themes -> charts -> report.

``analyse`` computes every table in memory (nothing written); ``write_tables`` writes the
contract's data files; ``run_report`` does both plus the figures and the report, atomically.
"""
from __future__ import annotations

import hashlib
import importlib
import platform
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import paths
from .cachekeys import package_versions
from .config import REINERT_METHODS, AnalysisConfig, build_config
from .errors import InsightsError, bad_value, renamed
from .memory import release_memory
from .messages_fr import fr, fr_error
from .outputs import atomic_output_dir, check_output_dir, write_csv
from .read import Event, read_event, write_ingest
from .schema import QUOTE_COLUMNS, ThemeResult
from .timings import Timings, timed

if TYPE_CHECKING:
    import networkx as nx

#: the stages run_report goes through, in order, as shown on the progress line
STAGES = ("ingest", "annotate", "terms", "themes", "report")


class EventTables:
    """The ``segments`` and ``sessions`` of ``self.event``, for what holds an event."""

    event: Event

    @property
    def segments(self) -> pd.DataFrame:
        """The event's segments (pseudonymised)."""
        return self.event.segments

    @property
    def sessions(self) -> pd.DataFrame:
        """The event's sessions in programme order."""
        return self.event.sessions


@dataclass(kw_only=True)
class AnalysisResults:
    """The tables every analysis has, of one event (:class:`Analysis`) or of a programme
    (:class:`insights.ProgrammeAnalysis`): the token table, ``terms``, ``specificities``,
    ``theme_results`` (``{method: ThemeResult}``: ``nmf``, ``codebook``, ``reinert``),
    ``themes`` and ``quotes`` of every method side by side, ``reinert`` (the
    ``ReinertClassification``, or None when the corpus is too small to classify, with the
    reason in ``notes``), ``config`` (the :class:`~insights.config.AnalysisConfig` of the
    run), ``settings`` (the config as plain values, the versions and input hashes: enough to
    reproduce the report), French ``notes`` and ``timings`` (the seconds of each stage when
    the run was asked to record them, else None)."""

    tokens: pd.DataFrame
    terms: pd.DataFrame
    specificities: pd.DataFrame
    theme_results: dict[str, ThemeResult]
    themes: pd.DataFrame
    quotes: pd.DataFrame
    reinert: Any | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    timings: Timings | None = field(default=None, repr=False, compare=False)
    config: AnalysisConfig = field(default_factory=AnalysisConfig)


@dataclass(kw_only=True)
class Analysis(EventTables, AnalysisResults):
    """Every table the report is made of, for one event (keyword arguments only): those of
    :class:`AnalysisResults`, and ``theme_by_session``, ``theme_by_profile``, the
    ``similarity`` graph and ``codebook_cooccurrence`` (None without a codebook)."""

    event: Event
    theme_by_session: pd.DataFrame
    theme_by_profile: pd.DataFrame
    similarity: nx.Graph
    codebook_cooccurrence: pd.DataFrame | None = None


def progress_line(progress: Callable[[str], None] | None, stage: str, detail: str) -> None:
    """Report ``detail`` of ``stage`` as one progress line, e.g. ``[2/5] annotate: ...``."""
    if progress is not None:
        progress(f"[{STAGES.index(stage) + 1}/{len(STAGES)}] {stage}: {detail}")


def _versions(model: str) -> dict[str, str]:
    return {"python": platform.python_version(),
            **package_versions("insights", "spacy", model.replace("_", "-"), "pandas", "numpy",
                               "scipy", "scikit-learn", "networkx", "matplotlib")}


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
    into the texts never counted, and the event's own supplementary / active forms
    (``stopwords`` given are added to the event's own). ``options`` go to
    :func:`insights.annotate.annotate`; returns the token table."""
    from .annotate import annotate

    options.setdefault("supplementary", event.supplementary)
    options.setdefault("active", event.active)
    stopwords = [*event.stopwords, *options.pop("stopwords", ())]
    return annotate(event.segments, model=model, cache_dir=cache_dir, stopwords=stopwords,
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


def _fit_nmf(tokens: pd.DataFrame, segments: pd.DataFrame, config: AnalysisConfig,
             timings: Timings | None) -> tuple[ThemeResult | None, list[str]]:
    """NMF themes with ``config.nmf``, or None and a note when the corpus is too small."""
    from .themes import nmf_themes

    nmf = config.nmf
    try:
        with timed(timings, "nmf"):
            return nmf_themes(tokens, segments, k=nmf.k, k_range=nmf.k_range,
                              n_terms=nmf.n_terms, min_df=nmf.min_df, max_df=nmf.max_df,
                              random_state=config.random_state), []
    except InsightsError as exc:  # a corpus too small for a method is reported, not fatal
        return None, [fr("pipeline.nmf_failed", reason=fr_error(exc))]


def _codebook_terms(codebook: dict) -> list[str]:
    """Every term of every theme of ``codebook``."""
    return [t for theme in codebook.values() if isinstance(theme, dict)
            for t in (theme.get("terms") or []) if isinstance(t, str)]


def _fit_codebook(tokens: pd.DataFrame, segments: pd.DataFrame, codebook: dict,
                  cache_dir: Path | None, timings: Timings | None, *, model: str,
                  given: dict[str, list[tuple[str, str]]] | None = None) -> ThemeResult:
    """The codebook's themes, its terms lemmatised once by ``model`` (the model that
    parsed ``tokens``; cached under ``cache_dir``), or ``given`` (:func:`term_tokens` of
    them, worked out before the model was unloaded)."""
    from .annotate import term_tokens
    from .themes import codebook_themes

    with timed(timings, "codebook"):
        if given is None:
            given = term_tokens(_codebook_terms(codebook), model=model, cache_dir=cache_dir)
        return codebook_themes(tokens, segments, codebook, term_tokens=given)


def reinert_estimator(config: AnalysisConfig) -> Any:
    """The Reinert estimator of ``config.reinert``: ``Reinert`` (simple) or
    ``ReinertDouble``, seeded with ``config.random_state``."""
    from .reinert import Reinert, ReinertDouble

    rc = config.reinert
    if rc.method == "simple":
        return Reinert(k=rc.k, min_segment_size=rc.unit_size, random_state=config.random_state)
    return ReinertDouble(k=rc.k, min_segment_size=rc.unit_sizes,
                         random_state=config.random_state)


def _fit_reinert(tokens: pd.DataFrame, segments: pd.DataFrame, config: AnalysisConfig,
                 timings: Timings | None) -> tuple[Any | None, list[str]]:
    """The Reinert classification of ``config.reinert`` (or None) and its note."""
    from .reinert import EarlyStopWarning
    from .reinert_event import reinert_classification

    rc = config.reinert
    try:
        # an early stop becomes a note of the report
        with timed(timings, "reinert"), warnings.catch_warnings():
            warnings.simplefilter("ignore", EarlyStopWarning)
            reinert = reinert_classification(
                tokens, segments, estimator=reinert_estimator(config),
                segment_size=rc.segment_size, min_df=rc.min_df)
    except InsightsError as exc:
        return None, [fr("pipeline.reinert_failed", reason=fr_error(exc))]
    labels = reinert.labels
    return reinert, [fr("pipeline.reinert_summary", method=rc.method, n=reinert.n_classes,
                        k=rc.k, left=int(labels.isna().sum()), total=len(labels),
                        stop=reinert.stop_message)]


@renamed(n_themes="nmf_k")
def fit_theme_methods(
    tokens: pd.DataFrame,
    segments: pd.DataFrame,
    codebook: dict | None,
    *,
    config: AnalysisConfig | None = None,
    timings: Timings | None = None,
    cache_dir: Path | None = None,
    term_tokens: dict[str, list[tuple[str, str]]] | None = None,
    **settings: Any,
) -> tuple[dict[str, ThemeResult], Any | None, list[str]]:
    """Fit the report's theme methods on ``tokens`` / ``segments`` (one event, or several
    events together) with ``config`` (default: :class:`~insights.config.AnalysisConfig`'s
    defaults; ``settings`` by flat name override it, e.g. ``reinert_k=6``): NMF, the
    ``codebook`` (if any, and unless ``config.codebook`` is False) and the Reinert
    classification.

    Returns ``(results, reinert, notes)``: ``{method: ThemeResult}`` for the methods that
    could run, the ``ReinertClassification`` (or None) and French notes for the report (a
    method the corpus is too small for becomes a note, not an error). ``term_tokens``: the
    codebook's terms run through the pipeline (:func:`insights.annotate.term_tokens`) if
    already worked out; otherwise worked out here (from the cache under ``cache_dir``, else
    with the model).
    """
    config = build_config(config, **settings)
    results: dict[str, ThemeResult] = {}
    nmf, notes = _fit_nmf(tokens, segments, config, timings)
    if nmf is not None:
        results["nmf"] = nmf
    release_memory()
    if codebook and config.codebook:
        results["codebook"] = _fit_codebook(tokens, segments, codebook, cache_dir, timings,
                                            model=config.model, given=term_tokens)
    reinert, more = _fit_reinert(tokens, segments, config, timings)
    if reinert is not None:
        results["reinert"] = reinert.theme_result()
    release_memory()
    return results, reinert, notes + more


def run_settings(config: AnalysisConfig, inputs: dict[str, str]) -> dict[str, Any]:
    """What ``Analysis.settings`` records: ``config`` as dotted keys
    (:meth:`AnalysisConfig.settings`), the ``versions`` of the libraries and model, and the
    SHA-256 of the ``inputs``: enough to reproduce a run, and the report cache's key."""
    return {**config.settings(), "versions": _versions(config.model), "inputs": inputs}


def quote_table(results: dict[str, ThemeResult], reinert: Any | None,
                segments: pd.DataFrame, n: int) -> pd.DataFrame:
    """Up to ``n`` quotes per theme: ``select_quotes`` for NMF and the codebook, the most
    characteristic text segments for the Reinert classes. Columns ``QUOTE_COLUMNS``."""
    from .themes import select_quotes

    frames = [select_quotes([r for m, r in results.items() if m != "reinert"], segments, n=n)]
    if reinert is not None:
        frames.append(_reinert_quotes(reinert, segments, n))
    return pd.concat(frames, ignore_index=True)[QUOTE_COLUMNS]


def annotated_terms(event: Event, config: AnalysisConfig, *, cache_dir: Path | None,
                    progress: Callable[[str], None] | None, timings: Timings | None,
                    what: str = "", while_parsing: Callable[[], Any] | None = None,
                    **options: Any) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The first stages of a report: ``(tokens, terms, specificities)`` of ``event``, annotated
    by :func:`annotate_event` with ``config``'s model and stop words. ``options``:
    ``by_session`` (the segments whose ``session`` the terms are counted by; default the
    event's) and ``variables`` (of ``specificity_table``); ``while_parsing``: see
    :class:`insights.annotate.ParseSettings` (``meanwhile``)."""
    from .specificities import specificity_table
    from .terms import count_terms

    t0 = time.perf_counter()
    progress_line(progress, "annotate",
                  f"{len(event.segments)} segments{what} with {config.model}")
    with timed(timings, "annotate"):
        tokens = annotate_event(event, model=config.model, cache_dir=cache_dir,
                                timings=timings, stopwords=config.stopwords,
                                meanwhile=while_parsing)
        release_memory()
    progress_line(progress, "annotate",
                  f"{len(tokens)} tokens in {time.perf_counter() - t0:.1f} s")
    with timed(timings, "terms"):
        with timed(timings, "count"):
            terms = count_terms(tokens, options.pop("by_session", event.segments))
        with timed(timings, "specificities"):
            specs = specificity_table(tokens, event.segments,
                                      min_df=config.specificities.min_df, **options)
        release_memory()
    progress_line(progress, "terms", f"{len(terms)} terms, {len(specs)} specificity rows")
    return tokens, terms, specs


#: a corpus of more tokens than this has its spaCy pipeline unloaded once annotated (see
#: ``keep_model`` in :func:`analyse`): about 1M words, where the model's 250 MB outweigh the
#: 3 seconds of loading it again
KEEP_MODEL_UP_TO = 1_000_000


def _unload_model(event: Event, config: AnalysisConfig, cache_dir: Path | None,
                  keep_model: bool | None, n_tokens: int
                  ) -> dict[str, list[tuple[str, str]]] | None:
    """Unload the spaCy pipelines unless ``keep_model`` (None: when ``n_tokens`` is over
    :data:`KEEP_MODEL_UP_TO`); the codebook's terms are run through the model first, and
    returned (None when the model stays: they are worked out when needed)."""
    if keep_model or (keep_model is None and n_tokens <= KEEP_MODEL_UP_TO):
        return None
    from .annotate import term_tokens, unload_models

    given = None
    if event.codebook and config.codebook:
        given = term_tokens(_codebook_terms(event.codebook), model=config.model,
                            cache_dir=cache_dir)
    unload_models()
    return given


@renamed(n_themes="nmf_k", n_similarity_terms="similarity_n_terms")
def analyse(
    event: Event,
    *,
    config: AnalysisConfig | Mapping[str, Any] | None = None,
    cache_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    timings: Timings | None = None,
    after_terms: Callable[[AnalysisConfig, pd.DataFrame], Any] | None = None,
    while_parsing: Callable[[], Any] | None = None,
    keep_model: bool | None = None,
    **settings: Any,
) -> Analysis:
    """Run the analysis stages on an ingested ``event`` and return every table (writes only
    the parse cache under ``cache_dir``, if given).

    ``config``: an :class:`~insights.config.AnalysisConfig` (every choice of the analysis),
    or a partial mapping of settings layered over the event's own (``analysis:`` in
    ``event.yaml``); None: the event's own settings over the defaults. ``settings`` by flat
    name override it (:meth:`AnalysisConfig.replace`): ``model``, ``random_state``,
    ``nmf_k``, ``reinert_k``, ``reinert_method``, ``n_quotes``… (``n_themes`` and
    ``n_similarity_terms``, the old names, still work with a ``FutureWarning``). The config
    is kept as ``analysis.config`` and, as plain values, in ``analysis.settings``
    (:class:`~insights.config.ReinertConfig` says why the simple classification is the
    default). ``timings``: a :class:`insights.Timings` to fill with the seconds of each stage
    (``analysis.timings``). ``after_terms``: called with the config and the specificity
    table once the terms are counted, before the theme methods run (``run_report`` starts
    drawing the specificity figures then); ``while_parsing``: called once, while forked
    workers parse the texts (or before the parse, or after the cached annotation), for work
    this process does meanwhile (``run_report`` imports the report's libraries then).
    ``keep_model``: keep the spaCy pipeline loaded once the texts are annotated, so that the
    next run in this process (a notebook's re-run) does not load it again; False unloads it
    (:func:`insights.annotate.unload_models`: about 250 MB given back for the theme methods);
    None (default) keeps it unless the corpus has more than :data:`KEEP_MODEL_UP_TO` tokens,
    where memory counts more than a 3-second reload. Results are the same either way.
    Raises ``InvalidArgumentError`` for a bad setting, before any work.
    """
    imported: list[bool] = []

    def import_libraries() -> None:
        """The themes' libraries (scikit-learn and SciPy's statistics: half a second), and
        ``while_parsing``: while the workers parse, when there are texts to parse."""
        if not imported:
            imported.append(True)
            with timed(timings, "imports"):
                importlib.import_module("insights.similarity")
                importlib.import_module("insights.themes")
                if while_parsing is not None:
                    while_parsing()

    config = build_config(config, base=event.meta.get("analysis"), **settings)
    if keep_model is not None and not isinstance(keep_model, bool):
        raise bad_value("keep_model", keep_model, "True, False or None")
    segments, sessions = event.segments, event.sessions
    tokens, terms, specs = annotated_terms(event, config, cache_dir=cache_dir,
                                           progress=progress, timings=timings,
                                           while_parsing=import_libraries)
    import_libraries()  # nothing was parsed
    given = _unload_model(event, config, cache_dir, keep_model, len(tokens))
    from .similarity import similarity_graph
    from .themes import code_cooccurrence, theme_by_session, theme_shares, theme_summary

    if after_terms is not None:
        after_terms(config, specs)
    with timed(timings, "themes"):
        results, reinert, notes = fit_theme_methods(
            tokens, segments, event.codebook, config=config, timings=timings,
            cache_dir=cache_dir, term_tokens=given)
        with timed(timings, "tables"):
            cooc = code_cooccurrence(results["codebook"]) if "codebook" in results else None
            listed = list(results.values())
            themes = theme_summary(listed, segments, sessions)
            by_session = theme_by_session(listed, segments, sessions)
            by_profile = theme_shares(listed, segments, by="profile")
            release_memory()  # their merges of every assignment with its segment
        with timed(timings, "quotes"):
            quotes = quote_table(results, reinert, segments, config.n_quotes)
            release_memory()
        with timed(timings, "similarity"):
            graph = similarity_graph(tokens, n_terms=config.similarity.n_terms,
                                     min_df=config.similarity.min_df,
                                     random_state=config.random_state)
    progress_line(progress, "themes",
                  f"{len(themes)} themes from {', '.join(results) or 'no method'}")
    return Analysis(
        event=event, tokens=tokens, terms=terms, specificities=specs, theme_results=results,
        themes=themes, theme_by_session=by_session, theme_by_profile=by_profile,
        quotes=quotes, similarity=graph, reinert=reinert, codebook_cooccurrence=cooc,
        settings=run_settings(config, input_hashes(event)), notes=notes, timings=timings,
        config=config)


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
        write_csv(df, folder / name)  # cells a spreadsheet would run as formulas neutralised
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


def cache_folder(cache_dir: Path | str | None | bool, event_dir: str | Path) -> Path | None:
    """The parse cache folder to use (see :func:`run_report`), created private (0700) when it
    is the default one."""
    if cache_dir is False or cache_dir is None:
        return None
    if cache_dir is True:
        folder = paths.event_cache_dir(event_dir)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder
    return Path(cache_dir)


def model_to_preload(options: Mapping[str, Any]) -> str | None:
    """The spaCy model a run with ``options`` (``run_report``'s: ``config`` and settings)
    will most likely load, to load while the event folder is read: the model those settings
    name, else the default. An event whose ``event.yaml`` names another model only loses
    the overlap (``analyse`` loads the right one). None when loading one now would not
    pay: bad settings (``analyse`` reports them), or a single core."""
    from .render import available_cores

    if available_cores() < 2:
        return None
    settings = {k: v for k, v in options.items() if k != "config"}
    try:
        with warnings.catch_warnings():  # renamed settings warn once, in analyse
            warnings.simplefilter("ignore")
            return build_config(options.get("config"), **settings).model
    except (InsightsError, TypeError):
        return None


def preload_model(model: str, timings: Timings | None = None) -> None:
    """Load ``model`` with the workshop components as :func:`annotate_event` does (the
    loaded pipeline is kept: the next ``annotate`` finds it), or nothing when it is not an
    installed French model (``annotate`` reports that). ``timings`` gets a ``model`` stage."""
    from .annotate import load_nlp

    with timed(timings, "model"):
        try:
            load_nlp(model)
        except InsightsError:
            pass


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
    from .ingest_cache import (event_key, is_cached, read_before, read_event_cached,
                               read_event_while)
    from .report_cache import write_report_cached
    from .render import collector_paused, frozen_objects

    ahead: list[Any] = []  # the side process drawing figures during the themes, if any

    def import_report() -> None:  # matplotlib and the rest, while the texts are parsed
        importlib.import_module("insights.report")

    def draw_ahead(config: AnalysisConfig, specs: pd.DataFrame) -> None:
        """Start drawing the specificity figures, unless the report will come from the cache."""
        from .report_cache import is_report_cached

        if is_report_cached(cache, key, run_settings(config, input_hashes(event))):
            return
        from .render import render_ahead
        from .report import FIGURES_DIR, specificity_figures  # matplotlib: only when drawing

        task = render_ahead(specificity_figures(event, specs), staging / FIGURES_DIR)
        ahead.extend([task] if task is not None else [])

    def write_report(analysis: Analysis, folder: Path, **kwargs: Any) -> list[Path]:
        from .report import write_report  # matplotlib and the rest: only when drawing

        return write_report(analysis, folder, ahead=ahead[0] if ahead else None, **kwargs)

    check_output_dir(out_dir, event_dir)
    with atomic_output_dir(out_dir, event_dir=event_dir) as staging:
        cache = cache_folder(cache_dir, event_dir)
        with timed(timings, "ingest"):
            key = event_key(event_dir, skip_invalid=skip_invalid) if cache is not None else None
            # a first reading of the folder: every text will be parsed, so the model loads
            # while the files are read; a folder read before (its settings changed, say) may
            # need no model at all, and a cached one is not read
            first = not is_cached(cache, key) and not read_before(cache, event_dir)
            model = model_to_preload(options) if first else None
            if model is None:
                event = read_event_cached(event_dir, cache_dir=cache, skip_invalid=skip_invalid,
                                          key=key)
            else:  # the folder is read in a worker process while the model loads here;
                # both live for the whole run: no collection while they are built
                with collector_paused():
                    event, seconds = read_event_while(lambda: preload_model(model, timings),
                                                      event_dir, cache_dir=cache,
                                                      skip_invalid=skip_invalid, key=key)
                if timings is not None:
                    timings.add("read (worker)", seconds, nested=True)
        progress_line(progress, "ingest", f"{len(event.segments)} segments from "
                                          f"{len(event.report['read'])} files in {event_dir}")
        with frozen_objects():  # the model and event: later collections skip them
            try:
                analysis = analyse(event, cache_dir=cache, progress=progress, timings=timings,
                                   after_terms=draw_ahead, while_parsing=import_report,
                                   **options)
                progress_line(progress, "report", "figures, report.md, report.html, report.docx")
                with timed(timings, "report"):
                    with timed(timings, "tables"):
                        write_tables(analysis, staging)
                    write_report_cached(analysis, staging, cache_dir=cache, event_key=key,
                                        write=write_report, timings=timings)
            finally:
                for task in ahead:  # a failed run: the side process is stopped
                    task.close()
        published = time.perf_counter()
    if timings is not None:  # the output folder swapped in as a whole
        timings.add("publish", time.perf_counter() - published)
    return analysis
