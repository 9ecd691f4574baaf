"""HTTP/1.1 conformance on raw sockets, as an attacker would probe it (issue 8; design.md
"Runtime": a request can end its own connection, never the process; trailers and chunk
extensions count against the limits; framing RFC 9112 calls invalid gets 400 and a closed
connection). Keep-alive, pipelining, plain header/body limits and slow headers are in
test_http_limits.py; this file covers what that one does not: oversized fields, trailers, chunk
extensions, Transfer-Encoding smuggling, Host rules, the text and shape of the HTTP layer's error
bodies, and slow bodies. Every hostile case ends by checking that the server still answers."""

import json
import time

import pytest

from api.support import V1, ConnectionClosed, RawConn, RawResponse, raw_get, unique
from api.teamflow.tf_support import PASSWORD, TeamFlow

HEADER_LIMIT = 4096
BODY_LIMIT = 2048
BODY_TIMEOUT_S = 1.5
BIGGER_THAN_A_FIELD = 70_000  # Beast cannot hold one field value over 64 KiB
RAISED_HEADER_LIMIT = 200_000  # lets one field grow past 64 KiB within the configured limit
ALLOWED_ORIGIN = "http://localhost:3000"  # base_env's TANDEM_CORS_ORIGINS
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def limited(module_launcher):
    """Small limits and a short body timeout."""
    return module_launcher.server(
        TANDEM_MAX_HEADER_BYTES=str(HEADER_LIMIT), TANDEM_MAX_BODY_BYTES=str(BODY_LIMIT),
        TANDEM_BODY_TIMEOUT_MS=str(int(BODY_TIMEOUT_S * 1000)), TANDEM_HEADER_TIMEOUT_MS="1000",
        TANDEM_IDLE_TIMEOUT_MS="3000")


@pytest.fixture(scope="module")
def v1_user(module_server):
    return V1(module_server).register()


# --- helpers ---------------------------------------------------------------------------------


def exchange(server, data: bytes, close_wait: float = 3.0) -> tuple[RawResponse | None, bool]:
    """Sends `data` on a new connection; returns the first response (None if the connection
    ended without one) and whether the server closed the connection within `close_wait`."""
    with RawConn(server.port) as conn:
        try:
            conn.send(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # answered and closed before everything was sent; the answer may be buffered
        try:
            resp = conn.read_response()
        except ConnectionClosed:
            return None, True
        return resp, conn.closed_by_peer(close_wait)


def assert_serving(server):
    """The process survived and still answers on a new connection."""
    try:
        with RawConn(server.port) as conn:
            conn.send(raw_get("/healthz"))
            answer = conn.read_response().status
    except (ConnectionClosed, OSError) as err:
        answer = err
        server.wait_exit(2.0)  # a dying process may still be unwinding
    assert server.alive(), f"the server died (exit {server.proc.poll()}):\n{server.log_tail(20)}"
    assert answer == 200, f"/healthz: {answer}"


def assert_refused(server, data: bytes, status: int) -> RawResponse:
    """`data` gets `status` and a closed connection, and the server lives on."""
    resp, closed = exchange(server, data)
    assert_serving(server)
    assert resp is not None, "the connection ended without a response"
    assert resp.status == status, (resp.status, resp.body[:300])
    assert closed, "the connection stays open after the error"
    return resp


def chunked_logout(chunks: bytes) -> bytes:
    """POST /api/v1/auth/logout (204 for anyone) with a chunked body; `chunks` is everything
    after the header block: chunks, last chunk, trailers and the final CRLF."""
    return (b"POST /api/v1/auth/logout HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n" + chunks)


def trailer_lines(total: int, line_length: int = 100) -> bytes:
    """Distinct trailer fields of `line_length` bytes each, at least `total` bytes in all."""
    count = -(-total // line_length)
    return b"".join(b"X-T%07d: %s\r\n" % (i, b"t" * (line_length - 14)) for i in range(count))


def json_body(resp: RawResponse):
    """The body as JSON after strict UTF-8 decoding."""
    try:
        text = resp.body.decode("utf-8", errors="strict")
    except UnicodeDecodeError as err:
        raise AssertionError(f"{resp.status} body is not UTF-8 ({err}): {resp.body[:300]!r}")
    try:
        return json.loads(text)
    except ValueError as err:
        raise AssertionError(f"{resp.status} body is not JSON ({err}): {text[:300]!r}")


# --- 1. one request never ends the process ---------------------------------------------------

OVERSIZED_TRAILER = chunked_logout(
    b"2\r\n{}\r\n0\r\nX-T: " + b"t" * BIGGER_THAN_A_FIELD + b"\r\n\r\n")


def test_trailer_field_over_64k_is_431_not_a_crash(start_server):
    srv = start_server()
    assert_refused(srv, OVERSIZED_TRAILER, 431)


def test_trailer_field_over_64k_within_a_raised_limit_is_431(start_server):
    srv = start_server(TANDEM_MAX_HEADER_BYTES=str(RAISED_HEADER_LIMIT))
    assert_refused(srv, OVERSIZED_TRAILER, 431)


def test_header_field_over_64k_within_a_raised_limit_is_431(start_server):
    srv = start_server(TANDEM_MAX_HEADER_BYTES=str(RAISED_HEADER_LIMIT))
    assert_refused(srv, raw_get("/healthz", extra="X-Big: " + "b" * BIGGER_THAN_A_FIELD + "\r\n"),
                   431)


def test_preflight_echoing_a_70k_header_list_is_431(start_server):
    srv = start_server(TANDEM_MAX_HEADER_BYTES=str(RAISED_HEADER_LIMIT),
                       TANDEM_CORS_ORIGINS=ALLOWED_ORIGIN)
    requested = ",".join(f"x-h{i:06d}" for i in range(BIGGER_THAN_A_FIELD // 10 + 1))
    preflight = (f"OPTIONS /api/v1/tasks/ HTTP/1.1\r\nHost: x\r\nOrigin: {ALLOWED_ORIGIN}\r\n"
                 "Access-Control-Request-Method: POST\r\n"
                 f"Access-Control-Request-Headers: {requested}\r\n\r\n").encode()
    assert len(requested) > BIGGER_THAN_A_FIELD
    assert_refused(srv, preflight, 431)


# --- 2. trailers and chunk extensions count against the limits -------------------------------


def test_trailers_count_against_the_header_limit(limited):
    many = trailer_lines(HEADER_LIMIT + 1000)
    assert_refused(limited, chunked_logout(b"2\r\n{}\r\n0\r\n" + many + b"\r\n"), 431)


def test_a_few_small_trailers_are_fine(limited):
    resp, _ = exchange(limited, chunked_logout(b"2\r\n{}\r\n0\r\nX-A: 1\r\nX-B: two\r\n\r\n"), 0)
    assert resp is not None and resp.status == 204, resp


def test_chunk_extension_counts_against_the_body_limit(limited):
    extension = b"2;ext=" + b"e" * (BODY_LIMIT + 500)
    assert_refused(limited, chunked_logout(extension + b"\r\n{}\r\n0\r\n\r\n"), 413)


def test_a_short_chunk_extension_is_fine(limited):
    resp, _ = exchange(limited, chunked_logout(b"2;ext=abc;q=\"x\"\r\n{}\r\n0\r\n\r\n"), 0)
    assert resp is not None and resp.status == 204, resp


def _pieces(prefix: bytes, filler: bytes, total: int, size: int = 64 * 1024):
    yield prefix
    for _ in range(total // size):
        yield filler * (size // len(filler))


# 8 MB of tiny trailer fields, or one 16 MB chunk extension, to a server with the default limits
# (16 KiB of headers, 1 MiB of body): refused long before the end, and read without keeping it.
# Before the fix both were read to the end and answered 204, the trailers growing the peak RSS by
# ~200 MiB.
FLOODS = {
    "trailer_lines": (b"2\r\n{}\r\n0\r\n", b"X-F: f\r\n", 8 * MIB, b"\r\n", 431),
    "chunk_extension": (b"2", b";e=x", 16 * MIB, b"\r\n{}\r\n0\r\n\r\n", 413),
}


@pytest.mark.parametrize("flood", FLOODS)
def test_a_flood_is_refused_early_without_growing_memory(start_server, flood):
    prefix, filler, total, end, status = FLOODS[flood]
    srv = start_server()
    assert exchange(srv, chunked_logout(b"2\r\n{}\r\n0\r\n\r\n"), 0)[0].status == 204  # warm
    peak_before = srv.memory_kib("VmHWM")
    with RawConn(srv.port) as conn:
        conn.send(chunked_logout(b""))
        early = conn.send_until_answered(_pieces(prefix, filler, total))
        if not early:
            conn.send_until_answered([end])
        try:
            resp = conn.read_response()
        except ConnectionClosed:
            resp = None
    growth_mib = (srv.memory_kib("VmHWM") - peak_before) / 1024
    assert_serving(srv)
    assert early, f"the server read all {total // MIB} MB (answer: {resp and resp.status})"
    assert resp is not None and resp.status == status, resp
    assert growth_mib < 32, f"peak RSS grew by {growth_mib:.0f} MiB"


# --- 3. request smuggling: Transfer-Encoding and Host (RFC 9112 §3.2, §6.1, §6.3) ------------


def _signup(username: str) -> bytes:
    body = json.dumps({"username": username, "password": PASSWORD}).encode()
    return (b"POST /api/auth/signup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"X-Request-Id: smuggled\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))


# Header lines after the request line; {n} is the Content-Length that covers the bytes before the
# embedded request.
INVALID_FRAMING = {
    "xchunked": ["Transfer-Encoding: xchunked"],
    "identity": ["Transfer-Encoding: identity"],
    "chunked_identity": ["Transfer-Encoding: chunked, identity"],
    "gzip": ["Transfer-Encoding: gzip"],
    "gzip_chunked": ["Transfer-Encoding: gzip, chunked"],
    "chunked_chunked": ["Transfer-Encoding: chunked, chunked"],
    "lower_case_name": ["transfer-encoding: xchunked"],
    "two_fields": ["Transfer-Encoding: chunked", "Transfer-Encoding: chunked"],
    "gzip_field_then_chunked_field": ["Transfer-Encoding: gzip", "Transfer-Encoding: chunked"],
    "with_content_length": ["Transfer-Encoding: chunked", "Content-Length: {n}"],
    "after_content_length": ["Content-Length: {n}", "Transfer-Encoding: chunked"],
    "http10": ["Transfer-Encoding: chunked", "Connection: keep-alive"],
}
# Where the embedded request starts: after an empty chunked body (read as chunked), or right
# after the header block (the Transfer-Encoding ignored).
EMBEDDINGS = {"after_last_chunk": b"0\r\n\r\n", "after_headers": b""}


@pytest.mark.parametrize("embedding", EMBEDDINGS)
@pytest.mark.parametrize("framing", INVALID_FRAMING)
def test_invalid_transfer_encoding_is_400_and_the_embedded_request_never_runs(
        module_server, framing, embedding):
    prefix = EMBEDDINGS[embedding]
    version = "1.0" if framing == "http10" else "1.1"
    lines = "".join(line.format(n=len(prefix)) + "\r\n" for line in INVALID_FRAMING[framing])
    username = unique("smuggled")
    data = (f"POST /api/v1/auth/logout HTTP/{version}\r\nHost: x\r\n{lines}\r\n").encode()
    with RawConn(module_server.port) as conn:
        conn.send(data + prefix + _signup(username))
        try:
            first = conn.read_response()
        except ConnectionClosed as err:
            first = err
        closed = conn.closed_by_peer(3.0)
        rest = conn.buf
    ran = TeamFlow(module_server).signup_raw(username).status_code == 409
    assert_serving(module_server)
    assert not ran, f"the embedded signup ran (first answer {getattr(first, 'status', first)})"
    assert isinstance(first, RawResponse) and first.status == 400, first
    assert closed, "the connection stays open after invalid framing"
    assert b"HTTP/1." not in rest, f"a second response followed: {rest[:200]!r}"


@pytest.mark.parametrize("value", ["chunked", "Chunked", "CHUNKED", "chunked  ", "\tchunked"])
def test_chunked_in_any_case_and_whitespace_is_valid(module_server, value):
    request = (f"POST /api/v1/auth/logout HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: {value}\r\n"
               "\r\n2\r\n{}\r\n0\r\n\r\n").encode()
    with RawConn(module_server.port) as conn:
        conn.send(request + raw_get("/healthz", extra="X-Request-Id: after\r\n"))
        assert conn.read_response().status == 204
        after = conn.read_response()
        assert after.status == 200 and after.header("X-Request-Id") == "after"


@pytest.mark.parametrize("hosts", [[], ["a.example", "b.example"], ["x", "x"]],
                         ids=["missing", "two_different", "two_equal"])
def test_http11_needs_exactly_one_host(module_server, hosts):
    lines = "".join(f"Host: {host}\r\n" for host in hosts)
    assert_refused(module_server, f"GET /healthz HTTP/1.1\r\n{lines}\r\n".encode(), 400)


# --- 4. every error body is UTF-8 JSON ---------------------------------------------------------


def _get(server, target: bytes, token: str) -> RawResponse:
    with RawConn(server.port) as conn:
        conn.send(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + token.encode() + b"\r\nConnection: close\r\n\r\n")
        return conn.read_response()


def _uuid_error(resp: RawResponse) -> dict:
    assert resp.status == 422, (resp.status, resp.body)
    items = json_body(resp)["detail"]
    assert [(i["type"], i["loc"]) for i in items] == [("uuid_parsing", ["path", "task_id"])], items
    return items[0]


def test_uuid_error_names_the_first_bad_character_and_its_position(module_server, v1_user):
    item = _uuid_error(_get(module_server, b"/api/v1/tasks/not-a-uuid", v1_user.token))
    assert item["msg"].endswith("found `n` at 1"), item


def test_uuid_error_on_a_non_ascii_character_is_utf8(module_server, v1_user):
    item = _uuid_error(_get(module_server, b"/api/v1/tasks/%C3%A4", v1_user.token))
    assert item["input"] == "ä", item
    assert item["msg"].endswith("found `ä` at 1"), item


def test_uuid_error_position_is_one_based(module_server, v1_user):
    item = _uuid_error(_get(module_server, b"/api/v1/tasks/0123%C3%A4", v1_user.token))
    assert item["msg"].endswith("found `ä` at 5"), item


BAD_BYTES = [b"%FF", b"%C3", b"%C3%A4", b"%ED%A0%80", b"%C0%AF", b"\xff", b"\xc3", b"\xc3\xa4x"]
PATHS_BY_FACE = [b"/api/v1/tasks/{}", b"/api/v1/projects/{}/members",
                 b"/api/v1/tasks/?project_id={}", b"/kpis/{}", b"/kpi_values/{}/change_log",
                 b"/api/tasks/{}", b"/{}"]


@pytest.mark.parametrize("path", PATHS_BY_FACE, ids=lambda p: p.decode())
def test_error_bodies_for_undecodable_paths_are_utf8_json(module_server, v1_user, path):
    for bad in BAD_BYTES:
        resp = _get(module_server, path.replace(b"{}", bad), v1_user.token)
        assert 400 <= resp.status < 500, (bad, resp.status, resp.body)
        json_body(resp)
    assert_serving(module_server)


BAD_JSON_TEXT = [b'"\xff"', b'"\xc3"', b'"\\udcff"', b'"\\ud800x"', b'"\xed\xa0\x80"']
LOGINS_BY_FACE = [("/api/v1/auth/login", b'{"email": %s, "password": "x"}'),
                  ("/login", b'{"email": %s}'),
                  ("/api/auth/login", b'{"username": %s, "password": "x"}')]


@pytest.mark.parametrize("path,template", LOGINS_BY_FACE, ids=[p for p, _ in LOGINS_BY_FACE])
def test_error_bodies_for_undecodable_json_strings_are_utf8_json(module_server, path, template):
    for text in BAD_JSON_TEXT:
        body = template % text
        with RawConn(module_server.port) as conn:
            conn.send(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            resp = conn.read_response()
        assert 400 <= resp.status < 500, (text, resp.status, resp.body)
        json_body(resp)
    assert_serving(module_server)


# --- 5. the HTTP layer's errors in the owning face's shape ---------------------------------------

# The face is taken from the request line's path, so a request refused before its headers are
# complete is answered like the face's own errors.
ERROR_KEY_BY_PATH = {"/kpi_values/add": "message", "/api/tasks": "error",
                     "/api/v1/tasks/": "detail"}


def _refusals(path: str) -> dict:
    post = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    return {
        "413_content_length": (413, f"{post}Content-Length: {BODY_LIMIT + 1000}\r\n\r\n".encode()),
        "413_chunked": (413, (post + "Transfer-Encoding: chunked\r\n\r\n").encode()
                        + b"%x\r\n%s\r\n0\r\n\r\n" % (BODY_LIMIT + 10, b"{" * (BODY_LIMIT + 10))),
        "431": (431, (post + "X-Big: " + "b" * (HEADER_LIMIT + 100) + "\r\n"
                      "Content-Length: 2\r\n\r\n{}").encode()),
        "400_content_length": (400, (post + "Content-Length: abc\r\n\r\n").encode()),
        "400_transfer_encoding": (400, (post + "Transfer-Encoding: xchunked\r\n\r\n").encode()),
    }


@pytest.mark.parametrize("refusal", list(_refusals("/")))
@pytest.mark.parametrize("path", ERROR_KEY_BY_PATH)
def test_http_layer_errors_use_the_face_shape(limited, path, refusal):
    status, data = _refusals(path)[refusal]
    resp = assert_refused(limited, data, status)
    assert (resp.header("Content-Type") or "").startswith("application/json"), resp.headers
    body = json_body(resp)
    key = ERROR_KEY_BY_PATH[path]
    assert list(body) == [key] and isinstance(body[key], str) and body[key], body


# --- 6. slow bodies (slow headers: test_http_limits.py) -------------------------------------------

# Each sends a request whose header block is complete, then the rest one byte at a time, far
# slower than needed: an inactivity timer would never fire, the body deadline must.
SLOW_BODIES = {
    "content_length": (b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                       b"Content-Length: 100\r\n\r\n", b"{" * 100),
    "chunks": (chunked_logout(b""), b"1\r\n{\r\n" * 20),
    "trailer": (chunked_logout(b"2\r\n{}\r\n0\r\n"), b"X-Slow: " + b"s" * 100),
}


@pytest.mark.parametrize("body", SLOW_BODIES)
def test_a_body_trickled_past_the_body_timeout_is_cut_off(limited, body):
    head, trickle = SLOW_BODIES[body]
    with RawConn(limited.port) as conn:
        conn.send(head)
        started = time.monotonic()
        cut_off = False
        try:
            for byte in trickle:
                conn.send(bytes([byte]))
                if conn.closed_by_peer(0.3):
                    cut_off = True
                    break
                if time.monotonic() - started > 4 * BODY_TIMEOUT_S:
                    break
        except (BrokenPipeError, ConnectionResetError):
            cut_off = True
        elapsed = time.monotonic() - started
        leftover = conn.buf
    assert cut_off, f"still reading the body after {elapsed:.1f} s"
    assert elapsed < BODY_TIMEOUT_S + 1.5, f"cut off after {elapsed:.1f} s"
    if leftover:  # a 408 may precede the close; nothing else may
        assert leftover.startswith(b"HTTP/1.1 408 "), leftover[:200]
    assert_serving(limited)
