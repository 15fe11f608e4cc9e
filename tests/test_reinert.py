"""Tests of the Reinert classification (insights.reinert), on hand-built token tables."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from scipy import sparse, stats
from sklearn.metrics import adjusted_rand_score

from insights import reinert as R
from insights.errors import InsightsError, InvalidArgumentError
from insights.schema import ASSIGNMENT_COLUMNS

VOCABULARIES = [
    ["jardin", "potager", "graine", "arrosoir", "compost", "légume", "semis", "serre"],
    ["budget", "subvention", "financement", "euro", "dépense", "comptabilité", "facture",
     "trésorerie"],
    ["musique", "concert", "guitare", "chanson", "scène", "orchestre", "rythme", "répétition"],
]


def tokenize(segments: pd.DataFrame) -> pd.DataFrame:
    """A token table in the annotate layout: words are NOUN terms, the rest punctuation."""
    rows = []
    for sid, text in zip(segments["segment_id"], segments["text"]):
        for i, m in enumerate(re.finditer(r"\w+|[^\w\s]", text)):
            w = m.group()
            punct = not w[0].isalnum()
            rows.append({
                "segment_id": sid, "position": i, "start": m.start(), "end": m.end(), "text": w,
                "lemma": w.lower(), "pos": "PUNCT" if punct else "NOUN", "is_stop": False,
                "is_filler": False, "is_punct": punct, "term": pd.NA if punct else w.lower(),
                "term_len": 0 if punct else 1,
            })
    return pd.DataFrame(rows)


def three_topics(n: int = 60, seed: int = 1) -> tuple[pd.DataFrame, np.ndarray]:
    """``n`` segments of 8 words, each drawn from one of three disjoint vocabularies, in blocks
    of 4 consecutive segments per source file (so that units merge within one topic)."""
    rng = np.random.default_rng(seed)
    rows, truth = [], []
    for i in range(n):
        topic = (i // 4) % 3
        words = rng.choice(VOCABULARIES[topic], size=8)
        rows.append({
            "segment_id": f"f{i // 4}.md#{i % 4 + 1}",
            "text": " ".join(words[:4]) + ", " + " ".join(words[4:]) + ".",
            "session": ["matin", "midi", "soir"][topic], "group": "", "kind": "notes",
            "category": "", "speaker": "", "profile": "", "source": f"f{i // 4}.md",
        })
        truth.append(topic)
    return pd.DataFrame(rows), np.array(truth)


@pytest.fixture(scope="module")
def corpus():
    segments, truth = three_topics()
    return segments, tokenize(segments), truth


@pytest.fixture(scope="module")
def fitted(corpus):
    segments, tokens, _ = corpus
    return R.Reinert(3, min_segment_size=0, min_split_members=5, merge_short=False).fit(
        tokens, segments)


# --- chi2 criterion ---------------------------------------------------------------------------

def test_grouped_chi2_hand_worked_and_scipy():
    table = [[1, 2, 1, 1, 1], [1, 2, 1, 1, 2]]
    # by hand: column totals 2,4,2,2,3, N = 13, n1 = 6; chi2 = N (N q - n1^2) / (n1 n2)
    # with q = 1/2 + 4/4 + 1/2 + 1/2 + 1/3 -> 13 * (13 * 17/6 - 36) / 42 = 0.2579365
    assert R.grouped_chi2(table) == pytest.approx(0.2579365, abs=1e-7)
    ref = stats.chi2_contingency(np.array(table), correction=False).statistic
    assert R.grouped_chi2(table) == pytest.approx(ref, rel=1e-12)


def test_grouped_chi2_rejects_bad_table():
    with pytest.raises(InvalidArgumentError, match="table"):
        R.grouped_chi2([[1, 0], [1, 0]])


def test_best_cut_matches_brute_force_scan():
    rng = np.random.default_rng(3)
    dense = (rng.random((40, 12)) < 0.3).astype(float)
    dense[:, dense.sum(axis=0) == 0] = 1
    dense[dense.sum(axis=1) == 0, 0] = 1
    order = rng.permutation(40)
    n_first, chi2 = R._best_cut(sparse.csr_matrix(dense), order)
    brute = []
    for i in range(1, 40):
        tab = np.vstack([dense[order[:i]].sum(axis=0), dense[order[i:]].sum(axis=0)])
        brute.append(stats.chi2_contingency(tab, correction=False).statistic)
    assert n_first == int(np.argmax(brute)) + 1
    assert chi2 == pytest.approx(max(brute), rel=1e-9)


def test_switch_rows_reaches_a_local_maximum():
    rng = np.random.default_rng(4)
    dense = (rng.random((30, 10)) < 0.35).astype(float)
    dense[:, dense.sum(axis=0) == 0] = 1
    dense[dense.sum(axis=1) == 0, 0] = 1
    m = sparse.csr_matrix(dense)
    in1 = np.arange(30) < 15

    def chi2_of(mask):
        return R.grouped_chi2([dense[mask].sum(axis=0), dense[~mask].sum(axis=0)])

    out, chi2 = R._switch_rows(m, in1, chi2_of(in1))
    assert chi2 == pytest.approx(chi2_of(out), rel=1e-9)
    assert chi2 >= chi2_of(in1)
    for i in range(30):
        moved = out.copy()
        moved[i] = not moved[i]
        if moved.any() and (~moved).any():
            assert chi2_of(moved) <= chi2 + 1e-9


def test_compute_uc_merges_within_documents():
    sizes = np.array([3, 4, 5, 12, 2, 2])
    docs = np.array(["a", "a", "a", "b", "b", "c"])
    # a: 3+4 = 7 (< 10) + 5 = 12 -> one unit; b: 12 alone, then 2 short at the end -> joins it;
    # c: 2 alone, no previous unit in c
    assert R._compute_uc(sizes, docs, 10).tolist() == [0, 0, 0, 1, 1, 2]
    assert R._compute_uc(sizes, docs, 0).tolist() == [0, 1, 2, 3, 4, 5]


# --- text segments ------------------------------------------------------------------------------

def test_split_segments_cuts_at_punctuation_and_keeps_text_verbatim():
    first = " ".join(f"mot{i}" for i in range(36)) + "."   # 36 words then a full stop
    second = " ".join(f"terme{i}" for i in range(30)) + ", " + " ".join(
        f"suite{i}" for i in range(30)) + "."
    segments = pd.DataFrame({"segment_id": ["a.md#1"], "text": [first + " " + second]})
    tokens = tokenize(segments)
    uce = R.split_segments(tokens, segments, segment_size=40)
    assert uce["text"].iloc[0] == first
    assert uce["n_words"].iloc[0] == 36
    text = segments["text"].iloc[0]
    for row in uce.itertuples():
        assert text[row.start_char:row.end_char] == row.text
    assert uce["uce_id"].tolist() == [f"a.md#1/{k}" for k in range(1, len(uce) + 1)]
    # the 97 tokens are covered once, in order
    assert uce["start_position"].iloc[0] == 0
    assert (uce["start_position"].iloc[1:].to_numpy() == uce["end_position"].iloc[:-1]).all()
    assert uce["end_position"].iloc[-1] == len(tokens)
    # the second cut falls on the comma (weight 1) rather than mid-clause
    assert uce["text"].iloc[1].endswith(",")


def test_split_segments_merges_short_units_of_same_group():
    texts = ["un deux trois quatre", "cinq six sept huit", "neuf dix onze douze",
             "treize quatorze quinze", "seize dix-sept"]
    segments = pd.DataFrame({
        "segment_id": [f"p.csv#{i}" for i in range(1, 6)], "text": texts,
        "session": "s", "group": ["t1", "t1", "t1", "t2", "t2"], "kind": "postit",
        "category": "",
    })
    tokens = tokenize(segments)
    uce = R.split_segments(tokens, segments, merge_short=True, min_words=8)
    # t1: 4 + 4 words -> merged (8), then 4 words left -> joins the previous merged unit;
    # t2 is never merged with t1
    assert uce["segment_ids"].tolist() == [["p.csv#1", "p.csv#2", "p.csv#3"],
                                           ["p.csv#4", "p.csv#5"]]
    assert uce["uce_id"].tolist() == ["p.csv#1/1+2", "p.csv#4/1+1"]
    assert uce["text"].iloc[0] == "\n".join(texts[:3])
    assert uce["n_words"].tolist() == [12, 6]  # "dix-sept" is dix - sept
    plain = R.split_segments(tokens, segments)
    assert len(plain) == 5


def test_split_segments_bad_input():
    segments, _ = three_topics(6)
    with pytest.raises(InvalidArgumentError, match="tokens"):
        R.split_segments(pd.DataFrame({"segment_id": []}), segments)
    with pytest.raises(InvalidArgumentError, match="segment_size"):
        R.split_segments(tokenize(segments), segments, segment_size=2)


# --- simple classification ----------------------------------------------------------------------

def test_reinert_finds_separated_vocabularies(fitted, corpus):
    _, _, truth = corpus
    assert fitted.labels_.notna().all()
    assert adjusted_rand_score(truth, fitted.labels_.to_numpy(dtype=int)) == 1.0
    assert fitted.n_classes_ == 3
    assert fitted.stop_reason_ == "reached k=3 classes"
    assert fitted.class_sizes_.tolist() == [20, 20, 20]
    tree = fitted.tree_
    assert tree["split"].tolist() == [1, 2]
    assert tree["size"].tolist() == [60, 40]
    assert (tree["chi2"] > 0).all()


def test_cut_is_nested(fitted):
    assert fitted.cut(3).equals(fitted.labels_)
    pairs = pd.crosstab(fitted.cut(3), fitted.cut(2))
    assert ((pairs > 0).sum(axis=1) == 1).all()
    with pytest.raises(InvalidArgumentError, match="`k`"):
        fitted.cut(7)


def test_profiles_match_scipy(fitted):
    p = fitted.profiles_
    assert list(p.columns) == ["class", "term", "n_class_with_term", "n_class",
                               "n_total_with_term", "n_total", "chi2", "p_value", "share"]
    row = p.iloc[0]
    a, nc, nt, n = (int(row[c]) for c in ("n_class_with_term", "n_class", "n_total_with_term",
                                          "n_total"))
    table = np.array([[a, nc - a], [nt - a, n - nc - nt + a]])
    ref = stats.chi2_contingency(table, correction=False)
    assert row["chi2"] == pytest.approx(ref.statistic)
    assert row["p_value"] == pytest.approx(ref.pvalue)
    assert row["share"] == pytest.approx(a / nt)
    # sorted by class, then chi2 descending; absent terms are negative
    for _, g in p.groupby("class"):
        assert g["chi2"].is_monotonic_decreasing
    assert (p.loc[p["n_class_with_term"] == 0, "chi2"] < 0).all()
    # each class's top terms come from one vocabulary
    for cls in fitted.class_sizes_.index:
        top = set(fitted.top_terms(cls, n=5))
        assert any(top <= set(v) for v in VOCABULARIES)


def test_metadata_profiles_place_classes_in_the_day(fitted):
    m = fitted.metadata_profiles_
    sess = m.loc[(m["variable"] == "session") & (m["chi2"] > 0)]
    # each class is the whole of exactly one session (sessions follow topics in the fixture)
    assert sorted(sess["share"].tolist()) == [1.0, 1.0, 1.0]
    assert sess["class"].nunique() == 3
    assert set(m["variable"]) == {"session", "kind"}  # empty profile values are skipped


def test_theme_result_and_characteristic_segments(fitted, corpus):
    segments, _, _ = corpus
    res = fitted.theme_result(top_n=4)
    assert list(res.themes.columns) == ["theme", "label", "method", "top_terms"]
    assert res.themes["theme"].tolist() == ["reinert-1", "reinert-2", "reinert-3"]
    assert all(lbl.startswith(f"classe {i}\u00a0: ")
               for i, lbl in enumerate(res.themes["label"], start=1))
    assert all(len(t) == 4 for t in res.themes["top_terms"])
    a = res.assignments
    assert list(a.columns) == ASSIGNMENT_COLUMNS
    assert set(a["segment_id"]) == set(segments["segment_id"])
    assert (a["weight"] == 1.0).all()
    chars = fitted.characteristic_segments(2)
    assert list(chars.columns) == ["class", "rank", "uce_id", "segment_id", "score", "text"]
    assert chars.groupby("class")["rank"].apply(list).tolist() == [[1, 2]] * 3
    # the score is the sum of chi2 of the class's significant positive terms in the segment
    first = chars.iloc[0]
    p = fitted.profiles_
    p = p.loc[(p["class"] == first["class"]) & (p["chi2"] > 0) & (p["p_value"] < 0.05)]
    words = set(re.findall(r"\w+", first["text"].lower()))
    assert first["score"] == pytest.approx(p.loc[p["term"].isin(words), "chi2"].sum())


def test_theme_weights_share_of_text_segments():
    rng = np.random.default_rng(7)
    segments, _ = three_topics(30, seed=2)
    # one long segment mixing topic 0 then topic 1, cut in two text segments at the full stop
    mixed = (" ".join(rng.choice(VOCABULARIES[0], size=38)) + ". "
             + " ".join(rng.choice(VOCABULARIES[1], size=38)) + ".")
    segments = pd.concat([segments, pd.DataFrame([{**segments.iloc[0].to_dict(),
                                                   "segment_id": "mix.md#1", "text": mixed,
                                                   "source": "mix.md"}])], ignore_index=True)
    tokens = tokenize(segments)
    est = R.Reinert(3, min_segment_size=0, min_split_members=5, merge_short=False).fit(
        tokens, segments)
    a = est.theme_result().assignments
    mix = a.loc[a["segment_id"] == "mix.md#1"]
    assert len(mix) == 2
    assert mix["weight"].tolist() == [0.5, 0.5]
    assert a.groupby("segment_id")["weight"].sum().eq(1.0).all()


def test_reinert_is_deterministic(corpus, fitted):
    segments, tokens, _ = corpus
    again = R.Reinert(3, min_segment_size=0, min_split_members=5, merge_short=False).fit(
        tokens, segments)
    pd.testing.assert_series_equal(again.labels_, fitted.labels_)
    pd.testing.assert_frame_equal(again.tree_, fitted.tree_)
    pd.testing.assert_frame_equal(again.profiles_, fitted.profiles_)
    pd.testing.assert_frame_equal(again.uce_, fitted.uce_)
    assert again.profiles_.to_csv() == fitted.profiles_.to_csv()


def test_early_stop_is_explained(corpus):
    segments, tokens, _ = corpus
    est = R.Reinert(10, min_segment_size=0, min_split_members=25, merge_short=False)
    with pytest.warns(R.EarlyStopWarning, match="min_split_members=25"):
        est.fit(tokens, segments)
    assert est.n_classes_ < 10
    assert est.stop_reason_.startswith(f"stopped at {est.n_classes_} classes")
    assert "(< min_split_members=25)" in est.stop_reason_


@pytest.mark.parametrize("params, name", [
    ({"k": 1}, "`k`"),
    ({"k": "3"}, "`k`"),
    ({"min_split_members": 2}, "`min_split_members`"),
    ({"min_segment_freq": 0}, "`min_segment_freq`"),
    ({"cc_test": 1.5}, "`cc_test`"),
    ({"segment_size": 1}, "`segment_size`"),
    ({"document": "nope"}, "`document`"),
    ({"pos": "NOUN"}, "`pos`"),
])
def test_bad_parameters_raise_clear_errors(corpus, params, name):
    segments, tokens, _ = corpus
    est = R.Reinert(**params)  # the constructor only stores
    with pytest.raises(InvalidArgumentError, match=name):
        est.fit(tokens, segments)


def test_missing_columns_and_too_little_text(corpus):
    segments, tokens, _ = corpus
    with pytest.raises(InvalidArgumentError, match="term"):
        R.Reinert().fit(tokens.drop(columns=["term"]), segments)
    with pytest.raises(InsightsError, match="too little text"):
        R.Reinert(merge_short=False).fit(tokens, segments.head(2))
    with pytest.raises(InsightsError, match="not fitted"):
        R.Reinert().theme_result()


# --- double classification ----------------------------------------------------------------------

def test_double_classification_finds_vocabularies(corpus):
    segments, tokens, truth = corpus
    est = R.ReinertDouble(3, min_segment_size1=0, min_segment_size2=10, min_members=5,
                          min_split_members=5, merge_short=False).fit(tokens, segments)
    # the second classification works on units of two segments (8 terms each at most)
    assert est.second_.uce_["uc"].nunique() < est.first_.uce_["uc"].nunique()
    assert est.n_classes_ == 3
    lab = est.labels_
    assert lab.notna().all()
    assert adjusted_rand_score(truth, lab.to_numpy(dtype=int)) == 1.0
    parts = est.partitions_
    assert parts["k"].tolist() == [2, 3]
    assert (parts["n"] <= len(segments)).all()
    c = est.crossed_
    assert (c["n"] >= 5).all() and (c["chi2"] >= 3.84).all()
    # the total chi2 of the chosen partition is the sum of its crossed classes' chi2
    best = parts.iloc[-1]
    assert best["chi2"] == pytest.approx(c.set_index("crossed").loc[best["classes"], "chi2"].sum())
    assert est.cut(2).nunique() == 2
    res = est.theme_result()
    assert res.themes["method"].eq("reinert").all()
    again = R.ReinertDouble(3, min_segment_size1=0, min_segment_size2=10, min_members=5,
                            min_split_members=5, merge_short=False).fit(tokens, segments)
    pd.testing.assert_series_equal(again.labels_, est.labels_)
    pd.testing.assert_frame_equal(again.partitions_, est.partitions_)


def test_double_association_chi2_is_yates_signed():
    # 2x2: both 8, only first 2, only second 2, neither 28
    ref = stats.chi2_contingency(np.array([[8, 2], [2, 28]]), correction=True).statistic
    assert R._assoc_chi2(8, 10, 10, 40) == pytest.approx(ref)
    assert R._assoc_chi2(1, 20, 20, 40) < 0


def _crossing(first: dict, second: dict, **params) -> R.ReinertDouble:
    """A ReinertDouble whose two simple classifications are given as {k: labels}."""
    from types import SimpleNamespace

    n = len(next(iter(first.values())))
    est = R.ReinertDouble(**params)
    est.uce_ = pd.DataFrame({"uce_id": [f"s#{i}" for i in range(n)]})
    est.first_ = SimpleNamespace(_levels={k: np.asarray(v) for k, v in first.items()})
    est.second_ = SimpleNamespace(_levels={k: np.asarray(v) for k, v in second.items()})
    est._cross()
    return est


def test_double_leaves_segments_unclassified_not_forced():
    # segments 18 and 19 are in class 1 of the first classification, class 2 of the second
    first = {2: [1] * 20 + [2] * 20}
    second = {2: [1] * 18 + [2] * 22}
    est = _crossing(first, second, k=3, min_members=5)
    lab = est.labels_
    assert lab.dtype == "Int64"
    assert lab.isna().tolist() == [False] * 18 + [True] * 2 + [False] * 20
    assert lab.iloc[:18].nunique() == 1 and lab.iloc[20:].nunique() == 1
    # partition for k = 2: crossed classes 1x1 (18) and 2x2 (20), association chi2 with Yates
    chi_11 = stats.chi2_contingency(np.array([[18, 2], [0, 20]]), correction=True).statistic
    chi_22 = stats.chi2_contingency(np.array([[20, 0], [2, 18]]), correction=True).statistic
    parts = est.partitions_
    assert parts["k"].tolist() == [2]
    assert parts["chi2"].iloc[0] == pytest.approx(chi_11 + chi_22)
    assert parts["n"].iloc[0] == 38
    assert parts["classes"].iloc[0] == ["2.2x2.2", "2.1x2.1"]  # numbered by size
    assert est.stop_reason_.startswith("stopped at 2 classes")


def test_double_partition_search_maximises_total_chi2():
    # two nested trees over 60 segments in 3 blocks; the second tree cuts block 3 differently
    first = {2: [1] * 20 + [2] * 40, 3: [1] * 20 + [2] * 20 + [3] * 20}
    second = {2: [1] * 20 + [2] * 40, 3: [1] * 20 + [2] * 30 + [3] * 10}
    est = _crossing(first, second, k=3, min_members=5, full=True)
    parts = est.partitions_.set_index("k")
    crossed = est.crossed_.set_index("crossed")
    # brute force over every pair / triple of disjoint kept crossed classes
    members = {c: set(np.flatnonzero(
        (np.asarray(first[r.k1]) == r.class1) & (np.asarray(second[r.k2]) == r.class2)))
        for c, r in crossed.iterrows()}
    from itertools import combinations

    for k in (2, 3):
        best = max(
            (sum(crossed.loc[list(combo), "chi2"]) for combo in combinations(members, k)
             if all(not members[a] & members[b] for a, b in combinations(combo, 2))),
        )
        assert parts.loc[k, "chi2"] == pytest.approx(best)
    classical = _crossing(first, second, k=3, min_members=5, full=False)
    assert len(classical.crossed_) <= len(est.crossed_)


def test_double_bad_parameters(corpus):
    segments, tokens, _ = corpus
    with pytest.raises(InvalidArgumentError, match="`min_members`"):
        R.ReinertDouble(min_members=0).fit(tokens, segments)
    with pytest.raises(InvalidArgumentError, match="`min_chi2`"):
        R.ReinertDouble(min_chi2=-1).fit(tokens, segments)
    with pytest.raises(InsightsError, match="min_members=100"):
        R.ReinertDouble(3, min_members=100, min_segment_size1=0, min_segment_size2=10,
                        min_split_members=5, merge_short=False).fit(tokens, segments)


def test_sparse_and_dense_correspondence_analysis_agree(monkeypatch):
    rng = np.random.default_rng(11)
    m = sparse.csr_matrix((rng.random((300, 60)) < 0.1).astype(float))
    m = m[np.asarray(m.sum(axis=1)).ravel() > 0][:, np.asarray(m.sum(axis=0)).ravel() > 0]
    dense = R._ca_first_axis(m, 0)
    monkeypatch.setattr(R, "_DENSE_SVD_MAX_CELLS", 0)
    sparse_coord = R._ca_first_axis(m, 0)
    np.testing.assert_allclose(sparse_coord, dense, rtol=1e-6, atol=1e-8)
    # the coordinates are those of a textbook CA: first left singular vector of the
    # standardised residuals, divided by the square root of the row masses
    p = m.toarray() / m.sum()
    r, c = p.sum(axis=1), p.sum(axis=0)
    s = (p - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    u = np.linalg.svd(s)[0][:, 0] / np.sqrt(r)
    np.testing.assert_allclose(np.abs(dense), np.abs(u), rtol=1e-6, atol=1e-8)


def test_best_packing_matches_brute_force():
    from itertools import combinations

    rng = np.random.default_rng(12)
    for _ in range(20):
        sets = [frozenset(np.flatnonzero(rng.random(24) < 0.2)) for _ in range(12)]
        sets = [s for s in sets if s]
        bits = [sum(1 << i for i in s) for s in sets]
        chi2 = rng.uniform(1, 50, size=len(sets))
        size = np.array([len(s) for s in sets])
        for k in (2, 3, 4):
            combos = [c for c in combinations(range(len(sets)), k)
                      if all(not sets[a] & sets[b] for a, b in combinations(c, 2))]
            found = R._best_packing(bits, chi2, size, k, 10**6)
            if not combos:
                assert found is None
                continue
            assert found[0] == pytest.approx(max(chi2[list(c)].sum() for c in combos))
            assert all(not sets[a] & sets[b] for a, b in combinations(found[2], 2))
    with pytest.raises(InsightsError, match="max_partitions=2"):
        R._best_packing([1, 2, 4, 8, 16], np.arange(5.0, 0, -1), np.ones(5), 3, 2)
