"""Nominatives of name words the dictionary does not know, read off their endings.

Пример::

    >>> from newsnlp.name_endings import rule_nominative
    >>> rule_nominative("Рейсмана", "masc", "gent")
    'Рейсман'
"""

from __future__ import annotations

import re

__all__ = ["rule_nominative"]

_CYRILLIC_WORD = re.compile(r"^[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*$")
_VOWELS = frozenset("аеёиоуыэюя")

# Endings of declined name words and the nominative ending each comes from, by the
# person's gender and the case: (ending, nominative ending). Tried longest first. They
# cover the paradigms names the dictionary does not know follow: -ов/-ин surnames
# (Карасина -> Карасин, Сафарбаковой -> Сафарбакова), adjectival ones (-ская), foreign
# names on a consonant (Рейсмана -> Рейсман, Карзаем -> Карзай) and men's names in -а
# (Дерипаски -> Дерипаска). pymorphy3's guesser would also invent adjectives
# (Сафарбаковая, Карасиный); these rules only take an ending off and put one on.
# A man's surname of these paradigms has one form for the genitive and the accusative
# (an animate noun): the two lists differ only in the names in -а (Дерипаски / Дерипаску).
_MASC_GENT_ACCS: tuple[tuple[str, str], ...] = (
    ("ского", "ский"),
    ("цкого", "цкий"),
    ("ова", "ов"),
    ("ева", "ев"),
    ("ёва", "ёв"),
    ("ина", "ин"),
    ("ына", "ын"),
    ("ая", "ай"),
    ("ея", "ей"),
    ("оя", "ой"),
    ("уя", "уй"),
)
_MASC_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "gent": (
        *_MASC_GENT_ACCS,
        ("ки", "ка"),
        ("ги", "га"),
        ("хи", "ха"),
        ("ы", "а"),
        ("а", ""),
    ),
    "accs": (
        *_MASC_GENT_ACCS,
        ("ку", "ка"),
        ("гу", "га"),
        ("ху", "ха"),
        ("а", ""),
    ),
    "datv": (
        ("скому", "ский"),
        ("цкому", "цкий"),
        ("ову", "ов"),
        ("еву", "ев"),
        ("ёву", "ёв"),
        ("ину", "ин"),
        ("ыну", "ын"),
        ("аю", "ай"),
        ("ею", "ей"),
        ("ою", "ой"),
        ("ке", "ка"),
        ("ге", "га"),
        ("хе", "ха"),
        ("йе", "йя"),
        ("у", ""),
    ),
    "ablt": (
        ("ским", "ский"),
        ("цким", "цкий"),
        ("овым", "ов"),
        ("евым", "ев"),
        ("ёвым", "ёв"),
        ("иным", "ин"),
        ("ыным", "ын"),
        ("аем", "ай"),
        ("еем", "ей"),
        ("оем", "ой"),
        ("кой", "ка"),
        ("гой", "га"),
        ("хой", "ха"),
        ("ом", ""),
        # a man's name in -а declines as a woman's (Авилой -> Авила); a man's name in
        # -ой would be -ым here (Донским), so -ой is never his own ending
        ("ой", "а"),
    ),
    "loct": (
        ("ском", "ский"),
        ("цком", "цкий"),
        ("ове", "ов"),
        ("еве", "ев"),
        ("ёве", "ёв"),
        ("ине", "ин"),
        ("ыне", "ын"),
        ("ае", "ай"),
        ("ее", "ей"),
        ("ое", "ой"),
        ("ке", "ка"),
        ("ге", "га"),
        ("хе", "ха"),
        ("йе", "йя"),
        ("е", ""),
    ),
}
_FEMN_ADJECTIVAL = (
    ("ской", "ская"),
    ("цкой", "цкая"),
    ("овой", "ова"),
    ("евой", "ева"),
    ("ёвой", "ёва"),
    ("иной", "ина"),
    ("ыной", "ына"),
)
# a man's name in -ска declines so too (Дерипаской), but not one in -цка, -ова, -ина
_FEMN_ONLY_ABLT = tuple(ending for ending, _ in _FEMN_ADJECTIVAL if ending != "ской")
_FEMN_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "gent": (*_FEMN_ADJECTIVAL, ("ки", "ка"), ("ги", "га"), ("хи", "ха"), ("ы", "а")),
    "datv": (*_FEMN_ADJECTIVAL, ("е", "а")),
    "loct": (*_FEMN_ADJECTIVAL, ("е", "а")),
    "ablt": (*_FEMN_ADJECTIVAL, ("ой", "а")),
    "accs": (
        ("скую", "ская"),
        ("цкую", "цкая"),
        ("ову", "ова"),
        ("еву", "ева"),
        ("ёву", "ёва"),
        ("ину", "ина"),
        ("ыну", "ына"),
        ("у", "а"),
    ),
}
_CONSONANT_BEFORE = frozenset("бвгдзклмнпрстфхжшчщц")


def rule_nominative(word: str, gender: str | None, case: str) -> str | None:
    """The nominative of a name word the dictionary does not know, from its ending alone,
    or None when no rule of the person's gender and case fits.

    Пример::

        >>> rule_nominative("Дерипаски", "masc", "gent"), rule_nominative("Карзаем", "masc", "ablt")
        ('Дерипаска', 'Карзай')
        >>> rule_nominative("Сафарбаковой", "femn", "datv"), rule_nominative("Бут", "femn", "gent")
        ('Сафарбакова', None)
    """
    if case == "nomn" or not _CYRILLIC_WORD.match(word):
        return None
    table = _FEMN_ENDINGS if gender == "femn" else _MASC_ENDINGS
    lower = word.lower()
    for ending, nominative in table.get(case, ()):
        if not lower.endswith(ending):
            continue
        stem = lower[: len(lower) - len(ending)]
        if len(stem) < 2 or not any(c in _VOWELS for c in stem):
            return None
        if nominative == "" and stem[-1] not in _CONSONANT_BEFORE:
            return None  # "Тони", "Пабло": a vowel before the ending is no declension
        if nominative in ("а", "ка", "га", "ха") and stem[-1] not in _CONSONANT_BEFORE | {"к"}:
            return None  # "Саломе", "Зои": a vowel before the ending
        if gender != "femn" and case == "ablt" and lower.endswith(_FEMN_ONLY_ABLT):
            return None  # "Липницкой", "Сафарбаковой": a woman's surname, never a man's
        return _capitalised_as(word, stem + nominative)
    return None


def _capitalised_as(original: str, word: str) -> str:
    """``word`` with the capitals of ``original`` (``Дерипаски`` -> ``Дерипаска``)."""
    if original.isupper() and len(original) > 1:
        return word.upper()
    parts, originals = word.split("-"), original.split("-")
    if len(parts) == len(originals):
        return "-".join(
            p[:1].upper() + p[1:] if o[:1].isupper() else p
            for p, o in zip(parts, originals, strict=True)
        )
    return word[:1].upper() + word[1:] if original[:1].isupper() else word
