"""The report as an editable Word document, converted from the report's Markdown.

``markdown_to_docx`` turns Markdown as ``insights.report.report_markdown`` writes it (images
referencing ``figures/<name>.png`` under a folder) into a python-docx ``Document``;
``write_docx`` saves it so that the same input gives the same bytes. Any report written in that
Markdown (an event's report, a programme's) gets its Word version this way.

The Markdown is read by the ``markdown`` library with the extensions of the HTML report, and its
HTML read back into a tree, so that the Word file shows what ``report.html`` shows:

- ``#`` is the document's title (Word's *Title* style) and ``##`` … ``######`` use Word's own
  *Heading 1* … *Heading 5*, so that Word's navigation pane and table of contents work; a title
  page holds the title, its subtitle and a table of contents;
- a table is a Word table whose header row repeats on each page, numbers right-aligned;
- an image is the PNG itself at A4 text width (smaller when it would not fit the page's height),
  its caption (the emphasised paragraph after it) in Word's *Caption* style;
- a block quote is in Word's *Quote* style, the paragraph after it (its source) in a style of
  its own; lists use Word's list styles, code a monospace style.

The page, the styles and the Word features python-docx lacks are in ``insights.docx_layout``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import markdown
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.text.paragraph import Paragraph

from .docx_layout import (
    CODE,
    CODE_CHAR,
    MONO,
    QUOTE_SOURCE,
    TABLE,
    TABLE_CODE_PT,
    TEXT_HEIGHT,
    TEXT_WIDTH,
    bookmark,
    border,
    column_widths,
    element,
    field_end,
    field_start,
    new_report_document,
    save_docx,
    update_fields_on_open,
)
from .errors import InvalidArgumentError
from .messages_fr import MESSAGES

EXTENSIONS = ["tables", "fenced_code"]   # as report.markdown_to_html
#: the tallest a figure may be and still share its page with its caption
MAX_FIGURE_HEIGHT = Emu(TEXT_HEIGHT - Cm(2.5))
#: a table with at most this many rows is kept on one page
SHORT_TABLE = 20
#: a number as the report writes it (``1 733``, ``8,3``, ``17 %``, ``−2,5``)
NUMBER = re.compile(r"^[−+-]?(?:\d{1,3}(?:[\u202f\u00a0 ]\d{3})+|\d+)(?:,\d+)?"
                    r"(?:[\u202f\u00a0 ]?%)?$")
#: characters XML 1.0 forbids (form feeds from PDFs, a vertical tab for Word's line break…)
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
HEADINGS = {"h1": 0, "h2": 1, "h3": 2, "h4": 3, "h5": 4, "h6": 5}
INLINE = {"strong", "b", "em", "i", "code", "kbd", "a", "span", "del", "s", "sup", "sub", "img",
          "br", "u", "abbr"}


# --------------------------------------------------------------------------- Markdown -> tree
class _TreeBuilder(HTMLParser):
    """The HTML the ``markdown`` library writes, read into an ElementTree (character references
    resolved as a browser resolves them)."""

    VOID = {"img", "br", "hr", "input", "meta", "link"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = ET.Element("body")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})
        if tag not in self.VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def markdown_tree(text: str) -> ET.Element:
    """The Markdown ``text`` as an HTML element tree (root ``<body>``), parsed by the
    ``markdown`` library with the report's extensions."""
    builder = _TreeBuilder()
    builder.feed(markdown.markdown(text, extensions=EXTENSIONS, output_format="html"))
    builder.close()
    return builder.root


def _xml_text(text: str) -> str:
    """``text`` without the characters XML forbids; a page or line feed becomes a line end."""
    return XML_FORBIDDEN.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)


def _only_child(el: ET.Element, tag: str) -> bool:
    """``el`` holds nothing but one ``tag`` element (blank text around it allowed)."""
    return (len(el) == 1 and el[0].tag == tag and not (el.text or "").strip()
            and not (el[0].tail or "").strip())


def _has_content(el: ET.Element) -> bool:
    return bool(len(el) or (el.text or "").strip())


# --------------------------------------------------------------------------- tables
def _numeric_columns(texts: list[list[str]]) -> list[bool]:
    """Which columns hold numbers only (a dash or nothing allowed), to align them right."""
    n_cols = max((len(row) for row in texts), default=0)
    out = []
    for j in range(n_cols):
        column = [row[j] for row in texts if j < len(row)]
        out.append(any(NUMBER.match(t) for t in column)
                   and all(NUMBER.match(t) or t in ("", "—", "-") for t in column))
    return out


# --------------------------------------------------------------------------- the writer
@dataclass(frozen=True)
class _Fmt:
    """The character formatting in force while walking inline elements."""

    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    sup: bool = False
    sub: bool = False
    href: str = ""


_TAG_FMT = {"strong": {"bold": True}, "b": {"bold": True}, "em": {"italic": True},
            "i": {"italic": True}, "code": {"code": True}, "kbd": {"code": True},
            "del": {"strike": True}, "s": {"strike": True}, "sup": {"sup": True},
            "sub": {"sub": True}}


class _Writer:
    """Walks the Markdown tree and writes it at the end of ``doc``."""

    def __init__(self, doc: Document, folder: Path, *, toc_title: str | None,
                 title_page: bool) -> None:
        self.doc, self.folder = doc, Path(folder)
        self.toc_title, self.title_page = toc_title, title_page
        self.headings: list[tuple[int, str, str]] = []   # (level, text, bookmark) for the TOC
        self.body_started = False
        self.toc_anchor: Paragraph | None = None
        self.after_table = False
        # style ids looked up once: python-docx's lookup by name walks every style each time
        self.style_ids = {style.name: style.style_id for style in doc.styles}

    def add_paragraph(self, style: str | None = None) -> Paragraph:
        """A new paragraph at the end of the document; the first after a table gets the space
        a paragraph leaves after itself, which a table does not."""
        par = self.doc.add_paragraph()
        if style:
            par._p.get_or_add_pPr().style = self.style_ids[style]
        if self.after_table:
            self.after_table = False
            if not (style or "").startswith("Heading"):
                par.paragraph_format.space_before = Pt(10)
        return par

    # ------------------------------------------------------------------ inline
    def inline(self, paragraph: Paragraph, el: ET.Element, fmt: _Fmt = _Fmt(), *,
               keep_lines: bool = False) -> None:
        """Write the text and inline children of ``el`` into ``paragraph``; a line end is a
        space, as in HTML, unless ``keep_lines`` (verbatim quotes, code)."""
        self._text(paragraph, el.text, fmt, keep_lines)
        for child in el:
            if child.tag == "br":
                paragraph.add_run().add_break()
            elif child.tag == "img":
                self.picture(paragraph, child)
            else:
                sub = replace(fmt, **_TAG_FMT.get(child.tag, {}))
                if child.tag == "a":
                    sub = replace(sub, href=child.get("href", ""))
                self.inline(paragraph, child, sub, keep_lines=keep_lines)
            self._text(paragraph, child.tail, fmt, keep_lines)

    def _text(self, paragraph: Paragraph, text: str | None, fmt: _Fmt, keep_lines: bool) -> None:
        if not text:
            return
        text = _xml_text(text)
        if not keep_lines:
            text = text.replace("\n", " ")
        run = paragraph.add_run(text)   # python-docx turns "\n" into a line break
        for attr, on in (("bold", fmt.bold), ("italic", fmt.italic), ("strike", fmt.strike),
                         ("superscript", fmt.sup), ("subscript", fmt.sub)):
            if on:
                setattr(run.font, attr, True)
        if fmt.code:
            run._r.get_or_add_rPr().style = self.style_ids[CODE_CHAR]
        if fmt.href.startswith(("http://", "https://", "mailto:")):
            if not fmt.code:
                run._r.get_or_add_rPr().style = self.style_ids["Hyperlink"]
            link = element("w:hyperlink")
            link.set(qn("r:id"), paragraph.part.relate_to(fmt.href, RT.HYPERLINK,
                                                          is_external=True))
            paragraph._p.append(link)
            link.append(run._r)   # moves the run inside the link

    def picture(self, paragraph: Paragraph, img: ET.Element) -> None:
        """The PNG ``img`` points at, at A4 text width (or the page's height for a tall one),
        its alternative text kept for screen readers."""
        path = self.image_path(img.get("src", ""))
        try:
            shape = paragraph.add_run().add_picture(str(path), width=TEXT_WIDTH)
        except UnrecognizedImageError as exc:
            raise InvalidArgumentError(f"report image {path} is not a picture Word can show "
                                       f"({str(exc) or 'unrecognised format'})") from exc
        if shape.height > MAX_FIGURE_HEIGHT:
            shape.width = Emu(int(shape.width * MAX_FIGURE_HEIGHT / shape.height))
            shape.height = MAX_FIGURE_HEIGHT
        doc_pr = shape._inline.docPr
        doc_pr.set("name", path.name)
        doc_pr.set("descr", _xml_text(img.get("alt", "")))

    def image_path(self, src: str) -> Path:
        """The file ``src`` names, which must be a PNG inside the report's folder."""
        folder = self.folder.resolve()
        path = (folder / src).resolve()
        if not src or Path(src).is_absolute() or folder not in path.parents:
            raise InvalidArgumentError(f"report image {src!r} is outside the report folder "
                                       f"{self.folder}; only figures/<name>.png is allowed")
        if path.suffix.lower() != ".png":
            raise InvalidArgumentError(f"report image {src!r} is not a PNG file")
        if not path.is_file():
            raise InvalidArgumentError(f"report image {path} is missing; write the figures "
                                       "before the Word report")
        return path

    # ------------------------------------------------------------------ blocks
    def blocks(self, parent: ET.Element, *, quote: bool = False) -> None:
        """Write the block elements under ``parent`` (inside a block quote if ``quote``)."""
        previous: ET.Element | None = None
        for el in parent:
            self.block(el, previous, quote=quote)
            previous = el
            if (el.tail or "").strip():   # text between blocks
                self.add_paragraph().add_run(el.tail.strip())

    def block(self, el: ET.Element, previous: ET.Element | None, *, quote: bool) -> None:
        tag = el.tag
        if tag in HEADINGS:
            self.heading(el, HEADINGS[tag])
        elif tag == "p":
            self.paragraph(el, previous, quote=quote)
        elif tag in ("ul", "ol"):
            self.listing(el, 0)
        elif tag == "blockquote":
            self.blocks(el, quote=True)
        elif tag == "table":
            self.table(el)
        elif tag == "pre":
            par = self.add_paragraph(style=CODE)
            self.inline(par, el, keep_lines=True)
            if par.runs and par.runs[-1].text.endswith("\n"):
                par.runs[-1].text = par.runs[-1].text.rstrip("\n")
        elif tag == "hr":
            border(self.add_paragraph()._p.get_or_add_pPr(), "bottom", "888888", 6, 1)
        elif any(child.tag not in INLINE for child in el):
            self.blocks(el, quote=quote)   # <div> and the like: their blocks
        else:
            self.inline(self.add_paragraph(style="Quote" if quote else None), el)

    def heading(self, el: ET.Element, level: int) -> None:
        if level == 0:
            self.inline(self.add_paragraph(style="Title"), el)
            return
        if not self.body_started:
            self.start_body()
        par = self.add_paragraph(style=f"Heading {min(level, 5)}")
        self.inline(par, el)
        name = f"_Toc{len(self.headings) + 1:06d}"
        bookmark(par, len(self.headings) + 1, name)
        self.headings.append((level, _xml_text("".join(el.itertext())).strip(), name))

    def start_body(self) -> None:
        """End the title page: its table of contents (filled in at the end), a page break."""
        self.body_started = True
        if not self.title_page:
            return
        if self.toc_title:
            self.toc_anchor = self.add_paragraph(style="TOC Heading")
            self.toc_anchor.add_run(self.toc_title)
        self.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def paragraph(self, el: ET.Element, previous: ET.Element | None, *, quote: bool) -> None:
        if _only_child(el, "img"):   # a figure
            par = self.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt = par.paragraph_format
            fmt.keep_with_next, fmt.space_before, fmt.space_after = True, Pt(6), Pt(2)
            self.inline(par, el)
            return
        after = previous.tag if previous is not None else None
        style = None
        if quote:
            style = "Quote"
        elif after == "blockquote":
            style = QUOTE_SOURCE
        elif after == "p" and _only_child(previous, "img") and _only_child(el, "em"):
            style = "Caption"
        elif after == "h1" and _only_child(el, "em") and not self.body_started:
            style = "Subtitle"
        self.inline(self.add_paragraph(style=style), el, keep_lines=quote)

    def listing(self, el: ET.Element, level: int) -> None:
        """A ``<ul>``/``<ol>`` in Word's list styles; an item's nested lists one level down,
        its further paragraphs in *List Continue*."""
        base = "List Number" if el.tag == "ol" else "List Bullet"
        style = base if level == 0 else f"{base} {min(level + 1, 3)}"
        num_id = self._restart_numbering(style) if el.tag == "ol" else None
        for item in el.findall("li"):
            target: Paragraph | None = self.add_paragraph(style=style)
            if num_id is not None:
                num_pr = target._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val, num_pr.get_or_add_numId().val = 0, num_id
            pending = ET.Element("li")
            pending.text = item.text
            for child in item:
                if child.tag in INLINE:
                    pending.append(child)
                    continue
                if _has_content(pending):
                    self.inline(target or self.add_paragraph(style="List Continue"), pending)
                    target = None
                if child.tag in ("ul", "ol"):
                    self.listing(child, level + 1)
                elif child.tag == "p":
                    self.inline(target or self.add_paragraph(style="List Continue"), child)
                    target = None
                else:
                    self.block(child, None, quote=False)
                pending = ET.Element("li")
                pending.text = child.tail
            if _has_content(pending):
                self.inline(target or self.add_paragraph(style="List Continue"), pending)

    def _restart_numbering(self, style: str) -> int:
        """A new Word list numbering for one ``<ol>``, starting at 1 (Word's list styles share
        one numbering, which would go on counting from the previous list)."""
        numbering = self.doc.part.numbering_part.element
        style_num = self.doc.styles[style].element.pPr.numPr.numId.val
        num = numbering.add_num(numbering.num_having_numId(style_num).abstractNumId.val)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    def table(self, el: ET.Element) -> None:
        """A Word table in the report's table style: a repeated header row, rows never split,
        numbers right-aligned, a short table kept on one page with the paragraph before it."""
        cells = [[c for c in tr if c.tag in ("th", "td")] for tr in el.iter("tr")]
        cells = [row for row in cells if row]
        if not cells:
            return
        if self.after_table:   # Word needs a paragraph between two tables
            self.add_paragraph()
        header = el.find("thead") is not None or all(c.tag == "th" for c in cells[0])
        texts = [["".join(c.itertext()).strip() for c in row] for row in cells]
        numeric = _numeric_columns(texts[1:] if header else texts)
        widths = column_widths(cells, header=header, total=TEXT_WIDTH)
        table = self.doc.add_table(rows=len(cells), cols=len(widths))
        table.style, table.alignment, table.autofit = TABLE, WD_TABLE_ALIGNMENT.CENTER, False
        for j, width in enumerate(widths):
            table.columns[j].width = width
        short, code = len(cells) <= SHORT_TABLE, self.style_ids[CODE_CHAR]
        before = table._tbl.getprevious()
        if short and before is not None and before.tag == qn("w:p"):
            Paragraph(before, table._parent).paragraph_format.keep_with_next = True
        for i, (row, row_cells) in enumerate(zip(table.rows, cells)):
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            if i == 0 and header:
                tr_pr.append(OxmlElement("w:tblHeader"))   # repeated on every page
            for j, cell in enumerate(row.cells):
                cell.width = widths[j]
                if j >= len(row_cells):   # a row shorter than the header
                    continue
                source, par = row_cells[j], cell.paragraphs[0]
                align = _cell_align(source) or ("right" if numeric[j] else None)
                if align in ("right", "center"):
                    par.alignment = getattr(WD_ALIGN_PARAGRAPH, align.upper())
                par.paragraph_format.keep_with_next = (short and i < len(cells) - 1) or None
                self.inline(par, source)
                for run in par.runs:
                    if run._r.style == code:   # LibreOffice lets the table style's
                        run.font.size, run.font.name = Pt(TABLE_CODE_PT), MONO   # font win
        self.after_table = True

    # ------------------------------------------------------------------ table of contents
    def table_of_contents(self, *, levels: int = 2) -> None:
        """Fill the title page's table of contents: a Word TOC field of the headings down to
        ``levels``, whose entries (each a link to its heading) show before any update; Word,
        told to update fields when it opens the file, adds their page numbers."""
        entries = [entry for entry in self.headings if entry[0] <= levels]
        if self.toc_anchor is None or not entries:
            return
        at = self.toc_anchor._p
        pars = []
        for level, text, name in entries:
            par = Paragraph(OxmlElement("w:p"), self.toc_anchor._parent)
            par._p.get_or_add_pPr().style = self.style_ids[f"toc {level}"]
            link = element("w:hyperlink", anchor=name, history="1")
            link.append(par.add_run(text)._r)
            par._p.append(link)
            at.addnext(par._p)
            at = par._p
            pars.append(par)
        opening = field_start(pars[0], f'TOC \\o "1-{levels}" \\h \\z \\u')
        for run in reversed(opening):   # the field opens before the first entry's link
            pars[0]._p.insert(1, run)
        field_end(pars[-1])
        update_fields_on_open(self.doc)


def _cell_align(cell: ET.Element) -> str | None:
    """The alignment a Markdown table gave a cell (``|--:|``), if any."""
    match = re.search(r"text-align:\s*(left|right|center)", cell.get("style", ""))
    return match.group(1) if match else (cell.get("align") or None)


# --------------------------------------------------------------------------- public API
def markdown_to_docx(text: str, folder: str | Path, *, title: str, language: str = "fr-FR",
                     toc_title: str | None = MESSAGES["report.toc"],
                     title_page: bool = True) -> Document:
    """The Markdown ``text`` (a report as ``insights.report.report_markdown`` writes it) as a
    python-docx ``Document``: A4, Word's own heading, quote, caption and list styles, real
    tables, and every ``figures/<name>.png`` image read from ``folder`` at A4 text width.

    ``title`` is the document's title property, ``language`` its language (spelling, properties).
    With ``title_page``, what comes before the first ``##`` heading (the ``#`` title and its
    subtitle) is a page of its own, with a table of contents titled ``toc_title`` (none when
    ``None``). Raises ``InvalidArgumentError`` for an image that is missing, not a PNG, or
    outside ``folder``.
    """
    doc = new_report_document(title=_xml_text(title).replace("\n", " "), language=language)
    writer = _Writer(doc, Path(folder), toc_title=toc_title, title_page=title_page)
    writer.blocks(markdown_tree(text))
    if writer.after_table:   # a document ends with a paragraph
        writer.add_paragraph()
    writer.table_of_contents()
    return doc


def write_docx(text: str, folder: str | Path, path: str | Path, *, title: str,
               **options) -> Path:
    """Convert the Markdown ``text`` (images under ``folder``) with :func:`markdown_to_docx`
    (``options``: its keyword arguments) and save it at ``path``, the same bytes for the same
    input (``insights.docx_layout.save_docx``). Returns the path."""
    return save_docx(markdown_to_docx(text, folder, title=title, **options), path)


__all__ = ["markdown_to_docx", "markdown_tree", "save_docx", "write_docx"]
