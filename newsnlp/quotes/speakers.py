"""Speakers: find the noun phrase that says something, and resolve it through the document.

A speaker is written as a name (``Ким Чен Ын``, ``Песков``), a pronoun (``он``,
``по её словам``), a role (``пресс-секретарь Кремля``, ``северокорейский диктатор``,
``представитель Кремля``), an organisation or a medium, or a place standing for an
institution (``как пояснили в милиции``). :func:`resolve` maps it to the canonical name:
the cluster's fullest name for people (with gender agreement of the cue verb), the role
phrase in the nominative where the role names nobody in particular.

Пример::

    >>> from newsnlp.quotes.speakers import PRONOUNS
    >>> PRONOUNS["она"]
    ('femn', 'nomn')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..document import Entity, Mention
from ..entities.normal import preposition_cases
from ..morph import get_morph
from .context import (
    QUOTE_CHARS,
    Context,
    indefinite_roles,
    institutions,
    relations,
    title_lemmas,
)
from .sources import MEDIA_NOUNS, is_medium, last_medium, medium_source

__all__ = [
    "PRONOUNS",
    "Ref",
    "State",
    "is_medium_ref",
    "np_at",
    "resolve",
    "subject_left",
    "subject_right",
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
_SEARCH_MAX = 14


@dataclass
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
        return every if shared is None else shared
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


_QUANTIFIERS = frozenset(
    {"все", "многие", "некоторые", "несколько", "большинство", "ряд", "часть", "большая"}
)


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
    """
    if i >= end:
        return None
    entity = ctx.entity_at.get(i)
    if entity is not None:
        a, b = ctx.entity_tokens[entity.id]
        # take the closing quote mark of a name in quotes along
        while b < end and ctx.tokens[b].text in QUOTE_CHARS and b < a + 8:
            if ctx.tokens[b].start == ctx.tokens[b - 1].stop:
                b += 1
            else:
                break
        return Ref("entity", i, b, entity_cases(ctx, entity), entity, number="sing")
    token = ctx.tokens[i]
    lower = token.text.lower()
    if lower in PRONOUNS:
        gender, case = PRONOUNS[lower]
        pronoun_cases = frozenset({"gent", "accs"} if case == "gent" else {case})
        pronoun_number = "plur" if gender == "plur" else "sing"
        return Ref("pronoun", i, i + 1, pronoun_cases, gender=gender, number=pronoun_number)
    if token.pos is None and token.text[:1].isalpha() and token.text.isascii():
        # an untagged Latin name: "Согласно comScore", "по данным Techcrunch"
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
    if not (token.text[:1].isalpha() or (token.text[:1].isdigit() and token.pos == "ADJF")):
        return None
    if token.text[:1].isupper() and _name_word(token.text):
        # a person's name the tagger missed ("Лавров назвал ..."): its name words
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
    morph = get_morph()
    if lower in _QUANTIFIERS or token.text.isdigit():
        # "Все 29 аналитиков", "многие эксперты", "большинство экономистов": the group
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
            group.cases, group.number, group.gender = frozenset({"nomn"}), "plur", "plur"
            group.written_case = "gent"
            return group
        return None
    j = i
    while j < end and j - i < 3 and _adjective_like(ctx, j):
        j += 1
        if j < end and j in ctx.entity_at:
            named = np_at(ctx, j, end)
            if named is not None and named.entity is not None and named.entity.type == "ORG":
                # "оппозиционные СМИ Беларуси": the adjectives belong to the name
                named.kind, named.first = "role", i
                named.cases = named.cases & _cases_of(ctx, i, j)
                return named
            # "Сам Александр Белов": the name is the phrase
            return named
    if j >= end or _pos(ctx, j) != "NOUN":
        return None
    head = j
    head_word = ctx.tokens[head].text
    known = title_lemmas() | institutions() | indefinite_roles() | relations()
    parses = morph.parse(head_word)
    person = next((p for p in parses if p.tag.POS == "NOUN" and "anim" in p.tag.grammemes), None)
    head_lemma = ctx.head_lemma(head, known) or (
        str(person.normal_form).replace("ё", "е") if person is not None else ctx.lemma(head)
    )
    animate = person is not None
    if not (animate or head_lemma in known):
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
    ):
        # "агентство ТАСС", "газета «Ла стампа»": the body is the name after the noun
        return np_at(ctx, after, end)
    cases: frozenset[str] = morph.cases(head_word)
    for k in range(i, head):
        cases = cases & morph.cases(ctx.tokens[k].text)
    numbers = _nominative_numbers(head_word)
    j = head + 1
    # dependents in the genitive: "представитель Кремля", "лидер Движения против ..."
    while j < end and j - head <= _ROLE_MAX:
        ent = ctx.entity_at.get(j)
        if (
            ent is not None
            and ent.type == "PER"
            and head_lemma not in institutions()
            and (entity_cases(ctx, ent) & cases or _closes_phrase(ctx, ent, head, j, end))
        ):
            # apposition agrees in case: "пресс-секретарь Кремля Дмитрий Песков"; a
            # body's name is never in apposition ("пресс-служба Кадырова")
            a, b = ctx.entity_tokens[ent.id]
            return Ref("entity", i, b, frozenset(cases), ent, role_head=head_lemma, number="sing")
        if ent is not None:
            j = ctx.entity_tokens[ent.id][1]
            continue
        t = ctx.tokens[j]
        if t.text in QUOTE_CHARS:
            j += 1
            continue
        if _pos(ctx, j) in ("ADJF", "PRTF", "NOUN") and "gent" in morph.cases(t.text):
            j += 1
            continue
        if t.text.lower() == "и" and j + 1 < end and _pos(ctx, j + 1) == "NOUN":
            # "писатель и журналист Виктор Шендерович"
            j += 2
            continue
        if (
            _pos(ctx, j) == "PREP"
            and head_lemma in indefinite_roles()
            and ctx.tokens[j].text.lower() in ("в", "во", "из", "на")
            and j + 1 < end
        ):
            # "источник в правительстве", "представитель из окружения министра"
            k = j + 1
            while k < end and _pos(ctx, k) in ("ADJF", "PRTF"):
                k += 1
            ent = ctx.entity_at.get(k)
            if ent is not None and ent.type != "PER":
                j = ctx.entity_tokens[ent.id][1]
                break
            if k < end and _pos(ctx, k) == "NOUN":
                j = k + 1
                break
        if _pos(ctx, j) == "PREP" and j + 1 < end:
            # a prepositional tail only counts when a name follows it (apposition)
            k = j + 1
            while (
                k < end
                and k - j <= 8
                and (
                    _pos(ctx, k) in ("ADJF", "PRTF", "NOUN", "CONJ", "PREP")
                    or ctx.tokens[k].text == ","
                )
            ):
                if k in ctx.entity_at:
                    break
                k += 1
            ent = ctx.entity_at.get(k)
            if ent is not None and ent.type == "PER":
                a, b = ctx.entity_tokens[ent.id]
                return Ref(
                    "entity", i, b, frozenset(cases), ent, role_head=head_lemma, number="sing"
                )
        break
    number = None if len(numbers) != 1 else next(iter(numbers))
    return Ref(
        "role",
        i,
        j,
        frozenset(cases),
        gender=_role_gender(head_word),
        role_head=head_lemma,
        number=number,
        bare=j == head + 1,
    )


def _agrees(ctx: Context, ref: Ref, gender: str | None, state: State | None) -> bool:
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


def _noun_gender(name: str) -> str | None:
    """Grammatical gender of an organisation's name (``Еврокомиссия``: femn)."""
    words = name.split()
    if not words:
        return None
    for p in get_morph().parse(words[0]):
        if p.tag.POS == "NOUN" and p.tag.case == "nomn" and get_morph().is_known(words[0]):
            return str(p.tag.gender) if p.tag.gender in ("masc", "femn") else None
    return None


def gender_of(ctx: Context, entity: Entity) -> str | None:
    """A person's gender as the document shows it: the past-tense verbs next to the
    person's mentions (``Макрон заявил``) outvote the dictionary's guess from the name
    (pymorphy3 lists ``Эммануэль`` as a woman's name only)."""
    if ctx.gender_votes is None:
        ctx.gender_votes = _verb_gender_votes(ctx)
    votes = ctx.gender_votes
    cluster_votes = votes.get(entity.cluster or "")
    if cluster_votes:
        masc, femn = cluster_votes.get("masc", 0), cluster_votes.get("femn", 0)
        if masc != femn:
            return "masc" if masc > femn else "femn"
    cluster = ctx.cluster_by_id.get(entity.cluster or "")
    return person_gender(cluster.name if cluster else entity.normal)


def _verb_gender_votes(ctx: Context) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for entity in ctx.entities:
        if entity.type != "PER" or entity.id not in ctx.entity_tokens:
            continue
        if len(entity.text.split()) < 2:
            continue  # "Бут сообщил": a surname alone may belong to another Бут
        a, b = ctx.entity_tokens[entity.id]
        before = ctx.tokens[a - 1] if a > 0 else None
        if before is not None and (
            before.pos == "PREP"
            or (before.pos == "NOUN" and ctx.head_lemma(a - 1, institutions()) is not None)
        ):
            continue  # "Пресс-служба Кадырова заявила": the verb is not the person's
        for k in (b, a - 1):
            if 0 <= k < len(ctx.tokens) and ctx.tokens[k].pos == "VERB":
                g = ctx.verb_gender(k)
                if g in ("masc", "femn"):
                    counts = out.setdefault(entity.cluster or "", {})
                    counts[g] = counts.get(g, 0) + 1
                break
    return out


def person_gender(name: str) -> str | None:
    """Gender of a person's name from its first name or surname, if pymorphy3 knows it.

    Пример::

        >>> person_gender("Алла Бут"), person_gender("Виктор Бут"), person_gender("Ын")
        ('femn', 'masc', None)
    """
    return get_morph().name_gender(name)


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
_CARRIERS = frozenset({"интервью", "эфир", "беседа", "комментарий", "разговор", "программа"})
_STOP_RIGHT = frozenset({",", ":", ";", "(", ")", "-", "–", "—", ".", "!", "?", "…"})


def subject_right(
    ctx: Context, cue: int, end: int, gender: str | None, state: State | None = None
) -> Ref | None:
    """The nominative speaker after a cue verb: ``— сказал Ким Путину``.

    Prepositional phrases are stepped over (``сказал в беседе с корреспондентом
    «Голоса Америки» лидер ДПНИ Александр Белов``).
    """
    i = cue + 1
    while i < end and i - cue <= _SEARCH_MAX:
        token = ctx.tokens[i]
        if token.text in _STOP_RIGHT:
            return None
        if _pos(ctx, i) in PREPOSITIONS_POS:
            i = _skip_oblique(ctx, i, end)
            continue
        ref = np_at(ctx, i, end)
        if ref is not None:
            if "nomn" in ref.cases and _agrees(ctx, ref, gender, state):
                if is_medium_ref(ref) and ref.stop < end:
                    # "сообщил РИА Новости источник в правительстве": the medium is
                    # whom it was told; the speaker comes after it
                    later = subject_right(ctx, ref.stop - 1, end, gender, state)
                    if later is not None and not is_medium_ref(later):
                        return later
                return _apposition(ctx, ref, end) or ref
            i = ref.stop
            continue
        if _pos(ctx, i) == "VERB" and ctx.cue(i) is False and i > cue + 1:
            return None
        i += 1
    return None


def is_medium_ref(ref: Ref) -> bool:
    """Whether a written speaker is a known medium or agency (``агентство ТАСС``)."""
    return ref.entity is not None and is_medium(ref.entity.normal)


def _apposition(ctx: Context, ref: Ref, end: int) -> Ref | None:
    """``лидер Меджлиса, народный депутат Украины Мустафа Джемилев``: a role, a comma,
    and a name closing the clause: the name is the speaker."""
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


def subject_left(
    ctx: Context,
    cue: int,
    begin: int,
    gender: str | None,
    state: State | None = None,
    leftmost: bool = False,
) -> Ref | None:
    """The nominative speaker before a cue verb, nearest first: ``Ким Чен Ын заявил``.

    ``leftmost`` takes the first subject of the sentence instead, as for an adverbial
    participle (``Аарон Гринспен, управляющий компанией FaceCash, ..., полагая, что``)."""
    found: list[Ref] = []
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
        if _agrees(ctx, ref, gender, state):
            return _apposition(ctx, ref, cue) or ref
    return None


_COORDINATION = frozenset({"и", "его", "её", "ее", "их", "свои", "своя", "свой"})


def _coordinated(ctx: Context, first: Ref, second: Ref) -> bool:
    """``Иван Бозович и его коллеги``: two phrases joined by и (and a possessive)."""
    between = [ctx.tokens[k].text.lower() for k in range(first.stop, second.first)]
    return bool(between) and between[0] == "и" and all(w in _COORDINATION for w in between)


def same_surname(ctx: Context, entity: Entity, gender: str) -> Entity | None:
    """Another person of the entity's section with its surname and the wanted gender
    (``Бут рассказала`` after ``Виктор Бут`` and ``Алла Бут``: Алла Бут)."""
    surname = entity.normal.split()[-1].lower()
    section = ctx.section_index(entity.start)
    best = None
    for other in ctx.entities:
        if other.type != "PER" or ctx.section_index(other.start) != section:
            continue
        cluster = ctx.cluster_by_id.get(other.cluster or "")
        name = cluster.name if cluster else other.normal
        fits = surname in name.lower().split() and gender_of(ctx, other) == gender
        if fits and (other.start < entity.start or best is None):
            best = other
    return best


@dataclass
class Resolved:
    """A speaker resolved to a canonical name."""

    mention: Mention
    gender: str | None
    person: bool


class State:
    """What the reader remembers while going through one section: the last speaker."""

    def __init__(self, ctx: Context, section: int) -> None:
        self.ctx = ctx
        self.section = section
        self.last: Resolved | None = None
        self.last_sentence = -10
        self.last_offset = -1

    def remember(self, resolved: Resolved, sentence: int, offset: int) -> None:
        """Keep the speaker of a quote for pronouns and bare roles that follow."""
        self.last = resolved
        self.last_sentence = sentence
        self.last_offset = offset

    def recent_speaker(self, sentence: int, gender: str | None) -> Resolved | None:
        """The last speaker if within a few sentences and of a fitting gender.

        A body (``Еврокомиссия``) can be taken up by a pronoun of its grammatical gender
        (``она заявила``), never by a gender it does not have."""
        last = self.last
        if last is None or sentence - self.last_sentence > 4:
            return None
        if not last.person and (gender is None or last.gender != gender):
            return None
        if gender is not None and last.gender is not None and last.gender != gender:
            return None
        return last

    def recent_person(
        self, before: int, gender: str | None, after: int = -1, subject: bool = False
    ) -> Entity | None:
        """The person named last in ``(after, before)``, of a fitting gender; with
        ``subject``, only a mention that can be nominative (a subject)."""
        best = None
        for entity in self.ctx.entities:
            if entity.start >= before:
                break
            if entity.start <= after or entity.type != "PER":
                continue
            if self.ctx.section_index(entity.start) != self.section:
                continue
            if gender == "plur":
                continue
            g = gender_of(self.ctx, entity)
            if gender is not None and g is not None and g != gender:
                continue
            if (
                subject
                and entity.id in self.ctx.entity_tokens
                and "nomn" not in entity_cases(self.ctx, entity)
            ):
                continue
            region = self.ctx.region_at(entity.start)
            if region is not None and region.stop - region.start > 30:
                continue  # named inside someone's quoted words: not who speaks next
            best = entity
        return best

    def _name(self, entity: Entity) -> str:
        cluster = self.ctx.cluster_by_id.get(entity.cluster or "")
        return cluster.name if cluster else entity.normal

    def colleague(self, ref: Ref, sentence: int, gender: str | None) -> Resolved | None:
        """The last speaker, if the text gave them a role at the organisation a
        representative-like role names (``представитель Philips``)."""
        recent = self.recent_speaker(sentence, gender)
        if recent is None or not recent.person or recent.mention.cluster is None:
            return None
        ctx = self.ctx
        cluster_id = recent.mention.cluster
        orgs = {
            e.normal.lower()
            for i in range(ref.first, ref.stop)
            if (e := ctx.entity_at.get(i)) is not None
        }
        if not orgs:
            return None
        # the person and the organisation named in one sentence: "директора ... Philips
        # в России Елену Сябренко"
        together = False
        for sent in ctx.sentences:
            inside = [e for e in ctx.entities if sent.start <= e.start < sent.stop]
            if any(e.cluster == cluster_id for e in inside) and any(
                e.normal.lower() in orgs for e in inside
            ):
                together = True
                break
        if not together:
            return None
        m = recent.mention
        return Resolved(_mention(self.ctx, ref, m.normal, m.type, m.cluster), recent.gender, True)

    def office_holder(self, ref: Ref, phrase: str, gender: str | None) -> Entity | None:
        """The person named as a subject in the last sentences who may hold the office
        a role phrase names; None where the holder is not clear."""
        ctx = self.ctx
        start = ctx.tokens[ref.first].start
        sentence = ctx.tok_sent[ref.first]
        low_sentence = max(0, sentence - 2)
        low = ctx.sentences[low_sentence].start if ctx.sentences else 0
        head = phrase.split()[0] if phrase else ""
        candidates = [
            e
            for e in ctx.entities
            if e.type == "PER"
            and low <= e.start < start
            and ctx.section_index(e.start) == self.section
            and e.id in ctx.entity_tokens
            and "nomn" in entity_cases(ctx, e)
            # "вместе с Царнаевым": after a preposition a name is an object, never the
            # office holder just spoken of
            and not _governed(ctx, ctx.entity_tokens[e.id][0])
        ]
        for entity in reversed(candidates):
            cluster = ctx.cluster_by_id.get(entity.cluster or "")
            g = gender_of(ctx, entity)
            if gender is not None and g is not None and g != gender:
                continue
            roles = cluster.roles if cluster else ()
            if any(r.split()[0] == head and r != phrase for r in roles if r):
                return None  # holds another office of this kind: not this one
            return entity
        return None

    def plural_antecedent(self, ref: Ref, sentence: int) -> Resolved | None:
        """Who ``они`` are: the last speaker if a group, else the group of people named
        last (``шестеро вязальщиков ... они отвечали``)."""
        last = self.last
        if last is not None and last.gender == "plur" and sentence - self.last_sentence <= 4:
            m = last.mention
            return Resolved(_mention(self.ctx, ref, m.normal, m.type, m.cluster), "plur", True)
        ctx = self.ctx
        first_sentence = max(0, sentence - 2)
        low = ctx.sent_ranges[first_sentence][0] if ctx.sent_ranges else 0
        for k in range(ref.first - 1, low - 1, -1):
            if ctx.section_index(ctx.tokens[k].start) != self.section:
                break
            token = ctx.tokens[k]
            if token.pos != "NOUN" or not token.text.islower():
                continue
            if k > 0 and ctx.tokens[k - 1].pos in ("NOUN", "PREP"):
                continue  # "на вопросы прохожих": a dependent, not who answers
            parses = get_morph().parse(token.text)
            if parses and "anim" in parses[0].tag.grammemes and parses[0].tag.number == "plur":
                group = Ref("role", k, k + 1, frozenset(), gender="plur", number="plur")
                phrase = role_phrase(ctx, group)
                return Resolved(_mention(ctx, ref, phrase, None, None), "plur", True)
        return None

    def antecedent(self, ref: Ref, sentence: int, gender: str | None) -> Resolved | None:
        """Who a pronoun or a bare role (``он``, ``протоиерей``) points back to: a person
        named as a subject since the last quote, else the last speaker, else the last
        person named."""
        start = self.ctx.tokens[ref.first].start
        recent = self.recent_speaker(sentence, gender)
        fresh = self.recent_person(start, gender, after=self.last_offset, subject=True)
        if fresh is not None and (recent is None or fresh.start > self.last_offset):
            return _person(self.ctx, ref, fresh)
        if recent is not None:
            m = recent.mention
            return Resolved(
                _mention(self.ctx, ref, m.normal, m.type, m.cluster), recent.gender, recent.person
            )
        person = self.recent_person(start, gender)
        if person is not None:
            return _person(self.ctx, ref, person)
        return None


def _mention(
    ctx: Context, ref: Ref, normal: str, type_: str | None, cluster: str | None
) -> Mention:
    start = ctx.tokens[ref.first].start
    stop = ctx.tokens[ref.stop - 1].stop
    return Mention(start, stop, ctx.text[start:stop], normal, type_, cluster)


def _person(ctx: Context, ref: Ref, entity: Entity) -> Resolved:
    cluster = ctx.cluster_by_id.get(entity.cluster or "")
    name = cluster.name if cluster else entity.normal
    type_ = cluster.type if cluster else entity.type
    return Resolved(
        _mention(ctx, ref, name, type_, entity.cluster),
        gender_of(ctx, entity) if type_ == "PER" else None,
        type_ == "PER",
    )


def _other_place(ctx: Context, ref: Ref, role: str) -> bool:
    """Whether a role given earlier names another country or city than the role phrase:
    "президент Франции" is not the "президент России" of the text."""
    morph = get_morph()
    places = {
        morph.lemma(ctx.tokens[k].text)
        for i in range(ref.first, ref.stop)
        if (e := ctx.entity_at.get(i)) is not None and e.type == "LOC"
        for k in range(*ctx.entity_tokens[e.id])
    }
    if not places:
        return False
    named = {morph.lemma(w) for w in role.split() if w[:1].isupper()}
    return bool(named) and not (named & places)


def _person_inside(ctx: Context, ref: Ref) -> bool:
    """Whether a role phrase names a person (an office of someone: ``адвокат Медведева``)."""
    return any(
        (e := ctx.entity_at.get(i)) is not None and e.type == "PER"
        for i in range(ref.first, ref.stop)
    )


def _names_inside(ctx: Context, ref: Ref) -> bool:
    """Whether a role phrase names an organisation or place (``представитель Кремля``)."""
    return any(i in ctx.entity_at for i in range(ref.first, ref.stop))


def role_phrase(ctx: Context, ref: Ref, case: str | None = None) -> str:
    """The role words of a reference in the nominative: ``представителя Кремля`` ->
    ``представитель Кремля``."""
    tokens = [ctx.tokens[i] for i in range(ref.first, ref.stop)]
    words = get_morph().nominative_phrase_words([t.text for t in tokens], case)
    out = [words[0]]
    for k in range(1, len(words)):
        if tokens[k].start != tokens[k - 1].stop:
            out.append(" ")
        out.append(words[k])
    phrase = "".join(out)
    first = phrase.split()[0] if phrase else ""
    if phrase[:1].isupper() and not first.isupper() and not _proper(first):
        # "Представитель Кремля" at a sentence start -> "представитель Кремля"
        phrase = phrase[:1].lower() + phrase[1:]
    return phrase


def _proper(word: str) -> bool:
    return any(
        {"Name", "Surn", "Patr", "Geox", "Orgn"} & p.tag.grammemes
        for p in get_morph().parse(word)[:1]
    )


_PRONOUN_NOMINATIVE = {
    "его": "он",
    "ему": "он",
    "её": "она",
    "ее": "она",
    "ей": "она",
    "их": "они",
    "им": "они",
}


def resolve(ctx: Context, ref: Ref, state: State, sentence: int, gender: str | None) -> Resolved:
    """Map a written speaker to its canonical name, using what the section said before.

    Names go to their cluster's fullest form (``Кима`` -> ``Ким Чен Ын``), with the
    gender of the cue verb choosing between people of one surname; pronouns and bare
    roles (``он``, ``протоиерей``) to the person they point back to; a role the text
    gave someone (``пресс-секретарь Кремля``) to that person; any other role stays the
    role phrase in the nominative (``представитель Кремля``): never a guess.

    Пример::

        >>> # tables of resolved speakers: tests/quotes/test_rules.py
    """
    if ref.kind == "entity" and ref.entity is not None:
        entity = ref.entity
        if entity.type != "PER":
            cluster = ctx.cluster_by_id.get(entity.cluster or "")
            name = cluster.name if cluster else entity.normal
            return Resolved(
                _mention(ctx, ref, name, entity.type, entity.cluster), _noun_gender(name), False
            )
        if gender in ("masc", "femn"):
            cluster = ctx.cluster_by_id.get(entity.cluster or "")
            name = cluster.name if cluster else entity.normal
            own = gender_of(ctx, entity)
            if own is not None and own != gender:
                other = same_surname(ctx, entity, gender)
                if other is not None:
                    return _person(ctx, ref, other)
        return _person(ctx, ref, entity)
    if ref.kind == "pronoun":
        wanted = ref.gender
        if wanted != "plur":
            found = state.antecedent(ref, sentence, wanted)
            if found is not None:
                return found
        else:
            found = state.plural_antecedent(ref, sentence)
            if found is not None:
                return found
        # "Об этом пишет газета «Коммерсант». По её данным, ...": no person named, the
        # medium of this or the sentence before is meant
        medium = _last_medium(ctx, ref, state, since=sentence - 1)
        if medium is not None:
            return medium
        pronoun = ctx.tokens[ref.first].text.lower()
        nominative = _PRONOUN_NOMINATIVE.get(pronoun, pronoun)
        return Resolved(_mention(ctx, ref, nominative, None, None), wanted, False)
    if ref.kind == "role":
        named = _apposed_person(ctx, ref)
        if named is not None:
            # "законодатель Хосе Авила": the person named in apposition speaks
            return _person(ctx, ref, named)
        phrase = role_phrase(ctx, ref, ref.written_case)
        head = ref.role_head or ""
        if head in MEDIA_NOUNS and not _names_inside(ctx, ref):
            # "Издание отмечает" after "газета Daily Mirror": the medium named last
            medium = _last_medium(ctx, ref, state)
            if medium is not None:
                return medium
        person = head not in institutions()
        if head in indefinite_roles() and ref.number != "plur":
            # "— отметила представитель Philips" right after Елена Сябренко, director at
            # Philips, spoke: the representative is she
            colleague = state.colleague(ref, sentence, gender)
            if colleague is not None:
                return colleague
        if ref.number == "plur" or head in indefinite_roles() or not person:
            return Resolved(_mention(ctx, ref, phrase, None, None), ref.gender, person)
        # a role the text gave a person earlier: "пресс-секретарь Кремля" -> Песков
        before = ctx.tokens[ref.first].start
        best = None
        for cluster in ctx.clusters:
            if cluster.type != "PER" or not cluster.roles:
                continue
            fits = any(
                head in r.replace("ё", "е").split() and not _other_place(ctx, ref, r)
                for r in cluster.roles
            )
            if not fits:
                continue
            mentions = [
                e
                for e in ctx.entities
                if e.cluster == cluster.id
                and e.start < before
                and ctx.section_index(e.start) == state.section
            ]
            if mentions and (best is None or mentions[-1].start > best.start):
                best = mentions[-1]
        if best is not None:
            return _person(ctx, ref, best)
        if ref.bare or head in relations() or not _names_inside(ctx, ref):
            # "сказал протоиерей", "северокорейский диктатор", "жена бизнесмена",
            # "ветеран футбола": someone just spoken of.
            found = state.antecedent(ref, sentence, gender or ref.gender)
            if found is not None:
                return found
        elif (
            ref.entity is None
            and head in title_lemmas()
            and not _person_inside(ctx, ref)  # "адвокат Медведева" is Medvedev's lawyer
        ):
            # "Премьер-министр Израиля заявил" after "Беньямин Нетаньяху отказался ...":
            # an office is its holder just named, unless that person holds another
            # office of the kind ("президент России" is not "президент Франции").
            holder = state.office_holder(ref, phrase, gender or ref.gender)
            if holder is not None:
                return _person(ctx, ref, holder)
        return Resolved(_mention(ctx, ref, phrase, None, None), ref.gender, True)
    if ref.kind == "name":
        start, stop = ctx.tokens[ref.first].start, ctx.tokens[ref.stop - 1].stop
        name = ctx.text[start:stop]
        return Resolved(_mention(ctx, ref, name, "ORG", None), None, False)
    if ref.kind == "person":
        words = [ctx.tokens[k].text for k in range(ref.first, ref.stop)]
        name = get_morph().nominative_name(words)
        surname = name.split()[-1].lower()
        for cluster in ctx.clusters:
            if cluster.type != "PER" or surname not in cluster.name.lower().split():
                continue
            if any(
                e.cluster == cluster.id and ctx.section_index(e.start) == state.section
                for e in ctx.entities
            ):
                m = _mention(ctx, ref, cluster.name, "PER", cluster.id)
                return Resolved(m, person_gender(cluster.name), True)
        return Resolved(_mention(ctx, ref, name, "PER", None), person_gender(name), True)
    # a place standing for an institution ("как пояснили в милиции") or the owner of
    # a document ("в заявлении Национального фронта")
    phrase = role_phrase(ctx, ref, case="gent" if ref.kind == "owner" else "loct")
    return Resolved(_mention(ctx, ref, phrase, None, None), None, False)


def _last_medium(ctx: Context, ref: Ref, state: State, since: int = -1) -> Resolved | None:
    """The medium named last before a reference, in its section (and in sentence
    ``since`` or later), as a speaker."""
    best = last_medium(ctx, ctx.tokens[ref.first].start, state.section, since)
    if best is None:
        return None
    source = medium_source(ctx, best)
    return Resolved(_mention(ctx, ref, source.normal, "ORG", best.cluster), None, False)


def _apposed_person(ctx: Context, ref: Ref) -> Entity | None:
    """The person a role phrase ends with: ``поддерживающий Чавеса законодатель Хосе
    Авила`` -> Хосе Авила (not Чавес, whose name stands inside the role)."""
    if ref.number == "plur":
        return None  # "Адвокаты Эндрюс": her lawyers, not she
    if ref.entity is not None and ref.entity.type == "PER":
        return ref.entity
    if (ref.role_head or "") in institutions():
        return None  # "пресс-служба Кадырова": his office speaks, not he
    for i in range(ref.first + 1, ref.stop):
        entity = ctx.entity_at.get(i)
        if entity is None or entity.type != "PER" or ctx.entity_tokens[entity.id][1] != ref.stop:
            continue
        # "законодатель Хосе Авила" (apposition) or "адвокат Медведева" (his lawyer):
        # the case alone cannot tell a surname apart, the parse of the sentence can
        si = ctx.tok_sent[i]
        a = ctx.sent_ranges[si][0]
        words = ctx.parse(si)
        if i - a < len(words) and words[i - a].rel in ("appos", "flat:name"):
            return entity
    return None


def _governed(ctx: Context, first: int) -> bool:
    """Whether a preposition right before token ``first`` governs it."""
    return first > 0 and _pos(ctx, first - 1) == "PREP"
