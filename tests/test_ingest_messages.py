"""The French voice of the ingest: every skipped or ignored file and every warning of
``ingest_report.json`` carries a code that :func:`insights.messages_fr.fr_ingest` writes in
French, with its parameters pseudonymised like the English reason."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from fixtures_ingest.builders import make_event, write
from insights.messages_fr import MESSAGES, fr_ingest
from insights.read import read_event

SRC = Path(__file__).resolve().parents[1] / "src" / "insights"
#: English words that never stand in a French sentence of the catalogue
ENGLISH = re.compile(r"\b(the|file|folder|not|skipped|ignored|refused|line|found|with|of)\b")


def _codes_in_source() -> set[str]:
    """Every literal ``skip.*`` / ``ignore.*`` / ``warn.*`` code the ingest's code raises or
    writes, f-string codes expanded by hand below."""
    found: set[str] = set()
    for path in [*SRC.glob("*.py"), *SRC.glob("readers/*.py")]:
        found |= set(re.findall(r"[\"'f]((?:skip|ignore|warn)\.[a-z_]+)[\"']", path.read_text()))
    return found


def test_every_code_of_the_ingest_has_its_french_text():
    codes = _codes_in_source()
    codes |= {f"ignore.link_{k}_{w}" for k in ("file", "folder") for w in ("inside", "outside")}
    codes |= {f"skip.{p}_{s}" for p in ("yaml", "front_matter")
              for s in ("malformed", "nested", "value")}
    assert len(codes) > 60
    missing = sorted(c for c in codes if c not in MESSAGES)
    assert not missing


def test_report_entries_read_in_french(tmp_path):
    event_dir = make_event(tmp_path)
    write(event_dir / "matin" / "vide.md", "")
    write(event_dir / "matin" / "tableau.xlsx", "pas un classeur")
    write(event_dir / "matin" / "perdu.md", "---\nsession: nuit\n---\nUn texte.\n")
    write(event_dir / "matin" / "casse.docx", "pas un document Word")
    report = read_event(event_dir, skip_invalid=True).report
    entries = report["skipped"] + report["ignored"] + report["warnings"]
    assert {e["code"] for e in report["skipped"]} == {
        "skip.empty_file", "skip.unsupported_format", "skip.unknown_session", "skip.corrupt"}
    for item in entries:
        text = fr_ingest(item)
        assert text and not ENGLISH.search(text), (item, text)
    by_code = {e["code"]: e for e in report["skipped"]}
    assert fr_ingest(by_code["skip.unknown_session"]).startswith(
        "session inconnue « nuit » ; sessions valides : matin, soir")
    assert ".docx" in fr_ingest(by_code["skip.unsupported_format"])
    assert fr_ingest(by_code["skip.corrupt"]).startswith("document .docx corrompu")


def test_parameters_are_pseudonymised_like_the_reason(tmp_path):
    event_dir = make_event(tmp_path)
    # a folder named after a participant: its name never reaches the report, in any language
    write(event_dir / "Camille Martin" / "notes.md", "Un texte sans session.\n")
    report = read_event(event_dir, skip_invalid=True).report
    item = next(e for e in report["skipped"] if e["code"] == "skip.no_session_folder")
    assert "Camille" not in repr(item) and "Martin" not in repr(item)
    assert "Camille" not in fr_ingest(item)


@pytest.mark.parametrize("item, expected", [
    ({"path": "a.md", "reason": "empty file"}, "fichier vide"),
    ({"path": "a.md", "reason": "some new English reason"}, "fichier illisible"),
    ({"path": "a.md", "message": "some English warning"}, "avertissement de lecture"),
    ({"path": "a.md", "reason": "x", "code": "skip.pdf_pages", "params": {"n": 3000,
                                                                       "limit": 2000}},
     "PDF de 3\u202f000 pages (limite : 2\u202f000) : refusé"),
])
def test_fr_ingest_never_falls_back_on_english(item, expected):
    assert fr_ingest(item) == expected
