"""Every error a user of newsnlp can meet, each saying how to fix it.

All errors derive from :class:`NewsnlpError` and carry a short code (``E101``...)
so that a message can be searched for in the docs and in issue trackers.

Пример::

    >>> from newsnlp.errors import InputError
    >>> try:
    ...     raise InputError.not_text(b"\\xd0\\x9a\\xd0\\xb8\\xd0\\xbc")
    ... except InputError as error:
    ...     print(error.code)
    E101
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CorpusError",
    "DocumentError",
    "InputError",
    "MissingExtraError",
    "ModelLoadError",
    "NewsnlpError",
    "NotTextError",
    "RequestError",
    "RuleError",
    "SchemaError",
    "WordListError",
    "WorkerError",
]


class NewsnlpError(Exception):
    """Base class of every error raised by newsnlp on purpose.

    Пример::

        >>> issubclass(InputError, NewsnlpError)
        True
    """

    code = "E000"

    def __init__(self, message: str, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        super().__init__(f"[{self.code}] {message}")


class InputError(NewsnlpError, ValueError):
    """The text or file handed to newsnlp cannot be read as a news document.

    Пример::

        >>> InputError.not_text(42).code
        'E101'
    """

    code = "E100"

    @classmethod
    def not_text(cls, value: object) -> NotTextError:
        """A document was not a ``str``: a :class:`NotTextError`, also a ``TypeError``."""
        kind = type(value).__name__
        if isinstance(value, (bytes, bytearray)):
            hint = " Decode bytes first: data.decode('utf-8')."
        elif value is None:
            hint = " A record without text: pass '' or leave the record out."
        else:
            hint = " Pass the text itself, e.g. str(value) if it really is text."
        return NotTextError(
            f"expected the document text as str, got {kind}.{hint} "
            "Pipeline.pipe() also accepts (id, text) pairs and {'id': ..., 'text': ...} dicts.",
            code="E101",
        )

    @classmethod
    def bad_item(cls, value: object) -> InputError:
        """An item of ``Pipeline.pipe`` was of no known form."""
        return cls(
            f"cannot read a document from {type(value).__name__}: pass a str, an (id, text) "
            "pair or a dict with 'text' (and optionally 'id') keys.",
            code="E102",
        )

    @classmethod
    def one_text_to_pipe(cls, value: str | bytes | bytearray) -> InputError:
        """``Pipeline.pipe`` was given one text where it takes an iterable of them."""
        return cls(
            f"pipe() takes an iterable of texts, not one {type(value).__name__} "
            f"({len(value)} characters): it would make one document per character. "
            "Use nlp(text) for one text, or pipe([text]).",
            code="E112",
        )

    @classmethod
    def missing_path(cls, path: str) -> InputError:
        """A CLI input path does not exist."""
        return cls(
            f"no such file or directory: {path!r}. Pass .txt files, directories of .txt "
            "files, .jsonl files with {'id', 'text'} per line, or '-' for standard input.",
            code="E103",
        )

    @classmethod
    def bad_jsonl_line(cls, path: str, line_no: int, reason: str) -> InputError:
        """A line of a JSON Lines input is not a ``{"id", "text"}`` object."""
        return cls(
            f"{path}, line {line_no}: {reason}. Each line must be a JSON object like "
            '{"id": "a1", "text": "..."}; fix or drop that line and run again.',
            code="E104",
        )

    @classmethod
    def not_utf8(cls, path: str) -> InputError:
        """An input file is not UTF-8."""
        return cls(
            f"{path} is not valid UTF-8. Convert it first, e.g. "
            f"`iconv -f cp1251 -t utf-8 {path} > fixed.txt`.",
            code="E105",
        )

    @classmethod
    def bad_option(cls, name: str, value: object, allowed: str) -> InputError:
        """An argument has a value outside what is accepted."""
        return cls(f"{name}={value!r} is not accepted; use {allowed}.", code="E106")

    @classmethod
    def cannot_write(cls, path: str, cause: BaseException) -> InputError:
        """The CLI's output file cannot be created."""
        return cls(
            f"cannot write {path!r} ({cause}). Check that its directory exists and is "
            "writable, or leave out -o to write to standard output.",
            code="E107",
        )

    @classmethod
    def cannot_read(cls, path: str, cause: BaseException) -> InputError:
        """A CLI input exists but cannot be read."""
        return cls(
            f"cannot read {path!r} ({cause}). Check its permissions, or leave it out.",
            code="E108",
        )

    @classmethod
    def is_output(cls, path: str) -> InputError:
        """A CLI input is the output file itself."""
        return cls(
            f"{path!r} is also the output (-o): it was not read as an input. Write the "
            "output elsewhere, or leave this file out of the inputs.",
            code="E109",
        )

    @classmethod
    def output_is_input(cls, path: str, output: str) -> InputError:
        """The CLI's output (-o) is one of its inputs: refused before anything is read."""
        return cls(
            f"-o {output!r} is the input {path!r}: writing it would destroy it. Nothing was "
            "read and nothing written; write the output to another file.",
            code="E110",
        )

    @classmethod
    def output_is_dir(cls, output: str) -> InputError:
        """The CLI's output (-o) is a directory: refused before anything is read."""
        return cls(
            f"-o {output!r} is a directory; give a file name, "
            f"e.g. -o {output.rstrip('/')}/out.jsonl.",
            code="E111",
        )


class NotTextError(InputError, TypeError):
    """A document handed to :class:`~newsnlp.Pipeline` is not a ``str`` (``None``, bytes...).

    It is a ``TypeError`` as Python code expects of a wrong argument type, and an
    :class:`InputError` as every bad input of newsnlp.

    Пример::

        >>> isinstance(InputError.not_text(None), TypeError)
        True
    """

    code = "E101"


class SchemaError(NewsnlpError, ValueError):
    """JSON handed to ``Document.from_json`` does not follow the output contract.

    Пример::

        >>> SchemaError.missing_key("quotes[0]", "kind").code
        'E201'
    """

    code = "E200"

    @classmethod
    def missing_key(cls, where: str, key: str) -> SchemaError:
        """A required key is absent."""
        return cls(
            f"{where} has no {key!r} key. Every key of the contract must be present "
            "(null where unknown); see docs/schema.md or SCHEMA.md.",
            code="E201",
        )

    @classmethod
    def bad_offsets(cls, where: str, start: object, stop: object, text: str) -> SchemaError:
        """Offsets do not give the recorded text."""
        return cls(
            f"{where}: text[{start}:{stop}] is not {text!r}. Offsets are half-open "
            "character offsets into the document text; recompute them with text.find().",
            code="E202",
        )

    @classmethod
    def bad_value(cls, where: str, value: object, expected: str) -> SchemaError:
        """A value of the wrong type or outside what the contract allows."""
        return cls(
            f"{where} is {value!r}, but must be {expected}; see docs/schema.md.",
            code="E204",
        )

    @classmethod
    def dangling(cls, where: str, value: object, what: str) -> SchemaError:
        """An id that points at nothing in the document."""
        return cls(
            f"{where} is {value!r}, but the document has no {what} with that id. Keep "
            "entities, clusters and the ids between them together when editing the JSON.",
            code="E205",
        )

    @classmethod
    def not_json(cls, reason: str) -> SchemaError:
        """The data is not a JSON object at all."""
        return cls(
            f"cannot read a document: {reason}. Pass the dict from Document.as_json() "
            "or one line of `newsnlp extract --format jsonl` output.",
            code="E203",
        )


class ModelLoadError(NewsnlpError, RuntimeError):
    """A packaged model could not be loaded.

    Пример::

        >>> ModelLoadError.natasha(ImportError("natasha")).code
        'E301'
    """

    code = "E300"

    @classmethod
    def natasha(cls, cause: BaseException) -> ModelLoadError:
        """natasha or its packaged weights are missing or broken."""
        return cls(
            f"could not load natasha's NER model ({cause}). The weights ship inside the "
            "natasha wheel; reinstall it with `pip install --force-reinstall 'natasha>=1.6,<2'`. "
            "newsnlp never downloads models at run time.",
            code="E301",
        )

    @classmethod
    def pymorphy(cls, cause: BaseException) -> ModelLoadError:
        """pymorphy3 or its Russian dictionaries are missing."""
        return cls(
            f"could not load pymorphy3 with Russian dictionaries ({cause}). Install them with "
            "`pip install pymorphy3 pymorphy3-dicts-ru`.",
            code="E302",
        )


class DocumentError(NewsnlpError, RuntimeError):
    """Processing one document failed; carries the document id.

    Raised by ``Pipeline.pipe(..., on_error="raise")``; with ``on_error="skip"`` or
    ``"warn"`` the run goes on and the failure is reported instead.

    Пример::

        >>> DocumentError("a1", ValueError("boom")).doc_id
        'a1'
    """

    code = "E400"

    #: With ``Pipeline.pipe(workers=N)``: the traceback as it happened in the worker.
    worker_traceback: str = ""

    def __init__(self, doc_id: str, cause: BaseException, where: str | None = None) -> None:
        self.doc_id = doc_id
        self.cause = cause
        self.where = where
        at = f" ({where})" if where else ""
        super().__init__(
            f"document {doc_id!r}{at} failed: {type(cause).__name__}: {str(cause).rstrip('.')}. "
            "Pass on_error='warn' or 'skip' (CLI: --errors skip, the default) to go on past "
            "bad documents, and report the text to the newsnlp issue tracker if it is valid "
            "news."
        )

    def at(self, where: str | None) -> DocumentError:
        """The same failure, told with where the document came from (file and line).

        Пример::

            >>> str(DocumentError("a1", ValueError("boom")).at("a.jsonl, line 2"))[:40]
            "[E400] document 'a1' (a.jsonl, line 2) f"
        """
        error = DocumentError(self.doc_id, self.cause, where)
        error.worker_traceback = self.worker_traceback
        return error

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross process boundaries (workers, Dask); the default pickling would
        # call __init__ with the formatted message as its only argument.
        return (type(self), (self.doc_id, self.cause, self.where), self.__dict__)


class WorkerError(NewsnlpError, RuntimeError):
    """A worker process of ``Pipeline.pipe(workers=N)`` died before finishing a batch.

    Пример::

        >>> WorkerError(["a1", "a2"]).doc_ids
        ['a1', 'a2']
    """

    code = "E401"

    def __init__(self, doc_ids: list[str]) -> None:
        self.doc_ids = list(doc_ids)
        shown = ", ".join(map(repr, self.doc_ids[:5])) + (", ..." if len(doc_ids) > 5 else "")
        super().__init__(
            f"a worker process died while processing documents {shown}. From a script, "
            "call pipe(workers=...) under `if __name__ == '__main__':`, because each worker "
            "imports the script first; otherwise the worker was most likely killed for lack "
            "of memory: use fewer workers or a smaller batch_size, and run again."
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.doc_ids,), self.__dict__)


class CorpusError(NewsnlpError, ValueError):
    """A corpus file (``corpus.duckdb``) this version cannot read or write, or a question
    to it that cannot be asked (a filter that is not a day).

    Пример::

        >>> "newsnlp extract" in str(CorpusError.newer("c.duckdb", 9, 1))
        True
    """

    code = "E800"

    @classmethod
    def newer(cls, path: str, found: int, known: int) -> CorpusError:
        return cls(
            f"{path}: corpus schema version {found} was written by a newer newsnlp "
            f"(this one knows up to {known}); upgrade newsnlp, or write a new corpus with "
            f"newsnlp extract INPUT... -o another.duckdb"
        )

    @classmethod
    def foreign(cls, path: str) -> CorpusError:
        return cls(
            f"{path}: a DuckDB file with tables of its own and no newsnlp schema version; "
            "it is not a newsnlp corpus. Give another path to newsnlp extract -o"
        )

    @classmethod
    def missing(cls, path: str) -> CorpusError:
        return cls(f"{path}: no such corpus; make one with newsnlp extract INPUT... -o {path}")

    @classmethod
    def bad_day(cls, name: str, value: object) -> CorpusError:
        """A ``since``/``until`` filter that is not a day."""
        return cls(f"{name}={value!r} is not a day: write it as YYYY-MM-DD, e.g. 2023-09-13")


class MissingExtraError(NewsnlpError, ImportError):
    """An optional integration was used without its extra installed.

    Пример::

        >>> str(MissingExtraError("pandas", "pandas")).endswith("pip install 'newsnlp[pandas]'")
        True
    """

    code = "E500"

    def __init__(self, extra: str, module: str) -> None:
        self.extra = extra
        super().__init__(
            f"this feature needs the optional package {module!r}, which is not installed. "
            f"Install it with: pip install 'newsnlp[{extra}]'"
        )


class RequestError(NewsnlpError, ValueError):
    """An HTTP request to ``newsnlp serve`` that the server cannot take.

    ``status`` is the HTTP status the server answers with; the JSON body is
    ``{"code": ..., "detail": ...}``, the detail saying how to fix the request.

    Пример::

        >>> RequestError.too_large(10_000_000).status
        413
    """

    code = "E600"

    def __init__(self, message: str, code: str, status: int) -> None:
        self.status = status
        # Seconds a client should wait before it sends again (the Retry-After header).
        self.retry_after: int | None = None
        super().__init__(message, code=code)

    @classmethod
    def too_large(cls, limit: int) -> RequestError:
        """The body is over the server's size limit."""
        return cls(
            f"the request body is larger than the server's limit of {limit} bytes. Send "
            "fewer or shorter documents per request, or start the server with a larger "
            "limit: newsnlp serve --max-body 50MB.",
            code="E601",
            status=413,
        )

    @classmethod
    def not_json(cls, content_type: str | None) -> RequestError:
        """POST /extract was sent something else than JSON."""
        got = repr(content_type) if content_type else "no Content-Type"
        return cls(
            f"POST /extract takes JSON, got {got}. Send the header "
            "'Content-Type: application/json' and a body like "
            '{"text": "..."} or {"documents": [{"id": "a1", "text": "..."}]}.',
            code="E602",
            status=415,
        )

    @classmethod
    def invalid(cls, reason: str) -> RequestError:
        """The body is not JSON, or not one of the two accepted shapes."""
        return cls(
            f"the request body is not accepted: {reason}. Send "
            '{"text": "..."} (one document, "id" optional) or '
            '{"documents": [{"id": "a1", "text": "..."}, ...]} (a batch), as UTF-8 JSON.',
            code="E603",
            status=422,
        )

    @classmethod
    def bad_query(cls, reason: str) -> RequestError:
        """A query parameter of a ``GET`` question is not accepted (``?limit=0``)."""
        return cls(
            f"a query parameter is not accepted: {reason}. The parameters each route takes, "
            "and their ranges, are listed at /docs",
            code="E609",
            status=422,
        )

    @classmethod
    def no_corpus(cls) -> RequestError:
        """A corpus question to a server started without ``--corpus``."""
        return cls(
            "no corpus is served: start the server with newsnlp serve --corpus "
            "corpus.duckdb (make one with newsnlp extract INPUT... -o corpus.duckdb)",
            code="E605",
            status=404,
        )

    @classmethod
    def no_models(cls, cause: BaseException) -> RequestError:
        """The server could not load its models, so it cannot extract anything."""
        return cls(
            f"the server could not load its models ({cause}); fix the install as that "
            "message says and restart the server. GET /health shows the same.",
            code="E604",
            status=503,
        )

    @classmethod
    def busy(cls, retry_after: int) -> RequestError:
        """Every place in the server's queue is taken: try again later (503)."""
        error = cls(
            f"the server is busy: every place in its queue is taken. Retry in "
            f"{retry_after} s (the Retry-After header says the same), send fewer documents "
            "at once, or start the server with more --workers or a longer --queue.",
            code="E608",
            status=503,
        )
        error.retry_after = retry_after
        return error

    @classmethod
    def time_limit(cls, seconds: float) -> RequestError:
        """The request was not done within the server's time limit (504)."""
        return cls(
            f"the request took longer than the server's time limit of {seconds:g} s and "
            "was stopped. Send the text in shorter documents, or start the server with a "
            "longer limit: newsnlp serve --time-limit 300.",
            code="E606",
            status=504,
        )

    @classmethod
    def slow_body(cls, seconds: float) -> RequestError:
        """The body did not arrive within the server's body timeout (408)."""
        return cls(
            f"the request body did not arrive within {seconds:g} s. Send it at once (not "
            "trickled), or start the server with a longer limit: newsnlp serve "
            "--body-timeout 120.",
            code="E607",
            status=408,
        )


class RuleError(NewsnlpError, ValueError):
    """A quote rule handed to ``Pipeline(rules=...)`` that cannot run.

    The message says what a rule must be: a function ``def my_rule(ctx)`` (or
    ``(ctx, taken)``) with a docstring, yielding ``Candidate`` objects, its name used
    once in the list. See ``docs/adding-a-rule.md``.

    Пример::

        >>> from newsnlp import Pipeline
        >>> try:
        ...     Pipeline(rules=["direct_split"])
        ... except RuleError as e:
        ...     print(e.code)
        E701
    """

    code = "E701"


class WordListError(NewsnlpError, ValueError):
    """A word list in ``newsnlp/data`` does not follow its format; the message names the
    file, the line and the format to write.

    Пример::

        >>> str(WordListError("line 3 is 'сказать'; write WORD | CLASS", "cues"))
        "[E702] newsnlp/data/cues.txt: line 3 is 'сказать'; write WORD | CLASS"
    """

    code = "E702"

    def __init__(self, message: str, name: str) -> None:
        self.list_name = name
        super().__init__(f"newsnlp/data/{name}.txt: {message}")
