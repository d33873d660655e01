"""The working span of the entity repairs and what the rules share about it.

Пример::

    >>> from newsnlp.entities.spans import Span, unbalanced
    >>> Span(0, 3, "ORG").stop, unbalanced('РИА "Новости')
    (3, True)
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..document import Token

__all__ = [
    "OPENING",
    "QUOTE_MARKS",
    "Repair",
    "Span",
    "is_abbreviation",
    "unbalanced",
    "words_in",
]

OPENING = {'"': '"', "«": "»", "„": "“", "“": "”"}
QUOTE_MARKS = frozenset('"«»„“”')


def unbalanced(inner: str) -> bool:
    """Whether a name holds a quote mark without its pair (``РИА "Новости``).

    Пример::

        >>> unbalanced("«Спартак»")
        False
    """
    return (
        inner.count('"') % 2 == 1
        or inner.count("«") != inner.count("»")
        or (inner.count("„") + inner.count("“") + inner.count("”")) % 2 == 1
    )


@dataclass(frozen=True, slots=True)
class Span:
    """A working entity span; ``media`` holds the canonical name of a known medium.

    Пример::

        >>> Span(0, 4, "ORG", media="ТАСС").media
        'ТАСС'
    """

    start: int
    stop: int
    type: str
    media: str | None = None


Repair = Callable[[str, Sequence[Token], list[Span]], list[Span]]


def words_in(tokens: Sequence[Token], start: int, stop: int) -> list[Token]:
    """Word tokens (not punctuation) inside ``[start, stop)``.

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> [t.text for t in words_in(list(tokenize_sentences("ОАО «Газпром»", [])), 0, 13)]
        ['ОАО', 'Газпром']
    """
    i = bisect.bisect_left(tokens, start, key=lambda t: t.start)
    out = []
    while i < len(tokens) and tokens[i].stop <= stop:
        if tokens[i].text[:1].isalnum():
            out.append(tokens[i])
        i += 1
    return out


def is_abbreviation(word: str) -> bool:
    """Whether a word is an abbreviation in capitals (``МЧС``).

    Пример::

        >>> is_abbreviation("МЧС"), is_abbreviation("Москва")
        (True, False)
    """
    return len(word) > 1 and word.isupper()
