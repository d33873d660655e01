"""mkdocs hook: the rule catalogue page, generated from newsnlp.quotes.rules.

``docs/rules.md`` holds the marker below; at build time it becomes a table of every
rule in ``RULES``, in the order it runs, with the first line of its docstring, so the
page cannot drift from the code.
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
    from newsnlp.quotes.candidate import rule_pattern
    from newsnlp.quotes.rules import RULES

    lines = ["| order | rule | module | what it finds |", "|---:|---|---|---|"]
    for n, rule in enumerate(RULES, 1):
        module = rule.__module__.rsplit(".", 1)[-1]
        lines.append(f"| {n} | `{rule.__name__}` | {module} | {_cell(rule_pattern(rule))} |")
    return "\n".join(lines)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if page.file.src_uri != "rules.md":
        return markdown
    if MARKER not in markdown:
        raise ValueError(f"docs/rules.md lost its {MARKER} marker")
    return markdown.replace(MARKER, catalogue())
