"""Worker processes behind ``Pipeline.pipe(workers=N)``: models load once per worker.

Batches of ``(id, text)`` go to a pool of processes, each holding its own
:class:`~newsnlp.Pipeline`; documents come back in input order. At most two batches per
worker are in flight, so an endless input stream needs bounded memory.

Processes are started with ``spawn``: a forked copy of a parent that runs threads
(Jupyter, tqdm's monitor, a web server) can deadlock, and spawn behaves the same on
Linux, macOS and Windows. A worker starts in about a second (imports and models).

Пример::

    >>> from newsnlp import Pipeline
    >>> docs = Pipeline().pipe(["Путин прибыл.", "Ким уехал."], workers=2)
    >>> [d.id for d in docs]
    ['doc1', 'doc2']
"""

from __future__ import annotations

import multiprocessing
import pickle
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, Protocol

from .errors import DocumentError, WorkerError

if TYPE_CHECKING:
    from .document import Document

__all__ = ["Batch", "BatchResult", "run_parallel"]

Batch = list[tuple[str, str]]
BatchResult = tuple[list["Document"], list[DocumentError]]


class Worker(Protocol):
    """What a worker process runs: a :class:`~newsnlp.Pipeline`, which imports this module
    (so this module names it only by what it does)."""

    def _process(
        self, batch: Batch, *, on_error: Callable[[DocumentError], Any]
    ) -> list[Document]: ...


# The pipeline of this worker process, made once by _start, and its BLAS thread cap.
_WORKER: Worker | None = None
_LIMITS: Any = None


def _start(make: Callable[[], Worker]) -> None:
    global _WORKER, _LIMITS
    from threadpoolctl import threadpool_limits

    _WORKER = make()
    # The workers fill the cores already: BLAS threads inside each one (numpy starts one
    # per core) would only fight over the same cores, spinning. Set after the models
    # load: threadpoolctl reaches only the libraries loaded by then.
    _LIMITS = threadpool_limits(1)


def _picklable(error: DocumentError) -> DocumentError:
    """The error as it can cross back to the parent, with the worker's traceback kept."""
    cause = error.cause
    try:
        pickle.dumps(cause)
    except Exception:
        # An exception holding a lock or a lambda cannot travel; its type and message can.
        cause = RuntimeError(f"{type(cause).__name__}: {cause}")
    lines = traceback.format_exception(error.cause)
    out = DocumentError(error.doc_id, cause)
    out.worker_traceback = "".join(lines)
    return out


def _work(batch: Batch) -> BatchResult:
    assert _WORKER is not None, "worker started without _start"
    errors: list[DocumentError] = []
    docs = _WORKER._process(batch, on_error=errors.append)
    return docs, [_picklable(e) for e in errors]


def run_parallel(
    batches: Iterable[Batch], workers: int, make: Callable[[], Worker]
) -> Iterator[BatchResult]:
    """Process batches in ``workers`` processes; yield their results in order.

    ``make`` builds each worker's :class:`~newsnlp.Pipeline` once, in the worker (a
    picklable callable: ``functools.partial(Pipeline, batch_size=32)``). This module
    never imports the pipeline, which imports it.
    A worker that dies (killed, out of memory) raises :class:`~newsnlp.errors.WorkerError`
    naming the documents of the batch it held.

    Пример::

        >>> batches = [[("a1", "Путин прибыл.")], [("a2", "Ким уехал.")]]
        >>> from functools import partial
        >>> from newsnlp import Pipeline
        >>> found = run_parallel(batches, 2, partial(Pipeline))
        >>> [docs[0].id for docs, _ in found]
        ['a1', 'a2']
    """
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start, initargs=(make,)
    )
    pending: deque[tuple[Batch, Future[BatchResult]]] = deque()
    stream = iter(batches)
    try:
        while True:
            # Keep every worker busy with one batch and one queued behind it.
            while len(pending) < 2 * workers:
                batch = next(stream, None)
                if batch is None:
                    break
                pending.append((batch, pool.submit(_work, batch)))
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool as error:
                raise WorkerError([doc_id for doc_id, _ in batch]) from error
            yield result
    finally:
        # Also reached when the caller stops early or an error propagates: don't leave
        # queued batches running in the background.
        pool.shutdown(wait=True, cancel_futures=True)
