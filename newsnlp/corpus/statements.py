"""One statement across media: near-duplicate quotes of one speaker, grouped.

Outlets cut quotes: one carries a sentence of what another carries whole. Jaccard similarity
of the two texts is then low, so the measure here is *containment*: the share of the shorter
quote's word 3-shingles found in the longer one. Candidates come from an inverted index of
shingles per speaker (each quote looks up only the quotes sharing a shingle with it; a shingle
held by very many quotes is a set phrase and is not followed), so the work grows with the
corpus, not with its pairs; groups are the connected components (union-find) of the pairs at
or above the threshold.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from ..lexicon import fold_yo

__all__ = ["group_statements", "shingles"]

_WORD = re.compile(r"\w+")
# A shingle carried by more quotes than this is a formula ("в ближайшее время"), not a trace
# of one statement; following it would make the work quadratic in the common phrases.
_MAX_POSTINGS = 50


def shingles(text: str, n: int = 3) -> frozenset[str]:
    """Word ``n``-shingles of ``text``, case- and ``ё``-folded (short texts: the whole text).

    Пример::

        >>> sorted(shingles("Время пришло, сказал он", 3))
        ['время пришло сказал', 'пришло сказал он']
    """
    words = _WORD.findall(fold_yo(text.lower()))
    if len(words) < n:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))


def group_statements(quotes: Iterable[tuple[str, str]], threshold: float = 0.6) -> list[list[int]]:
    """Indices of ``(speaker_key, text)`` rows grouped into statements, largest first.

    Пример::

        >>> group_statements([
        ...     ("ким", "Россия встала на защиту своего суверенитета и безопасности. Мы хотим"),
        ...     ("ким", "Россия встала на защиту своего суверенитета и безопасности"),
        ...     ("ким", "Время пришло"),
        ... ])
        [[0, 1], [2]]
    """
    rows: Sequence[tuple[str, str]] = list(quotes)
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sets = [shingles(text) for _, text in rows]
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (speaker, _) in enumerate(rows):
        counts: dict[int, int] = defaultdict(int)
        for sh in sets[i]:
            posting = index[(speaker, sh)]
            if len(posting) < _MAX_POSTINGS:
                for j in posting:
                    counts[j] += 1
                posting.append(i)
        for j, shared in counts.items():
            smaller = min(len(sets[i]), len(sets[j]))
            if smaller and shared / smaller >= threshold:
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        groups[find(i)].append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))
