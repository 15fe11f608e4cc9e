"""French workshop components for spaCy: inclusive writing, typography, oral fillers.

Four factories, registered the spaCy way (``@Language.factory`` with a ``default_config``), so
any French pipeline can use them with ``nlp.add_pipe(name)``:

``insights_inclusive`` (first, before tagging)
    keeps inclusive forms (``participant·e·s``, ``élu.e.s``, ``habitant-es``, ``participant(e)s``,
    ``participant/e/s``, ``usager·ère·s``, ``animateur·rice·s``, ``tous·tes``...) and doublets
    (``celles et ceux``, ``toutes et tous``) as ONE token whose lemma is the base form
    (``participant``, ``usager``, ``animateur``, ``tout``, ``celui``) and whose norm is the
    masculine form the tagger knows (``participants``). Sets ``token._.is_inclusive``.
    The tokenizer's ``token_match`` is extended so forms with hyphens or slashes are not split;
    forms the tokenizer still splits are merged back with the retokenizer.
``insights_typography`` (before tagging)
    curly apostrophes (’ ʼ ‘) and elided words (``l’``, ``d’``, ``qu’``, ``jusqu’``...): the norm
    gets a straight apostrophe (what the tagger was trained on), the lemma the base word
    (``le``, ``de``, ``que``, ``jusque``...), and the elided words are stop words.
    Non-breaking spaces (U+00A0, U+202F) are already whitespace tokens for spaCy.
``insights_fixes`` (last)
    after tagging: elided words get a function-word POS (never NOUN/PROPN), inclusive forms a
    NOUN/PRON POS and their base lemma, entities overlapping an inclusive form are dropped, and
    plural nouns the small model leaves unlemmatised get their singular (``lieux`` -> ``lieu``,
    ``tiers-lieux`` -> ``tiers-lieu``; :data:`NOUN_PLURALS` and lower-case -eaux/-aux nouns).
``insights_fillers`` (last; :mod:`insights.fillers`, re-exported here)
    marks oral fillers and discourse markers with ``token._.is_filler`` (``euh``, ``ben``,
    ``du coup``, ``en fait``, ``tu vois``, clause-final ``quoi``...), and transcript stage
    directions (``(rires)``, ``[applaudissements]``, ``(silence, X sourit)``, ``(inaudible)``).

The Doc text is never changed: merges keep character offsets into the original text.

"""
from __future__ import annotations

import re
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from insights.doc_text import APOSTROPHES, TokenizerComponent, straight_apostrophes, tokens_at
# the oral fillers and stage directions: registered with the other workshop components
from insights.fillers import (  # noqa: F401  (public names of this module too)
    ALWAYS_FILLERS, CONTEXT_FILLERS, STAGE_DIRECTION, Fillers, make_fillers,
)

# --------------------------------------------------------------------------------------------
# extensions (guarded so that re-importing the module is harmless)

if not Doc.has_extension("inclusive"):
    Doc.set_extension("inclusive", default=None)  # sorted tuple of char offsets (msgpack-safe)
if not Token.has_extension("is_inclusive"):
    Token.set_extension("is_inclusive", getter=lambda t: t.idx in (t.doc._.inclusive or ()))

# --------------------------------------------------------------------------------------------
# typography

#: elided word (lower case, straight apostrophe) -> (lemma, allowed POS, POS to use otherwise)
ELISIONS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "l'": ("le", ("DET", "PRON"), "DET"),
    "d'": ("de", ("ADP", "DET"), "ADP"),
    "qu'": ("que", ("SCONJ", "PRON", "ADV"), "SCONJ"),
    "jusqu'": ("jusque", ("ADP",), "ADP"),
    "n'": ("ne", ("ADV",), "ADV"),
    "s'": ("se", ("PRON", "SCONJ"), "PRON"),
    "c'": ("ce", ("PRON",), "PRON"),
    "j'": ("je", ("PRON",), "PRON"),
    "m'": ("me", ("PRON",), "PRON"),
    "t'": ("te", ("PRON",), "PRON"),
    "lorsqu'": ("lorsque", ("SCONJ",), "SCONJ"),
    "puisqu'": ("puisque", ("SCONJ",), "SCONJ"),
    "quoiqu'": ("quoique", ("SCONJ",), "SCONJ"),
    "quelqu'": ("quelque", ("DET", "PRON"), "DET"),
    "presqu'": ("presque", ("ADV",), "ADV"),
}
_APOS_RE = re.compile(f"[{APOSTROPHES[1:]}]")
_ANY_APOS_RE = re.compile(f"[{APOSTROPHES}]")


def _elision_key(token: Token) -> str | None:
    key = straight_apostrophes(token.lower_)
    return key if key in ELISIONS else None


class Typography:
    """``insights_typography``: straight-apostrophe norms, base lemmas for elided words."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        for key in ELISIONS:  # elided words are stop words, whatever the apostrophe or case
            for apo in APOSTROPHES:
                form = key[:-1] + apo
                for variant in (form, form.capitalize(), form.upper()):
                    nlp.vocab[variant].is_stop = True

    # spaCy's tokenizer splits elisions on ' and ’ only: ʼ (a letter for Unicode), ‘ ´ `
    _UNSPLIT_RE = re.compile(
        r"^(?P<el>(?:" + "|".join(k[:-1] for k in ELISIONS) + r")[ʼ‘´`])(?P<rest>[^\W\d_].*)$",
        re.IGNORECASE,
    )

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        if not _APOS_RE.search(text) and "'" not in text:
            return doc
        to_split = [(t, m) for t in doc if (m := self._UNSPLIT_RE.match(t.text))]
        if to_split:
            with doc.retokenize() as retok:
                for token, m in to_split:
                    retok.split(token, [m.group("el"), m.group("rest")],
                                heads=[(token, 1), token.head if token.head.i != token.i
                                       else (token, 1)])
        for i in tokens_at(doc, _ANY_APOS_RE):
            token = doc[i]
            norm = straight_apostrophes(token.lower_)
            if norm != token.lower_:
                token.norm_ = norm
            key = _elision_key(token)
            if key is not None:
                token.lemma_ = ELISIONS[key][0]
        return doc


@Language.factory("insights_typography", default_config={})
def make_typography(nlp: Language, name: str) -> Typography:
    """Factory of :class:`Typography`."""
    return Typography(nlp, name)


# --------------------------------------------------------------------------------------------
# inclusive writing

_DOTS = "·•⋅‧∙"  # middle dots met in inclusive writing
#: feminine endings after the separator (lower case)
_FEM = "e|ne|le|te|se|ère|ere|rice|ice|trice|euse|eure|esse|ve|fe|ive|ienne|enne|elle|lle|ine"
_FEM_HYPHEN = "e|ne|ère|ere|rice|ice|trice|euse|esse|ve|fe|ive|ienne|enne|ine"  # no "le", "te"
_WORD = r"[^\W\d_]{2,}"
_INCLUSIVE_RE = re.compile(
    rf"""^(?P<base>{_WORD})(?:
        (?P<sep>[{_DOTS}./])(?:{_FEM})(?:(?P=sep)?[sx])?
      | -(?:{_FEM_HYPHEN})(?:-?s)?
      | \((?:{_FEM})\)[sx]?
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
#: words that look like ``base-e`` but are not inclusive forms
_NOT_INCLUSIVE = {"peut-être", "celle-ci", "celles-ci", "celle-là", "celles-là"}
#: base forms whose lemma is not the base itself
_BASE_LEMMAS = {"tous": "tout", "tou": "tout", "toutes": "tout", "ceux": "celui", "il": "il",
                "ils": "il"}
#: doublets kept as one token -> lemma
DOUBLETS: dict[str, str] = {
    "celles et ceux": "celui", "ceux et celles": "celui",
    "celle ou celui": "celui", "celui ou celle": "celui",
    "tous et toutes": "tout", "toutes et tous": "tout",
    "ils et elles": "il", "elles et ils": "il", "il ou elle": "il", "elle ou il": "il",
}
_PRONOUN_LEMMAS = {"tout", "celui", "il", "un", "chacun", "aucun", "certain", "quelqu'un"}


def inclusive_base(word: str) -> str | None:
    """Return the base form (lemma) of an inclusive form, or None if ``word`` is not one.

    >>> inclusive_base("usager·ère·s"), inclusive_base("tous·tes"), inclusive_base("accueil")
    ('usager', 'tout', None)
    """
    low = word.lower()
    if low in _NOT_INCLUSIVE:
        return None
    m = _INCLUSIVE_RE.match(low)
    if m is None:
        return None
    base = m.group("base")
    if base in _BASE_LEMMAS:
        return _BASE_LEMMAS[base]
    rest = low[len(base):]
    if base.endswith("s") and re.match(rf"^[{_DOTS}./\-(]es", rest) and len(base) > 3:
        base = base[:-1]  # participants·es -> participant
    return base


def _inclusive_norm(word: str, lemma: str) -> str:
    """The masculine form the tagger knows: plural when the inclusive form is plural."""
    plural = word.lower().endswith(("s", "x", "s)"))
    if lemma == "tout":
        return "tous" if plural else "tout"
    if plural and not lemma.endswith(("s", "x")):
        return lemma + "s"
    return lemma


class Inclusive(TokenizerComponent):
    """``insights_inclusive``: one token per inclusive form, lemma = base form."""

    # candidate strings in the text: a word followed by an inclusive ending
    _SCAN_RE = re.compile(
        rf"(?<![\w{_DOTS}])[^\W\d_]{{2,}}(?:[{_DOTS}./\-(][^\W\d_]{{1,5}}\)?[sx]?){{1,3}}(?!\w)",
        re.IGNORECASE,
    )
    _DOUBLET_RE = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(d).replace(r"\ ", r"\s+") for d in DOUBLETS)
        + r")(?!\w)",
        re.IGNORECASE,
    )

    flag = "insights_inclusive"

    @staticmethod
    def match(text: str):
        return _INCLUSIVE_RE.match(text) if inclusive_base(text) is not None else None

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        spans: list[tuple[Span, str]] = []
        for m in self._SCAN_RE.finditer(text):
            word = m.group(0)
            lemma = inclusive_base(word)
            if lemma is None:
                continue
            span = doc.char_span(m.start(), m.end(), alignment_mode="strict")
            if span is not None:
                spans.append((span, lemma))
        for m in self._DOUBLET_RE.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="strict")
            if span is not None:
                spans.append((span, DOUBLETS[" ".join(m.group(0).lower().split())]))
        if not spans:
            return doc
        spans.sort(key=lambda s: (s[0].start, -len(s[0])))
        kept, last_end = [], -1
        for span, lemma in spans:
            if span.start >= last_end:
                kept.append((span, lemma))
                last_end = span.end
        with doc.retokenize() as retok:
            for span, lemma in kept:
                if len(span) > 1:
                    retok.merge(span)
        offsets = set(doc._.inclusive or ())
        for span, lemma in kept:
            token = doc.char_span(span.start_char, span.end_char)[0]
            token.lemma_ = lemma
            token.norm_ = lemma if " " in token.text else _inclusive_norm(token.text, lemma)
            offsets.add(token.idx)
        doc._.inclusive = tuple(sorted(offsets))
        return doc


@Language.factory("insights_inclusive", default_config={"patch_tokenizer": True})
def make_inclusive(nlp: Language, name: str, patch_tokenizer: bool) -> Inclusive:
    """Factory of :class:`Inclusive`."""
    return Inclusive(nlp, name, patch_tokenizer=patch_tokenizer)


# --------------------------------------------------------------------------------------------
# fixes after tagging

#: frequent workshop nouns whose plural the small model often leaves unlemmatised or mis-tags
NOUN_PLURALS = {"lieux": "lieu", "tiers-lieux": "tiers-lieu", "milieux": "milieu",
                "enjeux": "enjeu", "jeux": "jeu", "réseaux": "réseau", "bureaux": "bureau",
                "niveaux": "niveau", "locaux": "local", "travaux": "travail",
                "journaux": "journal", "hôpitaux": "hôpital", "tuyaux": "tuyau",
                "bateaux": "bateau", "gâteaux": "gâteau", "panneaux": "panneau",
                "morceaux": "morceau", "châteaux": "château", "quartiers": "quartier"}
#: words in -aux that are not plurals of -al/-eau nouns (never changed)
_NOT_EU_PLURALS = {"mieux", "peux", "veux", "deux", "ceux", "eux", "vaux", "faux", "taux",
                   "heureux", "vieux", "creux", "joyeux", "sérieux", "nombreux", "précieux"}


class Fixes:
    """``insights_fixes``: function-word POS for elided words, base lemma and NOUN/PRON POS
    for inclusive forms, no entity over an inclusive form; the plurals of
    :data:`NOUN_PLURALS` and lower-case nouns in -eaux/-aux left unlemmatised get their
    singular (``lieux`` -> ``lieu``, ``rideaux`` -> ``rideau``, ``hopitaux`` -> ``hopital``).
    An -eux noun is left alone: most are singular (``religieux``), and the lemmas of the
    others come from ``insights_lemmas``."""

    def __init__(self, name: str):
        self.name = name

    # tokens that may need a fix: apostrophes, -eux/-aux endings, listed plurals
    _CANDIDATE_RE = re.compile(
        f"[{APOSTROPHES}]|(?:eux|aux|" + "|".join(sorted(NOUN_PLURALS)) + r")\b", re.IGNORECASE)

    def __call__(self, doc: Doc) -> Doc:
        inclusive = []
        offsets = frozenset(doc._.inclusive or ())
        candidates = set(tokens_at(doc, self._CANDIDATE_RE))
        if offsets:
            candidates.update(t.i for t in doc if t.idx in offsets)
        for i in sorted(candidates):
            token = doc[i]
            if token.idx in offsets:
                inclusive.append(token.i)
                lemma = inclusive_base(token.text) or DOUBLETS.get(
                    " ".join(token.lower_.split()), token.lemma_)
                token.lemma_ = lemma
                if lemma in _PRONOUN_LEMMAS:
                    if token.pos_ not in ("PRON", "DET", "ADJ"):
                        token.pos_ = "PRON"
                elif token.pos_ not in ("NOUN", "ADJ"):
                    token.pos_ = "NOUN"
                continue
            if token.lemma_ == token.lower_ and token.lower_ in NOUN_PLURALS:
                token.lemma_ = NOUN_PLURALS[token.lower_]
                if token.pos_ in ("PRON", "PROPN", "X", "VERB") or (
                        token.pos_ == "ADJ" and token.lower_ != "locaux"):
                    token.pos_ = "NOUN"  # the model tags "des lieux" ADJ
                continue
            if token.pos_ in ("NOUN", "PROPN") and token.is_lower and token.lemma_ == token.lower_:
                lower = token.lower_
                if lower not in _NOT_EU_PLURALS:
                    if lower.endswith("eaux"):
                        token.lemma_ = lower[:-1]  # rideaux -> rideau
                    elif lower.endswith("aux"):
                        token.lemma_ = lower[:-3] + "al"  # hopitaux -> hopital
                continue
            if "'" in token.text or _APOS_RE.search(token.text):
                key = _elision_key(token)
                if key is None:
                    continue
                lemma, allowed, default = ELISIONS[key]
                if key == "s'" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ in ("il", "ils"):
                    lemma, allowed, default = "si", ("SCONJ",), "SCONJ"
                token.lemma_ = lemma
                if token.pos_ not in allowed:
                    token.pos_ = default
        if inclusive and doc.has_annotation("ENT_IOB"):
            marked = set(inclusive)
            doc.ents = [e for e in doc.ents if not marked.intersection(range(e.start, e.end))]
        return doc


@Language.factory("insights_fixes", default_config={})
def make_fixes(nlp: Language, name: str) -> Fixes:
    """Factory of :class:`Fixes`."""
    return Fixes(name)


#: settings of the components above, part of the annotation cache key
COMPONENTS_VERSION = "9"  # 9: stage directions are fillers
