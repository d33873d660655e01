"""Layout rules: statements the page's lines tell, not its quote marks.

A block quote (``X сообщил:`` and the words on lines of their own), the answers of an
interview (``— Вопрос? / — Ответ.``) and a quotation signed on the line after it.

Пример::

    >>> from newsnlp import Pipeline
    >>> doc = Pipeline()(
    ...     "Министр финансов Антон Силуанов дал интервью газете «Ведомости».\\n\\n"
    ...     "— Антон Германович, будет ли повышен НДС?\\n"
    ...     "— Мы не планируем повышать налоги. Бюджет сбалансирован.\\n"
    ...     "— А пенсии?\\n— Пенсии будут проиндексированы.\\n"
    ... )
    >>> [(q.rule, q.speaker.normal, q.source.normal) for q in doc.quotes][0]
    ('direct_interview', 'Антон Силуанов', 'Ведомости')
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Entity
from ..lexicon import load_list
from .candidate import Candidate
from .clauses import (
    according_speaker,
    cued,
    document_owner,
    in_relative_clause,
    outer_regions,
    parsed_subject,
    place_before,
    sentence_of,
    speaker_after,
    trim,
    words_in,
)
from .context import Context
from .marks import DASHES, QUOTE_CHARS, SENTENCE_END
from .phrases import Ref, np_at
from .sources import doc_media
from .subjects import is_medium_ref, subject_left

# A line after a block-quote intro is a caption, not speech, when it is this short and
# ends in no sentence mark (``Владимир Маркин`` under a photo).
_CAPTION_WORDS = 6


# Nouns that carry a block quote's words where no cue verb does: ``оставил в микроблоге
# запись:``, ``приводит его рассказ:``, ``опубликовал обращение:``.
_BLOCK_NOUNS = frozenset(load_list("block_nouns"))


# What may stand between an intro's colon and its line break; then the block's first line
# follows at once, or after one blank line (_BLANK_GAP) when it speaks in the first person.
_LINE_END = re.compile(r"[ \t\u00a0]*\r?\n[ \t\u00a0]*(?=\S)")


_BLANK_GAP = re.compile(r"[ \t\u00a0]*\r?\n[ \t\u00a0]*\r?\n[ \t\u00a0]*(?=\S)")


_FIRST_PERSON_WORDS = re.compile(
    r"(?<!\w)(я|мы|меня|мне|мной|нас|нам|нами|мой|моя|моё|мое|мои|наш|наша|наше|наши)(?!\w)",
    re.IGNORECASE,
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


def direct_block(ctx: Context) -> Iterator[Candidate]:
    """X сообщил: and the words on lines of their own, marks lost: a block quote

    ``Антон Цветков сообщил:`` and then, on lines of their own, the words themselves,
    their quote marks lost when the page was scraped: a block quote, one quote for the
    run of lines up to a blank line (ANNOTATION.md)."""
    for i in range(1, len(ctx.tokens) - 1):
        if not _intro_colon(ctx, i):
            continue
        si, a, _ = sentence_of(ctx, i)
        first = ctx.token_at(ctx.tokens[i].stop)
        if first >= len(ctx.tokens):
            continue
        start, stop = trim(ctx, ctx.tokens[first].start, _block_lines(ctx, ctx.tokens[first].start))
        if start >= stop or words_in(ctx, start, stop) < 3:
            continue
        cue = None
        for k in range(i - 1, a - 1, -1):
            if ctx.cue(k, "speech", "opinion", "report", "quote") and ctx.tokens[k].pos != "INFN":
                cue = k
                break
        if cue is not None and in_relative_clause(ctx, cue, a):
            # "пролила свет на письмо, о котором ранее говорил Песков:": who spoke before
            # is not who speaks now; the main clause's subject does
            main = _root_subject(ctx, si)
            if main is not None:
                yield Candidate("direct", start, stop, speaker=main, sentence=si)
            continue
        if cue is None:
            noun = next((k for k in range(i - 1, a - 1, -1) if ctx.lemma(k) in _BLOCK_NOUNS), None)
            speaker = according_speaker(ctx, a, i)
            if speaker is None and noun is not None:
                speaker = subject_left(ctx, noun, a, None) or _owner_after(ctx, noun, i)
            if speaker is None:
                continue
            yield Candidate("direct", start, stop, speaker=speaker, sentence=si)
            continue
        if ctx.cue(cue, "quote", "report") and not ctx.cue(cue, "speech"):
            # "Life News приводит его рассказ:" / "цитирует его": the one cited speaks
            owner = _owner_after(ctx, cue, i)
            if owner is not None:
                medium = subject_left(ctx, cue, a, None)
                source = medium if medium is not None and is_medium_ref(medium) else None
                yield cued(ctx, ("direct", start, stop), cue, owner, si, source=source)
                continue
        gender = ctx.verb_gender(cue)
        # "Сурков отозвался о статье Маркина, сказав журналистам:": a gerund's subject
        # is the sentence's first
        leftmost = ctx.tokens[cue].pos == "GRND"
        speaker = (
            _person_first(ctx, cue, subject_left(ctx, cue, a, gender, leftmost=leftmost))
            or speaker_after(ctx, cue, i, gender)
            or according_speaker(ctx, a, i)
            or place_before(ctx, cue, a)
            or document_owner(ctx, a, i)
            or parsed_subject(ctx, cue)
        )
        yield cued(
            ctx, ("direct", start, stop), cue, speaker, si, gender=gender, until=i, medium=True
        )


# An interview's question is a line of its own ending in a question mark (a dash may lead
# it); a longer line is an answer that asks something itself.
_QUESTION = re.compile(r"\s*[-–—]?\s*\S.{0,400}\?[»\"]?\s*$")


# "Мустафа Джемилев: Да, всё верно": a labelled turn, read by the colon rules instead.
_TURN_LABEL = re.compile(r"\s*[-–—]?\s*[А-ЯЁA-Z][^:.!?\n]{0,40}:\s")


_INTERVIEW_WORDS = frozenset(load_list("interview_words"))


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


def _medium_in(ctx: Context, si: int) -> Ref | None:
    """The medium named in sentence ``si`` (``дал интервью газете «Ведомости»``)."""
    a, b = ctx.sent_ranges[si]
    media = doc_media(ctx)
    for k in range(a, b):
        entity = ctx.entity_at.get(k)
        if entity is not None and entity.id in media:
            return Ref("entity", k, ctx.entity_tokens[entity.id][1], frozenset(), entity)
    return None


def direct_interview(ctx: Context) -> Iterator[Candidate]:
    """— Вопрос? / — Ответ.: the answers of an interview, the interviewee's

    Questions on lines of their own, each followed by its answer: the answers are
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
            if start >= stop or words_in(ctx, start, stop) < 2:
                continue
            si = ctx.tok_sent[min(ctx.token_at(start), len(ctx.tokens) - 1)]
            yield Candidate(
                "direct",
                start,
                stop,
                speaker=speaker,
                source=medium,
                sentence=si,
            )


# What may follow a quotation that ends its paragraph, up to the line break.
_LINE_TAIL = re.compile(r"[ .!?…]*\n")


def direct_signature(ctx: Context) -> Iterator[Candidate]:
    """«...» and a line of its own with the name: a signed quotation

    A quoted paragraph signed on the next line: ``«...»`` then ``Иван Петров, министр``
    (or ``— Иван Петров``) as a line of its own."""
    for region in outer_regions(ctx):
        start, stop = trim(ctx, region.start, region.stop)
        if start >= stop or words_in(ctx, start, stop) < 4:
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
        si, _, b = sentence_of(ctx, nxt)
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
        yield Candidate("direct", start, stop, speaker=ref, sentence=si)


# Named by the functions themselves, in the order they run (rules.RULES).
__all__ = [rule.__name__ for rule in (direct_block, direct_interview, direct_signature)]
