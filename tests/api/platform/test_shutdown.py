"""Graceful shutdown (design.md "Runtime": SIGTERM/SIGINT stop accepting, finish in-flight
requests, exit 0 within a deadline)."""

import signal
import threading
import time

import pytest

from api.support import V1, RawConn, http_session, raw_get


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_with_idle_keep_alive_connections_exits_0_quickly(start_server, sig):
    srv = start_server()
    conns = []
    for _ in range(3):
        conn = RawConn(srv.port)
        conn.send(raw_get("/healthz"))
        assert conn.read_response().status == 200
        conns.append(conn)
    try:
        started = time.monotonic()
        srv.send_signal(sig)
        code = srv.wait_exit(5.0)
        elapsed = time.monotonic() - started
        assert code is not None, "server still running 5 s after the signal"
        assert code == 0, f"exit code {code}"
        assert elapsed < 5.0
    finally:
        for conn in conns:
            conn.close()


def test_in_flight_requests_complete_during_shutdown(start_server):
    """Requests that are being answered when SIGTERM arrives still get their response."""
    srv = start_server()
    v1 = V1(srv)
    admin = v1.register()
    results = []
    stop = threading.Event()

    def hammer():
        s = http_session()
        while not stop.is_set():
            try:
                r = s.get(srv.url + "/api/v1/users/me",
                          headers={"Authorization": f"Bearer {admin.token}"}, timeout=5)
                results.append(r.status_code)
            except Exception as err:  # noqa: BLE001 - connection refused/reset after shutdown
                results.append(type(err).__name__)
                return

    threads = [threading.Thread(target=hammer, daemon=True) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    srv.send_signal(signal.SIGTERM)
    code = srv.wait_exit(5.0)
    stop.set()
    for t in threads:
        t.join(timeout=10)
    assert code == 0, f"exit code {code}"
    statuses = [r for r in results if isinstance(r, int)]
    assert statuses, results
    # Every answered request succeeded; a request that arrives while draining may be told to
    # go elsewhere (503), never a 500 or a half-written response.
    assert set(statuses) <= {200, 503}, set(results)
    assert 200 in statuses


def test_shutdown_log_is_clean(start_server):
    srv = start_server()
    http_session().get(srv.url + "/healthz")
    assert srv.stop() == 0
    log = srv.log().lower()
    assert "sanitizer" not in log and "segmentation" not in log and "terminate called" not in log
