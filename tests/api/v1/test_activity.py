"""Activity log rows (spec/flowtrack.md §1.4 action strings), read back through the admin
dashboard's notifications (newest first), the only API that exposes them."""

import uuid

from api.support import assert_error
from api.v1.work_fixtures import ok, work  # noqa: F401


def _latest(work, admin, count=1):
    return [(n["user_id"], n["action"]) for n in work.notifications(admin)[:count]]


def test_every_change_writes_its_action(api, admin, work):
    alice = api.register()
    project = work.project(admin, name="Rocket")
    assert _latest(work, admin) == [(admin.id, "created project: Rocket")]
    ok(api.put(f"/projects/{project['id']}", token=admin.token, json={"name": "Rocket 2"}))
    assert _latest(work, admin) == [(admin.id, "updated project: Rocket 2")]
    work.add_member(admin, project, alice)
    assert _latest(work, admin) == [(admin.id, f"added member {alice.email} to project: Rocket 2")]

    task = work.task(alice, project, title="Fuel", assigned_to=alice.id)
    assert _latest(work, admin) == [(alice.id, "created task: Fuel")]
    ok(api.put(f"/tasks/{task['id']}", token=alice.token, json={"title": "Fuel up"}))
    assert _latest(work, admin) == [(alice.id, "updated task: Fuel up")]
    work.move(alice, task, "done")
    assert _latest(work, admin) == [(alice.id, "moved task 'Fuel up' from todo to done")]
    assert api.delete(f"/tasks/{task['id']}", token=alice.token).status_code == 204
    assert _latest(work, admin) == [(alice.id, "deleted task: Fuel up")]

    work.remove_member(admin, project, alice)
    assert _latest(work, admin) == [
        (admin.id, f"removed member {alice.email} from project: Rocket 2")]
    assert api.delete(f"/projects/{project['id']}", token=admin.token).status_code == 204
    assert _latest(work, admin) == [(admin.id, "deleted project: Rocket 2")]


def test_failed_and_repeated_requests_write_nothing(api, admin, work):
    project = work.project(admin)
    bob = api.register()
    before = work.notifications(admin)
    assert_error(api.put(f"/projects/{project['id']}", token=bob.token, json={"name": "x"}), 403,
                 "You are not authorized to update this project")
    assert api.put(f"/projects/{project['id']}", token=admin.token,
                   json={"name": None}).status_code == 422
    assert_error(api.delete(f"/projects/{uuid.uuid4()}", token=admin.token), 404,
                 "Project not found")
    assert api.delete(f"/projects/{project['id']}/members/{bob.id}",
                      token=admin.token).status_code == 204  # not a member: no change
    assert work.notifications(admin) == before


def test_deleting_a_user_removes_their_activity(api, admin, work):
    project = work.project(admin)
    carol = api.register()
    work.add_member(admin, project, carol)
    task = work.task(admin, project, assigned_to=carol.id)
    work.move(carol, task, "done")
    assert _latest(work, admin)[0][0] == carol.id
    assert api.delete(f"/users/{carol.id}", token=admin.token).status_code == 204
    assert all(n["user_id"] != carol.id for n in work.notifications(admin))
