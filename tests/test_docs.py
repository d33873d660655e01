"""The Python examples of the docs pages run and print what the page says they print."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from .conftest import ROOT

PAGES = ["entities.md"]
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


@pytest.mark.parametrize("page", PAGES)
def test_python_examples_print_what_the_page_shows(page):
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    assert blocks, f"{page} has no python example"
    for block in blocks:
        shown = [line[2:] for line in block.splitlines() if line.startswith("# ")]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, page, "exec"), {})
        assert out.getvalue().splitlines() == shown
