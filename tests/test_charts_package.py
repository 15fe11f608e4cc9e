"""The charts package: small modules, the same public names as the former charts.py, every
French word of a chart from the one catalogue (insights.messages_fr)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import insights
from insights import charts, programme_charts
from insights.messages_fr import MESSAGES, fr

PACKAGE = Path(charts.__file__).parent
MINE = sorted(PACKAGE.glob("*.py")) + [Path(programme_charts.__file__),
                                       PACKAGE.parent / "render.py", PACKAGE.parent / "sessions.py"]
FRENCH = re.compile(r"[àâçéèêëîïôûùüœ’«»]|\b(?:les?|des|du|de la|par|selon|termes?|thèmes?)\b",
                    re.IGNORECASE)


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


@pytest.mark.parametrize("path", MINE, ids=lambda p: p.name)
def test_small_rooms(path):
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 500
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef):
            assert node.end_lineno - node.lineno + 1 <= 60, node.name


@pytest.mark.parametrize("path", MINE, ids=lambda p: p.name)
def test_no_private_name_imported_across_modules(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module != "__future__":
            assert not [a.name for a in node.names if a.name.startswith("_")], path.name
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            assert not (node.value.id in ("charts", "render", "programme_charts")
                        and node.attr.startswith("_")), (path.name, node.attr)


@pytest.mark.parametrize("path", MINE, ids=lambda p: p.name)
def test_chart_text_comes_from_the_catalogue(path):
    """No French literal in the code of a chart: titles, labels and legends are codes of
    messages_fr (docstrings and comments aside), and every code used is in the catalogue."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    docs = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docs and not node.value.startswith("chart."):
            assert not FRENCH.search(node.value), (path.name, node.lineno, node.value)
    for code in re.findall(r"""fr\(\s*f?["'](chart\.[\w.{}]+)["']""", source):
        if "{" not in code:
            assert code in MESSAGES, code


def test_catalogue_codes_format():
    assert fr("chart.top_terms.title", n=20) == "Les 20 termes les plus fréquents"
    assert fr("chart.spec.title", part="Goûter") == "Termes spécifiques\u00a0: Goûter"
    assert charts.METHOD_NAMES == {"nmf": "NMF", "codebook": "grille de codage",
                                   "reinert": "classification Reinert"}


FORMER_NAMES = [
    "BANALITY", "NBSP", "NNBSP", "THEME_PALETTE", "add_source", "class_top_terms",
    "dendrogram_layout", "figure_legend", "format_date", "format_number", "format_percent",
    "format_time", "french_formatter", "plot_class_profiles", "plot_codebook_coverage",
    "plot_dendrogram", "plot_similarity_graph", "plot_specificities",
    "plot_specificities_grid", "plot_theme_heatmap", "plot_themes_by_profile", "plot_timeline",
    "plot_top_terms", "plot_wordcloud", "plot_wordclouds_by_session", "report_style",
    "session_labels", "session_term_frequencies", "similarity_layout", "source_line",
    "term_colors", "term_theme_table", "theme_colors", "theme_session_table",
    "top_specificities", "top_terms_table", "wordcloud_image",
    "COMMUNITY_PALETTE", "NEUTRAL", "OVER", "UNDER", "METHOD_ORDER", "METHOD_NAMES",
    "PROFILE_NAMES", "SPEC_HANDLES", "STYLE_FILE",
]


def test_former_public_names_still_importable():
    for name in FORMER_NAMES:
        assert getattr(charts, name) is getattr(insights.charts, name)
        assert name in charts.__all__ or name in ("METHOD_NAMES",)


def test_report_cache_key_covers_the_package():
    from insights.report_cache import _package_sources

    sources = _package_sources()
    assert {f"charts/{p.name}" for p in PACKAGE.glob("*.py")} <= set(sources)
    assert "sessions.py" in sources
