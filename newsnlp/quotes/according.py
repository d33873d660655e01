"""``по словам X, ...``: a clause attributed by a phrase, and the statement around it.

:func:`indirect_according` reads ``по словам/мнению/данным X``, ``по его словам``,
``согласно X`` and ``в соответствии с X``; :func:`around_attribution` finds the statement
an attribution introduces or interrupts, for the other indirect rules too.

Пример::

    >>> from newsnlp import Pipeline
    >>> doc = Pipeline()("По данным ТАСС, встреча продлится два часа.")
    >>> [(q.rule, q.text, q.speaker.normal) for q in doc.quotes]
    [('indirect_according', 'встреча продлится два часа', 'ТАСС')]
"""

from __future__ import annotations

from collections.abc import Iterator

from ..lexicon import fold_yo, load_list
from ..morph import get_morph
from .candidate import Candidate
from .clauses import as_genitive, classify, clause_end, is_word, sentence_of
from .context import Context, attribution_words
from .marks import QUOTE_CHARS
from .phrases import SEARCH_MAX, Ref, np_at
from .subjects import is_medium_ref

_CONNECTIVES = frozenset(load_list("connectives"))


_SOURCE_NOUNS = frozenset(load_list("source_nouns"))


def around_attribution(
    ctx: Context,
    first: int,
    last: int,
    a: int,
    b: int,
    si: int,
    cue: tuple[int, int],
    speaker: Ref | None,
    gender: str | None = None,
) -> Iterator[Candidate]:
    """Content of a clause interrupted or introduced by an attribution ``[first, last)``."""
    if first > a and ctx.tokens[first - 1].text == "(":
        close = next((k for k in range(last, b) if ctx.tokens[k].text == ")"), b)
        if close > last + 1:
            # "Баффет не собирается (по его словам, он не жалуется на здоровье), ...":
            # the brackets hold the statement, the sentence around them is the author's
            a, b = first, close
    prefix = list(range(a, first))
    prefix_words = [k for k in prefix if is_word(ctx, k)]
    only_connectives = all(ctx.tokens[k].text.lower() in _CONNECTIVES for k in prefix_words)
    # "Правда, были задержания, но, как пояснили в милиции, ...": a clause of its own
    # before a conjunction; the statement is what follows the attribution
    after_conjunction = bool(prefix_words) and ctx.tokens[prefix_words[-1]].text.lower() in (
        "но",
        "а",
        "и",
        "однако",
        "зато",
        "причем",
    )
    if not prefix_words or only_connectives or after_conjunction:
        # "По словам X, ...", "Вместе с тем, по его словам, ...", "..., но, как пояснили в
        # милиции, ...": the statement is what follows the attribution
        if last >= b:
            if not prefix_words or only_connectives:
                return
            # "..., по словам X." at the very end: the clause before it
            kind, start, stop = classify(ctx, ctx.tokens[a].start, ctx.tokens[first].start)
        else:
            end = clause_end(ctx, last + 1, b)
            if end <= last + 1:
                return
            kind, start, stop = classify(ctx, ctx.tokens[last].stop, ctx.tokens[end - 1].stop)
    else:
        # "Подписание, по словам X, не ожидается": one span, interruption inside
        end = clause_end(ctx, last + 1, b) if last < b else b
        kind, start, stop = classify(ctx, ctx.tokens[a].start, ctx.tokens[end - 1].stop)
    if start >= stop:
        return
    yield Candidate(
        kind,
        start,
        stop,
        cue=cue,
        speaker=speaker,
        gender=gender,
        inherit=speaker is None,
        medium_speaker=speaker is not None and is_medium_ref(speaker),
        sentence=si,
    )


def indirect_according(ctx: Context) -> Iterator[Candidate]:
    """по словам/мнению/данным X, ...; по его словам; согласно X

    ``по словам X, ...``, ``по мнению X``, ``по данным X``, ``по его словам``."""
    for i, token in enumerate(ctx.tokens[:-2]):
        first = _after_according(ctx, i)
        if first is not None:
            yield from _according_to(ctx, i, first)
        elif token.text.lower() == "по":
            yield from _by_words_of(ctx, i)


def _after_according(ctx: Context, i: int) -> int | None:
    """The first token after ``согласно`` or ``в соответствии с`` at ``i``."""
    lower = ctx.tokens[i].text.lower()
    if lower == "согласно":
        return i + 1
    if (
        lower == "в"
        and i + 3 < len(ctx.tokens)
        and ctx.tokens[i + 1].text.lower() == "соответствии"
        and ctx.tokens[i + 2].text.lower() == "с"
    ):
        return i + 3
    return None


def _according_to(ctx: Context, i: int, first: int) -> Iterator[Candidate]:
    """``Согласно comScore, ...``, ``в соответствии с прогнозом ФАО``, ``согласно его
    пророчествам``: like ``по данным``."""
    si, a, b = sentence_of(ctx, i)
    k = first
    if k < b and ctx.tokens[k].text.lower() in ("его", "её", "ее", "их"):
        speaker = np_at(ctx, k, k + 1)
        k += 1
        while k < b and ctx.tokens[k].pos in ("NOUN", "ADJF"):
            k += 1
        if speaker is not None and k < b and ctx.tokens[k].text == ",":
            yield from around_attribution(ctx, i, k, a, b, si, (i, first), speaker)
        return
    if k < b and ctx.lemma(k) in _SOURCE_NOUNS:
        k += 1  # "в соответствии с прогнозом ФАО": the document, then its owner
    speaker = np_at(ctx, k, b)
    if speaker is None or speaker.kind not in ("entity", "role", "name"):
        return
    j = speaker.stop
    if j < b and ctx.tokens[j].text == ",":
        yield from around_attribution(ctx, i, j, a, b, si, (i, first), speaker)


# "по его словам": the pronoun that speaks, never an adjective before the word
_POSSESSIVES = frozenset({"его", "её", "ее", "их"})

# "собственным" / "личным" between the pronoun and the attribution word.
_OWN = frozenset({"собственным", "собственному", "собственной", "личным", "личному", "личной"})


def _participle(word: str) -> bool:
    """Whether a word can be a participle in the genitive, agreeing with the speaker
    after ``по словам`` (the tokens' POS folds participles into ADJF)."""
    return any(p.tag.POS == "PRTF" and p.tag.case == "gent" for p in get_morph().parse(word))


def _attribution(ctx: Context, k: int) -> str | None:
    """The attribution word at token ``k`` (``словам``, ``подсчётам``), or None."""
    word = fold_yo(ctx.tokens[k].text.lower()) if k < len(ctx.tokens) else ""
    return word if word in attribution_words() else None


def _by_words_of(ctx: Context, i: int) -> Iterator[Candidate]:
    """``по словам X``, ``по данным полиции``, ``по его словам`` at token ``i``."""
    words = attribution_words()
    si, a, b = sentence_of(ctx, i)
    # "по неофициальным данным «Ъ»", "по первоначальным словам девушки": an adjective
    # or two before the attribution word
    w = i + 1
    while (
        w < min(b - 1, i + 3)
        and ctx.tokens[w].pos == "ADJF"
        and ctx.tokens[w].text.lower() not in _POSSESSIVES
        and _attribution(ctx, w) is None
    ):
        w += 1
    if _attribution(ctx, w) is None:
        w = i + 1
    nxt, after = ctx.tokens[i + 1].text.lower(), ctx.tokens[i + 2].text.lower()
    if _attribution(ctx, w) is not None:
        k = w + 1
        if k < b and ctx.tokens[k].text.lower() == "же":
            k += 1  # "По информации же Роскомсвободы, ..."
        while k < b and ctx.tokens[k].text in QUOTE_CHARS:
            k += 1  # "По информации «Коммерсанта», ..."
        speaker = np_at(ctx, k, b)
        if speaker is not None and speaker.kind == "role":
            # "по данным полиции" -> "полиция"
            speaker = as_genitive(ctx, speaker)
        cue = (i, w + 1)
    elif nxt in _POSSESSIVES and after in words:
        # "по его словам": the pronoun stands before the attribution word
        speaker = np_at(ctx, i + 1, i + 2)
        cue = (i, i + 3)
    elif (
        nxt in _POSSESSIVES
        and after in _OWN
        and i + 3 < b
        and ctx.tokens[i + 3].text.lower() in words
    ):
        # "По его собственным словам, ..."
        speaker = np_at(ctx, i + 1, i + 2)
        cue = (i, i + 4)
    else:
        return
    if speaker is None:
        return
    # the attribution runs to the next comma, past a participle set in commas after the
    # speaker ("По мнению телеканала, принадлежащего организации «Хамас», ...")
    j = max(speaker.stop, cue[1])
    while j < b and ctx.tokens[j].text not in (",", ":", ";") and j - i < SEARCH_MAX:
        if ctx.tokens[j].pos == "VERB" and j > speaker.stop:
            # "По мнению прокуратуры конечная цена была завышена": the comma was left
            # out; the statement starts right after the speaker
            j = max(speaker.stop, cue[1]) - 1
            break
        j += 1
    if (
        j + 1 < b
        and ctx.tokens[j].text == ","
        and (_participle(ctx.tokens[j + 1].text) or ctx.lemma(j + 1) == "который")
    ):
        # "По словам очевидцев, которые были с погибшим, ...": a relative clause too
        k = j + 1
        while k < b and ctx.tokens[k].text not in (",", ":", ";") and k - j < SEARCH_MAX:
            k += 1
        if k < b and ctx.tokens[k].text == ",":
            j = k
    yield from around_attribution(ctx, i, j, a, b, si, cue, speaker)


# named by their functions, as every rule is (tests/test_structure.py)
__all__ = [rule.__name__ for rule in (around_attribution, indirect_according)]
