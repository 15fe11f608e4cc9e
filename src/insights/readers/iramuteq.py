"""IRaMuTeQ corpora (``.txt`` files whose texts start with ``****`` lines).

The format is IRaMuTeQ's (and ALCESTE's) as its own parser reads it (``corpus.py``,
``BuildFromAlceste``): a line starting with ``****`` opens a text and carries its starred
variables, whitespace-separated, each ``*name_modality`` (the variable is what comes before
the first ``_``); a line starting with ``-*`` inside a text holds one thematic variable for
what follows; every other non-empty line is text. ``*`` elsewhere in a text line is ordinary
text (real corpora hold bullets written ``* item``).

Here each ``****`` text is one text unit (``text_id``) and each of its non-empty lines is a
segment: a line is a paragraph in corpora written from a table or a word processor, and a
segment in the corpora IRaMuTeQ itself exports. Variables named like a
segment column fill it (:data:`COLUMN_VARIABLES`: ``session``, ``group``, ``kind``,
``profile``, ``category``, ``author``); every starred variable, those included, is kept in the
``variables`` field as IRaMuTeQ writes it (``*name_modality …``, then ``-*theme`` for a
thematic). Unlike IRaMuTeQ, which silently drops what precedes the first ``****`` line, text
before it is an error, as is a malformed variable: each error names its line.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from insights.readers import Block, Note, RawDocument, ReaderError, fold

#: what opens a text: four stars at a line start (IRaMuTeQ's ``testetoile``)
MARK = "****"
#: what opens a thematic line inside a text
THEMATIC = "-*"
#: the kind of segments read from an IRaMuTeQ corpus unless a ``kind`` variable says otherwise
DEFAULT_KIND = "texte"
#: variable names (accents and case ignored) that fill a segment column, and that column
COLUMN_VARIABLES = {
    "session": "session", "seance": "session",
    "group": "group", "groupe": "group",
    "kind": "kind",
    "profile": "profile", "profil": "profile",
    "category": "category", "categorie": "category",
    "author": "author", "auteur": "author", "speaker": "author", "locuteur": "author",
}

#: a starred variable: ``*name`` or ``*name_modality``; the name is letters, digits, ``-`` or
#: ``.`` (no ``_``: IRaMuTeQ splits the variable from its modality at the first ``_``)
_VARIABLE = re.compile(r"^\*(?P<name>[^\W_](?:[^\W_]|[-.])*)(?:_(?P<modality>[^\s*]+))?$")
#: a ``****`` line holding at least one starred variable: what tells a corpus from a Markdown
#: rule (``****`` alone) in a notes file
_MARK_LINE = re.compile(r"^\*{4}[ \t]+\*\S")


@dataclass
class Text:
    """One ``****`` text: ``line`` (1-based line of its ``****`` line), ``variables`` (the
    starred tokens as written, ``*`` included), ``lines``: its non-empty lines as ``(line,
    text, thematics)``, spaces collapsed, with the ``-*`` thematic token in force (if any)."""

    line: int
    variables: list[str]
    lines: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)


def is_corpus(text: str) -> bool:
    """Whether decoded ``text`` is an IRaMuTeQ corpus: its first non-empty line starts with
    ``****``, or a later line is a ``****`` line with starred variables (a corpus with text
    before its first text mark, which :func:`parse_corpus` refuses with the line)."""
    for line in text.split("\n"):
        if line.strip():
            if line.startswith(MARK):
                return True
            break
    return any(_MARK_LINE.match(line) for line in text.split("\n"))


def split_variable(token: str) -> tuple[str, str]:
    """``"*session_accueil"`` -> ``("session", "accueil")``; ``"*rire"`` -> ``("rire", "")``.
    Raises :class:`ReaderError` for a token that is not a starred variable."""
    match = _VARIABLE.match(token)
    if not match:
        raise ReaderError(f"malformed variable {token!r}: expected '*name_modality' (a star, "
                          "a name without '_', then '_' and a modality without spaces)",
                          code="skip.iramuteq_variable", variable=token[:40])
    return match.group("name"), match.group("modality") or ""


def _check_variables(tokens: list[str], number: int) -> list[str]:
    for token in tokens:
        try:
            split_variable(token)
        except ReaderError as exc:
            raise ReaderError(f"line {number}: {exc}", code=exc.code,
                              **{**exc.params, "line": number}) from None
    return tokens


def parse_corpus(text: str, *, first_line: int = 1) -> tuple[list[Text], list[str]]:
    """Parse a decoded IRaMuTeQ corpus (LF line ends): ``(texts, notes)``.

    ``notes`` holds warnings (an empty text, skipped as IRaMuTeQ skips it). Raises
    :class:`ReaderError` naming the line for text before the first ``****`` line, a ``****``
    mark not followed by a space, a malformed starred variable, a thematic line before the
    first text or holding more than its variable, and a corpus without any text.
    """
    texts: list[Text] = []
    notes: list[str] = []
    thematics: tuple[str, ...] = ()

    for offset, raw in enumerate(text.split("\n")):
        number = first_line + offset
        line = raw.rstrip()
        if line.startswith(MARK):
            tokens = line.split()
            if tokens[0] != MARK:
                raise ReaderError(f"line {number}: the text mark {MARK!r} must be followed by a "
                                  f"space, then the starred variables (got {tokens[0][:40]!r})",
                                  code="skip.iramuteq_mark", line=number)
            texts.append(Text(line=number, variables=_check_variables(tokens[1:], number)))
            thematics = ()
        elif line.startswith(THEMATIC):
            if not texts:
                raise ReaderError(f"line {number}: thematic line before the first text mark "
                                  f"{MARK!r}", code="skip.iramuteq_thematic_first", line=number)
            tokens = line.split()
            if len(tokens) != 1:
                raise ReaderError(f"line {number}: a thematic line holds its variable only "
                                  f"('-*name_modality'), got {len(tokens)} words",
                                  code="skip.iramuteq_thematic", line=number, n=len(tokens))
            _check_variables([tokens[0][1:]], number)
            thematics = (tokens[0],)
        elif not line.strip():
            continue
        elif not texts:
            raise ReaderError(
                f"line {number}: text before the first text mark {MARK!r}; an IRaMuTeQ corpus "
                f"starts each text with a line '{MARK} *variable_modality …'",
                code="skip.iramuteq_text_first", line=number)
        else:
            texts[-1].lines.append((number, " ".join(line.split()), thematics))
    for item in texts:
        if not item.lines:
            notes.append(Note(f"line {item.line}: empty text (no line under its {MARK} line): "
                              "skipped", "warn.iramuteq_empty_text", line=item.line))
    texts = [t for t in texts if t.lines]
    if not texts:
        raise ReaderError(f"no text in this IRaMuTeQ corpus: every {MARK} line must be followed "
                          "by the lines of its text", code="skip.iramuteq_empty")
    return texts, notes


def column_fields(variables: list[str]) -> dict[str, str]:
    """The segment columns a text's starred ``variables`` fill (:data:`COLUMN_VARIABLES`),
    e.g. ``["*session_accueil", "*age_30"]`` -> ``{"session": "accueil"}``. The first of two
    variables filling one column wins; an ``author`` modality's ``_`` are read as spaces."""
    out: dict[str, str] = {}
    for token in variables:
        name, modality = split_variable(token.removeprefix("-"))
        column = COLUMN_VARIABLES.get(fold(name))
        if column and modality and column not in out:
            # a name is written with '_' for its spaces: the pseudonymiser needs the spaces
            out[column] = modality.replace("_", " ") if column == "author" else modality
    return out


def modality(value: str) -> str:
    """``value`` written as an IRaMuTeQ modality: accents folded to ASCII, lower case, every run
    of characters other than letters and digits (spaces, ``_``, ``*``, ``·``, ``'``…) made one
    ``-``, none at either end; ``""`` stays ``""``. ``"agent·e de collectivité"`` ->
    ``"agent-e-de-collectivite"``, ``"table 3"`` -> ``"table-3"``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")


def session_named(value: str, sessions: Collection[str]) -> str:
    """The session id among ``sessions`` (ids) that ``value`` names: ``value`` itself when it
    is one, else the id whose :func:`modality` it is (a session exported as an IRaMuTeQ
    modality), else ``value`` unchanged (the caller reports it)."""
    if not value or value in sessions:
        return value
    named = [s for s in sessions if modality(s) == value]
    return named[0] if len(named) == 1 else value


def mask_variables(variables: str, mask: Callable[[str], str]) -> str:
    """``variables`` (starred tokens) with ``mask`` (a pseudonymiser: str -> str) applied to
    each modality, read with its ``_`` as spaces; a modality that changes is written
    back as a :func:`modality` so each token stays one word (``*author_Camille_Martin`` ->
    ``*author_intervenant-e-a``)."""
    out = []
    for token in variables.split():
        head, sep, value = token.partition("_")
        if sep:
            spaced = re.sub(r"[_\s]+", " ", value)
            masked = mask(spaced)
            if masked != spaced:
                value = modality(masked) or "masque"
        out.append(head + sep + value)
    return " ".join(out)


def corpus_document(text: str, *, first_line: int = 1) -> RawDocument:
    """The :class:`RawDocument` of a decoded IRaMuTeQ corpus: one block per text line, the
    blocks of the k-th text in section k (one text unit each), each block's ``fields`` holding
    the columns its variables fill, ``variables`` (every starred token, thematics last) and
    ``session_line`` (the ``****`` line, where an unknown session is reported).
    ``encoding`` and ``newline`` are left for the caller to set."""
    texts, notes = parse_corpus(text, first_line=first_line)
    blocks: list[Block] = []
    for number, item in enumerate(texts, start=1):
        for line, content, thematics in item.lines:
            tokens = item.variables + list(thematics)
            fields = column_fields(tokens)
            fields["variables"] = " ".join(tokens)
            if "session" in fields:  # an unknown session is reported at its **** line
                fields["session_line"] = str(item.line)
            blocks.append(Block(text=content, line=line, fields=fields, section=number))
    return RawDocument(blocks=blocks, kind=DEFAULT_KIND, notes=notes)


__all__ = ["COLUMN_VARIABLES", "DEFAULT_KIND", "MARK", "THEMATIC", "Text", "column_fields",
           "corpus_document", "is_corpus", "mask_variables", "modality", "parse_corpus",
           "session_named", "split_variable"]
