"""Figures for docs/corpus.md: articles per second into the store, query times at scale.

    python benchmarks/corpus.py ../shared/data/factru-2016/dev --docs 60 --quotes 100000

Ingest is timed side by side with the peer path in one process: the same Pipeline writing
JSON Lines (``extract -o out.jsonl``) against writing the DuckDB store, so the ratio is the
store's cost. Query times use synthetic rows (a random mix of speakers, days and texts
with repeated statements) written straight into a corpus file.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from newsnlp import Pipeline
from newsnlp.corpus import Corpus, CorpusWriter
from newsnlp.corpus.store import connect


def ingest(texts: list[tuple[str, str]], tmp: Path) -> None:
    nlp = Pipeline()
    list(nlp.pipe(texts[:2]))  # models loaded before timing
    t = time.perf_counter()
    docs = list(nlp.pipe(texts))
    t_nlp = time.perf_counter() - t
    t = time.perf_counter()
    with open(tmp / "out.jsonl", "w", encoding="utf-8") as f:
        for d in docs:
            f.write(d.to_jsonl() + "\n")
    t_jsonl = time.perf_counter() - t
    t = time.perf_counter()
    with CorpusWriter(tmp / "c.duckdb") as w:
        for d in docs:
            w.add(d)
    t_store = time.perf_counter() - t
    n = len(docs)
    print(f"pipeline: {n / t_nlp:.1f} articles/s ({n} articles)")
    print(f"writing JSONL: {n / t_jsonl:.0f} articles/s; writing the store: {n / t_store:.0f}")
    print(
        f"extract -o corpus.duckdb end to end: {n / (t_nlp + t_store):.1f} articles/s, "
        f"{(t_nlp + t_store) / (t_nlp + t_jsonl):.3f}x the time of -o out.jsonl"
    )


def synthetic(path: Path, quotes: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    words = [f"слово{k}" for k in range(3000)]
    people = [f"Имя{k} Фамилия{k}" for k in range(500)]
    statements = [" ".join(rng.choices(words, k=rng.randint(8, 30))) for _ in range(quotes // 4)]
    con = connect(path, create=True)
    docs = max(1, quotes // 10)
    con.executemany(
        "INSERT INTO documents VALUES (?, ?, CAST(? AS DATE), NULL, NULL, 1000, 1)",
        [
            (
                f"d{k}",
                f"2023-{1 + k % 12:02d}-{1 + k % 28:02d}",
                f"2023-{1 + k % 12:02d}-{1 + k % 28:02d}",
            )
            for k in range(docs)
        ],
    )
    import pandas as pd

    rows = []
    for k in range(quotes):
        who = rng.choice(people)
        text = rng.choice(statements)
        if rng.random() < 0.3:  # an outlet carries a part of it
            cut = text.split()
            text = " ".join(cut[: max(3, len(cut) // 2)])
        rows.append(
            (
                f"d{k % docs}",
                f"q{k}",
                "direct",
                0,
                len(text),
                text,
                who,
                "PER",
                who.lower(),
                None,
                f"СМИ{k % 40}",
                "сказал",
                "synthetic",
                "body",
            )
        )
    frame = pd.DataFrame(rows)
    con.register("f", frame)
    con.execute("INSERT INTO quotes SELECT * FROM f")
    con.close()


def queries(path: Path) -> None:
    c = Corpus(path)
    for name, call in [
        ("speakers", lambda: c.speakers()),
        ("timeline (one speaker)", lambda: c.timeline(speaker="Имя7 Фамилия7")),
        ("timeline (all)", lambda: c.timeline()),
        ("statements (one speaker)", lambda: c.statements(speaker="Имя7 Фамилия7")),
        ("statements (all)", lambda: c.statements()),
    ]:
        t = time.perf_counter()
        frame = call()
        print(f"{name}: {time.perf_counter() - t:.3f} s ({len(frame)} rows)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("texts", type=Path)
    parser.add_argument("--docs", type=int, default=60)
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--no-ingest", action="store_true")
    args = parser.parse_args()
    files = sorted(args.texts.glob("*.txt"))[-args.docs :]
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in files]
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_ingest:
            ingest(texts, Path(tmp))
        db = Path(tmp) / "synthetic.duckdb"
        t = time.perf_counter()
        synthetic(db, args.quotes)
        print(f"synthetic corpus of {args.quotes} quotes built in {time.perf_counter() - t:.1f} s")
        queries(db)


if __name__ == "__main__":
    main()
