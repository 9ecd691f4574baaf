"""JSON errors for unknown routes, wrong methods and ids (§8.15), the health endpoint (§8.17),
CORS allow-list (§8.11), the production secret check (§8.2), /openapi.json and --faces."""

import pytest

from api.support import ORIGIN, V1, http_session
from api.teamflow.tf_support import TIMESTAMP_RE, TeamFlow, assert_error, assert_flask_json


@pytest.mark.parametrize("path", ["/api/tasks/", "/api/tasks/abc", "/api/tasks/-1",
                                  "/api/tasks/1/extra", "/api/auth/logout", "/api/auth/",
                                  "/api/health/x"])
def test_unknown_paths_are_json_404(tf, token, path):
    resp = tf.get(path, token=token)
    assert_error(resp, 404, "Not found")
    assert_flask_json(resp)


@pytest.mark.parametrize("method, path, allowed", [
    ("GET", "/api/tasks/1", "DELETE, PUT"),
    ("PATCH", "/api/tasks/1", "DELETE, PUT"),
    ("PATCH", "/api/tasks", "GET, HEAD, POST"),
    ("GET", "/api/auth/login", "POST"),
    ("DELETE", "/api/auth/signup", "POST"),
    ("POST", "/api/health", "GET, HEAD"),
])
def test_wrong_methods_are_json_405(tf, token, method, path, allowed):
    resp = tf.request(method, path, token=token)
    assert_error(resp, 405, "Method not allowed")
    assert sorted(m.strip() for m in resp.headers["Allow"].split(",")) == allowed.split(", ")


def test_other_faces_keep_their_error_shapes(tf):
    assert tf.get("/api/v1/nothing-here").json() == {"detail": "Not Found"}


def test_health(tf):
    resp = tf.get("/api/health")
    assert resp.status_code == 200
    assert_flask_json(resp)
    body = resp.json()
    assert set(body) == {"status", "database", "timestamp"}
    assert body["status"] == "healthy" and body["database"] == "connected"
    assert TIMESTAMP_RE.match(body["timestamp"])
    head = tf.request("HEAD", "/api/health")
    assert head.status_code == 200 and head.content == b""


def test_health_when_the_database_is_gone(start_server):
    """SQLite: the file's directory vanishes and the connection cannot answer. PostgreSQL: the
    database is dropped under the server."""
    srv = start_server()
    client = TeamFlow(srv)
    assert client.get("/api/health").status_code == 200
    if srv.database.startswith("sqlite"):
        pytest.skip("an open SQLite file keeps answering; covered on PostgreSQL")
    from api.tandem_server import _psql, _with_dbname
    import urllib.parse
    name = urllib.parse.urlsplit(srv.database).path.lstrip("/")
    _psql(_with_dbname(srv.database, "postgres"), f'DROP DATABASE "{name}" WITH (FORCE)')
    resp = client.get("/api/health")
    assert resp.status_code == 503
    body = resp.json()
    assert body["status"] == "unhealthy" and body["database"] == "disconnected"
    assert "error" not in body


def test_cors_allowed_origin_on_a_401(tf):
    resp = tf.get("/api/tasks", headers={"Origin": ORIGIN})
    assert_error(resp, 401, "Token is missing")
    assert resp.headers.get("Access-Control-Allow-Origin") == ORIGIN


def test_cors_other_origin_gets_no_grant(tf):
    resp = tf.get("/api/tasks", headers={"Origin": "http://evil.example"})
    assert resp.status_code == 401
    assert "Access-Control-Allow-Origin" not in resp.headers


def test_cors_preflight_for_the_client_headers(tf):
    resp = tf.request("OPTIONS", "/api/tasks/3", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert resp.status_code in (200, 204)
    assert resp.headers.get("Access-Control-Allow-Origin") == ORIGIN
    assert "PUT" in resp.headers.get("Access-Control-Allow-Methods", "")


def test_openapi_lists_the_teamflow_routes(tf):
    paths = tf.get("/openapi.json").json()["paths"]
    assert set(paths["/api/tasks"]) >= {"get", "post"}
    assert set(paths["/api/tasks/{task_id}"]) >= {"put", "delete"}
    assert "post" in paths["/api/auth/signup"] and "post" in paths["/api/auth/login"]
    assert "get" in paths["/api/health"]


@pytest.mark.parametrize("overrides", [
    {"TANDEM_JWT_SECRET": None, "SECRET_KEY": "dev-secret-key-change-in-production"},
    {"TANDEM_JWT_SECRET": "dev-secret-key-change-in-production"},
])
def test_production_refuses_the_original_default_secret(launcher, overrides):
    srv = launcher.server(start=False, TANDEM_ENV="production", **overrides)
    srv.spawn()
    code = srv.wait_exit(15.0)
    if code is None:
        srv.kill()
    assert code not in (None, 0), "the server must refuse to start"


def test_face_can_be_left_out(start_server):
    srv = start_server(extra_args=("--faces", "v1"))
    resp = http_session().get(srv.url + "/api/tasks")
    assert resp.status_code == 404 and "error" not in resp.json()
    assert V1(srv).register().token
