"""A stop hook for long work: the HTTP service sets it on its extraction thread.

The pipeline calls :func:`checkpoint` before and after each window and between NER
batches; with a check installed (by :func:`watching`) it raises to stop a request whose
client went away or whose time is up. Nothing else installs one, so the library runs as
before and a check costs one attribute lookup.

Пример::

    >>> def stop():
    ...     raise KeyboardInterrupt
    >>> with watching(stop):
    ...     try:
    ...         checkpoint()
    ...     except KeyboardInterrupt:
    ...         print("stopped")
    stopped
    >>> checkpoint()  # no check installed: nothing happens
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["checkpoint", "watching"]

_LOCAL = threading.local()


def checkpoint() -> None:
    """Run this thread's check, if one is installed (it raises to stop the work)."""
    check = getattr(_LOCAL, "check", None)
    if check is not None:
        check()


@contextmanager
def watching(check: Callable[[], None]) -> Iterator[None]:
    """Install ``check`` on this thread for the ``with`` block."""
    previous = getattr(_LOCAL, "check", None)
    _LOCAL.check = check
    try:
        yield
    finally:
        _LOCAL.check = previous
