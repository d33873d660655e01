"""Throughput, side by side in one process: newsnlp beside natasha's pipelines.

    python benchmarks/throughput.py [--repeat 3] [--copies 30] [--workers 2]

Three configurations run on the same texts, interleaved so that machine noise hits them
alike, and are compared as ratios of median times (never as absolute claims):

- **newsnlp**: the full pipeline (segments, lemmas, NER, repairs, normal forms,
  clusters, quotes) through ``Pipeline.pipe``;
- **natasha full**: natasha's documented pipeline: ``Doc.segment``, ``tag_morph``,
  ``parse_syntax``, ``tag_ner``, then every token lemmatised and every span normalised.
  natasha's ``MorphVocab`` runs on pymorphy2, which newsnlp never calls; the same class
  is rebuilt here over pymorphy3 (identical code path, same dictionaries format);
- **natasha NER**: ``Doc.segment`` and ``tag_ner`` only, the model forward pass that
  every pipeline pays: the floor.

Text sets: the sample article repeated ``--copies`` times, and every article of
``corpora/``. Also printed: peak resident memory of a fresh process running each
configuration once over ``corpora/`` (separate processes, since peak memory of one
process cannot be split), and the scaling of ``Pipeline.pipe(workers=N)`` against one
process on ``corpora/`` repeated: over the whole run (each worker's start-up, about a
second, and its cold caches included) and from the first document out (the rate a long
run settles at).

By default it first measures **cold text** (issue 15): ``--rounds`` rounds (3) of
``--per-round`` (40) distinct factRuEval dev articles (``../shared/data/factru-2016/dev``),
each round on texts no earlier round read, so no cache of words or names carries over
(repeating the same texts, as ``--copies`` does, flatters any cache). Then the RSS of a
fresh newsnlp process before and after ``--unique-words`` (500 000) unique words, against
the documented cache bound (``newsnlp.morph.DEFAULT_CACHE_BYTES``).

Issue 15's bars, cold: newsnlp >= 2.5x natasha full, within 1.6x of natasha NER.
Issue 5's bar (warm text, the sample article): newsnlp at least 1.5x natasha full, within
1.3x of natasha NER. The exit status is 1 if an issue 15 bar is missed (or the word caches
pass their bound).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample" / "kim-putin-vostochny.txt"

Runner = Callable[[list[str]], None]


FACTRU_DEV = ROOT.parent / "shared" / "data" / "factru-2016" / "dev"


def factru_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(FACTRU_DEV.glob("*.txt"))]


def cold(runners: dict[str, Runner], rounds: int, per_round: int) -> dict[str, float]:
    """Seconds per configuration summed over rounds of texts no earlier round read.

    Every configuration reads the same round; the configurations' order turns each
    round so that none always runs first on a busier or quieter moment. A few articles
    of ``corpora/`` warm each configuration first (model loading, first-call costs).
    """
    texts = factru_texts()
    if len(texts) < rounds * per_round:
        raise SystemExit(f"{FACTRU_DEV} holds {len(texts)} texts; fewer rounds or texts")
    warm = corpus_texts()[:5]  # not factRuEval: no word of a timed round is read before
    for run in runners.values():
        run(warm)
    totals = dict.fromkeys(runners, 0.0)
    names = list(runners)
    for r in range(rounds):
        batch = texts[r * per_round : (r + 1) * per_round]
        for name in names[r % len(names) :] + names[: r % len(names)]:
            start = time.perf_counter()
            runners[name](batch)
            totals[name] += time.perf_counter() - start
    return totals


STAGES: dict[str, float] = {}


def time_stages() -> None:
    """Wrap newsnlp's stage functions with timers (their calls are per document or per
    batch, so the timers cost nothing measurable): segmenting, the NER forward pass,
    entities (lemmas, repairs, normal forms, clusters), quotes, and inside quotes the
    slovnet syntax parses the quote rules ask for (grammar.py)."""
    import newsnlp.pipeline as pipeline
    from newsnlp.grammar import Grammar

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        STAGES.setdefault(name, 0.0)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                STAGES[name] += time.perf_counter() - start

        return wrapper

    pipeline._segment = timed("segment", pipeline._segment)  # type: ignore[assignment]
    pipeline.Pipeline._tag = timed("NER", pipeline.Pipeline._tag)  # type: ignore[method-assign]
    pipeline.build_entities = timed("entities", pipeline.build_entities)
    pipeline.find_quotes = timed("quotes", pipeline.find_quotes)
    Grammar.parse = timed("  of which syntax", Grammar.parse)  # type: ignore[method-assign]
    Grammar.morph = timed("  slovnet morph, in entities", Grammar.morph)  # type: ignore[method-assign]


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def unique_words_memory(n: int) -> int:
    """RSS of this process before and after newsnlp reads ``n`` unique words."""
    from newsnlp import Pipeline
    from newsnlp.morph import DEFAULT_CACHE_BYTES, get_morph

    nlp = Pipeline()
    nlp("Песков заявил журналистам, что Путин приедет в Москву.")
    start = _rss_mb()
    letters = "абвгдежзиклмнопрстуфхцчшщэюя"
    words = []
    for i in range(n):
        word, k = "", i
        while True:
            word += letters[k % len(letters)]
            k //= len(letters)
            if not k:
                break
        words.append(word + "ами")
    # Through the pipeline, 2 000 words a document, as news with many unique words.
    for k in range(0, n, 2000):
        for _ in nlp.pipe([" ".join(words[k : k + 2000]) + "."]):
            pass
    print(
        json.dumps(
            {
                "words": n,
                "rss_start_mb": round(start, 1),
                "rss_end_mb": round(_rss_mb(), 1),
                "peak_mb": round(_peak_mb(), 1),
                "cache_mb": round(get_morph().cache_nbytes / 2**20, 1),
                "bound_mb": DEFAULT_CACHE_BYTES / 2**20,
            }
        )
    )
    return 0


def corpus_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora").rglob("*.txt"))]


def pymorphy3_vocab() -> Any:
    """natasha's ``MorphVocab``, the same code over pymorphy3 instead of pymorphy2."""
    import pymorphy3
    from natasha.morph import vocab as natasha_vocab
    from natasha.morph.lemma import lemmatize

    class MorphForm(pymorphy3.analyzer.Parse):  # type: ignore[misc]
        def __new__(cls, *args: Any) -> Any:
            self = pymorphy3.analyzer.Parse.__new__(cls, *args)
            self.normal = self.normal_form
            self.pos = natasha_vocab.ud_pos(self.tag)
            self.feats = dict(natasha_vocab.ud_feats(self.tag))
            return self

        def inflect(self, grams: Any) -> Any:
            return pymorphy3.analyzer.Parse.inflect(self, set(natasha_vocab.oc_grams(grams)))

    class MorphVocab(pymorphy3.MorphAnalyzer):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(result_type=MorphForm)

        parse = lru_cache(natasha_vocab.CACHE_SIZE)(pymorphy3.MorphAnalyzer.parse)
        __call__ = parse

        def lemmatize(self, word: str, pos: str, feats: dict[str, str]) -> str:
            return str(lemmatize(self, word, pos, feats))

    return MorphVocab()


def natasha_full() -> Runner:
    from natasha import (
        Doc,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    emb = NewsEmbedding()
    segmenter, vocab = Segmenter(), pymorphy3_vocab()
    morph, syntax, ner = NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)

    def run(texts: list[str]) -> None:
        for text in texts:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_morph(morph)
            doc.parse_syntax(syntax)
            doc.tag_ner(ner)
            for token in doc.tokens:
                token.lemmatize(vocab)
            for span in doc.spans:
                span.normalize(vocab)

    return run


def natasha_ner() -> Runner:
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter, ner = Segmenter(), NewsNERTagger(NewsEmbedding())

    def run(texts: list[str]) -> None:
        for text in texts:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_ner(ner)

    return run


def newsnlp_runner(quotes: bool = True) -> Runner:
    from newsnlp import Pipeline

    nlp = Pipeline(quotes=quotes)

    def run(texts: list[str]) -> None:
        for _ in nlp.pipe(texts):
            pass

    return run


RUNNERS: dict[str, Callable[[], Runner]] = {
    "newsnlp": newsnlp_runner,
    "natasha-full": natasha_full,
    "natasha-ner": natasha_ner,
}


def side_by_side(runners: dict[str, Runner], texts: list[str], repeat: int) -> dict[str, float]:
    """Median seconds per configuration, runs interleaved; the first round warms caches."""
    for run in runners.values():
        run(texts)
    times: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(repeat):
        for name, run in runners.items():
            start = time.perf_counter()
            run(texts)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def report(title: str, texts: list[str], med: dict[str, float]) -> tuple[float, float]:
    chars = sum(map(len, texts))
    print(f"\n{title}: {len(texts)} documents, {chars} characters")
    print(f"  {'configuration':<14} {'docs/s':>9} {'chars/s':>11}")
    for name, seconds in med.items():
        print(f"  {name:<14} {len(texts) / seconds:>9.1f} {chars / seconds:>11.0f}")
    vs_full = med["natasha-full"] / med["newsnlp"]
    vs_ner = med["newsnlp"] / med["natasha-ner"]
    print(f"  newsnlp is {vs_full:.2f}x as fast as natasha full (bar >= 1.5)")
    print(f"  newsnlp takes {vs_ner:.2f}x the time of natasha NER alone (goal <= 1.3)")
    return vs_full, vs_ner


def peak_memory(name: str) -> float:
    """Peak resident MB of a fresh process running one configuration over corpora/."""
    out = subprocess.run(
        [sys.executable, __file__, "--only", name],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(json.loads(out.strip().splitlines()[-1])["peak_mb"])


def _peak_mb() -> float:
    # VmHWM belongs to this process image; ru_maxrss survives exec on Linux and would
    # report the (larger) parent benchmark that started this process.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def only(name: str) -> int:
    RUNNERS[name]()(corpus_texts())
    print(json.dumps({"name": name, "peak_mb": round(_peak_mb(), 1)}))
    return 0


def _timed_pipe(texts: list[str], workers: int) -> tuple[float, float]:
    """Seconds for the whole run, and from the first document out to the last."""
    from newsnlp import Pipeline

    start = time.perf_counter()
    first = None
    for _ in Pipeline().pipe(texts, workers=workers):
        if first is None:
            first = time.perf_counter()
    end = time.perf_counter()
    return end - start, end - (first or start)


def scaling(texts: list[str], workers: int) -> None:
    _timed_pipe(texts[:20], 1)  # warm this process's caches, as each worker warms its own
    t1, s1 = _timed_pipe(texts, 1)
    tn, sn = _timed_pipe(texts, workers)
    n = len(texts)
    print(f"\nworkers: {n} documents, {os.cpu_count()} cores")
    print(f"  {'':<10} {'whole run':>14} {'after the first document':>26}")
    print(f"  workers=1  {n / t1:>8.1f} docs/s {(n - 1) / s1:>19.1f} docs/s")
    print(
        f"  workers={workers}  {n / tn:>8.1f} docs/s {(n - 1) / sn:>19.1f} docs/s"
        f"   ({t1 / tn:.2f}x whole run, {s1 / sn:.2f}x after start-up)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds per configuration")
    parser.add_argument("--copies", type=int, default=30, help="copies of the sample article")
    parser.add_argument("--workers", type=int, default=2, help="processes for the scaling run")
    parser.add_argument(
        "--scale-copies", type=int, default=8, help="copies of corpora/ for the scaling run"
    )
    parser.add_argument("--rounds", type=int, default=3, help="cold rounds of distinct texts")
    parser.add_argument("--per-round", type=int, default=40, help="factRuEval texts a round")
    parser.add_argument("--unique-words", type=int, default=500_000, help="for the RSS check")
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["cold", "words", "sample", "corpora", "memory", "scaling"],
    )
    parser.add_argument(
        "--blas-threads",
        type=int,
        help="cap numpy's BLAS threads for every configuration (natasha's too): on a busy"
        " machine a spinning BLAS pool slows slovnet's own inference several times over",
    )
    parser.add_argument("--only", choices=sorted(RUNNERS), help=argparse.SUPPRESS)
    parser.add_argument("--words-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.blas_threads:
        import numpy  # noqa: F401  (threadpoolctl limits only the BLAS already loaded)
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=args.blas_threads)  # for the rest of this process
    if args.only:
        return only(args.only)
    if args.words_only:
        return unique_words_memory(args.unique_words)

    runners = {name: make() for name, make in RUNNERS.items()}
    status = 0
    if "cold" not in args.skip:
        time_stages()
        totals = cold(runners, args.rounds, args.per_round)
        n = args.rounds * args.per_round
        print(
            f"\ncold text: {args.rounds} rounds of {args.per_round} distinct factRuEval dev"
            " articles"
        )
        for name, seconds in totals.items():
            print(f"  {name:<14} {n / seconds:>9.1f} docs/s")
        vs_full = totals["natasha-full"] / totals["newsnlp"]
        vs_ner = totals["newsnlp"] / totals["natasha-ner"]
        print(f"  newsnlp is {vs_full:.2f}x as fast as natasha full (bar >= 2.5)")
        print(f"  newsnlp takes {vs_ner:.2f}x the time of natasha NER alone (bar <= 1.6)")
        status = 0 if vs_full >= 2.5 and vs_ner <= 1.6 else 1
        # The stage timers also ran during the warm-up: shares, not totals, are printed.
        staged = sum(v for k, v in STAGES.items() if not k.startswith(" "))
        print("  newsnlp per stage (share of the staged time; warm-up included):")
        for name, seconds in STAGES.items():
            print(f"    {name:<24} {seconds:>7.2f} s  {100 * seconds / staged:>5.1f} %")
    if "words" not in args.skip:
        out = subprocess.run(
            [sys.executable, __file__, "--words-only", "--unique-words", str(args.unique_words)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        mem = json.loads(out.strip().splitlines()[-1])
        print(
            f"\nmemory of one newsnlp process over {mem['words']} unique words: RSS "
            f"{mem['rss_start_mb']:.0f} MB -> {mem['rss_end_mb']:.0f} MB "
            f"(+{mem['rss_end_mb'] - mem['rss_start_mb']:.0f} MB), peak {mem['peak_mb']:.0f} MB; "
            f"word caches {mem['cache_mb']:.0f} MB, bound {mem['bound_mb']:.0f} MB"
        )
        if mem["cache_mb"] > mem["bound_mb"]:
            status = 1
    if "sample" not in args.skip:
        # Warm text (the same article again and again): what caches make of a repeat.
        sample = [SAMPLE.read_text(encoding="utf-8")] * args.copies
        report("sample article", sample, side_by_side(runners, sample, args.repeat))
    if "corpora" not in args.skip:
        corpus = corpus_texts()
        report("corpora/", corpus, side_by_side(runners, corpus, args.repeat))
    if "memory" not in args.skip:
        print("\npeak memory of one process over corpora/:")
        for name in RUNNERS:
            print(f"  {name:<14} {peak_memory(name):>7.0f} MB")
    if "scaling" not in args.skip:
        scaling(corpus_texts() * args.scale_copies, args.workers)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
