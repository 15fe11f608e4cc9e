"""The Reinert chain on an event's tables: now :mod:`insights.reinert.event` and
:mod:`insights.reinert.segments`; this module keeps the old import path
(``from insights.reinert_event import reinert_classification``) working."""
from insights.reinert.event import (
    ACTIVE_POS,
    ReinertClassification,
    reinert_classification,
    reinert_themes,
)
from insights.reinert.segments import split_segments

__all__ = ["ACTIVE_POS", "ReinertClassification", "reinert_classification", "reinert_themes",
           "split_segments"]
