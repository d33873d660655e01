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
from .clusters import NameRef, cluster_mentions, find_role, is_initial, name_keys, place_keys
from .ner import RawSpan
from .normal import context_cases, needs_tagged_case, normal_forms, tagged_cases
from .repair import Span, repair
from .spans import QUOTE_MARKS

__all__ = ["build_entities"]


def _scope_of(offset: int, sections: Sequence[Section]) -> int:
    return section_index(sections, offset)


def _inside(tokens: Sequence[Token], first: int, stop: int) -> list[Token]:
    out = []
    while first < len(tokens) and tokens[first].stop <= stop:
        out.append(tokens[first])
        first += 1
    return out


def _pick_reading(
    i: int, spans: Sequence[Span], scopes: Sequence[int], readings: Sequence[list[str]]
) -> str:
    """Choose among a one-word name's readings the one a fuller name in scope confirms.

    ``Путина`` reads ``Путин`` (likeliest) or ``Путина``; ``Иванова`` next to
    ``Анна Иванова`` must read ``Иванова``.
    """
    forms = readings[i]
    if len(forms) == 1 or spans[i].type != "PER":
        return forms[0]
    fuller = [
        frozenset(readings[j][0].lower().split())
        for j in range(len(spans))
        if j != i
        and spans[j].type == "PER"
        and scopes[j] == scopes[i]
        and len(readings[j][0].split()) > 1
    ]
    for form in forms:
        parts = frozenset(form.lower().split())
        if any(parts <= names for names in fuller):
            return form
    return forms[0]


_BRACKET_OPEN = re.compile(r"\s*\(\s*$")
_BRACKET_CLOSE = re.compile(r"^\s*\)")


def _aliases(text: str, spans: Sequence[Span]) -> dict[int, int]:
    """Mentions in brackets right after another of the same type: alias -> host."""
    out = {}
    for i in range(1, len(spans)):
        host, alias = spans[i - 1], spans[i]
        if host.type != alias.type and not (host.type == "ORG" or alias.type == "ORG"):
            continue
        if host.type == alias.type == "LOC":
            continue  # "в Цюрихе (Швейцария)": the place that holds it, not another name
        if host.type == alias.type == "PER" and not text[alias.start : alias.stop].isascii():
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
    return frozenset({"^" + fold_yo(get_morph().nominative_phrase(head).lower())})


def _spelled_out(name: str) -> int:
    """How many parts of a name are spelled out: neither an initial nor a patronymic.

    ``Владимир Путин`` (2) names a cluster before ``В.Путин`` (1) and ``Лев Николаевич``
    (1) does not outrank ``Лев Толстой`` (2).
    """
    morph = get_morph()
    count = 0
    for part in name.replace(".", ". ").split():
        if is_initial(part):
            continue
        parses = morph.parse(part)
        if morph.is_known(part) and parses and "Patr" in parses[0].tag.grammemes:
            continue
        count += 1
    return count


def _dictionary_name(name: str, forms: Sequence[str]) -> str:
    """The cluster's name with each word the dictionary could not put in the nominative
    replaced by the nominative spelling another mention shows: ``Энтони Блинкена`` with
    ``Блинкен`` elsewhere -> ``Энтони Блинкен``."""
    if _lemma_like(name):
        return name
    words = name.split()
    spellings = {w for form in forms for w in form.split() if _lemma_like(w)}
    for k, word in enumerate(words):
        if _lemma_like(word):
            continue
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
    # a name no word of which the dictionary knows: the sentence says its case
    untold = [
        i
        for i, span in enumerate(spans)
        if span.type == "PER"
        and cases_of[i] is None
        and insides[i]
        and needs_tagged_case([t.text for t in insides[i]])
    ]
    ranges = [
        (firsts[i], firsts[i] + len(_inside(tokens, firsts[i], spans[i].stop))) for i in untold
    ]
    for i, cases in zip(untold, tagged_cases(tokens, ranges), strict=True):
        cases_of[i] = cases
    readings: list[list[str]] = []
    for span, inside, cases in zip(spans, insides, cases_of, strict=True):
        if span.media is not None:
            readings.append([span.media])
            continue
        forms = normal_forms(span.type, inside, cases)
        readings.append([f for f in forms if f] or [text[span.start : span.stop]])
    normals = [_pick_reading(i, spans, scopes, readings) for i in range(len(spans))]
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
        counts = Counter(normals[i].lower() for i in members)
        best = max(
            members,
            key=lambda i: (
                i not in aliases,
                counts[normals[i].lower()] if spans[i].type != "PER" else 0,
                _spelled_out(normals[i]),
                len(normals[i].split()),
                _lemma_like(normals[i]),
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
