"""Sources: the medium that carries a statement (``сообщает агентство "Интерфакс"``).

Пример::

    >>> from newsnlp.quotes.sources import is_medium
    >>> is_medium("РИА Новости"), is_medium("Путин")
    (True, False)
"""

from __future__ import annotations

from functools import lru_cache

from ..document import Source
from ..lexicon import load_table
from .context import Context

__all__ = ["find_source", "is_medium"]


@lru_cache(maxsize=1)
def _media_names() -> frozenset[str]:
    names = set()
    for canonical, variants in load_table("media"):
        names.add(canonical.lower())
        names.update(v.lower().replace('"', "").replace("«", "").replace("»", "") for v in variants)
    return frozenset(names)


def is_medium(name: str) -> bool:
    """Whether a normal form names a known medium or agency (``newsnlp/data/media.txt``).

    Пример::

        >>> is_medium("Интерфакс")
        True
    """
    return name.lower().replace('"', "").replace("«", "").replace("»", "") in _media_names()


def find_source(ctx: Context, sentence: int, content: tuple[int, int]) -> Source | None:
    """The medium named in a quote's attribution sentence, outside the quote itself.

    Пример::

        >>> # `"...", - сказал Ким Путину, сообщает агентство "Интерфакс"` -> Интерфакс
    """
    if sentence < 0 or sentence >= len(ctx.sentences):
        return None
    sent = ctx.sentences[sentence]
    for entity in ctx.entities:
        if entity.start < sent.start or entity.stop > sent.stop:
            continue
        if content[0] <= entity.start < content[1]:
            continue
        if entity.type == "ORG" and is_medium(entity.normal):
            return Source(entity.start, entity.stop, entity.text, entity.normal, "ORG")
    return None
