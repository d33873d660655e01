"""Records and the JSON contract (SCHEMA.md)."""

from __future__ import annotations

import json

import pytest

from newsnlp import Document
from newsnlp.document import iter_spans
from newsnlp.errors import SchemaError

TOP_KEYS = ["id", "text", "meta", "sections", "sentences", "entities", "clusters", "quotes"]
ENTITY_KEYS = ["id", "start", "stop", "type", "text", "normal", "cluster"]
CLUSTER_KEYS = ["id", "type", "name", "mentions", "roles"]
QUOTE_KEYS = [
    "id",
    "kind",
    "start",
    "stop",
    "text",
    "rule",
    "cue",
    "speaker",
    "addressee",
    "source",
]
MENTION_KEYS = ["start", "stop", "text", "normal", "type", "cluster"]
SOURCE_KEYS = ["start", "stop", "text", "normal", "type"]
CUE_KEYS = ["start", "stop", "text", "lemma"]


def test_json_has_exactly_the_contract_keys(sample_doc):
    data = sample_doc.as_json()
    assert list(data) == TOP_KEYS
    assert list(data["meta"]) == ["date", "rubric", "title"]
    assert all(list(s) == ["start", "stop", "kind"] for s in data["sections"])
    assert all(list(s) == ["start", "stop"] for s in data["sentences"])
    assert data["entities"] and all(list(e) == ENTITY_KEYS for e in data["entities"])
    assert data["clusters"] and all(list(c) == CLUSTER_KEYS for c in data["clusters"])
    for q in data["quotes"]:
        assert list(q) == QUOTE_KEYS
        for key, keys in (
            ("cue", CUE_KEYS),
            ("speaker", MENTION_KEYS),
            ("addressee", MENTION_KEYS),
            ("source", SOURCE_KEYS),
        ):
            assert q[key] is None or list(q[key]) == keys


def test_json_round_trip_is_lossless(sample_doc):
    line = sample_doc.to_jsonl()
    back = Document.from_json(line)
    assert back.as_json() == sample_doc.as_json()
    assert json.loads(line) == sample_doc.as_json()
    # tokens are not in the contract; they come back by re-tokenizing
    assert [t.text for t in back.tokens] == [t.text for t in sample_doc.tokens]


def test_every_offset_gives_its_text(sample_doc):
    for where, start, stop, text in iter_spans(sample_doc):
        assert sample_doc.text[start:stop] == text, where


def test_ids_link_entities_and_clusters(sample_doc):
    cluster_ids = {c.id for c in sample_doc.clusters}
    entity_ids = {e.id for e in sample_doc.entities}
    assert all(e.cluster in cluster_ids for e in sample_doc.entities)
    mentions = [m for c in sample_doc.clusters for m in c.mentions]
    assert sorted(mentions) == sorted(entity_ids)  # every entity in exactly one cluster


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("not json", "E203"),
        ("[1, 2]", "E203"),
        ({"id": "d"}, "E201"),
        (
            {
                "id": "d",
                "text": "abc",
                "meta": None,
                "sections": [],
                "sentences": [],
                "entities": [
                    {
                        "id": "e1",
                        "start": 0,
                        "stop": 2,
                        "type": "PER",
                        "text": "xx",
                        "normal": "x",
                        "cluster": None,
                    }
                ],
                "clusters": [],
                "quotes": [],
            },
            "E202",
        ),
        (
            {
                "text": "abc",
                "meta": None,
                "sections": [],
                "sentences": [],
                "entities": [],
                "clusters": [],
                "quotes": [],
            },
            "E201",
        ),
    ],
)
def test_from_json_rejects_bad_input_with_a_fix(data, code):
    with pytest.raises(SchemaError) as info:
        Document.from_json(data)
    assert info.value.code == code
    assert code in str(info.value)


def test_records_are_frozen(sample_doc):
    with pytest.raises(AttributeError):
        sample_doc.entities[0].start = 5  # type: ignore[misc]


def test_lookups(sample_doc):
    first = sample_doc.entities[0]
    assert sample_doc.entity(first.id) == first
    assert sample_doc.cluster(first.cluster).id == first.cluster
    assert sample_doc.section_at(first.start).kind == "body"
    with pytest.raises(KeyError):
        sample_doc.entity("nope")


# text | what the JSON line holds for it
SURROGATE_CASES = [
    ("Путин\ud800сказал", "Путин\\ud800сказал"),
    ("\udce9\udcf0", "\\udce9\\udcf0"),  # bytes decoded with errors="surrogateescape"
    ("«Да» \x00 \u200b е\u0301", "«Да» \\u0000 \u200b е\u0301"),  # only surrogates escaped
]


@pytest.mark.parametrize(("text", "written"), SURROGATE_CASES)
def test_jsonl_line_always_encodes_and_reads_back(nlp, text, written, tmp_path):
    doc = nlp(text, id="s")
    line = doc.to_jsonl()
    assert f'"text": "{written}"' in line
    path = tmp_path / "out.jsonl"
    path.write_text(line + "\n", encoding="utf-8")  # a lone surrogate would raise here
    back = Document.from_json(path.read_text(encoding="utf-8"))
    assert back.text == text and back.as_json() == doc.as_json()


def test_a_surrogate_pair_reads_back_as_its_character():
    # JSON cannot tell a high and a low surrogate from the character they encode.
    line = Document(id="p", text="\ud83d\ude00").to_jsonl()
    assert line.isascii() and json.loads(line)["text"] == "😀"


def test_from_json_a_number_over_the_digit_limit_is_a_schema_error():
    # issue 14.4: json.loads raises a bare ValueError for an integer over 4300 digits.
    data = '{"id": "d", "text": "Да.", "n": ' + "7" * 5000 + "}"
    with pytest.raises(SchemaError) as info:
        Document.from_json(data)
    assert info.value.code == "E203" and "digits" in str(info.value)
