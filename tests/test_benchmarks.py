"""The benchmarks run end to end, tiny (load: 2 clients, 4 requests; length: 1 KB and
10 KB); figures are their job."""

from __future__ import annotations

import importlib.util

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
