"""Segments: news page layout, razdel sentences and tokens.

A news page as scraped is more than a story: a date line with a rubric, a title, the
body, and often a block of related-story teasers at the end. :func:`layout` finds
these; sentences never cross a paragraph or a teaser, and a teaser is its own section.

Пример::

    >>> from newsnlp.segment import layout
    >>> meta, sections = layout("13 сентября 2023, 16:30 В мире\\n\\nЗаголовок\\n\\nТекст.")
    >>> meta.date, meta.rubric, meta.title
    ('2023-09-13T16:30', 'В мире', 'Заголовок')
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache

from razdel import sentenize, tokenize

from .lexicon import load_list
from .morph import get_morph
from .records import Meta, Section, Sentence, Token

__all__ = [
    "MAX_PIECE",
    "MAX_SENTENCE",
    "layout",
    "paragraphs",
    "pieces",
    "sentences",
    "tokenize_sentences",
]

MONTHS = {
    "января": 1,
    "февраля": 2,
    "марта": 3,
    "апреля": 4,
    "мая": 5,
    "июня": 6,
    "июля": 7,
    "августа": 8,
    "сентября": 9,
    "октября": 10,
    "ноября": 11,
    "декабря": 12,
}
_TIME = r"(?:[,\s|—–-]*(?:в\s+)?(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d))?"
_DATE_FORMS = (
    re.compile(
        r"^(?P<day>[0-3]?\d)\s+(?P<month>" + "|".join(MONTHS) + r")\s+(?P<year>(?:19|20)\d\d)"
        r"(?:\s*(?:г\.|года))?" + _TIME,
        re.IGNORECASE,
    ),
    re.compile(r"^(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)" + _TIME),
    re.compile(r"^(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)" + _TIME),
)
# Sentence-final punctuation: a line that ends so is prose, not a title.
_FINAL = (".", "…")
_MAX_TITLE = 300
_MAX_RUBRIC_WORDS = 5
# razdel's splitters take time quadratic in the length of some runs (quote marks,
# hyphen chains, dots), so they only ever see bounded pieces: a paragraph is split into
# pieces of at most MAX_PIECE characters before sentences are found, and a "sentence"
# longer than MAX_SENTENCE (no news sentence is: scraped junk, tables, a lost
# punctuation) is cut into parts. Both cut at a sentence end or a space where they can.
MAX_PIECE = 10_000
"""Most characters razdel reads at once when it finds sentences."""
MAX_SENTENCE = 2_000
"""Longest sentence; a longer run of text is cut into sentences of at most this length."""
# Matched only from the first mark of a run (the lookbehind), and possessive: else a run
# of n marks with no space after it is tried from each of its n marks, each try reading
# to its end, and a megabyte of dots took minutes while holding the GIL (issue 14.2).
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]++[»\"”“)]*+\s")
_SPACE = re.compile(r"\s")
_LINE = re.compile(r"[^\r\n]+")


def _lines(text: str, start: int = 0, stop: int | None = None) -> Iterator[tuple[int, int]]:
    """Offsets of the non-blank lines in ``text[start:stop]``, trimmed of spaces."""
    stop = len(text) if stop is None else stop
    # A lone \r (old Mac files, some CMS exports) ends a line too, as \n and \r\n do; the
    # offsets are those of the text as given, nothing is rewritten.
    for match in _LINE.finditer(text, start, stop):
        line_start = match.start()
        line_stop = match.end()
        while line_start < line_stop and text[line_start].isspace():
            line_start += 1
        while line_stop > line_start and text[line_stop - 1].isspace():
            line_stop -= 1
        if line_start < line_stop:
            yield line_start, line_stop


def _parse_date(line: str) -> tuple[str, str | None] | None:
    """Read a leading date line into (ISO date, rubric or None)."""
    for form in _DATE_FORMS:
        match = form.match(line)
        if not match:
            continue
        month_raw = match.group("month")
        month = MONTHS.get(month_raw.lower()) if not month_raw.isdigit() else int(month_raw)
        day, year = int(match.group("day")), int(match.group("year"))
        if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
            return None
        iso = f"{year:04d}-{month:02d}-{day:02d}"
        if match.group("hour") is not None:
            iso += f"T{int(match.group('hour')):02d}:{match.group('minute')}"
        rest = line[match.end() :].strip(" ,|—–-\t")
        rubric = rest if rest and len(rest.split()) <= _MAX_RUBRIC_WORDS else None
        if rubric is not None and rubric.endswith(_FINAL):
            rubric = None
        return iso, rubric
    return None


@lru_cache(maxsize=1)
def _markers() -> frozenset[str]:
    return frozenset(m.lower() for m in load_list("related_markers"))


def _is_marker(line: str) -> bool:
    return line.strip().rstrip(":").strip().lower() in _markers()


def layout(text: str) -> tuple[Meta, tuple[Section, ...]]:
    """Find the date line, rubric, title, body and related-story teasers of a page.

    Returns the :class:`Meta` and the sections: one ``body`` and one ``related``
    section per teaser line after a heading such as ``Похожие новости``.

    Пример::

        >>> meta, sections = layout("Текст новости.\\n\\nПохожие новости\\n\\nТизер один.")
        >>> [s.kind for s in sections]
        ['body', 'related']
    """
    lines = list(_lines(text))
    date = rubric = title = None
    if lines:
        first = text[lines[0][0] : lines[0][1]]
        parsed = _parse_date(first)
        if parsed is not None:
            date, rubric = parsed
    marker = next((i for i, (a, b) in enumerate(lines) if _is_marker(text[a:b])), None)
    body_lines = lines if marker is None else lines[:marker]
    title_index = 1 if date is not None else 0
    if len(body_lines) > title_index + 1:
        a, b = body_lines[title_index]
        candidate = text[a:b]
        between = text[b : body_lines[title_index + 1][0]]
        blank_after = "\n\n" in between.replace("\r\n", "\n").replace("\r", "\n")
        if len(candidate) <= _MAX_TITLE and not candidate.endswith(_FINAL) and blank_after:
            title = candidate
    sections: list[Section] = []
    if body_lines:
        start, stop = body_lines[0][0], body_lines[-1][1]
        sections.append(Section(start, stop, "body", text[start:stop]))
    if marker is not None:
        for a, b in lines[marker + 1 :]:
            sections.append(Section(a, b, "related", text[a:b]))
    return Meta(date=date, rubric=rubric, title=title), tuple(sections)


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end a piece that starts at ``start`` and may not reach ``start + limit``:
    after the last sentence end, else at the last space, in the second half of the
    allowed stretch; else anywhere (a run with no space at all)."""
    lo, hi = start + limit // 2, start + limit
    # A slice, so that the lookbehind does not see past lo: a run that crosses lo counts
    # from lo, as it did before the lookbehind.
    ends = deque(_SENTENCE_END.finditer(text[lo:hi]), maxlen=1)
    if ends:
        return lo + ends[0].end() - 1
    spaces = deque(_SPACE.finditer(text, lo, hi), maxlen=1)
    return spaces[0].start() if spaces else hi


def pieces(text: str, start: int, stop: int, limit: int) -> Iterator[tuple[int, int]]:
    """Offsets of pieces of ``text[start:stop]``, each at most ``limit`` characters and
    trimmed of spaces: cut after a sentence end where there is one, else at a space.

    Пример::

        >>> text = "Раз два. Три четыре пять."
        >>> [text[a:b] for a, b in pieces(text, 0, len(text), 12)]
        ['Раз два.', 'Три четыре', 'пять.']
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    while start < stop:
        while start < stop and text[start].isspace():
            start += 1
        end = stop if stop - start <= limit else _cut(text, start, limit)
        last = end
        while last > start and text[last - 1].isspace():
            last -= 1
        if last > start:
            yield start, last
        start = end


def paragraphs(text: str, sections: Iterable[Section]) -> Iterator[tuple[int, int]]:
    """Offsets of paragraphs (non-blank lines) inside the sections, in text order.

    Пример::

        >>> _, sections = layout("Раз.\\nДва.")
        >>> list(paragraphs("Раз.\\nДва.", sections))
        [(0, 4), (5, 9)]
    """
    for section in sections:
        yield from _lines(text, section.start, section.stop)


# Two sentences glued by a scrape that lost the space between them: a closing bracket
# right before a capitalised word (Wikinews footnotes: "(Kingdom of Eswatini)Официальный
# ответ ..."). razdel keeps them as one sentence, and a report would run on into the
# next. A period is not taken so: "Яндекс.Деньги" is one name.
_GLUED = re.compile(r"(?<=[)\]])(?=[А-ЯЁ][а-яё]|[A-Z][a-z]{2})")


def _unglue(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """The sentence ``text[start:stop]`` cut where two sentences were glued."""
    for match in _GLUED.finditer(text, start, stop):
        cut = match.start()
        if start < cut < stop:
            yield start, cut
            start = cut
    yield start, stop


def sentences(text: str, sections: Iterable[Section]) -> Iterator[Sentence]:
    """razdel sentences, never crossing a paragraph or a section boundary.

    Пример::

        >>> _, sections = layout("Он пришёл. Она ушла.")
        >>> [s.text for s in sentences("Он пришёл. Она ушла.", sections)]
        ['Он пришёл.', 'Она ушла.']
    """
    for a, b in paragraphs(text, sections):
        for pa, pb in pieces(text, a, b, MAX_PIECE):
            for sent in sentenize(text[pa:pb]):
                for start, stop in _unglue(text, pa + sent.start, pa + sent.stop):
                    if stop - start <= MAX_SENTENCE:
                        yield Sentence(start, stop, text[start:stop])
                        continue
                    for sa, sb in pieces(text, start, stop, MAX_SENTENCE):
                        yield Sentence(sa, sb, text[sa:sb])


def tokenize_sentences(text: str, sents: Iterable[Sentence]) -> Iterator[Token]:
    """razdel tokens of each sentence, with cached pymorphy3 lemmas and POS.

    Where no sentences are given (a bare document), the whole text is tokenized, in
    pieces of at most :data:`MAX_SENTENCE` characters.

    Пример::

        >>> [t.lemma for t in tokenize_sentences("Путина нет", [])]
        ['путин', 'нет']
    """
    lemma_pos = get_morph().lemma_pos
    spans = [(s.start, s.stop) for s in sents] or pieces(text, 0, len(text), MAX_SENTENCE)
    for a, b in spans:
        for tok in tokenize(text[a:b]):
            word = tok.text
            # "87-летнего" is an adjective too: any letter makes a word
            if word.isalpha() or any(c.isalpha() for c in word):
                lemma, pos = lemma_pos(word)
            else:
                lemma, pos = word, None
            yield Token(a + tok.start, a + tok.stop, word, lemma, pos)
