"""Indirect speech: what someone said, reported in the writer's words.

``X заявил, что ...``, ``по словам X, ...``, ``как сообщил X, ...``, ``..., отмечает X,
...``, ``X пообещал сделать ...``, ``X подчеркнул: ...`` and ``X сообщил о ...``.

Пример::

    >>> from newsnlp import Pipeline
    >>> doc = Pipeline()("По словам Пескова, визит пройдет по плану.")
    >>> [(q.rule, q.text, q.speaker.normal) for q in doc.quotes]
    [('indirect_according', 'визит пройдет по плану', 'Песков')]
"""

from __future__ import annotations

from collections.abc import Iterator

from ..morph import get_morph
from .according import around_attribution
from .candidate import Candidate
from .clauses import (
    THAT,
    classify,
    clause_end,
    cue_after,
    cue_candidate,
    cued,
    document_owner,
    is_question,
    is_refusal,
    is_word,
    parsed_subject,
    place_before,
    sentence_of,
    speaker_after,
    trim,
    words_in,
)
from .context import Context
from .marks import DASHES, QUOTE_CHARS, SENTENCE_END
from .phrases import SEARCH_MAX, Ref, np_at
from .subjects import is_medium_ref, subject_left

_EXPRESS = frozenset({"выразить", "выражать", "высказать", "высказывать"})


def _plain_between(ctx: Context, cue: int, that: int) -> bool:
    """What may stand between a cue and its ``что``: a comma, ``о том``, adverbs, the
    addressee (``журналистам``), prepositional phrases (``в интервью газете``) but
    not a direct object (``говорил правду, что`` is no report)."""
    between = range(cue + 1, that)
    if not between:
        return True
    if ctx.tokens[that - 1].text != ",":
        return False
    morph_cases = get_morph().cases
    after_prep = False
    seen_noun = False
    words = [ctx.tokens[k].text.lower() for k in between]
    if ("о" in words and "том" in words) or words[-2:] == ["тем", ","]:
        # "оповестил всех партнёров о том, что", "объяснил инцидент тем, что": the
        # object is whom he told or what he explained; the clause is the content
        return len(words) <= 10
    for k in between:
        t = ctx.tokens[k]
        if t.pos == "PREP":
            after_prep = True
            continue
        if t.text in (",", "«", "»", '"') or t.pos in ("ADVB", "PRCL", "CONJ", "ADJF", None):
            continue
        if t.text.lower() in ("о", "том", "об", "этом", "то", "того", "тому", "тем"):
            continue
        if t.pos in ("NOUN", "NPRO"):
            cases = morph_cases(t.text)
            expressed = ctx.lemma(cue) in _EXPRESS and ctx.cue(k, "noun")
            if after_prep or "datv" in cases or expressed:
                # an addressee, a prepositional phrase, "выразил уверенность, что"
                seen_noun = True
                continue
            if seen_noun and cases & {"gent", "ablt", "loct"}:
                # a dependent of a noun before it: "любителям велосипедной езды"
                continue
            return False
        if t.pos in ("VERB", "INFN"):
            return False
    return True


def _impersonal(ctx: Context, cue: int) -> bool:
    """A neuter short participle or ``-ся`` form with no subject: ``признано``,
    ``сообщается``, ``ожидается``."""
    token = ctx.tokens[cue]
    if token.pos == "PRTS":
        return True
    return token.text.lower().endswith(("ется", "ется,", "ится", "ось", "лось"))


def _may_nest(ctx: Context, cue: int, speaker: Ref | None) -> bool:
    """A report found inside someone's quoted words (``«...Путин попенял Громову на
    то, что ...»``) counts only when it names who said it; quoted words are the
    speaker's own, not reports of the author."""
    region = ctx.region_at(ctx.tokens[cue].start)
    if region is None or words_in(ctx, region.start, region.stop) < 8:
        return True
    return speaker is not None and speaker.kind == "entity"


def _participle_head(ctx: Context, cue: int, a: int) -> Ref | None:
    """The phrase a participle cue describes: ``представители ХДС, считавшие, что`` ->
    ``представители ХДС``; ``ряд религиозных лидеров, аргументировавших ...``."""
    comma = cue - 1
    if comma <= a or ctx.tokens[comma].text != ",":
        return None
    best = None
    i = a
    while i < comma:
        if ctx.tokens[i].pos == "PREP":
            i += 1
            while i < comma and ctx.tokens[i].pos in ("ADJF", "PRTF", "NUMR"):
                i += 1
            ref = np_at(ctx, i, comma)
            i = ref.stop if ref is not None else i + 1
            continue  # "переселенцы из бывшего Советского Союза": not the Union
        ref = np_at(ctx, i, comma)
        if ref is not None:
            if ref.kind in ("entity", "role"):
                best = ref
            i = max(ref.stop, i + 1)
            continue
        i += 1
    return best


def indirect_that(ctx: Context) -> Iterator[Candidate]:
    """X заявил/считает/уверен, что ...; подчеркнув, что ...

    ``X заявил/считает/уверен, что ...``, ``подчеркнув, что ...``, ``напомнил о том,
    что ...``: reported speech after a cue and ``что``."""
    for that, token in enumerate(ctx.tokens):
        if token.text.lower() not in THAT:
            continue
        si, a, b = sentence_of(ctx, that)
        cue = _cue_before_that(ctx, that, a)
        if cue is None:
            continue
        if not _plain_between(ctx, cue, that):
            continue
        end = clause_end(ctx, that + 1, b)
        if end <= that + 1:
            continue
        kind, start, stop = classify(ctx, ctx.tokens[that].stop, ctx.tokens[end - 1].stop)
        if start >= stop:
            continue
        if is_question(ctx, b):
            continue
        gender = ctx.verb_gender(cue)
        if ctx.tokens[cue].pos == "PRTF":
            # "представители ХДС, считавшие, что": the participle's head, or no one
            first = _participle_head(ctx, cue, a)
            if first is None:
                continue
        elif ctx.tokens[cue].pos == "GRND":
            first = _gerund_subject(ctx, cue, a)
        else:
            first = subject_left(ctx, cue, a, gender)
        speaker = _that_speaker(ctx, cue, that, a, gender, first)
        if speaker is None and _impersonal(ctx, cue):
            continue  # "Признано, что ...": nobody is named as saying it
        if not _may_nest(ctx, cue, speaker):
            continue
        yield cued(ctx, (kind, start, stop), cue, speaker, si, gender=gender, until=that)


def _gerund_subject(ctx: Context, cue: int, a: int) -> Ref | None:
    """Who an adverbial participle's words are: the first subject of the clause of the
    finite verb it hangs on ("..., а Александр Хинштейн назвал его «вруном», заявив,
    что"; "Израиль и США отвергают подобный шаг, заявляя"), a subordinate clause's verb
    passed over; else the sentence's first subject ("Аарон Гринспен, ..., полагая")."""
    k = cue - 1
    while k >= a:
        if ctx.tokens[k].pos == "VERB":
            c = k - 1
            while c >= a and ctx.tokens[c].text not in (",", ";", ":"):
                c -= 1
            clause = c + 1
            if ctx.lemma(clause) in _CLAUSE_WORDS:
                k = c - 1  # "..., чтобы слово ушло к Цукербергу": not the main clause
                continue
            found = subject_left(ctx, k, clause, ctx.verb_gender(k), leftmost=True)
            if found is not None:
                return found
            break
        k -= 1
    return subject_left(ctx, cue, a, None, leftmost=True)


# Words that open a subordinate clause, whose verb a participle does not hang on.
_CLAUSE_WORDS = frozenset(
    {"что", "чтобы", "который", "когда", "если", "где", "куда", "хотя", "поскольку", "пока"}
)


def _cue_before_that(ctx: Context, that: int, a: int) -> int | None:
    """The cue verb (or opinion participle) a few words before ``что``, in its clause."""
    for i in range(that - 1, max(a, that - 9) - 1, -1):
        t = ctx.tokens[i]
        if t.text in SENTENCE_END or t.text == ":":
            return None
        if ctx.cue(i, "speech", "opinion", "intent", "report") and t.pos != "INFN":
            # "Стоит отметить, что": the author's infinitive is nobody's report
            return i
        if ctx.opinion_participle(i):
            return i  # "представители ХДС, считавшие, что ..."
        if t.pos == "VERB" and i < that - 1:
            return None
    return None


def _that_speaker(
    ctx: Context, cue: int, that: int, a: int, gender: str | None, first: Ref | None
) -> Ref | None:
    """Who says the ``что`` clause: ``first`` (the participle's head or the subject
    before the cue), else the subject after it, the place or document that speaks, or
    the parse's subject."""
    speaker = first
    if speaker is None:
        speaker = speaker_after(ctx, cue, that, gender)
    if speaker is not None and is_medium_ref(speaker) and gender == "plur":
        # "В уфимской мэрии «Ъ» сообщили, что": the medium is told, the place tells
        speaker = place_before(ctx, cue, a) or speaker
    if speaker is None:
        speaker = place_before(ctx, cue, a) or document_owner(ctx, a, that)
    if speaker is None and ctx.tokens[cue].pos == "VERB":
        speaker = parsed_subject(ctx, cue)
    return speaker


def indirect_as_said(ctx: Context) -> Iterator[Candidate]:
    """как сообщил X, ...; как пояснили в милиции, ...

    ``как сообщил X, ...``, ``как пишет Lenta.ru, ...``, ``как пояснили в милиции, ...``."""
    for i, token in enumerate(ctx.tokens[:-1]):
        if token.text.lower() != "как":
            continue
        si, a, b = sentence_of(ctx, i)
        cue = cue_after(ctx, i + 1, b, "speech", "report", "opinion")
        if cue is None:
            continue
        j = cue + 1
        skipped = 0  # a bracket ("(Unión Nacional de Ciudadanos Éticos)") counts as a word
        while j < b and ctx.tokens[j].text != "," and j - cue - skipped < SEARCH_MAX:
            if ctx.tokens[j].text == "(" and all(
                ctx.tokens[k].text != ":" for k in range(cue + 1, j)
            ):
                close = next(
                    (k for k in range(j + 1, min(b, j + 12)) if ctx.tokens[k].text == ")"), j
                )
                skipped += close - j
                j = close
            j += 1
        if j >= b:
            continue
        gender = ctx.verb_gender(cue)
        speaker = speaker_after(ctx, cue, j, gender)
        if speaker is None:
            continue  # "как говорится", "как известно": a set phrase, nobody speaks
        yield from around_attribution(ctx, i, j, a, b, si, (cue, cue + 1), speaker, gender)


def indirect_parenthetical(ctx: Context) -> Iterator[Candidate]:
    """..., отмечает X, ...: an attribution set in commas

    ``Было бы неплохо, отмечает X, если бы ...``, ``Одна из групп, уточняет газета
    «Труд», пришла ...``: an attribution set in commas inside the statement."""
    for si, (a, b) in enumerate(ctx.sent_ranges):
        for i in range(a + 1, b - 1):
            if ctx.tokens[i - 1].text != ",":
                continue
            cue = cue_after(ctx, i, b, "speech", "report")
            if cue is None or cue != i or ctx.tokens[cue].pos != "VERB":
                continue
            gender = ctx.verb_gender(cue)
            speaker = speaker_after(ctx, cue, b, gender)
            if speaker is None:
                continue
            close = speaker.stop
            while close < b and ctx.tokens[close].text in QUOTE_CHARS:
                close += 1
            if close >= b or ctx.tokens[close].text != ",":
                continue
            if close + 1 < b and ctx.tokens[close + 1].text.lower() in THAT:
                continue
            if not any(ctx.tokens[k].pos in ("VERB", "PRTS") for k in range(close + 1, b)):
                continue  # "..., сказал лидер X, депутат Y Z." is an attribution at the end
            yield from around_attribution(
                ctx,
                i - 1,
                close,
                a,
                b,
                si,
                (cue, cue + 1),
                speaker,
                gender,
            )


_PREDICATES = frozenset({"VERB", "PRTS", "ADJS", "PRED", "INFN"})


def _has_predicate(ctx: Context, a: int, b: int) -> bool:
    """Whether tokens ``[a, b)`` hold a predicate: a statement, not a bare noun phrase."""
    return any(
        ctx.tokens[k].pos in _PREDICATES or ctx.tokens[k].text.lower() in ("нет", "не")
        for k in range(a, b)
    )


def indirect_dash_after(ctx: Context) -> Iterator[Candidate]:
    """..., – сообщил X / ..., заявил X: unquoted statement, then cue

    ``Подписания не ожидается, – сообщил Песков.`` / headline ``..., заявил Ким``:
    an unquoted statement with its attribution after it."""
    for si, (a, b) in enumerate(ctx.sent_ranges):
        for i in range(a + 2, b):
            if ctx.tokens[i - 1].text not in (",", *DASHES):
                continue
            comma = i - 1
            if ctx.tokens[comma].text in DASHES and ctx.tokens[comma - 1].text == ",":
                comma -= 1
            cue = cue_after(ctx, i, b, "speech", "opinion")
            if cue is None or ctx.tokens[cue].pos not in ("VERB", "PRTS", "ADJS"):
                continue  # "..., убежден адвокат" too
            # the attribution must close the sentence: speaker and a few words at most
            tail = [k for k in range(cue + 1, b) if is_word(ctx, k)]
            if len(tail) > 20 or any(
                ctx.tokens[k].text.lower() in THAT or ctx.tokens[k].pos == "VERB" for k in tail
            ):
                continue
            gender = ctx.verb_gender(cue)
            speaker = speaker_after(ctx, cue, b, gender)
            if speaker is None or (speaker.kind == "place" and gender != "plur"):
                continue  # "признался в употреблении кокаина": a place speaks only as "они"
            first = a
            for k in range(a, min(comma, a + 5)):
                # "Однако о том, что ..., сказал X": the statement starts after "что"
                if ctx.tokens[k].text.lower() == "что" and ctx.tokens[k - 1].text == ",":
                    first = k + 1
                    break
            if is_question(ctx, b) or first >= comma:
                continue
            kind, start, stop = classify(ctx, ctx.tokens[first].start, ctx.tokens[comma].start)
            if start >= stop or words_in(ctx, start, stop) < 3 or is_refusal(ctx, start, stop):
                continue
            if not _has_predicate(ctx, first, comma):
                continue  # "Тайсон Фьюри, чемпион мира, признался": a subject, not a statement
            yield cued(
                ctx, (kind, start, stop), cue, speaker, si, gender=gender, until=b, medium=True
            )
            break


def indirect_infinitive(ctx: Context) -> Iterator[Candidate]:
    """X пообещал/призвал/потребовал сделать ...

    ``X пообещал/призвал/потребовал сделать ...``: the infinitive clause is the content."""
    for i, token in enumerate(ctx.tokens):
        if not ctx.cue(i, "intent") or token.pos != "VERB":
            continue
        si, a, b = sentence_of(ctx, i)
        inf = None
        for k in range(i + 1, min(b, i + 8)):
            if ctx.tokens[k].pos == "INFN":
                inf = k
                break
            if ctx.tokens[k].text == "," and k == i + 1:
                continue  # "угрожала, с начала августа поднять штраф"
            if ctx.tokens[k].text in (",", ":", ";") or ctx.tokens[k].pos == "VERB":
                break
        if inf is None:
            continue
        end = clause_end(ctx, inf, b)
        first = inf
        if ctx.tokens[inf - 1].text in QUOTE_CHARS and ctx.region_at(ctx.tokens[inf].start):
            first = inf - 1  # "призвал ООН «ответить ...»": the quotation is the content
        span = classify(ctx, ctx.tokens[first].start, ctx.tokens[end - 1].stop)
        if span[1] >= span[2]:
            continue
        cand = cue_candidate(ctx, span, i, a, inf, si)
        if cand is not None:
            yield cand


def indirect_colon(ctx: Context) -> Iterator[Candidate]:
    """X подчеркнул: ... (no quote marks): a cue and a colon

    ``Он подчеркнул: страна готова к диалогу.``: a cue and a colon before an unquoted
    statement (a quoted one is ``direct_colon_before``)."""
    for i, token in enumerate(ctx.tokens[:-2]):
        if token.text != ":" or i == 0:
            continue
        si, a, b = sentence_of(ctx, i)
        nxt = ctx.tokens[i + 1]
        if nxt.text in QUOTE_CHARS or nxt.text in DASHES or i + 1 >= b:
            continue
        cue = None
        for k in range(i - 1, max(a, i - 6) - 1, -1):
            if ctx.cue(k, "speech", "opinion") and ctx.tokens[k].pos == "VERB":
                cue = k
                break
            if ctx.tokens[k].text in (",", ":", ";"):
                break
        if cue is None:
            continue
        end = clause_end(ctx, i + 1, b)
        if words_in(ctx, ctx.tokens[i + 1].start, ctx.tokens[end - 1].stop) < 3:
            continue
        span = classify(ctx, ctx.tokens[i].stop, ctx.tokens[end - 1].stop)
        if span[1] >= span[2] or is_question(ctx, b):
            continue
        cand = cue_candidate(ctx, span, cue, a, i, si, required=False, places=True)
        if cand is not None:
            yield cand


def _fronted_about(ctx: Context) -> Iterator[Candidate]:
    """``О смерти Мендонсы сообщила его дочь.``: the topic first, the speaker after the
    verb. Remembered, not output, so that ``Она рассказала, что ...`` finds her."""
    for si, (a, b) in enumerate(ctx.sent_ranges):
        if b - a < 4 or ctx.tokens[a].text.lower() not in ("о", "об", "обо"):
            continue
        if ctx.tokens[a + 1].text.lower() in ("том", "этом", "тех"):
            continue  # "Об этом сообщил X" is about_this
        cue = next(
            (k for k in range(a + 2, b) if ctx.cue(k, "speech") and ctx.tokens[k].pos == "VERB"),
            None,
        )
        if cue is None or ctx.tokens[cue - 1].text in (",", ":"):
            continue
        gender = ctx.verb_gender(cue)
        # "О своих планах Лужков рассказал в интервью ТАСС": the subject may stand before
        # the verb too
        speaker = subject_left(ctx, cue, a, gender) or speaker_after(ctx, cue, b, gender)
        if speaker is None:
            continue
        start, stop = trim(ctx, ctx.tokens[a + 1].start, ctx.tokens[cue - 1].stop)
        if start < stop:
            yield cued(
                ctx,
                ("indirect", start, stop),
                cue,
                speaker,
                si,
                gender=gender,
                optional=True,
                silent=True,
            )


def indirect_about(ctx: Context) -> Iterator[Candidate]:
    """X сообщил о/об ...: remembered as the speaker, not output

    ``X сообщил об обнаружении диоксина``, ``рассказал о ...``: a statement given as a
    noun phrase. Not output (annotators mostly skip it: ANNOTATION.md makes it optional),
    but it tells who "он" is in the next sentence, so the speaker is remembered."""
    for i, token in enumerate(ctx.tokens[:-2]):
        if token.pos != "VERB" or not ctx.cue(i, "speech"):
            continue
        si, a, b = sentence_of(ctx, i)
        k = i + 1
        while k < b and k - i <= 4 and ctx.tokens[k].text.lower() not in ("о", "об", "обо"):
            if ctx.tokens[k].text in (",", ":", ";", "«", '"') or ctx.tokens[k].pos == "VERB":
                break
            k += 1
        if k >= b or ctx.tokens[k].text.lower() not in ("о", "об", "обо"):
            continue
        if k + 1 < b and ctx.tokens[k + 1].text.lower() in ("том", "тех", "этом"):
            continue  # "о том, что" is a clause: indirect_that
        end = clause_end(ctx, k + 1, b)
        span = classify(ctx, ctx.tokens[k].stop, ctx.tokens[end - 1].stop)
        if span[1] >= span[2] or is_question(ctx, b):
            continue
        cand = cue_candidate(ctx, span, i, a, k, si, optional=True, silent=True)
        if cand is not None:
            yield cand
    yield from _fronted_about(ctx)


# Named by the functions themselves, in the order they run (rules.RULES).
__all__ = [
    rule.__name__
    for rule in (
        indirect_that,
        indirect_as_said,
        indirect_parenthetical,
        indirect_dash_after,
        indirect_infinitive,
        indirect_colon,
        indirect_about,
    )
]
