"""IRaMuTeQ corpus import: the parser, the .txt dispatch, and a corpus inside an event folder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from insights import read_event
from insights.errors import InvalidInputError
from insights.readers import ReaderError, read_file
from insights.readers.iramuteq import (
    column_fields,
    is_corpus,
    mask_variables,
    modality,
    parse_corpus,
    session_named,
    split_variable,
)

EVENT_YAML = """\
id: demo-2020-01-01
title: "Atelier de démonstration"
date: 2020-01-01
sessions:
  - id: matin
    start: "09:30"
    title: "Le matin"
  - id: pepites-defis
    start: "14:00"
    title: "Des pépites et des défis"
"""

CORPUS = """\
**** *session_matin *groupe_table_1 *age_30-40 *Commentaire_1
Première ligne du premier texte.
Deuxième ligne : * une puce écrite avec une étoile.

**** *session_pepites-defis *kind_postit
Un texte sur deux lignes,
la seconde.
-*theme_accueil
Une ligne sous une thématique.

**** *age_50
Un texte sans session : celle du dossier.
"""


def make_event(root: Path, corpus: str, *, where: str = "matin/corpus.txt",
               participants: str | None = None) -> Path:
    folder = root / "demo-2020-01-01"
    (folder / where).parent.mkdir(parents=True, exist_ok=True)
    (folder / "event.yaml").write_text(EVENT_YAML, encoding="utf-8")
    if participants:
        (folder / "participants.csv").write_text(participants, encoding="utf-8")
    (folder / where).write_text(corpus, encoding="utf-8")
    return folder


# --- the parser ----------------------------------------------------------------------------

def test_parse_corpus_texts_lines_variables_and_thematics():
    texts, notes = parse_corpus(CORPUS)
    assert notes == []
    assert [t.line for t in texts] == [1, 5, 11]
    assert texts[0].variables == ["*session_matin", "*groupe_table_1", "*age_30-40",
                                  "*Commentaire_1"]
    assert [line for line, _, _ in texts[1].lines] == [6, 7, 9]
    assert [content for _, content, _ in texts[1].lines] == [
        "Un texte sur deux lignes,", "la seconde.", "Une ligne sous une thématique."]
    assert [thematics for _, _, thematics in texts[1].lines] == [(), (), ("-*theme_accueil",)]
    # a star inside a text line is text, as in IRaMuTeQ
    assert texts[0].lines[1][1] == "Deuxième ligne : * une puce écrite avec une étoile."


def test_split_variable_follows_iramuteq_first_underscore():
    assert split_variable("*Democratie_Citoyennete") == ("Democratie", "Citoyennete")
    assert split_variable("*groupe_table_1") == ("groupe", "table_1")
    assert split_variable("*rire") == ("rire", "")
    assert split_variable("*date-pub_2019-01-17") == ("date-pub", "2019-01-17")


@pytest.mark.parametrize("token", ["Democratie", "*", "**x", "*_x", "*x_", "*x_a*b", "*é_"])
def test_split_variable_refuses_malformed_tokens(token):
    with pytest.raises(ReaderError, match="malformed variable"):
        split_variable(token)


@pytest.mark.parametrize("corpus, line, reason", [
    ("Un titre\n\n**** *a_1\ntexte\n", 1, "text before the first text mark"),
    ("\n\n**** *a_1\ntexte\n**** *b_2 seance_x\nautre\n", 5, "malformed variable 'seance_x'"),
    ("**** *a_1 *b_\ntexte\n", 1, "malformed variable '\\*b_'"),
    ("****x *a_1\ntexte\n", 1, "must be followed by a space"),
    ("**** *a_1\ntexte\n-*theme_x autre\n", 3, "thematic line holds its variable only"),
    ("**** *a_1\ntexte\n-*\n", 3, "malformed variable"),
])
def test_bad_corpus_is_an_error_naming_the_line(corpus, line, reason):
    with pytest.raises(ReaderError, match=rf"^line {line}: .*{reason}"):
        parse_corpus(corpus)


def test_thematic_before_any_text_names_its_line():
    with pytest.raises(ReaderError, match="^line 1: thematic line before the first text mark"):
        parse_corpus("-*theme_a\n**** *a_1\ntexte\n")


def test_empty_texts_are_skipped_with_a_note_and_no_text_is_an_error():
    texts, notes = parse_corpus("**** *a_1\n\n**** *a_2\ntexte\n**** *a_3\n")
    assert [t.line for t in texts] == [3]
    assert notes == ["line 1: empty text (no line under its **** line): skipped",
                     "line 5: empty text (no line under its **** line): skipped"]
    with pytest.raises(ReaderError, match="no text in this IRaMuTeQ corpus"):
        parse_corpus("**** *a_1\n\n**** *a_2\n")


def test_is_corpus_tells_a_corpus_from_notes_with_a_markdown_rule():
    assert is_corpus("\n\n**** *a_1\ntexte\n")
    assert is_corpus("****\ntexte sans variable\n")
    assert is_corpus("Un titre\n**** *a_1\ntexte\n")  # refused later, with its line
    assert not is_corpus("Des notes.\n\n****\n\nLa suite après une règle.\n")
    assert not is_corpus("- une puce\n* une autre\n")


def test_column_fields_and_modality_helpers():
    assert column_fields(["*Séance_matin", "*Groupe_table-1", "*profil_elu-e", "*age_30",
                          "*Auteur_Camille_Martin", "*kind_postit", "*kind_notes"]) == {
        "session": "matin", "group": "table-1", "profile": "elu-e",
        "author": "Camille Martin", "kind": "postit"}
    assert modality("agent·e de collectivité") == "agent-e-de-collectivite"
    assert modality("  Table 3 ") == "table-3"
    assert modality("en_action*") == "en-action"
    assert modality("") == ""
    assert session_named("pepites-defis", ["pepites_defis", "matin"]) == "pepites_defis"
    assert session_named("matin", ["matin"]) == "matin"
    assert session_named("soir", ["matin"]) == "soir"
    assert mask_variables("*auteur_Camille_Martin *age_30",
                          lambda s: s.replace("Camille Martin", "Élue 1")) == \
        "*auteur_elue-1 *age_30"


# --- the .txt dispatch and the event ---------------------------------------------------------

def test_txt_reader_dispatches_on_the_text_mark(tmp_path):
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("\ufeff" + CORPUS.replace("\n", "\r\n"), encoding="utf-8")
    document = read_file(corpus)
    assert document.kind == "texte"
    assert (document.encoding, document.newline) == ("utf-8-sig", "CRLF")
    assert [b.section for b in document.blocks] == [1, 1, 2, 2, 2, 3]
    assert document.blocks[0].fields == {
        "session": "matin", "group": "table_1", "session_line": "1",
        "variables": "*session_matin *groupe_table_1 *age_30-40 *Commentaire_1"}
    assert document.blocks[4].fields["variables"].endswith("-*theme_accueil")
    # the same lines in a Markdown file are notes: the dispatch is for .txt only
    notes = tmp_path / "notes.md"
    notes.write_text(CORPUS, encoding="utf-8")
    assert read_file(notes).kind == "notes"


def test_a_corpus_in_an_event_is_one_text_id_per_text(tmp_path):
    event = read_event(make_event(tmp_path, CORPUS))
    seg = event.segments
    assert seg["text_id"].nunique() == 3
    assert seg.groupby("text_id", sort=False).size().tolist() == [2, 3, 1]
    first = seg.iloc[0]
    assert (first["session"], first["group"], first["kind"]) == ("matin", "table_1", "texte")
    assert first["variables"] == "*session_matin *groupe_table_1 *age_30-40 *Commentaire_1"
    second = seg[seg["line"] == 6].iloc[0]
    assert (second["session"], second["kind"]) == ("pepites-defis", "postit")
    # a text without a session variable takes the folder's session
    assert seg.iloc[-1]["session"] == "matin"
    assert seg.iloc[-1]["variables"] == "*age_50"
    assert event.report["read"][0]["texts"] == 3


def test_corpus_errors_name_file_and_line(tmp_path):
    folder = make_event(tmp_path, "**** *session_soir\ntexte\n")
    with pytest.raises(InvalidInputError) as caught:
        read_event(folder)
    assert caught.value.problems[0][0] == "matin/corpus.txt"
    assert "unknown session 'soir' (line 1)" in caught.value.problems[0][1]
    folder = make_event(tmp_path / "b", "Intro\n**** *session_matin\ntexte\n")
    with pytest.raises(InvalidInputError, match=r"matin/corpus.txt: line 1: text before"):
        read_event(folder)


def test_corpus_at_the_event_root_needs_session_variables(tmp_path):
    folder = make_event(tmp_path, "**** *session_matin\nA.\n\n**** *age_3\nB.\n",
                        where="corpus.txt")
    with pytest.raises(InvalidInputError, match="session unknown"):
        read_event(folder)


def test_names_in_variables_and_texts_are_pseudonymised(tmp_path):
    participants = "name;profile;pseudonym\nCamille Martin;élu·e;Élue 1\n"
    corpus = ("**** *session_matin *auteur_Camille_Martin *ville_Rennes\n"
              "Camille Martin parle, camille.martin@example.org.\n")
    seg = read_event(make_event(tmp_path, corpus, participants=participants)).segments
    row = seg.iloc[0]
    assert row["speaker"] == "Élue 1" and row["profile"] == "élu·e"
    assert "Camille" not in row["variables"] and "Martin" not in row["variables"]
    assert row["variables"] == "*session_matin *auteur_elue-1 *ville_Rennes"
    assert "Camille" not in row["text"] and "example.org" not in row["text"]


DECIDIM = Path(os.environ.get("INSIGHTS_CORPORA", Path(__file__).resolve().parents[2] / "shared"
                              / "corpora")) / "decidim-mel-granddebat" / "iramuteq"


@pytest.mark.skipif(not DECIDIM.is_dir(), reason=f"real corpus absent: {DECIDIM} (optional; "
                    "see benchmarks/bench_iramuteq.py)")
@pytest.mark.parametrize("name, texts", [("mel_commentaires_debats_iramuteq.txt", 693),
                                         ("mel_propositions_libres_iramuteq.txt", 140)])
def test_real_decidim_corpora_import_with_their_text_counts(tmp_path, name, texts):
    corpus = (DECIDIM / name).read_text(encoding="utf-8")
    seg = read_event(make_event(tmp_path, corpus)).segments
    assert seg["text_id"].nunique() == texts
    assert seg["variables"].str.contains(r"\*Commentaire_\d+$").all()
