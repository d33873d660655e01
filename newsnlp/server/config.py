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
    "DEFAULT_MAX_BODY",
    "ENV_ALLOWED_HOSTS",
    "ENV_BATCH_SIZE",
    "ENV_CORPUS",
    "ENV_MAX_BODY",
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
