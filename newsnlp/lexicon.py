"""Word lists packaged in ``newsnlp/data``: read once, shared.

The lists are plain text so that a journalist can extend them without reading code:
``#`` starts a comment, blank lines are skipped, ``|`` separates the canonical form of
a row from its variants.

Пример::

    >>> from newsnlp.lexicon import load_list
    >>> "пресс-секретарь" in load_list("titles")
    True
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from .errors import WordListError

__all__ = [
    "CUE_CLASSES",
    "fold_yo",
    "load_classes",
    "load_list",
    "load_table",
    "parse_classes",
    "speech_lemmas",
]


def fold_yo(word: str) -> str:
    """``ё`` written as ``е``, the one way every word list and lookup compares words
    (news writes both, pymorphy3's lemmas carry ``ё``).

    Пример::

        >>> fold_yo("Пётр объяснён")
        'Петр объяснен'
    """
    return word.replace("ё", "е").replace("Ё", "Е")


def _numbered_lines(name: str) -> list[tuple[int, str]]:
    path = resources.files("newsnlp").joinpath(f"data/{name}.txt")
    if not path.is_file():
        raise WordListError(f"there is no word list newsnlp/data/{name}.txt", name)
    rows = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        # A '#' is never part of a name in these lists, so it always opens a comment.
        line = raw.split("#", 1)[0].strip()
        if line:
            rows.append((n, line))
    return rows


def _lines(name: str) -> list[str]:
    return [line for _, line in _numbered_lines(name)]


@cache
def load_list(name: str) -> tuple[str, ...]:
    """Return the rows of ``newsnlp/data/<name>.txt`` without comments and blanks.

    Пример::

        >>> load_list("related_markers")[0]
        'Похожие новости'
    """
    rows = _numbered_lines(name)
    for n, line in rows:
        if "|" in line:
            raise WordListError(
                f"line {n} holds a '|', but {name}.txt is a list of one entry a line; "
                "write each variant on a line of its own",
                name,
            )
    return tuple(line for _, line in rows)


@cache
def load_classes(name: str, allowed: frozenset[str]) -> dict[str, frozenset[str]]:
    """``WORD | CLASS [CLASS...]`` rows as ``{folded word: classes}``; a row without
    classes or with a class outside ``allowed`` (a typo that would be silently
    ignored) raises :class:`~newsnlp.errors.WordListError` naming its line.

    Пример::

        >>> sorted(load_classes("cues", frozenset(CUE_CLASSES))["сообщить"])
        ['report', 'speech']
    """
    return parse_classes(name, _numbered_lines(name), allowed)


def parse_classes(
    name: str, rows: list[tuple[int, str]], allowed: frozenset[str]
) -> dict[str, frozenset[str]]:
    """:func:`load_classes` on ``(line number, line)`` rows already read.

    Пример::

        >>> parse_classes("cues", [(1, "сказать | speech")], frozenset({"speech"}))
        {'сказать': frozenset({'speech'})}
    """
    out: dict[str, frozenset[str]] = {}
    for n, line in rows:
        parts = [part.strip() for part in line.split("|")]
        classes = frozenset(parts[1].split()) if len(parts) == 2 else frozenset()
        if len(parts) != 2 or not parts[0] or not classes:
            raise WordListError(f"line {n} is {line!r}; write WORD | CLASS [CLASS...]", name)
        unknown = sorted(classes - allowed)
        if unknown:
            raise WordListError(
                f"line {n} gives the class {', '.join(unknown)}, which is not one of "
                f"{', '.join(sorted(allowed))}",
                name,
            )
        out[fold_yo(parts[0])] = classes
    return out


@cache
def speech_lemmas() -> frozenset[str]:
    """Every cue lemma of ``cues.txt``, ``ё`` folded: the verbs of saying, which the entity
    repairs read too (``сказал Ким Путину`` is two names).

    Пример::

        >>> "заявить" in speech_lemmas()
        True
    """
    return frozenset(load_classes("cues", frozenset(CUE_CLASSES)))


CUE_CLASSES = ("speech", "opinion", "report", "quote", "intent", "name", "noun")
"""The classes of ``cues.txt``, each described in the file's header."""


@cache
def load_table(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return ``(canonical, variants)`` rows of a ``CANONICAL | VARIANT ...`` list.

    The canonical form is also the first variant, so matching code need look at
    ``variants`` only.

    Пример::

        >>> dict(load_table("media"))["Коммерсант"][:2]
        ('Коммерсант', 'Коммерсантъ')
    """
    rows = []
    for line in _lines(name):
        parts = tuple(part.strip() for part in line.split("|") if part.strip())
        rows.append((parts[0], parts))
    return tuple(rows)
