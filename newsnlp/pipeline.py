"""Pipeline: text -> segments -> entities -> quotes -> :class:`~newsnlp.Document`.

Models (razdel rules, slovnet NER with navec embeddings, pymorphy3) load once per
process and are shared by every :class:`Pipeline`.

Пример::

    >>> from newsnlp import Pipeline
    >>> nlp = Pipeline()
    >>> doc = nlp("Песков заявил, что Кремль доволен.")
    >>> [e.normal for e in doc.entities]
    ['Песков', 'Кремль']
"""

from __future__ import annotations

import re
import sys
import warnings
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice
from typing import Any

from ._checkpoint import checkpoint
from .document import Cluster, Document, Entity, Mention, Meta, Quote, Section, Sentence, Token
from .entities import build_entities
from .entities.ner import RawSpan, get_tagger
from .errors import DocumentError, InputError
from .parallel import run_parallel
from .quotes import find_quotes
from .quotes.candidate import Rule, check_rules
from .quotes.rules import RULES
from .segment import layout, paragraphs, pieces, sentences, tokenize_sentences

__all__ = ["WINDOW", "Pipeline"]

Item = str | tuple[str, str] | Mapping[str, Any]
OnError = str | Callable[[DocumentError], None]
_ON_ERROR = ("raise", "warn", "skip")
# An input as read: id, text (anything, checked later), or why it is no document at all.
_Item = tuple[str, Any, InputError | None]

WINDOW = 100_000

"""Default ``Pipeline(window=...)``: characters of a text analysed together."""
_MIN_WINDOW = 1_000
# A group of windows shares one NER pass; its text is bounded so that memory is too.
_GROUP_CHARS = 1_000_000
# The NER model reads at most this many tokens at once (cut at a sentence start), with
# this many tokens of context on either side: the convolutions look a few words across
# a cut, and the model's memory grows with the longest input of a batch.
_TAG_TOKENS = 1_000
_TAG_MARGIN = 50


@dataclass
class _Parts:
    """One window of a document between segmentation and NER."""

    text: str
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]


@dataclass
class _Result:
    """What one window adds to its document."""

    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    clusters: tuple[Cluster, ...]
    quotes: tuple[Quote, ...]
    trace: list[str] | None
    tokens: tuple[Token, ...] | None


@dataclass
class _Doc:
    """One input document on its way: its layout, then the results of its windows."""

    id: str
    text: str
    meta: Meta = field(default_factory=Meta)
    sections: tuple[Section, ...] = ()
    single: bool = True
    results: list[_Result] = field(default_factory=list)
    error: DocumentError | None = None

    def fail(self, error: BaseException) -> None:
        if self.error is not None:
            return  # the first failure is the one to tell
        self.error = error if isinstance(error, DocumentError) else DocumentError(self.id, error)


@dataclass
class _Job:
    """One window ``text[start:stop]`` of a document; ``last`` closes the document."""

    doc: _Doc
    start: int
    stop: int
    last: bool


class Pipeline:
    """Reads Russian news: entities, clusters and who said what, to whom, per whom.

    Call it on one text, or stream many with :meth:`pipe` (batched NER).

    Any ``str`` gives a :class:`~newsnlp.Document` whose spans keep exact offsets: empty
    text, HTML remnants, NUL, lone surrogates, other scripts. Time and memory grow
    linearly with the length of a text: a text longer than ``window`` characters is
    analysed in windows of whole paragraphs (see *Long texts* in the docs).

    Args:
        batch_size: how many documents (or windows of a long one) :meth:`pipe` groups
            for one NER pass.
        quotes: find quotes (the default); ``False`` stops after entities and clusters.
        debug: record every quote rule decision (which rule found each quote, what it
            skipped and why) in ``Document.trace``; ``Document.explain()`` prints it.
        window: how many characters are analysed together (at least 1000). Entities
            cluster and speakers resolve within a window; a news article is far shorter
            than the default, so only book-length texts are split.
        rules: the quote rules to run, in order (:data:`newsnlp.quotes.rules.RULES`, the
            default): drop one, add your own (``docs/adding-a-rule.md``). A rule that is
            not a documented function of ``(ctx)`` or ``(ctx, taken)`` raises
            :class:`~newsnlp.errors.RuleError`.

    Пример::

        >>> nlp = Pipeline()
        >>> doc = nlp("«Время пришло», — сказал Путин.", id="a1")
        >>> doc.quotes[0].speaker.normal
        'Путин'
    """

    def __init__(
        self,
        *,
        batch_size: int = 32,
        quotes: bool = True,
        debug: bool = False,
        window: int = WINDOW,
        rules: Sequence[Rule] = RULES,
    ) -> None:
        if not isinstance(batch_size, int) or batch_size < 1:
            raise InputError.bad_option("batch_size", batch_size, "a whole number >= 1")
        if not isinstance(window, int) or window < _MIN_WINDOW:
            raise InputError.bad_option("window", window, f"a whole number >= {_MIN_WINDOW}")
        self.batch_size = batch_size
        self.quotes = quotes
        self.debug = debug
        self.window = window
        self.rules = check_rules(rules)
        # Loading here (not on the first call) makes a broken install fail at once,
        # with a message that says how to fix it.
        self._tagger = get_tagger()

    def __call__(self, text: str, *, id: str = "doc") -> Document:
        """Process one text. Anything but a ``str`` raises
        :class:`~newsnlp.errors.NotTextError`, a ``TypeError``.

        Пример::

            >>> Pipeline()("Ким Чен Ын прибыл в Россию.").entities[0].normal
            'Ким Чен Ын'
        """
        if not isinstance(text, str):
            raise InputError.not_text(text)
        return next(self._stream(iter([(str(id), text, None)]), self.batch_size, "raise"))

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
        fails, or an item that is not a document at all: ``"raise"`` (a
        :class:`~newsnlp.errors.DocumentError` with the document's id, after every
        document before it has been yielded), ``"warn"`` (a warning, then go on),
        ``"skip"`` (go on silently), or a callable that receives the error. Failures
        reach it in input order. ``progress=True`` draws a progress bar on stderr.

        ``workers=N`` (N > 1) spreads batches over N processes, each loading the models
        once (about a second at start); the order of the output is still the input order.
        A worker's failure is reported in this process, with its traceback kept in
        ``DocumentError.worker_traceback``.

        Пример::

            >>> texts = ["Путин прибыл.", ("a2", "Ким уехал."), ("a3", None)]
            >>> [d.id for d in Pipeline().pipe(texts, on_error="skip")]
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
        if isinstance(items, (str, bytes, bytearray)):
            # A str is iterable: pipe("abc") gave three one-letter documents.
            raise InputError.one_text_to_pipe(items)
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True)
        # An input that raises ends the stream, but only after every document read before
        # it has come out; then its exception is raised as it was.
        failure: list[Exception] = []
        stream = _until_failure(_read_items(items), failure)
        try:
            if workers == 1:
                yield from self._stream(stream, size, on_error, bar)
            else:
                yield from self._parallel(stream, size, on_error, bar, workers)
            if failure:
                raise failure[0]
        finally:
            if bar is not None:
                bar.close()

    # -- internals ------------------------------------------------------------------

    def _stream(
        self,
        items: Iterator[_Item],
        size: int,
        on_error: OnError,
        bar: Any = None,
    ) -> Iterator[Document]:
        """Documents in input order; a failed one goes to ``on_error`` in its place."""
        group: list[_Job] = []
        chars = 0
        for job in self._jobs(items):
            group.append(job)
            chars += job.stop - job.start
            # Decided on the job just taken, not by looking ahead: a stream that waits
            # for its results before sending more must not stall.
            if len(group) >= size or chars >= _GROUP_CHARS:
                yield from self._run(group, on_error, bar)
                group, chars = [], 0
        if group:
            yield from self._run(group, on_error, bar)

    def _parallel(
        self, items: Iterator[_Item], size: int, on_error: OnError, bar: Any, workers: int
    ) -> Iterator[Document]:
        """Batches in worker processes (:mod:`newsnlp.parallel`); documents and failures
        still come in input order, as from :meth:`_stream`."""
        # What went out, in order, to put each batch's results back in input order; an
        # item that is no document never goes to a worker.
        sent: deque[list[_Item]] = deque()

        def batches() -> Iterator[list[tuple[str, str]]]:
            for batch in _batches(items, size):
                sent.append(batch)
                yield [(doc_id, text) for doc_id, text, problem in batch if problem is None]

        make = partial(
            Pipeline,
            batch_size=size,
            quotes=self.quotes,
            debug=self.debug,
            window=self.window,
            rules=self.rules,
        )
        for docs, errors in run_parallel(batches(), workers, make):
            done, failed = deque(docs), deque(errors)
            for doc_id, _, problem in sent.popleft():
                if problem is not None:
                    self._fail(DocumentError(doc_id, problem), on_error)
                elif done and done[0].id == doc_id:
                    yield done.popleft()
                elif failed and failed[0].doc_id == doc_id:
                    self._fail(failed.popleft(), on_error)
                if bar is not None:
                    bar.update(1)

    def _process(self, batch: list[tuple[str, str]], *, on_error: OnError) -> list[Document]:
        """One batch of ``(id, text)``, as a worker process runs it."""
        return list(self._stream(((i, t, None) for i, t in batch), self.batch_size, on_error))

    def _jobs(self, items: Iterator[_Item]) -> Iterator[_Job]:
        for doc_id, text, problem in items:
            doc = _Doc(doc_id, text if isinstance(text, str) else "")
            windows: list[tuple[int, int]] = [(0, 0)]
            try:
                if problem is not None:
                    raise problem
                if not isinstance(text, str):
                    raise InputError.not_text(text)
                doc.meta, doc.sections = layout(text)
                windows = _windows(text, doc.sections, self.window)
            except Exception as error:
                doc.fail(error)
                windows = [(0, 0)]
            doc.single = len(windows) == 1
            for k, (start, stop) in enumerate(windows):
                yield _Job(doc, start, stop, last=k == len(windows) - 1)

    def _run(self, group: list[_Job], on_error: OnError, bar: Any) -> Iterator[Document]:
        live: list[tuple[_Job, _Parts]] = []
        for job in group:
            if job.doc.error is not None:
                continue  # failed before: unreadable, or an earlier window broke
            checkpoint()  # the HTTP service stops abandoned work here
            try:
                live.append((job, _segment(job)))
            except Exception as error:
                job.doc.fail(error)
        for (job, parts), raw in zip(live, self._tag([p for _, p in live]), strict=True):
            if job.doc.error is not None:
                continue
            if isinstance(raw, BaseException):
                job.doc.fail(raw)
                continue
            checkpoint()  # the HTTP service stops abandoned work here
            try:
                job.doc.results.append(self._finish(parts, raw, keep_tokens=job.doc.single))
            except Exception as error:
                job.doc.fail(error)
        for job in group:
            if not job.last:
                continue
            doc = job.doc
            document = None
            if doc.error is None:
                try:
                    document = _assemble(doc)
                except Exception as error:
                    doc.fail(error)
            doc.results = []
            if bar is not None:
                bar.update(1)
            if document is not None:
                yield document
            elif doc.error is not None:
                self._fail(doc.error, on_error)

    def _tag(self, parts: list[_Parts]) -> list[list[RawSpan] | BaseException]:
        """Run NER over bounded runs of tokens of all windows of a group at once.

        Returns spans per window, in order, or the error for a window whose NER failed.
        """
        # Whole sections where they are short enough, not paragraphs: the convolutional
        # tagger reads a few words of context across line breaks, and loses names at a
        # paragraph start without it.
        units = [(k, *unit) for k, p in enumerate(parts) for unit in _tag_units(p)]
        try:
            tagged = self._tagger.tag_tokens([parts[k].tokens[a:b] for k, a, b, _, _ in units])
        except Exception as error:
            if len(parts) == 1:
                return [error]
            # Find the window that broke the batch: tag each one on its own.
            return [self._tag([p])[0] for p in parts]
        spans: list[list[RawSpan]] = [[] for _ in parts]
        for (k, _, _, lo, hi), found in zip(units, tagged, strict=True):
            target = spans[k]
            # Token offsets are document offsets already; of a run's margins, only what
            # starts in its core counts, once.
            last = target[-1][1] if target else -1
            target.extend(s for s in found if lo <= s[0] < hi and s[0] >= last)
        return list(spans)

    def _finish(self, p: _Parts, raw: list[RawSpan], keep_tokens: bool) -> _Result:
        entities, clusters = build_entities(p.text, p.tokens, p.sections, raw)
        trace: list[str] | None = [] if self.debug else None
        quotes = (
            find_quotes(
                p.text,
                p.tokens,
                p.sentences,
                p.sections,
                entities,
                clusters,
                rules=self.rules,
                trace=trace,
            )
            if self.quotes
            else ()
        )
        # A long text's tokens are not kept: Document.tokens makes them again on demand,
        # and holding them all is what would make memory grow with the text.
        tokens = p.tokens if keep_tokens else None
        return _Result(p.sentences, entities, clusters, quotes, trace, tokens)

    @staticmethod
    def _fail(error: DocumentError, on_error: OnError) -> None:
        if callable(on_error):
            on_error(error)
        elif on_error == "raise":
            raise error from error.cause
        elif on_error == "warn":
            warnings.warn(str(error), RuntimeWarning, stacklevel=5)

    def __repr__(self) -> str:
        return (
            f"Pipeline(batch_size={self.batch_size}, quotes={self.quotes}, "
            f"debug={self.debug}, window={self.window})"
        )


def _windows(text: str, sections: tuple[Section, ...], limit: int) -> list[tuple[int, int]]:
    """Ranges of whole paragraphs of at most ``limit`` characters that cover the text
    (a longer paragraph is cut after a sentence); a short text is one window."""
    if len(text) <= limit:
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    start = stop = -1
    for a, b in paragraphs(text, sections):
        for pa, pb in pieces(text, a, b, limit) if b - a > limit else [(a, b)]:
            if start >= 0 and pb - start > limit:
                out.append((start, stop))
                start = -1
            if start < 0:
                start = pa
            stop = pb
    if start >= 0:
        out.append((start, stop))
    return out or [(0, len(text))]


def _segment(job: _Job) -> _Parts:
    text, start, stop = job.doc.text, job.start, job.stop
    if (start, stop) == (0, len(text)):
        clipped = job.doc.sections
    else:
        # The sections as this window sees them: rules and clusters stay inside them.
        sections = job.doc.sections
        first = max(0, bisect_right(sections, start, key=lambda s: s.start) - 1)
        last = bisect_left(sections, stop, key=lambda s: s.start)
        clipped = tuple(
            Section(a, b, s.kind, text[a:b])
            for s in sections[first:last]
            for a, b in [(max(start, s.start), min(stop, s.stop))]
            if a < b
        )
    sents = tuple(sentences(text, clipped))
    tokens = tuple(tokenize_sentences(text, sents)) if sents else ()
    return _Parts(text, clipped, sents, tokens)


def _tag_units(p: _Parts) -> Iterator[tuple[int, int, int, int]]:
    """Runs of tokens for the NER model: ``(first, stop)`` token indices with margins,
    and the character range ``[lo, hi)`` of the run's core, where spans must start."""
    firsts = [bisect_left(p.tokens, s.start, key=lambda t: t.start) for s in p.sentences]
    for section in p.sections:
        i = bisect_left(p.tokens, section.start, key=lambda t: t.start)
        j = bisect_left(p.tokens, section.stop, key=lambda t: t.start)
        core = i
        while core < j:
            end = min(core + _TAG_TOKENS, j)
            if end < j:
                # cut at the last sentence start that leaves a non-empty core
                k = bisect_right(firsts, end) - 1
                if k >= 0 and firsts[k] > core:
                    end = firsts[k]
            lo = p.tokens[core].start
            hi = p.tokens[end].start if end < j else section.stop
            yield max(i, core - _TAG_MARGIN), min(j, end + _TAG_MARGIN), lo, hi
            core = end


def _assemble(doc: _Doc) -> Document:
    """The document from the results of its windows."""
    if doc.single:
        (result,) = doc.results or [_Result((), (), (), (), None, ())]
    else:
        result = _merge(doc.results, doc.sections)
    return Document(
        trace=tuple(result.trace or ()),
        id=doc.id,
        text=doc.text,
        meta=doc.meta,
        sections=doc.sections,
        sentences=result.sentences,
        entities=result.entities,
        clusters=result.clusters,
        quotes=result.quotes,
        _tokens=result.tokens,
    )


def _merge(results: list[_Result], sections: tuple[Section, ...]) -> _Result:
    """Windows joined: ids renumbered through the text, clusters of one name in one
    section made one across windows."""
    sents: list[Sentence] = []
    entities: list[Entity] = []
    quotes: list[Quote] = []
    trace: list[str] = []
    merged: dict[tuple[str, str, int], Cluster] = {}
    for result in results:
        entity_ids = {e.id: f"e{len(entities) + n}" for n, e in enumerate(result.entities, 1)}
        starts = {e.id: e.start for e in result.entities}
        cluster_ids: dict[str, str] = {}
        for c in result.clusters:
            section = bisect_right(sections, starts[c.mentions[0]], key=lambda s: s.start)
            key = (c.type, c.name, section)
            into = merged.get(key) or Cluster(f"c{len(merged) + 1}", c.type, c.name)
            merged[key] = replace(
                into,
                mentions=into.mentions + tuple(entity_ids[m] for m in c.mentions),
                roles=into.roles + tuple(r for r in c.roles if r not in into.roles),
            )
            cluster_ids[c.id] = into.id
        sents.extend(result.sentences)
        entities.extend(
            replace(e, id=entity_ids[e.id], cluster=cluster_ids.get(e.cluster or ""))
            for e in result.entities
        )
        first = len(quotes)
        quotes.extend(
            replace(
                q,
                id=f"q{first + n}",
                speaker=_recluster(q.speaker, cluster_ids),
                addressee=_recluster(q.addressee, cluster_ids),
            )
            for n, q in enumerate(result.quotes, 1)
        )
        # Quote ids in the trace count from q1 in each window: renumber them too.
        shift = partial(_shift_id, first)
        trace.extend(_TRACE_ID.sub(shift, line) for line in result.trace or ())
    # No tokens: Document.tokens makes them again on demand (see _finish).
    return _Result(
        tuple(sents), tuple(entities), tuple(merged.values()), tuple(quotes), trace, None
    )


_TRACE_ID = re.compile(r"^q(\d+) ")


def _shift_id(by: int, match: re.Match[str]) -> str:
    return f"q{int(match[1]) + by} "


def _recluster(mention: Mention | None, cluster_ids: dict[str, str]) -> Mention | None:
    if mention is None or mention.cluster is None:
        return mention
    return replace(mention, cluster=cluster_ids.get(mention.cluster))


def _read_items(items: Iterable[Item]) -> Iterator[_Item]:
    for n, item in enumerate(items, 1):
        try:
            doc_id, text = read_item(item, n)
        except InputError as error:
            # Not a document at all: reported in its place like a failed one.
            yield f"doc{n}", None, error
            continue
        yield doc_id, text, None


def _until_failure(items: Iterator[_Item], failure: list[Exception]) -> Iterator[_Item]:
    """``items`` until they end or raise; what they raised goes into ``failure``."""
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except Exception as error:
            failure.append(error)
            return
        yield item


def _batches(stream: Iterator[_Item], size: int) -> Iterator[list[_Item]]:
    while batch := list(islice(stream, size)):
        yield batch


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
