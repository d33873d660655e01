"""newsnlp.integrations.pandas: quotes and entities as DataFrames."""

from __future__ import annotations

import subprocess
import sys

import pytest

import newsnlp
from newsnlp import Document, Entity, Quote
from newsnlp.errors import InputError
from newsnlp.integrations import pandas as nn_pandas

from ..conftest import ROOT

pd = pytest.importorskip("pandas")

# What the issue asks for at least; the frames may carry more.
QUOTE_COLUMNS = [
    "doc", "id", "kind", "text", "speaker", "speaker_type", "addressee", "source",
    "cue", "start", "stop", "rule",
]  # fmt: skip
ENTITY_COLUMNS = [
    "doc", "id", "start", "stop", "type", "text", "normal", "cluster", "cluster_name",
]  # fmt: skip
FRAMES_COLUMNS = [
    "doc", "kind", "text", "speaker", "addressee", "source", "start", "stop", "rule",
]  # fmt: skip


def _value(cell):
    # pandas 3 keeps a missing string as NaN in a str column, pandas 2 as None.
    return None if pd.isna(cell) else cell


def test_quotes_frame_has_the_columns(sample_doc):
    frame = sample_doc.quotes_frame()
    assert isinstance(frame, pd.DataFrame)
    assert set(QUOTE_COLUMNS) <= set(frame.columns)
    assert list(frame.columns) == list(nn_pandas.QUOTE_COLUMNS)
    assert len(frame) == len(sample_doc.quotes) >= 10
    assert frame["doc"].unique().tolist() == ["kim-putin-vostochny"]
    assert frame["start"].dtype == "int64"


def test_quotes_frame_rows_are_the_quotes(sample_doc):
    frame = sample_doc.quotes_frame()
    for row, q in zip(frame.itertuples(index=False), sample_doc.quotes, strict=True):
        assert (row.id, row.kind, row.start, row.stop, row.text, row.rule) == (
            q.id, q.kind, q.start, q.stop, q.text, q.rule,
        )  # fmt: skip
        assert sample_doc.text[row.start : row.stop] == row.text
        if q.speaker is not None:
            assert row.speaker == q.speaker.normal
            assert _value(row.speaker_type) == q.speaker.type
    assert "Ким Чен Ын" in set(frame["speaker"])
    assert frame["addressee"].eq("Владимир Путин").any()
    assert frame["source"].notna().any()


def test_entities_frame_has_the_columns(sample_doc):
    frame = sample_doc.entities_frame()
    assert set(ENTITY_COLUMNS) <= set(frame.columns)
    assert len(frame) == len(sample_doc.entities)
    names = {c.id: c.name for c in sample_doc.clusters}
    for row in frame.itertuples(index=False):
        assert _value(row.cluster_name) == names.get(_value(row.cluster))
    per = frame[frame["type"] == "PER"]
    assert "Ким Чен Ын" in set(per["cluster_name"])


def test_frames_spans_many_documents(nlp, sample_text):
    texts = [("a1", sample_text), ("a2", "Погода хорошая."), ("a3", sample_text[:2000])]
    table = newsnlp.frames(nlp.pipe(texts))
    assert set(FRAMES_COLUMNS) <= set(table.columns)
    assert set(table["doc"]) == {"a1", "a3"}  # a2 has no quote: no row, no error
    assert table.index.is_unique
    entities = newsnlp.frames(nlp.pipe(texts), what="entities")
    assert set(ENTITY_COLUMNS) <= set(entities.columns)
    assert set(entities["doc"]) == {"a1", "a3"}


def test_frames_of_one_document_and_of_none(sample_doc):
    assert len(newsnlp.frames(sample_doc)) == len(sample_doc.quotes)
    empty = newsnlp.frames([])
    assert list(empty.columns) == list(nn_pandas.QUOTE_COLUMNS) and empty.empty
    assert list(newsnlp.frames([], what="entities").columns) == list(nn_pandas.ENTITY_COLUMNS)


def test_frames_rejects_an_unknown_table():
    with pytest.raises(InputError, match="'quotes' or 'entities'"):
        newsnlp.frames([], what="clusters")


def test_section_column_tells_teasers_apart(sample_doc):
    kinds = set(sample_doc.entities_frame()["section"])
    assert "body" in kinds


def test_rows_without_pandas():
    doc = Document(
        id="d",
        text="Путин: «Да».",
        entities=(Entity("e1", 0, 5, "PER", "Путин", "Путин", "c1"),),
        quotes=(Quote("q1", "direct", 8, 10, "Да", "direct_colon_before"),),
    )
    assert nn_pandas.quote_rows(doc)[0]["speaker"] is None
    assert nn_pandas.entity_rows(doc)[0]["cluster_name"] is None


def test_top_level_frames_imports_without_pandas():
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import newsnlp\n"
        "from newsnlp.errors import MissingExtraError\n"
        "try:\n"
        "    newsnlp.frames([])\n"
        "except MissingExtraError as error:\n"
        "    print(error)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "pip install 'newsnlp[pandas]'" in run.stdout
