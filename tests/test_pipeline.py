"""The core pipeline end to end, on the sample article and on edge cases."""

from __future__ import annotations

import base64
import random
import warnings

import pytest

from newsnlp import Document, Pipeline
from newsnlp.document import iter_spans
from newsnlp.errors import DocumentError, InputError, NotTextError

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
    with pytest.raises(DocumentError) as info:
        list(nlp.pipe([42]))  # type: ignore[list-item]
    assert info.value.doc_id == "doc1" and isinstance(info.value.cause, InputError)
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


@pytest.mark.parametrize(
    ("value", "kind"),
    [(None, "NoneType"), (42, "int"), (b"\xd0\x9a", "bytes"), (["Путин"], "list"), (3.5, "float")],
)
def test_a_non_str_raises_type_error_naming_the_type(nlp, value, kind):
    with pytest.raises(TypeError, match=f"got {kind}"):
        nlp(value)  # type: ignore[arg-type]
    with pytest.raises(NotTextError):
        Pipeline()(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", " ", "\n\n\t", "\r\n\r\n", "\xa0\u3000\u2003", "\x0b\x0c"])
def test_empty_or_whitespace_gives_an_empty_document(nlp, text):
    doc = nlp(text, id="blank")
    assert (doc.id, doc.text) == ("blank", text)
    assert doc.sections == doc.sentences == doc.entities == doc.clusters == doc.quotes == ()
    assert doc.tokens == ()


def test_raise_keeps_every_document_before_the_failure(nlp):
    # "never lose a document": with on_error="raise" the documents before the bad one
    # are all yielded before the error, even within one batch.
    got = []
    with pytest.raises(DocumentError) as info:
        got.extend(d.id for d in nlp.pipe([("a", "Путин."), ("b", "Ким."), ("c", 7)]))
    assert got == ["a", "b"] and info.value.doc_id == "c"
    assert isinstance(info.value.cause, NotTextError)


def test_items_that_are_not_documents_are_reported_in_their_place(nlp):
    seen: list[DocumentError] = []
    items = ["Путин прибыл.", 42, {"id": "x"}, ("y", "Ким уехал.")]
    docs = list(nlp.pipe(items, on_error=seen.append, batch_size=2))  # type: ignore[arg-type]
    assert [d.id for d in docs] == ["doc1", "y"]
    assert [e.doc_id for e in seen] == ["doc2", "doc3"]
    assert all(isinstance(e.cause, InputError) and "E102" in str(e) for e in seen)


def test_a_failing_document_names_its_id_and_the_rest_goes_on(nlp, fragile_quotes):
    items = [("ok1", "Путин прибыл."), ("boom", "ВЗРЫВ. Ким уехал."), ("ok2", "Мир.")]
    assert [d.id for d in nlp.pipe(items, on_error="skip")] == ["ok1", "ok2"]
    with pytest.raises(DocumentError, match=r"'boom'.*rule broke") as info:
        list(nlp.pipe(items))
    assert info.value.doc_id == "boom" and isinstance(info.value.cause, RuntimeError)


def test_ner_reads_bounded_runs_with_the_same_result(sample_text, monkeypatch):
    # The tagger reads at most _TAG_TOKENS tokens at once, with margins of context: cut
    # into runs of 30 tokens, the sample article gives exactly the same entities.
    import newsnlp.pipeline

    whole = Pipeline(quotes=False)(sample_text)
    monkeypatch.setattr(newsnlp.pipeline, "_TAG_TOKENS", 30)
    runs: list[int] = []
    nlp = Pipeline(quotes=False)
    real = nlp._tagger.tag_tokens
    monkeypatch.setattr(
        nlp._tagger, "tag_tokens", lambda units: runs.extend(map(len, units)) or real(units)
    )
    cut = nlp(sample_text)
    assert max(runs) <= 30 + 2 * newsnlp.pipeline._TAG_MARGIN and len(runs) > 20
    assert cut.entities == whole.entities and cut.clusters == whole.clusters


def test_window_must_be_large_enough():
    with pytest.raises(InputError, match="window"):
        Pipeline(window=10)


def test_a_long_text_is_analysed_in_windows(nlp, sample_text, sample_doc):
    small = Pipeline(window=2_000, debug=True)
    doc = small(sample_text, id="kim-putin-vostochny")
    for where, start, stop, span_text in iter_spans(doc):
        if start is not None:
            assert sample_text[start:stop] == span_text, where
    # Segmentation and NER see the same text; only clusters and speakers are per window.
    assert doc.sections == sample_doc.sections and doc.sentences == sample_doc.sentences
    assert doc.tokens == sample_doc.tokens
    assert [(e.start, e.stop, e.type) for e in doc.entities] == [
        (e.start, e.stop, e.type) for e in sample_doc.entities
    ]
    # Ids run through the whole document; every reference resolves.
    assert [e.id for e in doc.entities] == [f"e{n}" for n in range(1, len(doc.entities) + 1)]
    assert [q.id for q in doc.quotes] == [f"q{n}" for n in range(1, len(doc.quotes) + 1)]
    assert [c.id for c in doc.clusters] == [f"c{n}" for n in range(1, len(doc.clusters) + 1)]
    mentions = [m for c in doc.clusters for m in c.mentions]
    assert sorted(mentions) == sorted(e.id for e in doc.entities)
    assert all(doc.cluster(e.cluster).type == e.type for e in doc.entities if e.cluster)
    for q in doc.quotes:
        for who in (q.speaker, q.addressee):
            if who is not None and who.cluster is not None:
                assert doc.cluster(who.cluster)
    # One name in one section is one cluster, whichever window mentions it.
    putin = [c for c in doc.clusters if c.name == "Владимир Путин"]
    assert len(putin) == 1 and len(putin[0].mentions) > 3
    speakers = [q.speaker.normal for q in doc.quotes if q.speaker]
    assert speakers.count("Ким Чен Ын") >= 8 and "Дмитрий Песков" in speakers
    trace_ids = [line.split()[0] for line in doc.trace if line.startswith("q")]
    assert trace_ids == [q.id for q in doc.quotes]
    assert Document.from_json(doc.to_jsonl()).as_json() == doc.as_json()


def test_a_short_text_is_one_window(nlp, sample_text, sample_doc):
    assert Pipeline(window=len(sample_text))(sample_text, id=sample_doc.id) == sample_doc


def ten_megabytes(article: str) -> str:
    """10 MB of scraped junk with real news in it: the sample article every ~110 KB
    between blocks of what scrapers leave (HTML, an inline image, zero-width and
    no-break spaces, NUL, a run with no space at all, stray surrogates, blank lines).
    Mostly noise so that the test stays cheap: real text costs about 15 s a megabyte
    (benchmarks/length.py measures that part)."""
    image = base64.b64encode(random.Random(6).randbytes(1_500)).decode()
    noise = "\n".join(
        [
            f'<div class="b-article__text"><p>&nbsp;</p><img src="data:image/png;base64,{image}">',
            "\u200b" * 3_000 + " " * 20_000 + "\xa0" * 5_000 + "е\u0301" * 500,
            "\x00" * 2_000 + "\t" * 10_000 + "\udcff\ud800 «„“\"''»",
            "x" * 20_000,
            " " * 30_000 + "\n" * 10_000,
        ]
    )
    unit = f"{article}\n\n{noise}\n\n"
    return (unit * (10_000_000 // len(unit) + 1))[:10_000_000]


def test_a_10_mb_text_finishes_with_exact_offsets(nlp, sample_text, monkeypatch):
    import newsnlp.pipeline

    text = ten_megabytes(sample_text)
    runs: list[int] = []
    real = nlp._tagger.tag_tokens
    monkeypatch.setattr(
        nlp._tagger, "tag_tokens", lambda units: runs.extend(map(len, units)) or real(units)
    )
    doc = nlp(text, id="big")
    assert doc.text is text and len(text) == 10_000_000
    # Memory stays bounded: the NER model never reads more than a run at once.
    assert max(runs) <= newsnlp.pipeline._TAG_TOKENS + 2 * newsnlp.pipeline._TAG_MARGIN
    # The whole text was read: the last copy of the article has its names too.
    copies = text.count("Ким Чен Ын заявил")
    assert copies > 80
    kim = [e for e in doc.entities if e.text == "Ким Чен Ын"]
    assert kim and kim[-1].start > text.rindex("Ким Чен Ын заявил") - 1
    assert len({q.start for q in doc.quotes if q.speaker and q.speaker.normal == "Джон Кирби"}) > 50
    count = 0
    for where, start, stop, span_text in iter_spans(doc):
        if start is not None:
            assert text[start:stop] == span_text, where
            count += 1
    assert count > 100_000
    assert len(doc.to_jsonl().encode("utf-8")) > 10_000_000


@pytest.mark.parametrize("one", ["abc", b"abc"])
def test_pipe_refuses_one_text(nlp, one):
    # issue 14.14: pipe("abc") gave three one-letter documents.
    with pytest.raises(InputError) as info:
        list(nlp.pipe(one))
    assert info.value.code == "E112" and "nlp(text)" in str(info.value)
