"""Bearer and refresh-cookie validation (spec/flowtrack.md §2.1, §3, §8 #2-#5, App. B)."""

import base64
import json
import time
import uuid

import pytest

from api.support import assert_error, decode, forge

CREDS = "Could not validate credentials"
BAD_REFRESH = "Invalid refresh token"
ADMIN_ONLY = "Not enough permissions. Admin access required."


# --- the Authorization header ----------------------------------------------------------------


def test_missing_authorization_header_403(api):
    assert_error(api.get("/users/me"), 403, "Not authenticated")


@pytest.mark.parametrize("value", ["Bearer", "Bearer  "])
def test_bearer_without_credentials_403(api, value):
    resp = api.get("/users/me", headers={"Authorization": value})
    assert_error(resp, 403, "Not authenticated")


@pytest.mark.parametrize("value", ["Basic dXNlcjpwYXNz", "Token abc.def.ghi", "JWT abc"])
def test_other_scheme_403_invalid_credentials(api, value):
    resp = api.get("/users/me", headers={"Authorization": value})
    assert_error(resp, 403, "Invalid authentication credentials")


def test_scheme_is_case_insensitive(api, member):
    for scheme in ("bearer", "BEARER", "BeArEr"):
        resp = api.get("/users/me", headers={"Authorization": f"{scheme} {member.token}"})
        assert resp.status_code == 200, (scheme, resp.text)
        assert resp.json()["id"] == member.id


def test_garbage_bearer_401_with_www_authenticate(api):
    resp = api.get("/users/me", headers={"Authorization": "Bearer not.a.jwt"})
    assert_error(resp, 401, CREDS)
    assert resp.headers.get("WWW-Authenticate") == "Bearer"


# --- forged access tokens ----------------------------------------------------------------------


def test_forged_token_with_the_server_secret_is_accepted(api, member, secret):
    """Baseline for the negative cases below: our forging reproduces a valid token."""
    resp = api.me(forge(secret, member))
    assert resp.status_code == 200, resp.text
    assert resp.json()["id"] == member.id


def _now():
    return int(time.time())


@pytest.mark.parametrize("case", [
    "expired", "wrong_key", "alg_none", "hs512", "refresh_type", "unknown_user", "not_yet_valid",
    "tampered", "non_uuid_id", "empty_signature",
])
def test_invalid_access_tokens_401(api, member, secret, case):
    if case == "expired":
        token = forge(secret, member, iat=_now() - 7200, exp=_now() - 3600)
    elif case == "wrong_key":
        token = forge("some-other-secret-" + uuid.uuid4().hex, member)
    elif case == "alg_none":
        token = forge(None, member, algorithm="none")
    elif case == "hs512":
        token = forge(secret, member, algorithm="HS512")
    elif case == "refresh_type":
        token = forge(secret, member, type="refresh")
    elif case == "unknown_user":
        ghost = str(uuid.uuid4())
        token = forge(secret, member, id=ghost, sub=ghost)
    elif case == "not_yet_valid":
        token = forge(secret, member, nbf=_now() + 3600)
    elif case == "tampered":
        header, payload, signature = forge(secret, member).split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["role"] = "admin"
        payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        token = ".".join([header, payload, signature])
    elif case == "non_uuid_id":
        token = forge(secret, member, id="42", sub="42")
    elif case == "empty_signature":
        token = forge(secret, member).rsplit(".", 1)[0] + "."
    resp = api.me(token)
    assert_error(resp, 401, CREDS)
    assert resp.headers.get("WWW-Authenticate") == "Bearer"


@pytest.mark.parametrize("claim", ["sub", "type", "exp"])
def test_access_token_missing_a_core_claim_401(api, member, secret, claim):
    assert_error(api.me(forge(secret, member, drop=(claim,))), 401, CREDS)


def test_access_token_without_v1_claims_is_accepted(api, member, secret):
    """design.md "Auth": every face mints its own claim shape on top of sub/jti/type/iat/exp,
    and any access token from any face is accepted by every face; identity comes from `sub`
    and the database. (This overrides spec §2.1's "missing id/email/role -> 401".)"""
    token = forge(secret, member, drop=("id", "email", "role"))
    resp = api.me(token)
    assert resp.status_code == 200, resp.text
    assert resp.json()["id"] == member.id
    assert resp.json()["email"] == member.email


def test_real_refresh_token_as_bearer_401(api, member):
    assert_error(api.me(member.refresh), 401, CREDS)


def test_admin_claim_in_token_does_not_grant_admin(api, member, secret):
    """Role comes from the database, not from the token."""
    token = forge(secret, member, role="admin")
    assert_error(api.get("/users/", token=token), 403, ADMIN_ONLY)


def test_member_claim_in_token_does_not_remove_admin(api, admin, secret):
    token = forge(secret, admin, role="member")
    assert api.get("/users/", token=token).status_code == 200


# --- the refresh cookie ---------------------------------------------------------------------


@pytest.mark.parametrize("case", [
    "garbage", "access_token", "expired", "wrong_key", "alg_none", "missing_sub", "missing_jti",
    "missing_type", "missing_exp", "unknown_user", "tampered",
])
def test_invalid_refresh_cookie_401(api, member, secret, case):
    assert api.refresh(member.refresh).status_code == 200  # baseline: the real cookie works
    if case == "garbage":
        cookie = "garbage"
    elif case == "access_token":
        cookie = member.token
    elif case == "expired":
        cookie = forge(secret, member, type="refresh", iat=_now() - 8 * 86400,
                       exp=_now() - 86400)
    elif case == "wrong_key":
        cookie = forge("other-" + uuid.uuid4().hex, member, type="refresh",
                       exp=_now() + 86400)
    elif case == "alg_none":
        cookie = forge(None, member, algorithm="none", type="refresh", exp=_now() + 86400)
    elif case.startswith("missing_"):
        cookie = forge(secret, member, type="refresh", exp=_now() + 86400,
                       drop=(case.removeprefix("missing_"),))
    elif case == "unknown_user":
        ghost = str(uuid.uuid4())
        cookie = forge(secret, member, type="refresh", id=ghost, sub=ghost, exp=_now() + 86400)
    elif case == "tampered":
        header, payload, signature = member.refresh.split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["exp"] = claims["exp"] + 86400
        payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        cookie = ".".join([header, payload, signature])
    assert_error(api.refresh(cookie), 401, BAD_REFRESH)


def test_refresh_takes_role_and_email_from_database(api, admin, member, secret):
    promote = api.put(f"/users/{member.id}", token=admin.token,
                      json={"role": "admin", "email": f"renamed-{member.email}"})
    assert promote.status_code == 200, promote.text
    resp = api.refresh(member.refresh)
    assert resp.status_code == 200, resp.text
    claims = decode(resp.json()["access_token"], secret)
    assert claims["role"] == "admin"
    assert claims["email"] == f"renamed-{member.email}"
    assert claims["id"] == member.id


def test_refresh_for_deleted_user_401(api, admin):
    victim = api.register()
    assert api.delete(f"/users/{victim.id}", token=admin.token).status_code == 204
    assert_error(api.refresh(victim.refresh), 401, BAD_REFRESH)
    assert_error(api.me(victim.token), 401, CREDS)
