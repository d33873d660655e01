"""The HTTP API through the framework's test client: every status, batch order, failures."""

from __future__ import annotations

import json
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsnlp.errors import DocumentError, InputError, ModelLoadError

from .conftest import wait_ready

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from newsnlp.server import create_app
from newsnlp.server.models import DocumentFailure, DocumentJSON

JSON = {"content-type": "application/json"}
QUOTE = "«Мы готовы», — сказал Дмитрий Песков."


def post(client, body: bytes, headers=JSON):
    return client.post("/extract", content=body, headers=headers)


def expected(nlp, text: str, doc_id: str) -> dict:
    """What the library itself gives for a text: the answer must be exactly that."""
    return nlp(text, id=doc_id).as_json()


# -- bad input: each gets its status and a JSON error with a code ------------------------

BAD = [
    ("malformed JSON", b'{"text": "a"', JSON, 422, "E603"),
    ("not an object", b'"just a string"', JSON, 422, "E603"),
    ("missing text", b"{}", JSON, 422, "E603"),
    ("text not a string", b'{"text": 5}', JSON, 422, "E603"),
    ("text and documents", b'{"text": "a", "documents": []}', JSON, 422, "E603"),
    ("documents not a list", b'{"documents": "a"}', JSON, 422, "E603"),
    ("empty body", b"", JSON, 422, "E603"),
    ("not UTF-8", b'{"text": "\xff\xfe"}', JSON, 422, "E603"),
    ("nested too deep", b"[" * 100_000, JSON, 422, "E603"),
    ("text/plain", "Путин прибыл.".encode(), {"content-type": "text/plain"}, 415, "E602"),
    ("form", b"text=a", {"content-type": "application/x-www-form-urlencoded"}, 415, "E602"),
    ("no content type", b'{"text": "a"}', {}, 415, "E602"),
]


@pytest.mark.parametrize(
    ("body", "headers", "status", "code"),
    [case[1:] for case in BAD],
    ids=[case[0] for case in BAD],
)
def test_bad_input_gets_a_status_and_a_coded_json_error(client, body, headers, status, code):
    response = post(client, body, headers)
    assert response.status_code == status
    error = response.json()
    assert error["code"] == code
    assert "Send" in error["detail"]  # it says how to fix the request
    if status == 422:
        assert error["errors"] and all("input" not in e for e in error["errors"])


def test_validation_error_names_the_field_of_the_shape_meant(client):
    single = post(client, b'{"text": 5}').json()
    assert [e["loc"] for e in single["errors"]] == [["body", "text"]]
    batch = post(client, b'{"documents": "a1"}').json()
    assert [e["loc"] for e in batch["errors"]] == [["body", "documents"]]
    broken = post(client, b'{"text": ').json()
    assert "not valid JSON" in broken["detail"]


@pytest.fixture(scope="module")
def small(nlp):
    with TestClient(create_app(pipeline=nlp, max_body=1000)) as test_client:
        wait_ready(test_client)
        yield test_client


def test_body_over_the_limit_gets_413_and_the_server_goes_on(small):
    over = json.dumps({"text": "а" * 1000}).encode()
    declared = post(small, over)
    assert declared.status_code == 413 and declared.json()["code"] == "E601"
    assert declared.headers["connection"] == "close"

    def chunks():  # no Content-Length: counted as it streams in
        for k in range(0, len(over), 100):
            yield over[k : k + 100]

    streamed = post(small, chunks())
    assert streamed.status_code == 413 and "1000 bytes" in streamed.json()["detail"]
    assert small.get("/health").status_code == 200
    assert post(small, json.dumps({"text": "Путин прибыл."}).encode()).status_code == 200


# -- answers --------------------------------------------------------------------------------


def test_one_text_answers_the_library_document(client, nlp):
    response = client.post("/extract", json={"text": QUOTE, "id": "a1"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == expected(nlp, QUOTE, "a1")
    DocumentJSON.model_validate(response.json())
    assert client.post("/extract", json={"text": QUOTE}).json()["id"] == "doc"


def test_content_type_with_charset_or_json_suffix_is_json(client):
    body = json.dumps({"text": QUOTE}).encode()
    for media in ("application/json; charset=utf-8", "application/vnd.newsnlp+json"):
        assert post(client, body, {"content-type": media}).status_code == 200


def test_batch_keeps_order_ids_and_repeats(client, nlp):
    texts = ["Ким уехал.", QUOTE, "", "Путин прибыл на космодром, сообщает ТАСС.", QUOTE]
    ids = ["z", None, 7, "z", "a"]  # repeated, missing and numeric ids
    documents = [
        {"text": t} if i is None else {"id": i, "text": t} for i, t in zip(ids, texts, strict=True)
    ]
    response = client.post("/extract", json={"documents": documents})
    assert response.status_code == 200
    answer = response.json()
    assert [d["id"] for d in answer] == ["z", "doc2", "7", "z", "a"]
    for doc, text in zip(answer, texts, strict=True):
        assert doc == expected(nlp, text, doc["id"])
    assert client.post("/extract", json={"documents": []}).json() == []


def test_lone_surrogates_come_back_escaped_with_their_offsets(client):
    response = post(client, json.dumps({"text": "\ud800 Путин прибыл."}).encode())
    assert response.status_code == 200
    doc = response.json()
    assert doc["text"] == "\ud800 Путин прибыл."
    assert [doc["text"][e["start"] : e["stop"]] for e in doc["entities"]] == ["Путин"]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=()),  # surrogates too: JSON can carry them
        max_size=300,
    )
    | st.lists(st.sampled_from(["Путин", "«", "»", "—", "сказал", ",", " ", "\n", "ТАСС"])).map(
        "".join
    )
)
def test_any_text_gets_a_valid_document(client, text):
    response = client.post(
        "/extract",
        content=json.dumps({"text": text}).encode(),  # ensure_ascii: surrogates as escapes
        headers=JSON,
    )
    assert response.status_code == 200
    doc = DocumentJSON.model_validate(response.json())
    assert doc.text == text
    for q in doc.quotes:
        assert text[q.start : q.stop] == q.text


# -- a failing document names its id and loses no other -----------------------------------

MARK = "СБОЙ"


class Flaky:
    """The real pipeline, except that a text with MARK fails with ``error``."""

    def __init__(self, nlp, error: BaseException) -> None:
        self.nlp = nlp
        self.error = error

    def __call__(self, text, *, id="doc"):
        if MARK in text:
            raise DocumentError(id, self.error)
        return self.nlp(text, id=id)

    def pipe(self, items, *, on_error):
        for key, text in items:
            if MARK in text:
                on_error(DocumentError(key, self.error))
            else:
                yield self.nlp(text, id=key)


class Broken(Flaky):
    """A pipe that breaks down as a whole after its first document."""

    def pipe(self, items, *, on_error):
        key, text = next(iter(items))
        yield self.nlp(text, id=key)
        raise RuntimeError("the batch broke")


def flaky_client(pipeline):
    return TestClient(create_app(pipeline=pipeline))


CAUSES = [
    (RuntimeError("сломалось"), 500, "E400"),
    (InputError.bad_option("text", "…", "a news text"), 422, "E106"),
]


@pytest.mark.parametrize(("cause", "status", "code"), CAUSES)
def test_failing_document_in_a_batch_names_its_id(nlp, cause, status, code):
    texts = ["Ким уехал.", f"{MARK}: Путин прибыл.", QUOTE]
    documents = [{"id": f"a{n}", "text": t} for n, t in enumerate(texts, 1)]
    with flaky_client(Flaky(nlp, cause)) as client:
        answer = client.post("/extract", json={"documents": documents})
        assert answer.status_code == 200
        first, failed, last = answer.json()
        assert first == expected(nlp, texts[0], "a1")
        assert last == expected(nlp, texts[2], "a3")
        DocumentFailure.model_validate(failed)
        assert failed["id"] == "a2" and failed["error"]["code"] == code
        if code == "E400":
            assert "'a2'" in failed["error"]["detail"] and "сломалось" in failed["error"]["detail"]

        alone = client.post("/extract", json={"id": "solo", "text": texts[1]})
        assert alone.status_code == status
        assert alone.json()["code"] == code
        assert client.get("/health").json()["status"] == "ok"


def test_a_pipe_that_breaks_down_still_answers_every_document(nlp):
    texts = ["Ким уехал.", QUOTE, "Путин прибыл."]
    with flaky_client(Broken(nlp, RuntimeError())) as client:
        answer = client.post("/extract", json={"documents": [{"text": t} for t in texts]})
    assert answer.status_code == 200
    assert answer.json() == [expected(nlp, t, f"doc{n}") for n, t in enumerate(texts, 1)]


# -- health: loading, ok, error; responsive while a batch runs ------------------------------


class Gate:
    """A pipeline that waits at ``wait_on`` for texts with MARK (or for its warm-up)."""

    def __init__(self, nlp, *, hold_warm_up: bool = False) -> None:
        self.nlp = nlp
        self.open = threading.Event()
        self.entered = threading.Event()
        self.hold_warm_up = hold_warm_up

    def __call__(self, text, *, id="doc"):
        if self.hold_warm_up:
            self.open.wait(30)
        return self.nlp(text, id=id)

    def pipe(self, items, *, on_error):
        for key, text in items:
            if MARK in text:
                self.entered.set()
                self.open.wait(30)
            yield self.nlp(text.replace(MARK, ""), id=key)


def test_health_says_loading_then_ok(nlp):
    gate = Gate(nlp, hold_warm_up=True)
    with TestClient(create_app(pipeline=gate)) as client:
        loading = client.get("/health")
        assert loading.status_code == 503 and loading.json()["status"] == "loading"
        gate.open.set()
        wait_ready(client, seconds=30)
        assert client.get("/health").json() == {"status": "ok", "detail": None}


def test_health_answers_while_a_long_batch_runs(nlp):
    gate = Gate(nlp)
    with TestClient(create_app(pipeline=gate)) as client:
        wait_ready(client, seconds=30)
        result = {}
        batch = threading.Thread(
            target=lambda: result.update(
                response=client.post("/extract", json={"documents": [{"text": f"{MARK}Да."}]})
            )
        )
        batch.start()
        assert gate.entered.wait(30)  # the batch is now running on the worker thread
        assert client.get("/health").status_code == 200
        assert client.get("/version").status_code == 200
        gate.open.set()
        batch.join(30)
        assert result["response"].status_code == 200


class NoModels:
    def __call__(self, text, *, id="doc"):
        raise ModelLoadError.natasha(ImportError("natasha"))

    def pipe(self, items, *, on_error):
        raise AssertionError("never reached")


def test_models_that_fail_to_load_give_503_with_the_fix(nlp):
    with TestClient(create_app(pipeline=NoModels())) as client:
        for _ in range(100):
            health = client.get("/health").json()
            if health["status"] != "loading":
                break
            threading.Event().wait(0.05)
        assert health["status"] == "error" and "E301" in health["detail"]
        response = client.post("/extract", json={"text": QUOTE})
        assert response.status_code == 503
        assert response.json()["code"] == "E604" and "reinstall" in response.json()["detail"]


# -- the rest of the app ----------------------------------------------------------------------


def test_version(client):
    from newsnlp import __version__

    versions = client.get("/version").json()
    assert versions["newsnlp"] == __version__
    assert versions["natasha"] and versions["python"]


def test_openapi_documents_the_requests_answers_and_errors(client):
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/extract"]["post"]
    body = json.dumps(operation["requestBody"])
    assert "TextRequest" in body and "BatchRequest" in body
    ok = json.dumps(operation["responses"]["200"])
    assert "DocumentJSON" in ok and "DocumentFailure" in ok
    for status in ("413", "415", "422", "503"):
        assert status in operation["responses"]
    assert "ValidationErrorJSON" in json.dumps(operation["responses"]["422"])
    assert "HTTPValidationError" not in json.dumps(spec)  # FastAPI's default, replaced
    corpus = {
        f"/corpus/api/{q}" for q in ("summary", "speakers", "timeline", "quotes", "statements")
    }
    assert set(spec["paths"]) == {"/extract", "/health", "/version"} | corpus


def test_docs_page_is_served_from_the_package(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "swagger-ui-bundle.js" in page.text
    assert "cdn." not in page.text and "googleapis" not in page.text
    assert client.get("/static-docs/swagger-ui-bundle.js").status_code == 200


def test_page_and_its_files(client):
    from newsnlp.integrations.viz import COLOURS

    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'src="static/app.js"' in page.text
    assert client.get("/static/app.js").status_code == 200
    css = client.get("/static/style.css").text
    # the page colours a statement's parts as quotes_html does in a notebook
    assert all(colour in css for colour in COLOURS.values())


def test_cors_as_the_docs_add_it(nlp):
    from fastapi.middleware.cors import CORSMiddleware

    origin = "https://dashboard.example.org"
    app = create_app(pipeline=nlp)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[origin],
        allow_methods=["POST"],
        allow_headers=["Content-Type"],
    )
    with TestClient(app) as client:
        wait_ready(client, seconds=30)
        preflight = client.options(
            "/extract",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert preflight.status_code == 200
        answer = client.post("/extract", json={"text": QUOTE}, headers={"Origin": origin})
        assert answer.status_code == 200
        assert answer.headers["access-control-allow-origin"] == origin


def test_a_bad_batch_item_is_answered_in_its_place_and_the_rest_processed(client, nlp):
    """issue 14, item 14: one item without a text rejected the whole batch (422)."""
    body = {
        "documents": [
            {"id": "a1", "text": QUOTE},
            {"id": "a2"},
            5,
            {"id": 7, "text": None},
            {"text": "Путин прибыл."},
        ]
    }
    response = client.post("/extract", json=body)
    assert response.status_code == 200
    first, no_text, number, null, last = response.json()
    assert first == expected(nlp, QUOTE, "a1")
    assert last == expected(nlp, "Путин прибыл.", "doc5")
    for item, doc_id, says in [
        (no_text, "a2", "text: Field required"),
        (number, "doc3", "must be an object, got int"),
        (null, "7", "text: Input should be a valid string"),
    ]:
        DocumentFailure.model_validate(item)
        assert item["id"] == doc_id
        assert item["error"]["code"] == "E603"
        assert says in item["error"]["detail"] and "Send" in item["error"]["detail"]


def test_the_pages_sample_is_the_projects_sample():
    from newsnlp.server.app import STATIC

    from ..conftest import SAMPLE

    assert (STATIC / "sample.txt").read_bytes() == SAMPLE.read_bytes()
