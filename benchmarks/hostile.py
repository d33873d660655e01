"""Hostile strings against news of the same length: does any cost more than news?

    python benchmarks/hostile.py [--chars 200000] [--repeat 1] [--bar 3]

Each hostile string (runs of ``.``, ``!``, ``?``, ``…`` without spaces, ``.»``, ``«``
and ``а.`` repeated) is ``--chars`` characters long and goes through the whole
:class:`~newsnlp.Pipeline`, side by side in this process with the same number of
characters of real news: the texts of factRuEval-2016 dev (../shared/data/factru-2016/dev,
falling back on corpora/ where it is absent), joined with blank lines. The figure is
each string's time over the news time; the exit status is 1 when one is over ``--bar``.
Runs are interleaved (news, then each string, ``--repeat`` times) and the median kept.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from newsnlp import Pipeline

ROOT = Path(__file__).resolve().parents[1]
FACTRU_DEV = ROOT.parent / "shared" / "data" / "factru-2016" / "dev"
HOSTILE = {
    "dots": ".",
    "bangs": "!",
    "questions": "?",
    "ellipses": "…",
    "mixed": ".!?…",
    "dot-guillemet": ".»",
    "guillemets": "«",
    "letter-dot": "а.",
}


def news(chars: int) -> str:
    """``chars`` characters of news, articles joined with blank lines (repeated if short)."""
    paths = sorted(FACTRU_DEV.glob("*.txt")) or sorted((ROOT / "corpora").rglob("*.txt"))
    body = "\n\n".join(p.read_text(encoding="utf-8") for p in paths)
    while len(body) < chars:
        body += "\n\n" + body
    return body[:chars]


def timed(nlp: Pipeline, text: str) -> float:
    start = time.perf_counter()
    nlp(text)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--bar", type=float, default=3.0, help="most hostile / news allowed")
    args = parser.parse_args(argv)
    nlp = Pipeline()
    nlp("Путин прибыл в Москву.")  # models loaded before anything is timed
    texts = {"news": news(args.chars)}
    for name, unit in HOSTILE.items():
        texts[name] = (unit * (args.chars // len(unit) + 1))[: args.chars]
    times: dict[str, list[float]] = {name: [] for name in texts}
    for _ in range(args.repeat):
        for name, text in texts.items():
            times[name].append(timed(nlp, text))
    base = statistics.median(times["news"])
    print(f"{args.chars} characters each; news {base:.2f} s")
    worst = 0.0
    for name in HOSTILE:
        seconds = statistics.median(times[name])
        ratio = seconds / base
        worst = max(worst, ratio)
        print(f"  {name:<14} {seconds:7.2f} s  {ratio:5.2f}x news")
    print(f"worst: {worst:.2f}x news (bar {args.bar}x)")
    return 0 if worst <= args.bar else 1


if __name__ == "__main__":
    raise SystemExit(main())
