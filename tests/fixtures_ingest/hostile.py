"""Build hostile and careless inputs (issue #11): every one is fictional and built in place.

Used by ``tests/test_hostile_input.py`` and ``benchmarks/bench_hostile.py``. Nothing here
needs the network or ``/work/shared``.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from fixtures_ingest.builders import make_docx, make_odt, write

EVENT_ID = "hostile-2021-03-04"
EVENT_YAML = f"""\
id: {EVENT_ID}
title: "Atelier des notes prises à la volée"
date: 2021-03-04
place: "Salle polyvalente, chez Annick Le Gall"
organisers: ["Annick Le Gall (animation)", "Jean-Claude Moreau"]
sessions:
  - id: matin
    start: "09:30"
    title: "Le matin avec Mme Quintin"
  - id: soir
    start: "14:00"
    title: "L'après-midi"
"""

#: the participants as a careless list holds them: compound first names, particles, a row
#: surname first in capitals, one surname first without capitals (ambiguous)
PARTICIPANTS = (
    "name;email;phone;profile\n"
    "Hélène Le Goff;helene.legoff@example.org;06 12 34 56 78;élu·e\n"
    "Jérôme Tanguy;j.tanguy@example.org;06 23 45 67 89;élu·e\n"
    "Gaëlle Quéré;gaelle.quere@example.org;06 67 89 01 23;agent·e de collectivité\n"
    "Jean-Claude Moreau;jc.moreau@example.org;06 98 76 54 30;animateur·rice de lieu\n"
    "Annick Le Gall;annick.legall@example.org;06 98 76 54 31;animateur·rice de lieu\n"
    "Rui d'Almeida;rui.dalmeida@example.org;06 98 76 54 32;explorateur·rice\n"
    "Awa N'Diaye;awa.ndiaye@example.org;06 98 76 54 33;explorateur·rice\n"
    "Marie-Hélène Quintin;mh.quintin@example.org;06 98 76 54 35;élu·e\n"
    "LE BRIS Nolwenn;nolwenn.lebris@example.org;06 98 76 54 37;agent·e de collectivité\n"
    "Le Bihan Sandrine;s.lebihan@example.org;06 98 76 54 38;agent·e de collectivité\n"
    "Marie Lefèvre;marie.lefevre@example.org;06 98 76 54 39;explorateur·rice\n"
    "Claire Guégan;claire.guegan@example.org;06 98 76 54 40;animateur·rice de lieu\n"
    "Jean Dupuy;jean.dupuy@example.org;06 98 76 54 42;élu·e\n"
)

#: names, e-mails and phones planted in the texts, in the forms note-takers write them; none
#: may reach any output nor the parse cache (compared folded: case and accents ignored)
PLANTED_NAMES = [
    "Moreau", "Le Gall", "Almeida", "Ndiaye", "N'Diaye", "Quintin", "Jean-Claude",
    "Marie-Hélène", "Nolwenn", "Le Bris", "Quéré", "Tanguy", "Le Goff", "Annick", "Lefèvre",
    "Guégan", "Hélène", "Gaëlle", "Jérôme", "Sandrine", "Le Bihan", "Dupuy",
]
PLANTED_CONTACTS = [
    "prenom.nom at gmail", "gmail point com", "x(at)example.org", "jean-claude.moreau chez",
    "chez gmail", "example.org",
]
PLANTED_PHONES = ["0698765434", "698765434", "0698765436", "698765441", "0612345678"]

NOTES = """\
---
author: Jean-Claude Moreau
---

# Tour de table

M. Moreau ouvre la séance ; mme le gall prend les notes et Mme Quintin anime.

Le projet d'Almeida avance, dit D'Almeida, et Ndiaye approuve (N'Diaye aussi).

Jean-Claude rappelle que Jean viendra ; quéré, tanguy et le goff sont d'accord.

Marie-Hélène : je propose un lieu partagé où le quartier se retrouve.

Nolwenn et LE BRIS présentent le budget ; Sandrine Le Bihan le relit.

Contacts : prenom.nom at gmail point com, x(at)example.org, jean-claude.moreau chez gmail.

Téléphones : (0)6 98 76 54 34, 06/98/76/54/36, 6 98 76 54 41.

Le lieu accueille le public le matin ; une salle claire, un accueil chaleureux.
"""

#: ordinary text that no participant's name may touch (``le``, ``marié``, ``claire``…)
ORDINARY = ("Le maire est marié, il se marie le mois prochain ; la salle est claire et la "
            "vitre est réparée. Le lieu, la rose et la pierre restent.")


def make_careless_event(root: Path) -> Path:
    """An event whose notes, file and folder names and ``event.yaml`` carry names, e-mails
    and phones the way note-takers write them, plus hostile post-its and pasted HTML."""
    event = root / EVENT_ID
    write(event / "event.yaml", EVENT_YAML)
    write(event / "participants.csv", PARTICIPANTS)
    write(event / "codebook.yaml", (
        "themes:\n  formules:\n    label: \"=1+1 Formules\"\n"
        "    terms: [hyperlink, cmd, somme, calc]\n"
        "  accueil:\n    label: \"Accueil\"\n    terms: [accueil, lieu]\n"))
    write(event / "matin" / "notes-annick-le-gall.md", NOTES)
    write(event / "matin" / "ordinaire.md", ORDINARY + "\n")
    write(event / "matin" / "entretien Jean-Claude Moreau" / "notes_tanguy.txt",
          "Entretien sur l'accueil du lieu.\n\nLe lieu doit rester ouvert.\n")
    write(event / "soir" / "postits.csv", (
        "text;author\n"
        "\"=HYPERLINK(\"\"http://evil.example/\"\";\"\"clic\"\")\";Quéré\n"
        "\"+cmd|' /C calc'!A0 cmd calc\";\n"
        "\"@SOMME(1+1) somme\";\n"
        "\"-2+3 cmd hyperlink\";\n"
        "L'accueil du lieu est chaleureux;\n"
    ))
    write(event / "soir" / "collage.md",
          "Texte collé depuis une page web : <img src=\"photo.png\"> le lieu et l'accueil.\n")
    write(event / "soir" / "restitution.vtt", (
        "WEBVTT\n\n00:00:03,200 --> 00:00:05,000\n<v Annick Le Gall>Bonjour, l'accueil du lieu.\n\n"
        "00:00:05,000 --> 00:00:08,000\n<v Jérôme Tanguy>Merci, le lieu est ouvert.\n"))
    return event


def secret_file(root: Path) -> Path:
    """A file outside every event, with a marker that must never reach an output."""
    path = root / "outside" / "secret.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"SECRET-OUTSIDE-THE-EVENT " * 40)
    return path


def minimal_event(root: Path, name: str = "evt", *, files: dict[str, str | bytes] | None = None,
                  event_yaml: str | None = None) -> Path:
    """A valid one-session event (``matin``) with one note, plus ``files`` (relative path ->
    text or bytes)."""
    event = root / name
    write(event / "event.yaml", event_yaml or (
        f"id: {name}\ntitle: Atelier\ndate: 2020-01-01\n"
        "sessions:\n  - {id: matin, start: '09:00', title: Matin}\n"))
    write(event / "matin" / "notes.md", "L'accueil du lieu est chaleureux.\n")
    for rel, content in (files or {}).items():
        target = event / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return event


# --- bombs -------------------------------------------------------------------------------------

def docx_bomb(path: Path, *, unpacked_mb: int = 500) -> Path:
    """A ``.docx`` of a few MB whose ``word/document.xml`` inflates to ``unpacked_mb`` MB of
    small paragraphs (written in chunks: building it never holds it in memory)."""
    import docx

    plain = io.BytesIO()
    docx.Document().save(plain)
    paragraph = b"<w:p><w:r><w:t>Le lieu.</w:t></w:r></w:p>"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(
            path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info, source.read(info))
                continue
            xml = source.read(info)
            head, tail = xml.split(b"<w:body>", 1)
            with bomb.open("word/document.xml", "w", force_zip64=True) as out:
                out.write(head + b"<w:body>")
                chunk = paragraph * (1024 * 1024 // len(paragraph))
                for _ in range(unpacked_mb):
                    out.write(chunk)
                out.write(tail)
    return path


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
              for i in range(1, 10))
    + ']>\n'
)


def odt_entity_bomb(path: Path) -> Path:
    """An ``.odt`` whose ``content.xml`` declares a "billion laughs" of entities."""
    make_odt(path, heading="Titre", paragraphs=["Le lieu."], bullets=[], table=[])
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    content = parts["content.xml"].decode("utf-8")
    body = content[content.index("<office:document-content"):]
    body = body.replace("Le lieu.", "&lol9;", 1)
    parts["content.xml"] = (BILLION_LAUGHS + body).encode("utf-8")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bomb:
        for name, data in parts.items():
            bomb.writestr(name, data)
    return path


def docx_with_dtd(path: Path) -> Path:
    """A ``.docx`` whose ``word/document.xml`` declares a document type with an entity."""
    make_docx(path, heading="Titre", paragraphs=["Le lieu."], bullets=[], table=[])
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    xml = xml[xml.index("<w:document"):]
    parts["word/document.xml"] = (BILLION_LAUGHS + xml).encode("utf-8")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bomb:
        for name, data in parts.items():
            bomb.writestr(name, data)
    return path


YAML_BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
              for i in range(8))
)


def event_yaml_bomb(name: str) -> str:
    """An ``event.yaml`` whose ``organisers`` is a YAML alias bomb ("billion laughs")."""
    return (f"id: {name}\ntitle: Atelier\ndate: 2020-01-01\n" + YAML_BOMB
            + "organisers: *i\nsessions:\n  - {id: matin, start: '09:00', title: Matin}\n")


def long_paragraph(n_chars: int = 1_000_000) -> str:
    """One paragraph of ``n_chars`` characters of French text with no line break."""
    sentence = "Le lieu partagé accueille les habitants du quartier et leurs projets. "
    return (sentence * (n_chars // len(sentence) + 1))[:n_chars]
