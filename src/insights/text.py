"""Small text helpers shared by every stage: one rule, written once.

Nothing here imports more than the standard library, so that any module (readers, names,
terms, themes…) may use it without pulling in pandas, spaCy or scikit-learn.
"""
from __future__ import annotations

import unicodedata

#: apostrophes written by word processors and note-takers, all read as the straight ``'``
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})


def fold(text: object) -> str:
    """``text`` as insights compares words: lower case, accents removed, curly apostrophes
    made straight (``"Hélène"`` -> ``"helene"``, ``"L’Été"`` -> ``"l'ete"``).

    Letters keep their base form (``ç`` -> ``c``, ``œ`` stays ``œ``); compatibility forms are
    decomposed (``ﬁ`` -> ``fi``). Any value is read through ``str``.
    """
    decomposed = unicodedata.normalize("NFKD", str(text).translate(_APOSTROPHES).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


__all__ = ["fold"]
