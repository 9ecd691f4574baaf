"""Signup and login (spec/teamflow.md §6) with the fixes of §8.1 (iat/exp), §8.5 (400 instead of
500s), §8.6 (signup race), §8.7 (rate limit) and §8.8 (Werkzeug hashes), and the
`tandem seed teamflow-demo` accounts."""

import hashlib
import threading

import pytest

from api.kpi.kpi_support import run_sql
from api.support import decode, unique
from api.teamflow.tf_support import PASSWORD, TIMESTAMP_RE, USER_KEYS, TeamFlow, assert_error

REQUIRED = "Username and password are required"


def test_signup_returns_message_token_and_user(tf, tf_server):
    name = unique("alice")
    resp = tf.signup_raw(name)
    assert resp.status_code == 201
    body = resp.json()
    assert set(body) == {"message", "token", "user"}
    assert body["message"] == "User created successfully"
    assert set(body["user"]) == USER_KEYS
    assert body["user"]["username"] == name and isinstance(body["user"]["id"], int)
    assert TIMESTAMP_RE.match(body["user"]["created_at"])
    rows = run_sql(tf_server, f"SELECT id, email, password_hash FROM users WHERE username = '{name}'")
    assert len(rows) == 1 and str(rows[0][0]) == str(body["user"]["id"])
    assert rows[0][1] in (None, "")  # TeamFlow accounts have no email
    assert rows[0][2].startswith("$argon2id$")  # never the plain password


def test_token_claims_have_user_id_username_iat_exp(tf, tf_server):
    body = tf.signup()
    claims = decode(body["token"], tf_server.env["TANDEM_JWT_SECRET"])
    assert list(claims)[:2] == ["user_id", "username"]  # the original's payload first
    assert claims["user_id"] == body["user"]["id"]
    assert claims["username"] == body["user"]["username"]
    assert claims["type"] == "access" and claims["jti"] and claims["sub"]
    assert claims["exp"] - claims["iat"] == 24 * 3600  # §8.1: expires, a day by default


def test_token_lifetime_is_configurable(start_server):
    srv = start_server(TANDEM_TEAMFLOW_TOKEN_HOURS="2")
    claims = decode(TeamFlow(srv).token(), srv.env["TANDEM_JWT_SECRET"])
    assert claims["exp"] - claims["iat"] == 2 * 3600


def test_tokens_differ_per_login(tf):
    name = unique("u")
    tf.signup(name)
    assert tf.login(name, PASSWORD) != tf.login(name, PASSWORD)  # jti: not deterministic


@pytest.mark.parametrize("body", [{}, None, [], "text", 5, {"username": "x"}, {"password": "x"},
                                  {"username": None, "password": "x"},
                                  {"username": "x", "password": None},
                                  {"username": "", "password": "x"},
                                  {"username": unique("e"), "password": ""}])
def test_signup_requires_username_and_password(tf, body):
    assert_error(tf.post("/api/auth/signup", json=body), 400, REQUIRED)


@pytest.mark.parametrize("body", [{"username": 123, "password": "x"},
                                  {"username": "x", "password": ["x"]},
                                  {"username": {"a": 1}, "password": True}])
def test_signup_rejects_non_string_fields(tf, body):
    assert_error(tf.post("/api/auth/signup", json=body), 400,
                 "Username and password must be strings")


@pytest.mark.parametrize("path", ["/api/auth/signup", "/api/auth/login"])
@pytest.mark.parametrize("kwargs", [
    {"data": "{not json", "headers": {"Content-Type": "application/json"}},
    {"data": "", "headers": {"Content-Type": "application/json"}},
    {"data": '{"username":"a","password":"b"}', "headers": {"Content-Type": "text/plain"}},
    {"data": '{"username":"a","password":"b"}'},
])
def test_unreadable_bodies_are_400_json(tf, path, kwargs):
    assert_error(tf.post(path, **kwargs), 400, "Invalid JSON body")


def test_json_media_type_suffix_is_accepted(tf):
    name = unique("m")
    resp = tf.post("/api/auth/signup", data=f'{{"username":"{name}","password":"pw"}}',
                   headers={"Content-Type": "application/vnd.api+json; charset=utf-8"})
    assert resp.status_code == 201, resp.text


def test_username_length_limit(tf):
    assert tf.signup_raw("a" + unique("")[:7] + "é" * 72).status_code == 201  # 80 characters
    assert_error(tf.signup_raw("b" * 81), 400, "Username must be at most 80 characters")


def test_duplicate_username_is_409(tf):
    name = unique("dup")
    tf.signup(name)
    assert_error(tf.signup_raw(name, "other"), 409, "Username already exists")


def test_usernames_are_case_sensitive_and_untrimmed(tf):
    name = unique("case")
    tf.signup(name)
    assert tf.signup_raw(name.upper()).status_code == 201
    assert tf.signup_raw(f" {name} ").status_code == 201


def test_concurrent_signups_give_one_201_and_409s(tf):
    name = unique("race")
    results = []

    def attempt():
        results.append(TeamFlow(tf.server).signup_raw(name))

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(r.status_code for r in results)
    assert codes == [201] + [409] * 5, [r.text for r in results]
    for r in results:
        if r.status_code == 409:
            assert r.json() == {"error": "Username already exists"}


def test_login_returns_token_and_user(tf, tf_server):
    body = tf.signup()
    resp = tf.login_raw(body["user"]["username"], PASSWORD)
    assert resp.status_code == 200
    got = resp.json()
    assert set(got) == {"token", "user"}
    assert got["user"] == body["user"]
    claims = decode(got["token"], tf_server.env["TANDEM_JWT_SECRET"])
    assert claims["user_id"] == body["user"]["id"]
    assert tf.get("/api/tasks", token=got["token"]).status_code == 200


def test_login_failures_share_one_text(tf):
    name = unique("l")
    tf.signup(name)
    assert_error(tf.login_raw(name, "wrong"), 401, "Invalid username or password")
    assert_error(tf.login_raw(unique("nobody"), PASSWORD), 401, "Invalid username or password")
    assert_error(tf.login_raw("", ""), 401, "Invalid username or password")


@pytest.mark.parametrize("body", [{}, None, ["username", "password"], {"username": "x"},
                                  {"password": "x"}, {"username": "x", "password": None}])
def test_login_requires_username_and_password(tf, body):
    assert_error(tf.post("/api/auth/login", json=body), 400, REQUIRED)


def test_login_rejects_non_string_fields(tf):
    assert_error(tf.login_raw(5, "x"), 400, "Username and password must be strings")


def test_login_is_rate_limited_in_teamflow_shape(start_server):
    srv = start_server(TANDEM_LOGIN_ACCOUNT_LIMIT="2")
    client = TeamFlow(srv)
    name = unique("rl")
    client.signup(name)
    for _ in range(2):
        assert client.login_raw(name, "wrong").status_code == 401
    resp = client.login_raw(name, PASSWORD)
    assert_error(resp, 429, "Too many login attempts, try again later")
    assert int(resp.headers["Retry-After"]) > 0


def werkzeug_pbkdf2(password: str, salt: str = "abcdefghijklmnop", rounds: int = 1000) -> str:
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), rounds).hex()
    return f"pbkdf2:sha256:{rounds}${salt}${digest}"


def test_original_werkzeug_hash_logs_in_and_is_rehashed(tf, tf_server):
    name = unique("wz")
    tf.signup(name, "whatever")
    run_sql(tf_server, f"UPDATE users SET password_hash = '{werkzeug_pbkdf2('legacy-pw')}' "
                       f"WHERE username = '{name}'")
    assert tf.login_raw(name, "wrong").status_code == 401
    tf.login(name, "legacy-pw")
    stored = run_sql(tf_server, f"SELECT password_hash FROM users WHERE username = '{name}'")
    assert stored[0][0].startswith("$argon2id$")
    tf.login(name, "legacy-pw")


def test_seed_teamflow_demo_accounts_log_in(launcher):
    srv = launcher.server()
    out = srv.cli("seed", "teamflow-demo", check=True)
    assert "created admin" in out.stdout and "created user" in out.stdout
    client = TeamFlow(srv)
    for name, password in (("admin", "admin123"), ("user", "user123")):
        token = client.login(name, password)
        assert client.create(token, title=f"by {name}")["title"] == f"by {name}"
    assert_error(client.login_raw("admin", "user123"), 401, "Invalid username or password")
    again = srv.cli("seed", "teamflow-demo", check=True)
    assert "admin already exists" in again.stdout
