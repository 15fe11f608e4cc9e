"""Similarity analysis (IRaMuTeQ's *analyse de similitudes*): a tree of co-occurring terms.

The most frequent terms are linked by how often they occur in the same segment; the maximum
spanning tree of that weighted graph keeps, for each term, its strongest links without cycles,
and a seeded community detection on the tree groups terms into lexical "worlds".
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from insights.errors import check_choice, check_int
from insights.vectorize import doc_term_matrix

INDICES = ("cooccurrence", "jaccard")


def similarity_graph(
    tokens: pd.DataFrame,
    *,
    n_terms: int = 60,
    index: str = "cooccurrence",
    min_df: int = 3,
    random_state: int = 0,
) -> nx.Graph:
    """Maximum spanning tree of term co-occurrence within segments.

    ``tokens``: a tokens table (columns ``segment_id``, ``term``; with a ``form`` column, only
    active forms count, see ``insights.doc_term_matrix``). Keeps the terms found in at least
    ``min_df`` segments, then the ``n_terms`` most frequent of them (occurrences; ties broken
    by term, alphabetically). Edge weights are the number of segments where both
    terms occur (``index="cooccurrence"``) or that number over the number of segments holding
    either (``"jaccard"``, rounded to 4 decimals). The result is the maximum spanning tree
    (a forest if some terms never co-occur; Kruskal on edges inserted in term order, so ties
    resolve the same way every run). Communities: ``networkx`` Louvain on the tree with
    ``seed=random_state``, numbered from 1 by decreasing size, then by their first term.

    Node attributes: ``frequency`` (occurrences), ``segments`` (segments holding the term),
    ``community`` (int). Edge attribute: ``weight``. Raises ``InvalidArgumentError`` for an
    unknown ``index`` or ``n_terms`` / ``min_df`` below 1.
    """
    check_choice("index", index, INDICES)
    check_int("n_terms", n_terms, 1)
    check_int("min_df", min_df, 1)
    counts, _, terms = doc_term_matrix(tokens, min_df=min_df)
    frequency = np.asarray(counts.sum(axis=0)).ravel()
    order = sorted(range(len(terms)), key=lambda j: (-frequency[j], terms[j]))[:n_terms]
    order = sorted(order, key=lambda j: terms[j])
    binary = (counts[:, order] > 0).astype("int64").tocsc()
    names = [str(terms[j]) for j in order]

    graph = _cooccurrence_graph(names, binary, frequency[order], index)
    tree = nx.maximum_spanning_tree(graph, weight="weight", algorithm="kruskal")
    tree.graph.update(index=index, n_terms=n_terms, min_df=min_df)
    return _with_communities(tree, random_state)


def _cooccurrence_graph(names: list[str], binary, frequency: np.ndarray, index: str) -> nx.Graph:
    """Terms ``names`` (columns of the 0/1 segment x term matrix ``binary``) linked by their
    co-occurrence in segments, weighted by ``index``; nodes and edges in term order."""
    seg_counts = np.asarray(binary.sum(axis=0)).ravel()
    co = (binary.T @ binary).toarray()
    graph = nx.Graph()
    for i, name in enumerate(names):
        graph.add_node(name, frequency=int(frequency[i]), segments=int(seg_counts[i]))
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            if co[i, j] > 0:
                if index == "jaccard":
                    w = round(co[i, j] / (seg_counts[i] + seg_counts[j] - co[i, j]), 4)
                else:
                    w = int(co[i, j])
                graph.add_edge(names[i], names[j], weight=w)
    return graph


def _with_communities(tree: nx.Graph, random_state: int) -> nx.Graph:
    """``tree`` with the Louvain community of each node (numbered by decreasing size, then
    first term), rebuilt in a fixed node and edge order so that iteration is deterministic."""
    communities = nx.community.louvain_communities(tree, weight="weight", seed=random_state)
    communities = sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))
    for number, members in enumerate(communities, start=1):
        for name in members:
            tree.nodes[name]["community"] = number
    ordered = nx.Graph(**tree.graph)
    ordered.add_nodes_from(sorted(tree.nodes(data=True)))
    ordered.add_edges_from(sorted((min(u, v), max(u, v), d) for u, v, d in tree.edges(data=True)))
    return ordered


def similarity_edges(graph: nx.Graph) -> pd.DataFrame:
    """Edges of a ``similarity_graph`` as a table.

    Columns ``source``, ``target`` (``source < target``), ``weight``, ``community_source``,
    ``community_target``; sorted by weight descending, then source, then target.
    """
    rows = [
        {
            "source": min(u, v),
            "target": max(u, v),
            "weight": d["weight"],
            "community_source": graph.nodes[min(u, v)]["community"],
            "community_target": graph.nodes[max(u, v)]["community"],
        }
        for u, v, d in graph.edges(data=True)
    ]
    columns = ["source", "target", "weight", "community_source", "community_target"]
    df = pd.DataFrame(rows, columns=columns)
    if df.empty:
        return df
    df["_w"] = -df["weight"].astype(float)
    df = df.sort_values(["_w", "source", "target"], kind="mergesort").drop(columns="_w")
    return df.reset_index(drop=True)


def similarity_nodes(graph: nx.Graph) -> pd.DataFrame:
    """Nodes of a ``similarity_graph`` as a table.

    Columns ``term``, ``frequency``, ``community``; sorted by community, frequency descending,
    then term.
    """
    df = pd.DataFrame(
        [
            {"term": n, "frequency": d["frequency"], "community": d["community"]}
            for n, d in graph.nodes(data=True)
        ],
        columns=["term", "frequency", "community"],
    )
    df = df.sort_values(
        ["community", "frequency", "term"], ascending=[True, False, True], kind="mergesort"
    )
    return df.reset_index(drop=True)
