"""Terms: the counting unit of every analysis (a content lemma or a multi-word term).

A token counts as a single-word term when its POS is a content POS (NOUN, PROPN, ADJ, VERB,
ADV by default), it is not a stop word (spaCy's French list, the oral fillers and the event's
own ``stopwords``, matched on the lemma or the lower-case form), not a filler, alphabetic
(hyphens and apostrophes allowed inside) and at least 2 characters long; the term is its
lower-case lemma.

Multi-word terms are found from the data: lemma sequences matching French noun-phrase POS
patterns (:data:`PATTERNS`) are counted over the corpus; a sequence is kept when it occurs at
least ``min_term_count`` times and its first lemma and the rest are associated: Dunning's
log-likelihood ratio G² of the 2×2 table (first lemma / rest of the sequence, over all pattern
instances) is at least ``min_llr`` (10.83: p < 0.001 for one degree of freedom) with more
occurrences than expected. G² rather than PMI because PMI over-rates rare pairs, which
``min_term_count`` alone does not fix in small corpora. User terms (``user_terms``) are always
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
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from scipy import sparse


from .errors import bad_value, require_columns
from .forms import form_of, is_active, supplementary_forms

#: noun-phrase POS patterns of multi-word terms ("N" = NOUN, "A" = ADJ, "P" = ADP among
#: :data:`LINK_PREPOSITIONS`, "D" = DET among :data:`LINK_DETERMINERS`)
PATTERNS: tuple[str, ...] = ("NA", "AN", "NAA", "NPN", "NPDN", "NAPN", "NPNA")
LINK_PREPOSITIONS = frozenset({"de", "à", "en", "pour", "sur", "par", "avec", "sans"})
LINK_DETERMINERS = frozenset({"le", "la", "les", "l'"})
CONTENT_POS = ("NOUN", "PROPN", "ADJ", "VERB", "ADV")
_ALPHA_RE = re.compile(r"^[^\W\d_]+(?:['\-][^\W\d_]+)*$")


#: what the ``tokens`` and ``segments`` arguments are, for error messages
TOKENS_WHAT = "a DataFrame returned by insights.annotate.annotate"
SEGMENTS_WHAT = "the segments DataFrame of insights.read.read_event"


def fold(text: str) -> str:
    """Lower-case, accent-free, straight-apostrophe form used to compare terms."""
    text = text.replace("’", "'").replace("ʼ", "'").replace("‘", "'").lower()
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def default_stopwords() -> frozenset[str]:
    """spaCy's French stop words plus the oral fillers (lower case, straight apostrophes)."""
    from .components import ALWAYS_FILLERS, CONTEXT_FILLERS
    from .french import stop_words

    STOP_WORDS = stop_words()

    words = {w.replace("’", "'").lower() for w in STOP_WORDS}
    words |= {w for w in ALWAYS_FILLERS + CONTEXT_FILLERS if " " not in w}
    return frozenset(words)


def _pos_codes(prep: _Prepared) -> np.ndarray:
    """One letter per token for pattern matching: N, A, P, D or '.' (anything else)."""
    pos, content = prep.pos, prep.countable
    code = np.full(len(pos), ".", dtype="<U1")
    code[(pos == "NOUN") & content] = "N"
    code[(pos == "ADJ") & content] = "A"
    code[(pos == "ADP") & prep.lemma_in(LINK_PREPOSITIONS)] = "P"
    code[(pos == "DET") & prep.lemma_in(LINK_DETERMINERS)] = "D"
    return code


class _Prepared:
    """Token columns as arrays, with per-unique-value predicates (computed once per distinct
    lemma or form rather than once per token)."""

    def __init__(self, tokens: pd.DataFrame, stopwords: Iterable[str]):
        stopwords = list(stopwords)
        stop = default_stopwords() | {fold(w) for w in stopwords} | {
            w.replace("’", "'").lower() for w in stopwords}
        codes, uniq = pd.factorize(tokens["lemma"], use_na_sentinel=False)
        self.lemma_codes = codes
        self.lemma_uniq = ["" if pd.isna(x) else str(x) for x in uniq]
        self.lemma = np.array(self.lemma_uniq, dtype=object)[codes]
        pcodes, puniq = pd.factorize(tokens["pos"], use_na_sentinel=False)
        self.pos = np.array(["" if pd.isna(x) else str(x) for x in puniq], dtype=object)[pcodes]
        ok = np.array([len(x) >= 2 and bool(_ALPHA_RE.match(x)) and x not in stop
                       for x in self.lemma_uniq], dtype=bool)
        countable = ok[codes] if len(codes) else np.zeros(0, dtype=bool)
        if "text" in tokens.columns:
            tcodes, tuniq = pd.factorize(tokens["text"], use_na_sentinel=False)
            tstop = np.array([str(x).lower().replace("’", "'") in stop for x in tuniq], dtype=bool)
            if len(tcodes):
                countable &= ~tstop[tcodes]
        for flag in ("is_stop", "is_filler", "is_punct"):
            countable &= ~tokens[flag].to_numpy(dtype=bool)
        self.countable = countable
        self.segment, seg_uniq = pd.factorize(tokens["segment_id"], use_na_sentinel=False)
        self.segment_ids = [str(x) for x in seg_uniq]
        self._folded: np.ndarray | None = None

    def lemma_in(self, words: Iterable[str]) -> np.ndarray:
        words = set(words)
        hit = np.array([x in words for x in self.lemma_uniq], dtype=bool)
        return hit[self.lemma_codes] if len(self.lemma_codes) else np.zeros(0, dtype=bool)

    @property
    def folded(self) -> np.ndarray:
        if self._folded is None:
            self._folded = np.array([fold(x) for x in self.lemma_uniq], dtype=object)[
                self.lemma_codes] if len(self.lemma_codes) else np.zeros(0, dtype=object)
        return self._folded


def _g2(o11: np.ndarray, r1: np.ndarray, c1: np.ndarray, n: float) -> np.ndarray:
    """Dunning's log-likelihood ratio of 2×2 tables given by cell, row and column totals."""
    o = np.stack([o11, r1 - o11, c1 - o11, n - r1 - c1 + o11]).astype(float)
    e = np.stack([r1 * c1, r1 * (n - c1), (n - r1) * c1, (n - r1) * (n - c1)]).astype(float) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(o > 0, o * np.log(o / e), 0.0)
    return 2 * terms.sum(axis=0)


def find_multiword_terms(
    tokens: pd.DataFrame,
    *,
    min_term_count: int = 3,
    min_llr: float = 10.83,
    stopwords: Iterable[str] = (),
    _prepared: _Prepared | None = None,
) -> pd.DataFrame:
    """Candidate multi-word terms of ``tokens`` (columns ``segment_id``, ``lemma``, ``pos``,
    ``is_stop``, ``is_filler``, ``is_punct``; rows in segment then token order).

    Returns one row per candidate lemma sequence with columns ``lemmas`` (tuple of str),
    ``pattern``, ``count``, ``llr`` and ``kept`` (count >= ``min_term_count``, llr >=
    ``min_llr`` and more occurrences than expected), sorted by ``llr`` descending.
    """
    cols = ["lemmas", "pattern", "count", "llr", "kept"]
    if len(tokens) == 0:
        return pd.DataFrame(columns=cols)
    prep = _prepared if _prepared is not None else _Prepared(tokens, stopwords)
    lemma = prep.lemma
    code = _pos_codes(prep)
    seg = prep.segment
    codestr = "".join(code.tolist())
    rows = []
    for pattern in PATTERNS:
        for m in re.finditer(f"(?={pattern})", codestr):
            i = m.start()
            j = i + len(pattern)
            if seg[i] != seg[j - 1]:
                continue
            rows.append((tuple(lemma[i:j].tolist()), pattern))
    if not rows:
        return pd.DataFrame(columns=cols)
    inst = pd.DataFrame(rows, columns=["lemmas", "pattern"])
    inst["first"] = inst["lemmas"].map(lambda t: t[0])
    inst["rest"] = inst["lemmas"].map(lambda t: t[1:])
    n = float(len(inst))
    r1 = inst.groupby("first")["first"].transform("size")
    c1 = inst.groupby("rest")["rest"].transform("size")
    inst["r1"], inst["c1"] = r1, c1
    cand = inst.groupby(["lemmas", "pattern"], sort=False).agg(
        count=("first", "size"), r1=("r1", "first"), c1=("c1", "first")).reset_index()
    cand["llr"] = _g2(cand["count"].to_numpy(), cand["r1"].to_numpy(), cand["c1"].to_numpy(), n)
    expected = cand["r1"] * cand["c1"] / n
    cand["kept"] = ((cand["count"] >= min_term_count) & (cand["llr"] >= min_llr)
                    & (cand["count"] > expected))
    cand["key"] = cand["lemmas"].map(" ".join)
    cand = cand.sort_values(["llr", "key"], ascending=[False, True], kind="stable")
    return cand[cols].reset_index(drop=True)


def assign_terms(
    tokens: pd.DataFrame,
    *,
    texts_by_segment: Mapping[str, str],
    stopwords: Iterable[str] = (),
    user_terms: Mapping[str, tuple[str, ...]] | None = None,
    min_term_count: int = 3,
    min_llr: float = 10.83,
    content_pos: Iterable[str] = CONTENT_POS,
    names: Iterable[str] = (),
    forms: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Add the ``term``, ``term_len`` and ``form`` columns to a token table (see the module
    docstring).

    ``tokens`` has the columns of ``schema.TOKEN_COLUMNS`` but the last two, rows in segment
    then token order; ``texts_by_segment`` maps segment ids to their texts (for labels);
    ``user_terms`` maps a label to its lemma sequence; ``names``: surface strings (such as
    pseudonyms, "Participant·e 07") whose occurrences in the texts are never counted;
    ``forms``: the supplementary forms (``{folded term: class}`` from
    :func:`insights.forms.supplementary_forms`; None: the default lists). Returns a new
    DataFrame with columns ``schema.TOKEN_COLUMNS``; ``form`` is missing where ``term`` is.
    """
    from .components import inclusive_base
    from .schema import TOKEN_COLUMNS

    stopwords = [w for w in stopwords]
    for w in stopwords:
        if not isinstance(w, str):
            raise bad_value("stopwords", w, "strings")
    content_pos = tuple(content_pos)
    form_table = supplementary_forms() if forms is None else dict(forms)
    known = {"NOUN", "PROPN", "ADJ", "VERB", "ADV", "ADP", "AUX", "CCONJ", "DET", "INTJ",
             "NUM", "PART", "PRON", "PUNCT", "SCONJ", "SYM", "X"}
    bad = [p for p in content_pos if p not in known]
    if bad:
        raise bad_value("content_pos", bad, sorted(known))
    out = tokens.copy(deep=False)  # new columns only: the caller's table is left as it is
    n = len(out)
    term = np.full(n, None, dtype=object)
    term_len = np.zeros(n, dtype=np.int8)
    prep = _Prepared(out, stopwords)
    prep.countable &= ~_name_mask(out, prep, texts_by_segment, names)
    single = prep.countable & pd.Series(prep.pos).isin(list(content_pos)).to_numpy()
    lemma = prep.lemma
    term[single] = lemma[single]

    cand = find_multiword_terms(out, min_term_count=min_term_count, min_llr=min_llr,
                                stopwords=stopwords, _prepared=prep)
    accepted: dict[tuple[str, ...], str | None] = {
        tuple(k): None for k in cand.loc[cand["kept"], "lemmas"]} if len(cand) else {}
    folded_user: dict[tuple[str, ...], str] = {}
    folded = prep.folded if user_terms else None
    for label, seq in (user_terms or {}).items():
        if len(seq) == 1:
            # a one-word user term always counts, whatever its POS
            m = (folded == fold(seq[0])) & ~out["is_punct"].to_numpy(dtype=bool)
            term[m] = lemma[m]
        elif seq:
            folded_user[tuple(fold(x) for x in seq)] = label
    lengths = sorted({len(k) for k in accepted} | {len(k) for k in folded_user}, reverse=True)
    occurrences: dict[object, list[int]] = {}
    if lengths and n:
        seg_codes = prep.segment
        may_start = prep.lemma_in({k[0] for k in accepted})
        if folded_user:
            firsts = {k[0] for k in folded_user}
            may_start |= np.array([x in firsts for x in folded.tolist()], dtype=bool)
        covered = 0
        for i in np.flatnonzero(may_start).tolist():
            if i < covered:
                continue
            hit = None
            for k in lengths:
                j = i + k
                if j > n or seg_codes[j - 1] != seg_codes[i]:
                    continue
                if folded_user:
                    key_f = tuple(folded[i:j].tolist())
                    if key_f in folded_user:
                        hit = (k, ("\x00user", folded_user[key_f]))
                        break
                key = tuple(lemma[i:j].tolist())
                if key in accepted:
                    hit = (k, key)
                    break
            if hit is None:
                continue
            k, key = hit
            occurrences.setdefault(key, []).append(i)
            term[i + 1:i + k] = None
            term_len[i] = k
            covered = i + k
        starts = out["start"].to_numpy()
        ends = out["end"].to_numpy()
        seg_texts = [texts_by_segment[x] for x in prep.segment_ids]
        for key, where in occurrences.items():
            if key[0] == "\x00user":
                label = key[1]
            else:
                k = len(key)
                forms, base_forms = Counter(), Counter()
                for i in where:
                    text = seg_texts[seg_codes[i]]
                    pieces, at = [], starts[i]
                    for j in range(i, i + k):  # inclusive forms shown as their base form
                        word = text[starts[j]:ends[j]]
                        if inclusive_base(word) is not None:
                            pieces += [text[at:starts[j]], lemma[j]]
                            at = ends[j]
                    pieces.append(text[at:ends[i + k - 1]])
                    surface = " ".join("".join(pieces).lower().split())
                    surface = surface.replace("’", "'").replace("ʼ", "'")
                    forms[surface] += 1
                    first = text[starts[i]:ends[i]]
                    first = (lemma[i] if inclusive_base(first) is not None else first.lower())
                    if first.replace("’", "'").replace("ʼ", "'") == lemma[i]:
                        base_forms[surface] += 1
                pool = base_forms or forms
                label = min(pool.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            for i in where:
                term[i] = label
    out["term"] = pd.array(term, dtype="string")
    out["term_len"] = np.where(pd.notna(term), np.maximum(term_len, 1), 0).astype(np.int8)
    out["form"] = term_forms(out["term"], form_table)
    return out[TOKEN_COLUMNS]


def term_forms(terms: pd.Series, table: Mapping[str, str]) -> pd.Series:
    """The ``form`` of each term of ``terms`` (missing where the term is) under ``table``
    (``{folded term: class}``), as a string Series on the same index; computed once per
    distinct term."""
    codes, uniq = pd.factorize(terms, use_na_sentinel=True)
    labels = np.array([form_of(str(t), table) for t in uniq] + [None], dtype=object)
    return pd.Series(pd.array(labels[codes], dtype="string"), index=terms.index)


def _name_mask(tokens: pd.DataFrame, prep: _Prepared, texts_by_segment: Mapping[str, str],
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
    t = tokens.loc[tokens["term"].notna(), ["segment_id", "term"]]
    t = pd.DataFrame({"segment_id": t["segment_id"].astype(str).to_numpy(),
                      "term": t["term"].astype(str).to_numpy()})
    session = segments.set_index(segments["segment_id"].astype(str))["session"].astype(str)
    t["session"] = t["segment_id"].map(session)
    g = t.groupby("term", sort=False)
    out = pd.DataFrame({
        "frequency": g.size(),
        "segments": g["segment_id"].nunique(),
        "sessions": g["session"].nunique(),
    }).reset_index()
    out = out.sort_values(["frequency", "term"], ascending=[False, True], kind="stable")
    out = out.reset_index(drop=True)
    for c in ("frequency", "segments", "sessions"):
        out[c] = out[c].astype("int64")
    out["term"] = out["term"].astype(str)
    if "form" in tokens.columns:
        known = tokens.loc[tokens["term"].notna() & tokens["form"].notna(), ["term", "form"]]
        by_term = dict(zip(known["term"].astype(str), known["form"].astype(str)))
    else:
        by_term = {}
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


def top_terms_by(
    tokens: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    by: str = "session",
    n: int = 10,
    order: list[str] | None = None,
    active_only: bool = True,
) -> pd.DataFrame:
    """The ``n`` most frequent terms in each group of segments (``segments[by]``); active
    forms only unless ``active_only=False`` (see :mod:`insights.forms`).

    Returns a long table ``by`` (the group value), ``rank`` (1 = most frequent), ``term``,
    ``frequency``, ordered by group (``order`` if given, else sorted) then rank; ties broken by
    term. Raises InvalidArgumentError if ``by`` is not a column of ``segments`` or ``n`` < 1.
    """
    require_columns(tokens, "tokens", ["segment_id", "term"], what=TOKENS_WHAT)
    if not isinstance(by, str) or by not in segments.columns:
        raise bad_value("by", by, list(segments.columns))
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise bad_value("n", n, "an integer >= 1")
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
    counts = counts[counts["rank"] <= n]
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
    if not isinstance(width, int) or isinstance(width, bool) or width < 0:
        raise bad_value("width", width, "an integer >= 0")
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


def term_matrix(
    tokens: pd.DataFrame,
    *,
    binary: bool = False,
    min_segments: int = 1,
    segment_ids: pd.Index | list[str] | None = None,
) -> tuple[sparse.csr_matrix, pd.Index, pd.Index]:
    """Count terms per segment, every form counted: ``insights.doc_term_matrix(tokens,
    rows=segment_ids, binary=binary, min_df=min_segments, forms=None)``.

    Returns ``(matrix, segment_ids, terms)``: a CSR matrix of shape (segments, terms) holding
    counts (or 0/1 with ``binary=True``), the segment ids of its rows (``segment_ids`` if given,
    so that segments without any term keep their row, else those that have a term, sorted) and
    the terms of its columns, sorted, keeping only terms found in at least ``min_segments``
    segments.
    """
    from .vectorize import doc_term_matrix

    return doc_term_matrix(tokens, rows=segment_ids, binary=binary, min_df=min_segments,
                           forms=None)
