"""A missing optional package raises MissingExtraError with the pip command to run."""

from __future__ import annotations

import builtins
import subprocess
import sys

import pytest

from newsnlp import Document, Entity
from newsnlp.errors import MissingExtraError
from newsnlp.integrations import pandas as nn_pandas
from newsnlp.integrations import require, viz

from ..conftest import ROOT

DOC = Document(id="d", text="Путин.", entities=(Entity("e1", 0, 5, "PER", "Путин", "Путин"),))


def _block(monkeypatch, *names):
    # None in sys.modules makes `import name` fail as if the package were absent.
    for name in names:
        for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            monkeypatch.delitem(sys.modules, loaded)
        monkeypatch.setitem(sys.modules, name, None)


CASES = [
    ("pandas", "pandas", lambda: nn_pandas.quotes_frame(DOC)),
    ("pandas", "pandas", lambda: DOC.entities_frame()),
    ("pandas", "pandas", lambda: viz.who_said_what(DOC)),
    ("ipymarkup", "viz", lambda: viz.entities_html(DOC)),
    ("spacy", "spacy", lambda: viz.entities_html(DOC, engine="displacy")),
    ("matplotlib", "viz", lambda: viz.plot_top_speakers([DOC])),
]


@pytest.mark.parametrize(("module", "extra", "call"), CASES)
def test_missing_package_names_the_pip_command(monkeypatch, module, extra, call):
    _block(monkeypatch, module)
    with pytest.raises(MissingExtraError) as caught:
        call()
    assert f"pip install 'newsnlp[{extra}]'" in str(caught.value)
    assert isinstance(caught.value, ImportError)
    assert caught.value.extra == extra


def test_missing_spacy_in_the_spacy_integration(monkeypatch):
    from newsnlp.integrations import spacy as nn_spacy

    _block(monkeypatch, "spacy")
    for call in (lambda: nn_spacy.to_spacy(DOC), nn_spacy.register_extensions):
        with pytest.raises(MissingExtraError, match=r"pip install 'newsnlp\[spacy\]'"):
            call()


def test_require_through_a_failing_import_hook(monkeypatch):
    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.split(".")[0] == "matplotlib":
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    for loaded in [m for m in sys.modules if m.split(".")[0] == "matplotlib"]:
        monkeypatch.delitem(sys.modules, loaded)
    with pytest.raises(MissingExtraError, match=r"pip install 'newsnlp\[viz\]'"):
        require("matplotlib", "viz")


def test_every_integration_imports_without_its_package():
    code = (
        "import sys\n"
        "for name in ('spacy', 'pandas', 'matplotlib', 'ipymarkup'):\n"
        "    sys.modules[name] = None\n"
        "import newsnlp\n"
        "from newsnlp.integrations import spacy, pandas, viz\n"
        "from newsnlp.errors import MissingExtraError\n"
        "doc = newsnlp.Document(id='d', text='Да.')\n"
        "print(viz.quotes_html(doc)[:30])\n"
        "try:\n"
        "    spacy.make_newsnlp(None, 'newsnlp')\n"
        "except MissingExtraError as error:\n"
        "    print(error)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert run.returncode == 0, run.stderr
    assert '<div class="newsnlp-quotes"' in run.stdout
    assert "pip install 'newsnlp[spacy]'" in run.stdout
