"""quotes/phrases.py: the noun phrase a speaker is written as, table-driven on real
sentences (text | first token | kind, entity normal or None, role head or None)."""

from __future__ import annotations

import dataclasses

import pytest

from newsnlp.quotes.context import Context
from newsnlp.quotes.phrases import Ref, np_at


def _ctx(nlp, text):
    d = nlp(text)
    return Context(d.text, d.tokens, d.sentences, d.sections, d.entities, d.clusters)


PHRASES = [
    (
        "Пресс-секретарь Кремля Дмитрий Песков прибыл.",
        ("entity", "Дмитрий Песков", "пресс-секретарь"),
    ),
    ("Он прибыл в Москву.", ("pronoun", None, None)),
    ("Японская полиция сообщила об аресте.", ("role", None, "полиция")),
    ("Представитель Кремля не ответил.", ("role", None, "представитель")),
    ("Многие эксперты сомневаются.", ("role", None, "эксперт")),
    ("Агентство ТАСС сообщило об этом.", ("entity", "ТАСС", None)),
]


@pytest.mark.parametrize(("text", "expected"), PHRASES, ids=[p[0][:30] for p in PHRASES])
def test_np_at_reads_the_phrase(nlp, text, expected):
    ref = np_at(_ctx(nlp, text), 0, len(nlp(text).tokens))
    assert ref is not None
    assert (ref.kind, ref.entity.normal if ref.entity else None, ref.role_head) == expected


def test_a_group_is_a_plural_subject(nlp):
    ref = np_at(_ctx(nlp, "Все 29 аналитиков согласились."), 0, 5)
    assert (ref.kind, ref.number, ref.written_case) == ("role", "plur", "gent")


def test_refs_are_frozen(nlp):
    ref = np_at(_ctx(nlp, "Он прибыл."), 0, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.kind = "role"  # type: ignore[misc]
    assert isinstance(ref, Ref)
