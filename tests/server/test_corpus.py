"""The corpus view's JSON (newsnlp.server.corpus) over a real corpus file, in the test client;
the page itself is driven in Chromium in test_page.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsnlp.cli import main
from newsnlp.corpus import Corpus
from newsnlp.server import create_app

from ..conftest import ROOT

ARTICLES = ROOT / "tests" / "corpus" / "articles"


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.duckdb"
    assert main(["extract", str(ARTICLES), "-o", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def api(corpus_file, nlp):
    with TestClient(create_app(pipeline=nlp, corpus=str(corpus_file))) as client:
        yield client


def test_summary(api):
    assert api.get("/corpus/api/summary").json() == {
        "corpus": "corpus.duckdb",
        "documents": 3,
        "quotes": 27,
        "since": "2023-09-13",
        "until": "2023-09-15",
    }


@pytest.mark.parametrize(
    ("view", "params"),
    [
        ("speakers", {}),
        ("speakers", {"since": "2023-09-14"}),
        ("speakers", {"teasers": "true"}),
        ("timeline", {"speaker": "Дмитрий Песков"}),
        ("quotes", {"speaker": "Ким Чен Ын"}),
        ("statements", {"speaker": "Ким Чен Ын"}),
    ],
)
def test_each_question_answers_what_the_library_does(api, corpus_file, view, params):
    got = api.get(f"/corpus/api/{view}", params=params)
    assert got.status_code == 200
    filters = {k: (v == "true" if k == "teasers" else v) for k, v in params.items()}
    frame = getattr(Corpus(corpus_file), view)(**filters)
    assert len(got.json()) == len(frame) > 0
    first = got.json()[0]
    assert first["speaker"] == frame["speaker"][0]
    if "quotes" in frame.columns and view != "quotes":
        assert first["quotes"] == int(frame["quotes"][0])


def test_statements_carry_their_outlets(api):
    (top, *_) = api.get("/corpus/api/statements", params={"speaker": "Ким Чен Ын"}).json()
    assert top["outlets"] == 2
    assert {d["source"] for d in top["documents"]} == {"Интерфакс", "РИА Новости"}


def test_without_a_corpus_the_view_says_how_to_get_one(client):
    assert client.get("/corpus/api/summary").json()["corpus"] is None
    answer = client.get("/corpus/api/speakers")
    assert answer.status_code == 404 and "--corpus corpus.duckdb" in answer.json()["detail"]
    assert answer.json()["code"] == "E605"
    assert client.get("/corpus").status_code == 200


def test_a_limit_out_of_range_is_refused(api):
    assert api.get("/corpus/api/speakers", params={"limit": 0}).status_code == 422
    assert len(api.get("/corpus/api/speakers", params={"limit": 2}).json()) == 2


@pytest.mark.parametrize("query", ["limit=0", "limit=many", "since=yesterday"])
def test_a_bad_query_parameter_is_named_as_such(api, query):
    # The refusal told the client to send {"text": ...}: right for /extract's body,
    # misleading for a question's query string.
    got = api.get(f"/corpus/api/speakers?{query}")
    assert got.status_code == 422
    body = got.json()
    assert body["code"] == "E609"
    assert "query parameter" in body["detail"] and '{"text"' not in body["detail"]
    assert query.split("=")[0] in body["detail"]
    # DuckDB's conversion error was a 500 for a day that is not one
    assert all(e["loc"][0] == "query" for e in body.get("errors", []))
