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

from ..document import Token
from ..morph import get_morph

__all__ = ["normal_forms", "normalize"]


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


def _join(tokens: Sequence[Token], words: Sequence[str]) -> str:
    """Words put back together with the spacing of the text (``Roem.ru``, not ``Roem . ru``)."""
    out = [words[0]]
    for k in range(1, len(words)):
        if tokens[k].start != tokens[k - 1].stop:
            out.append(" ")
        out.append(words[k])
    return "".join(out)


def normal_forms(type_: str, tokens: Sequence[Token]) -> list[str]:
    """Nominative readings of a mention's tokens, likeliest first, spaced as written.

    Only persons can have more than one reading (``Иванова`` -> ``Иванов``/``Иванова``).

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> normal_forms("ORG", list(tokenize_sentences("Roem.ru", [])))
        ['Roem.ru']
    """
    if not tokens:
        return [""]
    morph = get_morph()
    words = [t.text for t in tokens]
    if type_ == "PER":
        return [_join(tokens, form) for form in morph.name_forms_words(words)]
    return [_join(tokens, morph.nominative_phrase_words(words))]
