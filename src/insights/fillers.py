"""Oral fillers and transcript stage directions: ``insights_fillers``, a spaCy component.

It marks with ``token._.is_filler`` what a speaker says without meaning it as content, and
what a transcriber adds that nobody said; neither is ever counted as a term, so neither can
drive a theme. The Doc text is never changed.

Filler rules and their limits (rules on position and punctuation, no syntax):

* always fillers: euh, heu, hum, hmm, bah, ben, hein, bref, du coup (unless followed by
  ``de``), and the answers oui, ouais, mouais, ok, okay.
* ``bon``, ``voilà``, ``enfin``, ``quoi``, ``genre``, ``tu vois`` and the like need context:
  ``bon``/``voilà``/``enfin`` are fillers when they stand alone between punctuation / segment
  limits on at least one side and are not preceded by a determiner or a verb (``un bon accueil``,
  ``c'est bon.``, ``voilà le projet`` are kept); ``quoi`` only at clause end (followed by
  punctuation other than ``?`` or the end) and not after a preposition (``de quoi``);
  ``genre`` when not preceded by a determiner or preposition (``le genre``, ``ce genre de``
  are kept); ``tu vois``, ``tu sais``, ``vous voyez``, ``vous savez``, ``je veux dire``,
  ``on va dire`` when followed by punctuation or the end; ``en fait`` unless followed by
  ``partie`` or preceded by a subject pronoun (``il en fait partie``, ``on en fait``).
* limits: ``enfin`` meaning "finally" between commas, or a question ``tu vois, le lieu ?``
  in a literal sense, are marked as fillers; a clause-final object ``quoi`` without a question
  mark (``tu fais quoi.``) too. Transcripts rarely use those.

Stage directions (:data:`STAGE_DIRECTION`): a transcriber's or note-taker's aside in
parentheses or brackets that opens with a word of the room's sounds and gestures — ``(rires)``,
``[applaudissements]``, ``(Quelques rires gênés.)``, ``(silence, Étienne sourit)``,
``(inaudible)``, ``(pause)`` — is marked whole, brackets included. An aside that opens with
another word (``(voir annexe)``, ``(rires et larmes du projet)`` is still one) is kept; so an
aside such as ``(silence radio de la mairie)`` is dropped although it is content.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from insights.doc_text import straight_apostrophes, tokens_at

if not Doc.has_extension("fillers"):
    Doc.set_extension("fillers", default=None)  # sorted tuple of token indices (msgpack-safe)
if not Token.has_extension("is_filler"):
    Token.set_extension("is_filler", getter=lambda t: t.i in (t.doc._.fillers or ()))

#: words that open a stage direction: laughter, applause, silence, what the transcriber could
#: not hear, gestures, noises (with their plural and verb forms)
STAGE_WORDS = (
    "rires?", "rit", "rient", "sourires?", "sourit", "sourient", "applaudissements?",
    "applaudit", "applaudissent", "silences?", "inaudibles?", "incompréhensibles?", "pauses?",
    "brouhaha", "toux", "tousse", "soupirs?", "soupire", "murmures?", "bruits?",
    "hésitations?", "blanc", "coupure", "musique", "chuchotements?", "hors[- ]micro",
)
#: what may stand before that word: a quantity or a manner (``quelques rires``, ``long
#: silence``, ``petit blanc``)
_STAGE_LEAD = (r"(?:(?:quelques|des|de|un|une|petits?|petites?|grands?|longs?|longues?|"
               r"légers?|légères?|brefs?|brèves?|courts?|courtes?|nouveaux?|nouvelles?|"
               r"gros|vifs?|vives?)\s+)*")
#: a stage direction: an aside in parentheses or brackets opening with one of STAGE_WORDS
STAGE_DIRECTION = re.compile(
    r"(?:\(\s*" + _STAGE_LEAD + "(?:" + "|".join(STAGE_WORDS) + r")(?![\w-])[^()\[\]\n]{0,160}\)"
    r"|\[\s*" + _STAGE_LEAD + "(?:" + "|".join(STAGE_WORDS) + r")(?![\w-])[^()\[\]\n]{0,160}\])",
    re.IGNORECASE,
)

ALWAYS_FILLERS = ("euh", "heu", "euhh", "euuh", "hum", "hmm", "mmh", "bah", "ben", "hein", "bref",
                  "du coup", "oui", "ouais", "mouais", "ok", "okay")
CONTEXT_FILLERS = ("bon", "voilà", "voila", "enfin", "quoi", "genre", "en fait",
                   "tu vois", "tu sais", "vous voyez", "vous savez", "je veux dire", "on va dire")
_DETERMINERS = {"le", "la", "les", "l'", "un", "une", "des", "du", "ce", "cet", "cette", "ces",
                "mon", "ton", "son", "ma", "ta", "sa", "mes", "tes", "ses", "notre", "votre",
                "leur", "nos", "vos", "leurs", "quel", "quelle", "quels", "quelles", "très",
                "trop", "si", "aussi", "plus", "moins", "assez", "vraiment", "de", "d'", "en",
                "à", "au", "aux", "pour", "par", "sur", "avec", "sans", "dans", "chez"}
_PREPOSITIONS = {"de", "d'", "à", "pour", "sur", "avec", "sans", "par", "en", "dans", "chez",
                 "vers", "après", "avant", "entre", "contre", "sous"}
_SUBJECTS = {"il", "elle", "on", "ils", "elles", "qui", "ça", "cela", "ce", "c'", "ne", "n'",
             "je", "j'", "tu", "nous", "vous"}


def _is_boundary(doc: Doc, i: int) -> bool:
    """True when position ``i`` is outside the doc or a punctuation / line-break token."""
    if i < 0 or i >= len(doc):
        return True
    t = doc[i]
    return t.is_punct or (t.is_space and "\n" in t.text)


def _skip_space(doc: Doc, i: int, step: int) -> int:
    while 0 <= i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
        i += step
    return i


class Fillers:
    """``insights_fillers``: sets ``doc._.fillers`` (sorted token indices of the oral fillers
    and of the stage directions), read by ``token._.is_filler``. Rules: see the module
    docstring."""

    def __init__(self, nlp: Language, name: str, *, extra: Iterable[str] = ()):
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        phrases = list(ALWAYS_FILLERS) + list(CONTEXT_FILLERS) + list(extra)
        tokenizer = nlp.tokenizer
        for phrase in phrases:
            self.matcher.add(phrase, [tokenizer(phrase)])
        self.always = set(ALWAYS_FILLERS) | set(extra)

    def _keep(self, doc: Doc, start: int, end: int, phrase: str) -> bool:
        prev_i, next_i = _skip_space(doc, start - 1, -1), _skip_space(doc, end, 1)
        prev = doc[prev_i] if 0 <= prev_i < len(doc) else None
        nxt = doc[next_i] if 0 <= next_i < len(doc) else None
        prev_low = straight_apostrophes(prev.lower_) if prev is not None else ""
        prev_pos = prev.pos_ if prev is not None else ""
        before, after = _is_boundary(doc, prev_i), _is_boundary(doc, next_i)
        if phrase == "du coup":
            return nxt is None or nxt.lower_ not in ("de", "d'", "d’")
        if phrase in self.always:
            return True
        if phrase in ("bon", "voilà", "voila", "enfin"):
            if prev_low in _DETERMINERS or prev_pos in ("DET", "AUX", "VERB"):
                return False
            return (before and (after or (nxt is not None and nxt.lower_ in self.always)))\
                or (after and prev is not None and prev.is_punct)
        if phrase == "quoi":
            if prev_low in _PREPOSITIONS or prev_pos in ("ADP", "VERB"):
                return False
            return after and (nxt is None or nxt.text not in ("?", "?\u00a0"))
        if phrase == "genre":
            return prev_low not in _DETERMINERS and prev_pos not in ("DET", "ADP")
        if phrase == "en fait":
            if nxt is not None and nxt.lower_ == "partie":
                return False
            return prev_low not in _SUBJECTS
        # tu vois, tu sais, vous voyez, vous savez, je veux dire, on va dire
        return after

    def __call__(self, doc: Doc) -> Doc:
        found: set[int] = set()
        strings = doc.vocab.strings
        for match_id, start, end in self.matcher(doc):
            phrase = strings[match_id]
            if self._keep(doc, start, end, phrase):
                found.update(range(start, end))
        if "(" in doc.text or "[" in doc.text:
            found.update(tokens_at(doc, STAGE_DIRECTION))
        doc._.fillers = tuple(sorted(found))
        return doc


@Language.factory("insights_fillers", default_config={"extra": []})
def make_fillers(nlp: Language, name: str, extra: list[str]) -> Fillers:
    """Factory of :class:`Fillers`; ``extra`` adds phrases that are always fillers."""
    return Fillers(nlp, name, extra=extra)


__all__ = ["ALWAYS_FILLERS", "CONTEXT_FILLERS", "STAGE_DIRECTION", "STAGE_WORDS", "Fillers",
           "make_fillers"]
