"""The method note closing a report (an event's and a programme's): how the numbers of themes
and classes were chosen, the settings of the analysis, the versions of the software, the
fingerprints of the input files, the notes of the processing and the privacy statement."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..charts import format_number, format_percent
from .text import count, md_code, md_escape, md_table, say, say_or, whole


def setting_value(value: Any) -> str:
    """A setting's value as the method note shows it: yes / no, « automatique » for a value
    left to the method (``None``), a list as its items, anything else as written."""
    if isinstance(value, bool):
        return say("report.yes" if value else "report.no")
    if value is None:
        return say("report.auto")
    if isinstance(value, (list, tuple)):
        return md_code(", ".join(map(str, value))) if value else "—"
    return md_code(value)


def settings_table(settings: Mapping[str, Any]) -> str:
    """The settings of the analysis as a table: the French name of each (the catalogue's
    ``setting.<key>``, the keys of :class:`insights.config.AnalysisConfig`; an unknown key is
    shown as the identifier it is) and its value, in French (:func:`setting_value`)."""
    rows = [(say_or(f"setting.{k}", md_code(k)), setting_value(v)) for k, v in settings.items()]
    return md_table([say("report.col.setting"), say("report.col.value")], rows)


def _nmf_choice(analysis: Any) -> list[str]:
    nmf = (analysis.theme_results or {}).get("nmf")
    scan = nmf.themes.attrs.get("n_themes_scores") if nmf is not None else None
    if scan is None or not len(scan):
        return []
    yes = f"**{say('report.yes')}**"
    header = ["k", say("report.col.coherence"), say("report.col.coverage"),
              say("report.col.score"), say("report.col.chosen")]
    return [say("report.nmf_k"), "", md_table(header, [
        (whole(r.k), format_number(r.coherence, decimals=3),
         format_number(r.coverage, decimals=3), format_number(r.score, decimals=3),
         yes if r.chosen else "") for r in scan.itertuples(index=False)]), ""]


def _reinert_choice(analysis: Any) -> list[str]:
    cls = analysis.reinert
    if cls is None:
        return []
    asked = (analysis.settings or {}).get("reinert.k", cls.n_classes)
    header = ["k", say("report.col.chi2_partition" if cls.tree is None else
                       "report.col.chi2_cut"),
              say("report.col.classified"), say("report.col.share"), say("report.col.chosen")]
    yes = f"**{say('report.yes')}**"
    lines = [say("report.reinert_k", classes=count(cls.n_classes, "class"), k=whole(asked)), "",
             md_table(header, [
                 (whole(r.k), format_number(r.chi2, decimals=1), whole(r.classified),
                  format_percent(r.share, decimals=1), yes if r.chosen else "")
                 for r in cls.k_table.itertuples(index=False)]), ""]
    n_units = len(cls.labels)
    left = int(cls.labels.isna().sum())
    segments = analysis.segments["segment_id"].astype(str)
    result = (analysis.theme_results or {}).get("reinert")
    carried = set(result.assignments["segment_id"].astype(str)) if result is not None else set()
    lines += [say("report.unclassified", left=count(left, "segment"), units=whole(n_units),
                  share=format_percent(left / n_units if n_units else 0),
                  segments=count(int((~segments.isin(carried)).sum()), "segment"),
                  total=whole(len(segments))), ""]
    return lines


def k_choice_md(analysis: Any) -> str:
    """How the numbers of themes and classes were chosen: the NMF k-scan, the Reinert levels,
    and what the classification left unclassified (``""`` when there is neither)."""
    return "\n".join(_nmf_choice(analysis) + _reinert_choice(analysis))


def method_note_md(analysis: Any, *, intro: Sequence[str] = ()) -> str:
    """The method note of ``analysis`` (an event's or a programme's): ``intro`` paragraphs
    (already in French), then the reproducibility statement, the command, the settings, the
    choice of k, the versions, the input fingerprints, the processing notes and the privacy
    statement."""
    settings = dict(analysis.settings or {})
    versions = settings.pop("versions", {}) or {}
    inputs = settings.pop("inputs", {}) or {}
    command = settings.pop("command", None)
    lines = [*(p for text in intro for p in (text, "")), say("report.reproducible"), ""]
    if command:
        lines += [say("report.command"), "", "```", str(command), "```", ""]
    if settings:
        lines += [f"### {say('report.h.settings')}", "", settings_table(settings), ""]
    choice = k_choice_md(analysis)
    if choice:
        lines += [f"### {say('report.h.k_choice')}", "", choice, ""]
    if versions:
        lines += [f"### {say('report.h.versions')}", "", md_table(
            [say("report.col.software"), say("report.col.version")],
            [(md_escape(k), md_code(v)) for k, v in versions.items()]), ""]
    if inputs:
        lines += [f"### {say('report.h.inputs')}", "", md_table(
            [say("report.col.file"), "SHA-256"],
            [(md_code(k), md_code(v)) for k, v in inputs.items()]), ""]
    if analysis.notes:
        lines += [f"### {say('report.h.notes')}", "", *(f"- {md_escape(n)}"
                                                        for n in analysis.notes), ""]
    lines += [say("report.privacy"), ""]
    return "\n".join(lines)


__all__ = ["k_choice_md", "method_note_md", "setting_value", "settings_table"]
