"""Tests of insights.report_docx and insights.docx_layout: report.docx holds what report.html
holds (headings in Word's heading styles, real tables, every figure, quotes in the quote style,
the method note), in French, in a file Word accepts, the same bytes on every run."""
from __future__ import annotations

import hashlib
import re
import time
import zipfile

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from docx import Document  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from lxml import etree  # noqa: E402

from insights import docx_layout, report_docx  # noqa: E402
from insights.errors import InvalidArgumentError  # noqa: E402

NBSP, NNBSP = "\u00a0", "\u202f"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def written(written_report):
    analysis, folder, paths = written_report
    return analysis, folder, paths, Document(str(folder / "report.docx"))


def _styled(doc, style: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == style]


def test_written_beside_the_html(written):
    _, folder, paths, _ = written
    assert folder / "report.docx" in paths and folder / "report.html" in paths
    assert zipfile.is_zipfile(folder / "report.docx")


def test_every_figure_of_the_html_at_text_width(written):
    _, folder, _, doc = written
    html = (folder / "report.html").read_text(encoding="utf-8")
    pngs = sorted((folder / "figures").glob("*.png"))
    shapes = doc.inline_shapes
    assert len(shapes) == html.count("<img") == len(pngs) >= 12
    for shape in shapes:
        assert shape.width <= docx_layout.TEXT_WIDTH
        assert shape.width == docx_layout.TEXT_WIDTH or \
            shape.height == report_docx.MAX_FIGURE_HEIGHT
    # the pictures are the PNG files themselves, each with its alternative text
    with zipfile.ZipFile(folder / "report.docx") as z:
        media = {hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist()
                 if n.startswith("word/media/")}
    assert media == {hashlib.sha256(p.read_bytes()).hexdigest() for p in pngs}
    alts = re.findall(r"!\[([^\]]*)\]\(figures/", (folder / "report.md").read_text("utf-8"))
    assert [s._inline.docPr.get("descr") for s in shapes] == [a.replace("\\", "") for a in alts]
    captions = _styled(doc, "Caption")
    assert len(captions) == len(pngs) and captions[0].startswith(f"Figure 1{NBSP}: ")


def test_headings_use_word_heading_styles(written):
    analysis, folder, _, doc = written
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert _styled(doc, "Title") == [analysis.event.meta["title"]]
    assert _styled(doc, "Subtitle") == ["Rapport d’analyse de l’atelier du 28 novembre 2019"]
    for level, style in ((2, "Heading 1"), (3, "Heading 2"), (4, "Heading 3")):
        expected = [line[level + 1:].replace("\\", "") for line in md.splitlines()
                    if line.startswith("#" * level + " ")]
        assert _styled(doc, style) == expected
    assert "7. Note de méthode" in _styled(doc, "Heading 1")
    # Word's heading styles carry the outline levels its navigation pane and TOC read
    assert doc.styles["Heading 1"].element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"


def test_title_page_and_table_of_contents(written):
    _, _, _, doc = written
    body = doc.element.body
    xml = etree.tostring(body, encoding="unicode")
    assert 'TOC \\o "1-2" \\h \\z \\u' in xml
    toc = [p.text for p in doc.paragraphs if p.style.name == "toc 1"]
    assert toc == _styled(doc, "Heading 1")
    # every entry links to its heading's bookmark
    anchors = {h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))}
    marks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    assert anchors and anchors <= marks
    # the title page ends with a page break before the first heading
    styles = [("break" if 'w:type="page"' in p._p.xml else p.style.name) for p in doc.paragraphs]
    assert styles.index("break") < styles.index("Heading 1")
    assert styles[:3] == ["Title", "Subtitle", "TOC Heading"]
    assert doc.settings.element.find(qn("w:updateFields")) is not None


def test_tables_are_word_tables_with_a_header_row(written):
    _, folder, _, doc = written
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert len(doc.tables) == html.count("<table")
    for table in doc.tables:
        assert table.style.name == docx_layout.TABLE
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        widths = [c.width for c in table.columns]
        assert abs(sum(widths) - docx_layout.TEXT_WIDTH) <= 635 * len(widths)   # twips
    programme = doc.tables[0]
    assert [c.text for c in programme.rows[0].cells] == \
        ["Heure", "Session", "Identifiant", "Segments"]
    assert [c.text for c in programme.rows[1].cells][:2] == \
        [f"9{NBSP}h{NBSP}30", "Faisons connaissance"]
    # numbers right-aligned, text left
    assert programme.rows[1].cells[3].paragraphs[0].alignment == 2   # RIGHT
    assert programme.rows[1].cells[1].paragraphs[0].alignment is None
    # the French numbers of the HTML, as written there
    kinds = next(t for t in doc.tables if t.rows[0].cells[0].text == "Type")
    assert ["post-it", "18", f"50{NNBSP}%"] in [[c.text for c in r.cells] for r in kinds.rows]


def test_quotes_in_the_quote_style_with_their_source(written):
    analysis, _, _, doc = written
    quotes = _styled(doc, "Quote")
    assert len(quotes) == len(analysis.quotes)
    for text in analysis.quotes["text"]:
        assert str(text).strip() in quotes
    sources = _styled(doc, docx_layout.QUOTE_SOURCE)
    assert len(sources) == len(quotes)
    q = analysis.quotes.iloc[0]
    assert f"— Faisons connaissance (9{NBSP}h{NBSP}30), {q['speaker']}" in sources
    paragraphs = doc.paragraphs
    for i, p in enumerate(paragraphs):
        if p.style.name == "Quote":
            assert paragraphs[i + 1].style.name in ("Quote", docx_layout.QUOTE_SOURCE)


def test_lists_code_and_method_note(written):
    _, _, _, doc = written
    bullets = _styled(doc, "List Bullet")
    assert f"Date{NBSP}: 28 novembre 2019" in bullets
    assert any(b.startswith(f"Termes clés{NBSP}:") for b in bullets)
    assert any(r.bold for p in doc.paragraphs if p.style.name == "List Bullet" for r in p.runs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "ab" * 32 in cells and "fr_core_news_sm" in cells
    assert "arrêt à 3 classes" in " ".join(bullets)
    code = [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
            for r in p.runs if r.text == "fr_core_news_sm"]
    assert code[0].style.name == docx_layout.CODE_CHAR


def test_french_document_properties(written):
    analysis, folder, _, doc = written
    props = doc.core_properties
    assert props.title == analysis.event.meta["title"] and props.language == "fr-FR"
    assert props.created is None and props.modified is None   # no clock in the file
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(
        qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "fr-FR"
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    with zipfile.ZipFile(folder / "report.docx") as z:
        assert "docProps/thumbnail.jpeg" not in z.namelist()


def test_same_bytes_whenever_written(written, tmp_path, monkeypatch):
    _, folder, _, _ = written
    text = (folder / "report.md").read_text(encoding="utf-8")
    first = report_docx.write_docx(text, folder, tmp_path / "a.docx", title="Titre")
    later = time.time() + 3 * 86400
    monkeypatch.setattr(time, "time", lambda: later)   # a run three days later
    second = report_docx.write_docx(text, folder, tmp_path / "b.docx", title="Titre")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        assert {i.date_time for i in z.infolist()} == {docx_layout.ZIP_DATE}


# WordprocessingML order of the pPr children this project writes (ECMA-376 CT_PPrBase): Word
# refuses a file whose elements are out of order, and LibreOffice does not, so it is checked here
PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "numPr",
             "pBdr", "shd", "tabs", "spacing", "ind", "contextualSpacing", "jc", "outlineLvl",
             "rPr", "sectPr"]


def test_elements_in_the_order_word_requires(written):
    _, folder, _, _ = written
    with zipfile.ZipFile(folder / "report.docx") as z:
        parts = {n: etree.fromstring(z.read(n)) for n in
                 ("word/document.xml", "word/styles.xml", "word/settings.xml")}
    for name, root in parts.items():
        for ppr in root.iter(f"{W}pPr"):
            tags = [etree.QName(c).localname for c in ppr]
            known = [t for t in tags if t in PPR_ORDER]
            assert known == sorted(known, key=PPR_ORDER.index), (name, tags)
    settings = [etree.QName(c).localname for c in parts["word/settings.xml"]]
    assert settings.index("updateFields") < settings.index("compat")


# --------------------------------------------------------------------------- the converter
def _png(path):
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (400, 1200), "white").save(path, dpi=(200, 200))


def test_converter_on_general_markdown(tmp_path):
    _png(tmp_path / "figures" / "tall.png")
    text = ("# Titre\n\n## Un\n\n1. a\n2. b\n\nEntre.\n\n1. c\n\nPuis.\n\n- x\n    - y\n\n"
            "Du `code`, **gras**, *italique* et [un lien](https://example.org).\n\n"
            "```\nligne 1\nligne 2\n```\n\n| a | b |\n|:--|--:|\n| texte | 3 |\n\n"
            "![Une figure haute](figures/tall.png)\n\n*Figure 1 : haute.*\n\n"
            "> une citation\n> sur deux lignes\n\n— source\n")
    doc = report_docx.markdown_to_docx(text, tmp_path, title="Titre", toc_title=None)
    numbered = [p for p in doc.paragraphs if p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert [p.text for p in numbered] == ["a", "b", "c"] and ids[0] == ids[1] != ids[2]
    assert _styled(doc, "List Bullet 2") == ["y"]
    assert _styled(doc, docx_layout.CODE) == ["ligne 1\nligne 2"]
    assert _styled(doc, "Quote") == ["une citation\nsur deux lignes"]
    assert _styled(doc, docx_layout.QUOTE_SOURCE) == ["— source"]
    line = next(p for p in doc.paragraphs if p.text.startswith("Du "))
    runs = {r.text: r for r in line.runs}
    assert runs["code"].style.name == docx_layout.CODE_CHAR
    assert runs["gras"].bold and runs["italique"].italic
    assert "https://example.org" in [r.target_ref for r in doc.part.rels.values()
                                     if r.is_external]
    shape = doc.inline_shapes[0]   # too tall for the page at text width: fitted to its height
    assert shape.height == report_docx.MAX_FIGURE_HEIGHT < docx_layout.TEXT_HEIGHT
    assert shape.width < docx_layout.TEXT_WIDTH
    assert doc.tables[0].rows[1].cells[1].paragraphs[0].alignment == 2   # |--:|
    assert not any(p.style.name == "TOC Heading" for p in doc.paragraphs)


def test_characters_xml_forbids_do_not_stop_the_report(tmp_path):
    # a form feed from a PDF, Word's vertical-tab line break, a stray NUL: kept out of the XML
    text = "# Titre\x01\n\n## Une\x0cpartie\n\n> une\x0cpage\x00 et\x0bune ligne\n\n— source\n"
    doc = report_docx.markdown_to_docx(text, tmp_path, title="Titre\x01")
    assert _styled(doc, "Quote") == ["une\npage et\nune ligne"]
    assert _styled(doc, "Heading 1") == ["Une partie"] and doc.core_properties.title == "Titre"


@pytest.mark.parametrize("src, match", [
    ("figures/absent.png", "missing"),
    ("figures/broken.png", "not a picture"),
    ("../outside.png", "outside the report folder"),
    ("/etc/passwd", "outside the report folder"),
    ("figures/chart.svg", "not a PNG"),
])
def test_bad_images_are_clear_errors(tmp_path, src, match):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "chart.svg").write_text("<svg/>")
    (tmp_path / "figures" / "broken.png").write_bytes(b"not a png")
    _png(tmp_path.parent / "outside.png")
    with pytest.raises(InvalidArgumentError, match=match):
        report_docx.markdown_to_docx(f"# T\n\n![x]({src})\n", tmp_path, title="T")


def test_column_widths_fit_the_page_and_the_longest_word():
    tree = report_docx.markdown_tree(
        "| Fichier | SHA-256 |\n|---|---|\n"
        f"| `restitution/restitution-suite.srt` | `{'a' * 64}` |\n")
    cells = [[c for c in tr] for tr in tree.iter("tr")]
    widths = docx_layout.column_widths(cells, header=True, total=docx_layout.TEXT_WIDTH)
    assert sum(widths) == docx_layout.TEXT_WIDTH
    # the hash, which cannot break, gets the room for its 64 characters on one line
    assert widths[1].pt >= 64 * docx_layout.TABLE_CODE_PT * 0.6
