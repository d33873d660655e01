"""The working span of the entity repairs and what the rules share about it.

Пример::

    >>> from newsnlp.entities.spans import Span, unbalanced
    >>> Span(0, 3, "ORG").stop, unbalanced('РИА "Новости')
    (3, True)
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..document import Token

__all__ = [
    "CYRILLIC",
    "OPENING",
    "QUOTE_MARKS",
    "Repair",
    "Span",
    "is_abbreviation",
    "overlaps",
    "unbalanced",
    "words_in",
]

# a Cyrillic letter: a name holding one is no spelling in Latin letters
CYRILLIC = re.compile("[а-яёА-ЯЁ]")
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


def overlaps(taken: Sequence[tuple[int, int]], start: int, stop: int) -> bool:
    """Whether ``[start, stop)`` overlaps the span before or after it in ``taken``, the
    sorted ``(start, stop)`` of the spans found so far.

    Пример::

        >>> taken = [(0, 5), (10, 20)]
        >>> overlaps(taken, 3, 8), overlaps(taken, 6, 9), overlaps(taken, 8, 11)
        (True, False, True)
    """
    i = bisect.bisect_right(taken, (start, math.inf)) - 1
    return (i >= 0 and taken[i][1] > start) or (i + 1 < len(taken) and taken[i + 1][0] < stop)
