"""uvicorn's HTTP/1.1 protocol (h11) with a header timeout and a connection limit.

uvicorn closes a connection idle between two requests (``timeout_keep_alive``), but
not one that trickles its request headers a byte at a time, or opens and sends nothing:
a few hundred such clients (slow loris) hold as many sockets for ever, and when they
reach the process's file limit, ``/health`` is refused too. This protocol adds:

- a header timeout: a connection whose request headers are not complete within
  ``NEWSNLP_HEADER_TIMEOUT`` seconds (10) of its opening, or of the first byte of its
  next request, is closed;
- a connection limit, ``NEWSNLP_MAX_CONNECTIONS`` (1000, and never closer than 64 to
  the process's file limit): a connection over it closes the connection that has waited
  longest without a request in progress (trickling headers, or idle between requests),
  so a client that sends its request at once is still answered; when every connection
  is busy with a request, the new one is closed.

``newsnlp serve`` runs uvicorn with it; with uvicorn started by hand, pass
``--http newsnlp.server.protocol:GuardedH11Protocol``.

Пример::

    $ uvicorn --factory newsnlp.server.app:from_env \\
          --http newsnlp.server.protocol:GuardedH11Protocol

    >>> from newsnlp.server.protocol import limits
    >>> limits()[0] > 0
    True
"""

from __future__ import annotations

import asyncio
import logging
import os
import resource
from functools import cache
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .config import (
    DEFAULT_HEADER_TIMEOUT,
    DEFAULT_MAX_CONNECTIONS,
    ENV_HEADER_TIMEOUT,
    ENV_MAX_CONNECTIONS,
    parse_count,
    parse_seconds,
)

__all__ = ["GuardedH11Protocol", "limits"]

log = logging.getLogger("newsnlp.server")

# File descriptors kept free of connections: models, logs, the listening socket.
_RESERVE = 64


@cache
def limits() -> tuple[float, int]:
    """This process's header timeout (seconds) and connection limit, from the environment.

    Пример::

        >>> seconds, connections = limits()
        >>> seconds > 0 and connections >= 1
        True
    """
    seconds = parse_seconds(
        "header_timeout", os.environ.get(ENV_HEADER_TIMEOUT, str(DEFAULT_HEADER_TIMEOUT))
    )
    wanted = parse_count(
        "max_connections",
        os.environ.get(ENV_MAX_CONNECTIONS, str(DEFAULT_MAX_CONNECTIONS)),
        minimum=1,
    )
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    cap = wanted if soft == resource.RLIM_INFINITY else min(wanted, max(1, soft - _RESERVE))
    if cap < wanted:
        log.warning(
            "at most %d connections (the file limit is %d; raise it with ulimit -n)", cap, soft
        )
    return seconds, cap


class GuardedH11Protocol(H11Protocol):
    """:class:`uvicorn.protocols.http.h11_impl.H11Protocol` with a header timeout and a
    connection limit (see the module's documentation).

    Пример::

        >>> issubclass(GuardedH11Protocol, H11Protocol)
        True
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout, self.max_connections = limits()
        self.header_timer: asyncio.TimerHandle | None = None
        # Connections without a request in progress, the longest waiting first: the
        # ones to close when the limit is reached. Shared by the server's connections.
        state: Any = self.server_state
        if not hasattr(state, "newsnlp_waiting"):
            state.newsnlp_waiting = {}
        self.waiting: dict[GuardedH11Protocol, None] = state.newsnlp_waiting

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            oldest = next(iter(self.waiting), None)
            if oldest is None:  # every connection is busy with a request: refuse this one
                log.warning("connection limit reached; closing a new connection")
                self._close()
                return
            oldest._close()
        self._wait()
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.transport.is_closing():
            return
        if self.conn.their_state is h11.IDLE:
            # The first bytes of a request: its headers now have a deadline (between
            # requests, uvicorn's keep-alive timeout closes an idle connection).
            if self.header_timer is None:
                self._arm()
        else:
            self._busy()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._wait()

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        self._busy()

    def _wait(self) -> None:
        self.waiting.pop(self, None)
        self.waiting[self] = None  # to the end: the most recent

    def _busy(self) -> None:
        self.waiting.pop(self, None)
        if self.header_timer is not None:
            self.header_timer.cancel()
            self.header_timer = None

    def _arm(self) -> None:
        self.header_timer = self.loop.call_later(self.header_timeout, self._headers_late)

    def _headers_late(self) -> None:
        self.header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._close()

    def _close(self) -> None:
        self._busy()
        if not self.transport.is_closing():
            self.transport.close()
