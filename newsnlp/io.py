"""Input of the command line, shared by ``extract`` and ``evaluate``: files, directories,
JSON Lines and standard input as ``(id, text)`` documents.

Its own module so that :mod:`newsnlp.cli` and :mod:`newsnlp.evaluate` both import it
without importing each other (issue 17).

Пример::

    >>> next(iter_inputs(["corpora/sample/kim-putin-vostochny.txt"]))[0]
    'kim-putin-vostochny'
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

from .errors import InputError

__all__ = ["iter_inputs"]

# (id, text, where the text came from: "a.jsonl, line 3", "a.txt", "<stdin>")
Input = tuple[str, str, str]
# This many undecodable lines before any that decodes: the whole file is not UTF-8.
_UNDECODABLE_FILE = 5


def _read_text(path: Path) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except UnicodeDecodeError as error:
        raise InputError.not_utf8(str(path)) from error
    except OSError as error:
        raise InputError.cannot_read(str(path), error) from error


def _jsonl_items(lines: Iterable[bytes | str], name: str) -> Iterator[Input | InputError]:
    """Documents of JSON Lines, one a line; a line that is not one is reported by its
    number and the others are still read. Bytes are decoded line by line, so that one
    undecodable line costs only that line; a file whose first lines all fail is in
    another encoding, and is reported once."""
    decoded = undecodable = 0
    for line_no, raw in enumerate(lines, 1):
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
                decoded += 1
            except UnicodeDecodeError as error:
                undecodable += 1
                if undecodable == _UNDECODABLE_FILE and not decoded:
                    yield InputError.not_utf8(name)
                    return
                reason = (
                    f"not UTF-8 (byte {raw[error.start]:#04x} at column {error.start + 1}); "
                    "convert the file, e.g. with iconv"
                )
                yield InputError.bad_jsonl_line(name, line_no, reason)
                continue
        else:
            line = raw
        if line_no == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError.bad_jsonl_line(name, line_no, f"not JSON ({error.msg})")
            continue
        except RecursionError:
            yield InputError.bad_jsonl_line(name, line_no, "not JSON (nested too deeply)")
            continue
        except ValueError as error:
            # An integer over sys.get_int_max_str_digits() digits: a plain ValueError, not
            # a JSONDecodeError, and it used to end the run with a traceback.
            yield InputError.bad_jsonl_line(name, line_no, f"not readable JSON ({error})")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield InputError.bad_jsonl_line(name, line_no, "no string 'text' key")
            continue
        doc_id = obj.get("id")
        doc_id = f"{Path(name).stem}:{line_no}" if doc_id is None else str(doc_id)
        yield doc_id, obj["text"], f"{name}, line {line_no}"


def _is_jsonl(data: bytes | str) -> bool:
    """Whether standard input is JSON Lines: its first line is a JSON object with a
    ``text``. A plain article that happens to begin with ``{`` stays an article."""
    if isinstance(data, bytes):
        head = data.lstrip().split(b"\n", 1)[0].decode("utf-8", errors="replace")
    else:
        head = data.lstrip().split("\n", 1)[0]
    first = head.removeprefix("\ufeff").strip()
    if not first.startswith("{"):
        return False
    try:
        obj = json.loads(first)
    except ValueError:
        return False
    return isinstance(obj, dict) and "text" in obj


def _stdin_items(stream: IO[str]) -> Iterator[Input | InputError]:
    # Bytes where there are (a real stdin): undecodable input is then reported, not raised
    # from deep inside the read.
    buffer = getattr(stream, "buffer", None)
    data: bytes | str = buffer.read() if buffer is not None else stream.read()
    if _is_jsonl(data):
        # split, not splitlines: a JSON string may hold U+2028 and other line separators
        lines: list[bytes] | list[str] = (
            data.split(b"\n") if isinstance(data, bytes) else data.split("\n")
        )
        yield from _jsonl_items(lines, "<stdin>")
        return
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            yield InputError.not_utf8("<stdin>")
            return
    yield "stdin", data, "<stdin>"


def _inputs(
    inputs: Sequence[str], stdin: IO[str] | None = None, output: Path | None = None
) -> Iterator[Input | InputError]:
    for name in inputs:
        if name == "-":
            yield from _stdin_items(stdin if stdin is not None else sys.stdin)
            continue
        path = Path(name)
        if output is not None and path.resolve() == output:
            # Read back, OUT would bring the last run's documents in as articles.
            yield InputError.is_output(name)
            continue
        if path.is_dir():
            # Gold files (*.quotes.jsonl) live beside their texts in corpora: skip them.
            files = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in (".txt", ".jsonl") and not p.name.endswith(".quotes.jsonl")
            )
            # OUT inside an input directory is left out without a word: that is where
            # people keep it.
            files = [p for p in files if p.is_file() and p.resolve() != output]
            yield from _inputs([str(p) for p in files], output=output)
        elif not path.exists():
            yield InputError.missing_path(name)
        elif path.suffix == ".jsonl":
            try:
                with open(path, "rb") as f:
                    yield from _jsonl_items(f, str(path))
            except OSError as error:
                yield InputError.cannot_read(str(path), error)
        else:
            try:
                yield path.stem, _read_text(path), str(path)
            except InputError as error:
                yield error


def iter_inputs(
    inputs: Sequence[str], stdin: IO[str] | None = None
) -> Iterator[tuple[str, str] | InputError]:
    """Yield ``(id, text)`` for every document named on the command line.

    ``.txt`` files give one document each (id = file stem); directories give their
    ``.txt`` and ``.jsonl`` files, sorted; ``.jsonl`` files give one document a line
    (``{"id", "text"}``); ``-`` reads standard input, as JSON Lines when it starts with
    ``{``, otherwise as one text with id ``stdin``. Problems are yielded as
    :class:`~newsnlp.errors.InputError` (a bad JSON line names its file and line number)
    so that one bad input does not stop the rest.

    Пример::

        >>> next(iter_inputs(["corpora/sample/kim-putin-vostochny.txt"]))[0]
        'kim-putin-vostochny'
    """
    for item in _inputs(inputs, stdin):
        yield item if isinstance(item, InputError) else item[:2]
