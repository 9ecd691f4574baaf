"""The task board (spec/teamflow.md §6) with the fixes of §8.5 (validation, strict enums),
§8.9 (creator recorded), §8.14 (stable newest-first order, limit/offset) and §8.16 (timestamps),
on the tasks table the v1 face shares (design.md)."""

import pytest

from api.kpi.kpi_support import run_sql
from api.teamflow.tf_support import (TeamFlow, assert_error, assert_flask_json,
                                     assert_task_shape)


def db_task(server, task_id):
    rows = run_sql(server, "SELECT project_id, assigned_to, created_by, uuid, description "
                           f"FROM tasks WHERE id = {task_id}")
    assert len(rows) == 1
    project, assignee, creator, uuid, description = rows[0]
    return {"project_id": project or None, "assigned_to": assignee or None,
            "created_by": int(creator), "uuid": uuid, "description": description}


def user_id(tf_server, token):
    from api.support import unverified_claims
    return unverified_claims(token)["user_id"]


# --- create ------------------------------------------------------------------------------------


def test_create_with_defaults(tf, tf_server, token):
    resp = tf.post("/api/tasks", token=token, json={"title": "Write spec"})
    assert resp.status_code == 201
    assert_flask_json(resp)
    task = resp.json()
    assert_task_shape(task)
    assert (task["title"], task["description"], task["priority"], task["status"]) == (
        "Write spec", "", "medium", "todo")
    assert task["created_at"] == task["updated_at"]
    assert task["created_by"] == user_id(tf_server, token)


def test_create_with_every_field(tf, token):
    task = tf.create(token, title="T", description="D", priority="high", status="in_progress")
    assert (task["title"], task["description"], task["priority"], task["status"]) == (
        "T", "D", "high", "in_progress")


def test_creator_is_the_caller_and_body_cannot_choose_it(tf, tf_server):
    alice, bob = tf.signup(), tf.signup()
    task = tf.create(alice["token"], title="mine", created_by=bob["user"]["id"],
                     user_id=bob["user"]["id"], id=999999, created_at="2000-01-01T00:00:00.000000",
                     project_id=1, assigned_to=bob["user"]["id"])
    assert task["created_by"] == alice["user"]["id"]
    assert task["id"] != 999999 and not task["created_at"].startswith("2000")
    stored = db_task(tf_server, task["id"])
    assert stored["created_by"] == alice["user"]["id"]
    assert stored["project_id"] is None and stored["assigned_to"] is None  # a board task
    assert len(stored["uuid"]) == 36


def test_null_description_on_create_is_empty(tf, token):
    assert tf.create(token, description=None)["description"] == ""


def test_non_ascii_is_escaped(tf, token):
    resp = tf.post("/api/tasks", token=token, json={"title": "Café ☕ 😀"})
    assert resp.status_code == 201
    assert b"Caf\\u00e9 \\u2615 \\ud83d\\ude00" in resp.content
    assert resp.json()["title"] == "Café ☕ 😀"


@pytest.mark.parametrize("body", [{}, None, [], ["title"], "title", 0, {"description": "x"},
                                  {"title": None}, {"title": ""}, {"title": "   "}])
def test_title_is_required(tf, token, body):
    assert_error(tf.post("/api/tasks", token=token, json=body), 400, "Title is required")


def test_title_length(tf, token):
    assert tf.create(token, title="é" * 200)["title"] == "é" * 200
    assert_error(tf.post("/api/tasks", token=token, json={"title": "x" * 201}), 400,
                 "Title must be at most 200 characters")


@pytest.mark.parametrize("field, value, text", [
    ("title", 42, "Title must be a string"),
    ("title", ["a"], "Title must be a string"),
    ("description", 5, "Description must be a string"),
    ("description", {"a": 1}, "Description must be a string"),
    ("priority", "urgent", "Invalid priority"),
    ("priority", "HIGH", "Invalid priority"),
    ("priority", None, "Invalid priority"),
    ("priority", 1, "Invalid priority"),
    ("status", "blocked", "Invalid status"),
    ("status", "", "Invalid status"),
    ("status", None, "Invalid status"),
    ("status", True, "Invalid status"),
])
def test_create_rejects_bad_values(tf, token, field, value, text):
    body = {"title": "ok", field: value}
    assert_error(tf.post("/api/tasks", token=token, json=body), 400, text)


@pytest.mark.parametrize("kwargs", [
    {"data": "{bad", "headers": {"Content-Type": "application/json"}},
    {"data": '{"title":"x"}', "headers": {"Content-Type": "text/plain"}},
    {"data": '{"title":"x"}'},
])
def test_create_unreadable_body(tf, token, kwargs):
    assert_error(tf.post("/api/tasks", token=token, **kwargs), 400, "Invalid JSON body")


# --- list --------------------------------------------------------------------------------------


def test_list_is_global_and_newest_first(tf, token):
    other = tf.token()
    a = tf.create(token, title="first")
    b = tf.create(other, title="second")
    c = tf.create(token, title="third")
    resp = tf.get("/api/tasks", token=other)
    assert_flask_json(resp)
    tasks = resp.json()
    assert isinstance(tasks, list)
    ids = [t["id"] for t in tasks]
    assert ids.index(c["id"]) < ids.index(b["id"]) < ids.index(a["id"])
    for t in tasks:
        assert_task_shape(t)
    keys = [(t["created_at"], t["id"]) for t in tasks]
    assert keys == sorted(keys, reverse=True)


def test_same_timestamp_orders_by_id_descending(start_server):
    srv = start_server(TANDEM_NOW="2024-05-06T07:08:09Z")
    client = TeamFlow(srv)
    token = client.token()
    made = [client.create(token, title=f"t{i}")["id"] for i in range(5)]
    tasks = client.tasks(token)
    assert [t["id"] for t in tasks] == sorted(made, reverse=True)
    assert {t["created_at"] for t in tasks} == {"2024-05-06T07:08:09.000000"}  # §8.16
    for _ in range(3):
        assert client.tasks(token) == tasks  # stable


def test_limit_and_offset(start_server):
    srv = start_server()
    client = TeamFlow(srv)
    token = client.token()
    made = [client.create(token, title=f"p{i}")["id"] for i in range(7)]
    newest = sorted(made, reverse=True)
    assert [t["id"] for t in client.tasks(token, limit=3)] == newest[:3]
    assert [t["id"] for t in client.tasks(token, limit=3, offset=3)] == newest[3:6]
    assert [t["id"] for t in client.tasks(token, offset=5)] == newest[5:]
    assert client.tasks(token, limit=0) == []
    assert client.tasks(token, offset=100) == []
    assert [t["id"] for t in client.tasks(token, limit="", offset="")] == newest


@pytest.mark.parametrize("params, text", [
    ({"limit": "-1"}, "Invalid limit"), ({"limit": "abc"}, "Invalid limit"),
    ({"limit": "1.5"}, "Invalid limit"), ({"limit": "99999999999999999999"}, "Invalid limit"),
    ({"offset": "-3"}, "Invalid offset"), ({"offset": "x"}, "Invalid offset"),
])
def test_bad_paging_is_400(tf, token, params, text):
    assert_error(tf.get("/api/tasks", token=token, params=params), 400, text)


# --- update ------------------------------------------------------------------------------------


def test_partial_update(tf, token):
    task = tf.create(token, title="before", description="d", priority="low")
    resp = tf.put(f"/api/tasks/{task['id']}", token=token, json={"status": "done"})
    assert resp.status_code == 200
    assert_flask_json(resp)
    got = resp.json()
    assert got["status"] == "done"
    assert (got["title"], got["description"], got["priority"]) == ("before", "d", "low")
    assert got["created_at"] == task["created_at"] and got["updated_at"] > task["updated_at"]
    got = tf.put(f"/api/tasks/{task['id']}", token=token,
                 json={"title": "after", "description": None, "priority": "high",
                       "status": "in_progress", "created_by": 12345, "id": 1}).json()
    assert (got["id"], got["title"], got["description"], got["priority"], got["status"]) == (
        task["id"], "after", None, "high", "in_progress")
    assert got["created_by"] == task["created_by"]
    listed = [t for t in tf.tasks(token) if t["id"] == task["id"]]
    assert listed == [got]


def test_update_that_changes_nothing_keeps_updated_at(tf, token):
    task = tf.create(token, title="same", priority="high")
    for body in ({}, {"title": "same"}, {"priority": "high", "status": "todo"}):
        got = tf.put(f"/api/tasks/{task['id']}", token=token, json=body).json()
        assert got == task


def test_update_by_another_user(tf, token):
    task = tf.create(token)
    other = tf.token()
    assert tf.put(f"/api/tasks/{task['id']}", token=other, json={"status": "done"}).json()[
        "status"] == "done"


@pytest.mark.parametrize("body, text", [
    ({"title": None}, "Title is required"), ({"title": ""}, "Title is required"),
    ({"title": "x" * 201}, "Title must be at most 200 characters"),
    ({"title": 3}, "Title must be a string"), ({"description": 3}, "Description must be a string"),
    ({"priority": "urgent"}, "Invalid priority"), ({"status": "blocked"}, "Invalid status"),
    ({"status": None}, "Invalid status"),
    (None, "Invalid JSON body"), ([], "Invalid JSON body"), ("x", "Invalid JSON body"),
])
def test_update_rejects_bad_values(tf, token, body, text):
    task = tf.create(token)
    assert_error(tf.put(f"/api/tasks/{task['id']}", token=token, json=body), 400, text)
    assert [t for t in tf.tasks(token) if t["id"] == task["id"]] == [task]


def test_update_unreadable_body(tf, token):
    task = tf.create(token)
    assert_error(tf.put(f"/api/tasks/{task['id']}", token=token, data="{",
                        headers={"Content-Type": "application/json"}), 400, "Invalid JSON body")


def test_unknown_task_is_404_before_the_body_is_read(tf, token):
    for body in ({"status": "done"}, {"priority": "urgent"}, None):
        assert_error(tf.put("/api/tasks/987654321", token=token, json=body), 404,
                     "Task not found")
    assert_error(tf.put("/api/tasks/987654321", token=token, data="{",
                        headers={"Content-Type": "application/json"}), 404, "Task not found")


# --- delete ------------------------------------------------------------------------------------


def test_delete(tf, token):
    task = tf.create(token)
    resp = tf.delete(f"/api/tasks/{task['id']}", token=token)
    assert resp.status_code == 200 and resp.json() == {"message": "Task deleted successfully"}
    assert_flask_json(resp)
    assert task["id"] not in [t["id"] for t in tf.tasks(token)]
    assert_error(tf.delete(f"/api/tasks/{task['id']}", token=token), 404, "Task not found")
    assert_error(tf.put(f"/api/tasks/{task['id']}", token=token, json={}), 404, "Task not found")


@pytest.mark.parametrize("path, text", [
    ("/api/tasks/0", "Task not found"), ("/api/tasks/999999999999999999", "Task not found"),
    # Longer than any id: the route does not match, as a non-integer id did in the original.
    ("/api/tasks/99999999999999999999999", "Not found")])
def test_ids_without_a_task(tf, token, path, text):
    assert_error(tf.delete(path, token=token), 404, text)
    assert_error(tf.put(path, token=token, json={}), 404, text)
