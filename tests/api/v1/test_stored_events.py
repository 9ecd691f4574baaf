"""Stored events (issue 11, "Events are stored, in the writing transaction"): every event of
spec/flowtrack.md §4.3 is written with the change it describes, for the recipients of that
moment, and GET /api/v1/notifications?after=<id>&limit=<n> reads a user's events back, each the
object its WebSocket frame carries (with its "id"). A change that rolls back leaves no event."""

import asyncio
import json

import pytest
import websockets

from api.kpi.kpi_support import run_sql
from api.support import V1, unique
from api.v1.work_fixtures import Work, ok

FRAME_WAIT = 3.0
TASK_CREATED_KEYS = ["event", "type", "task_id", "task_title", "project_id", "assigned_to",
                     "created_by", "timestamp", "id"]
TASK_MOVED_KEYS = ["event", "type", "task_id", "task_title", "project_id", "old_status",
                   "new_status", "moved_by", "timestamp", "id"]
PROJECT_KEYS = ["event", "type", "project_id", "project_name", "{actor}", "timestamp", "id"]


def page(api, user, **params) -> dict:
    body = ok(api.get("/notifications", token=user.token, params=params or None))
    assert list(body) == ["events", "last_event_id"], body
    return body


def position(api, user):
    """The user's current position (None before their first event)."""
    body = page(api, user, limit=0)
    assert body["events"] == []
    return body["last_event_id"]


def since(api, user, cursor) -> list[dict]:
    """Every event of the user after `cursor` (None: all kept), following the pages."""
    events = []
    while True:
        params = {"limit": 500}
        if cursor is not None:
            params["after"] = cursor
        body = page(api, user, **params)
        events += body["events"]
        if not body["events"]:
            return events
        cursor = body["last_event_id"]


class Cast:
    """An admin, two members of a project (alice, carol), an outsider (bob)."""

    def __init__(self, api, admin):
        self.api, self.admin, self.work = api, admin, Work(api)
        self.alice, self.bob, self.carol = api.register(), api.register(), api.register()
        self.project = self.work.project(admin, name=unique("Stored-"))
        self.work.add_member(admin, self.project, self.alice)
        self.work.add_member(admin, self.project, self.carol)

    def users(self):
        return [self.admin, self.alice, self.bob, self.carol]

    def positions(self) -> dict:
        return {u.id: position(self.api, u) for u in self.users()}

    def new_events(self, before: dict) -> dict:
        """Each user's events since `before` (positions()), by user id."""
        return {u.id: since(self.api, u, before[u.id]) for u in self.users()}


@pytest.fixture(scope="module")
def cast(api, admin):
    return Cast(api, admin)


def only_event(events: list[dict]) -> dict:
    assert len(events) == 1, events
    return events[0]


def assert_same_event_for(new: dict, users, name: str) -> dict:
    """The one new event of each of `users` is the same object, named `name`."""
    first = only_event(new[users[0].id])
    assert first["event"] == first["type"] == name, first
    assert isinstance(first["id"], str) and first["id"], first
    assert first["timestamp"].endswith("Z"), first
    for user in users[1:]:
        assert only_event(new[user.id]) == first
    return first


# --- each event, its recipients and its payload ----------------------------------------------


def test_task_events_are_stored_for_admins_actor_members_and_assignees(cast):
    api, work, admin, alice, bob, carol = (cast.api, cast.work, cast.admin, cast.alice, cast.bob,
                                           cast.carol)
    before = cast.positions()
    task = work.task(admin, cast.project, title="Build header", assigned_to=alice.id)
    new = cast.new_events(before)
    created = assert_same_event_for(new, [admin, alice, carol], "task_created")
    assert list(created) == TASK_CREATED_KEYS
    assert (created["task_id"], created["task_title"]) == (task["id"], "Build header")
    assert created["project_id"] == cast.project["id"]
    assert (created["assigned_to"], created["created_by"]) == (alice.id, admin.id)
    assert new[bob.id] == []

    before = cast.positions()
    work.move(alice, task, "in_progress")
    new = cast.new_events(before)
    moved = assert_same_event_for(new, [admin, alice, carol], "task_moved")
    assert list(moved) == TASK_MOVED_KEYS
    assert (moved["old_status"], moved["new_status"], moved["moved_by"]) == (
        "todo", "in_progress", alice.id)
    assert new[bob.id] == []

    before = cast.positions()
    ok(api.put(f"/tasks/{task['id']}", token=admin.token,
               json={"assigned_to": carol.id, "status": "done"}))
    new = cast.new_events(before)
    updated = assert_same_event_for(new, [admin, alice, carol], "task_updated")
    assert updated["updated_by"] == admin.id
    assert updated["status_changed"] == {"old": "in_progress", "new": "done"}
    assert new[bob.id] == []

    before = cast.positions()
    ok(api.put(f"/tasks/{task['id']}", token=admin.token, json={"title": "Renamed"}))
    updated = assert_same_event_for(cast.new_events(before), [admin, alice, carol],
                                    "task_updated")
    assert "status_changed" not in updated and updated["task_title"] == "Renamed"

    before = cast.positions()
    ok(api.delete(f"/tasks/{task['id']}", token=carol.token), 204)
    new = cast.new_events(before)
    deleted = assert_same_event_for(new, [admin, alice, carol], "task_deleted")
    assert (deleted["task_id"], deleted["deleted_by"]) == (task["id"], carol.id)
    assert new[bob.id] == []


def test_recipients_are_fixed_when_the_event_is_written(cast):
    """A former member keeps the events of their time in the project and gets no later ones;
    an assignee who left the project still hears about their task (assignee before)."""
    api, work, admin, carol = cast.api, cast.work, cast.admin, cast.carol
    dave = api.register()
    project = work.project(admin)
    work.add_member(admin, project, dave)
    work.add_member(admin, project, carol)
    start = position(api, dave)
    task = work.task(admin, project, assigned_to=dave.id)
    work.remove_member(admin, project, dave)
    ok(api.put(f"/tasks/{task['id']}", token=admin.token, json={"assigned_to": carol.id}))
    ok(api.put(f"/tasks/{task['id']}", token=admin.token, json={"title": "later"}))
    events = since(api, dave, start)
    assert [e["event"] for e in events] == ["task_created", "task_updated"], events
    assert events[1]["task_title"] != "later"


def test_project_events_are_stored_for_their_recipients(cast):
    api, work, admin, alice, bob = cast.api, cast.work, cast.admin, cast.alice, cast.bob
    before = cast.positions()
    project = work.project(admin, name="Fresh")
    new = cast.new_events(before)
    created = only_event(new[admin.id])
    assert list(created) == [k.format(actor="created_by") for k in PROJECT_KEYS]
    assert (created["event"], created["project_id"], created["project_name"],
            created["created_by"]) == ("project_created", project["id"], "Fresh", admin.id)
    assert new[alice.id] == new[bob.id] == []  # created: admins and the actor only

    work.add_member(admin, project, alice)
    before = cast.positions()
    ok(api.put(f"/projects/{project['id']}", token=alice.token, json={"name": "Fresher"}))
    new = cast.new_events(before)
    updated = assert_same_event_for(new, [admin, alice], "project_updated")
    assert list(updated) == [k.format(actor="updated_by") for k in PROJECT_KEYS]
    assert (updated["project_name"], updated["updated_by"]) == ("Fresher", alice.id)
    assert new[bob.id] == []

    before = cast.positions()
    ok(api.delete(f"/projects/{project['id']}", token=admin.token), 204)
    new = cast.new_events(before)
    # Deleted: the members as they were just before, although their memberships are gone.
    deleted = assert_same_event_for(new, [admin, alice], "project_deleted")
    assert list(deleted) == [k.format(actor="deleted_by") for k in PROJECT_KEYS]
    assert (deleted["project_id"], deleted["project_name"]) == (project["id"], "Fresher")
    assert new[bob.id] == []


def test_outsiders_and_denied_requests_store_nothing(cast):
    api, work, admin, alice, bob = cast.api, cast.work, cast.admin, cast.alice, cast.bob
    task = work.task(admin, cast.project, assigned_to=alice.id)
    before = cast.positions()
    resp = api.request("PATCH", f"/tasks/{task['id']}/move", token=bob.token,
                       json={"new_status": "done"})
    assert resp.status_code == 404
    resp = api.post("/projects/", token=alice.token, json={"name": "not an admin"})
    assert resp.status_code == 403
    assert cast.new_events(before) == {u.id: [] for u in cast.users()}
    # bob has never been concerned by anything: nothing at all is kept for him.
    assert page(api, bob) == {"events": [], "last_event_id": None}
    assert position(api, bob) is None


# --- paging -------------------------------------------------------------------------------


def test_pages_follow_after_and_limit(api, admin):
    work = Work(api)
    erin = api.register()
    project = work.project(admin)
    work.add_member(admin, project, erin)
    titles = [unique("page-") for _ in range(5)]
    for title in titles:
        work.task(admin, project, title=title)
    everything = page(api, erin)["events"]
    assert [e["task_title"] for e in everything] == titles
    assert len({e["id"] for e in everything}) == 5

    first = page(api, erin, limit=2)
    assert first["events"] == everything[:2]
    assert first["last_event_id"] == everything[1]["id"]
    second = page(api, erin, after=first["last_event_id"], limit=2)
    assert second["events"] == everything[2:4]
    third = page(api, erin, after=second["last_event_id"], limit=2)
    assert third == {"events": everything[4:], "last_event_id": everything[4]["id"]}
    # Past the newest: nothing, and the cursor stays where it was.
    assert page(api, erin, after=third["last_event_id"]) == {
        "events": [], "last_event_id": everything[4]["id"]}
    # after=0 is before every event.
    assert page(api, erin, after="0", limit=1)["events"] == everything[:1]
    # limit=0: no events and the current position, whatever `after` says.
    assert page(api, erin, limit=0) == {"events": [], "last_event_id": everything[4]["id"]}
    assert page(api, erin, limit=0, after=everything[0]["id"])["last_event_id"] == \
        everything[4]["id"]
    # Another user's event id is a position in the same order.
    other = work.project(admin)
    admins_only = page(api, admin, limit=0)["last_event_id"]
    assert page(api, erin, after=admins_only)["events"] == []
    assert other["id"] not in json.dumps(page(api, erin))
    # The default limit is 100, the maximum 500.
    for _ in range(101 - 5):
        work.task(admin, project)
    assert len(page(api, erin)["events"]) == 100
    assert len(page(api, erin, limit=500)["events"]) == 101


def error_locs(resp) -> list:
    assert resp.status_code == 422, resp.text
    return [(item["type"], item["loc"]) for item in resp.json()["detail"]]


@pytest.mark.parametrize("params, expected", [
    ({"limit": "-1"}, [("greater_than_equal", ["query", "limit"])]),
    ({"limit": "501"}, [("less_than_equal", ["query", "limit"])]),
    ({"limit": "ten"}, [("int_parsing", ["query", "limit"])]),
    ({"after": "abc"}, [("string_pattern_mismatch", ["query", "after"])]),
    ({"after": "-1"}, [("string_pattern_mismatch", ["query", "after"])]),
    ({"after": "1.5"}, [("string_pattern_mismatch", ["query", "after"])]),
    ({"after": "x", "limit": "0.5"}, [("string_pattern_mismatch", ["query", "after"]),
                                      ("int_parsing", ["query", "limit"])]),
    # Well formed but not a kept event: never written, or past int64.
    ({"after": "987654321"}, [("value_error", ["query", "after"])]),
    ({"after": "99999999999999999999"}, [("value_error", ["query", "after"])]),
])
def test_malformed_or_unknown_parameters_are_422(api, admin, params, expected):
    resp = api.get("/notifications", token=admin.token, params=params)
    assert error_locs(resp) == expected
    assert all(item["input"] == params[item["loc"][1]] for item in resp.json()["detail"])


def test_the_route_needs_an_access_token(api):
    resp = api.get("/notifications")
    assert resp.status_code == 403 and resp.json() == {"detail": "Not authenticated"}
    resp = api.get("/notifications", token="not.a.token")
    assert resp.status_code in (401, 403), resp.text


def test_openapi_lists_the_route(api):
    paths = ok(api.get(api.base + "/openapi.json"))["paths"]
    get = paths["/api/v1/notifications"]["get"]
    assert {p["name"] for p in get["parameters"]} >= {"after", "limit"}


# --- the WebSocket frame and the stored event --------------------------------------------


async def frame_after(server, user, action) -> dict:
    url = f"ws://127.0.0.1:{server.port}/ws/notifications/{user.id}?token={user.token}"
    async with websockets.connect(url) as ws:
        action()
        return json.loads(await asyncio.wait_for(ws.recv(), FRAME_WAIT))


def test_the_frame_carries_the_stored_events_id(module_server, cast):
    api, work, admin, alice = cast.api, cast.work, cast.admin, cast.alice
    start = position(api, alice)
    frame = asyncio.run(frame_after(module_server, alice,
                                    lambda: work.task(admin, cast.project, assigned_to=alice.id)))
    stored = only_event(since(api, alice, start))
    assert frame == stored
    assert frame["id"] == stored["id"] and frame["event"] == "task_created"
    assert list(frame) == TASK_CREATED_KEYS


# --- one transaction -----------------------------------------------------------------------


def refuse_event_recipient(server, user_uuid: str):
    """Makes the database refuse to store an event for `user_uuid`: the event row is written,
    then its recipients' insert fails, inside the change's transaction."""
    if server.database.startswith("sqlite"):
        run_sql(server, "CREATE TRIGGER refuse_recipient BEFORE INSERT ON event_recipients "
                        f"WHEN NEW.user_uuid = '{user_uuid}' "
                        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
    else:
        run_sql(server, "CREATE FUNCTION refuse_recipient() RETURNS trigger LANGUAGE plpgsql "
                        "AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$")
        run_sql(server, "CREATE TRIGGER refuse_recipient BEFORE INSERT ON event_recipients "
                        f"FOR EACH ROW WHEN (NEW.user_uuid = '{user_uuid}') "
                        "EXECUTE FUNCTION refuse_recipient()")


def allow_event_recipients(server):
    if server.database.startswith("sqlite"):
        run_sql(server, "DROP TRIGGER refuse_recipient")
    else:
        run_sql(server, "DROP TRIGGER refuse_recipient ON event_recipients")
        run_sql(server, "DROP FUNCTION refuse_recipient()")


def stored_count(server, text: str) -> int:
    sql = f"SELECT count(*) FROM events WHERE CAST(payload AS TEXT) LIKE '%{text}%'"
    return int(run_sql(server, sql)[0][0])


def test_a_change_whose_event_cannot_be_stored_rolls_back_whole(start_server):
    srv = start_server()
    api = V1(srv)
    work = Work(api)
    admin, frank = api.register(), api.register()
    project = work.project(admin)
    work.add_member(admin, project, frank)
    before = position(api, admin)
    title = unique("doomed-")
    refuse_event_recipient(srv, frank.id)
    try:
        resp = api.post("/tasks/", token=admin.token,
                        json={"title": title, "project_id": project["id"]})
        assert resp.status_code == 500, resp.text
        resp = api.delete(f"/projects/{project['id']}", token=admin.token)
        assert resp.status_code == 500, resp.text
    finally:
        allow_event_recipients(srv)
    # Neither the changes nor their events exist: the task is not there, the project is.
    assert [t for t in ok(api.get("/tasks/", token=admin.token)) if t["title"] == title] == []
    ok(api.get(f"/projects/{project['id']}", token=admin.token))
    assert stored_count(srv, title) == 0
    assert since(api, admin, before) == []
    # The same change once the recipient is accepted again: the change and its event.
    task = work.task(admin, project, title=title)
    event = only_event(since(api, admin, before))
    assert (event["event"], event["task_id"]) == ("task_created", task["id"])
    assert stored_count(srv, title) == 1


# --- retention -----------------------------------------------------------------------------


def test_expired_events_are_deleted_with_their_recipients(start_server):
    first = start_server(TANDEM_EVENT_RETENTION_DAYS="2")
    api = V1(first)
    work = Work(api)
    admin = api.register()
    old = work.project(admin, name="old")
    old_id = page(api, admin)["last_event_id"]
    day = 86_400 * 1_000_000
    run_sql(first, f"UPDATE events SET created_at = created_at - 3 * {day} WHERE id = {old_id}")
    work.project(admin, name="recent")
    first.stop()
    # A start sweeps at once.
    second = start_server(database=first.database, env=first.env)
    api = V1(second)
    for _ in range(100):
        names = [e["project_name"] for e in page(api, admin)["events"]]
        if names == ["recent"]:
            break
        asyncio.run(asyncio.sleep(0.05))
    assert names == ["recent"]
    assert old["id"] not in json.dumps(page(api, admin))
    left = run_sql(second, f"SELECT count(*) FROM event_recipients WHERE event_id = {old_id}")
    assert int(left[0][0]) == 0
    # Its id is no position any more.
    resp = api.get("/notifications", token=admin.token, params={"after": old_id})
    assert error_locs(resp) == [("value_error", ["query", "after"])]
    assert "event retention: deleted 1 events" in second.log()
