"""Clusters: the mentions of one referent in a document, and the roles given to it.

Persons cluster by name parts (``Кима`` joins ``Ким Чен Ын``; ``Путин`` joins
``Владимир Путин``); places and organisations by their normal form. Clustering never
crosses a section: a related-story teaser is a separate text.

Пример::

    >>> from newsnlp.entities.clusters import NameRef, cluster_mentions
    >>> ms = [NameRef(0, "PER", "Ким Чен Ын", 0), NameRef(1, "PER", "Ким", 0)]
    >>> cluster_mentions(ms)
    [0, 0]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..document import Token
from ..lexicon import fold_yo, load_list, load_table
from ..morph import get_morph
from ..name_endings import rule_nominative

__all__ = [
    "NameRef",
    "canonical_place",
    "cluster_mentions",
    "find_role",
    "initials",
    "is_initial",
    "name_keys",
    "place_keys",
    "spelled_out",
]


@dataclass(frozen=True, slots=True)
class NameRef:
    """What clustering needs of an entity: position, type, normal form and scope.

    Пример::

        >>> NameRef(0, "PER", "Путин", 0).scope
        0
    """

    index: int
    type: str
    normal: str
    scope: int
    keys: frozenset[str] = frozenset()


def _name_parts(normal: str) -> frozenset[str]:
    # "В.Путин" and "В. В. Путин" are the initial and the surname
    return frozenset(part.lower() for part in normal.replace("-", " ").replace(".", ". ").split())


def is_initial(part: str) -> bool:
    """Whether a name part is an initial (``В.``, ``В``) or a first name cut short with a
    dot (``Дж.``, ``Вл.``).

    Пример::

        >>> is_initial("В."), is_initial("Дж."), is_initial("Ким"), is_initial("Ли")
        (True, True, False, False)
    """
    letters = part.rstrip(".")
    if not letters.isalpha():
        return False
    return len(letters) == 1 or (len(letters) <= 3 and part.endswith("."))


@lru_cache(maxsize=100_000)
def _is_patronymic(part: str) -> bool:
    morph = get_morph()
    parses = morph.parse(part)
    return morph.is_known(part) and bool(parses) and "Patr" in parses[0].tag.grammemes


def spelled_out(parts: Iterable[str]) -> int:
    """How many name parts are spelled out: neither an initial nor a patronymic.

    ``Владимир Путин`` (2) outranks ``В. Путин`` (1), and ``Лев Николаевич`` (1) does not
    outrank ``Лев Толстой`` (2).

    Пример::

        >>> spelled_out("Владимир Путин".split()), spelled_out("Лев Николаевич".split())
        (2, 1)
    """
    return sum(not is_initial(p) and not _is_patronymic(p) for p in parts)


@lru_cache(maxsize=100_000)
def name_keys(part: str) -> frozenset[str]:
    """A name part and the lemmas pymorphy3 guesses for it.

    Names the dictionary does not know stay uninflected in normal forms (never a guess),
    but for matching mentions of one person the guessed lemma is safe enough:
    ``Ратманского`` finds ``Ратманский``, ``Хвана`` finds ``Хван``.
    """
    morph = get_morph()
    keys = {fold_yo(part)}
    for p in morph.parse(part):
        if p.tag.POS in ("NOUN", "ADJF"):
            keys.add(fold_yo(str(p.normal_form)))
    if not morph.is_known(part):
        # and the nominatives its ending may come from (Махамой -> Махама), which the
        # guesser misses when it takes the word for an adjective or a verb
        for gender in ("masc", "femn"):
            for case in ("gent", "datv", "accs", "ablt", "loct"):
                nominative = rule_nominative(part, gender, case)
                if nominative is not None:
                    keys.add(fold_yo(nominative.lower()))
    return frozenset(keys)


def _part_fits(part: str, cluster_parts: frozenset[str]) -> bool:
    if part in cluster_parts:
        return True
    if is_initial(part):
        # "А. Кудрин" joins "Алексей Кудрин": an initial stands for a first name or a
        # patronymic the cluster spells out
        letters = part.rstrip(".")
        return any(c.startswith(letters) and not is_initial(c) for c in cluster_parts)
    keys = name_keys(part)
    return any(keys & name_keys(c) for c in cluster_parts if not is_initial(c))


# "Хулио Иглесиас-младший" is the son of "Хулио Иглесиас", not another name of him
_GENERATIONS = frozenset({"младший", "старший", "мл.", "ст.", "jr.", "sr."})


def _fits(parts: frozenset[str], cluster_parts: frozenset[str]) -> bool:
    if (parts & _GENERATIONS) != (cluster_parts & _GENERATIONS) and spelled_out(
        parts - _GENERATIONS
    ) > 1:
        return False  # a full name with another generation: father and son
    if parts <= cluster_parts:
        return True
    if not any(not is_initial(p) for p in parts):
        return False  # initials alone name nobody
    # "Людмила Марковна" joins "Людмила Гурченко": a patronymic the cluster does not
    # contradict, beside a first name it has
    free = not any(_is_patronymic(c) for c in cluster_parts)
    return all(
        _part_fits(p, cluster_parts) or (free and _is_patronymic(p) and len(parts) > 1)
        for p in parts
    )


@lru_cache(maxsize=1)
def _other_names() -> dict[str, str]:
    """Every name of ``place_names.txt``, folded, to its row's canonical name."""
    out = {}
    for canonical, variants in load_table("place_names"):
        for variant in variants:
            out[fold_yo(variant.lower())] = fold_yo(canonical.lower())
    return out


def canonical_place(name: str) -> str:
    """The row name ``place_names.txt`` gives a folded, lower-case place name, or the
    name itself.

    Пример::

        >>> canonical_place("рф"), canonical_place("бишкек")
        ('россия', 'бишкек')
    """
    return _other_names().get(name, name)


_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL"})
# a state named with its form of government before its name
_STATE_WORDS = frozenset({"республика", "королевство", "княжество", "государство", "эмират"})


def initials(words: Sequence[str], skip_function_words: bool) -> str:
    """The capital initials of a name's words (and of each part of a hyphenated one),
    leaving out lower-case prepositions and conjunctions when asked.

    Пример::

        >>> initials("Организация по безопасности и сотрудничеству в Европе".split(), True)
        'ОБСЕ'
    """
    morph = get_morph()
    letters = []
    for word in words:
        for part in word.split("-"):
            if not part[:1].isalpha():
                continue
            if skip_function_words and morph.pos(part) in _FUNCTION_POS and part.islower():
                continue
            letters.append(part[0].upper())
    return "".join(letters)


def place_keys(words: Sequence[str], readings: Sequence[str]) -> frozenset[str]:
    """What a place or organisation mention may be matched by, beside its normal form.

    ``readings`` are its nominative readings in every case it may stand in
    (``Эстонии`` -> ``Эстония``); a name of ``place_names.txt`` adds its row (``РФ``
    -> Россия); an abbreviation adds its letters and a name of several words its
    initials, so ``ОБСЕ`` meets ``Организация по безопасности и сотрудничеству в
    Европе``.

    Пример::

        >>> sorted(place_keys(["РФ"], ["РФ"]))
        ['#РФ', '=россия', 'рф']
        >>> "#ОБСЕ" in place_keys(
        ...     "Организация по безопасности и сотрудничеству в Европе".split(),
        ...     ["Организация по безопасности и сотрудничеству в Европе"])
        True
    """
    others = _other_names()
    keys = set()
    for reading in readings:
        folded = fold_yo(reading.lower())
        keys.add(folded)
        if folded in others:
            keys.add("=" + others[folded])
        first, _, rest = folded.partition(" ")
        if rest and first in _STATE_WORDS:
            # "Республика Казахстан" is Казахстан, "Королевство Бельгия" Бельгия
            keys.add(rest)
            keys.add("=" + others.get(rest, rest))
    if len(words) == 1 and 2 <= len(words[0]) <= 6 and words[0].isupper() and words[0].isalpha():
        keys.add("#" + fold_yo(words[0]))
    elif len(words) == 1 and words[0][:1].isupper():
        word = words[0]
        if "-" in word and all(p[:1].isupper() for p in word.split("-")):
            # "Hewlett-Packard" meets "HP"
            keys.add("#" + fold_yo("".join(p[0] for p in word.split("-")).upper()))
        # a name the dictionary does not know keeps its ending in the normal form, so
        # "Росприроднадзора" and "Росприроднадзору", "Лахоре" and "Лахора" meet by the
        # lemma pymorphy3 guesses for them (never shown: only a key to match by)
        keys |= (
            {"~" + k for k in name_keys(word.lower())} if not get_morph().is_known(word) else set()
        )
    elif len(words) > 1 and readings and not any(w.isupper() and len(w) > 1 for w in words):
        # "МИД РФ" and "МИД России" share initials but not by being spelled out
        base = readings[0].split()
        for skip in (False, True):
            letters = initials(base, skip)
            if len(letters) >= 2:
                keys.add("#" + fold_yo(letters))
    return frozenset(keys)


def _join_bare_heads(mentions: Sequence[NameRef], label: dict[int, int]) -> None:
    """``МЧС`` joins ``МЧС России`` when the text names no other ``МЧС ...``: an
    organisation named once with its place and then without it. A key ``^мчс`` marks
    a name whose head is ``мчс``; two bodies with one head (``МИД России``, ``МИД
    Германии``) leave the bare head alone."""
    qualified: dict[tuple[int, str, str], set[int]] = {}
    for m in mentions:
        for k in m.keys:
            if k.startswith("^"):
                qualified.setdefault((m.scope, m.type, k[1:]), set()).add(label[m.index])
    if not qualified:
        return
    for m in mentions:
        hosts = qualified.get((m.scope, m.type, m.normal.lower()), set())
        if len(hosts) == 1:
            (host,) = hosts
            old = label[m.index]
            if old != host:
                for other in mentions:
                    if label[other.index] == old:
                        label[other.index] = host


def cluster_mentions(mentions: Sequence[NameRef]) -> list[int]:
    """Give every mention a cluster number; equal numbers mean one referent.

    Fuller person names are placed first so that a surname alone finds the full name
    it belongs to wherever it stands; where a short form fits several people it joins
    the one named last before it.

    Пример::

        >>> ms = [NameRef(0, "PER", "Путин", 0), NameRef(1, "PER", "Владимир Путин", 0),
        ...       NameRef(2, "LOC", "Россия", 0), NameRef(3, "LOC", "Россия", 0)]
        >>> cluster_mentions(ms)
        [0, 0, 1, 1]
    """
    label: dict[int, int] = {}
    parts_of: dict[int, frozenset[str]] = {}  # cluster -> union of its person name parts
    key_of: dict[tuple[int, str, str], int] = {}
    members: dict[int, list[int]] = {}
    scope_of: dict[int, int] = {}
    next_id = 0
    # Initials count for less than the names they stand for: "Владимир Путин" founds
    # the cluster "В.Путин" joins.
    order = sorted(
        mentions,
        key=lambda m: (
            m.type != "PER",
            -spelled_out(_name_parts(m.normal)),
            -len(_name_parts(m.normal)),
            m.index,
        ),
    )
    for m in order:
        if m.type == "PER":
            parts = _name_parts(m.normal)
            fits = [
                c
                for c, cparts in parts_of.items()
                if parts and scope_of[c] == m.scope and _fits(parts, cparts)
            ]
            if fits:
                before = [
                    (max((i for i in members[c] if i < m.index), default=-1), c) for c in fits
                ]
                chosen = max(before)[1]
            else:
                chosen = next_id
                next_id += 1
                parts_of[chosen] = parts
                members[chosen] = []
                scope_of[chosen] = m.scope
        else:
            # a place or organisation joins the first cluster of its type any of whose
            # names it may be (its normal form, a reading, another name, its initials)
            names = {m.normal.lower(), *(k for k in m.keys if not k.startswith("^"))}
            found = sorted({key_of[k] for n in names if (k := (m.scope, m.type, n)) in key_of})
            if found:
                chosen = found[0]
                for other in found[1:]:
                    # the mention bridges two clusters: one referent
                    for i in members.pop(other):
                        label[i] = chosen
                        members[chosen].append(i)
                    for k, c in key_of.items():
                        if c == other:
                            key_of[k] = chosen
            else:
                chosen = next_id
                members[next_id] = []
                next_id += 1
            for n in names:
                key_of.setdefault((m.scope, m.type, n), chosen)
        label[m.index] = chosen
        members[chosen].append(m.index)
    _join_bare_heads(mentions, label)
    # Renumber in order of first mention, so cluster ids read in text order.
    renumber: dict[int, int] = {}
    out = []
    for m in sorted(mentions, key=lambda m: m.index):
        old = label[m.index]
        if old not in renumber:
            renumber[old] = len(renumber)
        out.append(renumber[old])
    return out


_ROLE_POS = frozenset({"NOUN", "ADJF", "PRTF", "NUMR", None})
_ROLE_JOIN = frozenset({"и"})
_MAX_ROLE_WORDS = 8


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    return frozenset(load_list("titles"))


def _is_role_noun(token: Token, titles: frozenset[str]) -> bool:
    """A title (``министр``) or any person noun written in lower case (``скульптор``)."""
    if token.lemma in titles:
        return True
    if token.pos != "NOUN" or not token.text.islower():
        return False
    morph = get_morph()
    if not morph.is_known(token.text):
        return False
    parses = morph.parse(token.text)
    return "anim" in parses[0].tag.grammemes


def find_role(
    tokens: Sequence[Token], first: int, name_cases: frozenset[str] | None = None
) -> str | None:
    """The role phrase right before a person's name (``пресс-секретаря Кремля``).

    ``first`` is the index of the name's first token; ``name_cases``, when given, the
    cases the name can stand in (a role noun right before it must share one). Returns
    the phrase with its
    role noun (and adjectives before it) in the nominative, or None.

    Пример::

        >>> from newsnlp.segment import tokenize_sentences
        >>> toks = list(tokenize_sentences("По словам пресс-секретаря Кремля Дмитрия Пескова", []))
        >>> find_role(toks, 4)
        'пресс-секретарь Кремля'
    """
    titles = _titles()
    j = first - 1
    run: list[Token] = []
    while j >= 0 and len(run) < _MAX_ROLE_WORDS:
        token = tokens[j]
        if not token.text[:1].isalpha():
            break
        if token.pos not in _ROLE_POS and token.text.lower() not in _ROLE_JOIN:
            break
        if run and token.stop < run[0].start - 1:
            break  # a gap wider than a space: a line break or other separator
        run.insert(0, token)
        j -= 1
    while run and run[0].text.lower() in _ROLE_JOIN:
        run.pop(0)
    head = next((k for k, t in enumerate(run) if _is_role_noun(t, titles)), None)
    if head is None:
        return None
    if (
        name_cases is not None
        and head == len(run) - 1
        and not get_morph().cases(run[head].text) & name_cases
    ):
        # a role noun right before the name must agree with it: in "адвокат Медведева"
        # (Medvedev's lawyer) the lawyer is not Medvedev
        return None
    # Adjectives that agree with the role noun belong to it: северокорейский лидер.
    begin = head
    while begin > 0 and run[begin - 1].pos in ("ADJF", "PRTF"):
        begin -= 1
    morph = get_morph()
    head_parse = next((p for p in morph.parse(run[head].text) if p.tag.POS == "NOUN"), None)
    number = head_parse.tag.number if head_parse is not None else "sing"
    gender = head_parse.tag.gender if head_parse is not None else None
    words = []
    for k in range(begin, len(run)):
        word = run[k].text
        if k < head:
            grammemes = {"nomn", number or "sing"}
            if gender and number == "sing":
                grammemes.add(gender)
            word = morph.inflect_word(word, grammemes)
        elif k == head:
            word = morph.inflect_word(word, {"nomn"})
        words.append(word)
    if words and words[0][:1].isupper() and not words[0].isupper():
        # Sentence-initial capital: "Лидер Северной Кореи" -> "лидер Северной Кореи".
        words[0] = words[0][:1].lower() + words[0][1:]
    return " ".join(words)
