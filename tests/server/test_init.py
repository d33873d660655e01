"""newsnlp.server: sizes, options, and the pip command when the extra is missing."""

from __future__ import annotations

import importlib
import sys

import pytest

from newsnlp.errors import CorpusError, InputError, MissingExtraError
from newsnlp.server import create_app, parse_size, serve

from ..integrations.test_extras import _block

SIZES = [
    ("10MB", 10_000_000),
    ("512KB", 512_000),
    ("1.5MB", 1_500_000),
    ("8MiB", 8 * 2**20),
    (" 2 gb ", 2_000_000_000),
    ("2048", 2048),
    (2048, 2048),
]


@pytest.mark.parametrize(("size", "value"), SIZES)
def test_parse_size(size, value):
    assert parse_size(size) == value


@pytest.mark.parametrize("size", ["", "ten", "10XB", "-5", "0", 0, -1, True, "1e3"])
def test_parse_size_refuses(size):
    with pytest.raises(InputError, match="10MB"):
        parse_size(size)


@pytest.mark.parametrize(
    "options", [{"workers": 0}, {"port": 70000}, {"batch_size": 0}, {"max_body": "big"}]
)
def test_serve_refuses_bad_options_before_starting(options):
    with pytest.raises(InputError):
        serve(**options)


def test_serve_refuses_a_missing_corpus_before_starting(tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSNLP_CORPUS", raising=False)
    with pytest.raises(CorpusError, match=r"newsnlp extract INPUT\.\.\. -o"):
        serve(corpus=str(tmp_path / "nope.duckdb"))
    with pytest.raises(CorpusError, match="no such corpus"):
        create_app(corpus=str(tmp_path / "nope.duckdb"))


@pytest.mark.parametrize("module", ["fastapi", "uvicorn", "fastapi_offline"])
def test_without_the_extra_serve_names_the_pip_command(monkeypatch, module):
    _block(monkeypatch, module)
    with pytest.raises(MissingExtraError, match=r"pip install 'newsnlp\[server\]'"):
        serve()
    if module != "uvicorn":
        with pytest.raises(MissingExtraError, match=r"pip install 'newsnlp\[server\]'"):
            create_app()


def test_newsnlp_server_imports_without_the_extra(monkeypatch):
    import newsnlp

    monkeypatch.setattr(newsnlp, "server", newsnlp.server)  # put back after the test
    for name in [m for m in sys.modules if m.startswith("newsnlp.server")]:
        monkeypatch.delitem(sys.modules, name)
    _block(monkeypatch, "fastapi", "fastapi_offline", "uvicorn", "starlette", "pydantic")
    server = importlib.import_module("newsnlp.server")
    assert server.parse_size("1MB") == 1_000_000
    with pytest.raises(MissingExtraError, match=r"pip install 'newsnlp\[server\]'"):
        server.create_app()
