"""Who speaks: which ``Name :`` prefixes are people, and the pseudonyms of the people that
``participants.csv`` does not list (speakers, and people a text names after an honorific)."""
from __future__ import annotations

import string

import pandas as pd

from insights.clean import Pseudonymizer
from insights.names import honorific_names
from insights.readers import LABEL_WORDS, fold

#: prefix of the pseudonyms given to speakers absent from participants.csv
UNKNOWN_SPEAKER = "Intervenant·e"
#: prefix of the pseudonyms given to people absent from participants.csv whom a text names
#: after an honorific (``M. Moreau``)
MENTIONED_PERSON = "Personne citée"

#: first words that make a ``Xxx Yyy :`` prefix a place or a label rather than a person
_NOT_A_NAME = frozenset(
    "le la les l' l’ un une des du au aux ce cet cette mon ma mes notre nos leur leurs "
    "saint sainte st ste".split()
)
#: words that make a ``Xxx Yyy :`` prefix an organisation or a place wherever they stand
_ORGANISATION_WORDS = frozenset(
    "ville commune mairie métropole région département préfecture conseil communauté centre "
    "maison espace pôle association collectif université caf ccas fablab café tiers-lieu "
    "agglomération quartier école groupe table cercle atelier équipe service services".split()
)


def is_speaker(block, engine: Pseudonymizer) -> bool:
    """Whether the ``Name :`` prefix of ``block`` names a person (see :class:`Block`).

    A transcript voice is always a speaker; a known participant name (any form) always is;
    otherwise a paragraph-start prefix of 2 to 4 capitalised words, not starting with an
    article (``Le Hangar :``) nor holding an organisation word (``Rennes Métropole :``), is
    taken for an unknown person, and a single unknown word (``Format :``, ``Lorient :``) or a
    bullet prefix (``- Vannes :``) is a label.
    """
    if block.speaker_from == "voice" or engine.is_name(block.speaker):
        return True
    if block.speaker_from != "turn":
        return False
    words = [w.lower().strip(".") for w in block.speaker.split()]
    return 2 <= len(words) <= 4 and words[0] not in _NOT_A_NAME and not any(
        w in LABEL_WORDS or w in _ORGANISATION_WORDS for w in words
    )


def _letters(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = string.ascii_uppercase[r] + out
    return out


def _starts_a_pseudonym(name: str, pseudonyms: list[str]) -> bool:
    """Whether ``name`` is how one of ``pseudonyms`` (folded) begins: ``Personne`` of
    ``Personne citée A``, ``Participant`` of ``Participant·e 03``."""
    key = fold(name)
    return any(p.startswith(key) and not p[len(key):len(key) + 1].isalpha() for p in pseudonyms)


def speaker_names(documents: list, participants: pd.DataFrame
                   ) -> tuple[Pseudonymizer, dict, dict]:
    """Decide which ``Name :`` prefixes are speakers (restoring the others' text), give each
    speaker absent from ``participants`` a pseudonym ``"Intervenant·e A"``, ``B``… in order of
    first appearance, and each person a text names after an honorific (``M. Moreau``) without
    being a participant ``"Personne citée A"``…; return ``(pseudonymiser masking all those
    names, unknown speakers -> pseudonym, people mentioned -> pseudonym)``."""
    engine = Pseudonymizer(participants)
    for _, document, _ in documents:
        for block in document.blocks:
            if block.speaker and not is_speaker(block, engine):
                block.text, block.speaker, block.speaker_from = block.prefixed, "", ""
    unknown: dict[str, str] = {}
    mentioned: dict[str, str] = {}
    for _, document, _ in documents:
        author = document.meta.get("speaker") or document.meta.get("author") or ""
        names = [b.speaker or b.fields.get("author", "") for b in document.blocks] + [author]
        for name in names:
            name = " ".join(name.split())
            if name and engine.speaker(name) is None and name not in unknown:
                unknown[name] = f"{UNKNOWN_SPEAKER} {_letters(len(unknown))}"
    # the ingest's own pseudonyms after an honorific ("M. Personne citée A", in a text that was
    # pseudonymised before, such as an exported IRaMuTeQ corpus) name nobody
    ours = [fold(p) for p in [UNKNOWN_SPEAKER, MENTIONED_PERSON, *engine.replacements]]
    for _, document, _ in documents:
        for block in document.blocks:
            for name in honorific_names(block.text):
                if (not engine.is_name(name) and name not in unknown and name not in mentioned
                        and not _starts_a_pseudonym(name, ours)):
                    mentioned[name] = f"{MENTIONED_PERSON} {_letters(len(mentioned))}"
    engine = Pseudonymizer(participants, extra_names={**mentioned, **unknown})
    return engine, unknown, mentioned


__all__ = ["MENTIONED_PERSON", "UNKNOWN_SPEAKER", "is_speaker", "speaker_names"]
