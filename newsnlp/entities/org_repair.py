"""Repairs of organisation and place names, as factRuEval and NEREL gold both mark
them: legal forms and caption words cut off, common words dropped, a name joined with
the region, office or country it belongs to, and a name found once tagged again.

Each rule takes the working spans and returns new ones; :data:`newsnlp.entities.repair.REPAIRS`
runs them in order with the others.

Пример::

    >>> from newsnlp.entities.org_repair import strip_legal_forms
    >>> from newsnlp.entities.spans import Span
    >>> text = "ООО «Алтек» сообщило"
    >>> [text[s.start:s.stop] for s in strip_legal_forms(text, [], [Span(0, 11, "ORG")])]
    ['Алтек']
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from ..document import Token
from ..lexicon import fold_yo, load_list
from ..morph import get_morph
from .spans import OPENING, Span, is_abbreviation, overlaps, unbalanced, words_in

__all__ = [
    "add_org_mentions",
    "cut_caption_words",
    "drop_common_words",
    "join_attached_body",
    "join_compound_places",
    "join_country_adjective",
    "join_org_region",
    "strip_legal_forms",
]


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
            and not unbalanced(match.group(3))
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
            words = words_in(tokens, span.start, span.stop)
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
            words = [w.text for w in words_in(tokens, span.start, span.stop)]
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
        if place.type != "LOC":
            continue
        link = _REGION_LINK.search(text, max(0, place.start - 12), place.start)
        if link is None:
            continue
        words = words_in(tokens, place.start, place.stop)
        if not words or not words[0].text[:1].isupper():
            continue
        if "datv" not in morph.place_cases(words[0].text) and not is_abbreviation(words[0].text):
            continue
        before = link.start()
        host = next(
            (j for j in range(k - 1, -1, -1) if out[j].type == "ORG" and out[j].stop == before),
            None,
        )
        if host is not None and out[host].media is None:
            out[host] = replace(out[host], stop=place.stop)
    return sorted(out, key=lambda s: (s.start, s.stop))


# " по " before the region, or " по г. " / " по городу " before a city ("ГУ МВД России по
# г. Москве"), right before the place
_REGION_LINK = re.compile(r" по (?:г\. ?|г |городу )?$")

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
        words = words_in(tokens, span.start, span.stop)
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
        words = words_in(tokens, span.start, span.stop)
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
        words = [w.text for w in words_in(tokens, span.start, span.stop)]
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
        if not overlaps(taken, *found):
            added.append(Span(found[0], found[1], "ORG"))
        k += 1
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda s: (s.start, s.stop))
