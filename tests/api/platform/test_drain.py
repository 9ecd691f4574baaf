"""Graceful drain behind a load balancer (issue 11; design.md "Runtime"): on SIGTERM/SIGINT
/readyz answers 503 for TANDEM_DRAIN_MS while requests are still served, then the listener
closes, WebSockets get close code 1001 and in-flight requests finish; the process exits 0.
(test_shutdown.py covers what follows the drain, with the drain set to 0 by the harness.)"""

import asyncio
import json
import signal
import socket
import time

import pytest
import requests
import websockets

from api.support import V1, RawConn, http_session

DRAIN_MS = 2000


def _refuses(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


def _wait_until(predicate, timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def _readyz(srv) -> requests.Response:
    return requests.get(srv.url + "/readyz", timeout=5)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_readyz_fails_while_requests_are_served_then_the_listener_closes(start_server, sig):
    srv = start_server(TANDEM_DRAIN_MS=str(DRAIN_MS), TANDEM_SHUTDOWN_DEADLINE_MS="5000")
    v1 = V1(srv)
    admin = v1.register()
    assert _readyz(srv).status_code == 200
    kept_alive = http_session()
    assert kept_alive.get(srv.url + "/healthz", timeout=5).status_code == 200

    started = time.monotonic()
    srv.send_signal(sig)
    assert _wait_until(lambda: _readyz(srv).status_code == 503, 1.0), "/readyz still 200"
    ready = _readyz(srv)
    assert ready.status_code == 503 and ready.json() == {"status": "draining"}
    # Still serving, new connections and kept-alive ones alike; each response closes its
    # connection so that clients come back through the load balancer, elsewhere.
    for path in ("/healthz", "/api/health"):
        resp = requests.get(srv.url + path, timeout=5)
        assert resp.status_code == 200, (path, resp.status_code)
        assert resp.headers.get("Connection", "").lower() == "close", resp.headers
    assert kept_alive.get(srv.url + "/health", timeout=5).status_code == 200
    me = v1.get("/users/me", token=admin.token)
    assert me.status_code == 200 and me.json()["email"] == admin.email
    assert time.monotonic() - started < DRAIN_MS / 1000, "the checks outlasted the drain window"
    assert srv.alive()

    code = srv.wait_exit(10.0)
    elapsed = time.monotonic() - started
    assert code == 0, f"exit code {code}"
    assert elapsed >= DRAIN_MS / 1000 - 0.1, f"exited {elapsed:.2f} s after the signal"
    assert _refuses(srv.port)
    log = srv.log()
    assert f"draining: /readyz answers 503 for {DRAIN_MS} ms" in log
    assert "closing the listener" in log


def test_the_listener_closes_after_the_drain_while_an_in_flight_request_finishes(start_server):
    srv = start_server(TANDEM_DRAIN_MS="800", TANDEM_SHUTDOWN_DEADLINE_MS="8000")
    v1 = V1(srv)
    acct = v1.register()
    body = json.dumps({"email": acct.email, "password": acct.password}).encode()
    in_flight = RawConn(srv.port)
    try:
        # A request whose body is still arriving when the signal comes.
        in_flight.send(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                       b"Content-Type: application/json\r\n"
                       + f"Content-Length: {len(body)}\r\n\r\n".encode() + body[:5])
        # Time for the server to have read the header, also on a loaded CI machine (one run
        # with 0.2 s there saw the connection reset: not yet a request in flight when the
        # signal came).
        time.sleep(1.0)
        started = time.monotonic()
        srv.send_signal(signal.SIGTERM)
        assert _wait_until(lambda: _refuses(srv.port), 5.0), "the port still accepts"
        refused_after = time.monotonic() - started
        assert refused_after >= 0.7, f"the listener closed {refused_after:.2f} s after SIGTERM"
        assert srv.alive(), "exited with a request in flight"
        in_flight.send(body[5:])
        resp = in_flight.read_response()
        assert resp.status == 200, resp.body
        assert "access_token" in json.loads(resp.body)
        assert (resp.header("Connection") or "").lower() == "close"
        assert srv.wait_exit(5.0) == 0
    finally:
        in_flight.close()


async def _socket_through_drain(url: str, srv, drain_s: float) -> tuple:
    async with websockets.connect(url, open_timeout=5) as ws:
        await ws.send("ping")
        assert json.loads(await asyncio.wait_for(ws.recv(), 5)) == {"type": "pong"}
        started = time.monotonic()
        srv.send_signal(signal.SIGTERM)
        await asyncio.sleep(drain_s / 3)
        # Still open and answering inside the window.
        await ws.send("ping")
        assert json.loads(await asyncio.wait_for(ws.recv(), 5)) == {"type": "pong"}
        try:
            frame = await asyncio.wait_for(ws.recv(), drain_s + 5)
            return ("frame", frame, time.monotonic() - started)
        except websockets.exceptions.ConnectionClosed as closed:
            return ("closed", closed.code, time.monotonic() - started)


def test_websockets_stay_open_through_the_drain_then_get_1001(start_server):
    srv = start_server(TANDEM_DRAIN_MS=str(DRAIN_MS))
    user = V1(srv).register()
    url = f"ws://127.0.0.1:{srv.port}/ws/notifications/{user.id}?token={user.token}"
    kind, value, elapsed = asyncio.run(_socket_through_drain(url, srv, DRAIN_MS / 1000))
    assert (kind, value) == ("closed", 1001)  # going away, from a close frame
    assert elapsed >= DRAIN_MS / 1000 - 0.1, f"closed {elapsed:.2f} s after SIGTERM"
    assert srv.wait_exit(10.0) == 0


def test_default_drain_is_one_second(start_server):
    srv = start_server(TANDEM_DRAIN_MS=None)
    started = time.monotonic()
    srv.send_signal(signal.SIGTERM)
    assert _wait_until(lambda: _readyz(srv).status_code == 503, 0.8)
    assert requests.get(srv.url + "/healthz", timeout=5).status_code == 200
    assert srv.wait_exit(10.0) == 0
    assert time.monotonic() - started >= 0.9
    assert "draining: /readyz answers 503 for 1000 ms" in srv.log()


def test_a_second_signal_ends_the_drain_early(start_server):
    srv = start_server(TANDEM_DRAIN_MS="60000")
    srv.send_signal(signal.SIGTERM)
    assert _wait_until(lambda: _readyz(srv).status_code == 503, 1.0)
    started = time.monotonic()
    srv.send_signal(signal.SIGINT)
    code = srv.wait_exit(5.0)
    assert code == 0, f"exit code {code}"
    assert time.monotonic() - started < 3.0
