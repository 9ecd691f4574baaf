"""Platform endpoints, routing fallbacks, HEAD, request ids (design.md; spec/flowtrack.md §2.0)."""

import re
import uuid
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from api.support import V1, RawConn, http_session, raw_get


@pytest.fixture(scope="module")
def http():
    return http_session()


@pytest.fixture(scope="module")
def base(module_server):
    return module_server.url


def _json(resp):
    assert resp.headers.get("content-type", "").startswith("application/json"), resp.headers
    return resp.json()


# --- health --------------------------------------------------------------------------------


def test_health(http, base):
    resp = http.get(base + "/health")
    assert resp.status_code == 200
    assert _json(resp) == {"status": "healthy", "app": "FlowTrack API", "version": "1.0.0"}


def test_healthz(http, base):
    resp = http.get(base + "/healthz")
    assert resp.status_code == 200
    assert _json(resp) == {"status": "ok"}


def test_readyz(http, base):
    resp = http.get(base + "/readyz")
    assert resp.status_code == 200
    assert _json(resp)["status"] == "ready"  # extra detail keys are allowed


def test_root(http, base):
    resp = http.get(base + "/")
    assert resp.status_code == 200
    body = _json(resp)
    assert isinstance(body, dict)
    assert isinstance(body.get("message"), str) and body["message"]


# --- routing fallbacks -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/users/me/extra", "/api/v1/auth"])
def test_unknown_v1_route_404(http, base, path):
    resp = http.get(base + path)
    assert resp.status_code == 404
    assert _json(resp) == {"detail": "Not Found"}


@pytest.mark.parametrize("path", ["/nope", "/definitely/not/here", "/health/extra"])
def test_unknown_route_elsewhere_is_json_404(http, base, path):
    resp = http.get(base + path)
    assert resp.status_code == 404
    assert isinstance(_json(resp), dict)
    assert "<html" not in resp.text.lower()


@pytest.mark.parametrize("method, path, allowed", [
    ("DELETE", "/api/v1/auth/login", {"POST"}),
    ("GET", "/api/v1/auth/register", {"POST"}),
    ("PATCH", "/api/v1/users/me", {"GET"}),
    ("POST", "/api/v1/users/00000000-0000-4000-8000-000000000000", {"GET", "PUT", "DELETE"}),
])
def test_wrong_method_405_with_allow(http, base, method, path, allowed):
    resp = http.request(method, base + path)
    assert resp.status_code == 405, resp.text
    assert _json(resp) == {"detail": "Method Not Allowed"}
    allow = {m.strip().upper() for m in resp.headers.get("Allow", "").split(",") if m.strip()}
    assert allowed <= allow, resp.headers.get("Allow")
    assert method not in allow


def test_wrong_method_on_platform_route_405(http, base):
    resp = http.post(base + "/health")
    assert resp.status_code == 405
    assert "GET" in resp.headers.get("Allow", "").upper()


# --- HEAD ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/health", "/healthz", "/readyz", "/", "/openapi.json"])
def test_head_matches_get_without_body(module_server, http, base, path):
    got = http.get(base + path)
    with RawConn(module_server.port) as conn:
        conn.send(f"HEAD {path} HTTP/1.1\r\nHost: x\r\n\r\n" + raw_get("/healthz").decode())
        head = conn.read_response(head_request=True)
        follow = conn.read_response()  # fails if HEAD had a body on the wire
    assert head.status == 200
    assert head.header("Content-Type") == got.headers["Content-Type"]
    if head.header("Content-Length") is not None:
        assert int(head.header("Content-Length")) == len(got.content)
    assert follow.status == 200 and b'"ok"' in follow.body


def test_head_on_unknown_route(module_server):
    with RawConn(module_server.port) as conn:
        conn.send("HEAD /api/v1/nope HTTP/1.1\r\nHost: x\r\n\r\n" + raw_get("/healthz").decode())
        head = conn.read_response(head_request=True)
        follow = conn.read_response()
    assert head.status == 404
    assert follow.status == 200 and b'"ok"' in follow.body


def test_head_on_authenticated_route(module_server, http, base):
    acct = V1(module_server).register()
    with RawConn(module_server.port) as conn:
        conn.send(f"HEAD /api/v1/users/me HTTP/1.1\r\nHost: x\r\n"
                  f"Authorization: Bearer {acct.token}\r\n\r\n" + raw_get("/healthz").decode())
        head = conn.read_response(head_request=True)
        follow = conn.read_response()
        conn.send("HEAD /api/v1/users/me HTTP/1.1\r\nHost: x\r\n\r\n" + raw_get("/healthz").decode())
        anonymous = conn.read_response(head_request=True)
        follow2 = conn.read_response()
    assert head.status == 200
    assert head.header("Content-Type").startswith("application/json")
    assert follow.status == 200
    assert anonymous.status == 403
    assert follow2.status == 200


# --- request ids -----------------------------------------------------------------------------


def test_request_id_generated(http, base):
    a = http.get(base + "/healthz").headers.get("X-Request-Id")
    b = http.get(base + "/healthz").headers.get("X-Request-Id")
    assert a and b and a != b
    assert re.fullmatch(r"[A-Za-z0-9._-]{1,128}", a), a


@pytest.mark.parametrize("rid", ["abc-123", "A.b_C-9", "x" * 128, str(uuid.uuid4())])
def test_sane_request_id_is_echoed(http, base, rid):
    resp = http.get(base + "/healthz", headers={"X-Request-Id": rid})
    assert resp.headers.get("X-Request-Id") == rid


@pytest.mark.parametrize("rid", ["x" * 129, "has space", "semi;colon", "<script>", "a/b", "quote\"d"])
def test_insane_request_id_is_replaced(module_server, rid):
    with RawConn(module_server.port) as conn:
        conn.send(("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: " + rid + "\r\n\r\n")
                  .encode("utf-8"))
        resp = conn.read_response()
    assert resp.status == 200
    got = resp.header("X-Request-Id")
    assert got and got != rid
    assert re.fullmatch(r"[A-Za-z0-9._-]{1,128}", got), got


def test_request_id_on_errors(http, base):
    for resp in (http.get(base + "/api/v1/nope"), http.get(base + "/api/v1/users/me"),
                 http.post(base + "/api/v1/auth/register", json={}),
                 http.get(base + "/nope", headers={"X-Request-Id": "err-req-1"})):
        assert resp.headers.get("X-Request-Id"), (resp.status_code, resp.headers)
    assert http.get(base + "/nope", headers={"X-Request-Id": "err-req-1"}).headers[
        "X-Request-Id"] == "err-req-1"


# --- metrics ---------------------------------------------------------------------------------


_SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[^"}]|"(?:[^"\\]|\\.)*")*\})?\s+(\S+)(\s+-?\d+)?$')


def _samples(text):
    out = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = _SAMPLE.match(line)
        assert m, f"not a Prometheus sample line: {line!r}"
        labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
        out.append((m.group(1), labels, float(m.group(3))))
    return out


def _counter(samples, name, **labels):
    return sum(v for n, lab, v in samples if n == name and all(lab.get(k) == x
                                                               for k, x in labels.items()))


def test_metrics_format_and_families(http, base):
    http.get(base + "/healthz")
    resp = http.get(base + "/metrics")
    assert resp.status_code == 200
    ctype = resp.headers.get("content-type", "")
    assert ctype.startswith("text/plain") and "version=0.0.4" in ctype, ctype
    text = resp.text
    samples = _samples(text)
    names = {n for n, _, _ in samples}
    assert re.search(r"^# TYPE tandem_http_requests_total counter$", text, re.M)
    assert re.search(r"^# TYPE tandem_http_request_duration_seconds histogram$", text, re.M)
    assert re.search(r"^# TYPE tandem_db_queue_wait_seconds histogram$", text, re.M)
    assert re.search(r"^# TYPE tandem_open_connections gauge$", text, re.M)
    for family in ("tandem_http_request_duration_seconds", "tandem_db_queue_wait_seconds"):
        assert {family + "_bucket", family + "_sum", family + "_count"} <= names, family
        buckets = [lab["le"] for n, lab, _ in samples if n == family + "_bucket"]
        assert "+Inf" in buckets, family
    assert "tandem_open_connections" in names
    gauge = [v for n, _, v in samples if n == "tandem_open_connections"]
    assert gauge and max(gauge) >= 1, "the scrape's own connection is open"
    labelled = [lab for n, lab, _ in samples if n == "tandem_http_requests_total"]
    assert labelled and all({"route", "method", "status"} <= set(lab) for lab in labelled)


def test_metrics_count_requests_by_route_method_status(http, base):
    before = _samples(http.get(base + "/metrics").text)
    for _ in range(3):
        assert http.get(base + "/healthz").status_code == 200
    assert http.get(base + "/api/v1/users/me").status_code == 403
    after = _samples(http.get(base + "/metrics").text)
    key = dict(route="/healthz", method="GET", status="200")
    assert _counter(after, "tandem_http_requests_total", **key) - _counter(
        before, "tandem_http_requests_total", **key) >= 3
    key = dict(route="/api/v1/users/me", method="GET", status="403")
    assert _counter(after, "tandem_http_requests_total", **key) - _counter(
        before, "tandem_http_requests_total", **key) >= 1
    count = "tandem_http_request_duration_seconds_count"
    assert _counter(after, count) - _counter(before, count) >= 4


def test_open_connections_gauge_tracks_connections(module_server, http, base):
    def gauge():
        samples = _samples(http_session().get(base + "/metrics").text)
        return sum(v for n, _, v in samples if n == "tandem_open_connections")

    before = gauge()
    conns = []
    try:
        for _ in range(5):
            conn = RawConn(module_server.port)
            conn.send(raw_get("/healthz"))
            assert conn.read_response().status == 200
            conns.append(conn)
        assert gauge() >= before + 5
    finally:
        for conn in conns:
            conn.close()


def test_metrics_labels_use_route_templates_not_raw_paths(http, base):
    marker = uuid.uuid4()
    http.get(f"{base}/api/v1/users/{marker}")
    http.get(f"{base}/nope-{marker.hex}")
    text = http.get(base + "/metrics").text
    assert str(marker) not in text and marker.hex not in text, "unbounded label cardinality"
    samples = _samples(text)
    routes = {lab.get("route") for n, lab, _ in samples if n == "tandem_http_requests_total"}
    assert any(r.startswith("/api/v1/users/") and r != "/api/v1/users/me" for r in routes), routes


# --- OpenAPI and docs ------------------------------------------------------------------------


V1_PATHS = ["/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
            "/api/v1/auth/logout", "/api/v1/users/me", "/api/v1/users/{user_id}", "/health"]


def test_openapi_document(http, base):
    resp = http.get(base + "/openapi.json")
    assert resp.status_code == 200
    doc = _json(resp)
    assert str(doc.get("openapi", "")).startswith("3.")
    assert "title" in doc.get("info", {}) and "version" in doc["info"]
    paths = doc["paths"]
    for path in V1_PATHS:
        assert path in paths, f"{path} missing from openapi paths"
    assert "/api/v1/users/" in paths or "/api/v1/users" in paths
    assert "post" in paths["/api/v1/auth/login"]
    assert {"get", "put", "delete"} <= set(paths["/api/v1/users/{user_id}"])
    methods = {"get", "put", "post", "delete", "patch", "head", "options"}
    for path, item in paths.items():
        for method, op in item.items():
            if method in methods:
                assert isinstance(op.get("responses"), dict) and op["responses"], (path, method)


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href") and "stylesheet" in (attrs.get("rel") or ""):
            self.urls.append(attrs["href"])


@pytest.mark.parametrize("page, needle", [("/docs", "swagger"), ("/redoc", "redoc")])
def test_docs_pages_are_self_hosted(http, base, page, needle):
    resp = http.get(base + page)
    assert resp.status_code == 200
    assert resp.headers.get("content-type", "").startswith("text/html")
    assert needle in resp.text.lower()
    assert "/openapi.json" in resp.text
    parser = _Assets()
    parser.feed(resp.text)
    assert parser.urls, "the page loads its UI from script/style assets"
    for url in parser.urls:
        full = urljoin(base + page, url)
        assert urlsplit(full).netloc == urlsplit(base).netloc, f"external asset {url}"
        asset = http.get(full)
        assert asset.status_code == 200, url
        assert len(asset.content) > 100, url
    assert not re.search(r"""(src|href)\s*=\s*["']https?://""", resp.text, re.I)
