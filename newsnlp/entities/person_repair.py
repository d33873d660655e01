"""Repairs of person names and of names in brackets: what the tagger misses or mistypes
about people, and a name's other spelling in brackets.

The rules are part of :data:`newsnlp.entities.repair.REPAIRS` and run there in order.

Пример::

    >>> from newsnlp.entities.person_repair import add_bracketed_names
    >>> from newsnlp.entities.spans import Span
    >>> text = "сказал Джоэл Саймон (Joel Simon)."
    >>> [text[s.start:s.stop] for s in add_bracketed_names(text, [], [Span(7, 19, "PER")])]
    ['Джоэл Саймон', 'Joel Simon']
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from ..document import Token
from ..lexicon import load_list
from ..morph import get_morph
from .spans import CYRILLIC, QUOTE_MARKS, Span, overlaps, words_in

__all__ = ["add_bracketed_names", "add_person_mentions", "retype_persons", "unify_types"]

# One word of a name written in Latin letters: "Joel", "Hewlett-Packard", "al-Haj",
# "3Com"; and an abbreviation of capitals.
_LATIN_WORD = re.compile(r"(?:[A-Z0-9][\w'’.&-]*|(?:al|el|ad|ar|as|an|ash|at)-[A-Z][\w'’-]*)$")
_CAPITALS = re.compile(r"[A-ZА-ЯЁ][A-ZА-ЯЁ0-9-]{1,7}$")
_BRACKETED = re.compile(r"\s*\(\s*([^()\n]{2,80}?)\s*\)")
_MAX_LATIN_WORDS = 9


@lru_cache(maxsize=1)
def _latin_particles() -> frozenset[str]:
    return frozenset(load_list("latin_particles"))


def _latin_name(words: Sequence[str], person: bool) -> bool:
    particles = _latin_particles()
    if not words or len(words) > _MAX_LATIN_WORDS:
        return False
    if not (words[0][:1].isupper() and (words[-1][:1].isupper() or _LATIN_WORD.match(words[-1]))):
        return False
    if any(CYRILLIC.search(w) for w in words):
        return False  # Cyrillic: not a spelling in Latin letters
    if person:
        # a person's name is two to four words, every one a capitalised one but the
        # particles: "Jürgen Klinsmann", "Khaled el-Masri"
        words = [w for w in words if w.lower() not in particles]
        if not 2 <= len(words) <= 4:
            return False
    return all(
        w.lower() in particles or _LATIN_WORD.match(w) or w[:1].isupper() for w in words
    ) and any(c.isascii() and c.isalpha() for c in "".join(words))


def add_bracketed_names(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """A name in brackets right after a name: its spelling in Latin letters or its
    abbreviation, which the tagger leaves out (``Джоэл Саймон (Joel Simon)``,
    ``Комитет защиты журналистов (КЗЖ)``).

    The bracket takes the type of the name before it, except that capitals after a
    person name an organisation: ``Геннадий Зюганов (КПРФ)`` is a party. A place takes
    only a Latin spelling: in ``Цюрих (Швейцария)`` the bracket is another place.

    Пример::

        >>> text = "сказал Джоэл Саймон (Joel Simon)."
        >>> [text[s.start:s.stop] for s in add_bracketed_names(text, [], [Span(7, 19, "PER")])]
        ['Джоэл Саймон', 'Joel Simon']
    """
    starts = sorted((s.start, s.stop) for s in spans)
    added = []
    for span in spans:
        if span.media is not None:
            continue
        m = _BRACKETED.match(text, span.stop)
        if m is None:
            continue
        start, stop = m.span(1)
        if overlaps(starts, start, stop):
            continue  # the tagger found something there: its own reading stands
        inner = m.group(1)
        words = inner.split()
        if len(words) <= 2 and all(_CAPITALS.match(w) for w in words):
            if span.type == "LOC":
                continue
            added.append(Span(start, stop, "ORG"))
        elif _latin_name(words, span.type == "PER"):
            added.append(Span(start, stop, span.type))
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda s: (s.start, s.stop))


def unify_types(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """One name, one type in a document: a name the tagger types one way at least twice
    and otherwise less often takes that type everywhere (``Сколково`` as a place four
    times and as an organisation once; ``Гата Камский`` as a person and once a place).
    The tagger reads each sentence alone; the document reads the name more often right.

    Пример::

        >>> text = "Сколково растёт. Сколково строится. Фонд Сколково помог."
        >>> spans = [Span(0, 8, "LOC"), Span(17, 25, "LOC"), Span(41, 49, "ORG")]
        >>> [s.type for s in unify_types(text, [], spans)]
        ['LOC', 'LOC', 'LOC']
    """
    by_text: dict[str, Counter[str]] = {}
    for span in spans:
        if span.media is None:
            by_text.setdefault(text[span.start : span.stop], Counter())[span.type] += 1
    out = []
    for span in spans:
        counts = by_text.get(text[span.start : span.stop])
        if counts is not None and len(counts) > 1:
            (top, n), *_ = counts.most_common(1)
            if n >= 2 and n > sum(counts.values()) - n and span.type != top:
                span = replace(span, type=top)
        out.append(span)
    return out


def _top_has(word: str, *grammemes: str) -> bool:
    """Whether pymorphy3's likeliest parse of a word carries every grammeme given."""
    parses = get_morph().parse(word)
    return bool(parses) and set(grammemes) <= parses[0].tag.grammemes


def retype_persons(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Type as PER a first name and a surname that NER took for a place or a body, when a
    person noun stands right before it: ``первого президента Ахмат-Хаджи Кадырова``,
    ``архиепископ Лонгин Клинский``. Without the person noun a name may be a place's
    (``бульвара Тараса Шевченко``, ``аэропорту Джона Кеннеди``).

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> text = "архиепископ Лонгин Клинский"
        >>> retype_persons(text, list(tokenize_sentences(text, [])), [Span(12, 27, "ORG")])
        [Span(start=12, stop=27, type='PER', media=None)]
    """
    morph = get_morph()
    out = []
    for span in spans:
        if span.type != "PER" and span.media is None:
            words = [w.text for w in words_in(tokens, span.start, span.stop)]
            first = bisect.bisect_left(tokens, span.start, key=lambda t: t.start)
            before = tokens[first - 1] if first > 0 else None
            if (
                2 <= len(words) <= 3
                and all(w[:1].isupper() and not w.isupper() for w in words)
                and _top_has(words[0], "Name")
                and (morph.name_readings(words[-1]) or not morph.is_known(words[-1]))
                and before is not None
                and before.text.islower()
                and morph.is_known(before.text)
                and _top_has(before.text, "NOUN", "anim")
            ):
                span = replace(span, type="PER")
        out.append(span)
    return out


_MIN_PROPAGATED = 4
_SENTENCE_END = frozenset({".", "!", "?", "»", "…"})
_ADJECTIVAL = ("ский", "ского", "скому", "ским", "ском", "ская", "ской", "скую")


def _stands_alone(text: str, tokens: Sequence[Token], k: int) -> bool:
    """Whether the capitalised word ``tokens[k]`` may be a surname on its own."""
    morph = get_morph()
    word = tokens[k].text
    before = tokens[k - 1] if k else None
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    # a line break ends a heading or a caption that has no full stop
    if (
        before is None
        or before.text in _SENTENCE_END
        or "\n" in text[before.stop : tokens[k].start]
    ):
        # a capital that starts a sentence says nothing, unless the word can be nothing
        # but a name: "Видениус меж тем...", "Понтеса спросили..."
        if morph.is_known(word) and not _top_has(word, "Surn") and not _top_has(word, "Name"):
            return False
        if after is not None and after.text[:1].isupper() and after.text.isalpha():
            return False
        return not word.lower().endswith(_ADJECTIVAL)
    opens = k < 2 or tokens[k - 2].text in _SENTENCE_END
    if (after is not None and after.text[:1].isupper() and after.text.isalpha()) or (
        before.text[:1].isupper()
        and before.text.isalpha()
        and not (opens and morph.is_known(before.text) and not morph.name_readings(before.text))
    ):
        return False  # part of a longer name (a capital after a sentence start aside)
    if before.text in QUOTE_MARKS or (after is not None and after.text in QUOTE_MARKS):
        return False  # a title: «Жанна», «Дневник Анны Франк»
    if word.lower().endswith(_ADJECTIVAL):
        return False  # "Папа Римский", "принц Кембриджский": a title, not a surname
    return not (morph.is_known(word) and not morph.name_readings(word))


def add_person_mentions(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Tag a person's name where the tagger missed it but tagged it elsewhere in the text.

    A capitalised word outside every span that is, in some form, the last name of a
    person the tagger found (``Топалов`` and ``Топалова`` beside ``Веселином
    Топаловым``) is a mention of that person too; the tagger reads each sentence on
    its own and loses a surname it found three sentences before. A word the
    dictionary knows as something else than a name (``Марка``) or one that starts a
    sentence only is left alone, as is a word next to another capitalised one (part of
    a longer name the tagger would have to read).

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> text = "Гол забил Веселин Топалов. Потом Топалова похвалили."
        >>> toks = list(tokenize_sentences(text, []))
        >>> [text[s.start:s.stop] for s in add_person_mentions(text, toks, [Span(10, 25, "PER")])]
        ['Веселин Топалов', 'Топалова']
    """
    from .clusters import name_keys

    surnames: set[str] = set()
    for span in spans:
        if span.type == "PER" and span.media is None:
            words = words_in(tokens, span.start, span.stop)
            if words and len(words[-1].text) >= _MIN_PROPAGATED and words[-1].text.isalpha():
                surnames |= name_keys(words[-1].text.lower())
    if not surnames:
        return spans
    starts = sorted((s.start, s.stop) for s in spans)
    added = []
    for k, token in enumerate(tokens):
        word = token.text
        if (
            len(word) < _MIN_PROPAGATED
            or not word[:1].isupper()
            or word.isupper()
            or not word.isalpha()
        ):
            continue
        if not name_keys(word.lower()) & surnames:
            continue
        if overlaps(starts, token.start, token.stop):
            continue  # inside a span, or part of one
        if not _stands_alone(text, tokens, k):
            continue
        added.append(Span(token.start, token.stop, "PER"))
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda s: (s.start, s.stop))
