"""Phrases: the noun phrase that says something, read off the tokens around a cue.

A speaker is written as a name (``Ким Чен Ын``, ``Песков``), a pronoun (``он``,
``по её словам``), a role (``пресс-секретарь Кремля``, ``северокорейский диктатор``), an
organisation or a medium, or a place standing for an institution (``как пояснили в
милиции``). :func:`np_at` reads one such phrase as a :class:`Ref`;
:mod:`newsnlp.quotes.subjects` finds the nominative one that fits a cue verb.

Пример::

    >>> from newsnlp.quotes.phrases import PRONOUNS
    >>> PRONOUNS["она"]
    ('femn', 'nomn')
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from ..document import Entity
from ..entities.normal import preposition_cases
from ..lexicon import fold_yo, load_list
from ..morph import get_morph
from .context import Context, indefinite_roles, institutions, relations, title_lemmas
from .gender import gender_of
from .marks import QUOTE_CHARS

__all__ = [
    "PREPOSITIONS_POS",
    "PRONOUNS",
    "SEARCH_MAX",
    "Ref",
    "entity_cases",
    "np_at",
]


# pronoun -> (gender or plur, case group)
PRONOUNS = {
    "он": ("masc", "nomn"),
    "она": ("femn", "nomn"),
    "они": ("plur", "nomn"),
    "его": ("masc", "gent"),
    "её": ("femn", "gent"),
    "ее": ("femn", "gent"),
    "их": ("plur", "gent"),
    "ему": ("masc", "datv"),
    "ей": ("femn", "datv"),
    "им": ("plur", "datv"),
}


PREPOSITIONS_POS = frozenset({"PREP"})


_ROLE_MAX = 10


# How far after a cue verb its speaker, or the end of an attribution, is looked for.
SEARCH_MAX = 14


@dataclass(frozen=True)
class Ref:
    """A speaker, addressee or source as written: tokens ``[first, stop)`` of the text.

    ``kind`` is ``entity``, ``pronoun``, ``role`` or ``place``; ``cases`` the cases the
    phrase can stand in; ``entity`` the named entity (for ``entity``, and for a role in
    apposition to a name: ``пресс-секретарь Кремля Дмитрий Песков``).

    Пример::

        >>> Ref("pronoun", 0, 1, frozenset({"nomn"})).kind
        'pronoun'
    """

    kind: str
    first: int
    stop: int
    cases: frozenset[str]
    entity: Entity | None = None
    gender: str | None = None
    role_head: str | None = None
    number: str | None = None
    bare: bool = False
    written_case: str | None = None  # the case the words stand in, where known


def _pos(ctx: Context, i: int) -> str | None:
    return ctx.tokens[i].pos


def _word(ctx: Context, i: int) -> bool:
    return ctx.tokens[i].text[:1].isalnum()


_OBLIQUE_ENDINGS = ("ом", "ем", "ым", "ому", "ему")


def entity_cases(ctx: Context, entity: Entity) -> frozenset[str]:
    """Cases an entity mention can stand in; every case when the words are unknown."""
    morph = get_morph()
    a, b = ctx.entity_tokens[entity.id]
    if a > 0 and ctx.tokens[a - 1].pos == "PREP":
        # "встречу с Си Цзиньпином": after a preposition a name is never the subject
        governed = preposition_cases(ctx.tokens[a - 1].text)
        if governed:
            return governed
    words = [ctx.tokens[i].text for i in range(a, b) if _word(ctx, i)]
    every = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct"})
    if not words:
        return every
    if entity.type == "PER":
        if not morph.is_known(words[-1]) and words[-1].lower().endswith(_OBLIQUE_ENDINGS):
            # an unknown name that ends like an oblique case is no subject ("с Шольцем")
            return every - {"nomn"}
        # readings of the person's own gender only: "адвокат Медведева" is Medvedev's
        # lawyer once the document shows Medvedev is a man, not a lawyer named Medvedeva
        gender = gender_of(ctx, entity)
        shared: frozenset[str] | None = None
        for word in words:
            if not morph.is_known(word):
                continue
            cases = frozenset(
                case for g, case in morph.name_readings(word) if gender is None or g == gender
            )
            if not cases:
                continue
            shared = cases if shared is None else shared & cases
        # no case the words share ("Арсен Аваков": the dictionary knows Аваков only as
        # the genitive of another name): a misreading, which tells nothing of the case
        return shared or every
    head = words[0]
    if head.isupper() or not morph.is_known(head) or not head[:1].isalpha():
        return every
    cases = morph.cases(head)
    return cases or every


@lru_cache(maxsize=50_000)
def _role_gender(word: str) -> str | None:
    """Gender of a role noun, read as a person where it can be one ("премьера" is the
    premier's genitive, not a theatre's premiere)."""
    parses = [p for p in get_morph().parse(word) if p.tag.POS == "NOUN"]
    parses = [p for p in parses if "anim" in p.tag.grammemes] or parses
    for p in parses:
        if p.tag.POS == "NOUN":
            if p.tag.number == "plur":
                return "plur"
            gender = p.tag.gender
            if "ms-f" in p.tag.grammemes or gender is None:
                return None
            return str(gender)
    return None


@lru_cache(maxsize=50_000)
def _name_word(word: str) -> bool:
    """A word the dictionary knows as a first name, surname or patronymic."""
    morph = get_morph()
    return morph.is_known(word) and any(
        {"Name", "Surn", "Patr"} & p.tag.grammemes for p in morph.parse(word)[:2]
    )


_QUANTIFIERS = frozenset(load_list("quantifiers"))


def _closes_phrase(ctx: Context, entity: Entity, head: int, j: int, end: int) -> bool:
    """A name after the role's own dependents that ends the phrase is in apposition even
    where the dictionary misreads its case ("Пресс-секретарь Госдепа Джен Псаки, ...");
    a name right after the role noun is its dependent ("Конкурент Марка Цукерберга")."""
    if j <= head + 1:
        return False
    after = ctx.entity_tokens[entity.id][1]
    return after >= end or ctx.tokens[after].text == "," or ctx.tokens[after].pos == "VERB"


def _adjective_like(ctx: Context, i: int) -> bool:
    return _pos(ctx, i) in ("ADJF", "PRTF")


def _cases_of(ctx: Context, a: int, b: int) -> frozenset[str]:
    cases = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct"})
    for k in range(a, b):
        cases = cases & get_morph().cases(ctx.tokens[k].text)
    return cases


@lru_cache(maxsize=50_000)
def _nominative_numbers(word: str) -> frozenset[str]:
    """Numbers in which a noun form can be nominative (``главы``: plural only)."""
    out: set[str] = set()
    for p in get_morph().parse(word):
        if p.tag.case == "nomn":
            if "Fixd" in p.tag.grammemes or (
                "Sgtm" in p.tag.grammemes and "Pltm" in p.tag.grammemes
            ):
                out.update(("sing", "plur"))
            elif p.tag.number:
                out.add(str(p.tag.number))
    return frozenset(out)


def np_at(ctx: Context, i: int, end: int) -> Ref | None:
    """The noun phrase starting at token ``i`` (before token ``end``), if any.

    Names (entities), pronouns, and roles: a person noun, a title or an institution
    with its adjectives and genitive dependents (``представитель Кремля``, ``японская
    полиция``). A role followed by a person's name is that person (apposition:
    ``пресс-секретарь Кремля Дмитрий Песков``).

    Пример::

        >>> from newsnlp import Pipeline
        >>> from newsnlp.quotes.context import Context
        >>> d = Pipeline()("Пресс-секретарь Кремля Дмитрий Песков прибыл.")
        >>> ctx = Context(d.text, d.tokens, d.sentences, d.sections, d.entities, d.clusters)
        >>> ref = np_at(ctx, 0, len(ctx.tokens))
        >>> ref.kind, ref.entity.normal, ref.role_head
        ('entity', 'Дмитрий Песков', 'пресс-секретарь')
    """
    if i >= end:
        return None
    if i in ctx.entity_at:
        return _entity_phrase(ctx, i, end)
    token = ctx.tokens[i]
    lower = token.text.lower()
    if lower in PRONOUNS:
        return _pronoun_phrase(i, lower)
    if token.pos is None and token.text[:1].isalpha() and token.text.isascii():
        return _latin_name(ctx, i, end)
    if not (token.text[:1].isalpha() or (token.text[:1].isdigit() and token.pos == "ADJF")):
        return None
    if token.text[:1].isupper() and _name_word(token.text):
        return _untagged_person(ctx, i, end)
    if lower in _QUANTIFIERS or token.text.isdigit():
        return _group_phrase(ctx, i, end)
    return _role_phrase(ctx, i, end)


def _entity_phrase(ctx: Context, i: int, end: int) -> Ref:
    entity = ctx.entity_at[i]
    a, b = ctx.entity_tokens[entity.id]
    # take the closing quote mark of a name in quotes along
    while b < end and ctx.tokens[b].text in QUOTE_CHARS and b < a + 8:
        if ctx.tokens[b].start == ctx.tokens[b - 1].stop:
            b += 1
        else:
            break
    return Ref("entity", i, b, entity_cases(ctx, entity), entity, number="sing")


def _pronoun_phrase(i: int, lower: str) -> Ref:
    gender, case = PRONOUNS[lower]
    pronoun_cases = frozenset({"gent", "accs"} if case == "gent" else {case})
    pronoun_number = "plur" if gender == "plur" else "sing"
    return Ref("pronoun", i, i + 1, pronoun_cases, gender=gender, number=pronoun_number)


def _latin_name(ctx: Context, i: int, end: int) -> Ref:
    """An untagged Latin name: ``Согласно comScore``, ``по данным Techcrunch``."""
    j = i + 1
    while (
        j < end
        and ctx.tokens[j].pos is None
        and ctx.tokens[j].text[:1].isalpha()
        and (ctx.tokens[j].text.isascii())
    ):
        j += 1
    every = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct"})
    return Ref("name", i, j, every, number="sing")


def _untagged_person(ctx: Context, i: int, end: int) -> Ref:
    """A person's name the tagger missed (``Лавров назвал ...``): its name words."""
    j = i + 1
    while (
        j < end
        and j - i < 3
        and ctx.tokens[j].text[:1].isupper()
        and _name_word(ctx.tokens[j].text)
    ):
        j += 1
    words = [ctx.tokens[k].text for k in range(i, j)]
    readings = [get_morph().name_readings(w) for w in words]
    person_cases = frozenset(c for r in readings for _, c in r)
    return Ref("person", i, j, person_cases or frozenset({"nomn"}), number="sing")


def _group_phrase(ctx: Context, i: int, end: int) -> Ref | None:
    """``Все 29 аналитиков``, ``многие эксперты``, ``большинство экономистов``: the group."""
    k = i
    while k < end and (
        ctx.tokens[k].text.lower() in _QUANTIFIERS
        or ctx.tokens[k].text.isdigit()
        or ctx.tokens[k].pos == "NUMR"
    ):
        k += 1
    group = np_at(ctx, k, end) if k > i else None
    if group is not None and group.kind == "role":
        # the phrase is the people ("аналитики"), read as a plural subject
        return replace(
            group,
            cases=frozenset({"nomn"}),
            number="plur",
            gender="plur",
            written_case="gent",
        )
    return None


def _role_phrase(ctx: Context, i: int, end: int) -> Ref | None:
    """A role: adjectives, a person noun, title or institution, and its dependents."""
    j = i
    while j < end and j - i < 3 and _adjective_like(ctx, j):
        j += 1
        if j < end and j in ctx.entity_at:
            named = np_at(ctx, j, end)
            if named is not None and named.entity is not None and named.entity.type == "ORG":
                # "оппозиционные СМИ Беларуси": the adjectives belong to the name
                return replace(
                    named, kind="role", first=i, cases=named.cases & _cases_of(ctx, i, j)
                )
            # "Сам Александр Белов": the name is the phrase
            return named
    if j >= end or _pos(ctx, j) != "NOUN":
        return None
    return _headed_role(ctx, i, j, end)


def _headed_role(ctx: Context, i: int, head: int, end: int) -> Ref | None:
    morph = get_morph()
    head_word = ctx.tokens[head].text
    known = title_lemmas() | institutions() | indefinite_roles() | relations()
    parses = morph.parse(head_word)
    person = next((p for p in parses if p.tag.POS == "NOUN" and "anim" in p.tag.grammemes), None)
    head_lemma = ctx.head_lemma(head, known) or (
        fold_yo(str(person.normal_form)) if person is not None else ctx.lemma(head)
    )
    if not (person is not None or head_lemma in known):
        return None
    after = head + 1
    while after < end and ctx.tokens[after].text in QUOTE_CHARS:
        after += 1
    body = ctx.entity_at.get(after)
    if (
        body is not None
        and body.type in ("ORG", "LOC")
        and head_lemma in institutions()
        and entity_cases(ctx, body) & morph.cases(head_word)
        # an indeclinable noun agrees with any case: "СМИ Беларуси" are the country's
        # press, not the country (a place after it is a genitive, not a name)
        and not (body.type == "LOC" and "Fixd" in parses[0].tag.grammemes)
        # nor does a place agree that can only be a genitive: "власти Венесуэлы",
        # "правительство Венесуэлы" are the country's bodies
        and not (body.type == "LOC" and entity_cases(ctx, body) <= {"gent"})
    ):
        # "агентство ТАСС", "газета «Ла стампа»": the body is the name after the noun
        return np_at(ctx, after, end)
    cases: frozenset[str] = morph.cases(head_word)
    for k in range(i, head):
        cases = cases & morph.cases(ctx.tokens[k].text)
    tail = _role_tail(ctx, head, head_lemma, cases, end)
    if isinstance(tail, Entity):
        b = ctx.entity_tokens[tail.id][1]
        return Ref("entity", i, b, frozenset(cases), tail, role_head=head_lemma, number="sing")
    numbers = _nominative_numbers(head_word)
    number = None if len(numbers) != 1 else next(iter(numbers))
    return Ref(
        "role",
        i,
        tail,
        frozenset(cases),
        gender=_role_gender(head_word),
        role_head=head_lemma,
        number=number,
        bare=tail == head + 1,
    )


def _role_tail(
    ctx: Context, head: int, head_lemma: str, cases: frozenset[str], end: int
) -> int | Entity:
    """Where a role's genitive dependents end (``представитель Кремля``, ``лидер
    Движения против ...``), or the person its apposition names."""
    morph = get_morph()
    j = head + 1
    skipped = 0  # a bracket counts as one word
    while j < end and j - head - skipped <= _ROLE_MAX:
        if ctx.tokens[j].text == "(" and j > head + 1:
            # "представитель «Национального союза» (Unión Nacional) Сесар Дуран": the
            # bracket repeats a name in another language; the phrase goes on after it
            close = next(
                (k for k in range(j + 1, min(end, j + 12)) if ctx.tokens[k].text == ")"), None
            )
            if close is not None and close + 1 < end and close + 1 in ctx.entity_at:
                skipped += close - j
                j = close + 1
                continue
        ent = ctx.entity_at.get(j)
        if ent is not None:
            if _in_apposition(ctx, ent, head, head_lemma, cases, j, end):
                # "куратор музея По в Балтиморе Джефф Джером": a name that fits any case
                # may be the dependent's, when another closes the phrase after it
                return _later_name(ctx, ent, head, end) or ent
            j = ctx.entity_tokens[ent.id][1]
            continue
        t = ctx.tokens[j]
        if t.text in QUOTE_CHARS or (
            _pos(ctx, j) in ("ADJF", "PRTF", "NOUN") and "gent" in morph.cases(t.text)
        ):
            j += 1
            continue
        if t.text.lower() == "и" and j + 1 < end and _pos(ctx, j + 1) == "NOUN":
            # "писатель и журналист Виктор Шендерович"
            j += 2
            continue
        if _pos(ctx, j) == "PREP" and head_lemma in indefinite_roles():
            where = _indefinite_place(ctx, j, end)
            if where is not None:
                return where
        if _pos(ctx, j) == "PREP" and j + 1 < end:
            named = _named_after_preposition(ctx, j, end)
            if named is not None:
                return named
        break
    return j


def _later_name(ctx: Context, ent: Entity, head: int, end: int) -> Entity | None:
    """The person closing a role phrase after ``ent``, where ``ent`` does not close it
    and its words decline in no case (``По``), past a place phrase (``в Балтиморе``)."""
    a, b = ctx.entity_tokens[ent.id]
    if _closes_phrase(ctx, ent, head, a, end) or len(entity_cases(ctx, ent)) < 6:
        return None
    k = b
    while k < end and k - b <= 6:
        other = ctx.entity_at.get(k)
        if other is not None and other.type == "PER":
            stop = ctx.entity_tokens[other.id][1]
            closes = stop >= end or ctx.tokens[stop].text in (",", "(") or _pos(ctx, stop) == "VERB"
            return other if closes else None
        if ctx.tokens[k].text in (",", ".", ":", ";", "и") or _pos(ctx, k) == "VERB":
            return None  # "депутаты Адальби Шхагошев и Александр Грибов": both speak
        k = ctx.entity_tokens[other.id][1] if other is not None else k + 1
    return None


def _in_apposition(
    ctx: Context,
    ent: Entity,
    head: int,
    head_lemma: str,
    cases: frozenset[str],
    j: int,
    end: int,
) -> bool:
    """Apposition agrees in case: ``пресс-секретарь Кремля Дмитрий Песков``; a body's
    name is never in apposition (``пресс-служба Кадырова``)."""
    return (
        ent.type == "PER"
        and head_lemma not in institutions()
        and bool(entity_cases(ctx, ent) & cases or _closes_phrase(ctx, ent, head, j, end))
    )


def _indefinite_place(ctx: Context, j: int, end: int) -> int | None:
    """Where ``источник в правительстве``, ``представитель из окружения министра`` ends."""
    if ctx.tokens[j].text.lower() not in ("в", "во", "из", "на") or j + 1 >= end:
        return None
    k = j + 1
    while k < end and _pos(ctx, k) in ("ADJF", "PRTF"):
        k += 1
    ent = ctx.entity_at.get(k)
    if ent is not None and ent.type != "PER":
        return ctx.entity_tokens[ent.id][1]
    if k < end and _pos(ctx, k) == "NOUN":
        return k + 1
    return None


def _named_after_preposition(ctx: Context, j: int, end: int) -> Entity | None:
    """A prepositional tail only counts when a name follows it (apposition)."""
    k = j + 1
    while (
        k < end
        and k - j <= 8
        and (_pos(ctx, k) in ("ADJF", "PRTF", "NOUN", "CONJ", "PREP") or ctx.tokens[k].text == ",")
    ):
        if k in ctx.entity_at:
            break
        k += 1
    ent = ctx.entity_at.get(k)
    return ent if ent is not None and ent.type == "PER" else None
