"""A small detector of English sentences in a French report (the test of "one French voice").

A sentence is English when it holds at least two common English words, one of them at least
a word French does not have (``the``, ``of``, ``is``, ``reached``…; ``classes``, ``file`` or
``session`` are French words too, so they only count beside one of those). Words are matched
whole, ignoring case; code spans, fenced code, file names, paths and URLs are left out (they
are names, not sentences). Sentences are cut at line ends, table cells and sentence
punctuation, so that one English clause inside a French paragraph is found.
"""
from __future__ import annotations

import re

#: common English words that are not French words
ENGLISH_ONLY = frozenset("""
the of and is are was were be been being not with without from this that these those which
who what when where while than then there their they it its into onto to by for at in no nor
only too few has have had having does did could would should can cannot will shall must
reached stopped requested needed found missing invalid unknown empty unreadable unsupported
skipped ignored failed error errors warning warnings text texts units unit class largest
remaining gives give given set disjoint crossed cut finite too folder hidden regular
encoding readable corrupt differs name names codebook contains
""".split())
#: English words French shares: they count only beside a word of :data:`ENGLISH_ONLY`
SHARED = frozenset("""
file files classes session sessions format formats terms active segment segments document
documents minimum maximum note notes message messages split type types
""".split())

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M)
_CODE = re.compile(r"`[^`\n]*`")
_IMAGE = re.compile(r"\]\([^)\s]*\)")
_NAMES = re.compile(r"\S*(?:/|\\|://)\S*|\S+\.[A-Za-z0-9]{1,5}\b")
_CUT = re.compile(r"[\n|.!?;:()«»\[\]]+")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def english_words(sentence: str) -> list[str]:
    """The English words of ``sentence`` (lower case, in order), from either list."""
    return [w for w in (m.group().lower() for m in _WORD.finditer(sentence))
            if w in ENGLISH_ONLY or w in SHARED]


def is_english(sentence: str) -> bool:
    """Whether ``sentence`` reads as English: two English words or more, one of them not a
    French word."""
    words = english_words(sentence)
    return len(words) >= 2 and any(w in ENGLISH_ONLY for w in words)


def prose(markdown: str) -> str:
    """``markdown`` without what is not prose: fenced code, code spans, image and link
    targets, file names, paths, URLs and Markdown escapes."""
    text = _FENCE.sub(" ", markdown)
    text = _CODE.sub(" ", text)
    text = _IMAGE.sub("]", text)
    text = text.replace("\\_", "_").replace("\\", "")
    return _NAMES.sub(" ", text)


def english_sentences(markdown: str) -> list[str]:
    """The English sentences of the Markdown text ``markdown`` (stripped), in order."""
    return [s.strip() for s in _CUT.split(prose(markdown)) if is_english(s)]
