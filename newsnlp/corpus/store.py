"""The corpus file: a DuckDB database of documents, quotes and entities.

Schema version 1 (table ``newsnlp_meta`` holds ``schema_version``)::

    documents(id PK, date, day DATE, rubric, title, text_length, sections)
    quotes(doc_id, id, kind, start, stop, text, speaker, speaker_type, speaker_key,
           addressee, source, cue, rule, section)
    entities(doc_id, id, type, start, stop, text, normal, cluster, cluster_name)

Writing a document replaces every row of its id, so running ``extract -o`` twice over the
same texts leaves one copy. A file of a newer schema is refused; an older one is migrated
(:data:`MIGRATIONS`), a DuckDB file of someone else's tables is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import CorpusError, MissingExtraError
from .keys import person_key, speaker_key

__all__ = ["SCHEMA_VERSION", "CorpusWriter", "connect", "write_tables"]

SCHEMA_VERSION = 1

_DDL = """
CREATE TABLE IF NOT EXISTS newsnlp_meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, date VARCHAR, day DATE, rubric VARCHAR, title VARCHAR,
    text_length INTEGER, sections INTEGER);
CREATE TABLE IF NOT EXISTS quotes (
    doc_id VARCHAR, id VARCHAR, kind VARCHAR, start INTEGER, stop INTEGER, text VARCHAR,
    speaker VARCHAR, speaker_type VARCHAR, speaker_key VARCHAR, addressee VARCHAR,
    source VARCHAR, cue VARCHAR, rule VARCHAR, section VARCHAR);
CREATE TABLE IF NOT EXISTS entities (
    doc_id VARCHAR, id VARCHAR, type VARCHAR, start INTEGER, stop INTEGER, text VARCHAR,
    normal VARCHAR, cluster VARCHAR, cluster_name VARCHAR);
"""

# version -> the step that brings a file of that version to the next one. Empty while only
# version 1 exists; a change of schema adds its step here and bumps SCHEMA_VERSION.
MIGRATIONS: dict[int, Callable[[Any], None]] = {}

TABLES = ("documents", "quotes", "entities")
_LIST_TABLES = "SELECT table_name FROM information_schema.tables"

_COLUMNS = {
    "documents": ("id", "date", "day", "rubric", "title", "text_length", "sections"),
    "quotes": (
        "doc_id",
        "id",
        "kind",
        "start",
        "stop",
        "text",
        "speaker",
        "speaker_type",
        "speaker_key",
        "addressee",
        "source",
        "cue",
        "rule",
        "section",
    ),
    "entities": (
        "doc_id",
        "id",
        "type",
        "start",
        "stop",
        "text",
        "normal",
        "cluster",
        "cluster_name",
    ),
}


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError as error:  # pragma: no cover - the extra is installed in CI
        raise MissingExtraError("corpus", "duckdb") from error
    return duckdb


def connect(path: str | Path, *, create: bool = False, read_only: bool = False) -> Any:
    """Open a corpus file, creating (``create=True``) or migrating its schema as needed.

    Пример::

        >>> import tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "c.duckdb")
        >>> con = connect(path, create=True)
        >>> con.execute("SELECT value FROM newsnlp_meta").fetchone()[0]
        '1'
    """
    duckdb = _duckdb()
    name = str(path)
    if not Path(name).exists() and not create:
        raise CorpusError.missing(name)
    con = duckdb.connect(name, read_only=read_only)
    tables = {row[0] for row in con.execute(_LIST_TABLES).fetchall()}
    if "newsnlp_meta" in tables:
        row = con.execute("SELECT value FROM newsnlp_meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            con.close()
            raise CorpusError.newer(name, version, SCHEMA_VERSION)
        while version < SCHEMA_VERSION:
            if read_only or version not in MIGRATIONS:
                con.close()
                raise CorpusError(
                    f"{name}: corpus schema version {version} cannot be "
                    f"{'migrated when opened read-only' if read_only else 'migrated'}; "
                    "write it again with newsnlp extract INPUT... -o NEW.duckdb"
                )
            MIGRATIONS[version](con)
            version += 1
            con.execute(
                "UPDATE newsnlp_meta SET value = ? WHERE key = 'schema_version'", [str(version)]
            )
    elif tables:
        con.close()
        raise CorpusError.foreign(name)
    elif not read_only:
        con.execute(_DDL)
        con.execute("INSERT INTO newsnlp_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    return con


def _day(date: str | None) -> str | None:
    # Meta.date is ISO (2023-09-13T16:30) or a bare day; anything else is kept as text only.
    if date and len(date) >= 10 and date[4] == "-" and date[7] == "-":
        return date[:10]
    return None


def rows(doc: Document) -> dict[str, list[tuple[Any, ...]]]:
    """The rows ``doc`` gives each table, keyed by table name."""
    names = {c.id: c.name for c in doc.clusters}
    sections = doc.sections

    def section(start: int) -> str | None:
        for s in sections:
            if s.start <= start < s.stop:
                return s.kind
        return None

    quotes = []
    for q in doc.quotes:
        sp = q.speaker
        quotes.append(
            (
                doc.id,
                q.id,
                q.kind,
                q.start,
                q.stop,
                q.text,
                sp.normal if sp else None,
                sp.type if sp else None,
                speaker_key(sp.normal, sp.type) if sp else None,
                q.addressee.normal if q.addressee else None,
                q.source.normal if q.source else None,
                q.cue.text if q.cue else None,
                q.rule,
                section(q.start),
            )
        )
    entities = [
        (
            doc.id,
            e.id,
            e.type,
            e.start,
            e.stop,
            e.text,
            e.normal,
            e.cluster,
            names.get(e.cluster) if e.cluster else None,
        )
        for e in doc.entities
    ]
    m = doc.meta
    documents = [
        (doc.id, m.date, _day(m.date), m.rubric, m.title, len(doc.text), len(doc.sections))
    ]
    return {"documents": documents, "quotes": quotes, "entities": entities}


class CorpusWriter:
    """Writes documents into a corpus file in batches; a document id written again replaces
    its rows. Use as a context manager: the last batch and the cross-document speaker keys
    are written on exit.

    Пример::

        >>> import tempfile, os
        >>> from newsnlp.document import Document, Meta
        >>> path = os.path.join(tempfile.mkdtemp(), "c.duckdb")
        >>> with CorpusWriter(path) as w:
        ...     w.add(Document(id="d1", text="Мир.", meta=Meta(date="2023-09-13")))
        >>> connect(path).execute("SELECT id, day FROM documents").fetchall()
        [('d1', datetime.date(2023, 9, 13))]
    """

    def __init__(self, path: str | Path, batch: int = 256) -> None:
        self.path = str(path)
        self.con = connect(path, create=True)
        self.batch = batch
        self._pending: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
        self.written = 0

    def add(self, doc: Document) -> None:
        """Queue ``doc``; a full batch is written at once (memory stays one batch)."""
        self.add_rows(doc.id, rows(doc))

    def add_rows(self, doc_id: str, table_rows: dict[str, list[tuple[Any, ...]]]) -> None:
        """Queue the rows :func:`rows` gave for the document ``doc_id``, made elsewhere (a
        Dask worker sends these plain tuples, not the Document)."""
        self._pending[doc_id] = table_rows
        if len(self._pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Write the queued documents in one transaction."""
        if not self._pending:
            return
        import pandas as pd

        ids = pd.DataFrame({"id": list(self._pending)})
        con = self.con
        con.execute("BEGIN")
        try:
            con.register("_ids", ids)
            con.execute("DELETE FROM quotes WHERE doc_id IN (SELECT id FROM _ids)")
            con.execute("DELETE FROM entities WHERE doc_id IN (SELECT id FROM _ids)")
            con.execute("DELETE FROM documents WHERE id IN (SELECT id FROM _ids)")
            con.unregister("_ids")
            for table in TABLES:
                data = [r for doc_rows in self._pending.values() for r in doc_rows[table]]
                if not data:
                    continue
                frame = pd.DataFrame(data, columns=list(_COLUMNS[table]))
                if table == "documents":
                    frame["day"] = pd.to_datetime(frame["day"], errors="coerce").dt.date
                con.register("_rows", frame)
                con.execute(f"INSERT INTO {table} SELECT * FROM _rows")
                con.unregister("_rows")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        self.written += len(self._pending)
        self._pending.clear()

    def resolve_keys(self) -> None:
        """Join one-word person keys (``путин``) to the one full name holding them."""
        con = self.con
        keys = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT speaker_key FROM quotes WHERE speaker_type = 'PER'"
            ).fetchall()
        ]
        # From the speakers' own full names, so a resolution is never undone by a rerun.
        full = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT lower(replace(speaker, 'ё', 'е')) FROM quotes "
                "WHERE speaker_type = 'PER' AND speaker LIKE '% %'"
            ).fetchall()
        }
        by_word: dict[str, list[str]] = {}
        for name in sorted(full):
            for word in set(name.split()):
                by_word.setdefault(word, []).append(name)
        for key in keys:
            if " " in key:
                continue
            resolved = person_key(key, by_word)
            con.execute(
                "UPDATE quotes SET speaker_key = ? WHERE speaker_type = 'PER' "
                "AND lower(replace(speaker, 'ё', 'е')) = ?",
                [resolved, key],
            )

    def close(self) -> None:
        """Write what is queued, resolve speaker keys, close the file."""
        self.flush()
        self.resolve_keys()
        self.con.close()

    def __enter__(self) -> CorpusWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self.con.close()


def write_tables(docs: Iterable[Document], directory: str | Path, fmt: str = "csv") -> int:
    """Write the three tables as ``documents.csv`` ... (or ``.parquet``) in ``directory``,
    through a temporary corpus so both give the same rows as the DuckDB file.

    Пример::

        >>> import tempfile, os
        >>> from newsnlp.document import Document
        >>> d = tempfile.mkdtemp()
        >>> write_tables([Document(id="d1", text="Мир.")], d, "csv")
        1
        >>> sorted(os.listdir(d))
        ['documents.csv', 'entities.csv', 'quotes.csv']
    """
    import tempfile

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "corpus.duckdb"
        with CorpusWriter(db) as writer:
            for doc in docs:
                writer.add(doc)
        count = writer.written
        con = connect(db, read_only=True)
        for table in TABLES:
            target = str(out / f"{table}.{fmt}").replace("'", "''")
            option = "FORMAT csv, HEADER" if fmt == "csv" else "FORMAT parquet"
            con.execute(f"COPY (SELECT * FROM {table} ORDER BY ALL) TO '{target}' ({option})")
        con.close()
    return count
