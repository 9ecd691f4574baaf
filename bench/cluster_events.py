#!/usr/bin/python3
"""Event delivery across a cluster (bench/cluster.sh drives it; stdlib + python3-websockets).

Against one URL (haproxy in front of the instances):
- delivery: N users, each with one WebSocket through the proxy (so spread over the instances),
  members of P projects; W writers create tasks through the proxy, each paced at R writes/s on
  its own keep-alive connection, the writers' starts spread over one period. One sample per (task, member socket): the time from the
  writer's HTTP response to that socket's task_created frame (a frame that beats the response
  counts as 0). Frames that never arrive are errors.
- catch-up: a member who missed C events reconnects with last_event_id; the time from starting
  the connection to holding all C frames, best and median of a few reconnects.
Prints one JSON object.
"""

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ws_move_latency import http_request  # noqa: E402


class Http:
    """A keep-alive HTTP/1.1 connection to the proxy."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def call(self, method, path, token="", body=None):
        for attempt in (1, 2):  # an idle connection may have been closed: open a new one
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            try:
                status, content = await http_request(self.reader, self.writer, method, path,
                                                     token, body)
                return status, (json.loads(content) if content else None)
            except ConnectionError:
                self.writer = None
                if attempt == 2:
                    raise


async def register(http: Http) -> dict:
    status, body = await http.call("POST", "/api/v1/auth/register", body={
        "name": "bench", "email": f"b{uuid.uuid4().hex[:12]}@example.com",
        "password": "bench-password-1"})
    assert status == 201, (status, body)
    return {"id": body["user"]["id"], "token": body["access_token"]}


def percentile(samples, q):
    return samples[min(len(samples) - 1, int(q * len(samples)))] if samples else None


async def main(args) -> dict:
    split = urlsplit(args.url)
    host, port = split.hostname, split.port
    setup = Http(host, port)
    admin = await register(setup)  # the first user of the empty database: admin
    users = [await register(setup) for _ in range(args.sockets)]
    projects = []
    for p in range(args.projects):
        status, project = await setup.call("POST", "/api/v1/projects/", admin["token"],
                                           {"name": f"bench-{p}"})
        assert status == 201, (status, project)
        projects.append(project["id"])
    member_of = {}
    for i, user in enumerate(users):
        project = projects[i % len(projects)]
        status, _ = await setup.call("POST", f"/api/v1/projects/{project}/members/{user['id']}",
                                     admin["token"])
        assert status == 201, status
        member_of[user["id"]] = project
    members_per_project = {p: sum(1 for v in member_of.values() if v == p) for p in projects}

    # --- delivery -------------------------------------------------------------------------
    responded: dict[str, float] = {}
    arrivals: dict[str, list[float]] = {}

    async def receive(ws):
        async for message in ws:
            frame = json.loads(message)
            if frame.get("event") == "task_created":
                arrivals.setdefault(frame["task_id"], []).append(time.perf_counter())

    sockets = []
    for user in users:
        url = f"ws://{host}:{port}/ws/notifications/{user['id']}?token={user['token']}"
        sockets.append(await websockets.connect(url, max_queue=None))
    receivers = [asyncio.create_task(receive(ws)) for ws in sockets]
    write_errors = 0
    project_of_task: dict[str, str] = {}

    async def writer(index: int):
        nonlocal write_errors
        http = Http(host, port)
        project = projects[index % len(projects)]
        period = 1.0 / args.rate
        deadline = time.perf_counter() + args.seconds
        # Spread over the period, as independent clients are (not 32 writes at each tick).
        next_at = time.perf_counter() + period * index / args.writers
        while next_at < deadline:
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            next_at += period
            status, task = await http.call("POST", "/api/v1/tasks/", admin["token"],
                                           {"title": "bench", "project_id": project})
            if status != 201:
                write_errors += 1
                continue
            responded[task["id"]] = time.perf_counter()
            project_of_task[task["id"]] = project

    started = time.perf_counter()
    await asyncio.gather(*(writer(i) for i in range(args.writers)))
    elapsed = time.perf_counter() - started
    await asyncio.sleep(2.0)  # stragglers
    samples, missing = [], 0
    for task_id, at in responded.items():
        got = arrivals.get(task_id, [])
        missing += max(0, members_per_project[project_of_task[task_id]] - len(got))
        samples.extend(max(0.0, t - at) * 1000 for t in got)
    samples.sort()
    for t in receivers:
        t.cancel()
    for ws in sockets:
        await ws.close()

    result = {
        "sockets": len(users), "writers": args.writers, "writes": len(responded),
        "writes_per_s": len(responded) / elapsed, "write_errors": write_errors,
        "samples": len(samples), "missing_frames": missing,
        "p50_ms": percentile(samples, 0.50), "p99_ms": percentile(samples, 0.99),
        "max_ms": samples[-1] if samples else None,
    }
    if args.catch_up == 0:
        return result

    # --- catch-up -------------------------------------------------------------------------
    catcher = users[0]
    project = member_of[catcher["id"]]
    _, page = await setup.call("GET", "/api/v1/notifications?limit=0", catcher["token"])
    since = page["last_event_id"]
    writers = [Http(host, port) for _ in range(8)]

    async def create(http, n):
        for _ in range(n):
            status, _ = await http.call("POST", "/api/v1/tasks/", admin["token"],
                                        {"title": "missed", "project_id": project})
            assert status == 201, status
    shares = [args.catch_up // len(writers) + (i < args.catch_up % len(writers))
              for i in range(len(writers))]
    await asyncio.gather(*(create(h, n) for h, n in zip(writers, shares)))
    times = []
    for _ in range(args.catch_up_runs):
        url = (f"ws://{host}:{port}/ws/notifications/{catcher['id']}?token={catcher['token']}"
               f"&last_event_id={since}")
        begun = time.perf_counter()
        async with websockets.connect(url, max_queue=None) as ws:
            for _ in range(args.catch_up):
                await asyncio.wait_for(ws.recv(), 10)
            times.append((time.perf_counter() - begun) * 1000)
    result.update(catch_up_events=args.catch_up, catch_up_best_ms=min(times),
                  catch_up_median_ms=statistics.median(times))
    return result


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True, help="the proxy, e.g. http://127.0.0.1:8080")
    p.add_argument("--sockets", type=int, default=300)
    p.add_argument("--projects", type=int, default=30)
    p.add_argument("--writers", type=int, default=32)
    p.add_argument("--rate", type=float, default=5.0, help="writes per second per writer")
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--catch-up", type=int, default=1000)
    p.add_argument("--catch-up-runs", type=int, default=5)
    print(json.dumps(asyncio.run(main(p.parse_args()))))
