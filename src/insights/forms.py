"""Active and supplementary forms, as IRaMuTeQ separates them.

Every counted term is either an **active** form, which drives the themes, or a
**supplementary** form: an auxiliary, modal or generic verb (``être``, ``faire``, ``venir``…),
a unit of time (``an``, ``heure``, ``minute``, ``fois``…) or the logistics of a workshop
(``paperboard``, ``post-it``, ``gommette``, ``salle``…). Supplementary forms are still counted
(``terms.csv``, with their class in the ``form`` column) but are no input of NMF, Reinert or
the similarity graph, and appear neither in the top-terms figure nor in the word clouds.

The default lists ship as package data (``insights/data/supplementary.yaml``, in French, one
list per class). An event adds words with ``supplementary:`` in its ``event.yaml`` (a list,
class :data:`EVENT_CLASS`, or a mapping ``class: [words]``) and makes default ones active
again with ``active:``. Terms are compared without case or accents (``Après-midi`` matches
``après-midi``); a multi-word term is supplementary only when the lists name it whole
(``tour de table``), never for one of its words (``salle commune`` stays active).

The ``form`` column holds stable codes: :data:`ACTIVE` or a class code
(:data:`FORM_CLASSES`, or any code an event defines); :data:`FORM_LABELS` gives the French
label shown beside them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources

import pandas as pd
import yaml

from .errors import bad_value, check_int, require_columns
from .text import fold

#: the ``form`` of a term that drives the themes
ACTIVE = "active"
#: the classes of the default lists, in the order of the package data file
FORM_CLASSES = ("generic_verb", "time_unit", "workshop_logistics")
#: the class of the words an event lists under ``supplementary:`` without a class
EVENT_CLASS = "supplementary"
#: French labels of the form codes, for tables and figures a reader sees
FORM_LABELS = {
    ACTIVE: "forme active",
    "generic_verb": "verbe auxiliaire, modal ou générique",
    "time_unit": "unité de temps",
    "workshop_logistics": "logistique de l’atelier",
    EVENT_CLASS: "forme supplémentaire de l’événement",
}
_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
DATA_FILE = "supplementary.yaml"


def _fold(text: str) -> str:
    return " ".join(fold(text).split())


@lru_cache(maxsize=1)
def _defaults() -> tuple[tuple[str, tuple[str, ...]], ...]:
    text = resources.files("insights").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return tuple((str(k), tuple(str(w) for w in v)) for k, v in data.items())


def default_supplementary() -> dict[str, list[str]]:
    """The default supplementary forms: ``{class: [lemmas]}``, read from the package data."""
    return {k: list(v) for k, v in _defaults()}


def normalise_supplementary(value: object, *, name: str = "supplementary") -> dict[str, list[str]]:
    """Check ``value`` (None, a list of words, or a mapping ``class -> list of words``) and
    return it as ``{class: [words]}`` (a plain list becomes class :data:`EVENT_CLASS`). Raises
    :class:`~insights.errors.InvalidArgumentError` naming ``name`` otherwise."""
    if value is None:
        return {}
    if isinstance(value, (list, tuple)):
        value = {EVENT_CLASS: list(value)}
    if not isinstance(value, Mapping):
        raise bad_value(name, value, "a list of words or a mapping {class: [words]}")
    out: dict[str, list[str]] = {}
    for code, words in value.items():
        if not isinstance(code, str) or not _CODE_RE.match(code) or code == ACTIVE:
            raise bad_value(f"{name} class", code,
                            "lower-case codes such as generic_verb, time_unit, "
                            "workshop_logistics (never 'active')")
        out[code] = normalise_words(words, name=f"{name}.{code}")
    return out


def normalise_words(value: object, *, name: str = "active") -> list[str]:
    """Check that ``value`` is None or a list of non-empty strings; return the stripped
    words. Raises :class:`~insights.errors.InvalidArgumentError` naming ``name``."""
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
        raise bad_value(name, value, "a list of words")
    bad = [w for w in value if not isinstance(w, str) or not w.strip()]
    if bad:
        raise bad_value(name, bad[0], "non-empty strings")
    return [w.strip() for w in value]


def supplementary_forms(
    supplementary: object = None,
    *,
    active: Iterable[str] = (),
    defaults: bool = True,
) -> dict[str, str]:
    """The supplementary forms in force: ``{folded term: class}``.

    ``supplementary``: words added to the defaults (see :func:`normalise_supplementary`; an
    event's ``supplementary:``); ``active``: words that stay active whatever the lists say (an
    event's ``active:``); ``defaults=False`` starts from no list at all. Keys are folded
    (lower case, no accents, single spaces): compare with :func:`form_of`.
    """
    table: dict[str, str] = {}
    if defaults:
        for code, words in _defaults():
            for w in words:
                table.setdefault(_fold(w), code)
    for code, words in normalise_supplementary(supplementary).items():
        for w in words:
            table[_fold(w)] = code
    if not isinstance(active, (str, list, tuple, set, frozenset)):
        active = list(active)  # any other iterable of words
    for w in normalise_words(active):
        table.pop(_fold(w), None)
    return table


def form_of(term: str, table: Mapping[str, str]) -> str:
    """The ``form`` of ``term``: its class in ``table`` (from :func:`supplementary_forms`),
    else :data:`ACTIVE`."""
    return table.get(_fold(term), ACTIVE)


def is_active(frame: pd.DataFrame) -> pd.Series:
    """Boolean mask of the rows of ``frame`` (a token or terms table) that are active forms:
    ``form == "active"`` when the table has a ``form`` column, else every row."""
    if "form" not in frame.columns:
        return pd.Series(True, index=frame.index)
    return (frame["form"].astype("string") == ACTIVE).fillna(False).astype(bool)


def form_summary(terms: pd.DataFrame, *, n_examples: int = 8) -> pd.DataFrame:
    """One row per form in a terms table (:func:`insights.terms.count_terms`): ``form``
    (code), ``label`` (French), ``terms`` (distinct terms), ``frequency`` (occurrences),
    ``share`` (of all occurrences) and ``examples`` (its most frequent terms, ``;``-separated);
    active first, then the classes by frequency."""
    require_columns(terms, "terms", ["term", "frequency", "form"],
                    what="the terms DataFrame of insights.terms.count_terms")
    check_int("n_examples", n_examples, minimum=0)
    total = max(int(terms["frequency"].sum()), 1)
    rows = []
    for code, part in terms.groupby("form", sort=False):
        part = part.sort_values(["frequency", "term"], ascending=[False, True], kind="mergesort")
        rows.append({
            "form": str(code), "label": FORM_LABELS.get(str(code), str(code)),
            "terms": int(len(part)), "frequency": int(part["frequency"].sum()),
            "share": round(int(part["frequency"].sum()) / total, 4),
            "examples": ";".join(part["term"].astype(str).head(n_examples)),
        })
    out = pd.DataFrame(rows, columns=["form", "label", "terms", "frequency", "share", "examples"])
    out["_a"] = out["form"] != ACTIVE
    out = out.sort_values(["_a", "frequency", "form"], ascending=[True, False, True],
                          kind="mergesort")
    return out.drop(columns="_a").reset_index(drop=True)


__all__ = ["ACTIVE", "EVENT_CLASS", "FORM_CLASSES", "FORM_LABELS", "default_supplementary",
           "form_of", "form_summary", "is_active", "normalise_supplementary", "normalise_words",
           "supplementary_forms"]
