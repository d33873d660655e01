"""The ASGI app behind ``newsnlp serve``: ``POST /extract``, ``/health``, ``/version``, ``/``.

Build it with :func:`newsnlp.server.create_app`; :func:`from_env` is the factory that
uvicorn (or gunicorn with uvicorn workers) imports in every worker process::

    uvicorn --factory newsnlp.server.app:from_env --host 0.0.0.0 --port 8000

How it stays up under load and bad input:

- the models load once per process, on a worker thread that starts with the app, so the
  server accepts connections at once and ``GET /health`` says ``loading`` until they
  are in (503), then ``ok`` (200);
- extraction (and the JSON encoding of its answer) runs on that same single thread, off
  the event loop: ``/health`` answers while a long batch runs. One thread, because the
  work is Python under the GIL (a second thread adds contention, not speed); more
  throughput comes from ``--workers N`` processes;
- :class:`BodyGuard` answers 415 and 413 before the app sees a body, keeps no more
  of a body than the limit, and 408 to a body that takes longer than ``body_timeout``;
- :class:`Admission` lets ``queue`` requests wait for that thread (one more runs) and
  answers any more with 503 and ``Retry-After`` at once, before reading their bodies;
- a request whose client goes away, or whose ``time_limit`` is up, stops at the next
  window or NER batch (:mod:`newsnlp._checkpoint`), and one that waited out its time in
  the queue never starts.

Пример::

    >>> from newsnlp.server import create_app
    >>> from fastapi.testclient import TestClient
    >>> with TestClient(create_app()) as client:
    ...     doc = client.post("/extract", json={"text": "«Мы готовы», — сказал Песков."}).json()
    >>> doc["quotes"][0]["speaker"]["normal"]
    'Песков'
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Protocol

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from .._checkpoint import watching
from ..document import Document
from ..errors import DocumentError, InputError, NewsnlpError, RequestError
from .config import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_MAX_BODY,
    DEFAULT_QUEUE,
    DEFAULT_TIME_LIMIT,
    ENV_ALLOWED_HOSTS,
    ENV_BATCH_SIZE,
    ENV_BODY_TIMEOUT,
    ENV_CORPUS,
    ENV_CORS_ORIGINS,
    ENV_MAX_BODY,
    ENV_QUEUE,
    ENV_TIME_LIMIT,
    parse_count,
    parse_seconds,
    parse_size,
)
from .guards import (
    Admission,
    BodyGuard,
    Receive,
    SecurityHeaders,
    _Capacity,
    _dump,
    _error_json,
    _headers_of,
    _Ticket,
)
from .models import (
    BatchRequest,
    DocumentFailure,
    DocumentJSON,
    ErrorJSON,
    HealthJSON,
    RefusedItem,
    TextRequest,
    ValidationErrorJSON,
    VersionJSON,
)

__all__ = ["build_app", "from_env"]

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("newsnlp.server")


# A short text through the whole pipeline at start-up: pymorphy3's dictionaries and the
# caches fill here, not in the first user's request.
_WARM_UP = "«Мы готовы», — сказал Дмитрий Песков агентству ТАСС."

_DESCRIPTION = """\
Who said what, to whom, according to whom, in Russian news.

`POST /extract` takes one article, `{"text": "..."}`, and answers one document of the
newsnlp JSON contract; or a batch, `{"documents": [{"id": "a1", "text": "..."}, ...]}`,
and answers a list in the same order, where a document that failed is
`{"id": "a2", "error": {"code": "E400", "detail": "..."}}` and the others are as usual.
"""


class _Pipe(Protocol):
    """What the app needs of a pipeline: :meth:`newsnlp.Pipeline.pipe` and a call."""

    def pipe(self, items: Any, *, on_error: Any) -> Any: ...

    def __call__(self, text: str, *, id: str = "doc") -> Document: ...


def _problems(errors: Sequence[Any], body: object) -> list[dict[str, Any]]:
    """pydantic's errors for the shape the client meant, places without model names."""
    # A body fails both shapes of the union; report only the one it was aiming at.
    meant = "BatchRequest" if isinstance(body, dict) and "documents" in body else "TextRequest"
    out = []
    for error in errors:
        loc = list(error.get("loc", ()))
        if len(loc) > 1 and loc[1] in ("TextRequest", "BatchRequest"):
            if loc[1] != meant:
                continue
            del loc[1]
        msg = str(error.get("msg", "invalid"))
        if error.get("type") == "json_invalid":
            # FastAPI puts the character position in loc and the reason in ctx.
            reason = (error.get("ctx") or {}).get("error", "")
            msg = f"not valid JSON ({reason}) at character {loc[-1]}" if reason else "not JSON"
            loc = ["body"]
        out.append({"loc": loc, "msg": msg, "type": error.get("type", "invalid")})
    return out


def _reason(problems: Sequence[dict[str, Any]]) -> str:
    return (
        "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in problems[:3])
        or "invalid body"
    )


def _encoded(doc: Document, doc_id: str) -> bytes:
    data = doc.as_json()
    data["id"] = doc_id  # the caller's id; the pipeline saw the position
    return _dump(data)


class _Stopped(BaseException):
    """Raised at a checkpoint of the pipeline to stop a request: its client went away
    or its time is up. A BaseException, so no ``except Exception`` on the way takes it
    for a failing document."""


class _Deadline:
    """What stops one request: its deadline, or its client gone (set on the event loop,
    read on the extraction thread)."""

    def __init__(self, time_limit: float) -> None:
        self.time_limit = time_limit
        self.deadline = time.monotonic() + time_limit
        self.gone = False
        self.started = False
        self.seconds: float | None = None  # what it took on the thread, once done

    def expired(self) -> bool:
        return time.monotonic() >= self.deadline

    def check(self) -> None:
        if self.gone or self.expired():
            raise _Stopped


def _run(
    pipeline: _Pipe, ids: list[str], texts: Sequence[str | RequestError], stop: _Deadline
) -> list[bytes | BaseException]:
    """Every text through the pipeline, in order: its JSON, or what made it fail."""
    # A batch item that was no document has its error already, in its place.
    out: list[bytes | BaseException | None] = [
        t if isinstance(t, BaseException) else None for t in texts
    ]

    def failed(error: DocumentError) -> None:
        out[int(error.doc_id)] = error.cause

    def items() -> Any:
        for k, text in enumerate(texts):
            stop.check()  # between documents, for a pipeline without checkpoints too
            if isinstance(text, str):
                yield str(k), text

    # Position numbers as ids: the caller's may repeat or be missing. Each document is
    # encoded as it comes, so a large batch never holds all its Documents at once.
    try:
        try:
            for doc in pipeline.pipe(items(), on_error=failed):
                k = int(doc.id)
                out[k] = _encoded(doc, ids[k])
        except Exception:
            log.exception("the pipeline failed on a batch; processing its documents one by one")
        for k, text in enumerate(texts):
            if out[k] is None and isinstance(text, str):
                stop.check()
                try:
                    out[k] = _encoded(pipeline(text, id=str(k)), ids[k])
                except DocumentError as error:
                    out[k] = error.cause
                except Exception as error:
                    out[k] = error
    except _Stopped:
        if stop.gone:
            return []  # nobody to answer
        # The documents done stay; those not reached say why, in their place.
        late = RequestError.time_limit(stop.time_limit)
        out = [late if x is None else x for x in out]
    return [x if x is not None else RuntimeError("no result") for x in out]


def _failure(doc_id: str, error: BaseException) -> tuple[int, dict[str, str]]:
    """The error object of a failed document, and the status it calls for alone."""
    if isinstance(error, RequestError):  # the server's limit, not the text's fault
        log.warning("document %r refused: %s", doc_id, error)
        return error.status, _error_json(error)
    if isinstance(error, InputError):  # the text, not the server: no traceback
        log.warning("document %r refused: %s", doc_id, error)
        return 422, _error_json(error)
    log.error("document %r failed", doc_id, exc_info=error)
    if isinstance(error, NewsnlpError):
        return 500, _error_json(error)
    return 500, _error_json(DocumentError(doc_id, error))


def _answer(
    pipeline: _Pipe,
    ids: list[str],
    texts: Sequence[str | RequestError],
    *,
    batch: bool,
    stop: _Deadline,
) -> tuple[int, bytes]:
    """Status and JSON body of ``POST /extract``; runs on the worker thread.

    Пример::

        >>> from newsnlp import Pipeline
        >>> stop = _Deadline(time_limit=60)
        >>> _answer(Pipeline(), ["a1"], ["Да."], batch=True, stop=stop)[0]
        200
    """
    stop.started = True
    if stop.gone or stop.expired():
        return 499, b""  # abandoned, or its time ran out in the queue: the loop answered
    began = time.monotonic()
    with watching(stop.check):
        results = _run(pipeline, ids, texts, stop)
    stop.seconds = time.monotonic() - began
    if stop.gone:
        return 499, b""
    if not batch:
        (result,) = results
        if isinstance(result, bytes):
            return 200, result
        status, error = _failure(ids[0], result)
        return status, _dump(error)
    parts = [
        r if isinstance(r, bytes) else _dump({"id": doc_id, "error": _failure(doc_id, r)[1]})
        for doc_id, r in zip(ids, results, strict=True)
    ]
    return 200, b"[" + b", ".join(parts) + b"]"


# How long a request whose time is up waits for the thread to stop at its next
# checkpoint (and give the documents done) before it is answered without them.
_GRACE = 5.0


async def _disconnected(receive: Receive) -> None:
    """Returns when the client has gone away (the body has been read by then)."""
    while (await receive())["type"] != "http.disconnect":
        pass


class _Engine:
    """The pipeline of one worker process: loaded once, run on one thread."""

    def __init__(
        self, pipeline: _Pipe | None, batch_size: int, time_limit: float, capacity: _Capacity
    ) -> None:
        self.pipeline = pipeline
        self.batch_size = batch_size
        self.time_limit = time_limit
        self.capacity = capacity
        self.executor: ThreadPoolExecutor | None = None
        self.loading: asyncio.Future[_Pipe] | None = None

    def start(self) -> asyncio.Future[_Pipe]:
        # Also on first use: an app mounted inside another app gets no lifespan events.
        if self.loading is None:
            self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsnlp")
            self.loading = asyncio.get_running_loop().run_in_executor(self.executor, self._load)
        return self.loading

    def stop(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)

    def _load(self) -> _Pipe:
        pipeline = self.pipeline
        if pipeline is None:
            from ..pipeline import Pipeline

            pipeline = Pipeline(batch_size=self.batch_size)
        pipeline(_WARM_UP)
        log.info("newsnlp models loaded (pid %d)", os.getpid())
        return pipeline

    def health(self) -> tuple[int, HealthJSON]:
        loading = self.start()
        if not loading.done():
            return 503, HealthJSON(status="loading")
        error = loading.exception()
        if error is not None:
            return 503, HealthJSON(status="error", detail=str(error))
        return 200, HealthJSON(status="ok")

    async def extract(
        self, request: Request, ids: list[str], texts: Sequence[str | RequestError], *, batch: bool
    ) -> Response:
        stop = _Deadline(self.time_limit)
        try:
            pipeline = await asyncio.shield(self.start())
        except Exception as error:
            raise RequestError.no_models(error) from error
        loop = asyncio.get_running_loop()
        work = loop.run_in_executor(
            self.executor, lambda: _answer(pipeline, ids, texts, batch=batch, stop=stop)
        )
        ticket: _Ticket | None = request.scope.get("newsnlp.ticket")
        if ticket is not None:
            ticket.hold()

        def done(future: asyncio.Future[tuple[int, bytes]]) -> None:
            if ticket is not None:
                ticket.release()
            if stop.seconds is not None:
                self.capacity.ran(stop.seconds)

        work.add_done_callback(done)
        gone = asyncio.ensure_future(_disconnected(request.receive))
        both: set[asyncio.Future[Any]] = {work, gone}
        try:
            finished, _ = await asyncio.wait(
                both,
                timeout=max(0.0, stop.deadline - time.monotonic()),
                return_when=asyncio.FIRST_COMPLETED,
            )
            if work not in finished and gone not in finished:  # the time is up
                if not stop.started:
                    # It waited its whole time for the thread: the server is too busy.
                    stop.gone = True
                    work.cancel()  # its place in the queue is free at once
                    raise RequestError.busy(self.capacity.retry_after())
                finished, _ = await asyncio.wait(
                    both, timeout=_GRACE, return_when=asyncio.FIRST_COMPLETED
                )
                if not finished:
                    raise RequestError.time_limit(self.time_limit)
            if work not in finished:  # the client went away: stop its work, answer nobody
                stop.gone = True
                if not stop.started:
                    # Not begun: out of the queue now, its place free for the next one.
                    work.cancel()
                log.info("client gone; its request stops at the next window")
                return Response(status_code=499)
            status, body = work.result()
            if status == 499:  # the thread found the time up before the loop did
                raise RequestError.busy(self.capacity.retry_after())
            return Response(body, status_code=status, media_type="application/json")
        finally:
            gone.cancel()


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorJSON, "description": "The body is over the server's limit (E601)."},
    415: {"model": ErrorJSON, "description": "The body is not JSON (E602)."},
    422: {
        "model": ValidationErrorJSON,
        "description": "Not JSON, or neither {text} nor {documents} (E603); for one text, "
        "also a text the library refuses (E1xx).",
    },
    500: {"model": ErrorJSON, "description": "One text was sent and it failed (E400)."},
    408: {"model": ErrorJSON, "description": "The body came too slowly (E607)."},
    503: {
        "model": ErrorJSON,
        "description": "The server is busy (E608, with Retry-After), or the models could "
        "not be loaded (E604).",
    },
    504: {"model": ErrorJSON, "description": "One text was sent and took too long (E606)."},
}


def build_app(
    *,
    pipeline: _Pipe | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    batch_size: int = DEFAULT_BATCH_SIZE,
    allowed_hosts: Sequence[str] | None = None,
    queue: int = DEFAULT_QUEUE,
    time_limit: float = DEFAULT_TIME_LIMIT,
    body_timeout: float = DEFAULT_BODY_TIMEOUT,
    cors_origins: Sequence[str] | None = None,
    corpus: str | Path | None = None,
) -> FastAPI:
    """The app itself; use :func:`newsnlp.server.create_app`, which checks the extra.

    Пример::

        >>> build_app().title
        'newsnlp'
    """
    capacity = _Capacity(queue)
    engine = _Engine(pipeline, batch_size, time_limit, capacity)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        engine.start()
        yield
        engine.stop()

    # FastAPIOffline: the /docs page with Swagger UI served from the package, not a CDN.
    app = FastAPIOffline(
        title="newsnlp",
        version=__version__,
        description=_DESCRIPTION,
        lifespan=lifespan,
        static_url="/static-docs",
    )
    app.add_middleware(
        BodyGuard, max_body=max_body, json_paths=["/extract"], body_timeout=body_timeout
    )
    # Outside the guard: a request beyond the queue is refused before its body is kept.
    app.add_middleware(
        Admission,
        paths=["/extract"],
        capacity=capacity,
        body_timeout=body_timeout,
    )
    if allowed_hosts:
        # A Host allow-list stops DNS rebinding: a page elsewhere cannot reach a service
        # on 127.0.0.1 through a name it controls.
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    if cors_origins:
        # Only the origins named: a page elsewhere may then read the answers (CORS).
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"],
            expose_headers=["Retry-After"],
            max_age=600,
        )
    # Added last, so outermost: refusals from the guard carry the headers too.
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(RequestError)
    async def request_error(request: Request, error: RequestError) -> JSONResponse:
        headers = {k.decode(): v.decode() for k, v in _headers_of(error)}
        return JSONResponse(_error_json(error), status_code=error.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_body(request: Request, error: RequestValidationError) -> JSONResponse:
        # Not pydantic's own list: its "input" would echo a body of megabytes back.
        found = _problems(error.errors(), error.body)
        in_query = bool(found) and all(e["loc"][:1] == ["query"] for e in found)
        # "?limit=0" is no body problem: telling the client to send {"text": ...} misleads
        refusal = RequestError.bad_query if in_query else RequestError.invalid
        content = _error_json(refusal(_reason(found)))
        return JSONResponse({**content, "errors": jsonable_encoder(found)}, status_code=422)

    @app.exception_handler(HTTPException)
    async def unreadable_body(request: Request, error: HTTPException) -> Response:
        # FastAPI answers 400 for a body json.loads cannot take for other reasons than
        # syntax (not UTF-8, nested too deep): to a client that is malformed JSON too.
        if error.status_code == 400 and request.url.path == "/extract":
            cause = type(error.__cause__).__name__ if error.__cause__ else "unreadable"
            found = [
                {"loc": ["body"], "msg": f"unreadable as JSON ({cause})", "type": "json_invalid"}
            ]
            content = _error_json(RequestError.invalid(_reason(found)))
            return JSONResponse({**content, "errors": found}, status_code=422)
        return await http_exception_handler(request, error)

    @app.post(
        "/extract",
        response_model=DocumentJSON | list[DocumentJSON | DocumentFailure],
        responses=_ERRORS,
        summary="Entities, clusters and quotes of one article or a batch",
    )
    async def extract(body: TextRequest | BatchRequest, request: Request) -> Response:
        """One text answers one document; a batch answers a list, in the order sent.

        A document of a batch that fails is `{"id", "error": {"code", "detail"}}` in its
        place; the rest are processed as usual and the status stays 200.
        """
        if isinstance(body, TextRequest):
            return await engine.extract(request, [body.id or "doc"], [body.text], batch=False)
        ids = [d.id if d.id is not None else f"doc{n}" for n, d in enumerate(body.documents, 1)]
        texts: list[str | RequestError] = [
            RequestError.invalid(f"documents[{n}]: {d.problem}")
            if isinstance(d, RefusedItem)
            else d.text
            for n, d in enumerate(body.documents)
        ]
        return await engine.extract(request, ids, texts, batch=True)

    @app.get(
        "/health",
        response_model=HealthJSON,
        responses={503: {"model": HealthJSON, "description": "Models loading, or failed."}},
        summary="Ready once the models are loaded",
    )
    async def health() -> JSONResponse:
        """200 `{"status": "ok"}` once this worker's models are loaded; 503 before."""
        status, body = engine.health()
        return JSONResponse(body.model_dump(), status_code=status)

    @app.get("/version", response_model=VersionJSON, summary="Versions of newsnlp and its models")
    async def versions() -> VersionJSON:
        """newsnlp, natasha (NER weights), slovnet, pymorphy3 and Python versions."""
        return VersionJSON(
            newsnlp=__version__,
            natasha=_version("natasha"),
            slovnet=_version("slovnet"),
            pymorphy3=_version("pymorphy3"),
            python=sys.version.split()[0],
        )

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    from .corpus import corpus_router  # the /corpus view (newsnlp serve --corpus)

    app.include_router(corpus_router(corpus))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _listed(name: str) -> list[str] | None:
    found = [h.strip() for h in os.environ.get(name, "").split(",") if h.strip()]
    return found or None


def from_env() -> FastAPI:
    """The app configured from the environment: the factory every uvicorn worker imports.

    ``NEWSNLP_MAX_BODY`` (``10MB``, ``512KB``, bytes), ``NEWSNLP_BATCH_SIZE``,
    ``NEWSNLP_QUEUE``, ``NEWSNLP_TIME_LIMIT`` and ``NEWSNLP_BODY_TIMEOUT`` (seconds),
    ``NEWSNLP_ALLOWED_HOSTS`` and ``NEWSNLP_CORS_ORIGINS`` (comma-separated);
    ``newsnlp serve`` sets them from its options.

    Пример::

        $ NEWSNLP_MAX_BODY=50MB uvicorn --factory newsnlp.server.app:from_env
    """
    env = os.environ.get
    return build_app(
        max_body=parse_size(env(ENV_MAX_BODY, str(DEFAULT_MAX_BODY))),
        batch_size=parse_count(ENV_BATCH_SIZE, env(ENV_BATCH_SIZE, str(DEFAULT_BATCH_SIZE)), 1),
        allowed_hosts=_listed(ENV_ALLOWED_HOSTS),
        queue=parse_count(ENV_QUEUE, env(ENV_QUEUE, str(DEFAULT_QUEUE))),
        time_limit=parse_seconds(ENV_TIME_LIMIT, env(ENV_TIME_LIMIT, str(DEFAULT_TIME_LIMIT))),
        body_timeout=parse_seconds(
            ENV_BODY_TIMEOUT, env(ENV_BODY_TIMEOUT, str(DEFAULT_BODY_TIMEOUT))
        ),
        cors_origins=_listed(ENV_CORS_ORIGINS),
        corpus=os.environ.get(ENV_CORPUS) or None,
    )
