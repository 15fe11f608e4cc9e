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
from spacy.tokens import Doc

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


def _combine_token_match(previous):
    def token_match(text: str):
        if is_compound(text):
            return _COMPOUND_RE.match(text)
        return previous(text) if previous is not None else None

    token_match.insights_compounds = True  # type: ignore[attr-defined]
    token_match.previous = previous  # type: ignore[attr-defined]
    return token_match


class Compounds:
    """``insights_compounds``: one token per hyphenated compound (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, *, patch_tokenizer: bool = True):
        self.name = name
        self.patch_tokenizer = patch_tokenizer
        tok = getattr(nlp, "tokenizer", None)
        if patch_tokenizer and tok is not None and hasattr(tok, "token_match"):
            current = tok.token_match
            if not getattr(current, "insights_compounds", False):
                tok.token_match = _combine_token_match(current)

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("insights_compounds", default_config={"patch_tokenizer": True})
def make_compounds(nlp: Language, name: str, patch_tokenizer: bool) -> Compounds:
    """Factory of :class:`Compounds`."""
    return Compounds(nlp, name, patch_tokenizer=patch_tokenizer)
