"""Helpers for the TeamFlow suites: a thin client for /api/auth, /api/tasks and /api/health, and
assertions on TeamFlow's wire format (spec/teamflow.md §4)."""

from __future__ import annotations

import re

from api.support import HttpVerbs, http_session, unique

TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$")  # naive, 6 digits
TASK_KEYS = {"created_at", "created_by", "description", "id", "priority", "status", "title",
             "updated_at"}
USER_KEYS = {"created_at", "id", "username"}
PASSWORD = "pass-1234"


class TeamFlow(HttpVerbs):
    """Client for one server's TeamFlow paths."""

    def __init__(self, server):
        self.server = server
        self.base = server.url
        self.http = http_session()

    def request(self, method, path, token=None, headers=None, **kw):
        hdrs = dict(headers or {})
        if token is not None:
            hdrs["Authorization"] = f"Bearer {token}"
        if "json" in kw and kw["json"] is None:  # requests would send no body at all
            del kw["json"]
            kw["data"] = "null"
            hdrs.setdefault("Content-Type", "application/json")
        kw.setdefault("timeout", 15)
        kw.setdefault("allow_redirects", False)
        return self.http.request(method, self.base + path, headers=hdrs, **kw)


    def signup_raw(self, username, password=PASSWORD):
        return self.post("/api/auth/signup", json={"username": username, "password": password})

    def signup(self, username=None, password=PASSWORD) -> dict:
        """Returns the signup body (token, user, message)."""
        username = username or unique("tf")
        resp = self.signup_raw(username, password)
        assert resp.status_code == 201, f"signup {username}: {resp.status_code} {resp.text}"
        return resp.json()

    def login_raw(self, username, password):
        return self.post("/api/auth/login", json={"username": username, "password": password})

    def login(self, username, password) -> str:
        resp = self.login_raw(username, password)
        assert resp.status_code == 200, f"login {username}: {resp.status_code} {resp.text}"
        return resp.json()["token"]

    def token(self) -> str:
        return self.signup()["token"]

    def create(self, token, **fields) -> dict:
        fields.setdefault("title", unique("task "))
        resp = self.post("/api/tasks", token=token, json=fields)
        assert resp.status_code == 201, resp.text
        return resp.json()

    def tasks(self, token, **params) -> list:
        resp = self.get("/api/tasks", token=token, params=params)
        assert resp.status_code == 200, resp.text
        return resp.json()


def assert_error(resp, status: int, text: str):
    assert resp.status_code == status, f"expected {status} {text!r}: {resp.status_code} {resp.text}"
    assert resp.headers.get("content-type", "").startswith("application/json"), resp.headers
    assert resp.json() == {"error": text}


def assert_flask_json(resp):
    """Sorted keys, compact separators, a trailing newline (Flask's jsonify)."""
    import json
    assert resp.headers.get("content-type", "").startswith("application/json")
    text = resp.content.decode("ascii")  # non-ASCII is escaped
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert text[:-1] == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"))


def assert_task_shape(task: dict):
    assert set(task) == TASK_KEYS, task
    assert isinstance(task["id"], int) and isinstance(task["created_by"], int)
    assert TIMESTAMP_RE.match(task["created_at"]) and TIMESTAMP_RE.match(task["updated_at"]), task
    assert task["priority"] in ("low", "medium", "high")
    assert task["status"] in ("todo", "in_progress", "done")
