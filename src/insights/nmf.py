"""NMF themes: now :mod:`insights.themes.nmf`; this module keeps the old import path
(``from insights.nmf import NMFThemes``) working."""
from insights.themes.nmf import NMFThemes, choose_n_themes, nmf_themes

__all__ = ["NMFThemes", "choose_n_themes", "nmf_themes"]
