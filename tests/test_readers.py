"""One test (at least) per reader and per text encoding; fixtures built in tmp_path."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from fixtures_ingest.builders import make_docx, make_odt, make_pdf, write
from insights.readers import (
    ReaderError, decode_bytes, read_file, reader_for, register, split_speaker,
    supported_extensions,
)
from insights.readers.pdf import paragraphs
from insights.readers.postits import detect_delimiter
from insights.readers.subtitles import merge_turns

TEXT = "Déjà l'été à Noël : « œuvre » — ça coûte 3 €.\nSeconde ligne."


# --- registry --------------------------------------------------------------------------------

def test_registry_covers_every_contract_format():
    assert {".md", ".txt", ".docx", ".odt", ".pdf", ".vtt", ".srt", ".csv"} <= set(
        supported_extensions())
    assert reader_for(Path("a/B.DOCX")) is reader_for(Path("b.docx"))
    assert reader_for(Path("photo.jpg")) is None


def test_register_refuses_a_second_reader_for_an_extension():
    with pytest.raises(ValueError, match=".md"):
        register(".md")(lambda path: None)


def test_unsupported_extension_names_the_allowed_ones(tmp_path):
    with pytest.raises(ReaderError, match=r"unsupported format '\.jpg'.*\.docx"):
        read_file(write(tmp_path / "photo.jpg", "x"))


# --- decoding --------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding, newline, expected", [
    ("utf-8", "\n", ("utf-8", "LF")),
    ("utf-8-sig", "\n", ("utf-8-sig", "LF")),
    ("cp1252", "\n", ("cp1252", "LF")),
    ("utf-8", "\r\n", ("utf-8", "CRLF")),
    ("cp1252", "\r\n", ("cp1252", "CRLF")),
    ("utf-16", "\n", ("utf-16", "LF")),
])
def test_decode_bytes(encoding, newline, expected):
    text, found, ends = decode_bytes(TEXT.replace("\n", newline).encode(encoding))
    assert text == TEXT
    assert (found, ends) == expected


def test_latin1_only_bytes_fall_back_on_charset_detection():
    # 0x81 is undefined in cp1252, so strict utf-8 and cp1252 both fail
    text, encoding, _ = decode_bytes("Ça coûte très cher, ".encode("latin-1") * 20 + b"\x81")
    assert text.startswith("Ça coûte très cher")
    assert encoding in ("latin_1", "iso8859_15")


def test_binary_content_is_refused():
    with pytest.raises(ReaderError, match="cannot decode"):
        decode_bytes(b"\x00\x01\x02PK\x03\x04" * 10)


# --- .md / .txt ------------------------------------------------------------------------------

def test_notes_paragraphs_bullets_turns_and_headings(tmp_path):
    path = write(tmp_path / "n.md", (
        "---\nsession: matin\ngroup: table 3\nkind: notes\nauthor: Camille Martin\n---\n"
        "# Titre\n\n"                                    # line 7
        "Un paragraphe\nsur deux lignes.\n\n"             # lines 9-10
        "- premier point\n* second point\n  qui continue\n• troisième\n1. quatrième\n\n"  # 12-16
        "Camille : bonjour à vous\n"                      # 18
        "Jean-Pierre Le Bris: moi aussi\n"                # 19
        "et encore\n\n"                                   # 20: same turn
        "Question : une question ?\n\n"                   # 22
        "Sous-titre\n----------\n"                        # 24-25 (setext heading)
        "fin.\n"                                          # 26
    ))
    doc = read_file(path)
    assert doc.meta == {"session": "matin", "group": "table 3", "kind": "notes",
                        "author": "Camille Martin"}
    assert doc.kind == "notes" and doc.encoding == "utf-8" and doc.headings == 2
    got = [(b.line, b.speaker, b.text) for b in doc.blocks]
    assert got == [
        (9, "", "Un paragraphe sur deux lignes."),
        (12, "", "premier point"),
        (13, "", "second point qui continue"),
        (15, "", "troisième"),
        (16, "", "quatrième"),
        (18, "Camille", "bonjour à vous"),
        (19, "Jean-Pierre Le Bris", "moi aussi et encore"),
        (22, "", "Question : une question ?"),
        (26, "", "fin."),
    ]
    assert doc.blocks[5].speaker_from == "turn" and doc.blocks[5].prefixed == "Camille : bonjour à vous"
    # each heading opens a section: "# Titre" before everything, the setext one before "fin."
    assert [b.section for b in doc.blocks] == [1] * 8 + [2]


def test_turn_inside_bullet_is_marked_as_bullet(tmp_path):
    doc = read_file(write(tmp_path / "n.txt", "- Lorient : une maison de quartier\n"))
    block = doc.blocks[0]
    assert (block.speaker, block.speaker_from, block.prefixed) == (
        "Lorient", "bullet", "Lorient : une maison de quartier")


@pytest.mark.parametrize("line, expected", [
    ("Camille : oui", ("Camille", "oui")),
    ("Camille: oui", ("Camille", "oui")),
    ("Camille\u00a0: oui", ("Camille", "oui")),
    ("Hélène Le Goff : oui", ("Hélène Le Goff", "oui")),
    ("Camille M. : oui", ("Camille M.", "oui")),
    ("Jean de La Fontaine : oui", ("Jean de La Fontaine", "oui")),
    ("Remarque : non", None),
    ("il dit : non", None),
    ("Table 3 : non", None),
    ("Camille:non", None),
])
def test_split_speaker(line, expected):
    assert split_speaker(line) == expected


def test_front_matter_crlf_and_cp1252(tmp_path):
    path = write(tmp_path / "n.txt", "---\nsession: soir\n---\nÉté réussi.\n", encoding="cp1252",
                 newline="\r\n")
    doc = read_file(path)
    assert (doc.encoding, doc.newline, doc.meta) == ("cp1252", "CRLF", {"session": "soir"})
    assert [(b.line, b.text) for b in doc.blocks] == [(4, "Été réussi.")]


@pytest.mark.parametrize("text, reason", [
    ("---\nsession: matin\nTexte sans fin de front matter\n", "never closed"),
    ("---\nsession: [matin\n---\nTexte\n", "malformed front matter at line"),
    ("---\n- a\n- b\n---\nTexte\n", "got a list"),
    ("---\nsession: [a, b]\n---\nTexte\n", "'session' must be a single value"),
])
def test_malformed_front_matter(tmp_path, text, reason):
    with pytest.raises(ReaderError, match=reason):
        read_file(write(tmp_path / "n.md", text))


def test_front_matter_error_does_not_quote_the_file(tmp_path):
    with pytest.raises(ReaderError) as info:
        read_file(write(tmp_path / "n.md", "---\nauthor: Camille: Martin: x\n---\nTexte\n"))
    assert "Martin" not in str(info.value)


# --- .docx / .odt ----------------------------------------------------------------------------

OFFICE = dict(
    heading="Livrable du groupe",
    paragraphs=["Premier paragraphe.", "Camille Martin : une proposition.", "Lorient : un lieu."],
    bullets=["Un bail long", "Une charte"],
    table=[["Acteur", "Rôle"], ["Commune", "Propriétaire"]],
)


@pytest.mark.parametrize("maker, ext", [(make_docx, ".docx"), (make_odt, ".odt")])
def test_office_documents(tmp_path, maker, ext):
    doc = read_file(maker(tmp_path / f"l{ext}", **OFFICE))
    assert doc.kind == "livrable" and doc.headings == 1 and doc.encoding is None
    got = [(b.line, b.speaker, b.speaker_from, b.text) for b in doc.blocks]
    assert got == [
        (2, "", "", "Premier paragraphe."),
        (3, "Camille Martin", "turn", "une proposition."),
        (4, "Lorient", "turn", "un lieu."),
        (5, "", "", "Un bail long"),
        (6, "", "", "Une charte"),
        (7, "", "", "Acteur"), (8, "", "", "Rôle"),
        (9, "", "", "Commune"), (10, "", "", "Propriétaire"),
    ]
    assert {b.section for b in doc.blocks} == {1}  # all after the one heading


def test_docx_merged_cells_give_one_block(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Fusion"
    table.cell(0, 2).text = "Seule"
    document.save(str(tmp_path / "m.docx"))
    assert [b.text for b in read_file(tmp_path / "m.docx").blocks] == ["Fusion", "Seule"]


@pytest.mark.parametrize("ext", [".docx", ".odt", ".pdf"])
def test_corrupt_documents(tmp_path, ext):
    path = tmp_path / f"bad{ext}"
    path.write_bytes(b"PK\x03\x04 this is not a real document" * 3)
    with pytest.raises(ReaderError, match="corrupt or unreadable"):
        read_file(path)


# --- .pdf ------------------------------------------------------------------------------------

def test_pdf_paragraphs_and_heading(tmp_path):
    long = ("Les tiers-lieux font déjà de l'accès aux droits sans le dire : on y sort une lettre "
            "de la CAF de son sac et on demande de l'aide au comptoir, entre deux cafés et un "
            "atelier de réparation de vélos.")
    doc = read_file(make_pdf(tmp_path / "n.pdf", heading="Une porte, pas un guichet",
                             paragraphs=[long, "Deuxième paragraphe court.", "- Un point"]))
    assert doc.headings == 1
    assert [b.text for b in doc.blocks] == [long, "Deuxième paragraphe court.", "Un point"]
    assert [b.line for b in doc.blocks] == [2, 3, 4]
    assert [b.section for b in doc.blocks] == [1, 1, 1]


def test_pdf_text_fallback_joins_lines_and_hyphens():
    page = ("Un long paragraphe qui parle de solida-\nrités locales et de lieux partagés\n"
            "public-\nPrivé ensemble.\nCourt.\n\nNouveau paragraphe\n- une puce\n")
    assert paragraphs([page]) == [
        "Un long paragraphe qui parle de solidarités locales et de lieux partagés public-Privé ensemble.",
        "Court.", "Nouveau paragraphe", "- une puce",
    ]


# --- .vtt / .srt -----------------------------------------------------------------------------

def test_vtt_voices_are_merged_into_turns(tmp_path):
    path = write(tmp_path / "t.vtt", (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n<v Claire Guégan>Bonjour.\n\n"
        "2\n00:00:02.000 --> 00:00:03.000\n<v Claire Guégan>On commence.\n\n"
        "3\n00:00:03.000 --> 00:00:04.000\n<v.loud Yann>Merci <b>Claire</b>.\n\n"
        "4\n00:00:04.000 --> 00:00:05.000\nEt ensuite ?\n\n"
        "5\n00:00:05.000 --> 00:00:06.000\nClaire : Oui.\n"
    ))
    doc = read_file(path)
    assert doc.kind == "transcription"
    assert [(b.line, b.speaker, b.text) for b in doc.blocks] == [
        (1, "Claire Guégan", "Bonjour. On commence."),
        (3, "Yann", "Merci Claire. Et ensuite ?"),
        (5, "Claire", "Oui."),
    ]


def test_srt_name_prefixes_are_merged_into_turns(tmp_path):
    path = write(tmp_path / "t.srt", (
        "1\n00:00:01,000 --> 00:00:02,000\nLucie : Ça tourne ?\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nOn reprend.\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nInès: Merci.\nJe commence.\n"
    ), newline="\r\n")
    doc = read_file(path)
    assert doc.newline == "CRLF"
    assert [(b.line, b.speaker, b.text) for b in doc.blocks] == [
        (1, "Lucie", "Ça tourne ? On reprend."), (3, "Inès", "Merci. Je commence."),
    ]


def test_merge_turns_without_any_speaker_gives_one_block():
    assert [(b.line, b.text) for b in merge_turns([("", "a"), ("", "b")])] == [(1, "a b")]


@pytest.mark.parametrize("name, text", [
    ("t.vtt", "pas un fichier webvtt\n00:01 --> n'importe quoi\n"),
    ("t.srt", "1\n00:00:01,000 --> cassé\ntexte\n"),
])
def test_malformed_subtitles(tmp_path, name, text):
    with pytest.raises(ReaderError, match="malformed"):
        read_file(write(tmp_path / name, text))


# --- .csv ------------------------------------------------------------------------------------

@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_postits_with_any_separator(tmp_path, sep):
    rows = [["Text", "Session", "Group", "Category", "Author", "Kind", "autre"],
            ["Une porte, pas un guichet", "soir", "table 1", "pépite", "Yann", "", "x"],
            ["", "soir", "", "", "", "", ""],
            ['Deux "lignes"\nen une', "", "", "défi", "", "retour", ""]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\n").writerows(rows)
    body = buffer.getvalue()
    doc = read_file(write(tmp_path / "p.csv", body))
    assert doc.kind == "postit"
    assert [(b.line, b.text, b.fields) for b in doc.blocks] == [
        (2, "Une porte, pas un guichet",
         {"session": "soir", "group": "table 1", "category": "pépite", "author": "Yann"}),
        (4, 'Deux "lignes" en une', {"category": "défi", "kind": "retour"}),
    ]


def test_postits_without_text_column(tmp_path):
    with pytest.raises(ReaderError, match=r"no 'text' column \(columns found: 'idée', 'group'\)"):
        read_file(write(tmp_path / "p.csv", "idée;group\nune idée;t1\n"))


def test_detect_delimiter():
    assert detect_delimiter("text;group,x;y") == ";"
    assert detect_delimiter("text") == ","
    assert detect_delimiter("a\tb\tc") == "\t"
