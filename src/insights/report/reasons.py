"""What the report says of a skipped file, a reading warning and a stopped classification,
in French from the catalogue.

The reading (``ingest_report.json``) and the Reinert classification speak English to the
developer; an entry or a classification that carries a ``code`` (and its ``params``) is said
by :func:`insights.messages_fr.fr`; the English texts they wrote before they had codes are
recognised here and said from the catalogue too; anything else gets a French sentence that
sends the reader to ``ingest_report.json``. Never English in the report.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..messages_fr import MESSAGES, fr
from .text import say, typo

#: English reasons of the reading -> their code in the catalogue
SKIP_CODES = {"empty file": "skip.empty_file", "no text": "skip.no_text"}
#: English reading warnings -> their code in the catalogue
WARNING_CODES = {"empty file: skipped": "skip.empty_file", "no text found: skipped": "skip.no_text"}
#: English stop reasons of ``insights.reinert`` -> the catalogue's code and its parameters
STOP_PATTERNS = (
    (re.compile(r"reached k=(?P<k>\d+) classes"), "report.stop.reached"),
    (re.compile(r"stopped at (?P<n>\d+) classes: the largest remaining class has (?P<units>\d+) "
                r"units \(< min_split_members=(?P<minimum>\d+)\)"),
     "report.stop.min_split_members"),
    (re.compile(r"stopped at (?P<n>\d+) classes: the largest remaining class has (?P<units>\d+) "
                r"units and (?P<terms>\d+) active terms, too few to split.*"),
     "report.stop.few_terms"),
    (re.compile(r"stopped at (?P<n>\d+) classes: the largest remaining class has only "
                r"(?P<units>\d+) units with active terms, too few to split"),
     "report.stop.few_units"),
    (re.compile(r"stopped at (?P<n>\d+) classes: no cut of the largest class gives a finite "
                r"chi2"), "report.stop.no_cut"),
    (re.compile(r"stopped at (?P<n>\d+) classes: no set of (?P<more>\d+) disjoint crossed "
                r"classes"), "report.stop.no_partition"),
)
_STOP_WRAPPER = re.compile(r"^(?:Reinert(?:Double)?: )?(?P<reason>.*?)(?: \(k=\d+ requested\))?$")


def _coded(code: Any, params: Any) -> str | None:
    """``fr(code, **params)`` in French typography when the catalogue has ``code``."""
    if not isinstance(code, str) or code not in MESSAGES:
        return None
    try:
        return typo(fr(code, **(params if isinstance(params, Mapping) else {})))
    except (KeyError, IndexError):
        return None


def skip_reason(entry: Mapping[str, Any]) -> str:
    """Why a file was skipped (an entry of ``ingest_report.json``'s ``skipped``), in French."""
    said = _coded(entry.get("code"), entry.get("params"))
    if said is None:
        said = _coded(SKIP_CODES.get(str(entry.get("reason", ""))), {})
    return said if said is not None else say("report.skip.other")


def warning_message(entry: Mapping[str, Any] | str) -> str:
    """A reading warning (an entry of ``ingest_report.json``'s ``warnings``), in French."""
    if isinstance(entry, Mapping):
        said = _coded(entry.get("code"), entry.get("params"))
        if said is None:
            said = _coded(WARNING_CODES.get(str(entry.get("message", ""))), {})
        if said is not None:
            return said
    return say("report.warning.other")


def _english_stop(text: str) -> str:
    """One English stop reason (as ``insights.reinert`` writes it), in French."""
    reason = _STOP_WRAPPER.fullmatch(text.strip())
    reason_text = reason.group("reason") if reason else text.strip()
    for pattern, code in STOP_PATTERNS:
        match = pattern.fullmatch(reason_text)
        if match:
            return say(code, **match.groupdict())
    return say("report.stop.other")


def stop_reason(classification: Any) -> str:
    """Why a Reinert classification stopped, in French: from its ``stop_code``/``stop_params``
    (or its estimator's ``stop_code_``/``stop_params_``) when it has them, else from the
    English ``stop_reason`` it wrote; ``""`` without any."""
    estimator = getattr(classification, "estimator", None)
    for holder, suffix in ((classification, ""), (estimator, "_")):
        said = _coded(getattr(holder, f"stop_code{suffix}", None),
                      getattr(holder, f"stop_params{suffix}", None))
        if said is not None:
            return said
    text = str(getattr(classification, "stop_reason", "") or "")
    if not text:
        return ""
    return typo(" ; ").join(_english_stop(part) for part in text.split("; ") if part.strip())


__all__ = ["skip_reason", "stop_reason", "warning_message"]
