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
from importlib.metadata import PackageNotFoundError, version

from . import charts, paths, programme_charts, report, report_programme
from .annotate import annotate, load_nlp
from .clean import Pseudonymizer, mask_contacts, pseudonymize
from .errors import InsightsError, InvalidArgumentError, InvalidInputError
from .forms import form_summary, supplementary_forms
from .iramuteq import export_iramuteq, iramuteq_texts, to_iramuteq, write_iramuteq
from .load import LoadedEvent, load_analysis, load_event
from .nmf import NMFThemes
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
from .reinert import Reinert, ReinertDouble, class_profiles
from .reinert_event import (
    ReinertClassification,
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
    "reinert_themes", "report", "run_report", "segment_terms", "select_quotes", "similarity_edges",
    "similarity_graph", "similarity_nodes", "specificities", "specificity_table", "split_segments",
    "supplementary_forms", "term_matrix", "theme_by_session", "theme_shares", "theme_summary",
    "to_iramuteq", "top_terms_by", "write_docx", "write_ingest", "write_iramuteq", "write_report",
    "write_tables",
]
# several events of a programme, compared
__all__ += [
    "Programme", "ProgrammeAnalysis", "analyse_programme", "programme_charts",
    "read_programme", "report_programme", "run_programme", "theme_by_event",
]
