"""Questions across the corpus: speakers, statements, a speaker's timeline (pandas frames)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from ..errors import CorpusError
from .keys import speaker_key
from .statements import group_statements
from .store import connect

__all__ = ["Corpus", "speakers", "statements", "timeline"]

# Each speaker key's name as shown: its longest form (``Владимир Путин``, not ``Путин``).
# One query for every view, so a speaker is named alike in all of them.
_NAMES = (
    "SELECT speaker_key, arg_max(speaker, length(speaker)) AS speaker FROM quotes "
    "GROUP BY speaker_key"
)


def _day(name: str, value: object) -> str:
    """A ``since``/``until`` filter as an ISO day, or a CorpusError naming it (DuckDB's
    own conversion error would say nothing of which filter)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise CorpusError.bad_day(name, value) from None


class Corpus:
    """A corpus file opened read-only for questions; ``sql`` runs any query on it.

    Пример::

        >>> import tempfile, os
        >>> from newsnlp.document import Document
        >>> from newsnlp.corpus import CorpusWriter
        >>> path = os.path.join(tempfile.mkdtemp(), "c.duckdb")
        >>> with CorpusWriter(path) as w:
        ...     w.add(Document(id="d1", text="Мир."))
        >>> int(Corpus(path).sql("SELECT count(*) AS n FROM documents")["n"][0])
        1
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.con = connect(path, read_only=True)

    def sql(self, query: str, params: list[Any] | None = None) -> Any:
        """The result of ``query`` as a pandas DataFrame."""
        return self.con.execute(query, params or []).df()

    def _where(
        self, speaker: str | None, since: str | None, until: str | None, teasers: bool = False
    ) -> tuple[str, list[Any]]:
        clauses = ["q.speaker_key IS NOT NULL"]
        if not teasers:
            # A teaser (section 'related') is another story's lead under this page: counted
            # here it would count that statement twice, once in its own article.
            clauses.append("coalesce(q.section, 'body') <> 'related'")
        params: list[Any] = []
        if speaker is not None:
            # A name as people write it: resolved the way the corpus resolves its own.
            clauses.append("(q.speaker_key = ? OR lower(q.speaker) = lower(?))")
            params += [self._key(speaker), speaker]
        if since is not None:
            clauses.append("d.day >= CAST(? AS DATE)")
            params.append(_day("since", since))
        if until is not None:
            clauses.append("d.day <= CAST(? AS DATE)")
            params.append(_day("until", until))
        return " AND ".join(clauses), params

    def _key(self, name: str) -> str:
        key = speaker_key(name, "PER")
        row = self.con.execute(
            "SELECT speaker_key FROM quotes WHERE lower(replace(speaker, 'ё', 'е')) = ? LIMIT 1",
            [key],
        ).fetchone()
        return str(row[0]) if row else key

    def speakers(
        self,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        teasers: bool = False,
    ) -> Any:
        """Speakers with their quote and document counts, most quoted first.

        Quotes of teasers (the ``related`` section: other stories' leads under the page) are
        left out unless ``teasers=True``; so in :meth:`timeline` and :meth:`statements`.
        """
        where, params = self._where(speaker, since, until, teasers)
        return self.sql(
            f"""
            SELECT n.speaker, q.speaker_key,
                   count(*) AS quotes, count(DISTINCT q.doc_id) AS documents
            FROM quotes q JOIN documents d ON d.id = q.doc_id
            JOIN ({_NAMES}) n ON n.speaker_key = q.speaker_key
            WHERE {where}
            GROUP BY n.speaker, q.speaker_key
            ORDER BY quotes DESC, documents DESC, speaker
            """,
            params,
        )

    def timeline(
        self,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        teasers: bool = False,
    ) -> Any:
        """Quotes per speaker per day."""
        where, params = self._where(speaker, since, until, teasers)
        return self.sql(
            f"""
            WITH t AS (
                SELECT q.speaker_key, q.speaker, d.day FROM quotes q
                JOIN documents d ON d.id = q.doc_id WHERE {where} AND d.day IS NOT NULL)
            SELECT n.speaker, t.day AS date, count(*) AS quotes FROM t
            JOIN ({_NAMES}) n USING (speaker_key)
            GROUP BY n.speaker, t.day ORDER BY n.speaker, date
            """,
            params,
        )

    def quotes(
        self,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        teasers: bool = False,
    ) -> Any:
        """The quotes themselves, oldest first: ``speaker``, ``date``, ``doc_id``,
        ``quote_id``, ``title``, ``kind``, ``cue``, ``addressee``, ``source``, ``text``.

        Пример::

            >>> import tempfile, os
            >>> from newsnlp import Pipeline
            >>> from newsnlp.corpus import CorpusWriter
            >>> path = os.path.join(tempfile.mkdtemp(), "c.duckdb")
            >>> with CorpusWriter(path) as w:
            ...     w.add(Pipeline()("13 сентября 2023\\n\\n«Да», – сказал Путин.", id="d1"))
            >>> Corpus(path).quotes(speaker="Путин")[["date", "text"]].values.tolist()
            [['2023-09-13', 'Да']]
        """
        where, params = self._where(speaker, since, until, teasers)
        return self.sql(
            f"""
            SELECT n.speaker, CAST(d.day AS VARCHAR) AS date, q.doc_id, q.id AS quote_id,
                   d.title, q.kind, q.cue, q.addressee, q.source, q.text
            FROM quotes q JOIN documents d ON d.id = q.doc_id
            JOIN ({_NAMES}) n ON n.speaker_key = q.speaker_key
            WHERE {where}
            ORDER BY d.day NULLS LAST, q.doc_id, q.start
            """,
            params,
        )

    def statements(
        self,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        teasers: bool = False,
        threshold: float = 0.6,
    ) -> Any:
        """Statements (near-duplicate quotes of one speaker), most widely carried first.

        Columns: ``speaker``, ``text`` (the longest version), ``documents`` (a list of
        ``{doc_id, quote_id, source, date}``) and ``outlets`` (how many documents).
        """
        import pandas as pd

        where, params = self._where(speaker, since, until, teasers)
        quotes = self.sql(
            f"""
            SELECT q.speaker_key, q.doc_id, q.id AS quote_id, q.text, q.source,
                   CAST(d.day AS VARCHAR) AS date
            FROM quotes q JOIN documents d ON d.id = q.doc_id WHERE {where}
            ORDER BY q.doc_id, q.start
            """,
            params,
        )
        names = dict(self.con.execute(_NAMES).fetchall())
        pairs = zip(quotes["speaker_key"], quotes["text"], strict=True)
        groups = group_statements(pairs, threshold)
        # Plain lists, not frame.iloc per group: a corpus has tens of thousands of groups.
        keys, texts = quotes["speaker_key"].tolist(), quotes["text"].tolist()
        doc_ids, quote_ids = quotes["doc_id"].tolist(), quotes["quote_id"].tolist()
        sources = [None if pd.isna(v) else v for v in quotes["source"].tolist()]
        dates = [None if pd.isna(v) else v for v in quotes["date"].tolist()]
        records = []
        for group in groups:
            longest = max(group, key=lambda i: len(texts[i]))
            docs = [
                {
                    "doc_id": doc_ids[i],
                    "quote_id": quote_ids[i],
                    "source": sources[i],
                    "date": dates[i],
                }
                for i in group
            ]
            records.append(
                {
                    "speaker": names[keys[longest]],
                    "text": texts[longest],
                    "documents": docs,
                    "outlets": len({doc_ids[i] for i in group}),
                }
            )
        frame = pd.DataFrame(records, columns=["speaker", "text", "documents", "outlets"])
        return frame.sort_values("outlets", ascending=False, kind="stable").reset_index(drop=True)


def speakers(path: str | Path, **filters: Any) -> Any:
    """:meth:`Corpus.speakers` of the corpus at ``path``.

    Пример::

        >>> speakers("no-such.duckdb")  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        newsnlp.errors.CorpusError: no-such.duckdb: no such corpus
    """
    return Corpus(path).speakers(**filters)


def statements(path: str | Path, **filters: Any) -> Any:
    """:meth:`Corpus.statements` of the corpus at ``path``.

    Пример::

        >>> statements("no-such.duckdb")  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        newsnlp.errors.CorpusError: no-such.duckdb: no such corpus
    """
    return Corpus(path).statements(**filters)


def timeline(path: str | Path, **filters: Any) -> Any:
    """:meth:`Corpus.timeline` of the corpus at ``path``.

    Пример::

        >>> timeline("no-such.duckdb")  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        newsnlp.errors.CorpusError: no-such.duckdb: no such corpus
    """
    return Corpus(path).timeline(**filters)
