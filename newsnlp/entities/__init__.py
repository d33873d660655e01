"""Entities: slovnet NER, news repairs, nominative normal forms, clusters and roles.

Пример::

    >>> from newsnlp.entities import build_entities
    >>> # build_entities is called by Pipeline; see newsnlp.Pipeline for the public way.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from typing import cast

from ..document import Cluster, Entity, EntityType, Section, Token, section_index
from ..lexicon import fold_yo
from ..morph import get_morph
from .clusters import (
    NameRef,
    canonical_place,
    cluster_mentions,
    find_role,
    initials,
    name_keys,
    place_keys,
    spelled_out,
)
from .ner import RawSpan
from .normal import context_cases, needs_tagged_case, normal_forms, tagged_cases
from .repair import Span, repair
from .spans import CYRILLIC, QUOTE_MARKS

__all__ = ["build_entities"]


def _scope_of(offset: int, sections: Sequence[Section]) -> int:
    return section_index(sections, offset)


def _inside(tokens: Sequence[Token], first: int, stop: int) -> list[Token]:
    out = []
    while first < len(tokens) and tokens[first].stop <= stop:
        out.append(tokens[first])
        first += 1
    return out


def _pick_readings(
    spans: Sequence[Span], scopes: Sequence[int], readings: Sequence[list[str]]
) -> list[str]:
    """Choose among each name's readings the one a fuller name in scope confirms.

    ``Путина`` reads ``Путин`` (likeliest) or ``Путина``; ``Иванова`` next to
    ``Анна Иванова`` must read ``Иванова``. Names of several words choose first, so
    that one-word names meet the chosen reading: ``Ирины Яровой`` (Ярова or Яровая)
    beside ``Ирина Яровая`` is Яровая, and so is every ``Яровой`` after it.
    """
    normals = [forms[0] for forms in readings]

    def pick(i: int) -> None:
        forms = readings[i]
        if len(forms) == 1 or spans[i].type != "PER":
            return
        fuller = [
            frozenset(normals[j].lower().split())
            for j in range(len(spans))
            if j != i
            and spans[j].type == "PER"
            and scopes[j] == scopes[i]
            and len(normals[j].split()) > 1
        ]
        for form in forms:
            parts = frozenset(form.lower().split())
            if any(parts <= names for names in fuller):
                normals[i] = form
                return

    # a stable sort: the names of several words in text order, then the others
    for i in sorted(range(len(spans)), key=lambda i: len(readings[i][0].split()) < 2):
        pick(i)
    return normals


_BRACKET_OPEN = re.compile(r"\s*\(\s*$")
_BRACKET_CLOSE = re.compile(r"^\s*\)")


def _aliases(text: str, spans: Sequence[Span]) -> dict[int, int]:
    """Mentions in brackets right after another of the same type: alias -> host."""
    out = {}
    for i in range(1, len(spans)):
        host, alias = spans[i - 1], spans[i]
        if host.type != alias.type and {host.type, alias.type} != {"LOC", "ORG"}:
            continue  # "Геннадий Зюганов (КПРФ)": the person's party, not his other name
        if host.type == alias.type == "LOC" and CYRILLIC.search(text[alias.start : alias.stop]):
            continue  # "в Цюрихе (Швейцария)": the place that holds it, not another name
        if host.type == alias.type == "PER" and CYRILLIC.search(text[alias.start : alias.stop]):
            continue  # "Сёмин (Овечкин, Фёдоров)": who assisted, not another spelling
        if _BRACKET_OPEN.match(text[host.stop : alias.start]) and _BRACKET_CLOSE.match(
            text[alias.stop : alias.stop + 3]
        ):
            out[i] = i - 1
    return out


def _head_key(i: int, spans: Sequence[Span], insides: Sequence[Sequence[Token]]) -> frozenset[str]:
    """``^мчс`` for an organisation named with the place it belongs to (``МЧС России``,
    the place an entity inside it): the name its bare mentions use."""
    span = spans[i]
    if span.type != "ORG":
        return frozenset()
    place = next(
        (
            s
            for j, s in enumerate(spans)
            if j != i and s.type == "LOC" and s.stop == span.stop and s.start > span.start
        ),
        None,
    )
    if place is None:
        return frozenset()
    head = [t.text for t in insides[i] if t.stop <= place.start]
    if not head:
        return frozenset()
    morph = get_morph()
    head_name = morph.nominative_phrase(head)
    name = fold_yo(head_name.lower())
    keys = {"^" + name}
    # the body and the place it belongs to, the place by any of its names: "МИД РФ" is
    # "МИД России", "Совет Безопасности Российской Федерации" "Совет Безопасности России"
    place_words = [t.text for t in insides[i] if t.start >= place.start]
    place_name = fold_yo(morph.nominative_phrase(place_words).lower())
    keys.add(f"@{name}|{canonical_place(place_name)}")
    if len(head) > 1 and not any(w.isupper() for w in head):
        # "Федеральная служба безопасности РФ" is the "ФСБ" its initials spell, when
        # the text names no other body so ("МИД" of Чехия and of Словакия)
        letters = initials(head_name.split(), skip_function_words=True)
        if len(letters) >= 2:
            keys.add("^" + fold_yo(letters.lower()))
    return frozenset(keys)


def _dictionary_name(name: str, forms: Sequence[str]) -> str:
    """The cluster's name with each word the dictionary could not put in the nominative
    replaced by the nominative spelling another mention shows: ``Энтони Блинкена`` with
    ``Блинкен`` elsewhere -> ``Энтони Блинкен``."""
    if _lemma_like(name):
        return name
    words = name.split()
    spellings = {w for form in forms for w in form.split() if _lemma_like(w)}
    morph = get_morph()
    for k, word in enumerate(words):
        if _lemma_like(word) or any(c == "nomn" for _, c in morph.name_readings(word)):
            continue  # "Яровая" is a nominative, if not a lemma (of яровой)
        keys = name_keys(word.lower())
        # a nominative is never longer than a declined form of the same name (Данн is not
        # Данна's genitive plural but a name of its own)
        match = next(
            (
                w
                for w in sorted(spellings)
                if w != word and len(w) <= len(word) and keys & name_keys(w.lower())
            ),
            None,
        )
        if match is not None:
            words[k] = match
    return " ".join(words)


def _spelling_counts(forms: Sequence[str], phrases: bool = False) -> Counter[str]:
    """How often a cluster's mentions name it each way, lower-cased; a one-word name
    the dictionary cannot put in the nominative counts for the spelling it is a form of
    (``Миннесоты`` twice and ``Миннесота`` once: ``Миннесота`` three times). With
    ``phrases`` (places and organisations), so does a name of several words that the
    dictionary left as written because one reading of its head is a nominative:
    ``Банка России`` (банка, a jar) counts for the ``Банк России`` beside it."""
    lowered = [f.lower() for f in forms]
    spellings = set(lowered)
    morph = get_morph()
    counts: Counter[str] = Counter()
    for form in lowered:
        if " " not in form:
            lemma = next((k for k in sorted(name_keys(form)) if k != form and k in spellings), None)
            if lemma is not None and form not in name_keys(lemma):
                counts[lemma] += 1
                continue
        elif phrases and len(spellings) > 1:
            lemma = next(
                (
                    r
                    for r in (x.lower() for x in morph.phrase_readings(form.split()))
                    if r != form and r in spellings
                ),
                None,
            )
            if lemma is not None and form not in {
                x.lower() for x in morph.phrase_readings(lemma.split())
            }:
                counts[lemma] += 1
                continue
        counts[form] += 1
    return counts


def _name_cases(words: Sequence[str], gender: str | None) -> frozenset[str] | None:
    """Cases a name's known words can share in the person's gender; None if unknown."""
    morph = get_morph()
    shared: frozenset[str] | None = None
    for word in words:
        if not morph.is_known(word):
            continue
        cases = frozenset(c for g, c in morph.name_readings(word) if gender in (None, g))
        if cases:
            shared = cases if shared is None else shared & cases
    return shared


def _lemma_like(name: str) -> bool:
    """Whether every word of a name is its own lemma (``Хван``, not ``Хвана``)."""
    morph = get_morph()
    for word in name.split():
        parses = morph.parse(word)
        if parses and fold_yo(word.lower()) not in {fold_yo(str(p.normal_form)) for p in parses}:
            return False
    return True


def _tag_cases(
    tokens: Sequence[Token],
    spans: Sequence[Span],
    insides: Sequence[Sequence[Token]],
    firsts: Sequence[int],
    cases_of: list[frozenset[str] | None],
) -> set[int]:
    """Fill ``cases_of`` with the case slovnet's morphology tagger reads for each person
    whose case the words before it do not fix, where the name's words need it: a name
    no word of which the dictionary knows, or one its words leave in two cases
    (``Александра Панфилова``: a woman's nominative or a man's genitive). Returns the
    second kind, whose tagged case only puts its reading first: the others stay for a
    fuller name in the document to confirm."""
    untold = []
    hinted = set()
    # names of several words that read one way only: a reading they confirm needs no
    # tagger ("Путина" beside "Владимира Путина", "Панфиловой" beside "Александра
    # Панфилова" in the nominative), which keeps the tagger to the names the document
    # leaves open
    settled = [
        frozenset(forms[0].lower().split())
        for span, inside in zip(spans, insides, strict=True)
        if span.type == "PER"
        and inside
        and len(forms := normal_forms("PER", inside, None)) == 1
        and len(inside) > 1
    ]
    for i, span in enumerate(spans):
        if span.type != "PER" or cases_of[i] is not None or not insides[i]:
            continue
        if needs_tagged_case([t.text for t in insides[i]]):
            untold.append(i)
            continue
        forms = normal_forms("PER", insides[i], None)
        if len(forms) > 1 and not any(
            frozenset(f.lower().split()) <= names for f in forms for names in settled
        ):
            untold.append(i)
            hinted.add(i)
    # the tagger reads the case off the last word of a range: a known name's first word
    # that is no initial (its first name, which the tagger knows best; "Александра
    # Панфилова" tags the surname a man's accusative), an unknown name's last word (its
    # first may not decline: "Тони Донилона")
    ranges = []
    for i in untold:
        stop = firsts[i] + len(_inside(tokens, firsts[i], spans[i].stop))
        if i in hinted:
            stop = next(
                (
                    k + 1
                    for k in range(firsts[i], stop)
                    if len(tokens[k].text) > 1 and tokens[k].text[:1].isalpha()
                ),
                stop,
            )
        ranges.append((firsts[i], stop))
    for i, cases in zip(untold, tagged_cases(tokens, ranges), strict=True):
        cases_of[i] = cases
    return hinted


def build_entities(
    text: str,
    tokens: Sequence[Token],
    sections: Sequence[Section],
    raw: Sequence[RawSpan],
) -> tuple[tuple[Entity, ...], tuple[Cluster, ...]]:
    """Turn raw NER spans into repaired, normalised, clustered entities.

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> text = "Путин прибыл."
        >>> ents, clusters = build_entities(text, list(tokenize_sentences(text, [])), [],
        ...                                 [(0, 5, "PER")])
        >>> ents[0].normal, clusters[0].name
        ('Путин', 'Путин')
    """
    spans = repair(text, tokens, [Span(a, b, t) for a, b, t in raw])
    starts = [t.start for t in tokens]
    scopes = [_scope_of(s.start, sections) for s in spans]
    firsts = [bisect.bisect_left(starts, s.start) for s in spans]
    insides = [
        [t for t in _inside(tokens, first, span.stop) if t.text not in QUOTE_MARKS]
        for span, first in zip(spans, firsts, strict=True)
    ]
    cases_of: list[frozenset[str] | None] = [
        context_cases(tokens, first) if span.type == "PER" and span.media is None else None
        for span, first in zip(spans, firsts, strict=True)
    ]
    hinted = _tag_cases(tokens, spans, insides, firsts, cases_of)
    readings: list[list[str]] = []
    for i, (span, inside, cases) in enumerate(zip(spans, insides, cases_of, strict=True)):
        if span.media is not None:
            readings.append([span.media])
            continue
        forms = normal_forms(span.type, inside, cases)
        if i in hinted:
            forms = [*forms, *(f for f in normal_forms(span.type, inside, None) if f not in forms)]
        readings.append([f for f in forms if f] or [text[span.start : span.stop]])
    normals = _pick_readings(spans, scopes, readings)
    morph = get_morph()
    mentions = [
        NameRef(
            i,
            s.type,
            normals[i],
            scopes[i],
            frozenset()
            if s.type == "PER"
            else place_keys(
                [t.text for t in insides[i]],
                [normals[i], *morph.phrase_readings([t.text for t in insides[i]])],
            )
            | _head_key(i, spans, insides),
        )
        for i, s in enumerate(spans)
    ]
    labels = cluster_mentions(mentions)
    aliases = _aliases(text, spans)
    if aliases:
        # "Барри Лоуенкрон (Barry Lowenkron)", "Комитет защиты журналистов (КЗЖ)": the
        # name in brackets is another name of the one before it
        for alias, host in aliases.items():
            # the alias's other mentions go along: "(КЗЖ)" and every later "КЗЖ"
            old, new = labels[alias], labels[host]
            labels = [new if lab == old else lab for lab in labels]
        renumber: dict[int, int] = {}
        labels = [renumber.setdefault(lab, len(renumber)) for lab in labels]
    entities = tuple(
        Entity(
            id=f"e{i + 1}",
            start=s.start,
            stop=s.stop,
            type=cast(EntityType, s.type),  # the NER tags only PER, LOC, ORG
            text=text[s.start : s.stop],
            normal=normals[i],
            cluster=f"c{labels[i] + 1}",
        )
        for i, s in enumerate(spans)
    )
    clusters = []
    by_label: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        by_label.setdefault(lab, []).append(i)
    for label, members in sorted(by_label.items()):
        # The fullest form names the cluster, in its dictionary form where mentions
        # differ only by an ending the dictionary could not undo; ties go to the earliest.
        # A place or organisation is named as the text names it most often: "Россия"
        # beside one "Российская Федерация", "ЕС" beside one "Европейский союз".
        counts = _spelling_counts(
            [normals[i] for i in members], phrases=spans[members[0]].type != "PER"
        )
        best = max(
            members,
            key=lambda i: (
                i not in aliases,
                counts[normals[i].lower()] if spans[i].type != "PER" else 0,
                # "Владимир Путин" before "В.Путин", "Лев Толстой" before "Лев Николаевич"
                spelled_out(normals[i].replace(".", ". ").split()),
                len(normals[i].split()),
                _lemma_like(normals[i]),
                # "Марк" five times beside one "Марку" (also a name of its own)
                counts[normals[i].lower()],
                len(normals[i]),
                -i,
            ),
        )
        roles: list[str] = []
        if spans[best].type == "PER":
            gender = get_morph().name_gender(normals[best])
            for i in members:
                if firsts[i] >= len(tokens):
                    continue
                words = [t.text for t in _inside(tokens, firsts[i], spans[i].stop)]
                role = find_role(tokens, firsts[i], _name_cases(words, gender))
                if role and role not in roles:
                    roles.append(role)
            # "президент" adds nothing beside "президент России": keep the fuller role.
            roles = [r for r in roles if not any(o != r and o.startswith(r + " ") for o in roles)]
        clusters.append(
            Cluster(
                id=f"c{label + 1}",
                type=cast(EntityType, spans[best].type),
                name=_dictionary_name(normals[best], [normals[i] for i in members]),
                mentions=tuple(entities[i].id for i in members),
                roles=tuple(roles),
            )
        )
    return entities, tuple(clusters)
