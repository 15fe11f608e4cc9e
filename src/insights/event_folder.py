"""The entries of an event folder: which are input files, which are ignored and why.

Symbolic links are never followed, hidden entries and a README are ignored; each ignored entry
carries its reason in English with a ``code`` (``ignore.*``) and ``params`` for the French text
(:func:`insights.messages_fr.fr_ingest`).
"""
from __future__ import annotations

import errno
import os
import unicodedata
from pathlib import Path

from insights.clean import Pseudonymizer
from insights.event_files import ROOT_FILES
from insights.ingest_entries import entry


def link_reason(path: Path, folder: Path) -> tuple[str, str]:
    """Why the symbolic link ``path`` is not followed, ``(English text, code)`` (its target
    is never named: it may lie anywhere on the machine)."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13: a loop
        return "symbolic link loop: not followed", "ignore.link_loop"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: not followed", "ignore.link_loop"
        return "broken symbolic link: not followed", "ignore.link_broken"
    kind = "folder" if target.is_dir() else "file"
    where = "inside" if target == folder or folder in target.parents else "outside"
    return (f"symbolic link to a {kind} {where} the event folder: not followed",
            f"ignore.link_{kind}_{where}")


def classify_folder(folder: Path) -> tuple[list[Path], list[dict]]:
    """Input files (sorted by relative POSIX path) and ignored entries with their reason.

    Symbolic links, to files or folders, inside or outside the event, are never followed: each
    is listed once as ignored with its reason, so nothing outside the event folder is read and
    a loop is met once. ``folder`` must be resolved (no symbolic link in it)."""
    inputs: list[Path] = []
    ignored: list[dict] = []

    def walk(directory: Path) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            rel = directory.relative_to(folder).as_posix()
            why = exc.strerror or type(exc).__name__
            ignored.append(entry(rel + "/", f"folder cannot be read ({why})",
                                 "ignore.folder_unreadable", {"error": why}))
            return
        for item in entries:
            path = Path(item.path)
            rel = path.relative_to(folder).as_posix()
            if item.is_symlink():
                ignored.append(entry(rel, *link_reason(path, folder)))
            elif item.name.startswith("."):
                is_dir = item.is_dir(follow_symlinks=False)
                ignored.append(entry(rel + "/", "hidden folder", "ignore.hidden_folder")
                               if is_dir else entry(rel, "hidden file", "ignore.hidden_file"))
            elif item.is_dir(follow_symlinks=False):
                walk(path)
            elif directory == folder and item.name in ROOT_FILES:
                continue
            elif directory == folder and item.name.upper().startswith("README"):
                ignored.append(entry(rel, "README: documentation of the event folder",
                                     "ignore.readme"))
            elif item.is_file(follow_symlinks=False):
                inputs.append(path)
            else:
                ignored.append(entry(rel, "not a regular file", "ignore.not_regular"))

    walk(folder)
    inputs.sort(key=lambda p: p.relative_to(folder).as_posix())
    return inputs, sorted(ignored, key=lambda d: d["path"])


def display_path(relative: str) -> str:
    """``relative`` as text that any output can hold: a file name that is not valid UTF-8 (its
    undecodable bytes come from the file system as surrogates) is read as Windows-1252, NFC."""
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        relative = os.fsencode(relative).decode("cp1252", "replace")
    return unicodedata.normalize("NFC", relative)


def shown_paths(rels: list[str], engine: Pseudonymizer, keep: list[str]) -> dict[str, str]:
    """Each relative path on disk -> its path in the outputs: readable text, names
    pseudonymised component by component; two paths never give the same result (``~2``…)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for rel in sorted(set(rels)):
        folder_mark = "/" if rel.endswith("/") else ""
        shown = engine.path(display_path(rel.rstrip("/")), keep=keep) + folder_mark
        candidate, n = shown, 1
        while candidate in used:
            n += 1
            stem, dot, ext = shown.rstrip("/").rpartition(".")
            candidate = (f"{stem}~{n}.{ext}" if dot and "/" not in ext
                         else f"{shown.rstrip('/')}~{n}") + folder_mark
        used.add(candidate)
        out[rel] = candidate
    return out


__all__ = ["classify_folder", "display_path", "link_reason", "shown_paths"]
