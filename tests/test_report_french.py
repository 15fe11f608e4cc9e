"""One French voice: every sentence of the report comes from the catalogue
(``insights.messages_fr``), and an event with a skipped file and an early-stopped Reinert
classification gets a report with no English sentence in it (issue 15)."""
from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

from english import english_sentences, is_english

from insights.messages_fr import MESSAGES
from insights.report.reasons import skip_reason, stop_reason, warning_message

REPORT_SOURCES = [*sorted((Path(__file__).parents[1] / "src/insights/report").glob("*.py")),
                  Path(__file__).parents[1] / "src/insights/report_programme.py"]


# --------------------------------------------------------------------------- the detector
def test_detector_finds_an_english_sentence_and_passes_a_french_one():
    assert is_english("The classification stopped at 3 classes: the largest remaining class "
                      "has 4 units.")
    assert is_english("reached k=8 classes")
    assert is_english("empty file")
    assert not is_english("La classification s’arrête à 3 classes : la plus grande classe "
                          "restante compte 4 unités.")
    # French words English shares, alone, are French
    assert not is_english("La file des sessions et des classes, un post-it, les notes.")


def test_detector_leaves_code_and_file_names_out():
    text = ("Le fichier `the_file_is_empty.md` et matin/the-notes.txt sont écartés.\n\n"
            "```\ninsights report data/raw/the-event --out is/not/here\n```\n"
            "| Fichier | Raison |\n|---|---|\n| `a.docx` | fichier vide |\n")
    assert english_sentences(text) == []
    found = english_sentences("Bonjour.\n\n| `a.docx` | no text found: skipped |\n")
    assert found == ["no text found"]


# --------------------------------------------------------------------------- the catalogue
def _said_codes() -> set[str]:
    """The literal codes the report modules ask the catalogue for (``say("report.…")``)."""
    codes = set()
    for path in REPORT_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("say", "count") \
                    and node.args and isinstance(node.args[0], ast.Constant):
                code = node.args[0].value
                codes.add(code if node.func.id == "say" else f"report.word.{code}")
    return codes


def test_every_code_the_report_says_is_in_the_catalogue():
    codes = _said_codes()
    assert len(codes) > 80
    assert sorted(c for c in codes if c not in MESSAGES) == []


def test_stop_reasons_in_french():
    english = [
        "reached k=8 classes",
        "stopped at 3 classes: the largest remaining class has 7 units (< min_split_members=10)",
        "stopped at 4 classes: the largest remaining class has 5 units and 2 active terms, too "
        "few to split (3 needed)",
        "stopped at 2 classes: the largest remaining class has only 1 units with active terms, "
        "too few to split",
        "stopped at 5 classes: no cut of the largest class gives a finite chi2",
        "stopped at 6 classes: no set of 7 disjoint crossed classes; Reinert: stopped at 5 "
        "classes: no cut of the largest class gives a finite chi2 (k=8 requested)",
        "a reason no version of insights ever wrote",
    ]
    said = [stop_reason(SimpleNamespace(stop_reason=e)) for e in english]
    assert said[0] == "8 classes atteintes, comme demandé"
    assert "7 unités" in said[1] and "minimum de 10" in said[1]
    assert said[5].count("arrêt à") == 2
    assert said[6] == "arrêt avant le nombre de classes demandé"
    assert not any(is_english(s) for s in said)
    assert stop_reason(SimpleNamespace(stop_reason="")) == ""


def test_coded_stop_reason_and_skip_reason_come_from_their_code():
    coded = SimpleNamespace(stop_reason="whatever", stop_code="skip.empty_file", stop_params={})
    assert stop_reason(coded) == MESSAGES["skip.empty_file"]
    assert skip_reason({"path": "a.md", "reason": "empty file"}) == "fichier vide"
    assert skip_reason({"path": "a.md", "reason": "no text"}) == "aucun texte"
    assert skip_reason({"path": "a.md", "reason": "zip bomb", "code": "skip.no_text"}) == \
        "aucun texte"
    unknown = skip_reason({"path": "a.docx", "reason": "corrupt document: bad zip"})
    assert "ingest_report.json" in unknown and not is_english(unknown)
    assert not is_english(warning_message({"path": "x", "message": "event id differs"}))
    assert not is_english(warning_message("a bare warning from an old version"))
