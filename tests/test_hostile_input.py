"""Hostile and careless input (issue #11): what insights promises, one test per case.

Each test builds its own hostile input. The promises, at a glance:

1. Security: nothing is read outside the event folder (symbolic links are never followed),
   nothing is written inside it or under ``data/raw``, the HTML report embeds only its own
   figures, CSV cells never run as spreadsheet formulas.
2. Personal data: names as note-takers write them, obfuscated e-mails and phones, names in
   file and folder names and in ``event.yaml`` never reach an output nor the parse cache;
   ordinary French words are left alone.
3. Robustness: every input is bounded (zip, XML entities, YAML aliases, characters): past a
   limit it is refused with the file's name, before anything is inflated; no traceback.
4. Atomic outputs: the output folder is the old one or the new one, whole; a failed or killed
   run changes nothing and leaves nothing hidden behind; two runs never write into one folder.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from fixtures_ingest.builders import write
from fixtures_ingest.hostile import (
    ORDINARY, PARTICIPANTS, PLANTED_CONTACTS, PLANTED_NAMES, PLANTED_PHONES, docx_bomb,
    docx_with_dtd, event_yaml_bomb, long_paragraph, make_careless_event, minimal_event,
    odt_entity_bomb, secret_file,
)
from insights import cli, pipeline
from insights.clean import EMAIL_MASK, PHONE_MASK, Pseudonymizer
from insights.errors import InvalidInputError
from insights.outputs import (
    OutputError, atomic_output_dir, check_output_dir, neutralise_cell, output_lock, write_csv,
)
from insights.read import read_event
from insights.readers import decode_bytes, fold
from insights.readers.safety import Limits

ROOT = Path(__file__).resolve().parents[1]


def _tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (links not followed) -> SHA-256 of its bytes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _cli(args: list[str], capsys) -> tuple[int, str]:
    status = cli.main([str(a) for a in args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return status, err


def _people() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(PARTICIPANTS), sep=";", dtype=str)


@pytest.fixture(scope="module")
def engine() -> Pseudonymizer:
    return Pseudonymizer(_people())


# =============================================================================================
# 1. Security
# =============================================================================================

def test_symlinked_file_to_outside_is_not_read(tmp_path):
    secret = secret_file(tmp_path)
    event = minimal_event(tmp_path)
    (event / "matin" / "passwd.txt").symlink_to(secret)
    (event / "matin" / "etc-passwd.txt").symlink_to("/etc/passwd")
    report = read_event(event).report
    assert {"path": "matin/passwd.txt", "reason": "symbolic link to a file outside the event "
            "folder: not followed", "code": "ignore.link_file_outside"} in report["ignored"]
    assert "matin/etc-passwd.txt" in {i["path"] for i in report["ignored"]}
    assert [r["path"] for r in report["read"]] == ["matin/notes.md"]


def test_symlinked_folder_to_outside_is_not_read(tmp_path):
    secret = secret_file(tmp_path)
    write(secret.parent / "notes.md", "SECRET-OUTSIDE-THE-EVENT\n")
    event = minimal_event(tmp_path)
    (event / "matin" / "ailleurs").symlink_to(secret.parent, target_is_directory=True)
    event_ = read_event(event)
    assert {"path": "matin/ailleurs", "reason": "symbolic link to a folder outside the event "
            "folder: not followed", "code": "ignore.link_folder_outside"} in event_.report["ignored"]
    assert not event_.segments["text"].str.contains("SECRET").any()


@pytest.mark.parametrize("skip_invalid", [False, True])
def test_symlink_loop_is_met_once(tmp_path, skip_invalid):
    event = minimal_event(tmp_path)
    (event / "matin" / "s1").mkdir()
    write(event / "matin" / "s1" / "note.md", "Une note lue une seule fois.\n")
    (event / "matin" / "s1" / "loop").symlink_to("..", target_is_directory=True)
    (event / "matin" / "a").symlink_to("b")
    (event / "matin" / "b").symlink_to("a")
    got = read_event(event, skip_invalid=skip_invalid)
    assert got.segments["text"].tolist().count("Une note lue une seule fois.") == 1
    reasons = {i["path"]: i["reason"] for i in got.report["ignored"]}
    assert reasons["matin/s1/loop"] == ("symbolic link to a folder inside the event folder: "
                                        "not followed")
    assert reasons["matin/a"] == reasons["matin/b"] == "symbolic link loop: not followed"
    assert got.report["skipped"] == []


@pytest.mark.parametrize("name", ["event.yaml", "participants.csv"])
def test_symlinked_root_file_is_refused(tmp_path, capsys, name):
    event = minimal_event(tmp_path)
    elsewhere = tmp_path / "elsewhere" / name
    if name == "event.yaml":
        elsewhere.parent.mkdir()
        (event / name).rename(elsewhere)
    else:
        write(elsewhere, "name\nHélène Le Goff\n")
    (event / name).symlink_to(elsewhere)
    status, err = _cli(["ingest", event, "--out", tmp_path / "out"], capsys)
    assert status == 2 and f"{name}: symbolic link: not followed" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("where", ["event", "inside", "raw", "parent"])
def test_out_inside_the_event_or_data_raw_is_refused(tmp_path, capsys, where):
    project = tmp_path / "project"
    event = minimal_event(project / "data" / "raw", "evt")
    out = {"event": event, "inside": event / "sortie", "raw": project / "data" / "raw" / "out",
           "parent": project / "data"}[where]
    before = _tree(project)
    for command in ("ingest", "report"):
        status, err = _cli([command, event, "--out", out], capsys)
        assert status == 2 and "--out" in err, err
    assert _tree(project) == before
    assert not (event / "sortie").exists() and not (project / "data" / "raw" / "out").exists()


def test_out_that_is_no_output_of_ours_is_never_replaced(tmp_path, capsys):
    event = minimal_event(tmp_path)
    mine = tmp_path / "mes-documents"
    write(mine / "these.docx", "précieux")
    status, err = _cli(["ingest", event, "--out", mine], capsys)
    assert status == 2 and "is not an output of insights" in err
    assert (mine / "these.docx").read_text(encoding="utf-8") == "précieux"


def test_html_embeds_only_its_own_figures(tmp_path):
    from insights.report import markdown_to_html

    secret = secret_file(tmp_path)
    folder = tmp_path / "report"
    (folder / "figures").mkdir(parents=True)
    (folder / "figures" / "top-terms.png").write_bytes(b"\x89PNG mine")
    (folder / "figures" / "other.png").write_bytes(b"\x89PNG not written by the report")
    text = (f"![a](figures/top-terms.png)\n\n![b]({secret})\n\n![c](figures/other.png)\n\n"
            f'<img src="{secret}">\n\nTexte : <img src="photo.png"> collé.\n')
    page = markdown_to_html(text, folder, figures=["top-terms"])
    sources = re.findall(r'<img[^>]*\ssrc="([^"]*)"', page)
    assert len(sources) == 1 and sources[0].startswith("data:image/png;base64,")
    import base64
    assert base64.b64decode(sources[0].split(",", 1)[1]) == b"\x89PNG mine"
    assert "U0VDUkVU" not in page and "SECRET" not in page  # the secret, raw or base64
    assert "&lt;img src=" in page  # pasted HTML is shown as text, never run


def test_csv_cells_never_run_as_formulas(tmp_path):
    cells = ['=HYPERLINK("http://evil.example/";"clic")', "+cmd|' /C calc'!A0", "@SOMME(1+1)",
             "-2+3", "\tTAB", "\rCR", "texte ordinaire", "l'accueil = clé"]
    frame = pd.DataFrame({"text": cells, "score": [-1.5] * len(cells)})
    path = write_csv(frame, tmp_path / "t.csv")
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))[1:]
    assert [r[0] for r in rows] == ["'" + c for c in cells[:5]] + ["'\nCR"] + cells[6:]
    assert {r[1] for r in rows} == {"-1.5"}  # numbers stay numbers
    assert neutralise_cell(-2) == -2


# =============================================================================================
# 2. Personal data
# =============================================================================================

@pytest.mark.parametrize("text, expected", [
    ("M. Moreau ouvre.", "M. Participant·e 04 ouvre."),
    ("mme le gall prend les notes.", "mme Participant·e 05 prend les notes."),
    ("Le projet d'Almeida, dit D'Almeida.", "Le projet Participant·e 06, dit Participant·e 06."),
    ("Ndiaye approuve, N'Diaye aussi.", "Participant·e 07 approuve, Participant·e 07 aussi."),
    ("Mme Quintin anime.", "Mme Participant·e 08 anime."),
    ("Jean-Claude et Jean.", "Participant·e 04 et Participant·e 13."),
    ("quéré, tanguy et le goff.", "Participant·e 03, Participant·e 02 et Participant·e 01."),
    ("Marie-Hélène et Marie.", "Participant·e 08 et Participant·e 11."),
    ("Nolwenn et LE BRIS, Le Bris.", "Participant·e 09 et Participant·e 09, Participant·e 09."),
    ("J.-C. Moreau, Hélène L. ouvre.", "Participant·e 04, Participant·e 01 ouvre."),
    ("H\ufffdl\ufffdne Le Goff", "Participant·e 01"),  # a stray byte inside a name
])
def test_names_as_note_takers_write_them(engine, text, expected):
    assert engine(text) == expected


def test_ordinary_french_text_survives(engine):
    assert engine(ORDINARY) == ORDINARY
    for word in ("le", "la", "marié", "marie", "claire", "rose", "pierre", "bris"):
        assert engine(f"Un mot : {word}.") == f"Un mot : {word}."


def test_surname_first_rows_are_checked_never_guessed(engine):
    text = "Le lieu et le quartier : le public vient le matin."
    assert engine(text) == text  # "le" never became a first name
    assert [w.split(":")[0] for w in engine.warnings] == ["row 10 (Participant·e 10)"]
    assert "Bihan" not in engine.warnings[0] and "Sandrine" not in engine.warnings[0]
    assert engine("Sandrine Le Bihan, Le Bihan Sandrine, Sandrine.") == (
        "Participant·e 10, Participant·e 10, Participant·e 10.")
    assert engine.speaker("Le Bris Nolwenn") == ("Participant·e 09", "agent·e de collectivité")


@pytest.mark.parametrize("text", [
    "prenom.nom at gmail point com", "x(at)example.org", "x [at] example [dot] org",
    "jean-claude.moreau chez gmail", "prenom arobase example.org", "a.b@example.org",
])
def test_obfuscated_emails_are_masked(engine, text):
    assert engine(f"Contact : {text}, merci.") == f"Contact : {EMAIL_MASK}, merci."


@pytest.mark.parametrize("text", [
    "(0)6 98 76 54 34", "06/98/76/54/36", "6 98 76 54 41", "06 987 654 34", "+33 (0)6 98 76 54 34",
    "+32 470 12 34 56",
])
def test_obfuscated_phones_are_masked(engine, text):
    assert engine(f"Appeler le {text}, merci.") == f"Appeler le {PHONE_MASK}, merci."


@pytest.mark.parametrize("text", [
    "il travaille chez orange", "rendez-vous at home", "En 2019, 3 200 personnes",
    "le 28/11/2019 à 09:30", "1 250 000 euros", "code 12345678901234",
])
def test_ordinary_numbers_and_words_are_not_contacts(engine, text):
    assert engine(text) == text


def test_names_in_file_and_folder_names_are_pseudonymised_consistently(tmp_path):
    event = make_careless_event(tmp_path)
    got = read_event(event)
    paths = set(got.segments["source"]) | {r["path"] for r in got.report["read"]}
    paths |= set(got.hashes)
    assert "matin/notes-Participant-e-05.md" in paths
    assert "matin/entretien-Participant-e-04/notes-Participant-e-02.txt" in paths
    blob = fold(json.dumps([sorted(paths), got.segments["segment_id"].tolist()]))
    for name in ("annick", "le-gall", "moreau", "jean-claude", "tanguy"):
        assert name not in blob


def test_event_yaml_free_text_is_pseudonymised(tmp_path):
    got = read_event(make_careless_event(tmp_path))
    assert got.meta["organisers"] == ["Participant·e 05 (animation)", "Participant·e 04"]
    assert got.meta["place"] == "Salle polyvalente, chez Participant·e 05"
    assert got.sessions["title"].tolist()[0] == "Le matin avec Mme Participant·e 08"


def test_unknown_person_after_an_honorific_is_masked(tmp_path):
    event = minimal_event(tmp_path, files={"matin/n.md": (
        "M. Kerhervé est venu. Plus tard, Kerhervé a parlé à Madame la Maire.\n")})
    text = " ".join(read_event(event).segments["text"])
    assert "Kerhervé" not in text and "Personne citée A" in text and "la Maire" in text


# --- the whole chain on the careless event: scan every output and the cache ------------------

@pytest.fixture(scope="module")
def careless_run(tmp_path_factory):
    """``insights report`` on the careless event as a new user runs it: from an empty current
    folder, default cache (the event is not under data/raw), into a folder holding an earlier
    run's outputs (a stale codebook figure)."""
    root = tmp_path_factory.mktemp("careless")
    event = make_careless_event(root)
    (root / "cwd").mkdir()
    out = root / "out"
    write(out / "ingest_report.json", "{}\n")
    write(out / "figures" / "codebook-coverage-old.png", "stale")
    before = _tree(event)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root / "cwd")
        mp.setenv("XDG_CACHE_HOME", str(root / "xdg"))
        mp.delenv("INSIGHTS_CACHE", raising=False)
        mp.delenv("INSIGHTS_ROOT", raising=False)
        status = cli.main(["report", str(event), "--out", str(out)])
    return {"root": root, "event": event, "out": out, "status": status, "before": before}


def _readable(path: Path) -> str:
    if path.suffix == ".parquet":
        return pd.read_parquet(path).astype(str).to_csv()
    text = path.read_bytes().decode("utf-8", "ignore")
    return re.sub(r"data:image/png;base64,[^\"]*", "", text)  # figures: images, not text


def _leaks(text: str) -> list[str]:
    folded = fold(text)
    digits = re.sub(r"\D", "", text)
    found = [n for n in PLANTED_NAMES + PLANTED_CONTACTS if fold(n) in folded]
    return found + [p for p in PLANTED_PHONES if p in digits]


def test_careless_event_gets_its_report(careless_run):
    assert careless_run["status"] == 0
    assert (careless_run["out"] / "report.html").is_file()


def test_no_planted_name_email_or_phone_in_any_output_nor_the_cache(careless_run):
    cache = careless_run["root"] / "xdg" / "insights"
    scanned = [p for p in [*careless_run["out"].rglob("*"), *cache.rglob("*")] if p.is_file()]
    assert any(p.name == "parses.sqlite" for p in scanned)
    assert any(p.name == "report.html" for p in scanned)
    leaks = {p.name: _leaks(_readable(p)) for p in scanned if p.suffix != ".png"}
    assert {name: found for name, found in leaks.items() if found} == {}


def test_cache_is_not_written_in_the_current_folder(careless_run):
    assert list((careless_run["root"] / "cwd").iterdir()) == []
    assert (careless_run["root"] / "xdg" / "insights" / "parses.sqlite").is_file()


def test_raw_event_is_unchanged(careless_run):
    assert _tree(careless_run["event"]) == careless_run["before"]


def test_report_is_not_blocked_by_pasted_html_nor_reads_files_named_in_it(careless_run):
    html = (careless_run["out"] / "report.html").read_text(encoding="utf-8")
    sources = re.findall(r'<img[^>]*\ssrc="([^"]*)"', html)
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)


def test_csv_outputs_hold_no_formula_cell(careless_run):
    cells = []
    for path in careless_run["out"].glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            cells += [(path.name, c) for row in csv.reader(handle) for c in row]
    assert [c for c in cells if c[1].startswith(("=", "+", "@", "\t", "\r"))
            or re.match(r"-[^\d.]", c[1])] == []
    assert ("themes.csv", "'=1+1 Formules") in cells
    assert any(name == "quotes.csv" and cell.startswith("'+cmd") for name, cell in cells)


def test_stale_outputs_of_an_earlier_run_are_gone(careless_run):
    assert not (careless_run["out"] / "figures" / "codebook-coverage-old.png").exists()
    assert sorted(p.name for p in careless_run["root"].iterdir()) == [
        "cwd", "hostile-2021-03-04", "out", "xdg"]  # no staging, old or lock left


# =============================================================================================
# 3. Robustness: bounded memory, no traceback
# =============================================================================================

def test_docx_zip_bomb_is_refused_before_it_is_inflated(tmp_path, capsys, monkeypatch):
    import docx

    event = minimal_event(tmp_path)
    bomb = docx_bomb(event / "matin" / "bombe.docx", unpacked_mb=500)
    assert bomb.stat().st_size < 5 * 1024 * 1024

    def never(*args, **kwargs):
        raise AssertionError("python-docx was handed the bomb")

    monkeypatch.setattr(docx, "Document", never)
    status, err = _cli(["ingest", event, "--out", tmp_path / "out"], capsys)
    assert status == 2 and "matin/bombe.docx" in err and "refused before unpacking" in err


@pytest.mark.parametrize("maker, name", [(odt_entity_bomb, "lol.odt"), (docx_with_dtd, "lol.docx")])
def test_xml_entity_expansion_is_refused(tmp_path, capsys, maker, name):
    event = minimal_event(tmp_path)
    maker(event / "matin" / name)
    status, err = _cli(["ingest", event, "--out", tmp_path / "out"], capsys)
    assert status == 2 and f"matin/{name}" in err and "declares a document type" in err


@pytest.mark.parametrize("where", ["event.yaml", "codebook.yaml", "front matter"])
def test_yaml_alias_bomb_is_refused(tmp_path, capsys, where):
    if where == "event.yaml":
        event = minimal_event(tmp_path, event_yaml=event_yaml_bomb("evt"))
        path = "event.yaml"
    elif where == "codebook.yaml":
        event = minimal_event(tmp_path, files={"codebook.yaml": (
            "themes:\n  t:\n    label: T\n    terms: [lieu]\n" + textwrap.indent(
                event_yaml_bomb("x").split("sessions")[0], ""))})
        path = "codebook.yaml"
    else:
        front = event_yaml_bomb("x").split("sessions")[0]
        event = minimal_event(tmp_path, files={"matin/fm.md": f"---\n{front}---\nTexte.\n"})
        path = "matin/fm.md"
    status, err = _cli(["ingest", event, "--out", tmp_path / "out"], capsys)
    assert status == 2 and f"{path}: " in err and "aliases are not allowed" in err


def test_oversized_and_deeply_nested_yaml_are_refused(tmp_path, capsys):
    event = minimal_event(tmp_path, files={
        "matin/gros.md": "---\nnote: \"" + "a" * (1024 * 1024 + 1) + "\"\n---\nTexte.\n",
        "matin/profond.md": "---\nnote: " + "[" * 5000 + "]" * 5000 + "\n---\nTexte.\n"})
    status, err = _cli(["ingest", event, "--out", tmp_path / "out"], capsys)
    assert status == 2
    assert re.search(r"matin/gros\.md: YAML of 1 MB, over the limit", err)
    assert re.search(r"matin/profond\.md: .*(nested too deeply|malformed)", err)


def test_too_many_characters_in_a_file_are_refused(tmp_path, capsys):
    event = minimal_event(tmp_path, files={"matin/roman.txt": "mot " * 2_600_000})
    status, err = _cli(["ingest", event, "--out", tmp_path / "out"], capsys)
    assert status == 2 and "matin/roman.txt: more than 10 000 000 characters" in err


def test_limits_are_settings(tmp_path):
    event = minimal_event(tmp_path, files={"matin/long.md": "mot " * 300})
    with pytest.raises(InvalidInputError, match="more than 1 000 characters"):
        read_event(event, limits=Limits(max_file_chars=1_000))


def test_million_character_paragraph_is_split_not_a_traceback(tmp_path, nlp):
    from insights.annotate import annotate

    event = minimal_event(tmp_path, files={"matin/fleuve.md": long_paragraph(1_000_000) + "\n"})
    got = read_event(event)
    river = got.segments[got.segments["source"] == "matin/fleuve.md"]
    assert 50 <= len(river) <= 60 and river["text"].str.len().max() <= 20_000
    assert river["text"].str.endswith(".").iloc[:-1].all()  # cut at sentence ends
    assert river["line"].eq(1).all() and river["segment_id"].is_unique
    assert any(f"split into {len(river)} segments" in w["message"]
               for w in got.report["warnings"])
    tokens = annotate(river.head(2))  # parsed without spaCy's E088 (over 1,000,000 chars)
    assert len(tokens) > 1000


def test_file_name_that_is_not_utf8_is_read(tmp_path, capsys):
    event = minimal_event(tmp_path)
    name = os.path.join(os.fsencode(event / "matin"), b"r\xe9union-tanguy.md")
    try:
        with open(name, "wb") as handle:
            handle.write("Le lieu de la réunion.\n".encode("utf-8"))
    except OSError:
        pytest.skip("this file system refuses file names that are not UTF-8")
    status, err = _cli(["ingest", event, "--out", tmp_path / "out"], capsys)
    assert status == 0
    report = json.loads((tmp_path / "out" / "ingest_report.json").read_text(encoding="utf-8"))
    assert "matin/réunion-tanguy.md" in [r["path"] for r in report["read"]]
    assert any("not valid UTF-8" in w["message"] for w in report["warnings"])


def test_utf8_file_with_one_stray_byte_is_decoded_with_a_warning():
    data = "Hélène Le Goff et Gaëlle Quéré, à l'accueil.".encode("utf-8") + b" \xff fin."
    notes: list[str] = []
    text, encoding, _ = decode_bytes(data, notes=notes)
    assert encoding == "utf-8" and "Hélène Le Goff" in text and text.endswith("\ufffd fin.")
    assert notes and "not valid UTF-8" in notes[0]
    assert decode_bytes("Hélène café".encode("cp1252"))[1] == "cp1252"  # real cp1252 stays


def test_stray_byte_file_keeps_names_masked(tmp_path):
    body = "Réunion avec Hélène Le Goff, Gaëlle Quéré et H".encode("utf-8") + b"\xe9" \
        + "lène Le Goff.\n".encode("utf-8")
    event = minimal_event(tmp_path, files={"matin/octet.md": body,
                                           "participants.csv": PARTICIPANTS})
    got = read_event(event)
    text = " ".join(got.segments["text"])
    assert "Hélène" not in text and "Quéré" not in text and "Participant·e 01." in text
    assert any(w["path"] == "matin/octet.md" and "not valid UTF-8" in w["message"]
               for w in got.report["warnings"])


def test_vtt_with_srt_style_times_is_read(tmp_path):
    event = minimal_event(tmp_path, files={"matin/r.vtt": (
        "WEBVTT\n\n00:00:03,200 --> 00:00:05,000\n<v Anne>Bonjour à tous.\n\n"
        "00:00:05,000 --> 00:00:07,000\n<v Anne>On commence.\n")})
    got = read_event(event)
    assert got.segments.loc[got.segments["source"] == "matin/r.vtt", "text"].tolist() == [
        "Bonjour à tous. On commence."]
    assert any("SRT-style times" in w["message"] for w in got.report["warnings"])


def test_fifo_and_special_files_are_ignored_not_waited_on(tmp_path):
    event = minimal_event(tmp_path)
    os.mkfifo(event / "matin" / "tube.md")
    got = read_event(event)
    assert {"path": "matin/tube.md", "reason": "not a regular file",
            "code": "ignore.not_regular"} in got.report["ignored"]


# =============================================================================================
# 4. Atomic outputs
# =============================================================================================

def test_output_folder_is_swapped_whole(tmp_path):
    out = tmp_path / "out"
    write(out / "ingest_report.json", "{}\n")
    write(out / "figures" / "stale.png", "old")
    with atomic_output_dir(out) as staging:
        write(staging / "ingest_report.json", '{"new": 1}\n')
        assert (out / "figures" / "stale.png").exists()  # the old folder, whole, meanwhile
    assert sorted(p.name for p in out.rglob("*")) == ["ingest_report.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_failed_run_changes_nothing_and_leaves_nothing(tmp_path, capsys):
    event = minimal_event(tmp_path, files={"matin/casse.docx": b"not a zip"})
    out = tmp_path / "out"
    write(out / "ingest_report.json", '{"old": true}\n')
    before = _tree(out)
    status, err = _cli(["report", event, "--out", out], capsys)
    assert status == 2 and "matin/casse.docx" in err
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evt", "out"]


def test_killed_run_changes_nothing_and_the_next_run_cleans_up(tmp_path):
    out = tmp_path / "out"
    write(out / "ingest_report.json", '{"old": true}\n')
    before = _tree(out)
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from insights.outputs import atomic_output_dir
        with atomic_output_dir({str(out)!r}) as staging:
            for i in range(46):
                (staging / f"f{{i}}.csv").write_text("new")
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=False)
    assert done.returncode == -signal.SIGKILL
    assert _tree(out) == before
    with atomic_output_dir(out) as staging:
        write(staging / "ingest_report.json", "{}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_sigterm_stops_a_run_and_leaves_the_output_as_it_was(tmp_path):
    import time

    event = minimal_event(tmp_path)
    out = tmp_path / "out"
    write(out / "ingest_report.json", '{"old": true}\n')
    before = _tree(out)
    env = dict(os.environ, INSIGHTS_CACHE=str(tmp_path / "cache"))
    run = subprocess.Popen([sys.executable, "-m", "insights.cli", "report", str(event), "--out",
                            str(out)], cwd=ROOT, env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.staging-*")) and time.monotonic() < deadline:
        if run.poll() is not None:
            break
        time.sleep(0.05)
    run.send_signal(signal.SIGTERM)
    err = run.communicate(timeout=120)[1].decode("utf-8", "replace")
    assert run.returncode == 130 and "Traceback" not in err, err
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_two_runs_into_one_folder_never_overlap(tmp_path, capsys):
    event = minimal_event(tmp_path)
    out = tmp_path / "out"
    with output_lock(check_output_dir(out, event)):
        status, err = _cli(["ingest", event, "--out", out], capsys)
        assert status == 2 and "another insights run is writing to" in err
    status, _ = _cli(["ingest", event, "--out", out], capsys)
    assert status == 0 and (out / "segments.parquet").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evt", "out"]


def test_check_output_dir_names_the_reason(tmp_path):
    event = minimal_event(tmp_path)
    with pytest.raises(OutputError, match="must not be the event folder or inside it"):
        check_output_dir(event / "x", event)
    assert check_output_dir(tmp_path / "new", event) == (tmp_path / "new").resolve()


def test_ingest_output_only_in_the_library_too(tmp_path):
    event = minimal_event(tmp_path)
    with pytest.raises(OutputError):
        pipeline.ingest(event, event / "out")
    assert not (event / "out").exists()
