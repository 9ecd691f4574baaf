#!/usr/bin/python3
"""WebSocket clients of bench/soak.sh (standard library + python3-websockets).

  soak_ws.py --port P --members members.json --clients 100 --reconnecting 20
             --reconnect-seconds 10 --ready FILE --report FILE

Keeps one socket per member open on /ws/notifications/{user_id}?token=... (spec/flowtrack.md
§4.3). The first --reconnecting clients close their socket and open a new one every
--reconnect-seconds (staggered); the others stay connected from start to end ("steady"). Every
member is in the project the load writes tasks to, so every task event reaches every socket.

Writes FILE (--ready) once every client is connected. On SIGTERM or SIGINT it waits until no
frame has arrived for a second (at most 10 s: frames of the last writes still in flight), closes
every socket with a close frame, and writes the report (--report, JSON):
  connects, planned_reconnects, handshake_failures, unexpected_disconnects (closes the client did
  not ask for, with their codes), task_frames (task_* events), other_frames, bad_frames (not a
  JSON object with an "event"), steady_task_frames (min and max over the steady clients: each of
  them should have every task event the load made).
"""

import argparse
import asyncio
import json
import random
import signal
import sys
import time

import websockets

TASK_EVENTS = {"task_created", "task_updated", "task_moved", "task_deleted"}


class State:
    def __init__(self, clients):
        self.connects = 0
        self.planned_reconnects = 0
        self.handshake_failures = 0
        self.handshake_examples = []
        self.unexpected = 0
        self.unexpected_examples = []
        self.task_frames = [0] * clients
        self.other_frames = 0
        self.bad_frames = 0
        self.last_frame = time.monotonic()
        self.draining = False  # the load has stopped: no more planned reconnects
        self.closing = False  # we are closing every socket: a close is no longer unexpected
        self.sockets = {}


def count_frame(state, i, message):
    state.last_frame = time.monotonic()
    try:
        event = json.loads(message).get("event")
    except (ValueError, AttributeError):
        state.bad_frames += 1
        return
    if event in TASK_EVENTS:
        state.task_frames[i] += 1
    elif event:
        state.other_frames += 1
    else:
        state.bad_frames += 1


async def run_client(i, args, member, state, connected):
    url = (f"ws://127.0.0.1:{args.port}/ws/notifications/{member['id']}"
           f"?token={member['token']}")
    reconnecting = i < args.reconnecting
    first = True
    while not state.closing:
        try:
            ws = await websockets.connect(url, max_queue=None, open_timeout=30,
                                          close_timeout=10)
        except Exception as e:  # noqa: BLE001 - every failed handshake is counted, none ends the run
            state.handshake_failures += 1
            if len(state.handshake_examples) < 5:
                state.handshake_examples.append(f"client {i}: {type(e).__name__}: {e}")
            await asyncio.sleep(0.5)
            continue
        state.connects += 1
        state.sockets[i] = ws
        if first:
            first = False
            connected.release()
        if state.closing:
            await ws.close()
            return
        # The first lifetime of a reconnecting client is a random share of the interval, so
        # that reconnects are spread out rather than all at once.
        lifetime = args.reconnect_seconds * (random.random() if state.connects <= args.clients
                                             else 1.0)
        deadline = time.monotonic() + lifetime if reconnecting else None
        try:
            while True:
                if deadline is not None and not state.draining:
                    try:
                        message = await asyncio.wait_for(
                            ws.recv(), max(0.0, deadline - time.monotonic()))
                    except asyncio.TimeoutError:
                        break  # this client's turn to reconnect
                else:
                    message = await ws.recv()
                count_frame(state, i, message)
        except websockets.ConnectionClosed as e:
            if state.closing:
                return
            state.unexpected += 1
            if len(state.unexpected_examples) < 5:
                state.unexpected_examples.append(
                    f"client {i}: closed by the server, code {e.code}, reason {e.reason!r}")
            continue
        state.planned_reconnects += 1
        await ws.close()


async def main(args):
    members = json.load(open(args.members, encoding="ascii"))[: args.clients]
    if len(members) < args.clients:
        sys.exit(f"soak_ws.py: only {len(members)} members in {args.members}")
    state = State(len(members))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    connected = asyncio.Semaphore(0)
    clients = [asyncio.create_task(run_client(i, args, m, state, connected))
               for i, m in enumerate(members)]
    for _ in members:
        await connected.acquire()
    with open(args.ready, "w", encoding="ascii") as f:
        f.write("ready\n")
    await stop.wait()
    # The stop signal comes when the load has stopped; frames of its last writes may still be
    # on their way. Closing only after a quiet second keeps them from being lost.
    state.draining = True
    give_up = time.monotonic() + 10
    while time.monotonic() - state.last_frame < 1.0 and time.monotonic() < give_up:
        await asyncio.sleep(0.1)
    state.closing = True
    await asyncio.gather(*(ws.close() for ws in state.sockets.values()))
    await asyncio.gather(*clients)
    steady = state.task_frames[args.reconnecting:]
    report = {
        "clients": len(members),
        "reconnecting_clients": min(args.reconnecting, len(members)),
        "connects": state.connects,
        "planned_reconnects": state.planned_reconnects,
        "handshake_failures": state.handshake_failures,
        "handshake_examples": state.handshake_examples,
        "unexpected_disconnects": state.unexpected,
        "unexpected_examples": state.unexpected_examples,
        "task_frames": sum(state.task_frames),
        "other_frames": state.other_frames,
        "bad_frames": state.bad_frames,
        "steady_task_frames_min": min(steady) if steady else None,
        "steady_task_frames_max": max(steady) if steady else None,
    }
    with open(args.report, "w", encoding="ascii") as f:
        json.dump(report, f)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--members", required=True)
    p.add_argument("--clients", type=int, default=100)
    p.add_argument("--reconnecting", type=int, default=20)
    p.add_argument("--reconnect-seconds", type=float, default=10.0)
    p.add_argument("--ready", required=True)
    p.add_argument("--report", required=True)
    asyncio.run(main(p.parse_args()))
