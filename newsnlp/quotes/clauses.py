"""Clauses: what every rule reads around a cue verb or a quotation.

Where a statement begins and ends (:func:`trim`, :func:`classify`, :func:`clause_end`),
the sentence a token stands in, the cue verb after a token, and the speaker, place,
office or addressee written next to a cue. The rules in :mod:`~newsnlp.quotes.layout`,
:mod:`~newsnlp.quotes.direct`, :mod:`~newsnlp.quotes.indirect` and
:mod:`~newsnlp.quotes.medium` are built from these.

Пример::

    >>> from newsnlp.quotes.clauses import COMMA_LIKE
    >>> "," in COMMA_LIKE
    True
"""

from __future__ import annotations

from dataclasses import replace

from ..document import QuoteKind
from ..grammar import SyntaxWord
from ..lexicon import fold_yo, load_list
from ..morph import get_morph
from .candidate import Candidate
from .context import Context, attribution_words
from .marks import DASHES, QUOTE_CHARS, Region
from .phrases import Ref, np_at
from .subjects import agrees, is_medium_ref, subject_left, subject_right

__all__ = [
    "COMMA_LIKE",
    "THAT",
    "according_speaker",
    "addressee_after",
    "as_genitive",
    "classify",
    "clause_end",
    "cue_after",
    "cue_candidate",
    "cued",
    "document_owner",
    "in_relative_clause",
    "is_question",
    "is_refusal",
    "is_word",
    "outer_regions",
    "parsed_subject",
    "place_before",
    "sentence_of",
    "speaker_after",
    "speechlike",
    "trim",
    "words_in",
]


_TRAIL = " \t\n\r.,;:"


_LEAD = " \t\n\r,;:-–—…."


COMMA_LIKE = frozenset({",", "!", "?", "…", "...", "?!", "!!"})


def speechlike(ctx: Context, region: Region) -> bool:
    """Whether quoted words are someone's words rather than a name in quote marks
    (``космодром "Восточный"``, ``партии «Яблоко»``)."""
    inner = ctx.text[region.start : region.stop]
    words = inner.split()
    if not words:
        return False
    if inner[:1].isupper() and len(words) <= 4:
        return False
    return not any(e.start <= region.start and region.stop <= e.stop + 1 for e in ctx.entities)


def trim(ctx: Context, start: int, stop: int) -> tuple[int, int]:
    """Content offsets without surrounding spaces, final period/comma, leading dash."""
    text = ctx.text
    while start < stop and text[start] in _LEAD:
        start += 1
    while stop > start and text[stop - 1] in _TRAIL:
        stop -= 1
    return start, stop


def classify(ctx: Context, start: int, stop: int) -> tuple[QuoteKind, int, int]:
    """Kind of a reported clause: ``direct`` if it is one quotation (then the span
    inside its marks), ``mixed`` if it holds a quotation, else ``indirect``."""
    start, stop = trim(ctx, start, stop)
    if start < stop and ctx.text[start] in QUOTE_CHARS:
        region = ctx.region_at(start + 1)
        if region is not None and region.open_mark == start and region.close_mark == stop - 1:
            a, b = trim(ctx, region.start, region.stop)
            return "direct", a, b
    if any(speechlike(ctx, r) for r in ctx.regions_within(start, stop)):
        return "mixed", start, stop
    return "indirect", start, stop


def sentence_of(ctx: Context, token: int) -> tuple[int, int, int]:
    si = ctx.tok_sent[token] if ctx.tokens else 0
    a, b = ctx.sent_ranges[si]
    return si, a, b


def is_word(ctx: Context, i: int) -> bool:
    return ctx.tokens[i].text[:1].isalnum()


def outer_regions(ctx: Context) -> list[Region]:
    return [r for r in ctx.regions if r.depth == 0 and r.stop > r.start]


def words_in(ctx: Context, start: int, stop: int) -> int:
    a, b = ctx.token_at(start), ctx.token_at(stop)
    return sum(1 for i in range(a, b) if is_word(ctx, i))


_DOCUMENTS = frozenset(load_list("documents"))


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
        # "сообщили в воскресенье": a time, not the place that tells
        and ctx.lemma(i + 1) not in _TIMES
    ):
        j = i + 1
        entity = ctx.entity_at.get(j)
        stop = ctx.entity_tokens[entity.id][1] if entity is not None else j + 1
        return Ref("place", j, stop, frozenset({"loct"}), entity)
    return None


def speaker_after(ctx: Context, cue: int, end: int, gender: str | None) -> Ref | None:
    ref = subject_right(ctx, cue, end, gender)
    if ref is None:
        ref = _place_after(ctx, cue, end)
    return ref


_SUBJECT_RELS = frozenset({"nsubj", "nsubj:pass"})


# Relations by which a cue verb shares the subject of the verb it hangs on: ``заявил и
# добавил``, ``решил сообщить``.
_SHARED_SUBJECT = frozenset({"conj", "xcomp"})


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


def parsed_subject(ctx: Context, cue: int) -> Ref | None:
    """The subject of a cue verb as slovnet's syntax parser reads the sentence, for
    where the word-order rules found none (``подтвердила эту информацию пресс-секретарь
    премьера Наталья Тимакова`` with the subject far from the verb, or after a
    participle clause). The sentence is parsed only then, once.

    Пример::

        >>> # tests/quotes/test_rules.py: the table of parsed subjects
    """
    si, a, b = sentence_of(ctx, cue)
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
    # "Организация сопровождалась скандалами и его требовали отменить": a plural verb
    # takes no singular subject, whatever the parse says
    verb_plural = ctx.verb_gender(cue) == "plur"
    for start in (a + left, a + k):
        ref = np_at(ctx, start, b)
        if ref is not None and ref.first <= a + k < ref.stop and "nomn" in ref.cases:
            if verb_plural and not agrees(ctx, ref, "plur"):
                break
            return ref
    token = ctx.tokens[a + k]
    if token.pos != "NOUN" or not token.text[:1].isalpha():
        return None
    # a subject the phrase rules do not know as a role ("Адвокаты Эндрюс настаивали",
    # "власти Венесуэлы объявили"): the parsed phrase itself, in the nominative
    parses = get_morph().parse(token.text)
    plural = "plur" if parses and parses[0].tag.number == "plur" else "sing"
    if verb_plural and plural != "plur":
        return None
    return Ref(
        "role",
        a + left,
        a + right + 1,
        frozenset({"nomn"}),
        role_head=ctx.lemma(a + k),
        number=plural,
        written_case="nomn",
    )


def cue_after(ctx: Context, i: int, end: int, *classes: str) -> int | None:
    """A cue verb at ``i`` (skipping particles), else None."""
    while i < end and ctx.tokens[i].text.lower() in ("же", "ещё", "еще", "также", "тогда"):
        i += 1
    if i < end and ctx.cue(i, *classes) and ctx.tokens[i].pos != "INFN":
        return i
    return None


# Roles that name one person spoken to; a plural or a crowd (``журналистам``) stays null.
_ADDRESSED_ROLES = frozenset(load_list("addressed_roles"))


def addressee_after(ctx: Context, cue: int, end: int, speaker: Ref | None) -> Ref | None:
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


# Nouns of time after "в": "сообщили в воскресенье" names no place that tells.
_TIMES = frozenset(load_list("times"))


def according_speaker(ctx: Context, a: int, b: int) -> Ref | None:
    """The X of ``по словам X`` between tokens ``a`` and ``b``."""
    for i in range(a, b - 1):
        if ctx.tokens[i].text.lower() == "по" and ctx.tokens[i + 1].text.lower() in (
            attribution_words()
        ):
            ref = np_at(ctx, i + 2, b)
            if ref is not None:
                return ref
    return None


def as_genitive(ctx: Context, role: Ref) -> Ref:
    """The role read as the genitive it stands in after ``по словам`` or a document
    (``на сайте певицы``): where its head
    noun can only be a genitive singular, one person of that noun's gender ("по словам
    спортсменки" is one woman, though the word alone reads as a nominative plural)."""
    morph = get_morph()
    readings = {
        (str(p.tag.number), str(p.tag.gender))
        for k in range(role.first, role.stop)
        for p in morph.parse(ctx.tokens[k].text)
        if p.tag.POS == "NOUN"
        and p.tag.case == "gent"
        and fold_yo(str(p.normal_form)) == role.role_head
    }
    role = replace(role, written_case="gent")
    # only the singular corrects the word's own reading: a plural role stays open for
    # the group named before it ("Врачи ... По сообщениям докторов" are those doctors)
    if len(readings) == 1 and next(iter(readings))[0] == "sing":
        gender = next(iter(readings))[1]
        role = replace(role, number="sing", gender=gender if gender in ("masc", "femn") else None)
    return role


def document_owner(ctx: Context, a: int, b: int) -> Ref | None:
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
                # "на официальном сайте певицы": the singer, a genitive
                return as_genitive(ctx, owner) if owner.kind == "role" else owner
            if ctx.cue(k + 1) and ctx.lemma(k) not in ("сайт", "страница", "аккаунт"):
                # "В резолюции говорится, что": nobody named, the document speaks
                return Ref("role", i + 1, k + 1, frozenset({"loct"}), written_case="loct")
    return None


# Offices that speak for the organisation they belong to: ``в пресс-службе МЧС России
# отметили`` is the ministry speaking (the quote issue: X is the speaker).
_OFFICES = frozenset(load_list("offices"))


_WHOSE = frozenset({"которого", "которой", "которых"})


def _office_owner(ctx: Context, ref: Ref, end: int) -> Ref | None:
    """The organisation an office phrase names before token ``end``: ``пресс-службе МЧС
    России`` -> МЧС России."""
    if ctx.lemma(ref.first) not in _OFFICES:
        return None
    after = ref.first + 1
    if after < end and ctx.tokens[after].text.lower() in _WHOSE:
        # "выразил президент Владимир Путин, в пресс-службе которого сообщили": the
        # office of the one the relative clause hangs on, named right before its comma
        k = ref.first - 1
        while k > 0 and ctx.tokens[k].text.lower() in ("в", "во", "на"):
            k -= 1
        if k >= 0 and ctx.tokens[k].text == ",":
            for j in range(k - 1, max(-1, k - 6), -1):
                entity = ctx.entity_at.get(j)
                if entity is not None and ctx.entity_tokens[entity.id][1] == k:
                    return Ref("entity", j, k, frozenset({"nomn"}), entity, number="sing")
        return None
    for k in range(ref.first + 1, min(end, ref.first + 4)):
        entity = ctx.entity_at.get(k)
        if entity is not None and entity.type == "ORG":
            return Ref("entity", k, ctx.entity_tokens[entity.id][1], frozenset({"gent"}), entity)
    return None


def place_before(ctx: Context, cue: int, a: int) -> Ref | None:
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
                return replace(ref, kind="place") if ref.kind == "role" else ref
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


THAT = frozenset({"что", "чтобы"})


_SUBORDINATORS = frozenset(load_list("subordinators"))


def _opens_with_subordinator(ctx: Context, i: int) -> bool:
    """Whether the sentence holding token ``i`` starts with a subordinate clause."""
    _, a, _ = sentence_of(ctx, i)
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


def clause_end(ctx: Context, i: int, b: int) -> int:
    """Where reported content starting at token ``i`` ends: the sentence end, a colon
    that opens a quotation, or the start of the next reported clause (``, а X уверен,
    что``)."""
    subordinate = i < b and _opens_with_subordinator(ctx, i)
    for j in range(i, b):
        t = ctx.tokens[j].text
        if t == ";":
            return j
        if t == ",":
            end = _comma_end(ctx, i, j, b, subordinate)
        elif t == ":":
            end = _colon_end(ctx, j, b)
        elif t in DASHES:
            end = _dash_end(ctx, j, b)
        elif t.lower() in THAT:
            end = _nested_that_end(ctx, i, j)
        else:
            end = None
        if end is not None:
            return end
    return b


def _comma_end(ctx: Context, i: int, j: int, b: int, subordinate: bool) -> int | None:
    if (
        j + 2 < b
        and ctx.tokens[j + 1].text.lower() == "и"
        and ctx.cue(j + 2, "speech", "intent", "opinion")
        and ctx.tokens[j + 2].pos == "VERB"
    ):
        return j  # "заявил, что вина доказана, и потребовал ...": his next act
    if j + 1 < b and ctx.tokens[j + 1].text.lower() == "однако" and j > i:
        return j  # "..., однако не следует забывать": the author takes over
    if subordinate and _main_clause_follows(ctx, j + 1, b):
        # "Поскольку ведомство заявило, что X, Видениус обращается ...": the main
        # clause after the subordinate one is no longer the report
        return j
    if j + 1 < b:
        cue = cue_after(ctx, j + 1, b, "report", "quote", "speech")
        if cue is not None and ctx.tokens[cue].pos == "VERB":
            return j
    return None


def _colon_end(ctx: Context, j: int, b: int) -> int | None:
    """A colon that opens a quotation of some words ends the report before it."""
    if j + 1 < b and ctx.tokens[j + 1].text in QUOTE_CHARS:
        region = ctx.region_at(ctx.tokens[j + 1].stop)
        if region is not None and words_in(ctx, region.start, region.stop) >= 3:
            return j
    return None


def _dash_end(ctx: Context, j: int, b: int) -> int | None:
    """``... — сообщил X``: the attribution after a dash is not the report."""
    if j + 1 < b and cue_after(ctx, j + 1, b, "speech", "report"):
        return j - 1 if ctx.tokens[j - 1].text == "," else j
    return None


# Words that open a relative clause: a cue inside one tells of something the content
# names, it does not start a report of its own.
_RELATIVES = frozenset({"который", "которая", "которое", "которые", "чей", "где"})


def in_relative_clause(ctx: Context, cue: int, a: int) -> bool:
    """Whether a cue verb stands in a relative clause: a relative word between it and
    the comma before it (``, о котором ранее говорил``)."""
    for k in range(cue - 1, a - 1, -1):
        if ctx.tokens[k].text == ",":
            return False
        if ctx.lemma(k) in _RELATIVES:
            return True
    return False


def _nested_that_end(ctx: Context, i: int, j: int) -> int | None:
    """Another ``X cue, что`` inside: cut before its clause."""
    if j <= i + 1 or ctx.tokens[j - 1].text != ",":
        return None
    for k in range(j - 2, i, -1):
        if (
            ctx.cue(k, "speech", "opinion") and ctx.tokens[k].pos in ("VERB", "ADJS", "PRTS")
        ) or ctx.cue(k, "noun"):
            if in_relative_clause(ctx, k, i):
                # "конституции, в которой сказано, что ...": what the content names says it
                return None
            for m in range(k - 1, i, -1):
                if ctx.tokens[m].text in (",", ";"):
                    return m
            return None
    return None


def is_question(ctx: Context, b: int) -> bool:
    """Whether the sentence ending before token ``b`` is a question: the journalist's
    questions are not quotes (ANNOTATION.md)."""
    return b > 0 and ctx.tokens[b - 1].text in ("?", "?!", "?..")


def cued(
    ctx: Context,
    span: tuple[QuoteKind, int, int],
    cue: int,
    speaker: Ref | None,
    si: int,
    *,
    gender: str | None = None,
    until: int | None = None,
    medium: bool = False,
    source: Ref | None = None,
    optional: bool = False,
    silent: bool = False,
) -> Candidate:
    """The candidate for ``span`` whose speech verb is token ``cue``, in sentence ``si``.

    With no written speaker it inherits the one before (``— добавил он``); with
    ``until``, its addressee is read after the verb up to that token; with ``medium``,
    a speaker that is a medium is marked as such (it is then also the source).

    Пример::

        >>> from newsnlp.quotes.context import Context
        >>> ctx = Context("Он сказал.", [], [], [], [], [])
        >>> c = cued(ctx, ("indirect", 0, 2), 1, None, 0)
        >>> (c.cue, c.inherit, c.addressee)
        ((1, 2), True, None)
    """
    kind, start, stop = span
    return Candidate(
        kind,
        start,
        stop,
        cue=(cue, cue + 1),
        speaker=speaker,
        gender=gender,
        addressee=None if until is None else addressee_after(ctx, cue, until, speaker),
        source=source,
        inherit=speaker is None,
        medium_speaker=medium and speaker is not None and is_medium_ref(speaker),
        optional=optional,
        silent=silent,
        sentence=si,
    )


def cue_candidate(
    ctx: Context,
    span: tuple[QuoteKind, int, int],
    cue: int,
    a: int,
    limit: int,
    si: int,
    *,
    required: bool = True,
    leftmost: bool = False,
    optional: bool = False,
    silent: bool = False,
    places: bool = False,
) -> Candidate | None:
    """A candidate for a statement introduced by the cue verb at token ``cue``: its
    speaker is the subject before the verb (``a`` is the sentence start), else after it
    up to ``limit``, else (with ``places``) the office or body a plural verb's ``в X``
    names; with ``required``, no speaker means no candidate."""
    kind, start, stop = span
    gender = ctx.verb_gender(cue)
    speaker = (
        subject_left(ctx, cue, a, gender, leftmost=leftmost)
        or speaker_after(ctx, cue, limit, gender)
        # "в пресс-службе которого сообщили: ...": the office that speaks (a plural
        # verb with no subject), as indirect_that reads it
        or (place_before(ctx, cue, a) if places else None)
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
    return cued(
        ctx,
        (kind, start, stop),
        cue,
        speaker,
        si,
        gender=gender,
        until=limit,
        optional=optional,
        silent=silent,
    )


_REFUSALS = load_list("refusals")


def is_refusal(ctx: Context, start: int, stop: int) -> bool:
    """A report that someone would not comment says nothing: no quote."""
    inner = ctx.text[start:stop].lower()
    return any(phrase in inner for phrase in _REFUSALS)
