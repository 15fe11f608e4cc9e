"""Multi-word terms found from the data: lemma sequences of French noun-phrase POS patterns,
kept when frequent and associated (Dunning's G², see :mod:`insights.terms`), and their
occurrences and labels in a token table."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .errors import renamed
from .text import fold

#: noun-phrase POS patterns of multi-word terms ("N" = NOUN, "A" = ADJ, "P" = ADP among
#: :data:`LINK_PREPOSITIONS`, "D" = DET among :data:`LINK_DETERMINERS`)
PATTERNS: tuple[str, ...] = ("NA", "AN", "NAA", "NPN", "NPDN", "NAPN", "NPNA")
LINK_PREPOSITIONS = frozenset({"de", "à", "en", "pour", "sur", "par", "avec", "sans"})
LINK_DETERMINERS = frozenset({"le", "la", "les", "l'"})
_ALPHA_RE = re.compile(r"^[^\W\d_]+(?:['\-][^\W\d_]+)*$")


def default_stopwords() -> frozenset[str]:
    """spaCy's French stop words plus the oral fillers (lower case, straight apostrophes)."""
    from .fillers import ALWAYS_FILLERS, CONTEXT_FILLERS
    from .french import stop_words

    STOP_WORDS = stop_words()

    words = {w.replace("’", "'").lower() for w in STOP_WORDS}
    words |= {w for w in ALWAYS_FILLERS + CONTEXT_FILLERS if " " not in w}
    return frozenset(words)


def _pos_codes(prep: TokenArrays) -> np.ndarray:
    """One letter per token for pattern matching, as its byte (``uint8``): N, A, P, D or '.'
    (anything else)."""
    content = prep.countable
    code = np.full(len(content), ord("."), dtype=np.uint8)
    code[prep.pos_in({"NOUN"}) & content] = ord("N")
    code[prep.pos_in({"ADJ"}) & content] = ord("A")
    code[prep.pos_in({"ADP"}) & prep.lemma_in(LINK_PREPOSITIONS)] = ord("P")
    code[prep.pos_in({"DET"}) & prep.lemma_in(LINK_DETERMINERS)] = ord("D")
    return code


def _string_codes(values: pd.Series | pd.Index) -> tuple[np.ndarray, list[str]]:
    """``(codes, names)``: a 32-bit code per value and the distinct values as strings (a
    missing value as ""), one code per distinct string (``names[codes[i]]`` is value ``i``),
    in order of first appearance."""
    codes, uniq = pd.factorize(values, use_na_sentinel=False)
    strings = np.array(["" if pd.isna(x) else str(x) for x in uniq], dtype=object)
    merged, names = pd.factorize(strings) if len(strings) else (np.zeros(0, np.int64), strings)
    return merged.astype(np.int32)[codes], [str(x) for x in names]


class TokenArrays:
    """Token columns as integer codes of their distinct values, with per-unique-value
    predicates (computed once per distinct lemma or form rather than once per token): no
    Python object per token is kept (``lemma``, ``pos`` and ``folded`` build such arrays only
    when asked)."""

    def __init__(self, tokens: pd.DataFrame, stopwords: Iterable[str]):
        stopwords = list(stopwords)
        stop = default_stopwords() | {fold(w) for w in stopwords} | {
            w.replace("’", "'").lower() for w in stopwords}
        # codes in 32 bits, one per distinct string: lemma and POS of each token
        codes, self.lemma_uniq = _string_codes(tokens["lemma"])
        self.lemma_codes = codes
        self.pos_codes, self.pos_uniq = _string_codes(tokens["pos"])
        ok = np.array([len(x) >= 2 and bool(_ALPHA_RE.match(x)) and x not in stop
                       for x in self.lemma_uniq], dtype=bool)
        countable = ok[codes] if len(codes) else np.zeros(0, dtype=bool)
        if "text" in tokens.columns:
            tcodes, tuniq = pd.factorize(tokens["text"], use_na_sentinel=False)
            tstop = np.array([str(x).lower().replace("’", "'") in stop for x in tuniq], dtype=bool)
            if len(tcodes):
                countable &= ~tstop[tcodes]
            del tcodes, tuniq
        for flag in ("is_stop", "is_filler", "is_punct"):
            countable &= ~tokens[flag].to_numpy(dtype=bool)
        self.countable = countable
        segment, seg_uniq = pd.factorize(tokens["segment_id"], use_na_sentinel=False)
        self.segment = segment.astype(np.int32)
        del segment
        self.segment_ids = [str(x) for x in seg_uniq]
        self._folded: tuple[np.ndarray, list[str]] | None = None

    @property
    def lemma(self) -> np.ndarray:
        """Each token's lemma ("" where missing), as an object array built at each call."""
        return np.array(self.lemma_uniq, dtype=object)[self.lemma_codes]

    @property
    def pos(self) -> np.ndarray:
        """Each token's POS ("" where missing), as an object array built at each call."""
        return np.array(self.pos_uniq, dtype=object)[self.pos_codes]

    def lemma_in(self, words: Iterable[str]) -> np.ndarray:
        """True for the tokens whose lemma is one of ``words``."""
        words = set(words)
        hit = np.array([x in words for x in self.lemma_uniq], dtype=bool)
        return hit[self.lemma_codes] if len(self.lemma_codes) else np.zeros(0, dtype=bool)

    def pos_in(self, tags: Iterable[str]) -> np.ndarray:
        """True for the tokens whose POS is one of ``tags``."""
        tags = set(tags)
        hit = np.array([x in tags for x in self.pos_uniq], dtype=bool)
        return hit[self.pos_codes] if len(self.pos_codes) else np.zeros(0, dtype=bool)

    def lemma_index(self) -> dict[str, int]:
        """``{lemma: its code}`` (the codes of ``lemma_codes``)."""
        return {x: c for c, x in enumerate(self.lemma_uniq)}

    @property
    def folded_codes(self) -> tuple[np.ndarray, list[str]]:
        """``(codes, names)``: the folded lemma (:func:`fold`) of each token as a 32-bit code
        of ``names``, one code per distinct folded string (computed once)."""
        if self._folded is None:
            merged, names = _string_codes(pd.Index([fold(x) for x in self.lemma_uniq],
                                                   dtype=object))
            codes = (merged[self.lemma_codes] if len(self.lemma_codes)
                     else np.zeros(0, dtype=np.int32))
            self._folded = (codes, names)
        return self._folded

    @property
    def folded(self) -> np.ndarray:
        """Each token's folded lemma (:func:`fold`), as an object array built at each call."""
        codes, names = self.folded_codes
        return np.array(names, dtype=object)[codes] if len(codes) else np.zeros(0, dtype=object)


def _g2(o11: np.ndarray, r1: np.ndarray, c1: np.ndarray, n: float) -> np.ndarray:
    """Dunning's log-likelihood ratio of 2×2 tables given by cell, row and column totals."""
    o = np.stack([o11, r1 - o11, c1 - o11, n - r1 - c1 + o11]).astype(float)
    e = np.stack([r1 * c1, r1 * (n - c1), (n - r1) * c1, (n - r1) * (n - c1)]).astype(float) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(o > 0, o * np.log(o / e), 0.0)
    return 2 * terms.sum(axis=0)


@renamed(min_term_count="min_df")
def find_multiword_terms(
    tokens: pd.DataFrame,
    *,
    min_df: int = 3,
    min_llr: float = 10.83,
    stopwords: Iterable[str] = (),
) -> pd.DataFrame:
    """Candidate multi-word terms of ``tokens`` (columns ``segment_id``, ``lemma``, ``pos``,
    ``is_stop``, ``is_filler``, ``is_punct``; rows in segment then token order).

    Returns one row per candidate lemma sequence with columns ``lemmas`` (tuple of str),
    ``pattern``, ``count``, ``llr`` and ``kept`` (count >= ``min_df``, llr >= ``min_llr`` and
    more occurrences than expected), sorted by ``llr`` descending. ``min_term_count`` is the
    old name of ``min_df`` (deprecated).
    """
    if len(tokens) == 0:
        return pd.DataFrame(columns=_CANDIDATE_COLUMNS)
    return candidates(TokenArrays(tokens, stopwords), min_df=min_df, min_llr=min_llr)


_CANDIDATE_COLUMNS = ["lemmas", "pattern", "count", "llr", "kept"]


#: the widest pattern: an instance's lemma codes are padded with -1 up to it
_WIDTH = max(len(p) for p in PATTERNS)


def _row_groups(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Equal rows of an integer matrix grouped: ``(group of each row, row where each group
    first occurs, rows in each group)``."""
    _, first, inverse, counts = np.unique(rows, axis=0, return_index=True, return_inverse=True,
                                          return_counts=True)
    return inverse.ravel(), first, counts


def _candidate_groups(prep: TokenArrays, *, min_df: int, min_llr: float
                      ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]] | None:
    """The candidates of :func:`candidates` on lemma codes, in order of first appearance
    (pattern by pattern, then token order): ``(lemma codes padded with -1, pattern index,
    {"count", "llr", "kept"})``, or None when no token sequence matches a pattern. No
    Python object per pattern instance."""
    code, seg, lem = _pos_codes(prep), prep.segment, prep.lemma_codes
    n = len(code)
    starts, widths = [], []
    for pattern in PATTERNS:
        k = len(pattern)
        if n < k:
            starts.append(np.zeros(0, dtype=np.int64))
            continue
        hit = seg[:n - k + 1] == seg[k - 1:]  # one segment (segment codes are blocks)
        for j, letter in enumerate(pattern):
            hit &= code[j:n - k + 1 + j] == ord(letter)
        starts.append(np.flatnonzero(hit))
    total = sum(len(s) for s in starts)
    if not total:
        return None
    inst = np.full((total, _WIDTH), -1, dtype=np.int32)
    pattern_of = np.zeros(total, dtype=np.int32)
    at = 0
    for p, (pattern, where) in enumerate(zip(PATTERNS, starts)):
        for j in range(len(pattern)):
            inst[at:at + len(where), j] = lem[where + j]
        pattern_of[at:at + len(where)] = p
        at += len(where)
    del starts
    # r1: instances with the same first lemma; c1: instances with the same rest (the
    # padding keeps rests of different lengths apart)
    _, first_inv, first_counts = np.unique(inst[:, 0], return_inverse=True,
                                           return_counts=True)
    r1 = first_counts.astype(np.int64)[first_inv.ravel()]
    rest_group, _, rest_counts = _row_groups(inst[:, 1:])
    c1 = rest_counts.astype(np.int64)[rest_group]
    group, first, counts = _row_groups(np.column_stack([inst, pattern_of]))
    del group
    order = np.argsort(first, kind="stable")  # groups in order of first appearance
    first = first[order]
    count = counts[order].astype(np.int64)
    r1, c1 = r1[first], c1[first]
    llr = _g2(count, r1, c1, float(total))
    kept = (count >= min_df) & (llr >= min_llr) & (count > r1 * c1 / float(total))
    return inst[first], pattern_of[first], {"count": count, "llr": llr, "kept": kept}


def candidates(prep: TokenArrays, *, min_df: int, min_llr: float) -> pd.DataFrame:
    """:func:`find_multiword_terms` on prepared token columns."""
    found = _candidate_groups(prep, min_df=min_df, min_llr=min_llr)
    if found is None:
        return pd.DataFrame(columns=_CANDIDATE_COLUMNS)
    keys, patterns, values = found
    names = prep.lemma_uniq
    lemmas = [tuple(names[c] for c in row if c >= 0) for row in keys.tolist()]
    cand = pd.DataFrame({
        "lemmas": pd.Series(lemmas, dtype=object),
        "pattern": np.array(PATTERNS, dtype=object)[patterns],
        "count": values["count"], "llr": values["llr"], "kept": values["kept"],
    })
    cand["key"] = cand["lemmas"].map(" ".join)
    cand = cand.sort_values(["llr", "key"], ascending=[False, True], kind="stable")
    return cand[_CANDIDATE_COLUMNS].reset_index(drop=True)


def kept_candidates(prep: TokenArrays, *, min_df: int, min_llr: float
                    ) -> dict[tuple[str, ...], None]:
    """The lemma sequences of the candidates :func:`candidates` keeps (``kept``), as the keys
    of a dict, without building the table of every candidate."""
    found = _candidate_groups(prep, min_df=min_df, min_llr=min_llr)
    if found is None:
        return {}
    keys, _, values = found
    names = prep.lemma_uniq
    return {tuple(names[c] for c in row if c >= 0): None
            for row in keys[values["kept"]].tolist()}


#: first item of the key of a user term's occurrences (its label is the second)
USER = "\x00user"


def multiword_occurrences(prep: TokenArrays, accepted: Mapping[tuple[str, ...], object],
                           folded_user: Mapping[tuple[str, ...], str], term: np.ndarray,
                           term_len: np.ndarray) -> dict[object, list[int]]:
    """Occurrences of the multi-word terms, assigned left to right, longest first (a user
    term before a data-driven one of the same length): ``{key: [first token index, ...]}``
    (key: the lemma sequence, or ``(USER, label)``). Clears ``term`` on the other tokens of
    each occurrence (None in an object array, -1 in an array of integer term codes) and sets
    ``term_len`` on its first. Sequences are compared on the lemma codes of ``prep``."""
    lengths = sorted({len(k) for k in accepted} | {len(k) for k in folded_user}, reverse=True)
    occurrences: dict[object, list[int]] = {}
    n = len(term)
    if not lengths or not n:
        return occurrences
    clear = None if term.dtype == object else -1
    index = prep.lemma_index()
    by_codes: dict[tuple[int, ...], tuple[str, ...]] = {}
    for key in accepted:
        codes = tuple(index.get(x, -1) for x in key)
        if -1 not in codes:  # a lemma the tokens lack: no occurrence
            by_codes[codes] = tuple(key)
    lemma, seg_codes = prep.lemma_codes, prep.segment
    user: dict[tuple[int, ...], str] = {}
    folded = None
    if folded_user:
        folded, names = prep.folded_codes
        findex = {x: c for c, x in enumerate(names)}
        for key, label in folded_user.items():
            codes = tuple(findex.get(x, -1) for x in key)
            if -1 not in codes:
                user[codes] = label
    firsts = np.zeros(len(prep.lemma_uniq), dtype=bool)
    firsts[[k[0] for k in by_codes]] = True
    may_start = firsts[lemma]
    if user:
        ffirsts = np.zeros(len(names), dtype=bool)
        ffirsts[[k[0] for k in user]] = True
        may_start |= ffirsts[folded]
    covered = 0
    for i in np.flatnonzero(may_start).tolist():
        if i < covered:
            continue
        hit = None
        for k in lengths:
            j = i + k
            if j > n or seg_codes[j - 1] != seg_codes[i]:
                continue
            if user:
                key_f = tuple(folded[i:j].tolist())
                if key_f in user:
                    hit = (k, (USER, user[key_f]))
                    break
            key = tuple(lemma[i:j].tolist())
            if key in by_codes:
                hit = (k, by_codes[key])
                break
        if hit is None:
            continue
        k, key = hit
        occurrences.setdefault(key, []).append(i)
        term[i + 1:i + k] = clear
        term_len[i] = k
        covered = i + k
    return occurrences


def multiword_label(key: tuple[str, ...], where: list[int], prep: TokenArrays, seg_texts: list[str],
           starts: np.ndarray, ends: np.ndarray) -> str:
    """The label of a data-driven multi-word term (see the module docstring): its most
    frequent lower-case surface form whose first token is in its base form, else its most
    frequent surface form; inclusive forms shown as their base form."""
    from .components import inclusive_base

    names, codes, seg_codes, k = prep.lemma_uniq, prep.lemma_codes, prep.segment, len(key)
    forms, base_forms = Counter(), Counter()
    for i in where:
        text = seg_texts[seg_codes[i]]
        pieces, at = [], starts[i]
        for j in range(i, i + k):
            word = text[starts[j]:ends[j]]
            if inclusive_base(word) is not None:
                pieces += [text[at:starts[j]], names[codes[j]]]
                at = ends[j]
        pieces.append(text[at:ends[i + k - 1]])
        surface = " ".join("".join(pieces).lower().split())
        surface = surface.replace("’", "'").replace("ʼ", "'")
        forms[surface] += 1
        first = text[starts[i]:ends[i]]
        lemma_i = names[codes[i]]
        first = (lemma_i if inclusive_base(first) is not None else first.lower())
        if first.replace("’", "'").replace("ʼ", "'") == lemma_i:
            base_forms[surface] += 1
    pool = base_forms or forms
    return min(pool.items(), key=lambda kv: (-kv[1], kv[0]))[0]



__all__ = ["LINK_DETERMINERS", "LINK_PREPOSITIONS", "PATTERNS", "TokenArrays", "USER",
           "candidates", "default_stopwords", "find_multiword_terms", "fold",
           "kept_candidates", "multiword_label", "multiword_occurrences"]
