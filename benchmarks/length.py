"""Time and memory against text length: is newsnlp linear?

    python benchmarks/length.py [--repeat 3] [--max-mb 1] [--whole]

Documents of 1 KB, 10 KB, 100 KB, 1 MB (and 10 MB with ``--max-mb 10``) are cut from
the bodies of the articles in corpora/, joined with blank lines: one long news text.
Each size runs ``--repeat`` times, sizes interleaved so that machine noise hits them
alike; the median time per KB is compared as a ratio to the 10 KB document's (1 KB is
mostly per-call overhead). A linear pipeline keeps that ratio near 1.

Peak memory is measured in a separate pass under tracemalloc (which slows Python down,
so it never runs while timing): the peak of Python and numpy allocations while one
document is processed, over the size of its text. A pipeline whose working memory is
bounded keeps that near constant (the Document itself grows with the text).

``--whole`` runs the same documents side by side through ``Pipeline(window=10**9)``
(one window however long the text: the behaviour before windows) up to 1 MB, and
prints its time over the windowed pipeline's. Up to 100 KB both are one window, the
same work: there the ratio shows the noise of the measurement.

The document repeats the 194 KB of article bodies, so word caches warm up as it goes;
what matters is that time per KB does not rise with the length.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
import tracemalloc
from pathlib import Path

from newsnlp import Pipeline
from newsnlp.segment import layout

ROOT = Path(__file__).resolve().parents[1]
KB = 1_000
SIZES = [KB, 10 * KB, 100 * KB, 1_000 * KB, 10_000 * KB]


def corpus_body() -> str:
    """The bodies of every article of corpora/ (no related-news teasers), in order."""
    bodies = []
    for path in sorted((ROOT / "corpora").rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        _, sections = layout(text)
        bodies.extend(s.text for s in sections if s.kind == "body")
    return "\n\n".join(bodies)


def document(body: str, size: int) -> str:
    """``size`` characters of the bodies, repeated as often as needed."""
    unit = body + "\n\n"
    return (unit * (size // len(unit) + 1))[:size]


def timed(nlp: Pipeline, text: str) -> float:
    start = time.perf_counter()
    nlp(text)
    return time.perf_counter() - start


def peak_memory(nlp: Pipeline, text: str) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    before, _ = tracemalloc.get_traced_memory()
    nlp(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak - before


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-mb", type=float, default=1.0, help="largest document, MB")
    parser.add_argument(
        "--whole", action="store_true", help="also one window for the whole text (<= 1 MB)"
    )
    args = parser.parse_args(argv)

    body = corpus_body()
    sizes = [s for s in SIZES if s <= args.max_mb * 1_000 * KB]
    texts = {size: document(body, size) for size in sizes}
    nlp = Pipeline()
    whole = Pipeline(window=10**9) if args.whole else None
    nlp("Прогрев: модели загружены.")  # first call pays for lazy caches, not the benchmark

    times: dict[int, list[float]] = {size: [] for size in sizes}
    whole_times: dict[int, list[float]] = {size: [] for size in sizes if size <= 1_000 * KB}
    for repeat in range(args.repeat):
        for size in sizes:
            # who goes first alternates: the second run of a text finds warmer caches
            if whole is not None and size in whole_times and repeat % 2:
                whole_times[size].append(timed(whole, texts[size]))
            times[size].append(timed(nlp, texts[size]))
            if whole is not None and size in whole_times and not repeat % 2:
                whole_times[size].append(timed(whole, texts[size]))
    memory = {size: peak_memory(nlp, texts[size]) for size in sizes}

    base = 10 * KB if 10 * KB in sizes else sizes[0]
    per_kb = {size: statistics.median(times[size]) / (size / KB) for size in sizes}
    print(f"corpus bodies: {len(body) // KB} KB of real text, repeated to each size")
    header = f"{'size':>8} {'median s':>9} {'ms/KB':>7} {'ms/KB ÷ 10 KB':>14}"
    header += f" {'peak MB':>8} {'peak ÷ text':>12}"
    if whole is not None:
        header += f" {'one window ÷ windows':>21}"
    print(header)
    for size in sizes:
        median = statistics.median(times[size])
        row = (
            f"{size // KB:>6}KB {median:>9.2f} {per_kb[size] * 1000:>7.1f} "
            f"{per_kb[size] / per_kb[base]:>14.2f} {memory[size] / 1e6:>8.1f} "
            f"{memory[size] / size:>12.1f}"
        )
        if whole is not None and whole_times.get(size):
            row += f" {statistics.median(whole_times[size]) / median:>21.2f}"
        print(row)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS: {rss:.0f} MB (models included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
