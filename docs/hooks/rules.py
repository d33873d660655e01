"""mkdocs hook: the rule catalogue page, generated from newsnlp.quotes.rules.

``docs/rules.md`` holds the marker below; at build time it becomes a table of every
name in ``RULE_NAMES`` with its place in ``RULES``, so the page cannot drift from the
code.
"""

from __future__ import annotations

import html
import re
from typing import Any

MARKER = "<!-- rule-catalogue -->"


def _cell(text: str) -> str:
    # Escape what Markdown or HTML would read as markup in a table cell.
    return re.sub(r"([\\`*_|\[\]])", r"\\\1", html.escape(text, quote=False))


def catalogue() -> str:
    """The rule catalogue as a Markdown table."""
    from newsnlp.quotes.rules import RULE_NAMES, RULES

    order = {rule.__name__: n for n, rule in enumerate(RULES, 1)}
    lines = ["| order | rule | what it finds |", "|---:|---|---|"]
    for name, pattern in RULE_NAMES.items():
        place = str(order[name]) if name in order else "–"
        lines.append(f"| {place} | `{name}` | {_cell(pattern)} |")
    return "\n".join(lines)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if page.file.src_uri != "rules.md":
        return markdown
    if MARKER not in markdown:
        raise ValueError(f"docs/rules.md lost its {MARKER} marker")
    return markdown.replace(MARKER, catalogue())
