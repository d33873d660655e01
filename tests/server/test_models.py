"""The OpenAPI models match the JSON contract: SCHEMA.md's example and the library's output."""

from __future__ import annotations

import json
import re

import pytest

from ..conftest import ROOT

pytest.importorskip("pydantic")
from pydantic import ValidationError

from newsnlp.server.models import (
    BatchRequest,
    DocumentFailure,
    DocumentJSON,
    QuoteJSON,
    TextRequest,
)


def schema_example() -> dict:
    page = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", page, re.S)
    assert block is not None
    return json.loads(block.group(1))


def test_the_contract_example_is_a_document():
    DocumentJSON.model_validate(schema_example())


def test_library_output_round_trips_through_the_models_unchanged(sample_doc):
    data = sample_doc.as_json()
    # every key of the contract, no more, no less, and no value coerced on the way
    assert DocumentJSON.model_validate(data).model_dump() == data
    assert any(q["addressee"] for q in data["quotes"]) and any(q["source"] for q in data["quotes"])


def _quote() -> dict:
    return schema_example()["quotes"][0]


MUTATIONS = [
    ("extra key", lambda q: q.update(confidence=0.9)),
    ("missing key", lambda q: q.pop("rule")),
    ("unknown kind", lambda q: q.update(kind="paraphrase")),
    ("extra key inside", lambda q: q["speaker"].update(gender="m")),
]


@pytest.mark.parametrize("mutate", [m[1] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS])
def test_a_quote_off_the_contract_is_refused(mutate):
    quote = _quote()
    QuoteJSON.model_validate(quote)
    mutate(quote)
    with pytest.raises(ValidationError):
        QuoteJSON.model_validate(quote)


REQUESTS = [
    ({"text": "Да."}, TextRequest, None),
    ({"text": "Да.", "id": 12}, TextRequest, "12"),
    ({"documents": [{"id": "a", "text": "Да.", "url": "ignored"}]}, BatchRequest, "a"),
]


@pytest.mark.parametrize(("body", "model", "doc_id"), REQUESTS)
def test_requests(body, model, doc_id):
    parsed = model.model_validate(body)
    found = parsed.id if isinstance(parsed, TextRequest) else parsed.documents[0].id
    assert found == doc_id


def test_failure_is_id_and_error_only():
    DocumentFailure.model_validate({"id": "a2", "error": {"code": "E400", "detail": "x"}})
    with pytest.raises(ValidationError):
        DocumentFailure.model_validate({"id": "a2", "error": {"code": "E400"}})
