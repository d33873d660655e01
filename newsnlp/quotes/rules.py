"""The quote rules: one ordered list of small named functions.

Each rule reads the :class:`~newsnlp.quotes.context.Context` and proposes candidates;
:func:`newsnlp.quotes.find_quotes` takes them in the order of :data:`RULES`, drops a
candidate whose content overlaps one already taken, resolves speakers in text order,
and records in each quote the name of the rule that found it.

Пример::

    >>> from newsnlp.quotes.rules import RULES
    >>> RULES[0].__name__
    'direct_block'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..document import Entity
from ..grammar import SyntaxWord
from ..morph import get_morph
from .context import DASHES, QUOTE_CHARS, SENTENCE_END, Context, attribution_words
from .marks import Region
from .phrases import Ref, is_medium_ref, np_at, subject_left, subject_right
from .sources import doc_media

__all__ = ["RULES", "RULE_NAMES", "Candidate", "Rule"]


@dataclass
class Candidate:
    """A statement a rule found, before its speaker is resolved.

    ``speaker`` is the written speaker, or None with ``inherit`` True when the speaker is
    the one of the quote before (a continued quotation, ``— добавила она`` without
    a name). ``gender`` is what the cue verb says of the speaker.
    """

    rule: str
    kind: str
    start: int
    stop: int
    cue: tuple[int, int] | None = None  # token range
    speaker: Ref | None = None
    gender: str | None = None
    addressee: Ref | None = None
    source: Ref | None = None
    inherit: bool = False
    medium_speaker: bool = False
    optional: bool = False
    silent: bool = False  # tells who speaks next, but is not output as a quote
    sentence: int = -1


Rule = Callable[[Context, list[Candidate]], Iterator[Candidate]]

_TRAIL = " \t\n\r.,;:"
# What may follow a quotation that ends its paragraph, up to the line break.
_LINE_TAIL = re.compile(r"[ .!?…]*\n")
_LEAD = " \t\n\r,;:-–—…."
COMMA_LIKE = frozenset({",", "!", "?", "…", "...", "?!", "!!"})


def trim(ctx: Context, start: int, stop: int) -> tuple[int, int]:
    """Content offsets without surrounding spaces, final period/comma, leading dash."""
    text = ctx.text
    while start < stop and text[start] in _LEAD:
        start += 1
    while stop > start and text[stop - 1] in _TRAIL:
        stop -= 1
    return start, stop


def classify(ctx: Context, start: int, stop: int) -> tuple[str, int, int]:
    """Kind of a reported clause: ``direct`` if it is one quotation (then the span
    inside its marks), ``mixed`` if it holds a quotation, else ``indirect``."""
    start, stop = trim(ctx, start, stop)
    if start < stop and ctx.text[start] in QUOTE_CHARS:
        region = ctx.region_at(start + 1)
        if region is not None and region.open_mark == start and region.close_mark == stop - 1:
            a, b = trim(ctx, region.start, region.stop)
            return "direct", a, b
    if any(_speechlike(ctx, r) for r in ctx.regions_within(start, stop)):
        return "mixed", start, stop
    return "indirect", start, stop


def _speechlike(ctx: Context, region: Region) -> bool:
    """Whether quoted words are someone's words rather than a name in quote marks
    (``космодром "Восточный"``, ``партии «Яблоко»``)."""
    inner = ctx.text[region.start : region.stop]
    words = inner.split()
    if not words:
        return False
    if inner[:1].isupper() and len(words) <= 4:
        return False
    return not any(e.start <= region.start and region.stop <= e.stop + 1 for e in ctx.entities)


def _sentence_of(ctx: Context, token: int) -> tuple[int, int, int]:
    si = ctx.tok_sent[token] if ctx.tokens else 0
    a, b = ctx.sent_ranges[si]
    return si, a, b


def _is_word(ctx: Context, i: int) -> bool:
    return ctx.tokens[i].text[:1].isalnum()


def _outer_regions(ctx: Context) -> list[Region]:
    return [r for r in ctx.regions if r.depth == 0 and r.stop > r.start]


def _words_in(ctx: Context, start: int, stop: int) -> int:
    a, b = ctx.token_at(start), ctx.token_at(stop)
    return sum(1 for i in range(a, b) if _is_word(ctx, i))


def _speaker_after(ctx: Context, cue: int, end: int, gender: str | None) -> Ref | None:
    ref = subject_right(ctx, cue, end, gender)
    if ref is None:
        ref = _place_after(ctx, cue, end)
    return ref


_SUBJECT_RELS = frozenset({"nsubj", "nsubj:pass"})
# Relations by which a cue verb shares the subject of the verb it hangs on: ``заявил и
# добавил``, ``решил сообщить``.
_SHARED_SUBJECT = frozenset({"conj", "xcomp"})


def parsed_subject(ctx: Context, cue: int) -> Ref | None:
    """The subject of a cue verb as slovnet's syntax parser reads the sentence, for
    where the word-order rules found none (``подтвердила эту информацию пресс-секретарь
    премьера Наталья Тимакова`` with the subject far from the verb, or after a
    participle clause). The sentence is parsed only then, once.

    Пример::

        >>> # tests/quotes/test_rules.py: the table of parsed subjects
    """
    si, a, b = _sentence_of(ctx, cue)
    words = ctx.parse(si)
    head = cue - a
    for _ in range(3):
        if head < 0 or head >= len(words):
            return None
        subjects = [k for k, w in enumerate(words) if w.head == head and w.rel in _SUBJECT_RELS]
        if subjects:
            break
        if words[head].rel == "root":
            # "X признал вину, пожаловался ...": the parser may leave the second verb of
            # a chain a root of its own; it shares the subject of the root before it
            earlier = [k for k in range(head) if words[k].head == -1]
            if not earlier or words[head - 1].text != ",":
                return None
            head = earlier[-1]
            continue
        if words[head].rel not in _SHARED_SUBJECT:
            return None
        head = words[head].head
    else:
        return None
    if not subjects:
        return None
    k = subjects[0]
    left, right = _phrase_of(words, k)
    for start in (a + left, a + k):
        ref = np_at(ctx, start, b)
        if ref is not None and ref.first <= a + k < ref.stop and "nomn" in ref.cases:
            return ref
    token = ctx.tokens[a + k]
    if token.pos != "NOUN" or not token.text[:1].isalpha():
        return None
    # a subject the phrase rules do not know as a role ("Адвокаты Эндрюс настаивали",
    # "власти Венесуэлы объявили"): the parsed phrase itself, in the nominative
    parses = get_morph().parse(token.text)
    plural = "plur" if parses and parses[0].tag.number == "plur" else "sing"
    return Ref(
        "role",
        a + left,
        a + right + 1,
        frozenset({"nomn"}),
        role_head=ctx.lemma(a + k),
        number=plural,
        written_case="nomn",
    )


# Dependents that end a subject's phrase rather than belong to it: a relative clause or
# a participle after a comma ("президент, который перенёс операцию").
_OUTSIDE_PHRASE = frozenset({"punct", "acl", "acl:relcl", "parataxis", "conj", "cc"})


def _phrase_of(words: list[SyntaxWord], k: int) -> tuple[int, int]:
    """The first and last word of the contiguous phrase headed by word ``k``."""
    inside = {k}
    changed = True
    while changed:
        changed = False
        for j, w in enumerate(words):
            if j not in inside and w.head in inside and w.rel not in _OUTSIDE_PHRASE:
                inside.add(j)
                changed = True
    left = right = k
    while left - 1 in inside:
        left -= 1
    while right + 1 in inside:
        right += 1
    return left, right


def _place_after(ctx: Context, cue: int, end: int) -> Ref | None:
    """``как пояснили в милиции``: an institution named by where it sits; ``как
    сообщается на сайте Roem.ru``: the organisation or medium named in the phrase."""
    i = cue + 1
    if i < end and ctx.tokens[i].text.lower() in ("в", "во", "на"):
        for k in range(i + 1, min(end, i + 4)):
            entity = ctx.entity_at.get(k)
            if entity is not None and entity.type == "ORG":
                return Ref(
                    "entity",
                    k,
                    ctx.entity_tokens[entity.id][1],
                    frozenset({"loct"}),
                    entity,
                    number="sing",
                )
        if i + 2 < end and ctx.lemma(i + 1) in _DOCUMENTS:
            # "сообщается в заявлении Нацфронта": the body whose document it is
            owner = np_at(ctx, i + 2, end)
            if owner is not None:
                return owner
            k = i + 2
            while k < end and ctx.tokens[k].pos in ("ADJF", "NOUN") and k < i + 5:
                k += 1
            if k > i + 2:
                return Ref("owner", i + 2, k, frozenset({"gent"}))
    if (
        i + 1 < end
        and ctx.tokens[i].text.lower() in ("в", "во")
        and ctx.tokens[i + 1].pos
        in (
            "NOUN",
            None,
        )
    ):
        j = i + 1
        entity = ctx.entity_at.get(j)
        stop = ctx.entity_tokens[entity.id][1] if entity is not None else j + 1
        return Ref("place", j, stop, frozenset({"loct"}), entity)
    return None


_SOURCE_NOUNS = frozenset(
    {
        "прогноз",
        "данные",
        "оценка",
        "информация",
        "сведение",
        "заявление",
        "сообщение",
        "расчет",
        "подсчет",
        "мнение",
        "версия",
        "утверждение",
        "доклад",
        "исследование",
    }
)
_DOCUMENTS = frozenset(
    {
        "заявление",
        "сообщение",
        "доклад",
        "пресс-релиз",
        "документ",
        "письмо",
        "блог",
        "обращение",
        "бюллетень",
        "коммюнике",
        "отчет",
        "микроблог",
        "твиттер",
        "телеграмма",
        "резолюция",
        "указ",
        "сайт",
        "страница",
        "аккаунт",
        "релиз",
        "некролог",
        "статья",
    }
)


def _cue_after(ctx: Context, i: int, end: int, *classes: str) -> int | None:
    """A cue verb at ``i`` (skipping particles), else None."""
    while i < end and ctx.tokens[i].text.lower() in ("же", "ещё", "еще", "также", "тогда"):
        i += 1
    if i < end and ctx.cue(i, *classes) and ctx.tokens[i].pos != "INFN":
        return i
    return None


# -- direct speech --------------------------------------------------------------------


# A line after a block-quote intro is a caption, not speech, when it is this short and
# ends in no sentence mark (``Владимир Маркин`` under a photo).
_CAPTION_WORDS = 6
# Nouns that carry a block quote's words where no cue verb does: ``оставил в микроблоге
# запись:``, ``приводит его рассказ:``, ``опубликовал обращение:``.
_BLOCK_NOUNS = frozenset(
    {
        "запись",
        "пост",
        "рассказ",
        "слово",
        "заявление",
        "обращение",
        "видеообращение",
        "сообщение",
        "комментарий",
        "цитата",
        "ответ",
        "твит",
        "письмо",
        "текст",
        "реплика",
    }
)


def _intro_colon(ctx: Context, i: int) -> bool:
    """Whether token ``i`` is a colon that ends its line, and the next line is speech
    set on a line of its own (not a quotation in marks, a dash or an empty line)."""
    if ctx.tokens[i].text != ":":
        return False
    nl = _LINE_END.match(ctx.text, ctx.tokens[i].stop)
    gap = False
    if nl is None:
        nl = _BLANK_GAP.match(ctx.text, ctx.tokens[i].stop)
        gap = True
    if nl is None:
        return False
    k = nl.end()
    if k >= len(ctx.text) or ctx.text[k] in QUOTE_CHARS or ctx.text[k] in DASHES:
        return False
    if gap:
        # after a blank line the quotation may have been lost in scraping, and the next
        # paragraph is narration; first-person words say it is the quotation itself
        line_end = ctx.text.find("\n", k)
        paragraph = ctx.text[k : line_end if line_end >= 0 else len(ctx.text)]
        return _FIRST_PERSON_WORDS.search(paragraph) is not None
    return True


# What may stand between an intro's colon and its line break; then the block's first line
# follows at once, or after one blank line (_BLANK_GAP) when it speaks in the first person.
_LINE_END = re.compile(r"[ \t\u00a0]*\r?\n[ \t\u00a0]*(?=\S)")
_BLANK_GAP = re.compile(r"[ \t\u00a0]*\r?\n[ \t\u00a0]*\r?\n[ \t\u00a0]*(?=\S)")
_FIRST_PERSON_WORDS = re.compile(
    r"(?<!\w)(я|мы|меня|мне|мной|нас|нам|нами|мой|моя|моё|мое|мои|наш|наша|наше|наши)(?!\w)",
    re.IGNORECASE,
)


def _block_lines(ctx: Context, start: int) -> int:
    """Where a block quote starting at ``start`` ends: the run of its lines up to a blank
    line, a line that opens another block (it ends with a colon) or a caption line."""
    text = ctx.text
    section = ctx.section_index(start)
    end = ctx.sections[section].stop if section >= 0 else len(text)
    pos = start
    stop = start
    first = True
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        line = text[pos:line_end].strip()
        if not line:
            break
        if not first:
            if line.endswith(":"):
                break
            if len(line.split()) <= _CAPTION_WORDS and line[-1] not in '.!?…»"':
                break
            if line[0] in DASHES or line[0] in QUOTE_CHARS:
                break
        stop = pos + len(text[pos:line_end].rstrip())
        first = False
        if nl < 0:
            break
        pos = nl + 1
    return stop


def direct_block(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``Антон Цветков сообщил:`` and then, on lines of their own, the words themselves,
    their quote marks lost when the page was scraped: a block quote, one quote for the
    run of lines up to a blank line (ANNOTATION.md)."""
    for i in range(1, len(ctx.tokens) - 1):
        if not _intro_colon(ctx, i):
            continue
        si, a, _ = _sentence_of(ctx, i)
        first = ctx.token_at(ctx.tokens[i].stop)
        if first >= len(ctx.tokens):
            continue
        start, stop = trim(ctx, ctx.tokens[first].start, _block_lines(ctx, ctx.tokens[first].start))
        if start >= stop or _words_in(ctx, start, stop) < 3:
            continue
        cue = None
        for k in range(i - 1, a - 1, -1):
            if ctx.cue(k, "speech", "opinion", "report", "quote") and ctx.tokens[k].pos != "INFN":
                cue = k
                break
        if cue is not None and _in_relative_clause(ctx, cue, a):
            # "пролила свет на письмо, о котором ранее говорил Песков:": who spoke before
            # is not who speaks now; the main clause's subject does
            main = _root_subject(ctx, si)
            if main is not None:
                yield Candidate("direct_block", "direct", start, stop, speaker=main, sentence=si)
            continue
        if cue is None:
            noun = next((k for k in range(i - 1, a - 1, -1) if ctx.lemma(k) in _BLOCK_NOUNS), None)
            speaker = _according_speaker(ctx, a, i)
            if speaker is None and noun is not None:
                speaker = subject_left(ctx, noun, a, None) or _owner_after(ctx, noun, i)
            if speaker is None:
                continue
            yield Candidate("direct_block", "direct", start, stop, speaker=speaker, sentence=si)
            continue
        if ctx.cue(cue, "quote", "report") and not ctx.cue(cue, "speech"):
            # "Life News приводит его рассказ:" / "цитирует его": the one cited speaks
            owner = _owner_after(ctx, cue, i)
            if owner is not None:
                medium = subject_left(ctx, cue, a, None)
                yield Candidate(
                    "direct_block",
                    "direct",
                    start,
                    stop,
                    cue=(cue, cue + 1),
                    speaker=owner,
                    source=medium if medium is not None and is_medium_ref(medium) else None,
                    sentence=si,
                )
                continue
        gender = ctx.verb_gender(cue)
        # "Сурков отозвался о статье Маркина, сказав журналистам:": a gerund's subject
        # is the sentence's first
        leftmost = ctx.tokens[cue].pos == "GRND"
        speaker = (
            _person_first(ctx, cue, subject_left(ctx, cue, a, gender, leftmost=leftmost))
            or _speaker_after(ctx, cue, i, gender)
            or _according_speaker(ctx, a, i)
            or _place_before(ctx, cue, a)
            or _document_owner(ctx, a, i)
            or parsed_subject(ctx, cue)
        )
        yield Candidate(
            "direct_block",
            "direct",
            start,
            stop,
            cue=(cue, cue + 1),
            speaker=speaker,
            gender=gender,
            addressee=_addressee(ctx, cue, i, speaker),
            inherit=speaker is None,
            medium_speaker=speaker is not None and is_medium_ref(speaker),
            sentence=si,
        )


# An interview's question is a line of its own ending in a question mark (a dash may lead
# it); a longer line is an answer that asks something itself.
_QUESTION = re.compile(r"\s*[-–—]?\s*\S.{0,400}\?[»\"]?\s*$")
# "Мустафа Джемилев: Да, всё верно": a labelled turn, read by the colon rules instead.
_TURN_LABEL = re.compile(r"\s*[-–—]?\s*[А-ЯЁA-Z][^:.!?\n]{0,40}:\s")
_INTERVIEW_WORDS = frozenset({"интервью", "беседа", "вопрос", "ответить", "рассказать"})


def _lines(ctx: Context, start: int, stop: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    while pos < stop:
        nl = ctx.text.find("\n", pos, stop)
        end = stop if nl < 0 else nl
        out.append((pos, end))
        if nl < 0:
            break
        pos = nl + 1
    return out


def _interviewee(ctx: Context, before: int, section: int) -> tuple[Ref, int] | None:
    """Who answers an interview that starts at ``before``: the person named where the
    text introduces the interview (``в интервью ... рассказал X``), else the person the
    section named most before it."""
    counts: dict[str, int] = {}
    intro: Entity | None = None
    first: dict[str, Entity] = {}
    for entity in ctx.entities:
        if entity.start >= before:
            break
        if entity.type != "PER" or ctx.section_index(entity.start) != section:
            continue
        key = entity.cluster or entity.id
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, entity)
        a, b = ctx.sent_ranges[ctx.tok_sent[ctx.entity_tokens[entity.id][0]]]
        if any(ctx.lemma(k) in _INTERVIEW_WORDS for k in range(a, b)):
            intro = entity
    chosen = intro
    if chosen is None and counts:
        chosen = first[max(counts, key=lambda k: counts[k])]
    if chosen is None or chosen.id not in ctx.entity_tokens:
        return None
    a, b = ctx.entity_tokens[chosen.id]
    ref = Ref("entity", a, b, frozenset({"nomn"}), chosen, number="sing")
    return ref, ctx.tok_sent[a]


def direct_interview(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """Questions on lines of their own, each followed by its answer: the answers are
    the interviewee's words, the journalist's questions are not quotes (ANNOTATION.md).
    One quote per answer, from the line after a question to the line before the next."""
    for section_index, section in enumerate(ctx.sections):
        lines = [
            (a, b) for a, b in _lines(ctx, section.start, section.stop) if ctx.text[a:b].strip()
        ]
        asks = [
            bool(_QUESTION.match(ctx.text, a, b)) and not _TURN_LABEL.match(ctx.text, a, b)
            for a, b in lines
        ]
        turns = [k for k, q in enumerate(asks) if q and k + 1 < len(lines) and not asks[k + 1]]
        if len(turns) < 2:
            continue
        dashed = all(ctx.text[lines[k][0] : lines[k][1]].lstrip()[:1] in DASHES for k in turns)
        who = _interviewee(ctx, lines[turns[0]][0], section_index)
        if who is None:
            continue
        speaker, si_intro = who
        medium = _medium_in(ctx, si_intro)
        for n, k in enumerate(turns):
            last = turns[n + 1] if n + 1 < len(turns) else len(lines)
            stop_line = k + 1
            while stop_line < last:
                a, b = lines[stop_line]
                line = ctx.text[a:b].lstrip()
                if _TURN_LABEL.match(line) or (
                    dashed and line[:1] not in DASHES and stop_line > k + 1
                ):
                    break  # the interview is over: narration again
                if stop_line > k + 1 and n + 1 == len(turns) and not dashed:
                    break  # after the last question only the next paragraph answers
                stop_line += 1
            if stop_line == k + 1:
                continue
            start, stop = trim(ctx, lines[k + 1][0], lines[stop_line - 1][1])
            if start >= stop or _words_in(ctx, start, stop) < 2:
                continue
            si = ctx.tok_sent[min(ctx.token_at(start), len(ctx.tokens) - 1)]
            yield Candidate(
                "direct_interview",
                "direct",
                start,
                stop,
                speaker=speaker,
                source=medium,
                sentence=si,
            )


def _medium_in(ctx: Context, si: int) -> Ref | None:
    """The medium named in sentence ``si`` (``дал интервью газете «Ведомости»``)."""
    a, b = ctx.sent_ranges[si]
    media = doc_media(ctx)
    for k in range(a, b):
        entity = ctx.entity_at.get(k)
        if entity is not None and entity.id in media:
            return Ref("entity", k, ctx.entity_tokens[entity.id][1], frozenset(), entity)
    return None


def _person_first(ctx: Context, cue: int, found: Ref | None) -> Ref | None:
    """Word order's subject, unless it is no person and the parse names a person as
    the verb's subject (``Тайсон Фьюри, чемпион по версиям WBO и WBA, признался``)."""
    if found is not None and found.entity is not None and found.entity.type == "PER":
        return found
    if found is not None and found.kind in ("pronoun", "role"):
        return found
    parsed = parsed_subject(ctx, cue)
    if parsed is not None and parsed.entity is not None and parsed.entity.type == "PER":
        return parsed
    return found


_RELATIVES = frozenset({"который", "которая", "которое", "которые", "чей", "где"})


def _in_relative_clause(ctx: Context, cue: int, a: int) -> bool:
    """Whether a cue verb stands in a relative clause: a relative word between it and
    the comma before it (``, о котором ранее говорил``)."""
    for k in range(cue - 1, a - 1, -1):
        if ctx.tokens[k].text == ",":
            return False
        if ctx.lemma(k) in _RELATIVES:
            return True
    return False


def _root_subject(ctx: Context, si: int) -> Ref | None:
    """The subject of a sentence's main verb, as the parser reads it."""
    a = ctx.sent_ranges[si][0]
    words = ctx.parse(si)
    root = next((k for k, w in enumerate(words) if w.head == -1), None)
    if root is None:
        return None
    return parsed_subject(ctx, a + root)


def _owner_after(ctx: Context, i: int, end: int) -> Ref | None:
    """The person a cited noun belongs to: ``его рассказ``, ``рассказ Алексея``."""
    for k in range(max(0, i - 1), min(end, i + 4)):
        ref = np_at(ctx, k, end)
        if ref is not None and ref.kind in ("entity", "pronoun") and not is_medium_ref(ref):
            return ref
    return None


def direct_split(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``«Часть 1, – сказал он. – Часть 2»``: a quotation broken by its attribution is
    two quotes with one speaker."""
    for region in _outer_regions(ctx):
        a, b = ctx.token_at(region.start), ctx.token_at(region.stop)
        i = a
        while i < b:
            token = ctx.tokens[i]
            if token.text in DASHES and i > a and ctx.tokens[i - 1].text in COMMA_LIKE | {"."}:
                cue = _cue_after(ctx, i + 1, b, "speech", "opinion", "report")
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
                        speaker = _speaker_after(ctx, cue, k, gender)
                        first = trim(ctx, region.start, ctx.tokens[i - 1].start)
                        second = trim(ctx, ctx.tokens[k].stop, region.stop)
                        for part_start, part_stop in (first, second):
                            if part_start < part_stop:
                                yield Candidate(
                                    "direct_split",
                                    "direct",
                                    part_start,
                                    part_stop,
                                    cue=(cue, cue + 1),
                                    speaker=speaker,
                                    gender=gender,
                                    addressee=_addressee(ctx, cue, k, speaker),
                                    inherit=speaker is None,
                                    sentence=si,
                                )
                        i = k
            i += 1


def _addressee(ctx: Context, cue: int, end: int, speaker: Ref | None) -> Ref | None:
    """A person in the dative right after the cue or its speaker: ``сказал Ким Путину``."""
    i = cue + 1
    if speaker is not None and speaker.first == i:
        i = speaker.stop
    ref = np_at(ctx, i, end)
    if ref is None or "datv" not in ref.cases:
        return None
    if (
        ref.kind == "entity"
        and ref.entity is not None
        and ref.entity.type == "PER"
        and "nomn" not in ref.cases
    ):
        return ref
    if ref.kind == "role" and ref.number != "plur" and (ref.role_head or "") in _ADDRESSED_ROLES:
        # "сказал президенту", "ответил коллеге": the person meant, if the text says
        # who (find_quotes keeps it only when resolved to a name)
        return ref
    return None


# Roles that name one person spoken to; a plural or a crowd (``журналистам``) stays null.
_ADDRESSED_ROLES = frozenset(
    {
        "президент",
        "премьер",
        "премьер-министр",
        "министр",
        "коллега",
        "канцлер",
        "губернатор",
        "мэр",
        "глава",
        "лидер",
        "король",
        "королева",
        "принц",
        "папа",
        "патриарх",
        "председатель",
        "спикер",
        "генсек",
        "госсекретарь",
        "собеседник",
        "оппонент",
    }
)


def direct_dash_after(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``«...», – сказал Ким Путину`` / ``«...», сказал Хоровитц``: a quotation followed by
    a dash and a cue verb with its speaker."""
    for region in _outer_regions(ctx):
        i = ctx.token_at(region.close_mark) + 1
        if i >= len(ctx.tokens):
            continue
        si, _, b = _sentence_of(ctx, min(i, len(ctx.tokens) - 1))
        if ctx.tok_sent[i] != ctx.tok_sent[i - 1]:
            # razdel ended the sentence at the closing mark: the attribution follows it
            si, _, b = _sentence_of(ctx, i)
        while i < b and ctx.tokens[i].text in COMMA_LIKE:
            i += 1
        dashed = i < b and ctx.tokens[i].text in DASHES
        if dashed:
            i += 1
        cue = _cue_after(ctx, i, b, "speech", "opinion", "report", "quote")
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
        yield from _direct_with_cue(ctx, "direct_dash_after", start, stop, cue, b, gender, si)


def _direct_with_cue(
    ctx: Context,
    rule: str,
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
        yield Candidate(
            rule,
            "direct",
            start,
            stop,
            cue=(cue, cue + 1),
            speaker=speaker,
            gender=None,
            inherit=speaker is None,
            sentence=si,
        )
        return
    speaker = _speaker_after(ctx, cue, end, gender) or parsed_subject(ctx, cue)
    medium = speaker is not None and is_medium_ref(speaker)
    yield Candidate(
        rule,
        "direct",
        start,
        stop,
        cue=(cue, cue + 1),
        speaker=speaker,
        gender=gender,
        addressee=_addressee(ctx, cue, end, speaker),
        inherit=speaker is None,
        medium_speaker=medium,
        sentence=si,
    )


def _colon_cue_before(ctx: Context, region: Region) -> bool:
    """A colon right before the quotation, after a cue verb of its sentence."""
    colon = ctx.token_at(region.open_mark) - 1
    if colon < 0 or ctx.tokens[colon].text != ":":
        return False
    _, a, _ = _sentence_of(ctx, colon)
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


def direct_colon_before(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``Путин ответил: "..."`` / ``X оказался дипломатичным: «...»`` / ``По словам X,
    ...: «...»``: a quotation introduced by a colon."""
    for region in _outer_regions(ctx):
        colon = ctx.token_at(region.open_mark) - 1
        if colon < 0 or ctx.tokens[colon].text != ":":
            continue
        si, a, _ = _sentence_of(ctx, colon)
        start, stop = trim(ctx, region.start, region.stop)
        if start >= stop:
            continue
        # the nearest cue verb before the colon, within the clause
        cue = None
        for i in range(colon - 1, a - 1, -1):
            if ctx.cue(i, "speech", "opinion", "report") and ctx.tokens[i].pos != "INFN":
                cue = i
                break
            if ctx.tokens[i].text in QUOTE_CHARS and ctx.region_at(ctx.tokens[i].start):
                break
        if cue is not None:
            gender = ctx.verb_gender(cue)
            speaker = subject_left(ctx, cue, a, gender) or _speaker_after(ctx, cue, colon, gender)
            if speaker is None:
                speaker = _according_speaker(ctx, a, colon)
            yield Candidate(
                "direct_colon_before",
                "direct",
                start,
                stop,
                cue=(cue, cue + 1),
                speaker=speaker,
                gender=gender,
                addressee=_addressee(ctx, cue, colon, speaker),
                inherit=speaker is None,
                sentence=si,
            )
            continue
        if _words_in(ctx, start, stop) < 3:
            continue  # "скандировать: «Свободу!»": a chant or a title, not a statement
        speaker = _according_speaker(ctx, a, colon)
        rule = "direct_colon_according"
        if speaker is None:
            speaker = subject_left(ctx, colon, a, None)
            rule = "direct_colon_subject"
        if speaker is None:
            continue
        yield Candidate(rule, "direct", start, stop, speaker=speaker, sentence=si)


def _according_speaker(ctx: Context, a: int, b: int) -> Ref | None:
    """The X of ``по словам X`` between tokens ``a`` and ``b``."""
    for i in range(a, b - 1):
        if ctx.tokens[i].text.lower() == "по" and ctx.tokens[i + 1].text.lower() in (
            attribution_words()
        ):
            ref = np_at(ctx, i + 2, b)
            if ref is not None:
                return ref
    return None


def direct_signature(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """A quoted paragraph signed on the next line: ``«...»`` then ``Иван Петров, министр``
    (or ``— Иван Петров``) as a line of its own."""
    for region in _outer_regions(ctx):
        start, stop = trim(ctx, region.start, region.stop)
        if start >= stop or _words_in(ctx, start, stop) < 4:
            continue
        # The quotation must end its paragraph. A match, not a search for the next line
        # break: that would read on through a long text for every quotation.
        end = _LINE_TAIL.match(ctx.text, region.close_mark + 1)
        if end is None:
            continue
        line_end = end.end() - 1
        nxt = ctx.token_at(line_end)
        while nxt < len(ctx.tokens) and ctx.tokens[nxt].text in DASHES:
            nxt += 1
        if nxt >= len(ctx.tokens):
            continue
        si, _, b = _sentence_of(ctx, nxt)
        if ctx.text.count("\n", line_end, ctx.tokens[nxt].start) > 2:
            continue
        ref = np_at(ctx, nxt, b)
        if ref is None or ref.entity is None or ref.entity.type != "PER":
            continue
        tail = [t.text for t in ctx.tokens[ref.stop : b]]
        if tail and tail[0] != "," and not all(t in SENTENCE_END for t in tail):
            continue  # the line must be the signature alone (with a role after a comma)
        if any(ctx.tokens[k].pos == "VERB" for k in range(ref.stop, b)):
            continue
        yield Candidate("direct_signature", "direct", start, stop, speaker=ref, sentence=si)


def direct_continuation(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """A quotation that makes a sentence of its own right after a quote of the same
    speaker: ``«...», — сказал он. «...».``"""
    done = sorted(taken, key=lambda c: c.start)
    for region in _outer_regions(ctx):
        start, stop = trim(ctx, region.start, region.stop)
        if start >= stop or _words_in(ctx, start, stop) < 4:
            continue
        open_tok = ctx.token_at(region.open_mark)
        si, a, b = _sentence_of(ctx, open_tok)
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
        cand = Candidate("direct_continuation", "direct", start, stop, inherit=True, sentence=si)
        done.append(cand)
        done.sort(key=lambda c: c.start)
        yield cand


# -- indirect speech ------------------------------------------------------------------

_THAT = frozenset({"что", "чтобы"})
_CONNECTIVES = frozenset(
    {
        "но",
        "а",
        "и",
        "однако",
        "впрочем",
        "правда",
        "кроме",
        "того",
        "тем",
        "временем",
        "вместе",
        "с",
        "при",
        "этом",
        "в",
        "свою",
        "очередь",
        "также",
        "между",
        "же",
        "то",
        "зато",
        "поэтому",
        "так",
        "что",
        "причем",
        "притом",
        "кстати",
    }
)


_SUBORDINATORS = frozenset({"поскольку", "так", "если", "хотя", "когда", "пока", "после", "раз"})


def _opens_with_subordinator(ctx: Context, i: int) -> bool:
    """Whether the sentence holding token ``i`` starts with a subordinate clause."""
    _, a, _ = _sentence_of(ctx, i)
    return ctx.tokens[a].text.lower() in _SUBORDINATORS


def _main_clause_follows(ctx: Context, j: int, b: int) -> bool:
    """A subject and its finite verb right after a comma: ``, Видениус обращается``."""
    ref = np_at(ctx, j, b)
    if ref is None or "nomn" not in ref.cases:
        return False
    k = ref.stop
    while k < b and ctx.tokens[k].pos in ("ADVB", "PRCL"):
        k += 1
    return k < b and ctx.tokens[k].pos == "VERB"


def _clause_end(ctx: Context, i: int, b: int) -> int:
    """Where reported content starting at token ``i`` ends: the sentence end, a colon
    that opens a quotation, or the start of the next reported clause (``, а X уверен,
    что``)."""
    if i >= b:
        return b
    j = i
    subordinate = _opens_with_subordinator(ctx, i)
    while j < b:
        t = ctx.tokens[j].text
        if t == ";":
            return j
        if (
            t == ","
            and j + 2 < b
            and ctx.tokens[j + 1].text.lower() == "и"
            and ctx.cue(j + 2, "speech", "intent", "opinion")
            and ctx.tokens[j + 2].pos == "VERB"
        ):
            return j  # "заявил, что вина доказана, и потребовал ...": his next act
        if t == "," and j + 1 < b and ctx.tokens[j + 1].text.lower() == "однако" and j > i:
            return j  # "..., однако не следует забывать": the author takes over
        if subordinate and t == "," and _main_clause_follows(ctx, j + 1, b):
            # "Поскольку ведомство заявило, что X, Видениус обращается ...": the main
            # clause after the subordinate one is no longer the report
            return j
        if t == ":" and j + 1 < b and ctx.tokens[j + 1].text in QUOTE_CHARS:
            region = ctx.region_at(ctx.tokens[j + 1].stop)
            if region is not None and _words_in(ctx, region.start, region.stop) >= 3:
                return j
        if t.lower() in _THAT and j > i + 1 and ctx.tokens[j - 1].text == ",":
            # another "X cue, что" inside: cut before its clause
            for k in range(j - 2, i, -1):
                if (
                    ctx.cue(k, "speech", "opinion")
                    and ctx.tokens[k].pos in ("VERB", "ADJS", "PRTS")
                ) or ctx.cue(k, "noun"):
                    for m in range(k - 1, i, -1):
                        if ctx.tokens[m].text in (",", ";"):
                            return m
                    break
        if t in DASHES and j + 1 < b and _cue_after(ctx, j + 1, b, "speech", "report"):
            return j - 1 if ctx.tokens[j - 1].text == "," else j
        if t == "," and j + 1 < b and _cue_after(ctx, j + 1, b, "report", "quote", "speech"):
            cue = _cue_after(ctx, j + 1, b, "report", "quote", "speech")
            if cue is not None and ctx.tokens[cue].pos == "VERB":
                return j
        j += 1
    return b


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


_EXPRESS = frozenset({"выразить", "выражать", "высказать", "высказывать"})


def _question(ctx: Context, b: int) -> bool:
    """Whether the sentence ending before token ``b`` is a question: the journalist's
    questions are not quotes (ANNOTATION.md)."""
    return b > 0 and ctx.tokens[b - 1].text in ("?", "?!", "?..")


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
    if region is None or _words_in(ctx, region.start, region.stop) < 8:
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


def _document_owner(ctx: Context, a: int, b: int) -> Ref | None:
    """``В сообщении МИД говорится, что``, ``В докладе отмечается, что``, ``В
    поздравительной телеграмме Президента говорится:``: whose document."""
    for i in range(a, b - 1):
        if ctx.tokens[i].text.lower() not in ("в", "во", "на"):
            continue
        k = i + 1
        while k < b - 1 and ctx.tokens[k].pos in ("ADJF", "PRTF"):
            k += 1
        if ctx.lemma(k) in _DOCUMENTS:
            owner = np_at(ctx, k + 1, b)
            if owner is not None:
                return owner
            if ctx.cue(k + 1) and ctx.lemma(k) not in ("сайт", "страница", "аккаунт"):
                # "В резолюции говорится, что": nobody named, the document speaks
                return Ref("role", i + 1, k + 1, frozenset({"loct"}), written_case="loct")
    return None


# Offices that speak for the organisation they belong to: ``в пресс-службе МЧС России
# отметили`` is the ministry speaking (the quote issue: X is the speaker).
_OFFICES = frozenset({"пресс-служба", "пресс-центр", "пресс-офис", "канцелярия", "секретариат"})


def _office_owner(ctx: Context, ref: Ref, end: int) -> Ref | None:
    """The organisation an office phrase names before token ``end``: ``пресс-службе МЧС
    России`` -> МЧС России."""
    if ctx.lemma(ref.first) not in _OFFICES:
        return None
    for k in range(ref.first + 1, min(end, ref.first + 4)):
        entity = ctx.entity_at.get(k)
        if entity is not None and entity.type == "ORG":
            return Ref("entity", k, ctx.entity_tokens[entity.id][1], frozenset({"gent"}), entity)
    return None


def _place_before(ctx: Context, cue: int, a: int) -> Ref | None:
    """``В российском министерстве финансов утверждают, что``: with a plural verb and
    no subject, the body named by where it sits."""
    if ctx.verb_gender(cue) != "plur":
        return None
    for i in range(cue - 1, a - 1, -1):
        if ctx.tokens[i].text.lower() in ("в", "во", "на"):
            ref = np_at(ctx, i + 1, cue)
            entity = ctx.entity_at.get(i + 1)
            if ref is None and entity is not None:
                ref = Ref(
                    "entity", i + 1, ctx.entity_tokens[entity.id][1], frozenset({"loct"}), entity
                )
            tail_plain = ref is not None and all(
                ctx.tokens[k].pos not in ("VERB", None)
                or ctx.tokens[k].text == "."
                or ctx.tokens[k].text in QUOTE_CHARS
                for k in range(ref.stop, cue)
            )
            if ctx.lemma(i + 1) in _OFFICES:
                # "В пресс-центре ГУ МВД России по г. Москве уточнили": whose office
                office = _office_owner(ctx, Ref("place", i + 1, i + 2, frozenset()), cue)
                if office is not None:
                    return office
            if ref is not None and ref.first == i + 1 and (ref.stop == cue or tail_plain):
                owner = _office_owner(ctx, ref, cue)
                if owner is not None:
                    return owner
                # "В пресс-центре ГУ МВД России по г. Москве уточнили": the place may
                # carry a tail of its own before the verb
                if ref.kind == "role":
                    ref.kind = "place"
                return ref
            k = i + 1
            while k < cue and ctx.tokens[k].pos in ("ADJF", "PRTF", "NOUN"):
                k += 1
            end = k
            # a medium told between the place and the verb: "В мэрии «Ъ» сообщили"
            while k < cue and (ctx.tokens[k].text in QUOTE_CHARS or k in ctx.entity_at):
                k = ctx.entity_tokens[ctx.entity_at[k].id][1] if k in ctx.entity_at else k + 1
            if k == cue and end > i + 1:
                place = Ref("place", i + 1, end, frozenset({"loct"}))
                return _office_owner(ctx, place, cue) or place
            return None
    return None


def indirect_that(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``X заявил/считает/уверен, что ...``, ``подчеркнув, что ...``, ``напомнил о том,
    что ...``: reported speech after a cue and ``что``."""
    for that, token in enumerate(ctx.tokens):
        if token.text.lower() not in _THAT:
            continue
        si, a, b = _sentence_of(ctx, that)
        cue = None
        for i in range(that - 1, max(a, that - 9) - 1, -1):
            t = ctx.tokens[i]
            if t.text in SENTENCE_END or t.text == ":":
                break
            if ctx.cue(i, "speech", "opinion", "intent", "report") and t.pos != "INFN":
                # "Стоит отметить, что": the author's infinitive is nobody's report
                cue = i
                break
            if ctx.opinion_participle(i):
                cue = i  # "представители ХДС, считавшие, что ..."
                break
            if t.pos == "VERB" and i < that - 1:
                break
        if cue is None:
            continue
        if not _plain_between(ctx, cue, that):
            continue
        end = _clause_end(ctx, that + 1, b)
        if end <= that + 1:
            continue
        kind, start, stop = classify(ctx, ctx.tokens[that].stop, ctx.tokens[end - 1].stop)
        if start >= stop:
            continue
        if _question(ctx, b):
            continue
        gender = ctx.verb_gender(cue)
        leftmost = ctx.tokens[cue].pos == "GRND"
        if ctx.tokens[cue].pos == "PRTF":
            speaker = _participle_head(ctx, cue, a)
            if speaker is None:
                continue
        else:
            speaker = subject_left(ctx, cue, a, gender, leftmost=leftmost)
        if speaker is None:
            speaker = _speaker_after(ctx, cue, that, gender)
        if speaker is not None and is_medium_ref(speaker) and gender == "plur":
            # "В уфимской мэрии «Ъ» сообщили, что": the medium is told, the place tells
            speaker = _place_before(ctx, cue, a) or speaker
        if speaker is None:
            speaker = _place_before(ctx, cue, a) or _document_owner(ctx, a, that)
        if speaker is None and ctx.tokens[cue].pos == "VERB":
            speaker = parsed_subject(ctx, cue)
        if speaker is None and _impersonal(ctx, cue):
            continue  # "Признано, что ...": nobody is named as saying it
        if not _may_nest(ctx, cue, speaker):
            continue
        yield Candidate(
            "indirect_that",
            kind,
            start,
            stop,
            cue=(cue, cue + 1),
            speaker=speaker,
            gender=gender,
            addressee=_addressee(ctx, cue, that, speaker),
            inherit=speaker is None,
            sentence=si,
        )


def indirect_according(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``по словам X, ...``, ``по мнению X``, ``по данным X``, ``по его словам``."""
    words = attribution_words()
    for i, token in enumerate(ctx.tokens[:-2]):
        lower = token.text.lower()
        first = None
        if lower == "согласно":
            first = i + 1
        elif (
            lower == "в"
            and i + 3 < len(ctx.tokens)
            and ctx.tokens[i + 1].text.lower() == "соответствии"
            and ctx.tokens[i + 2].text.lower() == "с"
        ):
            first = i + 3
        if first is not None:
            # "Согласно comScore, ...", "в соответствии с прогнозом ФАО", "согласно его
            # пророчествам": like "по данным"
            si, a, b = _sentence_of(ctx, i)
            k = first
            if k < b and ctx.tokens[k].text.lower() in ("его", "её", "ее", "их"):
                speaker = np_at(ctx, k, k + 1)
                k += 1
                while k < b and ctx.tokens[k].pos in ("NOUN", "ADJF"):
                    k += 1
                if speaker is None or k >= b or ctx.tokens[k].text != ",":
                    continue
                yield from _around_attribution(
                    ctx, "indirect_according", i, k, a, b, si, (i, first), speaker
                )
                continue
            if k < b and ctx.lemma(k) in _SOURCE_NOUNS:
                k += 1  # "в соответствии с прогнозом ФАО": the document, then its owner
            speaker = np_at(ctx, k, b)
            if speaker is None or speaker.kind not in ("entity", "role", "name"):
                continue
            j = speaker.stop
            if j >= b or ctx.tokens[j].text != ",":
                continue
            yield from _around_attribution(
                ctx, "indirect_according", i, j, a, b, si, (i, first), speaker
            )
            continue
        if token.text.lower() != "по":
            continue
        si, a, b = _sentence_of(ctx, i)
        nxt, after = ctx.tokens[i + 1].text.lower(), ctx.tokens[i + 2].text.lower()
        if nxt in words:
            k = i + 2
            while k < b and ctx.tokens[k].text in QUOTE_CHARS:
                k += 1  # "По информации «Коммерсанта», ..."
            speaker = np_at(ctx, k, b)
            if speaker is not None and speaker.kind == "role":
                speaker.written_case = "gent"  # "по данным полиции" -> "полиция"
            cue = (i, i + 2)
        elif nxt in ("его", "её", "ее", "их") and after in words:
            # "по его словам": the pronoun stands before the attribution word
            speaker = np_at(ctx, i + 1, i + 2)
            cue = (i, i + 3)
        else:
            continue
        if speaker is None:
            continue
        # the attribution runs to the next comma
        j = speaker.stop
        j = max(j, cue[1])
        while j < b and ctx.tokens[j].text not in (",", ":", ";") and j - i < 14:
            j += 1
        yield from _around_attribution(ctx, "indirect_according", i, j, a, b, si, cue, speaker)


def _around_attribution(
    ctx: Context,
    rule: str,
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
    prefix = list(range(a, first))
    prefix_words = [k for k in prefix if _is_word(ctx, k)]
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
            end = _clause_end(ctx, last + 1, b)
            if end <= last + 1:
                return
            kind, start, stop = classify(ctx, ctx.tokens[last].stop, ctx.tokens[end - 1].stop)
    else:
        # "Подписание, по словам X, не ожидается": one span, interruption inside
        end = _clause_end(ctx, last + 1, b) if last < b else b
        kind, start, stop = classify(ctx, ctx.tokens[a].start, ctx.tokens[end - 1].stop)
    if start >= stop:
        return
    yield Candidate(
        rule,
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


def indirect_as_said(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``как сообщил X, ...``, ``как пишет Lenta.ru, ...``, ``как пояснили в милиции, ...``."""
    for i, token in enumerate(ctx.tokens[:-1]):
        if token.text.lower() != "как":
            continue
        si, a, b = _sentence_of(ctx, i)
        cue = _cue_after(ctx, i + 1, b, "speech", "report", "opinion")
        if cue is None:
            continue
        j = cue + 1
        while j < b and ctx.tokens[j].text != "," and j - cue < 14:
            j += 1
        if j >= b:
            continue
        gender = ctx.verb_gender(cue)
        speaker = _speaker_after(ctx, cue, j, gender)
        if speaker is None:
            continue  # "как говорится", "как известно": a set phrase, nobody speaks
        yield from _around_attribution(
            ctx, "indirect_as_said", i, j, a, b, si, (cue, cue + 1), speaker, gender
        )


def indirect_parenthetical(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``Было бы неплохо, отмечает X, если бы ...``, ``Одна из групп, уточняет газета
    «Труд», пришла ...``: an attribution set in commas inside the statement."""
    for si, (a, b) in enumerate(ctx.sent_ranges):
        for i in range(a + 1, b - 1):
            if ctx.tokens[i - 1].text != ",":
                continue
            cue = _cue_after(ctx, i, b, "speech", "report")
            if cue is None or cue != i or ctx.tokens[cue].pos != "VERB":
                continue
            gender = ctx.verb_gender(cue)
            speaker = _speaker_after(ctx, cue, b, gender)
            if speaker is None:
                continue
            close = speaker.stop
            while close < b and ctx.tokens[close].text in QUOTE_CHARS:
                close += 1
            if close >= b or ctx.tokens[close].text != ",":
                continue
            if close + 1 < b and ctx.tokens[close + 1].text.lower() in _THAT:
                continue
            if not any(ctx.tokens[k].pos in ("VERB", "PRTS") for k in range(close + 1, b)):
                continue  # "..., сказал лидер X, депутат Y Z." is an attribution at the end
            yield from _around_attribution(
                ctx,
                "indirect_parenthetical",
                i - 1,
                close,
                a,
                b,
                si,
                (cue, cue + 1),
                speaker,
                gender,
            )


def medium_report(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``..., сообщает агентство ТАСС.``: a medium's own report; speaker and source are
    the medium. A quotation before such an attribution is direct speech of the
    quoted person (handled by ``direct_dash_after``), the medium only its source."""
    for si, (a, b) in enumerate(ctx.sent_ranges):
        for i in range(a + 1, b):
            if ctx.tokens[i - 1].text != "," or not ctx.cue(i, "report"):
                continue
            gender = ctx.verb_gender(i)
            end = b
            speaker = subject_right(ctx, i, end, None)
            if speaker is None or not is_medium_ref(speaker):
                continue
            kind, start, stop = classify(ctx, ctx.tokens[a].start, ctx.tokens[i - 1].start)
            if start >= stop or _words_in(ctx, start, stop) < 3 or _refusal(ctx, start, stop):
                continue
            yield Candidate(
                "medium_report",
                kind,
                start,
                stop,
                cue=(i, i + 1),
                speaker=speaker,
                gender=gender,
                medium_speaker=True,
                sentence=si,
            )


_REFUSALS = (
    "не стал комментировать",
    "отказался комментировать",
    "отказалась комментировать",
    "не стала комментировать",
    "воздержался от комментариев",
)


def _refusal(ctx: Context, start: int, stop: int) -> bool:
    """A report that someone would not comment says nothing: no quote."""
    inner = ctx.text[start:stop].lower()
    return any(phrase in inner for phrase in _REFUSALS)


def indirect_dash_after(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``Подписания не ожидается, – сообщил Песков.`` / headline ``..., заявил Ким``:
    an unquoted statement with its attribution after it."""
    for si, (a, b) in enumerate(ctx.sent_ranges):
        for i in range(a + 2, b):
            if ctx.tokens[i - 1].text not in (",", *DASHES):
                continue
            comma = i - 1
            if ctx.tokens[comma].text in DASHES and ctx.tokens[comma - 1].text == ",":
                comma -= 1
            cue = _cue_after(ctx, i, b, "speech", "opinion")
            if cue is None or ctx.tokens[cue].pos not in ("VERB", "PRTS", "ADJS"):
                continue  # "..., убежден адвокат" too
            # the attribution must close the sentence: speaker and a few words at most
            tail = [k for k in range(cue + 1, b) if _is_word(ctx, k)]
            if len(tail) > 20 or any(
                ctx.tokens[k].text.lower() in _THAT or ctx.tokens[k].pos == "VERB" for k in tail
            ):
                continue
            gender = ctx.verb_gender(cue)
            speaker = _speaker_after(ctx, cue, b, gender)
            if speaker is None or (speaker.kind == "place" and gender != "plur"):
                continue  # "признался в употреблении кокаина": a place speaks only as "они"
            first = a
            for k in range(a, min(comma, a + 5)):
                # "Однако о том, что ..., сказал X": the statement starts after "что"
                if ctx.tokens[k].text.lower() == "что" and ctx.tokens[k - 1].text == ",":
                    first = k + 1
                    break
            if _question(ctx, b) or first >= comma:
                continue
            kind, start, stop = classify(ctx, ctx.tokens[first].start, ctx.tokens[comma].start)
            if start >= stop or _words_in(ctx, start, stop) < 3 or _refusal(ctx, start, stop):
                continue
            if not _has_predicate(ctx, first, comma):
                continue  # "Тайсон Фьюри, чемпион мира, признался": a subject, not a statement
            yield Candidate(
                "indirect_dash_after",
                kind,
                start,
                stop,
                cue=(cue, cue + 1),
                speaker=speaker,
                gender=gender,
                addressee=_addressee(ctx, cue, b, speaker),
                medium_speaker=is_medium_ref(speaker),
                sentence=si,
            )
            break


_PREDICATES = frozenset({"VERB", "PRTS", "ADJS", "PRED", "INFN"})


def _has_predicate(ctx: Context, a: int, b: int) -> bool:
    """Whether tokens ``[a, b)`` hold a predicate: a statement, not a bare noun phrase."""
    return any(
        ctx.tokens[k].pos in _PREDICATES or ctx.tokens[k].text.lower() in ("нет", "не")
        for k in range(a, b)
    )


def _cue_candidate(
    ctx: Context,
    rule: str,
    span: tuple[str, int, int],
    cue: int,
    a: int,
    limit: int,
    si: int,
    *,
    required: bool = True,
    leftmost: bool = False,
    optional: bool = False,
    silent: bool = False,
) -> Candidate | None:
    """A candidate for a statement introduced by the cue verb at token ``cue``: its
    speaker is the subject before the verb (``a`` is the sentence start), else after it
    up to ``limit``; with ``required``, no speaker means no candidate."""
    kind, start, stop = span
    gender = ctx.verb_gender(cue)
    speaker = (
        subject_left(ctx, cue, a, gender, leftmost=leftmost)
        or _speaker_after(ctx, cue, limit, gender)
        or parsed_subject(ctx, cue)
    )
    if (
        speaker is not None
        and ctx.tokens[speaker.first].start < stop
        and start < (ctx.tokens[speaker.stop - 1].stop)
    ):
        speaker = None  # "обещал быть председатель КНР": the subject is inside the words
    if speaker is None and required:
        return None
    return Candidate(
        rule,
        kind,
        start,
        stop,
        cue=(cue, cue + 1),
        speaker=speaker,
        gender=gender,
        addressee=_addressee(ctx, cue, limit, speaker),
        inherit=speaker is None,
        optional=optional,
        silent=silent,
        sentence=si,
    )


def mixed_naming(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``назвал визит «непростительным оскорблением»``: the speaker's own words in quote
    marks, given as what they called something."""
    for i, token in enumerate(ctx.tokens):
        if token.pos not in ("VERB", "GRND") or not ctx.cue(i, "name"):
            continue
        si, a, b = _sentence_of(ctx, i)
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
            if not _speechlike(ctx, region):
                break
            span = classify(ctx, ctx.tokens[i].stop, region.close_mark + 1)
            leftmost = token.pos == "GRND"
            cand = _cue_candidate(
                ctx, "mixed_naming", span, i, a, i, si, required=False, leftmost=leftmost
            )
            if cand is not None:
                yield cand
            break


def direct_dialogue(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``— Мы готовы к переговорам, — сказал министр.``: speech set off by dashes at the
    start of a paragraph, as in interviews and reportage."""
    for si, (a, b) in enumerate(ctx.sent_ranges):
        if b - a < 4 or ctx.tokens[a].text not in DASHES:
            continue
        if not ctx.opens_line(ctx.tokens[a].start):
            continue  # the dash must open the paragraph
        for k in range(a + 2, b - 1):
            if ctx.tokens[k].text in DASHES and ctx.tokens[k - 1].text in COMMA_LIKE:
                cue = _cue_after(ctx, k + 1, b, "speech", "opinion")
                if cue is None:
                    continue
                start, stop = trim(ctx, ctx.tokens[a].stop, ctx.tokens[k - 1].start)
                gender = ctx.verb_gender(cue)
                speaker = _speaker_after(ctx, cue, b, gender)
                if start < stop:
                    yield Candidate(
                        "direct_dialogue",
                        "direct",
                        start,
                        stop,
                        cue=(cue, cue + 1),
                        speaker=speaker,
                        gender=gender,
                        inherit=speaker is None,
                        sentence=si,
                    )
                break


def indirect_colon(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``Он подчеркнул: страна готова к диалогу.``: a cue and a colon before an unquoted
    statement (a quoted one is ``direct_colon_before``)."""
    for i, token in enumerate(ctx.tokens[:-2]):
        if token.text != ":" or i == 0:
            continue
        si, a, b = _sentence_of(ctx, i)
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
        end = _clause_end(ctx, i + 1, b)
        if _words_in(ctx, ctx.tokens[i + 1].start, ctx.tokens[end - 1].stop) < 3:
            continue
        span = classify(ctx, ctx.tokens[i].stop, ctx.tokens[end - 1].stop)
        if span[1] >= span[2] or _question(ctx, b):
            continue
        cand = _cue_candidate(ctx, "indirect_colon", span, cue, a, i, si, required=False)
        if cand is not None:
            yield cand


def indirect_about(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``X сообщил об обнаружении диоксина``, ``рассказал о ...``: a statement given as a
    noun phrase. Not output (annotators mostly skip it: ANNOTATION.md makes it optional),
    but it tells who "он" is in the next sentence, so the speaker is remembered."""
    for i, token in enumerate(ctx.tokens[:-2]):
        if token.pos != "VERB" or not ctx.cue(i, "speech"):
            continue
        si, a, b = _sentence_of(ctx, i)
        k = i + 1
        while k < b and k - i <= 4 and ctx.tokens[k].text.lower() not in ("о", "об", "обо"):
            if ctx.tokens[k].text in (",", ":", ";", "«", '"') or ctx.tokens[k].pos == "VERB":
                break
            k += 1
        if k >= b or ctx.tokens[k].text.lower() not in ("о", "об", "обо"):
            continue
        if k + 1 < b and ctx.tokens[k + 1].text.lower() in ("том", "тех", "этом"):
            continue  # "о том, что" is a clause: indirect_that
        end = _clause_end(ctx, k + 1, b)
        span = classify(ctx, ctx.tokens[k].stop, ctx.tokens[end - 1].stop)
        if span[1] >= span[2] or _question(ctx, b):
            continue
        cand = _cue_candidate(ctx, "indirect_about", span, i, a, k, si, optional=True, silent=True)
        if cand is not None:
            yield cand
    yield from _fronted_about(ctx)


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
        speaker = subject_left(ctx, cue, a, gender) or _speaker_after(ctx, cue, b, gender)
        if speaker is None:
            continue
        start, stop = trim(ctx, ctx.tokens[a + 1].start, ctx.tokens[cue - 1].stop)
        if start < stop:
            yield Candidate(
                "indirect_about",
                "indirect",
                start,
                stop,
                cue=(cue, cue + 1),
                speaker=speaker,
                gender=gender,
                optional=True,
                silent=True,
                sentence=si,
            )


def indirect_infinitive(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``X пообещал/призвал/потребовал сделать ...``: the infinitive clause is the content."""
    for i, token in enumerate(ctx.tokens):
        if not ctx.cue(i, "intent") or token.pos != "VERB":
            continue
        si, a, b = _sentence_of(ctx, i)
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
        end = _clause_end(ctx, inf, b)
        first = inf
        if ctx.tokens[inf - 1].text in QUOTE_CHARS and ctx.region_at(ctx.tokens[inf].start):
            first = inf - 1  # "призвал ООН «ответить ...»": the quotation is the content
        span = classify(ctx, ctx.tokens[first].start, ctx.tokens[end - 1].stop)
        if span[1] >= span[2]:
            continue
        cand = _cue_candidate(ctx, "indirect_infinitive", span, i, a, inf, si)
        if cand is not None:
            yield cand


def about_this(ctx: Context, taken: list[Candidate]) -> Iterator[Candidate]:
    """``Об этом сообщает ТАСС.`` points back at the sentence before: that statement is
    the reporter's (optional in gold, ANNOTATION.md)."""
    for si, (a, b) in enumerate(ctx.sent_ranges):
        words = [t.text.lower() for t in ctx.tokens[a : min(b, a + 2)]]
        if words != ["об", "этом"] or si == 0:
            continue
        cue = _cue_after(ctx, a + 2, b, "speech", "report")
        if cue is None:
            continue
        if ctx.sent_section[si - 1] != ctx.sent_section[si]:
            continue
        gender = ctx.verb_gender(cue)
        speaker = _speaker_after(ctx, cue, b, gender) or subject_left(ctx, cue, a + 2, gender)
        if speaker is None:
            continue
        pa, pb = ctx.sent_ranges[si - 1]
        kind, start, stop = classify(ctx, ctx.tokens[pa].start, ctx.tokens[pb - 1].stop)
        if start >= stop:
            continue
        yield Candidate(
            "about_this",
            kind,
            start,
            stop,
            cue=(cue, cue + 1),
            speaker=speaker,
            gender=gender,
            medium_speaker=is_medium_ref(speaker),
            optional=True,
            sentence=si - 1,
        )


RULES: tuple[Rule, ...] = (
    direct_block,
    direct_interview,
    direct_split,
    direct_dash_after,
    direct_colon_before,
    direct_dialogue,
    indirect_that,
    indirect_according,
    indirect_as_said,
    indirect_parenthetical,
    medium_report,
    indirect_dash_after,
    indirect_infinitive,
    indirect_colon,
    mixed_naming,
    indirect_about,
    direct_signature,
    direct_continuation,
    about_this,
)
"""The rules in the order they run: earlier rules win where content overlaps."""

RULE_NAMES: dict[str, str] = {
    "direct_interview": "— Вопрос? / — Ответ.: the answers of an interview, the interviewee's",
    "direct_block": "X сообщил: and the words on lines of their own, marks lost: a block quote",
    "direct_split": "«Часть 1, – сказал он. – Часть 2»: a quotation broken by its attribution",
    "direct_dash_after": "«...», – сказал X / «...», сказал X: a quotation, then cue and speaker",
    "direct_colon_before": "X ответил: «...»: a cue verb and a colon before the quotation",
    "direct_colon_according": "По словам X, ...: «...»: a colon after an attribution",
    "direct_colon_subject": "X оказался дипломатичным: «...»: a colon after the speaker's clause",
    "indirect_that": "X заявил/считает/уверен, что ...; подчеркнув, что ...",
    "indirect_according": "по словам/мнению/данным X, ...; по его словам; согласно X",
    "indirect_as_said": "как сообщил X, ...; как пояснили в милиции, ...",
    "indirect_parenthetical": "..., отмечает X, ...: an attribution set in commas",
    "medium_report": "..., сообщает агентство ТАСС: a medium's own report",
    "indirect_dash_after": "..., – сообщил X / ..., заявил X: unquoted statement, then cue",
    "indirect_infinitive": "X пообещал/призвал/потребовал сделать ...",
    "direct_dialogue": "— Мы готовы, — сказал министр.: dashes instead of quote marks",
    "mixed_naming": "назвал визит «непростительным оскорблением»: quoted words as a name",
    "indirect_colon": "X подчеркнул: ... (no quote marks): a cue and a colon",
    "indirect_about": "X сообщил о/об ...: remembered as the speaker, not output",
    "direct_signature": "«...» and a line of its own with the name: a signed quotation",
    "direct_continuation": "«...» right after a quote of the same speaker, with no cue",
    "about_this": "Об этом сообщает X: the sentence before is X's",
}
"""Every name a quote's ``rule`` can carry, with the pattern it stands for."""
