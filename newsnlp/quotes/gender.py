"""Gender as the document shows it: the cue verbs next to a person's mentions, then the name.

A quote's cue verb (``заявила``) must agree with its speaker; the document itself is the
best witness of a person's gender, the dictionary's guess from the name comes second.

Пример::

    >>> from newsnlp.quotes.gender import person_gender
    >>> person_gender("Алла Бут")
    'femn'
"""

from __future__ import annotations

from ..document import Entity
from ..morph import get_morph
from .context import (
    Context,
    institutions,
)

__all__ = ["gender_of", "person_gender", "same_surname"]


def gender_of(ctx: Context, entity: Entity) -> str | None:
    """A person's gender as the document shows it: the past-tense verbs next to the
    person's mentions (``Макрон заявил``) outvote the dictionary's guess from the name
    (pymorphy3 lists ``Эммануэль`` as a woman's name only)."""
    votes = ctx.once(_verb_gender_votes)
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
