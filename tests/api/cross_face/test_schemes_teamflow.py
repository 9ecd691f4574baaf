"""The schemes face (Beyo) meets TeamFlow: one users table (design.md). A TeamFlow signup (no
email, no phone, no role) reads on the schemes face with email null and phone ""; tokens of
either face work on the other; a user whose TeamFlow tasks name them cannot be deleted through
schemes, and one deleted there loses the board at once."""

import pytest

from api.schemes.schemes_support import (ACQUIRED, INTEGRITY, PERMISSION, Schemes, assert_error,
                                         assert_ok, assert_sqlstate)
from api.support import unique, unique_email
from api.teamflow.tf_support import PASSWORD, assert_error as assert_tf_error

TOKEN_REFUSED = "Invalid or expired token"  # TeamFlow's one 401 text for a refused token


@pytest.fixture(scope="module")
def sc(module_server):
    return Schemes(module_server)


@pytest.fixture(scope="module")
def beyo_admin(sc):
    return sc.new_user(roles=("Admin",))


def test_teamflow_user_on_the_schemes_face(sc, tf, beyo_admin):
    username = unique("tf")
    session = tf.signup(username)
    user_id = session["user"]["id"]
    expected = {"id": user_id, "username": username, "email": None, "phone": "",
                "profile_picture": None, "roles": []}
    requested = ["id", "username", "email", "phone", "profile_picture", {"roles": ["role"]}]
    assert sc.one(beyo_admin.token, "User", user_id, requested) == expected
    assert assert_ok(sc.get_items(session["token"], "User", requested, {}), 200, ACQUIRED) == [
        expected]


def test_teamflow_token_works_here_and_is_no_admin(sc, tf):
    token = tf.token()
    assert_ok(sc.probe(token), 200, "user is authenticated.")
    dealer = sc.created(token, "Dealer", {"dealer_name": unique("tf dealer")}, ["id"])
    assert dealer[0]["id"] > 0
    assert_error(sc.create(token, "Role", {"role": unique("r"), "key": "k"}), 403, PERMISSION)


def test_schemes_token_works_on_the_board(sc, tf):
    user = sc.new_user()
    task = tf.create(user.token, title=unique("from beyo "))
    assert task["created_by"] == user.id
    assert task in tf.tasks(user.token)


def test_schemes_user_logs_into_teamflow_by_username(sc, tf, beyo_admin):
    username = unique("beyo")
    sc.created(beyo_admin.token, "User", {"username": username, "email": unique_email("b"),
                                          "phone": "1", "password": PASSWORD})
    token = tf.login(username, PASSWORD)
    assert tf.create(token, title=unique("t "))["id"] > 0


def test_teamflow_user_given_an_email_here_logs_into_schemes(sc, tf, beyo_admin):
    username = unique("tf")
    session = tf.signup(username)
    email = unique_email("tf")
    sc.updated(session["token"], "User", {"id": session["user"]["id"]}, {"email": email})
    token = sc.login(email, PASSWORD)
    assert sc.rows(token, "User", ["username", "email"], {}) == [
        {"username": username, "email": email}]
    assert tf.login(username, PASSWORD)


def test_deleting_a_teamflow_task_owner_fails_and_changes_nothing(sc, tf, beyo_admin):
    session = tf.signup()
    task = tf.create(session["token"], title=unique("mine "))
    user_id = session["user"]["id"]
    env = assert_error(sc.delete(beyo_admin.token, "User", {"id": user_id}), 400, INTEGRITY)
    assert_sqlstate(env, "23503")
    assert sc.ids(beyo_admin.token, "User", {"id": user_id}) == [user_id]
    assert task in tf.tasks(session["token"])


def test_deleted_here_loses_the_board(sc, tf, beyo_admin):
    session = tf.signup()
    sc.deleted(beyo_admin.token, "User", {"id": session["user"]["id"]})
    assert_tf_error(tf.get("/api/tasks", token=session["token"]), 401, TOKEN_REFUSED)
    assert_error(sc.get_items(session["token"], "User", ["id"], {}), 401, "Invalid token")


def test_logout_here_revokes_a_teamflow_token(sc, tf):
    token = tf.token()
    assert_ok(sc.post("/api/logout", token=token, json={}), 200, "User logged out")
    assert_tf_error(tf.get("/api/tasks", token=token), 401, TOKEN_REFUSED)
