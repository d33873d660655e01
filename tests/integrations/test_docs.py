"""The docs site: the rule catalogue is generated from the code, every page is in the nav.

The site itself is built by CI (`mkdocs build --strict` in .ci/run).
"""

from __future__ import annotations

import importlib.util
import re
from types import SimpleNamespace

import pytest

from newsnlp.quotes.rules import RULE_NAMES, RULES

from ..conftest import ROOT

DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def hook():
    spec = importlib.util.spec_from_file_location("rules_hook", DOCS / "hooks" / "rules.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rule_catalogue_lists_every_rule_in_order(hook):
    table = hook.catalogue()
    rows = [line for line in table.splitlines()[2:]]
    assert [re.search(r"`(\w+)`", row).group(1) for row in rows] == list(RULE_NAMES)
    for n, rule in enumerate(RULES, 1):
        assert f"| {n} | `{rule.__name__}` |" in table


def test_rule_catalogue_fills_the_rules_page_only(hook):
    page = (DOCS / "rules.md").read_text(encoding="utf-8")
    rules_page = SimpleNamespace(file=SimpleNamespace(src_uri="rules.md"))
    other_page = SimpleNamespace(file=SimpleNamespace(src_uri="index.md"))
    filled = hook.on_page_markdown(page, page=rules_page, config={}, files=[])
    assert hook.MARKER not in filled and "`direct_split`" in filled
    assert hook.on_page_markdown(page, page=other_page, config={}, files=[]) == page


def test_catalogue_cells_escape_markup(hook):
    assert hook._cell("a | b <c> *d*") == r"a \| b &lt;c&gt; \*d\*"


def test_every_page_is_in_the_nav_and_every_integration_documented():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert all(page in config for page in pages), "add new docs pages to mkdocs.yml nav"
    for module in ("spacy", "pandas", "viz"):
        text = (DOCS / "api" / f"{module}.md").read_text(encoding="utf-8")
        assert f"::: newsnlp.integrations.{module}" in text
