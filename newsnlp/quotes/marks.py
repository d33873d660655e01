"""Quote marks: pair «», „“, “”, and straight "" (nested straight quotes too).

Straight quotes are ambiguous: ``"Для этого мы приехали на космодром "Восточный". Лидер
КНДР ..."`` holds a name in straight quotes inside a quotation in straight quotes. Each
mark is read as opening or closing from the characters around it, and a stack pairs
them, so nesting comes out right.

A quotation may run over several paragraphs; Russian typography opens each paragraph
with « and closes only the last: a « at a paragraph start while a paragraph-initial « is
still open continues the quotation.

Пример::

    >>> from newsnlp.quotes.marks import find_regions
    >>> text = '"Мы приехали на "Восточный". Да", - сказал он.'
    >>> [(r.start, r.stop, text[r.start:r.stop]) for r in find_regions(text, 0, len(text))]
    [(1, 31, 'Мы приехали на "Восточный". Да'), (17, 26, 'Восточный')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CLOSERS", "DASHES", "PAIRS", "QUOTE_CHARS", "SENTENCE_END", "Region", "find_regions"]

# The one home of the quote layer's punctuation: every module reads these.
PAIRS = {"«": "»", "„": "“", "“": "”", '"': '"'}
CLOSERS = {"»": "«", "“": "„", "”": "“", '"': '"'}
QUOTE_CHARS = frozenset(PAIRS) | frozenset(CLOSERS)
DASHES = frozenset("-–—")
SENTENCE_END = frozenset(".!?…")
# Characters after which a straight quote opens, and before which it closes.
_MARK = re.compile("[" + "".join(sorted(QUOTE_CHARS)) + "]")
_ATTRIBUTION = re.compile(r"[,.!?…]?\s*[-–—]\s")
_OPEN_BEFORE = " \t\n\r([{-–—:;,/«„“…"
_CLOSE_AFTER = " \t\n\r)]}.,;:!?-–—»”…"


@dataclass(frozen=True, slots=True)
class Region:
    """The content between a pair of quote marks: ``text[start:stop]``, marks left out.

    ``depth`` is 0 for an outermost quotation, 1 for a quotation inside it, and so on.

    Пример::

        >>> Region(1, 5, 0).depth
        0
    """

    start: int
    stop: int
    depth: int

    @property
    def open_mark(self) -> int:
        """Offset of the opening mark."""
        return self.start - 1

    @property
    def close_mark(self) -> int:
        """Offset of the closing mark."""
        return self.stop


def _straight_role(text: str, i: int, lo: int, hi: int) -> str | None:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    opens = before in _OPEN_BEFORE and not after.isspace()
    closes = after in _CLOSE_AFTER and not before.isspace()
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    if opens and closes:
        # e.g. `-"Да"-`: decided by the stack in the caller
        return "either"
    return None


def _paragraph_start(text: str, i: int, lo: int) -> bool:
    j = i - 1
    while j >= lo and text[j] in " \t":
        j -= 1
    return j < lo or text[j] == "\n"


def find_regions(text: str, lo: int, hi: int) -> list[Region]:
    """Paired quotations in ``text[lo:hi]``, sorted by start; unpaired marks are ignored.

    Пример::

        >>> t = "Он назвал это «большой сделкой»."
        >>> [t[r.start:r.stop] for r in find_regions(t, 0, len(t))]
        ['большой сделкой']
    """
    stack: list[tuple[str, int, bool]] = []  # (mark, offset, opened at a paragraph start)
    found: list[tuple[int, int, int]] = []
    last = lo
    for match in _MARK.finditer(text, lo, hi):
        i = match.start()
        ch = text[i]
        if stack and "\n" in text[last:i]:
            # Only a « that opened its paragraph may go on into the next one; any other
            # mark left open at a paragraph end was a typo, and must not pair with a mark
            # of another paragraph.
            stack = [entry for entry in stack if entry[0] == "«" and entry[2]]
        last = i
        if ch == '"':
            role = _straight_role(text, i, lo, hi)
            if role == "either":
                role = "close" if stack and stack[-1][0] == '"' else "open"
            if role is None:
                continue
        elif ch == "“":
            # closes „ (Russian style), opens otherwise (English style)
            role = "close" if stack and stack[-1][0] == "„" else "open"
        elif ch in PAIRS:
            role = "open"
        else:
            role = "close"
        if role == "open":
            at_par = _paragraph_start(text, i, lo)
            if (
                ch == "«"
                and at_par
                and stack
                and stack[-1][0] == "«"
                and stack[-1][2]
                and "\n" in text[stack[-1][1] : i]
            ):
                continue  # the same quotation goes on in a new paragraph
            stack.append((ch, i, at_par))
            continue
        opener = CLOSERS[ch]
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] == opener:
                start = stack[k][1] + 1
                outer = stack[k - 1] if k > 0 else None
                del stack[k:]
                found.append((start, i, k))
                if (
                    ch == '"'
                    and outer is not None
                    and outer[0] == '"'
                    and _ATTRIBUTION.match(text, i + 1)
                ):
                    # `"... слово "уважаем", — сказал Ушаков`: one straight mark closes the
                    # inner and the outer quotation at once
                    found.append((outer[1] + 1, i, k - 1))
                    del stack[k - 1 :]
                break
    found.sort()
    return [Region(a, b, depth) for a, b, depth in found]
