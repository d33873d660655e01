"""The benchmarks run end to end, tiny (load: 2 clients, 4 requests; length: 1 KB and
10 KB; throughput: one copy of the sample, 4 articles through 2 workers); figures are
their job."""

from __future__ import annotations

import importlib.util
import json

import pytest

from .conftest import ROOT


def benchmark(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_load_benchmark_smoke(capsys):
    pytest.importorskip("httpx2")
    pytest.importorskip("uvicorn")
    load = benchmark("load")
    assert load.main(["--clients", "2", "--requests", "4", "--seconds", "60"]) == 0
    out = capsys.readouterr().out
    assert "requests: 4 in" in out and "failed: 0" in out
    assert "documents/s" in out and "p95" in out and "server / library" in out


def test_length_benchmark_smoke(capsys):
    assert benchmark("length").main(["--max-mb", "0.01", "--repeat", "1", "--whole"]) == 0
    out = capsys.readouterr().out
    assert "ms/KB ÷ 10 KB" in out and "peak MB" in out and "one window ÷ windows" in out
    assert "    10KB" in out and "1000KB" not in out


def test_throughput_benchmark_smoke(capsys):
    throughput = benchmark("throughput")
    # The exit status says whether the bar was met: a figure, so not asserted here.
    skip = ["cold", "words", "corpora", "memory", "scaling"]
    throughput.main(["--copies", "1", "--repeat", "1", "--skip", *skip])
    out = capsys.readouterr().out
    assert "as fast as natasha full" in out and "the time of natasha NER alone" in out
    for name in ("newsnlp", "natasha-full", "natasha-ner"):
        assert f"  {name} " in out
    throughput.scaling(throughput.corpus_texts()[:4], 2)
    assert "workers=2" in capsys.readouterr().out


def test_throughput_cold_rounds_read_distinct_texts(capsys):
    throughput = benchmark("throughput")
    seen: list[list[str]] = []
    runners = {"newsnlp": seen.append, "natasha-full": seen.append, "natasha-ner": seen.append}
    totals = throughput.cold(runners, 2, 3)
    assert set(totals) == set(runners)
    rounds = seen[3:]  # after one warm-up call each
    first, second = rounds[0], rounds[3]
    assert len(first) == 3 and not set(first) & set(second)
    assert all(r == first for r in rounds[:3]) and all(r == second for r in rounds[3:])


def test_throughput_unique_words_memory_reports_the_bound(capsys):
    throughput = benchmark("throughput")
    throughput.unique_words_memory(4_000)
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["words"] == 4_000 and 0 < out["cache_mb"] <= out["bound_mb"] == 256


def test_hostile_benchmark_smoke(capsys):
    # 2000 characters: every string runs; the exit status is a figure, not asserted.
    benchmark("hostile").main(["--chars", "2000"])
    out = capsys.readouterr().out
    assert "2000 characters each; news" in out and "x news (bar 3.0x)" in out
    for name in ("dots", "ellipses", "dot-guillemet", "letter-dot"):
        assert f"  {name} " in out


def test_soak_benchmark_smoke(capsys):
    pytest.importorskip("httpx2")
    pytest.importorskip("uvicorn")
    soak = benchmark("soak")
    # A short run: every kind of client gets a turn; the bar (/health < 1 s, every good
    # request answered) is the exit status.
    assert soak.main(["--seconds", "8", "--good", "1"]) == 0
    out = capsys.readouterr().out
    assert "requests answered" in out and "p95" in out and "server RSS" in out
    assert "/health:" in out and "longest" in out and "abandoned 1 MB" in out


def test_nerel_gold_clusters_are_the_mentions_of_one_wikidata_item(tmp_path, monkeypatch):
    import sys

    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    sys.modules.pop("nerel", None)
    nerel = benchmark("nerel")
    ner = benchmark("ner")
    text = "Путин прибыл в Москву. Владимир Путин и Москва."
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "1.txt").write_text(text, encoding="utf-8")
    ann = [
        "T1\tPERSON 0 5\tПутин",
        "T2\tCITY 15 21\tМосквой",
        "T3\tPERSON 23 37\tВладимир Путин",
        "T4\tCITY 40 46\tМосква",
        "T5\tPERSON 32 37\tПутин",  # nested inside T3: not kept
        "N1\tReference T1 Wikidata:Q7747\tПутин",
        "N2\tReference T3 Wikidata:Q7747\tПутин",
        "N3\tReference T4 Wikidata:Q649\tМосква",
        "N4\tReference T2 Wikidata:NULL\t",
    ]
    (tmp_path / "train" / "1.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    (doc,) = nerel.load("train", tmp_path)
    assert sorted(map(sorted, doc.clusters)) == [[(0, 5), (23, 37)], [(40, 46)]]
    # one predicted cluster holding both mentions of Путин: perfect over linked mentions
    assert ner.b_cubed_gold([doc.clusters], [[{(0, 5), (23, 37)}, {(40, 46), (15, 21)}]]) == (
        1.0,
        1.0,
        1.0,
    )
