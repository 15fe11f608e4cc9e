"""One call to start working on an event: read it, then annotate it as the report does.

The notebooks (and an analyst at a prompt) begin with ``event, tokens = insights.load_event()``:
the event named by ``$INSIGHTS_EVENT`` (else the bundled sample), read and pseudonymised, and
its token table, parsed with the cache of :func:`insights.paths.cache_dir`;
``insights.load_analysis()`` goes on to every table of the report.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from . import paths
from .config import AnalysisConfig, build_config
from .ingest_cache import read_event_cached
from .pipeline import EventTables
from .read import Event


class LoadedEvent(NamedTuple):
    """What :func:`load_event` returns; unpacks as ``event, tokens``. ``tokens`` is ``None``
    when the event was not annotated."""

    event: Event
    tokens: pd.DataFrame | None
    segments = EventTables.segments
    sessions = EventTables.sessions


def event_folder(event: str | Path | None = None) -> Path:
    """The folder of ``event``: an existing folder path as given, else an event id under
    ``data/raw`` (:func:`insights.paths.event_dir`); ``None`` means ``$INSIGHTS_EVENT``, else
    the bundled sample event."""
    if event is not None and Path(event).is_dir():
        return Path(event)
    return paths.event_dir(None if event is None else str(event))


def load_event(event: str | Path | None = None, *, annotate: bool = True,
               cache: bool = True, skip_invalid: bool = False, progress: bool = False,
               config: AnalysisConfig | Mapping[str, Any] | None = None,
               **options: Any) -> LoadedEvent:
    """Read ``event`` (see :func:`event_folder`) with :func:`insights.read_event` and, unless
    ``annotate=False``, annotate it with :func:`insights.annotate_event` (the cache in
    :func:`insights.paths.cache_dir` unless ``cache=False``: the parses, and the ingest of an
    unchanged folder), with the model and stop words of the analysis ``config`` (as
    :func:`insights.analyse` builds it: default, the event's own settings) so that the tokens
    are the report's; ``options`` go to the annotation.
    Returns ``LoadedEvent(event, tokens)``. Raises what ``read_event`` raises
    (:class:`~insights.errors.InvalidInputError` for a missing folder or invalid files)."""
    loaded = read_event_cached(event_folder(event), skip_invalid=skip_invalid,
                               cache_dir=paths.cache_dir() if cache else None)
    if not annotate:
        return LoadedEvent(loaded, None)
    from .pipeline import annotate_event

    settings = build_config(config, base=loaded.meta.get("analysis"))
    tokens = annotate_event(loaded, model=settings.model, stopwords=settings.stopwords,
                            cache_dir=paths.cache_dir() if cache else None, progress=progress,
                            **options)
    return LoadedEvent(loaded, tokens)


def load_analysis(event: str | Path | None = None, *, cache: bool = True,
                  skip_invalid: bool = False, **options: Any):
    """Read ``event`` (see :func:`event_folder`) and run every analysis of the report on it
    with :func:`insights.analyse` (parse cache as in :func:`load_event`; ``options`` go to
    ``analyse``: ``config=`` an :class:`~insights.config.AnalysisConfig` or a mapping of
    settings, or settings by name, e.g. ``reinert_k=6``, ``random_state=1``). Returns the
    :class:`~insights.pipeline.Analysis`; writes nothing but the parse cache."""
    from .pipeline import analyse

    loaded = read_event_cached(event_folder(event), skip_invalid=skip_invalid,
                               cache_dir=paths.cache_dir() if cache else None)
    return analyse(loaded, cache_dir=paths.cache_dir() if cache else None, **options)


__all__ = ["LoadedEvent", "event_folder", "load_analysis", "load_event"]
