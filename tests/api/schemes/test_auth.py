"""Authentication of the schemes face (spec/beyo.md §3.3, issue decisions 4-7): login, the
session probe and logout; Bearer versus the `session` cookie; the cookie's attributes; Origin
checks on cookie requests; token errors, revocation and lifetime; the login rate limit; and
user changes that apply to existing tokens on their next request."""

import time

import pytest

from api.cross_face.cross_support import deactivate, once_committed
from api.support import ORIGIN, find_set_cookie, forge, secret_of, unique_email, unverified_claims
from api.schemes.schemes_support import (ACQUIRED, AUTHENTICATED, EXCEPTION, LOGGED_IN,
                                         LOGGED_OUT, LOGIN_FAILED, LOGIN_FAILED_DETAIL,
                                         PERMISSION, Schemes, assert_error, assert_ok,
                                         envelope, op, unlink)

SEVEN_DAYS = 7 * 86_400
FOREIGN = "https://evil.example"


def token_error(resp, message):
    env = assert_error(resp, 401, message)
    assert env["message"] == message and env["server_message"] == "", env


def login_ok(sc, account, **extra):
    resp = sc.login_raw(account.email, account.password, **extra)
    return resp, assert_ok(resp, 200, LOGGED_IN)


def items_ok(sc, **kw):
    """A get_items that succeeds for any authenticated caller (the caller's own User row)."""
    resp = sc.post("/api/schemes/get_items", json={"model_name": "User",
                                                   "requested_data": ["username"]}, **kw)
    return resp


# --- login -------------------------------------------------------------------------------------


def test_login_returns_token_payload_and_cookie(sc, worker):
    resp, body = login_ok(sc, worker)
    assert len(body) == 1 and set(body[0]) == {"token", "payload"}
    token = body[0]["token"]
    roles = body[0]["payload"]["roles"]
    assert body[0]["payload"] == {"username": worker.username, "profile_picture": None,
                                  "roles": [{"role": "Worker", "id": roles[0]["id"]}]}
    cookie = find_set_cookie(resp, "session")
    assert cookie is not None and cookie.value == token
    assert cookie.attr("httponly") is True
    assert str(cookie.attr("samesite")).lower() == "lax"
    assert cookie.attr("secure") is None
    assert assert_ok(items_ok(sc, token=token), 200, ACQUIRED) == [{"username": worker.username}]


def test_login_token_claims(sc, worker):
    _, body = login_ok(sc, worker)
    claims = unverified_claims(body[0]["token"])
    assert claims["sub"] == worker.uuid and claims["type"] == "access"
    assert claims["jti"] and claims["exp"] - claims["iat"] == SEVEN_DAYS
    assert "email_only" not in claims or not claims["email_only"]


def test_login_request_info(sc, worker):
    requested = ["email", "phone", "id", {"roles": ["role"]}]
    _, body = login_ok(sc, worker, request_info=requested)
    assert body[0]["payload"] == {"email": worker.email, "phone": worker.phone, "id": worker.id,
                                  "roles": [{"role": "Worker"}]}
    _, body = login_ok(sc, worker, request_info=[])
    assert body[0]["payload"] == {}


@pytest.mark.parametrize("request_info, text", [
    (["password"], "No column found with name: password in model User"),
    (["username", {"roles": ["key"]}], "No column found with name: key in model Role"),
    (["roles.key"], "No column found with name: key in model Role"),
    (["nope"], "No column found with name: nope in model User"),
])
def test_login_request_info_cannot_read_secrets(sc, worker, request_info, text):
    resp = sc.login_raw(worker.email, worker.password, request_info=request_info)
    assert_error(resp, 400, EXCEPTION, text)
    assert find_set_cookie(resp, "session") is None


def test_admin_login_may_read_role_keys(sc, admin):
    _, body = login_ok(sc, admin, request_info=[{"roles": ["role", "key"]}])
    (role,) = body[0]["payload"]["roles"]
    assert role["role"].lower() == "admin" and isinstance(role["key"], str) and role["key"]


def test_login_failures_reveal_nothing(sc, worker):
    wrong = sc.login_raw(worker.email, "not-the-password")
    unknown = sc.login_raw(unique_email("nobody"), worker.password)
    for resp in (wrong, unknown):
        env = assert_error(resp, 401, LOGIN_FAILED)
        assert env == {"status": 401, "message": LOGIN_FAILED, "body": [],
                       "server_message": LOGIN_FAILED_DETAIL}
        assert find_set_cookie(resp, "session") is None


def test_login_without_a_password_hash_or_inactive(sc):
    passwordless = sc.add_user(password=None)
    assert_error(sc.login_raw(passwordless.email, ""), 401, LOGIN_FAILED)
    assert_error(sc.login_raw(passwordless.email, "anything"), 401, LOGIN_FAILED)
    inactive = sc.add_user(inactive=True)
    assert_error(sc.login_raw(inactive.email, inactive.password), 401, LOGIN_FAILED)


def test_login_is_rate_limited(start_server):
    srv = start_server(TANDEM_LOGIN_ACCOUNT_LIMIT="3")
    sc = Schemes(srv)
    victim, bystander = sc.add_user(), sc.add_user()
    for _ in range(3):
        assert_error(sc.login_raw(victim.email, "wrong"), 401, LOGIN_FAILED)
    throttled = sc.login_raw(victim.email, "wrong")
    env = envelope(throttled)
    assert throttled.status_code == 429 and env["status"] == 429 and env["body"] == []
    # While throttled even the right password is refused; other accounts are unaffected.
    assert sc.login_raw(victim.email, victim.password).status_code == 429
    assert sc.login(bystander.email, bystander.password)


# --- cookie attributes and lifetime per environment --------------------------------------------


@pytest.mark.parametrize("env", [{"TANDEM_ENV": "production", "TANDEM_SCHEMES_TOKEN_DAYS": "2"},
                                 {"MODE": "production"}])
def test_production_cookie_and_token_days(start_server, env):
    srv = start_server(**env)
    sc = Schemes(srv)
    user = sc.add_user()
    resp, body = login_ok(sc, user)
    cookie = find_set_cookie(resp, "session")
    assert cookie.attr("secure") is True and cookie.attr("httponly") is True
    assert str(cookie.attr("samesite")).lower() == "none"
    claims = unverified_claims(body[0]["token"])
    days = int(env.get("TANDEM_SCHEMES_TOKEN_DAYS", 7))
    assert claims["exp"] - claims["iat"] == days * 86_400
    out = sc.post("/api/logout", token=body[0]["token"], json={})
    cleared = find_set_cookie(out, "session")
    assert cleared is not None and cleared.attr("secure") is True


# --- the probe ---------------------------------------------------------------------------------


def test_probe(sc, worker):
    assert assert_ok(sc.probe(worker.token), 200, AUTHENTICATED) == []
    requested = ["email", "phone", "id", "username", "profile_picture", {"roles": ["role", "id"]}]
    body = assert_ok(sc.probe(worker.token, requested), 200, AUTHENTICATED)
    assert body == [{"email": worker.email, "phone": worker.phone, "id": worker.id,
                     "username": worker.username, "profile_picture": None,
                     "roles": [{"role": "Worker", "id": body[0]["roles"][0]["id"]}]}]


def test_probe_without_valid_credentials(sc, worker):
    for kw in ({}, {"token": "garbage"}, {"cookie": "garbage"}):
        env = assert_error(sc.probe(**kw), 401, "user not authenticated")
        assert env["message"] == "user not authenticated"


def test_probe_cannot_read_secrets(sc, worker, admin):
    assert_error(sc.probe(worker.token, ["password"]), 400, EXCEPTION,
                 "No column found with name: password in model User")
    assert_error(sc.probe(worker.token, ["roles.key"]), 400, EXCEPTION,
                 "No column found with name: key in model Role")
    assert_error(sc.probe(admin.token, ["password"]), 400, EXCEPTION,
                 "No column found with name: password in model User")
    body = assert_ok(sc.probe(admin.token, ["roles.key"]), 200, AUTHENTICATED)
    assert isinstance(body[0]["roles"][0]["key"], str)


# --- Bearer or cookie --------------------------------------------------------------------------


def test_cookie_alone_authenticates(sc, worker):
    assert assert_ok(items_ok(sc, cookie=worker.token), 200, ACQUIRED) == [
        {"username": worker.username}]
    body = assert_ok(sc.probe(cookie=worker.token, requested=["id"]), 200, AUTHENTICATED)
    assert body == [{"id": worker.id}]


def test_bearer_wins_over_the_cookie(sc, worker, admin):
    resp = items_ok(sc, token=worker.token, cookie=admin.token)
    assert assert_ok(resp, 200, ACQUIRED) == [{"username": worker.username}]


def test_empty_bearer_falls_back_to_the_cookie(sc, worker):
    for header in ("Bearer ", "Bearer", "Bearer  "):
        resp = items_ok(sc, cookie=worker.token, headers={"Authorization": header})
        assert assert_ok(resp, 200, ACQUIRED) == [{"username": worker.username}], header
        token_error(items_ok(sc, headers={"Authorization": header}), "Token missing")


def test_invalid_bearer_is_refused_even_with_a_valid_cookie(sc, worker):
    token_error(items_ok(sc, token="not-a-token", cookie=worker.token), "Invalid token")


def test_cookie_with_a_foreign_origin_is_forbidden(sc, worker):
    resp = items_ok(sc, cookie=worker.token, headers={"Origin": FOREIGN})
    assert_error(resp, 403, PERMISSION)
    assert_error(sc.probe(cookie=worker.token, headers={"Origin": FOREIGN}), 403, PERMISSION)
    resp = items_ok(sc, cookie=worker.token, headers={"Origin": ORIGIN})
    assert assert_ok(resp, 200, ACQUIRED) == [{"username": worker.username}]
    assert resp.headers.get("Access-Control-Allow-Origin") == ORIGIN
    # A Bearer request proves no ambient credential: the Origin does not matter.
    resp = items_ok(sc, token=worker.token, headers={"Origin": FOREIGN})
    assert assert_ok(resp, 200, ACQUIRED) == [{"username": worker.username}]


def test_logout_by_cookie_from_a_foreign_origin_revokes_nothing(sc):
    user = sc.new_user()
    resp = sc.post("/api/logout", cookie=user.token, json={}, headers={"Origin": FOREIGN})
    assert_error(resp, 403, PERMISSION)
    assert_ok(items_ok(sc, token=user.token), 200, ACQUIRED)


def test_cors(sc, worker):
    pre = sc.request("OPTIONS", "/api/schemes/get_items", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert pre.status_code in (200, 204), pre.text
    assert pre.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert pre.headers.get("Access-Control-Allow-Credentials") == "true"
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    allowed = pre.headers["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed
    resp = items_ok(sc, token=worker.token, headers={"Origin": ORIGIN})
    assert resp.headers.get("Access-Control-Allow-Origin") == ORIGIN
    assert resp.headers.get("Access-Control-Allow-Credentials") == "true"
    assert "origin" in resp.headers.get("Vary", "").lower()
    resp = items_ok(sc, token=worker.token, headers={"Origin": FOREIGN})
    assert "Access-Control-Allow-Origin" not in resp.headers


# --- token errors ------------------------------------------------------------------------------


def test_token_missing(sc):
    token_error(items_ok(sc), "Token missing")
    token_error(sc.post("/api/logout", json={}), "Token missing")


def test_invalid_tokens(sc, worker, module_server):
    secret = secret_of(module_server)
    now = int(time.time())
    forged = [
        "garbage", worker.token + "x", forge("wrong-secret", sub=worker.uuid),
        forge(None, algorithm="none", sub=worker.uuid),
        forge(secret, sub=worker.uuid, type="refresh"),
        forge(secret, sub=worker.uuid, email_only=True),
        forge(secret, sub="00000000-0000-4000-8000-000000000000"),
        forge(secret, sub=worker.uuid, nbf=now + 3600),
    ]
    for token in forged:
        token_error(items_ok(sc, token=token), "Invalid token")
        token_error(items_ok(sc, cookie=token), "Invalid token")
    # A well-formed token of this service for this user works (sanity check of forge()).
    assert_ok(items_ok(sc, token=forge(secret, sub=worker.uuid)), 200, ACQUIRED)


def test_expired_token(sc, worker, module_server):
    now = int(time.time())
    expired = forge(secret_of(module_server), sub=worker.uuid, iat=now - 7200, exp=now - 3600)
    token_error(items_ok(sc, token=expired), "Token expired")


# --- logout ------------------------------------------------------------------------------------


def test_logout_revokes_the_token_and_clears_the_cookie(sc):
    user = sc.new_user()
    other_session = sc.login(user.email, user.password)
    resp = sc.post("/api/logout", token=user.token, json={})
    assert assert_ok(resp, 200, LOGGED_OUT) == []
    cleared = find_set_cookie(resp, "session")
    assert cleared is not None and cleared.value in ("", '""')
    assert cleared.attr("max-age") == "0" or "1970" in str(cleared.attr("expires"))
    token_error(items_ok(sc, token=user.token), "Invalid token")
    token_error(items_ok(sc, cookie=user.token), "Invalid token")
    assert_error(sc.probe(user.token), 401, "user not authenticated")
    # Revocation is per token: the user's other session goes on.
    assert_ok(items_ok(sc, token=other_session), 200, ACQUIRED)


def test_logout_by_cookie(sc):
    user = sc.new_user()
    assert_ok(sc.post("/api/logout", cookie=user.token, json={}), 200, LOGGED_OUT)
    token_error(items_ok(sc, token=user.token), "Invalid token")


def test_login_again_after_logout(sc):
    user = sc.new_user()
    assert_ok(sc.post("/api/logout", token=user.token, json={}), 200, LOGGED_OUT)
    again = sc.login(user.email, user.password)
    assert_ok(items_ok(sc, token=again), 200, ACQUIRED)


# --- user changes reach existing tokens on their next request (decision 6) ---------------------


def test_deactivated_user(sc, module_server):
    user = sc.new_user()
    assert_ok(items_ok(sc, token=user.token), 200, ACQUIRED)
    deactivate(module_server, user.uuid)
    resp = once_committed(module_server, lambda: items_ok(sc, token=user.token), 401)
    token_error(resp, "Invalid token")
    assert_error(sc.login_raw(user.email, user.password), 401, LOGIN_FAILED)


def test_deleted_user(sc, admin):
    user = sc.new_user()
    sc.deleted(admin.token, "User", {"id": user.id}, ref="User x")
    token_error(items_ok(sc, token=user.token), "Invalid token")
    token_error(items_ok(sc, cookie=user.token), "Invalid token")


def test_demoted_and_promoted_users(sc, admin):
    boss = sc.new_user(roles=("Admin",))
    def make_role(token):
        return sc.create(token, "Role", {"role": f"r-{time.time_ns()}", "key": "k"})

    assert make_role(boss.token).status_code == 201
    admin_role = {"role": op("ilike", "admin")}  # the one admin role, in whatever spelling
    sc.updated(admin.token, "User", {"id": boss.id}, {"roles": unlink(
        "unlink_matches", admin_role, "first_match")})
    assert_error(make_role(boss.token), 403, PERMISSION)
    sc.updated(admin.token, "User", {"id": boss.id}, {"roles": {"action": "link", "values": {
        "Role": {"query_filters": admin_role, "link_type": "first_link"}}}})
    assert make_role(boss.token).status_code == 201
