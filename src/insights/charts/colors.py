"""Colours of the charts: one colour per theme, the same in every figure (colour-blind safe
palettes), and the colours of what is not a theme."""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..errors import require_columns
from ..sessions import natural_key
from .tables import method_rank, term_theme_table


#: Paul Tol's "muted" qualitative scheme (colour-blind safe), then three of his "vibrant"
#: scheme unlike any muted colour, so that up to 12 themes of one method (the NMF default
#: range) each get their own colour, in order
THEME_PALETTE = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77",
                 "#CC6677", "#882255", "#AA4499", "#EE7733", "#0077BB", "#555555")


#: Okabe-Ito (colour-blind safe) for what is not a theme: communities of the similarity graph
COMMUNITY_PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7",
                     "#F0E442", "#000000")


#: colour of what belongs to no theme
NEUTRAL = "#AAAAAA"


#: over- / under-used terms in specificity charts (Okabe-Ito blue and vermilion)
OVER, UNDER = "#0072B2", "#D55E00"


def theme_colors(themes: pd.DataFrame) -> dict[tuple[str, str], str]:
    """One colour per theme, the same in every figure: ``{(method, theme): "#rrggbb"}``.

    Within each method, themes sorted by id in natural order (``nmf-2`` before ``nmf-10``) take
    the palette colours in turn, so the mapping depends only on the set of themes, not on row
    order. A method with more than 12 themes (the palette's length) reuses colours. Raises
    ``InvalidArgumentError`` when ``themes`` lacks the ``theme`` or ``method`` column.
    """
    require_columns(themes, "themes", ("theme", "method"))
    out: dict[tuple[str, str], str] = {}
    pairs = {(str(m), str(t)) for m, t in zip(themes["method"], themes["theme"])}
    for method in sorted({m for m, _ in pairs}, key=method_rank):
        ids = sorted((t for m, t in pairs if m == method), key=natural_key)
        for i, theme in enumerate(ids):
            out[(method, theme)] = THEME_PALETTE[i % len(THEME_PALETTE)]
    return out


def term_colors(themes: pd.DataFrame, *, method: str | None = None,
                colors: Mapping[tuple[str, str], str] | None = None) -> dict[str, str]:
    """``{term: colour}``: a term takes the colour of the theme (of ``method``) whose top terms
    contain it; terms of no theme are absent (draw them in :data:`NEUTRAL`)."""
    colors = colors or theme_colors(themes)
    table = term_theme_table(themes, method=method)
    return {r.term: colors.get((r.method, r.theme), NEUTRAL) for r in table.itertuples()}


def readable_color(color: str) -> str:
    """Text colour for a theme colour: the light ones are swapped for dark grey."""
    return "#333333" if color in ("#DDCC77", "#88CCEE", "#F0E442", NEUTRAL) else color
