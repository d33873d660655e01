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
- :class:`BodyGuard` answers 415 and 413 before the app sees a body, and keeps no more
  of a body than the limit.

Пример::

    >>> from newsnlp.server import create_app
    >>> from fastapi.testclient import TestClient  # doctest: +SKIP
    >>> with TestClient(create_app()) as client:  # doctest: +SKIP
    ...     doc = client.post("/extract", json={"text": "«Мы готовы», — сказал Песков."}).json()
    >>> doc["quotes"][0]["speaker"]["normal"]  # doctest: +SKIP
    'Песков'
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
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
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..document import Document
from ..errors import DocumentError, InputError, NewsnlpError, RequestError
from .config import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_BODY,
    ENV_ALLOWED_HOSTS,
    ENV_BATCH_SIZE,
    ENV_CORPUS,
    ENV_MAX_BODY,
    parse_size,
)
from .models import (
    BatchRequest,
    DocumentFailure,
    DocumentJSON,
    ErrorJSON,
    HealthJSON,
    TextRequest,
    ValidationErrorJSON,
    VersionJSON,
)

__all__ = ["BodyGuard", "SecurityHeaders", "build_app", "from_env"]

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("newsnlp.server")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

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


def _error_json(error: NewsnlpError) -> dict[str, str]:
    # The code has its own key; the message need not repeat it.
    return {"code": error.code, "detail": str(error).removeprefix(f"[{error.code}] ")}


def _dump(obj: object) -> bytes:
    try:
        return json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate ("\ud800" escaped in the request) has no UTF-8 form: escape
        # everything; the text, and so every offset, stays as it was sent.
        return json.dumps(obj).encode("ascii")


def _encoded(doc: Document, doc_id: str) -> bytes:
    data = doc.as_json()
    data["id"] = doc_id  # the caller's id; the pipeline saw the position
    return _dump(data)


def _run(pipeline: _Pipe, ids: list[str], texts: list[str]) -> list[bytes | BaseException]:
    """Every text through the pipeline, in order: its JSON, or what made it fail."""
    out: list[bytes | BaseException | None] = [None] * len(texts)

    def failed(error: DocumentError) -> None:
        out[int(error.doc_id)] = error.cause

    # Position numbers as ids: the caller's may repeat or be missing. Each document is
    # encoded as it comes, so a large batch never holds all its Documents at once.
    try:
        for doc in pipeline.pipe(((str(k), t) for k, t in enumerate(texts)), on_error=failed):
            k = int(doc.id)
            out[k] = _encoded(doc, ids[k])
    except Exception:
        log.exception("the pipeline failed on a batch; processing its documents one by one")
    for k, text in enumerate(texts):
        if out[k] is None:
            try:
                out[k] = _encoded(pipeline(text, id=str(k)), ids[k])
            except DocumentError as error:
                out[k] = error.cause
            except Exception as error:
                out[k] = error
    return [x if x is not None else RuntimeError("no result") for x in out]


def _failure(doc_id: str, error: BaseException) -> tuple[int, dict[str, str]]:
    """The error object of a failed document, and the status it calls for alone."""
    if isinstance(error, InputError):  # the text, not the server: no traceback
        log.warning("document %r refused: %s", doc_id, error)
        return 422, _error_json(error)
    log.error("document %r failed", doc_id, exc_info=error)
    if isinstance(error, NewsnlpError):
        return 500, _error_json(error)
    return 500, _error_json(DocumentError(doc_id, error))


def _answer(pipeline: _Pipe, ids: list[str], texts: list[str], *, batch: bool) -> tuple[int, bytes]:
    """Status and JSON body of ``POST /extract``; runs on the worker thread.

    Пример::

        >>> _answer(Pipeline(), ["a1"], ["Путин прибыл."], batch=True)[0]  # doctest: +SKIP
        200
    """
    results = _run(pipeline, ids, texts)
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


class _Engine:
    """The pipeline of one worker process: loaded once, run on one thread."""

    def __init__(self, pipeline: _Pipe | None, batch_size: int) -> None:
        self.pipeline = pipeline
        self.batch_size = batch_size
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

    async def extract(self, ids: list[str], texts: list[str], *, batch: bool) -> Response:
        try:
            pipeline = await asyncio.shield(self.start())
        except Exception as error:
            raise RequestError.no_models(error) from error
        status, body = await asyncio.get_running_loop().run_in_executor(
            self.executor, lambda: _answer(pipeline, ids, texts, batch=batch)
        )
        return Response(body, status_code=status, media_type="application/json")


def _is_json(content_type: str | None) -> bool:
    media = (content_type or "").split(";")[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


async def _reply(send: Send, error: RequestError) -> None:
    body = _dump(_error_json(error))
    await send(
        {
            "type": "http.response.start",
            "status": error.status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                # The rest of the body is never read: the connection cannot be reused.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# A refused body is still read to its end, up to this many times the limit, and dropped.
_DRAIN = 4


async def _drain(receive: Receive, budget: int) -> None:
    dropped = 0
    while dropped <= budget:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return
        dropped += len(message.get("body", b""))


# The page and the API load nothing from elsewhere; the /docs page (Swagger UI, served
# from the package) needs its inline bootstrap script and styles.
_CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_CSP_DOCS = _CSP + "; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'"
_DOCS_PATHS = ("/docs", "/redoc", "/static-docs")


class SecurityHeaders:
    """ASGI middleware: every answer says not to sniff types, not to be framed, not to
    send the referrer, and which sources its page may load (CSP).

    Пример::

        >>> async def inner(scope, receive, send): ...
        >>> SecurityHeaders(inner).headers_for("/")[b"x-frame-options"]
        b'DENY'
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    @staticmethod
    def headers_for(path: str) -> dict[bytes, bytes]:
        """The headers added to an answer on ``path``."""
        csp = _CSP_DOCS if path.startswith(_DOCS_PATHS) else _CSP
        return {
            b"x-content-type-options": b"nosniff",
            b"x-frame-options": b"DENY",
            b"referrer-policy": b"no-referrer",
            b"content-security-policy": csp.encode("ascii"),
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.headers_for(scope["path"])

        async def with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in extra]
                message["headers"] = kept + list(extra.items())
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyGuard:
    """ASGI middleware: 415 for a body that is not JSON, 413 for one over ``max_body``.

    A declared ``Content-Length`` over the limit is refused before a byte of the body is
    kept; a chunked body is counted as it streams in and refused as soon as it passes the
    limit. What was read (at most ``max_body`` bytes) is handed on to the app.

    Before it answers a refusal, the guard reads what the client is still sending and
    drops it (up to four times the limit): closing a socket with unread bytes makes the
    kernel reset the connection, and the client would lose the answer it is about to
    read. A client that waits for ``100 Continue`` is answered at once and sends nothing.

    Пример::

        >>> async def inner(scope, receive, send): ...
        >>> guard = BodyGuard(inner, max_body=1_000_000, json_paths=["/extract"])
        >>> guard.max_body, sorted(guard.json_paths)
        (1000000, ['/extract'])
    """

    def __init__(self, app: ASGIApp, *, max_body: int, json_paths: Sequence[str] = ()) -> None:
        self.app = app
        self.max_body = max_body
        self.json_paths = frozenset(json_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        length = headers.get("content-length", "")
        refusal = None
        if scope["path"] in self.json_paths and not _is_json(headers.get("content-type")):
            refusal = RequestError.not_json(headers.get("content-type"))
        elif length.isdigit() and int(length) > self.max_body:
            refusal = RequestError.too_large(self.max_body)
        if refusal is not None:
            # uvicorn sends "100 Continue" on the first receive(): a client waiting for it
            # gets the refusal instead and never sends the body, so there is none to drain.
            waiting = "100-continue" in headers.get("expect", "").lower()
            too_long = length.isdigit() and int(length) > _DRAIN * self.max_body
            if not waiting and not too_long:
                await _drain(receive, _DRAIN * self.max_body)
            await _reply(send, refusal)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client went away: nobody to answer
            chunk = message.get("body", b"")
            more = message.get("more_body", False)
            size += len(chunk)
            if size > self.max_body:
                chunks.clear()
                if more:
                    await _drain(receive, _DRAIN * self.max_body)
                await _reply(send, RequestError.too_large(self.max_body))
                return
            chunks.append(chunk)
        body = b"".join(chunks)
        handed = False

        async def replay() -> Message:
            nonlocal handed
            if not handed:
                handed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # then, as usual, only a disconnect is left to come

        await self.app(scope, replay, send)


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
    503: {"model": ErrorJSON, "description": "The models could not be loaded (E604)."},
}


def build_app(
    *,
    pipeline: _Pipe | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    batch_size: int = DEFAULT_BATCH_SIZE,
    allowed_hosts: Sequence[str] | None = None,
    corpus: str | Path | None = None,
) -> FastAPI:
    """The app itself; use :func:`newsnlp.server.create_app`, which checks the extra.

    Пример::

        >>> build_app().title  # doctest: +SKIP
        'newsnlp'
    """
    engine = _Engine(pipeline, batch_size)

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
    app.add_middleware(BodyGuard, max_body=max_body, json_paths=["/extract"])
    if allowed_hosts:
        # A Host allow-list stops DNS rebinding: a page elsewhere cannot reach a service
        # on 127.0.0.1 through a name it controls.
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    # Added last, so outermost: refusals from the guard carry the headers too.
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(RequestError)
    async def request_error(request: Request, error: RequestError) -> JSONResponse:
        return JSONResponse(_error_json(error), status_code=error.status)

    @app.exception_handler(RequestValidationError)
    async def invalid_body(request: Request, error: RequestValidationError) -> JSONResponse:
        # Not pydantic's own list: its "input" would echo a body of megabytes back.
        found = _problems(error.errors(), error.body)
        content = _error_json(RequestError.invalid(_reason(found)))
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
    async def extract(body: TextRequest | BatchRequest) -> Response:
        """One text answers one document; a batch answers a list, in the order sent.

        A document of a batch that fails is `{"id", "error": {"code", "detail"}}` in its
        place; the rest are processed as usual and the status stays 200.
        """
        if isinstance(body, TextRequest):
            return await engine.extract([body.id or "doc"], [body.text], batch=False)
        ids = [d.id if d.id is not None else f"doc{n}" for n, d in enumerate(body.documents, 1)]
        return await engine.extract(ids, [d.text for d in body.documents], batch=True)

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


def from_env() -> FastAPI:
    """The app configured from the environment: the factory every uvicorn worker imports.

    ``NEWSNLP_MAX_BODY`` (``10MB``, ``512KB``, bytes), ``NEWSNLP_BATCH_SIZE`` and
    ``NEWSNLP_ALLOWED_HOSTS`` (comma-separated); ``newsnlp serve`` sets them from its
    options.

    Пример::

        $ NEWSNLP_MAX_BODY=50MB uvicorn --factory newsnlp.server.app:from_env
    """
    batch = os.environ.get(ENV_BATCH_SIZE, str(DEFAULT_BATCH_SIZE))
    if not batch.isdigit() or int(batch) < 1:
        raise InputError.bad_option(ENV_BATCH_SIZE, batch, "a whole number >= 1")
    hosts = [h.strip() for h in os.environ.get(ENV_ALLOWED_HOSTS, "").split(",") if h.strip()]
    return build_app(
        max_body=parse_size(os.environ.get(ENV_MAX_BODY, str(DEFAULT_MAX_BODY))),
        batch_size=int(batch),
        allowed_hosts=hosts or None,
        corpus=os.environ.get(ENV_CORPUS) or None,
    )
