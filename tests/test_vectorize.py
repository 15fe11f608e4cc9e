"""Tests of the one vectoriser (insights.vectorize.doc_term_matrix) and of NMFThemes as an
estimator on a matrix."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from insights.errors import InvalidArgumentError
from conftest import token_table
from insights.themes import NMFThemes
from insights.vectorize import check_groups, check_matrix, doc_term_matrix, pool_short


def hand_tokens() -> pd.DataFrame:
    """Four segments; ``venir`` is a supplementary generic verb, ``le`` no term."""
    rows = {
        "s1": [("jardin", "NOUN", "active", 1), ("jardin", "NOUN", "active", 1),
               ("venir", "VERB", "generic_verb", 1), (None, "DET", None, 0)],
        "s2": [("jardin", "NOUN", "active", 1), ("budget", "NOUN", "active", 1),
               ("service public", "NOUN", "active", 2), ("Rennes", "PROPN", "active", 1)],
        "s3": [("budget", "NOUN", "active", 1), ("venir", "VERB", "generic_verb", 1)],
        "s4": [("budget", "NOUN", "active", 1), ("service public", "NOUN", "active", 2)],
    }
    return token_table({sid: [dict(term=t, pos=p, form=f, term_len=n) for t, p, f, n in words]
                        for sid, words in rows.items()},
                       columns=["segment_id", "term", "pos", "form", "term_len"])


def test_counts_terms_of_active_forms_only():
    x, rows, terms = doc_term_matrix(hand_tokens())
    assert rows.tolist() == ["s1", "s2", "s3", "s4"]
    assert terms.tolist() == ["Rennes", "budget", "jardin", "service public"]
    assert x.toarray().tolist() == [[0, 0, 2, 0], [1, 1, 1, 1], [0, 1, 0, 0], [0, 1, 0, 1]]
    assert sparse.isspmatrix_csr(x) and x.dtype == np.int64
    # every form, or another selection of forms
    _, _, every = doc_term_matrix(hand_tokens(), forms=None)
    assert "venir" in every.tolist()
    _, _, verbs = doc_term_matrix(hand_tokens(), forms=("generic_verb",))
    assert verbs.tolist() == ["venir"]
    # a token table without a form column: every term counts
    _, _, plain = doc_term_matrix(hand_tokens().drop(columns=["form"]))
    assert plain.tolist() == every.tolist()


def test_document_frequency_bounds_as_counts_or_shares():
    tok = hand_tokens()
    _, _, t = doc_term_matrix(tok, min_df=2)
    assert t.tolist() == ["budget", "jardin", "service public"]
    _, _, t = doc_term_matrix(tok, min_df=0.75)  # in at least 3 of the 4 rows
    assert t.tolist() == ["budget"]
    _, _, t = doc_term_matrix(tok, max_df=0.5)
    assert t.tolist() == ["Rennes", "jardin", "service public"]
    _, _, t = doc_term_matrix(tok, max_df=1)
    assert t.tolist() == ["Rennes"]
    for bad in (-1, 1.5, "2", True):
        with pytest.raises(InvalidArgumentError, match="`min_df`"):
            doc_term_matrix(tok, min_df=bad)


def test_rows_binary_pos_and_other_row_columns():
    tok = hand_tokens()
    x, rows, terms = doc_term_matrix(tok, rows=["s4", "s0", "s1"], binary=True)
    assert rows.tolist() == ["s4", "s0", "s1"]  # given order; s0 has no term, s2-s3 ignored
    assert terms.tolist() == ["budget", "jardin", "service public"]
    assert x.toarray().tolist() == [[1, 0, 1], [0, 0, 0], [0, 1, 0]]
    _, _, nouns = doc_term_matrix(tok, pos=("NOUN",))
    assert nouns.tolist() == ["budget", "jardin", "service public"]  # PROPN out
    _, _, multi = doc_term_matrix(tok, pos=("VERB",), forms=None)
    assert multi.tolist() == ["service public", "venir"]  # multi-word terms always stay
    grouped = tok.assign(text=tok["segment_id"].map({"s1": "a", "s2": "a", "s3": "b", "s4": "b"}))
    x, rows, _ = doc_term_matrix(grouped, by="text")
    assert rows.tolist() == ["a", "b"] and x.sum() == 9
    with pytest.raises(InvalidArgumentError, match="text"):
        doc_term_matrix(tok, by="text")
    with pytest.raises(InvalidArgumentError, match="`rows`"):
        doc_term_matrix(tok, rows=["s1", "s1"])
    with pytest.raises(InvalidArgumentError, match="`forms`"):
        doc_term_matrix(tok, forms="active")


def test_check_groups():
    assert check_groups(None, 3).tolist() == [0, 1, 2]
    assert check_groups(["b", "b", "a"], 3).tolist() == [0, 0, 1]
    with pytest.raises(InvalidArgumentError, match="`groups`"):
        check_groups(["a"], 3)


def test_check_matrix():
    m = check_matrix(pd.DataFrame([[0, 2], [3, 0]]))
    assert m.dtype == np.float64 and m.toarray().tolist() == [[0, 2], [3, 0]]
    assert check_matrix(np.array([[0, 2], [3, 0]]), binary=True).toarray().tolist() == [
        [0, 1], [1, 0]]
    for bad in (np.array([[1, -1]]), "not a matrix", np.array([[np.nan, 1]])):
        with pytest.raises(InvalidArgumentError, match="`X`"):
            check_matrix(bad)


def test_pool_short_pools_short_rows_of_one_text_only():
    sizes = np.array([3, 25, 4, 30, 2, 12, 5, 3])
    texts = np.array(["a", "a", "a", "a", "a", "a", "b", "b"])
    # a: 3 + 4 (long rows 25 and 30 stay alone, skipped over) + 2 + 12 = 21 >= 20: one pool;
    # b: 5 + 3 = 8, never 20: a pool of its own (no earlier pool in b)
    assert pool_short(sizes, texts, 20).tolist() == [0, 1, 0, 3, 0, 0, 6, 6]
    # a short remainder joins the text's last pool
    assert pool_short([15, 6, 3], ["a"] * 3, 20).tolist() == [0, 0, 0]
    assert pool_short([15, 6, 19, 1], ["a"] * 4, 20).tolist() == [0, 0, 2, 2]
    assert pool_short([15, 6, 25, 1], ["a"] * 4, 20).tolist() == [0, 0, 2, 0]
    # whole: every short row of a text in one pool
    assert pool_short(sizes, texts, 5, whole=True).tolist() == [0, 1, 0, 3, 0, 5, 6, 7]
    assert pool_short(sizes, texts, 13, whole=True).tolist() == [0, 1, 0, 3, 0, 0, 6, 6]


# --- NMFThemes ---------------------------------------------------------------------------------

def blocks(seed: int = 0) -> tuple[sparse.csr_matrix, np.ndarray]:
    """60 rows of counts over 3 blocks of 6 terms, each row from one block."""
    rng = np.random.default_rng(seed)
    x = np.zeros((60, 18))
    truth = np.arange(60) % 3
    for i, t in enumerate(truth):
        x[i, 6 * t + rng.choice(6, size=4, replace=False)] = rng.integers(1, 3, size=4)
    return sparse.csr_matrix(x), truth


def test_nmf_themes_estimator():
    x, truth = blocks()
    terms = [f"w{j}" for j in range(18)]
    est = NMFThemes(k_range=(2, 5), n_terms=6)
    params = est.get_params()
    with pytest.raises(NotFittedError):
        est.transform(x)
    est.fit(x, terms=terms)
    assert est.get_params() == params and est.k is None  # fit never rewrites k
    assert est.n_components_ == 3 and est.components_.shape == (3, 18)
    assert est.terms_.tolist() == terms and est.n_features_in_ == 18
    scores = est.k_scores_
    assert scores["k"].tolist() == [2, 3, 4, 5]
    assert scores.loc[scores["chosen"], "k"].tolist() == [3]
    w = est.transform(x)
    assert w.shape == (60, 3)
    assert pd.crosstab(truth, w.argmax(axis=1)).gt(0).sum(axis=1).eq(1).all()
    assert all(len({int(t[1:]) // 6 for t in top}) == 1 for top in est.top_terms_)
    copy = clone(est)
    assert not hasattr(copy, "components_") and copy.get_params() == params
    fixed = NMFThemes(3).fit(x.toarray())
    assert fixed.k_scores_ is None and fixed.terms_.tolist()[:2] == ["t0", "t1"]
    np.testing.assert_allclose(fixed.transform(x), NMFThemes(3).fit(x).transform(x))
    with pytest.warns(FutureWarning, match="`top_n` is deprecated, use `n_terms`"):
        old = NMFThemes(k_range=(2, 5), top_n=6)
    assert old.get_params() == params


def test_nmf_themes_estimator_bad_input():
    x, _ = blocks()
    with pytest.raises(InvalidArgumentError, match="`k`"):
        NMFThemes(0).fit(x)
    with pytest.raises(InvalidArgumentError, match="`terms`"):
        NMFThemes(3).fit(x, terms=["a"])
    with pytest.raises(InvalidArgumentError, match="`k_range`"):
        NMFThemes(k_range=(40, 50)).fit(x[:10])
    with pytest.raises(InvalidArgumentError, match="`X`"):
        NMFThemes(3).fit(-x)
    with pytest.raises(InvalidArgumentError, match="`X`"):
        NMFThemes(3).fit(x).transform(x[:, :5])


def test_str_codes_and_matrix_match_string_conversion():
    """The matrix is counted on integer codes of the distinct values (no string per token):
    the same as converting every row value to a string first, whatever the column's dtype."""
    from insights.vectorize import str_codes

    rng = np.random.default_rng(0)
    ids = [f"s{i}" for i in rng.integers(0, 40, 600)]
    terms = [None if rng.random() < 0.2 else f"t{j}" for j in rng.integers(0, 30, 600)]
    for column in (pd.Series(ids, dtype="category"), pd.Series(ids, dtype=object),
                   pd.Series(ids, dtype="str")):
        codes, names = str_codes(column)
        assert names.tolist() == sorted(set(ids))
        assert names[codes].tolist() == column.astype(str).tolist()
        tokens = pd.DataFrame({"segment_id": column, "term": terms})
        x, rows, cols = doc_term_matrix(tokens, min_df=2)
        kept = tokens[tokens["term"].notna()]
        want = pd.crosstab(kept["segment_id"].astype(str), kept["term"].astype(str))
        want = want.loc[:, (want > 0).sum() >= 2]
        assert rows.tolist() == want.index.tolist() and cols.tolist() == want.columns.tolist()
        assert x.toarray().tolist() == want.to_numpy().tolist()
    codes, names = str_codes(pd.Series(["b", None, "a", "b"], dtype="str"), sort=False)
    assert codes.tolist() == [0, -1, 1, 0] and names.tolist() == ["b", "a"]
    # rows given by a number (the Reinert chain's text segments): rows named "0", "1"…
    numbered = pd.DataFrame({"row": [2, 0, 2], "term": ["a", "b", "a"]})
    x, rows, cols = doc_term_matrix(numbered, rows=range(4), by="row", min_df=0)
    assert rows.tolist() == ["0", "1", "2", "3"] and cols.tolist() == ["a", "b"]
    assert x.toarray().tolist() == [[0, 1], [0, 0], [2, 0], [0, 0]]


def test_check_matrix_copies_only_what_it_must_change():
    """A binary CSR matrix of float64 is used as it is (no copy of a large matrix); counts
    are made 0/1 in a new matrix, never in the caller's; a Reinert fit leaves X unchanged."""
    from insights.reinert import Reinert

    x = sparse.csr_matrix(np.array([[1.0, 0, 1], [0, 1, 0]]))
    assert check_matrix(x, binary=True) is x and check_matrix(x) is x
    counts = sparse.csr_matrix(np.array([[2.0, 0, 1], [0, 3, 0]]))
    b = check_matrix(counts, binary=True)
    assert b is not counts and set(b.data.tolist()) == {1.0} and counts.data.max() == 3
    ints = counts.astype(np.int64)
    assert check_matrix(ints).dtype == np.float64 and ints.dtype == np.int64
    rng = np.random.default_rng(0)
    big = sparse.csr_matrix((rng.random((60, 12)) < 0.3).astype(np.float64))
    before = big.copy()
    Reinert(3, min_split_members=5).fit(big)
    assert (big != before).nnz == 0 and check_matrix(big, binary=True) is big
