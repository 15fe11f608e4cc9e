"""Terms: the counting unit of every analysis (a content lemma or a multi-word term).

A token counts as a single-word term when its POS is a content POS (NOUN, PROPN, ADJ, VERB,
ADV by default), it is not a stop word (spaCy's French list, the oral fillers and the event's
own ``stopwords``, matched on the lemma or the lower-case form), not a filler, alphabetic
(hyphens and apostrophes allowed inside) and at least 2 characters long; the term is its
lower-case lemma.

Multi-word terms are found from the data: lemma sequences matching French noun-phrase POS
patterns (:data:`PATTERNS`) are counted over the corpus; a sequence is kept when it occurs at
least ``min_df`` times and its first lemma and the rest are associated: Dunning's
log-likelihood ratio G² of the 2×2 table (first lemma / rest of the sequence, over all pattern
instances) is at least ``min_llr`` (10.83: p < 0.001 for one degree of freedom) with more
occurrences than expected. G² rather than PMI because PMI over-rates rare pairs, which
``min_df`` alone does not fix in small corpora. User terms (``user_terms``) are always
kept. Occurrences are then assigned left to right, longest term first; a multi-word term's
first token carries the term and ``term_len``, its other tokens carry no term (they are not
also counted as single lemmas).

A multi-word term's label is readable French: the most frequent lower-case surface form among
its occurrences whose first token is in its base form (``service public`` rather than
``services publics``), else the most frequent surface form.

Each term is an active or a supplementary form (:mod:`insights.forms`): the ``form`` column of
the token table and of :func:`count_terms` says which (``active``, or the class code of a
supplementary form such as ``generic_verb``). :func:`insights.doc_term_matrix` (the matrix of
every theme method) and :func:`top_terms_by` keep the active forms only, so supplementary forms
are counted but never drive a theme; :func:`term_matrix` counts every form.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from scipy import sparse


from .errors import bad_value, check_int, renamed, require_columns
from .forms import form_of, is_active, supplementary_forms
from .multiword import (  # noqa: F401  (public names of this module too)
    PATTERNS, USER, TokenArrays, candidates, default_stopwords, find_multiword_terms, fold,
    kept_candidates, multiword_label, multiword_occurrences,
)

CONTENT_POS = ("NOUN", "PROPN", "ADJ", "VERB", "ADV")
_KNOWN_POS = {"NOUN", "PROPN", "ADJ", "VERB", "ADV", "ADP", "AUX", "CCONJ", "DET", "INTJ",
              "NUM", "PART", "PRON", "PUNCT", "SCONJ", "SYM", "X"}

#: what the ``tokens`` and ``segments`` arguments are, for error messages
TOKENS_WHAT = "a DataFrame returned by insights.annotate.annotate"
SEGMENTS_WHAT = "the segments DataFrame of insights.read.read_event"


@renamed(min_term_count="min_df")
def assign_terms(
    tokens: pd.DataFrame,
    *,
    texts_by_segment: Mapping[str, str],
    stopwords: Iterable[str] = (),
    user_terms: Mapping[str, tuple[str, ...]] | None = None,
    min_df: int = 3,
    min_llr: float = 10.83,
    content_pos: Iterable[str] = CONTENT_POS,
    names: Iterable[str] = (),
    forms: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Add the ``term``, ``term_len`` and ``form`` columns to a token table (see the module
    docstring).

    ``tokens`` has the columns of ``schema.TOKEN_COLUMNS`` but the last two, rows in segment
    then token order; ``texts_by_segment`` maps segment ids to their texts (for labels);
    ``user_terms`` maps a label to its lemma sequence; ``min_df`` / ``min_llr``: see
    :func:`find_multiword_terms` (``min_term_count`` is the old name of ``min_df``,
    deprecated); ``names``: surface strings (such as pseudonyms, "Participant·e 07") whose
    occurrences in the texts are never counted; ``forms``: the supplementary forms
    (``{folded term: class}`` from :func:`insights.forms.supplementary_forms`; None: the
    default lists). Returns a new DataFrame with columns ``schema.TOKEN_COLUMNS``; ``form`` is
    missing where ``term`` is.
    """
    from .schema import TOKEN_COLUMNS

    stopwords = list(stopwords)
    for w in stopwords:
        if not isinstance(w, str):
            raise bad_value("stopwords", w, "strings")
    content_pos = tuple(content_pos)
    bad = [p for p in content_pos if p not in _KNOWN_POS]
    if bad:
        raise bad_value("content_pos", bad, sorted(_KNOWN_POS))
    out = tokens.copy(deep=False)  # new columns only: the caller's table is left as it is
    prep = TokenArrays(out, stopwords)
    prep.countable &= ~_name_mask(out, prep, texts_by_segment, names)
    # each token's term as a code of ``vocab`` (the lemmas, then the multi-word labels), -1
    # where it has none: no Python object per token
    term = np.full(len(out), -1, dtype=np.int32)
    single = prep.countable & prep.pos_in(content_pos)
    term[single] = prep.lemma_codes[single]
    del single
    accepted: dict[tuple[str, ...], None] = {}
    if len(out):
        accepted = kept_candidates(prep, min_df=min_df, min_llr=min_llr)
    folded_user = _user_terms(user_terms or {}, prep, out, term)
    term_len = np.zeros(len(out), dtype=np.int8)
    occurrences = multiword_occurrences(prep, accepted, folded_user, term, term_len)
    seg_texts = [texts_by_segment[x] for x in prep.segment_ids]
    starts, ends = out["start"].to_numpy(), out["end"].to_numpy()
    vocab = list(prep.lemma_uniq)
    for key, where in occurrences.items():
        label = key[1] if key[0] == USER else multiword_label(key, where, prep, seg_texts, starts, ends)
        term[where] = len(vocab)
        vocab.append(label)
    del prep, occurrences
    has = term >= 0
    out["term"] = _strings(vocab, term)
    out["term_len"] = np.where(has, np.maximum(term_len, 1), 0).astype(np.int8)
    del term_len
    # the form of each term, computed once per term used
    table = supplementary_forms() if forms is None else dict(forms)
    used = np.flatnonzero(np.bincount(term[has], minlength=len(vocab)))
    form_names, of_used = _form_codes([vocab[c] for c in used.tolist()], table)
    form_code = np.full(len(vocab) + 1, -1, dtype=np.int32)  # the last one: no term
    form_code[used] = of_used[:-1]
    # a handful of values: categorical (1 byte a token, against 10 as Arrow strings: 69 MB
    # on the whole GDN sample's 7.8M tokens)
    out["form"] = pd.Categorical.from_codes(form_code[term],
                                            categories=pd.Index(form_names, dtype="str"))
    return out[TOKEN_COLUMNS]


def _strings(names: list[str], codes: np.ndarray) -> pd.arrays.ArrowStringArray:
    """``names[codes]`` as a pandas string array, missing where a code is -1: built by
    Arrow from the distinct strings, with no Python string per value."""
    import pyarrow as pa

    values = pa.array(names, type=pa.large_string())
    return pd.array(values.take(pa.array(codes, mask=codes < 0)), dtype="string")


def _user_terms(user_terms: Mapping[str, tuple[str, ...]], prep: TokenArrays, out: pd.DataFrame,
                term: np.ndarray) -> dict[tuple[str, ...], str]:
    """One-word user terms counted wherever they stand, whatever their POS (set in ``term``,
    as lemma codes); the multi-word ones returned as ``{folded lemma sequence: label}``."""
    folded_user: dict[tuple[str, ...], str] = {}
    for label, seq in user_terms.items():
        if len(seq) == 1:
            codes, names = prep.folded_codes
            try:
                wanted = names.index(fold(seq[0]))
            except ValueError:
                continue
            m = (codes == wanted) & ~out["is_punct"].to_numpy(dtype=bool)
            term[m] = prep.lemma_codes[m]
        elif seq:
            folded_user[tuple(fold(x) for x in seq)] = label
    return folded_user


def term_forms(terms: pd.Series, table: Mapping[str, str]) -> pd.Series:
    """The ``form`` of each term of ``terms`` (missing where the term is) under ``table``
    (``{folded term: class}``), as a string Series on the same index; computed once per
    distinct term."""
    codes, uniq = pd.factorize(terms, use_na_sentinel=True)
    names, of_uniq = _form_codes([str(t) for t in uniq], table)
    return pd.Series(_strings(names, of_uniq[codes]), index=terms.index)


def _form_codes(terms: list[str], table: Mapping[str, str]) -> tuple[list[str], np.ndarray]:
    """The forms of the distinct ``terms`` under ``table``: ``(forms, codes)``, the distinct
    forms in order of first appearance and the code of each term's form, then -1 (the code
    of a token without a term)."""
    names: dict[str, int] = {}
    codes = [names.setdefault(form_of(t, table), len(names)) for t in terms]
    return list(names), np.array([*codes, -1], dtype=np.int32)


def _name_mask(tokens: pd.DataFrame, prep: TokenArrays, texts_by_segment: Mapping[str, str],
               names: Iterable[str]) -> np.ndarray:
    """True for tokens overlapping an occurrence of one of ``names`` (whole words)."""
    mask = np.zeros(len(tokens), dtype=bool)
    names = sorted({n.strip() for n in names if isinstance(n, str) and n.strip()},
                   key=lambda n: (-len(n), n))
    if not names or not len(tokens):
        return mask
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    starts, ends, codes = tokens["start"].to_numpy(), tokens["end"].to_numpy(), prep.segment
    bounds = np.searchsorted(codes, np.arange(len(prep.segment_ids) + 1))  # codes are blocks
    for c, sid in enumerate(prep.segment_ids):
        for m in pattern.finditer(texts_by_segment.get(sid, "")):
            a, b = bounds[c], bounds[c + 1]
            hit = (starts[a:b] < m.end()) & (ends[a:b] > m.start())
            mask[a:b] |= hit
    return mask


def count_terms(tokens: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Count each term: ``term``, ``frequency`` (occurrences), ``segments`` (segments holding
    it), ``sessions`` (sessions holding it, through ``segments[["segment_id", "session"]]``),
    ``form`` (``active`` or the class of a supplementary form, from ``tokens["form"]``, else
    from the default lists of :mod:`insights.forms`), sorted by frequency descending then term.
    Supplementary forms are counted like any term. Raises InvalidArgumentError on missing
    columns."""
    require_columns(tokens, "tokens", ["segment_id", "term"], what=TOKENS_WHAT)
    require_columns(segments, "segments", ["segment_id", "session"], what=SEGMENTS_WHAT)
    from .vectorize import str_codes

    has = tokens["term"].notna().to_numpy()
    # on integer codes of the distinct values: no string per token
    term, names = str_codes(tokens.loc[has, "term"])
    seg, seg_names = str_codes(tokens.loc[has, "segment_id"], sort=False)
    session = segments.set_index(segments["segment_id"].astype(str))["session"].astype(str)
    ses, _ = str_codes(pd.Series(seg_names, dtype=object).map(session), sort=False)
    ses = np.append(ses, -1)[seg]
    n = len(names)
    g = pd.DataFrame({"term": term, "segment": seg, "session": ses})
    out = pd.DataFrame({
        "term": names.astype(str),
        "frequency": np.bincount(term, minlength=n),
        "segments": np.bincount(g.loc[seg >= 0].drop_duplicates(["term", "segment"])["term"],
                                minlength=n),
        "sessions": np.bincount(g.loc[ses >= 0].drop_duplicates(["term", "session"])["term"],
                                minlength=n),
    })
    out = out.sort_values(["frequency", "term"], ascending=[False, True], kind="stable")
    out = out.reset_index(drop=True)
    for c in ("frequency", "segments", "sessions"):
        out[c] = out[c].astype("int64")
    out["term"] = out["term"].astype(str)
    by_term = {}
    if "form" in tokens.columns:
        known = has & tokens["form"].notna().to_numpy()
        form, form_names = str_codes(tokens.loc[known, "form"], sort=False)
        last = pd.DataFrame({"term": term[known[has]], "form": form}).drop_duplicates(
            "term", keep="last")  # as a dict built token by token: the last form wins
        by_term = dict(zip(names[last["term"]], form_names[last["form"]]))
    table = None
    forms = []
    for t in out["term"]:
        f = by_term.get(t)
        if f is None:
            table = supplementary_forms() if table is None else table
            f = form_of(t, table)
        forms.append(f)
    out["form"] = pd.Series(forms, index=out.index, dtype=object).astype(str)
    return out[["term", "frequency", "segments", "sessions", "form"]]


@renamed(n="n_terms")
def top_terms_by(
    tokens: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    by: str = "session",
    n_terms: int = 10,
    order: list[str] | None = None,
    active_only: bool = True,
) -> pd.DataFrame:
    """The ``n_terms`` most frequent terms in each group of segments (``segments[by]``);
    active forms only unless ``active_only=False`` (see :mod:`insights.forms`). ``n`` is the
    old name of ``n_terms`` (deprecated).

    Returns a long table ``by`` (the group value), ``rank`` (1 = most frequent), ``term``,
    ``frequency``, ordered by group (``order`` if given, else sorted) then rank; ties broken by
    term. Raises InvalidArgumentError if ``by`` is not a column of ``segments`` or
    ``n_terms`` < 1.
    """
    require_columns(tokens, "tokens", ["segment_id", "term"], what=TOKENS_WHAT)
    if not isinstance(by, str) or by not in segments.columns:
        raise bad_value("by", by, list(segments.columns))
    check_int("n_terms", n_terms, minimum=1)
    require_columns(segments, "segments", ["segment_id", by], what=SEGMENTS_WHAT)
    if active_only:
        tokens = tokens.loc[is_active(tokens)]
    t = tokens.loc[tokens["term"].notna(), ["segment_id", "term"]]
    group = segments.set_index(segments["segment_id"].astype(str))[by].astype(str)
    t = pd.DataFrame({by: t["segment_id"].astype(str).map(group).to_numpy(),
                      "term": t["term"].astype(str).to_numpy()})
    counts = t.groupby([by, "term"]).size().rename("frequency").reset_index()
    counts = counts.sort_values([by, "frequency", "term"], ascending=[True, False, True],
                                kind="stable")
    counts["rank"] = counts.groupby(by).cumcount() + 1
    counts = counts[counts["rank"] <= n_terms]
    groups = list(order) if order is not None else sorted(counts[by].unique())
    counts = counts[counts[by].isin(groups)]
    counts["_g"] = counts[by].map({g: k for k, g in enumerate(groups)})
    counts = counts.sort_values(["_g", "rank"], kind="stable")
    counts["frequency"] = counts["frequency"].astype("int64")
    return counts[[by, "rank", "term", "frequency"]].reset_index(drop=True)


def segment_terms(tokens: pd.DataFrame) -> pd.DataFrame:
    """Long table of term counts per segment: ``segment_id``, ``term``, ``count``, sorted by
    segment id then term."""
    require_columns(tokens, "tokens", ["segment_id", "term"], what=TOKENS_WHAT)
    t = tokens.loc[tokens["term"].notna(), ["segment_id", "term"]]
    t = pd.DataFrame({"segment_id": t["segment_id"].astype(str).to_numpy(),
                      "term": t["term"].astype(str).to_numpy()})
    out = t.groupby(["segment_id", "term"]).size().rename("count").reset_index()
    out["count"] = out["count"].astype("int64")
    return out


def concordance(
    tokens: pd.DataFrame,
    term: str,
    *,
    segments: pd.DataFrame,
    width: int = 40,
) -> pd.DataFrame:
    """Keyword in context for ``term`` (a lemma or a multi-word term label, compared without
    case or accents; a lemma also finds its occurrences inside multi-word terms).

    Returns ``left``, ``keyword`` (as written), ``right`` (at most ``width`` characters each,
    cut verbatim from the segment text by character offsets), ``segment_id``, ``session``,
    ``speaker``, in segment order then text order. Raises InvalidArgumentError for an empty
    ``term``, ``width`` < 0 or missing columns.
    """
    if not isinstance(term, str) or not term.strip():
        raise bad_value("term", term, "a non-empty lemma or multi-word term")
    check_int("width", width, minimum=0)
    require_columns(tokens, "tokens", ["segment_id", "start", "end", "lemma", "term", "term_len"], what=TOKENS_WHAT)
    require_columns(segments, "segments", ["segment_id", "text"], what=SEGMENTS_WHAT)
    q = fold(" ".join(term.split()))
    seg_ids = tokens["segment_id"].astype(str).to_numpy()
    starts, ends = tokens["start"].to_numpy(), tokens["end"].to_numpy()
    terms = tokens["term"]
    is_term = terms.notna().to_numpy() & (terms.fillna("").astype(str).map(fold).to_numpy() == q)
    is_lemma = tokens["lemma"].astype(str).map(fold).to_numpy() == q
    lens = tokens["term_len"].to_numpy().astype(int)
    seg = segments.assign(segment_id=segments["segment_id"].astype(str)).set_index("segment_id")
    order = {s: k for k, s in enumerate(seg.index)}
    rows = []
    for i in np.flatnonzero(is_term | is_lemma):
        last = i + max(lens[i], 1) - 1 if is_term[i] else i
        sid = seg_ids[i]
        text = seg.at[sid, "text"] if sid in seg.index else ""
        a, b = int(starts[i]), int(ends[last])
        rows.append((order.get(sid, len(order)), a, text[max(0, a - width):a], text[a:b],
                     text[b:b + width], sid,
                     str(seg.at[sid, "session"]) if "session" in seg.columns and sid in seg.index else "",
                     str(seg.at[sid, "speaker"]) if "speaker" in seg.columns and sid in seg.index else ""))
    cols = ["left", "keyword", "right", "segment_id", "session", "speaker"]
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in cols})
    df = pd.DataFrame(rows, columns=["_o", "_a", *cols]).drop_duplicates(["segment_id", "_a"])
    df = df.sort_values(["_o", "_a"], kind="stable")
    return df[cols].reset_index(drop=True)


@renamed(min_segments="min_df")
def term_matrix(
    tokens: pd.DataFrame,
    *,
    binary: bool = False,
    min_df: int = 1,
    segment_ids: pd.Index | list[str] | None = None,
) -> tuple[sparse.csr_matrix, pd.Index, pd.Index]:
    """Count terms per segment, every form counted: ``insights.doc_term_matrix(tokens,
    rows=segment_ids, binary=binary, min_df=min_df, forms=None)`` (``min_segments`` is the old
    name of ``min_df``, deprecated).

    Returns ``(matrix, segment_ids, terms)``: a CSR matrix of shape (segments, terms) holding
    counts (or 0/1 with ``binary=True``), the segment ids of its rows (``segment_ids`` if given,
    so that segments without any term keep their row, else those that have a term, sorted) and
    the terms of its columns, sorted, keeping only terms found in at least ``min_df``
    segments.
    """
    from .vectorize import doc_term_matrix

    return doc_term_matrix(tokens, rows=segment_ids, binary=binary, min_df=min_df, forms=None)
