"""Terms: counting units, multi-word terms, counts, concordance (hand-made token tables)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from insights.errors import InvalidArgumentError
from insights.schema import TOKEN_COLUMNS
from conftest import token_table
from insights.terms import (assign_terms, concordance, count_terms, find_multiword_terms,
                            segment_terms, term_matrix)


def _tokens(segments: dict[str, list[tuple[str, str, str]]]):
    """Build a token table (no term yet) from {segment_id: [(text, lemma, pos), ...]}, words
    separated by one space; returns (tokens, texts_by_segment)."""
    tokens = token_table(
        {sid: [dict(text=w, lemma=lemma, pos=pos, is_punct=pos == "PUNCT")
               for w, lemma, pos in words] for sid, words in segments.items()},
        stop=STOP, fillers=("euh", "ben"),
        columns=["segment_id", "position", "start", "end", "text", "lemma", "pos", "is_stop",
                 "is_filler", "is_punct"])
    return tokens, {sid: " ".join(w for w, _, _ in words) for sid, words in segments.items()}


STOP = {"le", "la", "de", "un", "être", "et", "avoir"}
MIX = [("la", "le", "DET"), ("mixité", "mixité", "NOUN"), ("sociale", "social", "ADJ")]
MIX_PL = [("les", "le", "DET"), ("mixités", "mixité", "NOUN"), ("sociales", "social", "ADJ")]
SP = [("services", "service", "NOUN"), ("publics", "public", "ADJ")]
OTHER = [("un", "un", "DET"), ("jardin", "jardin", "NOUN"), ("partagé", "partager", "VERB"),
         (",", ",", "PUNCT"), ("euh", "euh", "INTJ"), ("lieu", "lieu", "NOUN"),
         ("vivant", "vivant", "ADJ"), ("et", "et", "CCONJ"), ("accueil", "accueil", "NOUN"),
         ("chaleureux", "chaleureux", "ADJ"), ("a", "avoir", "AUX")]


@pytest.fixture
def corpus():
    segs = {}
    for k in range(4):
        segs[f"a#{k + 1}"] = MIX + OTHER[k * 2:k * 2 + 4]
    segs["b#1"] = MIX_PL + SP + [(".", ".", "PUNCT")]
    segs["b#2"] = SP + [("et", "et", "CCONJ")] + MIX_PL
    return _tokens(segs)


def test_single_word_terms_follow_the_rules(corpus):
    tokens, texts = corpus
    out = assign_terms(tokens, texts_by_segment=texts, min_df=99)
    assert list(out.columns) == TOKEN_COLUMNS
    counted = set(out["term"].dropna())
    # content POS, not stop, not filler, not punct
    assert {"mixité", "social", "jardin", "partager", "lieu", "vivant", "accueil"} <= counted
    assert not counted & {"le", "un", "euh", ",", "et", "avoir"}
    assert (out.loc[out["term"].notna(), "term_len"] == 1).all()
    assert (out.loc[out["term"].isna(), "term_len"] == 0).all()


def test_event_stopwords_are_not_counted(corpus):
    tokens, texts = corpus
    out = assign_terms(tokens, texts_by_segment=texts, stopwords=["Jardin", "partagé"],
                       min_df=99)
    assert not {"jardin", "partager"} & set(out["term"].dropna())


def test_multiword_term_llr_matches_scipy(corpus):
    tokens, _ = corpus
    cand = find_multiword_terms(tokens, min_df=3, min_llr=3.84)
    # instances of all patterns: 6 x (mixité social), 2 x (service public), 1 x lieu vivant,
    # 1 x accueil chaleureux, 1 x "sociales services" (AN), 1 x "mixité sociale vivant" (NAA)
    # -> N = 12; first lemma "mixité" in 7 instances; rest ("social",) in 6
    row = cand[cand["lemmas"] == ("mixité", "social")].iloc[0]
    assert row["count"] == 6
    n, o11, r1, c1 = 12, 6, 7, 6
    table = np.array([[o11, r1 - o11], [c1 - o11, n - r1 - c1 + o11]])
    g, *_ = chi2_contingency(table, lambda_="log-likelihood", correction=False)
    assert row["llr"] == pytest.approx(g)
    assert bool(row["kept"])
    sp = cand[cand["lemmas"] == ("service", "public")].iloc[0]
    assert sp["count"] == 2 and not sp["kept"]  # below min_df


def test_multiword_term_replaces_its_lemmas_and_gets_a_readable_label(corpus):
    tokens, texts = corpus
    out = assign_terms(tokens, texts_by_segment=texts, min_df=3, min_llr=3.84)
    terms = out["term"].dropna()
    # 4 singular occurrences "mixité sociale", 2 plural: label from the base form
    assert (terms == "mixité sociale").sum() == 6
    assert "mixité" not in set(terms) and "social" not in set(terms)
    first = out[out["term"] == "mixité sociale"]
    assert (first["term_len"] == 2).all()
    assert (first["lemma"] == "mixité").all()


def test_label_falls_back_to_most_frequent_form():
    extra = [OTHER[5:7], OTHER[8:10], OTHER[5:7]]  # lieu vivant, accueil chaleureux
    segs = {f"s#{k}": SP + [(".", ".", "PUNCT")] + extra[k] for k in range(3)}
    tokens, texts = _tokens(segs)
    out = assign_terms(tokens, texts_by_segment=texts, min_df=3, min_llr=3.84)
    assert (out["term"] == "services publics").sum() == 3


def test_user_terms_match_lemma_sequences_ignoring_accents(corpus):
    tokens, texts = corpus
    out = assign_terms(tokens, texts_by_segment=texts, min_df=99,
                       user_terms={"services publics": ("service", "public"),
                               "accueil": ("accueil",)})
    assert (out["term"] == "services publics").sum() == 2
    tokens2 = tokens.copy()
    tokens2["lemma"] = tokens2["lemma"].replace({"mixité": "MIXITE"})
    out2 = assign_terms(tokens2, texts_by_segment=texts, min_df=99,
                        user_terms={"mixité sociale": ("mixité", "social")})
    assert (out2["term"] == "mixité sociale").sum() == 6


SEGMENTS = pd.DataFrame({
    "segment_id": ["s#1", "s#2", "s#3"],
    "session": ["matin", "matin", "soir"],
    "speaker": ["Alix", "", "Bo"],
    "text": ["L’accueil du centre social.", "Un accueil et des accueils.", "Le centre social ferme."],
})


@pytest.fixture
def hand_tokens():
    """words: (surface, lemma, term, term_len); offsets found in the text in order."""
    words = {
        "s#1": [("L’", "le", None, 0), ("accueil", "accueil", "accueil", 1),
                ("du", "de", None, 0), ("centre", "centre", "centre social", 2),
                ("social", "social", None, 0)],
        "s#2": [("Un", "un", None, 0), ("accueil", "accueil", "accueil", 1),
                ("accueils", "accueil", "accueil", 1)],
        "s#3": [("Le", "le", None, 0), ("centre", "centre", "centre social", 2),
                ("social", "social", None, 0), ("ferme", "fermer", "fermer", 1)],
    }
    return token_table(
        {sid: [dict(text=w, lemma=lemma, term=term, term_len=n, pos="NOUN", is_stop=False,
                    is_filler=False, is_punct=False) for w, lemma, term, n in ws]
         for sid, ws in words.items()},
        texts=dict(zip(SEGMENTS["segment_id"], SEGMENTS["text"])))


def test_count_terms(hand_tokens):
    out = count_terms(hand_tokens, SEGMENTS)
    assert list(out.columns) == ["term", "frequency", "segments", "sessions", "form"]
    assert out.values.tolist() == [
        ["accueil", 3, 2, 1, "active"], ["centre social", 2, 2, 2, "active"],
        ["fermer", 1, 1, 1, "active"]]


def test_top_terms_by(hand_tokens):
    from insights.terms import top_terms_by

    out = top_terms_by(hand_tokens, SEGMENTS, by="session", n_terms=2, order=["soir", "matin"])
    with pytest.warns(FutureWarning, match="`n` is deprecated, use `n_terms`"):
        old = top_terms_by(hand_tokens, SEGMENTS, by="session", n=2, order=["soir", "matin"])
    pd.testing.assert_frame_equal(old, out)
    assert out.values.tolist() == [["soir", 1, "centre social", 1], ["soir", 2, "fermer", 1],
                                   ["matin", 1, "accueil", 3], ["matin", 2, "centre social", 1]]
    with pytest.raises(InvalidArgumentError, match="by"):
        top_terms_by(hand_tokens, SEGMENTS, by="nope")


def test_segment_terms(hand_tokens):
    out = segment_terms(hand_tokens)
    assert out.values.tolist() == [["s#1", "accueil", 1], ["s#1", "centre social", 1],
                                   ["s#2", "accueil", 2], ["s#3", "centre social", 1],
                                   ["s#3", "fermer", 1]]


def test_concordance_is_verbatim(hand_tokens):
    out = concordance(hand_tokens, "ACCUEIL", segments=SEGMENTS, width=5)
    assert list(out.columns) == ["left", "keyword", "right", "segment_id", "session", "speaker"]
    assert out.values.tolist() == [
        ["L’", "accueil", " du c", "s#1", "matin", "Alix"],
        ["Un ", "accueil", " et d", "s#2", "matin", ""],
        [" des ", "accueils", ".", "s#2", "matin", ""],
    ]
    multi = concordance(hand_tokens, "Centre  Social", segments=SEGMENTS, width=3)
    assert multi[["left", "keyword", "right"]].values.tolist() == [
        ["du ", "centre social", "."], ["Le ", "centre social", " fe"]]
    assert concordance(hand_tokens, "absent", segments=SEGMENTS).empty


def test_concordance_bad_arguments(hand_tokens):
    with pytest.raises(InvalidArgumentError, match="width"):
        concordance(hand_tokens, "accueil", segments=SEGMENTS, width=-1)
    with pytest.raises(InvalidArgumentError, match="term"):
        concordance(hand_tokens, " ", segments=SEGMENTS)
    with pytest.raises(InvalidArgumentError, match="session"):
        count_terms(hand_tokens, SEGMENTS.drop(columns="session"))


def test_term_matrix(hand_tokens):
    m, rows, cols = term_matrix(hand_tokens)
    assert list(rows) == ["s#1", "s#2", "s#3"]
    assert list(cols) == ["accueil", "centre social", "fermer"]
    assert m.toarray().tolist() == [[1, 1, 0], [2, 0, 0], [0, 1, 1]]
    mb, _, colsb = term_matrix(hand_tokens, binary=True, min_df=2)
    assert list(colsb) == ["accueil", "centre social"]
    assert mb.toarray().tolist() == [[1, 1], [1, 0], [0, 1]]


def test_old_names_of_min_df_still_work_with_a_warning(hand_tokens):
    """``min_segments`` (term_matrix) and ``min_term_count`` (assign_terms,
    find_multiword_terms) are the old names of ``min_df``: same result, a FutureWarning."""
    with pytest.warns(FutureWarning, match="`min_segments` is deprecated, use `min_df`"):
        _, _, cols = term_matrix(hand_tokens, binary=True, min_segments=2)
    assert list(cols) == ["accueil", "centre social"]
    tokens, texts = _tokens({"s1": MIX, "s2": MIX, "s3": MIX_PL})
    with pytest.warns(FutureWarning, match="`min_term_count` is deprecated"):
        old = assign_terms(tokens, texts_by_segment=texts, min_term_count=2, min_llr=0.0)
    pd.testing.assert_frame_equal(
        old, assign_terms(tokens, texts_by_segment=texts, min_df=2, min_llr=0.0))
    with pytest.warns(FutureWarning, match="`min_term_count` is deprecated"):
        cand = find_multiword_terms(tokens, min_term_count=2, min_llr=0.0)
    pd.testing.assert_frame_equal(cand, find_multiword_terms(tokens, min_df=2, min_llr=0.0))
