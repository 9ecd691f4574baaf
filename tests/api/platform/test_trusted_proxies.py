"""Client addresses behind a load balancer (issue 11, "Behind a load balancer"): with
TANDEM_TRUSTED_PROXIES the client address of a request from a trusted peer is the rightmost
X-Forwarded-For entry that is not itself trusted; from any other peer, or without the setting,
X-Forwarded-For is ignored. Observed through the v1 per-address login limit and the access log.

The server listens on 127.0.0.1 and trusts 127.0.0.1 (the "proxy"); a client connecting from
127.0.0.2 is a peer that is not trusted."""

import time

import pytest

from api.support import V1, RawConn, assert_error, unique, v1_from

TOO_MANY = "Too many login attempts, try again later"
WRONG = "Incorrect email or password"
ADDRESS_LIMIT = 3


def _wrong_login(v1: V1, email: str, forwarded_for: str | None = None):
    headers = {} if forwarded_for is None else {"X-Forwarded-For": forwarded_for}
    return v1.post("/auth/login", json={"email": email, "password": "wrong"}, headers=headers)


def _limited_server(start_server, **env):
    return start_server(TANDEM_LOGIN_ADDRESS_LIMIT=str(ADDRESS_LIMIT),
                        TANDEM_LOGIN_ACCOUNT_LIMIT="1000", **env)


@pytest.fixture
def proxied(start_server):
    """A server that trusts 127.0.0.1, and an account to fail logins against."""
    srv = _limited_server(start_server, TANDEM_TRUSTED_PROXIES="127.0.0.1")
    v1 = V1(srv)
    return srv, v1, v1.register()


def test_forwarded_addresses_from_the_proxy_count_separately(proxied):
    srv, v1, acct = proxied
    for _ in range(ADDRESS_LIMIT):
        assert_error(_wrong_login(v1, acct.email, "198.51.100.1"), 401, WRONG)
    assert_error(_wrong_login(v1, acct.email, "198.51.100.1"), 429, TOO_MANY)
    # Another client behind the same proxy has its own budget...
    assert_error(_wrong_login(v1, acct.email, "198.51.100.2"), 401, WRONG)
    assert_error(_wrong_login(v1, acct.email, "2001:db8::2"), 401, WRONG)
    # ... and so does the proxy itself (a request without the header).
    assert_error(_wrong_login(v1, acct.email), 401, WRONG)


def test_a_spoofed_leftmost_entry_does_not_change_the_counted_address(proxied):
    srv, v1, acct = proxied
    # The client wrote the first entries; the proxy appended the last one.
    for i in range(ADDRESS_LIMIT):
        assert_error(_wrong_login(v1, acct.email, f"203.0.113.{i + 1}, 198.51.100.7"), 401, WRONG)
    assert_error(_wrong_login(v1, acct.email, "203.0.113.99, 198.51.100.7"), 429, TOO_MANY)
    # The same with the client's header and the proxy's as two field lines (haproxy's
    # option forwardfor adds its own line).
    with RawConn(srv.port) as conn:
        body = f'{{"email": "{acct.email}", "password": "wrong"}}'
        conn.send(f"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                  f"X-Forwarded-For: 192.0.2.200\r\nX-Forwarded-For: 198.51.100.7\r\n"
                  f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n{body}")
        assert conn.read_response().status == 429
    # The spoofed addresses were never charged.
    assert_error(_wrong_login(v1, acct.email, "203.0.113.1"), 401, WRONG)


def test_a_client_that_is_not_a_proxy_cannot_choose_its_address(proxied):
    srv, v1, acct = proxied
    direct = v1_from(srv, "127.0.0.2")
    for i in range(ADDRESS_LIMIT):
        assert_error(_wrong_login(direct, acct.email, f"198.51.100.{i + 10}"), 401, WRONG)
    # Counted under 127.0.0.2 whatever it claims.
    assert_error(_wrong_login(direct, acct.email, "198.51.100.99"), 429, TOO_MANY)
    assert_error(_wrong_login(direct, acct.email), 429, TOO_MANY)
    # The addresses it named were not charged.
    assert_error(_wrong_login(v1, acct.email, "198.51.100.10"), 401, WRONG)


def test_without_the_setting_x_forwarded_for_is_ignored(start_server):
    srv = _limited_server(start_server)
    v1 = V1(srv)
    acct = v1.register()
    for i in range(ADDRESS_LIMIT):
        assert_error(_wrong_login(v1, acct.email, f"198.51.100.{i + 1}"), 401, WRONG)
    assert_error(_wrong_login(v1, acct.email, "198.51.100.200"), 429, TOO_MANY)


def _access_line(srv, request_id: str) -> str:
    needle = f"access request_id={request_id} "
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for line in srv.log().splitlines():
            if needle in line:
                return line
        time.sleep(0.05)
    raise AssertionError(f"no access log line for {request_id}:\n{srv.log_tail(30)}")


def _logged_remote(srv, v1: V1, *forwarded_for: str) -> str:
    """The remote= of the access log line of one GET /healthz with these X-Forwarded-For
    lines (several lines through a raw socket, as requests cannot repeat a header)."""
    request_id = unique("tp-")
    if len(forwarded_for) <= 1:
        headers = {"X-Request-Id": request_id}
        if forwarded_for:
            headers["X-Forwarded-For"] = forwarded_for[0]
        assert v1.get(srv.url + "/healthz", headers=headers).status_code == 200
    else:
        lines = "".join(f"X-Forwarded-For: {v}\r\n" for v in forwarded_for)
        with RawConn(srv.port) as conn:
            conn.send(f"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: {request_id}\r\n"
                      f"{lines}\r\n")
            assert conn.read_response().status == 200
    line = _access_line(srv, request_id)
    return line.split(" remote=", 1)[1].split(" ", 1)[0]


def test_access_log_reports_the_client_address(proxied):
    srv, v1, _ = proxied
    assert _logged_remote(srv, v1, "198.51.100.1") == "198.51.100.1"
    assert _logged_remote(srv, v1, "6.6.6.6, 198.51.100.1") == "198.51.100.1"
    assert _logged_remote(srv, v1, "6.6.6.6", "198.51.100.3") == "198.51.100.3"
    assert _logged_remote(srv, v1, "[2001:DB8::5]:443") == "2001:db8::5"
    # Proxies in a chain are skipped; all-trusted gives the leftmost.
    assert _logged_remote(srv, v1, "198.51.100.4, 127.0.0.1") == "198.51.100.4"
    assert _logged_remote(srv, v1, "127.0.0.1") == "127.0.0.1"
    # A malformed entry ends the walk: the last good address, or the peer.
    assert _logged_remote(srv, v1, "198.51.100.5, unknown") == "127.0.0.1"
    assert _logged_remote(srv, v1) == "127.0.0.1"
    # A peer that is not trusted is logged as itself.
    assert _logged_remote(srv, v1_from(srv, "127.0.0.2"), "198.51.100.1") == "127.0.0.2"
