"""A cache bounded in bytes, not entries: what the word caches of a process hold.

An entry count says nothing of memory when words differ in length and parses in
number; a byte estimate does (issue 14's item 5: 2.3 GB a process with 500 000
entries). :data:`newsnlp.morph.DEFAULT_CACHE_BYTES` is the default bound of the word
caches together.

Пример::

    >>> from newsnlp.cache import ByteCache
    >>> ByteCache(str.upper, max_bytes=10_000)("тасс")
    'ТАСС'
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

__all__ = ["ByteCache"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _size(value: Any) -> int:
    """A cheap estimate of the bytes a cached value holds.

    Parses are tuples of pymorphy3 ``Parse`` namedtuples (word, tag, normal form, score,
    methods); the tags are shared with the dictionary, so a parse costs about its tuple
    and its two strings. ``sys.getsizeof`` of every object would cost more than the lookup.
    """
    if isinstance(value, tuple) and value and hasattr(value[0], "normal_form"):
        # outer tuple + per parse: namedtuple, word and normal form strings, methods tuple
        return sys.getsizeof(value) + sum(
            sys.getsizeof(p) + sys.getsizeof(p.word) + sys.getsizeof(p.normal_form) + 120
            for p in value
        )
    if isinstance(value, tuple) and all(v is None or isinstance(v, str) for v in value):
        return sys.getsizeof(value) + sum(sys.getsizeof(v) for v in value if v is not None)
    if isinstance(value, frozenset):
        return sys.getsizeof(value) + 64 * len(value)
    return sys.getsizeof(value)


class ByteCache(Generic[K, V]):
    """A least-recently-used cache bounded in bytes, not entries.

    An entry's cost is its key's size plus a cheap estimate of its value's (see
    ``_size``) plus the dictionary slot; when the total passes ``max_bytes`` the oldest
    entries go. Safe to share between threads.

    Пример::

        >>> cache = ByteCache(len, max_bytes=1_000)
        >>> cache("Путин"), cache("Путин"), cache.hits
        (5, 5, 1)
        >>> all(cache(str(i) * 10) for i in range(100)) and cache.nbytes <= 1_000
        True
    """

    # An OrderedDict slot: the hash table entry and the linked-list node.
    _SLOT = 100

    def __init__(self, function: Callable[[K], V], max_bytes: int) -> None:
        self.function = function
        self.max_bytes = max_bytes
        self.nbytes = 0
        self.hits = 0
        self._data: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, key: K) -> V:
        # The hit path takes no lock: OrderedDict's get and move_to_end are single C
        # calls under the GIL, and a hit is what almost every token costs.
        found = self._data.get(key)
        if found is not None:
            # Evicted by another thread in between: the value found is still valid.
            # (try/except, not contextlib.suppress: a hit is the hot path of every token,
            # and a context manager object per hit cost a fifth of it.)
            try:  # noqa: SIM105 (see above)
                self._data.move_to_end(key)
            except KeyError:
                pass
            self.hits += 1
            return found[0]
        value = self.function(key)
        cost = sys.getsizeof(key) + _size(value) + self._SLOT
        with self._lock:
            if key not in self._data:
                self._data[key] = (value, cost)
                self.nbytes += cost
                while self.nbytes > self.max_bytes and self._data:
                    _, (_, old) = self._data.popitem(last=False)
                    self.nbytes -= old
        return value

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._data.clear()
            self.nbytes = 0
