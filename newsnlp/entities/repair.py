"""Repairs of what the raw news NER gets wrong, as an ordered list of small rules.

Each rule takes the working spans and returns new ones; :data:`REPAIRS` runs them in
order. The rules fix what matters for attribution in news: names glued together
(``Ким Путину``), quote marks cut inside organisation names (``РИА "Новости``), media
the model misses or mistypes, and obvious noise (``Ковид-19`` as a person).

Пример::

    >>> from newsnlp.entities.repair import Span, fix_quote_marks
    >>> text = 'На вопрос РИА "Новости" он ответил.'
    >>> fix_quote_marks(text, [], [Span(10, 22, "ORG")])[0].stop
    23
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from razdel import tokenize

from ..document import Token
from ..lexicon import fold_yo, load_list, load_table, speech_lemmas
from ..morph import get_morph

__all__ = [
    "REPAIRS",
    "Span",
    "add_media",
    "add_org_mentions",
    "add_person_mentions",
    "cut_caption_words",
    "cut_parentheses",
    "drop_common_words",
    "drop_noise",
    "fix_quote_marks",
    "join_attached_body",
    "join_compound_places",
    "join_country_adjective",
    "join_org_genitive",
    "join_org_region",
    "repair",
    "retype_organisations",
    "split_glued_names",
    "strip_legal_forms",
]

OPENING = {'"': '"', "«": "»", "„": "“", "“": "”"}
QUOTE_MARKS = frozenset('"«»„“”')
# marks that only close a quotation (``"`` and ``“`` also open one)
_CLOSING = frozenset("»”")


def _unbalanced(inner: str) -> bool:
    """Whether a name holds a quote mark without its pair (``РИА "Новости``)."""
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


def _words(tokens: Sequence[Token], start: int, stop: int) -> list[Token]:
    """Word tokens (not punctuation) inside ``[start, stop)``."""
    i = bisect.bisect_left(tokens, start, key=lambda t: t.start)
    out = []
    while i < len(tokens) and tokens[i].stop <= stop:
        if tokens[i].text[:1].isalnum():
            out.append(tokens[i])
        i += 1
    return out


def fix_quote_marks(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Close a quote mark left open inside a name; drop marks that wrap a whole name.

    ``РИА "Новости`` becomes ``РИА "Новости"``; ``«Спартак»`` becomes ``Спартак``.

    Пример::

        >>> fix_quote_marks('«Спартак» выиграл', [], [Span(0, 9, "ORG")])[0]
        Span(start=1, stop=8, type='ORG', media=None)
    """
    out = []
    for span in spans:
        start, stop = span.start, span.stop
        # wiki markup for italics (``''Ferrero''``) is no part of a name
        while start < stop and text.startswith("''", start):
            start += 2
        while start < stop and text.startswith("''", stop - 2):
            stop -= 2
        if _unbalanced(text[start:stop]):
            if start < stop and text[stop - 1] in _CLOSING and text[start] not in OPENING:
                # ``«Исламское государство»`` tagged without its opening mark: the
                # closing one goes too (the name is what is between the marks)
                stop -= 1
            elif stop < len(text) and text[stop] in QUOTE_MARKS:
                stop += 1
            elif text[start] in QUOTE_MARKS:
                start += 1
        inner = text[start:stop]
        if (
            len(inner) > 2
            and inner[0] in OPENING
            and inner[-1] == OPENING[inner[0]]
            and sum(c in QUOTE_MARKS for c in inner) == 2
        ):
            start, stop = start + 1, stop - 1
        while start < stop and text[start].isspace():
            start += 1
        if start < stop:
            out.append(replace(span, start=start, stop=stop))
    return out


def _top_reading(word: str) -> tuple[str, str] | None:
    """(gender, case) of a word's likeliest reading as a declined name part."""
    parse = get_morph().best_name_parse(word)
    if parse is None or "Fixd" in parse.tag.grammemes or "ms-f" in parse.tag.grammemes:
        return None
    if parse.tag.gender is None or parse.tag.case is None:
        return None
    return str(parse.tag.gender), str(parse.tag.case)


def _is_first_name(word: str) -> bool:
    """Whether the dictionary knows a word as a first name (``Эдисон``, ``Хельмута``)."""
    morph = get_morph()
    return morph.is_known(word) and any("Name" in p.tag.grammemes for p in morph.parse(word)[:2])


def _two_full_names(words: Sequence[Token], k: int) -> bool:
    """Whether four ``words`` cut in the middle are two people, the first name of one
    in no case the other's surname stands in. Arabic names run longer and hold
    lower-case parts (``Абдалла ибн Абдель Азиз Аль Сауд``): never cut."""
    if len(words) != 4 or k != 2 or not _is_first_name(words[0].text):
        return False
    if any(not part[:1].isupper() for w in words for part in w.text.split("-")):
        return False
    surname = _top_reading(words[k + 1].text)
    if surname is None:
        return False
    cases = {c for _, c in get_morph().name_readings(words[0].text)}
    return surname[1] not in cases


def _after_speech_verb(tokens: Sequence[Token], first: Token) -> bool:
    """Whether the token before ``first`` is a verb of speech (``сказал``)."""
    i = bisect.bisect_left(tokens, first.start, key=lambda t: t.start)
    if i == 0:
        return False
    before = tokens[i - 1]
    return before.pos == "VERB" and fold_yo(before.lemma) in speech_lemmas()


def split_glued_names(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Split a person span that holds two people (``сказал Ким Путину``).

    A boundary between two name words is split when the likeliest reading of each word
    (gender and case) is impossible for the other, and each side is named on its own
    elsewhere in the document as a different person.

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> text = "Ким сказал. Путин ответил. Это сказал Ким Путину."
        >>> toks = list(tokenize_sentences(text, []))
        >>> spans = [Span(0, 3, "PER"), Span(12, 17, "PER"), Span(38, 48, "PER")]
        >>> [(s.start, s.stop) for s in split_glued_names(text, toks, spans)][2:]
        [(38, 41), (42, 48)]
    """
    morph = get_morph()
    per_lemmas = []
    for span in spans:
        if span.type == "PER":
            per_lemmas.append(
                (
                    span,
                    frozenset(morph.lemma(w.text) for w in _words(tokens, span.start, span.stop)),
                )
            )

    def attested_apart(span: Span, left: frozenset[str], right: frozenset[str]) -> bool:
        lefts = [ls for s, ls in per_lemmas if s != span and left <= ls]
        rights = [ls for s, ls in per_lemmas if s != span and right <= ls]
        if not lefts or not rights:
            return False
        together = any(left | right <= ls for s, ls in per_lemmas if s != span)
        return not together and all(not (a & b) for a in lefts for b in rights)

    out: list[Span] = []
    for span in spans:
        words = _words(tokens, span.start, span.stop) if span.type == "PER" else []
        if len(words) < 2:
            out.append(span)
            continue
        cut_at = []
        for k in range(1, len(words)):
            left_word, right_word = words[k - 1], words[k]
            if not (left_word.text[:1].isupper() and right_word.text[:1].isupper()):
                continue
            # The likeliest readings of the two words must be impossible for the other
            # (Ким: masc nomn; Путину: masc datv), and each side must name someone the
            # document names on its own: Татьяна Косинцева stays one woman.
            top_left = _top_reading(left_word.text)
            top_right = _top_reading(right_word.text)
            disagree = (
                top_left is not None
                and top_right is not None
                and top_left not in morph.name_readings(right_word.text)
                and top_right not in morph.name_readings(left_word.text)
                and (
                    attested_apart(
                        span,
                        frozenset(morph.lemma(w.text) for w in words[:k]),
                        frozenset(morph.lemma(w.text) for w in words[k:]),
                    )
                    # "Хельмута Риллинга Эдисон Денисов": two first names, each
                    # with its surname, in two cases
                    # "сказал Ким Путину": after a verb of speech, a speaker in the
                    # nominative and an addressee in the dative
                    or (
                        _after_speech_verb(tokens, words[0])
                        and top_left[1] == "nomn"
                        and top_right[1] == "datv"
                    )
                )
            )
            if disagree or _two_full_names(words, k):
                cut_at.append(k)
        if not cut_at:
            out.append(span)
            continue
        bounds = [0, *cut_at, len(words)]
        for a, b in pairwise(bounds):
            out.append(replace(span, start=words[a].start, stop=words[b - 1].stop))
    return out


def cut_parentheses(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Keep a name apart from a parenthesis after it: ``Джоэл Саймон (Joel Simon)``.

    The tagger sometimes runs a name on into a transliteration or an abbreviation in
    brackets; the name is the part before the bracket.

    Пример::

        >>> text = "сказал Джоэл Саймон (Joel Simon)."
        >>> cut_parentheses(text, [], [Span(7, 32, "PER")])
        [Span(start=7, stop=19, type='PER', media=None)]
    """
    out = []
    for span in spans:
        inner = text[span.start : span.stop]
        cut = inner.find("(")
        if cut > 0:
            stop = span.start + cut
            while stop > span.start and text[stop - 1].isspace():
                stop -= 1
            span = replace(span, stop=stop)
        elif cut == 0 or ")" in inner:
            continue
        out.append(span)
    return out


def split_at_line_breaks(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    r"""A name never runs across a line break: a photo caption (``Аленка Братушек``) set
    on the line above a heading or another caption is glued to it by the tagger. Each
    line keeps its own part, typed as the tagger typed the whole.

    Пример::

        >>> text = "Владимир Маркин\nЗамечание прозвучало."
        >>> split_at_line_breaks(text, [], [Span(0, 25, "PER")])
        [Span(start=0, stop=15, type='PER', media=None)]
    """
    out = []
    for span in spans:
        if "\n" not in text[span.start : span.stop]:
            out.append(span)
            continue
        # each line keeps its part; after the first, only a part that looks like a name
        # of its own (two capitalised words: ``Дмитрий Медведев``), as a heading glued
        # on (``Замечание прозвучало``) is no name
        pos = span.start
        for k, line in enumerate(text[span.start : span.stop].split("\n")):
            lead = len(line) - len(line.lstrip())
            part = line.strip()
            words = part.split()
            first = k == 0
            if part and (first or (len(words) >= 2 and all(w[:1].isupper() for w in words))):
                out.append(replace(span, start=pos + lead, stop=pos + lead + len(part)))
            pos += len(line) + 1
    return out


_DIGIT = re.compile(r"\d")


def drop_noise(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Drop spans that cannot be names.

    Persons with digits (``Ковид-19``), spans with no letters, and one-word persons
    that the dictionary knows only as a common word (``Умирающий`` at a sentence start).

    Пример::

        >>> drop_noise("Ковид-19", [], [Span(0, 8, "PER")])
        []
    """
    morph = get_morph()
    out = []
    for span in spans:
        inner = text[span.start : span.stop]
        if not any(c.isalpha() for c in inner):
            continue
        if span.type == "PER" and _DIGIT.search(inner):
            continue
        if span.type == "PER" and inner.isalpha() and morph.is_known(inner):
            parses = morph.parse(inner)
            if parses[0].tag.POS != "NOUN" and not any(
                {"Name", "Surn", "Patr"} & p.tag.grammemes for p in parses
            ):
                continue
        out.append(span)
    return out


@dataclass(frozen=True, slots=True)
class _Variant:
    canonical: str
    words: tuple[str, ...]


def _variant_key(word: str) -> str:
    return word.lower()


@lru_cache(maxsize=1)
def _media_index() -> dict[str, list[_Variant]]:
    """Media variants indexed by the lower-cased lemma of their first word."""
    morph = get_morph()
    index: dict[str, list[_Variant]] = {}
    for canonical, variants in load_table("media"):
        for variant in variants:
            words = tuple(t.text for t in tokenize(variant) if t.text not in QUOTE_MARKS)
            if not words:
                continue
            entry = _Variant(canonical, words)
            for key in {words[0].lower(), morph.lemma(words[0])}:
                index.setdefault(key, []).append(entry)
    return index


def _word_matches(pattern: str, token: Token) -> bool:
    """Whether a text token is the variant word, in any inflected form."""
    word = token.text
    if (pattern.isupper() and len(pattern) > 1) or not pattern[:1].isalpha():
        # Abbreviations and Latin acronyms: the exact spelling, case and all.
        return word == pattern
    if pattern[:1].isupper() and not word[:1].isupper():
        return False
    if word.lower() == pattern.lower():
        return True
    if not pattern.isascii():
        morph = get_morph()
        return bool(morph.lemmas(word) & morph.lemmas(pattern))
    return False


def find_media(text: str, tokens: Sequence[Token]) -> list[Span]:
    """Mentions of known media and agencies (``newsnlp/data/media.txt``), longest first.

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> text = "сообщает агентство Интерфакс"
        >>> find_media(text, list(tokenize_sentences(text, [])))
        [Span(start=19, stop=28, type='ORG', media='Интерфакс')]
    """
    index = _media_index()
    morph = get_morph()
    found: list[Span] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        candidates = index.get(token.text.lower(), []) + index.get(morph.lemma(token.text), [])
        best: tuple[int, Span] | None = None
        for variant in candidates:
            j, k = i, 0
            last = None
            while k < len(variant.words) and j < len(tokens):
                if tokens[j].text in QUOTE_MARKS and k > 0:
                    j += 1
                    continue
                if not _word_matches(variant.words[k], tokens[j]):
                    break
                last = tokens[j]
                j += 1
                k += 1
            if k == len(variant.words) and last is not None:
                stop = last.stop
                # An opening mark inside the name takes its closing mark along.
                if (
                    _unbalanced(text[token.start : stop])
                    and stop < len(text)
                    and text[stop] in QUOTE_MARKS
                ):
                    stop += 1
                span = Span(token.start, stop, "ORG", media=variant.canonical)
                if best is None or stop - token.start > best[0]:
                    best = (stop - token.start, span)
        if best is not None:
            found.append(best[1])
            while i < len(tokens) and tokens[i].start < best[1].stop:
                i += 1
        else:
            i += 1
    return found


def add_media(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Add media the NER missed, and type them ORG with their canonical name.

    A media mention replaces NER spans it overlaps, unless an NER organisation span
    strictly contains it (``редакция "Российской газеты"`` stays the larger name).

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> text = "сообщает Reuters"
        >>> add_media(text, list(tokenize_sentences(text, [])), [])
        [Span(start=9, stop=16, type='ORG', media='Reuters')]
    """
    media = find_media(text, tokens)
    if not media:
        return spans
    out = list(spans)
    for m in media:
        overlapping = [s for s in out if s.start < m.stop and m.start < s.stop]
        if any(
            s.type == "ORG"
            and s.start <= m.start
            and m.stop <= s.stop
            and (s.start, s.stop) != (m.start, m.stop)
            for s in overlapping
        ):
            continue
        out = [s for s in out if s not in overlapping]
        out.append(m)
    out.sort(key=lambda s: (s.start, s.stop))
    return out


def _is_abbreviation(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def join_org_genitive(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Join an organisation and the place or body it belongs to: ``МЧС России``.

    The tagger cuts ``Конгресса США`` into ORG ``Конгресса`` + LOC ``США``; the name of
    the organisation is the whole (``МИД России`` is the speaker, not ``МИД``). The
    place stays an entity of its own inside the joined name, as factRuEval marks it.

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> text = "заявили в МЧС России"
        >>> toks = list(tokenize_sentences(text, []))
        >>> [(s.start, s.stop, s.type) for s in join_org_genitive(text, toks,
        ...     [Span(10, 13, "ORG"), Span(14, 20, "LOC")])]
        [(10, 20, 'ORG'), (14, 20, 'LOC')]
    """
    morph = get_morph()

    def joins(org: Span, after: Span) -> bool:
        if org.type != "ORG" or org.media is not None or after.media is not None:
            return False
        if after.type not in ("LOC", "ORG") or text[org.stop : after.start] != " ":
            return False
        if text[org.stop - 1] in QUOTE_MARKS:
            return False
        words = _words(tokens, after.start, after.stop)
        if not words or not words[0].text[:1].isupper():
            return False
        first = words[0].text
        if _is_abbreviation(first):
            return True
        # Only a clear genitive joins: "... Россия" may start a clause of its own.
        cases = morph.place_cases(first)
        return "gent" in cases and "nomn" not in cases

    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.stop)):
        host = next((o for o in reversed(out) if o.type == "ORG"), None)
        if host is not None and out and out[-1].stop == host.stop and joins(host, span):
            out[out.index(host)] = replace(host, stop=span.stop)
            if span.type == "LOC":
                out.append(span)
            continue
        out.append(span)
    return out


_LEGAL_FORM = re.compile(r"(\S+) +([\"«„“])(.+)([\"»“”])")


def strip_legal_forms(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Cut a legal form off an organisation's quoted name: ``ОАО «Газпром»`` is
    ``Газпром`` (forms in ``newsnlp/data/legal_forms.txt``).

    Both factRuEval and NEREL gold mark the name inside the marks; the form describes
    the organisation as ``компания`` does. A known medium keeps its canonical span.

    Пример::

        >>> text = "ОАО «Башкирэнерго» сообщило"
        >>> strip_legal_forms(text, [], [Span(0, 18, "ORG")])
        [Span(start=5, stop=17, type='ORG', media=None)]
    """
    forms = _legal_forms()
    morph = get_morph()
    out = []
    for span in spans:
        match = _LEGAL_FORM.fullmatch(text, span.start, span.stop)
        if (
            span.type == "ORG"
            and span.media is None
            and match is not None
            and OPENING.get(match.group(2)) == match.group(4)
            # one name in the marks, not two (``ОАО "Газпром" и "Роснефть"``)
            and not {match.group(2), match.group(4)} & set(match.group(3))
            and not _unbalanced(match.group(3))
            and (match.group(1) in forms or morph.lemma(match.group(1)) in forms)
        ):
            span = replace(span, start=match.start(3), stop=match.end(3))
        out.append(span)
    return out


@lru_cache(maxsize=1)
def _legal_forms() -> frozenset[str]:
    return frozenset(load_list("legal_forms"))


def cut_caption_words(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Leave a caption's noun or a role out of a name: ``Флаг ИГИЛ`` is ``ИГИЛ``,
    ``Солдаты НАТО`` is ``НАТО``, ``Журнал Time`` is ``Time``
    (``newsnlp/data/caption_words.txt``, the role nouns of ``titles.txt`` and the
    nouns for media of ``media_nouns.txt``).

    The tagger reads a photo caption or the head of a role phrase as the first word of
    the organisation or place after it; the rest is kept when it is a name of its own
    (it starts with a capital letter or a quote mark). A caption's noun alone
    (``Здание`` above ``ФСБ России``) is no name and goes.

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> text = "Флаг ИГИЛ над городом"
        >>> cut_caption_words(text, list(tokenize_sentences(text, [])), [Span(0, 9, "ORG")])
        [Span(start=5, stop=9, type='ORG', media=None)]
    """
    words_of = _caption_words()
    morph = get_morph()
    out = []
    for span in spans:
        if span.type in ("ORG", "LOC") and span.media is None:
            words = _words(tokens, span.start, span.stop)
            lemma = fold_yo(morph.lemma(words[0].text)) if words else ""
            if len(words) == 1 and lemma in _captions_only():
                continue  # "Здание" over "ФСБ России" in a caption: no name at all
            if (
                len(words) >= 2
                and words[0].text[:1].isupper()
                and not words[0].text.isupper()
                and lemma in words_of
            ):
                rest = text[words[0].stop : span.stop].lstrip()
                # a medium's noun goes before a Latin or quoted name only: "Агентство
                # ООН по делам беженцев" is the name, "Канал Грибоедова" a place
                medium = lemma in _MEDIA_NOUNS and lemma not in _captions_only()
                if (
                    rest[:1] in OPENING
                    or (rest[:1].isupper() and not medium)
                    or (medium and span.type == "ORG" and rest[:1].isascii() and rest[:1].isalpha())
                ):
                    span = replace(span, start=span.stop - len(rest))
        out.append(span)
    return out


_MEDIA_NOUNS = frozenset(fold_yo(w) for w in load_list("media_nouns"))


@lru_cache(maxsize=1)
def _caption_words() -> frozenset[str]:
    # "Журнал Time", "Агентство France-Presse": the medium is the name after its noun
    lists = ("caption_words", "titles", "media_nouns")
    return frozenset(fold_yo(w) for name in lists for w in load_list(name))


@lru_cache(maxsize=1)
def _captions_only() -> frozenset[str]:
    return frozenset(fold_yo(w) for w in load_list("caption_words"))


def drop_common_words(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Drop organisations that are common words (``СМИ``: the press at large; ``Сети``:
    the internet) or craft (``МКС``), as listed in ``newsnlp/data/not_organisations.txt``.

    Пример::

        >>> drop_common_words("как пишут СМИ", [], [Span(10, 13, "ORG")])
        []
    """
    names = _not_organisations()
    morph = get_morph()
    out = []
    for span in spans:
        if span.type == "ORG" and span.media is None:
            words = [w.text for w in _words(tokens, span.start, span.stop)]
            if text[span.start : span.stop].lower() in names or (
                words
                and (
                    morph.nominative_phrase(words).lower() in names
                    or (len(words) == 1 and morph.lemma(words[0]) in names)
                )
            ):
                continue
        out.append(span)
    return out


@lru_cache(maxsize=1)
def _not_organisations() -> frozenset[str]:
    return frozenset(word.lower() for word in load_list("not_organisations"))


def join_compound_places(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Join the halves of a place named ``X и Y``: ``Тринидад и Тобаго``, ``Боснии и
    Герцеговине`` (``newsnlp/data/compound_places.txt``). The tagger reads each half
    as a place, or the second not at all.

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> text = "сборная Тринидад и Тобаго"
        >>> join_compound_places(text, list(tokenize_sentences(text, [])), [Span(8, 16, "LOC")])
        [Span(start=8, stop=25, type='LOC', media=None)]
    """
    places = _compound_places()
    morph = get_morph()
    words = [t for t in tokens if t.text[:1].isalnum()]
    found = []
    for k in range(len(words) - 2):
        first, conj, second = words[k : k + 3]
        if conj.text != "и" or not (first.text[:1].isupper() and second.text[:1].isupper()):
            continue
        key = (morph.lemma(first.text), morph.lemma(second.text))
        raw = (first.text.lower(), second.text.lower())
        if key in places or raw in places:
            found.append((first.start, second.stop))
    out = list(spans)
    for a, b in found:
        inside = [s for s in out if a < s.stop and s.start < b]
        # a larger name around the place (``сборная Тринидада и Тобаго``) is left alone
        if all(s.type == "LOC" and a <= s.start and s.stop <= b for s in inside):
            out = [s for s in out if s not in inside]
            out.append(Span(a, b, "LOC"))
    return sorted(out, key=lambda s: (s.start, s.stop))


@lru_cache(maxsize=1)
def _compound_places() -> frozenset[tuple[str, str]]:
    morph = get_morph()
    pairs = set()
    for name in load_list("compound_places"):
        first, _, second = name.partition(" и ")
        pairs.add((first.lower(), second.lower()))
        pairs.add((morph.lemma(first), morph.lemma(second)))
    return frozenset(pairs)


def join_org_region(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Join an organisation and the region it serves: ``МВД по Башкирии``,
    ``УФСБ по Пермскому краю``, ``ГУ МЧС России по Санкт-Петербургу``.

    A regional office is named by its region after ``по`` (in the dative); factRuEval
    and NEREL gold both mark the whole. The region stays a place of its own inside.

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> text = "сообщили в МВД по Башкирии"
        >>> toks = list(tokenize_sentences(text, []))
        >>> [(s.start, s.stop, s.type) for s in join_org_region(text, toks,
        ...     [Span(11, 14, "ORG"), Span(18, 26, "LOC")])]
        [(11, 26, 'ORG'), (18, 26, 'LOC')]
    """
    morph = get_morph()
    out = sorted(spans, key=lambda s: (s.start, -s.stop))
    for k, place in enumerate(out):
        if place.type != "LOC" or text[place.start - 4 : place.start] != " по ":
            continue
        words = _words(tokens, place.start, place.stop)
        if not words or not words[0].text[:1].isupper():
            continue
        if "datv" not in morph.place_cases(words[0].text) and not _is_abbreviation(words[0].text):
            continue
        before = place.start - 4
        host = next(
            (j for j in range(k - 1, -1, -1) if out[j].type == "ORG" and out[j].stop == before),
            None,
        )
        if host is not None and out[host].media is None:
            out[host] = replace(out[host], stop=place.stop)
    return sorted(out, key=lambda s: (s.start, s.stop))


# Councils and committees named by the office they sit at (``Совет при Президенте``).
_ATTACHED_BODIES = frozenset({"совет", "комитет", "комиссия"})


def _is_office(word: str) -> bool:
    morph = get_morph()
    if fold_yo(morph.lemma(word)) in _bodies():
        return True
    return any(p.tag.POS == "NOUN" and "anim" in p.tag.grammemes for p in morph.parse(word)[:1])


@lru_cache(maxsize=1)
def _bodies() -> frozenset[str]:
    return frozenset(fold_yo(w) for w in load_list("institutions"))


def join_attached_body(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Join a council or committee and the office it sits at, after ``при``:
    ``Следственного комитета при прокуратуре РФ``, ``Общественного совета при ГУ МВД
    России``, ``Нобелевским комитетом при Каролинском медицинском институте``.

    factRuEval and NEREL gold both mark the whole as the name. What follows ``при`` is
    an organisation, or a noun in the locative with its adjectives, and the place or
    organisation right after it (``при главном архитекторе Москвы``). The parts stay
    entities of their own inside, as after a genitive.

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> text = "представитель Следственного комитета при прокуратуре Владимир Маркин"
        >>> toks = list(tokenize_sentences(text, []))
        >>> [(text[s.start:s.stop], s.type) for s in join_attached_body(text, toks,
        ...     [Span(14, 36, "ORG"), Span(53, 68, "PER")])][0]
        ('Следственного комитета при прокуратуре', 'ORG')
    """
    morph = get_morph()
    ordered = sorted(spans, key=lambda s: (s.start, -s.stop))
    starts = {s.start: s for s in ordered if s.type in ("ORG", "LOC")}
    out = []
    for span in ordered:
        words = _words(tokens, span.start, span.stop)
        if (
            span.type != "ORG"
            or span.media is not None
            or not words
            or fold_yo(morph.lemma(words[-1].text)) not in _ATTACHED_BODIES
            or text[span.stop : span.stop + 5] != " при "
        ):
            out.append(span)
            continue
        k = bisect.bisect_left(tokens, span.stop + 5, key=lambda t: t.start)
        stop = None
        if span.stop + 5 in starts and starts[span.stop + 5].type == "ORG":
            stop = starts[span.stop + 5].stop
        else:
            # "при главном архитекторе": adjectives, then one noun, in the locative
            while k < len(tokens) and tokens[k].start not in starts:
                token = tokens[k]
                if token.pos not in ("ADJF", "NOUN") or "loct" not in morph.cases(token.text):
                    break
                k += 1
                if token.pos == "NOUN":
                    # an office is a person or a body ("при президенте", "при
                    # прокуратуре"), not an act ("при голосовании", "при поддержке")
                    if _is_office(token.text):
                        stop = token.stop
                    break
            if stop is not None and text[stop : stop + 1] == " " and stop + 1 in starts:
                stop = starts[stop + 1].stop  # "... прокуратуре РФ", "архитекторе Москвы"
        out.append(span if stop is None else replace(span, stop=stop))
    return sorted(out, key=lambda s: (s.start, s.stop))


def join_country_adjective(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Take a country's adjective into the name of its ministry or armed forces:
    ``японского МИДа``, ``российских ВВС`` (bodies in ``newsnlp/data/state_bodies.txt``).

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> text = "в японском МИДе"
        >>> join_country_adjective(text, list(tokenize_sentences(text, [])), [Span(11, 15, "ORG")])
        [Span(start=2, stop=15, type='ORG', media=None)]
    """
    bodies = _state_bodies()
    morph = get_morph()
    out = []
    for span in spans:
        words = _words(tokens, span.start, span.stop)
        k = bisect.bisect_left(tokens, span.start, key=lambda t: t.start)
        if span.type == "ORG" and span.media is None and words and k > 0:
            before, first = tokens[k - 1], words[0].text
            lemma = morph.lemma(before.text)
            if (
                text[before.stop : span.start] == " "
                and before.text.islower()
                and before.pos == "ADJF"
                and lemma.endswith(("ский", "цкий"))
                and not lemma.endswith("ческий")  # "экономического Совета": no country
                and (
                    first.lower() in bodies
                    or morph.lemma(first) in bodies
                    or (first.startswith("Мин") and first[3:4].islower())
                )
            ):
                span = replace(span, start=before.start)
        out.append(span)
    return out


@lru_cache(maxsize=1)
def _state_bodies() -> frozenset[str]:
    return frozenset(body.lower() for body in load_list("state_bodies"))


def retype_organisations(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Type as ORG the blocs and bodies NER takes for places (``ЕС``, ``НАТО``).

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> text = "страны ЕС"
        >>> retype_organisations(text, list(tokenize_sentences(text, [])), [Span(7, 9, "LOC")])
        [Span(start=7, stop=9, type='ORG', media=None)]
    """
    names = _organisations()
    morph = get_morph()
    out = []
    for span in spans:
        if span.type == "LOC":
            words = [w.text for w in _words(tokens, span.start, span.stop)]
            key = morph.nominative_phrase(words).lower()
            if key in names or " ".join(words).lower() in names:
                span = replace(span, type="ORG")
        out.append(span)
    return out


@lru_cache(maxsize=1)
def _organisations() -> frozenset[str]:
    return frozenset(name.lower() for name in load_list("organisations"))


_MIN_PROPAGATED = 4
_SENTENCE_END = frozenset({".", "!", "?", "»", "…"})
_ADJECTIVAL = ("ский", "ского", "скому", "ским", "ском", "ская", "ской", "скую")


def _stands_alone(tokens: Sequence[Token], k: int) -> bool:
    """Whether the capitalised word ``tokens[k]`` may be a surname on its own."""
    morph = get_morph()
    word = tokens[k].text
    before = tokens[k - 1] if k else None
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    if before is None or before.text in _SENTENCE_END:
        return False  # a capital that only starts a sentence says nothing
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
            words = _words(tokens, span.start, span.stop)
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
        i = bisect.bisect_right(starts, (token.start, len(text) + 1)) - 1
        if i >= 0 and starts[i][1] > token.start:
            continue  # inside a span
        if i + 1 < len(starts) and starts[i + 1][0] < token.stop:
            continue
        if not _stands_alone(tokens, k):
            continue
        added.append(Span(token.start, token.stop, "PER"))
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda s: (s.start, s.stop))


def _org_word(word: str) -> bool:
    """Whether one word can name an organisation when met alone: an abbreviation
    (``ФСЭГ``) or a word the dictionary does not know as a common word (``Кировлес``)."""
    if word.isupper() and len(word) > 1:
        return True
    morph = get_morph()
    return not morph.is_known(word) or any(
        "Orgn" in p.tag.grammemes or "Trad" in p.tag.grammemes for p in morph.parse(word)[:1]
    )


def add_org_mentions(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Tag an organisation where the tagger missed it but tagged it elsewhere in the text.

    The tagger reads each sentence alone: ``Кировлес`` found once is missed three
    sentences on (``директор «Кировлеса»``). Words outside every span that are the
    organisation's words, in any case, become a mention too. A one-word name must be
    an abbreviation or a word the dictionary does not know as a common word, and the
    first word must be capitalised, so ``Союз`` or ``совет`` in prose stay words.

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> text = "ФСЭГ создан в 2001 году. Страны ФСЭГ встретятся."
        >>> toks = list(tokenize_sentences(text, []))
        >>> [text[s.start:s.stop] for s in add_org_mentions(text, toks, [Span(0, 4, "ORG")])]
        ['ФСЭГ', 'ФСЭГ']
    """
    morph = get_morph()
    names: dict[str, set[tuple[str, ...]]] = {}
    for span in spans:
        if span.type != "ORG" or span.media is not None:
            continue
        words = [w.text for w in _words(tokens, span.start, span.stop)]
        if not words or (len(words) == 1 and (len(words[0]) < 3 or not _org_word(words[0]))):
            continue
        key = tuple(morph.lemma(w) for w in words)
        names.setdefault(key[0], set()).add(key)
    if not names:
        return spans
    taken = sorted((s.start, s.stop) for s in spans)
    text_words = [t for t in tokens if t.text[:1].isalnum()]
    lemmas = [morph.lemma(t.text) if t.text[:1].isupper() else "" for t in text_words]
    added = []
    k = 0
    while k < len(text_words):
        found = None
        for key in sorted(names.get(lemmas[k], ()), key=len, reverse=True):
            n = len(key)
            tail = [morph.lemma(t.text) for t in text_words[k + 1 : k + n]]
            if k + n <= len(text_words) and (lemmas[k], *tail) == key:
                found = (text_words[k].start, text_words[k + n - 1].stop)
                break
        if found is None:
            k += 1
            continue
        i = bisect.bisect_right(taken, (found[0], len(text) + 1)) - 1
        free = not (i >= 0 and taken[i][1] > found[0]) and not (
            i + 1 < len(taken) and taken[i + 1][0] < found[1]
        )
        if free:
            added.append(Span(found[0], found[1], "ORG"))
        k += 1
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda s: (s.start, s.stop))


REPAIRS: tuple[Repair, ...] = (
    split_at_line_breaks,
    cut_parentheses,
    fix_quote_marks,
    strip_legal_forms,
    cut_caption_words,
    split_glued_names,
    drop_noise,
    drop_common_words,
    join_compound_places,
    retype_organisations,
    add_media,
    join_org_genitive,
    join_org_region,
    join_attached_body,
    join_country_adjective,
    add_org_mentions,
    add_person_mentions,
)
"""The repairs, in the order they run."""


def repair(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Run every rule of :data:`REPAIRS` in order.

    Пример::

        >>> repair("Ковид-19", [], [Span(0, 8, "PER")])
        []
    """
    for rule in REPAIRS:
        spans = rule(text, tokens, spans)
    return sorted(spans, key=lambda s: (s.start, s.stop))
