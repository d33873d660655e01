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
from functools import lru_cache

from ..document import Token
from ..morph import get_morph

__all__ = [
    "context_cases",
    "needs_tagged_case",
    "normal_forms",
    "normalize",
    "preposition_cases",
    "tagged_cases",
]

# Cases governed by prepositions that stand before names in news.
_PREPOSITIONS = {
    "у": {"gent"},
    "от": {"gent"},
    "до": {"gent"},
    "из": {"gent"},
    "для": {"gent"},
    "без": {"gent"},
    "около": {"gent"},
    "возле": {"gent"},
    "среди": {"gent"},
    "против": {"gent"},
    "после": {"gent"},
    "кроме": {"gent"},
    "вокруг": {"gent"},
    "к": {"datv"},
    "ко": {"datv"},
    "по": {"datv"},
    "благодаря": {"datv"},
    "согласно": {"datv"},
    "с": {"ablt", "gent"},
    "со": {"ablt", "gent"},
    "о": {"loct"},
    "об": {"loct"},
    "обо": {"loct"},
    "при": {"loct"},
    "в": {"loct", "accs"},
    "во": {"loct", "accs"},
    "на": {"loct", "accs"},
    "за": {"ablt", "accs"},
    "под": {"ablt", "accs"},
    "над": {"ablt"},
    "перед": {"ablt"},
    "между": {"ablt"},
    "через": {"accs"},
    "про": {"accs"},
}
# "по словам X", "по мнению X": the name is genitive.
_ATTRIBUTION = {"словам", "мнению", "данным", "информации", "оценке", "заявлению"}


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


def preposition_cases(word: str) -> frozenset[str] | None:
    """Cases a preposition governs (``с`` -> ablt/gent), or None for other words.

    Пример::

        >>> sorted(preposition_cases("к"))
        ['datv']
    """
    cases = _PREPOSITIONS.get(word.lower())
    return frozenset(cases) if cases else None


def context_cases(tokens: Sequence[Token], first: int) -> frozenset[str] | None:
    """Cases the words right before token ``first`` impose on a name, if they fix any.

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> toks = list(tokenize_sentences("по словам Кердпола", []))
        >>> sorted(context_cases(toks, 2))
        ['gent']
    """
    if first == 0:
        return None
    before = tokens[first - 1]
    word = before.text.lower()
    if word in _ATTRIBUTION and first > 1 and tokens[first - 2].text.lower() == "по":
        return frozenset({"gent"})
    if word in _PREPOSITIONS:
        return frozenset(_PREPOSITIONS[word])
    morph = get_morph()
    # apposition to a role noun: "генерал-лейтенанта Аксары Кердпола", "госсекретарем
    # США Энтони Блинкеном": the case is the role's head noun's, the first person noun of
    # the words before the name (its dependents follow it)
    if before.pos == "NOUN" and word == before.text and word[:1].isalpha():
        # the role right before the name: "генерал-лейтенанта Аксары Кердпола"
        parses = morph.parse(before.text)
        if parses and "anim" in parses[0].tag.grammemes:
            cases = morph.cases(before.text)
            if cases and "nomn" not in cases:
                return cases
    head = None
    k = first - 1
    while k >= 0 and first - k <= 6:
        token = tokens[k]
        if not token.text[:1].isalnum() or token.pos not in ("NOUN", "ADJF", "PRTF", None):
            break
        if token.pos == "NOUN" and token.text.islower():
            parses = morph.parse(token.text)
            if parses and "anim" in parses[0].tag.grammemes:
                head = token
        k -= 1
    if head is not None:
        cases = morph.cases(head.text)
        if cases and "nomn" not in cases:
            return cases
    return None


# Universal Dependencies case names (slovnet) as OpenCorpora's (pymorphy3).
_UD_CASES = {
    "Nom": "nomn",
    "Gen": "gent",
    "Dat": "datv",
    "Acc": "accs",
    "Ins": "ablt",
    "Loc": "loct",
}
_SENTENCE_END = frozenset(".!?…")
_WINDOW_BEFORE = 12
_WINDOW_AFTER = 6


_ALL_CASES = frozenset(_UD_CASES.values())


def needs_tagged_case(words: Sequence[str]) -> bool:
    """Whether a person's name holds no word the dictionary knows as a declined name, so
    only the sentence can say its case (``заменить Гаррета Рейсмана``). An indeclinable
    first name says nothing of it either: ``помощник Тони Донилона``, ``с Хосе Авилой``.

    Пример::

        >>> needs_tagged_case(["Гаррета", "Рейсмана"]), needs_tagged_case(["Олега", "Дерипаски"])
        (True, False)
        >>> needs_tagged_case(["Тони", "Донилона"])
        True
    """
    morph = get_morph()
    for w in words:
        if not morph.is_known(w):
            continue
        readings = morph.name_readings(w)
        if not readings:
            continue
        # an indeclinable name ("Тони") reads every case in one of its genders
        if not any(
            {c for g, c in readings if g == gender} == _ALL_CASES
            for gender in {g for g, _ in readings}
        ):
            return False
    return True


def _window(tokens: Sequence[Token], first: int, stop: int) -> tuple[int, int]:
    begin = first
    while (
        begin > 0 and first - begin < _WINDOW_BEFORE and tokens[begin - 1].text not in _SENTENCE_END
    ):
        begin -= 1
    end = stop
    while (
        end < len(tokens)
        and end - stop < _WINDOW_AFTER
        and tokens[end - 1].text not in _SENTENCE_END
    ):
        end += 1
    return begin, end


def tagged_cases(
    tokens: Sequence[Token], names: Sequence[tuple[int, int]]
) -> list[frozenset[str] | None]:
    """The case slovnet's morphology tagger reads in context for each name, given as
    ``(first, stop)`` token ranges; one batch for all of them.

    The tagger reads the sentence around the name (a window of it), so a verb's object
    (``заменить Гаррета Рейсмана``) comes out accusative where the words alone could be
    a nominative in -а. The name's last word decides.

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> toks = list(tokenize_sentences("Он должен заменить Гаррета Рейсмана.", []))
        >>> tagged_cases(toks, [(3, 5)])
        [frozenset({'accs'})]
    """
    if not names:
        return []
    from ..grammar import get_grammar

    windows = [_window(tokens, first, stop) for first, stop in names]
    tagged = get_grammar().morph([[t.text for t in tokens[a:b]] for a, b in windows])
    out: list[frozenset[str] | None] = []
    for (_, stop), (begin, _), words in zip(names, windows, tagged, strict=True):
        k = stop - 1 - begin
        case = _UD_CASES.get(words[k].feats.get("Case", "")) if 0 <= k < len(words) else None
        out.append(frozenset({case}) if case else None)
    return out


def _join_words(words: Sequence[str], glued: Sequence[bool]) -> str:
    """Words put back together with the spacing of the text (``Roem.ru``, not ``Roem . ru``)."""
    out = [words[0]]
    for k in range(1, len(words)):
        if not glued[k - 1]:
            out.append(" ")
        out.append(words[k])
    return "".join(out)


def normal_forms(
    type_: str, tokens: Sequence[Token], cases: frozenset[str] | None = None
) -> list[str]:
    """Nominative readings of a mention's tokens, likeliest first, spaced as written.

    Only persons can have more than one reading (``Иванова`` -> ``Иванов``/``Иванова``);
    ``cases`` is what the words before the name say of its case (see
    :func:`context_cases`).

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> normal_forms("ORG", list(tokenize_sentences("Roem.ru", [])))
        ['Roem.ru']
    """
    if not tokens:
        return [""]
    words = tuple(t.text for t in tokens)
    glued = tuple(tokens[k].start == tokens[k - 1].stop for k in range(1, len(tokens)))
    return list(_normal_forms(type_, words, glued, cases))


@lru_cache(maxsize=100_000)
def _normal_forms(
    type_: str, words: tuple[str, ...], glued: tuple[bool, ...], cases: frozenset[str] | None
) -> tuple[str, ...]:
    # Names repeat across a corpus ("России", "Путина"): inflect each spelling once.
    morph = get_morph()
    if type_ == "PER":
        forms = morph.name_forms_words(words, cases)
    else:
        forms = [morph.nominative_phrase_words(words)]
    return tuple(_join_words(form, glued) for form in forms)
