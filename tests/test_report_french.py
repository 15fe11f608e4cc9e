"""One French voice: every sentence of the report comes from the catalogue
(``insights.messages_fr``), and an event with a skipped file and an early-stopped Reinert
classification gets a report with no English sentence in it (issue 15)."""
from __future__ import annotations

import ast
import json
import random
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


def test_stop_reason_in_french_from_the_classification():
    stopped = SimpleNamespace(stop_message="arrêt à 3 classe(s) : la plus grande",
                              stop=("reinert.stop.reached", {"k": 8}))
    assert stop_reason(stopped) == "arrêt à 3 classe(s)\u00a0: la plus grande"
    coded = SimpleNamespace(stop=("reinert.stop.reached", {"k": 8}))
    assert stop_reason(coded) == MESSAGES["reinert.stop.reached"].format(k=8)
    # the English text alone is never shown
    assert stop_reason(SimpleNamespace(stop_reason="reached k=8 classes")) == ""


def test_skip_reasons_and_warnings_in_french():
    assert skip_reason({"path": "a.md", "reason": "empty file"}) == "fichier vide"
    assert skip_reason({"path": "a.md", "reason": "no text"}) == "aucun texte"
    assert skip_reason({"path": "a.md", "reason": "zip bomb", "code": "skip.no_text"}) == \
        "aucun texte"
    for said in (skip_reason({"path": "a.docx", "reason": "corrupt document: bad zip"}),
                 warning_message({"path": "x", "message": "event id differs"}),
                 warning_message("a bare warning from an old version")):
        assert said and not is_english(said)


# --------------------------------------------------------------------------- the Done-when test
_VOCABULARY = (
    ("accueil", "habitant", "porte", "café", "bienvenue", "écoute", "voisin", "rencontre"),
    ("gouvernance", "décision", "collectif", "association", "conseil", "vote", "budget"),
    ("jardin", "potager", "légume", "compost", "graine", "récolte", "serre", "saison"),
    ("ordinateur", "internet", "formation", "démarche", "écran", "imprimante", "tablette"),
)
_FRAMES = ("Le {a} et la {b} rendent le lieu vivant pour le {c}.",
           "Nous parlons du {a}, de la {b} et du {c} chaque semaine.",
           "Sans {a} ni {b}, le {c} reste difficile pour tout le monde.",
           "La question du {a} revient avec la {b} et le {c}.")


def _event_with_a_broken_file(root: Path) -> Path:
    """Three sessions of French notes on four vocabularies, and a corrupt Word file."""
    rng = random.Random(0)
    event = root / "atelier-essai"
    sessions = ("matin", "midi", "soir")
    (event).mkdir()
    (event / "event.yaml").write_text(
        "id: atelier-essai\ntitle: Atelier d'essai\ndate: 2021-03-04\nsessions:\n"
        + "".join(f"  - {{id: {s}, start: '{9 + 4 * i:02d}:00', title: Session {s}}}\n"
                  for i, s in enumerate(sessions)), encoding="utf-8")
    for i, session in enumerate(sessions):
        (event / session).mkdir()
        paragraphs = []
        for j in range(16):
            words = _VOCABULARY[(i + j) % len(_VOCABULARY)]
            paragraphs.append(" ".join(
                rng.choice(_FRAMES).format(a=rng.choice(words), b=rng.choice(words),
                                           c=rng.choice(words)) for _ in range(3)))
        (event / session / "notes.md").write_text("\n\n".join(paragraphs) + "\n",
                                                  encoding="utf-8")
    (event / "midi" / "compte-rendu.docx").write_bytes(b"not a zip file")
    return event


def test_report_of_a_skipped_file_and_an_early_stop_holds_no_english(tmp_path):
    from insights import pipeline

    event = _event_with_a_broken_file(tmp_path)
    out = tmp_path / "out"
    analysis = pipeline.run_report(event, out, skip_invalid=True, cache_dir=tmp_path / "cache",
                                   reinert_k=20)
    ingest = json.loads((out / "ingest_report.json").read_text(encoding="utf-8"))
    assert [s["path"] for s in ingest["skipped"]] == ["midi/compte-rendu.docx"]
    assert analysis.reinert is not None and analysis.reinert.n_classes < 20  # stopped early
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "midi/compte-rendu.docx" in text and "Arrêt de la classification" in text
    assert english_sentences(text) == []
