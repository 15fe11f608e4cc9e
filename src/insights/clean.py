"""Pseudonymisation at ingest: participants' names -> stable pseudonyms, contacts masked.

Names are matched ignoring accents, as whole words (Unicode-aware boundaries):

- full names (``Hélène Le Goff``, ``Le Goff Hélène``, ``hélène le-goff``) in any case, unless
  every word of the name is an ordinary word (``Pierre Rose``): then with capitals;
- ``Prénom N.`` and ``P. Nom`` forms (the initial must be a capital);
- a last name alone, when no other participant shares it, only with a capital first letter;
- a first name alone, when no other participant shares it, in any case, unless it is also an
  ordinary French word (``claire``, ``rose``, ``pierre``… :data:`COMMON_WORD_NAMES`): then only
  with a capital first letter. A first name shared by several participants is replaced by
  :data:`AMBIGUOUS_MASK`, since it cannot be told whose it is.

E-mail addresses and French phone numbers are masked whoever they belong to.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from insights.errors import InvalidArgumentError
from insights.readers import fold

EMAIL_MASK = "[courriel]"
PHONE_MASK = "[téléphone]"
AMBIGUOUS_MASK = "[participant·e]"

#: first or last names that are also ordinary French words: matched alone only when capitalised
COMMON_WORD_NAMES = frozenset(
    fold(word) for word in """
    claire rose pierre marguerite violette olive olivier prudence constance aurore blanche
    victoire colombe capucine reine iris jade fleur ange modeste france marine marin patience
    espérance perle ambre camélia basile clémentine cerise prune sylvain martin noël pascal
    aimé désiré fidèle félicité auguste franck léger loup lys azur julien bienvenu
    """.split()
)

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?33[\s.\-]?(?:\(0\)[\s.\-]?)?|0)[1-9](?:[\s.\-]?\d{2}){4}(?!\d)"
)


def mask_contacts(text: str) -> str:
    """Replace e-mail addresses by :data:`EMAIL_MASK` and French phone numbers (``06 12 34 56
    78``, ``06.12.34.56.78``, ``+33 6 …``, ``+33 (0)6 …``, ``0612345678``, landlines) by
    :data:`PHONE_MASK`."""
    return PHONE.sub(PHONE_MASK, EMAIL.sub(EMAIL_MASK, text))


# --- name patterns ---------------------------------------------------------------------------

def _variants_of(letter: str) -> tuple[str, str]:
    """(lower-case variants, upper-case variants) of ``letter``'s accent family."""
    lower = {letter}
    for code in range(0xC0, 0x250):
        ch = chr(code)
        if ch.islower() and fold(ch) == letter:
            lower.add(ch)
    upper = {ch.upper() for ch in lower if len(ch.upper()) == 1}
    return "".join(sorted(lower)), "".join(sorted(upper))


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


def _key(text: str) -> str:
    """Folded comparison key: accents and case dropped, hyphens/spaces collapsed, dot dropped."""
    text = fold(text).replace("’", "'").replace(".", " ")
    return re.sub(r"[\s\-]+", " ", text).strip()


def _pattern(key: str, *, capital: bool) -> str:
    """Regex for the folded ``key`` (words separated by one space); with ``capital`` the first
    letter of each word must be upper-case."""
    words = []
    for word in key.split(" "):
        parts = []
        for i, ch in enumerate(word):
            parts.append(_char_class(ch, upper_only=capital and i == 0))
        words.append("".join(parts))
    return r"[\s\-]+".join(words)


@dataclass(frozen=True)
class _Person:
    pseudonym: str
    profile: str


class Pseudonymizer:
    """Compiled pseudonymiser for one participants table.

    ``participants`` needs a ``name`` column; ``pseudonym`` (else ``"Participant·e 07"`` from the
    1-based row order) and ``profile`` are optional. ``extra_names`` maps more names (e.g.
    speakers absent from ``participants``) to their pseudonyms; they are matched as whole names
    with a capital first letter on each word, and never override a participant.
    Call it on a text to pseudonymise that text; :meth:`speaker` resolves a speaker name.
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
        common = frozenset(fold(w) for w in common_words)
        self.people = participants_table(participants)
        # key -> (replacement, regex, person); person None = shared by several participants
        entries: dict[str, tuple[str, str, _Person | None]] = {}
        singles: dict[str, tuple[str, str, _Person | None]] = {}
        exact: dict[str, _Person] = {}

        def add(table: dict, key: str, regex: str, person: _Person) -> None:
            if key in table and table[key][2] != person:
                table[key] = (AMBIGUOUS_MASK, table[key][1], None)
            elif key not in table:
                table[key] = (person.pseudonym, regex, person)

        for row in self.people.itertuples(index=False):
            person = _Person(row.pseudonym, row.profile)
            words = _key(row.name).split(" ")
            if not words[0]:
                continue
            first, last = words[0], " ".join(words[1:])
            exact.setdefault(_key(row.pseudonym), person)
            # a name made only of ordinary words ("Pierre Rose") needs capitals, like one word
            words_common = all(w in common for w in words)
            full = _pattern(_key(row.name), capital=words_common)
            add(entries, _key(row.name), full, person)
            if last:
                add(entries, f"{last} {first}",
                    _pattern(f"{last} {first}", capital=words_common), person)
                add(entries, f"{first} {last[0]}",
                    _pattern(first, capital=first in common) + r"[\s\-]+"
                    + _char_class(last[0], upper_only=True) + r"(?:\.|(?![\w'’]))", person)
                add(entries, f"{first[0]} {last}",
                    _char_class(first[0], upper_only=True) + r"\.\s*"
                    + _pattern(last, capital=True), person)
                add(singles, last, _pattern(last, capital=True), person)
            add(singles, first, _pattern(first, capital=first in common), person)
        for key, value in singles.items():
            entries.setdefault(key, value)
        for name, pseudonym in sorted((extra_names or {}).items()):
            key = _key(name)
            if key and key not in entries:
                entries[key] = (pseudonym, _pattern(key, capital=True), _Person(pseudonym, ""))
        self._entries = entries
        self._speakers: dict[str, _Person] = {
            k: v[2] for k, v in entries.items() if v[2] is not None
        }
        for key, person in exact.items():
            self._speakers.setdefault(key, person)
        alternatives = [entries[k][1] for k in sorted(entries, key=lambda k: (-len(k), k))]
        self._pattern = (
            re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")
            if alternatives else None
        )

    def _replace(self, match: re.Match) -> str:
        entry = self._entries.get(_key(match.group(0)))
        return entry[0] if entry else match.group(0)

    def __call__(self, text: str) -> str:
        """Return ``text`` with contacts masked and every name replaced by its pseudonym."""
        text = mask_contacts(text)
        if self._pattern is None:
            return text
        return self._pattern.sub(self._replace, text)

    @property
    def replacements(self) -> list[str]:
        """Every string this pseudonymiser may put into a text (pseudonyms and masks), sorted:
        the tokens that later stages must never count as words."""
        found = {entry[0] for entry in self._entries.values()}
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
