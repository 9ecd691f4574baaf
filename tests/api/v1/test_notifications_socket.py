"""The v1 notifications WebSocket: handshake rules, ping/pong, several sockets per user, and the
close frame on shutdown (spec/flowtrack.md §4.3). Event delivery after HTTP changes is tested
with the work API in test_events.py."""

import asyncio
import json

import pytest
import websockets

from api.support import forge


def ws_url(server, path: str) -> str:
    return f"ws://127.0.0.1:{server.port}{path}"


async def handshake_status(url: str) -> int:
    """101 when the socket opens, otherwise the HTTP status of the refusal."""
    try:
        async with websockets.connect(url, open_timeout=5):
            return 101
    except websockets.exceptions.InvalidStatusCode as e:
        return e.status_code


def status(url: str) -> int:
    return asyncio.run(handshake_status(url))


def test_valid_token_with_matching_path_user_opens(module_server, member):
    url = ws_url(module_server, f"/ws/notifications/{member.id}?token={member.token}")
    assert status(url) == 101


def test_query_forms_open(module_server, member):
    assert status(ws_url(module_server,
                         f"/ws/notifications?user_id={member.id}&token={member.token}")) == 101
    assert status(ws_url(module_server, f"/ws/notifications?token={member.token}")) == 101


def test_uppercase_uuid_in_path_is_the_same_user(module_server, member):
    url = ws_url(module_server, f"/ws/notifications/{member.id.upper()}?token={member.token}")
    assert status(url) == 101


def test_missing_token_is_refused_403(module_server, member):
    assert status(ws_url(module_server, f"/ws/notifications/{member.id}")) == 403


def test_another_users_id_is_refused_403(module_server, member, admin):
    url = ws_url(module_server, f"/ws/notifications/{admin.id}?token={member.token}")
    assert status(url) == 403


@pytest.mark.parametrize("token_kind", ["garbage", "expired", "refresh", "wrong_key"])
def test_bad_tokens_are_refused_403(module_server, member, secret, token_kind):
    token = {
        "garbage": "not.a.token",
        "expired": forge(secret, member, iat=1_000_000, exp=1_000_100),
        "refresh": member.refresh,
        "wrong_key": forge("another-secret", member),
    }[token_kind]
    assert status(ws_url(module_server, f"/ws/notifications/{member.id}?token={token}")) == 403


def test_deleted_user_is_refused(module_server, api, admin):
    doomed = api.register()
    assert api.delete(f"/users/{doomed.id}", token=admin.token).status_code == 204
    url = ws_url(module_server, f"/ws/notifications/{doomed.id}?token={doomed.token}")
    assert status(url) == 403


def test_anonymous_mode_trusts_the_path_user(start_server):
    srv = start_server(TANDEM_V1_WS_ALLOW_ANONYMOUS="1")
    assert status(ws_url(srv, "/ws/notifications/3f2c8a1e-0000-4000-8000-00000000000a")) == 101
    # Without a user id there is nobody to deliver to.
    assert status(ws_url(srv, "/ws/notifications")) == 403


def test_unknown_websocket_path_is_not_upgraded(module_server, member):
    assert status(ws_url(module_server, f"/ws/other?token={member.token}")) == 404


async def ping_pong(url: str) -> list:
    async with websockets.connect(url, open_timeout=5) as ws:
        await ws.send("ping")
        first = json.loads(await asyncio.wait_for(ws.recv(), 5))
        await ws.send('{"type": "ping"}')
        second = json.loads(await asyncio.wait_for(ws.recv(), 5))
        await ws.send("hello, ignored")
        await ws.send("ping")
        third = json.loads(await asyncio.wait_for(ws.recv(), 5))
        return [first, second, third]


def test_ping_is_answered_with_pong_and_other_frames_ignored(module_server, member):
    url = ws_url(module_server, f"/ws/notifications/{member.id}?token={member.token}")
    assert asyncio.run(ping_pong(url)) == [{"type": "pong"}] * 3


async def nothing_arrives_after_accept(url: str) -> bool:
    async with websockets.connect(url, open_timeout=5) as ws:
        try:
            await asyncio.wait_for(ws.recv(), 0.5)
        except asyncio.TimeoutError:
            return True
    return False


def test_server_sends_nothing_until_an_event(module_server, member):
    url = ws_url(module_server, f"/ws/notifications/{member.id}?token={member.token}")
    assert asyncio.run(nothing_arrives_after_accept(url))


async def two_sockets_then_shutdown(url: str, server) -> list:
    async with websockets.connect(url, open_timeout=5) as a, \
            websockets.connect(url, open_timeout=5) as b:
        for ws in (a, b):
            await ws.send("ping")
            assert json.loads(await asyncio.wait_for(ws.recv(), 5)) == {"type": "pong"}
        server.send_signal(__import__("signal").SIGTERM)
        codes = []
        for ws in (a, b):
            try:
                await asyncio.wait_for(ws.recv(), 5)
            except websockets.exceptions.ConnectionClosed as e:
                codes.append(e.code)
        return codes


def test_several_sockets_per_user_and_close_frame_on_shutdown(start_server):
    srv = start_server()
    from api.support import V1
    api = V1(srv)
    user = api.register()
    codes = asyncio.run(two_sockets_then_shutdown(
        ws_url(srv, f"/ws/notifications/{user.id}?token={user.token}"), srv))
    assert codes == [1001, 1001]  # going away, from a close frame
    assert srv.wait_exit(10) == 0
