"""WebSocket catch-up (issue 11, "Catch-up"): /ws/notifications...&last_event_id=<id> (alias
`since`) first sends the user's events after that position, then the live ones, with no gap and
no duplicate. A position that is unknown, malformed or more than 1,000 of the user's events
behind gets one notifications_reset frame naming the user's current position, then live events.
Every frame is compared with GET /api/v1/notifications, the stored truth."""

import asyncio
import json
import threading

import pytest
import websockets

from api.support import unique
from api.v1.test_stored_events import page, position, since
from api.v1.work_fixtures import Work

QUIET = 0.4  # how long "nothing more arrives" is watched for
FRAME_WAIT = 5.0


def ws_url(server, user, **params) -> str:
    query = "".join(f"&{k}={v}" for k, v in params.items())
    return f"ws://127.0.0.1:{server.port}/ws/notifications/{user.id}?token={user.token}{query}"


async def receive(ws, count: int) -> list[dict]:
    return [json.loads(await asyncio.wait_for(ws.recv(), FRAME_WAIT)) for _ in range(count)]


async def nothing_more(ws) -> bool:
    try:
        extra = await asyncio.wait_for(ws.recv(), QUIET)
    except asyncio.TimeoutError:
        return True
    raise AssertionError(f"unexpected frame {extra}")


def reset_frame(last_event_id) -> dict:
    return {"event": "notifications_reset", "type": "notifications_reset",
            "last_event_id": last_event_id}


class Team:
    """An admin's project with erin as a member: every task created is one of erin's events."""

    def __init__(self, api, admin):
        self.api, self.admin, self.work = api, admin, Work(api)
        self.erin = api.register()
        self.project = self.work.project(admin, name=unique("CatchUp-"))
        self.work.add_member(admin, self.project, self.erin)

    def tasks(self, n: int) -> None:
        for _ in range(n):
            self.work.task(self.admin, self.project, title=unique("t-"))


@pytest.fixture
def team(api, admin):
    return Team(api, admin)


def connect_and(server, user, params: dict, then):
    """Opens the socket with `params`, runs `then(ws)` (a coroutine function), returns its
    result."""
    async def run():
        async with websockets.connect(ws_url(server, user, **params), open_timeout=5) as ws:
            return await then(ws)
    return asyncio.run(run())


@pytest.mark.parametrize("name", ["last_event_id", "since"])
def test_missed_events_come_first_then_live_ones(module_server, team, name):
    api, erin = team.api, team.erin
    team.tasks(1)
    seen = position(api, erin)
    team.tasks(3)
    missed = since(api, erin, seen)
    assert len(missed) == 3

    async def then(ws):
        replayed = await receive(ws, 3)
        await asyncio.to_thread(team.tasks, 1)
        live = await receive(ws, 1)
        await nothing_more(ws)
        return replayed, live

    replayed, live = connect_and(module_server, erin, {name: seen}, then)
    assert replayed == missed  # the same objects, key for key, in the same order
    assert live == since(api, erin, missed[-1]["id"])
    assert live[0]["event"] == "task_created"


def test_from_the_newest_position_nothing_is_replayed(module_server, team):
    team.tasks(2)
    newest = position(team.api, team.erin)

    async def then(ws):
        await nothing_more(ws)
        await asyncio.to_thread(team.tasks, 1)
        return await receive(ws, 1)

    live = connect_and(module_server, team.erin, {"last_event_id": newest}, then)
    assert live == since(team.api, team.erin, newest)


def test_zero_replays_every_kept_event(module_server, team):
    team.tasks(2)
    everything = since(team.api, team.erin, None)
    assert len(everything) == 2

    async def then(ws):
        frames = await receive(ws, 2)
        await nothing_more(ws)
        return frames

    assert connect_and(module_server, team.erin, {"last_event_id": "0"}, then) == everything


def test_without_a_position_nothing_is_replayed(module_server, team):
    async def watch(ws):
        # Once a socket has had them live, the events are behind the instance's live stream.
        await asyncio.to_thread(team.tasks, 2)
        return await receive(ws, 2)

    assert len(connect_and(module_server, team.erin, {}, watch)) == 2

    async def then(ws):
        return await nothing_more(ws)

    assert connect_and(module_server, team.erin, {}, then)
    assert connect_and(module_server, team.erin, {"last_event_id": ""}, then)


@pytest.mark.parametrize("sent", ["987654321", "abc", "-1", "99999999999999999999"])
def test_an_unknown_or_malformed_position_is_a_reset(module_server, team, sent):
    team.tasks(1)
    newest = position(team.api, team.erin)

    async def then(ws):
        first = await receive(ws, 1)
        await nothing_more(ws)
        await asyncio.to_thread(team.tasks, 1)
        return first, await receive(ws, 1)

    first, live = connect_and(module_server, team.erin, {"last_event_id": sent}, then)
    assert first == [reset_frame(newest)]
    assert live == since(team.api, team.erin, newest)


def test_a_reset_for_a_user_without_events_names_no_position(module_server, api):
    loner = api.register()

    async def then(ws):
        return await receive(ws, 1)

    assert connect_and(module_server, loner, {"since": "987654321"}, then) == [reset_frame(None)]


def test_a_thousand_missed_events_are_replayed_one_more_is_a_reset(module_server, team):
    team.tasks(1)
    seen = position(team.api, team.erin)
    team.tasks(1000)

    async def replay(ws):
        frames = await receive(ws, 1000)
        await nothing_more(ws)
        return frames

    frames = connect_and(module_server, team.erin, {"last_event_id": seen}, replay)
    assert frames == since(team.api, team.erin, seen)
    team.tasks(1)
    newest = position(team.api, team.erin)

    async def reset(ws):
        first = await receive(ws, 1)
        await nothing_more(ws)
        return first

    assert connect_and(module_server, team.erin, {"last_event_id": seen}, reset) == [
        reset_frame(newest)]


def test_another_users_position_replays_only_ones_own_events(module_server, team, api):
    """An event id is a place in the shared order: any user may start from it, and gets only
    their own events after it."""
    bob = api.register()
    team.tasks(1)
    admins_position = page(api, team.admin, limit=0)["last_event_id"]
    team.tasks(2)  # erin's and the admin's, never bob's

    async def then(ws):
        return await nothing_more(ws)

    assert connect_and(module_server, bob, {"last_event_id": admins_position}, then)
    frames = connect_and(module_server, team.erin, {"last_event_id": admins_position},
                         lambda ws: receive(ws, 2))
    assert frames == since(api, team.erin, admins_position)


def test_reconnecting_under_concurrent_writes_loses_and_repeats_nothing(module_server, team):
    """A writer creates tasks while erin's client keeps reconnecting with the last id it saw:
    what the sockets received, joined, is exactly the stored list, in order."""
    api, erin = team.api, team.erin
    team.tasks(1)
    start = position(api, erin)
    writes = 60
    done = threading.Event()

    def writer():
        try:
            team.tasks(writes)
        finally:
            done.set()

    received: list[dict] = []

    async def client():
        last = start
        while True:
            finished = done.is_set()
            async with websockets.connect(ws_url(module_server, erin, last_event_id=last),
                                          open_timeout=5) as ws:
                # A short visit: read what comes for a moment, then drop the connection.
                try:
                    while True:
                        frame = json.loads(await asyncio.wait_for(ws.recv(), 0.05))
                        received.append(frame)
                        last = frame["id"]
                except asyncio.TimeoutError:
                    pass
            if finished:
                return

    thread = threading.Thread(target=writer)
    thread.start()
    asyncio.run(client())
    thread.join()
    # The last visit began after the writer was done, but its events may have been read only
    # after it left: one more visit collects the rest.
    tail = connect_and(module_server, erin, {"last_event_id": received[-1]["id"] if received
                                             else start}, lambda ws: drain(ws))
    received += tail
    stored = since(api, erin, start)
    assert len(stored) == writes
    assert [f["id"] for f in received] == [e["id"] for e in stored]
    assert received == stored


async def drain(ws) -> list[dict]:
    frames = []
    try:
        while True:
            frames.append(json.loads(await asyncio.wait_for(ws.recv(), QUIET)))
    except asyncio.TimeoutError:
        return frames
