"""Validity benchmark: do the report's themes agree with a known structure of real text?

Prints figures, asserts nothing. Two labelled real corpora from ``../shared/corpora`` (next to
the project root; ``$INSIGHTS_CORPORA`` overrides the folder), each run through the report's own
chain, so the figures measure what ``insights report`` does:

* **GDN mix**: answers of at least 12 words to 6 Grand Débat questions on different topics
  (school, health reimbursement, secularism, immigration, taxes, home heating), 250 drawn per
  question with a fixed seed, shuffled; the known structure is the question answered.
* **Decidim MEL**: every comment of the 6 debates with the most comments of the Lille
  metropolis' Grand Débat platform; the known structure is the debate.

Each corpus becomes an event folder in a temporary directory (``event.yaml`` with one session,
one CSV of rows ``kind: questionnaire``), read with ``insights.read_event`` and analysed with
``insights.analyse`` (default settings, parse cache in ``insights.paths.cache_dir()``). Each
segment's theme is its heaviest theme for the method; a segment without any is *unclassified*
and counts as one more class in NMI/ARI (so leaving text out costs agreement). The baseline is
plain: scikit-learn ``TfidfVectorizer`` on the raw texts (spaCy's French stop words, ``min_df=2``)
and NMF with ``k`` = the true number of classes, each text taking its heaviest component.

    .venv/bin/python benchmarks/bench_validity.py [--corpora DIR]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

import insights
from insights import paths

#: the six GDN questions of the mix: (theme, source_column_index) -> short name
GDN_QUESTIONS = {
    ("organisation", 32): "école",
    ("organisation", 35): "remboursement de soins",
    ("democratie", 30): "laïcité",
    ("democratie", 43): "immigration",
    ("fiscalite", 13): "impôts à baisser",
    ("transition", 20): "chauffage",
}
GDN_PER_QUESTION = 250
GDN_MIN_WORDS = 12
DECIDIM_DEBATES = 6
SEED = 0


def corpora_dir(given: str | None) -> Path:
    """The corpora folder: ``--corpora``, else ``$INSIGHTS_CORPORA``, else ``../shared/corpora``
    next to the project root."""
    if given:
        return Path(given)
    if os.environ.get("INSIGHTS_CORPORA"):
        return Path(os.environ["INSIGHTS_CORPORA"])
    return paths.project_root().parent / "shared" / "corpora"


def gdn_mix(corpora: Path, seed: int = SEED) -> pd.DataFrame:
    """Columns ``text``, ``label``: the GDN mix, drawn and shuffled with ``seed``."""
    df = pd.read_csv(corpora / "gdn-questionnaires" / "gdn_open_answers_2019-03-21_sample.csv.gz",
                     usecols=["theme", "source_column_index", "answer"], dtype={"answer": str})
    df = df.dropna(subset=["answer"])
    df = df.loc[df["answer"].str.split().str.len() >= GDN_MIN_WORDS]
    parts = []
    for (theme, col), name in GDN_QUESTIONS.items():
        pool = df.loc[(df["theme"] == theme) & (df["source_column_index"] == col)]
        pool = pool.drop_duplicates("answer")
        parts.append(pool.sample(n=GDN_PER_QUESTION, random_state=seed).assign(label=name))
    mix = pd.concat(parts).sample(frac=1.0, random_state=seed)
    return pd.DataFrame({"text": mix["answer"].to_numpy(), "label": mix["label"].to_numpy()})


def decidim(corpora: Path) -> pd.DataFrame:
    """Columns ``text``, ``label``: comments of the debates with the most comments, in file
    order."""
    df = pd.read_csv(corpora / "decidim-mel-granddebat" / "mel_commentaires_debats.csv",
                     dtype=str).dropna(subset=["text"])
    df = df.loc[df["text"].str.strip() != ""]
    top = df["debate_id"].value_counts().sort_index().sort_values(ascending=False, kind="stable")
    df = df.loc[df["debate_id"].isin(top.index[:DECIDIM_DEBATES])]
    return pd.DataFrame({"text": df["text"].to_numpy(), "label": df["debate_id"].to_numpy()})


def make_event(folder: Path, name: str, rows: pd.DataFrame) -> Path:
    """An event folder holding ``rows["text"]`` as one CSV of questionnaire rows."""
    event = folder / name
    (event / "reponses").mkdir(parents=True)
    (event / "event.yaml").write_text(
        f"id: {name}\ntitle: \"{name}\"\ndate: 2019-03-01\n"
        "sessions:\n  - id: reponses\n    start: \"09:00\"\n    title: \"Réponses\"\n",
        encoding="utf-8")
    pd.DataFrame({"text": rows["text"], "kind": "questionnaire"}).to_csv(
        event / "reponses" / "reponses.csv", index=False, encoding="utf-8")
    return event


def dominant(assignments: pd.DataFrame, themes: pd.DataFrame, ids: pd.Index) -> np.ndarray:
    """Each segment's heaviest theme (ties: first theme in ``themes``), "" when none."""
    order = {t: i for i, t in enumerate(themes["theme"].astype(str))}
    a = assignments.assign(_o=assignments["theme"].astype(str).map(order))
    a = a.sort_values(["segment_id", "weight", "_o"], ascending=[True, False, True],
                      kind="mergesort").drop_duplicates("segment_id")
    return a.set_index("segment_id")["theme"].astype(str).reindex(ids).fillna("").to_numpy()


def scores(truth: np.ndarray, found: np.ndarray) -> dict:
    classified = found != ""
    return {
        "classes": len(set(found[classified])),
        "NMI": normalized_mutual_info_score(truth, np.where(classified, found, "∅")),
        "ARI": adjusted_rand_score(truth, np.where(classified, found, "∅")),
        "unclassified": int((~classified).sum()),
    }


def baseline(texts: pd.Series, k: int) -> np.ndarray:
    """Plain TF-IDF + NMF: the heaviest of ``k`` components of each text."""
    from spacy.lang.fr.stop_words import STOP_WORDS

    with warnings.catch_warnings():  # sklearn: stop words and its tokeniser disagree on "qu"
        warnings.simplefilter("ignore", UserWarning)
        x = TfidfVectorizer(min_df=2, stop_words=sorted(STOP_WORDS)).fit_transform(texts)
    w = NMF(n_components=k, init="nndsvda", random_state=SEED, max_iter=1000).fit_transform(x)
    return np.where(w.sum(axis=1) > 0, w.argmax(axis=1).astype(str), "")


def run(name: str, rows: pd.DataFrame, workdir: Path) -> list[dict]:
    event = insights.read_event(make_event(workdir, name, rows))
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = insights.analyse(event, cache_dir=paths.cache_dir())
    seconds = time.perf_counter() - t0
    truth = rows["label"].to_numpy()
    ids = pd.Index(event.segments["segment_id"])
    k_true = len(set(truth))
    out = []
    for method in ("nmf", "reinert"):
        res = analysis.theme_results.get(method)
        if res is None:
            out.append({"method": method, "classes": 0, "NMI": float("nan"),
                        "ARI": float("nan"), "unclassified": len(ids)})
            continue
        out.append({"method": method, **scores(truth, dominant(res.assignments, res.themes, ids))})
    out.append({"method": f"baseline TF-IDF + NMF (k = {k_true})",
                **scores(truth, baseline(rows["text"], k_true))})
    for row in out:
        row.update(corpus=name, n=len(ids), true_classes=k_true)
    print(f"\n{name}: {len(ids)} segments, {k_true} known classes, analyse {seconds:.0f} s")
    for note in analysis.notes:
        print("  note:", note)
    return out


def markdown_table(table: pd.DataFrame) -> str:
    """``table`` as a Markdown table, floats with 2 decimals."""
    cells = [[f"{v:.2f}" if isinstance(v, float) else str(v) for v in row]
             for row in table.itertuples(index=False)]
    lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in cells])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", help="folder of the labelled corpora (default: "
                                          "$INSIGHTS_CORPORA or ../shared/corpora)")
    parser.add_argument("--seed", type=int, default=SEED,
                        help="seed of the GDN draw (default 0, the README's figures)")
    args = parser.parse_args()
    corpora = corpora_dir(args.corpora)
    if not (corpora / "gdn-questionnaires").is_dir():
        print(f"bench_validity: corpora folder {corpora} is absent; nothing measured. Set "
              "INSIGHTS_CORPORA or pass --corpora to the folder holding gdn-questionnaires/ "
              "and decidim-mel-granddebat/.")
        return 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += run("gdn-mix", gdn_mix(corpora, args.seed), Path(tmp))
        rows += run("decidim-mel", decidim(corpora), Path(tmp))
    table = pd.DataFrame(rows)[["corpus", "n", "true_classes", "method", "classes", "NMI",
                                "ARI", "unclassified"]]
    table["unclassified"] = [f"{u} ({u / n:.0%})" for u, n in zip(table["unclassified"],
                                                                    table["n"])]
    print()
    print(markdown_table(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
