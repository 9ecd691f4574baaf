"""The error classes of spec/beyo.md §2.12: status, the bracketed tag, server_message, and the
SQLSTATE codes the database classes report the same way on SQLite and PostgreSQL (23505 unique,
23502 not-null, 23503 foreign key, class 22 data). server_message never carries SQL text or the
values a request wrote."""

import re

import pytest

from api.support import unique, unique_email
from api.teamflow.tf_support import TeamFlow
from api.schemes.schemes_support import (DATA, EXCEPTION, INTEGRITY, PERMISSION, VALIDATION,
                                         assert_error, assert_sqlstate, op)

SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|VALUES|RETURNING|JOIN)\b|\$1|"
                       r"password_hash|users\b|items\b", re.IGNORECASE)


def assert_no_sql(env: dict, *secrets: str):
    for text in (env["message"], env["server_message"]):
        assert not SQL_WORDS.search(text), text
        for secret in secrets:
            assert secret not in text, text


def new_user_values(**over) -> dict:
    return {"username": unique("u"), "email": unique_email("err"), "phone": "+41",
            "password": "leak-me-" + unique(""), **over}


# --- [Database Integrity Error] ----------------------------------------------------------------


def test_unique_username(sc, admin):
    taken = sc.add_user()
    values = new_user_values(username=taken.username)
    resp = sc.create(admin.token, "User", values, ref="User_x")
    env = assert_error(resp, 400, INTEGRITY)
    assert env["message"] == (f"[Database Integrity Error] The value '{taken.username}' for "
                              "field 'username' already exists.")
    assert_sqlstate(env, "23505")
    assert_no_sql(env, values["password"], values["email"])


def test_unique_email_is_case_insensitive(sc, admin):
    taken = sc.add_user()
    shouted = taken.email.upper()
    values = new_user_values(email=shouted)
    env = assert_error(sc.create(admin.token, "User", values), 400, INTEGRITY)
    assert env["message"] == (f"[Database Integrity Error] The value '{shouted}' for field "
                              "'email' already exists.")
    assert_sqlstate(env, "23505")
    assert_no_sql(env, values["password"])
    assert sc.ids(admin.token, "User", {"username": values["username"]}) == []


def test_unique_violation_on_update(sc, admin):
    taken, mover = sc.add_user(), sc.add_user()
    env = assert_error(sc.update(admin.token, "User", {"id": mover.id},
                                 {"username": taken.username}), 400, INTEGRITY)
    assert env["message"] == (f"[Database Integrity Error] The value '{taken.username}' for "
                              "field 'username' already exists.")
    assert_sqlstate(env, "23505")
    assert sc.one(admin.token, "User", mover.id, ["username"]) == {"username": mover.username}


def test_unique_violation_in_a_batch_rolls_everything_back(sc, admin):
    first = new_user_values()
    second = new_user_values(username=first["username"])
    env = assert_error(sc.create(admin.token, "User", [first, second]), 400, INTEGRITY)
    assert_sqlstate(env, "23505")
    assert sc.ids(admin.token, "User", {"email": first["email"]}) == []


def test_not_null(sc, admin):
    values = new_user_values(email=None)
    env = assert_error(sc.create(admin.token, "User", values), 400, INTEGRITY)
    assert_sqlstate(env, "23502", column="email")
    assert_no_sql(env, values["password"])


def test_foreign_key(sc, admin, module_server):
    """A user who created a TeamFlow task cannot be deleted (tasks.created_by, NO ACTION)."""
    tf = TeamFlow(module_server)
    session = tf.signup()
    task = tf.create(session["token"], title=unique("task "))
    user_id = session["user"]["id"]
    env = assert_error(sc.delete(admin.token, "User", {"id": user_id}, ref="User x"), 400,
                       INTEGRITY)
    assert_sqlstate(env, "23503")
    assert_no_sql(env)
    assert sc.ids(admin.token, "User", {"id": user_id}) == [user_id]
    assert task in tf.tasks(session["token"])


# --- [Database Data Error] ---------------------------------------------------------------------


def test_int4_overflow_on_write(sc, token):
    env = assert_error(sc.create(token, "Dealer", {"age": 2 ** 31}), 400, DATA)
    assert_sqlstate(env, "22003")
    assert_no_sql(env, str(2 ** 31))


@pytest.mark.parametrize("filters", [
    {"id": "abc"}, {"purchased_price": op(">", "12x")}, {"category": 7},
    {"dealer.age": "old"}, {"id": op("in", [1, "two"])}])
def test_filter_value_that_does_not_convert(sc, token, filters):
    env = assert_error(sc.get_items(token, "Item", ["id"], filters), 400, DATA)
    assert_sqlstate(env, "22")
    assert_no_sql(env)


# --- [Exception Error] -------------------------------------------------------------------------


@pytest.mark.parametrize("route, body, text", [
    ("get_items", {"model_name": "Nope", "requested_data": []}, "No Model found with name: Nope"),
    ("create_items", {"model_name": "Item", "object_values": {"x": 1}, "reference": "r"},
     "No column found with name: x in model Item"),
    ("update_items", {"model_name": "Item", "query_filters": {"x.y": 1},
                      "update_type": "first_match", "object_values": {"state": "s"},
                      "reference": "r"}, "No relationship x in model Item"),
    ("delete_items", {"model_name": "Item", "object_values": {
        "query_filters": {"id": op("~", 1)}, "delition_type": "delete_all"}, "reference": "r"},
     "invalid operator: ~"),
])
def test_exception_errors_on_every_route(sc, token, route, body, text):
    env = assert_error(sc.call(route, body, token), 400, EXCEPTION, text)
    if route != "get_items":
        assert "r." in env["message"]  # "... Error creating r." (the reference)


# --- [Permission Error] ------------------------------------------------------------------------


@pytest.mark.parametrize("route, body, text", [
    ("create_items", {"model_name": "Role", "object_values": {"role": "r", "key": "k"},
                      "reference": "r"}, ("create", "Role")),
    ("update_items", {"model_name": "Item_History", "query_filters": {"id": 1},
                      "update_type": "first_match", "object_values": {"type": "x"},
                      "reference": "r"}, ("update", "Item_History")),
    ("delete_items", {"model_name": "User", "object_values": {
        "query_filters": {"id": 1}, "delition_type": "delete_first"}, "reference": "r"},
     ("delete", "User")),
])
def test_permission_errors(sc, token, route, body, text):
    env = assert_error(sc.call(route, body, token), 403, PERMISSION)
    verb, model = text
    assert verb in env["message"] and model in env["message"]  # "Not allowed to <verb> <M>."


# --- [Validation Error] ------------------------------------------------------------------------


def test_validation_error_messages(sc, token):
    assert_error(sc.call("get_items", {"model_name": "Item"}, token), 400, VALIDATION,
                 "requested_data")
    env = assert_error(sc.call("create_items", {"model_name": "Item", "object_values": {},
                                                "reference": "Thing"}, token), 400, VALIDATION,
                       "object_values")
    assert "Thing" in env["message"]
