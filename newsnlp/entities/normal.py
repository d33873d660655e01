"""Normal forms of entity mentions: the name in the nominative, without quote marks.

Пример::

    >>> from newsnlp.entities.normal import normalize
    >>> normalize("PER", ["Дмитрия", "Пескова"])
    'Дмитрий Песков'
    >>> normalize("LOC", ["Северной", "Кореи"])
    'Северная Корея'
"""

from __future__ import annotations

from collections.abc import Sequence

from ..morph import get_morph

__all__ = ["name_forms", "normalize"]


def normalize(type_: str, words: Sequence[str]) -> str:
    """Nominative form of a PER, LOC or ORG mention given its words (marks left out).

    Persons inflect every name part in the gender of the name; places and
    organisations inflect their leading adjective-noun group only, so dependents
    keep their form (``Совете Безопасности`` -> ``Совет Безопасности``).

    Пример::

        >>> normalize("ORG", ["РИА", "Новости"])
        'РИА Новости'
    """
    if not words:
        return ""
    morph = get_morph()
    if type_ == "PER":
        return morph.nominative_name(words)
    return morph.nominative_phrase(words)


def name_forms(words: Sequence[str]) -> list[str]:
    """Nominative readings of a person's name, likeliest first.

    Пример::

        >>> name_forms(["Путина"])[0]
        'Путин'
    """
    return get_morph().name_forms(words) if words else [""]
