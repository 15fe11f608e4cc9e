"""Tests of the Reinert chain on an event's tables (insights.reinert_event), on hand-built
token tables: text segments, the text rule (never merge two texts), themes and quotes."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.metrics import adjusted_rand_score

from insights import reinert as R
from insights import reinert_event as RT
from insights.errors import InsightsError, InvalidArgumentError
from insights.schema import ASSIGNMENT_COLUMNS
from conftest import token_table

VOCABULARIES = [
    ["jardin", "potager", "graine", "arrosoir", "compost", "légume", "semis", "serre"],
    ["budget", "subvention", "financement", "euro", "dépense", "comptabilité", "facture",
     "trésorerie"],
    ["musique", "concert", "guitare", "chanson", "scène", "orchestre", "rythme", "répétition"],
]


def tokenize(segments: pd.DataFrame) -> pd.DataFrame:
    """A token table in the annotate layout: words are NOUN terms, the rest punctuation."""
    texts = dict(zip(segments["segment_id"], segments["text"]))
    return token_table({sid: re.findall(r"\w+|[^\w\s]", text) for sid, text in texts.items()},
                       texts=texts)


def three_topics(n: int = 60, seed: int = 1) -> tuple[pd.DataFrame, np.ndarray]:
    """``n`` segments of 8 words, each drawn from one of three disjoint vocabularies, in blocks
    of 4 consecutive segments per source file, each file one text."""
    rng = np.random.default_rng(seed)
    rows, truth = [], []
    for i in range(n):
        topic = (i // 4) % 3
        words = rng.choice(VOCABULARIES[topic], size=8)
        rows.append({
            "segment_id": f"f{i // 4}.md#{i % 4 + 1}",
            "text": " ".join(words[:4]) + ", " + " ".join(words[4:]) + ".",
            "text_id": f"f{i // 4}.md#1",
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
    return RT.reinert_classification(
        tokens, segments, estimator=R.Reinert(3, min_split_members=5), merge_short=False)


# --- text segments ------------------------------------------------------------------------------

def test_split_segments_cuts_at_punctuation_and_keeps_text_verbatim():
    first = " ".join(f"mot{i}" for i in range(36)) + "."   # 36 words then a full stop
    second = " ".join(f"terme{i}" for i in range(30)) + ", " + " ".join(
        f"suite{i}" for i in range(30)) + "."
    segments = pd.DataFrame({"segment_id": ["a.md#1"], "text": [first + " " + second]})
    tokens = tokenize(segments)
    uce = RT.split_segments(tokens, segments, segment_size=40)
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


def test_split_segments_merges_short_pieces_of_one_text_only():
    texts = ["un deux trois quatre", "cinq six sept huit", "neuf dix onze douze",
             "treize quatorze quinze", "seize dix-sept"]
    segments = pd.DataFrame({
        "segment_id": [f"n.md#{i}" for i in range(1, 6)], "text": texts,
        "text_id": ["n.md#1"] * 3 + ["n.md#4"] * 2, "session": "s", "group": "t1",
        "kind": "notes", "category": "",
    })
    tokens = tokenize(segments)
    uce = RT.split_segments(tokens, segments, merge_short=True, min_words=8)
    # text 1: 4 + 4 words -> merged (8), then 4 words left -> joins the previous merged unit;
    # text 2 is never merged with text 1, although both share session, group and kind
    assert uce["segment_ids"].tolist() == [["n.md#1", "n.md#2", "n.md#3"],
                                           ["n.md#4", "n.md#5"]]
    assert uce["uce_id"].tolist() == ["n.md#1/1+2", "n.md#4/1+1"]
    assert uce["text_id"].tolist() == ["n.md#1", "n.md#4"]
    assert uce["text"].iloc[0] == "\n".join(texts[:3])
    assert uce["n_words"].tolist() == [12, 6]  # "dix-sept" is dix - sept
    assert len(RT.split_segments(tokens, segments)) == 5
    # post-its (each its own text), or a table without text_id: nothing is merged
    postits = segments.assign(text_id=segments["segment_id"])
    assert len(RT.split_segments(tokens, postits, merge_short=True, min_words=8)) == 5
    bare = segments.drop(columns=["text_id"])
    assert len(RT.split_segments(tokens, bare, merge_short=True, min_words=8)) == 5


def test_split_segments_bad_input():
    segments, _ = three_topics(6)
    with pytest.raises(InvalidArgumentError, match="tokens"):
        RT.split_segments(pd.DataFrame({"segment_id": []}), segments)
    with pytest.raises(InvalidArgumentError, match="segment_size"):
        RT.split_segments(tokenize(segments), segments, segment_size=2)


# --- the classification of an event -------------------------------------------------------------

def test_classification_finds_separated_vocabularies(fitted, corpus):
    _, _, truth = corpus
    assert fitted.labels.notna().all() and fitted.labels.index.name == "uce_id"
    assert adjusted_rand_score(truth, fitted.labels.to_numpy(dtype=int)) == 1.0
    assert fitted.n_classes == 3 and fitted.stop_reason == "reached k=3 classes"
    assert fitted.class_sizes.tolist() == [20, 20, 20]
    assert fitted.X.shape == (60, 24) and len(fitted.terms) == 24
    k = fitted.k_table
    assert k["k"].tolist() == [2, 3] and k["chosen"].tolist() == [False, True]
    assert (k["classified"] == 60).all()


def test_units_never_span_two_texts():
    # texts alternate topics and are two segments long; units of 20 terms would swallow
    # a whole file if merging crossed texts
    segments, truth = three_topics(24)
    segments["text_id"] = [f"{s.split('#')[0]}#{1 + 2 * ((int(s.split('#')[1]) - 1) // 2)}"
                           for s in segments["segment_id"]]
    tokens = tokenize(segments)
    c = RT.reinert_classification(tokens, segments, merge_short=True, min_words=50,
                                  estimator=R.Reinert(3, min_segment_size=20,
                                                      min_split_members=3))
    ts = c.text_segments
    assert all(len(set(segments.set_index("segment_id").loc[ids, "text_id"])) == 1
               for ids in ts["segment_ids"])
    assert (ts.groupby("uc")["text_id"].nunique() == 1).all()
    assert ts["uc"].nunique() == 12  # one unit per text of two segments


def test_groups_may_be_the_segment_itself(corpus):
    # Reinert(document="segment_id") used to raise KeyError: the column is now `groups`
    segments, tokens, _ = corpus
    c = RT.reinert_classification(tokens, segments, groups="segment_id",
                                  estimator=R.Reinert(3, min_segment_size=30,
                                                      min_split_members=5))
    assert c.text_segments["uc"].nunique() == 60
    with pytest.raises(InvalidArgumentError, match="`groups`"):
        RT.reinert_classification(tokens, segments, groups="nope")
    bare = RT.reinert_classification(tokens, segments.drop(columns=["text_id"]),
                                     estimator=R.Reinert(3, min_segment_size=30,
                                                         min_split_members=5))
    assert bare.text_segments["uc"].nunique() == 60


def test_estimator_is_cloned_not_modified(corpus):
    segments, tokens, _ = corpus
    est = R.Reinert(3, min_split_members=5)
    c = RT.reinert_classification(tokens, segments, estimator=est)
    assert not hasattr(est, "labels_") and c.estimator is not est
    with pytest.raises(InvalidArgumentError, match="`estimator`"):
        RT.reinert_classification(tokens, segments, estimator="reinert")


def test_supplementary_forms_never_drive_the_classification(corpus):
    segments, tokens, _ = corpus
    noisy = tokens.assign(form="active")
    extra = noisy.loc[noisy["term"].notna()].iloc[::3].copy()
    extra["term"], extra["form"] = "venir", "generic_verb"
    noisy = pd.concat([noisy, extra]).sort_values(["segment_id", "position"], kind="stable")
    c = RT.reinert_classification(noisy, segments, estimator=R.Reinert(3, min_split_members=5),
                                  merge_short=False)
    assert "venir" not in set(c.terms)
    c_all = RT.reinert_classification(noisy, segments, forms=None, merge_short=False,
                                      estimator=R.Reinert(3, min_split_members=5))
    assert "venir" in set(c_all.terms)


def test_profiles_match_scipy(fitted):
    p = fitted.profiles
    row = p.iloc[0]
    a, nc, nt, n = (int(row[c]) for c in ("n_class_with_term", "n_class", "n_total_with_term",
                                          "n_total"))
    ref = stats.chi2_contingency(np.array([[a, nc - a], [nt - a, n - nc - nt + a]]),
                                 correction=False)
    assert row["chi2"] == pytest.approx(ref.statistic)
    for cls in fitted.class_sizes.index:
        top = set(fitted.top_terms(cls, n_terms=5))
        assert any(top <= set(v) for v in VOCABULARIES)


def test_metadata_profiles_place_classes_in_the_day(fitted):
    m = fitted.metadata_profiles
    sess = m.loc[(m["variable"] == "session") & (m["chi2"] > 0)]
    assert sorted(sess["share"].tolist()) == [1.0, 1.0, 1.0]
    assert sess["class"].nunique() == 3
    assert set(m["variable"]) == {"session", "kind"}  # empty profile values are skipped


def test_theme_result_and_characteristic_segments(fitted, corpus):
    segments, _, _ = corpus
    res = fitted.theme_result(n_terms=4)
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
    first = chars.iloc[0]
    p = fitted.profiles
    p = p.loc[(p["class"] == first["class"]) & (p["chi2"] > 0) & (p["p_value"] < 0.05)]
    words = set(re.findall(r"\w+", first["text"].lower()))
    assert first["score"] == pytest.approx(p.loc[p["term"].isin(words), "chi2"].sum())


def test_theme_weights_share_of_text_segments():
    rng = np.random.default_rng(7)
    segments, _ = three_topics(30, seed=2)
    mixed = (" ".join(rng.choice(VOCABULARIES[0], size=38)) + ". "
             + " ".join(rng.choice(VOCABULARIES[1], size=38)) + ".")
    segments = pd.concat([segments, pd.DataFrame([{**segments.iloc[0].to_dict(),
                                                   "segment_id": "mix.md#1", "text": mixed,
                                                   "text_id": "mix.md#1", "source": "mix.md"}])],
                         ignore_index=True)
    res = RT.reinert_themes(tokenize(segments), segments, merge_short=False,
                            estimator=R.Reinert(3, min_split_members=5))
    a = res.assignments
    mix = a.loc[a["segment_id"] == "mix.md#1"]
    assert mix["weight"].tolist() == [0.5, 0.5]
    assert a.groupby("segment_id")["weight"].sum().eq(1.0).all()


def test_double_classification_of_an_event(corpus):
    segments, tokens, truth = corpus
    c = RT.reinert_classification(tokens, segments, merge_short=False, estimator=R.ReinertDouble(
        3, min_segment_size=(0, 10), min_members=5, simple=R.Reinert(min_split_members=5)))
    assert c.tree is None and c.first is not None and c.first.tree is not None
    assert adjusted_rand_score(truth, c.labels.to_numpy(dtype=int)) == 1.0
    assert c.k_table["k"].tolist() == [2, 3]
    assert c.theme_result().themes["method"].eq("reinert").all()
    assert c.stop == ("reinert.stop.reached", {"k": 3})
    assert c.stop_message == "nombre de classes demandé atteint (3)"


def test_stop_message_and_class_names_are_french(corpus, fitted):
    segments, tokens, _ = corpus
    assert fitted.stop_message == "nombre de classes demandé atteint (3)"
    with pytest.warns(R.EarlyStopWarning):
        early = RT.reinert_classification(tokens, segments, merge_short=False,
                                          estimator=R.Reinert(8, min_split_members=15))
    assert early.stop[0] == "reinert.stop.min_split_members"
    assert early.stop_message.startswith(f"arrêt à {early.n_classes} classe(s) : ")
    assert "min_split_members" not in early.stop_message
    words = fitted.top_terms(1, n_terms=2)
    assert fitted.class_label(1, n_terms=2) == "classe 1\u00a0: " + " · ".join(words)
    with pytest.warns(FutureWarning, match="`top_n`"):
        old = fitted.theme_result(top_n=4)
    pd.testing.assert_frame_equal(old.themes, fitted.theme_result(n_terms=4).themes)
    with pytest.warns(FutureWarning, match="`n`"):
        assert fitted.top_terms(1, n=2) == words


def test_deterministic_and_too_little_text(corpus, fitted):
    segments, tokens, _ = corpus
    again = RT.reinert_classification(tokens, segments, merge_short=False,
                                      estimator=R.Reinert(3, min_split_members=5))
    pd.testing.assert_series_equal(again.labels, fitted.labels)
    pd.testing.assert_frame_equal(again.profiles, fitted.profiles)
    pd.testing.assert_frame_equal(again.text_segments, fitted.text_segments)
    with pytest.raises(InvalidArgumentError, match="term"):
        RT.reinert_classification(tokens.drop(columns=["term"]), segments)
    with pytest.raises(InsightsError, match="too little text"):
        RT.reinert_classification(tokens, segments.head(2), merge_short=False)


def test_one_rule_for_a_class_words_table_and_dendrogram(fitted):
    """The themes table, the class labels and the report's dendrogram show the same words:
    those of insights.reinert.class_top_terms (positive chi2, p < 0.05, chi2 descending)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from insights import charts

    themes = fitted.theme_result(n_terms=10).themes
    words = R.class_top_terms(fitted.profiles, n_terms=10)
    for theme, top in zip(themes["theme"], themes["top_terms"]):
        assert top == words[int(theme.split("-")[1])]
    ax = charts.plot_dendrogram(fitted.tree, fitted.class_sizes, fitted.profiles, n_terms=5)
    shown = {t.get_text() for t in ax.texts}
    for top in themes["top_terms"]:
        assert ", ".join(top[:5]) in shown
    plt.close(ax.figure)


def test_class_top_terms_leaves_out_terms_not_significant():
    profiles = pd.DataFrame({
        "class": [1, 1, 1, 2, 2], "term": ["b", "a", "rare", "c", "d"],
        "chi2": [9.0, 9.0, 12.0, 4.0, -3.0], "p_value": [0.001, 0.001, 0.2, 0.04, 0.08]})
    # "rare" has the highest chi2 but p >= 0.05; ties by term; negative chi2 never
    assert R.class_top_terms(profiles) == {1: ["a", "b"], 2: ["c"]}
    assert R.class_top_terms(profiles, n_terms=1, alpha=0.3) == {1: ["rare"], 2: ["c"]}
    with pytest.raises(InvalidArgumentError):
        R.class_top_terms(profiles, n_terms=0)
    with pytest.raises(InvalidArgumentError):
        R.class_top_terms(profiles.drop(columns="p_value"))


def test_same_classification_whatever_the_dtype_of_segment_ids(corpus, fitted):
    """The chain maps tokens to segments and text segments by integer codes (no string per
    token): a categorical ``segment_id`` (as annotate returns it), shuffled rows or tokens
    of segments outside the table give the same text segments, matrix and classes."""
    segments, tokens, _ = corpus
    stray = tokens.iloc[:5].assign(segment_id="elsewhere.md#1")
    variants = [tokens.assign(segment_id=tokens["segment_id"].astype("category")),
                pd.concat([tokens, stray]).sample(frac=1, random_state=4)]
    for variant in variants:
        again = RT.reinert_classification(variant, segments, merge_short=False,
                                          estimator=R.Reinert(3, min_split_members=5))
        pd.testing.assert_frame_equal(again.text_segments, fitted.text_segments)
        assert (again.X != fitted.X).nnz == 0 and again.terms.equals(fitted.terms)
        pd.testing.assert_series_equal(again.labels, fitted.labels)


def test_matrix_on_codes_is_doc_term_matrix_of_the_text_segments(corpus):
    """The text segment x term matrix, worked out on codes, is what ``doc_term_matrix`` gives
    on the tokens joined with their text segment one by one: every form, part of speech and
    multi-word term kept or dropped alike, tokens outside every text segment left out."""
    from insights.reinert.event import _uce_matrix
    from insights.reinert.segments import build_uces
    from insights.vectorize import doc_term_matrix

    segments, tokens, _ = corpus
    tok = tokens.assign(form="active")
    rng = np.random.default_rng(3)
    words = np.flatnonzero(tok["term"].notna().to_numpy())
    tok.loc[tok.index[words[::5]], "pos"] = "VERB"
    tok.loc[tok.index[words[1::7]], "pos"] = "ADP"  # not active, unless a multi-word term
    tok.loc[tok.index[words[1::14]], "term_len"] = 2
    tok.loc[tok.index[words[2::6]], "form"] = "generic_verb"
    tok.loc[tok.index[rng.choice(words, 5, replace=False)], "segment_id"] = "nowhere#1"
    uce, pieces = build_uces(tok, segments, segment_size=5, segment_size_window=2,
                             merge_short=True, min_words=6)
    assert uce["uce_id"].str.contains("+", regex=False).any() and len(pieces) > len(segments)
    x, terms = _uce_matrix(tok, uce, pieces, min_df=2, pos=RT.ACTIVE_POS, forms=("active",))

    row = []
    for sid, position in zip(tok["segment_id"].astype(str), tok["position"]):
        hit = pieces.loc[(pieces["segment_id"] == sid) & (pieces["start_position"] <= position)
                         & (position < pieces["end_position"]), "uce"]
        row.append(str(hit.iloc[0]) if len(hit) else None)
    expected, _, expected_terms = doc_term_matrix(
        tok.assign(uce=row), rows=[str(i) for i in range(len(uce))], by="uce", binary=True,
        min_df=2, pos=RT.ACTIVE_POS, forms=("active",))
    assert list(terms) == list(expected_terms) and len(terms) > 10
    assert x.dtype == np.float64 and x.shape == expected.shape
    assert (x != expected).nnz == 0
