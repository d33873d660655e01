"""ASGI middleware of the HTTP service: limits that hold before the app sees a request.

- :class:`SecurityHeaders`: CSP, nosniff, no framing, no referrer on every answer;
- :class:`Admission`: a bounded queue for ``POST /extract``, 503 with ``Retry-After``
  beyond it;
- :class:`BodyGuard`: 415 for a body that is not JSON, 413 over the size limit, 408 for
  one that comes too slowly.

Пример::

    >>> async def inner(scope, receive, send): ...
    >>> Admission(inner, queue=2, paths=["/extract"]).capacity.limit
    3
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

from ..errors import NewsnlpError, RequestError
from .config import DEFAULT_BODY_TIMEOUT, DEFAULT_QUEUE

__all__ = ["Admission", "BodyGuard", "SecurityHeaders"]

log = logging.getLogger("newsnlp.server")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


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


class _Capacity:
    """The requests of ``POST /extract`` one worker process holds: one runs, ``queue``
    wait. Counted on the event loop only, so no lock."""

    def __init__(self, queue: int) -> None:
        self.limit = queue + 1
        self.held = 0
        self.seconds = 1.0  # a running mean of the time a request takes on the thread

    def take(self) -> bool:
        if self.held >= self.limit:
            return False
        self.held += 1
        return True

    def release(self) -> None:
        self.held -= 1

    def ran(self, seconds: float) -> None:
        self.seconds = 0.8 * self.seconds + 0.2 * seconds

    def retry_after(self) -> int:
        """Seconds until the queue has likely moved on: what each request takes, times
        the requests held, within [1, 60]."""
        return max(1, min(60, math.ceil(self.seconds * max(1, self.held))))


class _Ticket:
    """One admitted request's place: freed when both the request's answer and its work
    on the thread are done (an abandoned request's work ends after its answer)."""

    def __init__(self, capacity: _Capacity) -> None:
        self.capacity = capacity
        self.holds = 1

    def hold(self) -> None:
        self.holds += 1

    def release(self) -> None:
        self.holds -= 1
        if self.holds == 0:
            self.capacity.release()


def _is_json(content_type: str | None) -> bool:
    media = (content_type or "").split(";")[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def _headers_of(error: RequestError) -> list[tuple[bytes, bytes]]:
    retry = getattr(error, "retry_after", None)
    return [(b"retry-after", str(retry).encode())] if retry is not None else []


async def _reply(send: Send, error: RequestError, *, more: bool = False) -> None:
    """Send ``error`` as the answer; ``more``: all of it but the end of the message."""
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
                *_headers_of(error),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": more})


# A refused body is still read and dropped, up to this much (or the body timeout).
_LINGER = 1_000_000_000


async def _drain(receive: Receive, budget: int, seconds: float) -> None:
    async def drop() -> None:
        dropped = 0
        while dropped <= budget:
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                return
            dropped += len(message.get("body", b""))

    # A client that trickles what it was refused gets no more than this time.
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(drop(), seconds)


def _header_map(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


async def _refuse(
    scope: Scope, receive: Receive, send: Send, error: RequestError, seconds: float
) -> None:
    """Answer ``error`` to a request whose body is not wanted, then read and drop what
    the client still sends (up to 1 GB, or ``seconds``) before the connection closes.

    A socket closed with unread bytes makes the kernel reset the connection: a client
    that sends its whole body before it reads (urllib, and any other) would get the
    reset instead of the answer, which is already in its socket by then.
    """
    headers = _header_map(scope)
    # uvicorn sends "100 Continue" on the first receive(): a client waiting for it gets
    # the refusal instead and never sends the body, so there is none to drain.
    if "100-continue" in headers.get("expect", "").lower():
        await _reply(send, error)
        return
    await _linger(receive, send, error, seconds)


async def _linger(receive: Receive, send: Send, error: RequestError, seconds: float) -> None:
    await _reply(send, error, more=True)
    await _drain(receive, _LINGER, seconds)
    await send({"type": "http.response.body", "body": b""})


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
    """ASGI middleware: 415 for a body that is not JSON, 413 for one over ``max_body``,
    408 for one that takes longer than ``body_timeout`` seconds to arrive.

    A declared ``Content-Length`` over the limit is refused before a byte of the body is
    kept; a chunked body is counted as it streams in and refused as soon as it passes the
    limit. What was read (at most ``max_body`` bytes) is handed on to the app.

    After it answers a refusal, the guard reads what the client is still sending and
    drops it (up to 1 GB, within ``body_timeout``): closing a socket with unread bytes
    makes the kernel reset the connection, and the client would lose the answer it is
    about to read. A client that waits for ``100 Continue`` is answered at once and
    sends nothing.

    Пример::

        >>> async def inner(scope, receive, send): ...
        >>> guard = BodyGuard(inner, max_body=1_000_000, json_paths=["/extract"])
        >>> guard.max_body, sorted(guard.json_paths), guard.body_timeout
        (1000000, ['/extract'], 60.0)
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body: int,
        json_paths: Sequence[str] = (),
        body_timeout: float = DEFAULT_BODY_TIMEOUT,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.json_paths = frozenset(json_paths)
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = _header_map(scope)
        length = headers.get("content-length", "")
        refusal = None
        if scope["path"] in self.json_paths and not _is_json(headers.get("content-type")):
            refusal = RequestError.not_json(headers.get("content-type"))
        elif length.isdigit() and int(length) > self.max_body:
            refusal = RequestError.too_large(self.max_body)
        if refusal is not None:
            await _refuse(scope, receive, send, refusal, self.body_timeout)
            return
        chunks: list[bytes] = []

        async def read() -> bool:
            """The body into ``chunks``; False when the request was answered or left."""
            size = 0
            more = True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return False  # the client went away: nobody to answer
                chunk = message.get("body", b"")
                more = message.get("more_body", False)
                size += len(chunk)
                if size > self.max_body:
                    chunks.clear()
                    too_large = RequestError.too_large(self.max_body)
                    if more:
                        await _linger(receive, send, too_large, self.body_timeout)
                    else:
                        await _reply(send, too_large)
                    return False
                chunks.append(chunk)
            return True

        try:
            if not await asyncio.wait_for(read(), self.body_timeout):
                return
        except asyncio.TimeoutError:
            # A slow client (or one that stalls on purpose) holds no place for long.
            await _reply(send, RequestError.slow_body(self.body_timeout))
            return
        body = b"".join(chunks)
        handed = False

        async def replay() -> Message:
            nonlocal handed
            if not handed:
                handed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # then, as usual, only a disconnect is left to come

        await self.app(scope, replay, send)


class Admission:
    """ASGI middleware: a place in the queue for each ``POST`` to ``paths``, or 503 with
    ``Retry-After`` at once when every place is taken, before the body is kept.

    One request runs on the extraction thread and ``queue`` wait for it; a place is
    freed when the request is answered and its work has stopped. Other paths
    (``/health``) are never held back.

    Пример::

        >>> async def inner(scope, receive, send): ...
        >>> Admission(inner, queue=8, paths=["/extract"]).capacity.limit
        9
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        queue: int = DEFAULT_QUEUE,
        paths: Sequence[str] = (),
        capacity: _Capacity | None = None,
        body_timeout: float = DEFAULT_BODY_TIMEOUT,
    ) -> None:
        self.app = app
        self.capacity = capacity if capacity is not None else _Capacity(queue)
        self.paths = frozenset(paths)
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        if not self.capacity.take():
            retry = self.capacity.retry_after()
            log.warning("queue full (%d held); 503, retry after %d s", self.capacity.held, retry)
            error = RequestError.busy(retry)
            await _refuse(scope, receive, send, error, self.body_timeout)
            return
        ticket = _Ticket(self.capacity)
        scope["newsnlp.ticket"] = ticket
        try:
            await self.app(scope, receive, send)
        finally:
            ticket.release()
