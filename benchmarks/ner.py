"""NER and cluster quality on factRuEval-2016: newsnlp beside plain natasha.

    python benchmarks/ner.py            # the test split (report figures)
    python benchmarks/ner.py --split dev --nerel-split train   # for tuning

Prints per-type precision / recall / F1 of exact entity spans (start, stop, type) for
newsnlp and for plain natasha (NewsNERTagger on the whole text, as natasha's own
``Doc.tag_ner`` runs it), then cluster B-cubed F1 over the mentions each system found
exactly, then the figure of issue 13: B-cubed over all gold mentions (a missed one
stays a singleton) and the share of gold persons whose cluster is named ``Имя Фамилия``,
beside natasha's normals grouped by string and the last-word heuristic. The NEREL split
(``../shared/data/nerel``) adds a second source for the NER scores and a cluster figure
over its mentions linked to Wikidata. natasha has no
coreference; its cluster row groups mentions with the same
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
import nerel

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


def b_cubed_gold(
    gold: Iterable[list[set]], pred: Iterable[list[set]]
) -> tuple[float, float, float]:
    """B-cubed over all gold mentions: a gold mention the system missed stays a singleton.

    Predicted mentions that are not gold are dropped; this is the figure of issue 13.
    """
    p_sum = r_sum = 0.0
    n = 0
    for gold_clusters, pred_clusters in zip(gold, pred, strict=True):
        g_of = {m: frozenset(c) for c in gold_clusters for m in c}
        p_of: dict = {}
        for c in pred_clusters:
            kept = frozenset(m for m in c if m in g_of)
            for m in kept:
                p_of[m] = kept
        for m, g in g_of.items():
            p = p_of.get(m, frozenset([m]))
            inter = len(g & p)
            p_sum += inter / len(p)
            r_sum += inter / len(g)
            n += 1
    if not n:
        return 0.0, 0.0, 0.0
    p, r = p_sum / n, r_sum / n
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def names_right(docs: list[factru.GoldDoc], named: list[list[tuple[set, str]]]) -> tuple[int, int]:
    """How many gold persons with a first name and a surname get their cluster named right.

    A gold person's system cluster is the one holding most of its gold mentions; it is right
    when named ``Имя Фамилия`` or ``Имя Отчество Фамилия`` from any of the gold first names,
    patronymics and surnames. A person whose mentions the system missed counts as wrong.
    """
    right = total = 0
    for doc, clusters in zip(docs, named, strict=True):
        for members, parts in zip(doc.clusters, doc.names, strict=True):
            if not parts.get("firstname") or not parts.get("lastname"):
                continue
            total += 1
            good = set()
            for f in parts["firstname"]:
                for last in parts["lastname"]:
                    good.add(f"{f} {last}")
                    for pat in parts.get("patronymic", ()):
                        good.add(f"{f} {pat} {last}")
            best = max(clusters, key=lambda c: len(c[0] & members), default=None)
            if best is not None and best[0] & members and best[1] in good:
                right += 1
    return right, total


Named = list[tuple[set, str]]  # (mention extents, cluster name) of one document's clusters


def run_natasha(
    docs: list[factru.GoldDoc],
) -> tuple[list[set], list[list[set]], list[Named], list[Named], float]:
    """natasha's spans; clusters by lower-cased text, by natasha's normal and by last word.

    The normal clusters group mentions whose ``span.normalize`` string is the same and are
    named by it; the last-word heuristic groups a type's mentions by the pymorphy3 lemma of
    their last word and names the cluster by its longest normal.
    """
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    emb = NewsEmbedding()
    tagger = NewsNERTagger(emb)
    morph_tagger, segmenter, vocab = NewsMorphTagger(emb), Segmenter(), MorphVocab()
    start = time.perf_counter()
    ents, clusters, normals, last_words = [], [], [], []
    for doc in docs:
        spans = tagger(doc.text).spans if doc.text.strip() else []
        found = {(s.start, s.stop, s.type) for s in spans}
        ents.append(found)
        by_text: dict[str, set] = {}
        for s in spans:
            by_text.setdefault(doc.text[s.start : s.stop].lower(), set()).add((s.start, s.stop))
        clusters.append(list(by_text.values()))
        nd = Doc(doc.text)
        nd.segment(segmenter)
        nd.tag_morph(morph_tagger)
        nd.tag_ner(tagger)
        by_normal: dict[tuple[str, str], set] = {}
        by_last: dict[tuple[str, str], tuple[set, list[str]]] = {}
        for s in nd.spans:
            s.normalize(vocab)
            normal = s.normal or s.text
            by_normal.setdefault((s.type, normal), set()).add((s.start, s.stop))
            last = s.tokens[-1].text if s.tokens else s.text
            key = (s.type, vocab.parse(last)[0].normal_form if last.isalpha() else last.lower())
            members, names = by_last.setdefault(key, (set(), []))
            members.add((s.start, s.stop))
            names.append(normal)
        normals.append([(m, n) for (_, n), m in by_normal.items()])
        last_words.append(
            [(m, max(ns, key=lambda x: len(x.split()))) for m, ns in by_last.values()]
        )
    return ents, clusters, normals, last_words, time.perf_counter() - start


def run_newsnlp(
    docs: list[factru.GoldDoc],
) -> tuple[list[set], list[list[set]], list[Named], float]:
    from newsnlp import Pipeline

    nlp = Pipeline()
    start = time.perf_counter()
    ents, clusters, named = [], [], []
    for doc in nlp.pipe((d.id, d.text) for d in docs):
        ents.append({(e.start, e.stop, e.type) for e in doc.entities})
        spans = {e.id: (e.start, e.stop) for e in doc.entities}
        clusters.append([{spans[m] for m in c.mentions} for c in doc.clusters])
        named.append([({spans[m] for m in c.mentions}, c.name) for c in doc.clusters])
    return ents, clusters, named, time.perf_counter() - start


def print_scores(
    title: str, gold: list[set], nat_ents: list[set], new_ents: list[set]
) -> list[str]:
    nat, new = score(gold, nat_ents), score(gold, new_ents)
    print(title)
    print("exact-span entity scores (precision / recall / F1)")
    print(f"{'type':<5} {'natasha':>24} {'newsnlp':>24} {'dF1':>7}")
    for t in (*TYPES, "ALL"):
        a, b = nat[t], new[t]
        print(
            f"{t:<5} {a[0]:>7.3f} {a[1]:>7.3f} {a[2]:>7.3f}   {b[0]:>7.3f} {b[1]:>7.3f} "
            f"{b[2]:>7.3f}  {b[2] - a[2]:>+6.3f}"
        )
    return [t for t in (*TYPES, "ALL") if new[t][2] < nat[t][2] - 1e-9]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--nerel-split", choices=("train", "dev", "none"), default="dev")
    args = parser.parse_args(argv)
    docs = list(factru.load(args.split))
    gold = [d.entities for d in docs]
    gold_clusters = [d.clusters for d in docs]
    nat_ents, nat_clusters, nat_normals, nat_last, _ = run_natasha(docs)
    new_ents, new_clusters, new_named, _ = run_newsnlp(docs)
    worse = print_scores(
        f"factRuEval-2016 {args.split}: {len(docs)} texts, {sum(map(len, gold))} gold entities",
        gold,
        nat_ents,
        new_ents,
    )
    cn, cw = b_cubed(gold_clusters, nat_clusters), b_cubed(gold_clusters, new_clusters)
    print("clusters, B-cubed over exactly found mentions (precision / recall / F1)")
    row = "   ".join(" ".join(f"{x:>7.3f}" for x in c) for c in (cn, cw))
    print(f"{'':<5} {row}")
    print("clusters over all gold mentions (B-cubed P / R / F1) and person names right")
    for label, named in (
        ("natasha normals, by string", nat_normals),
        ("last word of each mention", nat_last),
        ("newsnlp", new_named),
    ):
        p, r, f = b_cubed_gold(gold_clusters, [[m for m, _ in d] for d in named])
        ok, total = names_right(docs, named)
        print(
            f"  {label:<28} {p:>6.3f} {r:>6.3f} {f:>6.3f}   names {ok}/{total} = {ok / total:.3f}"
        )
    if args.nerel_split != "none":
        ndocs = list(nerel.load(args.nerel_split))
        ngold = [d.entities for d in ndocs]
        n_nat, _, n_normals, n_last, _ = run_natasha(ndocs)
        n_new, _, n_named, _ = run_newsnlp(ndocs)
        worse += [
            f"NEREL {t}"
            for t in print_scores(
                f"NEREL {args.nerel_split}: {len(ndocs)} texts, "
                f"{sum(map(len, ngold))} gold entities",
                ngold,
                n_nat,
                n_new,
            )
        ]
        print("clusters over the mentions linked to one Wikidata item (B-cubed P / R / F1)")
        n_clusters = [d.clusters for d in ndocs]
        for label, named in (
            ("natasha normals, by string", n_normals),
            ("last word of each mention", n_last),
            ("newsnlp", n_named),
        ):
            p, r, f = b_cubed_gold(n_clusters, [[m for m, _ in d] for d in named])
            print(f"  {label:<28} {p:>6.3f} {r:>6.3f} {f:>6.3f}")
    if worse:
        print(f"newsnlp is below natasha on: {', '.join(worse)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
