"""v1 (FlowTrack) meets TeamFlow: one tasks table and one users table (design.md, "One data
model"). The board is the tasks without a project; a project task exists only for v1 and its
membership rules, so each face answers for the other's task as for a task that does not exist.
A user either face made is an ordinary member on the other, and loses both at once."""

import pytest

from api.support import V1, assert_error as assert_detail, unique
from api.teamflow.tf_support import PASSWORD, TeamFlow, assert_error as assert_tf_error
from api.v1.work_fixtures import ADMIN_ONLY, PROJECT_DENIED, TASK_DENIED, team, work  # noqa: F401

from api.cross_face.cross_support import (deactivate, once_committed, subject, task_int_id,
                                          task_uuid, user_int_id)

TASK_NOT_FOUND = "Task not found"  # TeamFlow's answer for a task id it does not know
TOKEN_REFUSED = "Invalid or expired token"  # TeamFlow's one 401 text for a refused token
CREDENTIALS_REFUSED = "Could not validate credentials"  # v1's
MISSING_TASK_ID = 2_000_000_000


@pytest.fixture
def project_task(work, team):
    """A v1 task in a fresh project, assigned to its member alice: (task, alice)."""
    project, alice, _ = team
    task = work.task(alice, project, title=unique("v1 task "), description="members only",
                     priority="high", assigned_to=alice.id)
    return task, alice


# --- the board does not reach project tasks ----------------------------------------------------


def test_board_lists_no_project_task(tf, work, team, project_task, module_server):
    task, alice = project_task
    token = tf.token()
    board_task = tf.create(token, title=unique("board "))
    newer_project_task = work.task(alice, team[0])  # the newest row of the table
    hidden = {task_int_id(module_server, t["id"]) for t in (task, newer_project_task)}
    whole = [t["id"] for t in tf.tasks(token)]  # the cached whole board
    paged = [t["id"] for t in tf.tasks(token, limit=1000)]  # a page, read past the cache
    assert board_task["id"] in whole and board_task["id"] in paged
    assert hidden.isdisjoint(whole) and hidden.isdisjoint(paged)
    # Paging counts board tasks only: the newest board task is the first of the first page.
    assert tf.tasks(token, limit=1) == [board_task]


def test_board_cannot_change_a_project_task(tf, work, project_task, module_server):
    task, alice = project_task
    task_id = task_int_id(module_server, task["id"])
    token = tf.token()
    # The same answer as for an id that was never used: the board does not reveal the task.
    assert_tf_error(tf.put(f"/api/tasks/{MISSING_TASK_ID}", token=token, json={"status": "done"}),
                    404, TASK_NOT_FOUND)
    for body in ({"status": "done", "title": "taken over"}, {"priority": "urgent"}):
        assert_tf_error(tf.put(f"/api/tasks/{task_id}", token=token, json=body), 404,
                        TASK_NOT_FOUND)
    unreadable = tf.put(f"/api/tasks/{task_id}", token=token, data="{",
                        headers={"Content-Type": "application/json"})
    assert_tf_error(unreadable, 404, TASK_NOT_FOUND)  # looked up before the body is read
    assert work.get(alice, f"/tasks/{task['id']}") == task  # not a field moved


def test_board_cannot_delete_a_project_task(tf, work, project_task, module_server):
    task, alice = project_task
    token = tf.token()
    assert_tf_error(tf.delete(f"/api/tasks/{MISSING_TASK_ID}", token=token), 404, TASK_NOT_FOUND)
    assert_tf_error(tf.delete(f"/api/tasks/{task_int_id(module_server, task['id'])}",
                              token=token), 404, TASK_NOT_FOUND)
    assert work.get(alice, f"/tasks/{task['id']}") == task


def test_v1_admin_cannot_reach_a_board_task(api, work, admin, tf, module_server):
    token = tf.token()
    stats_before = work.get(admin, "/dashboard/")["stats"]
    board_task = tf.create(token, title=unique("board "), priority="high")
    board_uuid = task_uuid(module_server, board_task["id"])
    path = f"/tasks/{board_uuid}"
    assert_detail(api.get(path, token=admin.token), 404, TASK_DENIED)
    assert_detail(api.put(path, token=admin.token, json={"title": "taken over"}), 404, TASK_DENIED)
    assert_detail(api.request("PATCH", path + "/move", token=admin.token,
                              json={"new_status": "done"}), 404, TASK_DENIED)
    assert_detail(api.delete(path, token=admin.token), 404, TASK_DENIED)
    # Nor does v1 count or list it anywhere.
    listed = {t["id"] for t in work.get(admin, "/tasks/")}
    dashboard = work.get(admin, "/dashboard/")
    shown = listed | {t["id"] for t in dashboard["tasks"] + dashboard["recent_tasks"]}
    assert board_uuid not in shown
    assert dashboard["stats"] == stats_before
    assert [t for t in tf.tasks(token) if t["id"] == board_task["id"]] == [board_task]


# --- users and tokens --------------------------------------------------------------------------


def test_teamflow_signup_is_a_v1_member_without_admin_powers(api, tf, admin, team):
    project, alice, _ = team
    token = tf.signup()["token"]
    me = api.me(token)
    assert me.status_code == 200, me.text
    assert me.json()["id"] == subject(token) and me.json()["role"] == "member"
    for method, path, body in [("GET", "/users/", None),
                               ("GET", f"/users/{alice.id}", None),
                               ("PUT", f"/users/{subject(token)}", {"role": "admin"}),
                               ("DELETE", f"/users/{alice.id}", None),
                               ("POST", "/projects/", {"name": unique("project ")}),
                               ("GET", "/reports/team-performance", None)]:
        assert_detail(api.request(method, path, token=token, json=body), 403, ADMIN_ONLY)
    # v1's membership rules hold for the TeamFlow user as for any member.
    assert_detail(api.post("/tasks/", token=token,
                           json={"title": "sneak in", "project_id": project["id"]}),
                  403, "You are not a member of this project")
    assert_detail(api.get(f"/projects/{project['id']}", token=token), 404, PROJECT_DENIED)
    assert api.me(token).json()["role"] == "member"  # the PUT above changed nothing


def test_first_teamflow_signup_does_not_make_v1_admins(server):
    """The first-user rule of v1 registration counts users of every face (design.md)."""
    api, tf = V1(server), TeamFlow(server)
    token = tf.signup()["token"]
    assert api.me(token).json()["role"] == "member"
    assert api.register().role == "member"


def test_teamflow_demo_admin_is_no_v1_admin(server):
    """TeamFlow has no roles: its README's `admin`/`admin123` is a name and a published password,
    and must not open v1's user administration."""
    server.cli("seed", "teamflow-demo", check=True)
    api, tf = V1(server), TeamFlow(server)
    token = tf.login("admin", "admin123")
    assert api.me(token).json()["role"] == "member"
    assert_detail(api.get("/users/", token=token), 403, ADMIN_ONLY)
    assert api.register().role == "member"  # the seeded accounts count as users


def test_v1_token_on_the_board_records_its_user(tf, member, module_server):
    created = tf.create(member.token, title=unique("from v1 "))
    assert created["created_by"] == user_int_id(module_server, member.id)
    assert created["id"] in [t["id"] for t in tf.tasks(member.token)]


def test_v1_refresh_token_is_no_access_token_on_either_face(api, tf, member):
    assert_detail(api.me(member.refresh), 401, CREDENTIALS_REFUSED)
    assert_tf_error(tf.get("/api/tasks", token=member.refresh), 401, TOKEN_REFUSED)
    assert_tf_error(tf.post("/api/tasks", token=member.refresh, json={"title": "x"}), 401,
                    TOKEN_REFUSED)


def test_teamflow_token_is_no_v1_refresh_token(api, tf):
    assert_detail(api.refresh(tf.token()), 401, "Invalid refresh token")


def test_v1_admin_deletes_a_teamflow_user(api, tf, admin):
    username = unique("tf")
    token = tf.signup(username)["token"]
    assert api.delete(f"/users/{subject(token)}", token=admin.token).status_code == 204
    assert_tf_error(tf.get("/api/tasks", token=token), 401, TOKEN_REFUSED)
    assert_detail(api.me(token), 401, CREDENTIALS_REFUSED)
    assert_tf_error(tf.login_raw(username, PASSWORD), 401, "Invalid username or password")


def test_teamflow_task_creator_cannot_be_deleted_through_v1(api, tf, admin):
    token = tf.token()
    board_task = tf.create(token)
    assert_detail(api.delete(f"/users/{subject(token)}", token=admin.token), 409,
                  "User owns projects or tasks and cannot be deleted")
    assert board_task in tf.tasks(token)


def test_deactivated_teamflow_user_loses_both_faces(api, tf, module_server):
    username = unique("tf")
    token = tf.signup(username)["token"]
    assert api.me(token).status_code == 200 and tf.get("/api/tasks", token=token).ok
    deactivate(module_server, subject(token))
    assert_tf_error(once_committed(module_server, lambda: tf.get("/api/tasks", token=token), 401),
                    401, TOKEN_REFUSED)
    assert_detail(once_committed(module_server, lambda: api.me(token), 401), 401,
                  CREDENTIALS_REFUSED)
    assert_tf_error(tf.login_raw(username, PASSWORD), 401, "Invalid username or password")
