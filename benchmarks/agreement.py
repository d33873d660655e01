"""Agreement of two annotators on quote gold, scored as newsnlp is scored.

    python benchmarks/agreement.py corpora/nerel-tune corpora/nerel-second

The first folder's gold is taken as gold, the second annotator's lines as predictions
(their first speaker name, their source), over the documents the second folder holds;
then the other way round. Detection and speaker-attributed F1 are `newsnlp evaluate`'s
(overlap / union >= 0.5, optional gold free), so the figures stand beside the system's.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from newsnlp import Document, Mention, Quote, Source
from newsnlp.evaluate import GoldQuote, evaluate, load_gold


def as_documents(gold: list[GoldQuote], texts: Path) -> list[Document]:
    by_doc: dict[str, list[GoldQuote]] = {}
    for g in gold:
        by_doc.setdefault(g.doc, []).append(g)
    docs = []
    for doc_id, quotes in sorted(by_doc.items()):
        text = (texts / f"{doc_id}.txt").read_text(encoding="utf-8")
        docs.append(
            Document(
                id=doc_id,
                text=text,
                quotes=tuple(
                    Quote(
                        f"q{n}",
                        g.kind,
                        g.start,
                        g.stop,
                        g.text,
                        "annotator",
                        speaker=Mention(None, None, None, g.speaker[0]),
                        source=None if g.source is None else Source(0, 0, "", g.source),
                    )
                    for n, g in enumerate(quotes, 1)
                ),
            )
        )
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", type=Path, help="gold folder with the texts")
    parser.add_argument("second", type=Path, help="the second annotator's gold files")
    args = parser.parse_args()
    second = load_gold(args.second)
    docs = {g.doc for g in second}
    first = [g for g in load_gold(args.first) if g.doc in docs]
    print(f"documents {len(docs)}: first annotator {len(first)} quotes, second {len(second)}")
    pairs = (("second vs first", first, second), ("first vs second", second, first))
    for label, gold, pred in pairs:
        # optional lines are the annotator's "may skip": as predictions they count like any
        report = evaluate(as_documents(pred, args.first), gold, scope=docs)
        d, s = report.prf("detection"), report.prf("speaker")
        print(f"{label}: detection F1 {d[2]:.3f}, speaker-attributed F1 {s[2]:.3f}")


if __name__ == "__main__":
    main()
