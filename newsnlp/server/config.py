"""The service's settings: limits, their defaults and the environment variables that set
them, shared by ``newsnlp serve`` and every uvicorn worker.

Пример::

    >>> from newsnlp.server.config import parse_size
    >>> parse_size("10MB")
    10000000
"""

from __future__ import annotations

import re

from ..errors import InputError

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_BODY_TIMEOUT",
    "DEFAULT_HEADER_TIMEOUT",
    "DEFAULT_MAX_BODY",
    "DEFAULT_MAX_CONNECTIONS",
    "DEFAULT_QUEUE",
    "DEFAULT_TIME_LIMIT",
    "ENV_ALLOWED_HOSTS",
    "ENV_BATCH_SIZE",
    "ENV_BODY_TIMEOUT",
    "ENV_CORPUS",
    "ENV_CORS_ORIGINS",
    "ENV_HEADER_TIMEOUT",
    "ENV_MAX_BODY",
    "ENV_MAX_CONNECTIONS",
    "ENV_QUEUE",
    "ENV_TIME_LIMIT",
    "parse_count",
    "parse_seconds",
    "parse_size",
]

DEFAULT_MAX_BODY = 10_000_000
"""Largest request body the server reads, in bytes (10 MB); larger ones get 413."""
DEFAULT_BATCH_SIZE = 32
ENV_MAX_BODY = "NEWSNLP_MAX_BODY"
ENV_BATCH_SIZE = "NEWSNLP_BATCH_SIZE"
# The corpus file the /corpus view reads (``newsnlp serve --corpus``).
ENV_CORPUS = "NEWSNLP_CORPUS"
# Comma-separated Host names the service answers (``newsnlp serve --allowed-host``).
ENV_ALLOWED_HOSTS = "NEWSNLP_ALLOWED_HOSTS"
# Comma-separated origins whose pages may call the API (CORS); none by default.
ENV_CORS_ORIGINS = "NEWSNLP_CORS_ORIGINS"

DEFAULT_QUEUE = 8
"""Requests of ``POST /extract`` that wait for their turn in one worker process (one
more runs); beyond them the server answers 503 with ``Retry-After`` at once."""
DEFAULT_TIME_LIMIT = 60.0
"""Seconds a request may take once its body is in, waiting in the queue included."""
DEFAULT_BODY_TIMEOUT = 60.0
"""Seconds a request body may take to arrive (408 after that)."""
DEFAULT_HEADER_TIMEOUT = 10.0
"""Seconds from a connection (or a new request's first byte) to its complete headers."""
DEFAULT_MAX_CONNECTIONS = 1000
"""Open connections per worker process; more close the oldest idle one first."""
ENV_QUEUE = "NEWSNLP_QUEUE"
ENV_TIME_LIMIT = "NEWSNLP_TIME_LIMIT"
ENV_BODY_TIMEOUT = "NEWSNLP_BODY_TIMEOUT"
ENV_HEADER_TIMEOUT = "NEWSNLP_HEADER_TIMEOUT"
ENV_MAX_CONNECTIONS = "NEWSNLP_MAX_CONNECTIONS"

_UNITS = {
    "": 1,
    "B": 1,
    "KB": 10**3,
    "MB": 10**6,
    "GB": 10**9,
    "KIB": 2**10,
    "MIB": 2**20,
    "GIB": 2**30,
}


def parse_size(size: int | str) -> int:
    """A byte count from ``10000000``, ``"10MB"``, ``"512KB"`` or ``"8MiB"``.

    KB, MB, GB are powers of ten; KiB, MiB, GiB powers of two.

    Пример::

        >>> parse_size("512KB"), parse_size("1MiB"), parse_size(2048)
        (512000, 1048576, 2048)
    """
    if isinstance(size, int) and not isinstance(size, bool) and size > 0:
        return size
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", str(size))
    unit = found.group(2).upper() if found else ""
    if found is None or unit not in _UNITS or float(found.group(1)) <= 0:
        raise InputError.bad_option("max_body", size, "a size like 10MB, 512KB, 8MiB or bytes")
    return int(float(found.group(1)) * _UNITS[unit])


def parse_seconds(name: str, value: float | str) -> float:
    """Seconds from ``60``, ``"2.5"``: a number above zero, or :class:`InputError` naming
    the option.

    Пример::

        >>> parse_seconds("time_limit", "2.5")
        2.5
    """
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = float("nan")
    if isinstance(value, bool) or not 0 < seconds < float("inf"):
        raise InputError.bad_option(name, value, "a number of seconds above 0, like 60 or 2.5")
    return seconds


def parse_count(name: str, value: int | str, minimum: int = 0) -> int:
    """A whole number of at least ``minimum`` from ``8`` or ``"8"``.

    Пример::

        >>> parse_count("queue", "8")
        8
    """
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or int(text) < minimum:
        raise InputError.bad_option(name, value, f"a whole number >= {minimum}")
    return int(text)
