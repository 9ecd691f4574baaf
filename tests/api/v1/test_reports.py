"""v1 reports (spec/flowtrack.md §2.8, §5.1) on a fixed data set built through the API.

The module's server holds only the users registered here: team-performance and workload list
every user, so no test in this module registers anyone outside the `data` fixture."""

import uuid

import pytest

from api.support import assert_422, assert_error
from api.v1.work_fixtures import ADMIN_ONLY, ok, raw_number, work  # noqa: F401


@pytest.fixture(scope="module")
def data(api, admin, work):
    uma, vic, wes = (api.register(name=n) for n in ("Uma", "Vic", "Wes"))
    p1, p2 = work.project(admin, name="P1"), work.project(admin, name="P2")
    for project, users in ((p1, (uma, vic)), (p2, (uma, admin))):
        for user in users:
            work.add_member(admin, project, user)
    for project, assignee, priority, status in [
        (p1, uma, "high", "done"), (p1, uma, "medium", "in_progress"), (p1, uma, "low", "todo"),
        (p1, vic, "high", "done"), (p1, None, "medium", "todo"), (p1, vic, "medium", "todo"),
        (p1, vic, "low", "done"),
        (p2, uma, "high", "done"), (p2, admin, "low", "todo"),
    ]:
        work.task(admin, project, priority=priority, status=status,
                  assigned_to=assignee.id if assignee else None)
    return {"admin": admin, "uma": uma, "vic": vic, "wes": wes, "p1": p1, "p2": p2}


def test_project_report(api, data):
    admin, p1, p2 = data["admin"], data["p1"], data["p2"]
    resp = api.get(f"/reports/project/{p1['id']}", token=data["uma"].token)
    assert ok(resp) == {"project_id": p1["id"], "project_name": "P1", "total_tasks": 7,
                        "completed_tasks": 3, "in_progress_tasks": 1, "todo_tasks": 3,
                        "progress_percentage": 42.86}
    assert list(resp.json()) == ["project_id", "project_name", "total_tasks", "completed_tasks",
                                 "in_progress_tasks", "todo_tasks", "progress_percentage"]
    resp = api.get(f"/reports/project/{p2['id']}/", token=admin.token)
    assert ok(resp)["progress_percentage"] == 50.0
    assert raw_number(resp, "progress_percentage") == "50.0"


def test_project_report_of_empty_project_is_float_zero(api, data, work):
    empty = work.project(data["admin"])
    resp = api.get(f"/reports/project/{empty['id']}", token=data["admin"].token)
    assert ok(resp)["total_tasks"] == 0
    assert raw_number(resp, "progress_percentage") == "0.0"


def test_project_report_access(api, data):
    p2 = data["p2"]
    assert_error(api.get(f"/reports/project/{p2['id']}", token=data["vic"].token), 404,
                 "Project not found")
    assert_error(api.get(f"/reports/project/{uuid.uuid4()}", token=data["admin"].token), 404,
                 "Project not found")
    assert_422(api.get("/reports/project/p2", token=data["admin"].token),
               ("uuid_parsing", ["path", "project_id"]))
    assert_error(api.get(f"/reports/project/{p2['id']}"), 403, "Not authenticated")


def test_team_performance(api, data):
    resp = api.get("/reports/team-performance", token=data["admin"].token)
    rows = ok(resp)

    def row(user, name, total, done, in_progress, todo, rate):
        return {"user_id": user.id, "user_name": name, "total_tasks": total,
                "completed_tasks": done, "in_progress_tasks": in_progress, "todo_tasks": todo,
                "completion_rate": rate}

    assert rows == [
        row(data["admin"], "Module Admin", 1, 0, 0, 1, 0.0),
        row(data["uma"], "Uma", 4, 2, 1, 1, 50.0),
        row(data["vic"], "Vic", 3, 2, 0, 1, 66.67),
        row(data["wes"], "Wes", 0, 0, 0, 0, 0.0),
    ]
    assert '"completion_rate":0.0' in resp.text and '"completion_rate":66.67' in resp.text


def test_workload(api, data):
    rows = ok(api.get("/reports/workload/", token=data["admin"].token))

    def row(user, name, assigned, high, medium, low):
        return {"user_id": user.id, "user_name": name, "assigned_tasks": assigned,
                "high_priority_tasks": high, "medium_priority_tasks": medium,
                "low_priority_tasks": low}

    assert rows == [
        row(data["admin"], "Module Admin", 1, 0, 0, 1),
        row(data["uma"], "Uma", 4, 2, 1, 1),
        row(data["vic"], "Vic", 3, 1, 1, 1),
        row(data["wes"], "Wes", 0, 0, 0, 0),
    ]


def test_admin_reports_deny_members(api, data):
    for path in ("/reports/team-performance", "/reports/workload"):
        assert_error(api.get(path, token=data["uma"].token), 403, ADMIN_ONLY)
        assert_error(api.get(path), 403, "Not authenticated")


@pytest.mark.parametrize("done, total, expected", [
    (1, 3, "33.33"), (2, 3, "66.67"), (1, 6, "16.67"), (1, 32, "3.12"), (3, 3, "100.0"),
])
def test_progress_rounding(api, data, work, done, total, expected):
    """Python's round(done / total * 100, 2), including 1/32 -> 3.12 (not 3.13)."""
    project = work.project(data["admin"])
    for i in range(total):
        work.task(data["admin"], project, status="done" if i < done else "todo")
    for path in (f"/reports/project/{project['id']}", f"/projects/{project['id']}/progress"):
        resp = api.get(path, token=data["admin"].token)
        assert raw_number(resp, "progress_percentage") == expected
        assert resp.json()["progress_percentage"] == float(expected)
