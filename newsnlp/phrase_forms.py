"""Place and organisation names in the nominative: the part of :class:`~newsnlp.morph.Morph`
that inflects a name's leading adjective-noun group and leaves its dependents alone.

Пример::

    >>> from newsnlp.morph import get_morph
    >>> get_morph().nominative_phrase(["Северной", "Кореи"])
    'Северная Корея'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .cache import ByteCache
from .lexicon import fold_yo

__all__ = ["CASES", "CASE_FOLD", "PhraseForms", "restore_case"]

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2")
# pymorphy3 folds the secondary cases into the main ones for agreement purposes.
CASE_FOLD = {"gen2": "gent", "acc2": "accs", "loc2": "loct", "voct": "nomn"}
CYRILLIC_WORD = re.compile(r"^[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*$")
# an abbreviation with a case ending: МИДа, МИДе, ЦСКА is none (all capitals)
_ABBREVIATION_ENDING = re.compile(r"^([А-ЯЁ]{2,})(?:а|у|ом|е|ы|ой|ов|ам|ами|ах)$")


def restore_case(original: str, word: str) -> str:
    """Give ``word`` the capitalisation of ``original`` (and no ё where it wrote е)."""
    if "ё" not in original.lower():
        # pymorphy3 spells dictionary ё; news mostly writes е, and so must the normal form.
        word = fold_yo(word)
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        # Keep inner capitals of hyphenated names: "Нью-Йорка" -> "Нью-Йорк".
        parts = word.split("-")
        originals = original.split("-")
        if len(parts) == len(originals):
            return "-".join(
                p[:1].upper() + p[1:] if o[:1].isupper() else p
                for p, o in zip(parts, originals, strict=True)
            )
        return word[:1].upper() + word[1:]
    return word


class PhraseForms:
    """What :class:`~newsnlp.morph.Morph` does with place and organisation names; it
    needs the analyzer's cached ``parse``, ``is_known`` and ``place_cases``.

    Пример::

        >>> from newsnlp.morph import get_morph
        >>> get_morph().nominative_phrase(["Белого", "дома"])
        'Белый дом'
    """

    parse: ByteCache[str, tuple[Any, ...]]
    _phrases: ByteCache[str, tuple[str, ...]]

    def is_known(self, word: str) -> bool:  # pragma: no cover - Morph defines it
        raise NotImplementedError

    def place_cases(self, word: str) -> frozenset[str]:  # pragma: no cover - Morph's
        raise NotImplementedError

    def nominative_phrase(self, words: Sequence[str], case: str | None = None) -> str:
        """Put a place or organisation name in the nominative, words joined by spaces.

        See :meth:`nominative_phrase_words`.

        Пример::

            >>> from newsnlp.morph import get_morph
            >>> get_morph().nominative_phrase(["Совете", "Безопасности"])
            'Совет Безопасности'
        """
        return " ".join(self.nominative_phrase_words(words, case))

    def nominative_phrase_words(self, words: Sequence[str], case: str | None = None) -> list[str]:
        """Put a place or organisation name in the nominative, word by word.

        The leading group (adjectives and their head noun) is inflected; what follows
        the head is a dependent and keeps its form: ``Совете Безопасности`` ->
        ``Совет Безопасности``, ``Северной Кореи`` -> ``Северная Корея``. ``case``, when
        the caller knows it (``в милиции`` is locative), picks the reading to inflect from.

        Пример::

            >>> from newsnlp.morph import get_morph
            >>> get_morph().nominative_phrase_words(["Белого", "дома"])
            ['Белый', 'дом']
            >>> get_morph().nominative_phrase_words(["милиции"], case="loct")
            ['милиция']
        """
        if not words:
            return []
        if any("\x1e" in w or "\x1f" in w for w in words):  # the key's separators
            return self._nominative_phrase(list(words), case)
        return list(self._phrases("\x1f".join(words) + "\x1e" + (case or "")))

    def _nominative_phrase_of(self, key: str) -> tuple[str, ...]:
        joined, _, wanted = key.partition("\x1e")
        return tuple(self._nominative_phrase(joined.split("\x1f"), wanted or None))

    def _phrase_head(self, words: Sequence[str]) -> int | None:
        """The index of the head noun of a name's leading adjective-noun group."""
        for i, word in enumerate(words):
            if not CYRILLIC_WORD.match(word) or not self.is_known(word):
                return None
            parses = self.parse(word)
            if any(p.tag.POS == "NOUN" for p in parses) and not all(
                p.tag.POS in ("ADJF", "PRTF") for p in parses[:1]
            ):
                return i
            if not any(p.tag.POS in ("ADJF", "PRTF") for p in parses):
                return None
        return None

    def _nominative_phrase(self, words: list[str], case: str | None) -> list[str]:
        first = words[0]
        if len(first) >= 2 and first.isupper():
            return words  # an abbreviation does not decline: "ДУМ республики" is not "думы"
        ending = _ABBREVIATION_ENDING.match(first)
        if ending is not None:
            # "МИДа", "МЧСе": the abbreviation with a case ending put on
            return [ending.group(1), *words[1:]]
        head = self._phrase_head(words)
        if head is None:
            return words
        group = words[: head + 1]
        if case is None:
            shared = None
            for word in group:
                cases = self.place_cases(word)
                shared = cases if shared is None else shared & cases
            if not shared or "nomn" in shared:
                # Already nominative (or no agreeing reading): leave the name as written.
                return words
            case = self._likeliest_case(group, shared)
        noun = self._pick(words[head], "NOUN", case)
        if noun is None:
            return words
        number = noun.tag.number or "sing"
        gender = noun.tag.gender
        out = []
        for word in group[:-1]:
            adj = self._pick(word, ("ADJF", "PRTF"), case)
            grammemes = {"nomn", number}
            if number == "sing" and gender:
                grammemes.add(gender)
            form = adj.inflect(grammemes) if adj is not None else None
            out.append(restore_case(word, form.word) if form is not None else word)
        form = noun.inflect({"nomn", number}) if "Fixd" not in noun.tag.grammemes else None
        out.append(restore_case(words[head], form.word) if form is not None else words[head])
        out.extend(words[head + 1 :])
        return out

    def phrase_readings(self, words: Sequence[str]) -> list[str]:
        """Every nominative reading of a place or organisation name, one per case its
        leading group may stand in, the likeliest (:meth:`nominative_phrase`) first.

        Пример::

            >>> from newsnlp.morph import get_morph
            >>> get_morph().phrase_readings(["Земли"])
            ['Земли', 'Земля']
        """
        out = [self.nominative_phrase(words)]
        first = words[0] if words else ""
        if _ABBREVIATION_ENDING.match(first):
            return out  # "МИДа" is "МИД" in every case
        head = self._phrase_head(words) if words else None
        if head is None or (len(first) >= 2 and first.isupper()):
            # nothing declines: every case reads the name as written
            written = " ".join(words)
            return out if written in out else [*out, written]
        # a case the head noun has no form in reads the name as written: only the others
        # need inflecting (most names have two or three of six)
        noun_cases = {
            CASE_FOLD.get(p.tag.case, p.tag.case)
            for p in self.parse(words[head])
            if p.tag.POS == "NOUN"
        }
        written = " ".join(words)
        for case in CASES[:6]:
            reading = self.nominative_phrase(words, case) if case in noun_cases else written
            if reading not in out:
                out.append(reading)
        return out

    def _likeliest_case(self, group: Sequence[str], shared: frozenset[str]) -> str:
        scores = dict.fromkeys(shared, 0.0)
        for word in group:
            for p in self.parse(word):
                case = CASE_FOLD.get(p.tag.case, p.tag.case)
                if case in scores:
                    scores[case] += p.score
        return max(sorted(scores), key=lambda c: scores[c])

    def _pick(self, word: str, pos: str | tuple[str, ...], case: str) -> Any | None:
        wanted = (pos,) if isinstance(pos, str) else pos
        for p in self.parse(word):
            if p.tag.POS in wanted and CASE_FOLD.get(p.tag.case, p.tag.case) == case:
                return p
        return None
