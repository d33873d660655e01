"""The load benchmark runs end to end (tiny: 2 clients, 4 requests); figures are its job."""

from __future__ import annotations

import importlib.util

import pytest

from .conftest import ROOT

pytest.importorskip("httpx2")
pytest.importorskip("uvicorn")


def test_load_benchmark_smoke(capsys):
    spec = importlib.util.spec_from_file_location("load", ROOT / "benchmarks" / "load.py")
    assert spec is not None and spec.loader is not None
    load = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(load)
    assert load.main(["--clients", "2", "--requests", "4", "--seconds", "60"]) == 0
    out = capsys.readouterr().out
    assert "requests: 4 in" in out and "failed: 0" in out
    assert "documents/s" in out and "p95" in out and "server / library" in out
