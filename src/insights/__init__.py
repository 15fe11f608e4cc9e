"""insights: recurring themes and report-ready charts from French participatory workshops.

The chain, one module per stage: ``read`` (ingest) -> ``clean`` (pseudonymisation) ->
``annotate`` (spaCy) -> ``terms`` -> ``vectorize`` (one document-term matrix) ->
``specificities`` / ``themes`` / ``nmf`` / ``reinert`` / ``similarity`` -> ``charts`` ->
``report``; ``pipeline`` runs it all. Everything an analyst needs is importable from here::

    import insights
    event = insights.read_event("data/raw/rennes-2019-11-28")
    analysis = insights.analyse(event)
    event, tokens = insights.load_event()    # $INSIGHTS_EVENT or the sample, read + annotated

Several events of a programme, compared::

    programme = insights.read_programme(["data/raw/rennes-2019-11-28",
                                         "data/raw/aubusson-2020-02-06"])
    comparison = insights.analyse_programme(programme)
    comparison.theme_by_event

The methods also work on a matrix, without an event::

    X, rows, terms = insights.doc_term_matrix(tokens, binary=True, min_df=3)
    labels = insights.Reinert(k=6).fit(X, groups=text_ids).labels_
    insights.class_profiles(X, labels, terms)
"""
import importlib
import sys
import types
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

# Imports are lazy: ``import insights`` loads nothing heavy, and each public name is imported
# from its module the first time it is used (``insights.read_event`` loads the readers, not
# spaCy, scikit-learn nor matplotlib): a command or a notebook pays only for what it uses.

#: module -> the public names it defines
_NAMES: dict[str, tuple[str, ...]] = {
    "annotate": ("ParseSettings", "TermSettings", "annotate", "load_nlp", "unload_models"),
    "clean": ("Pseudonymizer", "mask_contacts", "pseudonymize"),
    "components": ("inclusive_base",),
    "config": ("AnalysisConfig", "read_config"),
    "errors": ("InsightsError", "InvalidArgumentError", "InvalidInputError"),
    "forms": ("form_summary", "supplementary_forms"),
    "iramuteq": ("export_iramuteq", "iramuteq_texts", "to_iramuteq", "write_iramuteq"),
    "load": ("LoadedEvent", "load_analysis", "load_event"),
    "outputs": ("OutputError",),
    "pipeline": ("Analysis", "analyse", "annotate_event", "ingest", "run_report",
                 "write_tables"),
    "programme": ("Programme", "read_programme"),
    "programme_analysis": ("ProgrammeAnalysis", "analyse_programme", "run_programme",
                           "theme_by_event"),
    "read": ("Event", "read_event", "write_ingest"),
    "readers.safety": ("Limits",),
    "reinert": ("Reinert", "ReinertClassification", "ReinertDouble", "class_profiles",
                "reinert_classification", "reinert_themes", "split_segments"),
    "report": ("write_report",),
    "report_docx": ("markdown_to_docx", "write_docx"),
    "schema": ("ThemeResult",),
    "similarity": ("similarity_edges", "similarity_graph", "similarity_nodes"),
    "sessions": ("session_order",),
    "specificities": ("specificities", "specificity_table"),
    "terms": ("concordance", "count_terms", "segment_terms", "term_matrix", "top_terms_by"),
    "themes": ("NMFThemes", "choose_n_themes", "code_cooccurrence", "codebook_counts",
               "codebook_themes", "nmf_themes", "select_quotes", "theme_by_session",
               "theme_shares", "theme_summary"),
    "timings": ("Timings",),
    "vectorize": ("doc_term_matrix",),
}
_LAZY = {name: module for module, names in _NAMES.items() for name in names}
#: sub-modules that are public names themselves
_SUBMODULES = ("charts", "paths", "programme_charts", "report", "report_programme")
#: functions named like the module that defines them (see ``_Package``)
_SHADOWED = ("annotate", "specificities")


def _load(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


class _Package(types.ModuleType):
    """This package: a public name is imported on first use, then kept. ``annotate`` and
    ``specificities`` are functions named like their module; importing such a module sets
    the package attribute of its name to the module, so these two are properties that give
    the function whatever was imported before (the modules are ``insights.annotate`` in
    ``sys.modules``, as usual)."""

    def __getattr__(self, name: str) -> Any:
        value = _load(name)
        setattr(self, name, value)
        return value

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(__all__))


def _function_of(name: str) -> property:
    def get(self: types.ModuleType) -> Any:
        return getattr(importlib.import_module(f".{name}", __name__), name)

    def ignore(self: types.ModuleType, value: Any) -> None:  # the import system sets the
        pass                                                # sub-module: keep the function

    return property(get, ignore, doc=f"insights.{name}.{name}")


for _name in _SHADOWED:
    setattr(_Package, _name, _function_of(_name))
sys.modules[__name__].__class__ = _Package

if TYPE_CHECKING:  # what a type checker or an IDE sees: the eager imports
    from . import charts, paths, programme_charts, report, report_programme
    from .annotate import ParseSettings, TermSettings, annotate, load_nlp, unload_models
    from .clean import Pseudonymizer, mask_contacts, pseudonymize
    from .errors import InsightsError, InvalidArgumentError, InvalidInputError
    from .forms import form_summary, supplementary_forms
    from .components import inclusive_base
    from .config import AnalysisConfig, read_config
    from .iramuteq import export_iramuteq, iramuteq_texts, to_iramuteq, write_iramuteq
    from .load import LoadedEvent, load_analysis, load_event
    from .outputs import OutputError
    from .pipeline import Analysis, analyse, annotate_event, ingest, run_report, write_tables
    from .programme import Programme, read_programme
    from .programme_analysis import (
        ProgrammeAnalysis,
        analyse_programme,
        run_programme,
        theme_by_event,
    )
    from .read import Event, read_event, write_ingest
    from .readers.safety import Limits
    from .reinert import (
        Reinert,
        ReinertClassification,
        ReinertDouble,
        class_profiles,
        reinert_classification,
        reinert_themes,
        split_segments,
    )
    from .report import write_report
    from .report_docx import markdown_to_docx, write_docx
    from .schema import ThemeResult
    from .similarity import similarity_edges, similarity_graph, similarity_nodes
    from .specificities import specificities, specificity_table
    from .terms import concordance, count_terms, segment_terms, term_matrix, top_terms_by
    from .vectorize import doc_term_matrix
    from .themes import (
        NMFThemes,
        choose_n_themes,
        code_cooccurrence,
        codebook_counts,
        codebook_themes,
        nmf_themes,
        select_quotes,
        theme_by_session,
        theme_shares,
        theme_summary,
    )
    from .sessions import session_order
    from .timings import Timings

try:
    __version__ = version("insights")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Analysis", "Event", "InsightsError", "InvalidArgumentError", "InvalidInputError", "Limits",
    "LoadedEvent", "NMFThemes", "OutputError", "Pseudonymizer", "Reinert", "ReinertClassification",
    "ReinertDouble", "ThemeResult", "analyse", "annotate", "annotate_event", "charts",
    "choose_n_themes", "class_profiles", "code_cooccurrence", "codebook_counts", "codebook_themes",
    "concordance", "count_terms", "doc_term_matrix", "export_iramuteq", "form_summary", "ingest",
    "iramuteq_texts", "load_analysis", "load_event", "load_nlp", "markdown_to_docx",
    "mask_contacts", "nmf_themes", "paths", "pseudonymize", "read_event", "reinert_classification",
    "reinert_themes", "report", "run_report", "segment_terms", "select_quotes", "session_order",
    "similarity_edges",
    "similarity_graph", "similarity_nodes", "specificities", "specificity_table", "split_segments",
    "supplementary_forms", "term_matrix", "theme_by_session", "theme_shares", "theme_summary",
    "to_iramuteq", "top_terms_by", "unload_models", "write_docx", "write_ingest",
    "write_iramuteq", "write_report",
    "write_tables",
]
# several events of a programme, compared
__all__ += [
    "Programme", "ProgrammeAnalysis", "analyse_programme", "programme_charts",
    "read_programme", "report_programme", "run_programme", "theme_by_event",
]
# seconds of each stage of a run
__all__ += ["Timings"]
# the settings of annotate, grouped
__all__ += ["ParseSettings", "TermSettings"]
# one configuration of the analysis
__all__ += ["AnalysisConfig", "read_config"]
# the base word of an inclusive form (« élu·e » -> « élu »), for the notebooks
__all__ += ["inclusive_base"]
