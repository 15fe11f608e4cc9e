"""French workshop components: most tests run on spacy.blank("fr"), without a trained model."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

import insights.components  # noqa: F401  (registers the factories)
from insights.components import inclusive_base, straight_apostrophes


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("fr")
    nlp.add_pipe("insights_inclusive", first=True)
    nlp.add_pipe("insights_typography")
    nlp.add_pipe("insights_fixes")
    nlp.add_pipe("insights_fillers")
    return nlp


INCLUSIVE = [
    ("participant·e·s", "participant"), ("participant.e.s", "participant"),
    ("participant-e-s", "participant"), ("participant(e)s", "participant"),
    ("participant/e/s", "participant"), ("élu·e·s", "élu"), ("usager·ère·s", "usager"),
    ("animateur·rice·s", "animateur"), ("acteur·ice·s", "acteur"), ("tous·tes", "tout"),
    ("habitant·es", "habitant"), ("élu.e.s", "élu"), ("animateur.rice.s", "animateur"),
    ("Habitant-es", "habitant"), ("participants·es", "participant"), ("tou·te·s", "tout"),
]


@pytest.mark.parametrize("form,lemma", INCLUSIVE)
def test_inclusive_form_is_one_token_with_base_lemma(blank, form, lemma):
    text = f"Merci aux {form}, vraiment."
    doc = blank(text)
    assert doc.text == text
    matches = [t for t in doc if t.text == form]
    assert len(matches) == 1, [t.text for t in doc]
    token = matches[0]
    assert token.lemma_ == lemma
    assert token._.is_inclusive
    assert text[token.idx:token.idx + len(token)] == form


@pytest.mark.parametrize("form", ["participant.e.s", "participant/e/s", "élu·e·s"])
def test_inclusive_form_at_sentence_end_keeps_final_point_apart(blank, form):
    doc = blank(f"On remercie les {form}.")
    assert [t.text for t in doc][-2:] == [form, "."]


@pytest.mark.parametrize("word", ["peut-être", "donne-le", "sont-elles", "tiers-lieu",
                                  "accueil", "c'est-à-dire", "et/ou"])
def test_not_inclusive(word):
    assert inclusive_base(word) is None


def test_doublet_is_one_token(blank):
    text = "Celles et ceux qui viennent, toutes et tous."
    doc = blank(text)
    assert doc.text == text
    assert doc[0].text == "Celles et ceux" and doc[0].lemma_ == "celui"
    assert [t.lemma_ for t in doc if t._.is_inclusive] == ["celui", "tout"]


def test_inclusive_merge_on_a_doc_built_by_hand():
    """The retokenizer path (tokenizer not patched): tokens are merged back."""
    nlp = spacy.blank("fr")
    comp = nlp.add_pipe("insights_inclusive", config={"patch_tokenizer": False})
    doc = Doc(nlp.vocab, words=["les", "participant", "-", "e", "-", "s", "présents"],
              spaces=[True, False, False, False, False, True, False])
    doc = comp(doc)
    assert [t.text for t in doc] == ["les", "participant-e-s", "présents"]
    assert doc[1].lemma_ == "participant" and doc[1].idx == 4


@pytest.mark.parametrize("text,elided,lemma", [
    ("L’accueil est chaleureux", "L’", "le"),
    ("le lieu d’accueil", "d’", "de"),
    ("jusqu’au soir", "jusqu’", "jusque"),
    ("lorsqu’on arrive", "lorsqu’", "lorsque"),
    ("puisqu’il pleut", "puisqu’", "puisque"),
    ("on n’a pas", "n’", "ne"),
    ("c’est ouvert", "c’", "ce"),
    ("j’arrive", "j’", "je"),
    ("il m’a dit", "m’", "me"),
    ("je t’écoute", "t’", "te"),
    ("ce qu’on fait", "qu’", "que"),
    ("elle s’engage", "s’", "se"),
    ("l\u02bcaccueil", "l\u02bc", "le"),
])
def test_elision_with_curly_apostrophes(blank, text, elided, lemma):
    doc = blank(text)
    assert doc.text == text
    token = next(t for t in doc if t.text == elided)
    assert token.lemma_ == lemma
    assert token.is_stop
    assert token.norm_ == straight_apostrophes(elided.lower())


def test_non_breaking_spaces_keep_text_and_offsets(blank):
    text = "«\u00a0la mixité sociale\u00a0» et\u202fl’accueil\u00a0!"
    doc = blank(text)
    assert doc.text == text
    words = [t.text for t in doc if not t.is_space]
    assert "mixité" in words and "accueil" in words and "»" in words
    for t in doc:
        assert text[t.idx:t.idx + len(t.text)] == t.text


def _fillers(nlp, text):
    doc = nlp(text)
    return [t.text for t in doc if t._.is_filler]


@pytest.mark.parametrize("text,expected", [
    ("Euh, on a commencé, hein.", ["Euh", "hein"]),
    ("Ben du coup on est venus.", ["Ben", "du", "coup"]),
    ("En fait, tu vois, c'est pratique.", ["En", "fait", "tu", "vois"]),
    ("Bon, on commence.", ["Bon"]),
    ("Un bon accueil compte.", []),
    ("C'est bon.", []),
    ("On a parlé de l'accueil, quoi.", ["quoi"]),
    ("On ne sait pas de quoi parler.", []),
    ("C'est genre un tiers-lieu.", ["genre"]),
    ("Ce genre de lieu existe.", []),
    ("Il en fait partie.", []),
    ("Voilà le projet.", []),
    ("Et voilà.", []),
    ("C'était bien, voilà.", ["voilà"]),
    ("Bref, on avance.", ["Bref"]),
    ("Un coup de main du coup de pouce.", []),
    ("Oui, ouais, ok : on y va.", ["Oui", "ouais", "ok"]),
])
def test_fillers(blank, text, expected):
    assert _fillers(blank, text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Ça, on l'a bien compris. (rires)", ["(", "rires", ")"]),
    ("[applaudissements]", ["[", "applaudissements", "]"]),
    ("(Quelques rires gênés.)", ["(", "Quelques", "rires", "gênés", ".", ")"]),
    ("(silence, Étienne sourit)", ["(", "silence", ",", "Étienne", "sourit", ")"]),
    ("Le lieu (inaudible) ouvre.", ["(", "inaudible", ")"]),
    ("[rires et applaudissements] Merci.", ["[", "rires", "et", "applaudissements", "]"]),
    ("Le sourire à l'entrée (voir annexe).", []),
    ("On a ri (rire nerveux, mais rire) puis voté.", ["(", "rire", "nerveux", ",", "mais",
                                                     "rire", ")"]),
    ("Un lieu (silencieux) et calme.", []),
])
def test_stage_directions_are_fillers(blank, text, expected):
    """A transcriber's aside on the room (laughter, applause, silence, inaudible) is never
    counted, so it can never name a theme; an aside on anything else is kept."""
    assert _fillers(blank, text) == expected


def test_fillers_with_trained_model(nlp):
    doc = nlp("Euh, ben du coup on a fait un bon accueil, quoi. Le genre de lieu.")
    fill = [t.text for t in doc if t._.is_filler]
    assert fill == ["Euh", "ben", "du", "coup", "quoi"]


def test_model_inclusive_forms_never_entities():
    from insights.annotate import load_nlp

    nlp = load_nlp(disable=("parser",))  # with NER
    assert "ner" in nlp.pipe_names
    text = "Les participant.e.s et les usager·ère·s de Rennes ont parlé avec les acteur·ice·s."
    doc = nlp(text)
    assert doc.text == text
    incl = [t for t in doc if t._.is_inclusive]
    assert [t.lemma_ for t in incl] == ["participant", "usager", "acteur"]
    assert all(t.ent_type_ == "" for t in incl)
    assert all(t.pos_ in ("NOUN", "ADJ") for t in incl)


def test_model_elided_article_is_never_a_noun(nlp):
    doc = nlp("L’accueil d’un centre social jusqu’à l’heure du goûter.")
    by_text = {t.text: t for t in doc}
    for word, lemma in [("L’", "le"), ("d’", "de"), ("jusqu’", "jusque"), ("l’", "le")]:
        assert by_text[word].lemma_ == lemma
        assert by_text[word].pos_ not in ("NOUN", "PROPN")
    assert by_text["accueil"].lemma_ == "accueil"


def test_model_plural_nouns_left_unlemmatised_are_fixed(nlp):
    doc = nlp("On a visité des lieux et des tiers-lieux, avec leurs enjeux.")
    lemmas = {t.text: (t.lemma_, t.pos_) for t in doc}
    assert lemmas["lieux"] == ("lieu", "NOUN")
    assert lemmas["tiers-lieux"][0] == "tiers-lieu"
    assert lemmas["enjeux"][0] == "enjeu"
