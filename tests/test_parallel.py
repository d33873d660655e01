"""``Pipeline.pipe(workers=N)``: worker processes, input order, errors reported here."""

from __future__ import annotations

import pickle

import pytest

from newsnlp.errors import DocumentError, InputError, WorkerError

from .conftest import CORPORA, read


@pytest.fixture(scope="module")
def articles() -> list[tuple[str, str]]:
    paths = sorted((CORPORA / "tune").glob("*.txt"))[:10]
    return [(p.stem, read(p)) for p in paths]


def test_workers_give_the_same_documents_in_input_order(nlp, articles):
    # batch_size=3 makes several batches, so the two workers finish out of order.
    expected = [d.as_json() for d in nlp.pipe(articles, batch_size=3)]
    got = [d.as_json() for d in nlp.pipe(articles, batch_size=3, workers=2)]
    assert [d["id"] for d in got] == [doc_id for doc_id, _ in articles]
    assert got == expected


def test_a_failing_document_is_reported_with_its_worker_traceback(nlp, articles):
    items = [articles[0], ("broken", 42), articles[1]]
    errors: list[DocumentError] = []
    docs = list(nlp.pipe(items, batch_size=1, workers=2, on_error=errors.append))
    assert [d.id for d in docs] == [articles[0][0], articles[1][0]]
    assert [e.doc_id for e in errors] == ["broken"]
    assert "expected the document text as str, got int" in str(errors[0])
    assert "Traceback" in errors[0].worker_traceback


def test_on_error_raise_stops_with_the_document_id(nlp, articles):
    with pytest.raises(DocumentError, match="'broken'"):
        list(nlp.pipe([("broken", None), articles[0]], workers=2))


def test_stopping_early_shuts_the_workers_down(nlp, articles):
    docs = nlp.pipe(articles * 3, batch_size=2, workers=2)
    assert next(docs).id == articles[0][0]
    docs.close()  # must return, not wait for the queued batches nor hang


@pytest.mark.parametrize("workers", [0, -1, "2", 1.5, True])
def test_bad_worker_counts_are_refused(nlp, workers):
    with pytest.raises(InputError, match="workers="):
        list(nlp.pipe(["Путин прибыл."], workers=workers))


def test_errors_survive_pickling():
    # Errors cross from the worker processes (and Dask workers) back to the caller.
    error = DocumentError("a1", ValueError("boom"))
    error.worker_traceback = "Traceback ..."
    back = pickle.loads(pickle.dumps(error))
    assert (back.doc_id, str(back.cause), back.worker_traceback) == ("a1", "boom", "Traceback ...")
    assert str(back) == str(error)
    died = pickle.loads(pickle.dumps(WorkerError(["a1", "a2"])))
    assert died.doc_ids == ["a1", "a2"] and "__name__ == '__main__'" in str(died)


def test_documents_survive_pickling(sample_doc):
    assert pickle.loads(pickle.dumps(sample_doc)) == sample_doc


def test_workers_report_failures_in_input_order(nlp, articles):
    # Items that are no document never reach a worker, and failures and documents come
    # back in input order, as with one process.
    items = [articles[0], 42, ("broken", None), articles[1], {"id": "x"}, articles[2]]
    events: list[str] = []
    docs = nlp.pipe(items, batch_size=2, workers=2, on_error=lambda e: events.append(e.doc_id))
    for doc in docs:
        events.append(doc.id)
    expected = [articles[0][0], "doc2", "broken", articles[1][0], "doc5", articles[2][0]]
    assert events == expected
    got = []
    with pytest.raises(DocumentError, match="'broken'"):
        got.extend(d.id for d in nlp.pipe(items[2:], batch_size=3, workers=2))
    assert got == []
    with pytest.raises(DocumentError, match="'broken'"):
        batch = [articles[0], ("broken", None), articles[1]]
        got.extend(d.id for d in nlp.pipe(batch, batch_size=3, workers=2))
    assert got == [articles[0][0]]  # the document before the bad one, in the same batch


class _InputBroke(Exception):
    pass


def _five_then_broken(articles):
    for k in range(5):
        yield (f"good{k}", articles[k % len(articles)][1])
    raise _InputBroke("the source went away")


@pytest.mark.parametrize(("batch_size", "workers"), [(32, 1), (2, 1), (2, 2)])
def test_documents_read_before_the_input_failed_are_delivered(nlp, articles, batch_size, workers):
    # issue 14.7: 5 good items then an exception gave nothing (batch_size=2: one lost).
    got = []
    with pytest.raises(_InputBroke, match="went away"):
        for doc in nlp.pipe(_five_then_broken(articles), batch_size=batch_size, workers=workers):
            got.append(doc.id)
    assert got == [f"good{k}" for k in range(5)]


def _workers_of(process) -> list:
    """The pool's worker processes among a process's children (not the resource tracker)."""
    return [c for c in process.children() if "spawn_main" in " ".join(c.cmdline())]


def _gone(process) -> bool:
    import psutil

    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


_ORPHANING = """
import sys
from newsnlp import Pipeline

if __name__ == "__main__":
    texts = ("Путин прибыл в Москву. " * 200 for _ in range(1_000_000))
    docs = Pipeline().pipe(texts, workers=2, batch_size=2)
    next(docs)
    print("running", flush=True)
    for _ in docs:
        pass
"""


@pytest.mark.slow
def test_workers_end_when_their_parent_is_killed(tmp_path):
    """issue 14.6: `kill -9` of the caller of pipe(workers=2) left both workers running
    (78 s later, still there)."""
    import subprocess
    import sys
    import time

    psutil = pytest.importorskip("psutil")
    script = tmp_path / "orphaning.py"
    script.write_text(_ORPHANING, encoding="utf-8")
    parent = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    try:
        assert parent.stdout is not None
        assert parent.stdout.readline().strip() == b"running"
        workers = _workers_of(psutil.Process(parent.pid))
        assert len(workers) == 2
    finally:
        parent.kill()  # SIGKILL: nothing of the parent runs after it
        parent.wait()
    deadline = time.monotonic() + 10
    while not all(_gone(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_gone(w) for w in workers), "workers outlived their parent"


class _DiesOn:
    """A worker whose process dies (os._exit) on a batch with the text "УМРИ"."""

    def __init__(self) -> None:
        from newsnlp import Pipeline

        self.nlp = Pipeline()

    def _process(self, batch, *, on_error):
        import os

        if any("УМРИ" in text for _, text in batch):
            os._exit(1)
        return self.nlp._process(batch, on_error=on_error)


@pytest.mark.slow
def test_a_batch_that_kills_its_worker_is_reported_and_the_rest_delivered():
    """issue 14.8: one dead worker ended the stream (104 of 120 documents neither
    processed nor reported)."""
    from newsnlp.parallel import run_parallel

    items = [(f"d{k}", "УМРИ" if k == 50 else f"Путин прибыл в город {k}.") for k in range(120)]
    batches = [items[k : k + 4] for k in range(0, 120, 4)]
    done, failed = [], []
    for docs, errors in run_parallel(batches, 2, _DiesOn):
        done.extend(d.id for d in docs)
        failed.extend(errors)
    assert [e.doc_id for e in failed] == ["d48", "d49", "d50", "d51"]  # the batch with d50
    assert all(isinstance(e.cause, WorkerError) for e in failed)
    assert done == [doc_id for doc_id, _ in items if doc_id not in {"d48", "d49", "d50", "d51"}]


@pytest.mark.slow
def test_a_worker_killed_mid_run_costs_no_document(nlp):
    """120 documents, one worker killed with SIGKILL while they run: every document is
    yielded or reported through on_error, in input order, and the stream goes on."""
    import os
    import signal

    psutil = pytest.importorskip("psutil")
    items = [(f"d{k}", f"Песков сообщил, что Путин прибыл в город {k}.") for k in range(120)]
    reported: list[str] = []
    got: list[str] = []
    docs = nlp.pipe(items, batch_size=4, workers=2, on_error=lambda e: reported.append(e.doc_id))
    for doc in docs:
        got.append(doc.id)
        if len(got) == 20:
            workers = _workers_of(psutil.Process())
            assert workers
            os.kill(workers[0].pid, signal.SIGKILL)
    assert sorted(got + reported, key=lambda i: int(i[1:])) == [i for i, _ in items]
    assert not set(got) & set(reported)
    assert got == sorted(got, key=lambda i: int(i[1:]))
