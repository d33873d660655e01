"""Seeded fuzz of the rule layer: random news-like texts, random entities.

The texts are built from the pieces attributions are made of (names, cues, every kind
of quote mark and dash, colons, media, paragraph breaks, teaser blocks) plus debris,
in random order, balanced or not. The entities are random spans of the text's tokens,
so the rules meet entities wherever they may fall, not only where the NER model puts
them; a second pass runs the whole pipeline. The seed is fixed: a failure names its
case number and reproduces exactly (``pytest tests/quotes/test_fuzz.py -k 17``).
"""

from __future__ import annotations

import random

import pytest

from newsnlp.entities import build_entities
from newsnlp.quotes import find_quotes
from newsnlp.quotes.rules import RULE_NAMES
from newsnlp.segment import layout, sentences, tokenize_sentences

from ..conftest import assert_valid_document

SEED = 20_230_913
CASES = 200
PIPELINE_CASES = 40

SPEAKERS = [
    "Путин",
    "Владимир Путин",
    "Путину",
    "Ким Чен Ын",
    "Кима",
    "пресс-секретарь Кремля Дмитрий Песков",
    "Песков",
    "он",
    "она",
    "они",
    "министр",
    "северокорейский лидер",
    "представитель МИД России",
    "агентство ТАСС",
    'РИА "Новости"',
    "«Интерфакс»",
    "New York Times",
    "Зеленський",
]
CUES = [
    "сказал",
    "заявил",
    "заявила",
    "отметил",
    "сообщил",
    "сообщает",
    "пишет",
    "подчеркнул",
    "ответил",
    "добавила",
    "пообещал",
    "считает",
    "по словам",
    "по данным",
    "как сообщил",
    "передает",
    "об этом сообщает",
]
CLAUSES = [
    "Россия встала на защиту своего суверенитета",
    "время пришло",
    "мы будем говорить на все темы",
    "подписания документов не ожидается",
    "визит прошёл успешно",
    "Ми готові до переговорів",
    "we are ready",
]
MARKS = ["«", "»", "„", "“", "”", '"', "'", "‹", "›"]
PUNCT = [", — ", " — ", " - ", ": ", ", ", ". ", "! ", "? ", "... ", " – ", ",", "—"]
DEBRIS = ["\u200b", "\xa0", "\x00", "е\u0301", "&nbsp;", "<p>", "\ud800", "\n", "\n\n", "\r\n"]
BLOCKS = ["\n\nПохожие новости\n\n", "\n\n13 сентября 2023, 16:30 В мире\n\n", "\n\n— "]


def news_text(rng: random.Random) -> str:
    """A random text of attribution pieces: mostly in the orders news uses, sometimes
    shuffled, with stray marks and debris."""
    out: list[str] = []
    for _ in range(rng.randint(1, 12)):
        speaker, cue, clause = rng.choice(SPEAKERS), rng.choice(CUES), rng.choice(CLAUSES)
        open_mark, close_mark = rng.choice([("«", "»"), ("„", "“"), ('"', '"'), ("“", "”")])
        pattern = rng.choice(
            [
                [open_mark, clause, close_mark, ", — ", cue, " ", speaker, ". "],
                [speaker, " ", cue, ": ", open_mark, clause, close_mark, ". "],
                [speaker, " ", cue, ", что ", clause, ". "],
                [cue.capitalize(), " ", speaker, ", ", clause, ". "],
                ["— ", clause.capitalize(), ", — ", cue, " ", speaker, ". "],
                [clause.capitalize(), ", ", cue, " ", speaker, ". "],
            ]
        )
        if rng.random() < 0.3:
            rng.shuffle(pattern)
        if rng.random() < 0.3:  # an unbalanced or foreign mark
            pattern.insert(rng.randrange(len(pattern) + 1), rng.choice(MARKS))
        if rng.random() < 0.2:
            pattern.insert(rng.randrange(len(pattern) + 1), rng.choice(PUNCT))
        if rng.random() < 0.2:
            pattern.insert(rng.randrange(len(pattern) + 1), rng.choice(DEBRIS))
        out.extend(pattern)
        if rng.random() < 0.15:
            out.append(rng.choice(BLOCKS))
        elif rng.random() < 0.3:
            out.append("\n\n")
    return "".join(out)


def random_entities(rng: random.Random, tokens) -> list[tuple[int, int, str]]:
    """Raw NER spans anywhere over the tokens: names, punctuation, across sentences."""
    spans = []
    i = 0
    while i < len(tokens):
        if rng.random() < 0.25:
            j = min(len(tokens), i + rng.randint(1, 3))
            spans.append((tokens[i].start, tokens[j - 1].stop, rng.choice(["PER", "ORG", "LOC"])))
            i = j
        i += 1
    return spans


def check_quotes(text, sections, clusters, quotes, trace):
    cluster_ids = {c.id for c in clusters}
    assert [q.id for q in quotes] == [f"q{n}" for n in range(1, len(quotes) + 1)]
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    for q in quotes:
        assert q.rule in RULE_NAMES and q.kind in ("direct", "indirect", "mixed")
        assert 0 <= q.start < q.stop <= len(text) and text[q.start : q.stop] == q.text
        inside = [s for s in sections if s.start <= q.start and q.stop <= s.stop]
        assert len(inside) == 1, "a quote never crosses a section"
        for part in (q.cue, q.speaker, q.addressee, q.source):
            if part is not None and part.start is not None:
                assert text[part.start : part.stop] == part.text
        for who in (q.speaker, q.addressee):
            assert who is None or who.cluster is None or who.cluster in cluster_ids
    for a in quotes:
        for b in quotes:
            if a is not b and a.start < b.stop and b.start < a.stop:
                # only a report nested in someone's quoted words may overlap
                outer, inner = (a, b) if a.stop - a.start > b.stop - b.start else (b, a)
                assert outer.kind == "direct" and inner.kind != "direct"
                assert outer.start <= inner.start and inner.stop <= outer.stop
    written = [line.split()[0] for line in trace if line.startswith("q")]
    assert written == [q.id for q in quotes]


@pytest.mark.parametrize("case", range(CASES))
def test_rule_layer_on_random_texts_and_entities(case):
    rng = random.Random(SEED + case)
    text = news_text(rng)
    _, sections = layout(text)
    sents = tuple(sentences(text, sections))
    tokens = tuple(tokenize_sentences(text, sents)) if sents else ()
    entities, clusters = build_entities(text, tokens, sections, random_entities(rng, tokens))
    for e in entities:
        assert text[e.start : e.stop] == e.text
    trace: list[str] = []
    quotes = find_quotes(text, tokens, sents, sections, entities, clusters, trace=trace)
    check_quotes(text, sections, clusters, quotes, trace)
    again = find_quotes(text, tokens, sents, sections, entities, clusters)
    assert again == quotes  # deterministic


def test_fuzz_texts_exercise_the_rules(debug_nlp):
    # The generator is worth its name only if the rules fire on what it makes.
    rules = set()
    for case in range(PIPELINE_CASES):
        text = news_text(random.Random(SEED + case))
        doc = debug_nlp(text, id=f"fuzz{case}")
        assert_valid_document(doc, text)
        check_quotes(text, doc.sections, doc.clusters, doc.quotes, doc.trace)
        rules |= {q.rule for q in doc.quotes}
    assert len(rules) >= 6, rules
