"""Load check: N concurrent clients against one `newsnlp serve`, over HTTP on 127.0.0.1.

    python benchmarks/load.py [--clients 8] [--requests 150] [--batch 1] [--workers 1]

Starts the server as users do (`python -m newsnlp serve` on a free port of 127.0.0.1),
waits until GET /health answers 200, then runs ``--clients`` threads that post the
articles of corpora/ (``--batch`` per request) until ``--requests`` requests are sent or
``--seconds`` have passed. A probe thread calls GET /health every 0.2 s meanwhile: its
latency shows whether the event loop stays free while batches run.

Prints documents/s, p50/p95 request latency, /health p95 and the failed-request count,
and, side by side, the library itself in this process (``Pipeline.pipe`` over the same
documents, in the same order): their ratio is what HTTP, JSON and the concurrency cost or
gain. Exits 1 if any request failed.
Figures are for this machine only; compare ratios, not absolute numbers.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx2

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import ROOT, free_port, percentile, start_server, stop_server


class Load:
    """Client threads sharing one request budget; every outcome recorded."""

    def __init__(self, url: str, bodies: list[bytes], requests: int, seconds: float) -> None:
        self.url = url
        self.bodies = itertools.cycle(bodies)
        self.left = requests
        self.deadline = time.monotonic() + seconds
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self.documents = 0

    def take(self) -> bytes | None:
        with self.lock:
            if self.left <= 0 or time.monotonic() > self.deadline:
                return None
            self.left -= 1
            return next(self.bodies)

    def client(self) -> None:
        headers = {"content-type": "application/json"}
        with httpx2.Client(base_url=self.url, timeout=120) as http:
            while (body := self.take()) is not None:
                began = time.perf_counter()
                try:
                    response = http.post("/extract", content=body, headers=headers)
                    answer = response.json()
                except (httpx2.HTTPError, ValueError) as error:
                    with self.lock:
                        self.failures.append(f"{type(error).__name__}: {error}")
                    continue
                took = time.perf_counter() - began
                with self.lock:
                    if response.status_code != 200:
                        self.failures.append(f"HTTP {response.status_code}: {answer}")
                    elif isinstance(answer, list) and any("error" in d for d in answer):
                        self.failures.append("a document failed in a batch")
                    else:
                        self.latencies.append(took)
                        self.documents += len(answer) if isinstance(answer, list) else 1


def probe(url: str, stop: threading.Event, out: list[float]) -> None:
    with httpx2.Client(base_url=url, timeout=30) as http:
        while not stop.wait(0.2):
            began = time.perf_counter()
            if http.get("/health").status_code == 200:
                out.append(time.perf_counter() - began)


def library_rate(texts: list[str], batch: int) -> float:
    """Documents/s of Pipeline.pipe in this process over these texts."""
    from newsnlp import Pipeline

    nlp = Pipeline()
    nlp("«Мы готовы», — сказал Песков.")  # the server warms up the same way
    began = time.perf_counter()
    done = sum(1 for _ in nlp.pipe(texts, batch_size=max(batch, 1)))
    return done / (time.perf_counter() - began)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--requests", type=int, default=150, help="requests in all")
    parser.add_argument("--batch", type=int, default=1, help="documents per request")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--seconds", type=float, default=60, help="stop sending after this")
    args = parser.parse_args(argv)

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora").rglob("*.txt"))]
    bodies = []
    for k in range(0, len(texts), args.batch):
        chunk = texts[k : k + args.batch]
        docs = [{"id": f"t{k + n}", "text": t} for n, t in enumerate(chunk)]
        payload = {"documents": docs} if args.batch > 1 else {"id": f"t{k}", "text": chunk[0]}
        bodies.append(json.dumps(payload, ensure_ascii=False).encode())

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_server(port, ["--workers", str(args.workers), "--log-level", "warning"])
    health: list[float] = []
    stop = threading.Event()
    try:
        load = Load(url, bodies, args.requests, args.seconds)
        prober = threading.Thread(target=probe, args=(url, stop, health))
        prober.start()
        clients = [threading.Thread(target=load.client) for _ in range(args.clients)]
        began = time.perf_counter()
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        elapsed = time.perf_counter() - began
    finally:
        stop.set()
        stop_server(server)
    prober.join()

    sent = len(load.latencies) + len(load.failures)
    served = load.documents / elapsed
    print(f"server: {args.workers} worker(s); {args.clients} clients; {args.batch} doc(s)/request")
    print(f"requests: {sent} in {elapsed:.1f} s, failed: {len(load.failures)}")
    print(f"documents/s: {served:.1f}")
    print(
        f"latency p50: {statistics.median(load.latencies) * 1000:.0f} ms, "
        f"p95: {percentile(load.latencies, 0.95) * 1000:.0f} ms"
        if load.latencies
        else "latency: no request succeeded"
    )
    probed = percentile(health, 0.95) * 1000
    print(f"/health during the load, p95: {probed:.0f} ms ({len(health)} probes)")
    # Side by side: the same documents, in the order sent, through the library here
    # (a text seen twice is faster the second time, through the caches, in both runs).
    alone = library_rate(
        list(itertools.islice(itertools.cycle(texts), max(load.documents, 1))), args.batch
    )
    print(f"library in-process documents/s: {alone:.1f}; server / library: {served / alone:.2f}")
    for failure in load.failures[:5]:
        print(f"failed: {failure}", file=sys.stderr)
    return 1 if load.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
