"""The corpus view on real DuckDB files: the issue's check, idempotency, schema versions."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsnlp.cli import main
from newsnlp.corpus import (
    SCHEMA_VERSION,
    Corpus,
    CorpusWriter,
    connect,
    group_statements,
    speakers,
)
from newsnlp.document import Document, Mention, Meta, Quote, Section
from newsnlp.errors import CorpusError

ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.duckdb"
    assert main(["extract", str(ARTICLES), "-o", str(path)]) == 0
    return path


def _jsonl(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict]:
    capsys.readouterr()
    assert main(["corpus", *argv, "--format", "jsonl"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_extract_writes_the_three_tables(corpus: Path) -> None:
    con = duckdb.connect(str(corpus), read_only=True)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in
              ("documents", "quotes", "entities")}  # fmt: skip
    assert counts["documents"] == 3
    assert counts["quotes"] > 10 and counts["entities"] > 10
    quote_columns = [r[0] for r in con.execute("DESCRIBE quotes").fetchall()]
    for column in ("doc_id", "id", "kind", "start", "stop", "text", "speaker", "speaker_key",
                   "addressee", "source", "cue", "rule", "section"):  # fmt: skip
        assert column in quote_columns


def test_speakers_join_kim_across_documents(corpus: Path, capsys) -> None:
    rows = {r["speaker"]: r for r in _jsonl(capsys, str(corpus), "speakers")}
    assert rows["Ким Чен Ын"]["documents"] == 2
    assert set(rows["Ким Чен Ын"]) == {"speaker", "quotes", "documents"}
    for alone in ("Ким", "Кима", "Песков"):
        assert alone not in rows


def test_statements_group_the_sovereignty_quote(corpus: Path, capsys) -> None:
    rows = _jsonl(capsys, str(corpus), "statements")
    top = rows[0]
    assert top["speaker"] == "Ким Чен Ын"
    assert "суверенитета" in top["text"]
    assert {d["doc_id"] for d in top["documents"]} == {"kim-putin-vostochny", "ria-kim-sovereignty"}
    assert {d["source"] for d in top["documents"]} == {"Интерфакс", "РИА Новости"}
    assert set(top["documents"][0]) == {"doc_id", "quote_id", "source", "date"}


def test_timeline_of_peskov(corpus: Path, capsys) -> None:
    rows = _jsonl(capsys, str(corpus), "timeline", "--speaker", "Дмитрий Песков")
    assert [r["date"] for r in rows] == ["2023-09-13", "2023-09-15"]
    assert {r["speaker"] for r in rows} == {"Дмитрий Песков"}
    assert [r["date"] for r in _jsonl(capsys, str(corpus), "timeline", "--speaker",
            "Дмитрий Песков", "--since", "2023-09-14")] == ["2023-09-15"]  # fmt: skip


def test_extract_twice_leaves_one_copy(corpus: Path, tmp_path: Path) -> None:
    copy = tmp_path / "again.duckdb"
    copy.write_bytes(corpus.read_bytes())
    assert main(["extract", str(ARTICLES / "ria-kim-sovereignty.txt"), "-o", str(copy)]) == 0
    before = speakers(corpus)
    after = speakers(copy)
    assert before.to_dict("records") == after.to_dict("records")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_tables_as_files(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "tables"
    assert main(["extract", str(ARTICLES), "--format", fmt, "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{t}.{fmt}" for t in ("documents", "entities", "quotes")
    )
    read = "read_csv_auto" if fmt == "csv" else "read_parquet"
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM {read}('{out / ('documents.' + fmt)}')").fetchall()
    assert n == [(3,)]


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    connect(path, create=True).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE newsnlp_meta SET value = ?", [str(SCHEMA_VERSION + 1)])
    con.close()
    with pytest.raises(CorpusError, match="newer newsnlp"):
        Corpus(path)


def test_a_foreign_duckdb_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE quotes (x INTEGER)")
    con.close()
    with pytest.raises(CorpusError, match="not a newsnlp corpus"):
        CorpusWriter(path)
    assert main(["corpus", str(tmp_path / "none.duckdb"), "speakers"]) == 2


def _doc(doc_id: str, people: list[str], date: str = "2023-09-13") -> Document:
    text = " ".join(f"«Слова {k}», — сказал {p}." for k, p in enumerate(people))
    quotes = tuple(
        Quote(
            f"q{k}",
            "direct",
            0,
            1,
            text[0],
            "direct_dash_after",
            speaker=Mention(None, None, None, p, "PER", None),
        )
        for k, p in enumerate(people)
    )
    return Document(id=doc_id, text=text, meta=Meta(date=date), quotes=quotes)


def test_people_sharing_a_surname_stay_apart(tmp_path: Path) -> None:
    path = tmp_path / "kims.duckdb"
    with CorpusWriter(path) as w:
        w.add(_doc("a", ["Ким Чен Ын"]))
        w.add(_doc("b", ["Ким Ё Чжон"]))
        w.add(_doc("c", ["Ким"]))  # a document that does not tell which Ким
        w.add(_doc("d", ["Путин"]))
        w.add(_doc("e", ["Владимир Путин"]))
    rows = {r["speaker"]: r["documents"] for r in speakers(path).to_dict("records")}
    assert rows == {"Ким Чен Ын": 1, "Ким Ё Чжон": 1, "Ким": 1, "Владимир Путин": 2}


def test_roles_stay_roles(tmp_path: Path) -> None:
    path = tmp_path / "roles.duckdb"
    doc = Document(
        id="r",
        text="x",
        quotes=(
            Quote(
                "q1",
                "direct",
                0,
                1,
                "x",
                "r",
                speaker=Mention(None, None, None, "представитель Кремля", None, None),
            ),
        ),
    )
    with CorpusWriter(path) as w:
        w.add(doc)
        w.add(_doc("p", ["Дмитрий Песков"]))
    assert set(speakers(path)["speaker"]) == {"представитель Кремля", "Дмитрий Песков"}


@pytest.mark.parametrize(
    ("texts", "groups"),
    [
        # one outlet carries a sentence of what another carries whole
        (
            [
                "Россия встала на защиту своего суверенитета и безопасности. Сейчас мы хотим "
                "и дальше развивать отношения",
                "Россия встала на защиту своего суверенитета",
            ],
            [[0, 1]],
        ),
        (["Мы будем говорить на все темы", "Время пришло, сказал он вчера"], [[0], [1]]),
    ],
)
def test_group_statements(texts: list[str], groups: list[list[int]]) -> None:
    assert group_statements([("путин", t) for t in texts]) == groups


@given(st.lists(st.text(alphabet="абв где", max_size=30), max_size=20))
def test_statements_partition_the_quotes(texts: list[str]) -> None:
    groups = group_statements([("к", t) for t in texts])
    assert sorted(i for g in groups for i in g) == list(range(len(texts)))


def test_workers_write_the_same_store(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "workers.duckdb"
    assert main(["extract", str(ARTICLES), "-o", str(path), "--workers", "2"]) == 0
    assert speakers(path).to_dict("records") == speakers(corpus).to_dict("records")


TEASED = {
    "a.txt": "13 сентября 2023, 12:00 Политика\n\nПесков ответил на вопрос о переговорах\n\n"
    "Пресс-секретарь президента России Дмитрий Песков заявил журналистам, что никаких "
    "соглашений в ходе визита подписано не было.\n",
    # Another story, with the first one's lead as a teaser under it.
    "b.txt": "14 сентября 2023, 10:00 Экономика\n\nРубль укрепился на открытии торгов\n\n"
    "Курс рубля к доллару на Московской бирже снизился на 40 копеек. Аналитики ожидают "
    "стабилизации курса до конца недели.\n\nЧитайте также\n\nДмитрий Песков заявил "
    "журналистам, что никаких соглашений в ходе визита подписано не было.\n",
}


@pytest.fixture(scope="module")
def teased(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("teased")
    for name, text in TEASED.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "corpus.duckdb"
    assert main(["extract", str(folder), "-o", str(path)]) == 0
    return path


def test_a_teaser_quote_is_stored_with_its_section(teased: Path) -> None:
    con = duckdb.connect(str(teased), read_only=True)
    rows = con.execute("SELECT doc_id, section FROM quotes ORDER BY doc_id").fetchall()
    assert rows == [("a", "body"), ("b", "related")]


def test_teasers_are_not_counted_unless_asked(teased: Path, capsys) -> None:
    assert _jsonl(capsys, str(teased), "speakers") == [
        {"speaker": "Дмитрий Песков", "quotes": 1, "documents": 1}
    ]
    assert _jsonl(capsys, str(teased), "speakers", "--teasers") == [
        {"speaker": "Дмитрий Песков", "quotes": 2, "documents": 2}
    ]
    (statement,) = _jsonl(capsys, str(teased), "statements")
    assert [d["doc_id"] for d in statement["documents"]] == ["a"]
    (statement,) = _jsonl(capsys, str(teased), "statements", "--teasers")
    assert [d["doc_id"] for d in statement["documents"]] == ["a", "b"]
    dates = [r["date"] for r in _jsonl(capsys, str(teased), "timeline")]
    assert dates == ["2023-09-13"]
    corpus = Corpus(teased)
    assert corpus.timeline(teasers=True)["quotes"].sum() == 2


def test_the_sample_teasers_speakers_are_left_out(corpus: Path) -> None:
    # The sample page's teasers quote Зеленский; the article itself does not.
    assert "Владимир Зеленский" not in set(speakers(corpus)["speaker"])
    assert "Владимир Зеленский" in set(speakers(corpus, teasers=True)["speaker"])


def test_a_speaker_is_named_alike_in_every_view(tmp_path: Path) -> None:
    # The full name only in a teaser: the counts leave it out, the name is still the one
    # every view shows (the page asks a speaker's timeline by the name speakers gave).
    path = tmp_path / "names.duckdb"
    teased = _doc("b", ["Дмитрий Песков"])
    teased = Document(
        id="b",
        text=teased.text,
        meta=teased.meta,
        sections=(Section(0, len(teased.text), "related", teased.text),),
        quotes=teased.quotes,
    )
    with CorpusWriter(path) as w:
        w.add(_doc("a", ["Песков"]))
        w.add(teased)
    corpus = Corpus(path)
    assert corpus.speakers()[["speaker", "quotes"]].values.tolist() == [["Дмитрий Песков", 1]]
    named = corpus.speakers()["speaker"][0]
    assert corpus.timeline(speaker=named)["speaker"].tolist() == ["Дмитрий Песков"]
    assert corpus.quotes(speaker=named)["doc_id"].tolist() == ["a"]
    assert corpus.statements(speaker=named)["speaker"].tolist() == ["Дмитрий Песков"]


def test_a_filter_that_is_not_a_day_is_named(corpus: Path, capsys) -> None:
    # DuckDB's own conversion error said nothing of which filter, and was a traceback
    with pytest.raises(CorpusError, match="since='yesterday' is not a day"):
        Corpus(corpus).speakers(since="yesterday")
    assert main(["corpus", str(corpus), "timeline", "--until", "2023-13-45"]) != 0
    assert "until='2023-13-45' is not a day: write it as YYYY-MM-DD" in capsys.readouterr().err
