"""The French voice of insights: every sentence a reader of the report or the notebooks sees.

The library speaks English to developers (errors, logs, docstrings); what reaches a reader — a
note of the method section, a skipped file's reason, a warning, why a classification stopped,
a recurrence label, a class name — is written here, once, from a code and its parameters::

    fr("skip.empty_file")                      # 'fichier vide'
    fr("reinert.stop.too_small", k=8, n=3)      # a stop reason
    fr_error(exc)                               # an InsightsError, in French

Codes are dotted, grouped by the stage that produces them. Templates use ``str.format``
fields; numbers are written by :func:`fr_number` (French separators). Typography (spaces
before « : », « », apostrophes) is applied where the text is placed, by the report.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

from ..errors import bad_value
from .ingest import MESSAGES as _INGEST
from .methods import MESSAGES as _METHODS
from .report import MESSAGES as _REPORT

#: code -> French template (``str.format`` fields), one module a part of the chain
MESSAGES: dict[str, str] = {**_INGEST, **_METHODS, **_REPORT}


def format_number(value: float, *, decimals: int | None = None) -> str:
    """French number: ``1234.5 -> "1 234,5"`` (U+202F thousands separator, decimal comma,
    U+2212 minus). ``decimals=None`` keeps up to 6 decimals and drops trailing zeros."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if decimals is None:
        text = f"{abs(value):,.6f}".rstrip("0").rstrip(".")
    else:
        if decimals < 0:
            raise bad_value("decimals", decimals, "an integer >= 0, or None")
        text = f"{abs(value):,.{decimals}f}"
    text = text.replace(",", "\u202f").replace(".", ",")
    negative = value < 0 and text.strip("0,\u202f") != ""
    return ("\u2212" if negative else "") + text


def fr_number(value: Any, digits: int = 0) -> str:
    """``value`` written the French way (:func:`format_number` with ``digits`` decimals);
    other values than real numbers are returned with ``str``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return str(value)
    return format_number(value, decimals=digits)


def _format_param(value: Any) -> Any:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return fr_number(value, 0 if isinstance(value, numbers.Integral) else 2)
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(_format_param(v)) for v in value)
    return value


def fr(code: str, /, **params: Any) -> str:
    """The French text of ``code`` with ``params`` filled in (numbers the French way).
    Raises ``KeyError`` for a code the catalogue lacks: a missing translation is a bug,
    caught by the tests, never English shown to a reader."""
    template = MESSAGES[code]
    return template.format(**{k: _format_param(v) for k, v in params.items()})


def fr_ingest(entry: Any, *, fallback: str | None = None) -> str:
    """What a reader is told of one entry of ``ingest_report.json`` (a file ``skipped`` or
    ``ignored``, or a ``warning``): the French text of its ``code`` and ``params``. An entry
    without a known code (a report written before codes existed) gets the French text of its
    English reason when the catalogue knows it, else the text of the code ``fallback`` or a
    neutral French sentence: never English."""
    if not isinstance(entry, Mapping):
        return fr(fallback or "warn.reading")
    code, params = entry.get("code"), entry.get("params") or {}
    if isinstance(code, str) and code in MESSAGES and isinstance(params, Mapping):
        try:
            return fr(code, **params)
        except (KeyError, IndexError, ValueError):
            pass
    legacy = _LEGACY_REASONS.get(str(entry.get("reason", entry.get("message", ""))))
    if legacy:
        return fr(legacy)
    if fallback:
        return fr(fallback)
    return fr("warn.reading" if "message" in entry and "reason" not in entry
              else "skip.unreadable")


#: the English reasons of reports written before codes existed, by their code
_LEGACY_REASONS = {"empty file": "skip.empty_file", "no text": "skip.no_text",
                   "hidden file": "ignore.hidden_file", "hidden folder": "ignore.hidden_folder",
                   "empty file: skipped": "warn.empty_file",
                   "no text found: skipped": "warn.no_text"}


def fr_error(exc: BaseException) -> str:
    """What a reader is told of ``exc``: the French text of its ``code`` (an
    :class:`~insights.errors.InsightsError`), or a sentence naming only its type."""
    code = getattr(exc, "code", None)
    params = getattr(exc, "params", None)
    if isinstance(code, str) and code in MESSAGES and isinstance(params, dict):
        try:
            return fr(code, **params)
        except (KeyError, IndexError):
            pass
    return fr("unexpected", kind=type(exc).__name__)
