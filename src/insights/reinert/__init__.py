"""Reinert classification (the Alceste / IRaMuTeQ method) as estimators on a matrix.

The maths follows the R package rainette (Julien Barnier, https://github.com/juba/rainette),
itself a rewrite of IRaMuTeQ's ``CHD.R`` / ``chdtxt.R``. Like scikit-learn's clusterers, the
estimators take a document-term matrix ``X`` (rows: text segments, columns: terms; any
scipy sparse matrix or array, made binary) and set ``labels_``, one class per row of ``X``:

* ``Reinert`` (rainette ``rainette``): descending hierarchical classification; ``cut(k)``
  (rainette ``cutree``) gives the classes at any level of the tree.
* ``ReinertDouble`` (rainette ``rainette2``): two simple classifications on units of two
  sizes, crossed; rows on which they disagree stay unclassified.
* ``class_profiles(X, labels, terms)`` (rainette ``rainette_stats``): the terms that
  characterise each class of any partition; ``class_top_terms`` names each class by them.

Rows of one *text* may be merged into units before classifying (``fit(X, groups=...)``:
``groups`` holds each row's text id, and consecutive rows of one text are merged until a unit
holds ``min_segment_size`` terms); rows of two texts never are. Classes are numbered from 1;
``0`` marks an unclassified row (no active term left, or outside the retained partition).

One module per concern: :mod:`~insights.reinert.chd` (the split and the tree, stop codes),
:mod:`~insights.reinert.simple` (``Reinert``, units), :mod:`~insights.reinert.double`
(``ReinertDouble``), :mod:`~insights.reinert.profiles` (class statistics and words),
:mod:`~insights.reinert.segments` (``split_segments``) and :mod:`~insights.reinert.event`
(the chain on an event: ``reinert_classification``, ``ReinertClassification``).
"""
from insights.reinert.chd import STOP_REASONS, UNCLASSIFIED, EarlyStopWarning, grouped_chi2
from insights.reinert.double import ReinertDouble
from insights.reinert.event import (
    ACTIVE_POS,
    ReinertClassification,
    reinert_classification,
    reinert_themes,
)
from insights.reinert.profiles import (
    PROFILE_COLUMNS,
    class_profiles,
    class_top_terms,
    metadata_profiles,
)
from insights.reinert.segments import split_segments
from insights.reinert.simple import Reinert

__all__ = [
    "ACTIVE_POS",
    "PROFILE_COLUMNS",
    "STOP_REASONS",
    "UNCLASSIFIED",
    "EarlyStopWarning",
    "Reinert",
    "ReinertClassification",
    "ReinertDouble",
    "class_profiles",
    "class_top_terms",
    "grouped_chi2",
    "metadata_profiles",
    "reinert_classification",
    "reinert_themes",
    "split_segments",
]
