"""newsnlp over HTTP, for pipelines in any language, and a page to read an article with.

``newsnlp serve`` (or :func:`serve`) runs the app with uvicorn; :func:`create_app` gives
the ASGI app itself, to test it or to mount it in your own. Needs
``pip install 'newsnlp[server]'``; this module imports without it, and says so when used.

- ``POST /extract``: ``{"text": ...}`` or ``{"documents": [{"id", "text"}, ...]}`` ->
  the JSON contract (SCHEMA.md), one document or a list in the order sent;
- ``GET /health``, ``GET /version``, ``GET /docs`` (OpenAPI), ``GET /`` (the page);
- ``GET /corpus`` with ``serve --corpus corpus.duckdb``: who said what across a corpus.

Пример::

    >>> from newsnlp.server import parse_size
    >>> parse_size("10MB")
    10000000
    >>> app = create_app(max_body=parse_size("50MB"))
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..integrations import require
from .config import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_HEADER_TIMEOUT,
    DEFAULT_MAX_BODY,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_QUEUE,
    DEFAULT_TIME_LIMIT,
    ENV_ALLOWED_HOSTS,
    ENV_BATCH_SIZE,
    ENV_BODY_TIMEOUT,
    ENV_CORPUS,
    ENV_CORS_ORIGINS,
    ENV_HEADER_TIMEOUT,
    ENV_MAX_BODY,
    ENV_MAX_CONNECTIONS,
    ENV_QUEUE,
    ENV_TIME_LIMIT,
    parse_count,
    parse_seconds,
    parse_size,
)

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["DEFAULT_MAX_BODY", "create_app", "parse_size", "serve"]


def create_app(
    *,
    pipeline: Any = None,
    max_body: int | str = DEFAULT_MAX_BODY,
    batch_size: int = DEFAULT_BATCH_SIZE,
    allowed_hosts: Sequence[str] | None = None,
    queue: int = DEFAULT_QUEUE,
    time_limit: float = DEFAULT_TIME_LIMIT,
    body_timeout: float = DEFAULT_BODY_TIMEOUT,
    cors_origins: Sequence[str] | None = None,
    corpus: str | None = None,
) -> FastAPI:
    """The ASGI app (FastAPI) of the HTTP service.

    Models load when the app starts (its lifespan), on the thread that runs extraction;
    pass ``pipeline`` to use a :class:`~newsnlp.Pipeline` you already have. ``max_body``
    is the largest body read (bytes or ``"10MB"``); larger ones get 413.
    ``allowed_hosts`` (``["news.example.org", "*.example.org"]``) answers only requests
    for those ``Host`` names, any other with 400; by default any host is answered.
    ``queue`` requests of ``POST /extract`` wait while one runs, any more get 503 with
    ``Retry-After``; a request not answered ``time_limit`` seconds after its body is in
    is stopped (504, or E606 in the places of a batch's unfinished documents); a body
    that takes over ``body_timeout`` seconds to arrive gets 408. ``cors_origins``
    (``["https://dash.example.org"]``) lets pages of those origins call the API; none
    may by default.
    ``corpus`` (a ``corpus.duckdb``) is shown at ``/corpus`` (:mod:`newsnlp.server.corpus`).

    Пример::

        >>> from fastapi.testclient import TestClient
        >>> with TestClient(create_app(time_limit=30)) as client:
        ...     client.get("/health").json()["status"] in ("loading", "ok")
        True
    """
    require("fastapi", "server")
    require("fastapi_offline", "server")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise InputError.bad_option("batch_size", batch_size, "a whole number >= 1")
    from .app import build_app

    return build_app(
        pipeline=pipeline,
        max_body=parse_size(max_body),
        batch_size=batch_size,
        allowed_hosts=allowed_hosts,
        queue=parse_count("queue", queue),
        time_limit=parse_seconds("time_limit", time_limit),
        body_timeout=parse_seconds("body_timeout", body_timeout),
        cors_origins=cors_origins,
        corpus=corpus,
    )


def _set_list(name: str, values: Sequence[str] | None) -> None:
    if values:
        os.environ[name] = ",".join(values)
    else:
        os.environ.pop(name, None)


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    max_body: int | str = DEFAULT_MAX_BODY,
    batch_size: int = DEFAULT_BATCH_SIZE,
    log_level: str = "info",
    allowed_hosts: Sequence[str] | None = None,
    queue: int = DEFAULT_QUEUE,
    time_limit: float = DEFAULT_TIME_LIMIT,
    body_timeout: float = DEFAULT_BODY_TIMEOUT,
    header_timeout: float = DEFAULT_HEADER_TIMEOUT,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    cors_origins: Sequence[str] | None = None,
    corpus: str | None = None,
) -> None:
    """Run the HTTP service with uvicorn until interrupted (``newsnlp serve``).

    Each of the ``workers`` processes loads the models once, at start-up. The options
    reach the workers through the environment (``NEWSNLP_MAX_BODY``,
    ``NEWSNLP_BATCH_SIZE``...), which this sets in the calling process. Beyond
    :func:`create_app`'s limits, each worker closes a connection whose request headers
    are not in within ``header_timeout`` seconds, and holds at most ``max_connections``
    (:mod:`newsnlp.server.protocol`).

    Пример::

        >>> serve(port=8000, workers=2, time_limit=120)  # doctest: +SKIP
    """
    uvicorn = require("uvicorn", "server")
    require("fastapi", "server")
    require("fastapi_offline", "server")
    if not isinstance(workers, int) or workers < 1:
        raise InputError.bad_option("workers", workers, "a whole number >= 1")
    if not isinstance(port, int) or not 0 <= port <= 65535:
        raise InputError.bad_option("port", port, "a port number from 0 to 65535")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise InputError.bad_option("batch_size", batch_size, "a whole number >= 1")
    os.environ[ENV_MAX_BODY] = str(parse_size(max_body))
    os.environ[ENV_BATCH_SIZE] = str(batch_size)
    os.environ[ENV_QUEUE] = str(parse_count("queue", queue))
    os.environ[ENV_TIME_LIMIT] = str(parse_seconds("time_limit", time_limit))
    os.environ[ENV_BODY_TIMEOUT] = str(parse_seconds("body_timeout", body_timeout))
    os.environ[ENV_HEADER_TIMEOUT] = str(parse_seconds("header_timeout", header_timeout))
    os.environ[ENV_MAX_CONNECTIONS] = str(parse_count("max_connections", max_connections, 1))
    _set_list(ENV_ALLOWED_HOSTS, allowed_hosts)
    _set_list(ENV_CORS_ORIGINS, cors_origins)
    if corpus is not None:
        from ..corpus import connect

        connect(corpus, read_only=True).close()  # a bad file fails here, not in each worker
        os.environ[ENV_CORPUS] = os.path.abspath(corpus)
    else:
        os.environ.pop(ENV_CORPUS, None)
    print(f"newsnlp: the page at http://{host}:{port}/, the API docs at /docs", file=sys.stderr)
    if corpus is not None:
        print(f"newsnlp: the corpus {corpus} at http://{host}:{port}/corpus", file=sys.stderr)
    uvicorn.run(
        "newsnlp.server.app:from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        # h11 with a header timeout and a connection limit (slow clients).
        http="newsnlp.server.protocol:GuardedH11Protocol",
    )
