"""What the server benchmarks (load.py, soak.py) share: a free port, a real
``python -m newsnlp serve`` started and stopped as a user does, and percentiles."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parents[1]
READY_SECONDS = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def start_server(port: int, options: list[str]) -> subprocess.Popen[bytes]:
    """`python -m newsnlp serve` on 127.0.0.1:``port`` with ``options``, once /health
    answers; SystemExit if it exits or is not ready in three minutes."""
    command = [sys.executable, "-m", "newsnlp", "serve", "--port", str(port), *options]
    server = subprocess.Popen(command, cwd=ROOT)
    deadline = time.monotonic() + READY_SECONDS
    with httpx2.Client(base_url=f"http://127.0.0.1:{port}") as http:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"the server exited with status {server.returncode}")
            try:
                if http.get("/health").status_code == 200:
                    return server
            except httpx2.TransportError:
                pass
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"the server did not get ready in {READY_SECONDS} s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as a user stops it; killed if it has not exited in 30 s."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
