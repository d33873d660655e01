"""Subjects: the phrase that fits a cue verb as its speaker, before or after it.

:func:`subject_left` and :func:`subject_right` walk the tokens around a cue verb,
step over prepositional phrases and read each noun phrase with
:func:`~newsnlp.quotes.phrases.np_at`; :func:`agrees` says whether a phrase fits the verb's
form (``заявила`` wants a woman).

Пример::

    >>> from newsnlp.quotes.subjects import SEARCH_MAX
    >>> SEARCH_MAX > 0
    True
"""

from __future__ import annotations

from ..lexicon import load_list
from ..morph import get_morph
from .context import Context, institutions
from .gender import gender_of, person_gender, same_surname
from .marks import QUOTE_CHARS
from .phrases import PREPOSITIONS_POS, SEARCH_MAX, Ref, _pos, entity_cases, np_at
from .sources import MEDIA_NOUNS, is_medium

__all__ = ["SEARCH_MAX", "agrees", "is_medium_ref", "subject_left", "subject_right"]


def agrees(ctx: Context, ref: Ref, gender: str | None) -> bool:
    """Whether a subject fits the verb form: ``заявила`` wants a woman, ``заявили``
    a plural, ``заявил`` a man or a singular role or body."""
    if gender is None:
        return True
    if gender == "plur":
        if ref.kind == "entity" and ref.entity is not None and ref.entity.type == "PER":
            return False
        return ref.number in ("plur", None) or ref.kind == "entity"
    if ref.number == "plur":
        return False
    if ref.kind == "pronoun":
        return ref.gender == gender
    if ref.kind == "role":
        # masculine titles name women too ("лидер оппозиции заявила"); a feminine
        # noun never names a man
        return ref.gender in (None, gender, "masc") or ref.role_head in institutions()
    if ref.kind == "person":
        words = [ctx.tokens[k].text for k in range(ref.first, ref.stop)]
        own = person_gender(get_morph().nominative_name(words))
        return own is None or own == gender
    entity = ref.entity
    if entity is None or entity.type != "PER":
        return True
    own = gender_of(ctx, entity)
    if own is None or own == gender:
        return True
    # "Бут рассказала": a woman of the same surname may be meant
    return same_surname(ctx, entity, gender) is not None


def _skip_oblique(ctx: Context, i: int, end: int) -> int:
    """Index after a prepositional phrase starting at ``i`` (a preposition), its
    genitive dependents included (``на визит главы японского МИДа``)."""
    morph = get_morph()
    j = i + 1
    if j < end and ctx.lemma(j) in _DEMONSTRATIVES:
        # "при этом", "кроме того", "в то же время": a pronoun object, not a phrase
        nxt = j + 1
        if nxt >= end or not (morph.cases(ctx.tokens[j].text) & morph.cases(ctx.tokens[nxt].text)):
            return nxt
    while j < end and j - i <= 6:
        ref = np_at(ctx, j, end)
        if ref is not None:
            j = ref.stop
            break
        if _pos(ctx, j) in ("ADJF", "PRTF", "NUMR", "ADVB") or ctx.tokens[j].text in QUOTE_CHARS:
            j += 1
            continue
        if _pos(ctx, j) == "NOUN":
            j += 1
            break
        return j
    # genitive dependents of the object belong to the phrase too
    carrier = j - 1 > i and ctx.lemma(j - 1) in _CARRIERS
    if carrier:
        # "в интервью изданию «Спорт-Экспресс»": the medium noun and the marks too
        while j < end and (
            ctx.head_lemma(j, MEDIA_NOUNS) is not None or ctx.tokens[j].text in QUOTE_CHARS
        ):
            j += 1
    while j < end:
        entity = ctx.entity_at.get(j)
        if entity is not None:
            cases = entity_cases(ctx, entity)
            if ("gent" in cases and "nomn" not in cases) or carrier:
                # "в интервью The Daily Mail": whoever the interview was given to is part
                # of the phrase, whatever case its name can stand in
                j = ctx.entity_tokens[entity.id][1]
                carrier = False
                continue
            break
        t = ctx.tokens[j]
        if (
            _pos(ctx, j) in ("ADJF", "PRTF", "NOUN")
            and morph.cases(t.text) <= {"gent", "datv", "loct", "ablt", "accs"}
            and "gent" in morph.cases(t.text)
        ):
            j += 1
            continue
        break
    return j


_DEMONSTRATIVES = frozenset({"это", "этот", "тот", "то", "такой", "всё", "все", "весь"})


# Nouns after which a name is the medium or person addressed, never the subject: ``в
# интервью The Daily Mail``, ``в эфире CNN``, ``в беседе с Reuters``.
_CARRIERS = frozenset(load_list("carriers"))


_STOP_RIGHT = frozenset({",", ":", ";", "(", ")", "-", "–", "—", ".", "!", "?", "…"})


def subject_right(ctx: Context, cue: int, end: int, gender: str | None) -> Ref | None:
    """The nominative speaker after a cue verb: ``— сказал Ким Путину``.

    Prepositional phrases are stepped over (``сказал в беседе с корреспондентом
    «Голоса Америки» лидер ДПНИ Александр Белов``).
    """
    i = cue + 1
    while i < end and i - cue <= SEARCH_MAX:
        token = ctx.tokens[i]
        if token.text == ",":
            after = _date_aside(ctx, i, end)
            if after is not None:
                i = after  # "сообщили в воскресенье, 8 июля 2018 года, представители"
                continue
        if token.text in _STOP_RIGHT:
            return None
        if _pos(ctx, i) in PREPOSITIONS_POS:
            i = _skip_oblique(ctx, i, end)
            continue
        ref = np_at(ctx, i, end)
        if ref is not None:
            if "nomn" in ref.cases and agrees(ctx, ref, gender):
                if is_medium_ref(ref) and ref.stop < end:
                    # "сообщил РИА Новости источник в правительстве": the medium is
                    # whom it was told; the speaker comes after it
                    later = subject_right(ctx, ref.stop - 1, end, gender)
                    if later is not None and not is_medium_ref(later):
                        return later
                return _apposition(ctx, ref, end) or ref
            i = ref.stop
            continue
        if _pos(ctx, i) == "VERB" and ctx.cue(i) is False and i > cue + 1:
            return None
        i += 1
    return None


def _date_aside(ctx: Context, comma: int, end: int) -> int | None:
    """The token after a date set in commas (``, 8 июля 2018 года,``), or None."""
    k = comma + 1
    words = 0
    while k < end and ctx.tokens[k].text != ",":
        text = ctx.tokens[k].text
        if not (text.isdigit() or ctx.lemma(k) in _DATE_WORDS or text in (".", "г")):
            return None
        words += 1
        k += 1
    return k + 1 if k < end and words else None


# Words of a date: the months, "год", "г."
_DATE_WORDS = frozenset(
    {"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь"}
    | {"октябрь", "ноябрь", "декабрь", "год", "г"}
)


def is_medium_ref(ref: Ref) -> bool:
    """Whether a written speaker is a known medium or agency (``агентство ТАСС``)."""
    return ref.entity is not None and is_medium(ref.entity.normal)


def _apposition(ctx: Context, ref: Ref, end: int) -> Ref | None:
    """``лидер Меджлиса, народный депутат Украины Мустафа Джемилев``: a role, a comma,
    and a name closing the clause: the name is the speaker."""
    if ref.kind == "role" and ref.stop < end and ctx.tokens[ref.stop].text.lower() == "и":
        return _coordinated_name(ctx, ref, end)
    if ref.kind != "role" or ref.stop >= end or ctx.tokens[ref.stop].text != ",":
        return None
    start = ref.stop + 1
    named = np_at(ctx, start, end)
    if (
        named is not None
        and named.kind == "role"
        and named.stop < end
        and ctx.tokens[named.stop].text == ","
        and "gent" in named.cases
    ):
        # "Конкурент Марка Цукерберга, создателя Facebook, Аарон Гринспен": a genitive
        # apposition set in commas before the name
        named = np_at(ctx, named.stop + 1, end)
    if named is None or named.entity is None or named.entity.type != "PER":
        return None
    if "nomn" not in named.cases:
        return None
    if named.stop < end and ctx.tokens[named.stop].text not in (".", ",", "!", "?", "…"):
        return None
    return named


def _coordinated_name(ctx: Context, ref: Ref, end: int) -> Ref | None:
    """``подруга певицы и её коллега по группе «Блестящие» Ольга Орлова``: two roles of
    one person, the name closing the clause after them."""
    for j in range(ref.stop + 1, end):
        entity = ctx.entity_at.get(j)
        if entity is not None and entity.type == "PER" and ctx.entity_tokens[entity.id][1] == end:
            named = Ref("entity", j, end, entity_cases(ctx, entity), entity, number="sing")
            return named if "nomn" in named.cases else None
        if _pos(ctx, j) == "VERB" or ctx.tokens[j].text in (",", ";", ".", ":"):
            return None
    return None


def subject_left(
    ctx: Context,
    cue: int,
    begin: int,
    gender: str | None,
    leftmost: bool = False,
) -> Ref | None:
    """The nominative speaker before a cue verb, nearest first: ``Ким Чен Ын заявил``.

    ``leftmost`` takes the first subject of the sentence instead, as for an adverbial
    participle (``Аарон Гринспен, управляющий компанией FaceCash, ..., полагая, что``)."""
    found: list[Ref] = []
    inside = ctx.region_at(ctx.tokens[cue].start)
    if inside is not None:
        # «Недавно я заявил, что ...», сказал Коэн: a verb inside quoted words has its
        # subject inside them too, never the one who is quoted
        begin = max(begin, ctx.token_at(inside.start))
    i = begin
    while i < cue:
        if _pos(ctx, i) in PREPOSITIONS_POS:
            i = max(_skip_oblique(ctx, i, cue), i + 1)
            continue
        region = ctx.region_at(ctx.tokens[i].start)
        if (
            region is not None
            and region.stop - region.start > 40
            and not region.start <= ctx.tokens[cue].start < region.stop
        ):
            # inside another quotation: its words are not the speaker
            i = ctx.token_at(region.stop) + 1
            continue
        if ctx.tokens[i].text == "(":
            # "Барри Лоуенкрон (Barry Lowenkron) подчеркнул": the bracket repeats a name
            close = i + 1
            while close < cue and ctx.tokens[close].text != ")":
                close += 1
            i = close + 1
            continue
        ref = np_at(ctx, i, cue)
        if ref is not None:
            if not (ref.kind == "pronoun" and i + 1 < cue and _pos(ctx, i + 1) in ("NOUN", "ADJF")):
                found.append(ref)  # "его коллеги": a possessive, not a phrase of its own
            i = max(ref.stop, i + 1)
            continue
        i += 1
    order = range(len(found)) if leftmost else range(len(found) - 1, -1, -1)
    for k in order:
        ref = found[k]
        if "nomn" not in ref.cases:
            continue
        previous = found[k - 1] if k > 0 else None
        if (
            previous is not None
            and _coordinated(ctx, previous, ref)
            and "nomn" in previous.cases
            and previous.entity is not None
            and previous.entity.type == "PER"
        ):
            # "руководитель группы Иван Бозович и его коллеги полагают": the named one
            return previous
        if agrees(ctx, ref, gender):
            return _apposition(ctx, ref, cue) or ref
    return None


_COORDINATION = frozenset({"и", "его", "её", "ее", "их", "свои", "своя", "свой"})


def _coordinated(ctx: Context, first: Ref, second: Ref) -> bool:
    """``Иван Бозович и его коллеги``: two phrases joined by и (and a possessive)."""
    between = [ctx.tokens[k].text.lower() for k in range(first.stop, second.first)]
    return bool(between) and between[0] == "и" and all(w in _COORDINATION for w in between)
