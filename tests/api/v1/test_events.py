"""Domain events reach the right WebSockets after each HTTP change (spec/flowtrack.md §4.3):
recipients are admins, the actor, project members and the task's assignee before and after;
outsiders get nothing; denied requests publish nothing; a slow reader is disconnected."""

import asyncio
import base64
import json
import os
import socket
import time

import pytest
import websockets

from api.support import V1
from api.v1.work_fixtures import Work

FRAME_WAIT = 3.0
SILENCE = 0.4


def ws_url(server, user) -> str:
    return f"ws://127.0.0.1:{server.port}/ws/notifications/{user.id}?token={user.token}"


async def next_frame(ws) -> dict:
    return json.loads(await asyncio.wait_for(ws.recv(), FRAME_WAIT))


async def assert_silent(ws):
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(ws.recv(), SILENCE)


@pytest.fixture(scope="module")
def cast(api, admin):
    """An admin, two project members (alice, carol), an outsider (bob) and a project."""
    work = Work(api)
    alice, bob, carol = api.register(), api.register(), api.register()
    project = work.project(admin, name="Events project")
    work.add_member(admin, project, alice)
    work.add_member(admin, project, carol)
    return {"work": work, "admin": admin, "alice": alice, "bob": bob, "carol": carol,
            "project": project}


async def scenario_task_lifecycle(server, c):
    work, admin, alice, bob, carol, project = (c["work"], c["admin"], c["alice"], c["bob"],
                                               c["carol"], c["project"])
    async with websockets.connect(ws_url(server, admin)) as ws_admin, \
            websockets.connect(ws_url(server, alice)) as ws_alice, \
            websockets.connect(ws_url(server, bob)) as ws_bob:
        task = work.task(admin, project, title="Build header", assigned_to=alice.id)
        for ws in (ws_admin, ws_alice):
            frame = await next_frame(ws)
            assert frame["event"] == frame["type"] == "task_created"
            assert frame["task_id"] == task["id"] and frame["task_title"] == "Build header"
            assert frame["project_id"] == project["id"]
            assert frame["assigned_to"] == alice.id and frame["created_by"] == admin.id
            assert frame["timestamp"].endswith("Z")
        await assert_silent(ws_bob)

        work.move(alice, task, "in_progress")
        for ws in (ws_admin, ws_alice):
            frame = await next_frame(ws)
            assert frame["event"] == frame["type"] == "task_moved"
            assert (frame["old_status"], frame["new_status"]) == ("todo", "in_progress")
            assert frame["moved_by"] == alice.id and frame["task_id"] == task["id"]
        await assert_silent(ws_bob)

        # A denied move (bob is neither admin nor assignee) publishes nothing.
        resp = work.api.request("PATCH", f"/tasks/{task['id']}/move", token=bob.token,
                                json={"new_status": "done"})
        assert resp.status_code == 404
        for ws in (ws_admin, ws_alice, ws_bob):
            await assert_silent(ws)
        return task


def test_task_events_reach_admins_actor_and_assignee_only(module_server, cast):
    asyncio.run(scenario_task_lifecycle(module_server, cast))


async def scenario_reassignment(server, c):
    work, admin, alice, carol, project = (c["work"], c["admin"], c["alice"], c["carol"],
                                          c["project"])
    task = work.task(admin, project, assigned_to=alice.id)
    async with websockets.connect(ws_url(server, alice)) as ws_alice, \
            websockets.connect(ws_url(server, carol)) as ws_carol:
        resp = work.api.put(f"/tasks/{task['id']}", token=admin.token,
                            json={"assigned_to": carol.id, "status": "done"})
        assert resp.status_code == 200, resp.text
        for ws in (ws_alice, ws_carol):  # assignee before and after, both members too
            frame = await next_frame(ws)
            assert frame["event"] == "task_updated"
            assert frame["updated_by"] == admin.id
            assert frame["status_changed"] == {"old": "todo", "new": "done"}


def test_task_update_reaches_old_and_new_assignee(module_server, cast):
    asyncio.run(scenario_reassignment(module_server, cast))


async def scenario_projects(server, c):
    work, admin, alice, bob = c["work"], c["admin"], c["alice"], c["bob"]
    async with websockets.connect(ws_url(server, admin)) as ws_admin, \
            websockets.connect(ws_url(server, alice)) as ws_alice:
        project = work.project(admin, name="Fresh")
        frame = await next_frame(ws_admin)
        assert frame["event"] == "project_created" and frame["project_name"] == "Fresh"
        await assert_silent(ws_alice)  # created: admins and the actor only

        work.add_member(admin, project, alice)
        await assert_silent(ws_alice)  # membership changes emit nothing required

        resp = work.api.delete(f"/projects/{project['id']}", token=admin.token)
        assert resp.status_code == 204
        for ws in (ws_admin, ws_alice):  # deleted: the members as they were before
            frame = await next_frame(ws)
            # An optional member_added frame may come first; skip it.
            while frame["event"] != "project_deleted":
                frame = await next_frame(ws)
            assert frame["project_id"] == project["id"] and frame["deleted_by"] == admin.id
            assert frame["project_name"] == "Fresh"


def test_project_events_follow_the_recipient_rules(module_server, cast):
    asyncio.run(scenario_projects(module_server, cast))


async def scenario_several_sockets(server, c):
    work, admin, alice, project = c["work"], c["admin"], c["alice"], c["project"]
    async with websockets.connect(ws_url(server, alice)) as one, \
            websockets.connect(ws_url(server, alice)) as two:
        work.task(admin, project, assigned_to=alice.id)
        first, second = await next_frame(one), await next_frame(two)
        assert first == second and first["event"] == "task_created"


def test_every_socket_of_a_user_gets_the_frame(module_server, cast):
    asyncio.run(scenario_several_sockets(module_server, cast))


def raw_websocket(port: int, path: str) -> socket.socket:
    """A handshake by hand on a socket with a tiny receive buffer that is then never read."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
               f"Sec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += s.recv(1)
    assert head.startswith(b"HTTP/1.1 101"), head
    return s


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_slow_reader_is_disconnected_without_memory_growth(start_server):
    # Under AddressSanitizer freed memory sits in a 256 MB quarantine, which RSS would count as
    # growth; a small quarantine keeps the measurement about the server's own memory.
    asan = os.environ.get("ASAN_OPTIONS", "")
    srv = start_server(TANDEM_WS_MAX_QUEUE="16",
                       ASAN_OPTIONS=(asan + ":" if asan else "") + "quarantine_size_mb=1")
    api = V1(srv)
    work = Work(api)
    admin = api.register()
    project = work.project(admin)
    # Admins receive every event; a long title makes each frame ~20 KB.
    task = work.task(admin, project, title="t" * 20000)
    slow = raw_websocket(srv.port, f"/ws/notifications/{admin.id}?token={admin.token}")
    before = rss_kib(srv.proc.pid)
    statuses = ["in_progress", "done", "todo"]
    for i in range(400):
        work.move(admin, task, statuses[i % 3])
    after = rss_kib(srv.proc.pid)
    assert after - before < 30 * 1024, (before, after)
    assert "too slow" in srv.log()
    # The server closed its end: after the buffered bytes, the socket reports EOF or a reset.
    slow.settimeout(5)
    closed = False
    try:
        while True:
            if not slow.recv(65536):
                closed = True
                break
    except (ConnectionResetError, BrokenPipeError):
        closed = True
    finally:
        slow.close()
    assert closed
    # Everyone else is unaffected: a fresh socket gets the next event.
    async def fresh():
        async with websockets.connect(ws_url(srv, admin)) as ws:
            work.move(admin, task, "done")
            frame = await next_frame(ws)
            assert frame["event"] == "task_moved"
    asyncio.run(fresh())
