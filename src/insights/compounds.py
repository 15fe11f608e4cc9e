"""Hyphenated compounds stay one token: ``week-end``, ``centre-ville``, ``là-bas``.

spaCy's French tokenizer keeps a hyphenated word whole only when its list of known compounds
(``token_match``) names it; any other is split at its hyphens, so ``week-end`` is counted as
``week`` and ``end``, ``centre-ville`` as ``centre`` and ``ville``. ``insights_compounds``
(a registered factory) extends the tokenizer's ``token_match`` so that every word made of
letters joined by hyphens is one token, unless one of its later parts is a clitic pronoun or
particle of a verb inversion or an imperative (``dit-il``, ``a-t-elle``, ``donne-moi``,
``allez-y``, ``est-ce``, ``ce jour-là``): those are split as before. The component itself
leaves the Doc as the tokenizer made it; it exists so that the setting is part of the pipeline
(and of the parse cache key).
"""
from __future__ import annotations

import re

from spacy.language import Language

from insights.doc_text import TokenizerComponent

#: later parts of a hyphenated word that make it a verb inversion, an imperative or a
#: demonstrative, never a compound
CLITICS = frozenset({
    "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "le", "la", "les", "lui",
    "leur", "moi", "toi", "soi", "en", "y", "t", "ce", "ci", "là",
})
_COMPOUND_RE = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)+$")


def is_compound(text: str) -> bool:
    """True when ``text`` is letters joined by hyphens, no later part a clitic.

    >>> is_compound("week-end"), is_compound("dit-il"), is_compound("2019-2020")
    (True, False, False)
    """
    if not _COMPOUND_RE.match(text):
        return False
    return not any(part.lower() in CLITICS for part in text.split("-")[1:])


class Compounds(TokenizerComponent):
    """``insights_compounds``: one token per hyphenated compound (see the module docstring)."""

    flag = "insights_compounds"

    @staticmethod
    def match(text: str):
        return _COMPOUND_RE.match(text) if is_compound(text) else None


@Language.factory("insights_compounds", default_config={"patch_tokenizer": True})
def make_compounds(nlp: Language, name: str, patch_tokenizer: bool) -> Compounds:
    """Factory of :class:`Compounds`."""
    return Compounds(nlp, name, patch_tokenizer=patch_tokenizer)
