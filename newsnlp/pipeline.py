"""Pipeline: text -> segments -> entities -> quotes -> :class:`~newsnlp.Document`.

Models (razdel rules, slovnet NER with navec embeddings, pymorphy3) load once per
process and are shared by every :class:`Pipeline`.

Пример::

    >>> from newsnlp import Pipeline
    >>> nlp = Pipeline()
    >>> doc = nlp("Песков заявил, что Кремль доволен.")  # doctest: +SKIP
    >>> [e.normal for e in doc.entities]  # doctest: +SKIP
    ['Песков', 'Кремль']
"""

from __future__ import annotations

import sys
import warnings
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

from .document import Document, Section, Sentence, Token
from .entities import build_entities
from .entities.ner import RawSpan, get_tagger
from .errors import DocumentError, InputError
from .parallel import run_parallel
from .quotes import find_quotes
from .segment import layout, sentences, tokenize_sentences

__all__ = ["Pipeline"]

Item = str | tuple[str, str] | Mapping[str, Any]
OnError = str | Callable[[DocumentError], None]
_ON_ERROR = ("raise", "warn", "skip")


@dataclass
class _Parts:
    """A document between segmentation and NER."""

    id: str
    text: str
    meta: Any
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]


class Pipeline:
    """Reads Russian news: entities, clusters and who said what, to whom, per whom.

    Call it on one text, or stream many with :meth:`pipe` (batched NER).

    Args:
        batch_size: how many documents :meth:`pipe` groups for one NER pass.
        quotes: find quotes (the default); ``False`` stops after entities and clusters.
        debug: record every quote rule decision (which rule found each quote, what it
            skipped and why) in ``Document.trace``; ``Document.explain()`` prints it.

    Пример::

        >>> nlp = Pipeline()
        >>> doc = nlp("«Время пришло», — сказал Путин.", id="a1")  # doctest: +SKIP
        >>> doc.quotes[0].speaker.normal  # doctest: +SKIP
        'Путин'
    """

    def __init__(self, *, batch_size: int = 32, quotes: bool = True, debug: bool = False) -> None:
        if not isinstance(batch_size, int) or batch_size < 1:
            raise InputError.bad_option("batch_size", batch_size, "a whole number >= 1")
        self.batch_size = batch_size
        self.quotes = quotes
        self.debug = debug
        # Loading here (not on the first call) makes a broken install fail at once,
        # with a message that says how to fix it.
        self._tagger = get_tagger()

    def __call__(self, text: str, *, id: str = "doc") -> Document:
        """Process one text.

        Пример::

            >>> Pipeline()("Ким Чен Ын прибыл в Россию.").entities[0].normal  # doctest: +SKIP
            'Ким Чен Ын'
        """
        if not isinstance(text, str):
            raise InputError.not_text(text)
        return self._process([(str(id), text)], on_error="raise")[0]

    def pipe(
        self,
        items: Iterable[Item],
        *,
        batch_size: int | None = None,
        on_error: OnError = "raise",
        progress: bool = False,
        total: int | None = None,
        workers: int = 1,
    ) -> Iterator[Document]:
        """Stream documents: NER runs batched across documents, output keeps input order.

        Items are texts (ids ``doc1``, ``doc2``...), ``(id, text)`` pairs, or dicts with
        ``text`` and optional ``id``. ``on_error`` says what to do with a document that
        fails: ``"raise"`` (a :class:`~newsnlp.errors.DocumentError`), ``"warn"`` (a
        warning, then go on), ``"skip"`` (go on silently), or a callable that receives
        the error. ``progress=True`` draws a progress bar on stderr.

        ``workers=N`` (N > 1) spreads batches over N processes, each loading the models
        once (about a second at start); the order of the output is still the input order.
        A worker's failure is reported in this process, with its traceback kept in
        ``DocumentError.worker_traceback``.

        Пример::

            >>> texts = ["Путин прибыл.", ("a2", "Ким уехал.")]
            >>> [d.id for d in Pipeline().pipe(texts)]  # doctest: +SKIP
            ['doc1', 'a2']
        """
        size = self.batch_size if batch_size is None else batch_size
        if not isinstance(size, int) or size < 1:
            raise InputError.bad_option("batch_size", size, "a whole number >= 1")
        if not callable(on_error) and on_error not in _ON_ERROR:
            raise InputError.bad_option(
                "on_error", on_error, "'raise', 'warn', 'skip' or a callable"
            )
        if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
            raise InputError.bad_option("workers", workers, "a whole number >= 1")
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True)
        batches = _batches(_read_items(items), size)
        try:
            if workers == 1:
                for batch in batches:
                    yield from self._process(batch, on_error=on_error)
                    if bar is not None:
                        bar.update(len(batch))
                return
            options = {"batch_size": size, "quotes": self.quotes, "debug": self.debug}
            for batch, (docs, errors) in run_parallel(batches, workers, options):
                for error in errors:
                    self._fail(error.doc_id, error, on_error)
                yield from docs
                if bar is not None:
                    bar.update(len(batch))
        finally:
            if bar is not None:
                bar.close()

    # -- internals ------------------------------------------------------------------

    def _process(self, batch: list[tuple[str, str]], *, on_error: OnError) -> list[Document]:
        parts: list[_Parts | None] = []
        for doc_id, text in batch:
            try:
                parts.append(_segment(doc_id, text))
            except Exception as error:
                self._fail(doc_id, error, on_error)
                parts.append(None)
        ready = [p for p in parts if p is not None]
        out = []
        for p, raw in zip(ready, self._tag(ready, on_error), strict=True):
            if raw is None:
                continue
            try:
                out.append(self._finish(p, raw))
            except Exception as error:
                self._fail(p.id, error, on_error)
        return out

    def _tag(self, ready: list[_Parts], on_error: OnError) -> list[list[RawSpan] | None]:
        """Run NER over the paragraphs of all documents of a batch at once.

        Returns spans per document, in order; None for a document whose NER failed.
        """
        # Whole sections, not paragraphs: the convolutional tagger reads a few words
        # of context across line breaks, and loses names at a paragraph start without it.
        units = [(k, s.start, s.stop) for k, p in enumerate(ready) for s in p.sections]
        try:
            tagged = self._tagger.tag_tokens([_tokens_in(ready[k], a, b) for k, a, b in units])
        except Exception as error:
            if len(ready) == 1:
                self._fail(ready[0].id, error, on_error)
                return [None]
            # Find the document that broke the batch: tag each one on its own.
            return [self._tag([p], on_error)[0] for p in ready]
        spans: list[list[RawSpan] | None] = [[] for _ in ready]
        for (k, _, _), found in zip(units, tagged, strict=True):
            target = spans[k]
            assert target is not None
            target.extend(found)  # token offsets are document offsets already
        return spans

    def _finish(self, p: _Parts, raw: list[RawSpan]) -> Document:
        entities, clusters = build_entities(p.text, p.tokens, p.sections, raw)
        trace: list[str] | None = [] if self.debug else None
        quotes = (
            find_quotes(p.text, p.tokens, p.sentences, p.sections, entities, clusters, trace=trace)
            if self.quotes
            else ()
        )
        return Document(
            trace=tuple(trace or ()),
            id=p.id,
            text=p.text,
            meta=p.meta,
            sections=p.sections,
            sentences=p.sentences,
            entities=entities,
            clusters=clusters,
            quotes=quotes,
            _tokens=p.tokens,
        )

    @staticmethod
    def _fail(doc_id: str, error: BaseException, on_error: OnError) -> None:
        wrapped = error if isinstance(error, DocumentError) else DocumentError(doc_id, error)
        if callable(on_error):
            on_error(wrapped)
        elif on_error == "raise":
            raise wrapped from error
        elif on_error == "warn":
            warnings.warn(str(wrapped), RuntimeWarning, stacklevel=4)

    def __repr__(self) -> str:
        return f"Pipeline(batch_size={self.batch_size}, quotes={self.quotes}, debug={self.debug})"


def _tokens_in(parts: _Parts, start: int, stop: int) -> list[Token]:
    starts = [t.start for t in parts.tokens]
    return list(parts.tokens[bisect_left(starts, start) : bisect_left(starts, stop)])


def _segment(doc_id: str, text: str) -> _Parts:
    if not isinstance(text, str):
        raise InputError.not_text(text)
    meta, sections = layout(text)
    sents = tuple(sentences(text, sections))
    tokens = tuple(tokenize_sentences(text, sents)) if sents else ()
    return _Parts(doc_id, text, meta, sections, sents, tokens)


def _batches(stream: Iterator[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    while batch := list(islice(stream, size)):
        yield batch


def _read_items(items: Iterable[Item]) -> Iterator[tuple[str, str]]:
    for n, item in enumerate(items, 1):
        yield read_item(item, n)


def read_item(item: Item, n: int) -> tuple[str, str]:
    """``(id, text)`` of the ``n``-th item given to :meth:`Pipeline.pipe` (ids from 1).

    Пример::

        >>> read_item("Путин прибыл.", 3)
        ('doc3', 'Путин прибыл.')
        >>> read_item({"id": 7, "text": "Ким уехал."}, 1)
        ('7', 'Ким уехал.')
    """
    if isinstance(item, str):
        return f"doc{n}", item
    if isinstance(item, tuple) and len(item) == 2:
        return str(item[0]), item[1]
    if isinstance(item, Mapping) and "text" in item:
        return str(item.get("id", f"doc{n}")), item["text"]
    raise InputError.bad_item(item)
