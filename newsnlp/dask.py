"""Dask: newsnlp over corpora larger than one machine, partition by partition.

:func:`extract` maps a dask bag of articles to a bag of documents (the JSON of
SCHEMA.md by default); :func:`frames` maps a dask DataFrame with ``id`` and ``text``
columns to a DataFrame of quotes or entity mentions, the columns of
:func:`newsnlp.frames`; :func:`to_corpus` writes a bag into a corpus file (``newsnlp
corpus``), partition by partition. Each worker process loads the models once, at its first
partition, and keeps them for the next ones; NER is batched inside each partition.

Needs ``pip install 'newsnlp[dask]'`` (``dask[bag,dataframe]`` and ``distributed``) on
the client and on every worker. See the docs page "Scale" for a multi-machine recipe.

Пример::

    >>> import dask.bag as db
    >>> import newsnlp.dask
    >>> bag = db.from_sequence([{"id": "a1", "text": "«Да», – сказал Путин."}])
    >>> docs = newsnlp.dask.extract(bag).compute()
    >>> docs[0]["quotes"][0]["speaker"]["normal"]
    'Путин'
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DocumentError, InputError
from .integrations import require

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas as pd
    from dask.delayed import Delayed

    from .pipeline import Pipeline

__all__ = ["extract", "frames", "to_corpus"]

_OUTPUTS = ("json", "document")
_ON_ERROR = ("raise", "skip", "record")

# One pipeline per worker process and set of options. The models behind it are
# process-wide already; keeping the Pipeline saves re-checking them per partition.
_PIPELINES: dict[tuple[bool, int], Pipeline] = {}


def _pipeline(quotes: bool, batch_size: int) -> Pipeline:
    key = (quotes, batch_size)
    if key not in _PIPELINES:
        from .pipeline import Pipeline

        _PIPELINES[key] = Pipeline(quotes=quotes, batch_size=batch_size)
    return _PIPELINES[key]


def _extract_partition(
    items: Iterable[Any], quotes: bool, batch_size: int, output: str, on_error: str
) -> list[Any]:
    from .pipeline import read_item

    nlp = _pipeline(quotes, batch_size)
    if on_error == "raise":
        return [d.as_json() if output == "json" else d for d in nlp.pipe(items)]
    # Each item under its position, so that a failure keeps its place in the output
    # (the pipeline reports a failing document as soon as it meets it).
    ids: list[str] = []
    keyed: list[tuple[str, Any]] = []
    failed: dict[str, Any] = {}
    for n, item in enumerate(items, 1):
        key = str(n - 1)
        try:
            doc_id, text = read_item(item, n)
        except InputError as error:
            doc_id, text = f"doc{n}", None
            failed[key] = {"id": doc_id, "error": str(error)}
        ids.append(doc_id)
        keyed.append((key, text))

    def record(error: DocumentError) -> None:
        real = DocumentError(ids[int(error.doc_id)], error.cause)  # the caller's id
        failed[error.doc_id] = {"id": real.doc_id, "error": str(real)}

    ready = [pair for pair in keyed if pair[0] not in failed]
    docs = {d.id: d for d in nlp.pipe(ready, on_error=record)}
    out: list[Any] = []
    for position, doc_id in enumerate(ids):
        doc = docs.get(str(position))
        if doc is not None:
            doc = replace(doc, id=doc_id)
            out.append(doc.as_json() if output == "json" else doc)
        elif on_error == "record":
            out.append(failed[str(position)])
    return out


def extract(
    bag: dask.bag.Bag,
    *,
    quotes: bool = True,
    batch_size: int = 32,
    output: str = "json",
    on_error: str = "raise",
) -> dask.bag.Bag:
    """A bag of articles → a bag of processed documents, in the same order.

    Items are what :meth:`newsnlp.Pipeline.pipe` reads: texts, ``(id, text)`` pairs or
    ``{"id", "text"}`` dicts (``db.read_text("*.jsonl").map(json.loads)`` gives those).
    Without an ``id``, an item is named by its place in its partition (``doc1``...), so
    give ids for a corpus of more than one partition.
    ``output="json"`` (default) gives SCHEMA.md dicts, ready for
    ``.map(json.dumps).to_textfiles(...)``; ``"document"`` gives
    :class:`~newsnlp.Document` objects. ``on_error``: ``"raise"`` fails the computation
    on the first bad document, ``"skip"`` drops it, ``"record"`` puts
    ``{"id": ..., "error": ...}`` in its place so that nothing is lost silently.

    Пример::

        >>> import dask.bag as db
        >>> bag = db.from_sequence([("a1", "Песков заявил, что Кремль готов.")])
        >>> [d["id"] for d in extract(bag).compute()]
        ['a1']
    """
    require("dask.bag", "dask")
    if output not in _OUTPUTS:
        raise InputError.bad_option("output", output, "'json' or 'document'")
    if on_error not in _ON_ERROR:
        raise InputError.bad_option("on_error", on_error, "'raise', 'skip' or 'record'")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise InputError.bad_option("batch_size", batch_size, "a whole number >= 1")
    # A partial, not keywords of map_partitions: dask reserves some names ("output").
    work = partial(
        _extract_partition,
        quotes=quotes,
        batch_size=batch_size,
        output=output,
        on_error=on_error,
    )
    out: dask.bag.Bag = bag.map_partitions(work)
    return out


def _frames_partition(
    part: pd.DataFrame, what: str, text: str, id: str, batch_size: int
) -> pd.DataFrame:
    from .integrations.pandas import frames as pandas_frames

    nlp = _pipeline(what == "quotes", batch_size)
    items = zip(part[id].astype(str), part[text], strict=True)
    return pandas_frames(nlp.pipe(items), what=what)


def frames(
    df: dask.dataframe.DataFrame,
    what: str = "quotes",
    *,
    text: str = "text",
    id: str = "id",
    batch_size: int = 32,
) -> dask.dataframe.DataFrame:
    """A DataFrame of articles → one row a quote (``what="quotes"``) or entity mention.

    The columns are :data:`~newsnlp.integrations.pandas.QUOTE_COLUMNS` or
    :data:`~newsnlp.integrations.pandas.ENTITY_COLUMNS`; ``doc`` holds the article's id.
    ``text`` and ``id`` name the input columns.

    Пример::

        >>> import dask.dataframe as dd, pandas as pd
        >>> articles = dd.from_pandas(pd.DataFrame(
        ...     {"id": ["a1"], "text": ["«Да», – сказал Путин."]}), npartitions=1)
        >>> frames(articles)[["doc", "speaker"]].compute().values.tolist()
        [['a1', 'Путин']]
    """
    require("dask.dataframe", "dask")
    from .integrations.pandas import _WHAT, _frame

    if what not in _WHAT:
        raise InputError.bad_option("what", what, "'quotes' or 'entities'")
    for column in (text, id):
        if column not in df.columns:
            raise InputError.bad_option(
                "text" if column == text else "id",
                column,
                f"one of the DataFrame's columns {list(df.columns)}",
            )
    if not isinstance(batch_size, int) or batch_size < 1:
        raise InputError.bad_option("batch_size", batch_size, "a whole number >= 1")
    # The empty frame tells dask the columns and dtypes without running a partition.
    meta = _frame([], _WHAT[what][1])
    work = partial(_frames_partition, what=what, text=text, id=id, batch_size=batch_size)
    out: dask.dataframe.DataFrame = df.map_partitions(work, meta=meta)
    return out


def _rows_partition(
    items: Iterable[Any], quotes: bool, batch_size: int, on_error: str
) -> list[tuple[str, dict[str, list[tuple[Any, ...]]]]]:
    from .corpus.store import rows

    docs = _extract_partition(items, quotes, batch_size, "document", on_error)
    # Plain tuples travel back to the client, lighter than Documents (no text, no tokens).
    return [(doc.id, rows(doc)) for doc in docs]


def _completed(parts: Sequence[Delayed], in_flight: int | None) -> Iterator[Any]:
    """The results of ``parts`` as they finish, at most ``in_flight`` held at a time."""
    # Imported as modules: dask and distributed carry no type hints mypy could check.
    distributed: Any = None
    client: Any = None
    try:
        distributed = importlib.import_module("distributed")
        client = distributed.get_client()
    except (ImportError, ValueError):  # no distributed, or no client: the local scheduler
        client = None
    if client is None:
        dask: Any = importlib.import_module("dask")
        step = in_flight or 1
        for i in range(0, len(parts), step):
            yield from dask.compute(*parts[i : i + step])
        return
    # A sliding window of futures: the cluster stays busy, the client never holds more
    # than the window's partitions, however long the bag.
    step = in_flight or 2 * max(1, len(client.scheduler_info()["workers"]))
    todo = iter(parts)
    running = distributed.as_completed(client.compute(list(islice(todo, step))))
    for future in running:
        yield future.result()
        future.release()
        following = next(todo, None)
        if following is not None:
            running.add(client.compute(following))


def to_corpus(
    bag: dask.bag.Bag,
    path: str | Path,
    *,
    quotes: bool = True,
    batch_size: int = 32,
    on_error: str = "raise",
    in_flight: int | None = None,
) -> int:
    """Process a bag of articles and write it into the corpus file ``path``; the number of
    documents written.

    The workers turn each partition into the store's rows; the client writes them through
    :class:`~newsnlp.corpus.CorpusWriter` as partitions finish, so neither holds the corpus:
    at most ``in_flight`` partitions are computed or waiting at a time (default: twice the
    workers of the running ``distributed`` client, or one after another without one). The
    file is the one ``newsnlp extract -o corpus.duckdb`` writes: a document id written
    before is replaced, speaker keys are joined across all documents at the end. Items as
    in :func:`extract`, with ids. ``on_error``: ``"raise"`` or ``"skip"``.

    Пример::

        >>> import os, tempfile
        >>> import dask.bag as db
        >>> from newsnlp.corpus import speakers
        >>> path = os.path.join(tempfile.mkdtemp(), "corpus.duckdb")
        >>> bag = db.from_sequence([("a1", "«Да», – сказал Путин.")])
        >>> to_corpus(bag, path)
        1
        >>> speakers(path)["speaker"].tolist()
        ['Путин']
    """
    require("dask.bag", "dask")
    if on_error not in ("raise", "skip"):
        raise InputError.bad_option("on_error", on_error, "'raise' or 'skip'")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise InputError.bad_option("batch_size", batch_size, "a whole number >= 1")
    if in_flight is not None and (not isinstance(in_flight, int) or in_flight < 1):
        raise InputError.bad_option("in_flight", in_flight, "a whole number >= 1")
    from .corpus import CorpusWriter

    work = partial(_rows_partition, quotes=quotes, batch_size=batch_size, on_error=on_error)
    parts = bag.map_partitions(work).to_delayed()
    with CorpusWriter(path) as writer:
        for part in _completed(parts, in_flight):
            for doc_id, table_rows in part:
                writer.add_rows(doc_id, table_rows)
    return writer.written
