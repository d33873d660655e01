"""Fixtures of the HTTP service: the app in the test client, and the real server.

Both share the models: the test client's app runs the session's Pipeline; the real
server is one `newsnlp serve` process for the whole session.
"""

from __future__ import annotations

import contextlib
import resource
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_ready(client, seconds: float = 120, alive=lambda: True) -> None:
    """Poll GET /health until the models are in."""
    import httpx2

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert alive(), "the server stopped"
        try:
            if client.get("/health").status_code == 200:
                return
        except httpx2.TransportError:
            pass  # not listening yet
        time.sleep(0.1)
    raise TimeoutError("the models did not load in time")


@pytest.fixture(scope="session")
def client(nlp):
    from fastapi.testclient import TestClient

    from newsnlp.server import create_app

    with TestClient(create_app(pipeline=nlp)) as test_client:
        wait_ready(test_client)
        yield test_client


@contextlib.contextmanager
def serving(log: Path, *options: str, files: int | None = None) -> Iterator[str]:
    """`newsnlp serve` as a user starts it, on a free port of 127.0.0.1, with ``options``
    (and ``ulimit -n files``); yields its URL and stops it as uvicorn is stopped (SIGINT)."""
    port = free_port()

    def limit() -> None:
        if files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))

    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "newsnlp", "serve", "--port", str(port), *options],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            preexec_fn=limit,
        )
    url = f"http://127.0.0.1:{port}"
    import httpx2

    try:
        with httpx2.Client(base_url=url, headers={"host": f"localhost:{port}"}) as http:
            wait_ready(http, alive=lambda: server.poll() is None)
        yield url
    except BaseException:
        print(log.read_text(encoding="utf-8", errors="replace"), file=sys.stderr)
        raise
    finally:
        server.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:
    """`newsnlp serve` as a user starts it, on a free port of 127.0.0.1; yields its URL."""
    with serving(tmp_path_factory.mktemp("server") / "server.log") as url:
        yield url
