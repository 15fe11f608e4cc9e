"""Several events read, analysed and reported together (insights.programme and its report)."""
from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from fixtures_programme import PLANTED, make_alpha, make_beta
from insights import cli, programme_charts
from insights.errors import InvalidArgumentError, InvalidInputError
from insights.programme import (
    EVENT_COLUMNS,
    event_label,
    local_speaker,
    merge_codebooks,
    qualify_speaker,
    read_programme,
)
from insights.programme_analysis import (
    PROGRAMME_QUOTE_COLUMNS,
    analyse_programme,
    event_scope,
    run_programme,
    scope_label,
    theme_by_event,
)
from insights.schema import THEME_COLUMNS, ThemeResult

BETA, ALPHA = "beta-2020-05-10", "alpha-2021-03-01"
OUTPUT_FILES = ["ingest_report.json", "segments.parquet", "events.csv", "terms.csv",
                "themes.csv", "theme_by_event.csv", "specificities.csv", "quotes.csv",
                "programme.md", "programme.html", "programme.docx"]


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("raw")
    make_alpha(root)
    make_beta(root)
    return root


@pytest.fixture(scope="module")
def programme(raw):
    # given in the wrong order: the programme orders them by date
    return read_programme([raw / ALPHA, raw / BETA])


@pytest.fixture(scope="module")
def written(raw, tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("programme") / "out"
    analysis = run_programme([raw / ALPHA, raw / BETA], out,
                             cache_dir=tmp_path_factory.mktemp("cache"))
    return analysis, out


# --------------------------------------------------------------------------- reading
def test_events_are_ordered_by_date_and_ids_are_unique(programme):
    assert programme.ids == [BETA, ALPHA]
    assert list(programme.table["event"]) == [BETA, ALPHA]
    seg = programme.segments
    assert seg["segment_id"].is_unique
    assert all(s.startswith(f"{e}/") for s, e in zip(seg["segment_id"], seg["event"]))
    assert all(t.startswith(f"{e}/") for t, e in zip(seg["text_id"], seg["event"]))
    assert set(seg["text_id"]) <= set(seg["segment_id"])  # a text id is its first segment's


def test_events_table(programme):
    table = programme.table
    assert list(table.columns) == EVENT_COLUMNS
    beta = programme.events[0]
    row = table.iloc[0]
    assert row["segments"] == len(beta.segments)
    assert row["words"] > row["segments"] and row["participants"] == 1
    assert row["date"] == "2020-05-10" and row["place"].endswith("(Creuse)")


def test_colliding_pseudonyms_never_collide_in_the_programme(programme):
    speakers = set(programme.segments["speaker"]) - {""}
    assert {f"Élue 1 ({BETA})", f"Élue 1 ({ALPHA})"} <= speakers
    for event in programme.events:  # each event keeps its own pseudonyms
        assert "Élue 1" in set(event.segments["speaker"])
        mine = programme.segments[programme.segments["event"] == event.id]
        assert {local_speaker(s, event.id) for s in mine["speaker"]} == \
            set(event.segments["speaker"])
    assert qualify_speaker("", BETA) == "" and local_speaker("Élu 2", BETA) == "Élu 2"
    shared = programme.shared_pseudonyms()
    row = shared[shared["pseudonym"] == "Élue 1"].iloc[0]
    assert row["events"] == 2
    assert row["speakers"] == f"Élue 1 ({BETA}); Élue 1 ({ALPHA})"


def test_each_event_keeps_its_own_session_ids(programme):
    sessions = programme.sessions
    assert list(sessions.columns) == ["event", "session", "title", "start", "order"]
    assert sessions.groupby("event")["session"].apply(list).to_dict() == {
        BETA: ["accueil", "chantiers"], ALPHA: ["matin", "chantiers"]}
    pairs = set(zip(programme.segments["event"], programme.segments["session"]))
    assert pairs == set(zip(sessions["event"], sessions["session"]))


def test_codebook_is_the_union_of_the_events_with_a_note_on_labels(programme):
    book = programme.codebook
    assert list(book) == ["accueil", "mobilite", "friches"]
    assert book["accueil"]["label"] == "Postures d'accueil"  # the earlier event's label
    assert book["accueil"]["terms"] == ["accueil", "accueillir", "pas de porte"]
    assert programme.codebook_source == "events"
    assert any("accueil" in n and "Accueil" in n for n in programme.notes)


def test_merge_codebooks_without_any_codebook():
    assert merge_codebooks([("a", None), ("b", None)]) == ({}, [])


def test_stop_words_and_forms_of_every_event_are_combined(tmp_path):
    one = make_beta(tmp_path / "a", codebook=False)
    two = make_alpha(tmp_path / "b", codebook=False)
    with (one / "event.yaml").open("a", encoding="utf-8") as f:
        f.write("stopwords: [chose]\nsupplementary: [navette]\n")
    with (two / "event.yaml").open("a", encoding="utf-8") as f:
        f.write("stopwords: [truc, chose]\nactive: [faire]\n"
                "supplementary: {lieu_dit: [quartier]}\n")
    combined = read_programme([one, two]).combined
    assert combined.stopwords == ["chose", "truc"]
    assert combined.supplementary == {"lieu_dit": ["quartier"], "supplementary": ["navette"]}
    assert combined.active == ["faire"]
    assert combined.codebook is None


def test_a_programme_grid_replaces_the_union(raw, tmp_path):
    grid = tmp_path / "grille.yaml"
    grid.write_text("themes:\n  jardin:\n    label: Jardins\n    terms: [jardin]\n",
                    encoding="utf-8")
    prog = read_programme([raw / ALPHA, raw / BETA], codebook=grid)
    assert list(prog.codebook) == ["jardin"] and prog.codebook_source == str(grid)
    bad = tmp_path / "bad.yaml"
    bad.write_text("themes: [oops]\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="bad.yaml"):
        read_programme([raw / ALPHA], codebook=bad)


def test_a_programme_of_one_event(raw):
    prog = read_programme([raw / ALPHA])
    assert prog.ids == [ALPHA] and len(prog.table) == 1
    assert prog.segments["segment_id"].str.startswith(f"{ALPHA}/").all()


@pytest.mark.parametrize("second", ["same", "slash", "relative", "symlink"])
def test_an_event_given_twice_is_a_clear_error(raw, tmp_path, monkeypatch, second):
    first = raw / ALPHA
    if second == "same":
        other = first
    elif second == "slash":
        other = Path(str(first) + os.sep)
    elif second == "relative":
        monkeypatch.chdir(raw)
        other = Path(ALPHA)
    else:
        other = tmp_path / "lien"
        other.symlink_to(first, target_is_directory=True)
    with pytest.raises(InvalidArgumentError, match="given twice"):
        read_programme([first, raw / BETA, other])


def test_two_folders_holding_one_event_is_a_clear_error(raw, tmp_path):
    copy = tmp_path / "copie"
    shutil.copytree(raw / ALPHA, copy)
    with pytest.raises(InvalidArgumentError, match=f"event '{ALPHA}' is given twice"):
        read_programme([raw / ALPHA, copy])


def test_bad_arguments_and_bad_dates(raw, tmp_path):
    with pytest.raises(InvalidArgumentError, match="event_dirs"):
        read_programme([])
    with pytest.raises(InvalidArgumentError, match="event_dirs"):
        read_programme(str(raw / ALPHA))
    event = make_beta(tmp_path, folder="undated")
    text = (event / "event.yaml").read_text(encoding="utf-8")
    (event / "event.yaml").write_text(text.replace("2020-05-10", "printemps 2020"),
                                      encoding="utf-8")
    with pytest.raises(InvalidInputError, match="event.yaml.*YYYY-MM-DD"):
        read_programme([event, raw / ALPHA])


def test_bad_files_of_every_event_are_listed_together(raw, tmp_path):
    one = make_beta(tmp_path / "a", codebook=False)
    two = make_alpha(tmp_path / "b", codebook=False)
    (one / "ailleurs.md").write_text("Sans session.\n", encoding="utf-8")
    (two / "matin" / "vide.pdf").write_bytes(b"%PDF-broken")
    with pytest.raises(InvalidInputError) as err:
        read_programme([one, two])
    paths = [p for p, _ in err.value.problems]
    assert str(one / "ailleurs.md") in paths and str(two / "matin" / "vide.pdf") in paths
    prog = read_programme([one, two], skip_invalid=True)
    assert prog.combined.report["totals"]["files_skipped"] == 2


def test_two_events_at_one_place_on_one_day_keep_distinct_labels(raw, tmp_path):
    twin = make_beta(tmp_path, folder="twin", event_id="beta-bis")
    prog = read_programme([raw / BETA, twin])
    assert prog.labels == {BETA: f"Bourg-Neuf — {BETA} (10/05/2020)",
                           "beta-bis": "Bourg-Neuf — beta-bis (10/05/2020)"}
    axis = programme_charts.events_as_sessions(prog.table, prog.labels)
    assert axis["start"].tolist() == ["10/05/2020", "10/05/2020"]


def test_event_label():
    assert event_label({"place": "Salle polyvalente, Aubusson (Creuse)",
                        "date": "2020-02-06"}) == "Aubusson (06/02/2020)"
    assert event_label({"id": "x-1"}, "x-1") == "x-1"


# --------------------------------------------------------------------------- the rule
@pytest.mark.parametrize("shares, scope, strong", [
    ({"a": 0.10, "b": 0.05}, "shared", ["a", "b"]),           # 0.05 >= 0.10 / 3
    ({"a": 0.10, "b": 0.02}, "dominant", ["a"]),              # 0.02 < 0.10/3 but >= 0.10/10
    ({"a": 0.001, "b": 0.30}, "particular", ["b"]),           # 0.001 < 0.30 / 10
    ({"a": 0.0, "b": 0.12}, "particular", ["b"]),
    ({"a": 0.2, "b": 0.1, "c": 0.0}, "partial", ["a", "b"]),
    ({"a": 0.2, "b": 0.1, "c": 0.01}, "partial", ["a", "b"]),
    ({"a": 0.0, "b": 0.0}, "absent", []),
    ({"a": 0.4}, "single", ["a"]),
])
def test_event_scope_by_hand(shares, scope, strong):
    assert event_scope(pd.Series(shares)) == (scope, strong)


def test_event_scope_settings_and_labels():
    assert event_scope(pd.Series({"a": 0.1, "b": 0.02}), shared_ratio=5)[0] == "shared"
    with pytest.raises(InvalidArgumentError, match="shared_ratio"):
        event_scope(pd.Series({"a": 0.1}), shared_ratio=0.5)
    with pytest.raises(InvalidArgumentError, match="particular_ratio"):
        event_scope(pd.Series({"a": 0.1}), shared_ratio=4, particular_ratio=2)
    labels = {"a": "Ici (01/01/2020)"}
    assert scope_label("particular", ["a"], labels) == "propre à Ici (01/01/2020)"
    assert scope_label("dominant", ["a"], labels) == "surtout présent à Ici (01/01/2020)"
    assert scope_label("shared", ["a", "b"], labels) == "commun à tous les ateliers"


def test_theme_by_event_against_a_count_by_hand():
    segments = pd.DataFrame({"segment_id": list("abcde"), "event": ["x", "x", "x", "y", "y"]})
    result = ThemeResult(
        pd.DataFrame({"theme": ["t"], "label": ["Thème"], "method": ["codebook"],
                      "top_terms": [["mot"]]}),
        pd.DataFrame({"segment_id": ["a", "d", "e"], "theme": "t", "method": "codebook",
                      "weight": 1.0}))
    table = theme_by_event(result, segments, ["y", "x", "z"])
    assert list(table.columns) == ["theme", "method", "label", "y", "x", "z"]
    assert table.loc[0, ["y", "x", "z"]].tolist() == [1.0, round(1 / 3, 4), 0.0]


# --------------------------------------------------------------------------- the analysis
def test_a_theme_particular_to_one_event_weighs_more_there(written):
    analysis, out = written
    by_event = pd.read_csv(out / "theme_by_event.csv")
    assert list(by_event.columns) == ["theme", "method", "label", BETA, ALPHA]
    row = by_event[(by_event["method"] == "codebook") & (by_event["theme"] == "mobilite")]
    assert row[BETA].item() > row[ALPHA].item()
    row = by_event[(by_event["method"] == "codebook") & (by_event["theme"] == "friches")]
    assert row[ALPHA].item() > 0 and row[BETA].item() == 0
    themes = pd.read_csv(out / "themes.csv").set_index(["method", "theme"])
    assert themes.loc[("codebook", "friches"), "scope"] == "particular"
    assert themes.loc[("codebook", "friches"), "peak_event"] == ALPHA
    assert themes.loc[("codebook", "accueil"), "events"] == 2


def test_outputs_follow_the_contract(written):
    analysis, out = written
    for name in OUTPUT_FILES:
        assert (out / name).is_file(), name
    pngs = sorted(p.stem for p in (out / "figures").glob("*.png"))
    assert pngs == sorted(p.stem for p in (out / "figures").glob("*.svg"))
    assert {"events-overview", "themes-by-event-codebook", "theme-spread-codebook",
            "specificities-event"} <= set(pngs)
    assert list(pd.read_csv(out / "events.csv").columns) == EVENT_COLUMNS
    themes = pd.read_csv(out / "themes.csv")
    assert list(themes.columns[: len(THEME_COLUMNS)]) == THEME_COLUMNS
    quotes = pd.read_csv(out / "quotes.csv", keep_default_na=False)
    assert list(quotes.columns) == PROGRAMME_QUOTE_COLUMNS
    assert set(quotes["event"]) <= {BETA, ALPHA}
    specs = pd.read_csv(out / "specificities.csv")
    assert set(specs["variable"]) == {"event"} and set(specs["value"]) == {BETA, ALPHA}
    report = json.loads((out / "ingest_report.json").read_text(encoding="utf-8"))
    assert report["events"] == [BETA, ALPHA] and set(report["event_reports"]) == {BETA, ALPHA}
    segments = pd.read_parquet(out / "segments.parquet")
    assert segments["segment_id"].is_unique and len(segments) == len(analysis.segments)


def test_sessions_are_counted_per_event(written):
    analysis, _ = written
    themes = analysis.themes.set_index(["method", "theme"])
    # accueil is in « chantiers » of both events: two sessions, not one
    seg = analysis.segments
    coded = analysis.theme_results["codebook"].assignments
    mine = seg[seg["segment_id"].isin(coded.loc[coded["theme"] == "accueil", "segment_id"])]
    assert themes.loc[("codebook", "accueil"), "sessions"] == \
        len(set(zip(mine["event"], mine["session"])))
    assert themes.loc[("codebook", "accueil"), "sessions"] > mine["session"].nunique()


def test_the_report_is_french_and_names_each_event(written):
    _, out = written
    text = (out / "programme.md").read_text(encoding="utf-8")
    for heading in ("Les ateliers en un coup d’œil", "Thèmes communs, thèmes particuliers",
                    "Les thèmes atelier par atelier", "Ce qui distingue chaque atelier",
                    "Les thèmes et leurs citations", "Note de méthode", "**La règle.**"):
        assert heading in text, heading
    assert "Bourg-Neuf (10/05/2020)" in text and "Ville-Haute (01/03/2021)" in text
    assert text.index("Bourg-Neuf (10/05/2020)") < text.index("Ville-Haute (01/03/2021)")
    assert "propre à Ville-Haute (01/03/2021)" in text
    assert "«\u202fÉlue 1\u202f»" in text  # the collision is told to the reader
    html = (out / "programme.html").read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in html and 'src="figures/' not in html
    with zipfile.ZipFile(out / "programme.docx") as docx:
        assert any(n.startswith("word/media/") for n in docx.namelist())


def test_no_personal_data_in_any_output(written):
    _, out = written
    for path in out.rglob("*"):
        if path.suffix in {".csv", ".md", ".html", ".json", ".svg"}:
            text = path.read_text(encoding="utf-8")
            for planted in PLANTED:
                assert planted not in text, (path.name, planted)
    segments = pd.read_parquet(out / "segments.parquet")
    for planted in PLANTED:
        assert not segments["text"].str.contains(planted, regex=False).any()


def test_a_programme_of_one_event_gets_its_report(raw, tmp_path, nlp):
    out = tmp_path / "out"
    analysis = run_programme([raw / ALPHA], out, cache_dir=tmp_path / "cache")
    assert set(analysis.themes["scope"]) <= {"single", "absent"}
    assert list(analysis.theme_by_event.columns) == ["theme", "method", "label", ALPHA]
    assert analysis.specificities.empty
    text = (out / "programme.md").read_text(encoding="utf-8")
    assert "qu’un atelier" in text


def test_theme_table_and_theme_quotes(written):
    analysis, _ = written
    table = analysis.theme_table(method="codebook", scope="particular")
    assert list(table.columns) == ["theme", "method", "label", BETA, ALPHA, "scope", "recurrence"]
    assert set(table["theme"]) >= {"friches"} and set(table["scope"]) == {"particular"}
    assert len(analysis.theme_table()) == len(analysis.themes)
    with pytest.raises(InvalidArgumentError, match="scope"):
        analysis.theme_table(scope="common")
    quotes = analysis.theme_quotes(method="codebook")
    top = analysis.themes[analysis.themes["method"] == "codebook"].sort_values(
        "segments", ascending=False)["theme"].iloc[0]
    assert set(quotes["theme"]) == {top} and list(quotes["rank"]) == sorted(quotes["rank"])
    assert list(quotes.columns) == PROGRAMME_QUOTE_COLUMNS
    with pytest.raises(InvalidArgumentError, match="theme"):
        analysis.theme_quotes("nope")


def test_programme_dirs(tmp_path, monkeypatch):
    from insights import paths

    make_alpha(tmp_path / "data" / "raw")
    make_beta(tmp_path / "data" / "raw")
    (tmp_path / "data" / "raw" / "notes").mkdir()  # no event.yaml: not an event
    monkeypatch.delenv("INSIGHTS_PROGRAMME", raising=False)
    assert [p.name for p in paths.programme_dirs(root=tmp_path)] == [ALPHA, BETA]
    monkeypatch.setenv("INSIGHTS_PROGRAMME", f"{BETA}, {ALPHA}")
    assert [p.name for p in paths.programme_dirs(root=tmp_path)] == [BETA, ALPHA]
    assert [p.name for p in paths.programme_dirs(BETA, root=tmp_path)] == [BETA]


def test_bad_settings_are_refused_before_any_work(programme):
    with pytest.raises(InvalidArgumentError, match="reinert_method"):
        analyse_programme(programme, reinert_method="triple")
    with pytest.raises(InvalidArgumentError, match="shared_ratio"):
        analyse_programme(programme, shared_ratio=20, particular_ratio=10)


# --------------------------------------------------------------------------- command line
def test_cli_programme(raw, tmp_path, capsys, nlp):
    out = tmp_path / "out"
    status = cli.main(["programme", str(raw / BETA), str(raw / ALPHA), "--out", str(out),
                       "--no-cache", "--n-themes", "3"])
    assert status == 0, capsys.readouterr().err
    assert "programme.html" in capsys.readouterr().out
    assert (out / "programme.html").is_file()


def test_out_inside_any_event_folder_is_refused(raw, tmp_path):
    from insights.outputs import OutputError

    with pytest.raises(OutputError, match="event folder"):
        run_programme([raw / BETA, raw / ALPHA], raw / ALPHA / "rapport")
    assert not (raw / ALPHA / "rapport").exists()


def test_cli_event_given_twice_is_one_clear_message(raw, tmp_path, capsys):
    out = tmp_path / "out"
    status = cli.main(["programme", str(raw / BETA), str(raw / BETA), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2 and "given twice" in err and "Traceback" not in err
    assert not out.exists()


# --------------------------------------------------------------------------- charts
def test_chart_tables(programme):
    events = programme.table
    axis = programme_charts.events_as_sessions(events, programme.labels)
    assert axis["session"].tolist() == [BETA, ALPHA]
    assert axis["title"].tolist() == ["Bourg-Neuf", "Ville-Haute"]
    assert axis["start"].tolist() == ["10/05/2020", "01/03/2021"]
    kinds = programme_charts.event_kind_table(programme.segments, events)
    assert kinds.index.tolist() == [BETA, ALPHA]
    assert kinds.sum(axis=1).tolist() == events["segments"].tolist()
    line = programme_charts.programme_source_line(events, "Programme de test")
    assert "2 ateliers (10/05/2020 – 01/03/2021)" in line
    assert line.endswith(f"{events['segments'].sum()} segments")
