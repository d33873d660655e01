"""Word lists packaged in ``newsnlp/data``: read once, shared.

The lists are plain text so that a journalist can extend them without reading code:
``#`` starts a comment, blank lines are skipped, ``|`` separates the canonical form of
a row from its variants.

Пример::

    >>> from newsnlp.lexicon import load_list
    >>> "пресс-секретарь" in load_list("titles")
    True
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["load_list", "load_table"]


def _lines(name: str) -> list[str]:
    text = resources.files("newsnlp").joinpath(f"data/{name}.txt").read_text(encoding="utf-8")
    rows = []
    for raw in text.splitlines():
        # A '#' is never part of a name in these lists, so it always opens a comment.
        line = raw.split("#", 1)[0].strip()
        if line:
            rows.append(line)
    return rows


@cache
def load_list(name: str) -> tuple[str, ...]:
    """Return the rows of ``newsnlp/data/<name>.txt`` without comments and blanks.

    Пример::

        >>> load_list("related_markers")[0]
        'Похожие новости'
    """
    return tuple(_lines(name))


@cache
def load_table(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return ``(canonical, variants)`` rows of a ``CANONICAL | VARIANT ...`` list.

    The canonical form is also the first variant, so matching code need look at
    ``variants`` only.

    Пример::

        >>> dict(load_table("media"))["Коммерсант"][:2]
        ('Коммерсант', 'Коммерсантъ')
    """
    rows = []
    for line in _lines(name):
        parts = tuple(part.strip() for part in line.split("|") if part.strip())
        rows.append((parts[0], parts))
    return tuple(rows)
