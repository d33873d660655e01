"""Command line: ``newsnlp extract``, ``evaluate`` and ``serve``, thin shells over the library.

Пример::

    $ newsnlp extract corpora/sample/kim-putin-vostochny.txt --format table
    $ newsnlp extract articles/ --format jsonl -o out.jsonl
    $ cat article.txt | newsnlp extract -
    $ newsnlp serve --port 8000 --workers 2
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from . import __version__
from .document import Document
from .errors import DocumentError, InputError, NewsnlpError

__all__ = ["iter_inputs", "main"]

FORMATS = ("jsonl", "json", "table")


def _read_text(path: Path) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except UnicodeDecodeError as error:
        raise InputError.not_utf8(str(path)) from error


def _jsonl_items(lines: Iterator[str], name: str) -> Iterator[tuple[str, str] | InputError]:
    for line_no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError.bad_jsonl_line(name, line_no, f"not JSON ({error.msg})")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield InputError.bad_jsonl_line(name, line_no, "no string 'text' key")
            continue
        yield str(obj.get("id", f"{Path(name).stem}:{line_no}")), obj["text"]


def iter_inputs(
    inputs: Sequence[str], stdin: IO[str] | None = None
) -> Iterator[tuple[str, str] | InputError]:
    """Yield ``(id, text)`` for every document named on the command line.

    ``.txt`` files give one document each (id = file stem); directories give their
    ``.txt`` and ``.jsonl`` files, sorted; ``.jsonl`` files give one document a line
    (``{"id", "text"}``); ``-`` reads standard input, as JSON Lines when it starts with
    ``{``, otherwise as one text with id ``stdin``. Problems are yielded as
    :class:`~newsnlp.errors.InputError` so that one bad input does not stop the rest.

    Пример::

        >>> next(iter_inputs(["corpora/sample/kim-putin-vostochny.txt"]))[0]  # doctest: +SKIP
        'kim-putin-vostochny'
    """
    for name in inputs:
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin
            data = stream.read()
            if data.lstrip().startswith("{"):
                yield from _jsonl_items(iter(data.splitlines()), "<stdin>")
            else:
                yield "stdin", data
            continue
        path = Path(name)
        if path.is_dir():
            # Gold files (*.quotes.jsonl) live beside their texts in corpora: skip them.
            files = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in (".txt", ".jsonl") and not p.name.endswith(".quotes.jsonl")
            )
            yield from iter_inputs([str(p) for p in files if p.is_file()])
        elif not path.exists():
            yield InputError.missing_path(name)
        elif path.suffix == ".jsonl":
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    yield from _jsonl_items(f, str(path))
            except UnicodeDecodeError:
                yield InputError.not_utf8(str(path))
        else:
            try:
                yield path.stem, _read_text(path)
            except InputError as error:
                yield error


def _table(doc: Document, out: IO[str]) -> None:
    """Human-readable view: who said what, then the people and organisations."""
    out.write(f"# {doc.id}")
    if doc.meta.title:
        out.write(f" — {doc.meta.title}")
    out.write("\n")
    if doc.quotes:
        out.write(f"{'kind':<9} {'speaker':<24} {'source':<14} {'rule':<22} text\n")
        for q in doc.quotes:
            speaker = q.speaker.normal if q.speaker else "—"
            if q.addressee:
                speaker += f" → {q.addressee.normal}"
            source = q.source.normal if q.source else ""
            text = q.text if len(q.text) <= 70 else q.text[:67] + "..."
            out.write(
                f"{q.kind:<9} {speaker[:24]:<24} {source[:14]:<14} {q.rule[:22]:<22} {text}\n"
            )
    else:
        out.write("(no quotes)\n")
    people = [c for c in doc.clusters if c.type in ("PER", "ORG")]
    if people:
        out.write("entities: ")
        out.write("; ".join(f"{c.name} [{c.type}, {len(c.mentions)}]" for c in people))
        out.write("\n")
    out.write("\n")


def _extract(args: argparse.Namespace) -> int:
    from .pipeline import Pipeline

    failures: list[str] = []

    def report(error: NewsnlpError) -> None:
        failures.append(str(error))
        print(f"newsnlp: {error}", file=sys.stderr)
        if args.strict:
            raise error

    def texts() -> Iterator[tuple[str, str]]:
        for item in iter_inputs(args.inputs):
            if isinstance(item, InputError):
                report(item)
            else:
                yield item

    progress = args.progress if args.progress is not None else sys.stderr.isatty()
    total = None
    if progress and all(Path(n).is_file() and Path(n).suffix == ".txt" for n in args.inputs):
        total = len(args.inputs)
    nlp = Pipeline(batch_size=args.batch_size, debug=args.debug)
    with ExitStack() as stack:
        out: IO[str] = (
            stack.enter_context(open(args.output, "w", encoding="utf-8"))
            if args.output
            else sys.stdout
        )
        first = True
        if args.format == "json":
            out.write("[")
        try:
            docs = nlp.pipe(
                texts(), on_error=report, progress=progress, total=total, workers=args.workers
            )
            for doc in docs:
                if args.debug:
                    print(f"# {doc.id}\n{doc.explain()}", file=sys.stderr)
                if args.format == "jsonl":
                    out.write(doc.to_jsonl() + "\n")
                elif args.format == "json":
                    out.write(
                        ("\n" if first else ",\n")
                        + json.dumps(doc.as_json(), ensure_ascii=False, indent=1)
                    )
                else:
                    _table(doc, out)
                first = False
        except NewsnlpError:
            return 1
        if args.format == "json":
            out.write("\n]\n")
    if failures:
        print(f"newsnlp: {len(failures)} input(s) failed, see above", file=sys.stderr)
        return 1
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_paths

    report = evaluate_paths(args.pred, args.gold, threshold=args.threshold)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
    else:
        print(report.format(errors=args.errors))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .server import serve

    serve(
        host=args.host,
        port=args.port,
        workers=args.workers,
        max_body=args.max_body,
        batch_size=args.batch_size,
        log_level=args.log_level,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``newsnlp`` command."""
    parser = argparse.ArgumentParser(
        prog="newsnlp",
        description="Who said what, to whom, according to whom, in Russian news.",
    )
    parser.add_argument("--version", action="version", version=f"newsnlp {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    ext = sub.add_parser(
        "extract",
        help="entities, clusters and quotes of news texts",
        description="Process .txt files, directories, .jsonl files ({id, text} per line) "
        "or '-' (stdin) and write one JSON document per input (SCHEMA.md).",
    )
    ext.add_argument("inputs", nargs="+", metavar="INPUT")
    ext.add_argument("--format", choices=FORMATS, default="jsonl")
    ext.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    ext.add_argument("--batch-size", type=int, default=32, help="documents per NER batch")
    ext.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="processes to run in parallel, each loading the models once (default 1)",
    )
    ext.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    ext.add_argument(
        "--debug", action="store_true", help="explain on stderr which rule found each quote"
    )
    ext.add_argument("--strict", action="store_true", help="stop at the first bad input")
    ext.set_defaults(func=_extract)

    ev = sub.add_parser(
        "evaluate",
        help="score quotes against gold",
        description="Score predicted quotes against gold (*.quotes.jsonl). PRED is newsnlp "
        "JSONL output, or texts to process (.txt files / directories).",
    )
    ev.add_argument("pred", metavar="PRED_OR_INPUT", nargs="+")
    ev.add_argument("gold", metavar="GOLD")
    ev.add_argument("--threshold", type=float, default=0.5, help="overlap/union to match")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument(
        "--errors", action="store_true", help="list misses, false quotes and wrong speakers"
    )
    ev.set_defaults(func=_evaluate)

    srv = sub.add_parser(
        "serve",
        help="HTTP service (POST /extract) and a web page",
        description="Serve POST /extract, /health, /version, the API docs (/docs) and a page "
        "to read an article with (/). Needs pip install 'newsnlp[server]'.",
    )
    srv.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: all)")
    srv.add_argument("--port", type=int, default=8000)
    srv.add_argument("--workers", type=int, default=1, help="processes, each with its own models")
    srv.add_argument(
        "--max-body", default="10MB", metavar="SIZE", help="largest request body (413 above)"
    )
    srv.add_argument("--batch-size", type=int, default=32, help="documents per NER batch")
    srv.add_argument(
        "--log-level", default="info", choices=("critical", "error", "warning", "info", "debug")
    )
    srv.set_defaults(func=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``newsnlp`` command; returns the exit status.

    Пример::

        >>> main(["--version"])  # doctest: +SKIP
        newsnlp 0.1.0
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "batch_size", 1) < 1:
        parser.error("--batch-size must be at least 1")
    if getattr(args, "workers", 1) < 1:
        parser.error("--workers must be at least 1")
    try:
        status: int = args.func(args)
    except DocumentError as error:
        print(f"newsnlp: {error}", file=sys.stderr)
        return 1
    except NewsnlpError as error:
        print(f"newsnlp: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `newsnlp extract ... | head`
        return 0
    return status


def _entry() -> Any:  # pragma: no cover - console script shim
    raise SystemExit(main())
