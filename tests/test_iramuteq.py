"""IRaMuTeQ corpus export: format rules, the file, the CLI, and the round trip through import."""
from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from insights import read_event
from insights.cli import main
from insights.errors import InvalidArgumentError
from insights.outputs import OutputError
from insights.iramuteq import (
    VARIABLES,
    clean_text,
    export_iramuteq,
    iramuteq_texts,
    to_iramuteq,
    write_iramuteq,
)
from insights.readers.iramuteq import modality


def segments_table() -> pd.DataFrame:
    rows = [
        # text_id, session, group, kind, profile, text
        ("a#1", "matin", "Table 3", "notes", "", "Premier segment\nsur deux lignes."),
        ("a#1", "matin", "Table 3", "notes", "élu·e", "Le deuxième : 3*4 = 12, _rire_ et mot_clé."),
        ("b#1", "pepites_defis", "", "postit", "agent·e de collectivité", "****"),
        ("c#1", "pepites_defis", "", "postit", "", "-*thème caché ? Non."),
        ("a#3", "matin", "Table 3", "notes", "", "Un texte revenu après un autre."),
    ]
    frame = pd.DataFrame(rows, columns=["text_id", "session", "group", "kind", "profile", "text"])
    frame["event"] = "demo-2020-01-01"
    return frame


def reread(corpus: str) -> list[tuple[list[str], list[str]]]:
    """An independent reading of a corpus string: (starred tokens, text lines) per text."""
    texts = []
    for line in corpus.split("\n"):
        if line.startswith("****"):
            texts.append((line.split()[1:], []))
        elif line.strip():
            texts[-1][1].append(line)
    return texts


def test_clean_text_removes_what_iramuteq_reads_as_marks():
    assert clean_text("  a*b  _rire_ mot_clé __x\n\ny_ ") == "a b rire mot_clé x y"
    assert clean_text("**** *session_x") == "session_x"
    assert clean_text("-*theme") == "- theme"
    assert clean_text("***") == ""


def test_iramuteq_texts_one_row_per_text_in_order():
    texts = iramuteq_texts(segments_table())
    assert texts["text_id"].tolist() == ["a#1", "c#1", "a#3"]  # b#1 cleans to nothing
    first = texts.iloc[0]
    assert first["header"] == ("**** *session_matin *group_table-3 *kind_notes *profile_elu-e "
                               "*event_demo-2020-01-01")
    assert first["lines"] == ["Premier segment sur deux lignes.",
                              "Le deuxième : 3 4 = 12, rire et mot_clé."]
    # no profile: the variable is left out, not invented
    assert texts.iloc[1]["header"] == ("**** *session_pepites-defis *kind_postit "
                                       "*event_demo-2020-01-01")


def test_every_text_and_variable_is_in_the_corpus():
    segments = segments_table()
    corpus = to_iramuteq(segments)
    assert corpus.endswith("\n\n") and "\r" not in corpus
    got = reread(corpus)
    want = iramuteq_texts(segments)
    assert len(got) == len(want) == 3
    for (tokens, lines), row in zip(got, want.itertuples(index=False)):
        assert lines == row.lines
        for name in VARIABLES:
            value = getattr(row, name)
            assert (f"*{name}_{value}" in tokens) == bool(value)
        for token in tokens:  # the IRaMuTeQ rules: one '_' separator, nothing but [a-z0-9-]
            assert re.fullmatch(r"\*[a-z]+_[a-z0-9]+(?:-[a-z0-9]+)*", token), token
    for _, lines in got:
        assert not any(line.startswith(("****", "-*")) or "*" in line for line in lines)


def test_bad_arguments_are_clear_errors(tmp_path):
    with pytest.raises(InvalidArgumentError, match="variables"):
        iramuteq_texts(segments_table(), variables=["session", "my_var"])
    with pytest.raises(InvalidArgumentError, match="lack \\['profile'\\]"):
        iramuteq_texts(segments_table().drop(columns="profile"))
    with pytest.raises(InvalidArgumentError, match="no segment"):
        iramuteq_texts(segments_table().iloc[:0])
    with pytest.raises(InvalidArgumentError, match="existing folder"):
        write_iramuteq(segments_table(), tmp_path / "missing" / "corpus.txt")
    with pytest.raises(InvalidArgumentError, match="not a folder"):
        write_iramuteq(segments_table(), tmp_path)


def test_write_is_utf8_and_leaves_no_staging_file(tmp_path):
    path = write_iramuteq(segments_table(), tmp_path / "corpus.txt")
    assert path.read_bytes().decode("utf-8") == to_iramuteq(segments_table())
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.txt"]


def test_export_never_writes_into_the_raw_data(sample_event_dir, tmp_path):
    with pytest.raises(OutputError, match="inside the event folder"):
        export_iramuteq(sample_event_dir, sample_event_dir / "corpus.txt")
    with pytest.raises(OutputError, match="under data/raw"):
        export_iramuteq(sample_event_dir, sample_event_dir.parent / "corpus.txt")
    assert not (sample_event_dir / "corpus.txt").exists()


def test_cli_export(sample_event_dir, tmp_path, capsys):
    out = tmp_path / "corpus.txt"
    assert main(["export", "iramuteq", str(sample_event_dir), "--out", str(out)]) == 0
    assert "IRaMuTeQ corpus written" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").startswith("**** *session_")
    assert main(["export", "iramuteq", str(tmp_path / "nowhere"), "--out", str(out)]) == 2
    assert "event folder not found" in capsys.readouterr().err


@pytest.mark.parametrize("event", ["rennes-2019-11-28", "aubusson-2020-02-06"])
def test_sample_export_reimports_to_the_same_texts(sample_event_dir, tmp_path, event):
    source = sample_event_dir.parent / event
    original = read_event(source)
    folder = tmp_path / event
    folder.mkdir()
    for name in ("event.yaml", "participants.csv"):
        shutil.copy(source / name, folder / name)
    write_iramuteq(original.segments, folder / "corpus.txt")

    back = read_event(folder).segments
    want = iramuteq_texts(original.segments)
    assert back["text_id"].nunique() == len(want) == original.segments["text_id"].nunique()
    texts = back.groupby("text_id", sort=False)
    for (_, got), row in zip(texts, want.itertuples(index=False)):
        assert got["text"].tolist() == row.lines
        assert got["session"].iloc[0] == row.session  # the session id itself, not a copy
        for name in ("group", "kind", "profile"):
            assert modality(got[name].iloc[0]) == getattr(row, name)
        assert f"*event_{row.event}" in got["variables"].iloc[0].split()
    # the words are the same words: nothing lost, nothing added
    assert " ".join(back["text"]).split() == " ".join(
        line for lines in want["lines"] for line in lines).split()


def test_reimport_keeps_the_ingest_pseudonyms_as_they_are(tmp_path):
    """Text pseudonymised once (people named after an honorific, generated participant
    pseudonyms) reads back unchanged: an exported corpus re-imports to the same texts."""
    source = tmp_path / "source"
    (source / "matin").mkdir(parents=True)
    (source / "event.yaml").write_text(
        'id: demo\ntitle: "Démo"\ndate: 2020-01-01\nsessions:\n'
        '  - id: matin\n    start: "09:30"\n    title: "Le matin"\n', encoding="utf-8")
    (source / "participants.csv").write_text("name\nHélène Le Goff\n", encoding="utf-8")
    (source / "matin" / "notes.md").write_text(
        "Hélène Le Goff : ce n'est pas à Monsieur Dupont de décider, ni à Mme Moreau.\n\n"
        "Selon M. Dupont, Hélène Le Goff a raison.\n", encoding="utf-8")
    original = read_event(source)
    assert "Personne citée A" in " ".join(original.segments["text"])
    again = tmp_path / "again"
    again.mkdir()
    shutil.copy(source / "event.yaml", again / "event.yaml")
    write_iramuteq(original.segments, again / "corpus.txt")
    back = read_event(again).segments
    assert back["text"].tolist() == iramuteq_texts(original.segments)["lines"].sum()
