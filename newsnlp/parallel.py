"""Worker processes behind ``Pipeline.pipe(workers=N)``: models load once per worker.

Batches of ``(id, text)`` go to a pool of processes, each holding its own
:class:`~newsnlp.Pipeline`; documents come back in input order. At most two batches per
worker are in flight, so an endless input stream needs bounded memory.

Processes are started with ``spawn``: a forked copy of a parent that runs threads
(Jupyter, tqdm's monitor, a web server) can deadlock, and spawn behaves the same on
Linux, macOS and Windows. A worker starts in about a second (imports and models).

A worker ends when its parent does, even one killed with SIGKILL: a thread in each
worker looks every half second whether its parent is still there. A worker that dies
(killed, out of memory) does not end the stream: the pool is started again, the batches
that were in flight run again one at a time, and a batch whose worker dies while it runs
alone comes back as failed documents (a :class:`~newsnlp.errors.WorkerError` for each),
for ``on_error`` to report. Only when three batches in a row kill their worker (workers
that cannot start at all) does the stream stop, with that ``WorkerError``.

Пример::

    >>> from newsnlp import Pipeline
    >>> docs = Pipeline().pipe(["Путин прибыл.", "Ким уехал."], workers=2)
    >>> [d.id for d in docs]
    ['doc1', 'doc2']
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
import time
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


def _start(make: Callable[[], Worker], parent: int) -> None:
    global _WORKER, _LIMITS
    from threadpoolctl import threadpool_limits

    # Before the models: a parent killed while they load must not leave this behind.
    threading.Thread(target=_orphan_watch, args=(parent,), daemon=True).start()
    _WORKER = make()
    # The workers fill the cores already: BLAS threads inside each one (numpy starts one
    # per core) would only fight over the same cores, spinning. Set after the models
    # load: threadpoolctl reaches only the libraries loaded by then.
    _LIMITS = threadpool_limits(1)


# How often a worker looks for its parent. A parent killed with SIGKILL cannot stop its
# workers, and the pool's own checks run in the parent; an orphan is given to another
# process (init), so its parent id changes. Polling works on every platform, where
# Linux's PR_SET_PDEATHSIG is tied to the parent's thread that started the worker.
_WATCH_SECONDS = 0.5


def _orphan_watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    os._exit(1)


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


# Batches in a row that kill their worker before the stream gives up: workers that
# cannot run at all (a script without `if __name__ == "__main__":`, a broken install).
_GIVE_UP = 3


def _pool(workers: int, make: Callable[[], Worker]) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start,
        initargs=(make, os.getpid()),
    )


def _died(batch: Batch) -> BatchResult:
    """A batch whose worker died under it: each of its documents failed with that."""
    ids = [doc_id for doc_id, _ in batch]
    return [], [DocumentError(doc_id, WorkerError(ids)) for doc_id in ids]


def run_parallel(
    batches: Iterable[Batch], workers: int, make: Callable[[], Worker]
) -> Iterator[BatchResult]:
    """Process batches in ``workers`` processes; yield their results in order.

    ``make`` builds each worker's :class:`~newsnlp.Pipeline` once, in the worker (a
    picklable callable: ``functools.partial(Pipeline, batch_size=32)``). This module
    never imports the pipeline, which imports it.
    A worker that dies (killed, out of memory) costs only the batch it held alone: its
    documents come back as failures, each a :class:`~newsnlp.errors.DocumentError`
    whose cause is a :class:`~newsnlp.errors.WorkerError`; three such batches in a row
    raise that ``WorkerError``.

    Пример::

        >>> batches = [[("a1", "Путин прибыл.")], [("a2", "Ким уехал.")]]
        >>> from functools import partial
        >>> from newsnlp import Pipeline
        >>> found = run_parallel(batches, 2, partial(Pipeline))
        >>> [docs[0].id for docs, _ in found]
        ['a1', 'a2']
    """
    pool = _pool(workers, make)
    pending: deque[tuple[Batch, Future[BatchResult]]] = deque()
    # In flight when a worker died: run again one at a time, to find the one that kills.
    suspects: deque[Batch] = deque()
    stream = iter(batches)
    dead_in_a_row = 0
    try:
        while True:
            if suspects:
                if not pending:
                    batch = suspects.popleft()
                    pending.append((batch, pool.submit(_work, batch)))
            else:
                # Keep every worker busy with one batch and one queued behind it.
                while len(pending) < 2 * workers:
                    fresh = next(stream, None)
                    if fresh is None:
                        break
                    pending.append((fresh, pool.submit(_work, fresh)))
            if not pending:
                return
            batch, future = pending[0]
            try:
                result = future.result()
            except BrokenProcessPool as error:
                lost = [b for b, _ in pending]
                pending.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _pool(workers, make)
                if len(lost) > 1:
                    suspects.extendleft(reversed(lost))  # first, in their order
                    continue
                dead_in_a_row += 1
                if dead_in_a_row >= _GIVE_UP:
                    raise WorkerError([doc_id for doc_id, _ in batch]) from error
                yield _died(batch)  # it ran alone: it is the one
                continue
            pending.popleft()
            dead_in_a_row = 0
            yield result
    finally:
        # Also reached when the caller stops early or an error propagates: don't leave
        # queued batches running in the background.
        pool.shutdown(wait=True, cancel_futures=True)
