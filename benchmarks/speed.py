"""Speed, side by side in one process: plain natasha, newsnlp without quotes, newsnlp.

    python benchmarks/speed.py [--repeat 5]

Texts: every article of corpora/ and the factRuEval-2016 dev split (if present). Each
configuration runs over all texts ``--repeat`` times, interleaved so that machine noise
hits them alike; the medians are compared as ratios, never as absolute claims:

- newsnlp core (segment, NER, repairs, normal forms, clusters) / plain natasha
  (Segmenter + NewsNERTagger on each text, as natasha's Doc does);
- quote layer overhead: time spent in the quote layer over the time of everything else,
  measured inside the same full runs (a difference of two totals would drown in noise);
  it must stay under 10 % (issue 3).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

# The same runners in both benchmarks.
from throughput import natasha_ner, newsnlp_runner  # noqa: E402


def load_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora").rglob("*.txt"))]
    try:
        import factru

        texts += [d.text for d in factru.load("dev")]
    except SystemExit:
        pass
    return texts


QUOTE_TIME = [0.0]


def _timed_quotes() -> None:
    """Wrap the pipeline's quote layer with a stopwatch."""
    import newsnlp.pipeline as pipeline

    inner = pipeline.find_quotes

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            QUOTE_TIME[0] += time.perf_counter() - start

    pipeline.find_quotes = timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--max-overhead", type=float, default=0.10)
    args = parser.parse_args(argv)
    texts = load_texts()
    _timed_quotes()
    runners = {
        "natasha": natasha_ner(),
        "newsnlp-core": newsnlp_runner(quotes=False),
        "newsnlp": newsnlp_runner(quotes=True),
    }
    for run in runners.values():  # warm up caches (pymorphy3 parses, lexicons)
        run(texts)
    times: dict[str, list[float]] = {name: [] for name in runners}
    shares = []
    for _ in range(args.repeat):
        for name, run in runners.items():
            QUOTE_TIME[0] = 0.0
            start = time.perf_counter()
            run(texts)
            elapsed = time.perf_counter() - start
            times[name].append(elapsed)
            if name == "newsnlp":
                shares.append(QUOTE_TIME[0] / (elapsed - QUOTE_TIME[0]))
    med = {name: statistics.median(values) for name, values in times.items()}
    chars = sum(map(len, texts))
    print(f"{len(texts)} texts, {chars} characters, median of {args.repeat} runs each")
    for name, value in med.items():
        print(f"  {name:<14} {value / med['natasha']:>6.2f} x natasha")
    overhead = statistics.median(shares)
    print(
        f"quote layer overhead: {overhead:+.1%} of the core pipeline, measured inside the "
        f"full runs (limit {args.max_overhead:.0%})"
    )
    return 0 if overhead < args.max_overhead else 1


if __name__ == "__main__":
    raise SystemExit(main())
