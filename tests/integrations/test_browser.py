"""Pages as a reader meets them: rendered by a real browser (headless Chromium).

The quotes view and the docs site are HTML; here Debian's Chromium parses and lays them
out, and the DOM it ends up with is checked. CI installs Chromium (.ci/run); outside CI a
machine without it skips these tests, in CI a missing browser is an error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ..conftest import ROOT, chromium_or_skip

pytestmark = pytest.mark.slow

CHROMIUM = chromium_or_skip()

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def rendered_dom(path: Path, profile: Path) -> str:
    """The DOM Chromium builds for a local page, after parsing and scripts."""
    result = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", path.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.classes: list[str] = []
        self.quote_ids: set[str] = set()
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        self.classes.extend(classes)
        if "nn-quote" in classes and found.get("data-quote"):
            self.quote_ids.add(found["data-quote"] or "")
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def test_quotes_view_in_chromium(sample_doc, tmp_path):
    from newsnlp.integrations.viz import quotes_html

    page = tmp_path / "quotes.html"
    page.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'></head><body>"
        f"{quotes_html(sample_doc, legend=False)}</body></html>",
        encoding="utf-8",
    )
    parsed = _Collect()
    parsed.feed(rendered_dom(page, tmp_path / "profile"))
    # every quote and its parts survive the browser's parser as their own elements (a
    # quote crossed by another mark is drawn in pieces, all with its id)
    assert parsed.quote_ids == {q.id for q in sample_doc.quotes}
    assert parsed.classes.count("nn-speaker") >= 10
    assert "nn-cue" in parsed.classes and "nn-source" in parsed.classes
    # and the reader sees the article's text, every character of it, nothing added
    assert "".join(parsed.text).strip() == sample_doc.text.strip()


def test_docs_site_in_chromium(tmp_path):
    pytest.importorskip("mkdocs")
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    index = rendered_dom(site / "index.html", tmp_path / "profile")
    assert "newsnlp" in index and "pip install" in index
    rules = next(site.rglob("rules*/index.html"), None) or next(site.rglob("*rules*.html"))
    from newsnlp.quotes.rules import RULE_NAMES

    page = rendered_dom(rules, tmp_path / "profile2")
    assert all(name in page for name in RULE_NAMES)
