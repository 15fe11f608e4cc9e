"""The look of the Word report and the Word features python-docx has no API for.

``new_report_document`` makes an empty A4 document in French with the report's styles: the body
and headings in Calibri, Word's own *Title*, *Heading n*, *Quote*, *Caption* and list styles
restyled like ``report.html``, and the few styles Word lacks (a quote's source, code, the
report's table). The helpers below write the WordprocessingML that python-docx cannot (fields,
bookmarks, borders, shading), each element in the order the schema sets, since Word refuses a
file whose elements are out of order (LibreOffice does not mind, so it cannot show the fault).
``column_widths`` lays out a table's columns from their text, as a browser would;
``save_docx`` writes a document so that the same document always gives the same bytes.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from docx import Document as new_document
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21.0), Cm(29.7), Cm(2.5)
#: A4 text width: the width the report's figures are drawn for (6.3 in, report.mplstyle).
TEXT_WIDTH = Emu(PAGE_WIDTH - 2 * MARGIN)
TEXT_HEIGHT = Emu(PAGE_HEIGHT - 2 * MARGIN)
FONT, MONO = "Calibri", "Consolas"
ACCENT = RGBColor(0x33, 0x22, 0x88)   # the report's indigo (HTML headings, first chart colour)
INK, GREY = RGBColor(0x1A, 0x1A, 0x1A), RGBColor(0x44, 0x44, 0x44)
#: the styles this module adds, by the name Word shows
QUOTE_SOURCE, CODE, CODE_CHAR, TABLE = ("Source de citation", "Code", "Code (caractères)",
                                        "Tableau du rapport")
TABLE_PT, TABLE_CODE_PT = 9.5, 8.0      # text and code sizes in a table (points)
TABLE_CELL_MARGIN = Pt(85 / 20)         # left and right margin of a table cell
#: zip entries' date: the earliest a zip file can hold, so that no run's clock reaches the file
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

#: what may follow ``w:pBdr`` (and, from the second on, ``w:shd``) in a ``w:pPr``
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
               "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
               "w:rPr", "w:sectPr", "w:pPrChange")
#: what may follow ``w:updateFields`` in ``w:settings``
_AFTER_UPDATE_FIELDS = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
                        "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                        "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                        "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                        "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
                        "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
                        "w:listSeparator")

_TABLE_STYLE = f"""<w:style {nsdecls('w')} w:type="table" w:customStyle="1"
    w:styleId="TableauRapport">
  <w:name w:val="{TABLE}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="40"/><w:qFormat/>
  <w:pPr><w:spacing w:before="30" w:after="30" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="{int(TABLE_PT * 2)}"/><w:szCs w:val="{int(TABLE_PT * 2)}"/></w:rPr>
  <w:tblPr><w:tblBorders>
    <w:top w:val="single" w:sz="8" w:space="0" w:color="888888"/>
    <w:bottom w:val="single" w:sz="8" w:space="0" w:color="888888"/>
    <w:insideH w:val="single" w:sz="4" w:space="0" w:color="CCCCCC"/>
  </w:tblBorders><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>
    <w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>
  <w:tblStylePr w:type="firstRow"><w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr>
    <w:tcPr><w:tcBorders><w:bottom w:val="single" w:sz="8" w:space="0" w:color="888888"/>
    </w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/></w:tcPr></w:tblStylePr>
</w:style>"""


# --------------------------------------------------------------------------- WordprocessingML
def element(tag: str, **attrs: str):
    """A new ``w:`` element with ``w:`` attributes."""
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def border(pPr, side: str, color: str, size: int, space: int) -> None:
    """A single-line border on ``side`` of a paragraph (``pPr``: its or its style's
    properties); ``size`` in eighths of a point, ``space`` in points."""
    pbdr = pPr.find(qn("w:pBdr"))
    if pbdr is None:
        pbdr = pPr.insert_element_before(OxmlElement("w:pBdr"), *_AFTER_PBDR)
    pbdr.append(element(f"w:{side}", val="single", sz=str(size), space=str(space), color=color))


def shade(pPr, fill: str) -> None:
    """A background colour (``RRGGBB``) behind a paragraph."""
    pPr.insert_element_before(element("w:shd", val="clear", color="auto", fill=fill),
                              *_AFTER_PBDR[1:])


def field_start(paragraph: Paragraph, instruction: str) -> list:
    """The runs opening a Word field (``PAGE``, ``TOC \\o "1-2"``…) up to where its shown
    result starts, appended to ``paragraph``; close it with :func:`field_end`."""
    begin, code, separate = paragraph.add_run(), paragraph.add_run(), paragraph.add_run()
    begin._r.append(element("w:fldChar", fldCharType="begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    code._r.append(instr)
    separate._r.append(element("w:fldChar", fldCharType="separate"))
    return [begin._r, code._r, separate._r]


def field_end(paragraph: Paragraph) -> None:
    """Close, in ``paragraph``, the field opened by :func:`field_start`."""
    paragraph.add_run()._r.append(element("w:fldChar", fldCharType="end"))


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> Run:
    """A whole Word field in ``paragraph`` showing ``shown`` until Word computes it; returns the
    run holding the shown text."""
    field_start(paragraph, instruction)
    run = paragraph.add_run(shown)
    field_end(paragraph)
    return run


def bookmark(paragraph: Paragraph, number: int, name: str) -> None:
    """Mark the whole of ``paragraph`` as the bookmark ``name`` (a link's target)."""
    start = element("w:bookmarkStart", id=str(number), name=name)
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(element("w:bookmarkEnd", id=str(number)))


def update_fields_on_open(doc: Document) -> None:
    """Ask Word to update the document's fields (its table of contents) when it opens it."""
    doc.settings.element.insert_element_before(element("w:updateFields", val="true"),
                                               *_AFTER_UPDATE_FIELDS)


# --------------------------------------------------------------------------- the document
def new_report_document(*, title: str, language: str = "fr-FR") -> Document:
    """An empty A4 Word document in ``language`` with the report's styles, page numbers in the
    footer (none on the title page), and ``title`` as its title property."""
    doc = new_document()
    _body_styles(doc, language)
    _report_styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    section.header_distance = section.footer_distance = Cm(1.2)
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(footer, "PAGE", "1").font.size = Pt(9)
    props = doc.core_properties
    props.title, props.language = title, language
    props.author = props.last_modified_by = "insights"
    props.comments = props.subject = props.keywords = props.category = ""
    props.revision = 1
    package_rels = doc.part.package.rels   # the template's thumbnail shows an empty page
    for rid in [r for r, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        package_rels.pop(rid)
    settings = doc.settings.element
    for tag, value in (("w:themeFontLang", language), ("w:decimalSymbol", ","),
                       ("w:listSeparator", ";")):
        if settings.find(qn(tag)) is not None:
            settings.find(qn(tag)).set(qn("w:val"), value)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):   # the template's empty first paragraph
        body.remove(p)
    return doc


def _body_styles(doc: Document, language: str) -> None:
    """Language, fonts and spacing of the text; Word's own styles restyled like the HTML."""
    styles = doc.styles
    # the body's font, size, spacing and language are document defaults, not the Normal
    # style's, so that a table style's smaller text and tighter spacing apply in its cells
    defaults = styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault"))
    run_defaults.remove(run_defaults.find(qn("w:rPr")))
    run_defaults.append(parse_xml(
        f'<w:rPr {nsdecls("w")}><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" '
        f'w:cs="{FONT}"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="{language}" '
        f'w:eastAsia="{language}" w:bidi="ar-SA"/></w:rPr>'))
    defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing")).set(
        qn("w:after"), "120")
    styles["Normal"].paragraph_format.widow_control = True
    for name, size in (("Title", 24), ("Heading 1", 15), ("Heading 2", 13), ("Heading 3", 11.5),
                       ("Heading 4", 11), ("Heading 5", 11)):
        style = styles[name]
        style.font.name, style.font.size = FONT, Pt(size)
        style.font.color.rgb = ACCENT if name in ("Title", "Heading 1") else INK
        style.paragraph_format.space_before = Pt(20 if name == "Heading 1" else 12)
        style.paragraph_format.space_after = Pt(6 if name == "Heading 1" else 4)
    styles["Title"].paragraph_format.space_before = Pt(0)
    title_rule = styles["Title"].element.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    title_rule.set(qn("w:color"), str(ACCENT))
    del title_rule.attrib[qn("w:themeColor")]
    subtitle = styles["Subtitle"]
    subtitle.font.name, subtitle.font.size, subtitle.font.color.rgb = FONT, Pt(13), GREY
    subtitle.element.rPr.remove(subtitle.element.rPr.find(qn("w:spacing")))  # letter-spacing
    caption = styles["Caption"]
    caption.font.bold, caption.font.size, caption.font.color.rgb = False, Pt(9.5), GREY
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_after = Pt(12)
    quote = styles["Quote"]
    quote.font.italic, quote.font.color.rgb = False, INK
    fmt = quote.paragraph_format
    fmt.left_indent, fmt.right_indent = Cm(0.6), Cm(0.3)
    fmt.space_before, fmt.space_after = Pt(6), Pt(0)
    fmt.keep_with_next = True   # with its source
    border(quote.element.get_or_add_pPr(), "left", "88CCEE", 24, 8)
    shade(quote.element.get_or_add_pPr(), "F7F9FB")
    styles["TOC Heading"].font.color.rgb = ACCENT


def _add_style(styles, name: str, kind: WD_STYLE_TYPE, style_id: str):
    """A new style named ``name`` (what Word shows) with the ASCII id ``style_id`` (what the
    document refers to: LibreOffice ignores a style whose id holds accents or brackets)."""
    style = styles.add_style(name, kind)
    style.style_id = style_id
    if kind != WD_STYLE_TYPE.CHARACTER:
        style.base_style = styles["Normal"]
    return style


def _report_styles(doc: Document) -> None:
    """The styles Word lacks: a quote's source, code, hyperlinks, the table of contents' lines
    and the report's table."""
    styles = doc.styles
    source = _add_style(styles, QUOTE_SOURCE, WD_STYLE_TYPE.PARAGRAPH, "SourceCitation")
    source.next_paragraph_style = styles["Normal"]
    source.font.size, source.font.color.rgb = Pt(9.5), GREY
    source.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    source.paragraph_format.space_before, source.paragraph_format.space_after = Pt(2), Pt(10)
    code = _add_style(styles, CODE, WD_STYLE_TYPE.PARAGRAPH, "Code")
    code.font.name, code.font.size = MONO, Pt(9)
    code.paragraph_format.space_after, code.paragraph_format.line_spacing = Pt(6), 1.0
    shade(code.element.get_or_add_pPr(), "F4F4F4")
    code_char = _add_style(styles, CODE_CHAR, WD_STYLE_TYPE.CHARACTER, "CodeCaracteres")
    code_char.font.name, code_char.font.size = MONO, Pt(9)
    link = _add_style(styles, "Hyperlink", WD_STYLE_TYPE.CHARACTER, "Hyperlink")
    link.font.color.rgb, link.font.underline = RGBColor(0x00, 0x56, 0xB3), True
    for level in (1, 2, 3):
        toc = _add_style(styles, f"toc {level}", WD_STYLE_TYPE.PARAGRAPH, f"TOC{level}")
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(2 if level > 1 else 4)
        toc.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT,
                                                    WD_TAB_LEADER.DOTS)
    styles.element.append(parse_xml(_TABLE_STYLE))


# --------------------------------------------------------------------------- table widths
def _pieces(el: ET.Element, code: bool = False) -> Iterator[tuple[str, bool]]:
    """The text of a table cell as ``(text, is_code)`` pieces."""
    if el.text:
        yield el.text, code
    for child in el:
        yield from _pieces(child, code or child.tag in ("code", "kbd"))
        if child.tail:
            yield child.tail, code


def _measure(cell: ET.Element, *, bold: bool) -> tuple[float, float]:
    """Estimated widths in points of a cell's text on one line, and of its longest part that
    cannot be broken (a line breaks at ASCII white space, after a hyphen or a slash, never at a
    no-break space); a generous average glyph width, so that an estimate errs on the wide
    side."""
    full = longest = 0.0
    for text, code in _pieces(cell):
        em = TABLE_CODE_PT * 0.61 if code else TABLE_PT * (0.53 if bold else 0.5)
        full += len(text) * em
        words = [w for w in re.split(r"(?<=[-/])|[ \t\n]+", text) if w]
        longest = max([longest, *(len(w) * em for w in words)])
    return full, longest


def column_widths(cells: list[list[ET.Element]], *, header: bool, total: int) -> list[Emu]:
    """Widths (EMU) summing to ``total`` of the columns of a table whose ``<th>``/``<td>``
    elements are ``cells`` (a list of rows): each column as wide as its longest unbreakable word
    at least, and what is left shared in proportion to what each column lacks to hold its texts
    on one line, as a browser lays out a table of width 100 %."""
    pad = 2 * TABLE_CELL_MARGIN.pt
    n_cols = max(len(row) for row in cells)
    want, need = [pad] * n_cols, [pad] * n_cols
    for i, row in enumerate(cells):
        for j, cell in enumerate(row):
            full, longest = _measure(cell, bold=header and i == 0)
            want[j] = max(want[j], full * 1.05 + pad)
            need[j] = max(need[j], longest * 1.05 + pad)
    width = Emu(total).pt
    if sum(need) >= width:
        shares = [n / sum(need) * width for n in need]
    elif sum(want) <= width:
        shares = [w / sum(want) * width for w in want]
    else:
        room = [w - n for w, n in zip(want, need)]
        shares = [n + r / sum(room) * (width - sum(need)) for n, r in zip(need, room)]
    widths = [Pt(s) for s in shares]
    return [*widths[:-1], Emu(total - sum(widths[:-1]))]


# --------------------------------------------------------------------------- saving
def save_docx(doc: Document, path: str | Path, *, created: datetime | None = None) -> Path:
    """Save ``doc`` at ``path`` so that the same document gives the same bytes: no date in its
    properties (or ``created`` as both creation and modification date) and a fixed date,
    system and mode on every zip entry. Returns the path."""
    props = doc.core_properties
    if created is None:
        props._element._remove_created()    # python-docx has no public way to drop a date
        props._element._remove_modified()
    else:
        props.created = props.modified = created
    saved = io.BytesIO()
    doc.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as src, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type, entry.create_system, entry.external_attr = \
                zipfile.ZIP_DEFLATED, 0, 0
            dst.writestr(entry, src.read(info.filename))
    path = Path(path)
    path.write_bytes(out.getvalue())
    return path


__all__ = ["add_field", "bookmark", "border", "column_widths", "element", "field_end",
           "field_start", "new_report_document", "save_docx", "shade", "update_fields_on_open"]
