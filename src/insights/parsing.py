"""Parsing segments with spaCy, fast and once: each segment's tokens as compact arrays
(:class:`Parsed`), kept in a SQLite cache keyed on the text and the pipeline's settings
(:class:`ParseCache`), parsed on every core for large corpora, and turned into the token
table of :func:`insights.annotate.annotate` chunk by chunk.

Parses are cached per segment: a second run over unchanged texts does no parsing; the key
includes the text, model name and version, spaCy version and the settings of the workshop
components (:func:`settings_key`).
"""
from __future__ import annotations

import hashlib
import sqlite3
import struct
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from spacy.language import Language


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

    def _select(self, columns: str, keys: Sequence[str]) -> Iterator[tuple]:
        """The rows (``columns``) of the entries among ``keys``, queried 500 keys at a time."""
        for i in range(0, len(keys), 500):
            chunk = list(keys[i:i + 500])
            q = f"SELECT {columns} FROM parses WHERE key IN ({','.join('?' * len(chunk))})"
            yield from self._con.execute(q, chunk)

    def get_many(self, keys: Sequence[str]) -> dict[str, Parsed]:
        """Return the valid entries among ``keys``."""
        found: dict[str, Parsed] = {}
        for key, checksum, payload in self._select("key, checksum, payload", keys):
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

    def keys_among(self, keys: Sequence[str]) -> set[str]:
        """The keys among ``keys`` that have an entry (read without its payload:
        :meth:`get_many` checks the entries themselves)."""
        return {key for (key,) in self._select("key", list(dict.fromkeys(keys)))}

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


def _pipe(nlp: Language, items: Iterable[tuple[str, str]], *, batch_size: int,
          n_process: int) -> Iterator[tuple[object, str]]:
    """``nlp.pipe`` over (text, key) tuples; the single place where parsing happens."""
    return nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process)


#: below this many texts to parse, one process parses them all (forking costs more)
PARALLEL_MIN_TEXTS = 400
#: the pipeline and batch size the forked parse workers inherit (set just before forking)
_PARSE_JOB: tuple[Language, int] | None = None


def _parse_chunk(items: list[tuple[str, str]]) -> list[tuple[str, bytes]]:
    """Worker: parse ``items`` (text, key) and return each as compact :class:`Parsed` bytes."""
    nlp, batch_size = _PARSE_JOB
    convert = _DocConverter(nlp)
    return [(key, convert(doc).to_bytes())
            for doc, key in _pipe(nlp, items, batch_size=batch_size, n_process=1)]


def _parsed(nlp: Language, items: list[tuple[str, str]], *, batch_size: int,
            n_process: int, meanwhile: Callable[[], Any] | None = None
            ) -> Iterator[tuple[Parsed, str, bytes | None]]:
    """(:class:`Parsed`, key, its bytes or None) of each (text, key) of ``items``, in order
    (the bytes, when a worker made them, go to the cache as they are). With
    ``n_process`` > 1 and enough texts, forked workers (which inherit the loaded pipeline)
    parse chunks of texts and send back only the compact arrays, never spaCy Docs; a system
    without ``fork`` uses spaCy's own multiprocessing. ``meanwhile()`` runs once, in this
    process, as soon as the workers have started (before the first parse without them)."""
    from .render import busy_worker, can_fork, fork_pool

    if n_process <= 1 or len(items) < PARALLEL_MIN_TEXTS or not can_fork():
        if meanwhile is not None:
            meanwhile()
        spacy_processes = n_process if not can_fork() and len(items) > 1 else 1
        convert = _DocConverter(nlp)
        for doc, key in _pipe(nlp, items, batch_size=batch_size, n_process=spacy_processes):
            yield convert(doc), key, None
        return
    global _PARSE_JOB
    list(nlp.pipe(["Un premier texte, pour que les tables soient chargées."]))  # before fork
    size = max(50, min(2000, -(-len(items) // (n_process * 8))))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    _PARSE_JOB = (nlp, batch_size)
    try:
        with fork_pool(n_process, busy_worker) as pool:
            results = pool.imap(_parse_chunk, chunks)
            if meanwhile is not None:  # the workers parse on
                meanwhile()
            for result in results:
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



#: segments parsed and turned into compact columns at a time, so that memory holds the
#: compact token table and one chunk of parse results, never every segment's parse at once
CHUNK_SEGMENTS = 20_000


def _plan(keys: list[str], texts: list[str], cached: set[str]
          ) -> tuple[list[tuple[str, str]], set[str]]:
    """What :func:`parse_to_frame` parses: (text, key) of each key not in ``cached``, once,
    in order of first appearance; and the keys that a chunk after the first one holding
    them needs again (their parses are kept in memory until the end of the run)."""
    first: dict[str, int] = {}
    todo: list[tuple[str, str]] = []
    repeats: set[str] = set()
    for i, (key, text) in enumerate(zip(keys, texts)):
        chunk = i // CHUNK_SEGMENTS
        if key not in first:
            first[key] = chunk
            if key not in cached:
                todo.append((text, key))
        elif first[key] != chunk:
            repeats.add(key)
    return todo, repeats


def _chunk_parses(keys: list[str], texts: list[str], cached: set[str],
                  kept: dict[str, Parsed], repeats: set[str],
                  stream: Iterator[tuple[Parsed, str, bytes | None]], *,
                  nlp: Language | Callable[[], Language],
                  cache: ParseCache | None) -> dict[str, Parsed]:
    """The parse of each key of one chunk of :func:`parse_to_frame`: read from the cache,
    kept from an earlier chunk, or the next one of ``stream`` (which yields the keys to
    parse in the order :func:`_plan` listed them); new parses go to the cache."""
    need = list(dict.fromkeys(keys))
    out: dict[str, Parsed] = {}
    if cache is not None:
        out.update(cache.get_many([k for k in need if k in cached]))
    text_of = dict(zip(keys, texts))
    new: list[tuple[str, Parsed | bytes]] = []
    for key in need:
        if key in out:
            continue
        if key in kept:
            out[key] = kept[key]
            continue
        if key in cached:  # listed in the cache but unreadable there: parsed again, here
            pipeline = nlp if hasattr(nlp, "pipe_names") else nlp()
            parsed, _, data = next(_parsed(pipeline, [(text_of[key], key)], batch_size=1,
                                           n_process=1))
        else:
            parsed, got, data = next(stream)
            if got != key:  # pragma: no cover - _plan and the stream disagree: a bug
                raise RuntimeError(f"parse stream out of order: {got} instead of {key}")
        out[key] = parsed
        new.append((key, parsed if data is None else data))
        if key in repeats:
            kept[key] = parsed
    if cache is not None:
        cache.put_many(new)
    return out


def parse_to_frame(ids: list[str], texts: list[str], *,
                   nlp: Language | Callable[[], Language], settings: str | None = None,
                   n_process: int | None, batch_size: int, cache_dir: str | Path | None,
                   progress: bool | None, meanwhile: Callable[[], Any] | None = None
                   ) -> pd.DataFrame:
    """Parse ``texts`` into the token table of ``_to_frame``, chunk by chunk of
    :data:`CHUNK_SEGMENTS` segments (one tqdm bar for the whole run, shown as
    :func:`parse_segments` would).

    ``nlp``: the pipeline, or a function returning it, called only when a text must be
    parsed; ``settings``: its :func:`settings_key` when known (else computed from ``nlp``).
    With both, texts all in the cache are read without loading the pipeline.

    The texts the cache lacks are parsed by one stream for the whole run (one set of forked
    workers, see :func:`_parsed`), in order, while this process turns each chunk into its
    columns and stores its parses: the workers never wait for a chunk's table to be built,
    nor fork again for the next chunk. Identical texts are parsed once. ``meanwhile()``: work
    for this process while the workers parse, run once when they start (see :func:`_parsed`;
    not at all when every text is in the cache)."""
    show = len(texts) > 2000 if progress is None else bool(progress)
    bar = None
    if show:
        from tqdm.auto import tqdm
        bar = tqdm(total=len(texts), desc="annotation", unit="segment")
    pipeline = nlp if hasattr(nlp, "pipe_names") else None  # a Language, or a loader
    if settings is None:
        pipeline = pipeline if pipeline is not None else nlp()
        settings = settings_key(pipeline)
    keys = [segment_key(t, settings) for t in texts]
    cache = ParseCache(cache_dir) if cache_dir is not None else None
    cached = cache.keys_among(keys) if cache is not None else set()
    todo, repeats = _plan(keys, texts, cached)
    if pipeline is None and todo:
        pipeline = nlp()
    stream = _parsed(pipeline, todo, batch_size=batch_size,
                     n_process=parse_processes(len(todo), n_process), meanwhile=meanwhile)
    kept: dict[str, Parsed] = {}  # parses a later chunk needs again
    frames = []
    try:
        for a in range(0, max(len(texts), 1), CHUNK_SEGMENTS):
            chunk_ids, chunk_texts = ids[a:a + CHUNK_SEGMENTS], texts[a:a + CHUNK_SEGMENTS]
            chunk_keys = keys[a:a + CHUNK_SEGMENTS]
            parsed = _chunk_parses(chunk_keys, chunk_texts, cached, kept, repeats, stream,
                                   nlp=pipeline if pipeline is not None else nlp, cache=cache)
            frames.append(_to_frame(chunk_ids, chunk_texts, [parsed[k] for k in chunk_keys]))
            del parsed
            if bar is not None:
                bar.update(len(chunk_texts))
    finally:
        stream.close()  # stops the workers if a chunk failed
        if cache is not None:
            cache.close()
    if bar is not None:
        bar.close()
    if len(frames) == 1:
        return frames[0]
    return _concat_columns(frames)


def _concat_columns(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The chunks' token tables end to end, built column by column, each chunk's column
    dropped once copied (``frames`` is emptied): memory holds the table once plus one
    column, where ``pd.concat`` held it twice. Segment ids keep the segments' order; POS
    are sorted, as one Categorical of the whole table would have them."""
    from pandas.api.types import union_categoricals

    columns = list(frames[0].columns)
    parts = {c: [f[c] for f in frames] for c in columns}
    frames.clear()
    out = {}
    for c in columns:
        chunks = parts.pop(c)
        if c == "segment_id":
            out[c] = union_categoricals(chunks)
        elif c == "pos":
            out[c] = union_categoricals(chunks, sort_categories=True)
        else:
            out[c] = pd.concat(chunks, ignore_index=True)
        del chunks
    return pd.DataFrame(out)


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


__all__ = ["CACHE_FORMAT", "CHUNK_SEGMENTS", "PARALLEL_MIN_TEXTS", "ParseCache", "Parsed",
           "parse_processes", "parse_segments", "parse_to_frame", "segment_key", "settings_key"]
