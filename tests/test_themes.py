"""Themes on a small hand-built event whose themes are planted in known sessions."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from insights.errors import InvalidArgumentError
from conftest import token_table
from insights.schema import ASSIGNMENT_COLUMNS, QUOTE_COLUMNS, ThemeResult
from insights.themes import (
    choose_n_themes,
    code_cooccurrence,
    codebook_counts,
    codebook_themes,
    nmf_themes,
    select_quotes,
    theme_by_session,
    theme_shares,
    theme_summary,
)

VOCAB = {
    "A": ["jardin", "potager", "compost", "semis", "graine", "récolte", "arrosoir", "serre"],
    "B": ["budget", "subvention", "financement", "mécène", "trésorerie", "comptabilité",
          "dotation", "facture"],
    "C": ["accueil", "bénévole", "habitant", "convivialité", "porte", "café", "sourire",
          "voisin"],
    "D": ["numérique", "ordinateur", "atelier", "réseau", "logiciel", "imprimante", "écran",
          "clavier"],
}
#: words said about anything, a few in every segment
BACKGROUND = ["projet", "personne", "temps", "idée", "exemple", "question", "envie", "chose"]
#: (session, vocabulary, number of segments): A only in s1, B in s2-s3, D in s4, C everywhere
PLAN = [("s1", "A", 12), ("s1", "C", 6), ("s2", "B", 10), ("s2", "C", 5),
        ("s3", "B", 10), ("s3", "C", 5), ("s4", "D", 10), ("s4", "C", 5)]
SPEAKERS = ["Alix", "Bao", "Cyd", "Dana", "Eli"]


def _tokens_from(words_by_segment: dict[str, list[str]]) -> pd.DataFrame:
    return token_table(words_by_segment, stop={"le", "et", "de"})


def planted_event(seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(segments, tokens, sessions) of a fictional day with four planted themes."""
    rng = np.random.default_rng(seed)
    seg_rows, words_by_segment = [], {}
    k = 0
    for session, vocab, count in PLAN:
        for _ in range(count):
            k += 1
            words = list(rng.choice(VOCAB[vocab], size=int(rng.integers(3, 7)), replace=False))
            noise = list(rng.choice(BACKGROUND, size=int(rng.integers(1, 3)), replace=False))
            words = ["le"] + words[:2] + ["et"] + noise + ["de"] + words[2:]
            sid = f"{session}/notes.md#{k}"
            words_by_segment[sid] = words
            seg_rows.append({
                "segment_id": sid, "session": session, "group": "", "kind": "notes",
                "speaker": SPEAKERS[k % len(SPEAKERS)], "profile": "élu·e" if k % 2 else "agent",
                "category": "", "text": " ".join(words).capitalize() + ".",
            })
    segments = pd.DataFrame(seg_rows)
    sessions = pd.DataFrame({
        "session": ["s1", "s2", "s3", "s4"],
        "title": ["Faisons connaissance", "Au croisement", "Pépites", "Action"],
        "start": ["09:30", "10:30", "11:30", "14:00"],
        "order": [1, 2, 3, 4],
    })
    return segments, _tokens_from(words_by_segment), sessions


@pytest.fixture(scope="module")
def event():
    return planted_event()


@pytest.fixture(scope="module")
def nmf(event):
    segments, tokens, _ = event
    return nmf_themes(tokens, segments, k_range=(2, 6), random_state=0)


def _theme_of(result: ThemeResult, vocab: str) -> str:
    """The theme whose top terms overlap the planted vocabulary most."""
    overlap = result.themes["top_terms"].map(lambda t: len(set(t[:8]) & set(VOCAB[vocab])))
    return result.themes.loc[overlap.idxmax(), "theme"]


# --------------------------------------------------------------------------------- NMF


def test_choose_n_themes_finds_the_planted_number(event):
    segments, tokens, _ = event
    scores = choose_n_themes(tokens, segments, k_range=(2, 6), random_state=0)
    assert list(scores.columns) == ["k", "coherence", "coverage", "score", "chosen"]
    assert list(scores["k"]) == [2, 3, 4, 5, 6]
    assert scores.loc[scores["chosen"], "k"].tolist() == [4]
    assert scores["coherence"].between(-1, 1).all() and scores["coverage"].between(0, 1).all()
    assert np.allclose(scores["score"], scores["coherence"] * scores["coverage"], atol=1e-4)
    # merging planted themes leaves much of the segments' vocabulary out of the top terms
    cov = scores.set_index("k")["coverage"]
    assert cov[2] < cov[3] < cov[4]


@pytest.mark.parametrize("seed", [1, 3, 6])
def test_choose_n_themes_other_draws(seed):
    segments, tokens, _ = planted_event(seed)
    scores = choose_n_themes(tokens, segments, k_range=(2, 7))
    assert scores.loc[scores["chosen"], "k"].tolist() == [4]


def test_npmi_coherence_hand_computed():
    from scipy import sparse

    from insights.themes.nmf import _npmi_coherence

    # 4 segments; term 0 in segments 0,1; term 1 in 0,1,2; term 2 in 3 only
    b = sparse.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1]]))
    p01 = 2 / 4
    npmi01 = np.log(p01 / ((2 / 4) * (3 / 4))) / -np.log(p01)
    assert _npmi_coherence(b, [0, 1]) == pytest.approx(npmi01)
    assert _npmi_coherence(b, [0, 1, 2]) == pytest.approx((npmi01 - 1 - 1) / 3)


def test_nmf_recovers_planted_themes(nmf, event):
    segments, _, _ = event
    themes, assignments = nmf
    assert len(themes) == 4
    assert list(themes.columns) == ["theme", "label", "method", "top_terms"]
    assert list(assignments.columns) == ASSIGNMENT_COLUMNS
    assert themes["theme"].tolist() == ["nmf-1", "nmf-2", "nmf-3", "nmf-4"]
    # each planted vocabulary is the top-8 of exactly one theme
    found = {}
    for _, row in themes.iterrows():
        vocab = [v for v, words in VOCAB.items()
                 if len(set(row["top_terms"][:8]) & set(words)) >= 7]
        assert len(vocab) == 1, row["top_terms"]
        found[vocab[0]] = row["theme"]
        assert row["label"] == " · ".join(row["top_terms"][:3])
    assert sorted(found) == ["A", "B", "C", "D"]
    assert (assignments["weight"] > 0).all() and (assignments["weight"] <= 1).all()
    assert themes.attrs["n_themes_scores"]["chosen"].sum() == 1
    # each segment's dominant theme is the one of its planted vocabulary
    truth = {}
    k = 0
    for _, vocab, count in PLAN:
        for _ in range(count):
            k += 1
            truth[segments["segment_id"].iloc[k - 1]] = found[vocab]
    top = assignments.sort_values("weight", ascending=False).drop_duplicates("segment_id")
    hits = (top["segment_id"].map(truth) == top["theme"]).mean()
    assert hits == 1.0


def test_nmf_is_deterministic_and_overridable(event, nmf):
    segments, tokens, _ = event
    again = nmf_themes(tokens.sample(frac=1, random_state=3), segments, k_range=(2, 6))
    assert again.assignments.to_csv() == nmf.assignments.to_csv()
    assert again.themes.to_csv() == nmf.themes.to_csv()
    three = nmf_themes(tokens, segments, k=3)
    assert len(three.themes) == 3


def test_nmf_short_segments_are_pooled_for_fitting_and_still_assigned(event):
    segments, tokens, sessions = event
    # add 20 two-word post-its about the garden in session s4, all in one group
    rows, extra = [], {}
    for i in range(20):
        sid = f"s4/postits.csv#{i + 1}"
        extra[sid] = [VOCAB["A"][i % 8], VOCAB["A"][(i + 1) % 8]]
        rows.append({"segment_id": sid, "session": "s4", "group": "table 1", "kind": "postit",
                     "speaker": "", "profile": "", "category": "idées",
                     "text": " ".join(extra[sid])})
    seg2 = pd.concat([segments, pd.DataFrame(rows)], ignore_index=True)
    tok2 = pd.concat([tokens, _tokens_from(extra)], ignore_index=True)
    # each post-it is a text of its own: by default it is fitted alone (never pooled with
    # another person's); pooling by group is the researcher's choice
    for pool_by, overlap in (("text_id", 6), ("group", 7)):
        res = nmf_themes(tok2, seg2, k=4, pool_by=pool_by)
        garden = _theme_of(res, "A")
        carried = set(res.assignments.loc[res.assignments["theme"] == garden, "segment_id"])
        assert {r["segment_id"] for r in rows} <= carried  # the post-its do not vanish
        # the four planted themes are still the four themes (post-its did not swamp the fit)
        for vocab in VOCAB:
            top = res.themes.set_index("theme").loc[_theme_of(res, vocab), "top_terms"][:8]
            assert len(set(top) & set(VOCAB[vocab])) >= overlap


def test_nmf_pools_short_rows_inside_one_group_only():
    from scipy import sparse

    from insights.themes.nmf import _pooled

    counts = sparse.csr_matrix(np.array([
        [1, 1, 0, 0, 0],   # short, text a
        [0, 0, 1, 0, 0],   # short, text a
        [1, 1, 1, 1, 1],   # long, text a
        [0, 0, 0, 1, 1],   # short, text b
        [0, 0, 0, 0, 0],   # empty, text b
    ]))
    fit = _pooled(counts, np.array([0, 0, 0, 1, 1]), 4).toarray()
    assert fit.tolist() == [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [0, 0, 0, 1, 1]]
    alone = _pooled(counts, np.arange(5), 4).toarray()
    assert alone.tolist() == [[1, 1, 1, 1, 1], [1, 1, 0, 0, 0], [0, 0, 1, 0, 0],
                              [0, 0, 0, 1, 1]]


def test_nmf_bad_arguments(event):
    segments, tokens, _ = event
    with pytest.raises(InvalidArgumentError, match="`k_range`"):
        nmf_themes(tokens, segments, k_range=(5, 2))
    with pytest.raises(InvalidArgumentError, match="`k`"):
        nmf_themes(tokens, segments, k=0)
    first = tokens[tokens["segment_id"].isin(segments["segment_id"].head(10))]
    with pytest.raises(InvalidArgumentError, match="`k_range`"):
        nmf_themes(first, segments, k_range=(30, 40))
    with pytest.raises(InvalidArgumentError, match="tokens"):
        nmf_themes(tokens.head(3), segments, k=2)
    with pytest.raises(InvalidArgumentError, match="`k`"):
        choose_n_themes(tokens, segments, k=3)


def test_nmf_old_parameter_names_still_work_with_a_warning(event, nmf):
    segments, tokens, _ = event
    with pytest.warns(FutureWarning, match="`n_range` is deprecated, use `k_range`"):
        old = nmf_themes(tokens, segments, n_range=(2, 6), random_state=0)
    pd.testing.assert_frame_equal(old.themes, nmf.themes)
    pd.testing.assert_frame_equal(old.assignments, nmf.assignments)
    with pytest.warns(FutureWarning, match="`n_themes`"), \
            pytest.warns(FutureWarning, match="`top_n`"):
        four = nmf_themes(tokens, segments, n_themes=4, top_n=5)
    assert four.themes["top_terms"].map(len).max() == 5
    with pytest.warns(FutureWarning, match="`n_range`"):
        scores = choose_n_themes(tokens, segments, n_range=(2, 6))
    pd.testing.assert_frame_equal(scores, nmf.themes.attrs["n_themes_scores"])


# ------------------------------------------------------------------------ recurrence


def test_theme_by_session_places_themes_in_their_sessions(nmf, event):
    segments, _, sessions = event
    table = theme_by_session(nmf, segments, sessions.iloc[::-1])  # order from "order"
    assert list(table.columns) == ["theme", "method", "s1", "s2", "s3", "s4"]
    row = table.set_index("theme")
    a, b, c, d = (_theme_of(nmf, v) for v in "ABCD")
    # hand count: 12 of the 18 segments of s1 are about A, none elsewhere
    assert row.loc[a, "s1"] == round(12 / 18, 4)
    assert row.loc[a, ["s2", "s3", "s4"]].tolist() == [0.0, 0.0, 0.0]
    assert row.loc[b, "s2"] == round(10 / 15, 4) and row.loc[b, "s3"] == round(10 / 15, 4)
    assert row.loc[b, ["s1", "s4"]].tolist() == [0.0, 0.0]
    assert row.loc[c, ["s1", "s2", "s3", "s4"]].tolist() == [
        round(6 / 18, 4), round(5 / 15, 4), round(5 / 15, 4), round(5 / 15, 4)]
    assert row.loc[d, "s4"] == round(10 / 15, 4)


def test_theme_summary_recurrence(nmf, event):
    segments, _, sessions = event
    summary = theme_summary(nmf, segments, sessions)
    assert list(summary.columns) == ["theme", "label", "method", "top_terms", "segments",
                                     "share", "sessions", "recurrence", "recurrence_label",
                                     "peak_session"]
    s = summary.set_index("theme")
    a, b, c, d = (_theme_of(nmf, v) for v in "ABCD")
    assert s.loc[[a, b, c, d], "recurrence"].tolist() == ["peak", "concentrated", "recurrent",
                                                          "peak"]
    assert s.loc[a, "recurrence_label"] == "pic\u00a0: Faisons connaissance"
    assert s.loc[a, "peak_session"] == "s1" and s.loc[a, "sessions"] == 1
    assert s.loc[a, "segments"] == 12 and s.loc[a, "share"] == round(12 / 63, 4)
    assert s.loc[b, "recurrence_label"] == "concentré\u00a0: Au croisement, Pépites"
    assert s.loc[b, "peak_session"] in ("s2", "s3")
    assert s.loc[c, "recurrence_label"] == "récurrent sur la journée"
    assert s.loc[c, "peak_session"] == "" and s.loc[c, "sessions"] == 4
    assert s.loc[d, "recurrence_label"] == "pic\u00a0: Action"
    assert s.loc[a, "top_terms"] == ";".join(nmf.themes.set_index("theme").loc[a, "top_terms"])


def test_recurrence_breaks_when_sessions_are_shuffled(event):
    # negative control: the same texts with sessions shuffled lose their planted peaks
    segments, tokens, sessions = event
    shuffled = segments.assign(session=segments["session"].sample(frac=1, random_state=5)
                               .to_numpy())
    res = nmf_themes(tokens, shuffled, k=4)
    summary = theme_summary(res, shuffled, sessions).set_index("theme")
    row = summary.loc[_theme_of(res, "A")]
    assert (row["recurrence"], row["peak_session"]) != ("peak", "s1")
    assert row["recurrence_label"] != "pic\u00a0: Faisons connaissance"


def test_theme_shares_by_profile(nmf, event):
    segments, _, _ = event
    table = theme_shares(nmf, segments, by="profile")
    assert list(table.columns) == ["theme", "method", "agent", "élu·e"]
    a = _theme_of(nmf, "A")
    carried = set(nmf.assignments.loc[nmf.assignments["theme"] == a, "segment_id"])
    agents = segments[segments["profile"] == "agent"]
    expected = round(agents["segment_id"].isin(carried).mean(), 4)
    assert table.set_index("theme").loc[a, "agent"] == expected
    with pytest.raises(InvalidArgumentError, match="by"):
        theme_shares(nmf, segments, by="nope")


# ---------------------------------------------------------------------------- codebook


@pytest.fixture(scope="module")
def fr_nlp(nlp):
    """The library's French pipeline (conftest), the one ``codebook_themes`` uses by default."""
    return nlp


def test_codebook_matches_lemmas_accents_case_and_multiword(fr_nlp):
    segments = pd.DataFrame({
        "segment_id": ["a#1", "a#2", "a#3", "a#4", "a#5"],
        "session": ["s1", "s1", "s2", "s2", "s2"],
        "speaker": ["", "", "", "", ""],
        "text": ["", "", "", "", ""],
    })
    texts = {
        "a#1": "Nous avons accueilli les habitants du quartier",
        "a#2": "La MIXITE SOCIALE des Tiers-Lieux",
        "a#3": "Une mixité, sociale ou pas, et un tiers-lieu",
        "a#4": "La gouvernance partagée avec les communs",
        "a#5": "Rien à voir ici",
    }
    rows = []
    for sid, text in texts.items():
        for tok in fr_nlp(text):
            rows.append({"segment_id": sid, "position": tok.i, "text": tok.text,
                         "lemma": tok.lemma_.lower(), "is_punct": tok.is_punct})
    tokens = pd.DataFrame(rows)
    codebook = {
        "accueil": {"label": "Postures d'accueil", "terms": ["accueillir", "posture d'accueil"]},
        "mixite": {"label": "Mixité sociale", "terms": ["mixité sociale"]},
        "lieux": {"label": "Tiers-lieux", "terms": ["tiers-lieux"]},
        "gouv": {"label": "Gouvernance", "terms": ["Gouvernance partagée", "commun"]},
    }
    res = codebook_themes(tokens, segments, codebook, nlp=fr_nlp)
    assert list(res.themes["theme"]) == ["accueil", "mixite", "lieux", "gouv"]
    assert res.themes.loc[1, "top_terms"] == ["mixité sociale"]
    coded = set(map(tuple, res.assignments[["segment_id", "theme"]].to_numpy()))
    assert ("a#1", "accueil") in coded             # "accueilli" -> lemma "accueillir"
    assert ("a#2", "mixite") in coded              # upper case, no accent, multi-word
    assert ("a#3", "mixite") not in coded          # a comma breaks the sequence
    assert ("a#2", "lieux") in coded and ("a#3", "lieux") in coded   # plural and singular
    assert ("a#4", "gouv") in coded
    assert not any(sid == "a#5" for sid, _ in coded)
    assert (res.assignments["weight"] == 1.0).all()
    assert (res.assignments["method"] == "codebook").all()

    counts = codebook_counts(res, segments, by="session")
    assert list(counts.columns) == ["theme", "label", "s1", "s2", "total"]
    c = counts.set_index("theme")
    assert c.loc["lieux", "s1"] == 1 and c.loc["lieux", "s2"] == 1 and c.loc["lieux", "total"] == 2
    co = code_cooccurrence(res)
    assert co.loc["mixite", "lieux"] == 1 and co.loc["lieux", "lieux"] == 2
    assert co.loc["accueil", "gouv"] == 0
    assert (co.to_numpy() == co.to_numpy().T).all()


def test_codebook_rejects_malformed_codebook(fr_nlp):
    tokens = pd.DataFrame({"segment_id": ["x"], "position": [0], "text": ["a"], "lemma": ["a"]})
    segments = pd.DataFrame({"segment_id": ["x"]})
    with pytest.raises(InvalidArgumentError, match="codebook"):
        codebook_themes(tokens, segments, {"t": {"label": "T", "terms": "accueil"}}, nlp=fr_nlp)
    with pytest.raises(InvalidArgumentError, match="codebook"):
        codebook_themes(tokens, segments, {}, nlp=fr_nlp)


# ------------------------------------------------------------------------------ quotes


def test_select_quotes_diverse_and_verbatim():
    long = "nous avons parlé du jardin partagé et du compost collectif au pied des immeubles"
    segments = pd.DataFrame({
        "segment_id": [f"q#{i}" for i in range(1, 8)],
        "session": ["s1", "s1", "s1", "s2", "s2", "s1", "s1"],
        "speaker": ["Alix", "Alix", "Alix", "Bao", "", "Cyd", "Dana"],
        "text": [long, long + " aussi", "le compost du jardin partagé rassemble les voisins du "
                 "quartier chaque samedi", "au jardin on sème des graines avec les enfants de "
                 "l'école voisine", "jardin compost",
                 "Au jardin, " + "un très long propos sur le compost " * 30,
                 long.upper()],
    })
    assignments = pd.DataFrame({
        "segment_id": [f"q#{i}" for i in range(1, 8)],
        "theme": "t", "method": "nmf",
        "weight": [1.0, 0.99, 0.6, 0.5, 1.0, 0.2, 0.95],
    })
    themes = pd.DataFrame({"theme": ["t"], "label": ["jardin · compost"], "method": ["nmf"],
                           "top_terms": [["jardin", "compost"]]})
    quotes = select_quotes(ThemeResult(themes, assignments), segments, n=4, max_chars=120)
    assert list(quotes.columns) == QUOTE_COLUMNS
    ids = quotes["segment_id"].tolist()
    assert ids[0] == "q#1"
    assert "q#2" not in ids and "q#7" not in ids      # near-duplicates of q#1 are skipped
    assert "q#5" not in ids                            # too short while longer ones exist
    assert ids[1] == "q#4"                             # other speaker and session first
    assert quotes["rank"].tolist() == list(range(1, len(ids) + 1))
    cut = quotes.loc[quotes["segment_id"] == "q#6", "text"]
    assert cut.iloc[0].endswith(" […]") and len(cut.iloc[0]) <= 125
    assert quotes.loc[0, "text"] == long and quotes.loc[0, "speaker"] == "Alix"
    # a theme with only short segments still gets its quote
    only_short = ThemeResult(themes, assignments[assignments["segment_id"] == "q#5"])
    assert select_quotes(only_short, segments)["segment_id"].tolist() == ["q#5"]


def test_quotes_on_planted_event_are_deterministic(nmf, event):
    segments, _, _ = event
    q1 = select_quotes(nmf, segments, n=3)
    q2 = select_quotes(nmf, segments.sample(frac=1, random_state=2), n=3)
    assert q1.to_csv() == q2.to_csv()
    assert (q1.groupby("theme").size() == 3).all()
    # quotes of a theme are segments carrying it
    carried = set(map(tuple, nmf.assignments[["segment_id", "theme"]].to_numpy()))
    assert all((s, t) in carried for s, t in q1[["segment_id", "theme"]].to_numpy())


def test_recurrence_codes_have_their_french_labels():
    from insights.messages_fr import MESSAGES
    from insights.themes import RECURRENCE_CODES, recurrence_label

    assert all(f"recurrence.{code}" in MESSAGES for code in RECURRENCE_CODES)
    titles = {"s1": "Faisons connaissance", "s2": "Au croisement"}
    assert recurrence_label("peak", ["s1"], titles) == "pic\u00a0: Faisons connaissance"
    assert recurrence_label("concentrated", ["s2", "s9"], titles) == \
        "concentré\u00a0: Au croisement, s9"
    assert [recurrence_label(c) for c in ("recurrent", "absent")] == [
        "récurrent sur la journée", "absent"]


def _quotes_scoring_every_candidate(relevance, n_words, n, min_words, segs, rule):
    """The greedy choice of quotes as it was first written: every candidate scored at every
    step (the reference the pruned ``_pick`` must match)."""
    from insights.themes.quotes import _jaccard, _word_set

    words = {s: _word_set(segs.texts[s]) for s in relevance}
    pools = [[s for s in sorted(relevance) if n_words[s] >= min_words],
             [s for s in sorted(relevance) if n_words[s] < min_words]]
    kept, speakers, sessions = [], set(), set()
    for pool in pools:
        candidates = list(pool)
        while candidates and len(kept) < n:
            best, best_score = None, -np.inf
            for sid in candidates:
                sims = [_jaccard(words[sid], words[k]) for k in kept]
                if sims and max(sims) > rule.max_similarity:
                    continue
                score = relevance[sid] - rule.redundancy * (max(sims) if sims else 0.0)
                if segs.speaker_of[sid] and segs.speaker_of[sid] in speakers:
                    score -= rule.same_speaker_penalty
                if segs.session_of[sid] in sessions:
                    score -= rule.same_session_penalty
                if score > best_score + 1e-12:
                    best, best_score = sid, score
            if best is None:
                break
            kept.append(best)
            candidates.remove(best)
            if segs.speaker_of[best]:
                speakers.add(segs.speaker_of[best])
            sessions.add(segs.session_of[best])
        if kept:
            break
    return kept


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_quote_choice_skipping_hopeless_candidates_is_the_full_greedy_choice(seed):
    """Candidates whose relevance cannot beat the step's best are not scored (their word sets
    never built): the quotes are those of scoring every candidate, ties included, and with
    negative penalties (no bound) too."""
    from insights.themes.quotes import _Diversity, _pick, _relevance, _Segments

    rng = np.random.default_rng(seed)
    vocab = ["jardin", "compost", "quartier", "voisins", "école", "budget", "lieu", "accueil"]
    n_seg = 150
    segments = pd.DataFrame({
        "segment_id": [f"s{i:03d}" for i in range(n_seg)],
        "session": rng.choice(["matin", "soir", "midi"], n_seg),
        "speaker": rng.choice(["", "Alix", "Bao", "Cyd"], n_seg),
        "text": [" ".join(rng.choice(vocab, rng.integers(2, 12))) for _ in range(n_seg)],
    })
    segs = _Segments.of(segments)
    weight = pd.Series(np.round(rng.choice([0.2, 0.5, 0.5, 0.8, 1.0], n_seg), 4),
                       index=segments["segment_id"])
    relevance, n_words = _relevance(weight, ["jardin", "compost", "lieu"], segs)
    for rule in (_Diversity(0.6, 0.5, 0.15, 0.1), _Diversity(0.9, 0.0, 0.0, 0.0),
                 _Diversity(0.6, -0.3, 0.15, -0.1)):
        for n in (1, 5, 12):
            assert _pick(relevance, n_words, n, 6, segs, rule) == \
                _quotes_scoring_every_candidate(relevance, n_words, n, 6, segs, rule)
