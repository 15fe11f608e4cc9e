"""Where things live: the one place that knows the project's folder layout.

Functions elsewhere take paths as arguments; these are only the defaults that the CLI and the
notebooks start from.
"""
from __future__ import annotations

import os
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
    """Folder of the per-segment spaCy parse cache."""
    return processed_dir(root) / "cache"


SAMPLE_EVENT = "rennes-2019-11-28"


def event_dir(event: str | None = None, root: Path | None = None) -> Path:
    """Folder of the event ``event`` under ``data/raw``; by default ``$INSIGHTS_EVENT`` if set,
    else the bundled sample event."""
    return raw_dir(root) / (event or os.environ.get("INSIGHTS_EVENT") or SAMPLE_EVENT)
