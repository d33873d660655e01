"""The notebooks in notebooks/ run clean, and are stored without outputs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# Each notebook runs once; between them both working directories a user may start
# Jupyter from are covered (the notebooks find corpora/ from either).
CWD = {"01-quickstart.ipynb": ROOT, "02-corpus-analysis.ipynb": ROOT / "notebooks"}


def test_there_are_notebooks():
    assert {p.name for p in NOTEBOOKS} >= set(CWD)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path: Path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name}: clear the outputs before committing"
            assert cell["execution_count"] is None


@pytest.fixture
def kernel(tmp_path, monkeypatch) -> str:
    """A kernelspec that runs this interpreter, whatever 'python3' means elsewhere."""
    pytest.importorskip("ipykernel")
    name = "newsnlp-tests"
    spec = tmp_path / "jupyter" / "kernels" / name
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": name, "language": "python"}),
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    # Charts render to PNG in the kernel; no display is needed.
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_clean(path: Path, kernel: str):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    for extra in ("spacy", "pandas", "matplotlib"):
        pytest.importorskip(extra)
    notebook = nbformat.read(path, as_version=4)
    cwd = CWD.get(path.name, ROOT / "notebooks")
    client = nbclient.NotebookClient(
        notebook,
        kernel_name=kernel,
        timeout=600,
        resources={"metadata": {"path": str(cwd)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on failure
    errors = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors
    shown = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") in ("display_data", "execute_result")
    ]
    assert shown, "the notebook displayed nothing"
