"""The v1 notifications WebSocket: handshake rules, ping/pong, several sockets per user, and the
close frame on shutdown (spec/flowtrack.md §4.3). Event delivery after HTTP changes is tested
with the work API in test_events.py."""

import asyncio
import json
import time

import jwt as pyjwt
import pytest
import websockets

from api.kpi.kpi_support import run_sql
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


# --- a socket lives only as long as its token ------------------------------------------------


async def close_after(url: str, limit: float) -> tuple[int, float]:
    """Waits (answering nothing) until the server closes the socket: its close code and how
    long that took."""
    async with websockets.connect(url, open_timeout=5) as ws:
        opened = time.monotonic()
        try:
            await asyncio.wait_for(ws.recv(), limit)
        except websockets.exceptions.ConnectionClosed as e:
            return e.code, time.monotonic() - opened
    raise AssertionError("a frame arrived instead of the close")


def test_a_socket_whose_token_is_revoked_is_closed_within_2s(module_server, member):
    """Revoked in the database by someone else (here: SQL, which only the instance's periodic
    revocation sync can see), the open socket still goes, with 1008."""
    url = ws_url(module_server, f"/ws/notifications/{member.id}?token={member.token}")
    jti = pyjwt.decode(member.token, options={"verify_signature": False})["jti"]
    now = int(time.time() * 1_000_000)

    async def revoke_then_wait():
        async def revoke_soon():
            await asyncio.sleep(0.3)
            await asyncio.to_thread(run_sql, module_server,
                                    "INSERT INTO revoked_tokens (jti, expires_at, revoked_at) "
                                    f"VALUES ('{jti}', {now + 3_600_000_000}, {now})")
            return time.monotonic()
        revoking = asyncio.ensure_future(revoke_soon())
        code, _ = await close_after(url, 5)
        return code, time.monotonic() - await revoking

    code, after_revoke = asyncio.run(revoke_then_wait())
    assert code == 1008
    assert after_revoke < 2.0


def test_a_socket_is_closed_within_5s_of_its_tokens_expiry(module_server, member, secret):
    now = int(time.time())
    token = forge(secret, member, now=now - 10, exp=now + 2)
    url = ws_url(module_server, f"/ws/notifications/{member.id}?token={token}")
    code, open_for = asyncio.run(close_after(url, 10))
    assert code == 1008
    # Open until exp (about 2 s from now) and closed within 5 s of it.
    assert 1.0 < open_for < 2 + 5


def test_a_socket_with_a_valid_token_stays_open(module_server, member):
    url = ws_url(module_server, f"/ws/notifications/{member.id}?token={member.token}")

    async def stays():
        async with websockets.connect(url, open_timeout=5) as ws:
            await asyncio.sleep(2.5)  # two validity sweeps
            await ws.send("ping")
            return json.loads(await asyncio.wait_for(ws.recv(), 5))

    assert asyncio.run(stays()) == {"type": "pong"}
