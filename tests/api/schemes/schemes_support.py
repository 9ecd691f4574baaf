"""Helpers for the schemes (Beyo) suites: a client for /api, /api/login, /api/logout and
/api/schemes/*, accounts made with `tandem user add`, builders for relationship actions, and
assertions on the four-key envelope (spec/beyo.md §2.0, §2.12)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from api.kpi.kpi_support import HTTP_DATE_RE, run_sql
from api.support import HttpVerbs, http_session, unique, unique_email

ENVELOPE_KEYS = {"status", "message", "body", "server_message"}
PASSWORD = "pw-schemes-1234"

# The bracketed class tags that open `message` on errors (§2.12).
VALIDATION = "[Validation Error]"
EXCEPTION = "[Exception Error]"
PERMISSION = "[Permission Error]"
INTEGRITY = "[Database Integrity Error]"
DATA = "[Database Data Error]"
OPERATIONAL = "[Database Operational Error]"

# Success messages (§2.2, §2.6, §2.8, §2.9, §3.3).
ACQUIRED = "Data adquired."
LOGGED_IN = "user login!"
LOGGED_OUT = "User logged out"
AUTHENTICATED = "user is authenticated."

# The login failure (§3.3, issue decision 5).
LOGIN_FAILED = "incorrect login"
LOGIN_FAILED_DETAIL = "Invalid email or password."

ROUTES = ("get_items", "create_items", "update_items", "delete_items")


@dataclass
class Account:
    id: int  # users.id, the schemes face's User.id
    uuid: str
    email: str
    username: str
    password: str
    phone: str
    token: str = ""


class Schemes(HttpVerbs):
    """Client for one server's schemes paths. It never keeps cookies: a test sends the
    `session` cookie itself (cookie=...)."""

    def __init__(self, server):
        self.server = server
        self.base = server.url
        self.http = http_session()

    def request(self, method, path, token=None, cookie=None, headers=None, **kw):
        hdrs = dict(headers or {})
        if token is not None:
            hdrs["Authorization"] = f"Bearer {token}"
        if cookie is not None:
            hdrs["Cookie"] = f"session={cookie}"
        kw.setdefault("timeout", 30)
        kw.setdefault("allow_redirects", False)
        return self.http.request(method, self.base + path, headers=hdrs, **kw)

    # -- accounts -------------------------------------------------------------------------------

    def login_raw(self, email, password, **extra):
        return self.post("/api/login", json={"email": email, "password": password, **extra})

    def login(self, email, password) -> str:
        resp = self.login_raw(email, password)
        body = assert_ok(resp, 200, LOGGED_IN)
        return body[0]["token"]

    def add_user(self, roles=(), phone: str | None = None, password: str | None = PASSWORD,
                 username: str | None = None, email: str | None = None, **flags) -> Account:
        """A user made by `tandem user add` (phone only when given)."""
        email = email or unique_email("sc")
        username = username or unique("user")
        out = self.server.add_user(email, password=password, roles=roles, username=username,
                                   phone=phone, **flags)
        return Account(id=out["id"], uuid=out["uuid"], email=email, username=username,
                       password=password or "", phone=phone or "")

    def new_user(self, roles=(), phone: str | None = None, **kw) -> Account:
        """A user made by `tandem user add`, logged in through /api/login."""
        account = self.add_user(roles=roles, phone=phone, **kw)
        account.token = self.login(account.email, account.password)
        return account

    # -- the four routes ------------------------------------------------------------------------

    def call(self, route: str, body, token=None, **kw):
        return self.post(f"/api/schemes/{route}", token=token, json=body, **kw)

    def get_items(self, token, model, requested, filters=None, **extra):
        body = {"model_name": model, "requested_data": requested}
        if filters is not None:
            body["query_filters"] = filters
        body.update(extra)
        return self.call("get_items", body, token)

    def rows(self, token, model, requested, filters=None, **extra) -> list:
        return assert_ok(self.get_items(token, model, requested, filters, **extra), 200, ACQUIRED)

    def create(self, token, model, values, requested=None, ref="Ref", **extra):
        body = {"model_name": model, "object_values": values, "reference": ref}
        if requested is not None:
            body["requested_data"] = requested
        body.update(extra)
        return self.call("create_items", body, token)

    def created(self, token, model, values, requested=None, ref="Ref") -> list:
        resp = self.create(token, model, values, requested, ref)
        return assert_ok(resp, 201, f"{ref} created!")

    def update(self, token, model, filters, values, update_type="first_match", ref="Ref"):
        return self.call("update_items", update_body(model, filters, values, update_type, ref),
                         token)

    def updated(self, token, model, filters, values, update_type="first_match", ref="Ref"):
        resp = self.update(token, model, filters, values, update_type, ref)
        assert assert_ok(resp, 201, f"{ref} Updated!") == []

    def delete(self, token, model, filters, delition_type="delete_first", also_do=None,
               ref="Ref"):
        return self.call("delete_items", delete_body(model, filters, delition_type, also_do, ref),
                         token)

    def deleted(self, token, model, filters, delition_type="delete_first", also_do=None,
                ref="Ref"):
        resp = self.delete(token, model, filters, delition_type, also_do, ref)
        assert assert_ok(resp, 201, f"{ref} Deleted!") == []

    # -- rows for a test ------------------------------------------------------------------------

    def new(self, token, model, **values) -> int:
        """Creates one row of `model` and returns its id."""
        return self.created(token, model, values, ["id"])[0]["id"]

    def ids(self, token, model, filters, **extra) -> list[int]:
        """The ids get_items answers (id DESC); [] when it answers "No objects found"."""
        resp = self.get_items(token, model, ["id"], filters, **extra)
        if resp.status_code == 400 and "No objects found" in resp.json().get("server_message", ""):
            return []
        return [row["id"] for row in assert_ok(resp, 200, ACQUIRED)]

    def one(self, token, model, row_id, requested) -> dict:
        rows = self.rows(token, model, requested, {"id": row_id})
        assert len(rows) == 1, rows
        return rows[0]

    def probe(self, token=None, requested=None, **kw):
        body = {} if requested is None else {"requested_data": requested}
        return self.post("/api", token=token, json=body, **kw)


def update_body(model, filters, values, update_type="first_match", ref="Ref") -> dict:
    return {"model_name": model, "query_filters": filters, "update_type": update_type,
            "object_values": values, "reference": ref}


def delete_body(model, filters, delition_type="delete_first", also_do=None, ref="Ref") -> dict:
    values = {"query_filters": filters, "delition_type": delition_type}
    if also_do is not None:
        values["also_do"] = also_do
    return {"model_name": model, "object_values": values, "reference": ref}


# --- relationship actions (§2.7) ---------------------------------------------------------------


def link(target, filters, link_type="first_link", **extra) -> dict:
    return {"action": "link",
            "values": {target: {"query_filters": filters, "link_type": link_type, **extra}}}


def unlink(unlink_type="unlink_matches", filters=None, matches=None) -> dict:
    values = {"unlink_type": unlink_type}
    if filters is not None:
        values["query_filters"] = filters
    if matches is not None:
        values["query_matches"] = matches
    return {"action": "unlink", "values": values}


def create_rel(sub_model, values, append=True) -> dict:
    action = {"action": "create", "sub_model_name": sub_model, "values": values}
    if append is not None:
        action["append"] = append
    return action


def through(values) -> dict:
    return {"action": "create_through_rel", "values": values}


def op(operation, value) -> dict:
    return {"operation": operation, "value": value}


# --- assertions --------------------------------------------------------------------------------


def envelope(resp) -> dict:
    """The four-key body every schemes response has, with HTTP status == `status` (§2.0)."""
    ctype = resp.headers.get("content-type", "")
    assert ctype.startswith("application/json"), (
        f"{resp.status_code} not JSON: {ctype!r} {resp.text[:300]}")
    env = resp.json()
    assert isinstance(env, dict) and set(env) == ENVELOPE_KEYS, env
    assert env["status"] == resp.status_code, f"HTTP {resp.status_code} but {env}"
    assert isinstance(env["message"], str), env
    assert isinstance(env["body"], list), env
    assert isinstance(env["server_message"], str), env
    return env


def assert_ok(resp, status: int, message: str) -> list:
    assert resp.status_code == status, f"expected {status}: {resp.status_code} {resp.text[:2000]}"
    env = envelope(resp)
    assert env["message"] == message, env
    assert env["server_message"] == "", env
    return env["body"]


def assert_error(resp, status: int, tag: str, *server_parts: str) -> dict:
    """An error envelope: the status, the class tag opening `message`, `body` [] and each of
    `server_parts` in `server_message`."""
    assert resp.status_code == status, (
        f"expected {status} {tag} {server_parts}: {resp.status_code} {resp.text[:2000]}")
    env = envelope(resp)
    assert env["message"].startswith(tag), env
    assert env["body"] == [], env
    for part in server_parts:
        assert part in env["server_message"], f"{part!r} not in {env['server_message']!r}"
    return env


def assert_sqlstate(env: dict, code: str, column: str | None = None):
    """server_message of the database classes: "SQLSTATE <code>[; constraint: c][; column: c]",
    and nothing else (no SQL text, no values)."""
    """`code` is the whole code (23505) or its class (22)."""
    text = env["server_message"]
    parts = text.split("; ")
    assert parts[0].startswith(f"SQLSTATE {code}") and len(parts[0]) == len("SQLSTATE 23505"), text
    assert all(p.startswith(("constraint: ", "column: ")) for p in parts[1:]), text
    if column is not None:
        assert f"column: {column}" in parts[1:], text


def assert_http_date(text):
    assert isinstance(text, str) and HTTP_DATE_RE.match(text), text


def sql(server, query: str) -> list:
    """Rows of a statement on the server's database (api.kpi.kpi_support.run_sql), with every
    value as text (SQLite gives native values, psql text)."""
    return [tuple(None if v is None else str(v) for v in row) for row in run_sql(server, query)]


def sql_ints(server, query: str) -> list[int]:
    """The first column of each row, as ints."""
    return [int(row[0]) for row in sql(server, query)]


def compact(value) -> str:
    return json.dumps(value, separators=(",", ":"))
