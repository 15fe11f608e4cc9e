"""Themes: found in the data (NMF), defined by researchers (codebook), how they recur across
the day, and the quotes that show them.

One module per concern: :mod:`~insights.themes.nmf` (``NMFThemes``, ``nmf_themes``),
:mod:`~insights.themes.codebook` (``codebook_themes`` and code counts),
:mod:`~insights.themes.recurrence` (shares per session, ``theme_summary``),
:mod:`~insights.themes.quotes` (``select_quotes``) and :mod:`~insights.themes.results` (what
they share). Every name is importable from here.
"""
from insights.themes.codebook import code_cooccurrence, codebook_counts, codebook_themes
from insights.themes.nmf import NMFThemes, choose_n_themes, nmf_themes
from insights.themes.quotes import select_quotes
from insights.themes.recurrence import (
    RECURRENCE_CODES,
    recurrence_label,
    theme_by_session,
    theme_shares,
    theme_summary,
)

__all__ = [
    "NMFThemes", "choose_n_themes", "nmf_themes", "codebook_themes", "codebook_counts",
    "code_cooccurrence", "theme_by_session", "theme_shares", "theme_summary",
    "select_quotes", "RECURRENCE_CODES", "recurrence_label",
]
