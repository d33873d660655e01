"""Invariants that hold for any input text (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsnlp import Document
from newsnlp.document import iter_spans

# Russian news-like alphabet: letters, digits, every quote mark and dash the rules read.
ALPHABET = st.sampled_from(
    list("абвгдеёжзийклмнопрстуфхцчшщъыьэюя АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ")
    + list("0123456789.,:;!?-—–«»„“”\"'()\n\r\t")
)
WORDS = st.sampled_from(
    [
        "Путин",
        "Путину",
        "Ким",
        "Чен",
        "Ын",
        "заявил",
        "сказал",
        "что",
        "по словам",
        "ТАСС",
        'РИА "Новости"',
        "«",
        "»",
        '"',
        " - ",
        " — ",
        ":",
        ",",
        ".",
        "\n\n",
        "Похожие новости",
        "сообщает",
        "агентство",
        "Интерфакс",
        "Песков",
        "он",
        "она",
        "Москва",
        "13 мая 2023",
    ]
)
TEXTS = st.one_of(
    st.text(ALPHABET, max_size=300),
    st.lists(WORDS, max_size=60).map(" ".join),
    st.text(max_size=200),  # any unicode at all
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_gives_a_valid_document(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    for where, start, stop, span_text in iter_spans(doc):
        if start is None:
            continue
        assert 0 <= start <= stop <= len(text), where
        assert text[start:stop] == span_text, where
    for e in doc.entities:
        assert e.type in ("PER", "LOC", "ORG") and e.normal
    for q in doc.quotes:
        assert q.kind in ("direct", "indirect", "mixed") and q.rule
    assert Document.from_json(doc.to_jsonl()).as_json() == doc.as_json()


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=5))
def test_pipe_equals_call(nlp, texts):
    streamed = [d.as_json() for d in nlp.pipe(texts, batch_size=2)]
    single = [nlp(t, id=f"doc{i}").as_json() for i, t in enumerate(texts, 1)]
    assert streamed == single
