"""Writing outputs completely or not at all, never where they do not belong.

- :func:`check_output_dir` refuses an output folder inside (or equal to) the event folder,
  anywhere under a ``data/raw`` folder, holding the event folder, or an existing folder that is
  no output of ours (it would be replaced).
- :func:`atomic_output_dir` builds the outputs in a hidden staging folder beside the output
  folder, then swaps it in by renaming: the output folder is the old one or the new one, whole,
  never a mix (stale files of an earlier run, such as old figures, go with the old folder). A
  failed run leaves the old folder untouched and no staging folder behind. A lock file beside
  the output folder keeps two runs from writing into it at once.
- :func:`write_csv` writes every CSV output, with cells that a spreadsheet would run as a
  formula neutralised (:func:`neutralise_cell`).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from insights.errors import InsightsError

#: a file every output folder holds, by which an existing folder is recognised as ours
OUTPUT_MARKER = "ingest_report.json"
#: first characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class OutputError(InsightsError):
    """The output folder cannot be used (inside the input, not ours, or locked by a run)."""


# --- where outputs may go ----------------------------------------------------------------------

def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _raw_folder(path: Path) -> Path | None:
    """The ``data/raw`` folder holding ``path`` (or ``path`` itself), if any."""
    for folder in (path, *path.parents):
        if folder.name == "raw" and folder.parent.name == "data":
            return folder
    return None


def check_output_dir(out: str | Path, event_dir: str | Path | None = None) -> Path:
    """Return the resolved output folder ``out`` if outputs may be written there, else raise
    :class:`OutputError` saying why: ``out`` is the event folder ``event_dir`` or inside it,
    lies under a ``data/raw`` folder (raw data is never written to), holds the event folder,
    or exists, is not empty and holds no ``ingest_report.json`` (a folder that is not an
    output of insights is never replaced)."""
    target = Path(out).expanduser().resolve()
    if event_dir is not None:
        event = Path(event_dir).expanduser().resolve()
        if _inside(target, event):
            raise OutputError(f"--out {out}: the output folder must not be the event folder or "
                              f"inside it ({event_dir}); the input is never written to. Choose "
                              "a folder outside it, e.g. reports/<event-id>")
        if _inside(event, target):
            raise OutputError(f"--out {out}: the output folder must not hold the event folder "
                              f"({event_dir}); choose a folder of its own, e.g. reports/<event-id>")
    raw = _raw_folder(target)
    if raw is not None:
        raise OutputError(f"--out {out}: the output folder is under {raw}, where raw data lives "
                          "and is never written to; choose a folder outside data/raw, e.g. "
                          "reports/<event-id>")
    if target.exists() and not target.is_dir():
        raise OutputError(f"--out {out}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / OUTPUT_MARKER).is_file():
        raise OutputError(f"--out {out}: the folder exists, is not empty and is not an output of "
                          f"insights (no {OUTPUT_MARKER}); it would be replaced as a whole. "
                          "Choose a new or empty folder")
    return target


# --- the lock ----------------------------------------------------------------------------------

def _lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.insights-lock"


@contextmanager
def output_lock(out: str | Path) -> Iterator[Path]:
    """Hold an exclusive lock on the output folder ``out`` (a file ``.<name>.insights-lock``
    beside it, removed on release); raise :class:`OutputError` at once if another run holds
    it. The lock dies with its process: a killed run never leaves a stale lock."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    path = _lock_path(out)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: an exclusive creation is the lock
        fcntl = None
    while True:
        if fcntl is None:  # pragma: no cover
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                raise OutputError(f"another insights run is writing to {out} (lock file "
                                  f"{path}); wait for it to end") from None
            break
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise OutputError(f"another insights run is writing to {out} (lock file {path}); "
                              "wait for it to end") from None
        try:  # the holder before us may have removed the file we locked: lock the new one
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield path
    finally:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        os.close(fd)


# --- the swap ----------------------------------------------------------------------------------

def _exchange(a: Path, b: Path) -> bool:
    """Swap the folders ``a`` and ``b`` in one atomic step (Linux ``renameat2`` with
    ``RENAME_EXCHANGE``); ``False`` where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _remove_leftovers(out: Path) -> None:
    """Remove staging and old folders that a killed run of ``out`` left behind (called under
    the lock: no other run is using them)."""
    for pattern in (f".{out.name}.staging-*", f".{out.name}.old-*"):
        for leftover in out.parent.glob(pattern):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def atomic_output_dir(out: str | Path, *, event_dir: str | Path | None = None) -> Iterator[Path]:
    """Yield a fresh, empty staging folder; when the block succeeds, make it the output folder
    ``out`` in one step, replacing the previous output folder as a whole.

    ``out`` is checked first (:func:`check_output_dir`, against ``event_dir`` when given) and
    locked while the block runs (:func:`output_lock`). If the block raises, the staging folder
    is removed and ``out`` is left as it was. Files of an earlier run that the block did not
    write do not survive: the output folder only ever holds one run's outputs.
    """
    target = check_output_dir(out, event_dir)
    with output_lock(target):
        _remove_leftovers(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
        try:
            yield staging
            check_output_dir(target, event_dir)  # still ours after the block
            _swap_in(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staging: Path, target: Path) -> None:
    """Make ``staging`` the folder ``target``; the old ``target`` (if any) is removed."""
    os.chmod(staging, 0o755 & ~_umask())
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):  # staging now holds the old outputs: removed by the caller
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- CSV ---------------------------------------------------------------------------------------

def neutralise_cell(value: object) -> object:
    """A text cell that starts with ``= + - @``, a tab or a carriage return, prefixed with
    ``'`` so that a spreadsheet shows it as text instead of running it as a formula (OWASP's
    advice against CSV injection); any other value unchanged. ``"=HYPERLINK(…)"`` becomes
    ``"'=HYPERLINK(…)"``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _safe_text(value: object) -> object:
    value = neutralise_cell(value)
    if isinstance(value, str) and "\r" in value:  # a bare CR would not be quoted: a new row
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def write_csv(df: pd.DataFrame, path: str | Path, *, float_format: str = "%.6g") -> Path:
    """Write ``df`` as a UTF-8 CSV (no index, LF line ends) with every text cell neutralised by
    :func:`neutralise_cell` (and any carriage return inside a cell written as a line feed, so
    that it stays quoted in its cell); numbers are written as numbers. Returns ``path``."""
    safe = df.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_safe_text)
    safe.columns = [neutralise_cell(str(c)) for c in safe.columns]
    safe.to_csv(path, index=False, encoding="utf-8", lineterminator="\n",
                float_format=float_format)
    return Path(path)


__all__ = ["FORMULA_STARTS", "OUTPUT_MARKER", "OutputError", "atomic_output_dir",
           "check_output_dir", "neutralise_cell", "output_lock", "write_csv"]
