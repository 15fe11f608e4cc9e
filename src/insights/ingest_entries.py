"""The entries of ``ingest_report.json`` that speak of a file (``skipped``, ``ignored``,
``warnings``): a path, an English text, a ``code`` and its ``params``, which
:func:`insights.messages_fr.fr_ingest` writes in French; and their pseudonymisation."""
from __future__ import annotations

from insights.clean import Pseudonymizer
from insights.readers import ReaderError, cannot_open


def entry(path: str, text: str, code: str, params: dict | None = None, *,
          key: str = "reason") -> dict:
    """One entry of ``ingest_report.json`` (``skipped``, ``ignored``: ``key="reason"``;
    ``warnings``: ``key="message"``): the path, the English text under ``key``, and the
    ``code`` and ``params`` that write it in French (:func:`insights.messages_fr.fr_ingest`)."""
    out = {"path": path, key: str(text), "code": code}
    if params:
        out["params"] = dict(params)
    return out


def error_entry(path: str, exc: Exception) -> dict:
    """The entry of a file that could not be read because of ``exc``."""
    if isinstance(exc, ReaderError):
        return entry(path, str(exc), exc.code, exc.params)
    error = cannot_open(exc)
    return entry(path, str(error), error.code, error.params)


def note_entry(path: str, note: str) -> dict:
    """The warning entry of a reader's note (a :class:`~insights.readers.Note`)."""
    return entry(path, note, getattr(note, "code", "warn.reading"),
                 getattr(note, "params", None), key="message")


class Private:
    """Pseudonymises what the report says of the files: paths as shown in the outputs, and
    the texts and parameters of its entries (a reason may quote a file or folder name)."""

    def __init__(self, engine: Pseudonymizer, shown: dict[str, str]):
        self.engine, self.shown = engine, shown

    def text(self, rel: str, text: str) -> str:
        for old, new in zip(rel.split("/"), self.shown.get(rel, rel).split("/")):
            if old != new and old:
                text = text.replace(old, new)
        return self.engine(text)

    def value(self, rel: str, value: object) -> object:
        if isinstance(value, str):
            return self.text(rel, value)
        if isinstance(value, (list, tuple)):
            return [self.value(rel, v) for v in value]
        return value

    def entry(self, item: dict) -> dict:
        rel = item["path"]
        out = {k: (self.text(rel, v) if k in ("reason", "message") else v)
               for k, v in item.items()}
        out["path"] = self.shown.get(rel, rel)
        if "params" in item:
            out["params"] = {k: self.value(rel, v) for k, v in item["params"].items()}
        return out



__all__ = ["Private", "entry", "error_entry", "note_entry"]
