"""Direct speech: words in quote marks (or after a dash) with a cue and a speaker.

Пример::

    >>> from newsnlp import Pipeline
    >>> doc = Pipeline()("«Время пришло», — сказал Путин.")
    >>> [(q.rule, q.text, q.speaker.normal) for q in doc.quotes]
    [('direct_dash_after', 'Время пришло', 'Путин')]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .candidate import Candidate
from .clauses import (
    COMMA_LIKE,
    according_speaker,
    classify,
    cue_after,
    cue_candidate,
    cued,
    outer_regions,
    parsed_subject,
    place_before,
    sentence_of,
    speaker_after,
    speechlike,
    trim,
    words_in,
)
from .context import Context
from .marks import DASHES, QUOTE_CHARS, SENTENCE_END, Region
from .phrases import Ref, np_at
from .subjects import is_medium_ref, subject_left


def direct_split(ctx: Context) -> Iterator[Candidate]:
    """«Часть 1, – сказал он. – Часть 2»: a quotation broken by its attribution

    ``«Часть 1, – сказал он. – Часть 2»``: a quotation broken by its attribution is
    two quotes with one speaker."""
    for region in outer_regions(ctx):
        a, b = ctx.token_at(region.start), ctx.token_at(region.stop)
        i = a
        while i < b:
            token = ctx.tokens[i]
            if token.text in DASHES and i > a and ctx.tokens[i - 1].text in COMMA_LIKE | {"."}:
                cue = cue_after(ctx, i + 1, b, "speech", "opinion", "report")
                if cue is not None:
                    # the second dash that resumes the quotation
                    k = cue + 1
                    while k < b and k - cue <= 30 and ctx.tokens[k].text not in DASHES:
                        k += 1
                    if (
                        k < b
                        and ctx.tokens[k].text in DASHES
                        and ctx.tokens[k - 1].text
                        in (
                            ",",
                            ".",
                            ":",
                        )
                    ):
                        si = ctx.tok_sent[cue]
                        gender = ctx.verb_gender(cue)
                        speaker = speaker_after(ctx, cue, k, gender)
                        first = trim(ctx, region.start, ctx.tokens[i - 1].start)
                        second = trim(ctx, ctx.tokens[k].stop, region.stop)
                        for part_start, part_stop in (first, second):
                            if part_start < part_stop:
                                yield cued(
                                    ctx,
                                    ("direct", part_start, part_stop),
                                    cue,
                                    speaker,
                                    si,
                                    gender=gender,
                                    until=k,
                                )
                        i = k
            i += 1


def _direct_with_cue(
    ctx: Context,
    start: int,
    stop: int,
    cue: int,
    end: int,
    gender: str | None,
    si: int,
) -> Iterator[Candidate]:
    classes = ctx.cue(cue, "quote")
    if classes:
        # "— цитирует Хвана Чжан Епа Lenta.ru": the cited one is the object
        objects = []
        i = cue + 1
        while i < end:
            ref = np_at(ctx, i, end)
            if ref is not None:
                if "accs" in ref.cases and not is_medium_ref(ref):
                    objects.append(ref)
                i = ref.stop
                continue
            i += 1
        # a named person cited beats the role words before the name
        people = [r for r in objects if r.entity is not None and r.entity.type == "PER"]
        speaker = people[0] if people else (objects[0] if objects else None)
        yield cued(ctx, ("direct", start, stop), cue, speaker, si)
        return
    speaker = speaker_after(ctx, cue, end, gender) or parsed_subject(ctx, cue)
    yield cued(
        ctx, ("direct", start, stop), cue, speaker, si, gender=gender, until=end, medium=True
    )


def _colon_cue_before(ctx: Context, region: Region) -> bool:
    """A colon right before the quotation, after a cue verb of its sentence."""
    colon = ctx.token_at(region.open_mark) - 1
    if colon < 0 or ctx.tokens[colon].text != ":":
        return False
    _, a, _ = sentence_of(ctx, colon)
    return any(ctx.cue(k, "speech", "opinion") for k in range(a, colon))


def _a_name(ctx: Context, region: Region) -> bool:
    """Whether the quoted words are a name and nothing else (``«Известия» уверены``,
    ``«Мемориал» признал``): the name speaks, it is not what is said."""
    start, stop = trim(ctx, region.start, region.stop)
    return any(e.start <= start and stop <= e.stop for e in ctx.entities)


def _embedded(ctx: Context, region: Region) -> bool:
    """Whether a quotation is a fragment inside a clause (``ситуация "вышла за рамки"``)
    rather than a statement of its own (after a sentence start, colon, dash or comma)."""
    k = ctx.token_at(region.open_mark) - 1
    if k < 0 or ctx.tok_sent[k] != ctx.tok_sent[k + 1]:
        return False
    previous = ctx.tokens[k].text
    return previous[:1].isalnum()


def direct_dash_after(ctx: Context) -> Iterator[Candidate]:
    """«...», – сказал X / «...», сказал X: a quotation, then cue and speaker

    ``«...», – сказал Ким Путину`` / ``«...», сказал Хоровитц``: a quotation followed by
    a dash and a cue verb with its speaker."""
    for region in outer_regions(ctx):
        i = ctx.token_at(region.close_mark) + 1
        if i >= len(ctx.tokens):
            continue
        si, _, b = sentence_of(ctx, min(i, len(ctx.tokens) - 1))
        if ctx.tok_sent[i] != ctx.tok_sent[i - 1]:
            # razdel ended the sentence at the closing mark: the attribution follows it
            si, _, b = sentence_of(ctx, i)
        while i < b and ctx.tokens[i].text in COMMA_LIKE:
            i += 1
        dashed = i < b and ctx.tokens[i].text in DASHES
        if dashed:
            i += 1
        cue = cue_after(ctx, i, b, "speech", "opinion", "report", "quote")
        if cue is None or _embedded(ctx, region) or _a_name(ctx, region):
            continue
        if not dashed and ctx.cue(cue, "report") and _colon_cue_before(ctx, region):
            # `он ответил: "это разные слова", сообщает РИА Новости`: the speaker is the
            # one before the colon, the medium only reports it (direct_colon_before)
            continue
        start, stop = trim(ctx, region.start, region.stop)
        if start >= stop:
            continue
        gender = ctx.verb_gender(cue)
        yield from _direct_with_cue(ctx, start, stop, cue, b, gender, si)


def _colon_quotations(ctx: Context) -> list[tuple[int, int, int, int, int, int | None]]:
    """Each quotation introduced by a colon: ``(sentence, first token, colon, start,
    stop, cue)``, with the nearest cue verb before the colon within the clause, if any.
    Three rules read them: through ``ctx.once``, found once per document."""
    found = []
    for region in outer_regions(ctx):
        colon = ctx.token_at(region.open_mark) - 1
        if colon < 0 or ctx.tokens[colon].text != ":":
            continue
        si, a, _ = sentence_of(ctx, colon)
        start, stop = trim(ctx, region.start, region.stop)
        if start >= stop:
            continue
        cue = None
        for i in range(colon - 1, a - 1, -1):
            if ctx.cue(i, "speech", "opinion", "report") and ctx.tokens[i].pos != "INFN":
                cue = i
                break
            if ctx.tokens[i].text in QUOTE_CHARS and ctx.region_at(ctx.tokens[i].start):
                break
        found.append((si, a, colon, start, stop, cue))
    return found


def direct_colon_before(ctx: Context) -> Iterator[Candidate]:
    """X ответил: «...»: a cue verb and a colon before the quotation."""
    for si, a, colon, start, stop, cue in ctx.once(_colon_quotations):
        if cue is None:
            continue
        gender = ctx.verb_gender(cue)
        speaker = subject_left(ctx, cue, a, gender) or speaker_after(ctx, cue, colon, gender)
        if speaker is None:
            # "В пресс-службе Кремля сообщили: «...»": the office that speaks, as the
            # block and indirect rules read it
            speaker = according_speaker(ctx, a, colon) or place_before(ctx, cue, a)
        yield cued(ctx, ("direct", start, stop), cue, speaker, si, gender=gender, until=colon)


def _colon_without_cue(ctx: Context) -> list[tuple[int, int, int, int, int, Ref | None]]:
    """The colon quotations with no cue verb before them that are statements, not
    a chant or a title (``скандировать: «Свободу!»``), with the ``по словам X`` speaker
    before the colon, if any: ``(sentence, first token, colon, start, stop, speaker)``."""
    return [
        (si, a, colon, start, stop, according_speaker(ctx, a, colon))
        for si, a, colon, start, stop, cue in ctx.once(_colon_quotations)
        if cue is None and words_in(ctx, start, stop) >= 3
    ]


def direct_colon_according(ctx: Context) -> Iterator[Candidate]:
    """По словам X, ...: «...»: a colon after an attribution."""
    for si, _, _, start, stop, according in ctx.once(_colon_without_cue):
        if according is not None:
            yield Candidate("direct", start, stop, speaker=according, sentence=si)


def direct_colon_subject(ctx: Context) -> Iterator[Candidate]:
    """X оказался дипломатичным: «...»: a colon after the speaker's clause."""
    for si, a, colon, start, stop, according in ctx.once(_colon_without_cue):
        if according is not None:
            continue  # direct_colon_according's
        speaker = subject_left(ctx, colon, a, None)
        if speaker is not None:
            yield Candidate("direct", start, stop, speaker=speaker, sentence=si)


def direct_dialogue(ctx: Context) -> Iterator[Candidate]:
    """— Мы готовы, — сказал министр.: dashes instead of quote marks

    ``— Мы готовы к переговорам, — сказал министр.``: speech set off by dashes at the
    start of a paragraph, as in interviews and reportage."""
    for si, (a, b) in enumerate(ctx.sent_ranges):
        if b - a < 4 or ctx.tokens[a].text not in DASHES:
            continue
        if not ctx.opens_line(ctx.tokens[a].start):
            continue  # the dash must open the paragraph
        for k in range(a + 2, b - 1):
            if ctx.tokens[k].text in DASHES and ctx.tokens[k - 1].text in COMMA_LIKE:
                cue = cue_after(ctx, k + 1, b, "speech", "opinion")
                if cue is None:
                    continue
                start, stop = trim(ctx, ctx.tokens[a].stop, ctx.tokens[k - 1].start)
                gender = ctx.verb_gender(cue)
                speaker = speaker_after(ctx, cue, b, gender)
                if start < stop:
                    yield cued(ctx, ("direct", start, stop), cue, speaker, si, gender=gender)
                break


def mixed_naming(ctx: Context) -> Iterator[Candidate]:
    """назвал визит «непростительным оскорблением»: quoted words as a name

    ``назвал визит «непростительным оскорблением»``: the speaker's own words in quote
    marks, given as what they called something."""
    for i, token in enumerate(ctx.tokens):
        if token.pos not in ("VERB", "GRND") or not ctx.cue(i, "name"):
            continue
        si, a, b = sentence_of(ctx, i)
        for k in range(i + 1, min(b, i + 7)):
            if ctx.tokens[k].text in (",", ";", ":") and k > i + 1:
                break
            region = (
                ctx.region_at(ctx.tokens[k].start + 1)
                if ctx.tokens[k].text in QUOTE_CHARS
                else None
            )
            if region is None or region.open_mark != ctx.tokens[k].start:
                continue
            if not speechlike(ctx, region):
                break
            span = classify(ctx, ctx.tokens[i].stop, region.close_mark + 1)
            leftmost = token.pos == "GRND"
            # "которую в прессе называют «британская Яровая»": a plural verb with no
            # subject is nobody's naming, never the last speaker's
            required = ctx.verb_gender(i) == "plur"
            cand = cue_candidate(ctx, span, i, a, i, si, required=required, leftmost=leftmost)
            if cand is not None:
                yield cand
            break


def direct_continuation(ctx: Context, taken: Sequence[Candidate]) -> Iterator[Candidate]:
    """«...» right after a quote of the same speaker, with no cue

    A quotation that makes a sentence of its own right after a quote of the same
    speaker: ``«...», — сказал он. «...».``"""
    done = sorted(taken, key=lambda c: c.start)
    for region in outer_regions(ctx):
        start, stop = trim(ctx, region.start, region.stop)
        if start >= stop or words_in(ctx, start, stop) < 4:
            continue
        open_tok = ctx.token_at(region.open_mark)
        si, a, b = sentence_of(ctx, open_tok)
        if open_tok != a:
            continue
        close_tok = ctx.token_at(region.close_mark)
        rest = [t.text for t in ctx.tokens[close_tok + 1 : b]]
        if rest and not all(t in SENTENCE_END or t in QUOTE_CHARS for t in rest):
            continue
        before = [c for c in done if c.stop <= region.open_mark]
        if not before:
            continue
        last = before[-1]
        gap = ctx.text[last.stop : region.open_mark]
        if si - last.sentence > 2 or gap.count("\n\n") > 1:
            continue
        if ctx.section_index(last.start) != ctx.section_index(start):
            continue
        cand = Candidate("direct", start, stop, inherit=True, sentence=si)
        done.append(cand)
        done.sort(key=lambda c: c.start)
        yield cand


# Named by the functions themselves, in the order they run (rules.RULES).
__all__ = [
    rule.__name__
    for rule in (
        direct_split,
        direct_dash_after,
        direct_colon_before,
        direct_colon_according,
        direct_colon_subject,
        direct_dialogue,
        mixed_naming,
        direct_continuation,
    )
]
