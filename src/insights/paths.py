"""Where things live: the one place that knows the project's folder layout.

Functions elsewhere take paths as arguments; these are only the defaults that the CLI and the
notebooks start from.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path


def project_root(start: Path | None = None) -> Path:
    """Return the project folder: ``$INSIGHTS_ROOT`` if set, else the first folder that holds a
    ``data/raw`` folder among ``start`` (if given), the current folder, and their parents; else
    the current folder."""
    env = os.environ.get("INSIGHTS_ROOT")
    if env:
        return Path(env).resolve()
    for origin in ([Path(start)] if start is not None else []) + [Path.cwd()]:
        here = origin.resolve()
        for folder in (here, *here.parents):
            if (folder / "data" / "raw").is_dir():
                return folder
    return Path.cwd().resolve()


def raw_dir(root: Path | None = None) -> Path:
    """Folder holding one sub-folder per event (never written to)."""
    return (root or project_root()) / "data" / "raw"


def processed_dir(root: Path | None = None) -> Path:
    """Folder for data rebuilt from raw + code (git-ignored)."""
    return (root or project_root()) / "data" / "processed"


def reports_dir(root: Path | None = None) -> Path:
    """Folder where `insights report` writes by default (git-ignored)."""
    return (root or project_root()) / "reports"


def cache_dir(root: Path | None = None) -> Path:
    """Folder of the per-segment spaCy parse cache of the project ``root``."""
    return processed_dir(root) / "cache"


def user_cache_dir() -> Path:
    """The user's cache folder for insights: ``$INSIGHTS_CACHE`` if set, else
    ``$XDG_CACHE_HOME/insights`` (``~/.cache/insights``); on macOS
    ``~/Library/Caches/insights``, on Windows ``%LOCALAPPDATA%/insights/Cache``."""
    env = os.environ.get("INSIGHTS_CACHE")
    if env:
        return Path(env).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "insights"
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "insights" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "insights"


def event_cache_dir(event: str | Path) -> Path:
    """Where the parse cache of the event folder ``event`` lives: ``$INSIGHTS_CACHE`` if set;
    else, for an event under a project's ``data/raw``, that project's ``data/processed/cache``;
    else (an event anywhere else) :func:`user_cache_dir`, never the current folder. The cache
    holds only pseudonymised text."""
    if os.environ.get("INSIGHTS_CACHE"):
        return user_cache_dir()
    folder = Path(event).expanduser().resolve()
    for parent in folder.parents:
        if parent.name == "raw" and parent.parent.name == "data":
            return cache_dir(parent.parent.parent)
    return user_cache_dir()


SAMPLE_EVENT = "rennes-2019-11-28"


def event_dir(event: str | None = None, root: Path | None = None) -> Path:
    """Folder of the event ``event`` under ``data/raw``; by default ``$INSIGHTS_EVENT`` if set,
    else the bundled sample event."""
    return raw_dir(root) / (event or os.environ.get("INSIGHTS_EVENT") or SAMPLE_EVENT)


def programme_dirs(events: str | None = None, root: Path | None = None) -> list[Path]:
    """Folders of the events of a programme under ``data/raw``: those named in ``events`` (ids
    separated by commas or spaces), by default in ``$INSIGHTS_PROGRAMME`` if set, else every
    folder of ``data/raw`` that holds an ``event.yaml`` (sorted by name)."""
    names = events if events is not None else os.environ.get("INSIGHTS_PROGRAMME")
    if names:
        return [raw_dir(root) / n for n in names.replace(",", " ").split()]
    return sorted(p for p in raw_dir(root).iterdir() if (p / "event.yaml").is_file())
