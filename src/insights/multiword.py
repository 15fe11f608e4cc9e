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
    """One letter per token for pattern matching: N, A, P, D or '.' (anything else)."""
    pos, content = prep.pos, prep.countable
    code = np.full(len(pos), ".", dtype="<U1")
    code[(pos == "NOUN") & content] = "N"
    code[(pos == "ADJ") & content] = "A"
    code[(pos == "ADP") & prep.lemma_in(LINK_PREPOSITIONS)] = "P"
    code[(pos == "DET") & prep.lemma_in(LINK_DETERMINERS)] = "D"
    return code


class TokenArrays:
    """Token columns as arrays, with per-unique-value predicates (computed once per distinct
    lemma or form rather than once per token)."""

    def __init__(self, tokens: pd.DataFrame, stopwords: Iterable[str]):
        stopwords = list(stopwords)
        stop = default_stopwords() | {fold(w) for w in stopwords} | {
            w.replace("’", "'").lower() for w in stopwords}
        # codes in 32 bits: five arrays of one value per token live here
        codes, uniq = pd.factorize(tokens["lemma"], use_na_sentinel=False)
        codes = self.lemma_codes = codes.astype(np.int32)
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
        segment, seg_uniq = pd.factorize(tokens["segment_id"], use_na_sentinel=False)
        self.segment = segment.astype(np.int32)
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


def candidates(prep: TokenArrays, *, min_df: int, min_llr: float) -> pd.DataFrame:
    """:func:`find_multiword_terms` on prepared token columns."""
    lemma, seg = prep.lemma, prep.segment
    codestr = "".join(_pos_codes(prep).tolist())
    rows = []
    for pattern in PATTERNS:
        for m in re.finditer(f"(?={pattern})", codestr):
            i = m.start()
            j = i + len(pattern)
            if seg[i] != seg[j - 1]:
                continue
            rows.append((tuple(lemma[i:j].tolist()), pattern))
    if not rows:
        return pd.DataFrame(columns=_CANDIDATE_COLUMNS)
    inst = pd.DataFrame(rows, columns=["lemmas", "pattern"])
    inst["first"] = inst["lemmas"].map(lambda t: t[0])
    inst["rest"] = inst["lemmas"].map(lambda t: t[1:])
    n = float(len(inst))
    inst["r1"] = inst.groupby("first")["first"].transform("size")
    inst["c1"] = inst.groupby("rest")["rest"].transform("size")
    cand = inst.groupby(["lemmas", "pattern"], sort=False).agg(
        count=("first", "size"), r1=("r1", "first"), c1=("c1", "first")).reset_index()
    cand["llr"] = _g2(cand["count"].to_numpy(), cand["r1"].to_numpy(), cand["c1"].to_numpy(), n)
    expected = cand["r1"] * cand["c1"] / n
    cand["kept"] = ((cand["count"] >= min_df) & (cand["llr"] >= min_llr)
                    & (cand["count"] > expected))
    cand["key"] = cand["lemmas"].map(" ".join)
    cand = cand.sort_values(["llr", "key"], ascending=[False, True], kind="stable")
    return cand[_CANDIDATE_COLUMNS].reset_index(drop=True)


#: first item of the key of a user term's occurrences (its label is the second)
USER = "\x00user"


def multiword_occurrences(prep: TokenArrays, accepted: Mapping[tuple[str, ...], object],
                           folded_user: Mapping[tuple[str, ...], str], term: np.ndarray,
                           term_len: np.ndarray) -> dict[object, list[int]]:
    """Occurrences of the multi-word terms, assigned left to right, longest first (a user
    term before a data-driven one of the same length): ``{key: [first token index, ...]}``
    (key: the lemma sequence, or ``(USER, label)``). Clears ``term`` on the other tokens of
    each occurrence and sets ``term_len`` on its first."""
    lengths = sorted({len(k) for k in accepted} | {len(k) for k in folded_user}, reverse=True)
    occurrences: dict[object, list[int]] = {}
    n = len(term)
    if not lengths or not n:
        return occurrences
    lemma, seg_codes = prep.lemma, prep.segment
    folded = prep.folded if folded_user else None
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
                    hit = (k, (USER, folded_user[key_f]))
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
    return occurrences


def multiword_label(key: tuple[str, ...], where: list[int], prep: TokenArrays, seg_texts: list[str],
           starts: np.ndarray, ends: np.ndarray) -> str:
    """The label of a data-driven multi-word term (see the module docstring): its most
    frequent lower-case surface form whose first token is in its base form, else its most
    frequent surface form; inclusive forms shown as their base form."""
    from .components import inclusive_base

    lemma, seg_codes, k = prep.lemma, prep.segment, len(key)
    forms, base_forms = Counter(), Counter()
    for i in where:
        text = seg_texts[seg_codes[i]]
        pieces, at = [], starts[i]
        for j in range(i, i + k):
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
    return min(pool.items(), key=lambda kv: (-kv[1], kv[0]))[0]



__all__ = ["LINK_DETERMINERS", "LINK_PREPOSITIONS", "PATTERNS", "TokenArrays", "USER",
           "candidates", "default_stopwords", "find_multiword_terms", "fold",
           "multiword_label", "multiword_occurrences"]
