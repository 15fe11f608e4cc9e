"""The programme report: several events compared, in French, from a
:class:`~insights.programme_analysis.ProgrammeAnalysis`.

``programme_figures`` lists the figures (stable names, French captions, a function drawing
each), ``programme_markdown`` writes the text, ``write_programme_report`` saves the figures,
``programme.md``, a self-contained ``programme.html`` and an editable ``programme.docx``.
The style, colours, number formats and HTML/Word conversions are the day report's
(:mod:`insights.report`, :mod:`insights.charts`, :mod:`insights.report_docx`).
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from . import charts, programme_charts
from .charts import NBSP, format_number, format_percent, format_time
from .errors import InvalidArgumentError
from .programme import local_speaker
from .report import (
    FIGURES_DIR,
    METHOD_INTROS,
    METHOD_TITLES,
    ReportFigure,
    _figure_md,
    _fig,
    _k_choice_md,
    _methods,
    _table,
    long_date,
    markdown_to_html,
    md_code,
    md_escape,
    plural,
    typo,
)
from .render import render_figures
from .report_docx import write_docx
from .sessions import natural_key
from .timings import Timings, timed

#: the French names of the settings in the method note
SETTING_NAMES = {
    "model": "Modèle spaCy", "random_state": "Graine aléatoire",
    "n_themes": "Nombre de thèmes NMF", "reinert_k": "Classes Reinert demandées (k)",
    "reinert_method": "Classification Reinert (simple ou double)",
    "n_quotes": "Citations par thème",
    "shared_ratio": "Thème fort : part d’au moins 1/x de la plus élevée (x)",
    "particular_ratio": "Thème propre : ailleurs, moins de 1/x de sa part (x)",
    "codebook": "Grille de codage",
}


# --------------------------------------------------------------------------- figures
def _source(analysis: Any) -> str:
    return programme_charts.programme_source_line(analysis.events, analysis.programme.title)


def programme_figures(analysis: Any) -> list[ReportFigure]:
    """The figures of the programme report, in reading order, with stable names:
    ``events-overview``, ``top-terms``, ``theme-spread-<method>``, ``themes-by-event-<method>``,
    ``specificities-event`` (those whose data exist)."""
    src = _source(analysis)
    themes, events = analysis.themes, analysis.events
    labels = analysis.programme.labels
    colors = charts.theme_colors(themes) if len(themes) else {}
    methods = _methods(analysis)
    figs = [
        ReportFigure("events-overview", "Les ateliers du programme : segments par type de "
                     "source, dans l’ordre des dates",
                     lambda: _fig(programme_charts.plot_events_overview(
                         analysis.segments, events, labels=labels, source=src))),
        ReportFigure("top-terms", "Les termes les plus fréquents du programme, colorés selon "
                     "leur thème", lambda: _fig(charts.plot_top_terms(
                         analysis.terms, n=20, themes=themes if methods else None,
                         colors=colors, source=src))),
    ]
    for method in methods:
        name = charts.METHOD_NAMES.get(method, method)
        if len(events) > 1:
            figs.append(ReportFigure(
                f"theme-spread-{method}", f"Part des segments de chaque atelier portant chaque "
                f"thème : thèmes communs et particuliers ({name})",
                lambda m=method: _fig(programme_charts.plot_theme_spread(
                    analysis.theme_by_event, events, themes, method=m, labels=labels,
                    source=src))))
        figs.append(ReportFigure(
            f"themes-by-event-{method}", f"Les thèmes atelier par atelier, dans l’ordre des "
            f"dates ({name})",
            lambda m=method: _fig(programme_charts.plot_event_heatmap(
                analysis.theme_by_event, events, themes, method=m, labels=labels,
                colors=colors, source=src))))
    specs = analysis.specificities
    if len(specs) and "event" in set(specs["variable"].astype(str)):
        figs.append(ReportFigure(
            "specificities-event", "Termes sur- et sous-employés dans chaque atelier",
            lambda: charts.plot_specificities_grid(
                specs, variable="event", values=list(events["event"].astype(str)),
                labels=labels, n=6, ncols=2 if len(events) > 1 else 1, source=src)))
    return figs


def draw_programme_figure(analysis: Any, name: str) -> Figure:
    """Draw the programme report's figure ``name`` (see :func:`programme_figures`) and return
    it, e.g. in a notebook. Raises ``InvalidArgumentError`` for a name the report lacks."""
    figures = {f.name: f for f in programme_figures(analysis)}
    if name not in figures:
        raise InvalidArgumentError(f"invalid value for `name`: {name!r}; allowed: "
                                   f"{', '.join(repr(n) for n in figures)}")
    return figures[name].draw()


# --------------------------------------------------------------------------- markdown
def _events_md(analysis: Any) -> str:
    prog = analysis.programme
    labels = prog.labels
    rows = []
    for r, event in zip(analysis.events.itertuples(index=False), prog.events):
        participants = "non renseigné" if pd.isna(r.participants) else \
            format_number(int(r.participants), decimals=0)
        rows.append((long_date(r.date), md_escape(labels[r.event]), md_escape(r.title),
                     md_escape(r.place), format_number(len(event.sessions), decimals=0),
                     format_number(r.segments, decimals=0), format_number(r.words, decimals=0),
                     participants))
    lines = [_table(["Date", "Atelier", "Titre", "Lieu", "Sessions", "Segments", "Mots",
                     "Participants"], rows), ""]
    totals = prog.combined.report.get("totals", {})
    lines += [typo(
        f"Au total, **{format_number(len(analysis.segments), decimals=0)} segments** tirés de "
        f"{plural(int(totals.get('files_read', 0)), 'fichier')} ; "
        f"{plural(int(totals.get('files_skipped', 0)), 'fichier écarté', 'fichiers écartés')} "
        "à la lecture (détail par atelier dans ingest_report.json). Les « participants » "
        "sont les personnes de la liste de chaque atelier (participants.csv)."), ""]
    shared = list(prog.shared_pseudonyms()["pseudonym"])
    text = ("Chaque atelier garde ses sessions, ses participant·e·s et ses pseudonymes : un "
            "même pseudonyme dans deux ateliers désigne deux personnes, que les tableaux "
            "distinguent par l’identifiant de l’atelier (« Élue 1 (rennes-2019-11-28) »).")
    if shared:
        shown = ", ".join(f"« {md_escape(s)} »" for s in shared[:4])
        text += (f" Ici, {plural(len(shared), 'pseudonyme')} se retrouve"
                 f"{'nt' if len(shared) > 1 else ''} dans plusieurs ateliers ("
                 f"{shown}{' …' if len(shared) > 4 else ''}).")
    lines += [typo(text), ""]
    for event in prog.events:
        counts = event.segments["session"].value_counts()
        lines += [f"### {md_escape(labels[event.id])}{NBSP}: le programme de la journée", "",
                  _table(["Heure", "Session", "Identifiant", "Segments"], [
                      (format_time(s.start), md_escape(s.title), md_code(s.session),
                       format_number(int(counts.get(s.session, 0)), decimals=0))
                      for s in event.sessions.itertuples(index=False)]), ""]
    return "\n".join(lines)


def _rule_md(analysis: Any) -> str:
    shared = format_number(analysis.settings.get("shared_ratio", 3.0), decimals=None)
    particular = format_number(analysis.settings.get("particular_ratio", 10.0), decimals=None)
    return typo(
        "**La règle.** Pour chaque thème, on calcule la part des segments de chaque atelier qui "
        f"le portent, et on la compare à sa part la plus élevée. Le thème est *fort* dans un "
        f"atelier où cette part atteint au moins 1/{shared} de la plus élevée. Il est "
        "**commun à tous les ateliers** quand il est fort dans chacun (aucun atelier n’en "
        f"parle {shared} fois moins que celui qui en parle le plus) ; **propre à un atelier** "
        f"quand, dans tous les autres, sa part est inférieure à 1/{particular} de celle de cet "
        "atelier (il n’existe presque pas ailleurs) ; **surtout présent** dans un atelier "
        "quand il n’est fort que dans celui-là mais existe ailleurs ; **partagé par** "
        "certains ateliers quand il est fort dans plusieurs, pas dans tous (à partir de trois "
        "ateliers). Les parts sont comparées atelier par atelier, pas en nombre de segments : "
        "un atelier plus long ne pèse pas plus.")


def _scope_md(analysis: Any, figures: Mapping[str, ReportFigure], number: list[int]) -> str:
    events = analysis.events["event"].astype(str).tolist()
    labels = analysis.programme.labels
    if len(events) == 1:
        return typo("Le programme ne compte qu’un atelier : il n’y a rien à comparer, chaque "
                    "thème est celui de cet atelier. Les tableaux et figures qui suivent "
                    "sont ceux du programme d’un seul atelier.")
    lines = [_rule_md(analysis), ""]
    by_event = analysis.theme_by_event
    for method in _methods(analysis):
        themes = analysis.themes[analysis.themes["method"].astype(str) == method]
        shares = by_event[by_event["method"].astype(str) == method].set_index("theme")
        lines += [f"### {METHOD_TITLES.get(method, md_escape(method))}", ""]
        rows = [(md_escape(t.label), format_percent(t.share),
                 *(format_percent(shares.at[t.theme, e]) for e in events),
                 md_escape(t.recurrence))
                for t in themes.itertuples(index=False)]
        lines += [_table(["Thème", "Programme", *(md_escape(labels[e]) for e in events),
                          "Lecture"], rows), ""]
        names = themes.loc[themes["scope"] == "shared", "label"].astype(str).tolist()
        if names:
            lines.append("- **Communs à tous les ateliers :** "
                         + ", ".join(md_escape(n) for n in names))
        for scope, head in (("particular", "Propres à"), ("dominant", "Surtout présents à")):
            for e in events:
                mine = themes[(themes["scope"] == scope) & (themes["peak_event"] == e)]
                if len(mine):
                    lines.append(f"- **{head} {md_escape(labels[e])}{NBSP}:** "
                                 + ", ".join(md_escape(n) for n in mine["label"].astype(str)))
        names = themes.loc[themes["scope"] == "partial", "label"].astype(str).tolist()
        if names:
            lines.append("- **Partagés par certains ateliers :** "
                         + ", ".join(md_escape(n) for n in names))
        lines.append("")
        block = _figure_md(figures, f"theme-spread-{method}", number)
        if block:
            lines += [block, ""]
    return "\n".join(lines)


def _specificities_md(analysis: Any, *, n: int = 8) -> str:
    specs = analysis.specificities
    part = specs[specs["variable"].astype(str) == "event"] if len(specs) else specs
    if part.empty:
        return typo("Un seul atelier : il n’y a pas d’autre atelier auquel le comparer.")
    rows = []
    for e in analysis.events["event"].astype(str):
        top = part[(part["value"].astype(str) == e) & (part["score"] >= charts.BANALITY)]
        top = top.sort_values(["score", "term"], ascending=[False, True], kind="mergesort").head(n)
        cell = ", ".join(f"{md_escape(t)} ({format_number(s, decimals=1)})"
                         for t, s in zip(top["term"], top["score"])) or "—"
        rows.append((md_escape(analysis.programme.labels[e]), cell))
    return _table(["Atelier", "Termes sur-employés (score de spécificité)"], rows)


def _quote_md(row: Any, titles: Mapping[tuple[str, str], tuple[str, str]],
              labels: Mapping[str, str]) -> str:
    text = str(row.text).strip()
    body = "\n".join("> " + md_escape(line.strip()) if line.strip() else ">"
                     for line in text.splitlines())
    speaker = local_speaker(str(row.speaker or ""), str(row.event))
    who = md_escape(speaker) if speaker.strip() else "participant·e non identifié·e"
    title, start = titles.get((str(row.event), str(row.session)), (row.session, ""))
    when = f" ({format_time(start)})" if start else ""
    return (f"{body}\n\n— **{md_escape(labels.get(str(row.event), row.event))}**, "
            f"*{md_escape(title)}*{when}, {who}\n")


def _quotes_md(analysis: Any) -> str:
    prog = analysis.programme
    titles = {(str(s.event), str(s.session)): (str(s.title), str(s.start))
              for s in prog.sessions.itertuples(index=False)}
    events = analysis.events["event"].astype(str).tolist()
    quotes = analysis.quotes
    lines = [typo("Pour chaque thème, les segments qui le représentent le mieux, tels "
                  "qu’écrits ou dits, avec l’atelier d’où ils viennent ; le choix favorise des "
                  "citations de plusieurs ateliers et de plusieurs personnes."), ""]
    for section, method in enumerate(_methods(analysis), start=1):
        themes = analysis.themes[analysis.themes["method"].astype(str) == method].copy()
        themes["_k"] = themes["theme"].astype(str).map(natural_key)
        themes = themes.sort_values(["share", "_k"], ascending=[False, True], kind="mergesort")
        shares = analysis.theme_by_event.set_index(["method", "theme"])
        lines += [f"### 5.{section} {METHOD_TITLES.get(method, md_escape(method))}", "",
                  typo(METHOD_INTROS.get(method, "")), ""]
        for t in themes.itertuples(index=False):
            terms = [x for x in str(t.top_terms).split(";") if x]
            parts = " · ".join(f"{md_escape(prog.labels[e])} {format_percent(shares.at[(method, t.theme), e])}"
                               for e in events)
            lines += [f"#### {md_escape(t.label)}", "",
                      f"- **Termes clés{NBSP}:** {md_escape(', '.join(terms[:10]))}",
                      f"- **Part des segments de chaque atelier{NBSP}:** {parts}",
                      f"- **Lecture{NBSP}:** {md_escape(t.recurrence)}", ""]
            mine = quotes[(quotes["method"].astype(str) == method)
                          & (quotes["theme"].astype(str) == str(t.theme))].sort_values("rank")
            for q in mine.itertuples(index=False):
                lines += [_quote_md(q, titles, prog.labels), ""]
    return "\n".join(lines)


def _method_note_md(analysis: Any) -> str:
    settings = dict(analysis.settings or {})
    versions = settings.pop("versions", {}) or {}
    inputs = settings.pop("inputs", {}) or {}
    prog = analysis.programme
    source = prog.codebook_source
    book = ("l’union des grilles des ateliers (un thème présent dans plusieurs grilles garde "
            "le libellé du premier atelier et réunit leurs termes)" if source == "events" else
            "la grille du programme donnée à l’appel" if source == "argument" else
            f"la grille du programme {md_code(Path(source).name)}")
    lines = [typo(
        "Les ateliers sont lus un par un, chacun avec sa liste de participants et ses "
        "pseudonymes, puis réunis : les identifiants de segments et de textes sont préfixés "
        "par l’identifiant de l’atelier, les pseudonymes suivis de lui. Tous les segments sont "
        "annotés ensemble (mots vides : ceux du français et l’union de ceux des ateliers), si "
        "bien qu’un terme est le même terme dans chaque atelier ; les thèmes NMF, la "
        "classification Reinert et la grille de codage sont ajustés sur tous les ateliers à "
        f"la fois, avec les réglages du rapport d’une journée. La grille de codage est {book}. "
        "Les spécificités opposent chaque atelier à l’ensemble des autres (modèle "
        "hypergéométrique de Lafon ; |score| < 2 est la zone de banalité)."), "",
        _rule_md(analysis), "",
        typo("Ce rapport est produit par la bibliothèque insights ; avec les mêmes fichiers "
             "d’entrée, les mêmes réglages et les mêmes versions, il se reproduit à "
             "l’identique."), ""]
    if settings:
        lines += ["### Réglages", "", _table(["Réglage", "Valeur"], [
            (SETTING_NAMES.get(k, md_escape(k)), md_code(v)) for k, v in settings.items()]), ""]
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


def programme_markdown(analysis: Any, figures: Sequence[ReportFigure]) -> str:
    """The programme report in French Markdown; figures are referenced as
    ``figures/<name>.png``."""
    figs = {f.name: f for f in figures}
    number = [0]
    events = analysis.events
    n = len(events)
    first, last = long_date(events["date"].iloc[0]), long_date(events["date"].iloc[-1])
    span = f"du {first} au {last}" if first != last else f"du {first}"
    out = [f"# {md_escape(analysis.programme.title)}", "",
           typo(f"*Rapport comparé {'des ' + str(n) + ' ateliers' if n > 1 else 'd’un atelier'}"
                f" du programme, {span}*"), ""]
    out += ["## 1. Les ateliers en un coup d’œil", "", _events_md(analysis), "",
            _figure_md(figs, "events-overview", number), ""]
    out += ["## 2. Thèmes communs, thèmes particuliers", "", _scope_md(analysis, figs, number),
            ""]
    out += ["## 3. Les thèmes atelier par atelier", "",
            typo("Chaque thème garde la même couleur dans toutes les figures ; les ateliers "
                 "sont rangés par date. Une « part » est la proportion des segments de "
                 "l’atelier qui portent le thème."), "",
            _figure_md(figs, "top-terms", number), ""]
    for method in _methods(analysis):
        block = _figure_md(figs, f"themes-by-event-{method}", number)
        if block:
            out += [block, ""]
    out += ["## 4. Ce qui distingue chaque atelier", "",
            typo("Un terme est spécifique d’un atelier quand il y est employé plus (score "
                 "positif) ou moins (score négatif) que dans l’ensemble du programme ne le "
                 "voudrait le hasard ; les termes les plus sur-employés de chaque atelier :"),
            "", _specificities_md(analysis), "",
            _figure_md(figs, "specificities-event", number), ""]
    out += ["## 5. Les thèmes et leurs citations", "", _quotes_md(analysis), ""]
    if not _methods(analysis):
        out += [typo("Aucune méthode de thèmes n’a pu être appliquée (voir la note de "
                     "méthode)."), ""]
    out += ["## 6. Note de méthode", "", _method_note_md(analysis)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip() + "\n"


def write_programme_report(analysis: Any, folder: str | Path, *,
                           timings: Timings | None = None) -> list[Path]:
    """Draw every figure of ``analysis`` (a ``ProgrammeAnalysis``) and write, under
    ``folder``: ``figures/<name>.png`` (200 dpi) and ``.svg``, ``programme.md``, a
    self-contained ``programme.html`` and its Word version ``programme.docx``. Returns the
    paths written; running twice writes the same files. ``timings``: a
    :class:`insights.Timings` to fill (figures, markdown, html, docx)."""
    folder = Path(folder)
    figures = programme_figures(analysis)
    written: list[Path] = []
    with timed(timings, "figures"):
        written += render_figures(figures, folder / FIGURES_DIR, timings=timings)
    with timed(timings, "markdown"):
        text = programme_markdown(analysis, figures)
        md_path = folder / "programme.md"
        md_path.write_text(text, encoding="utf-8")
    title = analysis.programme.title
    html_path = folder / "programme.html"
    with timed(timings, "html"):
        html_path.write_text(markdown_to_html(text, folder, title=title,
                                              figures=[f.name for f in figures]),
                             encoding="utf-8")
    with timed(timings, "docx"):
        docx_path = write_docx(text, folder, folder / "programme.docx", title=title)
    return [*written, md_path, html_path, docx_path]


__all__ = ["draw_programme_figure", "programme_figures", "programme_markdown",
           "write_programme_report"]
