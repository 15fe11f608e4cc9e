"""What the report says of a skipped file, a reading warning and a stopped classification,
in French from the catalogue.

The reading (``ingest_report.json``) and the Reinert classification speak English to the
developer; an entry that carries a ``code`` (and its ``params``) is said by
:func:`insights.messages_fr.fr`, as are the English reasons the reading wrote before it had
codes; anything else gets a French sentence that sends the reader to ``ingest_report.json``.
A classification says why it stopped in French itself (``stop_message``, from its
``reinert.stop.*`` code). Never English in the report.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..messages_fr import MESSAGES, fr, fr_ingest
from .text import typo


def _coded(code: Any, params: Any) -> str | None:
    """``fr(code, **params)`` in French typography when the catalogue has ``code``."""
    if not isinstance(code, str) or code not in MESSAGES:
        return None
    try:
        return typo(fr(code, **(params if isinstance(params, Mapping) else {})))
    except (KeyError, IndexError):
        return None


def skip_reason(entry: Mapping[str, Any]) -> str:
    """Why a file was skipped (an entry of ``ingest_report.json``'s ``skipped``), in French:
    :func:`insights.messages_fr.fr_ingest`, in the report's typography."""
    return typo(fr_ingest(entry, fallback="report.skip.other"))


def warning_message(entry: Mapping[str, Any] | str) -> str:
    """A reading warning (an entry of ``ingest_report.json``'s ``warnings``), in French:
    :func:`insights.messages_fr.fr_ingest`, in the report's typography."""
    return typo(fr_ingest(entry, fallback="report.warning.other"))


def stop_reason(classification: Any) -> str:
    """Why a Reinert classification stopped, in French: its ``stop_message`` (the catalogue's
    ``reinert.stop.*`` text), else the text of its ``stop`` code and values; ``""`` when it
    says neither (never its English ``stop_reason``)."""
    message = getattr(classification, "stop_message", None)
    if message is None:
        stop = getattr(classification, "stop", None)
        message = _coded(stop[0], stop[1]) if isinstance(stop, tuple) and len(stop) == 2 \
            else ""
    return typo(str(message or ""))


__all__ = ["skip_reason", "stop_reason", "warning_message"]
