"""Tests of the Reinert estimators on a matrix (insights.reinert), against rainette's own test
case and independent computations (scipy, numpy, brute force)."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import sparse, stats
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import adjusted_rand_score

from insights import reinert as R
from insights.messages_fr import MESSAGES, fr, fr_error
from insights.reinert import chd, double, simple
from insights.errors import InsightsError, InvalidArgumentError

#: rainette's tests/testthat/test_rainette1.R, "mini_dfm": 7 documents x 5 features
MINI_DFM = np.array([
    [1, 1, 1, 0, 0],
    [0, 0, 1, 1, 0],
    [1, 0, 0, 0, 0],
    [1, 1, 1, 1, 0],
    [1, 1, 1, 1, 1],
    [1, 0, 0, 0, 0],
    [1, 1, 1, 0, 0],
])


def three_topics(n: int = 60, seed: int = 1, words: int = 8) -> tuple[sparse.csr_matrix, np.ndarray]:
    """``n`` rows of ``words`` terms drawn from one of three disjoint vocabularies of 8 terms
    (columns 0-7, 8-15, 16-23), in blocks of 4 consecutive rows per topic; returns the binary
    matrix and the topic of each row."""
    rng = np.random.default_rng(seed)
    rows, cols, truth = [], [], []
    for i in range(n):
        topic = (i // 4) % 3
        picked = np.unique(rng.choice(8, size=words)) + 8 * topic
        rows += [i] * len(picked)
        cols += picked.tolist()
        truth.append(topic)
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, 24))
    return x, np.array(truth)


@pytest.fixture(scope="module")
def topics():
    return three_topics()


@pytest.fixture(scope="module")
def fitted(topics):
    x, _ = topics
    return R.Reinert(3, min_split_members=5).fit(x)


# --- rainette's own test case ------------------------------------------------------------------

def _ca_order(m: np.ndarray) -> np.ndarray:
    """Rows in the order of their first correspondence-analysis coordinate (numpy SVD)."""
    p = m / m.sum()
    r, c = p.sum(axis=1), p.sum(axis=0)
    s = (p - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    return np.argsort(np.linalg.svd(s)[0][:, 0] / np.sqrt(r), kind="stable")


def test_rainette_mini_dfm():
    # rainette(mini_dfm, k = 2, min_segment_size = 1, min_split_members = 3):
    # group == c(2, 2, 1, 2, 2, 1, 2), height == max chi2 over the CA-ordered cuts
    est = R.Reinert(2, min_segment_size=1, min_split_members=3).fit(sparse.csr_matrix(MINI_DFM))
    lab = est.labels_
    assert set(lab.tolist()) == {1, 2}
    assert set(np.flatnonzero(lab == lab[2])) == {2, 5}  # documents 3 and 6
    assert set(np.flatnonzero(lab != lab[2])) == {0, 1, 3, 4, 6}
    order = _ca_order(MINI_DFM.astype(float))
    cuts = []
    for i in range(1, 7):
        tab = np.vstack([MINI_DFM[order[:i]].sum(axis=0), MINI_DFM[order[i:]].sum(axis=0)])
        cuts.append(stats.chi2_contingency(tab, correction=False).statistic)
    assert est.tree_["chi2"].iloc[0] == pytest.approx(max(cuts), rel=1e-6)
    # the best cut along the CA order is documents 3 and 6 against the rest (either end)
    best = int(np.argmax(cuts)) + 1
    assert {frozenset(order[:best]), frozenset(order[best:])} >= {frozenset({2, 5})}


def test_rainette_select_features_case():
    # rainette's "select_features" test: groups (3, 6) / the rest -> cols1 empty,
    # cols2 = feat2, feat3, feat4; groups (4, 3, 5, 6, 2) / (7, 1) -> cols1 = feat1, 3, 4
    m = sparse.csr_matrix(MINI_DFM.astype(float))
    in1 = np.isin(np.arange(7), [2, 5])
    keep1, keep2 = chd._select_features(m, in1, 0.3, 3)
    assert np.flatnonzero(keep1).tolist() == []
    assert np.flatnonzero(keep2).tolist() == [1, 2, 3]
    in1 = np.isin(np.arange(7), [3, 2, 4, 5, 1])
    keep1, keep2 = chd._select_features(m, in1, 0.3, 3)
    assert np.flatnonzero(keep1).tolist() == [0, 2, 3]
    assert np.flatnonzero(keep2).tolist() == []


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
    n_first, chi2 = chd._best_cut(sparse.csr_matrix(dense), order)
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

    out, chi2 = chd._switch_rows(m, in1, chi2_of(in1))
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
    assert simple.compute_units(sizes, docs, 10).tolist() == [0, 0, 0, 1, 1, 2]
    assert simple.compute_units(sizes, docs, 0).tolist() == [0, 1, 2, 3, 4, 5]


# --- the estimators ----------------------------------------------------------------------------

def test_reinert_finds_separated_vocabularies(fitted, topics):
    _, truth = topics
    assert isinstance(fitted.labels_, np.ndarray) and len(fitted.labels_) == 60
    assert (fitted.labels_ != R.UNCLASSIFIED).all()
    assert adjusted_rand_score(truth, fitted.labels_) == 1.0
    assert fitted.n_classes_ == 3 and fitted.n_features_in_ == 24
    assert fitted.stop_reason_ == "reached k=3 classes"
    assert np.bincount(fitted.labels_)[1:].tolist() == [20, 20, 20]
    tree = fitted.tree_
    assert tree["split"].tolist() == [1, 2]
    assert tree["size"].tolist() == [60, 40]
    assert (tree["chi2"] > 0).all()
    assert fitted.units_.tolist() == list(range(60))  # no groups: each row is its own unit


def test_fit_on_sparse_dense_and_dataframe_agree(fitted, topics):
    x, _ = topics
    for X in (x.toarray(), pd.DataFrame(x.toarray()), x.tocoo(), (x * 3).tocsc()):
        again = R.Reinert(3, min_split_members=5).fit(X)
        np.testing.assert_array_equal(again.labels_, fitted.labels_)
        pd.testing.assert_frame_equal(again.tree_, fitted.tree_)


def test_labels_follow_the_rows_of_x(fitted, topics):
    x, truth = topics
    perm = np.random.default_rng(5).permutation(60)
    again = R.Reinert(3, min_split_members=5).fit(x[perm])
    assert adjusted_rand_score(truth[perm], again.labels_) == 1.0
    assert adjusted_rand_score(fitted.labels_[perm], again.labels_) == 1.0


def test_cut_is_nested(fitted):
    np.testing.assert_array_equal(fitted.cut(3), fitted.labels_)
    pairs = pd.crosstab(fitted.cut(3), fitted.cut(2))
    assert ((pairs > 0).sum(axis=1) == 1).all()
    with pytest.raises(InvalidArgumentError, match="`k`"):
        fitted.cut(7)


def _plain(params: dict) -> dict:
    """``get_params()`` with a nested estimator (``ReinertDouble.simple``) as its parameters:
    a clone holds a copy of it, equal but not the same object."""
    return {k: (v.get_params() if hasattr(v, "get_params") else v) for k, v in params.items()}


@pytest.mark.parametrize("est", [
    R.Reinert(3, min_segment_size=4, min_split_members=5),
    R.ReinertDouble(3, min_segment_size=(0, 10), min_members=5,
                    simple=R.Reinert(min_split_members=5)),
])
def test_scikit_learn_conventions(est, topics):
    x, _ = topics
    params = est.get_params()
    copy = clone(est)
    assert copy is not est and _plain(copy.get_params()) == _plain(params)
    with pytest.raises(NotFittedError):
        est.cut(2)
    assert copy.set_params(k=2).k == 2 and est.k == 3
    est.fit(x, groups=np.arange(60) // 4)
    assert est.get_params() == params  # fit never rewrites a parameter
    assert not hasattr(clone(est), "labels_")
    np.testing.assert_array_equal(est.fit_predict(x, groups=np.arange(60) // 4), est.labels_)


def test_groups_merge_rows_of_one_text_only(topics):
    x, truth = topics
    groups = np.arange(60) // 4  # 4 consecutive rows per text (one topic each)
    est = R.Reinert(3, min_segment_size=10, min_split_members=5).fit(x, groups=groups)
    units = pd.Series(est.units_)
    assert units.nunique() < 60
    # a unit never spans two texts
    assert (pd.Series(groups).groupby(units).nunique() == 1).all()
    assert adjusted_rand_score(truth, est.labels_) == 1.0
    # texts made of one row each: nothing to merge whatever min_segment_size
    alone = R.Reinert(3, min_segment_size=50, min_split_members=5).fit(x, groups=np.arange(60))
    assert alone.units_.tolist() == list(range(60))
    with pytest.raises(InvalidArgumentError, match="`groups`"):
        R.Reinert(3).fit(x, groups=groups[:10])


def test_rows_without_terms_are_unclassified(topics):
    x, _ = topics
    x = sparse.vstack([x, sparse.csr_matrix((2, 24))]).tocsr()
    est = R.Reinert(3, min_split_members=5).fit(x)
    assert est.labels_[-2:].tolist() == [R.UNCLASSIFIED] * 2
    assert (est.labels_[:-2] != R.UNCLASSIFIED).all()


def test_reinert_is_deterministic(fitted, topics):
    x, _ = topics
    again = R.Reinert(3, min_split_members=5).fit(x)
    np.testing.assert_array_equal(again.labels_, fitted.labels_)
    pd.testing.assert_frame_equal(again.tree_, fitted.tree_)


def test_early_stop_is_explained(topics):
    x, _ = topics
    est = R.Reinert(10, min_split_members=25)
    with pytest.warns(R.EarlyStopWarning, match="min_split_members=25"):
        est.fit(x)
    assert est.n_classes_ < 10
    assert est.stop_reason_.startswith(f"stopped at {est.n_classes_} classes")
    assert "(< min_split_members=25)" in est.stop_reason_



def test_stop_reason_is_a_code_with_its_values_and_french_text(topics):
    x, _ = topics
    with pytest.warns(R.EarlyStopWarning):
        est = R.Reinert(10, min_split_members=25).fit(x)
    assert est.stop_code_ == "reinert.stop.min_split_members"
    assert est.stop_params_ == {"n_classes": est.n_classes_, "size": est.stop_params_["size"],
                                "min_split_members": 25}
    assert est.stop_params_["size"] < 25
    french = fr(est.stop_code_, **est.stop_params_)
    assert french.startswith(f"arrêt à {est.n_classes_} classe(s)") and "25" in french
    done = R.Reinert(3, min_split_members=5).fit(x)
    assert (done.stop_code_, done.stop_params_) == ("reinert.stop.reached", {"k": 3})


def test_every_stop_code_has_an_english_and_a_french_text():
    for code in R.STOP_REASONS:
        assert code in MESSAGES, code
    with pytest.raises(InsightsError) as caught:
        R.Reinert().fit(np.ones((2, 5)))
    assert caught.value.code == "reinert.too_little_text"
    assert fr_error(caught.value).startswith("trop peu de texte à classer : 2 segment(s)")


@pytest.mark.parametrize("params, name", [
    ({"k": 1}, "`k`"),
    ({"k": "3"}, "`k`"),
    ({"min_split_members": 2}, "`min_split_members`"),
    ({"min_segment_size": -1}, "`min_segment_size`"),
    ({"cc_test": 1.5}, "`cc_test`"),
    ({"tsj": 0}, "`tsj`"),
])
def test_bad_parameters_raise_clear_errors(topics, params, name):
    x, _ = topics
    est = R.Reinert(**params)  # the constructor only stores
    with pytest.raises(InvalidArgumentError, match=name):
        est.fit(x)


def test_bad_matrices_and_too_little_text():
    with pytest.raises(InvalidArgumentError, match="`X`"):
        R.Reinert().fit(np.array([[1, -1, 0], [0, 1, 1], [1, 1, 1]]))
    with pytest.raises(InvalidArgumentError, match="`X`"):
        R.Reinert().fit("not a matrix")
    with pytest.raises(InsightsError, match="too little text"):
        R.Reinert().fit(np.ones((2, 5)))


# --- profiles -----------------------------------------------------------------------------------

def test_class_profiles_match_scipy(fitted, topics):
    x, _ = topics
    terms = [f"w{j}" for j in range(24)]
    p = R.class_profiles(x, fitted.labels_, terms)
    assert list(p.columns) == ["class", "term", "n_class_with_term", "n_class",
                               "n_total_with_term", "n_total", "chi2", "p_value", "share"]
    for _, row in p.sample(10, random_state=0).iterrows():
        a, nc, nt, n = (int(row[c]) for c in ("n_class_with_term", "n_class",
                                              "n_total_with_term", "n_total"))
        table = np.array([[a, nc - a], [nt - a, n - nc - nt + a]])
        ref = stats.chi2_contingency(table, correction=False)
        assert abs(row["chi2"]) == pytest.approx(ref.statistic)
        assert row["p_value"] == pytest.approx(ref.pvalue)
        assert row["share"] == pytest.approx(a / nt)
    for _, g in p.groupby("class"):
        assert g["chi2"].is_monotonic_decreasing
    assert (p.loc[p["n_class_with_term"] == 0, "chi2"] < 0).all()
    # each class's top terms come from one vocabulary
    for cls, g in p.groupby("class"):
        top = {int(t[1:]) // 8 for t in g.head(5)["term"]}
        assert len(top) == 1


def test_class_profiles_on_any_partition_leave_unclassified_out(topics):
    x, truth = topics
    labels = truth + 1
    labels[:4] = R.UNCLASSIFIED
    p = R.class_profiles(x.toarray() * 2, labels, [f"w{j}" for j in range(24)])
    assert sorted(p["class"].unique()) == [1, 2, 3]
    assert (p["n_total"] == 56).all()
    with pytest.raises(InvalidArgumentError, match="`labels`"):
        R.class_profiles(x, labels[:5], [f"w{j}" for j in range(24)])
    with pytest.raises(InvalidArgumentError, match="`terms`"):
        R.class_profiles(x, labels, ["a"])


# --- double classification ----------------------------------------------------------------------


def test_double_groups_its_settings_and_keeps_scikit_learn_params():
    est = R.ReinertDouble(4, min_segment_size=(5, 12), simple=R.Reinert(cc_test=0.2, tsj=2))
    deep = est.get_params(deep=True)
    assert deep["min_segment_size"] == (5, 12) and deep["simple__cc_test"] == 0.2
    est.set_params(simple__tsj=4, min_members=3)
    assert est.simple.tsj == 4 and est.min_members == 3
    copy = clone(est)
    assert copy.simple is not est.simple and copy.simple.get_params() == est.simple.get_params()
    # the simple classifications take the double's k, unit sizes and seed
    run = est._simple(12)
    assert (run.k, run.min_segment_size, run.random_state, run.cc_test, run.tsj) == (4, 12, 0,
                                                                                   0.2, 4)
    with pytest.raises(InvalidArgumentError, match="`min_segment_size`"):
        R.ReinertDouble(min_segment_size=10).fit(np.eye(5))
    with pytest.raises(InvalidArgumentError, match="`simple`"):
        R.ReinertDouble(simple="Reinert").fit(np.eye(5))


def test_double_old_parameter_names_still_work_with_a_warning(topics):
    x, _ = topics
    with pytest.warns(FutureWarning) as caught:
        old = R.ReinertDouble(3, min_segment_size1=0, min_segment_size2=10, min_members=5,
                              min_split_members=5)
    assert sorted(str(w.message).split("`")[1] for w in caught) == [
        "min_segment_size1", "min_segment_size2", "min_split_members"]
    new = R.ReinertDouble(3, min_segment_size=(0, 10), min_members=5,
                          simple=R.Reinert(min_split_members=5))
    assert old.min_segment_size == (0, 10)
    assert old.simple.get_params() == new.simple.get_params()
    with pytest.warns(FutureWarning, match="`cc_test`"):
        assert R.ReinertDouble(cc_test=0.2).simple.cc_test == 0.2
    groups = np.arange(60) // 4
    np.testing.assert_array_equal(old.fit(x, groups=groups).labels_,
                                  new.fit(x, groups=groups).labels_)


def test_double_classification_finds_vocabularies(topics):
    x, truth = topics
    groups = np.arange(60) // 4
    est = R.ReinertDouble(3, min_segment_size=(0, 10), min_members=5,
                          simple=R.Reinert(min_split_members=5)).fit(x, groups=groups)
    # the second classification works on units of two rows (8 terms each at most)
    assert len(set(est.second_.units_)) < len(set(est.first_.units_))
    assert est.n_classes_ == 3
    assert (est.labels_ != R.UNCLASSIFIED).all()
    assert adjusted_rand_score(truth, est.labels_) == 1.0
    parts = est.partitions_
    assert parts["k"].tolist() == [2, 3]
    assert (parts["n"] <= 60).all()
    c = est.crossed_
    assert (c["n"] >= 5).all() and (c["chi2"] >= 3.84).all()
    # the total chi2 of the chosen partition is the sum of its crossed classes' chi2
    best = parts.iloc[-1]
    assert best["chi2"] == pytest.approx(c.set_index("crossed").loc[best["classes"], "chi2"].sum())
    assert set(est.cut(2).tolist()) - {R.UNCLASSIFIED} == {1, 2}
    again = clone(est).fit(x, groups=groups)
    np.testing.assert_array_equal(again.labels_, est.labels_)
    pd.testing.assert_frame_equal(again.partitions_, est.partitions_)


def test_double_association_chi2_is_yates_signed():
    # 2x2: both 8, only first 2, only second 2, neither 28
    ref = stats.chi2_contingency(np.array([[8, 2], [2, 28]]), correction=True).statistic
    assert double._assoc_chi2(8, 10, 10, 40) == pytest.approx(ref)
    assert double._assoc_chi2(1, 20, 20, 40) < 0


def _crossing(first: dict, second: dict, **params) -> R.ReinertDouble:
    """A ReinertDouble whose two simple classifications are given as {k: labels}."""
    from types import SimpleNamespace

    n = len(next(iter(first.values())))
    est = R.ReinertDouble(**params)
    est.first_ = SimpleNamespace(levels_={k: np.asarray(v) for k, v in first.items()})
    est.second_ = SimpleNamespace(levels_={k: np.asarray(v) for k, v in second.items()})
    est._cross(n)
    return est


def test_double_leaves_segments_unclassified_not_forced():
    # rows 18 and 19 are in class 1 of the first classification, class 2 of the second
    first = {2: [1] * 20 + [2] * 20}
    second = {2: [1] * 18 + [2] * 22}
    est = _crossing(first, second, k=3, min_members=5)
    lab = est.labels_
    assert (lab == R.UNCLASSIFIED).tolist() == [False] * 18 + [True] * 2 + [False] * 20
    assert len(set(lab[:18])) == 1 and len(set(lab[20:])) == 1
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
    # two nested trees over 60 rows in 3 blocks; the second tree cuts block 3 differently
    first = {2: [1] * 20 + [2] * 40, 3: [1] * 20 + [2] * 20 + [3] * 20}
    second = {2: [1] * 20 + [2] * 40, 3: [1] * 20 + [2] * 30 + [3] * 10}
    est = _crossing(first, second, k=3, min_members=5, full=True)
    parts = est.partitions_.set_index("k")
    crossed = est.crossed_.set_index("crossed")
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


def test_double_bad_parameters(topics):
    x, _ = topics
    with pytest.raises(InvalidArgumentError, match="`min_members`"):
        R.ReinertDouble(min_members=0).fit(x)
    with pytest.raises(InvalidArgumentError, match="`min_chi2`"):
        R.ReinertDouble(min_chi2=-1).fit(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", R.EarlyStopWarning)
        with pytest.raises(InsightsError, match="min_members=100"):
            R.ReinertDouble(3, min_members=100, min_segment_size=(0, 10),
                            simple=R.Reinert(min_split_members=5)).fit(x)


def test_sparse_and_dense_correspondence_analysis_agree(monkeypatch):
    rng = np.random.default_rng(11)
    m = sparse.csr_matrix((rng.random((300, 60)) < 0.1).astype(float))
    m = m[np.asarray(m.sum(axis=1)).ravel() > 0][:, np.asarray(m.sum(axis=0)).ravel() > 0]
    dense = chd._ca_first_axis(m, 0)
    monkeypatch.setattr(chd, "_DENSE_SVD_MAX_CELLS", 0)
    sparse_coord = chd._ca_first_axis(m, 0)
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
            found = double._best_packing(bits, chi2, size, k, 10**6)
            if not combos:
                assert found is None
                continue
            assert found[0] == pytest.approx(max(chi2[list(c)].sum() for c in combos))
            assert all(not sets[a] & sets[b] for a, b in combinations(found[2], 2))
    with pytest.raises(InsightsError, match="max_partitions=2"):
        double._best_packing([1, 2, 4, 8, 16], np.arange(5.0, 0, -1), np.ones(5), 3, 2)
