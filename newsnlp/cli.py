"""Command line: ``newsnlp extract``, ``evaluate`` and ``serve``, thin shells over the library.

Пример::

    $ newsnlp extract corpora/sample/kim-putin-vostochny.txt --format table
    $ newsnlp extract articles/ --format jsonl -o out.jsonl
    $ cat article.txt | newsnlp extract -
    $ newsnlp serve --port 8000 --workers 2
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import signal
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from . import __version__
from .document import Document, json_text
from .errors import DocumentError, InputError, NewsnlpError
from .io import _inputs, iter_inputs

__all__ = ["iter_inputs", "main"]

FORMATS = ("jsonl", "json", "table", "csv", "parquet")
ERRORS = ("skip", "fail")


@contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    """Standard output, or a temporary file beside OUT that replaces OUT only once every
    document is written: a crash or Ctrl-C never leaves a half-written OUT."""
    if path is None or path == "-":
        yield sys.stdout
        return
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise InputError.cannot_write(path, error) from error
    try:
        with open(fd, "w", encoding="utf-8") as f:
            yield f
        # mkstemp makes the file private; OUT gets the mode it had, or the usual one.
        os.chmod(tmp, _mode(target))
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def _check_output(inputs: Sequence[str], name: str, output: Path) -> None:
    """Refuse, before anything is read, an OUT that is a directory or one of the inputs
    (under any alias: resolve() follows symlinks), and say when an earlier run that was
    killed left its partial file beside OUT."""
    if output.is_dir():
        raise InputError.output_is_dir(name)
    for given in inputs:
        if given != "-" and Path(given).resolve() == output:
            raise InputError.output_is_input(given, name)
    # SIGKILL leaves no chance to clean up: the next run is where the user learns of it.
    for part in sorted(output.parent.glob(f".{glob.escape(output.name)}.*.part")):
        print(
            f"newsnlp: {part} is left from an earlier run that was killed; delete it",
            file=sys.stderr,
        )


def _mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


_TABLE_HEAD = ("speaker", "cue", "to", "according to", "kind", "text")
_ENTITY_TYPES = ("PER", "ORG", "LOC")


def _section_of(doc: Document, start: int) -> str:
    for s in doc.sections:
        if s.start <= start < s.stop:
            return s.kind
    return "body"  # a text without a layout is all body


def _quote_cells(q: Any) -> tuple[str, ...]:
    return (
        q.speaker.normal if q.speaker else "—",
        q.cue.text if q.cue else "",
        q.addressee.normal if q.addressee else "",
        q.source.normal if q.source else "",
        q.kind,
        q.text,
    )


def _table(doc: Document, out: IO[str], sections: str = "all") -> None:
    """A journalist's view: who said what (whole names, the verb, to whom, according to
    whom), teasers of related stories marked or left out, then people, organisations and
    places with how often each is mentioned."""
    lines = [f"# {doc.id}" + (f" — {doc.meta.title}" if doc.meta.title else "")]
    dated = " · ".join(v for v in (doc.meta.date, doc.meta.rubric) if v)
    if dated:
        lines.append(dated)
    quotes = [(q, _section_of(doc, q.start)) for q in doc.quotes]
    if sections == "body":
        quotes = [(q, where) for q, where in quotes if where != "related"]
    if quotes:
        rows = [_quote_cells(q) for q, _ in quotes]
        # Columns as wide as their longest cell: a name is never cut.
        widths = [max(len(r[i]) for r in [_TABLE_HEAD, *rows]) for i in range(5)]

        def line(cells: tuple[str, ...]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(cells[:5], widths, strict=True)) + (
                "  " + cells[5]
            )

        lines.append(line(_TABLE_HEAD))
        teasers = False
        for (_, where), row in zip(quotes, rows, strict=True):
            if where == "related" and not teasers:
                lines.append("-- teasers of related stories (not this article's quotes):")
                teasers = True
            lines.append(line(row))
    else:
        lines.append("(no quotes)")
    lines.extend(_entity_line(doc, sections))
    # A lone surrogate cannot be written as UTF-8: show it as its escape.
    out.write("\n".join(lines).encode("utf-8", "backslashreplace").decode("utf-8") + "\n\n")


def _entity_line(doc: Document, sections: str) -> list[str]:
    """``entities: Name [TYPE, mentions]; ...`` over the sections shown, people,
    organisations and places alike."""
    shown = {
        e.id for e in doc.entities if sections == "all" or _section_of(doc, e.start) != "related"
    }
    named = [
        (c, sum(m in shown for m in c.mentions)) for c in doc.clusters if c.type in _ENTITY_TYPES
    ]
    # Most mentioned first: who the article is about leads the line.
    named = sorted(((c, n) for c, n in named if n), key=lambda cn: -cn[1])
    if not named:
        return []
    return ["entities: " + "; ".join(f"{c.name} [{c.type}, {n}]" for c, n in named)]


class _Stop(Exception):
    """``--errors fail``: the first problem ends the run."""


def _extract(args: argparse.Namespace) -> int:
    from .pipeline import Pipeline

    failures: list[str] = []
    # (id, where) of the documents handed to the pipeline and not yet out of it, in order:
    # a document that fails is reported with the file and line it came from.
    pending: deque[tuple[str, str]] = deque()

    def where(doc_id: str) -> str | None:
        for k, (pending_id, place) in enumerate(pending):
            if pending_id == doc_id:
                del pending[k]
                return place
        return None

    def report(error: NewsnlpError) -> None:
        if isinstance(error, DocumentError):
            error = error.at(where(error.doc_id))
        failures.append(str(error))
        print(f"newsnlp: {error}", file=sys.stderr)
        if args.errors == "fail":
            raise _Stop from error

    output = Path(args.output).resolve() if args.output and args.output != "-" else None
    if output is not None:
        _check_output(args.inputs, args.output, output)

    def texts() -> Iterator[tuple[str, str]]:
        for item in _inputs(args.inputs, output=output):
            if isinstance(item, InputError):
                report(item)
                continue
            doc_id, text, place = item
            pending.append((doc_id, place))
            yield doc_id, text

    progress = args.progress if args.progress is not None else sys.stderr.isatty()
    total = None
    if progress and all(Path(n).is_file() and Path(n).suffix == ".txt" for n in args.inputs):
        total = len(args.inputs)
    nlp = Pipeline(batch_size=args.batch_size, debug=args.debug)
    if _to_corpus(args):
        return _extract_corpus(
            args,
            nlp.pipe(
                texts(), on_error=report, progress=progress, total=total, workers=args.workers
            ),
            where,
            failures,
        )
    try:
        with _output(args.output) as out:
            docs = nlp.pipe(
                texts(), on_error=report, progress=progress, total=total, workers=args.workers
            )
            _write_docs(args, docs, where, out)
    except _Stop:
        kept = f"; {args.output} was left as it was" if args.output else ""
        print(f"newsnlp: stopped at the first error (--errors fail){kept}", file=sys.stderr)
        return 1
    if failures:
        print(f"newsnlp: {len(failures)} input(s) failed, see above", file=sys.stderr)
        return 1
    return 0


def _write_docs(
    args: argparse.Namespace, docs: Iterable[Document], where: Any, out: IO[str]
) -> None:
    """Each document as it comes, in ``--format`` (jsonl, json or table)."""
    first = True
    if args.format == "json":
        out.write("[")
    for doc in docs:
        where(doc.id)
        if args.debug:
            print(f"# {doc.id}\n{doc.explain()}", file=sys.stderr)
        if args.format == "jsonl":
            out.write(doc.to_jsonl() + "\n")
        elif args.format == "json":
            out.write(("\n" if first else ",\n") + json_text(doc.as_json(), indent=1))
        else:
            _table(doc, out, args.sections)
        first = False
    if args.format == "json":
        out.write("\n]\n")


def _to_corpus(args: argparse.Namespace) -> bool:
    """``-o X.duckdb`` writes a corpus; ``--format csv|parquet`` its tables into ``-o DIR``."""
    if args.format in ("csv", "parquet"):
        if not args.output or args.output == "-":
            raise InputError(
                f"--format {args.format} writes three tables: give a directory with -o DIR"
            )
        return True
    return bool(args.output) and str(args.output).endswith(".duckdb")


def _extract_corpus(
    args: argparse.Namespace, docs: Iterable[Document], where: Any, failures: list[str]
) -> int:
    from .corpus import CorpusWriter, write_tables

    def seen(docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            where(doc.id)
            yield doc

    try:
        if args.format in ("csv", "parquet"):
            write_tables(seen(docs), args.output, args.format)
        else:
            # Documents go in batch by batch: the corpus is never held in memory, and a
            # document id written before is replaced (running twice leaves one copy).
            with CorpusWriter(args.output) as writer:
                for doc in seen(docs):
                    writer.add(doc)
    except _Stop:
        print("newsnlp: stopped at the first error (--errors fail)", file=sys.stderr)
        return 1
    if failures:
        print(f"newsnlp: {len(failures)} input(s) failed, see above", file=sys.stderr)
        return 1
    return 0


def _corpus(args: argparse.Namespace) -> int:
    from .corpus import Corpus

    corpus = Corpus(args.corpus)
    filters = {
        "speaker": args.speaker,
        "since": args.since,
        "until": args.until,
        "teasers": args.teasers,
    }
    frame = getattr(corpus, args.view)(**filters)
    columns = {
        "speakers": ["speaker", "quotes", "documents"],
        "statements": ["speaker", "text", "documents"],
        "timeline": ["speaker", "date", "quotes"],
    }[args.view]
    records = frame[columns].to_dict("records")
    for r in records:
        if "date" in r and r["date"] is not None:
            r["date"] = str(r["date"])[:10]
        for k, v in r.items():
            if hasattr(v, "item"):  # numpy scalars to plain JSON numbers
                r[k] = v.item()
    if args.format == "jsonl":
        for r in records:
            print(json.dumps(r, ensure_ascii=False))
    elif args.format == "csv":
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(columns)
        for r in records:
            if args.view == "statements":
                r["documents"] = "; ".join(
                    f"{d['doc_id']}/{d['quote_id']} {d['source'] or ''} {d['date'] or ''}".strip()
                    for d in r["documents"]
                )
            w.writerow([r[c] for c in columns])
    else:
        for r in records:
            if args.view == "statements":
                print(f"{r['speaker']} ({len(r['documents'])}): {r['text']}")
                for d in r["documents"]:
                    where_ = f"{d['doc_id']}/{d['quote_id']}"
                    print(f"    {d['date'] or '—'}  {where_}  {d['source'] or ''}")
            elif args.view == "speakers":
                print(f"{r['speaker']:<40} {r['quotes']:>6} quotes {r['documents']:>6} documents")
            else:
                print(f"{r['date']}  {r['speaker']:<40} {r['quotes']:>6}")
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
        allowed_hosts=args.allowed_host or None,
        queue=args.queue,
        time_limit=args.time_limit,
        body_timeout=args.body_timeout,
        header_timeout=args.header_timeout,
        max_connections=args.max_connections,
        cors_origins=args.cors_origin or None,
        corpus=args.corpus,
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
    ext.add_argument(
        "--sections",
        choices=("all", "body"),
        default="all",
        help="--format table: show the quotes of related-story teasers under the article, "
        "marked (all, the default), or only the article's own (body)",
    )
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
    ext.add_argument(
        "--errors",
        choices=ERRORS,
        default="skip",
        help="a bad input or a document that fails: report it on stderr and go on (skip, "
        "the default; the exit status is then 1), or stop there and leave OUT untouched "
        "(fail)",
    )
    ext.add_argument(
        "--strict",
        dest="errors",
        action="store_const",
        const="fail",
        help="the same as --errors fail (kept for existing scripts)",
    )
    ext.set_defaults(func=_extract)

    cor = sub.add_parser(
        "corpus",
        help="who said what across a corpus file (extract -o corpus.duckdb)",
        description="Speakers with quote and document counts; statements carried by several "
        "outlets, most widely carried first; a speaker's quotes per day. Needs "
        "pip install 'newsnlp[corpus]'.",
    )
    cor.add_argument("corpus", metavar="CORPUS")
    cor.add_argument("view", choices=("speakers", "statements", "timeline"))
    cor.add_argument("--speaker", metavar="NAME", help="only this speaker (e.g. 'Дмитрий Песков')")
    cor.add_argument("--since", metavar="D", help="from this day on (YYYY-MM-DD)")
    cor.add_argument("--until", metavar="D", help="up to this day (YYYY-MM-DD)")
    cor.add_argument(
        "--teasers",
        action="store_true",
        help="count the quotes of related-story teasers under an article too (left out by "
        "default: each is counted in its own article)",
    )
    cor.add_argument("--format", choices=("table", "csv", "jsonl"), default="table")
    cor.set_defaults(func=_corpus)

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
        "--allowed-host",
        action="append",
        metavar="HOST",
        help="answer only requests for this Host (repeat it; *.example.org allowed); "
        "any other gets 400. Default: any host",
    )
    srv.add_argument(
        "--queue",
        type=int,
        default=8,
        metavar="N",
        help="requests that wait while one runs, per worker; more get 503 with Retry-After "
        "(default 8)",
    )
    srv.add_argument(
        "--time-limit",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="stop a request not answered in this time, waiting included (504; default 60)",
    )
    srv.add_argument(
        "--body-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="longest a request body may take to arrive (408; default 60)",
    )
    srv.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="close a connection whose request headers take longer (default 10)",
    )
    srv.add_argument(
        "--max-connections",
        type=int,
        default=1000,
        metavar="N",
        help="open connections per worker; more close the longest idle first (default 1000)",
    )
    srv.add_argument(
        "--cors-origin",
        action="append",
        metavar="ORIGIN",
        help="let pages of this origin (https://dash.example.org) call the API; repeat "
        "it. Default: none",
    )
    srv.add_argument(
        "--corpus",
        metavar="CORPUS",
        help="show this corpus file (newsnlp extract -o corpus.duckdb) at /corpus: speakers, "
        "a speaker's quotes over time, a statement's outlets",
    )
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
    if args.command == "extract" and args.workers < 1:
        # serve checks its own --workers, with the message of its other settings
        parser.error("--workers must be at least 1")
    if args.command == "extract" and args.sections != "all" and args.format != "table":
        # JSON keeps every section (sections[] says which is which); a store has teasers=.
        parser.error(
            "--sections body is for --format table; JSON and the corpus keep every "
            "section, each quote's section is in its sections[] / section column"
        )
    previous = None
    if args.command == "extract" and threading.current_thread() is threading.main_thread():
        # SIGTERM as an exception: the partial file beside OUT is removed on the way out.
        previous = signal.signal(signal.SIGTERM, _terminated)
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
    except KeyboardInterrupt:
        print("newsnlp: interrupted; no output file was changed", file=sys.stderr)
        return 130
    except _Terminated:
        print("newsnlp: terminated; no output file was changed", file=sys.stderr)
        return 143
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return status


class _Terminated(BaseException):
    """SIGTERM: a BaseException so that no ``except Exception`` on the way swallows it."""


def _terminated(signum: int, frame: object) -> None:
    raise _Terminated


def _entry() -> Any:  # pragma: no cover - console script shim
    raise SystemExit(main())
