"""Sources: the medium that carries a statement (``сообщает агентство "Интерфакс"``,
``написал в Twitter``, ``в интервью изданию Winnipeg Sun``).

Пример::

    >>> from newsnlp.quotes.sources import is_medium
    >>> is_medium("РИА Новости"), is_medium("Путин")
    (True, False)
"""

from __future__ import annotations

from functools import lru_cache

from ..document import Entity, Source
from ..lexicon import fold_yo, load_list, load_table
from ..morph import get_morph
from .context import Context
from .marks import QUOTE_CHARS

__all__ = [
    "MEDIA_NOUNS",
    "doc_media",
    "find_source",
    "is_medium",
    "last_medium",
    "medium_name",
    "medium_source",
]

# Nouns that name a medium before its name (``газета The Sun``, ``изданию «Спорт-
# Экспресс»``): the name after them is a medium even when the media list lacks it.
MEDIA_NOUNS = frozenset(load_list("media_nouns"))


# An organisation named right after these carries what is said: ``в интервью CNN``.
_INTERVIEW_NOUNS = frozenset({"интервью", "эфир"})


_NO_MARKS = str.maketrans(dict.fromkeys(QUOTE_CHARS))


def _fold(name: str) -> str:
    folded = fold_yo(name.lower()).translate(_NO_MARKS).strip()
    # "The Daily Mail" / "Daily Mail": the article is not part of the name
    return folded[4:] if folded.startswith("the ") else folded


@lru_cache(maxsize=1)
def _media_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for canonical, variants in load_table("media"):
        for v in variants:
            names.setdefault(_fold(v), canonical)
    return names


def is_medium(name: str) -> bool:
    """Whether a normal form names a known medium or agency (``newsnlp/data/media.txt``).

    Пример::

        >>> is_medium("Интерфакс"), is_medium("Telegram")
        (True, True)
    """
    return _fold(name) in _media_names()


def medium_name(word: str) -> str | None:
    """The canonical name of a medium written as one word, its inflection and a
    hyphenated tail allowed (``Telegram-канале`` -> ``Telegram``), else None.

    Пример::

        >>> medium_name("Telegram-канале"), medium_name("Твиттере"), medium_name("дом")
        ('Telegram', 'Twitter', None)
    """
    names = _media_names()
    folded = _fold(word)
    for key in (folded, folded.split("-", 1)[0]):
        if key in names:
            return names[key]
    return None


# Networks written in lower case too (``в своём фейсбуке``); any other medium counts only
# capitalised, as ``известия`` is also a common noun.
_SOCIAL = frozenset(load_list("social_networks"))


def _lemma_medium(ctx: Context, i: int) -> str | None:
    token = ctx.tokens[i]
    if not token.text[:1].isalpha():
        return None
    found = medium_name(token.text) or (medium_name(token.lemma) if token.lemma else None)
    if found is None:
        return None
    return found if token.text[:1].isupper() or found in _SOCIAL else None


def doc_media(ctx: Context) -> frozenset[str]:
    """Ids of the entities a document itself presents as media: a known medium, or a
    name right after a media noun (``британская газета Daily Mirror``). Worked out once
    per document.

    Пример::

        >>> doc_media(Context("", [], [], [], [], []))
        frozenset()
    """
    return ctx.once(_find_media)


def _find_media(ctx: Context) -> frozenset[str]:
    ids = set()
    for entity in ctx.entities:
        if entity.type == "ORG" and is_medium(entity.normal):
            ids.add(entity.id)
            continue
        span = ctx.entity_tokens.get(entity.id)
        if span is None or entity.type == "LOC":
            continue
        k = span[0] - 1
        while k >= 0 and ctx.tokens[k].text in ('"', "«", "'", "''"):
            k -= 1
        if k >= 0 and ctx.head_lemma(k, MEDIA_NOUNS) is not None:
            ids.add(entity.id)
        elif k >= 0 and entity.type == "ORG" and ctx.lemma(k) in _INTERVIEW_NOUNS:
            ids.add(entity.id)  # "в интервью The Daily Mail": an organisation interviews
    return frozenset(ids)


def medium_source(ctx: Context, entity: Entity) -> Source:
    """A medium entity as a source, by its canonical name.

    Пример::

        >>> # `агентство «Интерфакс»` -> Source(..., normal="Интерфакс", type="ORG")
    """
    cluster = ctx.cluster_by_id.get(entity.cluster or "")
    normal = entity.normal
    if not is_medium(normal) and cluster is not None:
        normal = cluster.name
    known = _media_names().get(_fold(normal))
    return Source(entity.start, entity.stop, entity.text, known or normal, "ORG")


def find_source(ctx: Context, sentence: int, content: tuple[int, int]) -> Source | None:
    """The medium named in a quote's attribution sentence, outside the quote itself: a
    medium entity, a social network (``в своём Telegram-канале``) or a name after a
    media noun.

    Пример::

        >>> # `"...", - сказал Ким Путину, сообщает агентство "Интерфакс"` -> Интерфакс
    """
    if sentence < 0 or sentence >= len(ctx.sentences):
        return None
    media = doc_media(ctx)
    sent = ctx.sentences[sentence]
    a, b = ctx.sent_ranges[sentence]
    # the sentence's entities by their first tokens: no scan of the whole document
    for k in range(a, b):
        entity = ctx.entity_at.get(k)
        if entity is None or entity.stop > sent.stop:
            continue
        if content[0] <= entity.start < content[1]:
            continue
        if entity.id in media and entity.type != "LOC":
            return medium_source(ctx, entity)
    for i in range(a, b):
        token = ctx.tokens[i]
        if content[0] <= token.start < content[1]:
            continue
        name = _lemma_medium(ctx, i)
        if name is not None:
            return Source(token.start, token.stop, token.text, name, "ORG")
        if (
            ctx.head_lemma(i, MEDIA_NOUNS) is not None
            and ctx.lemma(i) != "сми"
            and not _plural_press(ctx, i)
        ):
            found = _named_after(ctx, i + 1, b)
            if found is None:
                last = last_medium(ctx, token.start, ctx.section_index(token.start))
                found = medium_source(ctx, last) if last is not None else None
            if found is not None:
                return found
    return None


def _plural_press(ctx: Context, i: int) -> bool:
    """Whether the media noun at ``i`` with the adjective before it can only be plural
    (``Российские издания сообщают``): the press at large, which no one medium carries."""
    morph = get_morph()
    numbers = {str(p.tag.number) for p in morph.parse(ctx.tokens[i].text) if p.tag.POS == "NOUN"}
    if i > 0 and ctx.tokens[i - 1].pos == "ADJF":
        numbers &= {str(p.tag.number) for p in morph.parse(ctx.tokens[i - 1].text)}
    return numbers == {"plur"}


def _named_after(ctx: Context, i: int, end: int) -> Source | None:
    """A name right after a media noun that the tagger did not take for one: Latin words
    (``интернет-издания Techcrunch``) or words in quote marks (``газеты «Труд»``)."""
    k = i
    quoted = k < end and ctx.tokens[k].text in ('"', "«")
    if quoted:
        k += 1
    first = k
    while k < end and k - first < 5:
        text = ctx.tokens[k].text
        if quoted and text in ('"', "»"):
            break
        latin = text[:1].isupper() and text.isascii() and text[:1].isalpha()
        joiner = k > first and text in (".", "-") and k + 1 < end  # "Roem.ru"
        if not quoted and not latin and not joiner:
            break
        k += 1
    if k == first:
        return None
    start, stop = ctx.tokens[first].start, ctx.tokens[k - 1].stop
    words = ctx.text[start:stop]
    # a name in marks is kept as written ("газеты «Труд»": the noun takes the case)
    if quoted and not words[:1].isupper():
        return None
    return Source(start, stop, words, _media_names().get(_fold(words), words), "ORG")


def last_medium(ctx: Context, offset: int, section: int, since: int = -1) -> Entity | None:
    """The medium named last before ``offset`` in a section (in sentence ``since`` or
    later): ``по данным газеты``, ``Издание отмечает``, ``по её данным`` after the paper
    was named.

    Пример::

        >>> last_medium(Context("", [], [], [], [], []), 0, 0) is None
        True
    """
    media = doc_media(ctx)
    best = None
    for entity in ctx.entities:
        if entity.start >= offset:
            break
        if entity.id in media and ctx.section_index(entity.start) == section:
            span = ctx.entity_tokens.get(entity.id)
            if span is not None and ctx.tok_sent[span[0]] >= since:
                best = entity
    return best
