"""Lafon specificities checked against exact rational arithmetic."""
from __future__ import annotations

from fractions import Fraction
from math import comb, log10

import numpy as np
import pandas as pd
import pytest

from insights.errors import InvalidArgumentError
from insights.specificities import specificities, specificity_table
from conftest import token_table


def _log10(p: Fraction) -> float:
    return log10(p.numerator) - log10(p.denominator)


def exact_score(f: int, F: int, t: int, T: int) -> float:
    """Independent computation: exact hypergeometric tails with integers and fractions."""
    total = comb(T, t)
    lo, hi = max(0, t - (T - F)), min(F, t)

    def pmf(k: int) -> Fraction:
        return Fraction(comb(F, k) * comb(T - F, t - k), total)

    if Fraction(f) >= Fraction(F * t, T):
        return -_log10(sum((pmf(k) for k in range(f, hi + 1)), Fraction(0)))
    return _log10(sum((pmf(k) for k in range(lo, f + 1)), Fraction(0)))


def exact_table(table: pd.DataFrame) -> np.ndarray:
    v = table.to_numpy()
    T = int(v.sum())
    out = np.zeros(v.shape)
    for i in range(v.shape[0]):
        for j in range(v.shape[1]):
            out[i, j] = exact_score(int(v[i, j]), int(v[i].sum()), int(v[:, j].sum()), T)
    return out


def test_matches_exact_computation():
    table = pd.DataFrame(
        {"a": [10, 0, 5, 30, 1], "b": [1, 7, 5, 2, 0], "c": [0, 3, 20, 100, 4]},
        index=["accueil", "budget", "lieu", "autres", "rare"],
    )
    got = specificities(table, decimals=None)
    assert got.shape == table.shape
    assert list(got.index) == list(table.index) and list(got.columns) == list(table.columns)
    np.testing.assert_allclose(got.to_numpy(), exact_table(table), atol=1e-4, rtol=0)
    # signs: over-represented positive, under-represented negative
    assert got.loc["accueil", "a"] > 2 and got.loc["accueil", "c"] < -2
    # default rounding to 4 decimals, as textometry
    rounded = specificities(table)
    np.testing.assert_array_equal(rounded.to_numpy(), np.round(got.to_numpy(), 4))


def test_f_equal_expectation_uses_upper_tail():
    # every part has the same size and the term is evenly spread: f == E in each part
    table = pd.DataFrame({"p1": [2, 8], "p2": [2, 8]}, index=["x", "y"])
    got = specificities(table, decimals=None)
    # textometry: f >= E -> -log10 P(X >= f), which is > 0 here (not 0, not the lower tail)
    expected = exact_score(2, 4, 10, 20)
    assert expected > 0
    assert got.loc["x", "p1"] == pytest.approx(expected, abs=1e-9)


def test_underflow_case_scores_beyond_double_precision():
    # 600 occurrences all in a part of 600 tokens out of 5600: P = 1 / C(5600, 600) ~ 1e-826
    table = pd.DataFrame({"p": [600, 0], "q": [0, 5000]}, index=["x", "y"])
    got = specificities(table, decimals=None)
    expected = _log10(Fraction(1, comb(5600, 600)))
    assert -expected > 330
    assert got.loc["x", "p"] == pytest.approx(-expected, abs=1e-4)
    assert got.loc["x", "q"] == pytest.approx(expected, abs=1e-4)  # P(X <= 0) is the same atom
    assert np.isfinite(got.to_numpy()).all()


def test_large_random_table_against_exact():
    rng = np.random.default_rng(3)
    table = pd.DataFrame(rng.integers(0, 40, size=(6, 4)), columns=list("abcd"))
    table.iloc[0, 0] = 300
    got = specificities(table, decimals=None)
    np.testing.assert_allclose(got.to_numpy(), exact_table(table), atol=1e-4, rtol=0)


@pytest.mark.parametrize(
    "bad, message",
    [
        (pd.DataFrame({"a": [1, -1], "b": [2, 3]}), "non-negative integer"),
        (pd.DataFrame({"a": [1.5, 1], "b": [2, 3]}), "non-negative integer"),
        (pd.DataFrame({"a": [1, np.nan], "b": [2, 3]}), "non-negative integer"),
        (pd.DataFrame({"a": [1, 2], "b": [0, 0]}), "empty part"),
        (pd.DataFrame({"a": ["x", "y"]}), "non-numeric"),
        (pd.DataFrame(), "at least one"),
    ],
)
def test_bad_tables_are_rejected(bad, message):
    with pytest.raises(InvalidArgumentError, match=message):
        specificities(bad)


def _tokens(rows: list[tuple[str, list[str]]]) -> pd.DataFrame:
    return token_table(dict(rows), columns=["segment_id", "position", "term"])


def test_specificity_table_counts_and_scores():
    segments = pd.DataFrame(
        {
            "segment_id": ["s1", "s2", "s3", "s4", "s5"],
            "session": ["matin", "matin", "midi", "soir", "soir"],
            "profile": ["élu·e", "", "élu·e", "agent", "agent"],
        }
    )
    tokens = _tokens([
        ("s1", ["jardin", "jardin", "lieu"]),
        ("s2", ["jardin", "accueil", "lieu"]),
        ("s3", ["budget", "lieu", "accueil"]),
        ("s4", ["budget", "budget", "lieu", "rare"]),
        ("s5", ["accueil", "lieu"]),
    ])
    tokens.loc[len(tokens)] = {"segment_id": "s5", "position": 2, "term": pd.NA}
    out = specificity_table(tokens, segments, variables=("session", "profile"), min_df=3)
    assert list(out.columns) == ["variable", "value", "term", "observed", "expected", "score"]
    # "rare" (1 occurrence) has no row but counts in the part size
    assert "rare" not in set(out["term"])
    session = out[out["variable"] == "session"]
    # matin: 6 tokens, midi 3, soir 6 ; corpus 15
    row = session[(session["value"] == "matin") & (session["term"] == "jardin")].iloc[0]
    assert row["observed"] == 3
    assert row["expected"] == pytest.approx(3 * 6 / 15, abs=1e-4)
    assert row["score"] == pytest.approx(exact_score(3, 3, 6, 15), abs=1e-4)
    row = session[(session["value"] == "soir") & (session["term"] == "lieu")].iloc[0]
    assert row["score"] == pytest.approx(exact_score(2, 5, 6, 15), abs=1e-4)
    # profile: the empty profile (s2) is left out: parts agent (6 tokens) and élu·e (6 tokens)
    profile = out[out["variable"] == "profile"]
    assert set(profile["value"]) == {"agent", "élu·e"}
    row = profile[(profile["value"] == "agent") & (profile["term"] == "budget")].iloc[0]
    assert row["observed"] == 2
    assert row["score"] == pytest.approx(exact_score(2, 3, 6, 12), abs=1e-4)
    # order: variable as given, value, score desc, term
    for (_, value), part in out.groupby(["variable", "value"], sort=False):
        assert list(part["score"]) == sorted(part["score"], reverse=True)
    assert list(out["variable"].drop_duplicates()) == ["session", "profile"]
    # deterministic
    again = specificity_table(tokens.sample(frac=1, random_state=1), segments,
                              variables=("session", "profile"), min_df=3)
    assert out.to_csv() == again.to_csv()
    with pytest.warns(FutureWarning, match="`min_frequency` is deprecated, use `min_df`"):
        old = specificity_table(tokens, segments, variables=("session", "profile"),
                                min_frequency=3)
    assert out.to_csv() == old.to_csv()


def test_specificity_table_bad_arguments():
    segments = pd.DataFrame({"segment_id": ["s1"], "session": ["a"]})
    tokens = _tokens([("s1", ["x"])])
    with pytest.raises(InvalidArgumentError, match="variables"):
        specificity_table(tokens, segments, variables=("nope",))
    with pytest.raises(InvalidArgumentError, match="`min_df`"):
        specificity_table(tokens, segments, variables=("session",), min_df=0)
    # one part only: nothing to contrast, an empty table with the contract columns
    out = specificity_table(tokens, segments, variables=("session",))
    assert out.empty and list(out.columns) == [
        "variable", "value", "term", "observed", "expected", "score"]


def test_tails_summed_in_chunks_give_the_same_scores(monkeypatch):
    """The tail sums are computed a bounded number of terms at a time (memory on a large
    corpus): the scores do not depend on the chunk size."""
    import importlib

    module = importlib.import_module("insights.specificities")
    rng = np.random.default_rng(3)
    table = pd.DataFrame(rng.integers(0, 60, size=(40, 5)),
                         index=[f"t{i}" for i in range(40)], columns=list("abcde"))
    whole = specificities(table, decimals=None)
    monkeypatch.setattr(module, "TAIL_CHUNK", 7)
    chunked = specificities(table, decimals=None)
    assert np.array_equal(whole.to_numpy(), chunked.to_numpy())


def test_lexical_table_is_the_crosstab_of_terms_and_values():
    """The term x value table is counted on codes: the same table as the crosstab of the
    tokens' terms and their segments' values (empty values left out), with categorical
    segment ids too; a segment listed twice counts twice, as a merge would."""
    import importlib

    module = importlib.import_module("insights.specificities")
    segments = pd.DataFrame({"segment_id": ["s1", "s2", "s3", "s4"],
                             "session": ["b", "a", "", "b"]})
    tokens = _tokens([("s1", ["jardin", "lieu"]), ("s2", ["lieu", "budget", "lieu"]),
                      ("s3", ["rare"]), ("s4", ["jardin"]), ("s9", ["ailleurs"])])
    tokens.loc[len(tokens)] = {"segment_id": "s2", "position": 9, "term": pd.NA}
    t = tokens[tokens["term"].notna()].astype(str).merge(
        segments[segments["session"] != ""], on="segment_id")
    want = pd.crosstab(t["term"], t["session"])
    for seg in (tokens["segment_id"], tokens["segment_id"].astype("category")):
        got = module._lexical_table(tokens.assign(segment_id=seg), segments, "session")
        pd.testing.assert_frame_equal(got, want)
    twice = pd.concat([segments, segments.iloc[[0]]], ignore_index=True)
    got = module._lexical_table(tokens, twice, "session")
    assert got.loc["jardin", "b"] == 3
