"""Where things live: the one place that knows the project's folder layout.

Functions elsewhere take paths as arguments; these are only the defaults that the CLI and the
notebooks start from.
"""
from __future__ import annotations

import os
from pathlib import Path


def project_root(start: Path | None = None) -> Path:
    """Return the project folder: ``$INSIGHTS_ROOT`` if set, else the first parent of ``start``
    (default: the current folder) that holds a ``data/raw`` folder, else the current folder."""
    env = os.environ.get("INSIGHTS_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "raw").is_dir():
            return folder
    return here


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


def event_dir(event: str = SAMPLE_EVENT, root: Path | None = None) -> Path:
    """Folder of the event ``event`` under ``data/raw``."""
    return raw_dir(root) / event
