"""NER and cluster quality on factRuEval-2016: newsnlp beside plain natasha.

    python benchmarks/ner.py            # the test split (report figures)
    python benchmarks/ner.py --split dev

Prints per-type precision / recall / F1 of exact entity spans (start, stop, type) for
newsnlp and for plain natasha (NewsNERTagger on the whole text, as natasha's own
``Doc.tag_ner`` runs it), then cluster B-cubed F1 over the mentions each system found
exactly. natasha has no coreference; its cluster row groups mentions with the same
lower-cased text, the usual string-match baseline.

The test split is for reporting only: no rule in newsnlp was tuned on it.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import factru

TYPES = ("PER", "LOC", "ORG")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(gold: list[set], pred: list[set]) -> dict[str, tuple[float, float, float]]:
    counts: dict[str, Counter] = {t: Counter() for t in (*TYPES, "ALL")}
    for g, p in zip(gold, pred, strict=True):
        for t in TYPES:
            gt = {x for x in g if x[2] == t}
            pt = {x for x in p if x[2] == t}
            for key, n in (("tp", len(gt & pt)), ("fp", len(pt - gt)), ("fn", len(gt - pt))):
                counts[t][key] += n
                counts["ALL"][key] += n
    return {t: prf(c["tp"], c["fp"], c["fn"]) for t, c in counts.items()}


def b_cubed(gold: Iterable[set], pred: Iterable[set]) -> tuple[float, float, float]:
    """B-cubed over mentions present in both gold and predicted clusterings."""
    p_sum = r_sum = 0.0
    n = 0
    for gold_clusters, pred_clusters in zip(gold, pred, strict=True):
        g_of = {m: frozenset(c) for c in gold_clusters for m in c}
        p_of = {m: frozenset(c) for c in pred_clusters for m in c}
        common = set(g_of) & set(p_of)
        for m in common:
            g = g_of[m] & common
            p = p_of[m] & common
            inter = len(g & p)
            p_sum += inter / len(p)
            r_sum += inter / len(g)
            n += 1
    if not n:
        return 0.0, 0.0, 0.0
    p, r = p_sum / n, r_sum / n
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def run_natasha(docs: list[factru.GoldDoc]) -> tuple[list[set], list[list[set]], float]:
    from natasha import NewsEmbedding, NewsNERTagger

    tagger = NewsNERTagger(NewsEmbedding())
    start = time.perf_counter()
    ents, clusters = [], []
    for doc in docs:
        spans = tagger(doc.text).spans if doc.text.strip() else []
        found = {(s.start, s.stop, s.type) for s in spans}
        ents.append(found)
        by_text: dict[str, set] = {}
        for s in spans:
            by_text.setdefault(doc.text[s.start : s.stop].lower(), set()).add((s.start, s.stop))
        clusters.append(list(by_text.values()))
    return ents, clusters, time.perf_counter() - start


def run_newsnlp(docs: list[factru.GoldDoc]) -> tuple[list[set], list[list[set]], float]:
    from newsnlp import Pipeline

    nlp = Pipeline()
    start = time.perf_counter()
    ents, clusters = [], []
    for doc in nlp.pipe((d.id, d.text) for d in docs):
        ents.append({(e.start, e.stop, e.type) for e in doc.entities})
        spans = {e.id: (e.start, e.stop) for e in doc.entities}
        clusters.append([{spans[m] for m in c.mentions} for c in doc.clusters])
    return ents, clusters, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    args = parser.parse_args(argv)
    docs = list(factru.load(args.split))
    gold = [d.entities for d in docs]
    gold_clusters = [d.clusters for d in docs]
    nat_ents, nat_clusters, _ = run_natasha(docs)
    new_ents, new_clusters, _ = run_newsnlp(docs)
    nat, new = score(gold, nat_ents), score(gold, new_ents)
    print(f"factRuEval-2016 {args.split}: {len(docs)} texts, {sum(map(len, gold))} gold entities")
    print("exact-span entity scores (precision / recall / F1)")
    print(f"{'type':<5} {'natasha':>24} {'newsnlp':>24} {'dF1':>7}")
    for t in (*TYPES, "ALL"):
        a, b = nat[t], new[t]
        print(
            f"{t:<5} {a[0]:>7.3f} {a[1]:>7.3f} {a[2]:>7.3f}   {b[0]:>7.3f} {b[1]:>7.3f} "
            f"{b[2]:>7.3f}  {b[2] - a[2]:>+6.3f}"
        )
    cn, cw = b_cubed(gold_clusters, nat_clusters), b_cubed(gold_clusters, new_clusters)
    print("clusters, B-cubed over exactly found mentions (precision / recall / F1)")
    row = "   ".join(" ".join(f"{x:>7.3f}" for x in c) for c in (cn, cw))
    print(f"{'':<5} {row}")
    worse = [t for t in (*TYPES, "ALL") if new[t][2] < nat[t][2] - 1e-9]
    if worse:
        print(f"newsnlp is below natasha on: {', '.join(worse)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
