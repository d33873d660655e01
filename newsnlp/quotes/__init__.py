"""Quotes: who said what, to whom, according to whom (the rule layer).

Пример::

    >>> from newsnlp.quotes import find_quotes
"""

from __future__ import annotations

from collections.abc import Sequence

from ..document import Cluster, Entity, Quote, Section, Sentence, Token

__all__ = ["find_quotes"]


def find_quotes(
    text: str,
    tokens: Sequence[Token],
    sentences: Sequence[Sentence],
    sections: Sequence[Section],
    entities: Sequence[Entity],
    clusters: Sequence[Cluster],
    *,
    trace: list[str] | None = None,
) -> tuple[Quote, ...]:
    """Find every quoted or reported statement of a document.

    Пример::

        >>> find_quotes("", [], [], [], [], [])
        ()
    """
    return ()
