"""The programme report: every figure saved (PNG + SVG), ``report.md``, a self-contained
``report.html`` and an editable ``report.docx`` in French, from an ``insights.pipeline.Analysis``.

``report_figures`` lists the figures (stable names, French captions, a function drawing each);
``report_markdown`` writes the text; ``markdown_to_html`` turns it into one HTML file whose
images are embedded as base64 PNG; ``write_report`` does all three into a folder.
"""
from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import markdown
import pandas as pd
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from matplotlib.figure import Figure

from . import charts
from .charts import NBSP, NNBSP, format_number, format_percent, format_time
from .errors import InvalidArgumentError
from .render import render_figures, save_figure
from .report_docx import write_docx
from .sessions import natural_key
from .timings import Timings, timed

FIGURES_DIR = "figures"
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
KIND_NAMES = {"notes": "notes", "postit": "post-it", "livrable": "livrable",
              "transcription": "transcription", "questionnaire": "questionnaire"}
REASONS = {"empty file": "fichier vide", "no text": "aucun texte"}
METHOD_TITLES = {
    "nmf": "Thèmes extraits automatiquement (NMF)",
    "codebook": "Thèmes de la grille de codage",
    "reinert": "Classes de la méthode Reinert",
}
METHOD_INTROS = {
    "nmf": "Une factorisation en matrices non négatives (NMF) regroupe les termes qui "
           "apparaissent ensemble dans les mêmes segments ; chaque thème est décrit par ses "
           "termes les plus lourds.",
    "codebook": "Les thèmes définis à l’avance par l’équipe de recherche (fichier "
                "codebook.yaml) sont repérés par leurs termes, sur les lemmes, sans tenir compte "
                "des majuscules ni des accents.",
    "reinert": "La classification descendante hiérarchique de Reinert (comme IRaMuTeQ ou "
               "rainette) découpe le corpus en classes de segments au vocabulaire proche.",
}


# --------------------------------------------------------------------------- French typography
def typo(text: str) -> str:
    """French typography for text written by the report: no-break space before « : », narrow
    no-break space before ; ! ? and inside « », typographic apostrophe."""
    text = re.sub(r" :", f"{NBSP}:", text)
    text = re.sub(r" ([;!?])", rf"{NNBSP}\1", text)
    text = text.replace("« ", f"«{NNBSP}").replace(" »", f"{NNBSP}»")
    return re.sub(r"(\w)'(\w)", r"\1’\2", text)


def md_escape(text: Any) -> str:
    """Escape data text (labels, quotes, file names) so Markdown shows it verbatim and no HTML
    from the data reaches the report."""
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    text = text.replace("\\", "\\\\").replace("<", "&lt;")
    text = re.sub(r"([`*_\[\]|])", r"\\\1", text)
    text = re.sub(r"^(\s*)([#+\->])", r"\1\\\2", text, flags=re.M)
    return re.sub(r"^(\s*\d+)\.", r"\1\\.", text, flags=re.M)


def md_code(value: Any) -> str:
    """``value`` as an inline code span (ids, paths, versions, hashes); text holding a backtick
    or a pipe (which would break a table) is escaped as plain text instead."""
    text = str(value)
    if "`" in text or "|" in text or "\n" in text:
        return md_escape(text)
    return f"`{text}`"


def long_date(value: Any) -> str:
    """``2019-11-28`` -> ``"28 novembre 2019"`` (other text returned unchanged)."""
    try:
        d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS[d.month - 1]} {d.year}"


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Markdown table; cells are data (escaped) unless already ``str`` marked by the caller."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(str(c).replace("\n", " ") for c in row) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- figures
@dataclass(frozen=True)
class ReportFigure:
    """One figure of the report: file stem, French caption, drawing function."""

    name: str
    caption: str
    draw: Callable[[], Figure]


def _fig(result: Any) -> Figure:
    return result if isinstance(result, Figure) else result.figure


def _methods(analysis: Any) -> list[str]:
    present = set(analysis.themes["method"].astype(str)) if len(analysis.themes) else set()
    return sorted(present, key=charts._method_rank)


def _session_titles(analysis: Any) -> dict[str, str]:
    return dict(zip(analysis.sessions["session"].astype(str), analysis.sessions["title"]))


def _tree_source(classification: Any) -> tuple[Any, bool] | tuple[None, bool]:
    """The classification holding the tree to draw: itself (simple classification) or its
    first simple classification (double classification, ``first``)."""
    if getattr(classification, "tree", None) is not None:
        return classification, True
    first = getattr(classification, "first", None)
    if first is not None and getattr(first, "tree", None) is not None:
        return first, False
    return None, False


def report_figures(analysis: Any, *, random_state: int = 0) -> list[ReportFigure]:
    """The figures of the report for ``analysis``, in reading order, with stable names:
    ``top-terms``, ``wordcloud``, ``wordclouds-by-session``, ``themes-heatmap-<method>``,
    ``timeline-<method>``, ``themes-by-profile-<method>``, ``codebook-coverage``,
    ``specificities-session``, ``specificities-profile``, ``similarity-graph``,
    ``reinert-dendrogram``, ``reinert-profiles`` (those whose data exist)."""
    src = charts.source_line(analysis.event.meta, analysis.segments)
    themes = analysis.themes
    colors = charts.theme_colors(themes) if len(themes) else {}
    day = analysis.event.meta.get("date")
    first = _methods(analysis)[0] if _methods(analysis) else None
    figs = [
        ReportFigure("top-terms", "Les termes les plus fréquents de la journée, colorés selon "
                     "leur thème", lambda: _fig(charts.plot_top_terms(
                         analysis.terms, n=20, themes=themes if first else None, colors=colors,
                         source=src))),
        ReportFigure("wordcloud", "Nuage des termes de la journée (couleur = thème)",
                     lambda: _fig(charts.plot_wordcloud(
                         analysis.terms, themes=themes if first else None, colors=colors,
                         random_state=random_state, source=src))),
        ReportFigure("wordclouds-by-session", "Nuages des termes, session par session",
                     lambda: charts.plot_wordclouds_by_session(
                         analysis.tokens, analysis.segments, analysis.sessions,
                         themes=themes if first else None, colors=colors,
                         random_state=random_state, source=src)),
    ]
    by_profile_ok = analysis.theme_by_profile is not None and len(analysis.theme_by_profile)
    for method in _methods(analysis):
        figs.append(ReportFigure(
            f"themes-heatmap-{method}", f"Part des segments de chaque session portant chaque "
            f"thème ({charts.METHOD_NAMES.get(method, method)})",
            lambda m=method: _fig(charts.plot_theme_heatmap(
                analysis.theme_by_session, analysis.sessions, themes, method=m, colors=colors,
                source=src))))
        figs.append(ReportFigure(
            f"timeline-{method}", f"Les thèmes au fil de la journée "
            f"({charts.METHOD_NAMES.get(method, method)})",
            lambda m=method: _fig(charts.plot_timeline(
                analysis.theme_by_session, analysis.sessions, themes, method=m, day=day,
                colors=colors, source=src))))
        if by_profile_ok and method in set(analysis.theme_by_profile["method"].astype(str)):
            figs.append(ReportFigure(
                f"themes-by-profile-{method}", f"Les thèmes selon le profil des participants "
                f"({charts.METHOD_NAMES.get(method, method)})",
                lambda m=method: _fig(charts.plot_themes_by_profile(
                    analysis.theme_by_profile, themes, method=m, colors=colors, source=src))))
        if method == "codebook":
            figs.append(ReportFigure(
                "codebook-coverage", "Couverture de la grille de codage, session par session",
                lambda: _fig(charts.plot_codebook_coverage(
                    analysis.theme_by_session, analysis.sessions, themes, colors=colors,
                    source=src))))
    variables = set(analysis.specificities["variable"].astype(str)) \
        if len(analysis.specificities) else set()
    if "session" in variables:
        titles = _session_titles(analysis)
        figs.append(ReportFigure(
            "specificities-session", "Termes sur- et sous-employés dans chaque session",
            lambda: charts.plot_specificities_grid(
                analysis.specificities, variable="session", values=list(titles),
                labels={k: f"{v} ({format_time(s)})" for (k, v), s in
                        zip(titles.items(), analysis.sessions["start"])}, n=5, source=src)))
    if "profile" in variables:
        figs.append(ReportFigure(
            "specificities-profile", "Termes sur- et sous-employés selon le profil",
            lambda: charts.plot_specificities_grid(
                analysis.specificities, variable="profile", n=5, source=src)))
    if analysis.similarity is not None and analysis.similarity.number_of_nodes():
        figs.append(ReportFigure(
            "similarity-graph", "Graphe de similitude des termes",
            lambda: _fig(charts.plot_similarity_graph(analysis.similarity,
                                                      random_state=random_state, source=src))))
    if analysis.reinert is not None:
        holder, same = _tree_source(analysis.reinert)
        if holder is not None:
            extra = {} if same else dict(
                colors=_first_tree_colors(analysis.reinert, colors), leaf_name="Branche",
                legend=_final_legend(analysis.reinert, colors),
                title="Première classification simple (méthode Reinert)")
            figs.append(ReportFigure(
                "reinert-dendrogram",
                "Dendrogramme de la classification Reinert" if same else
                "Dendrogramme de la première des deux classifications simples que croise la "
                "classification double ; une branche prend la couleur de la classe finale qui "
                "regroupe la majorité de ses segments",
                lambda h=holder, kw=extra: _fig(charts.plot_dendrogram(
                    h.tree, h.class_sizes, h.profiles, n_terms=5,
                    **({"colors": colors} | kw), source=src))))
        profiles = getattr(analysis.reinert, "profiles", None)
        if profiles is not None and charts.class_top_terms(profiles):
            figs.append(ReportFigure(
                "reinert-profiles", "Profils des classes Reinert",
                lambda: charts.plot_class_profiles(
                    analysis.reinert.profiles, analysis.reinert.class_sizes, n_terms=8,
                    colors=colors, source=src)))
    return figs


def draw_figure(analysis: Any, name: str, *, random_state: int = 0) -> Figure:
    """Draw the report's figure ``name`` (see :func:`report_figures`) for ``analysis`` and
    return it, e.g. to look at it in a notebook. Raises ``InvalidArgumentError`` for a name the
    report does not have."""
    figures = {f.name: f for f in report_figures(analysis, random_state=random_state)}
    if name not in figures:
        raise InvalidArgumentError(f"invalid value for `name`: {name!r}; allowed: "
                                   f"{', '.join(repr(n) for n in figures)}")
    return figures[name].draw()


def _first_tree_colors(classification: Any, colors: Mapping[tuple[str, str], str]
                       ) -> dict[tuple[str, str], str]:
    """Colours of the leaves of a double classification's first tree (keys
    ``("reinert", "reinert-<leaf>")`` as plot_dendrogram expects): a leaf takes the theme colour
    of the final class holding most of its text segments when that class holds at least half
    of them; other leaves are grey."""
    leaves = pd.Series(classification.first.labels).reset_index(drop=True)
    final = pd.Series(classification.labels).reset_index(drop=True)
    out: dict[tuple[str, str], str] = {}
    for leaf in sorted(int(c) for c in leaves.dropna().unique()):
        mine = final[leaves == leaf]
        counts = mine.dropna().astype(int).value_counts()
        key = ("reinert", f"reinert-{leaf}")
        out[key] = charts.NEUTRAL
        if len(counts):
            best = int(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0])
            if counts[best] >= 0.5 * len(mine):
                out[key] = colors.get(("reinert", f"reinert-{best}"), charts.NEUTRAL)
    return out


def _final_legend(classification: Any, colors: Mapping[tuple[str, str], str]) -> dict[str, str]:
    classes = sorted(int(c) for c in pd.Series(classification.labels).dropna().unique())
    out = {f"Classe finale {c}": colors.get(("reinert", f"reinert-{c}"), charts.NEUTRAL)
           for c in classes}
    out["Branche sans classe finale majoritaire"] = charts.NEUTRAL
    return out


# --------------------------------------------------------------------------- markdown
def _figure_md(figures: Mapping[str, ReportFigure], name: str, number: list[int]) -> str:
    if name not in figures:
        return ""
    number[0] += 1
    caption = figures[name].caption
    return (f"![{md_escape(caption)}]({FIGURES_DIR}/{name}.png)\n\n"
            f"*Figure {number[0]}{NBSP}: {md_escape(typo(caption))}.*\n")


def _programme_md(analysis: Any) -> str:
    meta = analysis.event.meta
    counts = analysis.segments["session"].value_counts()
    rows = [(format_time(r.start), md_escape(r.title), md_code(r.session),
             format_number(int(counts.get(r.session, 0)), decimals=0))
            for r in analysis.sessions.itertuples(index=False)]
    lines = []
    facts = [("Date", long_date(meta.get("date", ""))), ("Lieu", meta.get("place")),
             ("Programme", meta.get("programme"))]
    organisers = meta.get("organisers")
    if organisers:
        facts.append(("Organisation", ", ".join(map(str, organisers))
                      if isinstance(organisers, (list, tuple)) else organisers))
    for key, value in facts:
        if value:
            lines.append(f"- **{key}{NBSP}:** {md_escape(value)}")
    lines += ["", _table(["Heure", "Session", "Identifiant", "Segments"], rows)]
    return "\n".join(lines)


def _count_table(series: pd.Series, header: str, names: Mapping[str, str] | None = None) -> str:
    total = int(series.sum())
    rows = [(md_escape((names or {}).get(str(k), k) if str(k) else "non renseigné"),
             format_number(int(v), decimals=0), format_percent(v / total if total else 0))
            for k, v in series.items()]
    return _table([header, "Segments", "Part"], rows)


def _empty_last(counts: pd.Series) -> pd.Series:
    order = [k for k in counts.index if str(k) != ""] + [k for k in counts.index if str(k) == ""]
    return counts.reindex(order)


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``"1 fichier"``, ``"3 fichiers"`` (French: 0 and 1 take the singular)."""
    word = singular if abs(n) < 2 else (plural_form or singular + "s")
    return f"{format_number(n, decimals=0)} {word}"


def _corpus_md(analysis: Any) -> str:
    seg = analysis.segments
    rep = analysis.event.report or {}
    read = rep.get("read", rep.get("files", []))
    skipped = rep.get("skipped", [])
    warnings = rep.get("warnings", [])
    n_terms = len(analysis.terms)
    lines = [typo(
        f"Le corpus compte **{format_number(len(seg), decimals=0)} segments** (paragraphes, "
        f"post-it, tours de parole…) tirés de **{plural(len(read), 'fichier')}** ; "
        f"{plural(len(skipped), 'fichier écarté', 'fichiers écartés')} et "
        f"{plural(len(warnings), 'avertissement')} à la lecture. "
        f"L’analyse retient {format_number(n_terms, decimals=0)} termes distincts "
        f"({format_number(int(analysis.terms['frequency'].sum()) if n_terms else 0, decimals=0)}"
        f" occurrences)."), ""]
    lines += ["### Segments par type de source", "",
              _count_table(seg["kind"].value_counts().sort_index(), "Type", KIND_NAMES), ""]
    if "profile" in seg.columns:
        lines += ["### Segments par profil de participant", "",
                  _count_table(_empty_last(seg["profile"].value_counts().sort_index()),
                               "Profil"), ""]
    if "session" in seg.columns and len(seg):
        speakers = seg.loc[seg["speaker"] != "", "speaker"].nunique() if "speaker" in seg else 0
        lines += [typo(f"Les segments attribués à une personne le sont sous pseudonyme ; "
                       f"{format_number(speakers, decimals=0)} pseudonymes distincts."), ""]
    if skipped:
        lines += ["### Fichiers écartés", "",
                  _table(["Fichier", "Raison"], [
                      (md_code(s.get("path", s.get("source", ""))),
                       md_escape(REASONS.get(s.get("reason", ""), s.get("reason", ""))))
                      for s in skipped]), ""]
    if warnings:
        rows = []
        for w in warnings:
            if isinstance(w, Mapping):
                rows.append((md_code(w.get("path", "")), md_escape(w.get("message", ""))))
            else:
                rows.append(("", md_escape(w)))
        lines += ["### Avertissements de lecture", "", _table(["Fichier", "Message"], rows), ""]
    return "\n".join(lines)


def _quote_md(row: Any, titles: Mapping[str, str], starts: Mapping[str, str]) -> str:
    text = str(row.text).strip()
    body = "\n".join("> " + md_escape(line.strip()) if line.strip() else ">"
                     for line in text.splitlines())
    who = md_escape(row.speaker) if str(row.speaker or "").strip() \
        else "participant·e non identifié·e"
    where = md_escape(titles.get(str(row.session), row.session))
    when = format_time(starts.get(str(row.session), ""))
    # the attribution is a paragraph after the quote: it also keeps two quotes apart
    return f"{body}\n\n— *{where}*{f' ({when})' if when else ''}, {who}\n"


def _themes_md(analysis: Any, method: str, figures: Mapping[str, ReportFigure],
               number: list[int]) -> str:
    themes = analysis.themes[analysis.themes["method"].astype(str) == method].copy()
    themes["_k"] = themes["theme"].astype(str).map(natural_key)
    themes = themes.sort_values(["share", "_k"], ascending=[False, True], kind="mergesort")
    titles = _session_titles(analysis)
    starts = dict(zip(analysis.sessions["session"].astype(str), analysis.sessions["start"]))
    quotes = analysis.quotes[analysis.quotes["method"].astype(str) == method] \
        if len(analysis.quotes) else analysis.quotes
    lines = [typo(METHOD_INTROS.get(method, "")), ""]
    rows = [(md_escape(r.label), format_percent(r.share),
             format_number(int(r.segments), decimals=0), format_number(int(r.sessions), decimals=0),
             md_escape(getattr(r, "recurrence", ""))) for r in themes.itertuples(index=False)]
    header = ["Thème", "Part des segments", "Segments", "Sessions", "Récurrence"]
    lines += [_table(header, rows), ""]
    for name in (f"themes-heatmap-{method}", f"timeline-{method}",
                 f"themes-by-profile-{method}"):
        block = _figure_md(figures, name, number)
        if block:
            lines += [block, ""]
    for r in themes.itertuples(index=False):
        terms = [t for t in str(r.top_terms).split(";") if t]
        lines += [f"#### {md_escape(r.label)}", ""]
        lines.append(f"- **Termes clés{NBSP}:** {md_escape(', '.join(terms[:10]))}")
        lines.append(typo(
            f"- **Part des segments :** {format_percent(r.share)} "
            f"({plural(int(r.segments), 'segment')}, dans {plural(int(r.sessions), 'session')})"))
        if getattr(r, "recurrence", ""):
            lines.append(f"- **Récurrence{NBSP}:** {md_escape(r.recurrence)}")
        lines.append("")
        mine = quotes[quotes["theme"].astype(str) == str(r.theme)].sort_values("rank") \
            if len(quotes) else quotes
        for q in mine.itertuples(index=False):
            lines += [_quote_md(q, titles, starts), ""]
    return "\n".join(lines)


def _specificities_md(analysis: Any, variable: str, *, n: int = 8) -> str:
    specs = analysis.specificities
    part = specs[specs["variable"].astype(str) == variable]
    if variable == "session":
        titles = _session_titles(analysis)
        values = [v for v in titles if v in set(part["value"].astype(str))]
        label = {v: titles[v] for v in values}
    else:
        values = list(dict.fromkeys(part["value"].astype(str)))
        label = {v: charts.PROFILE_NAMES.get(v, v) for v in values}
    rows = []
    for v in values:
        top = part[(part["value"].astype(str) == v) & (part["score"] >= charts.BANALITY)]
        top = top.sort_values(["score", "term"], ascending=[False, True], kind="mergesort").head(n)
        cell = ", ".join(f"{md_escape(t)} ({format_number(s, decimals=1)})"
                         for t, s in zip(top["term"], top["score"])) or "—"
        rows.append((md_escape(label[v]), cell))
    head = "Session" if variable == "session" else "Profil"
    return _table([head, "Termes sur-employés (score de spécificité)"], rows)


def _reinert_md(analysis: Any, figures: Mapping[str, ReportFigure], number: list[int]) -> str:
    cls = analysis.reinert
    lines = [typo(METHOD_INTROS["reinert"] + " La hauteur d’une branche est le χ² de la "
                  "partition : plus il est élevé, plus les deux groupes de segments ont des "
                  "vocabulaires opposés."), ""]
    sizes = getattr(cls, "class_sizes", None)
    if sizes is not None and len(sizes):
        sizes = pd.Series(sizes)
        kept = sizes[[i for i in sizes.index if pd.notna(i) and int(i) > 0]]
        lines += [typo(f"{plural(len(kept), 'classe')} regroupent "
                       f"{plural(int(kept.sum()), 'segment')} de texte."), ""]
    for name in ("reinert-dendrogram", "reinert-profiles"):
        block = _figure_md(figures, name, number)
        if block:
            lines += [block, ""]
    reason = getattr(cls, "stop_reason", "")
    if reason:
        lines += [f"*Arrêt de la classification{NBSP}:* {md_escape(reason)}", ""]
    return "\n".join(lines)


def _k_choice_md(analysis: Any) -> str:
    """How the numbers of themes and classes were chosen: the NMF k-scan, the Reinert levels,
    and what the classification left unclassified."""
    lines: list[str] = []
    nmf = (analysis.theme_results or {}).get("nmf")
    scan = nmf.themes.attrs.get("n_themes_scores") if nmf is not None else None
    if scan is not None and len(scan):
        lines += [typo("**Thèmes NMF.** Le nombre de thèmes k est celui qui maximise le score "
                       "cohérence × couverture : la cohérence (NPMI moyenne des paires de "
                       "termes d’un thème) baisse quand un vrai thème est coupé en morceaux, la "
                       "couverture (part des termes d’un segment parmi ceux de son thème) "
                       "baisse quand deux thèmes sont fondus."), "",
                  _table(["k", "Cohérence", "Couverture", "Score", "Retenu"], [
                      (format_number(r.k, decimals=0), format_number(r.coherence, decimals=3),
                       format_number(r.coverage, decimals=3), format_number(r.score, decimals=3),
                       "**oui**" if r.chosen else "")
                      for r in scan.itertuples(index=False)]), ""]
    cls = analysis.reinert
    if cls is not None:
        table = cls.k_table
        head = "χ² de la partition" if cls.tree is None else "χ² de la coupure"
        lines += [typo(f"**Classification Reinert.** {plural(cls.n_classes, 'classe')} pour "
                       f"{format_number(analysis.settings.get('reinert_k', cls.n_classes), decimals=0)}"
                       " demandées ; chaque ligne donne le niveau de l’arbre à k classes. Un "
                       "segment de texte reste non classé quand il n’a plus aucun terme actif "
                       "dans la classe à découper (ou, pour la classification double, quand les "
                       "deux classifications ne s’accordent pas)."), "",
                  _table(["k", head, "Segments de texte classés", "Part", "Retenu"], [
                      (format_number(r.k, decimals=0), format_number(r.chi2, decimals=1),
                       format_number(r.classified, decimals=0),
                       format_percent(r.share, decimals=1), "**oui**" if r.chosen else "")
                      for r in table.itertuples(index=False)]), ""]
        n_uce = len(cls.labels)
        left = int(cls.labels.isna().sum())
        segs = analysis.segments["segment_id"].astype(str)
        res = (analysis.theme_results or {}).get("reinert")
        carried = set(res.assignments["segment_id"].astype(str)) if res is not None else set()
        n_left = int((~segs.isin(carried)).sum())
        lines += [typo(f"Non classés : {plural(left, 'segment')} de texte sur "
                       f"{format_number(n_uce, decimals=0)} "
                       f"({format_percent(left / n_uce if n_uce else 0)}), soit "
                       f"{plural(n_left, 'segment')} d’origine sur "
                       f"{format_number(len(segs), decimals=0)} sans aucune classe. Les segments "
                       "sont découpés et regroupés sans jamais franchir la limite d’un texte "
                       "(un post-it, une réponse, une prise de parole, une section de notes)."),
                  ""]
    return "\n".join(lines)


def _method_note_md(analysis: Any) -> str:
    settings = dict(analysis.settings or {})
    versions = settings.pop("versions", {}) or {}
    inputs = settings.pop("inputs", {}) or {}
    command = settings.pop("command", None)
    names = {"model": "Modèle spaCy", "random_state": "Graine aléatoire",
             "n_themes": "Nombre de thèmes NMF", "reinert_k": "Classes Reinert demandées (k)",
             "reinert_method": "Classification Reinert (simple ou double)",
             "n_quotes": "Citations par thème",
             "n_similarity_terms": "Termes du graphe de similitude"}
    lines = [typo("Ce rapport est produit par la bibliothèque insights ; avec les mêmes fichiers "
                  "d’entrée, les mêmes réglages et les mêmes versions, il se reproduit à "
                  "l’identique."), ""]
    if command:
        lines += [f"Commande{NBSP}:", "", "```", str(command), "```", ""]
    if settings:
        lines += ["### Réglages", "", _table(["Réglage", "Valeur"], [
            (names.get(k, md_escape(k)), md_code(v)) for k, v in settings.items()]), ""]
    choice = _k_choice_md(analysis)
    if choice:
        lines += ["### Nombre de thèmes et de classes", "", choice, ""]
    if versions:
        lines += ["### Versions des logiciels", "", _table(["Logiciel", "Version"], [
            (md_escape(k), md_code(v)) for k, v in versions.items()]), ""]
    if inputs:
        lines += ["### Empreintes des fichiers d’entrée (SHA-256)", "",
                  _table(["Fichier", "SHA-256"], [(md_code(k), md_code(v))
                                                  for k, v in inputs.items()]), ""]
    if analysis.notes:
        lines += ["### Remarques du traitement", ""]
        lines += [f"- {md_escape(n)}" for n in analysis.notes]
        lines.append("")
    lines += [typo("Les noms des participants sont remplacés par des pseudonymes et les "
                   "adresses électroniques et numéros de téléphone masqués dès la lecture des "
                   "fichiers ; aucune donnée personnelle ne figure dans ce rapport."), ""]
    return "\n".join(lines)


def report_markdown(analysis: Any, figures: Sequence[ReportFigure]) -> str:
    """The report in French Markdown; figures are referenced as ``figures/<name>.png``."""
    figs = {f.name: f for f in figures}
    meta = analysis.event.meta
    number = [0]
    title = meta.get("title") or analysis.event.id
    out = [f"# {md_escape(title)}", "",
           typo(f"*Rapport d’analyse de l’atelier du {long_date(meta.get('date', ''))}*"), ""]
    out += ["## 1. L’atelier et son programme", "", _programme_md(analysis), ""]
    out += ["## 2. Le corpus en chiffres", "", _corpus_md(analysis), ""]
    for name in ("top-terms", "wordcloud", "wordclouds-by-session"):
        block = _figure_md(figs, name, number)
        if block:
            out += [block, ""]
    out += ["## 3. Les thèmes récurrents", "",
            typo("Chaque méthode propose sa lecture du corpus ; un même thème garde la même "
                 "couleur dans toutes les figures. Une « part » est la proportion des segments "
                 "qui portent le thème ; les citations sont les segments qui le représentent le "
                 "mieux, telles qu’écrites ou dites."), ""]
    section = 0
    for method in _methods(analysis):
        if method == "reinert":
            continue
        section += 1
        out += [f"### 3.{section} {METHOD_TITLES.get(method, md_escape(method))}", "",
                _themes_md(analysis, method, figs, number), ""]
        if method == "codebook":
            block = _figure_md(figs, "codebook-coverage", number)
            if block:
                out += ["#### Couverture de la grille, session par session", "", block, ""]
            cooc = analysis.codebook_cooccurrence
            if cooc is not None and len(cooc):
                out += ["#### Thèmes de la grille qui se croisent", "",
                        typo("Nombre de segments portant à la fois le thème de la ligne et celui "
                             "de la colonne (la diagonale : segments du thème)."), "",
                        _table([""] + [md_escape(c) for c in cooc.columns],
                               [[f"**{md_escape(i)}**"] + [format_number(v, decimals=0)
                                                           for v in row]
                                for i, row in zip(cooc.index, cooc.to_numpy())]), ""]
    out += ["## 4. Spécificités lexicales", "",
            typo("Un terme est spécifique d’une partie du corpus (une session, un profil) quand "
                 "il y est employé plus (score positif) ou moins (score négatif) que ne le "
                 "voudrait le hasard (modèle hypergéométrique de Lafon) ; |score| < 2 est la "
                 "zone de banalité."), ""]
    variables = set(analysis.specificities["variable"].astype(str)) \
        if len(analysis.specificities) else set()
    for variable, head in (("session", "Par session"), ("profile", "Par profil")):
        if variable in variables:
            out += [f"### {head}", "", _specificities_md(analysis, variable), ""]
            block = _figure_md(figs, f"specificities-{variable}", number)
            if block:
                out += [block, ""]
    if "similarity-graph" in figs:
        g = analysis.similarity
        out += ["## 5. Le graphe de similitude", "",
                typo(f"Les {format_number(g.number_of_nodes(), decimals=0)} termes les plus "
                     "fréquents sont reliés par l’arbre maximal de leurs cooccurrences : deux "
                     "termes voisins apparaissent souvent dans les mêmes segments ; les couleurs "
                     "marquent des communautés de termes (des « mondes lexicaux »)."), "",
                _figure_md(figs, "similarity-graph", number), ""]
    if analysis.reinert is not None:
        out += ["## 6. La classification Reinert", "", _reinert_md(analysis, figs, number), "",
                _themes_md(analysis, "reinert", figs, number), ""]
    elif any("Reinert" in str(n) for n in analysis.notes):
        out += ["## 6. La classification Reinert", "",
                typo("La classification n’a pas pu être faite sur ce corpus (voir la note de "
                     "méthode)."), ""]
    out += ["## 7. Note de méthode", "", _method_note_md(analysis)]
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip() + "\n"


# --------------------------------------------------------------------------- HTML
CSS = """
@page { size: A4; margin: 18mm 16mm; }
html { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; font-size: 11pt;
       line-height: 1.5; color: #1a1a1a; background: #fff; }
body { max-width: 17cm; margin: 0 auto; padding: 1.5em 1em 3em; }
h1 { font-size: 1.7em; line-height: 1.25; margin: 0 0 .3em; color: #332288; }
h2 { font-size: 1.35em; margin-top: 2em; border-bottom: 2px solid #332288; padding-bottom: .15em;
     page-break-after: avoid; }
h3 { font-size: 1.15em; margin-top: 1.6em; page-break-after: avoid; }
h4 { font-size: 1.02em; margin: 1.4em 0 .4em; page-break-after: avoid; }
p, li { hyphens: auto; }
img { display: block; max-width: 100%; height: auto; margin: 1em auto .2em; }
p.caption { font-size: .9em; color: #444; text-align: center; margin-top: 0; }
blockquote + p { margin: -.5em 0 1.2em; font-size: .9em; color: #444; text-align: right; }
table { border-collapse: collapse; margin: .8em 0 1.2em; font-size: .9em; width: 100%;
        page-break-inside: avoid; }
th, td { border-bottom: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
blockquote { margin: .8em 0 .8em 0; padding: .4em 1em; border-left: 4px solid #88CCEE;
             background: #f7f9fb; page-break-inside: avoid; }
blockquote p { margin: .3em 0; }
code, pre { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .85em; }
td code { word-break: break-all; }
pre { background: #f4f4f4; padding: .6em; white-space: pre-wrap; }
@media print { body { max-width: none; padding: 0; } h2 { page-break-before: auto; } }
"""


_FIGURE_SRC = re.compile(rf"{FIGURES_DIR}/(?P<name>[A-Za-z0-9][A-Za-z0-9_\-]*)\.png")


class _EmbedFigures(Treeprocessor):
    """Embed the report's own figures as base64 data URIs; drop any other image (its alt text
    stays), so that no file named by input text is ever read from disk."""

    def __init__(self, md: markdown.Markdown, folder: Path, allowed: frozenset[str] | None):
        super().__init__(md)
        self.folder = Path(folder)
        self.allowed = allowed

    def _data_uri(self, name: str) -> str:
        path = self.folder / FIGURES_DIR / f"{name}.png"
        if path.is_symlink() or not path.is_file():
            raise InvalidArgumentError(f"report image {path} is missing; write the figures "
                                       "before the HTML")
        return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")

    def run(self, root):  # noqa: D102 - Markdown API
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag != "img":
                    continue
                match = _FIGURE_SRC.fullmatch(child.get("src", ""))
                if match and (self.allowed is None or match.group("name") in self.allowed):
                    child.set("src", self._data_uri(match.group("name")))
                    continue
                span = ElementTree.Element("span")
                span.text, span.tail = child.get("alt", ""), child.tail
                parent.remove(child)
                parent.insert(index, span)
        return None


class _SafeReport(Extension):
    """No raw HTML from the Markdown source (it is shown as text), images embedded by
    :class:`_EmbedFigures`."""

    def __init__(self, folder: Path, allowed: frozenset[str] | None):
        super().__init__()
        self.folder, self.allowed = folder, allowed

    def extendMarkdown(self, md):  # noqa: N802, D102 - Markdown API
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_EmbedFigures(md, self.folder, self.allowed), "embed", 1)


def markdown_to_html(text: str, folder: Path, *, title: str = "Rapport",
                     figures: Iterable[str] | None = None) -> str:
    """One self-contained HTML page of the Markdown ``text``: inline CSS, no link to any other
    file. Each image ``figures/<name>.png`` is read from ``folder`` and embedded as a base64
    data URI when ``name`` is one of ``figures`` (the figures the report wrote; ``None``: any
    such name); any other image (another folder, an absolute path, a name from input text) is
    never read: it is replaced by its alt text. Raw HTML in ``text`` is shown as text, never
    run. Raises ``InvalidArgumentError`` when one of the report's images is missing."""
    allowed = None if figures is None else frozenset(figures)
    body = markdown.markdown(text, extensions=["tables", "fenced_code",
                                               _SafeReport(Path(folder), allowed)],
                             output_format="html")
    body = body.replace("<p><em>Figure ", '<p class="caption"><em>Figure ')
    return ("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f"{body}\n</body>\n</html>\n")


def write_report(analysis: Any, folder: str | Path, *, random_state: int = 0,
                 timings: Timings | None = None) -> list[Path]:
    """Draw every figure of ``analysis`` (an ``insights.pipeline.Analysis``) and write, under
    ``folder``: ``figures/<name>.png`` (200 dpi) and ``.svg`` for each, ``report.md``, a
    self-contained ``report.html`` and its Word version ``report.docx``
    (``insights.report_docx``), all in French. Returns the paths written. Figures are closed
    once saved; running twice writes the same files. ``timings``: a
    :class:`insights.Timings` to fill (figures, markdown, html, docx)."""
    folder = Path(folder)
    figures = report_figures(analysis, random_state=random_state)
    written: list[Path] = []
    with timed(timings, "figures"):
        written += render_figures(figures, folder / FIGURES_DIR, timings=timings)
    with timed(timings, "markdown"):
        text = report_markdown(analysis, figures)
        md_path = folder / "report.md"
        md_path.write_text(text, encoding="utf-8")
    title = str(analysis.event.meta.get("title") or analysis.event.id)
    html_path = folder / "report.html"
    with timed(timings, "html"):
        html_path.write_text(markdown_to_html(text, folder, title=title,
                                              figures=[f.name for f in figures]),
                             encoding="utf-8")
    with timed(timings, "docx"):
        docx_path = write_docx(text, folder, folder / "report.docx", title=title)
    return [*written, md_path, html_path, docx_path]


__all__ = [
    "ReportFigure", "draw_figure", "long_date", "markdown_to_html", "md_code", "md_escape",
    "plural", "report_figures", "report_markdown", "save_figure", "typo", "write_report",
]
