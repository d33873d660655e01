"""``newsnlp.dask`` against a real ``dask.distributed.LocalCluster`` with process workers."""

from __future__ import annotations

import json

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
from dask.distributed import Client, LocalCluster

import newsnlp
import newsnlp.dask
from newsnlp.corpus import CorpusWriter, connect
from newsnlp.errors import InputError, NewsnlpError

from .conftest import CORPORA, ROOT, read

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    paths = sorted((CORPORA / "tune2").glob("*.txt"))[:8]
    return [{"id": p.stem, "text": read(p)} for p in paths]


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _tagger_loads() -> int:
    from newsnlp.entities.ner import get_tagger

    return get_tagger.cache_info().misses


def test_bag_of_jsonl_gives_the_documents_of_pipe(client, rows, nlp, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    # Small blocks: more partitions than workers, so a worker meets several of them.
    bag = db.read_text(str(corpus), blocksize=5_000).map(json.loads)
    assert bag.npartitions > 2
    got = newsnlp.dask.extract(bag).compute()
    assert got == [d.as_json() for d in nlp.pipe(rows)]
    # Models load once per worker process, not once per partition.
    loads = client.run(_tagger_loads)
    assert len(loads) == 2 and all(n <= 1 for n in loads.values()) and sum(loads.values()) >= 1


def test_dataframe_gives_the_quotes_frame_of_pipe(client, rows, nlp):
    articles = dd.from_pandas(pd.DataFrame(rows), npartitions=3)
    got = newsnlp.dask.frames(articles).compute().reset_index(drop=True)
    expected = newsnlp.frames(nlp.pipe((r["id"], r["text"]) for r in rows))
    assert len(got) == len(expected) > 0
    assert list(got.columns) == list(expected.columns)
    assert got.astype(object).fillna("").equals(expected.astype(object).fillna(""))


def test_errors_can_be_recorded_instead_of_failing(client):
    items = [("a1", "Путин прибыл в Москву."), ("bad", 7), 5]
    bag = db.from_sequence(items, npartitions=1)
    got = newsnlp.dask.extract(bag, on_error="record").compute()
    assert got[0]["id"] == "a1"
    assert got[1]["id"] == "bad" and "got int" in got[1]["error"]
    assert got[2]["id"] == "doc3" and "cannot read a document from int" in got[2]["error"]
    assert newsnlp.dask.extract(bag, on_error="skip").compute()[0]["id"] == "a1"
    assert len(newsnlp.dask.extract(bag, on_error="skip").compute()) == 1


def _tables(path) -> dict[str, list[tuple]]:
    con = connect(path, read_only=True)
    try:
        return {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("documents", "quotes", "entities")
        }
    finally:
        con.close()


def test_to_corpus_writes_the_store_of_one_process(client, rows, nlp, tmp_path):
    articles = sorted((ROOT / "tests" / "corpus" / "articles").glob("*.txt"))
    items = rows + [{"id": p.stem, "text": read(p)} for p in articles]
    alone = tmp_path / "alone.duckdb"
    with CorpusWriter(alone) as writer:
        for doc in nlp.pipe(items):
            writer.add(doc)
    # Five partitions through a window of two: partitions arrive out of order and the
    # client never holds the whole corpus; the file must not notice.
    path = tmp_path / "dask.duckdb"
    bag = db.from_sequence(items, npartitions=5)
    assert newsnlp.dask.to_corpus(bag, path, in_flight=2) == len(items)
    expected = _tables(alone)
    assert len(expected["quotes"]) > 20
    assert _tables(path) == expected
    # Written again (a rerun of the job), each document is still there once.
    assert newsnlp.dask.to_corpus(bag, path) == len(items)
    assert _tables(path) == expected


def test_to_corpus_skips_a_bad_item(client, tmp_path):
    path = tmp_path / "c.duckdb"
    bag = db.from_sequence([("a1", "«Да», – сказал Путин."), ("bad", 7)], npartitions=1)
    with pytest.raises(NewsnlpError, match="got int"):
        newsnlp.dask.to_corpus(bag, path)
    assert newsnlp.dask.to_corpus(bag, path, on_error="skip") == 1
    assert [r[0] for r in _tables(path)["documents"]] == ["a1"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: newsnlp.dask.extract(db.from_sequence([]), output="xml"), "output="),
        (lambda: newsnlp.dask.extract(db.from_sequence([]), on_error="warn"), "on_error="),
        (
            lambda: newsnlp.dask.to_corpus(db.from_sequence([]), "c.duckdb", on_error="record"),
            "on_error=",
        ),
        (
            lambda: newsnlp.dask.to_corpus(db.from_sequence([]), "c.duckdb", in_flight=0),
            "in_flight=",
        ),
        (
            lambda: newsnlp.dask.frames(dd.from_pandas(pd.DataFrame({"body": ["x"]}), 1)),
            "one of the DataFrame's columns",
        ),
        (
            lambda: newsnlp.dask.frames(dd.from_pandas(pd.DataFrame({"text": ["x"]}), 1), "x"),
            "what=",
        ),
    ],
)
def test_bad_options_are_refused_before_any_work(call, message):
    with pytest.raises(InputError, match=message):
        call()
