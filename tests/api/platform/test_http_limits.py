"""HTTP/1.1 robustness on raw sockets: keep-alive, pipelining, malformed input, size limits,
slow clients (design.md "Runtime": every limit explicit and configurable)."""

import json
import socket
import threading
import time

import pytest

from api.support import RawConn, http_session, raw_get

HEADER_LIMIT = 4096
BODY_LIMIT = 2048


@pytest.fixture(scope="module")
def limited(module_launcher):
    """A server with small limits and short timeouts."""
    return module_launcher.server(
        TANDEM_MAX_HEADER_BYTES=str(HEADER_LIMIT), TANDEM_MAX_BODY_BYTES=str(BODY_LIMIT),
        TANDEM_HEADER_TIMEOUT_MS="1000", TANDEM_IDLE_TIMEOUT_MS="1500")


def _post(path, body: bytes, extra=""):
    return (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n{extra}\r\n").encode() + body


# --- keep-alive and pipelining ---------------------------------------------------------------


def test_keep_alive_serves_sequential_requests_on_one_socket(module_server):
    with RawConn(module_server.port) as conn:
        for path, expected in [("/healthz", {"status": "ok"}),
                               ("/health", {"status": "healthy", "app": "FlowTrack API",
                                            "version": "1.0.0"}),
                               ("/healthz", {"status": "ok"})]:
            conn.send(raw_get(path))
            resp = conn.read_response()
            assert resp.status == 200
            assert json.loads(resp.body) == expected
            assert (resp.header("Connection") or "").lower() != "close"


def test_keep_alive_survives_a_short_pause(module_server):
    with RawConn(module_server.port) as conn:
        conn.send(raw_get("/healthz"))
        assert conn.read_response().status == 200
        time.sleep(1.2)
        conn.send(raw_get("/readyz"))
        resp = conn.read_response()
        assert resp.status == 200 and json.loads(resp.body)["status"] == "ready"


def test_query_strings_do_not_affect_routing(module_server):
    with RawConn(module_server.port) as conn:
        conn.send(raw_get("/healthz?probe=1&x=%20y") + raw_get("/health?"))
        first, second = conn.read_response(), conn.read_response()
    assert first.status == 200 and json.loads(first.body) == {"status": "ok"}
    assert second.status == 200 and json.loads(second.body)["status"] == "healthy"


def test_expect_100_continue(module_server):
    body = json.dumps({"email": "nobody@example.com", "password": "x"}).encode()
    with RawConn(module_server.port) as conn:
        conn.send(f"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                  f"\r\nContent-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n")
        interim = conn.read_response()
        assert interim.status == 100
        conn.send(body)
        final = conn.read_response()
        assert final.status == 401
        assert json.loads(final.body) == {"detail": "Incorrect email or password"}


def test_pipelined_requests_are_answered_in_order(module_server):
    batch = (raw_get("/healthz", extra="X-Request-Id: p1\r\n")
             + raw_get("/health", extra="X-Request-Id: p2\r\n")
             + _post("/api/v1/auth/login", b"{bad", extra="X-Request-Id: p3\r\n")
             + raw_get("/api/v1/nope", extra="X-Request-Id: p4\r\n"))
    with RawConn(module_server.port) as conn:
        conn.send(batch)
        responses = [conn.read_response() for _ in range(4)]
    assert [r.status for r in responses] == [200, 200, 422, 404]
    assert [r.header("X-Request-Id") for r in responses] == ["p1", "p2", "p3", "p4"]
    assert json.loads(responses[0].body) == {"status": "ok"}
    assert json.loads(responses[1].body)["status"] == "healthy"
    assert json.loads(responses[2].body)["detail"][0]["type"] == "json_invalid"


def test_pipelined_requests_split_across_writes(module_server):
    data = raw_get("/healthz", extra="X-Request-Id: s1\r\n") + raw_get(
        "/healthz", extra="X-Request-Id: s2\r\n")
    with RawConn(module_server.port) as conn:
        cut = len(data) // 2 + 3
        conn.send(data[:cut])
        time.sleep(0.1)
        conn.send(data[cut:])
        assert [conn.read_response().header("X-Request-Id") for _ in range(2)] == ["s1", "s2"]


def test_connection_close_is_honoured(module_server):
    with RawConn(module_server.port) as conn:
        conn.send(raw_get("/healthz", extra="Connection: close\r\n"))
        resp = conn.read_response()
        assert resp.status == 200
        assert conn.closed_by_peer(3.0)


def test_http10_without_keep_alive_is_closed(module_server):
    with RawConn(module_server.port) as conn:
        conn.send(b"GET /healthz HTTP/1.0\r\n\r\n")
        resp = conn.read_response()
        assert resp.status == 200
        assert json.loads(resp.body) == {"status": "ok"}
        assert conn.closed_by_peer(3.0)


# --- malformed input -------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [
    b"GARBAGE\r\n\r\n",
    b"GET /healthz HTTP/1.1 junk\r\nHost: x\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
    b"GET  HTTP/1.1\r\nHost: x\r\n\r\n",
    b"G\x00T /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
])
def test_malformed_request_gets_400_and_close(module_server, raw):
    with RawConn(module_server.port) as conn:
        conn.send(raw)
        resp = conn.read_response()
        assert resp.status == 400
        assert conn.closed_by_peer(3.0), "the connection is closed after a parse error"
    # The server is unharmed.
    assert http_session().get(module_server.url + "/healthz").status_code == 200


def test_bad_content_length_is_400(module_server):
    with RawConn(module_server.port) as conn:
        conn.send(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
        assert conn.read_response().status == 400
        assert conn.closed_by_peer(3.0)


# --- size limits ---------------------------------------------------------------------------------


def test_default_header_limit_431(module_server):
    with RawConn(module_server.port) as conn:
        conn.send(raw_get("/healthz", extra="X-Big: " + "a" * 12000 + "\r\n"))
        assert conn.read_response().status == 200, "12 KB of headers is within the 16 KiB default"
    with RawConn(module_server.port) as conn:
        conn.send(raw_get("/healthz", extra="X-Big: " + "a" * 20000 + "\r\n"))
        assert conn.read_response().status == 431


def test_configured_header_limit(limited):
    with RawConn(limited.port) as conn:
        conn.send(raw_get("/healthz", extra="X-Big: " + "a" * (HEADER_LIMIT // 2) + "\r\n"))
        assert conn.read_response().status == 200
    with RawConn(limited.port) as conn:
        conn.send(raw_get("/healthz", extra="X-Big: " + "a" * (HEADER_LIMIT + 500) + "\r\n"))
        assert conn.read_response().status == 431
    with RawConn(limited.port) as conn:
        many = "".join(f"X-H{i}: {'b' * 60}\r\n" for i in range(HEADER_LIMIT // 60 + 10))
        conn.send(raw_get("/healthz", extra=many))
        assert conn.read_response().status == 431


def _login_body(size: int) -> bytes:
    body = {"email": "nobody@example.com", "password": "x", "pad": ""}
    base = len(json.dumps(body).encode())
    body["pad"] = "p" * (size - base)
    raw = json.dumps(body).encode()
    assert len(raw) == size
    return raw


def test_configured_body_limit(limited):
    with RawConn(limited.port) as conn:
        conn.send(_post("/api/v1/auth/login", _login_body(BODY_LIMIT - 100)))
        resp = conn.read_response()
        assert resp.status == 401, resp.body  # read and handled: unknown account
    with RawConn(limited.port) as conn:
        conn.send(_post("/api/v1/auth/login", _login_body(BODY_LIMIT + 500)))
        assert conn.read_response().status == 413


def test_body_limit_checked_from_content_length_before_reading(limited):
    with RawConn(limited.port, timeout=5) as conn:
        conn.send(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                  b"\r\nContent-Length: 10000000\r\n\r\n")
        started = time.monotonic()
        resp = conn.read_response()
        assert resp.status == 413
        assert time.monotonic() - started < 3, "413 without waiting for the body"


def test_body_limit_applies_to_chunked_bodies(limited):
    payload = _login_body(BODY_LIMIT + 1000)
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(payload[i:i + 500]), payload[i:i + 500])
                      for i in range(0, len(payload), 500))
    with RawConn(limited.port) as conn:
        conn.send(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                  b"\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n")
        assert conn.read_response().status == 413


def test_small_chunked_body_is_accepted(limited):
    payload = _login_body(300)
    with RawConn(limited.port) as conn:
        conn.send(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                  b"\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload))
        assert conn.read_response().status == 401


def test_default_body_limit_413(module_server):
    with RawConn(module_server.port) as conn:
        conn.send(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                  b"\r\nContent-Length: 1048577\r\n\r\n")
        assert conn.read_response().status == 413


# --- slow and idle clients ----------------------------------------------------------------------


def test_slowloris_is_disconnected_while_others_are_served(limited):
    closed = threading.Event()
    result = {}

    def slow_client():
        with RawConn(limited.port, timeout=10) as conn:
            conn.send(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            started = time.monotonic()
            try:
                for byte in b"X-Slow: " + b"a" * 100:
                    conn.send(bytes([byte]))
                    if conn.closed_by_peer(0.25):
                        break
                else:
                    result["elapsed"] = None
                    return
            except (BrokenPipeError, ConnectionResetError):
                pass
            result["elapsed"] = time.monotonic() - started
            closed.set()

    thread = threading.Thread(target=slow_client, daemon=True)
    thread.start()
    s = http_session()
    for _ in range(5):
        t0 = time.monotonic()
        assert s.get(limited.url + "/healthz", timeout=5).status_code == 200
        assert time.monotonic() - t0 < 1.0
        time.sleep(0.2)
    thread.join(timeout=30)
    assert closed.is_set(), f"slow client was not disconnected: {result}"
    assert result["elapsed"] < 4.0, result


def test_partial_header_then_silence_is_disconnected(limited):
    with RawConn(limited.port) as conn:
        conn.send(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        assert conn.closed_by_peer(5.0)
        assert time.monotonic() - started < 4.0


def test_connect_and_send_nothing_is_disconnected(limited):
    with RawConn(limited.port) as conn:
        assert conn.closed_by_peer(6.0)


def test_idle_keep_alive_connection_is_closed(limited):
    with RawConn(limited.port) as conn:
        conn.send(raw_get("/healthz"))
        assert conn.read_response().status == 200
        assert conn.closed_by_peer(6.0)


def test_many_concurrent_connections(module_server):
    conns = [RawConn(module_server.port) for _ in range(50)]
    try:
        for conn in conns:
            conn.send(raw_get("/healthz"))
        for conn in conns:
            assert conn.read_response().status == 200
    finally:
        for conn in conns:
            conn.close()
    with RawConn(module_server.port) as probe:
        probe.send(raw_get("/healthz"))
        assert probe.read_response().status == 200


def test_client_disconnect_mid_body_does_not_hurt(module_server):
    for _ in range(5):
        sock = socket.create_connection(("127.0.0.1", module_server.port))
        sock.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{")
        sock.close()
    assert http_session().get(module_server.url + "/healthz").status_code == 200
