"""What the charts draw, computed apart from the drawing: each function returns a DataFrame
(or a plain mapping) from the library's tables (``terms``, ``themes``, ``theme_by_session``,
``specificities``, the similarity graph, the Reinert tree), in the order the charts show it."""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InvalidArgumentError, bad_value, require_columns
from ..forms import is_active
from ..messages_fr import fr
from ..sessions import natural_key, session_order
from .typography import format_time


#: the order methods are shown in
METHOD_ORDER = ("nmf", "codebook", "reinert")


METHOD_NAMES = {m: fr(f"chart.method.{m}") for m in METHOD_ORDER}


PROFILE_NAMES = {"": fr("chart.no_profile")}


#: threshold of the banality band of specificity scores (|score| < 2 ~ p > 0.01)
BANALITY = 2.0


def method_rank(method: str) -> tuple:
    """Sort key of a theme method: nmf, codebook, reinert (:data:`METHOD_ORDER`), then any
    other by name."""
    return (METHOD_ORDER.index(method) if method in METHOD_ORDER else len(METHOD_ORDER), method)


def default_method(themes: pd.DataFrame, method: str | None) -> str | None:
    """``method`` checked against the methods of ``themes`` (``InvalidArgumentError``
    naming them when absent), or the first of them in :func:`method_rank` order when None."""
    methods = sorted(set(themes["method"].astype(str)), key=method_rank)
    if method is None:
        return methods[0] if methods else None
    if method not in methods:
        raise bad_value("method", method, methods)
    return method


def split_terms(top_terms: Any) -> list[str]:
    """A theme's ``top_terms`` as a list, whether stored as a list or ``;``-joined text."""
    if isinstance(top_terms, str):
        return [t for t in top_terms.split(";") if t]
    if top_terms is None or (isinstance(top_terms, float) and math.isnan(top_terms)):
        return []
    return [str(t) for t in top_terms]


def theme_labels(themes: pd.DataFrame) -> dict[tuple[str, str], str]:
    """``{(method, theme): label}`` (the theme id where ``themes`` has no ``label``)."""
    return {(str(m), str(t)): str(lab) for m, t, lab in
            zip(themes["method"], themes["theme"], themes.get("label", themes["theme"]))}


def session_labels(sessions: pd.DataFrame, *, with_time: bool = True) -> dict[str, str]:
    """``{session id: "Title (9 h 30)"}`` (or just the title) in programme order."""
    require_columns(sessions, "sessions", ("session", "title", "start"))
    rows = {str(r.session): r for r in sessions.itertuples(index=False)}
    return {s: (f"{rows[s].title} ({format_time(rows[s].start)})" if with_time
                else str(rows[s].title))
            for s in session_order(sessions)}


def top_terms_table(terms: pd.DataFrame, *, n: int = 20) -> pd.DataFrame:
    """The ``n`` most frequent active terms (ties: more segments first, then alphabetical),
    most frequent first; columns of ``terms``. Supplementary forms (``form`` other than
    ``active``, see :mod:`insights.forms`) are left out."""
    require_columns(terms, "terms", ("term", "frequency"))
    if n < 1:
        raise bad_value("n", n, "an integer >= 1")
    terms = terms.loc[is_active(terms)]
    keys = ["frequency", "term"]
    if "segments" in terms.columns:
        keys = ["frequency", "segments", "term"]
    asc = [False] * (len(keys) - 1) + [True]
    return terms.sort_values(keys, ascending=asc, kind="mergesort").head(n).reset_index(drop=True)


def term_theme_table(themes: pd.DataFrame, *, method: str | None = None) -> pd.DataFrame:
    """For one method (default: the first of nmf, codebook, reinert present), which theme each
    top term belongs to: columns ``term``, ``method``, ``theme``, ``label``, ``rank``. A term
    in several themes goes to the one where it ranks best (ties: theme id order)."""
    require_columns(themes, "themes", ("theme", "method", "top_terms"))
    method = default_method(themes, method)
    rows = []
    for r in themes[themes["method"].astype(str) == str(method)].itertuples(index=False):
        for rank, term in enumerate(split_terms(r.top_terms)):
            label = str(getattr(r, "label", r.theme))
            rows.append((term, str(r.method), str(r.theme), label, rank))
    table = pd.DataFrame(rows, columns=["term", "method", "theme", "label", "rank"])
    if table.empty:
        return table
    table["_key"] = table["theme"].map(natural_key)
    table = table.sort_values(["term", "rank", "_key"], kind="mergesort")
    return table.drop_duplicates("term").drop(columns="_key").reset_index(drop=True)


def cloud_frequencies(frequencies: Any) -> dict[str, float]:
    """``{term: frequency > 0}`` of a terms DataFrame (active forms only), a Series or a
    mapping: what a word cloud draws. Raises ``InvalidArgumentError`` for another type."""
    if isinstance(frequencies, pd.DataFrame):
        require_columns(frequencies, "frequencies", ("term", "frequency"))
        frequencies = frequencies.loc[is_active(frequencies)]  # no supplementary form
        pairs = zip(frequencies["term"], frequencies["frequency"])
    elif isinstance(frequencies, pd.Series):
        pairs = frequencies.items()
    elif isinstance(frequencies, Mapping):
        pairs = frequencies.items()
    else:
        raise InvalidArgumentError(
            f"`frequencies` must be a terms DataFrame (term, frequency), a Series or a dict, "
            f"got {type(frequencies).__name__}")
    return {str(t): float(f) for t, f in pairs if pd.notna(t) and pd.notna(f) and f > 0}


def session_term_frequencies(tokens: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Occurrences of each active term in each session: columns ``session``, ``term``,
    ``frequency`` (sorted by session then frequency desc, term); supplementary forms are left
    out."""
    require_columns(tokens, "tokens", ("segment_id", "term"))
    require_columns(segments, "segments", ("segment_id", "session"))
    counted = tokens.loc[tokens["term"].notna() & is_active(tokens), ["segment_id", "term"]]
    counted = counted.merge(segments[["segment_id", "session"]], on="segment_id", how="inner")
    out = counted.groupby(["session", "term"]).size().rename("frequency").reset_index()
    out["term"] = out["term"].astype(str)
    return out.sort_values(["session", "frequency", "term"], ascending=[True, False, True],
                           kind="mergesort").reset_index(drop=True)


def theme_session_table(theme_by_session: pd.DataFrame, sessions: pd.DataFrame,
                        themes: pd.DataFrame, *, method: str | None = None) -> pd.DataFrame:
    """Long table of theme shares by session, themes in natural id order within methods,
    sessions in programme order: columns ``method``, ``theme``, ``label``, ``session``,
    ``title``, ``start``, ``order``, ``share``. ``method=None`` keeps every method."""
    require_columns(theme_by_session, "theme_by_session", ("theme", "method"))
    require_columns(sessions, "sessions", ("session", "title", "start"))
    order = session_order(sessions)
    ids = [s for s in order if s in theme_by_session.columns]
    data = theme_by_session.copy()
    data["method"] = data["method"].astype(str)
    data["theme"] = data["theme"].astype(str)
    if method is not None:
        if method not in set(data["method"]):
            raise bad_value("method", method, sorted(set(data["method"]), key=method_rank))
        data = data[data["method"] == method]
    long = data.melt(id_vars=["theme", "method"], value_vars=ids, var_name="session",
                     value_name="share")
    labels = theme_labels(themes) if themes is not None else {}
    long["label"] = [labels.get((m, t), t) for m, t in zip(long["method"], long["theme"])]
    info = sessions.assign(session=sessions["session"].astype(str)).set_index("session")
    info = info.loc[order].reset_index()
    info["order"] = range(len(info))
    long = long.merge(info[["session", "title", "start", "order"]], on="session", how="left")
    long["_m"] = long["method"].map(method_rank)
    long["_t"] = long["theme"].map(natural_key)
    long = long.sort_values(["_m", "_t", "order"], kind="mergesort")
    long["share"] = long["share"].astype(float).fillna(0.0)
    return long[["method", "theme", "label", "session", "title", "start", "order", "share"]] \
        .reset_index(drop=True)


def top_specificities(specificities: pd.DataFrame, *, variable: str = "session",
                      value: str | None = None, n: int = 10) -> pd.DataFrame:
    """The ``n`` most over-used (highest score) and ``n`` most under-used (lowest negative
    score) terms of part ``value`` of ``variable``, sorted by score descending. Columns of
    ``specificities``. Raises ``InvalidArgumentError`` for an unknown variable or value."""
    require_columns(specificities, "specificities", ("variable", "value", "term", "score"))
    if n < 1:
        raise bad_value("n", n, "an integer >= 1")
    variables = sorted(set(specificities["variable"].astype(str)))
    if variable not in variables:
        raise bad_value("variable", variable, variables)
    part = specificities[specificities["variable"].astype(str) == variable]
    values = list(dict.fromkeys(part["value"].astype(str)))
    if value is None:
        value = values[0]
    if str(value) not in values:
        raise bad_value("value", value, values)
    part = part[part["value"].astype(str) == str(value)]
    pos = part[part["score"] > 0].sort_values(["score", "term"], ascending=[False, True],
                                              kind="mergesort").head(n)
    neg = part[part["score"] < 0].sort_values(["score", "term"], ascending=[True, True],
                                              kind="mergesort").head(n)
    return pd.concat([pos, neg.iloc[::-1]]).reset_index(drop=True)


def similarity_layout(graph: nx.Graph, *, random_state: int = 0) -> pd.DataFrame:
    """Node positions of the similarity tree: columns ``term``, ``x``, ``y`` (in 0..1),
    ``frequency``, ``community``. Kamada-Kawai per connected component (deterministic;
    ``random_state`` only breaks ties of the initial circle), components side by side."""
    if not isinstance(graph, nx.Graph):
        raise InvalidArgumentError(f"`graph` must be a networkx Graph, got {type(graph).__name__}")
    rows = []
    comps = sorted((sorted(map(str, c)) for c in nx.connected_components(graph)),
                   key=lambda c: (-len(c), c))
    offset = 0.0
    rng = np.random.default_rng(random_state)
    for comp in comps:
        sub = graph.subgraph([n for n in graph.nodes if str(n) in set(comp)])
        nodes = sorted(sub.nodes, key=str)
        if len(nodes) == 1:
            pos = {nodes[0]: np.array([0.0, 0.0])}
        else:
            start = nx.circular_layout(nodes)
            jitter = {n: start[n] + rng.normal(0, 1e-3, 2) for n in nodes}
            pos = nx.kamada_kawai_layout(sub, pos=jitter, weight=None)
        xy = np.array([pos[n] for n in nodes], dtype=float)
        xy -= xy.min(axis=0)
        scale = float(xy.max()) or 1.0
        xy = xy / scale
        width = max(float(xy[:, 0].max()), 0.15)
        for n, (x, y) in zip(nodes, xy):
            rows.append((str(n), x + offset, y, float(graph.nodes[n].get("frequency", 1)),
                         graph.nodes[n].get("community", 0)))
        offset += width + 0.15
    out = pd.DataFrame(rows, columns=["term", "x", "y", "frequency", "community"])
    if len(out) and out["x"].max() > 0:
        out["x"] = out["x"] / out["x"].max()
    return out


def dendrogram_layout(tree: pd.DataFrame, class_sizes: pd.Series | Mapping | None = None
                      ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Positions of the Reinert classification tree.

    ``tree`` has one row per split (``split``, ``parent``, ``left``, ``right``, ``chi2``, as
    ``insights.reinert.Reinert.tree_``): split ``split`` cuts node ``parent`` into nodes ``left``
    and ``right``; a child node cut later is an inner node, else a terminal class, numbered by
    the optional ``left_class`` / ``right_class`` columns (else by its node id). Returns
    ``(nodes, links)``: ``nodes`` has ``node`` ("split-<k>" or "class-<id>"), ``kind``
    ("split"/"class"), ``class`` (terminal class number or <NA>), ``x`` (terminal classes 0, 1,
    … in tree order), ``y`` (chi2 of the split, raised to its highest sub-split so the tree
    reads top-down; 0 for classes), ``size`` (segments of the class from ``class_sizes``, or
    units split for a split); ``links`` has ``x0, y0, x1, y1`` of the elbow segments.
    Raises ``InvalidArgumentError`` for a tree without split or without its columns.
    """
    require_columns(tree, "tree", ("split", "parent", "left", "right", "chi2"))
    if tree.empty:
        raise InvalidArgumentError("`tree` has no split; nothing to draw")
    rows = tree.sort_values("split", kind="mergesort").reset_index(drop=True)
    sizes = {}
    if class_sizes is not None:
        sizes = {int(k): int(v) for k, v in dict(class_sizes).items()
                 if pd.notna(k) and pd.notna(v) and int(k) >= 0}
    xs: dict = {}
    ys: dict = {}
    links: list = []
    _place_node(rows, "split", 0, xs, ys, links, [0])
    node_rows = []
    for (kind, key), x in xs.items():
        if kind == "class":
            node_rows.append((f"class-{key}", kind, key, x, ys[(kind, key)], sizes.get(key)))
        else:
            size = int(rows.at[key, "size"]) if "size" in rows.columns else None
            node_rows.append((f"split-{int(rows.at[key, 'split'])}", kind, pd.NA, x,
                              ys[(kind, key)], size))
    nodes = pd.DataFrame(node_rows, columns=["node", "kind", "class", "x", "y", "size"])
    nodes["class"] = nodes["class"].astype("Int64")
    nodes["size"] = nodes["size"].astype("Int64")
    nodes = nodes.sort_values(["kind", "x"], kind="mergesort").reset_index(drop=True)
    return nodes, pd.DataFrame(links, columns=["x0", "y0", "x1", "y1"])


def _tree_child(rows: pd.DataFrame, row_idx: int, side: str) -> tuple[str, int]:
    """The ``side`` child of split row ``row_idx``: ``("split", row)`` when a later split cuts
    it, else ``("class", number)``."""
    node = int(rows.at[row_idx, side])
    later = rows.index[(rows.index > row_idx) & (rows["parent"] == node)]
    if len(later):
        return "split", int(later[0])
    number = rows.at[row_idx, f"{side}_class"] if f"{side}_class" in rows.columns else node
    return "class", int(node if pd.isna(number) else number)


def _place_node(rows: pd.DataFrame, kind: str, key: int, xs: dict, ys: dict, links: list,
                counter: list[int]) -> tuple[float, float]:
    """Place node ``(kind, key)`` and its subtree (classes at x = 0, 1, … in tree order, a
    split above its highest child), filling ``xs``, ``ys`` and the elbow ``links``."""
    if kind == "class":
        xs[("class", key)] = float(counter[0])
        ys[("class", key)] = 0.0
        counter[0] += 1
        return xs[("class", key)], 0.0
    placed = [_place_node(rows, *_tree_child(rows, key, side), xs, ys, links, counter)
              for side in ("left", "right")]
    y = max([float(rows.at[key, "chi2"])] + [p[1] for p in placed])
    x = (placed[0][0] + placed[1][0]) / 2
    for (cx, cy) in placed:
        links.append((cx, cy, cx, y))
    links.append((placed[0][0], y, placed[1][0], y))
    xs[("split", key)], ys[("split", key)] = x, y
    return x, y
