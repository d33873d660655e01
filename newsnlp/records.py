"""Frozen span records of a processed news text: tokens, sentences, sections, entities,
clusters, quotes and their parts.

Every record that points into the text carries half-open character offsets (code
points) ``start``/``stop`` such that ``text[start:stop] == record.text``.
:class:`~newsnlp.document.Document` holds them; every stage builds them.

Пример::

    >>> from newsnlp.records import Token
    >>> Token(0, 5, "Путин", "путин", "NOUN").lemma
    'путин'
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "Cluster",
    "Cue",
    "Entity",
    "EntityType",
    "Json",
    "Mention",
    "Meta",
    "Quote",
    "QuoteKind",
    "Section",
    "SectionKind",
    "Sentence",
    "Source",
    "Token",
    "section_index",
]


Json = dict[str, Any]


EntityType = Literal["PER", "LOC", "ORG"]
"""The three entity types, as natasha's NER tags them."""


QuoteKind = Literal["direct", "indirect", "mixed"]
"""A quote's kind: quoted words, a report in the writer's words, or both (ANNOTATION.md)."""


SectionKind = Literal["body", "related"]
"""A section: the story, or a related-story teaser."""


def section_index(sections: Sequence[Section], offset: int) -> int:
    """Index of the section holding a character offset, or -1: the one lookup every stage
    uses. Sections are in text order and never overlap; a page may have hundreds of
    them (one a teaser line), so this is a binary search.

    Пример::

        >>> parts = [Section(0, 5, "body", "Текст"), Section(6, 9, "related", "Еще")]
        >>> section_index(parts, 7), section_index(parts, 5)
        (1, -1)
    """
    k = bisect.bisect_right(sections, offset, key=lambda s: s.start) - 1
    return k if k >= 0 and offset < sections[k].stop else -1


@dataclass(frozen=True, slots=True)
class Token:
    """A razdel token with its pymorphy3 lemma and part of speech.

    Пример::

        >>> Token(0, 6, "Путина", "путин", "NOUN").lemma
        'путин'
    """

    start: int
    stop: int
    text: str
    lemma: str
    pos: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence found by razdel inside one paragraph.

    Пример::

        >>> Sentence(0, 14, "Путин приехал.").text
        'Путин приехал.'
    """

    start: int
    stop: int
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the page: ``body`` (the story) or ``related`` (one related-news teaser).

    Teasers are unrelated stories: quotes and speakers never cross into or out of them.

    Пример::

        >>> Section(0, 5, "body", "Текст").kind
        'body'
    """

    start: int
    stop: int
    kind: SectionKind
    text: str


@dataclass(frozen=True, slots=True)
class Meta:
    """What the page layout says of the story: date line, rubric and title.

    Пример::

        >>> Meta(date="2023-09-13T16:30", rubric="В мире", title=None).rubric
        'В мире'
    """

    date: str | None = None
    rubric: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity mention: ``PER``, ``LOC`` or ``ORG``.

    ``normal`` is the name in the nominative (``Дмитрия Пескова`` -> ``Дмитрий Песков``);
    ``cluster`` is the id of the :class:`Cluster` of its referent.

    Пример::

        >>> Entity("e1", 0, 15, "PER", "Дмитрия Пескова", "Дмитрий Песков", "c1").normal
        'Дмитрий Песков'
    """

    id: str
    start: int
    stop: int
    type: EntityType
    text: str
    normal: str
    cluster: str | None = None

    def as_json(self) -> Json:
        """This mention as in the JSON contract's ``entities`` list.

        Пример::

            >>> Entity("e1", 0, 5, "PER", "Путин", "Путин", "c1").as_json()["cluster"]
            'c1'
        """
        return {
            "id": self.id,
            "start": self.start,
            "stop": self.stop,
            "type": self.type,
            "text": self.text,
            "normal": self.normal,
            "cluster": self.cluster,
        }


@dataclass(frozen=True, slots=True)
class Cluster:
    """All mentions of one referent in a document, named by its fullest form.

    ``roles`` are descriptions the text gives the referent (``лидер Северной Кореи``).

    Пример::

        >>> Cluster("c1", "PER", "Ким Чен Ын", ("e1", "e5"), ("лидер Северной Кореи",)).name
        'Ким Чен Ын'
    """

    id: str
    type: EntityType
    name: str
    mentions: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Cue:
    """The word that introduces a statement (``сказал``, ``по словам``, ``сообщает``).

    Пример::

        >>> Cue(10, 16, "сказал", "сказать").lemma
        'сказать'
    """

    start: int
    stop: int
    text: str
    lemma: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker or addressee as written in the text, with its resolved canonical name.

    ``text`` is what the text says (``Ким``, ``он``, ``северокорейский диктатор``);
    ``normal`` is who that is (``Ким Чен Ын``). ``start``/``stop``/``text`` are ``None``
    only when the speaker is implied and not written at all.

    Пример::

        >>> Mention(0, 3, "Ким", "Ким Чен Ын", "PER", "c1").normal
        'Ким Чен Ын'
    """

    start: int | None
    stop: int | None
    text: str | None
    normal: str
    type: str | None = None
    cluster: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """The medium that reports a statement (``агентство "Интерфакс"`` -> ``Интерфакс``).

    Пример::

        >>> Source(0, 9, "Интерфакс", "Интерфакс", "ORG").normal
        'Интерфакс'
    """

    start: int | None
    stop: int | None
    text: str | None
    normal: str
    type: str | None = "ORG"


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted or reported statement with who said it, to whom, according to whom.

    ``kind`` is ``direct``, ``indirect`` or ``mixed``; ``rule`` names the rule that found it.

    Пример::

        >>> q = Quote("q1", "direct", 1, 5, "Да!", "direct_dash_after", None, None, None, None)
        >>> q.kind
        'direct'
    """

    id: str
    kind: QuoteKind
    start: int
    stop: int
    text: str
    rule: str
    cue: Cue | None = None
    speaker: Mention | None = None
    addressee: Mention | None = None
    source: Source | None = None
