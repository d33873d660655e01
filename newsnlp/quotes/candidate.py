"""Candidate: a statement a rule found, before its speaker is resolved, and the rule type.

Пример::

    >>> from newsnlp.quotes.candidate import Candidate
    >>> Candidate("direct", 0, 5).kind
    'direct'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .context import Context
from .phrases import Ref

__all__ = ["Candidate", "Rule"]


@dataclass
class Candidate:
    """A statement a rule found, before its speaker is resolved.

    ``speaker`` is the written speaker, or None with ``inherit`` True when the speaker is
    the one of the quote before (a continued quotation, ``— добавила она`` without
    a name). ``gender`` is what the cue verb says of the speaker.
    """

    rule: str
    kind: str
    start: int
    stop: int
    cue: tuple[int, int] | None = None  # token range
    speaker: Ref | None = None
    gender: str | None = None
    addressee: Ref | None = None
    source: Ref | None = None
    inherit: bool = False
    medium_speaker: bool = False
    optional: bool = False
    silent: bool = False  # tells who speaks next, but is not output as a quote
    sentence: int = -1


Rule = Callable[[Context, list[Candidate]], Iterator[Candidate]]
