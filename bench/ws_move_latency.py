#!/usr/bin/python3
"""Latency from a PATCH /api/v1/tasks/{id}/move response to its task_moved frame on every one of
N connected WebSocket clients (bench/ws.sh drives it; stdlib + python3-websockets only).

Each client is a distinct project member, so every move fans out to N sockets. Moves are sent
one after another on one keep-alive HTTP connection; for each move the time from the HTTP
response to each socket's frame is one sample (a frame that beats the response counts as 0).
Prints one JSON object: samples, p50_ms, p99_ms, max_ms, moves_per_s, errors.
"""

import argparse
import asyncio
import json
import statistics
import sys
import time

import websockets


async def http_request(reader, writer, method, path, token, body=None) -> tuple[int, bytes]:
    """One request on a keep-alive connection: its status and body."""
    payload = json.dumps(body).encode() if body is not None else b""
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n")
    writer.write(head.encode() + payload)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionResetError("the server closed the connection")
    status = int(status_line.split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value.strip())
    content = await reader.readexactly(length) if length else b""
    return status, content


async def main(args) -> dict:
    users = json.load(open(args.users))  # [{"id": uuid, "token": jwt}, ...]
    arrivals: list[list[float]] = []
    current = {"index": -1, "event": asyncio.Event(), "pending": 0}

    async def receiver(ws):
        async for message in ws:
            frame = json.loads(message)
            if frame.get("event") != "task_moved":
                continue
            arrivals[current["index"]].append(time.perf_counter())
            current["pending"] -= 1
            if current["pending"] == 0:
                current["event"].set()

    sockets = []
    for u in users[: args.clients]:
        url = f"ws://127.0.0.1:{args.port}/ws/notifications/{u['id']}?token={u['token']}"
        sockets.append(await websockets.connect(url, max_queue=None))
    tasks = [asyncio.create_task(receiver(ws)) for ws in sockets]

    reader, writer = await asyncio.open_connection("127.0.0.1", args.port)
    samples, errors = [], 0
    statuses = ["in_progress", "done", "todo"]
    started = time.perf_counter()
    for i in range(args.moves):
        arrivals.append([])
        current.update(index=i, pending=len(sockets))
        current["event"] = asyncio.Event()
        status, _ = await http_request(reader, writer, "PATCH",
                                       f"/api/v1/tasks/{args.task}/move", args.token,
                                       {"new_status": statuses[i % 3]})
        responded = time.perf_counter()
        if status != 200:
            errors += 1
            continue
        try:
            await asyncio.wait_for(current["event"].wait(), 5)
        except asyncio.TimeoutError:
            errors += 1
        samples.extend(max(0.0, t - responded) * 1000 for t in arrivals[i])
    elapsed = time.perf_counter() - started
    for t in tasks:
        t.cancel()
    for ws in sockets:
        await ws.close()
    writer.close()
    samples.sort()
    pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))] if samples else None
    return {"clients": len(sockets), "moves": args.moves, "samples": len(samples),
            "p50_ms": pick(0.50), "p99_ms": pick(0.99), "max_ms": samples[-1] if samples else None,
            "mean_ms": statistics.fmean(samples) if samples else None,
            "moves_per_s": args.moves / elapsed, "errors": errors}


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--token", required=True, help="admin access token (performs the moves)")
    p.add_argument("--task", required=True)
    p.add_argument("--users", required=True, help="JSON file of receiving users")
    p.add_argument("--clients", type=int, default=100)
    p.add_argument("--moves", type=int, default=300)
    print(json.dumps(asyncio.run(main(p.parse_args()))))
    sys.exit(0)
