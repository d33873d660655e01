"""The service's limits as a hostile or careless client meets them, over real uvicorn
(issue 14, items 3 and 13): abandoned work dropped, a bounded queue answered 503 with
Retry-After, a time limit, slow bodies and slow headers."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest

from ..conftest import CORPORA, read
from .conftest import serving

httpx = pytest.importorskip("httpx2")
pytest.importorskip("uvicorn")

pytestmark = pytest.mark.slow

MB = 1_000_000


@pytest.fixture(scope="module")
def megabyte() -> str:
    """A megabyte of real news text: the articles of corpora/tune, repeated."""
    texts = [read(p) for p in sorted((CORPORA / "tune").glob("*.txt"))]
    text = "\n\n".join(texts)
    return (text * (MB // len(text) + 1))[:MB]


def request(body: dict, host: str = "localhost") -> bytes:
    data = json.dumps(body, ensure_ascii=False).encode()
    head = (
        f"POST /extract HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    return head.encode() + data


def connect(url: str) -> socket.socket:
    address = urlsplit(url)
    return socket.create_connection((address.hostname, address.port), timeout=30)


def answer(sock: socket.socket) -> bytes:
    got = b""
    while b"\r\n\r\n" not in got and (data := sock.recv(65536)):
        got += data
    return got


def test_abandoned_requests_are_dropped_and_a_small_one_answered_within_15s(tmp_path, megabyte):
    """issue 14.3: 6 requests of a megabyte each whose clients give up must not make the
    next one-line request wait for them (before: each ran to its end, minutes)."""
    with serving(tmp_path / "server.log") as url:
        abandoned = []
        for _ in range(6):
            sock = connect(url)
            sock.sendall(request({"text": megabyte}))
            abandoned.append(sock)
        time.sleep(1.0)  # they are in: one runs, five wait
        for sock in abandoned:
            sock.close()
        start = time.monotonic()
        with httpx.Client(base_url=url, timeout=60) as http:
            small = http.post("/extract", json={"text": "«Да», — сказал Путин."})
        took = time.monotonic() - start
    assert small.status_code == 200
    assert small.json()["quotes"][0]["speaker"]["normal"] == "Путин"
    assert took < 15, f"the small request waited {took:.1f} s"


def test_beyond_the_queue_the_answer_is_503_with_retry_after_at_once(tmp_path, megabyte):
    with serving(tmp_path / "server.log", "--queue", "1") as url:
        held = [connect(url), connect(url)]
        try:
            for sock in held:  # one runs, one waits: the queue is full
                sock.sendall(request({"text": megabyte}))
                time.sleep(0.5)
            start = time.monotonic()
            with httpx.Client(base_url=url, timeout=30) as http:
                refused = http.post("/extract", json={"text": "Путин прибыл."})
                took = time.monotonic() - start
                health = http.get("/health")
        finally:
            for sock in held:
                sock.close()
    assert refused.status_code == 503
    assert refused.json()["code"] == "E608"
    assert int(refused.headers["retry-after"]) >= 1
    assert took < 2, f"the refusal took {took:.1f} s"
    assert health.status_code == 200  # /health is never queued


def test_the_time_limit_stops_a_request_and_keeps_a_batchs_finished_documents(tmp_path, megabyte):
    options = ("--time-limit", "2", "--batch-size", "1")
    with (
        serving(tmp_path / "server.log", *options) as url,
        httpx.Client(base_url=url, timeout=60) as http,
    ):
        start = time.monotonic()
        one = http.post("/extract", json={"text": megabyte})
        took = time.monotonic() - start
        batch = http.post(
            "/extract",
            json={
                "documents": [
                    {"id": "a1", "text": "Путин прибыл."},
                    {"id": "big", "text": megabyte},
                ]
            },
        )
        after = http.post("/extract", json={"text": "«Да», — сказал Путин."})
    assert one.status_code == 504 and one.json()["code"] == "E606"
    assert took < 2 + 6, f"stopped after {took:.1f} s"
    assert batch.status_code == 200
    done, late = batch.json()
    assert done["id"] == "a1" and done["entities"][0]["normal"] == "Путин"
    assert late["id"] == "big" and late["error"]["code"] == "E606"
    assert after.status_code == 200  # the server goes on


def test_a_trickled_body_gets_408(tmp_path):
    with serving(tmp_path / "server.log", "--body-timeout", "1") as url, connect(url) as sock:
        sock.sendall(
            b"POST /extract HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b'Content-Length: 1000\r\n\r\n{"text": "'
        )
        start = time.monotonic()
        got = answer(sock)
        took = time.monotonic() - start
    assert got.startswith(b"HTTP/1.1 408 "), got[:100]
    assert took < 5


def test_300_trickling_connections_do_not_stop_health(tmp_path):
    """issue 14.13: connections that trickle their headers held their sockets for ever;
    with a low file limit (256 here) 300 of them made /health fail."""
    stop = threading.Event()
    with serving(tmp_path / "server.log", "--header-timeout", "3", files=256) as url:
        trickling = []
        for _ in range(300):
            sock = connect(url)
            sock.sendall(b"GET /health HTTP/1.1\r\nHo")
            trickling.append(sock)

        def trickle() -> None:
            while not stop.wait(0.5):
                for sock in trickling:
                    with contextlib.suppress(OSError):  # closed by the server: as it should
                        sock.send(b"s")

        thread = threading.Thread(target=trickle, daemon=True)
        thread.start()
        slowest = 0.0
        try:
            with httpx.Client(base_url=url, timeout=10, headers={"connection": "close"}) as http:
                for _ in range(20):
                    start = time.monotonic()
                    assert http.get("/health").status_code == 200
                    slowest = max(slowest, time.monotonic() - start)
                    time.sleep(0.25)
            # A connection that sends nothing is closed once its headers are late.
            with connect(url) as idle:
                start = time.monotonic()
                assert idle.recv(100) == b""
                closed_after = time.monotonic() - start
        finally:
            stop.set()
            thread.join(timeout=10)
            for sock in trickling:
                sock.close()
    assert slowest < 1, f"/health took {slowest:.2f} s"
    assert closed_after < 3 + 2
