"""Tests of insights.charts: every chart draws from a small realistic fixture with its labels,
theme colours are stable across figures, numbers are written the French way."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from insights import charts
from conftest import token_table
from insights.charts import OVER as OVER_HEX  # noqa: E402
from insights.errors import InvalidArgumentError  # noqa: E402
from insights.schema import ThemeResult  # noqa: E402

NNBSP = "\u202f"

SESSIONS = pd.DataFrame({
    "session": ["connaissance", "croisement", "pepites-defis", "action", "restitution", "gouter"],
    "title": ["Faisons connaissance", "Au croisement des chemins", "Des pépites et des défis",
              "En action", "À nous de jouer", "Goûter"],
    "start": ["09:30", "10:30", "11:30", "14:00", "16:00", "16:30"],
    "order": [1, 2, 3, 4, 5, 6],
})
PROFILES = ["élu·e", "agent·e de collectivité", "animateur·rice de lieu", "explorateur·rice", ""]
VOCAB = {
    "accueil": ["accueil", "habitant", "porte", "café", "convivialité"],
    "gouvernance": ["gouvernance", "collectivité", "partenariat", "décision", "bail"],
    "lieu": ["lieu", "espace", "mutualisation", "local", "mixité sociale"],
}
THEME_OF_SESSION = ["accueil", "accueil", "lieu", "gouvernance", "lieu", "accueil"]
NMF = {"accueil": "nmf-1", "lieu": "nmf-2", "gouvernance": "nmf-3"}
REINERT = {"accueil": 1, "lieu": 2, "gouvernance": 3}


def _segments() -> pd.DataFrame:
    rows = []
    k = 0
    for s, sess in enumerate(SESSIONS.itertuples(index=False)):
        for i in range(6):
            k += 1
            main = THEME_OF_SESSION[s] if i % 3 else list(VOCAB)[(s + i) % 3]
            other = list(VOCAB)[(s + i + 1) % 3]
            words = VOCAB[main][i % 5: i % 5 + 3] + [VOCAB[other][(i + s) % 5]] + VOCAB[main][:1]
            rows.append({
                "segment_id": f"{sess.session}/notes.md#{i + 1}", "event": "rennes-2019-11-28",
                "session": sess.session, "session_title": sess.title,
                "session_start": sess.start, "group": f"table {i % 2 + 1}",
                "kind": "notes" if i % 2 else "postit", "speaker": f"Participant·e {i % 4 + 1}",
                "profile": PROFILES[(i + s) % len(PROFILES)], "source": f"{sess.session}/notes.md",
                "line": i * 2 + 1, "text": " ".join(words) + ".", "category": "", "main": main,
                "words": words,
            })
    return pd.DataFrame(rows)


def _tokens(segments: pd.DataFrame) -> pd.DataFrame:
    """A multi-word term is counted on its first token only."""
    return token_table(dict(zip(segments["segment_id"], segments["words"])))


def _share_by(assign: pd.DataFrame, segments: pd.DataFrame, by: str, values: list[str]):
    """theme x value table: share of the value's segments carrying the theme."""
    merged = assign.merge(segments[["segment_id", by]], on="segment_id")
    n = segments.groupby(by).size()
    counts = merged.groupby(["theme", "method", by]).size().unstack(by, fill_value=0)
    shares = counts.div(n, axis=1).reindex(columns=values, fill_value=0.0).fillna(0.0)
    return shares.reset_index()


def make_analysis(tmp_path: Path | None = None) -> SimpleNamespace:
    """A small, self-consistent stand-in for ``insights.pipeline.Analysis``."""
    segments = _segments()
    tokens = _tokens(segments)
    seg_session = segments.set_index("segment_id")["session"]
    occ = tokens[tokens["term"].notna()]
    occ = occ.assign(session=occ["segment_id"].map(seg_session))
    terms = (occ.groupby("term").agg(frequency=("term", "size"),
                                     segments=("segment_id", "nunique"),
                                     sessions=("session", "nunique")).reset_index())
    # assignments: every segment carries its main theme in each method
    assign = []
    for seg in segments.itertuples(index=False):
        assign.append((seg.segment_id, NMF[seg.main], "nmf", 0.8))
        assign.append((seg.segment_id, f"reinert-{REINERT[seg.main]}", "reinert", 1.0))
        if seg.main != "lieu":
            assign.append((seg.segment_id, seg.main, "codebook", 1.0))
    assign = pd.DataFrame(assign, columns=["segment_id", "theme", "method", "weight"])
    labels = {"nmf-1": "Accueil, habitant, porte", "nmf-2": "Lieu, espace, mutualisation",
              "nmf-3": "Gouvernance, collectivité", "accueil": "Postures d'accueil",
              "gouvernance": "Gouvernance partagée", "reinert-1": "classe 1\u00a0: accueil",
              "reinert-2": "classe 2\u00a0: lieu", "reinert-3": "classe 3\u00a0: gouvernance"}
    top = {"nmf-1": VOCAB["accueil"], "nmf-2": VOCAB["lieu"], "nmf-3": VOCAB["gouvernance"],
           "accueil": ["accueil", "café"], "gouvernance": ["gouvernance", "bail"],
           "reinert-1": VOCAB["accueil"], "reinert-2": VOCAB["lieu"],
           "reinert-3": VOCAB["gouvernance"]}
    methods = {"nmf": ["nmf-1", "nmf-2", "nmf-3"], "codebook": ["accueil", "gouvernance"],
               "reinert": ["reinert-1", "reinert-2", "reinert-3"]}
    rows = []
    results = {}
    for method, ids in methods.items():
        part = assign[assign["method"] == method]
        th = pd.DataFrame({"theme": ids, "label": [labels[t] for t in ids], "method": method,
                           "top_terms": [top[t] for t in ids]})
        results[method] = ThemeResult(th, part.reset_index(drop=True))
        for t in ids:
            segs = part.loc[part["theme"] == t, "segment_id"]
            sess = segments.loc[segments["segment_id"].isin(segs), "session"]
            by = sess.value_counts() / segments["session"].value_counts()
            rows.append({"theme": t, "label": labels[t], "method": method,
                         "top_terms": ";".join(top[t]), "segments": len(segs),
                         "share": len(segs) / len(segments), "sessions": sess.nunique(),
                         "recurrence": "transversal" if sess.nunique() >= 4 else "ponctuel",
                         "peak_session": by.idxmax()})
    themes = pd.DataFrame(rows)
    by_session = _share_by(assign, segments, "session", list(SESSIONS["session"]))
    by_profile = _share_by(assign, segments, "profile", PROFILES)
    quotes = []
    for t in themes.itertuples(index=False):
        segs = assign.loc[assign["theme"] == t.theme, "segment_id"].head(2)
        for rank, sid in enumerate(segs, start=1):
            seg = segments.set_index("segment_id").loc[sid]
            quotes.append((t.theme, t.method, rank, sid, seg["session"], seg["speaker"],
                           seg["text"]))
    quotes = pd.DataFrame(quotes, columns=["theme", "method", "rank", "segment_id", "session",
                                           "speaker", "text"])
    spec_rows = []
    for variable in ("session", "profile"):
        table = occ.assign(profile=occ["segment_id"].map(
            segments.set_index("segment_id")["profile"])).groupby([variable, "term"]).size()
        table = table.unstack(variable, fill_value=0)
        expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.to_numpy().sum()
        score = (table - expected) / np.sqrt(expected)
        for value in table.columns:
            for term in table.index:
                spec_rows.append((variable, value, term, int(table.loc[term, value]),
                                  float(expected[table.index.get_loc(term),
                                                 table.columns.get_loc(value)]),
                                  float(score.loc[term, value]) * 2))
    specs = pd.DataFrame(spec_rows, columns=["variable", "value", "term", "observed",
                                             "expected", "score"])
    full = nx.Graph()
    for sid, group in occ.groupby("segment_id"):
        words = sorted(set(group["term"]))
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                w = full.get_edge_data(a, b, {"weight": 0})["weight"]
                full.add_edge(a, b, weight=w + 1)
    graph = nx.maximum_spanning_tree(full)
    freq = terms.set_index("term")
    for i, comm in enumerate(nx.community.greedy_modularity_communities(graph), start=1):
        for node in comm:
            graph.nodes[node].update(frequency=int(freq.loc[node, "frequency"]),
                                     segments=int(freq.loc[node, "segments"]), community=i)
    sizes = segments["main"].map(REINERT).value_counts().sort_index()
    profiles = pd.DataFrame(
        [(c, term, 30.0 - 5 * k, 1e-4, 0.5) for name, c in REINERT.items()
         for k, term in enumerate(VOCAB[name])],
        columns=["class", "term", "chi2", "p_value", "share"])
    reinert = SimpleNamespace(
        # as insights.reinert_event.ReinertClassification; tree as insights.reinert.Reinert.tree_:
        # node ids (root 0), final class of terminal children
        tree=pd.DataFrame({"split": [1, 2], "parent": [0, 2], "left": [1, 3], "right": [2, 4],
                           "chi2": [84.5, 41.2], "size": [36, 24],
                           "left_class": pd.array([1, 2], dtype="Int64"),
                           "right_class": pd.array([pd.NA, 3], dtype="Int64")}),
        class_sizes=sizes, profiles=profiles, first=None, n_classes=3,
        stop_reason="reached k=3 classes",
        labels=pd.Series([1] * 12 + [2] * 12 + [3] * 11 + [pd.NA], dtype="Int64"),
        k_table=pd.DataFrame({"k": [2, 3], "chi2": [84.5, 41.2], "classified": [35, 35],
                              "share": [35 / 36, 35 / 36], "chosen": [False, True]}))
    cooc = pd.DataFrame([[24, 0], [0, 6]], index=["accueil", "gouvernance"],
                        columns=["accueil", "gouvernance"])
    event = SimpleNamespace(
        id="rennes-2019-11-28", path=tmp_path or Path("."),
        meta={"title": "Partager plus que des m² : quand les lieux renouvellent les solidarités",
              "date": "2019-11-28", "place": "Espace Social Commun Aimé Césaire, Rennes",
              "programme": "Places du partage", "organisers": ["Collporterre", "La 27e Région"]},
        sessions=SESSIONS.copy(), segments=segments.drop(columns=["main", "words"]),
        report={"read": [{"path": f"{s}/notes.md", "format": ".md", "segments": 6,
                          "session": s, "kind": "notes;postit"} for s in SESSIONS["session"]],
                "skipped": [{"path": "retours/vide.txt", "reason": "empty file"}],
                "ignored": [{"path": "README.md", "reason": "README: documentation"}],
                "warnings": [{"path": "action/notes.md", "message": "2 headings skipped"}],
                "totals": {"files_read": 6, "files_skipped": 1, "files_ignored": 1,
                           "segments": 36}},
        codebook={"accueil": {"label": "Postures d'accueil", "terms": ["accueil"]},
                  "gouvernance": {"label": "Gouvernance partagée", "terms": ["gouvernance"]}},
        stopwords=["atelier"])
    return SimpleNamespace(
        event=event, segments=event.segments, sessions=event.sessions, tokens=tokens,
        terms=terms, specificities=specs, theme_results=results, themes=themes,
        theme_by_session=by_session, theme_by_profile=by_profile, quotes=quotes,
        similarity=graph, reinert=reinert, codebook_cooccurrence=cooc,
        settings={"model": "fr_core_news_sm", "random_state": 0, "n_themes": "auto",
                  "versions": {"python": "3.11", "spacy": "3.8.0"},
                  "inputs": {"event.yaml": "ab" * 32}, "command": "insights report"},
        notes=["Reinert: arrêt à 3 classes, les classes suivantes auraient moins de 5 segments."])


@pytest.fixture(scope="module")
def analysis():
    return make_analysis()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(ax) -> str:
    return " ".join(t.get_text() for t in ax.figure.findobj(matplotlib.text.Text))


def _title(ax) -> str:
    return ax.get_title("left") + ax.get_title() + ax.get_title("right")


def _has_labels(ax, *, axis_labels: bool = True) -> None:
    assert _title(ax).strip()
    if axis_labels:
        assert ax.get_xlabel().strip() and ax.get_ylabel().strip()
    legend = ax.get_legend() or (ax.figure.legends[0] if ax.figure.legends else None)
    assert legend is not None and len(legend.get_texts()) > 0


# ----------------------------------------------------------------------------- formats
def test_format_number_french():
    assert charts.format_number(1234.5) == f"1{NNBSP}234,5"
    assert charts.format_number(1234567, decimals=0) == f"1{NNBSP}234{NNBSP}567"
    assert charts.format_number(-0.25, decimals=2) == "\u22120,25"
    assert charts.format_number(-0.001, decimals=1) == "0,0"
    assert charts.format_number(3.0) == "3"


def test_format_percent_and_dates():
    assert charts.format_percent(0.123) == f"12{NNBSP}%"
    assert charts.format_percent(0.1234, decimals=1) == f"12,3{NNBSP}%"
    assert charts.format_time("09:30") == "9\u00a0h\u00a030"
    assert charts.format_date("2019-11-28") == "28/11/2019"
    assert charts.french_formatter(percent=True)(0.5, 0) == f"50{NNBSP}%"


def test_source_line_from_data():
    line = charts.source_line({"date": "2019-11-28"}, 1234)
    assert line == f"Atelier du 28/11/2019, n\u00a0=\u00a01{NNBSP}234 segments"
    seg = pd.DataFrame({"segment_id": ["a", "b", "c"]})
    assert line.replace(f"1{NNBSP}234", "3") == charts.source_line({"date": "2019-11-28"}, seg)


def test_style_does_not_leak_into_global_rcparams():
    before = dict(matplotlib.rcParams)
    with charts.report_style():
        assert matplotlib.rcParams["savefig.dpi"] == 200
        assert list(matplotlib.rcParams["figure.figsize"]) == [6.3, 3.9]
    assert dict(matplotlib.rcParams) == before


# ----------------------------------------------------------------------------- colours
def test_theme_colors_deterministic_and_distinct(analysis):
    colors = charts.theme_colors(analysis.themes)
    shuffled = charts.theme_colors(analysis.themes.sample(frac=1, random_state=3))
    assert colors == shuffled
    assert set(colors) == set(zip(analysis.themes["method"], analysis.themes["theme"]))
    for method in ("nmf", "codebook", "reinert"):
        mine = [c for (m, _), c in colors.items() if m == method]
        assert len(set(mine)) == len(mine)
    assert colors[("nmf", "nmf-1")] == charts.THEME_PALETTE[0]
    ten = pd.DataFrame({"theme": [f"nmf-{i}" for i in range(1, 11)], "method": "nmf"})
    assert charts.theme_colors(ten)[("nmf", "nmf-2")] == charts.THEME_PALETTE[1]  # natural order


def test_theme_colors_rejects_bad_table():
    with pytest.raises(InvalidArgumentError, match="method"):
        charts.theme_colors(pd.DataFrame({"theme": ["a"]}))


def test_same_theme_same_colour_in_heatmap_timeline_and_profiles(analysis):
    colors = charts.theme_colors(analysis.themes)
    ax1 = charts.plot_timeline(analysis.theme_by_session, analysis.sessions, analysis.themes,
                               method="nmf")
    line_colors = {l.get_label(): to_hex(l.get_color()) for l in ax1.get_lines()
                   if not l.get_label().startswith("_")}
    ax2 = charts.plot_themes_by_profile(analysis.theme_by_profile, analysis.themes, method="nmf")
    bar_colors = {h.get_label(): to_hex(h.patches[0].get_facecolor())
                  for h in ax2.containers}
    labels = dict(zip(analysis.themes["theme"], analysis.themes["label"]))
    for theme in ("nmf-1", "nmf-2", "nmf-3"):
        expected = colors[("nmf", theme)].lower()
        assert line_colors[charts.wrap_label(labels[theme], 26)] == expected
        assert bar_colors[charts.wrap_label(labels[theme], 26)] == expected


def test_term_colors_follow_theme_top_terms(analysis):
    colors = charts.theme_colors(analysis.themes)
    tc = charts.term_colors(analysis.themes, method="nmf")
    assert tc["accueil"] == colors[("nmf", "nmf-1")]
    assert tc["bail"] == colors[("nmf", "nmf-3")]
    assert "inconnu" not in tc


# ----------------------------------------------------------------------------- charts
def test_plot_top_terms(analysis):
    ax = charts.plot_top_terms(analysis.terms, n=8, themes=analysis.themes,
                               source="Atelier du 28/11/2019")
    _has_labels(ax)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    expected = charts.top_terms_table(analysis.terms, n=8)["term"].tolist()
    assert ticks == expected
    top = analysis.terms.sort_values("frequency", ascending=False).iloc[0]
    assert ax.patches[0].get_width() == top["frequency"]
    assert "Atelier du 28/11/2019" in _texts(ax)


def test_plot_wordcloud_and_grid(analysis):
    ax = charts.plot_wordcloud(analysis.terms, themes=analysis.themes)
    assert _title(ax) and ax.get_legend() is not None
    a1 = ax.get_images()[0].get_array()
    a2 = charts.plot_wordcloud(analysis.terms, themes=analysis.themes).get_images()[0].get_array()
    assert np.array_equal(a1, a2)  # fixed random_state
    # a theme word is drawn in its theme colour
    rgb = np.array(matplotlib.colors.to_rgb(charts.theme_colors(analysis.themes)[("nmf", "nmf-1")]))
    assert (np.abs(a1[..., :3] / 255.0 - rgb).sum(axis=-1) < 0.02).any()
    fig = charts.plot_wordclouds_by_session(analysis.tokens, analysis.segments, analysis.sessions,
                                            themes=analysis.themes)
    titles = [_title(a) for a in fig.axes if a.get_visible()]
    assert titles[0].startswith("Faisons connaissance") and len(titles) == 6
    assert fig.legends


def test_wordcloud_without_themes_is_one_colour_not_grey(analysis):
    image = charts.plot_wordcloud(analysis.terms, legend=False).get_images()[0].get_array()
    pixels = {tuple(p) for p in image.reshape(-1, image.shape[-1])[:, :3].tolist()}
    assert tuple(int(OVER_HEX[i:i + 2], 16) for i in (1, 3, 5)) in pixels
    grey = tuple(int(charts.NEUTRAL[i:i + 2], 16) for i in (1, 3, 5))
    assert grey not in pixels


def test_wordcloud_rejects_only_stopwords():
    with pytest.raises(InvalidArgumentError, match="frequencies"):
        charts.wordcloud_image({"le": 3, "de": 2})


def test_session_term_frequencies_counts(analysis):
    freq = charts.session_term_frequencies(analysis.tokens, analysis.segments)
    direct = analysis.tokens.merge(analysis.segments[["segment_id", "session"]])
    n = ((direct["session"] == "action") & (direct["term"] == "gouvernance")).sum()
    got = freq[(freq["session"] == "action") & (freq["term"] == "gouvernance")]["frequency"]
    assert int(got.iloc[0]) == n
    assert freq["frequency"].sum() == analysis.tokens["term"].notna().sum()


def test_plot_theme_heatmap(analysis):
    ax = charts.plot_theme_heatmap(analysis.theme_by_session, analysis.sessions,
                                   analysis.themes, method="nmf")
    assert _title(ax) and ax.get_xlabel() and ax.get_ylabel()
    colorbar = ax.images[0].colorbar  # the colour bar is the heat map's legend
    assert colorbar.ax.get_ylabel() == "Part des segments"
    xt = [t.get_text() for t in ax.get_xticklabels()]
    assert xt[0].startswith("Faisons") and "9\u00a0h\u00a030" in xt[0]
    assert "16\u00a0h\u00a030" in xt[-1]
    grid = ax.get_images()[0].get_array()
    row = analysis.theme_by_session.set_index(["method", "theme"]).loc[("nmf", "nmf-1")]
    assert np.allclose(grid[0], row[SESSIONS["session"]].to_numpy(dtype=float))
    assert charts.format_percent(row["connaissance"]) in _texts(ax)


def test_plot_timeline_real_time_axis(analysis):
    ax = charts.plot_timeline(analysis.theme_by_session, analysis.sessions, analysis.themes,
                              method="codebook", day="2019-11-28")
    _has_labels(ax)
    line = next(l for l in ax.get_lines() if not l.get_label().startswith("_"))
    xs = matplotlib.dates.num2date(line.get_xdata(orig=False))
    assert [x.strftime("%H:%M") for x in xs] == SESSIONS["start"].tolist()
    assert (xs[3] - xs[2]).seconds == 150 * 60  # 11:30 -> 14:00 really is 2 h 30


def test_plot_timeline_title_clears_the_session_titles(analysis):
    # the report style pins titles at the top of the axes; the timeline's must still rise
    # above the session titles written on its top axis
    ax = charts.plot_timeline(analysis.theme_by_session, analysis.sessions, analysis.themes,
                              method="nmf", day="2019-11-28")
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    top = next(child for child in ax.child_axes)
    title = next(t for t in ax.get_children()
                 if isinstance(t, matplotlib.text.Text) and t.get_text() == ax.get_title("left"))
    assert title.get_window_extent(renderer).y0 >= top.get_tightbbox(renderer).y1 - 1


def test_plot_themes_by_profile(analysis):
    ax = charts.plot_themes_by_profile(analysis.theme_by_profile, analysis.themes)
    _has_labels(ax)
    labels = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert "Sans profil" in labels and "élu·e" in labels


def test_plot_codebook_coverage(analysis):
    ax = charts.plot_codebook_coverage(analysis.theme_by_session, analysis.sessions,
                                       analysis.themes)
    _has_labels(ax)
    assert len(ax.containers) == 2
    heights = [p.get_height() for p in ax.containers[0].patches]
    row = analysis.theme_by_session.set_index(["method", "theme"]).loc[("codebook", "accueil")]
    assert np.allclose(heights, row[SESSIONS["session"]].to_numpy(dtype=float))
    with pytest.raises(InvalidArgumentError, match="method"):
        charts.plot_codebook_coverage(analysis.theme_by_session[lambda d: d.method == "nmf"],
                                      analysis.sessions, analysis.themes)


def test_top_specificities_and_plot(analysis):
    table = charts.top_specificities(analysis.specificities, variable="session",
                                     value="action", n=3)
    part = analysis.specificities.query("variable == 'session' and value == 'action'")
    assert table["score"].iloc[0] == part["score"].max()
    assert table["score"].iloc[-1] == part["score"].min()
    assert table["score"].is_monotonic_decreasing and len(table) == 6
    ax = charts.plot_specificities(analysis.specificities, value="action", n=3)
    _has_labels(ax)
    assert any(abs(p.get_width() - table["score"].iloc[0]) < 1e-9 for p in ax.patches)
    with pytest.raises(InvalidArgumentError, match="value"):
        charts.top_specificities(analysis.specificities, value="inconnue")
    fig = charts.plot_specificities_grid(analysis.specificities, variable="profile", n=3)
    assert len([a for a in fig.axes if a.get_visible()]) == 5 and fig.legends


def test_plot_specificities_grid_without_the_variable_says_so(analysis):
    specs = analysis.specificities[analysis.specificities["variable"] != "profile"]
    fig = charts.plot_specificities_grid(specs, variable="profile", n=3)
    texts = " ".join(t.get_text() for t in fig.texts)
    assert not fig.axes and "Aucune valeur" in texts and "session" in texts


def test_plot_similarity_graph(analysis):
    ax = charts.plot_similarity_graph(analysis.similarity)
    assert _title(ax) and ax.get_legend() is not None
    labels = {t.get_text() for t in ax.texts}
    assert set(map(str, analysis.similarity.nodes)) <= labels
    layout = charts.similarity_layout(analysis.similarity)
    assert layout.equals(charts.similarity_layout(analysis.similarity))


def test_dendrogram_layout_hand_worked(analysis):
    nodes, links = charts.dendrogram_layout(analysis.reinert.tree, analysis.reinert.class_sizes)
    leaves = nodes[nodes["kind"] == "class"].set_index("class")
    # split 1 cuts node 0 into nodes 1 (class 1) and 2; split 2 cuts node 2 into nodes 3 and 4
    # (classes 2 and 3): leaves in tree order are classes 1, 2, 3
    assert leaves["x"].to_dict() == {1: 0.0, 2: 1.0, 3: 2.0}
    splits = nodes[nodes["kind"] == "split"].set_index("node")
    assert splits.loc["split-1", "y"] == 84.5 and splits.loc["split-2", "y"] == 41.2
    assert splits.loc["split-2", "x"] == 1.5 and splits.loc["split-1", "x"] == 0.75
    assert leaves.loc[1, "size"] == (analysis.reinert.class_sizes.loc[1])
    assert len(links) == 6


def test_plot_dendrogram(analysis):
    colors = charts.theme_colors(analysis.themes)
    ax = charts.plot_dendrogram(analysis.reinert.tree, analysis.reinert.class_sizes,
                                analysis.reinert.profiles, n_terms=3, colors=colors)
    _has_labels(ax)
    text = _texts(ax)
    assert "Classe 2" in text and "mutualisation" in text
    handles = ax.figure.legends[0].legend_handles
    assert to_hex(handles[1].get_facecolor()) == colors[("reinert", "reinert-2")].lower()
    # sideways: the root split sits at its chi2 on the x axis, leaves at 0
    assert ax.get_xlim()[0] > 84.5 and ax.get_xlim()[1] == 0


def test_wordcloud_placed_on_a_coarser_grid_keeps_its_size_and_words():
    """scale=2 places the words on a grid half the size; the image keeps the size asked for,
    and the same input gives the same image."""
    freqs = {"accueil": 30, "bénévole": 20, "tiers-lieu": 12, "gouvernance": 8, "café": 5}
    fine = charts.wordcloud_image(freqs, width=400, height=200, scale=1)
    coarse = charts.wordcloud_image(freqs, width=400, height=200)
    assert fine.shape == coarse.shape == (200, 400, 3)
    assert (coarse == charts.wordcloud_image(freqs, width=400, height=200)).all()
    assert (coarse != 255).any()  # words drawn
    with pytest.raises(InvalidArgumentError, match="scale"):
        charts.wordcloud_image(freqs, scale=0)
