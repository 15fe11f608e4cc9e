"""Build tiny input files of every format, and a small event folder, for the ingest tests.

Everything is fictional. ``PLANTED`` lists personal data planted in the fixture event that must
never reach an output.
"""
from __future__ import annotations

from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

PARTICIPANTS = (
    "name;email;phone;profile;pseudonym\n"
    "Hélène Le Goff;helene.legoff@example.org;06 12 34 56 78;élu·e;Élue 1\n"
    "Yann Le Corre;yann.lecorre@example.org;06 33 44 55 66;animateur·rice de lieu;\n"
    "Camille Martin;camille.martin@example.org;06 90 12 34 56;agent·e de collectivité;\n"
    "Camille Robin;camille.robin@example.org;06 40 50 60 70;animateur·rice de lieu;\n"
    "Claire Guégan;claire.guegan@example.org;06 20 30 40 50;animateur·rice de lieu;\n"
)

#: strings that must not appear in any output of the fixture event
PLANTED = [
    "Hélène", "Helene", "Le Goff", "Yann", "Le Corre", "Guégan", "Martin", "Robin", "Gérard Dupuis",
    "helene.legoff@example.org", "x.y@mail.fr", "06 12 34 56 78", "0612345678", "+33 6 33 44 55 66",
    "02.99.12.34.56", "Dupuis",
]

EVENT_YAML = """\
id: demo-2020-01-01
title: "Atelier de démonstration"
date: 2020-01-01
place: "Salle des fêtes"
sessions:
  - id: matin
    start: "09:30"
    title: "Le matin"
  - id: soir
    start: "18:00"
    title: "Le soir"
stopwords: [atelier]
"""

CODEBOOK_YAML = """\
themes:
  accueil:
    label: "Postures d'accueil"
    terms: [accueil, "posture d'accueil"]
"""


def make_docx(path: Path, *, heading: str, paragraphs: list[str], bullets: list[str],
              table: list[list[str]]) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    for text in bullets:
        document.add_paragraph(text, style="List Bullet")
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    document.save(str(path))
    return path


def make_odt(path: Path, *, heading: str, paragraphs: list[str], bullets: list[str],
             table: list[list[str]]) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=heading))
    for text in paragraphs:
        document.text.addElement(P(text=text))
    items = List()
    for text in bullets:
        item = ListItem()
        item.addElement(P(text=text))
        items.addElement(item)
    document.text.addElement(items)
    if table:
        grid = Table(name="t")
        grid.addElement(TableColumn(numbercolumnsrepeated=len(table[0])))
        for row in table:
            line = TableRow()
            for text in row:
                cell = TableCell()
                cell.addElement(P(text=text))
                line.addElement(cell)
            grid.addElement(line)
        document.text.addElement(grid)
    document.save(str(path))
    return path


def make_pdf(path: Path, *, heading: str, paragraphs: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if FONT.exists() and FONT_BOLD.exists():
        pdf.add_font("DejaVu", "", str(FONT))
        pdf.add_font("DejaVu", "B", str(FONT_BOLD))
        family = "DejaVu"
    else:  # core font: latin-1 only
        family = "Helvetica"
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 9, heading)
    pdf.ln(4)
    pdf.set_font(family, "", 11)
    for text in paragraphs:
        pdf.multi_cell(0, 6, text)
        pdf.ln(4)
    pdf.output(str(path))
    return path


def write(path: Path, text: str, *, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def make_event(root: Path) -> Path:
    """A small valid event folder with one file of each format; returns its path."""
    event = root / "demo-2020-01-01"
    write(event / "event.yaml", EVENT_YAML)
    write(event / "participants.csv", PARTICIPANTS)
    write(event / "codebook.yaml", CODEBOOK_YAML)
    write(event / "README.md", "# Dossier de démonstration\n")
    write(event / ".DS_Store", "x")
    write(event / "matin" / "table-1.md", (
        "---\ngroup: table 1\nauthor: Claire Guégan\n---\n\n# Tour de table\n\n"
        "Hélène Le Goff : Bonjour, je suis élue. Écrivez-moi à helene.legoff@example.org.\n\n"
        "Yann : On accueille tout le monde, appelez le 06 12 34 56 78.\n"
        "Gérard Dupuis : je ne suis pas inscrit, mon numéro est le 0612345678.\n\n"
        "- La clé, le gobelet.\n- Lorient : une maison de quartier.\n\n"
        "Une eau claire, dit Claire ; Camille R. et Camille M. approuvent.\n"
    ))
    write(event / "matin" / "notes.txt", (
        "Première ligne du paragraphe\nqui continue ici.\n\nSecond paragraphe, chez Gérard Dupuis.\n"
    ), encoding="cp1252", newline="\r\n")
    write(event / "soir" / "postits.csv", (
        "text;group;category;author\n"
        "Une porte, pas un guichet;table 2;pépite;Yann Le Corre\n"
        "Contact : x.y@mail.fr ou +33 6 33 44 55 66;table 2;défi;\n"
    ), encoding="utf-8-sig")
    write(event / "soir" / "restitution.vtt", (
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Claire Guégan>Bonsoir à toutes et tous.\n\n"
        "00:00:04.000 --> 00:00:06.000\n<v Claire Guégan>On commence.\n\n"
        "00:00:06.000 --> 00:00:09.000\n<v Hélène Le Goff>Merci Claire, appelez le 02.99.12.34.56.\n"
    ))
    write(event / "annexes" / "retours.csv", (
        "session,text,author\nmatin,Très bonne matinée,\nsoir,Merci Yann !,\n"
    ))
    make_docx(event / "soir" / "livrable.docx", heading="Livrable", paragraphs=[
        "Le groupe propose une charte.", "Camille Martin : rédiger la charte en mars."],
        bullets=["Un bail long"], table=[["Acteur", "Rôle"], ["Commune", "Propriétaire"]])
    return event
