"""Document.from_json refuses tampered JSON with a coded SchemaError naming the JSON path
(issue 14, item 10): each row failed before the fix (a bare TypeError, or accepted)."""

from __future__ import annotations

import copy

import pytest

from newsnlp import Document
from newsnlp.errors import SchemaError


@pytest.fixture(scope="module")
def good(nlp):
    return nlp("«Мы готовы», — сказал Дмитрий Песков в Москве.", id="d1").as_json()


def _set(path, value):
    def tamper(data):
        *keys, last = path
        target = data
        for key in keys:
            target = target[key]
        if value is KeyError:
            del target[last]
        else:
            target[last] = value

    return tamper


CASES = [
    ("start as a string", _set(("entities", 0, "start"), "5"), "E204", "entities[0].start"),
    ("negative start", _set(("entities", 0, "start"), -1), "E204", "entities[0].start/stop"),
    ("past the end", _set(("quotes", 0, "stop"), 10_000), "E204", "quotes[0].start/stop"),
    ("start after stop", _set(("entities", 0, "stop"), 1), "E204", "entities[0].start/stop"),
    ("null offsets", _set(("entities", 0, "start"), None), "E204", "entities[0].start"),
    ("unknown quote kind", _set(("quotes", 0, "kind"), "rumour"), "E204", "quotes[0].kind"),
    ("unknown entity type", _set(("entities", 0, "type"), "GPE"), "E204", "entities[0].type"),
    ("unknown section kind", _set(("sections", 0, "kind"), "aside"), "E204", "sections[0].kind"),
    ("dangling cluster id", _set(("entities", 0, "cluster"), "c99"), "E205", "entities[0].cluster"),
    ("dangling mention id", _set(("clusters", 0, "mentions"), ["e99"]), "E205", "clusters[0]"),
    ("mentions as a string", _set(("clusters", 0, "mentions"), "e1e2"), "E204", "clusters[0]"),
    ("no meta", _set(("meta",), KeyError), "E201", "'meta'"),
    ("no entity text", _set(("entities", 0, "text"), KeyError), "E201", "entities[0]"),
    ("quotes not a list", _set(("quotes",), "q1"), "E204", "quotes"),
    ("bool offset", _set(("entities", 0, "stop"), True), "E204", "entities[0].stop"),
]


@pytest.mark.parametrize(("name", "tamper", "code", "path"), CASES, ids=[c[0] for c in CASES])
def test_tampered_json_raises_a_coded_schema_error(good, name, tamper, code, path):
    data = copy.deepcopy(good)
    tamper(data)
    with pytest.raises(SchemaError) as caught:
        Document.from_json(data)
    assert caught.value.code == code
    assert path in str(caught.value)


def test_untampered_json_reads_back(good):
    assert Document.from_json(copy.deepcopy(good)).as_json() == good


def test_an_implied_speaker_keeps_null_offsets(nlp):
    doc = nlp("«Мы готовы», — сказал Песков. «Мы начнём завтра».")
    data = doc.as_json()
    assert Document.from_json(data).as_json() == data
