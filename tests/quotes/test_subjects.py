"""quotes/subjects.py: the phrase that fits a cue verb as its speaker, on real sentences."""

from __future__ import annotations

from newsnlp.quotes.context import Context
from newsnlp.quotes.subjects import subject_left, subject_right


def _ctx(nlp, text):
    d = nlp(text)
    return Context(d.text, d.tokens, d.sentences, d.sections, d.entities, d.clusters)


def test_subject_left_agrees_with_the_verb(nlp):
    # "заявила" wants a woman: the man named nearer the verb is passed over
    ctx = _ctx(nlp, "Алла Бут и ее адвокат заявила журналистам о приговоре.")
    cue = next(i for i, t in enumerate(ctx.tokens) if t.text == "заявила")
    ref = subject_left(ctx, cue, 0, "femn")
    assert ref is not None and ref.entity is not None and ref.entity.normal == "Алла Бут"


def test_subject_right_takes_the_name_closing_two_roles(nlp):
    # NEREL train 28306: "подруга певицы и её коллега ... Ольга Орлова" is Орлова
    ctx = _ctx(
        nlp,
        "Певица Жанна Фриске родила первенца. О новости поведала подруга певицы и ее "
        "коллега по группе «Блестящие» Ольга Орлова: «Поздравляю!»",
    )
    cue = next(i for i, t in enumerate(ctx.tokens) if t.text == "поведала")
    colon = next(i for i, t in enumerate(ctx.tokens) if t.text == ":")
    ref = subject_right(ctx, cue, colon, "femn")
    assert ref is not None and ref.entity is not None and ref.entity.normal == "Ольга Орлова"
