"""v1 tasks and the kanban move (spec/flowtrack.md §2.7, §2.0, §2.9, App. B)."""

import uuid

from api.support import assert_422, assert_error
from api.v1.work_fixtures import (  # noqa: F401  (fixtures)
    TASK_DENIED, assert_task_shape, ok, team, work,
)

# --- create ------------------------------------------------------------------------------------


def test_admin_creates_task_with_defaults(api, admin, work, team):
    project, alice, _ = team
    task = work.task(admin, project, title="Build header")
    assert_task_shape(task)
    assert task["title"] == "Build header" and task["description"] is None
    assert task["priority"] == "medium" and task["status"] == "todo"
    assert task["deadline"] is None and task["project_id"] == project["id"]
    assert task["assigned_to"] is None and task["assigned_to_name"] is None
    assert task["created_by"] == admin.id


def test_member_creates_assigned_task_with_name_filled(api, admin, work, team):
    project, alice, bob = team
    task = work.task(alice, project, title="", description="d", priority="high",
                     status="in_progress", deadline="2030-01-31", assigned_to=bob.id)
    assert task["title"] == "" and task["priority"] == "high" and task["status"] == "in_progress"
    assert task["deadline"] == "2030-01-31"
    assert task["assigned_to"] == bob.id and task["assigned_to_name"] == bob.name
    assert task["created_by"] == alice.id


def test_create_rules_in_original_order(api, admin, member, work, team):
    project, alice, _ = team
    missing = str(uuid.uuid4())
    assert_error(api.post("/tasks/", token=member.token,
                          json={"title": "t", "project_id": project["id"]}),
                 403, "You are not a member of this project")
    assert_error(api.post("/tasks/", token=member.token, json={"title": "t", "project_id": missing}),
                 403, "You are not a member of this project")
    not_member = "Assigned user is not a member of the project"
    for assignee in (member.id, missing):
        assert_error(api.post("/tasks/", token=alice.token,
                              json={"title": "t", "project_id": project["id"],
                                    "assigned_to": assignee}), 400, not_member)
    assert_error(api.post("/tasks/", token=admin.token,
                          json={"title": "t", "project_id": missing, "assigned_to": alice.id}),
                 400, not_member)
    assert_error(api.post("/tasks/", token=admin.token, json={"title": "t", "project_id": missing}),
                 404, "Project not found")
    assert work.get(admin, "/tasks", project_id=project["id"]) == []


def test_create_validation(api, admin, work, team):
    project, _, _ = team
    assert_422(api.post("/tasks/", token=admin.token, json={}),
               ("missing", ["body", "title"]), ("missing", ["body", "project_id"]))
    items = assert_422(
        api.post("/tasks/", token=admin.token,
                 json={"title": 1, "priority": "High", "status": None, "deadline": "2023-1-1",
                       "project_id": None, "assigned_to": "zzz"}),
        ("string_type", ["body", "title"]), ("enum", ["body", "priority"]),
        ("enum", ["body", "status"]), ("date_from_datetime_parsing", ["body", "deadline"]),
        ("uuid_type", ["body", "project_id"]), ("uuid_parsing", ["body", "assigned_to"]))
    assert items[1]["ctx"] == {"expected": "'low', 'medium' or 'high'"}
    assert items[2]["ctx"] == {"expected": "'todo', 'in_progress' or 'done'"}
    assert_422(api.post("/tasks/", token=admin.token, json={"title": "t", "project_id": "bad"}),
               ("uuid_parsing", ["body", "project_id"]))


# --- list ----------------------------------------------------------------------------------------


def test_list_admin_all_member_assigned_only(api, admin, work, team):
    project, alice, bob = team
    a = work.task(admin, project, assigned_to=alice.id)
    b = work.task(admin, project, assigned_to=bob.id)
    c = work.task(alice, project)
    assert [t["id"] for t in work.get(alice, "/tasks")] == [a["id"]]
    assert [t["id"] for t in work.get(admin, "/tasks/", project_id=project["id"])] == [
        a["id"], b["id"], c["id"]]
    listed = work.get(admin, "/tasks", project_id=project["id"])[0]
    assert listed == a and listed["assigned_to_name"] == alice.name


def test_list_filters(api, admin, work, team):
    project, alice, bob = team
    other = work.project(admin)
    a = work.task(admin, project, priority="high", status="done", assigned_to=alice.id)
    b = work.task(admin, project, priority="low", assigned_to=bob.id)
    c = work.task(admin, other)

    def ids(**params):
        params.setdefault("limit", 1000)
        return [t["id"] for t in work.get(admin, "/tasks", **params)]

    assert ids(project_id=project["id"]) == [a["id"], b["id"]]
    assert ids(project_id=other["id"].upper()) == [c["id"]]
    assert ids(project_id=project["id"], status="done") == [a["id"]]
    assert ids(project_id=project["id"], priority="low") == [b["id"]]
    assert ids(assigned_to=bob.id) == [b["id"]]
    assert ids(project_id=project["id"], status="", priority="", assigned_to="") == [
        a["id"], b["id"]]
    assert ids(status="blocked") == [] and ids(priority="urgent") == []
    assert ids(project_id=project["id"], skip=1, limit=1) == [b["id"]]
    assert_422(api.get("/tasks", token=admin.token,
                       params={"limit": -5, "project_id": "nope", "assigned_to": "1234"}),
               ("greater_than_equal", ["query", "limit"]), ("uuid_parsing", ["query", "project_id"]),
               ("uuid_parsing", ["query", "assigned_to"]))


# --- get -----------------------------------------------------------------------------------------


def test_get_admin_or_assignee_only(api, admin, work, team):
    project, alice, bob = team
    task = work.task(admin, project, assigned_to=alice.id)
    assert work.get(alice, f"/tasks/{task['id']}") == task
    assert work.get(admin, f"/tasks/{task['id']}/") == task
    # Project membership alone does not grant access.
    assert_error(api.get(f"/tasks/{task['id']}", token=bob.token), 404, TASK_DENIED)
    assert_error(api.get(f"/tasks/{uuid.uuid4()}", token=admin.token), 404, TASK_DENIED)
    assert_422(api.get("/tasks/1", token=admin.token), ("uuid_parsing", ["path", "task_id"]))


# --- update --------------------------------------------------------------------------------------


def test_assignee_updates_fields(api, admin, work, team):
    project, alice, _ = team
    task = work.task(admin, project, description="old", deadline="2030-01-01",
                     assigned_to=alice.id)
    # The real client sends every field back, project_id and its own assignment included.
    body = ok(api.put(f"/tasks/{task['id']}", token=alice.token,
                      json={"title": "New", "description": None, "priority": "low",
                            "status": "done", "deadline": None, "project_id": "ignored",
                            "assigned_to": alice.id}))
    assert body["title"] == "New" and body["description"] is None and body["deadline"] is None
    assert body["priority"] == "low" and body["status"] == "done"
    assert body["assigned_to"] == alice.id and body["assigned_to_name"] == alice.name
    assert body["updated_at"] >= task["updated_at"] and body["created_at"] == task["created_at"]


def test_only_admins_reassign(api, admin, work, team):
    project, alice, bob = team
    task = work.task(admin, project, assigned_to=alice.id)
    for new in (bob.id, None):
        assert_error(api.put(f"/tasks/{task['id']}", token=alice.token,
                             json={"assigned_to": new}), 403, "Only admins can reassign tasks")
    outsider = api.register()
    assert_error(api.put(f"/tasks/{task['id']}", token=admin.token,
                         json={"assigned_to": outsider.id}), 400,
                 "Assigned user is not a member of the project")
    moved = ok(api.put(f"/tasks/{task['id']}", token=admin.token, json={"assigned_to": bob.id}))
    assert moved["assigned_to"] == bob.id and moved["assigned_to_name"] == bob.name
    assert_error(api.get(f"/tasks/{task['id']}", token=alice.token), 404, TASK_DENIED)
    cleared = ok(api.put(f"/tasks/{task['id']}", token=admin.token, json={"assigned_to": None}))
    assert cleared["assigned_to"] is None and cleared["assigned_to_name"] is None


def test_update_denied_and_invalid(api, admin, work, team):
    project, alice, bob = team
    task = work.task(admin, project, assigned_to=alice.id)
    assert_error(api.put(f"/tasks/{task['id']}", token=bob.token, json={"title": "x"}), 404,
                 TASK_DENIED)
    assert_error(api.put(f"/tasks/{uuid.uuid4()}", token=admin.token, json={}), 404, TASK_DENIED)
    assert_422(api.put(f"/tasks/{task['id']}", token=alice.token,
                       json={"title": None, "priority": None, "status": "archived"}),
               ("string_type", ["body", "title"]), ("enum", ["body", "priority"]),
               ("enum", ["body", "status"]))
    assert work.get(admin, f"/tasks/{task['id']}") == task  # nothing changed


# --- delete --------------------------------------------------------------------------------------


def test_delete_by_assignee(api, admin, work, team):
    project, alice, bob = team
    task = work.task(admin, project, assigned_to=alice.id)
    assert_error(api.delete(f"/tasks/{task['id']}", token=bob.token), 404, TASK_DENIED)
    resp = api.delete(f"/tasks/{task['id']}", token=alice.token)
    assert resp.status_code == 204 and resp.content == b""
    assert_error(api.delete(f"/tasks/{task['id']}", token=admin.token), 404, TASK_DENIED)


# --- move ----------------------------------------------------------------------------------------


def test_move_any_transition(api, admin, work, team):
    project, alice, _ = team
    task = work.task(admin, project, assigned_to=alice.id)
    for status in ("done", "done", "in_progress", "todo"):
        moved = work.move(alice, task, status)
        assert moved["status"] == status and moved["assigned_to_name"] == alice.name
    assert work.get(admin, f"/tasks/{task['id']}")["status"] == "todo"


def test_move_errors(api, admin, work, team):
    project, alice, bob = team
    task = work.task(admin, project, assigned_to=alice.id)
    path = f"/tasks/{task['id']}/move"
    assert_error(api.request("PATCH", path, token=bob.token, json={"new_status": "done"}), 404,
                 TASK_DENIED)
    # The status travels in the body, not in the query (ARCHITECTURE.md was wrong).
    assert_422(api.request("PATCH", path + "?status=done", token=alice.token),
               ("missing", ["body"]))
    assert_422(api.request("PATCH", path, token=alice.token, json={}),
               ("missing", ["body", "new_status"]))
    item = assert_422(api.request("PATCH", path, token=alice.token,
                                  json={"new_status": "archived"}),
                      ("enum", ["body", "new_status"]))[0]
    assert item["msg"] == "Input should be 'todo', 'in_progress' or 'done'"
    assert_422(api.request("PATCH", path, token=alice.token, json={"new_status": None}),
               ("enum", ["body", "new_status"]))
    assert_error(api.request("PATCH", path, json={"new_status": "done"}), 403, "Not authenticated")
    assert work.get(admin, f"/tasks/{task['id']}")["status"] == "todo"
