"""v1 projects and members (spec/flowtrack.md §2.6, §2.0, §2.9, App. B)."""

import uuid

import pytest

from api.support import assert_422, assert_error, unique
from api.v1.work_fixtures import (  # noqa: F401  (fixtures)
    ADMIN_ONLY, PROJECT_DENIED, assert_project_shape, ok, raw_number, team, work,
)

# --- create ------------------------------------------------------------------------------------


def test_create_returns_project_and_message(api, admin):
    resp = api.post("/projects/", token=admin.token,
                    json={"name": "Apollo", "description": "Moon", "deadline": "2030-07-20",
                          "status": "completed"})
    body = ok(resp, 201)
    assert body.pop("message") == "Project Created"
    assert_project_shape(body)
    assert body["name"] == "Apollo" and body["description"] == "Moon"
    assert body["deadline"] == "2030-07-20"
    assert body["status"] == "pending"  # status is not accepted on create
    assert body["created_by"] == admin.id and body["creator_name"] == "Module Admin"
    assert body["created_at"] == body["updated_at"]


@pytest.mark.parametrize("deadline, stored", [
    ("", None), (None, None), ("2023-12-31T00:00:00", "2023-12-31"),
    ("2024-02-29", "2024-02-29"), ("2023-12-31T00:00:00.000Z", "2023-12-31"),
])
def test_create_deadline_forms(api, admin, deadline, stored):
    body = ok(api.post("/projects", token=admin.token, json={"name": "d", "deadline": deadline}),
              201)
    assert body["deadline"] == stored


@pytest.mark.parametrize("deadline, type_, error", [
    ("31/12/2023", "date_from_datetime_parsing", "invalid character in year"),
    ("2023-13-01", "date_from_datetime_parsing", "month value is outside expected range of 1-12"),
    ("2023-02-29", "date_from_datetime_parsing", "day value is outside expected range"),
    ("2023-12", "date_from_datetime_parsing", "input is too short"),
    ("2023-12-31T10:00:00", "date_from_datetime_inexact", None),
])
def test_create_bad_deadline_422(api, admin, deadline, type_, error):
    resp = api.post("/projects/", token=admin.token, json={"name": "x", "deadline": deadline})
    item = assert_422(resp, (type_, ["body", "deadline"]))[0]
    assert item["input"] == deadline
    if error:
        assert item["ctx"] == {"error": error}
        assert item["msg"] == "Input should be a valid date or datetime, " + error


def test_create_validation_collects_errors(api, admin):
    assert_422(api.post("/projects/", token=admin.token, json={"description": 5}),
               ("missing", ["body", "name"]), ("string_type", ["body", "description"]))
    assert_422(api.post("/projects/", token=admin.token), ("missing", ["body"]))


def test_create_requires_admin(api, admin, member):
    assert_error(api.post("/projects/", token=member.token, json={"name": "x"}), 403, ADMIN_ONLY)
    # Auth runs before body validation...
    assert_error(api.post("/projects/", token=member.token, json={}), 403, ADMIN_ONLY)
    assert_error(api.post("/projects/", json={"name": "x"}), 403, "Not authenticated")
    # ...but malformed JSON is rejected before auth.
    resp = api.post("/projects/", data="{bad", headers={"Content-Type": "application/json"})
    assert_422(resp, ("json_invalid", ["body", 1]))


# --- list ----------------------------------------------------------------------------------------


def test_list_admin_sees_all_member_sees_own(api, admin, member, work):
    mine, other = work.project(admin), work.project(admin)
    work.add_member(admin, mine, member)
    ids = [p["id"] for p in work.get(member, "/projects")]
    assert ids == [mine["id"]]
    all_ids = [p["id"] for p in work.get(admin, "/projects/", limit=1000)]
    assert mine["id"] in all_ids and other["id"] in all_ids
    assert all_ids.index(mine["id"]) < all_ids.index(other["id"])  # creation order
    for p in work.get(admin, "/projects"):
        assert_project_shape(p)


def test_list_status_filter_alias_and_unknown(api, admin, member, work):
    a, b = work.project(admin), work.project(admin)
    for p in (a, b):
        work.add_member(admin, p, member)
    ok(api.put(f"/projects/{b['id']}", token=admin.token, json={"status": "completed"}))

    def ids(**params):
        return [p["id"] for p in work.get(member, "/projects", **params)]

    assert ids(status_filter="completed") == [b["id"]]
    assert ids(status="pending") == [a["id"]]
    assert ids(status="", status_filter="") == [a["id"], b["id"]]
    assert ids(status="active") == [] and ids(status_filter="archived") == []


def test_list_query_matches_name_or_description_literally(api, admin, member, work):
    tag = unique("q")
    by_name = work.project(admin, name=f"Alpha {tag.upper()}")
    by_description = work.project(admin, name="Beta", description=f"about {tag}")
    percent = work.project(admin, name=f"100% {tag}")
    for p in (by_name, by_description, percent):
        work.add_member(admin, p, member)
    assert [p["id"] for p in work.get(member, "/projects", query=tag)] == [
        by_name["id"], by_description["id"], percent["id"]]
    assert [p["id"] for p in work.get(member, "/projects", query="100%")] == [percent["id"]]
    assert work.get(member, "/projects", query="1_0") == []


def test_list_paging(api, admin, member, work):
    projects = [work.project(admin) for _ in range(3)]
    for p in projects:
        work.add_member(admin, p, member)
    assert [p["id"] for p in work.get(member, "/projects", skip=1, limit=1)] == [projects[1]["id"]]
    assert work.get(member, "/projects", limit=0) == []
    assert_422(api.get("/projects", token=member.token, params={"skip": -1, "limit": "x"}),
               ("greater_than_equal", ["query", "skip"]), ("int_parsing", ["query", "limit"]))


# --- get -----------------------------------------------------------------------------------------


def test_get_member_admin_outsider(api, admin, member, work, team):
    project, alice, _ = team
    assert work.get(alice, f"/projects/{project['id']}") == {
        k: v for k, v in project.items() if k != "message"}
    assert ok(api.get(f"/projects/{project['id']}/", token=admin.token))["id"] == project["id"]
    assert_error(api.get(f"/projects/{project['id']}", token=member.token), 404, PROJECT_DENIED)
    assert_error(api.get(f"/projects/{uuid.uuid4()}", token=admin.token), 404, PROJECT_DENIED)
    assert_422(api.get("/projects/nope", token=admin.token), ("uuid_parsing", ["path", "project_id"]))
    # Any form Python's uuid accepts.
    assert ok(api.get(f"/projects/{project['id'].replace('-', '').upper()}",
                      token=admin.token))["id"] == project["id"]


# --- update --------------------------------------------------------------------------------------


def test_update_by_member_applies_present_keys(api, admin, work, team):
    project, alice, _ = team
    body = ok(api.put(f"/projects/{project['id']}", token=alice.token,
                      json={"name": "Renamed", "status": "in_progress", "deadline": "2031-01-02"}))
    assert body["name"] == "Renamed" and body["status"] == "in_progress"
    assert body["deadline"] == "2031-01-02" and body["description"] == project["description"]
    assert body["updated_at"] >= project["updated_at"]
    cleared = ok(api.put(f"/projects/{project['id']}", token=admin.token,
                         json={"description": None, "deadline": ""}))
    assert cleared["description"] is None and cleared["deadline"] is None
    assert cleared["name"] == "Renamed"


def test_update_denials_in_original_order(api, admin, member, work):
    project = work.project(admin)
    denied = "You are not authorized to update this project"
    assert_error(api.put(f"/projects/{project['id']}", token=member.token, json={"name": "x"}),
                 403, denied)
    # A member asking about a missing project is told the same.
    assert_error(api.put(f"/projects/{uuid.uuid4()}", token=member.token, json={}), 403, denied)
    assert_error(api.put(f"/projects/{uuid.uuid4()}", token=admin.token, json={}), 404,
                 "Project not found")
    assert work.get(admin, f"/projects/{project['id']}")["name"] == project["name"]


def test_update_nulls_on_required_fields_422(api, admin, work):
    project = work.project(admin)
    assert_422(api.put(f"/projects/{project['id']}", token=admin.token,
                       json={"name": None, "status": None}),
               ("string_type", ["body", "name"]), ("enum", ["body", "status"]))
    item = assert_422(api.put(f"/projects/{project['id']}", token=admin.token,
                              json={"status": "active"}), ("enum", ["body", "status"]))[0]
    assert item["ctx"] == {"expected": "'pending', 'in_progress' or 'completed'"}
    assert_422(api.put("/projects/xyz", token=admin.token, json={"status": "bad"}),
               ("uuid_parsing", ["path", "project_id"]), ("enum", ["body", "status"]))


# --- delete --------------------------------------------------------------------------------------


def test_delete_project_with_tasks(api, admin, work, team):
    project, alice, _ = team
    task = work.task(admin, project, assigned_to=alice.id)
    assert_error(api.delete(f"/projects/{project['id']}", token=alice.token), 403, ADMIN_ONLY)
    assert api.delete(f"/projects/{project['id']}", token=admin.token).status_code == 204
    assert_error(api.get(f"/projects/{project['id']}", token=admin.token), 404, PROJECT_DENIED)
    assert_error(api.get(f"/tasks/{task['id']}", token=admin.token), 404,
                 "Task not found or access denied")
    assert_error(api.delete(f"/projects/{project['id']}", token=admin.token), 404,
                 "Project not found")
    assert work.get(alice, "/projects") == []


# --- progress ------------------------------------------------------------------------------------


def test_progress_counts_and_rounding(api, admin, member, work, team):
    project, alice, _ = team
    empty = api.get(f"/projects/{project['id']}/progress", token=alice.token)
    assert ok(empty) == {"total_tasks": 0, "completed_tasks": 0, "in_progress_tasks": 0,
                         "todo_tasks": 0, "progress_percentage": 0, "progress": 0}
    assert raw_number(empty, "progress_percentage") == "0"  # the original's integer 0
    work.task(admin, project, status="done")
    work.task(admin, project, status="in_progress")
    work.task(admin, project)
    resp = api.get(f"/projects/{project['id']}/progress", token=alice.token)
    assert ok(resp) == {"total_tasks": 3, "completed_tasks": 1, "in_progress_tasks": 1,
                        "todo_tasks": 1, "progress_percentage": 33.33, "progress": 33.33}
    assert raw_number(resp, "progress_percentage") == "33.33"
    assert_error(api.get(f"/projects/{project['id']}/progress", token=member.token), 404,
                 PROJECT_DENIED)
    assert_error(api.get(f"/projects/{uuid.uuid4()}/progress", token=admin.token), 404,
                 PROJECT_DENIED)


# --- members -------------------------------------------------------------------------------------


def test_members_add_list_remove(api, admin, work):
    project = work.project(admin)
    carol = api.register(name="Carol Member")
    path = f"/projects/{project['id']}/members/{carol.id}"
    for _ in range(2):  # idempotent
        resp = api.post(path, token=admin.token)
        assert ok(resp, 201) == {"message": "Member added to project"}
    members = work.get(carol, f"/projects/{project['id']}/members")
    assert members == [{"id": carol.id, "name": "Carol Member", "email": carol.email}]
    for _ in range(2):
        resp = api.delete(path, token=admin.token)
        assert resp.status_code == 204 and resp.content == b""
    assert work.get(admin, f"/projects/{project['id']}/members") == []


def test_members_search_and_order(api, admin, work):
    project = work.project(admin)
    first, second = api.register(name="Zed First"), api.register(name="Amy Second")
    work.add_member(admin, project, second)
    work.add_member(admin, project, first)
    assert [m["id"] for m in work.get(admin, f"/projects/{project['id']}/members")] == [
        second.id, first.id]
    found = work.get(admin, f"/projects/{project['id']}/members", search="zED")
    assert [m["id"] for m in found] == [first.id]
    found = work.get(admin, f"/projects/{project['id']}/members", search=first.email.upper())
    assert [m["id"] for m in found] == [first.id]


def test_members_errors(api, admin, member, work):
    project = work.project(admin)
    missing = str(uuid.uuid4())
    for method in ("POST", "DELETE"):
        for path in (f"/projects/{missing}/members/{member.id}",
                     f"/projects/{project['id']}/members/{missing}"):
            assert_error(api.request(method, path, token=admin.token), 404,
                         "Project or user not found")
        assert_error(api.request(method, f"/projects/{project['id']}/members/{member.id}",
                                 token=member.token), 403, ADMIN_ONLY)
        assert_422(api.request(method, "/projects/x/members/y", token=admin.token),
                   ("uuid_parsing", ["path", "project_id"]), ("uuid_parsing", ["path", "user_id"]))
    assert_error(api.get(f"/projects/{project['id']}/members", token=member.token), 403,
                 "Access denied")
    assert_error(api.get(f"/projects/{missing}/members", token=member.token), 403, "Access denied")
    assert ok(api.get(f"/projects/{missing}/members", token=admin.token)) == []


def test_removed_member_loses_project_access(api, admin, work, team):
    project, alice, _ = team
    work.remove_member(admin, project, alice)
    assert_error(api.get(f"/projects/{project['id']}", token=alice.token), 404, PROJECT_DENIED)


# --- user deletion vs. owned content (§2.5 #9) -------------------------------------------------------


def test_user_who_created_a_project_cannot_be_deleted(api, admin, work):
    other_admin = api.register()
    ok(api.put(f"/users/{other_admin.id}", token=admin.token, json={"role": "admin"}))
    work.project(other_admin)
    assert_error(api.delete(f"/users/{other_admin.id}", token=admin.token), 409,
                 "User owns projects or tasks and cannot be deleted")
    assert ok(api.get(f"/users/{other_admin.id}", token=admin.token))["id"] == other_admin.id


def test_user_who_created_a_task_cannot_be_deleted(api, admin, work, team):
    project, alice, _ = team
    work.task(alice, project)
    assert_error(api.delete(f"/users/{alice.id}", token=admin.token), 409,
                 "User owns projects or tasks and cannot be deleted")


def test_deleting_an_assignee_unassigns_and_drops_memberships(api, admin, work, team):
    project, alice, bob = team
    task = work.task(admin, project, assigned_to=alice.id)
    assert api.delete(f"/users/{alice.id}", token=admin.token).status_code == 204
    after = work.get(admin, f"/tasks/{task['id']}")
    assert after["assigned_to"] is None and after["assigned_to_name"] is None
    assert [m["id"] for m in work.get(admin, f"/projects/{project['id']}/members")] == [bob.id]
