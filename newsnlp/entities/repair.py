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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from razdel import tokenize

from ..document import Token
from ..lexicon import fold_yo, load_list, load_table, speech_lemmas
from ..morph import get_morph
from .org_repair import (
    add_org_mentions,
    cut_caption_words,
    drop_common_words,
    join_attached_body,
    join_compound_places,
    join_country_adjective,
    join_org_region,
    strip_legal_forms,
)
from .person_repair import (
    add_bracketed_names,
    add_person_mentions,
    retype_persons,
    unify_types,
)
from .spans import OPENING, QUOTE_MARKS, Repair, Span, is_abbreviation, unbalanced, words_in

__all__ = [
    "REPAIRS",
    "Span",
    "add_bracketed_names",
    "add_media",
    "add_person_mentions",
    "cut_parentheses",
    "drop_noise",
    "fix_quote_marks",
    "join_org_genitive",
    "repair",
    "retype_organisations",
    "retype_persons",
    "split_glued_names",
    "unify_types",
]

# marks that only close a quotation (``"`` and ``“`` also open one)
_CLOSING = frozenset("»”")


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
        if unbalanced(text[start:stop]):
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
                    frozenset(morph.lemma(w.text) for w in words_in(tokens, span.start, span.stop)),
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
        words = words_in(tokens, span.start, span.stop) if span.type == "PER" else []
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
                    unbalanced(text[token.start : stop])
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
        words = words_in(tokens, after.start, after.stop)
        if not words or not words[0].text[:1].isupper():
            return False
        first = words[0].text
        if is_abbreviation(first):
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
            words = [w.text for w in words_in(tokens, span.start, span.stop)]
            key = morph.nominative_phrase(words).lower()
            if key in names or " ".join(words).lower() in names:
                span = replace(span, type="ORG")
        out.append(span)
    return out


@lru_cache(maxsize=1)
def _organisations() -> frozenset[str]:
    return frozenset(name.lower() for name in load_list("organisations"))


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
    add_bracketed_names,
    retype_organisations,
    retype_persons,
    unify_types,
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
