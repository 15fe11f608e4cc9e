"""Report charts: one style, one colour per theme, French number formats.

Compute and draw are kept apart: each ``*_table`` / ``*_layout`` function returns a DataFrame, each
``plot_*`` function draws the tables of the library (``terms``, ``themes``, ``theme_by_session``,
``specificities``, ...) and returns a matplotlib ``Axes`` (when it draws one panel, ``ax=None``
creates a figure) or a ``Figure`` (grids). Every ``plot_*`` draws inside :func:`report_style`, so
the global rcParams are never changed; ``source`` (see :func:`source_line`) adds the line
« Atelier du 28/11/2019, n = 1 234 segments » under the figure. Saving is the report's job.

One module per concern, every public name re-exported here (``from insights import charts;
charts.plot_top_terms(...)``):

- :mod:`.typography`: French numbers, dates, times, the source line, wrapped labels;
- :mod:`.colors`: the palettes and one colour per theme;
- :mod:`.figure`: the report style, the source line and legend under a figure;
- :mod:`.tables`: what the charts draw, as DataFrames (compute);
- :mod:`.term_plots`, :mod:`.theme_plots`, :mod:`.specificity_plots`,
  :mod:`.similarity_plots`, :mod:`.reinert_plots`: the charts (draw).
"""
from __future__ import annotations

from ..reinert import class_top_terms
from .colors import (
    COMMUNITY_PALETTE,
    NEUTRAL,
    OVER,
    THEME_PALETTE,
    UNDER,
    readable_color,
    term_colors,
    theme_colors,
)
from .figure import STYLE_FILE, add_source, ensure_canvas, figure_legend, new_axes, report_style
from .reinert_plots import plot_class_profiles, plot_dendrogram
from .similarity_plots import plot_similarity_graph
from .specificity_plots import SPEC_HANDLES, plot_specificities, plot_specificities_grid
from .tables import (
    BANALITY,
    METHOD_NAMES,
    METHOD_ORDER,
    PROFILE_NAMES,
    cloud_frequencies,
    default_method,
    dendrogram_layout,
    method_rank,
    session_labels,
    session_term_frequencies,
    similarity_layout,
    split_terms,
    term_theme_table,
    theme_labels,
    theme_session_table,
    top_specificities,
    top_terms_table,
)
from .term_plots import (
    plot_top_terms,
    plot_wordcloud,
    plot_wordclouds_by_session,
    wordcloud_image,
)
from .theme_plots import (
    plot_codebook_coverage,
    plot_theme_heatmap,
    plot_themes_by_profile,
    plot_timeline,
)
from .typography import (
    NBSP,
    NNBSP,
    format_date,
    format_number,
    format_percent,
    format_time,
    french_formatter,
    source_line,
    wrap_label,
)

__all__ = [
    "BANALITY", "COMMUNITY_PALETTE", "METHOD_NAMES", "METHOD_ORDER", "NBSP", "NEUTRAL", "NNBSP",
    "OVER", "PROFILE_NAMES", "SPEC_HANDLES", "STYLE_FILE", "THEME_PALETTE", "UNDER",
    "add_source", "class_top_terms", "cloud_frequencies", "default_method", "dendrogram_layout",
    "ensure_canvas", "figure_legend", "format_date", "format_number", "format_percent",
    "format_time", "french_formatter", "method_rank", "new_axes", "plot_class_profiles",
    "plot_codebook_coverage", "plot_dendrogram", "plot_similarity_graph", "plot_specificities",
    "plot_specificities_grid", "plot_theme_heatmap", "plot_themes_by_profile", "plot_timeline",
    "plot_top_terms", "plot_wordcloud", "plot_wordclouds_by_session", "readable_color",
    "report_style", "session_labels", "session_term_frequencies", "similarity_layout",
    "source_line", "split_terms", "term_colors", "term_theme_table", "theme_colors",
    "theme_labels", "theme_session_table", "top_specificities", "top_terms_table",
    "wordcloud_image", "wrap_label",
]
