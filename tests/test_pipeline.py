"""The core pipeline end to end, on the sample article and on edge cases."""

from __future__ import annotations

import warnings

import pytest

from newsnlp import Document, Pipeline
from newsnlp.errors import DocumentError, InputError

from .conftest import SAMPLE_NAMES


def by_normal(doc, normal):
    return [e for e in doc.entities if e.normal == normal]


def test_sample_entities_are_normalised(sample_doc):
    normals = {e.normal for e in sample_doc.entities}
    for name in [*SAMPLE_NAMES, "РИА Новости", "Reuters", "New York Times"]:
        assert name in normals, name
    assert "Ким Путин" not in normals
    assert not [e for e in sample_doc.entities if e.text == "Ким Путину"]


def test_sample_exact_offsets(sample_doc, sample_text):
    expected = {
        (149, 159, "PER", "Ким Чен Ын"),
        (179, 193, "PER", "Владимир Путин"),
        (286, 290, "ORG", "ТАСС"),
        (788, 791, "PER", "Ким"),
        (792, 798, "PER", "Путину"),
        (820, 829, "ORG", "Интерфакс"),
        (1610, 1623, "ORG", 'РИА "Новости"'),
        (2023, 2038, "PER", "Дмитрия Пескова"),
        (4289, 4299, "PER", "Джон Кирби"),
    }
    found = {(e.start, e.stop, e.type, e.text) for e in sample_doc.entities}
    assert expected <= found
    for e in sample_doc.entities:
        assert sample_text[e.start : e.stop] == e.text


def test_sample_clusters(sample_doc):
    putin = sample_doc.cluster(by_normal(sample_doc, "Владимир Путин")[0].cluster)
    kim = sample_doc.cluster(by_normal(sample_doc, "Ким Чен Ын")[0].cluster)
    peskov = sample_doc.cluster(by_normal(sample_doc, "Дмитрий Песков")[0].cluster)
    texts = lambda c: {sample_doc.entity(m).text for m in c.mentions}  # noqa: E731
    assert putin.name == "Владимир Путин" and {"Путин", "Путина", "Путину", "Путиным"} <= texts(
        putin
    )
    assert kim.name == "Ким Чен Ын" and {"Ким", "Кима", "Ким Чен Ын"} <= texts(kim)
    assert peskov.name == "Дмитрий Песков" and {"Песков"} <= texts(peskov)
    assert "лидер Северной Кореи" in kim.roles
    assert "президент России" in putin.roles
    assert "пресс-секретарь Кремля" in peskov.roles


def test_teasers_have_their_own_clusters(sample_doc):
    body = next(s for s in sample_doc.sections if s.kind == "body")
    putin_clusters = {
        e.cluster for e in sample_doc.entities if e.normal.endswith("Путин") and e.start < body.stop
    }
    assert len(putin_clusters) == 1
    zelensky = by_normal(sample_doc, "Владимир Зеленский")[0]
    assert sample_doc.section_at(zelensky.start).kind == "related"
    assert zelensky.cluster not in putin_clusters


@pytest.mark.parametrize("text", ["", "   \n\n ", "!!!", "12345", "a" * 5, "Путин"])
def test_degenerate_texts(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    Document.from_json(doc.to_jsonl())


def test_crlf_text_keeps_offsets(nlp):
    text = "Владимир Путин прибыл в Москву.\r\n\r\nДмитрий Песков сказал, что всё хорошо.\r\n"
    doc = nlp(text)
    assert [e.text for e in doc.entities] == ["Владимир Путин", "Москву", "Дмитрий Песков"]
    for e in doc.entities:
        assert text[e.start : e.stop] == e.text


def test_pipe_matches_single_calls_and_keeps_order(nlp, sample_text):
    texts = ["Путин прибыл в Москву.", sample_text, "", "Ким уехал из России."]
    streamed = list(nlp.pipe(texts, batch_size=3))
    assert [d.id for d in streamed] == ["doc1", "doc2", "doc3", "doc4"]
    for text, doc in zip(texts, streamed, strict=True):
        assert doc.as_json()["entities"] == nlp(text).as_json()["entities"]


def test_pipe_accepts_pairs_and_dicts(nlp):
    docs = list(nlp.pipe([("a", "Путин."), {"id": "b", "text": "Ким."}, {"text": "Мир."}]))
    assert [d.id for d in docs] == ["a", "b", "doc3"]


def test_pipe_is_lazy(nlp):
    def endless():
        n = 0
        while True:
            n += 1
            yield f"Путин приехал в {n}-й раз."

    stream = nlp.pipe(endless(), batch_size=2)
    assert next(stream).id == "doc1"


def test_bad_input_raises_with_a_fix(nlp):
    with pytest.raises(InputError, match="decode"):
        nlp(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        list(nlp.pipe([42]))  # type: ignore[list-item]
    with pytest.raises(InputError):
        Pipeline(batch_size=0)
    with pytest.raises(InputError):
        list(nlp.pipe(["x"], on_error="ignore"))


def test_on_error_modes(nlp):
    items = [("ok1", "Путин."), ("bad", None), ("ok2", "Ким.")]
    with pytest.raises(DocumentError) as info:
        list(nlp.pipe(items))
    assert info.value.doc_id == "bad"
    assert [d.id for d in nlp.pipe(items, on_error="skip")] == ["ok1", "ok2"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert [d.id for d in nlp.pipe(items, on_error="warn")] == ["ok1", "ok2"]
    assert any("bad" in str(w.message) for w in caught)
    seen = []
    assert [d.id for d in nlp.pipe(items, on_error=seen.append)] == ["ok1", "ok2"]
    assert [e.doc_id for e in seen] == ["bad"]


def test_models_are_shared():
    assert Pipeline()._tagger is Pipeline()._tagger


def test_letters_pymorphy_cannot_name_do_not_break_a_document(nlp):
    # Found by hypothesis: pymorphy3 raised on U+17000 (Tangut).
    doc = nlp("Путин \U00017000 сказал.")
    assert doc.text == "Путин \U00017000 сказал."
