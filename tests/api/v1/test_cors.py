"""CORS with an explicit allow-list (spec/flowtrack.md §6 "Base URL and CORS")."""

import pytest

from api.support import ORIGIN, V1, http_session

ADMIN_ONLY = "Not enough permissions. Admin access required."


def _options(api, path, origin=ORIGIN, method="POST", headers="Authorization, Content-Type"):
    hdrs = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        hdrs["Access-Control-Request-Headers"] = headers
    return api.request("OPTIONS", path, headers=hdrs)


def _vary(resp):
    return [v.strip().lower() for v in resp.headers.get("Vary", "").split(",")]


def assert_cors_allowed(resp, origin=ORIGIN):
    assert resp.headers.get("Access-Control-Allow-Origin") == origin, dict(resp.headers)
    assert resp.headers.get("Access-Control-Allow-Credentials") == "true", dict(resp.headers)
    assert "origin" in _vary(resp), dict(resp.headers)


def assert_no_allow_origin(resp):
    assert "Access-Control-Allow-Origin" not in resp.headers, dict(resp.headers)


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH"])
def test_preflight_from_allowed_origin(api, method):
    resp = _options(api, "/users/me", method=method)
    assert resp.status_code == 200, resp.text
    assert resp.headers.get("Access-Control-Allow-Origin") == ORIGIN
    assert resp.headers.get("Access-Control-Allow-Credentials") == "true"
    allowed_methods = [m.strip().upper()
                       for m in resp.headers.get("Access-Control-Allow-Methods", "").split(",")]
    assert method in allowed_methods, resp.headers
    allowed_headers = [h.strip().lower()
                       for h in resp.headers.get("Access-Control-Allow-Headers", "").split(",")]
    assert "authorization" in allowed_headers and "content-type" in allowed_headers, resp.headers
    assert resp.headers.get("Access-Control-Max-Age") == "600"
    assert "origin" in _vary(resp)


def test_preflight_needs_no_auth_even_on_admin_routes(api, admin):
    resp = _options(api, f"/users/{admin.id}", method="DELETE")
    assert resp.status_code == 200, resp.text
    assert resp.headers.get("Access-Control-Allow-Origin") == ORIGIN


def test_preflight_without_request_headers(api):
    resp = _options(api, "/auth/login", headers=None)
    assert resp.status_code == 200, resp.text
    assert resp.headers.get("Access-Control-Allow-Origin") == ORIGIN


def test_preflight_echoes_custom_request_headers(api):
    resp = _options(api, "/auth/login", headers="X-Custom-Thing, Content-Type")
    assert resp.status_code == 200
    allowed = resp.headers.get("Access-Control-Allow-Headers", "").lower()
    assert "x-custom-thing" in allowed and "content-type" in allowed


@pytest.mark.parametrize("origin", [
    "http://evil.example.com", "http://localhost:3000.evil.com", "http://localhost:30001",
    "https://localhost:3000", "null",
])
def test_preflight_from_disallowed_origin_400(api, origin):
    resp = _options(api, "/auth/login", origin=origin)
    assert resp.status_code == 400, resp.text
    assert resp.text == "Disallowed CORS origin"
    assert resp.headers.get("content-type", "").startswith("text/plain")
    assert_no_allow_origin(resp)


def test_simple_request_from_allowed_origin(api):
    resp = api.get(api.base + "/health", headers={"Origin": ORIGIN})
    assert resp.status_code == 200
    assert_cors_allowed(resp)


def test_cors_headers_on_error_responses(api, admin, member):
    o = {"Origin": ORIGIN}
    cases = [
        (api.get("/users/me", headers=o), 403),  # no token
        (api.get("/users/me", headers={**o, "Authorization": "Bearer garbage"}), 401),
        (api.get("/users", headers={**o, "Authorization": f"Bearer {member.token}"}), 403),
        (api.get("/nope", headers=o), 404),
        (api.post("/auth/register", json={}, headers=o), 422),
        (api.post("/auth/login", json={"email": admin.email, "password": "wrong"}, headers=o), 401),
        (api.request("DELETE", "/auth/login", headers=o), 405),
    ]
    for resp, status in cases:
        assert resp.status_code == status, (resp.request.method, resp.request.url, resp.text)
        assert_cors_allowed(resp)


def test_cors_on_success_with_cookie_endpoints(api, admin):
    resp = api.post("/auth/login", json={"email": admin.email, "password": admin.password},
                    headers={"Origin": ORIGIN})
    assert resp.status_code == 200
    assert_cors_allowed(resp)
    resp = api.post("/auth/logout", headers={"Origin": ORIGIN})
    assert resp.status_code == 204
    assert_cors_allowed(resp)


@pytest.mark.parametrize("origin", ["http://evil.example.com", "http://localhost:3000.evil.com",
                                    "null"])
def test_simple_request_from_disallowed_origin_gets_no_allow_origin(api, origin):
    resp = api.get(api.base + "/health", headers={"Origin": origin})
    assert resp.status_code == 200, "the request itself is still served"
    assert_no_allow_origin(resp)


def test_no_origin_no_allow_origin(api):
    assert_no_allow_origin(api.get(api.base + "/health"))


def test_multiple_configured_origins(start_server):
    srv = start_server(TANDEM_CORS_ORIGINS="http://a.example.com,http://b.example.com:8080")
    s = http_session()
    for origin in ("http://a.example.com", "http://b.example.com:8080"):
        resp = s.get(srv.url + "/health", headers={"Origin": origin})
        assert_cors_allowed(resp, origin)
        pre = s.options(srv.url + "/api/v1/auth/login",
                        headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
        assert pre.status_code == 200 and pre.headers.get("Access-Control-Allow-Origin") == origin
    resp = s.get(srv.url + "/health", headers={"Origin": ORIGIN})
    assert_no_allow_origin(resp)
    pre = s.options(srv.url + "/api/v1/auth/login",
                    headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 400
    assert V1(srv).register_raw().status_code == 201
