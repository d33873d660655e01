"""Soak check: one `newsnlp serve` under good, hostile and abandoned requests at once.

    python benchmarks/soak.py [--seconds 60] [--good 2]

Starts the server as users do (`python -m newsnlp serve` on a free port of 127.0.0.1)
and, for ``--seconds``, runs side by side:

- ``--good`` clients posting the articles of corpora/ one a request;
- a hostile client cycling through 200 000 dots, a 20 MB body, broken JSON, a batch
  with items that are no documents, a body that is not JSON, and a request whose
  headers trickle in a byte a second;
- a client that sends a megabyte of news and gives up after a second (abandoned);
- a probe calling GET /health every 0.2 s.

Prints the requests answered by kind and status, p50/p95 of the good ones, the
server's resident memory at the start and the end, and the longest /health; exits 1
when a /health took 1 s or more, or a good request was not answered.
Figures are for this machine only.
"""

from __future__ import annotations

import argparse
import collections
import json
import socket
import sys
import threading
import time
from pathlib import Path

import httpx2
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import ROOT, free_port, percentile, start_server, stop_server

MB = 1_000_000


def articles() -> list[str]:
    paths = sorted((ROOT / "corpora").glob("*/*.txt"))
    paths = [p for p in paths if "heldout" not in p.parts[-2]]  # never read held-out text
    return [p.read_text(encoding="utf-8") for p in paths]


class Soak:
    """The client threads; every outcome recorded by kind."""

    def __init__(self, url: str, seconds: float, texts: list[str]) -> None:
        self.url = url
        self.port = int(url.rsplit(":", 1)[1])
        self.until = time.monotonic() + seconds
        self.texts = texts
        self.lock = threading.Lock()
        self.statuses: dict[str, collections.Counter[str]] = collections.defaultdict(
            collections.Counter
        )
        self.good: list[float] = []
        self.health: list[float] = []
        self.megabyte = ("\n\n".join(texts) * 50)[:MB]

    def note(self, kind: str, status: object) -> None:
        with self.lock:
            self.statuses[kind][str(status)] += 1

    def running(self) -> bool:
        return time.monotonic() < self.until

    def good_client(self, first: int) -> None:
        with httpx2.Client(base_url=self.url, timeout=120) as http:
            k = first
            while self.running():
                text = self.texts[k % len(self.texts)]
                k += 1
                start = time.monotonic()
                try:
                    status = http.post("/extract", json={"text": text}).status_code
                except httpx2.TransportError as error:
                    status = type(error).__name__
                took = time.monotonic() - start
                self.note("good", status)
                if status == 200:
                    with self.lock:
                        self.good.append(took)

    def hostile_client(self) -> None:
        json_type = {"content-type": "application/json"}
        bodies: list[tuple[str, bytes, dict[str, str]]] = [
            ("dots", json.dumps({"text": "." * 200_000}).encode(), json_type),
            ("20MB", b'{"text": "' + b"a" * (20 * MB) + b'"}', json_type),
            ("bad JSON", b'{"text": "a', json_type),
            (
                "bad items",
                b'{"documents": [{"id": "a1"}, 5, {"text": "\\u0414\\u0430."}]}',
                json_type,
            ),
            ("not JSON", "Путин прибыл.".encode(), {"content-type": "text/plain"}),
        ]
        with httpx2.Client(base_url=self.url, timeout=120) as http:
            k = 0
            while self.running():
                kind, body, headers = bodies[k % len(bodies)]
                k += 1
                try:
                    status: object = http.post(
                        "/extract", content=body, headers=headers
                    ).status_code
                except httpx2.TransportError as error:
                    status = type(error).__name__
                self.note(kind, status)
                if k % len(bodies) == 0:
                    self.note("trickled headers", self.trickle())

    def trickle(self) -> str:
        """Headers a byte a second: the server closes the connection (header timeout)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            for byte in b"GET /health HTTP/1.1\r\nHost: x\r\n":
                if not self.running():
                    return "stopped"
                try:
                    sock.send(bytes([byte]))
                    time.sleep(1)
                    sock.setblocking(False)
                    try:
                        if sock.recv(1) == b"":
                            return "closed by the server"
                    except BlockingIOError:
                        pass
                    finally:
                        sock.setblocking(True)
                except OSError:
                    return "closed by the server"
        return "never closed"

    def abandoning_client(self) -> None:
        data = json.dumps({"text": self.megabyte}, ensure_ascii=False).encode()
        head = (
            "POST /extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n\r\n"
        ).encode()
        while self.running():
            with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
                sock.sendall(head + data)
                time.sleep(1.0)  # and gives up
            self.note("abandoned 1 MB", "sent")

    def probe(self) -> None:
        with httpx2.Client(base_url=self.url, timeout=30) as http:
            while self.running():
                start = time.monotonic()
                try:
                    status: object = http.get("/health").status_code
                except httpx2.TransportError as error:
                    status = type(error).__name__
                took = time.monotonic() - start
                self.note("/health", status)
                with self.lock:
                    self.health.append(took)
                time.sleep(0.2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--good", type=int, default=2, help="good client threads")
    parser.add_argument(
        "--header-timeout", default="3", help="the server's header timeout (seconds)"
    )
    args = parser.parse_args(argv)
    port = free_port()
    server = start_server(port, ["--log-level", "error", "--header-timeout", args.header_timeout])
    process = psutil.Process(server.pid)
    try:
        rss_start = process.memory_info().rss / MB
        soak = Soak(f"http://127.0.0.1:{port}", args.seconds, articles())
        threads = [
            threading.Thread(target=soak.good_client, args=(n * 7,)) for n in range(args.good)
        ]
        threads += [
            threading.Thread(target=soak.hostile_client),
            threading.Thread(target=soak.abandoning_client),
            threading.Thread(target=soak.probe),
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.monotonic() - started
        rss_end = process.memory_info().rss / MB
    finally:
        stop_server(server)
    answered = sum(n for kind, c in soak.statuses.items() for s, n in c.items() if s.isdigit())
    print(f"soak: {took:.0f} s, {answered} requests answered")
    for kind, counts in sorted(soak.statuses.items()):
        print(f"  {kind:18} " + ", ".join(f"{s}: {n}" for s, n in sorted(counts.items())))
    print(
        f"good requests: {len(soak.good)} answered 200, p50 {percentile(soak.good, 0.5):.2f} s, "
        f"p95 {percentile(soak.good, 0.95):.2f} s"
    )
    print(f"server RSS: {rss_start:.0f} MB at the start, {rss_end:.0f} MB at the end")
    longest = max(soak.health, default=float("nan"))
    print(f"/health: {len(soak.health)} calls, longest {longest:.3f} s")
    good = soak.statuses["good"]
    unanswered = sum(n for s, n in good.items() if s != "200")
    ok = longest < 1 and unanswered == 0 and soak.good
    print("ok" if ok else f"FAILED: /health longest {longest:.2f} s, {unanswered} good unanswered")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
