"""E-mail addresses and phone numbers, masked in any text whoever they belong to.

Note-takers write contacts in many ways; each form below is masked:

- e-mails: ``helene.legoff@example.org``, and obfuscated ``x(at)example.org``,
  ``x [at] example [dot] org``, ``prenom.nom at gmail point com``,
  ``jean-claude.moreau chez gmail``, ``x arobase example.org``;
- French phones: ``06 12 34 56 78``, ``06.12.34.56.78``, ``06-12-34-56-78``, ``06/12/34/56/78``,
  ``0612345678``, ``+33 6 12 34 56 78``, ``+33 (0)6 12 34 56 78``, ``0033 6 …``,
  ``(0)6 12 34 56 78``, without the leading zero ``6 12 34 56 78``, odd groupings
  (``06 123 456 78``); other countries' numbers in international form (``+32 470 12 34 56``).

Every pattern starts only where no word character precedes, so a long run of letters or
digits is scanned once (no quadratic backtracking on hostile input).
"""
from __future__ import annotations

import re

EMAIL_MASK = "[courriel]"
PHONE_MASK = "[téléphone]"

#: mail providers whose name alone may stand for the domain (``… chez gmail``)
MAIL_PROVIDERS = frozenset(
    "gmail googlemail yahoo hotmail outlook live msn orange wanadoo free sfr laposte neuf "
    "bbox icloud me protonmail proton gmx aol club-internet numericable yopmail".split()
)

_LOCAL = r"(?<![\w.+\-])(?P<local>[\w+\-]+(?:\.[\w+\-]+)*)"
_BRACKET_AT = r"\s*[(\[{<]\s*(?:at|@|arobase|arobas)\s*[)\]}>]\s*"
_WORD_AT = r"\s+(?P<word>at|arobase|arobas|chez)\s+"
_DOT = r"(?:\.|\s*[(\[{<]\s*(?:dot|point|pt)\s*[)\]}>]\s*|\s+(?:dot|point)\s+)"
EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
EMAIL_OBFUSCATED = re.compile(
    _LOCAL + rf"(?:\s*@\s*|{_BRACKET_AT}|{_WORD_AT})"
    + r"(?P<domain>[\w\-]+)(?P<tld>(?:" + _DOT + r"[A-Za-z]{2,}\b)*)",
    re.IGNORECASE,
)

_SEP = r"[\s.\-/]"
PHONE_PATTERNS = (
    # +33 6 12 34 56 78, +33 (0)6 …, 0033 …, (0)6 …, 06 12 34 56 78, 06/12/34/56/78
    re.compile(r"(?<![\w+])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|\(0\)\s?|0)"
               rf"[1-9](?:{_SEP}?\d{{2}}){{4}}(?!\d)"),
    # ten digits with odd groupings: 06 123 456 78, 0 6 12 34 56 78
    re.compile(rf"(?<![\w+])0{_SEP}?[1-9](?:{_SEP}?\d){{8}}(?!\d)"),
    # the leading zero dropped, separators required: 6 12 34 56 78
    re.compile(rf"(?<![\w+.,/])[1-9](?:{_SEP}\d{{2}}){{4}}(?!\d|[.,]\d)"),
    # other countries, international form: +32 470 12 34 56, 0041 79 123 45 67
    re.compile(r"(?<![\w+])(?:\+|00)(?!33)[1-9]\d{0,2}\s?(?:\(0\)\s?)?\d"
               rf"(?:{_SEP}?\d){{7,11}}(?!\d)"),
)


def _obfuscated(match: re.Match) -> str:
    """The mask, or the match itself when a word ``at``/``chez`` joins two ordinary words
    (``il travaille chez orange``): then the left side must look like an address's local part
    (a dot, underscore, plus or digit) and the right side a domain (a known mail provider or a
    top-level domain)."""
    if match.group("word") and match.group("word").lower() in ("at", "chez"):
        local, domain = match.group("local"), match.group("domain").lower()
        looks_local = any(c in local for c in "._+") or any(c.isdigit() for c in local)
        looks_domain = bool(match.group("tld")) or domain in MAIL_PROVIDERS
        if not (looks_local and looks_domain):
            return match.group(0)
    return EMAIL_MASK


def mask_emails(text: str) -> str:
    """Replace e-mail addresses, plain or obfuscated, by :data:`EMAIL_MASK`."""
    return EMAIL_OBFUSCATED.sub(_obfuscated, EMAIL.sub(EMAIL_MASK, text))


def mask_phones(text: str) -> str:
    """Replace phone numbers (see the module docstring) by :data:`PHONE_MASK`."""
    for pattern in PHONE_PATTERNS:
        text = pattern.sub(PHONE_MASK, text)
    return text


def mask_contacts(text: str) -> str:
    """Replace e-mail addresses by :data:`EMAIL_MASK` and phone numbers by
    :data:`PHONE_MASK`, in every form listed in the module docstring."""
    return mask_phones(mask_emails(text))


__all__ = ["EMAIL_MASK", "PHONE_MASK", "mask_contacts", "mask_emails", "mask_phones"]
