"""v1 auth endpoints: register, login, refresh, logout (spec/flowtrack.md §2.4, §3, App. B)."""

import calendar
import time
from datetime import datetime, timezone

import jwt
import pytest

from api.support import (
    DEFAULT_PASSWORD, UUID_RE, V1, assert_422, assert_error, decode, find_set_cookie, forge,
    secret_of, set_cookie_headers, unique, unique_email, unverified_claims, validation_items,
)

# --- first user / roles (fresh database per test) -----------------------------------------


def test_first_registered_user_becomes_admin_later_ones_members(server):
    v1 = V1(server)
    first = v1.register_raw(name="First", email=unique_email("first"), role="member")
    assert first.status_code == 201, first.text
    assert first.json()["user"]["role"] == "admin"

    second = v1.register_raw(name="Second", email=unique_email("second"), role="admin")
    assert second.status_code == 201, second.text
    assert second.json()["user"]["role"] == "member", "role in the register body is ignored"

    third = v1.register_raw(name="Third", email=unique_email("third"))
    assert third.json()["user"]["role"] == "member"

    admin_token = first.json()["access_token"]
    listed = v1.get("/users/", token=admin_token)
    assert listed.status_code == 200, listed.text
    assert [u["role"] for u in listed.json()] == ["admin", "member", "member"]
    assert_error(v1.get("/users/", token=second.json()["access_token"]), 403,
                 "Not enough permissions. Admin access required.")


def test_register_after_cli_user_makes_member(server):
    server.add_user(unique_email("cli"), password="cli-pass")
    acct = V1(server).register()
    assert acct.role == "member", "once any user exists, registration makes members"


def test_register_after_cli_admin_makes_member(server):
    server.add_user(unique_email("cliadmin"), password="cli-pass", roles=["admin"])
    assert V1(server).register().role == "member"


# --- register ----------------------------------------------------------------------------


def test_register_returns_auth_response_with_user_id(api, admin):
    email = unique_email("reg")
    resp = api.register_raw(name="Reg User", email=email, password="1234")
    assert resp.status_code == 201, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"access_token", "token_type", "user"}
    assert body["token_type"] == "bearer"
    assert isinstance(body["access_token"], str) and body["access_token"].count(".") == 2
    user = body["user"]
    assert {"name", "email", "role", "id"} <= set(user)
    assert user["name"] == "Reg User"
    assert user["email"] == email
    assert user["role"] == "member"
    assert UUID_RE.match(user["id"])

    me = api.me(body["access_token"])
    assert me.status_code == 200, me.text
    assert me.json()["id"] == user["id"]
    assert me.json()["email"] == email


def test_register_accepts_empty_name_short_password_and_extra_fields(api, admin):
    resp = api.register_raw(name="", email=unique_email("empty"), password="1234", foo=1)
    assert resp.status_code == 201, resp.text
    assert resp.json()["user"]["name"] == ""


def test_register_unicode_name_round_trips(api, admin):
    acct = api.register(name="Zoë Łukasz 日本")
    assert api.me(acct.token).json()["name"] == "Zoë Łukasz 日本"


def test_register_duplicate_email_400(api, admin):
    email = unique_email("dup")
    api.register(email=email)
    assert_error(api.register_raw(email=email), 400, "Email already registered")


def test_register_email_domain_is_normalised(api, admin):
    local = unique("Mixed.Case")
    resp = api.register_raw(email=f"{local}@Example.COM")
    assert resp.status_code == 201, resp.text
    assert resp.json()["user"]["email"] == f"{local}@example.com"
    # Uniqueness compares the normalised address.
    assert_error(api.register_raw(email=f"{local}@example.com"), 400, "Email already registered")
    # Login normalises too.
    login = api.login_raw(f"{local}@EXAMPLE.com", DEFAULT_PASSWORD)
    assert login.status_code == 200, login.text
    assert login.json()["user"]["email"] == f"{local}@example.com"


@pytest.mark.parametrize("email", [
    "nope", "user@", "@example.com", "user@localhost", "user@foo.test", "user@foo.local",
    "user@foo.localhost", "user@foo.invalid", "user@foo.onion", "user@1.in-addr.arpa",
])
def test_register_rejects_invalid_or_special_use_email(api, email):
    resp = api.post("/auth/register", json={"name": "x", "email": email, "password": "1234"})
    items = assert_422(resp, ("value_error", ["body", "email"]))
    assert items[0]["msg"].startswith("value is not a valid email address"), items
    assert items[0]["input"] == email


def test_register_cookie_is_httponly_lax_over_http(api, admin):
    resp = api.register_raw()
    cookie = find_set_cookie(resp)
    assert cookie is not None, set_cookie_headers(resp)
    assert cookie.value.count(".") == 2
    assert cookie.attr("httponly") is True
    assert cookie.attr("max-age") == "604800"
    assert cookie.attr("path") == "/"
    assert str(cookie.attr("samesite")).lower() == "lax"
    assert cookie.attr("secure") is None, "no Secure over plain HTTP in development"
    assert cookie.attr("domain") is None


def test_access_and_refresh_token_claims(api, admin, secret):
    before = int(time.time())
    acct = api.register()
    after = int(time.time())
    assert jwt.get_unverified_header(acct.token)["alg"] == "HS256"

    access = decode(acct.token, secret)
    assert access["id"] == acct.id
    assert access["sub"] == acct.id
    assert access["email"] == acct.email
    assert access["role"] == "member"
    assert access["type"] == "access"
    assert before - 5 <= access["iat"] <= after + 5
    assert access["exp"] - access["iat"] == 60 * 60
    assert isinstance(access["jti"], str) and access["jti"]

    refresh = decode(acct.refresh, secret)
    assert refresh["type"] == "refresh"
    assert refresh["id"] == refresh["sub"] == acct.id
    assert refresh["email"] == acct.email
    assert refresh["role"] == "member"
    assert refresh["exp"] - refresh["iat"] == 7 * 86400
    assert isinstance(refresh["jti"], str) and refresh["jti"]
    assert refresh["jti"] != access["jti"]


def test_every_token_has_a_distinct_jti(api, admin, secret):
    acct = api.register()
    again = api.login(acct.email, acct.password)
    jtis = {decode(t, secret)["jti"] for t in (acct.token, acct.refresh, again.token, again.refresh)}
    assert len(jtis) == 4


# --- login -------------------------------------------------------------------------------


def test_login_returns_auth_response_and_cookie(api, admin):
    acct = api.register(name="Login User")
    resp = api.login_raw(acct.email, acct.password)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) == {"access_token", "token_type", "user"}
    assert body["token_type"] == "bearer"
    assert body["user"]["id"] == acct.id
    assert body["user"]["name"] == "Login User"
    assert body["user"]["email"] == acct.email
    assert body["user"]["role"] == "member"
    cookie = find_set_cookie(resp)
    assert cookie is not None
    assert cookie.attr("httponly") is True
    assert cookie.attr("max-age") == "604800"
    assert cookie.attr("path") == "/"
    assert str(cookie.attr("samesite")).lower() == "lax"
    assert api.me(body["access_token"]).status_code == 200


def test_login_of_admin_reports_admin(api, admin):
    assert api.login(admin.email, admin.password).role == "admin"


def test_login_wrong_password_401(api, admin):
    acct = api.register()
    resp = api.login_raw(acct.email, acct.password + "x")
    assert_error(resp, 401, "Incorrect email or password")
    assert resp.headers.get("WWW-Authenticate") == "Bearer"
    assert find_set_cookie(resp) is None


def test_login_unknown_email_401(api):
    resp = api.login_raw(unique_email("ghost"), "whatever")
    assert_error(resp, 401, "Incorrect email or password")
    assert resp.headers.get("WWW-Authenticate") == "Bearer"


def test_login_password_is_case_sensitive(api, admin):
    acct = api.register(password="Secret-Pass")
    assert_error(api.login_raw(acct.email, "secret-pass"), 401, "Incorrect email or password")


def test_login_with_form_fields_is_422(api, admin):
    acct = api.register()
    resp = api.post("/auth/login", data={"username": acct.email, "password": acct.password})
    items = validation_items(resp)
    assert items[0]["loc"][0] == "body", items


def test_login_with_username_key_is_422_missing_email(api):
    resp = api.post("/auth/login", json={"username": "a@example.com", "password": "x"})
    assert_422(resp, ("missing", ["body", "email"]))


def test_login_invalid_email_422(api):
    resp = api.post("/auth/login", json={"email": "not-an-email", "password": "x"})
    assert_422(resp, ("value_error", ["body", "email"]))


# --- refresh -----------------------------------------------------------------------------


def test_refresh_returns_new_access_token_without_cookie(api, admin, secret):
    acct = api.register()
    resp = api.refresh(acct.refresh)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) == {"access_token", "token_type"}
    assert body["token_type"] == "bearer"
    assert find_set_cookie(resp) is None, "refresh does not re-set or rotate the cookie"
    claims = decode(body["access_token"], secret)
    assert claims["type"] == "access"
    assert claims["id"] == claims["sub"] == acct.id
    assert claims["email"] == acct.email
    me = api.me(body["access_token"])
    assert me.status_code == 200 and me.json()["id"] == acct.id
    # No rotation: the same cookie keeps working.
    assert api.refresh(acct.refresh).status_code == 200


def test_refresh_without_cookie_401(api):
    assert_error(api.refresh(None), 401, "Refresh token missing")


def test_refresh_cookie_among_other_cookies(api, admin):
    acct = api.register()
    resp = api.post("/auth/refresh", headers={
        "Cookie": f"theme=dark; refresh_token={acct.refresh}; _ga=GA1.2.3"})
    assert resp.status_code == 200, resp.text
    assert api.me(resp.json()["access_token"]).json()["id"] == acct.id


def test_refresh_with_cookie_ignores_garbage_bearer(api, admin):
    acct = api.register()
    resp = api.post("/auth/refresh", cookie=acct.refresh,
                    headers={"Authorization": "Bearer garbage"})
    assert resp.status_code == 200, resp.text


def test_refresh_ignores_bearer_header(api, admin):
    acct = api.register()
    resp = api.post("/auth/refresh", token=acct.token)
    assert_error(resp, 401, "Refresh token missing")


# --- logout ------------------------------------------------------------------------------


def test_logout_clears_cookie_and_revokes_refresh_token(api, admin):
    acct = api.register()
    assert api.refresh(acct.refresh).status_code == 200

    resp = api.logout(acct.refresh)
    assert resp.status_code == 204, resp.text
    assert resp.content == b""
    cookie = find_set_cookie(resp)
    assert cookie is not None, set_cookie_headers(resp)
    assert cookie.value in ("", '""')
    assert cookie.attr("max-age") == "0"
    assert cookie.attr("path") == "/"
    assert cookie.attr("httponly") is True
    assert str(cookie.attr("samesite")).lower() == "lax"
    assert cookie.attr("secure") is None

    assert_error(api.refresh(acct.refresh), 401, "Invalid refresh token")


def test_logout_without_cookie_is_204(api):
    resp = api.logout(None)
    assert resp.status_code == 204, resp.text
    assert resp.content == b""
    cookie = find_set_cookie(resp)
    assert cookie is not None and cookie.attr("max-age") == "0"


def test_logout_with_garbage_cookie_is_204(api):
    resp = api.logout("not-a-token")
    assert resp.status_code == 204, resp.text


def test_logout_revokes_only_the_presented_token(api, admin):
    acct = api.register()
    other_session = api.login(acct.email, acct.password)
    assert api.logout(acct.refresh).status_code == 204
    assert_error(api.refresh(acct.refresh), 401, "Invalid refresh token")
    resp = api.refresh(other_session.refresh)
    assert resp.status_code == 200, "revocation is per token (jti), not per user"


def test_logout_then_login_again_works(api, admin):
    acct = api.register()
    assert api.logout(acct.refresh).status_code == 204
    again = api.login(acct.email, acct.password)
    assert api.refresh(again.refresh).status_code == 200


# --- settings ----------------------------------------------------------------------------


def test_production_mode_cookie_is_samesite_none_secure(start_server):
    srv = start_server(MODE="production")
    v1 = V1(srv)
    resp = v1.register_raw()
    assert resp.status_code == 201, resp.text
    cookie = find_set_cookie(resp)
    assert cookie.attr("secure") is True
    assert str(cookie.attr("samesite")).lower() == "none"
    assert cookie.attr("httponly") is True
    assert cookie.attr("max-age") == "604800"

    login = v1.login_raw(resp.json()["user"]["email"], DEFAULT_PASSWORD)
    assert find_set_cookie(login).attr("secure") is True

    out = v1.logout(cookie.value)
    assert out.status_code == 204
    cleared = find_set_cookie(out)
    assert cleared.attr("secure") is True
    assert str(cleared.attr("samesite")).lower() == "none"
    assert cleared.attr("max-age") == "0"


def test_token_lifetimes_follow_environment(start_server):
    srv = start_server(ACCESS_TOKEN_EXPIRE_MINUTES="30", REFRESH_TOKEN_EXPIRE_DAYS="2")
    v1 = V1(srv)
    resp = v1.register_raw()
    assert resp.status_code == 201, resp.text
    secret = secret_of(srv)
    access = decode(resp.json()["access_token"], secret)
    assert access["exp"] - access["iat"] == 30 * 60
    cookie = find_set_cookie(resp)
    assert cookie.attr("max-age") == str(2 * 86400)
    refresh = decode(cookie.value, secret)
    assert refresh["exp"] - refresh["iat"] == 2 * 86400


def test_frozen_clock_drives_tokens_and_timestamps(start_server):
    frozen = "2030-01-02T03:04:05Z"
    frozen_ts = calendar.timegm(datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc).timetuple())
    srv = start_server(TANDEM_NOW=frozen)
    v1 = V1(srv)
    acct = v1.register()
    claims = decode(acct.token, secret_of(srv), verify_times=False)
    assert claims["iat"] == frozen_ts
    assert claims["exp"] == frozen_ts + 3600
    me = v1.me(acct.token)
    assert me.status_code == 200, me.text
    assert me.json()["created_at"] == frozen
    assert me.json()["updated_at"] == frozen

    # Expiry is checked against the frozen clock, not the wall clock.
    now = int(time.time())
    stale = forge(secret_of(srv), acct, iat=now - 60, exp=now + 3600)
    assert now + 3600 < frozen_ts
    assert_error(v1.me(stale), 401, "Could not validate credentials")
    fresh = forge(secret_of(srv), acct, iat=frozen_ts - 60, exp=frozen_ts + 60)
    assert v1.me(fresh).status_code == 200


def test_refresh_cookie_expiry_uses_frozen_clock(start_server):
    frozen_ts = calendar.timegm(datetime(2030, 6, 1, tzinfo=timezone.utc).timetuple())
    srv = start_server(TANDEM_NOW="2030-06-01T00:00:00Z")
    v1 = V1(srv)
    acct = v1.register()
    assert unverified_claims(acct.refresh)["exp"] == frozen_ts + 7 * 86400
    expired = forge(secret_of(srv), acct, type="refresh", iat=frozen_ts - 8 * 86400,
                    exp=frozen_ts - 86400)
    assert_error(v1.refresh(expired), 401, "Invalid refresh token")
    assert v1.refresh(acct.refresh).status_code == 200
