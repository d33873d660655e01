"""Medium rules: a medium's own report (``..., сообщает агентство ТАСС``) and ``Об этом
сообщает X``, which gives the sentence before to X.

Пример::

    >>> from newsnlp import Pipeline
    >>> doc = Pipeline()("Встреча прошла в конструктивном ключе, сообщает агентство ТАСС.")
    >>> [(q.rule, q.speaker.normal, q.source.normal) for q in doc.quotes]
    [('medium_report', 'ТАСС', 'ТАСС')]
"""

from __future__ import annotations

from collections.abc import Iterator

from .candidate import Candidate
from .clauses import classify, cue_after, cued, is_refusal, speaker_after, words_in
from .context import Context
from .subjects import is_medium_ref, subject_left, subject_right


def medium_report(ctx: Context) -> Iterator[Candidate]:
    """..., сообщает агентство ТАСС: a medium's own report

    ``..., сообщает агентство ТАСС.``: a medium's own report; speaker and source are
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
            if start >= stop or words_in(ctx, start, stop) < 3 or is_refusal(ctx, start, stop):
                continue
            yield cued(ctx, (kind, start, stop), i, speaker, si, gender=gender, medium=True)


def about_this(ctx: Context) -> Iterator[Candidate]:
    """Об этом сообщает X: the sentence before is X's

    ``Об этом сообщает ТАСС.`` points back at the sentence before: that statement is
    the reporter's (optional in gold, ANNOTATION.md)."""
    for si, (a, b) in enumerate(ctx.sent_ranges):
        words = [t.text.lower() for t in ctx.tokens[a : min(b, a + 2)]]
        if words != ["об", "этом"] or si == 0:
            continue
        cue = cue_after(ctx, a + 2, b, "speech", "report")
        if cue is None:
            continue
        if ctx.sent_section[si - 1] != ctx.sent_section[si]:
            continue
        gender = ctx.verb_gender(cue)
        speaker = speaker_after(ctx, cue, b, gender) or subject_left(ctx, cue, a + 2, gender)
        if speaker is None:
            continue
        pa, pb = ctx.sent_ranges[si - 1]
        kind, start, stop = classify(ctx, ctx.tokens[pa].start, ctx.tokens[pb - 1].stop)
        if start >= stop:
            continue
        yield cued(
            ctx,
            (kind, start, stop),
            cue,
            speaker,
            si - 1,
            gender=gender,
            medium=True,
            optional=True,
        )


# Named by the functions themselves, in the order they run (rules.RULES).
__all__ = [rule.__name__ for rule in (medium_report, about_this)]
