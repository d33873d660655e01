"""The corpus view of ``newsnlp serve --corpus corpus.duckdb``: a page at ``/corpus`` and the
JSON it reads, over a corpus file opened read-only.

- ``GET /corpus``: the page (speakers, a speaker's quotes over time, a statement's outlets);
- ``GET /corpus/api/summary``: ``{"corpus": name or null, "documents", "quotes"}``;
- ``GET /corpus/api/speakers``, ``/timeline``, ``/quotes``, ``/statements``: the rows of
  :class:`newsnlp.corpus.Corpus` (``speaker``, ``since``, ``until``, ``teasers``, ``limit``).

Without a corpus the routes are there all the same and say so (``"corpus": null``, 404 ``E605`` on
the questions), so the article page can offer the view only when there is one.

Пример::

    >>> router = corpus_router(None)
    >>> sorted(r.path for r in router.routes)[:2]
    ['/corpus', '/corpus/api/quotes']
"""

from __future__ import annotations

import math
import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from ..errors import CorpusError, RequestError
from .models import ErrorJSON, ValidationErrorJSON

__all__ = ["corpus_router"]

STATIC = Path(__file__).parent / "static"


def _plain(value: Any) -> Any:
    """A cell of a pandas frame as JSON: numpy numbers as numbers, NaN and NaT as null."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is not None and not isinstance(value, str | int | float | bool):
        text = str(value)
        return None if text in ("NaT", "nan", "None") else text[:10]  # dates: the day
    return value


def _records(frame: Any, columns: list[str], limit: int | None = None) -> list[dict[str, Any]]:
    rows = frame[columns].head(limit) if limit else frame[columns]
    return [{k: _plain(v) for k, v in r.items()} for r in rows.to_dict("records")]


def corpus_router(path: str | Path | None) -> APIRouter:
    """The routes of the corpus view over the corpus file at ``path`` (or none: ``None``).

    The file is opened read-only once, here, so a missing or unreadable one fails at start
    (:class:`~newsnlp.errors.CorpusError`), not at the first reader.

    Пример::

        >>> corpus_router("no-such.duckdb")  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        newsnlp.errors.CorpusError: no-such.duckdb: no such corpus
    """
    # The answers besides 200 each question may give, in the service's own error shapes.
    router = APIRouter(
        responses={
            404: {"model": ErrorJSON, "description": "No corpus is served (E605)."},
            422: {"model": ValidationErrorJSON, "description": "A parameter out of range."},
        }
    )
    corpus: Any = None
    if path is not None:
        from ..corpus import Corpus

        corpus = Corpus(path)
    # One DuckDB connection, shared by the threads FastAPI runs these handlers on: one
    # question at a time (each takes milliseconds on 100 000 quotes, docs/corpus.md).
    lock = threading.Lock()

    def ask(view: str, **filters: Any) -> Any:
        with lock:
            return getattr(corpus, view)(**filters)

    @router.get("/corpus", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "corpus.html", media_type="text/html")

    @router.get("/corpus/api/summary", summary="The corpus served, if any")
    def summary() -> dict[str, Any]:
        """`{"corpus": file name, "documents", "quotes", "since", "until"}`; `corpus` is null
        when the server was started without `--corpus`."""
        if corpus is None:
            return {"corpus": None, "documents": 0, "quotes": 0, "since": None, "until": None}
        with lock:
            documents, since, until = corpus.con.execute(
                "SELECT count(*), CAST(min(day) AS VARCHAR), CAST(max(day) AS VARCHAR) "
                "FROM documents"
            ).fetchone()
            (quotes,) = corpus.con.execute("SELECT count(*) FROM quotes").fetchone()
        return {
            "corpus": Path(corpus.path).name,
            "documents": documents,
            "quotes": quotes,
            "since": since,
            "until": until,
        }

    def answer(view: str, columns: list[str], limit: int | None, **filters: Any) -> Any:
        if corpus is None:
            raise RequestError.no_corpus()  # the app answers it: 404, {"code", "detail"}
        try:
            frame = ask(view, **filters)
        except CorpusError as error:  # "?since=yesterday": the client's, not the server's
            raise RequestError.bad_query(str(error)) from None
        return _records(frame, columns, limit)

    # The filters every question takes, as query parameters.
    speaker_q = Query(None, description="a speaker as written, e.g. Дмитрий Песков")
    since_q = Query(None, description="from this day on, YYYY-MM-DD")
    until_q = Query(None, description="up to this day, YYYY-MM-DD")
    teasers_q = Query(False, description="count related-story teasers too")

    @router.get("/corpus/api/speakers", summary="Speakers, most quoted first")
    def speakers(
        speaker: str | None = speaker_q,
        since: str | None = since_q,
        until: str | None = until_q,
        teasers: bool = teasers_q,
        limit: int = Query(200, ge=1, le=10_000),
    ) -> Any:
        """`[{"speaker", "quotes", "documents"}]`, as `newsnlp corpus CORPUS speakers`."""
        filters = {"speaker": speaker, "since": since, "until": until, "teasers": teasers}
        return answer("speakers", ["speaker", "quotes", "documents"], limit, **filters)

    @router.get("/corpus/api/timeline", summary="Quotes per speaker per day")
    def timeline(
        speaker: str | None = speaker_q,
        since: str | None = since_q,
        until: str | None = until_q,
        teasers: bool = teasers_q,
    ) -> Any:
        """`[{"speaker", "date", "quotes"}]`, as `newsnlp corpus CORPUS timeline`."""
        filters = {"speaker": speaker, "since": since, "until": until, "teasers": teasers}
        return answer("timeline", ["speaker", "date", "quotes"], None, **filters)

    @router.get("/corpus/api/quotes", summary="A speaker's quotes, oldest first")
    def quotes(
        speaker: str | None = speaker_q,
        since: str | None = since_q,
        until: str | None = until_q,
        teasers: bool = teasers_q,
        limit: int = Query(500, ge=1, le=10_000),
    ) -> Any:
        """`[{"speaker", "date", "doc_id", "quote_id", "title", "kind", "cue", "addressee",
        "source", "text"}]`."""
        columns = ["speaker", "date", "doc_id", "quote_id", "title", "kind", "cue"]
        columns += ["addressee", "source", "text"]
        filters = {"speaker": speaker, "since": since, "until": until, "teasers": teasers}
        return answer("quotes", columns, limit, **filters)

    @router.get("/corpus/api/statements", summary="Statements with their outlets")
    def statements(
        speaker: str | None = speaker_q,
        since: str | None = since_q,
        until: str | None = until_q,
        teasers: bool = teasers_q,
        limit: int = Query(100, ge=1, le=10_000),
    ) -> Any:
        """`[{"speaker", "text", "documents": [{"doc_id", "quote_id", "source", "date"}],
        "outlets"}]`, most widely carried first, as `newsnlp corpus CORPUS statements`."""
        filters = {"speaker": speaker, "since": since, "until": until, "teasers": teasers}
        return answer("statements", ["speaker", "text", "documents", "outlets"], limit, **filters)

    return router
