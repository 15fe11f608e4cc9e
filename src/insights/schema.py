"""Column names of the tables that flow between the stages of the chain.

The contract's file columns (``../shared/spec/data-contract.md``) are fixed; the in-memory tables
below are what the library's functions pass to each other.
"""
from __future__ import annotations

from typing import NamedTuple

import pandas as pd

#: ``segments.parquet`` (contract), then the extra columns ``category`` (post-it category) and
#: ``variables`` (an IRaMuTeQ corpus text's starred variables, ``*name_modality …``, else "").
#: ``text_id`` is the text unit, as IRaMuTeQ's ``****`` text: the ``segment_id`` of the text's
#: first segment (see ``insights.read.text_numbers``); no method merges two texts.
SEGMENT_COLUMNS = [
    "segment_id", "event", "session", "session_title", "session_start", "group", "kind",
    "speaker", "profile", "source", "line", "text", "text_id",
]
SEGMENT_EXTRA_COLUMNS = ["category", "variables"]

#: token table returned by ``annotate`` (``tokens.parquet``). ``term`` is the counting unit the
#: token starts (a lemma or a multi-word term), missing when the token does not count;
#: ``term_len`` is how many tokens that term spans; ``form`` is ``active`` or the class code of
#: a supplementary form (``generic_verb``, ``time_unit``, ``workshop_logistics``…), missing
#: where ``term`` is (see ``insights.forms``).
TOKEN_COLUMNS = [
    "segment_id", "position", "start", "end", "text", "lemma", "pos",
    "is_stop", "is_filler", "is_punct", "term", "term_len", "form",
]

TERMS_COLUMNS = ["term", "frequency", "segments", "sessions", "form"]
SPECIFICITY_COLUMNS = ["variable", "value", "term", "observed", "expected", "score"]
THEME_COLUMNS = ["theme", "label", "method", "top_terms", "segments", "share", "sessions"]
QUOTE_COLUMNS = ["theme", "method", "rank", "segment_id", "session", "speaker", "text"]
#: long table of which segment carries which theme, with what weight (0 < weight <= 1)
ASSIGNMENT_COLUMNS = ["segment_id", "theme", "method", "weight"]


class ThemeResult(NamedTuple):
    """What every theme method returns.

    ``themes``: one row per theme with columns ``theme``, ``label``, ``method``, ``top_terms``
    (a list of str, best first). ``assignments``: ``ASSIGNMENT_COLUMNS``, one row per
    (segment, theme) pair the method assigns; a segment may carry several themes or none.
    """

    themes: pd.DataFrame
    assignments: pd.DataFrame
