"""The KPI tracker meets TeamFlow: one users table (design.md). A TeamFlow signup (no email) is an
ordinary KPI user in KPI's shape, never a gatekeeper; a KPI user's token works on the board as
its own creator; a KPI user without a password cannot log in through TeamFlow; a token revoked,
a user deactivated or deleted through one face is refused by the other at once."""

from api.kpi.kpi_support import (NOT_ACTIVE, NOT_GATEKEEPER, USER_KEYS, add_kpi_user,
                                  assert_message, run_sql)
from api.support import unique, unique_email
from api.teamflow.tf_support import PASSWORD, assert_error as assert_tf_error

from api.cross_face.cross_support import deactivate, once_committed, subject

TOKEN_REFUSED = "Invalid or expired token"  # TeamFlow's one 401 text for a refused token
LOGIN_REFUSED = "Invalid username or password"  # TeamFlow's


def test_teamflow_signup_in_kpi_shape(kpi, tf):
    username = unique("tf")
    session = tf.signup(username)
    token, user_id = session["token"], session["user"]["id"]
    resp = kpi.get(f"/users/{user_id}", token=token)
    assert resp.status_code == 200, resp.text
    user = resp.json()["user"]
    assert set(user) == USER_KEYS | {"circles"}
    assert (user["id"], user["email"], user["user_login_name"]) == (user_id, None, username)
    assert user["active"] is True and user["is_gatekeeper"] is False and user["circles"] == []


def test_teamflow_signup_is_no_gatekeeper(kpi, tf):
    token = tf.token()
    body = {"name": unique("kpi "), "periodicity": "monthly", "unit": "chf", "target_value": 1}
    assert_message(kpi.post("/kpis/add", token=token, json=body), 403, NOT_GATEKEEPER)


def test_kpi_user_on_the_board(kpi, tf, module_server):
    email, login = unique_email("kpi"), unique("login")
    user_id = add_kpi_user(module_server, email, "Kay", "Pi", "kp", login, gatekeeper=True,
                           password=PASSWORD)
    kpi_token = kpi.login(email, PASSWORD)
    created = tf.create(kpi_token, title=unique("from kpi "))
    assert created["created_by"] == user_id
    tf_token = tf.login(login, PASSWORD)  # the login name is TeamFlow's username
    assert created in tf.tasks(tf_token)
    assert kpi.get(f"/users/{user_id}", token=tf_token).json()["user"]["is_gatekeeper"] is True


def test_passwordless_kpi_user_cannot_log_into_teamflow(tf, module_server):
    login = unique("login")
    add_kpi_user(module_server, unique_email("kpi"), "No", "Password", "np", login)
    assert_tf_error(tf.login_raw(login, PASSWORD), 401, LOGIN_REFUSED)


def test_passwordless_kpi_token_is_refused_by_the_board(kpi, tf, module_server):
    """An email-only KPI login proves no password; TeamFlow's logins all do (test_v1_kpi.py)."""
    email = unique_email("kpi")
    add_kpi_user(module_server, email, "No", "Password", "np", unique("login"))
    token = kpi.login(email)
    assert_tf_error(tf.get("/api/tasks", token=token), 401, TOKEN_REFUSED)
    assert_tf_error(tf.post("/api/tasks", token=token, json={"title": "x"}), 401, TOKEN_REFUSED)


def test_kpi_logout_revokes_a_teamflow_token(kpi, tf):
    token = tf.token()
    assert_message(kpi.delete("/logout", token=token), 200, "JWT revoked", key="msg")
    assert_tf_error(tf.get("/api/tasks", token=token), 401, TOKEN_REFUSED)
    assert_message(kpi.get("/users", token=token), 401, "Token has been revoked", key="msg")


def test_deactivated_teamflow_user_loses_both_faces(kpi, tf, module_server):
    username = unique("tf")
    token = tf.signup(username)["token"]
    assert kpi.get("/users", token=token).status_code == 200
    deactivate(module_server, subject(token))
    assert_message(once_committed(module_server, lambda: kpi.get("/users", token=token), 403),
                   403, NOT_ACTIVE)
    assert_tf_error(once_committed(module_server, lambda: tf.get("/api/tasks", token=token), 401),
                    401, TOKEN_REFUSED)
    assert_tf_error(tf.login_raw(username, PASSWORD), 401, LOGIN_REFUSED)


def test_deleted_kpi_user_loses_both_faces(kpi, tf, module_server):
    email, login = unique_email("kpi"), unique("login")
    add_kpi_user(module_server, email, "Kay", "Pi", "kp", login, password=PASSWORD)
    kpi_token, tf_token = kpi.login(email, PASSWORD), tf.login(login, PASSWORD)
    uuid = subject(kpi_token)
    run_sql(module_server, f"DELETE FROM users WHERE uuid = '{uuid}'")  # an operator's psql
    assert_message(once_committed(module_server, lambda: kpi.get("/users", token=kpi_token), 401),
                   401, f"Error loading the user {uuid}", key="msg")
    assert_tf_error(once_committed(module_server, lambda: tf.get("/api/tasks", token=tf_token),
                                   401), 401, TOKEN_REFUSED)
    assert_tf_error(tf.login_raw(login, PASSWORD), 401, LOGIN_REFUSED)
    assert_message(kpi.login_raw(email, PASSWORD), 404, "User Not Found")
