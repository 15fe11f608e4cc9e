"""Active and supplementary forms: lists, event overrides, the form column, who uses it."""
from __future__ import annotations

import pandas as pd
import pytest

from insights import charts
from insights.annotate import annotate
from insights.errors import InvalidArgumentError
from insights.forms import (
    ACTIVE,
    EVENT_CLASS,
    FORM_CLASSES,
    default_supplementary,
    form_of,
    form_summary,
    is_active,
    normalise_supplementary,
    supplementary_forms,
)
from insights.read import read_event
from insights.terms import count_terms, term_matrix, top_terms_by
from insights.vectorize import doc_term_matrix


def test_default_lists_ship_as_package_data():
    lists = default_supplementary()
    assert tuple(lists) == FORM_CLASSES
    for word in ["être", "avoir", "faire", "aller", "venir", "falloir", "pouvoir", "devoir",
                 "vouloir", "voir", "passer", "dire", "mettre", "prendre", "savoir"]:
        assert word in lists["generic_verb"], word
    assert {"an", "heure", "minute", "fois"} <= set(lists["time_unit"])
    assert {"paperboard", "post-it", "gommette", "feutre", "salle"} <= set(
        lists["workshop_logistics"])


def test_form_of_ignores_case_and_accents_and_whole_terms_only():
    table = supplementary_forms()
    assert form_of("Être", table) == "generic_verb"
    assert form_of("apres-midi", table) == "time_unit"
    assert form_of("Post-it", table) == "workshop_logistics"
    assert form_of("tour de table", table) == "workshop_logistics"
    assert form_of("salle commune", table) == ACTIVE  # a multi-word term is never split
    assert form_of("accueil", table) == ACTIVE


def test_event_adds_and_removes_words():
    table = supplementary_forms(["goûter"], active=["Salle", "venir"])
    assert form_of("goûter", table) == EVENT_CLASS
    assert form_of("salle", table) == ACTIVE and form_of("venir", table) == ACTIVE
    table = supplementary_forms({"lieu_evenement": ["espace social commun"]})
    assert form_of("espace social commun", table) == "lieu_evenement"
    assert supplementary_forms(defaults=False) == {}


@pytest.mark.parametrize("bad", ["venir", {"Active": ["x"]}, {"active": ["x"]}, {"ok": "x"},
                                 {"ok": [""]}, 3])
def test_bad_lists_are_clear_errors(bad):
    with pytest.raises(InvalidArgumentError, match="supplementary"):
        normalise_supplementary(bad)


SEGMENTS = pd.DataFrame({
    "segment_id": ["s1", "s2", "s3"],
    "session": ["matin", "matin", "soir"],
    "text": [
        "Il faut venir une heure au centre social avec un paperboard.",
        "On va voir le centre social pendant une heure, puis l’accueil.",
        "Le centre social fait l’accueil des habitants, chaque fois.",
    ],
})


@pytest.fixture(scope="module")
def tokens(nlp):
    return annotate(SEGMENTS, min_df=2, min_llr=0.0)


def test_tokens_and_terms_carry_the_form(tokens):
    counted = tokens[tokens["term"].notna()]
    assert counted["form"].notna().all() and tokens.loc[tokens["term"].isna(), "form"].isna().all()
    form = dict(zip(counted["term"], counted["form"]))
    assert form["venir"] == "generic_verb" and form["heure"] == "time_unit"
    assert form["paperboard"] == "workshop_logistics" and form["accueil"] == ACTIVE
    assert form["centre social"] == ACTIVE  # multi-word terms and forms together
    terms = count_terms(tokens, SEGMENTS).set_index("term")
    assert terms.loc["heure", "frequency"] == 2 and terms.loc["heure", "form"] == "time_unit"
    assert terms.loc["centre social", "form"] == ACTIVE


def test_event_lists_reach_the_token_table(nlp):
    out = annotate(SEGMENTS, supplementary={"lieu": ["accueil"]}, active=["heure"])
    form = dict(zip(out["term"].dropna(), out.loc[out["term"].notna(), "form"]))
    assert form["accueil"] == "lieu" and form["heure"] == ACTIVE
    with pytest.raises(InvalidArgumentError, match="active"):
        annotate(SEGMENTS, active="heure")


def test_count_terms_classifies_a_table_without_form_column(tokens):
    terms = count_terms(tokens.drop(columns="form"), SEGMENTS).set_index("term")
    assert terms.loc["venir", "form"] == "generic_verb"


def test_supplementary_forms_never_drive_themes_or_top_terms(tokens):
    _, _, cols = doc_term_matrix(tokens)  # the matrix of NMF, Reinert and similarity
    assert "centre social" in cols and "accueil" in cols
    assert not {"venir", "heure", "paperboard", "voir"} & set(cols)
    _, _, every = term_matrix(tokens)  # every form, as the specificities count them
    assert {"venir", "heure"} <= set(every)
    top = top_terms_by(tokens, SEGMENTS, by="session", n_terms=10)
    assert set(top["term"]) <= set(cols)
    terms = count_terms(tokens, SEGMENTS)
    assert set(charts.top_terms_table(terms, n=20)["term"]) <= set(cols)
    assert set(charts.cloud_frequencies(terms)) <= set(cols)
    per_session = charts.session_term_frequencies(tokens, SEGMENTS)
    assert set(per_session["term"]) <= set(cols)


def test_is_active_and_form_summary(tokens):
    terms = count_terms(tokens, SEGMENTS)
    assert is_active(terms).sum() == (terms["form"] == ACTIVE).sum()
    assert is_active(terms.drop(columns="form")).all()
    summary = form_summary(terms)
    assert summary["form"].iloc[0] == ACTIVE
    assert summary["frequency"].sum() == terms["frequency"].sum()
    row = summary.set_index("form").loc["time_unit"]
    assert row["label"] == "unité de temps" and row["examples"].split(";")[0] == "heure"


def _event(tmp_path, extra: str):
    folder = tmp_path / "demo-2020-01-01"
    (folder / "matin").mkdir(parents=True)
    (folder / "event.yaml").write_text(
        "id: demo-2020-01-01\ntitle: Démo\ndate: 2020-01-01\n"
        "sessions:\n  - {id: matin, start: '09:00', title: Matin}\n" + extra, encoding="utf-8")
    (folder / "matin" / "notes.md").write_text("On parle du goûter et de la salle.\n",
                                               encoding="utf-8")
    return folder


def test_event_yaml_keys(tmp_path):
    event = read_event(_event(tmp_path, "supplementary: [goûter]\nactive: [salle]\n"))
    assert event.supplementary == {EVENT_CLASS: ["goûter"]} and event.active == ["salle"]
    from insights.pipeline import annotate_event

    tok = annotate_event(event)
    form = dict(zip(tok["term"].dropna(), tok.loc[tok["term"].notna(), "form"]))
    assert form["goûter"] == EVENT_CLASS and form["salle"] == ACTIVE


def test_bad_event_yaml_keys_name_the_file(tmp_path):
    from insights.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match=r"event\.yaml.*active"):
        read_event(_event(tmp_path, "active: salle\n"))
