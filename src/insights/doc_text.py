"""Small helpers the workshop components share: apostrophes, tokens under a pattern, and
the extension of a tokenizer's ``token_match`` (what keeps a form one token)."""
from __future__ import annotations

import re
from collections.abc import Callable

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

APOSTROPHES = "'’ʼ‘´`"
_APOS_RE = re.compile(f"[{APOSTROPHES[1:]}]")


def tokens_at(doc: Doc, pattern: re.Pattern) -> list[int]:
    """Indices of the tokens holding a match of ``pattern`` in the doc text, sorted (the
    tokens a match overlaps, as ``doc.char_span(..., alignment_mode="expand")`` gives them;
    found by binary search in the token offsets, without building spans)."""
    matches = [(m.start(), m.end()) for m in pattern.finditer(doc.text)]
    if not matches:
        return []
    from bisect import bisect_left, bisect_right

    arr = doc.to_array([IDX, LENGTH])
    starts = arr[:, 0].tolist()
    ends = (arr[:, 0] + arr[:, 1]).tolist()
    found: set[int] = set()
    for a, b in matches:
        first = bisect_right(ends, a)  # the first token ending after the match starts
        last = bisect_left(starts, b)  # past the last token starting before it ends
        found.update(range(first, last))
    return sorted(found)



def straight_apostrophes(text: str) -> str:
    """Return ``text`` with every curly or look-alike apostrophe replaced by ``'``."""
    return _APOS_RE.sub("'", text)


def extend_token_match(nlp: Language, flag: str, match: Callable[[str], object]) -> None:
    """Make ``nlp``'s tokenizer keep whole every string that ``match`` matches (a string ->
    match-or-None function), trying its previous ``token_match`` otherwise. ``flag`` names the
    extension (an attribute set on the new function), so that a tokenizer is extended once per
    flag however many times a pipeline adds the component."""
    tok = getattr(nlp, "tokenizer", None)
    if tok is None or not hasattr(tok, "token_match"):
        return
    previous = tok.token_match
    if getattr(previous, flag, False):
        return

    def token_match(text: str):
        found = match(text)
        if found is not None:
            return found
        return previous(text) if previous is not None else None

    setattr(token_match, flag, True)
    token_match.previous = previous  # type: ignore[attr-defined]
    tok.token_match = token_match


class TokenizerComponent:
    """Base of the components whose work starts in the tokenizer: built with
    ``patch_tokenizer=True`` they extend its ``token_match`` with :meth:`match` (once per
    :attr:`flag`), so that the setting is part of the pipeline (and of the parse cache key).
    The component itself leaves the Doc as it is unless a subclass says otherwise."""

    flag = ""

    def __init__(self, nlp: Language, name: str, *, patch_tokenizer: bool = True):
        self.name = name
        self.patch_tokenizer = patch_tokenizer
        if patch_tokenizer:
            extend_token_match(nlp, self.flag, self.match)

    @staticmethod
    def match(text: str):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        return doc


__all__ = ["APOSTROPHES", "TokenizerComponent", "extend_token_match", "straight_apostrophes",
           "tokens_at"]
