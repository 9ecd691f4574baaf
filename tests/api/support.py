"""Helpers for the v1 (FlowTrack) and platform suites: an HTTP client that never keeps
cookies on its own, v1 account helpers, JWT forging, 422 assertions and a raw-socket client."""

from __future__ import annotations

import http.cookiejar
import re
import select
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field

import jwt
import requests
from requests.adapters import HTTPAdapter

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
USER_KEYS = ["name", "email", "role", "id", "created_at", "updated_at"]
ORIGIN = "http://localhost:3000"
DEFAULT_PASSWORD = "pw-1234"


def unique(prefix: str = "u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def unique_email(prefix: str = "user", domain: str = "example.com") -> str:
    return f"{unique(prefix)}@{domain}"


# --- another process's commits -----------------------------------------------------------------

# How long a server may take to hear of a commit made by another process: on PostgreSQL the
# notification (LISTEN/NOTIFY, store/postgres_change_feed.cpp), on SQLite a reader's look at
# PRAGMA data_version (at most a millisecond apart). Both stay well below the caches' one-second
# max age, so a broken path fails the tests that use them instead of hiding behind expiry.
NOTIFIED_WITHIN = 0.5
SQLITE_SEES_WITHIN = 0.01


def seen_after_other_commit(server, read, accept):
    """`read()` once another process (an instance, a CLI command, psql) has committed, polling
    up to the bound above while `accept(result)` is false. Returns the last result."""
    deadline = time.monotonic() + (NOTIFIED_WITHIN if server.database.startswith("postgres")
                                   else SQLITE_SEES_WITHIN)
    while True:
        result = read()
        if accept(result) or time.monotonic() >= deadline:
            return result
        time.sleep(0.01)


# --- cookies -------------------------------------------------------------------------------


class _NoCookies(http.cookiejar.CookiePolicy):
    """A requests.Session must never replay a cookie behind a test's back."""

    netscape = True
    rfc2965 = False
    hide_cookie2 = False

    def set_ok(self, cookie, request):
        return False

    def return_ok(self, cookie, request):
        return False

    def domain_return_ok(self, domain, request):
        return False

    def path_return_ok(self, path, request):
        return False


def http_session() -> requests.Session:
    s = requests.Session()
    s.cookies.set_policy(_NoCookies())
    s.trust_env = False  # no proxies from the environment
    return s


def set_cookie_headers(resp: requests.Response) -> list[str]:
    return resp.raw.headers.getlist("Set-Cookie")


@dataclass
class SetCookie:
    name: str
    value: str
    attrs: dict = field(default_factory=dict)  # lower-cased attribute name -> value (or True)
    raw: str = ""

    def attr(self, name: str):
        return self.attrs.get(name.lower())


def parse_set_cookie(header: str) -> SetCookie:
    parts = [p.strip() for p in header.split(";")]
    name, _, value = parts[0].partition("=")
    attrs = {}
    for part in parts[1:]:
        if not part:
            continue
        key, eq, val = part.partition("=")
        attrs[key.strip().lower()] = val.strip() if eq else True
    return SetCookie(name.strip(), value.strip(), attrs, header)


def find_set_cookie(resp: requests.Response, name: str = "refresh_token") -> SetCookie | None:
    found = [c for c in map(parse_set_cookie, set_cookie_headers(resp)) if c.name == name]
    assert len(found) <= 1, f"several Set-Cookie for {name}: {set_cookie_headers(resp)}"
    return found[0] if found else None


# --- v1 client -----------------------------------------------------------------------------


@dataclass
class Account:
    name: str
    email: str
    password: str
    id: str = ""
    role: str = ""
    token: str = ""
    refresh: str = ""  # the refresh_token cookie value

    @property
    def auth(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}


class HttpVerbs:
    """get/post/put/delete on top of the subclass's request(method, path, **kw)."""

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


class V1(HttpVerbs):
    """Thin client for /api/v1 on one server."""

    def __init__(self, server):
        self.server = server
        self.base = server.url
        self.http = http_session()

    def request(self, method: str, path: str, token: str | None = None,
                cookie: str | None = None, headers: dict | None = None, **kw):
        hdrs = dict(headers or {})
        if token is not None:
            hdrs["Authorization"] = f"Bearer {token}"
        if cookie is not None:
            hdrs["Cookie"] = f"refresh_token={cookie}"
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 15)
        if path.startswith("http"):
            url = path
        elif path.startswith("/api/"):
            url = self.base + path
        else:
            url = self.base + "/api/v1" + path
        return self.http.request(method, url, headers=hdrs, **kw)


    # -- auth ---------------------------------------------------------------------------------

    def register_raw(self, name=None, email=None, password=DEFAULT_PASSWORD, **extra):
        body = {"name": name if name is not None else unique("name-"),
                "email": email or unique_email(), "password": password, **extra}
        return self.post("/auth/register", json=body)

    def register(self, name=None, email=None, password=DEFAULT_PASSWORD, **extra) -> Account:
        name = name if name is not None else unique("name-")
        email = email or unique_email()
        resp = self.register_raw(name=name, email=email, password=password, **extra)
        assert resp.status_code == 201, f"register {email}: {resp.status_code} {resp.text}"
        return self._account(resp, name, email, password)

    def login_raw(self, email, password):
        return self.post("/auth/login", json={"email": email, "password": password})

    def login(self, email, password, name="") -> Account:
        resp = self.login_raw(email, password)
        assert resp.status_code == 200, f"login {email}: {resp.status_code} {resp.text}"
        return self._account(resp, name, email, password)

    @staticmethod
    def _account(resp, name, email, password) -> Account:
        body = resp.json()
        cookie = find_set_cookie(resp)
        assert cookie is not None, f"no refresh_token cookie: {set_cookie_headers(resp)}"
        user = body["user"]
        return Account(name=user.get("name", name), email=user["email"], password=password,
                       id=user.get("id", ""), role=user["role"], token=body["access_token"],
                       refresh=cookie.value)

    def refresh(self, cookie: str | None):
        return self.post("/auth/refresh", cookie=cookie)

    def logout(self, cookie: str | None = None):
        return self.post("/auth/logout", cookie=cookie)

    def me(self, token: str):
        return self.get("/users/me", token=token)


# --- JWT ---------------------------------------------------------------------------------------


def decode(token: str, secret: str, verify_times: bool = True) -> dict:
    """Verify the HS256 signature with `secret` and return the claims."""
    options = {"verify_aud": False}
    if not verify_times:
        options.update(verify_exp=False, verify_iat=False, verify_nbf=False)
    return jwt.decode(token, secret, algorithms=["HS256"], options=options)


def unverified_claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False, "verify_exp": False})


def forge(secret: str | None, account: Account | None = None, *, algorithm: str = "HS256",
          drop: tuple = (), now: int | None = None, headers: dict | None = None,
          **claims) -> str:
    """A token signed with `secret` (None + algorithm "none" for an unsigned token).
    Defaults: a valid 1-hour access token for `account`."""
    now = int(time.time()) if now is None else now
    payload = {}
    if account is not None:
        payload.update(id=account.id, sub=account.id, email=account.email, role=account.role)
    payload.update(type="access", iat=now, exp=now + 3600, jti=uuid.uuid4().hex)
    payload.update(claims)
    for key in drop:
        payload.pop(key, None)
    if algorithm == "none":
        return jwt.encode(payload, None, algorithm="none", headers=headers)
    return jwt.encode(payload, secret, algorithm=algorithm, headers=headers)


def secret_of(server) -> str:
    return server.env["TANDEM_JWT_SECRET"]


# --- assertions --------------------------------------------------------------------------------


def detail(resp) -> object:
    assert resp.headers.get("content-type", "").startswith("application/json"), (
        f"{resp.status_code} not JSON: {resp.headers.get('content-type')} {resp.text[:200]}")
    body = resp.json()
    assert isinstance(body, dict) and "detail" in body, body
    return body["detail"]


def assert_error(resp, status: int, text: str):
    assert resp.status_code == status, f"expected {status} {text!r}, got {resp.status_code} {resp.text}"
    assert detail(resp) == text


def validation_items(resp) -> list[dict]:
    assert resp.status_code == 422, f"expected 422, got {resp.status_code} {resp.text}"
    items = detail(resp)
    assert isinstance(items, list) and items, items
    for item in items:
        assert {"type", "loc", "msg"} <= set(item), item
        assert isinstance(item["loc"], list) and item["loc"], item
        assert item["loc"][0] in ("body", "query", "path"), item
        assert "url" not in item, item
    return items


def assert_422(resp, *expected: tuple) -> list[dict]:
    """expected: (type, loc) pairs, in order; loc is a list or tuple."""
    items = validation_items(resp)
    got = [(i["type"], list(i["loc"])) for i in items]
    assert got == [(t, list(loc)) for t, loc in expected], f"422 items: {items}"
    return items


def assert_user_shape(user: dict):
    assert list(user.keys()) == USER_KEYS, user
    assert UUID_RE.match(user["id"]), user
    assert user["role"] in ("admin", "member"), user
    assert TIMESTAMP_RE.match(user["created_at"]), user
    assert TIMESTAMP_RE.match(user["updated_at"]), user


# --- raw sockets ---------------------------------------------------------------------------


class ConnectionClosed(Exception):
    pass


@dataclass
class RawResponse:
    status: int
    reason: str
    headers: list  # (name, value), names as sent
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


class RawConn:
    """An HTTP/1.1 client on a bare socket: pipelining, partial writes, slow writes."""

    def __init__(self, port: int, timeout: float = 10.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send(self, data: bytes | str):
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def _fill(self) -> bool:
        try:
            chunk = self.sock.recv(65536)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            return False
        self.buf += chunk
        return True

    def _read_until(self, marker: bytes) -> bytes:
        while marker not in self.buf:
            if not self._fill():
                raise ConnectionClosed(f"EOF while waiting for {marker!r}; have {self.buf[:200]!r}")
        head, _, self.buf = self.buf.partition(marker)
        return head

    def _read_exact(self, n: int) -> bytes:
        while len(self.buf) < n:
            if not self._fill():
                raise ConnectionClosed(f"EOF with {len(self.buf)}/{n} body bytes")
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def read_response(self, head_request: bool = False) -> RawResponse:
        head = self._read_until(b"\r\n\r\n").decode("latin-1")
        lines = head.split("\r\n")
        version, _, rest = lines[0].partition(" ")
        code, _, reason = rest.partition(" ")
        headers = []
        for line in lines[1:]:
            key, _, value = line.partition(":")
            headers.append((key.strip(), value.strip()))
        resp = RawResponse(int(code), reason, headers, b"")
        if head_request or resp.status in (204, 304) or 100 <= resp.status < 200:
            return resp
        te = (resp.header("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            body = b""
            while True:
                size_line = self._read_until(b"\r\n").decode("latin-1")
                size = int(size_line.split(";")[0].strip(), 16)
                if size == 0:
                    self._read_until(b"\r\n")  # no trailers expected
                    break
                body += self._read_exact(size)
                self._read_exact(2)
            resp.body = body
        elif resp.header("Content-Length") is not None:
            resp.body = self._read_exact(int(resp.header("Content-Length")))
        else:
            while self._fill():
                pass
            resp.body, self.buf = self.buf, b""
        return resp

    def answered(self, timeout: float) -> bool:
        """True if response bytes (or the end of the connection) are waiting to be read."""
        if self.buf:
            return True
        readable, _, _ = select.select([self.sock], [], [], timeout)
        return bool(readable)

    def send_until_answered(self, pieces, pause: float = 0.005) -> bool:
        """Sends `pieces` one after another, giving the server `pause` seconds after each to
        answer; stops as soon as it answers, closes or stops reading. True if that happened
        before every piece was sent."""
        for piece in pieces:
            if self.answered(pause):
                return True
            try:
                self.sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError, socket.timeout):
                return True
        return False

    def closed_by_peer(self, timeout: float) -> bool:
        """True if the server closes the connection within `timeout` (unread data is ignored)."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return False
            except (ConnectionResetError, BrokenPipeError):
                return True
            if not chunk:
                return True
            self.buf += chunk


def raw_get(path: str, host: str = "127.0.0.1", extra: str = "") -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n".encode()


def run_at_once(n, fn, timeout=120):
    """Runs fn(0) .. fn(n-1) on n threads released together by a barrier (to provoke races);
    returns their results in order, an exception in place of a result that raised one."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        barrier.wait()
        try:
            results[i] = fn(i)
        except Exception as err:  # noqa: BLE001 - the caller counts it with the statuses
            results[i] = err

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    return results


class _FromAddress(HTTPAdapter):
    """Connects from a chosen local address: 127.0.0.2 is another client than 127.0.0.1 to a
    server on 127.0.0.1, without trusting any forwarding header."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def v1_from(server, address: str) -> V1:
    """A V1 client whose connections come from `address` (a loopback address)."""
    client = V1(server)
    client.http.mount("http://", _FromAddress(address))
    return client

