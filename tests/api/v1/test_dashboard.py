"""v1 dashboard (spec/flowtrack.md §5.2): the original's keys plus the CONTRACT superset."""

from api.support import UUID_RE, TIMESTAMP_RE, assert_error
from api.v1.work_fixtures import ok, raw_number, team, work  # noqa: F401

DASHBOARD_KEYS = ["projects", "tasks", "stats", "recent_tasks", "project_progress",
                  "notifications"]


def test_member_dashboard(api, admin, work, team):
    project, alice, bob = team
    hidden = work.project(admin)
    work.task(admin, hidden)
    mine = [work.task(admin, project, assigned_to=alice.id, status=s)
            for s in ("todo", "done", "in_progress", "done", "todo", "todo")]
    work.task(admin, project, assigned_to=bob.id, status="done")
    work.move(alice, mine[0], "in_progress")

    resp = api.get("/dashboard", token=alice.token)
    body = ok(resp)
    assert list(body) == DASHBOARD_KEYS
    assert body["projects"] == work.get(alice, "/projects")
    assert [p["id"] for p in body["projects"]] == [project["id"]]
    assert body["tasks"] == work.get(alice, "/tasks")
    assert [t["id"] for t in body["tasks"]] == [t["id"] for t in mine]
    assert body["stats"] == {"total_projects": 1, "total_tasks": 6, "completed_tasks": 2,
                             "in_progress_tasks": 2, "todo_tasks": 2}
    # Newest first, five at most.
    assert [t["id"] for t in body["recent_tasks"]] == [t["id"] for t in reversed(mine)][:5]
    # Progress covers every task of the project, not only the caller's.
    assert body["project_progress"] == [{
        "project_id": project["id"], "project_name": project["name"], "total_tasks": 7,
        "completed_tasks": 3, "in_progress_tasks": 2, "todo_tasks": 2,
        "progress_percentage": 42.86}]
    # Members see their own activity only.
    assert [n["action"] for n in body["notifications"]] == [
        f"moved task '{mine[0]['title']}' from todo to in_progress"]
    note = body["notifications"][0]
    assert list(note) == ["id", "user_id", "action", "timestamp"]
    assert UUID_RE.match(note["id"]) and note["user_id"] == alice.id
    assert TIMESTAMP_RE.match(note["timestamp"])


def test_dashboard_of_new_member_is_empty(api, admin):
    newcomer = api.register()
    resp = api.get("/dashboard/", token=newcomer.token)
    assert ok(resp) == {"projects": [], "tasks": [],
                        "stats": {"total_projects": 0, "total_tasks": 0, "completed_tasks": 0,
                                  "in_progress_tasks": 0, "todo_tasks": 0},
                        "recent_tasks": [], "project_progress": [], "notifications": []}


def test_admin_dashboard_sees_everything(api, admin, work, team):
    project, alice, _ = team
    work.task(admin, project, status="done")
    work.task(alice, project)
    body = ok(api.get("/dashboard", token=admin.token))
    all_projects = work.get(admin, "/projects", limit=100000)
    all_tasks = work.get(admin, "/tasks", limit=100000)
    assert body["projects"] == all_projects[:100]
    assert body["tasks"] == all_tasks[:100]
    assert body["stats"] == {
        "total_projects": len(all_projects), "total_tasks": len(all_tasks),
        "completed_tasks": sum(t["status"] == "done" for t in all_tasks),
        "in_progress_tasks": sum(t["status"] == "in_progress" for t in all_tasks),
        "todo_tasks": sum(t["status"] == "todo" for t in all_tasks)}
    assert [p["project_id"] for p in body["project_progress"]] == [
        p["id"] for p in body["projects"]]
    # Admins get the newest rows of everyone: the last change was alice's.
    assert 1 < len(body["notifications"]) <= 10
    assert body["notifications"][0]["user_id"] == alice.id
    assert body["notifications"][0]["action"].startswith("created task: ")
    assert body["notifications"][1]["user_id"] == admin.id


def test_dashboard_percentages_are_python_floats(api, admin, work, team):
    project, alice, _ = team
    work.task(admin, project, assigned_to=alice.id, status="done")
    work.task(admin, project, assigned_to=alice.id)
    resp = api.get("/dashboard", token=alice.token)
    assert raw_number(resp, "progress_percentage") == "50.0"


def test_dashboard_requires_auth(api):
    assert_error(api.get("/dashboard"), 403, "Not authenticated")
