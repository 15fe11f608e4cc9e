"""Tests of insights.report: figures saved as PNG + SVG, report.md in French, a self-contained
report.html, the same bytes on a second run."""
from __future__ import annotations

import re
from dataclasses import fields
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import markdown  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402
from test_charts import make_analysis  # noqa: E402  (the shared fixture builder)

from insights import charts, report  # noqa: E402
from insights.errors import InvalidArgumentError  # noqa: E402
from insights.pipeline import Analysis  # noqa: E402
from insights.read import Event  # noqa: E402
from insights.report.figures import first_tree_colors  # noqa: E402

NBSP, NNBSP = "\u00a0", "\u202f"


def as_real_analysis(fake: SimpleNamespace) -> Analysis:
    """The fixture as the pipeline's own dataclasses (checks the attribute names we rely on)."""
    event = Event(**{f.name: getattr(fake.event, f.name) for f in fields(Event)
                     if hasattr(fake.event, f.name)})
    kwargs = {f.name: getattr(fake, f.name) for f in fields(Analysis)
              if f.name != "event" and hasattr(fake, f.name)}
    return Analysis(event=event, **kwargs)


@pytest.fixture(scope="module")
def written(written_report):
    return written_report


def test_every_figure_written_as_png_and_svg(written):
    analysis, folder, paths = written
    names = [f.name for f in report.report_figures(analysis)]
    assert len(names) == len(set(names))
    expected = {"top-terms", "wordcloud", "wordclouds-by-session", "themes-heatmap-nmf",
                "timeline-codebook", "themes-by-profile-reinert", "codebook-coverage",
                "specificities-session", "specificities-profile", "similarity-graph",
                "reinert-dendrogram", "reinert-profiles"}
    assert expected <= set(names)
    for name in names:
        png = folder / "figures" / f"{name}.png"
        svg = folder / "figures" / f"{name}.svg"
        assert png in paths and svg in paths
        with Image.open(png) as im:
            assert round(im.info["dpi"][0]) >= 200
            assert im.size[0] >= 6 * 200  # A4 text width at 200 dpi
        assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert folder / "report.md" in paths and folder / "report.html" in paths
    assert all(p.is_file() for p in paths)
    assert not matplotlib.pyplot.get_fignums()  # every figure closed


def test_html_is_self_contained(written):
    _, folder, _ = written
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert 'src="figures/' not in page
    srcs = re.findall(r'<img[^>]*\ssrc="([^"]*)"', page)
    assert len(srcs) == len(list((folder / "figures").glob("*.png")))
    assert all(s.startswith("data:image/png;base64,") for s in srcs)
    assert not re.search(r'(src|href)="(?!data:)', page)
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert '<html lang="fr">' in page


def test_markdown_content_in_french(written):
    analysis, folder, _ = written
    text = (folder / "report.md").read_text(encoding="utf-8")
    for title in ("## 1. L’atelier et son programme", "## 2. Le corpus en chiffres",
                  "## 3. Les thèmes récurrents", "## 4. Spécificités lexicales",
                  "## 5. Le graphe de similitude", "## 6. La classification Reinert",
                  "## 7. Note de méthode"):
        assert title in text
    assert "28 novembre 2019" in text
    assert f"| 9{NBSP}h{NBSP}30 | Faisons connaissance |" in text
    assert f"**Termes clés{NBSP}:**" in text and " :" not in text.replace("m² :", "")
    for label in analysis.themes["label"]:
        assert report.md_escape(label) in text
    # every quote verbatim as a block quote, with its session and speaker pseudonym
    q = analysis.quotes.iloc[0]
    assert f"> {report.md_escape(q['text'])}" in text
    assert f"— *Faisons connaissance* (9{NBSP}h{NBSP}30), {q['speaker']}" in text
    # corpus numbers from the ingest report and the segments
    assert "**36 segments**" in text and "**6 fichiers**" in text and "fichier vide" in text
    assert f"| post-it | 18 | 50{NNBSP}% |" in text
    # method note: settings, versions, input hashes, notes
    assert "`fr_core_news_sm`" in text and "ab" * 32 in text and "arrêt à 3 classes" in text
    # every figure referenced once
    for png in (folder / "figures").glob("*.png"):
        assert text.count(f"(figures/{png.name})") == 1


def test_second_run_gives_identical_files(written, tmp_path):
    analysis, folder, _ = written
    figures = report.report_figures(analysis)
    assert report.report_markdown(analysis, figures) == \
        (folder / "report.md").read_text(encoding="utf-8")
    for fig in figures:
        if fig.name in ("top-terms", "wordcloud", "similarity-graph"):
            report.save_figure(fig.draw(), tmp_path, fig.name)
            for ext in ("png", "svg"):
                assert (tmp_path / f"{fig.name}.{ext}").read_bytes() == \
                    (folder / "figures" / f"{fig.name}.{ext}").read_bytes()


def test_report_without_reinert_nor_codebook(tmp_path):
    fake = make_analysis()
    keep = fake.themes["method"] == "nmf"
    fake.themes = fake.themes[keep].reset_index(drop=True)
    fake.theme_by_session = fake.theme_by_session[fake.theme_by_session["method"] == "nmf"]
    fake.theme_by_profile = fake.theme_by_profile[fake.theme_by_profile["method"] == "nmf"]
    fake.quotes = fake.quotes[fake.quotes["method"] == "nmf"]
    fake.theme_results = {"nmf": fake.theme_results["nmf"]}
    fake.reinert, fake.codebook_cooccurrence = None, None
    fake.notes = ["Reinert classification not run: corpus too small"]
    names = [f.name for f in report.report_figures(fake)]
    assert "codebook-coverage" not in names and "reinert-dendrogram" not in names
    assert not any(n.endswith("-codebook") or n.endswith("-reinert") for n in names)
    text = report.report_markdown(fake, report.report_figures(fake))
    assert "## 6. La classification Reinert" in text and "n’a pas pu être faite" in text
    assert "3.2" not in text


def test_double_classification_colours_first_tree_leaves():
    colors = {("reinert", "reinert-1"): "#111111", ("reinert", "reinert-2"): "#222222"}
    # 10 text segments: first-tree leaves (1..3) against final classes (1, 2, <NA>)
    first = SimpleNamespace(labels=pd.Series([1, 1, 1, 2, 2, 2, 2, 3, 3, 3]))
    final = pd.Series([1, 1, None, 2, 2, 1, None, 1, 2, None], dtype="Int64")
    classification = SimpleNamespace(first=first, labels=final)
    got = first_tree_colors(classification, colors)
    # leaf 1: 2 of 3 in class 1 -> its colour; leaf 2: 2 of 4 in class 2 (half) -> colour;
    # leaf 3: 1 in class 1, 1 in class 2, 1 unclassified: tie broken to class 1 but 1/3 < half
    assert got == {("reinert", "reinert-1"): "#111111", ("reinert", "reinert-2"): "#222222",
                   ("reinert", "reinert-3"): charts.NEUTRAL}


def test_typography_and_escaping():
    assert report.typo("Date : ici ; là ? « oui »") == \
        f"Date{NBSP}: ici{NNBSP}; là{NNBSP}? «{NNBSP}oui{NNBSP}»"
    assert report.typo("l'accueil") == "l’accueil"
    escaped = report.md_escape("<script>alert(1)</script> *gras* | # titre")
    html = markdown.markdown(escaped)
    assert "<script>" not in html and "<em>" not in html and "<h1>" not in html
    assert report.long_date("2019-11-01") == "1er novembre 2019"
    assert report.plural(1, "fichier") == "1 fichier"
    assert report.plural(2, "fichier") == "2 fichiers"


def test_markdown_to_html_rejects_missing_image(tmp_path):
    with pytest.raises(InvalidArgumentError, match="missing"):
        report.markdown_to_html("![x](figures/absent.png)", tmp_path)


def test_draw_figure_by_name():
    fake = make_analysis()
    fig = report.draw_figure(fake, "reinert-dendrogram")
    assert "Classe 3" in " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))
    matplotlib.pyplot.close(fig)
    with pytest.raises(InvalidArgumentError, match="top-terms"):
        report.draw_figure(fake, "inconnue")
