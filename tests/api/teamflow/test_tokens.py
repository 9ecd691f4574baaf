"""The token check: §5's decision table with its three texts and their precedence, and the fixes
of §8.1 (expiry), §8.3 (the user is re-checked) and §8.10 (Bearer only, one token)."""

import time

import jwt
import pytest

from api.kpi.kpi_support import run_sql
from api.support import RawConn, V1, seen_after_other_commit, unverified_claims
from api.teamflow.tf_support import TeamFlow, assert_error

MISSING = "Token is missing"
FORMAT = "Invalid token format"
INVALID = "Invalid or expired token"


@pytest.fixture(scope="module")
def session(tf):
    return tf.signup()


@pytest.fixture(scope="module")
def secret(tf_server):
    return tf_server.env["TANDEM_JWT_SECRET"]


def get_tasks(tf, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    return tf.get("/api/tasks", headers=headers)


@pytest.mark.parametrize("header, text", [
    (None, MISSING),              # absent
    ("", FORMAT),                 # empty value: no space
    ("Bearer", FORMAT),           # no space
    ("TOKEN", FORMAT),            # a bare token
    ("Bearer  abc", MISSING),     # double space: the second piece is empty
    ("Bearer abc", INVALID),      # not a JWT
    ("Bearer a.b.c", INVALID),
])
def test_decision_table(tf, header, text):
    assert_error(get_tasks(tf, header), 401, text)


def test_bare_valid_token_is_a_format_error(tf, session):
    assert_error(get_tasks(tf, session["token"]), 401, FORMAT)


def test_trailing_space_after_scheme(tf):
    # HTTP strips trailing whitespace from a field value, so "Bearer " arrives as "Bearer".
    with RawConn(tf.server.port) as conn:
        conn.send(f"GET /api/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \r\n\r\n")
        resp = conn.read_response()
    assert resp.status == 401 and b'"Invalid token format"' in resp.body


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER", "bEaReR"])
def test_bearer_scheme_any_case(tf, session, scheme):
    assert get_tasks(tf, f"{scheme} {session['token']}").status_code == 200


@pytest.mark.parametrize("template", ["Token {t}", "JWT {t}", "Basic {t}", "Bearer {t} extra",
                                      "Bearer {t} {t}", "Bearer {t},Bearer {t}"])
def test_other_schemes_and_extra_pieces_are_format_errors(tf, session, template):
    # §8.10: the original ignored the scheme word and anything after the token.
    assert_error(get_tasks(tf, template.format(t=session["token"])), 401, FORMAT)


def claims_of(session):
    return unverified_claims(session["token"])


def test_forged_tokens_are_invalid(tf, session, secret):
    claims = claims_of(session)
    cases = [
        jwt.encode(claims, "dev-secret-key-change-in-production", algorithm="HS256"),
        jwt.encode(claims, None, algorithm="none"),
        jwt.encode(claims, secret, algorithm="HS512"),
        jwt.encode({}, secret, algorithm="HS256"),  # falsy payload
        # The original's own token shape: no sub/type/jti/exp (§5), never accepted again.
        jwt.encode({"user_id": claims["user_id"], "username": claims["username"]}, secret,
                   algorithm="HS256"),
        jwt.encode(dict(claims, exp=int(time.time()) - 10), secret, algorithm="HS256"),
        jwt.encode(dict(claims, type="refresh"), secret, algorithm="HS256"),
        jwt.encode(dict(claims, sub="00000000-0000-4000-8000-000000000000"), secret,
                   algorithm="HS256"),  # a user that does not exist (the original's 999 case)
        jwt.encode(dict(claims, user_id=claims["user_id"] + 1000), secret, algorithm="HS256"),
        jwt.encode(dict(claims, username="someone-else"), secret, algorithm="HS256"),
        session["token"][:-2] + ("AA" if not session["token"].endswith("AA") else "BB"),
    ]
    for token in cases:
        assert_error(tf.get("/api/tasks", token=token), 401, INVALID)


def test_valid_signature_with_current_claims_passes(tf, session, secret):
    claims = claims_of(session)
    token = jwt.encode(dict(claims, exp=int(time.time()) + 60), secret, algorithm="HS256")
    assert tf.get("/api/tasks", token=token).status_code == 200


def test_deleted_user_loses_access_at_once(tf, tf_server):
    body = tf.signup()
    assert tf.get("/api/tasks", token=body["token"]).status_code == 200
    run_sql(tf_server, f"DELETE FROM users WHERE id = {body['user']['id']}")
    resp = seen_after_other_commit(tf_server, lambda: tf.get("/api/tasks", token=body["token"]),
                                   lambda r: r.status_code != 200)
    assert_error(resp, 401, INVALID)
    assert_error(tf.post("/api/tasks", token=body["token"], json={"title": "x"}), 401, INVALID)


def test_deactivated_user_loses_access(tf, tf_server):
    body = tf.signup()
    assert tf.get("/api/tasks", token=body["token"]).status_code == 200  # the user is cached
    run_sql(tf_server, f"UPDATE users SET active = {'false' if 'postgres' in tf_server.database else 0} "
                       f"WHERE id = {body['user']['id']}")
    resp = seen_after_other_commit(tf_server, lambda: tf.get("/api/tasks", token=body["token"]),
                                   lambda r: r.status_code != 200)
    assert_error(resp, 401, INVALID)


def test_expired_token_is_rejected(start_server):
    srv = start_server(TANDEM_NOW="2024-01-01T00:00:00Z")
    token = TeamFlow(srv).token()
    srv.stop()
    later = start_server(database=srv.database, env=srv.env, TANDEM_NOW="2024-01-02T00:00:01Z")
    assert_error(TeamFlow(later).get("/api/tasks", token=token), 401, INVALID)


def test_v1_access_token_is_accepted(tf, tf_server):
    account = V1(tf_server).register()
    resp = tf.get("/api/tasks", token=account.token)
    assert resp.status_code == 200
    created = tf.create(account.token, title="from a v1 user")
    rows = run_sql(tf_server, f"SELECT u.email FROM tasks t JOIN users u ON u.id = t.created_by "
                              f"WHERE t.id = {created['id']}")
    assert rows[0][0] == account.email


def test_every_protected_route_checks_the_token(tf):
    for method, path in (("GET", "/api/tasks"), ("POST", "/api/tasks"), ("PUT", "/api/tasks/1"),
                         ("DELETE", "/api/tasks/1")):
        assert_error(tf.request(method, path, json={"title": "x"}), 401, MISSING)
