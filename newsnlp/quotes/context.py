"""What the quote rules read: tokens by sentence, entities by token, quote marks, cues.

Built once per document; every rule is a function of this context.

Пример::

    >>> from newsnlp.quotes.context import cue_classes
    >>> sorted(cue_classes("сообщить"))
    ['report', 'speech']
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar, cast

from ..document import Cluster, Entity, Section, Sentence, Token, section_index
from ..grammar import SyntaxWord, get_grammar
from ..lexicon import CUE_CLASSES, fold_yo, load_classes, load_list
from ..morph import get_morph
from .marks import DASHES, Region, find_regions

_T = TypeVar("_T")

__all__ = ["Context", "cue_classes", "is_dash"]


def _cues() -> dict[str, frozenset[str]]:
    return load_classes("cues", frozenset(CUE_CLASSES))


@lru_cache(maxsize=100_000)
def cue_classes(lemma: str) -> frozenset[str]:
    """Classes of a cue lemma (``speech``, ``opinion``, ``report``, ``quote``, ``intent``,
    ``noun``).

    Пример::

        >>> cue_classes("стол")
        frozenset()
    """
    return _cues().get(fold_yo(lemma), frozenset())


@lru_cache(maxsize=1)
def attribution_words() -> frozenset[str]:
    """Words after ``по`` that attribute a clause (``словам``, ``мнению``, ``данным``)."""
    return frozenset(load_list("attributions"))


@lru_cache(maxsize=1)
def title_lemmas() -> frozenset[str]:
    """Role nouns (``пресс-секретарь``, ``лидер``)."""
    return frozenset(fold_yo(t) for t in load_list("titles"))


@lru_cache(maxsize=1)
def relations() -> frozenset[str]:
    """Kinship-like role nouns (``жена``, ``вдова``, ``соратник``)."""
    return frozenset(fold_yo(t) for t in load_list("relations"))


@lru_cache(maxsize=1)
def institutions() -> frozenset[str]:
    """Nouns for bodies that speak (``полиция``, ``правительство``, ``СМИ``)."""
    return frozenset(fold_yo(t) for t in load_list("institutions"))


@lru_cache(maxsize=100_000)
def _reporting_form(word: str) -> bool:
    """Whether a verb form can report someone's words: not the author's own
    ``напомним``/``отметим`` (first person) nor an imperative (``скажите``)."""
    parses = get_morph().parse(word)
    if not parses:
        return True
    return not (parses[0].tag.person == "1per" or parses[0].tag.mood == "impr")


@lru_cache(maxsize=1)
def indefinite_roles() -> frozenset[str]:
    """Role nouns that never resolve to a named person (``представитель``)."""
    return frozenset(fold_yo(t) for t in load_list("indefinite_roles"))


def is_dash(token: Token) -> bool:
    """Whether a token is a dash used as punctuation (``-``, ``–``, ``—``).

    Пример::

        >>> is_dash(Token(0, 1, "—", "—"))
        True
    """
    return token.text in DASHES


_CUE_POS = frozenset({"VERB", "INFN", "GRND", "PRTS", "ADJS"})


@dataclass
class Context:
    """A document as the quote rules see it.

    Пример::

        >>> ctx = Context("", [], [], [], [], [])
        >>> ctx.sentence_count
        0
    """

    text: str
    tokens: Sequence[Token]
    sentences: Sequence[Sentence]
    sections: Sequence[Section]
    entities: Sequence[Entity]
    clusters: Sequence[Cluster]
    sent_ranges: list[tuple[int, int]] = field(default_factory=list)
    tok_sent: list[int] = field(default_factory=list)
    sent_section: list[int] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    entity_at: dict[int, Entity] = field(default_factory=dict)
    entity_tokens: dict[str, tuple[int, int]] = field(default_factory=dict)
    cluster_by_id: dict[str, Cluster] = field(default_factory=dict)
    # dependency parses of the sentences a rule asked about, by sentence index
    parses: dict[int, list[SyntaxWord]] = field(default_factory=dict)

    def once(self, compute: Callable[[Context], _T]) -> _T:
        """``compute(self)``, worked out on the first call and kept for this document:
        what a stage reads of the whole document (the genders its verbs give each
        person, the entities it presents as media) is read once, not per quote.

        Пример::

            >>> ctx = Context("Путин прибыл.", [], [], [], [], [])
            >>> ctx.once(lambda c: len(c.text)), ctx.once(lambda c: len(c.text))
            (13, 13)
        """
        if compute not in self._once:
            self._once[compute] = compute(self)
        return cast(_T, self._once[compute])

    def __post_init__(self) -> None:
        self._once: dict[Callable[[Context], Any], Any] = {}
        starts = [t.start for t in self.tokens]
        self._starts = starts
        self.tok_sent = [0] * len(self.tokens)
        for si, sent in enumerate(self.sentences):
            a = bisect.bisect_left(starts, sent.start)
            b = bisect.bisect_left(starts, sent.stop)
            self.sent_ranges.append((a, b))
            for i in range(a, b):
                self.tok_sent[i] = si
            self.sent_section.append(self.section_index(sent.start))
        for section in self.sections:
            self.regions.extend(find_regions(self.text, section.start, section.stop))
        self.regions.sort(key=lambda r: (r.start, -r.stop))
        # Entities by first token; where entities nest (ORG with a place inside), the
        # outermost one speaks for the tokens: the place inside "пресс-службы ЦБ РФ" is
        # no speaker of its own
        outer_stop = -1
        for entity in sorted(self.entities, key=lambda e: (e.start, -e.stop)):
            a = bisect.bisect_left(starts, entity.start)
            b = bisect.bisect_left(starts, entity.stop)
            if b <= a:
                continue
            self.entity_tokens[entity.id] = (a, b)
            if entity.stop <= outer_stop:
                continue
            outer_stop = entity.stop
            if a not in self.entity_at:
                self.entity_at[a] = entity
        self.cluster_by_id = {c.id: c for c in self.clusters}
        # Cue classes of every token, worked out once: rules ask about the same tokens
        # many times.
        self._cue_classes: list[frozenset[str]] = []
        for token in self.tokens:
            found = cue_classes(token.lemma) if token.pos is not None else frozenset()
            if found and not _reporting_form(token.text):
                found = frozenset()
            self._cue_classes.append(found)

    # -- positions ----------------------------------------------------------------------

    @property
    def sentence_count(self) -> int:
        """How many sentences the document has."""
        return len(self.sentences)

    def section_index(self, offset: int) -> int:
        """Index of the section holding a character offset, or -1."""
        return section_index(self.sections, offset)

    def opens_line(self, offset: int) -> bool:
        """Whether only spaces stand between the last line break (or the text start) and
        ``offset``. Reads back over the spaces only, never the whole line."""
        i = offset
        while i > 0 and self.text[i - 1] != "\n" and self.text[i - 1].isspace():
            i -= 1
        return i == 0 or self.text[i - 1] == "\n"

    def token_at(self, offset: int) -> int:
        """Index of the first token starting at or after a character offset."""
        return bisect.bisect_left(self._starts, offset)

    def region_at(self, offset: int, outermost: bool = True) -> Region | None:
        """The quotation holding a character offset (outermost one by default)."""
        best = None
        for region in self.regions:
            if region.start > offset:
                break
            if region.start <= offset < region.stop and (
                best is None
                or (region.depth < best.depth if outermost else region.depth > best.depth)
            ):
                best = region
        return best

    def regions_within(self, start: int, stop: int) -> list[Region]:
        """Quotations wholly inside ``[start, stop)``."""
        return [r for r in self.regions if start <= r.open_mark and r.close_mark < stop]

    # -- words ----------------------------------------------------------------------------

    def lemma(self, i: int) -> str:
        """Lemma of token ``i`` with ё spelled е."""
        return fold_yo(self.tokens[i].lemma)

    def head_lemma(self, i: int, words: frozenset[str]) -> str | None:
        """The lemma of token ``i`` if it is in ``words``, or the part after its last
        hyphen if that is (``интернет-издание`` counts as ``издание``)."""
        lemma = self.lemma(i)
        if lemma in words:
            return lemma
        tail = lemma.rsplit("-", 1)[-1]
        return tail if tail != lemma and tail in words else None

    def cue(self, i: int, *classes: str) -> bool:
        """Whether token ``i`` is a cue word of one of the classes (any class if none)."""
        found = self._cue_classes[i]
        if not found:
            return False
        pos = self.tokens[i].pos
        if pos not in _CUE_POS and not (pos == "NOUN" and "noun" in classes):
            return False
        return not classes or not found.isdisjoint(classes)

    def parse(self, si: int) -> list[SyntaxWord]:
        """The dependency parse of sentence ``si``, one word per token. Only sentences
        a rule asks about are parsed (the parser costs more than all the rules), and
        each once.

        Пример::

            >>> from newsnlp.document import Sentence, Token
            >>> ctx = Context("Я", [Token(0, 1, "Я", "я")], [Sentence(0, 1, "Я")], [], [], [])
            >>> len(ctx.parse(0))
            1
        """
        if si not in self.parses:
            a, b = self.sent_ranges[si]
            words = [t.text for t in self.tokens[a:b]]
            self.parses[si] = get_grammar().parse([words])[0] if words else []
        return self.parses[si]

    def opinion_participle(self, i: int) -> bool:
        """Whether token ``i`` is a participle of an opinion verb (``считавшие``)."""
        token = self.tokens[i]
        return token.pos == "PRTF" and "opinion" in self._cue_classes[i]

    def verb_gender(self, i: int) -> str | None:
        """``femn``/``masc``/``plur`` as the verb form at ``i`` marks it, else None."""
        feminine = get_morph().is_feminine_verb(self.tokens[i].text)
        if feminine is True:
            return "femn"
        if feminine is False:
            return "masc"
        for p in get_morph().parse(self.tokens[i].text):
            if p.tag.POS in ("VERB", "PRTS", "ADJS") and p.tag.number == "plur":
                return "plur"
            break
        return None
