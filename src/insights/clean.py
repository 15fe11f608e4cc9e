"""Pseudonymisation at ingest: participants' names -> stable pseudonyms, contacts masked.

Names are matched ignoring accents, as whole words (Unicode-aware boundaries; a name inside a
hyphenated compound is no match: ``Jean`` is not found in ``Jean-Claude``):

- the first and last name of each ``participants.csv`` row are told apart by
  :func:`insights.names.split_name` (``Jean-Claude Moreau``, ``LE BRIS Nolwenn``,
  ``Le Bris, Nolwenn``); a row it cannot cut (``Le Bris Nolwenn``) is reported in
  :attr:`Pseudonymizer.warnings` and its names masked in every order, never guessed;
- full names (``Hélène Le Goff``, ``Le Goff Hélène``, ``hélène le-goff``) in any case, unless
  every word of the name is an ordinary French word (``Pierre Rose``): then with capitals;
- ``Prénom N.``, ``P. Nom`` and ``J.-C. Nom`` forms (initials are capitals);
- a first or last name alone, when no other participant shares it, in any case (``tanguy``,
  ``le goff``), unless it is an ordinary French word (``claire``, ``rose``, ``marie``… see
  :func:`insights.names.is_ordinary_word` and :data:`COMMON_WORD_NAMES`): then only with a
  capital first letter. A name several participants share is replaced by
  :data:`AMBIGUOUS_MASK`, since it cannot be told whose it is;
- after an honorific (``M. Moreau``, ``mme le gall``, ``Madame Quintin``) a last or first name
  in any case, ordinary word or not;
- apostrophes inside a name are optional (``N'Diaye`` / ``Ndiaye``, ``d'Almeida`` /
  ``D'Almeida``), and a U+FFFD replacement character stands for any accented letter (a stray
  byte in a file must not unmask a name).

E-mail addresses and phone numbers, plain or obfuscated, are masked whoever they belong to
(:mod:`insights.contacts`).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath

import pandas as pd

from insights.contacts import EMAIL_MASK, PHONE_MASK, mask_contacts
from insights.errors import InvalidArgumentError
from insights.names import HONORIFIC, is_ordinary_word, is_particle, split_name
from insights.readers import Note, fold

AMBIGUOUS_MASK = "[participant·e]"

#: first or last names that are also ordinary French words: matched alone only when capitalised
#: (besides every word the French model's lemmatizer knows, see ``is_ordinary_word``)
COMMON_WORD_NAMES = frozenset(
    fold(word) for word in """
    claire rose pierre marguerite violette olive olivier prudence constance aurore blanche
    victoire colombe capucine reine iris jade fleur ange modeste france marine marin patience
    espérance perle ambre camélia basile clémentine cerise prune sylvain martin noël pascal
    aimé désiré fidèle félicité auguste franck léger loup lys azur julien bienvenu bris
    """.split()
)

_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxz")
_BEFORE = r"(?<![\w\-])"
_AFTER = r"(?![\w])(?!-\w)"
_JOIN = r"\.?[\s\-]+"


# --- name patterns ---------------------------------------------------------------------------

def _variants_of(letter: str) -> tuple[str, str]:
    """(lower-case variants, upper-case variants) of ``letter``'s accent family; U+FFFD joins
    a family that has accented letters (it may stand for any of them)."""
    lower = {letter}
    for code in range(0xC0, 0x250):
        ch = chr(code)
        if ch.islower() and fold(ch) == letter:
            lower.add(ch)
    upper = {ch.upper() for ch in lower if len(ch.upper()) == 1}
    if len(lower) > 1:
        lower.add("\ufffd")
    return "".join(sorted(lower)), "".join(sorted(upper | ({"\ufffd"} & lower)))


_FAMILIES: dict[str, tuple[str, str]] = {}


def _char_class(letter: str, *, upper_only: bool) -> str:
    if letter in "'’":
        return "['’]"
    if not letter.isalpha():
        return re.escape(letter)
    if letter not in _FAMILIES:
        _FAMILIES[letter] = _variants_of(letter)
    lower, upper = _FAMILIES[letter]
    chars = upper if upper_only else lower + upper
    return "[" + re.escape(chars) + "]"


@lru_cache(maxsize=1 << 18)  # every word of every text is keyed: most words recur
def _key(text: str) -> str:
    """Folded comparison key: accents and case dropped, apostrophes inside a word dropped
    (``N'Diaye`` -> ``ndiaye``), hyphens/spaces collapsed, dots dropped."""
    text = fold(text).replace("’", "'")
    text = re.sub(r"(?<=\w)'(?=\w)", "", text).replace(".", " ")
    return re.sub(r"[\s\-]+", " ", text).strip()


def forget_keys() -> None:
    """Empty the memo of :func:`_key` (up to 262,144 words with their keys). Reading a large
    event fills it with words whose small strings stay scattered over the interpreter's
    memory arenas, which cannot be given back while one of their blocks lives: emptying it
    once an event is read gives back about 200 MB after the 6.7M-word GDN sample. Changes
    no result; the next reading fills it again."""
    _key.cache_clear()


@dataclass(frozen=True)
class _Word:
    """One word of a name: ``spelled`` lower case as written, ``folded`` without accents
    (apostrophes kept, to build the pattern)."""

    spelled: str
    folded: str

    @property
    def key(self) -> str:
        return _key(self.folded)

    @property
    def particle(self) -> bool:
        return is_particle(self.folded)


def _words(tokens: Iterable[str]) -> list[_Word]:
    """Name tokens -> words, a compound (``Jean-Claude``) cut at its hyphens, dots dropped."""
    out = []
    for token in tokens:
        for part in re.split(r"-+", token.strip(".")):
            part = unicodedata.normalize("NFC", part.replace("’", "'")).lower().strip(".")
            if part:
                out.append(_Word(part, fold(part)))
    return out


def _word_regex(word: str, *, capital: bool) -> str:
    """Regex of the folded ``word``: accents free, apostrophes optional (one may be missing
    or added after a first consonant: ``Ndiaye`` / ``N'Diaye``); with ``capital`` its first
    letter (the one after an elided ``d'``/``l'``) must be upper-case."""
    cap_at = 2 if word[1:2] == "'" else 0
    out = []
    for i, ch in enumerate(word):
        if ch == "'":
            out.append("['’]?")
            continue
        out.append(_char_class(ch, upper_only=capital and i == cap_at))
        if (i == 0 and len(word) > 2 and ch in _CONSONANTS and word[1] in _CONSONANTS):
            out.append("['’]?")
    return "".join(out)


def _phrase_regex(words: list[_Word], *, capital: bool) -> str:
    """Regex of a sequence of name words; with ``capital`` every word but the particles
    starts with a capital."""
    return _JOIN.join(_word_regex(w.folded, capital=capital and not w.particle) for w in words)


def _phrase_key(words: list[_Word]) -> str:
    return " ".join(w.key for w in words)


@dataclass(frozen=True)
class _Person:
    pseudonym: str
    profile: str


@dataclass
class _Entry:
    replacement: str
    regex: str
    person: _Person | None
    spellings: set[str] = field(default_factory=set)


def _add(table: dict[str, _Entry], key: str, regex: str, person: _Person,
         spellings: Iterable[str] = ()) -> None:
    """Add a name form; a form two participants share becomes :data:`AMBIGUOUS_MASK`."""
    if not key:
        return
    if key in table:
        entry = table[key]
        if entry.person != person:
            entry.replacement, entry.person = AMBIGUOUS_MASK, None
        entry.spellings.update(spellings)
    else:
        table[key] = _Entry(person.pseudonym, regex, person, set(spellings))


#: a word of running text (letters, U+FFFD, inner apostrophes: ``N'Diaye``, ``d'Hélène``)
_TOKEN = re.compile(r"(?:[^\W\d_]|\ufffd)+(?:['’](?:[^\W\d_]|\ufffd)+)*")
_HONORIFIC = re.compile(rf"{_BEFORE}{HONORIFIC}\s+")


class _Lookup:
    """The name forms of one table indexed by the key of their first word, so that matching a
    text costs one dictionary look-up per word whatever the number of participants; each
    form's regex is compiled on first use."""

    def __init__(self, table: dict[str, _Entry]):
        self.table = table
        self.by_first: dict[str, list[str]] = {}
        self.by_length: dict[int, list[str]] = {}
        for key in sorted(table, key=lambda k: (-len(k), k)):
            first = key.split(" ")[0]
            self.by_first.setdefault(first, []).append(key)
            self.by_length.setdefault(len(first), []).append(key)
        self.compiled: dict[str, re.Pattern] = {}

    def _regex(self, key: str) -> re.Pattern:
        compiled = self.compiled.get(key)
        if compiled is None:
            compiled = re.compile(f"{_BEFORE}(?:{self.table[key].regex}){_AFTER}")
            self.compiled[key] = compiled
        return compiled

    def longest(self, text: str, token: re.Match) -> tuple[re.Match, _Entry] | None:
        """The longest name form matching ``text`` at the word ``token`` (or after one of its
        apostrophes: ``d'Hélène``), with its entry; ``None`` if none matches."""
        word = token.group(0)
        starts = [(token.start(), word)] + [
            (token.start() + m.end(), word[m.end():]) for m in re.finditer(r"['’]", word)]
        for start, part in starts:
            key = _key(part)
            keys = self.by_length.get(len(key), ()) if "\ufffd" in part \
                else self.by_first.get(key, ())
            best = None
            for candidate in keys:
                match = self._regex(candidate).match(text, start)
                if match and (best is None or match.end() > best[0].end()):
                    best = (match, self.table[candidate])
            if best is not None:
                return best
        return None


class Pseudonymizer:
    """Compiled pseudonymiser for one participants table.

    ``participants`` needs a ``name`` column; ``pseudonym`` (else ``"Participant·e 07"`` from the
    1-based row order) and ``profile`` are optional. ``extra_names`` maps more names (e.g.
    speakers absent from ``participants``) to their pseudonyms; they are matched as whole names
    with a capital first letter on each word, and never override a participant.
    Call it on a text to pseudonymise that text; :meth:`speaker` resolves a speaker name;
    :meth:`path` pseudonymises a relative file path. :attr:`warnings` lists the rows whose first
    and last names could not be told apart (by row number and pseudonym, never by name).
    Raises :class:`~insights.errors.InvalidArgumentError` if ``participants`` lacks ``name``.
    """

    def __init__(
        self,
        participants: pd.DataFrame,
        *,
        extra_names: Mapping[str, str] | None = None,
        common_words: Iterable[str] = COMMON_WORD_NAMES,
    ):
        if "name" not in participants.columns:
            raise InvalidArgumentError(
                f"`participants` needs a 'name' column; columns: {list(participants.columns)}"
            )
        self._common = frozenset(fold(w) for w in common_words)
        self.people = participants_table(participants)
        self.warnings: list[str] = []
        entries: dict[str, _Entry] = {}
        singles: dict[str, _Entry] = {}
        honorific: dict[str, _Entry] = {}
        exact: dict[str, _Person] = {}
        for number, row in enumerate(self.people.itertuples(index=False), start=1):
            person = _Person(row.pseudonym, row.profile)
            exact.setdefault(_key(row.pseudonym), person)
            self._add_person(row.name, person, number, entries, singles, honorific)
        for key, value in singles.items():
            entries.setdefault(key, value)
        for name, pseudonym in sorted((extra_names or {}).items()):
            words = _words(name.split())
            key = _phrase_key(words)
            if key and key not in entries:
                entries[key] = _Entry(pseudonym, _phrase_regex(words, capital=True),
                                      _Person(pseudonym, ""))
        self._entries = entries
        self._honorific = honorific
        self._lookup = {id(entries): _Lookup(entries), id(honorific): _Lookup(honorific)}
        self._speakers: dict[str, _Person] = {
            k: v.person for k, v in entries.items() if v.person is not None
        }
        for key, person in exact.items():
            self._speakers.setdefault(key, person)
    def _ordinary(self, tokens: Iterable[str]) -> bool:
        """Whether every non-particle token of a name is an ordinary French word (then the name
        is matched alone only with capitals). A compound is judged whole: ``jean-claude`` is
        no French word though ``jean`` and ``claude`` are."""
        content = [t for t in tokens if not is_particle(t)]
        return bool(content) and all(self._ordinary_token(t) for t in content)

    def _ordinary_token(self, token: str) -> bool:
        spelled = unicodedata.normalize("NFC", token.replace("’", "'")).lower().strip(".")
        return fold(spelled) in self._common or is_ordinary_word(spelled)

    def _add_person(self, name: str, person: _Person, number: int, entries: dict,
                    singles: dict, honorific: dict) -> None:
        parts = split_name(name)
        if parts.problem:
            self.warnings.append(Note(f"row {number} ({person.pseudonym}): {parts.problem}; "
                                      "its name is masked in every order, never cut",
                                      "warn.name_uncut", row=number, pseudonym=person.pseudonym))
            self._add_uncut(parts.last, person, entries, singles, honorific)
            return
        first, last = _words(parts.first), _words(parts.last)
        if not first and not last:
            return
        whole, ordinary = first + last, self._ordinary(parts.first + parts.last)
        forms = [(whole, ordinary, entries)]
        if first and last:
            forms.append((last + first, ordinary, entries))
            for part, tokens in ((first, parts.first), (last, parts.last)):
                content = [w for w in part if not w.particle]
                if content and len(_phrase_key(part).replace(" ", "")) >= 2:
                    forms.append((part, self._ordinary(tokens), singles))
        if len(last) == 1 and "'" in last[0].folded[:3]:  # d'Almeida: Almeida alone too
            spelled = last[0].spelled.split("'", 1)[1]
            if len(spelled) > 2:
                forms.append(([_Word(spelled, fold(spelled))], self._ordinary([spelled]),
                              singles))
        for words, capital, table in forms:
            spellings = {words[0].spelled} if len(words) == 1 else set()
            _add(table, _phrase_key(words), _phrase_regex(words, capital=capital), person,
                 spellings)
            _add(honorific, _phrase_key(words), _phrase_regex(words, capital=False), person)
        if not (first and last):
            return
        initial = _char_class(last[0].folded[0], upper_only=True)
        _add(entries, f"{_phrase_key(first)} {last[0].key[0]}",
             _phrase_regex(first, capital=self._ordinary(parts.first)) + r"[\s\-]+" + initial
             + r"(?:\.|(?![\w'’]))", person)
        initials = [_char_class(w.folded[0], upper_only=True) for w in first]
        abbreviations = [(initials[0] + r"\.\s*", first[0].key[0])]
        if len(initials) > 1:  # J.-C. Moreau, J.C. Moreau
            abbreviations.append((r"\.?\s*-?\s*".join(initials) + r"\.\s*",
                                  " ".join(w.key[0] for w in first)))
        for regex, key in abbreviations:
            _add(entries, f"{key} {_phrase_key(last)}",
                 regex + _phrase_regex(last, capital=True), person)

    def _add_uncut(self, tokens: tuple[str, ...], person: _Person, entries: dict,
                   singles: dict, honorific: dict) -> None:
        """A name whose first and last names cannot be told apart: the whole name in every
        rotation, and each of its words (a particle with the word after it) with a capital."""
        words = _words(tokens)
        for i in range(len(words)):
            if i and words[i - 1].particle:
                continue
            order = words[i:] + words[:i]
            capital = bool(i) or self._ordinary(tokens)
            _add(entries, _phrase_key(order), _phrase_regex(order, capital=capital), person)
            _add(honorific, _phrase_key(order), _phrase_regex(order, capital=False), person)
        for i, word in enumerate(words):
            if word.particle:
                continue
            parts = [[word]] + ([words[i - 1:i + 1]] if i and words[i - 1].particle else [])
            for part in parts:
                _add(singles, _phrase_key(part), _phrase_regex(part, capital=True), person,
                     {word.spelled} if len(part) == 1 else ())
                _add(honorific, _phrase_key(part), _phrase_regex(part, capital=False), person)

    # --- applying -------------------------------------------------------------------------------

    def _replace(self, match: re.Match, entry: _Entry) -> str:
        text = match.group(0)
        if entry.spellings and not re.search(r"[\s\-]", text):
            spelled = unicodedata.normalize("NFC", text).lower()
            if spelled not in entry.spellings and is_ordinary_word(spelled):
                return text  # "marié" is no "Marie"
        return entry.replacement

    def __call__(self, text: str) -> str:
        """Return ``text`` with contacts masked and every name replaced by its pseudonym."""
        text = mask_contacts(text)
        honorific = self._lookup[id(self._honorific)]
        out, last = [], 0
        for title in _HONORIFIC.finditer(text):  # "M. Moreau", "mme le gall"
            token = _TOKEN.match(text, title.end())
            found = honorific.longest(text, token) if token else None
            if found is None or title.start() < last:
                continue
            match, entry = found
            out += [text[last:match.start()], entry.replacement]
            last = match.end()
        text = "".join(out) + text[last:]
        names = self._lookup[id(self._entries)]
        out, last = [], 0
        for token in _TOKEN.finditer(text):
            if token.start() < last:
                continue
            found = names.longest(text, token)
            if found is None:
                continue
            match, entry = found
            out += [text[last:match.start()], self._replace(match, entry)]
            last = match.end()
        return "".join(out) + text[last:]

    def path(self, relative: str, *, keep: Iterable[str] = ()) -> str:
        """Pseudonymise the POSIX relative path ``relative`` component by component
        (``action/notes-annick-le-gall.md`` -> ``action/notes-Participant-e-12.md``); a
        component in ``keep`` (session ids) is left as it is. A name is looked for with ``-``,
        ``_`` and ``.`` read as spaces; a component holding none is unchanged. The same
        component always gives the same result."""
        keep = set(keep)
        out = []
        for part in PurePosixPath(relative).parts:
            out.append(part if part in keep else self.file_name(part))
        return "/".join(out)

    def file_name(self, name: str) -> str:
        """Pseudonymise one file or folder name (see :meth:`path`); the extension is kept."""
        stem, dot, ext = name.rpartition(".")
        if not dot or not stem or not re.fullmatch(r"[A-Za-z0-9]{1,8}", ext):
            stem, ext = name, ""
        spaced = re.sub(r"[\-_.]+", " ", stem)
        masked = self(spaced)
        if masked == spaced:
            return name
        slug = re.sub(r"[^\w]+", "-", masked).strip("-") or "x"
        return slug + (f".{ext}" if ext else "")

    @property
    def replacements(self) -> list[str]:
        """Every string this pseudonymiser may put into a text (pseudonyms and masks), sorted:
        the tokens that later stages must never count as words."""
        found = {entry.replacement for entry in self._entries.values()}
        found |= {entry.replacement for entry in self._honorific.values()}
        return sorted(found | {EMAIL_MASK, PHONE_MASK, AMBIGUOUS_MASK})

    def is_name(self, name: str) -> bool:
        """Whether ``name`` is a name this pseudonymiser knows (any participant name form, even
        a first name several participants share, an extra name or a pseudonym)."""
        key = _key(name)
        return key in self._entries or key in self._speakers

    def speaker(self, name: str) -> tuple[str, str] | None:
        """``(pseudonym, profile)`` of the participant called ``name`` (full name, inverted
        name, ``Prénom N.``, an unambiguous first or last name, or the pseudonym itself, any
        case and accents), or ``None`` if ``name`` names nobody unambiguously."""
        person = self._speakers.get(_key(name))
        return (person.pseudonym, person.profile) if person else None


def participants_table(participants: pd.DataFrame) -> pd.DataFrame:
    """``name``, ``pseudonym``, ``profile`` of each participant, as strings; a missing or empty
    pseudonym becomes ``"Participant·e NN"`` from the 1-based row order (stable across runs)."""
    table = pd.DataFrame(index=range(len(participants)))
    for column in ("name", "pseudonym", "profile"):
        values = participants[column] if column in participants.columns else [""] * len(table)
        table[column] = [
            "" if pd.isna(v) else unicodedata.normalize("NFC", str(v)).strip() for v in values
        ]
    width = max(2, len(str(len(table))))
    generated = [f"Participant·e {i:0{width}d}" for i in range(1, len(table) + 1)]
    table["pseudonym"] = [p or g for p, g in zip(table["pseudonym"], generated)]
    return table


def pseudonymize(text: str, participants: pd.DataFrame | Pseudonymizer) -> str:
    """Return ``text`` with participants' names replaced by their pseudonyms and e-mail
    addresses / phone numbers masked. ``participants`` is a participants table (see
    :class:`Pseudonymizer`) or an already compiled :class:`Pseudonymizer` (faster on many
    texts)."""
    engine = participants if isinstance(participants, Pseudonymizer) else Pseudonymizer(participants)
    return engine(text)


__all__ = ["AMBIGUOUS_MASK", "COMMON_WORD_NAMES", "EMAIL_MASK", "PHONE_MASK", "Pseudonymizer",
           "mask_contacts", "participants_table", "pseudonymize"]
