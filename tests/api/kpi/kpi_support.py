"""Helpers for the KPI face suites: a thin client, the original tests' fixture data
(spec/kpi.md §4), direct SQL on the server's database, and assertions on the wire format."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from email.utils import parsedate_to_datetime

from api.support import HttpVerbs, http_session, unique

HTTP_DATE_RE = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} GMT$")
USER_KEYS = {"id", "first_name", "last_name", "display_name", "email", "user_login_name",
             "active", "is_gatekeeper"}
KPI_KEYS = {"id", "circle_id", "name", "periodicity", "unit", "initial_value", "target_value",
            "active"}
VALUE_KEYS = {"id", "kpi_id", "period_year", "period_month", "value", "created_by_user_id",
              "created_at", "updated_by_user_id", "updated_at"}
MINI_LOG_KEYS = {"id", "kpi_value_id", "user_id", "registered_at", "activity"}
FEED_KEYS = {"value", "kpi_name", "username", "activity", "registered_at"}
PINNED_NOW = "2023-11-03T12:00:00Z"  # the original tests' "today" (spec §4)

NOT_GATEKEEPER = "User is not a gatekeeper. Unauthorized Access"
NOT_ACTIVE = "User is not active. Unauthorized Access"


class Kpi(HttpVerbs):
    """Client for the KPI face's root-level paths on one server."""

    def __init__(self, server):
        self.server = server
        self.base = server.url
        self.http = http_session()

    def request(self, method, path, token=None, headers=None, **kw):
        hdrs = dict(headers or {})
        if token is not None:
            hdrs["Authorization"] = f"Bearer {token}"
        kw.setdefault("timeout", 15)
        kw.setdefault("allow_redirects", False)
        return self.http.request(method, self.base + path, headers=hdrs, **kw)


    def login_raw(self, email, password=None):
        body = {"email": email}
        if password is not None:
            body["password"] = password
        return self.post("/login", json=body)

    def login(self, email, password=None) -> str:
        resp = self.login_raw(email, password)
        assert resp.status_code == 200, f"login {email}: {resp.status_code} {resp.text}"
        return resp.json()["access_token"]


def add_kpi_user(server, email, first, last, display, login, gatekeeper=False, inactive=False,
                 password=None) -> int:
    """A user as the KPI face knows them, made with `tandem user add`; returns the int id."""
    out = server.add_user(email, password=password, roles=("gatekeeper",) if gatekeeper else (),
                          first_name=first, last_name=last, display_name=display,
                          username=login, inactive=inactive)
    return out["id"]


def new_circle(kpi, token) -> int:
    """A circle with a unique name, made through the API; returns its id."""
    name = unique("circle ")
    assert kpi.post("/circles/add", token=token, json={"name": name}).status_code == 201
    return next(c["id"] for c in kpi.get("/circles", token=token).json()["circles"]
                if c["name"] == name)


def new_kpi(kpi, token, circle_id, **fields) -> int:
    """A monthly CHF KPI in the circle (fields override), made through the API; returns its id."""
    body = {"circle_id": circle_id, "name": unique("kpi "), "periodicity": "monthly",
            "unit": "chf", "target_value": 100, **fields}
    assert kpi.post("/kpis/add", token=token, json=body).status_code == 201
    return next(k["id"] for k in kpi.get("/kpis", token=token).json()["kpi_list"]
                if k["name"] == body["name"])


def original_fixture(server) -> Kpi:
    """setUp of the original test_app.py: three users and circle 1 `test circle`."""
    add_kpi_user(server, "test@test.com", "test", "user", "test_user", "test user")
    add_kpi_user(server, "martin@test.com", "martin", "martin", "martin", "martin",
                 gatekeeper=True)
    add_kpi_user(server, "inactive@test.com", "inactive", "user", "inactive_user",
                 "inactive user", inactive=True)
    api = Kpi(server)
    token = api.login("test@test.com")
    resp = api.post("/circles/add", token=token, json={"name": "test circle"})
    assert resp.status_code == 201, resp.text
    return api


def run_sql(server, sql: str) -> list:
    """Runs one statement on the server's database (SQLite file or PostgreSQL) and returns
    rows as tuples of strings (PostgreSQL) or native values (SQLite)."""
    url = server.database
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        con = sqlite3.connect(path, timeout=10)
        try:
            rows = con.execute(sql).fetchall()
            con.commit()
            return rows
        finally:
            con.close()
    proc = subprocess.run(["psql", url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c",
                           sql], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return [tuple(line.split("|")) for line in proc.stdout.splitlines() if line]


def micros(iso: str) -> int:
    """'2023-10-31T23:30:00Z' -> microseconds since the epoch."""
    from datetime import datetime
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()) * 1_000_000


def assert_http_date(text: str, iso: str | None = None):
    assert HTTP_DATE_RE.match(text), text
    if iso is not None:
        assert parsedate_to_datetime(text).isoformat() == iso.replace("Z", "+00:00"), text


def assert_message(resp, status: int, text: str, key: str = "message"):
    assert resp.status_code == status, f"expected {status} {text!r}: {resp.status_code} {resp.text}"
    assert resp.headers.get("content-type", "").startswith("application/json"), resp.headers
    body = resp.json()
    assert body.get(key) == text, body
