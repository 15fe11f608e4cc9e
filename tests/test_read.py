"""Event ingest: metadata, segments, report, bad input, privacy and read-only raw data."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from fixtures_ingest.builders import PLANTED, make_event, write
from insights.errors import InvalidInputError
from insights.outputs import atomic_output_dir
from insights.read import Event, read_event, write_ingest
from insights.schema import SEGMENT_COLUMNS


@pytest.fixture()
def event_dir(tmp_path) -> Path:
    return make_event(tmp_path)


@pytest.fixture()
def event(event_dir) -> Event:
    return read_event(event_dir)


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- a valid event -------------------------------------------------------------------------------

def test_event_fields(event, event_dir):
    assert event.id == "demo-2020-01-01" and event.path == event_dir
    assert event.meta == {"id": "demo-2020-01-01", "title": "Atelier de démonstration",
                          "date": "2020-01-01", "place": "Salle des fêtes"}
    assert event.sessions.to_dict("list") == {
        "session": ["matin", "soir"], "title": ["Le matin", "Le soir"],
        "start": ["09:30", "18:00"], "order": [1, 2]}
    assert event.codebook == {"accueil": {"label": "Postures d'accueil",
                                          "terms": ["accueil", "posture d'accueil"]}}
    assert event.stopwords == ["atelier"]


def test_segments_table(event):
    seg = event.segments
    assert list(seg.columns) == SEGMENT_COLUMNS + ["category", "variables"]
    assert seg["segment_id"].is_unique
    assert seg["line"].dtype == "int64"
    text_columns = [c for c in seg.columns if c != "line"]
    assert not seg[text_columns].isna().any().any()
    assert all(isinstance(v, str) for c in text_columns for v in seg[c])
    # files sorted by path, segments in file order, ids "<source>#<k>"
    assert seg["source"].tolist() == sorted(seg["source"].tolist())
    for source, rows in seg.groupby("source", sort=False):
        assert rows["segment_id"].tolist() == [f"{source}#{k}" for k in range(1, len(rows) + 1)]
        assert rows["line"].is_monotonic_increasing
    assert set(seg["event"]) == {"demo-2020-01-01"}


def test_session_kind_group_from_folder_front_matter_and_columns(event):
    seg = event.segments.set_index("segment_id")
    files = seg.groupby("source")[["session", "kind"]].agg(lambda s: ";".join(sorted(set(s))))
    assert files.to_dict("index") == {
        "annexes/retours.csv": {"session": "matin;soir", "kind": "postit"},
        "matin/notes.txt": {"session": "matin", "kind": "notes"},
        "matin/table-1.md": {"session": "matin", "kind": "notes"},
        "soir/livrable.docx": {"session": "soir", "kind": "livrable"},
        "soir/postits.csv": {"session": "soir", "kind": "postit"},
        "soir/restitution.vtt": {"session": "soir", "kind": "transcription"},
    }
    assert seg.loc["annexes/retours.csv#2", ["session", "session_title", "session_start"]].tolist() \
        == ["soir", "Le soir", "18:00"]
    assert set(seg.loc[seg["source"] == "matin/table-1.md", "group"]) == {"table 1"}
    assert seg.loc["soir/postits.csv#1", ["group", "category", "line"]].tolist() == [
        "table 2", "pépite", 2]


def test_speakers_and_profiles(event):
    seg = event.segments.set_index("segment_id")
    table = seg.loc[seg["source"] == "matin/table-1.md", ["speaker", "profile", "text"]]
    assert table.values.tolist() == [
        ["Élue 1", "élu·e", "Bonjour, je suis élue. Écrivez-moi à [courriel]."],
        ["Participant·e 02", "animateur·rice de lieu", "On accueille tout le monde, appelez le [téléphone]."],
        ["Intervenant·e A", "", "je ne suis pas inscrit, mon numéro est le [téléphone]."],
        ["", "", "La clé, le gobelet."],
        ["", "", "Lorient : une maison de quartier."],  # a place, not a speaker
        ["", "", "Une eau claire, dit Participant·e 05 ; Participant·e 04 et Participant·e 03 approuvent."],
    ]
    # the unknown speaker's name is masked in other files too
    assert seg.loc["matin/notes.txt#2", "text"] == "Second paragraphe, chez Intervenant·e A."
    vtt = seg.loc[seg["source"] == "soir/restitution.vtt", ["line", "speaker", "text"]]
    assert vtt.values.tolist() == [
        [1, "Participant·e 05", "Bonsoir à toutes et tous. On commence."],
        [3, "Élue 1", "Merci Participant·e 05, appelez le [téléphone]."],
    ]
    assert seg.loc["soir/postits.csv#1", ["speaker", "profile"]].tolist() == [
        "Participant·e 02", "animateur·rice de lieu"]
    assert seg.loc["soir/livrable.docx#2", ["speaker", "text"]].tolist() == [
        "Participant·e 03", "rédiger la charte en mars."]


def test_front_matter_author_speaks_for_a_file_without_turns(event_dir):
    write(event_dir / "soir" / "memo.md", "---\nauthor: Claire Guégan\n---\nUn mémo.\n\nSuite.\n")
    seg = read_event(event_dir).segments
    memo = seg[seg["source"] == "soir/memo.md"]
    assert memo[["speaker", "profile"]].values.tolist() == [
        ["Participant·e 05", "animateur·rice de lieu"]] * 2
    # table-1.md has turns: its author is not put on the segments without one
    assert set(seg.loc[seg["source"] == "matin/table-1.md", "speaker"]) >= {""}


def test_label_prefixes_are_not_speakers(event_dir):
    write(event_dir / "soir" / "labels.md", (
        "Rennes Métropole : un partenaire.\n\nLe Hangar : un coworking.\n\n"
        "Format : deux chaises.\n\nYann : oui.\n\nPaul Durand : non.\n"))
    seg = read_event(event_dir).segments
    rows = seg.loc[seg["source"] == "soir/labels.md", ["speaker", "text"]].values.tolist()
    assert rows == [["", "Rennes Métropole : un partenaire."], ["", "Le Hangar : un coworking."],
                    ["", "Format : deux chaises."], ["Participant·e 02", "oui."],
                    ["Intervenant·e B", "non."]]


def test_text_ids_never_join_two_people(event):
    seg = event.segments.set_index("segment_id")
    text = seg["text_id"].to_dict()
    # every post-it and questionnaire row is a text of its own
    for sid in ("soir/postits.csv#1", "soir/postits.csv#2", "annexes/retours.csv#1",
                "annexes/retours.csv#2"):
        assert text[sid] == sid
    # a notes file without headings nor turns is one text
    assert text["matin/notes.txt#1"] == text["matin/notes.txt#2"] == "matin/notes.txt#1"
    # each speaker turn is a text; what follows a turn (a label, a paragraph) is another one
    turns = [f"matin/table-1.md#{k}" for k in (1, 2, 3)]
    assert [text[t] for t in turns] == turns
    assert {text[f"matin/table-1.md#{k}"] for k in (4, 5, 6)} == {"matin/table-1.md#4"}
    # a transcript's turns are one text each; a deliverable's turn too
    assert text["soir/restitution.vtt#2"] == "soir/restitution.vtt#2"
    assert text["soir/livrable.docx#2"] == "soir/livrable.docx#2"
    assert {text[f"soir/livrable.docx#{k}"] for k in range(3, 8)} == {"soir/livrable.docx#3"}
    # a text never spans two speakers, and its id is the id of its first segment
    for tid, rows in seg.groupby("text_id"):
        assert rows["speaker"].nunique() <= 1
        assert rows.index[0] == tid


def test_headings_open_new_texts(tmp_path):
    event = make_event(tmp_path)
    (event / "matin" / "sections.md").write_text(
        "Intro sans titre.\n\n# Partie A\n\nUn.\n\nDeux.\n\nPartie B\n--------\n\nTrois.\n",
        encoding="utf-8")
    seg = read_event(event).segments
    rows = seg.loc[seg["source"] == "matin/sections.md"]
    assert rows["text"].tolist() == ["Intro sans titre.", "Un.", "Deux.", "Trois."]
    assert rows["text_id"].tolist() == ["matin/sections.md#1", "matin/sections.md#2",
                                        "matin/sections.md#2", "matin/sections.md#4"]


def test_report(event):
    report = event.report
    assert [f["path"] for f in report["read"]] == [
        "annexes/retours.csv", "matin/notes.txt", "matin/table-1.md", "soir/livrable.docx",
        "soir/postits.csv", "soir/restitution.vtt"]
    by_path = {f["path"]: f for f in report["read"]}
    assert by_path["matin/notes.txt"] | {} == {
        "path": "matin/notes.txt", "format": ".txt", "segments": 2, "session": "matin",
        "kind": "notes", "encoding": "cp1252", "newline": "CRLF", "texts": 1}
    assert by_path["soir/postits.csv"]["encoding"] == "utf-8-sig"
    assert by_path["annexes/retours.csv"]["session"] == "matin;soir"
    assert by_path["matin/table-1.md"]["headings_skipped"] == 1
    assert report["ignored"] == [
        {"path": ".DS_Store", "reason": "hidden file", "code": "ignore.hidden_file"},
        {"path": "README.md", "reason": "README: documentation of the event folder",
         "code": "ignore.readme"}]
    assert report["skipped"] == [] and report["warnings"] == []
    assert report["pseudonymisation"] == {"participants": 5, "speakers_identified": 4,
                                          "speakers_unknown": 1, "people_mentioned_unknown": 0}
    assert report["totals"]["segments"] == len(event.segments) == sum(
        f["segments"] for f in report["read"])
    assert report["totals"]["segments_by_session"] == (
        event.segments["session"].value_counts().reindex(["matin", "soir"]).to_dict())
    assert [c["path"] for c in report["config"]] == ["event.yaml", "participants.csv", "codebook.yaml"]


def test_every_file_is_accounted_for(event, event_dir):
    report = event.report
    listed = {f["path"] for f in report["read"] + report["skipped"] + report["ignored"]}
    listed |= {c["path"] for c in report["config"]}
    assert listed == set(_hashes(event_dir))


# --- outputs --------------------------------------------------------------------------------------

def test_write_ingest(event, tmp_path):
    out = tmp_path / "out"
    with atomic_output_dir(out) as staging:
        written = write_ingest(event, staging)
    assert [p.name for p in written] == ["segments.parquet", "ingest_report.json"]
    table = pq.read_table(out / "segments.parquet")
    assert table.column_names == SEGMENT_COLUMNS + ["category", "variables"]
    assert {str(t) for n, t in zip(table.column_names, table.schema.types) if n != "line"} == {"string"}
    assert str(table.schema.field("line").type) == "int32"
    back = pd.read_parquet(out / "segments.parquet")
    assert back.astype({"line": "int64"}).equals(event.segments)
    text = (out / "ingest_report.json").read_text(encoding="utf-8")
    assert json.loads(text) == event.report
    assert text == json.dumps(event.report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_outputs_are_deterministic(event_dir, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    write_ingest(read_event(event_dir), first)
    write_ingest(read_event(event_dir), second)
    assert _hashes(first) == _hashes(second)


def test_nothing_personal_reaches_the_outputs(event, tmp_path):
    write_ingest(event, tmp_path)
    blob = (tmp_path / "ingest_report.json").read_text(encoding="utf-8")
    blob += pd.read_parquet(tmp_path / "segments.parquet").to_csv()
    leaks = [s for s in PLANTED if s.lower() in blob.lower()]
    assert leaks == []


def test_raw_folder_is_left_byte_identical(event_dir, tmp_path):
    before = _hashes(event_dir)
    stamps = {p: p.stat().st_mtime_ns for p in event_dir.rglob("*")}
    write_ingest(read_event(event_dir), tmp_path)
    assert _hashes(event_dir) == before
    assert {p: p.stat().st_mtime_ns for p in event_dir.rglob("*")} == stamps


# --- bad input ------------------------------------------------------------------------------------

BAD_FILES = {
    "undecodable": ("matin/binaire.txt", b"\x00\x01\x02\x03 binary \xff\xfe\x00", "cannot decode"),
    "front matter": ("matin/fm.md", "---\nsession: [matin\n---\nTexte\n", "malformed front matter"),
    "unknown session": ("matin/autre.md", "---\nsession: nuit\n---\nTexte\n",
                        "unknown session 'nuit'; valid session ids: matin, soir"),
    "no session": ("divers/x.md", "Texte\n",
                   "session unknown: first folder 'divers' is no session id.*valid session ids: "
                   "matin, soir"),
    "no session at root": ("x.md", "Texte\n", "session unknown: .*valid session ids: matin, soir"),
    "unknown csv session": ("annexes/p.csv", "text,session\nA,matin\nB,nuit\n",
                            r"unknown session 'nuit' \(line 3\)"),
    "corrupt docx": ("soir/cassé.docx", b"not a zip file at all", "corrupt or unreadable Word"),
    "corrupt odt": ("soir/cassé.odt", b"PK\x03\x04broken", "corrupt or unreadable OpenDocument"),
    "corrupt pdf": ("soir/cassé.pdf", b"%PDF-1.4\nrubbish", "corrupt or unreadable PDF"),
    "unsupported": ("soir/photo.jpg", b"\xff\xd8\xff\xe0", r"unsupported format '\.jpg'"),
    "csv without text": ("soir/votes.csv", "idée;votes\nA;3\n", "no 'text' column"),
    "bad kind": ("soir/k.md", "---\nkind: deux mots\n---\nTexte\n", "invalid kind"),
}


def _plant(event_dir: Path, name: str) -> str:
    path, content, _ = BAD_FILES[name]
    target = event_dir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_each_bad_file_is_reported_with_its_reason(event_dir, name):
    path = _plant(event_dir, name)
    with pytest.raises(InvalidInputError) as info:
        read_event(event_dir)
    assert len(info.value.problems) == 1
    where, reason = info.value.problems[0]
    assert where == path
    assert pytest.importorskip("re").search(BAD_FILES[name][2], reason), reason
    assert path in str(info.value) and "skip_invalid=True" in str(info.value)
    assert info.value.__cause__ is None and info.value.__context__ is None


def test_all_bad_files_are_listed_at_once_and_skippable(event_dir, tmp_path):
    paths = sorted(_plant(event_dir, name) for name in BAD_FILES)
    with pytest.raises(InvalidInputError) as info:
        read_event(event_dir)
    assert sorted(p for p, _ in info.value.problems) == paths
    event = read_event(event_dir, skip_invalid=True)
    assert [s["path"] for s in event.report["skipped"]] == paths
    assert all(s["reason"] for s in event.report["skipped"])
    assert event.report["totals"]["files_skipped"] == len(paths)
    assert not event.segments["source"].isin(paths).any()
    assert len(event.segments) == len(read_event(make_event(tmp_path / "clean")).segments)


@pytest.mark.parametrize("skip_invalid", [False, True])
def test_empty_files_are_skipped_with_a_warning(event_dir, skip_invalid):
    write(event_dir / "matin" / "vide.md", "")
    write(event_dir / "matin" / "titres.md", "# Seulement un titre\n\n## Et un autre\n")
    report = read_event(event_dir, skip_invalid=skip_invalid).report
    assert report["skipped"] == [
        {"path": "matin/titres.md", "reason": "no text", "code": "skip.no_text"},
        {"path": "matin/vide.md", "reason": "empty file", "code": "skip.empty_file"}]
    assert [w["path"] for w in report["warnings"]] == ["matin/titres.md", "matin/vide.md"]


@pytest.mark.parametrize("content, reason", [
    ("id: x\ntitle: t\ndate: 2020-01-01\n", "missing required key.*sessions"),
    ("id: x\ntitle: t\ndate: 2020-01-01\nsessions:\n  - id: a\n    start: '9h30'\n    title: A\n",
     "start '9h30' is not a time"),
    ("id: x\ntitle: t\ndate: 2020-01-01\nsessions:\n  - id: a\n    title: A\n", "lacks.*start"),
    ("id: x\ntitle: t\ndate: 2020-01-01\nsessions:\n  - {id: a, start: '09:00', title: A}\n"
     "  - {id: a, start: '10:00', title: B}\n", "duplicate session id"),
    ("id: [x\n", "malformed YAML at line"),
    ("- a\n- b\n", "expected a mapping"),
])
def test_bad_event_yaml(event_dir, content, reason):
    write(event_dir / "event.yaml", content)
    for skip in (False, True):
        with pytest.raises(InvalidInputError) as info:
            read_event(event_dir, skip_invalid=skip)
        assert info.value.problems[0][0] == "event.yaml"
        assert pytest.importorskip("re").search(reason, info.value.problems[0][1])


def test_yaml_time_without_quotes_is_accepted(event_dir):
    # YAML 1.1 reads an unquoted 18:00 as the sexagesimal integer 1080
    text = (event_dir / "event.yaml").read_text(encoding="utf-8").replace('"18:00"', "18:00")
    write(event_dir / "event.yaml", text)
    assert read_event(event_dir).sessions["start"].tolist() == ["09:30", "18:00"]


def test_missing_event_yaml_and_folder(event_dir, tmp_path):
    (event_dir / "event.yaml").unlink()
    with pytest.raises(InvalidInputError, match="event.yaml: missing"):
        read_event(event_dir)
    with pytest.raises(InvalidInputError, match="event folder not found"):
        read_event(tmp_path / "nowhere")


def test_bad_participants_stop_even_with_skip_invalid(event_dir):
    write(event_dir / "participants.csv", "nom;email\nA;a@b.fr\n")
    with pytest.raises(InvalidInputError, match="participants.csv: no 'name' column"):
        read_event(event_dir, skip_invalid=True)


def test_bad_codebook(event_dir):
    write(event_dir / "codebook.yaml", "themes:\n  accueil:\n    terms: [accueil]\n")
    with pytest.raises(InvalidInputError, match="codebook.yaml: theme 'accueil' needs a 'label'"):
        read_event(event_dir)
    event = read_event(event_dir, skip_invalid=True)
    assert event.codebook is None
    assert event.report["skipped"][0]["path"] == "codebook.yaml"


def test_participants_in_cp1252_with_commas(event_dir):
    text = (event_dir / "participants.csv").read_text(encoding="utf-8").replace(";", ",")
    write(event_dir / "participants.csv", text, encoding="cp1252", newline="\r\n")
    event = read_event(event_dir)
    assert event.report["config"][1] == {"path": "participants.csv", "role": "participants",
                                         "encoding": "cp1252", "rows": 5}
    assert event.segments.loc[0, "text"] == "Très bonne matinée"
    assert "Élue 1" in set(event.segments["speaker"])


# --- the bundled sample event ----------------------------------------------------------------------

def test_sample_event(sample_event_dir, tmp_path):
    if not sample_event_dir.is_dir() or not any(p.is_dir() for p in sample_event_dir.iterdir()):
        pytest.skip("data/raw/rennes-2019-11-28 has no session folders yet")
    before = _hashes(sample_event_dir)
    event = read_event(sample_event_dir)
    write_ingest(event, tmp_path)
    assert _hashes(sample_event_dir) == before
    seg = event.segments
    assert len(seg) > 100 and seg["segment_id"].is_unique
    assert set(seg["session"]) <= set(event.sessions["session"])
    assert {"notes", "livrable", "transcription", "postit"} <= set(seg["kind"])
    assert event.report["skipped"] == []
    assert {i["path"] for i in event.report["ignored"]} >= {"README.md"}
    participants = pd.read_csv(sample_event_dir / "participants.csv", sep=";", dtype=str)
    blob = (tmp_path / "ingest_report.json").read_text(encoding="utf-8")
    blob += pd.read_parquet(tmp_path / "segments.parquet").to_csv()
    for column in ("name", "email", "phone"):
        leaked = [v for v in participants[column].dropna() if v in blob]
        assert leaked == [], column
    assert seg["speaker"].ne("").sum() > 0 and seg["profile"].ne("").sum() > 0
