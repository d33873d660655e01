"""pymorphy3 morphology: cached parses, lemmas, and inflection to the nominative.

natasha's own ``MorphVocab`` wraps pymorphy2, which breaks on Python 3.11+; newsnlp
uses pymorphy3 everywhere instead and never calls pymorphy2.

Пример::

    >>> from newsnlp.morph import get_morph
    >>> get_morph().lemma("Путина")
    'путин'
    >>> get_morph().nominative_name(["Дмитрия", "Пескова"])
    'Дмитрий Песков'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .cache import ByteCache
from .errors import ModelLoadError
from .name_endings import rule_nominative
from .phrase_forms import CASE_FOLD as _CASE_FOLD
from .phrase_forms import CASES, PhraseForms
from .phrase_forms import CYRILLIC_WORD as _CYRILLIC_WORD
from .phrase_forms import restore_case as _restore_case

__all__ = [
    "DEFAULT_CACHE_BYTES",
    "ByteCache",
    "Morph",
    "dictionary_reader",
    "get_morph",
]

#: Bytes the word caches of one process may hold together, by default (256 MiB). Every
#: worker process pays it again; ``Morph(cache_bytes=...)`` sets another bound.
DEFAULT_CACHE_BYTES = 256 * 1024 * 1024


NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
# a surname with the generation it names: Буш-младший, Хантсмена-старшего
_GENERATION_SUFFIX = re.compile(
    r"^(.+)-((?:младш|старш)(?:ий|его|ему|им|ем|ая|ей|ую))$", re.IGNORECASE
)


def _genders(tag: Any) -> tuple[str, ...]:
    """Genders a tag admits: common-gender (ms-f) and unmarked names admit both."""
    if "ms-f" in tag.grammemes or tag.gender is None:
        return ("masc", "femn")
    return (str(tag.gender),)


def dictionary_reader() -> str:
    """Which reader of pymorphy3's dictionaries is in use: ``"DAWG2"`` (the C extension
    that ``pymorphy3[fast]`` installs) or ``"dawg2-python"`` (the pure-Python fallback,
    half as fast, used where no DAWG2 wheel exists).

    Пример::

        >>> dictionary_reader() in ("DAWG2", "dawg2-python")
        True
    """
    import pymorphy3.dawg

    return "DAWG2" if pymorphy3.dawg.DAWG.__module__ == "dawg" else "dawg2-python"


class Morph(PhraseForms):
    """Shared pymorphy3 analyzer with per-word caches, bounded together by
    ``cache_bytes`` (:data:`DEFAULT_CACHE_BYTES`, 256 MiB, by default).

    Use :func:`get_morph` to get the process-wide instance instead of building one.

    Пример::

        >>> get_morph().pos("заявила")
        'VERB'
    """

    def __init__(self, cache_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        try:
            import pymorphy3
        except ImportError as error:  # pragma: no cover - dependency is declared
            raise ModelLoadError.pymorphy(error) from error
        try:
            self.analyzer = pymorphy3.MorphAnalyzer(lang="ru")
        except Exception as error:  # pragma: no cover - broken install
            raise ModelLoadError.pymorphy(error) from error
        # Bounded in bytes, not entries: an entry count says nothing of memory, and on
        # text with many unique words 500 000 parses grew a process to 2.3 GB. Parses
        # are most of it; the others hold small frozensets and booleans.
        self.cache_bytes = cache_bytes
        self.parse: ByteCache[str, tuple[Any, ...]] = ByteCache(
            self._parse, cache_bytes * 60 // 100
        )
        # Every token asks for its lemma and POS: a small entry, read without going
        # through the parse's tag objects again.
        self.lemma_pos: ByteCache[str, tuple[str, str | None]] = ByteCache(
            self._lemma_pos, cache_bytes * 5 // 100
        )
        # cases and name readings are asked for the same words again and again
        self._cases = ByteCache(self._cases_of, cache_bytes // 10)
        self._readings = ByteCache(self._name_readings, cache_bytes // 10)
        self._known = ByteCache(self._known_of, cache_bytes // 10)
        # Place and organisation names in the nominative: every mention asks for its
        # readings in each case (clustering by case readings), and names repeat; the
        # key is one string so that its size is counted whole.
        self._phrases: ByteCache[str, tuple[str, ...]] = ByteCache(
            self._nominative_phrase_of, cache_bytes * 5 // 100
        )

    def _parse(self, word: str) -> tuple[Any, ...]:
        try:
            return tuple(self.analyzer.parse(word))
        except (KeyError, ValueError):
            # pymorphy3 looks up Unicode names of characters and fails on letters
            # newer than its table (e.g. Tangut): such a word is simply unknown.
            return ()

    def _lemma_pos(self, word: str) -> tuple[str, str | None]:
        parses = self.parse(word)
        if not parses:
            return word.lower(), None
        # Plain strs: pymorphy3's grammeme type cannot be pickled, and documents travel
        # between processes (Pipeline.pipe(workers=N), Dask).
        pos = parses[0].tag.POS
        return str(parses[0].normal_form), str(pos) if pos else None

    def lemma(self, word: str) -> str:
        """The most likely lemma of a word, lower case.

        Пример::

            >>> get_morph().lemma("Кремля")
            'кремль'
        """
        return self.lemma_pos(word)[0]

    def pos(self, word: str) -> str | None:
        """The most likely part of speech (OpenCorpora tag name), or None.

        Пример::

            >>> get_morph().pos("Путину")
            'NOUN'
        """
        return self.lemma_pos(word)[1]

    def lemmas(self, word: str) -> frozenset[str]:
        """Every lemma pymorphy3 admits for a word.

        Пример::

            >>> "сказать" in get_morph().lemmas("сказал")
            True
        """
        return frozenset(str(p.normal_form) for p in self.parse(word))

    @property
    def cache_nbytes(self) -> int:
        """Estimated bytes the word caches hold now (at most ``cache_bytes``).

        Пример::

            >>> 0 < get_morph().cache_nbytes <= get_morph().cache_bytes
            True
        """
        return (
            self.parse.nbytes
            + self.lemma_pos.nbytes
            + self._cases.nbytes
            + self._readings.nbytes
            + self._known.nbytes
            + self._phrases.nbytes
        )

    def cases(self, word: str, names_only: bool = False) -> frozenset[str]:
        """Cases a noun or adjective form may stand in (``Путину`` -> ``{'datv', ...}``).

        Пример::

            >>> "datv" in get_morph().cases("Путину")
            True
        """
        return self._cases((word, names_only))

    def _cases_of(self, key: tuple[str, bool]) -> frozenset[str]:
        word, names_only = key
        out = set()
        for p in self.parse(word):
            if names_only and not (NAME_TAGS & p.tag.grammemes):
                continue
            case = p.tag.case
            if case:
                out.add(_CASE_FOLD.get(case, case))
        return frozenset(out)

    def place_cases(self, word: str) -> frozenset[str]:
        """Cases a word may stand in as part of a place or organisation name.

        A capitalised word the dictionary knows as a place reads only as that place,
        and in the singular unless the place is plural only: ``Германии`` is not the
        plural of the element германий, nor ``Эстонии`` a plural of Estonia.

        Пример::

            >>> sorted(get_morph().place_cases("Германии"))
            ['datv', 'gent', 'loct']
        """
        if not word[:1].isupper():
            return self.cases(word)
        places = [
            p
            for p in self.parse(word)
            if "Geox" in p.tag.grammemes and (p.tag.number != "plur" or "Pltm" in p.tag.grammemes)
        ]
        if not places:
            return self.cases(word)
        return frozenset(_CASE_FOLD.get(p.tag.case, p.tag.case) for p in places if p.tag.case)

    def best_name_parse(self, word: str) -> Any | None:
        """The best parse of a word as part of a person's name, or None.

        Пример::

            >>> get_morph().best_name_parse("Путину").tag.case
            'datv'
        """
        for p in self.parse(word):
            if NAME_TAGS & p.tag.grammemes:
                return p
        return None

    def is_feminine_verb(self, word: str) -> bool | None:
        """Whether a past-tense verb is feminine (``заявила``), masculine, or unknown.

        Пример::

            >>> get_morph().is_feminine_verb("заявила"), get_morph().is_feminine_verb("заявил")
            (True, False)
        """
        for p in self.parse(word):
            # Past-tense verbs and short participles carry gender: заявила, уверена.
            if p.tag.POS not in ("VERB", "PRTS", "ADJS"):
                continue
            if p.tag.number == "plur":
                return None
            if p.tag.gender == "femn":
                return True
            if p.tag.gender == "masc":
                return False
        return None

    # -- inflection -----------------------------------------------------------

    def is_known(self, word: str) -> bool:
        """Whether the word is in the dictionary (not guessed from its ending).

        Пример::

            >>> get_morph().is_known("Путину"), get_morph().is_known("Ын")
            (True, False)
        """
        return self._known(word.lower())

    def nominative_name(self, words: Sequence[str]) -> str:
        """Put a person's name in the nominative, keeping its gender.

        The case and gender of the whole name come from the words the dictionary knows
        as name parts; a name that can already be nominative is left as written. Words
        the dictionary does not know (``Чен``, ``Ын``, ``Кердпола``) are inflected only
        where the known words fix the case, otherwise kept as they are: never a guess.

        Пример::

            >>> get_morph().nominative_name(["Алексея", "Навального"])
            'Алексей Навальный'
            >>> get_morph().nominative_name(["Илон", "Маск"])
            'Илон Маск'
        """
        return self.name_forms(words)[0]

    def name_forms(self, words: Sequence[str]) -> list[str]:
        """Every nominative reading of a name, likeliest first, words joined by spaces.

        Пример::

            >>> get_morph().name_forms(["Иванова"])
            ['Иванов', 'Иванова']
        """
        return [" ".join(form) for form in self.name_forms_words(words)]

    def name_forms_words(
        self, words: Sequence[str], cases: frozenset[str] | None = None
    ) -> list[list[str]]:
        """Every nominative reading of a name, likeliest first.

        ``Путина`` is most likely the genitive of ``Путин`` but may be a woman's
        ``Путина``; callers that know the document can pick among the readings.
        ``cases``, when the context fixes them (``по словам``, ``генерал-лейтенанта``
        before the name), narrows the readings, and lets names the dictionary does not
        know lose a case ending it can see (``Аксары Кердпола`` -> ``Аксара Кердпол``).

        Пример::

            >>> get_morph().name_forms_words(["Иванова"])
            [['Иванов'], ['Иванова']]
            >>> get_morph().name_forms_words(["Аксары", "Кердпола"], frozenset({"gent"}))
            [['Аксара', 'Кердпол']]
        """
        generation = _GENERATION_SUFFIX.match(words[-1]) if words else None
        if generation is not None:
            # "Хантсмана-младшего": the surname declines, the suffix is "младший"
            base, suffix = generation.group(1), generation.group(2).lower()
            suffix = "младший" if suffix.startswith("младш") else "старший"
            return [
                [*form[:-1], f"{form[-1]}-{suffix}"]
                for form in self.name_forms_words([*words[:-1], base], cases)
            ]
        readings = [self.name_readings(w) if self.is_known(w) else None for w in words]
        shared: set[tuple[str | None, str]] | None = None
        for r in readings:
            if r:
                shared = set(r) if shared is None else shared & r
        as_written = list(words)
        if all(r is None for r in readings):
            return self._unknown_name_forms(words, cases)
        # "Хосе Авила": no gender the words share reads a nominative (Авил's genitive
        # only), yet each word has one in a gender of its own (a man's surname in -а);
        # the name as written stays a reading for the sentence's case to choose
        written_nominative = (
            shared is not None
            and bool(shared)
            and not any(case == "nomn" for _, case in shared)
            and self._mixed_gender_form(words, readings, frozenset({"nomn"})) is not None
        )
        if cases is not None and shared:
            # the context (a preposition, a role noun) never says nominative; only the
            # morphology tagger does, reading the sentence
            narrowed = {key for key in shared if key[1] in cases}
            if not narrowed and written_nominative and "nomn" in cases:
                return [as_written]
            shared = narrowed or shared
        if not shared:
            return [self._mixed_gender_form(words, readings, cases) or as_written]
        ranked = self._ranked_readings(words, readings, shared)
        forms: list[list[str]] = []
        for gender, case in ranked:
            if case == "nomn":
                form = as_written
            else:
                form = [
                    self._inflect_name_word(w, gender, case)
                    if r
                    else rule_nominative(w, gender, case) or w
                    for w, r in zip(words, readings, strict=True)
                ]
            if form not in forms:
                forms.append(form)
        gender, case = ranked[0]
        if case != "nomn":
            for alt in self._second_nominatives(words, readings, forms[0], gender, case):
                if alt not in forms:
                    forms.append(alt)
        if written_nominative and (cases is None or "nomn" in cases) and as_written not in forms:
            forms.append(as_written)
        return forms

    def _ranked_readings(
        self,
        words: Sequence[str],
        readings: Sequence[frozenset[tuple[str | None, str]] | None],
        shared: set[tuple[str | None, str]],
    ) -> list[tuple[str | None, str]]:
        """The (gender, case) readings all of a name's known words share, likeliest
        first by pymorphy3's scores; on a tie the nominative (the name as written) wins,
        then a man's reading: "Лаврову" is far more often Лавров's dative than Лаврова's
        accusative in news."""
        scores: dict[tuple[str | None, str], float] = dict.fromkeys(shared, 0.0)
        for word, r in zip(words, readings, strict=True):
            if r:
                for p in self._name_parses(word):
                    case = _CASE_FOLD.get(p.tag.case, p.tag.case)
                    for g in _genders(p.tag):
                        if (g, case) in scores:
                            scores[(g, case)] += p.score
        return sorted(
            scores, key=lambda k: (-round(scores[k], 6), k[1] != "nomn", k[0] != "masc", str(k))
        )

    def _second_nominatives(
        self,
        words: Sequence[str],
        readings: Sequence[frozenset[tuple[str | None, str]] | None],
        first: list[str],
        gender: str | None,
        case: str,
    ) -> list[list[str]]:
        """The likeliest reading again with a word's second nominative in it (``Ирины
        Яровой``: Ярова or Яровая), for a fuller name in the document to confirm."""
        out = []
        for k, (w, r) in enumerate(zip(words, readings, strict=True)):
            # only a word two lemmas can read in this gender and case needs inflecting
            # again (most have one)
            if r and len({p.normal_form for p in self._parses_as_name(w, gender, case)}) > 1:
                for other in self._name_word_nominatives(w, gender, case)[1:]:
                    out.append([*first[:k], other, *first[k + 1 :]])
        return out

    def _mixed_gender_form(
        self,
        words: Sequence[str],
        readings: Sequence[frozenset[tuple[str | None, str]] | None],
        cases: frozenset[str] | None,
    ) -> list[str] | None:
        """A man's surname the dictionary knows only as a woman's first name (``Хосе
        Авилой``: Авила) shares no gender with his first name but one case: each word
        goes to the nominative in a gender of its own. None unless one case is shared."""
        common: set[str] | None = None
        for r in readings:
            if r:
                word_cases = {case for _, case in r}
                common = word_cases if common is None else common & word_cases
        if cases is not None:
            common = {c for c in common or () if c in cases}
        if not common or len(common) != 1:
            return None
        (case,) = common
        if case == "nomn":
            return list(words)
        out = []
        for word, r in zip(words, readings, strict=True):
            if not r:
                out.append(word)
                continue
            gender = next(g for g, c in sorted(r, key=str) if c == case)
            out.append(self._inflect_name_word(word, gender, case))
        return out

    def _unknown_name_forms(
        self, words: Sequence[str], cases: frozenset[str] | None
    ) -> list[list[str]]:
        """Readings of a name none of whose words is a name the dictionary knows.

        The case comes from the context when it fixes one, else from what pymorphy3's
        guesser reads as a declined surname (``Гаррета Рейсмана``), else from an ending
        only the instrumental has (``Паносом Камменосом``); the words then lose their
        ending by :func:`rule_nominative`, never by a guessed paradigm.
        """
        as_written = list(words)
        keys: list[tuple[str | None, str]] = []
        if cases is not None:
            if "nomn" in cases:
                return [as_written]
            keys = [(g, c) for g in ("masc", "femn") for c in CASES if c in cases]
        else:
            guessed: set[tuple[str | None, str]] | None = None
            for w in words:
                r = self.name_readings(w)
                if r:
                    guessed = set(r) if guessed is None else guessed & r
            if guessed and not any(c == "nomn" for _, c in guessed):
                keys = sorted(guessed, key=lambda k: (k[0] != "masc", CASES.index(k[1])))
            elif cases is None and words[-1].lower().endswith(("ом", "ем")):
                keys = [("masc", "ablt")]
        for gender, case in keys:
            form = [rule_nominative(w, gender, case) or w for w in words]
            if cases is None and form[-1] == as_written[-1]:
                # a guessed case must show on the surname: "Велки Ханг" stays
                continue
            if form != as_written:
                # a guessed case leaves the name as written a second reading
                return [form] if cases is not None else [form, as_written]
        return [as_written]

    def name_gender(self, name: str) -> str | None:
        """Gender of a person's name in the nominative, from its first name first.

        Пример::

            >>> get_morph().name_gender("Алла Бут"), get_morph().name_gender("Ын")
            ('femn', None)
        """
        votes = {"masc": 0.0, "femn": 0.0}
        for k, word in enumerate(name.split()):
            if not self.is_known(word):
                continue  # guesses for foreign names say nothing of gender
            for p in self.parse(word):
                if p.tag.case != "nomn" or p.tag.gender not in votes:
                    continue
                if "Name" in p.tag.grammemes:
                    votes[str(p.tag.gender)] += p.score * (3 if k == 0 else 1)
                elif "Surn" in p.tag.grammemes:
                    votes[str(p.tag.gender)] += p.score
        if votes["masc"] == votes["femn"]:
            return None
        return "masc" if votes["masc"] > votes["femn"] else "femn"

    def _known_of(self, lower: str) -> bool:
        try:
            return bool(self.analyzer.word_is_known(lower))
        except (KeyError, ValueError):
            return False

    def name_readings(self, word: str) -> frozenset[tuple[str | None, str]]:
        """(gender, case) pairs a word can have as a name part; empty if none.

        Common-gender and indeclinable names (``Обама``, ``Шойгу``) read as both
        genders and, when indeclinable, every case. Surnames built like adjectives
        (``Навального``) count when capitalised.

        Пример::

            >>> ("masc", "datv") in get_morph().name_readings("Путину")
            True
        """
        return self._readings(word)

    @staticmethod
    def _is_name_parse(word: str, p: Any) -> bool:
        return bool(p.tag.case) and bool(
            NAME_TAGS & p.tag.grammemes
            or (
                p.tag.POS == "ADJF"
                and word[:1].isupper()
                and p.tag.number == "sing"
                and p.tag.gender in ("masc", "femn")
            )
        )

    def _name_parses(self, word: str) -> list[Any]:
        """The parses of a word as a name part, surnames and first names first, or all of
        them if it has none: the common noun ``хорх`` must not read ``Хорхе`` as its
        locative."""
        parses = self.parse(word)
        names = [p for p in parses if self._is_name_parse(word, p)]
        # a surname before an adjective it could also be: "Басовым" is Басов's, not the
        # adjective басовый's (the order of each kind kept)
        names.sort(key=lambda p: not NAME_TAGS & p.tag.grammemes)
        return names or list(parses)

    def _name_readings(self, word: str) -> frozenset[tuple[str | None, str]]:
        out: set[tuple[str | None, str]] = set()
        for p in self.parse(word):
            if self._is_name_parse(word, p):
                genders = _genders(p.tag)
                if "Fixd" in p.tag.grammemes:
                    cases: tuple[str, ...] = ("nomn", "gent", "datv", "accs", "ablt", "loct")
                else:
                    cases = (_CASE_FOLD.get(p.tag.case, p.tag.case),)
                out.update((g, c) for g in genders for c in cases)
        return frozenset(out)

    def _inflect_name_word(self, word: str, gender: str | None, case: str) -> str:
        forms = self._name_word_nominatives(word, gender, case)
        return forms[0] if forms else word

    def _parses_as_name(self, word: str, gender: str | None, case: str) -> list[Any]:
        """A word's singular name parses in this gender and case, likeliest first."""
        return [
            p
            for p in self._name_parses(word)
            if gender in _genders(p.tag)
            and _CASE_FOLD.get(p.tag.case, p.tag.case) == case
            and p.tag.number != "plur"
            and p.tag.POS in ("NOUN", "ADJF")
        ]

    def _name_word_nominatives(self, word: str, gender: str | None, case: str) -> list[str]:
        """Every nominative a name word in this gender and case may come from, likeliest
        first: ``Яровой`` (a woman's genitive) is Ярова's or Яровая's."""
        if not _CYRILLIC_WORD.match(word) or any(
            "Fixd" in p.tag.grammemes for p in self._name_parses(word)
        ):
            return [word]
        out: list[str] = []
        for p in self._parses_as_name(word, gender, case):
            grammemes = {"nomn", "sing"} | ({gender} if p.tag.POS == "ADJF" and gender else set())
            form = p.inflect(grammemes)
            if form is not None:
                spelled = _restore_case(word, form.word)
                if spelled not in out:
                    out.append(spelled)
        return out

    def inflect_word(self, word: str, grammemes: set[str]) -> str:
        """Inflect one word (most likely parse) to the grammemes, or return it unchanged.

        Пример::

            >>> get_morph().inflect_word("пресс-секретаря", {"nomn"})
            'пресс-секретарь'
        """
        for p in self.parse(word):
            if p.tag.POS in ("NOUN", "ADJF", "PRTF"):
                form = p.inflect(grammemes)
                if form is not None:
                    return _restore_case(word, form.word)
                break
        return word


@lru_cache(maxsize=1)
def get_morph() -> Morph:
    """The process-wide :class:`Morph`: pymorphy3 loads once and is shared.

    Пример::

        >>> get_morph() is get_morph()
        True
    """
    return Morph()
