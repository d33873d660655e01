"""newsnlp.integrations.spacy: the ``newsnlp`` spaCy component."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from importlib import metadata

import pytest

from newsnlp import Cluster, Cue, Document, Entity, Mention, Quote, Source
from newsnlp.errors import InputError

from ..conftest import ROOT, SAMPLE

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc, Span  # noqa: E402

from newsnlp.integrations import spacy as nn_spacy  # noqa: E402

# The issue's own snippet, in a fresh interpreter: the factory must come from the
# entry point alone, with no newsnlp import.
SNIPPET = f"""
import json, spacy
nlp = spacy.blank("ru")
nlp.add_pipe("newsnlp")
doc = nlp(open({str(SAMPLE)!r}, encoding="utf-8").read())
print(json.dumps({{
    "quotes": len(doc.spans["quotes"]),
    "labels": sorted({{e.label_ for e in doc.ents}}),
    "speakers": [s._.speaker for s in doc._.quotes],
}}))
"""


def test_entry_point_is_declared():
    found = {ep.name: ep.value for ep in metadata.entry_points(group="spacy_factories")}
    assert found.get("newsnlp") == "newsnlp.integrations.spacy:make_newsnlp"


def test_issue_snippet_works_without_importing_newsnlp():
    run = subprocess.run(
        [sys.executable, "-c", SNIPPET],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["quotes"] >= 10
    assert "PER" in out["labels"]
    assert "Ким Чен Ын" in out["speakers"]


def test_sample_article_gives_quotes_and_people(spacy_sample, sample_doc):
    quotes = spacy_sample.spans["quotes"]
    assert len(quotes) >= 10
    assert len(quotes) == len(sample_doc.quotes)
    assert {e.label_ for e in spacy_sample.ents} == {"PER", "LOC", "ORG"}
    people = {e.text for e in spacy_sample.ents if e.label_ == "PER"}
    assert {"Ким Чен Ын", "Владимир Путин"} <= people
    assert {s.label_ for s in quotes} <= {"direct", "indirect", "mixed"}


def test_spans_expand_to_cover_every_character(spacy_sample, sample_doc):
    for span, quote in zip(spacy_sample.spans["quotes"], sample_doc.quotes, strict=True):
        assert span.start_char <= quote.start and quote.stop <= span.end_char
        # expand, not a wider guess: the first and last tokens touch the quote.
        assert span[0].idx + len(span[0]) > quote.start
        assert span[-1].idx < quote.stop
        assert span.label_ == quote.kind


def test_char_span_alignment_is_expand():
    # Offsets inside a spaCy token ("сё" of "всё") widen to the whole token.
    text = "Путин заявил, что всё хорошо."
    quote = Quote("q1", "indirect", 19, 28, text[19:28], "indirect_that")
    # the speaker's and addressee's clusters exist: the contract keeps ids pointing somewhere
    clusters = (Cluster("c1", "PER", "Дмитрий Песков"), Cluster("c2", "PER", "Ким Чен Ын"))
    doc = nn_spacy.to_spacy(Document(id="d", text=text, quotes=(quote,), clusters=clusters))
    (span,) = doc.spans["quotes"]
    assert span.text == "всё хорошо"
    assert span._.quote == quote


def test_nested_entities_keep_the_longest(spacy_nlp):
    text = "МЧС России сообщило."
    entities = (
        Entity("e1", 0, 10, "ORG", "МЧС России", "МЧС России", "c1"),
        Entity("e2", 4, 10, "LOC", "России", "Россия", "c2"),
    )
    clusters = (
        Cluster("c1", "ORG", "МЧС России", ("e1",)),
        Cluster("c2", "LOC", "Россия", ("e2",)),
    )
    doc = nn_spacy.to_spacy(
        Document(id="d", text=text, entities=entities, clusters=clusters), spacy_nlp
    )
    assert [(e.text, e.label_) for e in doc.ents] == [("МЧС России", "ORG")]
    assert doc.ents[0]._.normal == "МЧС России"


def test_extensions_read_the_newsnlp_records(spacy_sample, sample_doc):
    assert isinstance(spacy_sample._.newsnlp, Document)
    assert spacy_sample._.newsnlp.quotes == sample_doc.quotes
    assert spacy_sample._.quotes == list(spacy_sample.spans["quotes"])
    for span, quote in zip(spacy_sample._.quotes, sample_doc.quotes, strict=True):
        assert span._.quote == quote
        assert span._.speaker == (quote.speaker.normal if quote.speaker else None)
        assert span._.addressee == (quote.addressee.normal if quote.addressee else None)
        assert span._.source == (quote.source.normal if quote.source else None)
        assert span._.rule == quote.rule
    assert any(s._.addressee == "Владимир Путин" for s in spacy_sample._.quotes)
    assert any(s._.source for s in spacy_sample._.quotes)
    normals = {e._.normal for e in spacy_sample.ents if e.label_ == "PER"}
    assert "Путин" in normals or "Владимир Путин" in normals


def test_extensions_are_empty_where_newsnlp_did_not_run(spacy_nlp, spacy_sample):
    plain = spacy_nlp.make_doc("Просто текст.")
    assert plain._.newsnlp is None
    assert plain._.quotes == []
    assert plain[0:1]._.speaker is None
    # A span that is not a quote of this doc has no quote data.
    assert spacy_sample[0:1]._.quote is None
    assert spacy_sample[0:1]._.rule is None


class _Recording:
    """Stands in for spacy.tokens.Doc / Span (Cython types cannot be patched) and
    records every set_extension call."""

    def __init__(self, cls, calls):
        self._cls = cls
        self._calls = calls

    def set_extension(self, name, **kwargs):
        self._calls.append((name, kwargs))
        return self._cls.set_extension(name, **kwargs)

    def __getattr__(self, attr):
        return getattr(self._cls, attr)


def test_extensions_are_registered_without_force_and_leave_others_alone(monkeypatch):
    calls: list = []
    monkeypatch.setattr(spacy.tokens, "Doc", _Recording(Doc, calls))
    monkeypatch.setattr(spacy.tokens, "Span", _Recording(Span, calls))
    saved = {name: Span.get_extension(name) for name in ("speaker", "rule")}
    for name in saved:
        Span.remove_extension(name)
    try:
        # Another package took Span._.speaker first: newsnlp must leave it alone.
        Span.set_extension("speaker", default="foreign")
        with pytest.warns(RuntimeWarning, match=r"Span\._\.speaker is already registered"):
            owned = nn_spacy.register_extensions()
        assert "Span._.speaker" not in owned
        assert "Span._.rule" in owned
        assert Span.get_extension("speaker")[0] == "foreign"
        assert [name for name, _ in calls] == ["rule"]
        assert all("force" not in kwargs for _, kwargs in calls)
    finally:
        for name, (_, _, getter, _) in saved.items():
            if Span.has_extension(name):
                Span.remove_extension(name)
            Span.set_extension(name, getter=getter)
    assert "Span._.speaker" in nn_spacy.register_extensions()


def test_register_extensions_twice_is_silent(recwarn):
    first = nn_spacy.register_extensions()
    assert nn_spacy.register_extensions() == first
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_n_process_2(spacy_nlp, sample_text):
    texts = [sample_text, "Погода хорошая.", sample_text[:3000]]
    single = [spacy_nlp(t) for t in texts]
    multi = list(spacy_nlp.pipe(texts, n_process=2, batch_size=1))
    assert [d.text for d in multi] == texts
    for one, many in zip(single, multi, strict=True):
        assert [(s.start, s.end, s.label_) for s in many.spans["quotes"]] == [
            (s.start, s.end, s.label_) for s in one.spans["quotes"]
        ]
        assert [(e.start, e.end, e.label_) for e in many.ents] == [
            (e.start, e.end, e.label_) for e in one.ents
        ]
        assert [s._.speaker for s in many._.quotes] == [s._.speaker for s in one._.quotes]
    assert len(multi[0].spans["quotes"]) >= 10


def test_pipe_batches_like_single_calls(spacy_nlp, sample_text):
    texts = [sample_text[:2500], "Ким уехал.", sample_text]
    piped = list(spacy_nlp.pipe(texts, batch_size=2))
    for text, doc in zip(texts, piped, strict=True):
        one = spacy_nlp(text)
        assert [s.text for s in doc._.quotes] == [s.text for s in one._.quotes]


def test_component_pickles_without_its_models(spacy_nlp, sample_text):
    component = spacy_nlp.get_pipe("newsnlp")
    assert component.pipeline is not None  # models loaded in this process
    data = pickle.dumps(component)
    assert len(data) < 10_000
    clone = pickle.loads(data)
    assert clone._pipeline is None
    doc = clone(spacy_nlp.make_doc(sample_text[:1500]))
    assert doc._.newsnlp is not None
    getters = [Span.get_extension(n)[2] for n in ("speaker", "source", "quote")]
    assert pickle.loads(pickle.dumps(getters)) == getters


def test_doc_bytes_round_trip_keeps_everything(spacy_nlp, spacy_sample):
    back = Doc(spacy_nlp.vocab).from_bytes(spacy_sample.to_bytes())
    assert [s.text for s in back._.quotes] == [s.text for s in spacy_sample._.quotes]
    assert [s._.speaker for s in back._.quotes] == [s._.speaker for s in spacy_sample._.quotes]
    assert back._.newsnlp == spacy_sample._.newsnlp


def test_overwrite_ents_false_keeps_existing_entities():
    nlp = spacy.blank("ru")
    text = "Дмитрий Песков прибыл в Москву."
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(0, 14, label="PERSON")]
    document = Document(
        id="d",
        text=text,
        entities=(
            Entity("e1", 8, 14, "PER", "Песков", "Песков", "c1"),
            Entity("e2", 24, 30, "LOC", "Москву", "Москва", "c2"),
        ),
    )
    nn_spacy.set_annotations(doc, document, overwrite_ents=False)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Дмитрий Песков", "PERSON"),
        ("Москву", "LOC"),
    ]


def test_config_reaches_the_component():
    nlp = spacy.blank("ru")
    component = nlp.add_pipe("newsnlp", config={"batch_size": 4, "overwrite_ents": False})
    assert (component.batch_size, component.overwrite_ents) == (4, False)
    with pytest.raises(InputError, match="batch_size"):
        nn_spacy.NewsnlpComponent(nlp, batch_size=0)


def test_set_annotations_refuses_another_text(spacy_nlp):
    with pytest.raises(InputError, match="to_spacy"):
        nn_spacy.set_annotations(spacy_nlp.make_doc("Один."), Document(id="d", text="Два."))


def test_to_spacy_carries_every_part_of_a_quote():
    text = "«Мы готовы», – сказал Песков Киму, сообщает ТАСС."
    quote = Quote(
        "q1",
        "direct",
        1,
        10,
        "Мы готовы",
        "direct_dash_after",
        cue=Cue(15, 21, "сказал", "сказать"),
        speaker=Mention(22, 28, "Песков", "Дмитрий Песков", "PER", "c1"),
        addressee=Mention(29, 33, "Киму", "Ким Чен Ын", "PER", "c2"),
        source=Source(44, 48, "ТАСС", "ТАСС", "ORG"),
    )
    # the speaker's and addressee's clusters exist: the contract keeps ids pointing somewhere
    clusters = (Cluster("c1", "PER", "Дмитрий Песков"), Cluster("c2", "PER", "Ким Чен Ын"))
    doc = nn_spacy.to_spacy(Document(id="d", text=text, quotes=(quote,), clusters=clusters))
    (span,) = doc._.quotes
    assert (span.text, span.label_) == ("Мы готовы", "direct")
    assert (span._.speaker, span._.addressee, span._.source) == (
        "Дмитрий Песков",
        "Ким Чен Ын",
        "ТАСС",
    )
    assert span._.rule == "direct_dash_after"
