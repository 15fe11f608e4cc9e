"""Similarity graph: a maximum spanning tree of term co-occurrence, deterministic."""
from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from insights.errors import InvalidArgumentError
from insights.similarity import similarity_edges, similarity_graph, similarity_nodes
from conftest import token_table


def _tokens(segments: dict[str, list[str]]) -> pd.DataFrame:
    return token_table(segments, columns=["segment_id", "position", "term"])


def _planted() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    a = ["jardin", "potager", "compost", "graine"]
    b = ["budget", "subvention", "financement", "mécène"]
    segs = {}
    for i in range(30):
        vocab = a if i % 2 else b
        words = list(rng.choice(vocab, size=3, replace=False)) + ["lieu"] * (i % 3 == 0)
        segs[f"s{i:02d}"] = words
    return _tokens(segs)


def test_hand_worked_tree_and_weights():
    tokens = _tokens({
        "1": ["a", "b", "c"], "2": ["a", "b"], "3": ["a", "b", "c"],
        "4": ["c", "d"], "5": ["c", "d", "a"], "6": ["d", "e"], "7": ["e", "d"], "8": ["e"],
    })
    g = similarity_graph(tokens, n_terms=10, min_df=2)
    # co-occurrence counts: ab=3 ac=3 bc=2 cd=2 ad=1 de=2 -> maximum spanning tree
    # ab(3), ac(3), then cd(2) and de(2); bc(2) would close a cycle
    edges = {tuple(sorted((u, v))): d["weight"] for u, v, d in g.edges(data=True)}
    assert edges == {("a", "b"): 3, ("a", "c"): 3, ("c", "d"): 2, ("d", "e"): 2}
    assert g.nodes["a"]["frequency"] == 4 and g.nodes["a"]["segments"] == 4
    assert g.nodes["e"]["segments"] == 3
    gj = similarity_graph(tokens, n_terms=10, min_df=2, index="jaccard")
    ej = {tuple(sorted((u, v))): d["weight"] for u, v, d in gj.edges(data=True)}
    # segments per term: a 4, b 3, c 4, d 4, e 3. jaccard: ab 3/4, ac 3/5, bc 2/5, de 2/5,
    # cd 2/6, ad 1/7 -> tree ab, ac, de, then cd (bc closes a cycle)
    assert ej == {("a", "b"): 0.75, ("a", "c"): 0.6, ("d", "e"): 0.4, ("c", "d"): 0.3333}
    assert nx.is_tree(gj)


def test_n_terms_keeps_most_frequent_with_ties_by_term():
    tokens = _tokens({"1": ["z", "y", "x"], "2": ["z", "y", "x"], "3": ["z", "w", "x"],
                      "4": ["w", "v"], "5": ["v", "z"]})
    g = similarity_graph(tokens, n_terms=3, min_df=1)
    # frequencies: z 4, x 3, y 2, w 2, v 2 -> z, x, then v (ties v, w, y: alphabetical)
    assert sorted(g.nodes) == ["v", "x", "z"]


def test_tree_communities_and_determinism():
    tokens = _planted()
    g = similarity_graph(tokens, n_terms=60, min_df=3, random_state=0)
    assert nx.is_tree(g)
    assert g.number_of_nodes() == 9  # 8 planted terms + lieu
    nodes = similarity_nodes(g)
    assert list(nodes.columns) == ["term", "frequency", "community"]
    comm = dict(zip(nodes["term"], nodes["community"]))
    # the two planted vocabularies end up in different communities
    assert len({comm[t] for t in ["jardin", "potager", "compost", "graine"]}) == 1
    assert len({comm[t] for t in ["budget", "subvention", "financement", "mécène"]}) == 1
    assert comm["jardin"] != comm["budget"]
    # community ids are 1..n, numbered by decreasing size
    sizes = nodes.groupby("community").size()
    assert list(sizes.index) == list(range(1, len(sizes) + 1))
    assert list(sizes) == sorted(sizes, reverse=True)
    edges = similarity_edges(g)
    assert list(edges.columns) == [
        "source", "target", "weight", "community_source", "community_target"]
    assert len(edges) == g.number_of_nodes() - 1
    assert (edges["source"] < edges["target"]).all()
    # two runs, and a run on shuffled rows, give byte-identical tables
    g2 = similarity_graph(tokens.sample(frac=1, random_state=7), n_terms=60, min_df=3)
    assert similarity_edges(g2).to_csv() == edges.to_csv()
    assert similarity_nodes(g2).to_csv() == nodes.to_csv()


def test_spanning_tree_is_maximum():
    tokens = _planted()
    g = similarity_graph(tokens, n_terms=60, min_df=3)
    # brute-force check of optimality: no non-tree edge is heavier than the lightest tree edge
    # on the tree path it would replace (cycle property)
    seg_terms = tokens.dropna().groupby("segment_id")["term"].apply(set)
    co = {}
    for terms in seg_terms:
        for u, v in itertools.combinations(sorted(terms), 2):
            co[(u, v)] = co.get((u, v), 0) + 1
    for (u, v), w in co.items():
        if g.has_edge(u, v):
            assert g.edges[u, v]["weight"] == w
            continue
        path = nx.shortest_path(g, u, v)
        assert min(g.edges[a, b]["weight"] for a, b in zip(path, path[1:])) >= w


def test_bad_arguments():
    tokens = _planted()
    with pytest.raises(InvalidArgumentError, match="index"):
        similarity_graph(tokens, index="cosine")
    with pytest.raises(InvalidArgumentError, match="n_terms"):
        similarity_graph(tokens, n_terms=0)
