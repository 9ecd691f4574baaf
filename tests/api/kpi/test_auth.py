"""Login, logout and the Bearer check (spec/kpi.md §2.0, §2.2, §2.3) with the fixes of §5.1,
§5.2 and §5.29, and tokens shared with the v1 face (design.md, "Auth")."""

from datetime import datetime

import pytest

from api.kpi.kpi_support import (NOT_ACTIVE, NOT_GATEKEEPER, PINNED_NOW, USER_KEYS, Kpi,
                                 add_kpi_user, assert_message, run_sql)
from api.support import V1, decode, forge, seen_after_other_commit, unique, unverified_claims

PINNED_EPOCH = int(datetime.fromisoformat(PINNED_NOW.replace("Z", "+00:00")).timestamp())
BEARER_MISSING = ("Missing 'Bearer' type in 'Authorization' header. "
                  "Expected 'Authorization: Bearer <JWT>'")
BEARER_BAD = "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'"


def new_user(kpi, **kw) -> tuple[str, int]:
    email = f"{unique('k')}@test.com"
    name = unique("n")
    uid = add_kpi_user(kpi.server, email, "First", "Last", name, name, **kw)
    return email, uid


# --- login -------------------------------------------------------------------------------------


def test_login_returns_token_and_user_dict(kpi):
    resp = kpi.login_raw("martin@test.com")
    assert resp.status_code == 200
    body = resp.json()
    assert set(body) == {"access_token", "user"}
    assert body["user"] == {"id": 2, "first_name": "martin", "last_name": "martin",
                            "display_name": "martin", "email": "martin@test.com",
                            "user_login_name": "martin", "active": True, "is_gatekeeper": True}


def test_token_claims(kpi_server, kpi):
    token = kpi.login("test@test.com")
    claims = decode(token, kpi_server.env["TANDEM_JWT_SECRET"], verify_times=False)
    assert claims["type"] == "access" and claims["fresh"] is False
    assert claims["user_id"] == 1 and isinstance(claims["sub"], str) and len(claims["sub"]) == 36
    assert claims["iat"] == PINNED_EPOCH and claims["exp"] - claims["iat"] == 3600
    assert claims["jti"]


def test_login_email_is_case_insensitive(kpi):
    assert kpi.login_raw("Test@TEST.com").json()["user"]["id"] == 1


def test_login_inactive_user(kpi):
    assert_message(kpi.login_raw("inactive@test.com"), 403, NOT_ACTIVE)


@pytest.mark.parametrize("kwargs, problem", [
    ({"data": "not json", "headers": {"Content-Type": "application/json"}},
     "Request body must be a JSON object"),
    ({"json": ["test@test.com"]}, "Request body must be a JSON object"),
    ({"json": {}}, "email is required"),
    ({"json": {"email": 5}}, "email must be a non-empty string"),
    ({"json": {"email": "test@test.com", "password": 5}}, "password must be a non-empty string"),
])
def test_login_malformed_body_is_json_400(kpi, kwargs, problem):
    assert_message(kpi.post("/login", **kwargs), 400, problem)


def test_user_with_password_needs_it(kpi):
    email, _ = new_user(kpi, password="s3cret-pw")
    assert_message(kpi.login_raw(email), 401, "Invalid credentials")
    assert_message(kpi.login_raw(email, "wrong"), 401, "Invalid credentials")
    assert kpi.login_raw(email, "s3cret-pw").status_code == 200


def test_passwordless_login_can_be_switched_off(start_server):
    server = start_server(TANDEM_KPI_PASSWORDLESS_LOGIN="0")
    api = Kpi(server)
    add_kpi_user(server, "nopw@test.com", "a", "b", "nopw", "nopw")
    add_kpi_user(server, "pw@test.com", "a", "b", "pw", "pw", password="pw-12345")
    assert_message(api.login_raw("nopw@test.com"), 401, "Invalid credentials")
    assert api.login_raw("pw@test.com", "pw-12345").status_code == 200


def test_wrong_passwords_are_rate_limited_in_kpi_shape(start_server):
    # The shared identity service counts them (tests/api/v1/test_rate_limit.py has the rules).
    server = start_server(TANDEM_LOGIN_ACCOUNT_LIMIT="2")
    api = Kpi(server)
    add_kpi_user(server, "pw@test.com", "a", "b", "pw", "pw", password="pw-12345")
    for _ in range(2):
        assert_message(api.login_raw("pw@test.com", "wrong"), 401, "Invalid credentials")
    resp = api.login_raw("pw@test.com", "pw-12345")
    assert_message(resp, 429, "Too many login attempts, try again later")
    assert int(resp.headers["Retry-After"]) > 0


# --- the Bearer check --------------------------------------------------------------------------


@pytest.mark.parametrize("header, status, text", [
    (None, 401, "Missing Authorization Header"),
    ("", 401, "Missing Authorization Header"),
    ("Basic dXNlcjpwYXNz", 401, BEARER_MISSING),
    ("bearer abc.def.ghi", 401, BEARER_MISSING),
    ("Bearer", 422, BEARER_BAD),
    ("Bearer a b", 422, BEARER_BAD),
    ("Bearer abc", 422, "Not enough segments"),
])
def test_bearer_header_errors(kpi, header, status, text):
    headers = {} if header is None else {"Authorization": header}
    assert_message(kpi.get("/circles", headers=headers), status, text, key="msg")


def test_bad_signature_is_422(kpi, kpi_server):
    uid = unverified_claims(kpi.login("test@test.com"))["sub"]
    token = forge("another-secret-entirely-0123456789", sub=uid, now=PINNED_EPOCH)
    assert_message(kpi.get("/circles", token=token), 422, "Signature verification failed",
                   key="msg")


def test_expired_token_is_401(kpi, kpi_server):
    uid = unverified_claims(kpi.login("test@test.com"))["sub"]
    token = forge(kpi_server.env["TANDEM_JWT_SECRET"], sub=uid, now=PINNED_EPOCH - 7200)
    assert_message(kpi.get("/circles", token=token), 401, "Token has expired", key="msg")


def test_refresh_type_token_is_422(kpi, kpi_server):
    uid = unverified_claims(kpi.login("test@test.com"))["sub"]
    token = forge(kpi_server.env["TANDEM_JWT_SECRET"], sub=uid, now=PINNED_EPOCH, type="refresh")
    assert_message(kpi.get("/circles", token=token), 422, "Only non-refresh tokens are allowed",
                   key="msg")


def test_bearer_among_other_credentials(kpi):
    token = kpi.login("test@test.com")
    resp = kpi.get("/circles", headers={"Authorization": f"Basic abc, Bearer {token}"})
    assert resp.status_code == 200


# --- logout --------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["DELETE", "POST"])
def test_logout_revokes_only_that_token(kpi, method):
    token = kpi.login("test@test.com")
    other = kpi.login("test@test.com")
    assert_message(kpi.request(method, "/logout", token=token), 200, "JWT revoked", key="msg")
    assert_message(kpi.get("/users", token=token), 401, "Token has been revoked", key="msg")
    assert_message(kpi.delete("/logout", token=token), 401, "Token has been revoked", key="msg")
    assert kpi.get("/users", token=other).status_code == 200


def test_logout_needs_a_token(kpi):
    assert_message(kpi.delete("/logout"), 401, "Missing Authorization Header", key="msg")


# --- the caller is re-read on every request (§5.2) -----------------------------------------------


def test_deleted_user_token_is_401(kpi):
    email, uid = new_user(kpi)
    token = kpi.login(email)
    run_sql(kpi.server, f"DELETE FROM users WHERE id = {uid}")
    sub = unverified_claims(token)["sub"]
    resp = seen_after_other_commit(kpi.server, lambda: kpi.get("/circles", token=token),
                                   lambda r: r.status_code != 200)
    assert_message(resp, 401, f"Error loading the user {sub}", key="msg")


def test_deactivated_user_token_is_403(kpi):
    email, uid = new_user(kpi)
    token = kpi.login(email)
    assert kpi.get("/circles", token=token).status_code == 200
    run_sql(kpi.server, f"UPDATE users SET active = false WHERE id = {uid}")
    resp = seen_after_other_commit(kpi.server, lambda: kpi.get("/circles", token=token),
                                   lambda r: r.status_code != 200)
    assert_message(resp, 403, NOT_ACTIVE)


def test_demoted_gatekeeper_loses_kpi_rights_at_once(kpi):
    email, uid = new_user(kpi, gatekeeper=True)
    token = kpi.login(email)
    body = {"circle_id": 1, "name": unique("kpi"), "periodicity": "Monthly", "unit": "chf",
            "target_value": 1}
    assert kpi.post("/kpis/add", token=token, json=body).status_code == 201
    run_sql(kpi.server, f"DELETE FROM user_roles WHERE user_id = {uid}")

    def add_another():
        body["name"] = unique("kpi")
        return kpi.post("/kpis/add", token=token, json=body)

    resp = seen_after_other_commit(kpi.server, add_another, lambda r: r.status_code != 201)
    assert_message(resp, 403, NOT_GATEKEEPER)


# --- one token service for every face ------------------------------------------------------------


def test_v1_token_works_on_kpi_and_kpi_token_on_v1(kpi, kpi_server):
    v1 = V1(kpi_server)
    account = v1.register()
    resp = kpi.get("/circles", token=account.token)
    assert resp.status_code == 200, resp.text
    me = kpi.get("/users", token=account.token).json()
    mine = [u for u in me if u["email"] == account.email]
    assert mine and set(mine[0]) == USER_KEYS | {"circles"}
    kpi_token = kpi.login(account.email, account.password)
    resp = v1.me(kpi_token)
    assert resp.status_code == 200 and resp.json()["email"] == account.email
