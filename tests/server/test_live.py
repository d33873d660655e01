"""`newsnlp serve` as users meet it: uvicorn on 127.0.0.1, called over HTTP."""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import pytest

from ..conftest import SAMPLE, read

httpx = pytest.importorskip("httpx2")
pytest.importorskip("uvicorn")

MB = 1_000_000


def test_serve_answers_the_sample_as_newsnlp_extract_does(live_server, capsys):
    from newsnlp.cli import main

    assert main(["extract", str(SAMPLE), "--format", "jsonl"]) == 0
    extracted = json.loads(capsys.readouterr().out)
    with httpx.Client(base_url=live_server, timeout=60) as http:
        served = http.post("/extract", json={"id": extracted["id"], "text": read(SAMPLE)})
    assert served.status_code == 200
    assert served.json()["quotes"] == extracted["quotes"]
    assert served.json() == extracted  # and everything else too


def test_a_20mb_body_gets_413_and_the_server_keeps_answering(live_server):
    big = json.dumps({"text": "Путин прибыл. " * (20 * MB // 14)}, ensure_ascii=False).encode()
    assert len(big) > 20 * MB

    def chunks():  # no Content-Length: only counting the bytes can stop it
        for start in range(0, len(big), 64 * 1024):
            yield big[start : start + 64 * 1024]

    with httpx.Client(base_url=live_server, timeout=60) as http:
        for body in (big, chunks()):
            refused = http.post(
                "/extract", content=body, headers={"content-type": "application/json"}
            )
            assert refused.status_code == 413
            assert refused.json()["code"] == "E601"
            assert http.get("/health").json()["status"] == "ok"
            after = http.post("/extract", json={"text": "«Да», — сказал Путин."})
            assert after.status_code == 200
            assert after.json()["quotes"][0]["speaker"]["normal"] == "Путин"


def test_a_client_waiting_for_100_continue_is_refused_before_it_sends(live_server):
    # curl's way with large bodies: headers first, the body only after "100 Continue".
    address = urlsplit(live_server)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(
            b"POST /extract HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Content-Length: 20000000\r\nExpect: 100-continue\r\n\r\n"
        )
        answer = b""
        while b"E601" not in answer and (data := sock.recv(65536)):
            answer += data
    assert answer.startswith(b"HTTP/1.1 413 ") and b"100 Continue" not in answer


def test_every_answer_carries_the_security_headers(live_server):
    """CSP, nosniff, no framing, no referrer (issue 14, item 14): on the page, the API, a
    refusal and the
    /docs page (whose Swagger UI needs its inline script, allowed there only)."""
    with httpx.Client(base_url=live_server) as http:
        answers = {
            "/": http.get("/"),
            "/extract": http.post("/extract", json={"text": "Путин прибыл."}),
            "415": http.post("/extract", content=b"x", headers={"content-type": "text/plain"}),
            "/docs": http.get("/docs"),
        }
    for where, answer in answers.items():
        h = answer.headers
        assert h["x-content-type-options"] == "nosniff", where
        assert h["x-frame-options"] == "DENY", where
        assert h["referrer-policy"] == "no-referrer", where
        assert "default-src 'self'" in h["content-security-policy"], where
        assert "frame-ancestors 'none'" in h["content-security-policy"], where
    assert "'unsafe-inline'" not in answers["/"].headers["content-security-policy"]
    assert "'unsafe-inline'" in answers["/docs"].headers["content-security-policy"]


def test_an_allow_list_answers_only_its_hosts(tmp_path):
    """`newsnlp serve --allowed-host localhost` (issue 14, item 14): a request for another
    Host, as a DNS-rebinding page would send, gets 400; the listed one is answered."""
    from .conftest import serving

    with serving(tmp_path / "server.log", "--allowed-host", "localhost") as url:
        port = urlsplit(url).port
        with httpx.Client(base_url=url) as http:
            refused = http.get("/health", headers={"host": f"evil.example:{port}"})
            answered = http.get("/health", headers={"host": f"localhost:{port}"})
    assert refused.status_code == 400
    assert answered.status_code == 200 and answered.json()["status"] == "ok"


def _urllib(url: str, body: bytes) -> tuple[int, dict]:
    import urllib.error
    import urllib.request

    sent = urllib.request.Request(
        f"{url}/extract", data=body, headers={"content-type": "application/json"}
    )
    try:
        with urllib.request.urlopen(sent, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _requests(url: str, body: bytes) -> tuple[int, dict]:
    import requests

    answer = requests.post(
        f"{url}/extract", data=body, headers={"content-type": "application/json"}, timeout=60
    )
    return answer.status_code, answer.json()


def _httpx(url: str, body: bytes) -> tuple[int, dict]:
    answer = httpx.post(
        f"{url}/extract", content=body, headers={"content-type": "application/json"}, timeout=60
    )
    return answer.status_code, answer.json()


@pytest.mark.parametrize("size", [20 * MB, 100 * MB], ids=["20MB", "100MB"])
@pytest.mark.parametrize("send", [_urllib, _requests, _httpx], ids=["urllib", "requests", "httpx"])
def test_python_clients_read_the_413_of_an_oversized_body(live_server, send, size):
    """issue 14, item 14: Python clients send the whole body before they read an answer;
    a server that closes with the body unread resets the connection, and they saw that
    instead of the 413."""
    body = b'{"text": "' + b"a" * (size - 12) + b'"}'
    status, error = send(live_server, body)
    assert status == 413 and error["code"] == "E601"


def test_cors_is_off_by_default_and_on_for_the_origins_named(live_server, tmp_path):
    """issue 14, item 14: CORS only as an option, for the origins it names."""
    from .conftest import serving

    preflight = {
        "origin": "https://dash.example.org",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
    }
    with httpx.Client(base_url=live_server) as http:
        plain = http.post(
            "/extract", json={"text": "Да."}, headers={"origin": "https://dash.example.org"}
        )
    assert plain.status_code == 200 and "access-control-allow-origin" not in plain.headers
    option = ("--cors-origin", "https://dash.example.org")
    with serving(tmp_path / "server.log", *option) as url, httpx.Client(base_url=url) as http:
        allowed = http.options("/extract", headers=preflight)
        answered = http.post(
            "/extract", json={"text": "Да."}, headers={"origin": "https://dash.example.org"}
        )
        other = http.post(
            "/extract", json={"text": "Да."}, headers={"origin": "https://evil.example"}
        )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://dash.example.org"
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert answered.headers["access-control-allow-origin"] == "https://dash.example.org"
    assert "access-control-allow-origin" not in other.headers
