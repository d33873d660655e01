"""Quotes: who said what, to whom, according to whom (the rule layer).

:func:`find_quotes` runs the rules of :data:`newsnlp.quotes.rules.RULES` in order, keeps
the first candidate for any stretch of text, then reads the quotes in text order and
resolves each speaker through the document (names, pronouns, roles), remembering the
last speaker of each section. Sections never share speakers: a related-story teaser is
a separate text.

Пример::

    >>> from newsnlp import Pipeline
    >>> doc = Pipeline()('"Время пришло", - сказал Путин.')
    >>> doc.quotes[0].speaker.normal, doc.quotes[0].rule
    ('Путин', 'direct_dash_after')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..document import Cluster, Cue, Entity, Mention, Quote, Section, Sentence, Source, Token
from .candidate import Candidate, Rule, run_rule
from .context import Context
from .resolution import Resolved, State, resolve
from .rules import RULES
from .sources import find_source, is_medium

__all__ = ["RULES", "find_quotes"]


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.start < b.stop and b.start < a.stop


def _nests(ctx: Context, outer: Candidate, inner: Candidate) -> bool:
    """A named person's report inside someone's quoted words is a quote of its own
    (``«...Путин попенял Громову на то, что ...»``); anything else may not overlap."""
    return (
        outer.kind == "direct"
        and inner.kind != "direct"
        and outer.start <= inner.start
        and inner.stop <= outer.stop
        and (inner.start, inner.stop) != (outer.start, outer.stop)
        and inner.cue is not None
        # the report's cue stands inside the quoted words
        and outer.start <= ctx.tokens[inner.cue[0]].start < outer.stop
        and inner.speaker is not None
        and inner.speaker.kind == "entity"
    )


# A first-person speaker is someone quoted speaking of themselves inside words whose quote
# marks were lost: never who the text says speaks.
_FIRST_PERSON = frozenset({"я", "мы", "меня", "мне", "мной", "нас", "нам", "нами"})


def _first_person(ctx: Context, cand: Candidate) -> bool:
    ref = cand.speaker
    return (
        ref is not None
        and ref.stop - ref.first == 1
        and ctx.tokens[ref.first].text.lower() in _FIRST_PERSON
    )


def _accept(ctx: Context, rules: Sequence[Rule], trace: list[str] | None) -> list[Candidate]:
    taken: list[Candidate] = []
    silent: list[Candidate] = []
    for rule in rules:
        for cand in run_rule(rule, ctx, taken):
            if cand.silent:
                silent.append(cand)
                continue
            if cand.start >= cand.stop or _first_person(ctx, cand):
                continue
            section = ctx.section_index(cand.start)
            if section < 0 or ctx.section_index(cand.stop - 1) != section:
                continue
            clash = next(
                (t for t in taken if _overlaps(t, cand) and not _nests(ctx, t, cand)), None
            )
            if clash is not None:
                if trace is not None:
                    trace.append(
                        f"skip {cand.rule} [{cand.start}:{cand.stop}]: overlaps {clash.rule} "
                        f"[{clash.start}:{clash.stop}]"
                    )
                continue
            taken.append(cand)
    kept = [s for s in silent if not any(_overlaps(t, s) for t in taken)]
    return sorted(taken + kept, key=lambda c: c.start)


def find_quotes(
    text: str,
    tokens: Sequence[Token],
    sentences: Sequence[Sentence],
    sections: Sequence[Section],
    entities: Sequence[Entity],
    clusters: Sequence[Cluster],
    *,
    rules: Sequence[Rule] = RULES,
    trace: list[str] | None = None,
) -> tuple[Quote, ...]:
    """Find every quoted or reported statement of a document, with speaker, addressee
    and source. ``rules`` are the rules to run, in order (:data:`~newsnlp.quotes.rules.RULES`
    by default); ``trace``, when given, collects a line per decision (``debug=True``).

    Пример::

        >>> find_quotes("", [], [], [], [], [])
        ()
    """
    if not tokens or not sentences:
        return ()
    ctx = Context(text, tokens, sentences, sections, entities, clusters)
    states: dict[int, State] = {}
    quotes: list[Quote] = []
    silent: list[Quote] = []  # statements remembered, not output, that name a medium
    for cand in _accept(ctx, rules, trace):
        section = ctx.section_index(cand.start)
        state = states.setdefault(section, State(ctx, section))
        resolved = _speaker(ctx, cand, state)
        if resolved is not None:
            state.remember(resolved, cand.sentence, cand.stop)
        if cand.silent:
            if resolved is not None:
                # "О своих планах Лужков рассказал в интервью ТАСС": not a quote, but the
                # medium it names carries the speaker's quotes around it
                heard = _quote(ctx, cand, resolved, 0, state)
                if heard.source is not None:
                    silent.append(heard)
            if trace is not None and resolved is not None:
                trace.append(
                    f"note {cand.rule} [{cand.start}:{cand.stop}] speaker "
                    f"{resolved.mention.normal!r} (remembered, not a quote)"
                )
            continue
        quote = _quote(ctx, cand, resolved, len(quotes) + 1, state)
        quotes.append(quote)
        if trace is not None:
            who = quote.speaker.normal if quote.speaker else None
            cue = quote.cue.text if quote.cue else None
            trace.append(
                f"{quote.id} {cand.rule} {cand.kind} [{cand.start}:{cand.stop}] cue={cue!r} "
                f"speaker={who!r}" + (" (inherited)" if cand.inherit else "")
            )
    return tuple(_carry_sources(ctx, quotes, silent))


def _carry_sources(ctx: Context, quotes: list[Quote], heard: list[Quote]) -> list[Quote]:
    """A medium that carries an interview carries each answer in it: where every quote
    of a speaker in a section that names a medium names the same one (``рассказала в
    интервью The New Times``), the speaker's other quotes there are carried by it too."""
    media: dict[tuple[int, str], set[str]] = {}
    found: dict[tuple[int, str], Source] = {}
    for q in quotes + heard:
        if q.speaker is None or q.source is None or q.source.normal == q.speaker.normal:
            continue
        key = (ctx.section_index(q.start), q.speaker.normal)
        media.setdefault(key, set()).add(q.source.normal)
        found.setdefault(key, q.source)
    out = []
    for q in quotes:
        if q.source is None and q.speaker is not None:
            key = (ctx.section_index(q.start), q.speaker.normal)
            if len(media.get(key, ())) == 1:
                q = replace(q, source=found[key])
        out.append(q)
    return out


def _speaker(ctx: Context, cand: Candidate, state: State) -> Resolved | None:
    if cand.speaker is not None:
        return resolve(ctx, cand.speaker, state, cand.sentence, cand.gender)
    if cand.inherit:
        last = state.recent_speaker(cand.sentence, cand.gender)
        return last
    return None


def _quote(ctx: Context, cand: Candidate, resolved: Resolved | None, n: int, state: State) -> Quote:
    cue = None
    if cand.cue is not None:
        a, b = cand.cue
        start, stop = ctx.tokens[a].start, ctx.tokens[b - 1].stop
        lemma = " ".join(ctx.lemma(i) for i in range(a, b))
        cue = Cue(start, stop, ctx.text[start:stop], lemma)
    speaker: Mention | None = None
    if resolved is not None:
        m = resolved.mention
        if cand.inherit and cand.speaker is None:
            # implied speaker: not written here, so no offsets
            speaker = Mention(None, None, None, m.normal, m.type, m.cluster)
        else:
            speaker = m
    addressee = None
    if cand.addressee is not None:
        addressee = resolve(ctx, cand.addressee, state, cand.sentence, None).mention
        if cand.addressee.kind == "role":
            if speaker is not None and addressee.cluster == speaker.cluster:
                # "сказал Лавров коллеге": the colleague is the other one named last
                addressee = _other_person(ctx, cand, speaker, state)
            if addressee is not None and addressee.cluster is None:
                addressee = None  # a role nobody in the text was named as: not a name
    source: Source | None = None
    if cand.source is not None:
        medium = resolve(ctx, cand.source, state, cand.sentence, None).mention
        if medium.start is not None and medium.stop is not None:
            source = Source(medium.start, medium.stop, medium.text, medium.normal, "ORG")
    if source is None and cand.medium_speaker and speaker is not None and speaker.start is not None:
        source = Source(speaker.start, speaker.stop, speaker.text, speaker.normal, "ORG")
    if source is None:
        source = find_source(ctx, cand.sentence, (cand.start, cand.stop))
    # "Издание отмечает" after "газета Daily Mirror": the medium speaks and carries it
    if (
        source is None
        and speaker is not None
        and speaker.start is not None
        and is_medium(speaker.normal)
    ):
        source = Source(speaker.start, speaker.stop, speaker.text, speaker.normal, "ORG")
    if (
        source is not None
        and speaker is not None
        and speaker.normal == source.normal
        and not cand.medium_speaker
        and not is_medium(speaker.normal)
    ):
        source = None
    return Quote(
        id=f"q{n}",
        kind=cand.kind,
        start=cand.start,
        stop=cand.stop,
        text=ctx.text[cand.start : cand.stop],
        rule=cand.rule,
        cue=cue,
        speaker=speaker,
        addressee=addressee,
        source=source,
    )


def _other_person(ctx: Context, cand: Candidate, speaker: Mention, state: State) -> Mention | None:
    """The person named last before a quote's cue who is not its speaker."""
    assert cand.addressee is not None
    ref = cand.addressee
    before = ctx.tokens[ref.first].start
    best: Entity | None = None
    for entity in ctx.entities:
        if entity.start >= before:
            break
        if (
            entity.type == "PER"
            and entity.cluster != speaker.cluster
            and ctx.section_index(entity.start) == state.section
        ):
            best = entity
    if best is None:
        return None
    cluster = ctx.cluster_by_id.get(best.cluster or "")
    start, stop = ctx.tokens[ref.first].start, ctx.tokens[ref.stop - 1].stop
    name = cluster.name if cluster else best.normal
    return Mention(start, stop, ctx.text[start:stop], name, "PER", best.cluster)
