"""Every bundled sample event under data/raw: it reads whole, and its planted personal data never
reaches the segments. (The whole chain on the first sample is in test_pipeline.py.)"""
from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from insights.read import read_event, write_ingest
from insights.readers import reader_for

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
EVENTS = sorted(p for p in RAW.iterdir() if (p / "event.yaml").is_file())
CONFIG = {"event.yaml", "participants.csv", "codebook.yaml"}
TOOLS = RAW.parents[1] / "tools"


def test_the_programme_has_two_sample_events():
    assert {"rennes-2019-11-28", "aubusson-2020-02-06"} <= {p.name for p in EVENTS}


@pytest.fixture(scope="module", params=EVENTS, ids=lambda p: p.name)
def ingested(request, tmp_path_factory):
    """(event folder, Event, segments as written by the ingest)."""
    event = read_event(request.param)
    out = tmp_path_factory.mktemp(request.param.name)
    write_ingest(event, out)
    return request.param, event, pd.read_parquet(out / "segments.parquet")


def test_every_file_is_read_with_no_warning(ingested):
    folder, event, segments = ingested
    assert event.id == folder.name
    report = event.report
    assert report["skipped"] == [] and report["warnings"] == []
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    read = {f["path"] for f in report["read"]}
    ignored = {f["path"] for f in report["ignored"]}
    assert ignored == {"README.md"}
    assert on_disk == read | ignored | (CONFIG & on_disk)
    assert all(f["segments"] > 0 for f in report["read"])
    assert set(segments["source"]) == read
    assert {"notes", "livrable", "transcription", "postit", "questionnaire"} <= set(segments["kind"])


def _participants(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "participants.csv", sep=";", dtype=str).fillna("")


def _fold(text: str) -> str:
    """Lower case, no accents, « œ » as « oe »: the forms a note-taker may type a name in."""
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _near(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 60): match.end() + 60]


def test_planted_personal_data_never_reaches_segments(ingested):
    folder, event, segments = ingested
    people = _participants(folder)
    blob = segments.astype(str).to_csv()
    folded = _fold(blob)
    for column in ("name", "email"):
        leaked = [v for v in people[column] if v and _fold(v) in folded]
        assert leaked == [], column
    for name in people["name"]:
        first, *rest = name.split()
        # a first name may be an ordinary word (« claire »): only its capitalised form is a name
        hit = re.search(r"(?<!\w)" + re.escape(first) + r"(?!\w)", blob)
        assert hit is None, (first, _near(blob, hit))
        last = _fold(" ".join(rest))
        # a name inside a hyphenated compound is another word (« Clermont-Ferrand » is a city,
        # not Hugo Ferrand): the pseudonymiser leaves it, as it leaves « Jean » in « Jean-Claude »
        hit = re.search(r"(?<![\w\-])" + re.escape(last).replace(r"\ ", r"[\s\-]+")
                        + r"(?!\w)(?!-\w)", folded)
        assert hit is None, (last, _near(folded, hit))
    for phone in people["phone"]:
        digits = re.sub(r"\D", "", phone)[-9:]
        if digits:
            hit = re.search(r"\D{0,3}".join(digits), blob)
            assert hit is None, (phone, _near(blob, hit))
    # whoever they belong to: no address and no phone-like number survive the ingest
    assert "@" not in blob
    hit = re.search(r"(?<!\d)(?:\+33|0)\D{0,3}[1-9](?:\D{0,3}\d{2}){4}(?!\d)", blob)
    assert hit is None, _near(blob, hit)
    # and there was something to remove: names, e-mails and phones are planted in the texts
    texts = " ".join(segments["text"])
    assert "[courriel]" in texts and "[téléphone]" in texts
    pseudonyms = {p for p in people["pseudonym"] if p}
    assert pseudonyms and all(p in texts for p in pseudonyms)


def test_speakers_are_pseudonyms(ingested):
    folder, event, segments = ingested
    people = _participants(folder)
    speakers = set(segments["speaker"]) - {""}
    assert len(speakers) >= 10
    assert not speakers & set(people["name"])
    assert speakers <= set(event.pseudonyms)


def test_the_second_sample_reuses_pseudonyms_of_the_first():
    """Different people carry the same pseudonym in two events: a programme must keep them apart."""
    rennes, aubusson = (_participants(RAW / e) for e in ("rennes-2019-11-28", "aubusson-2020-02-06"))
    shared = set(rennes["pseudonym"]) & set(aubusson["pseudonym"]) - {""}
    assert {"Élue 1", "Élu 2"} <= shared
    assert not set(rennes["name"]) & set(aubusson["name"])


def test_bundled_deliverables_are_what_the_tool_writes(tmp_path):
    """The .docx/.odt/.pdf under data/raw hold the text of tools/sample_*_deliverables.py."""
    sys.path.insert(0, str(TOOLS))
    try:
        import build_sample_afternoon as build
    finally:
        sys.path.remove(str(TOOLS))
    for sample_id, sample in build.SAMPLES.items():
        subprocess.run([sys.executable, str(TOOLS / "build_sample_afternoon.py"),
                        str(tmp_path / sample_id)], check=True)
        for _, name, _ in sample.files:
            bundled = RAW / sample_id / sample.folder / name
            rebuilt = tmp_path / sample_id / sample.folder / name
            read = reader_for(bundled)
            assert [b.text for b in read(rebuilt).blocks] == [b.text for b in read(bundled).blocks]
