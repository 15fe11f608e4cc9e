"""Write the group deliverables (.docx, .odt, .pdf) of the fictional sample days into their folders.

Usage (from the project root, with the project's virtualenv):

    .venv/bin/python tools/build_sample_afternoon.py [EVENT_DIR ...] [--sample EVENT_ID]

Each EVENT_DIR gets the deliverables of the bundled sample its folder is named after (see
SAMPLES); `--sample` names the sample when the folder has another name (to rebuild into a
scratch folder and compare). With no EVENT_DIR, every bundled sample under data/raw is rebuilt.
The text lives in sample_afternoon_deliverables.py (Rennes) and sample_aubusson_deliverables.py
(Aubusson); this script only lays it out. Output is byte-for-byte reproducible:
document dates are fixed to the afternoon of each workshop and ZIP entries carry a fixed timestamp.
Word and PDF deliverables get typographic apostrophes (’), the ODT ones keep straight ones.
The PDF uses the DejaVu Sans font shipped with matplotlib (needed for « œ », « ’ » and « · »).
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import docx
import matplotlib
from docx.shared import Pt
from fpdf import FPDF
from odf import dc, meta, style, table, text
from odf.element import Element
from odf.opendocument import OpenDocumentText

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample_afternoon_deliverables as rennes  # noqa: E402
import sample_aubusson_deliverables as aubusson  # noqa: E402

WORKSHOP_TIME = datetime(2019, 11, 28, 15, 45, tzinfo=timezone.utc)


def normalise_zip(data: bytes, *, when: datetime = WORKSHOP_TIME) -> bytes:
    """Rewrite a ZIP-based document with fixed entry timestamps (order and compression kept)."""
    out = io.BytesIO()
    date_time = when.timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, date_time=date_time)
            new.compress_type = info.compress_type
            new.external_attr = 0o644 << 16
            dst.writestr(new, src.read(info.filename))
    return out.getvalue()


def curly(value):
    """Typographic apostrophes, as Word's autocorrect would type them (strings, lists, tables)."""
    if isinstance(value, str):
        return value.replace("'", "\u2019")
    return [curly(item) for item in value]


def write_docx(blocks: list, path: Path, *, author: str, when: datetime = WORKSHOP_TIME) -> None:
    """Lay out `blocks` as a Word document: headings, paragraphs, a bulleted list and a table."""
    blocks = [(kind, curly(value)) for kind, value in blocks]
    document = docx.Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    for kind, value in blocks:
        if kind == "h1":
            document.add_heading(value, level=1)
        elif kind == "h2":
            document.add_heading(value, level=2)
        elif kind == "p":
            document.add_paragraph(value)
        elif kind == "ul":
            for item in value:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            grid = document.add_table(rows=len(value), cols=len(value[0]))
            grid.style = "Table Grid"
            for r, row in enumerate(value):
                for c, cell in enumerate(row):
                    grid.cell(r, c).text = cell
                    if r == 0:
                        for run in grid.cell(r, c).paragraphs[0].runs:
                            run.bold = True
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    props = document.core_properties
    props.title = blocks[0][1]
    props.author = author
    props.last_modified_by = author
    props.created = when.replace(tzinfo=None)
    props.modified = when.replace(tzinfo=None)
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(normalise_zip(buffer.getvalue(), when=when))


def write_odt(blocks: list, path: Path, *, author: str, when: datetime = WORKSHOP_TIME) -> None:
    """Lay out `blocks` as an OpenDocument text: headings, paragraphs, a list and a table."""
    document = OpenDocumentText()
    h1 = style.Style(name="Heading 1", family="paragraph")
    h1.addElement(style.TextProperties(fontsize="16pt", fontweight="bold"))
    h2 = style.Style(name="Heading 2", family="paragraph")
    h2.addElement(style.TextProperties(fontsize="13pt", fontweight="bold"))
    body = style.Style(name="Text Body", family="paragraph")
    body.addElement(style.ParagraphProperties(marginbottom="0.2cm"))
    for s in (h1, h2, body):
        document.styles.addElement(s)
    bullets = text.ListStyle(name="Bullets")
    level = text.ListLevelStyleBullet(level=1, bulletchar="•")
    level.addElement(style.ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.4cm"))
    bullets.addElement(level)
    document.automaticstyles.addElement(bullets)
    n_tables = 0
    for kind, value in blocks:
        if kind == "h1":
            document.text.addElement(text.H(outlinelevel=1, stylename=h1, text=value))
        elif kind == "h2":
            document.text.addElement(text.H(outlinelevel=2, stylename=h2, text=value))
        elif kind == "p":
            document.text.addElement(text.P(stylename=body, text=value))
        elif kind == "ul":
            lst = text.List(stylename=bullets)
            for item in value:
                li = text.ListItem()
                li.addElement(text.P(stylename=body, text=item))
                lst.addElement(li)
            document.text.addElement(lst)
        elif kind == "table":
            n_tables += 1
            grid = table.Table(name=f"Tableau{n_tables}")
            grid.addElement(table.TableColumn(numbercolumnsrepeated=len(value[0])))
            for row in value:
                tr = table.TableRow()
                for cell in row:
                    tc = table.TableCell(valuetype="string")
                    tc.addElement(text.P(text=cell))
                    tr.addElement(tc)
                grid.addElement(tr)
            document.text.addElement(grid)
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    document.meta.addElement(dc.Title(text=blocks[0][1]))
    document.meta.addElement(dc.Creator(text=author))
    document.meta.addElement(meta.CreationDate(text=when.strftime("%Y-%m-%dT%H:%M:%S")))
    buffer = io.BytesIO()
    document.write(buffer)
    path.write_bytes(normalise_zip(buffer.getvalue(), when=when))


def write_pdf(blocks: list, path: Path, *, author: str, when: datetime = WORKSHOP_TIME) -> None:
    """Lay out `blocks` (headings and paragraphs) as an A4 PDF with an embedded Unicode font."""
    blocks = [(kind, curly(value)) for kind, value in blocks]
    font_dir = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdf = FPDF(format="A4")
    pdf.set_creation_date(when)
    pdf.set_title(blocks[0][1])
    pdf.set_author(author)
    pdf.set_creator("insights tools/build_sample_afternoon.py")
    pdf.add_font("DejaVu", "", str(font_dir / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(font_dir / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(22, 20, 22)
    pdf.add_page()
    for kind, value in blocks:
        if kind == "h1":
            pdf.set_font("DejaVu", "B", 16)
            pdf.multi_cell(0, 8, value, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        elif kind == "h2":
            pdf.ln(2)
            pdf.set_font("DejaVu", "B", 12.5)
            pdf.multi_cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif kind == "p":
            pdf.set_font("DejaVu", "", 10.5)
            pdf.multi_cell(0, 5.6, value, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        else:
            raise ValueError(f"block kind {kind!r} is not laid out in the PDF")
    pdf.output(str(path))


WRITERS = {".docx": write_docx, ".odt": write_odt, ".pdf": write_pdf}

# odfpy records every namespace it meets in one class-wide dict (Element.namespaces) and declares
# them all in each .odt it writes, so an .odt's bytes depend on the documents written before it in
# the same process. Each sample starts from the registry of a fresh process.
FRESH_ODF_NAMESPACES = dict(Element.namespaces)


@dataclass(frozen=True)
class Sample:
    """The deliverables of one bundled sample event: where they go and when they were saved."""

    folder: str                                   # session folder under the event folder
    when: datetime                                # fixed document and ZIP timestamp
    files: tuple[tuple[list, str, str], ...]      # (blocks, file name, author)


SAMPLES = {
    "rennes-2019-11-28": Sample("action", WORKSHOP_TIME, (
        (rennes.GROUPE_1, "groupe-1-partenariat.docx", "Groupe 1"),
        (rennes.GROUPE_2, "groupe-2-accueil.docx", "Groupe 2"),
        (rennes.GROUPE_3, "groupe-3-hors-les-murs.odt", "Groupe 3"),
        (rennes.GROUPE_4, "groupe-4-friche.odt", "Groupe 4"),
        (rennes.GROUPE_5, "groupe-5-services-publics.pdf", "Groupe 5"),
    )),
    "aubusson-2020-02-06": Sample("chantiers", datetime(2020, 2, 6, 15, 50, tzinfo=timezone.utc), (
        (aubusson.GROUPE_A, "groupe-a-mobilite.docx", "Groupe A"),
        (aubusson.GROUPE_B, "groupe-b-carriole.odt", "Groupe B"),
        (aubusson.GROUPE_C, "groupe-c-cuisine.docx", "Groupe C"),
    )),
}


def build(event_dir: Path, sample_id: str) -> None:
    """Write the deliverables of the bundled sample `sample_id` into `event_dir`."""
    sample = SAMPLES[sample_id]
    Element.namespaces.clear()
    Element.namespaces.update(FRESH_ODF_NAMESPACES)
    folder = event_dir / sample.folder
    folder.mkdir(parents=True, exist_ok=True)
    for blocks, name, author in sample.files:
        WRITERS[Path(name).suffix](blocks, folder / name, author=author, when=sample.when)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("event_dirs", nargs="*", type=Path, metavar="EVENT_DIR")
    parser.add_argument("--sample", choices=sorted(SAMPLES),
                        help="the sample to write, when EVENT_DIR is not named after it")
    args = parser.parse_args(argv)
    raw = Path(__file__).resolve().parent.parent / "data" / "raw"
    targets = args.event_dirs or [raw / sample_id for sample_id in SAMPLES]
    for event_dir in targets:
        sample_id = args.sample or event_dir.name
        if sample_id not in SAMPLES:
            parser.error(f"{event_dir}: no bundled sample named {sample_id!r}; "
                         f"use --sample with one of {sorted(SAMPLES)}")
        build(event_dir, sample_id)


if __name__ == "__main__":
    main()
