"""Redis (REDIS_URL), never on the critical path (issue 11): login-failure counters shared by
every instance, events mirrored once to the original's channels for outside consumers, and a
Redis that is down, or dies and comes back under load, costing no request anything. A real
redis-server on loopback; instances share one database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import json
import re
import threading
import time

import pytest
import requests

from api.redis_server import RedisServer
from api.support import V1, assert_error, unique
from api.tandem_server import free_port
from api.v1.test_rate_limit import TOO_MANY, WRONG
from api.v1.work_fixtures import Work, ok

CHANNELS = ("task_updates", "kanban_updates", "project_updates")


@pytest.fixture
def redis_server(launcher):
    own = RedisServer(launcher.workdir)
    yield own
    own.kill()


def pair(launcher, start_server, **env):
    """Two instances on one database with the same settings."""
    database = launcher.new_database()
    first = start_server(database=database, **env)
    second = start_server(database=database, env=first.env)
    return first, second


def metric(server, name: str) -> int:
    text = requests.get(server.url + "/metrics", timeout=5).text
    found = re.search(rf"^{name} (\d+)$", text, re.M)
    return int(found.group(1)) if found else -1


def test_the_login_limit_holds_across_instances(launcher, start_server, redis_server):
    first, second = pair(launcher, start_server, REDIS_URL=redis_server.url,
                         TANDEM_LOGIN_ACCOUNT_LIMIT="3")
    clients = [V1(first), V1(second)]
    victim = clients[0].register()
    # Alternating instances: three failures in all, not three on each.
    for attempt in range(3):
        assert_error(clients[attempt % 2].login_raw(victim.email, "wrong"), 401, WRONG)
    for client in clients:
        resp = client.login_raw(victim.email, "wrong")
        assert_error(resp, 429, TOO_MANY)
        assert int(resp.headers["Retry-After"]) >= 1
    # The counters are in Redis, one window per quota.
    keys = [k.decode() for k in redis_server.client().keys("tandem:attempts:*")]
    assert any(victim.email.lower() in k for k in keys), keys
    assert metric(first, "tandem_redis_unavailable_total") == 0


def test_a_password_and_a_database_number_are_used(launcher, start_server):
    protected = RedisServer(launcher.workdir, password="s3cret-pass")
    try:
        srv = start_server(REDIS_URL=f"redis://:s3cret-pass@127.0.0.1:{protected.port}/3",
                           TANDEM_LOGIN_ACCOUNT_LIMIT="2")
        api = V1(srv)
        user = api.register()
        for _ in range(2):
            assert_error(api.login_raw(user.email, "wrong"), 401, WRONG)
        assert_error(api.login_raw(user.email, "wrong"), 429, TOO_MANY)
        assert protected.client(db=3).keys("tandem:attempts:*")
        assert not protected.client(db=0).keys("tandem:attempts:*")
        assert metric(srv, "tandem_redis_unavailable_total") == 0
    finally:
        protected.kill()


def test_a_success_forgives_the_accounts_failures_on_every_instance(launcher, start_server,
                                                                     redis_server):
    first, second = pair(launcher, start_server, REDIS_URL=redis_server.url,
                         TANDEM_LOGIN_ACCOUNT_LIMIT="3")
    a, b = V1(first), V1(second)
    user = a.register()
    for _ in range(2):
        assert_error(a.login_raw(user.email, "wrong"), 401, WRONG)
    assert b.login_raw(user.email, user.password).status_code == 200
    for _ in range(3):
        assert_error(a.login_raw(user.email, "wrong"), 401, WRONG)
    assert_error(b.login_raw(user.email, "wrong"), 429, TOO_MANY)


def test_without_redis_logins_answer_and_the_in_process_limit_holds(start_server):
    nobody = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    srv = start_server(REDIS_URL=nobody, TANDEM_LOGIN_ACCOUNT_LIMIT="3")
    api = V1(srv)
    user = api.register()
    started = time.monotonic()
    for _ in range(3):
        assert_error(api.login_raw(user.email, "wrong"), 401, WRONG)
    assert_error(api.login_raw(user.email, "wrong"), 429, TOO_MANY)
    assert api.login_raw(api.register().email, "wrong").status_code == 401
    assert time.monotonic() - started < 5  # no waiting on the missing Redis
    assert metric(srv, "tandem_redis_unavailable_total") >= 1
    assert "redis" in srv.log().lower()


def test_a_malformed_redis_url_is_refused_at_start(launcher):
    proc = launcher.cli("serve", database=launcher.new_database(),
                        env=launcher.env(REDIS_URL="http://127.0.0.1:6379"))
    assert proc.returncode == 2, proc.stderr
    assert "REDIS_URL" in proc.stderr


class Subscriber:
    """Collects what is published on the original's channels."""

    def __init__(self, server: RedisServer):
        self.pubsub = server.client().pubsub()
        self.pubsub.subscribe(*CHANNELS)
        self.messages: list[tuple[str, dict]] = []
        deadline = time.monotonic() + 5
        subscribed = 0
        while subscribed < len(CHANNELS) and time.monotonic() < deadline:
            message = self.pubsub.get_message(timeout=1)
            if message and message["type"] == "subscribe":
                subscribed += 1

    def collect(self, quiet: float = 0.5) -> list[tuple[str, dict]]:
        while True:
            message = self.pubsub.get_message(timeout=quiet)
            if message is None:
                return self.messages
            if message["type"] == "message":
                self.messages.append((message["channel"].decode(),
                                      json.loads(message["data"])))


def test_events_are_mirrored_once_to_the_original_channels(launcher, start_server, redis_server):
    first, second = pair(launcher, start_server, REDIS_URL=redis_server.url)
    subscriber = Subscriber(redis_server)
    a, b = Work(V1(first)), Work(V1(second))
    admin = a.api.register()
    member = a.api.register()
    project = a.project(admin)
    a.add_member(admin, project, member)
    task = b.task(admin, project, assigned_to=member.id)
    b.move(member, task, "in_progress")
    stored = ok(a.api.get("/notifications", token=admin.token))["events"]
    names = [e["event"] for e in stored]
    assert names == ["project_created", "task_created", "task_moved"], names
    messages = subscriber.collect()
    # Each event once, though both instances deliver it to their sockets.
    assert [m["id"] for _, m in messages] == [e["id"] for e in stored]
    channels = {m["event"]: channel for channel, m in messages}
    assert channels == {"project_created": "project_updates", "task_created": "task_updates",
                        "task_moved": "kanban_updates"}
    recipients = []
    for (_, message), event in zip(messages, stored):
        recipients.append(message.pop("_recipients"))
        assert message == event  # the frame itself, plus who it is for
    assert all(admin.id in r for r in recipients)
    assert member.id not in recipients[0]  # project_created: admins and the actor only
    assert member.id in recipients[1] and member.id in recipients[2]


def test_redis_killed_and_restarted_under_load_costs_no_request(launcher, start_server,
                                                                redis_server):
    first, second = pair(launcher, start_server, REDIS_URL=redis_server.url,
                         TANDEM_LOGIN_ACCOUNT_LIMIT="100000", TANDEM_LOGIN_ADDRESS_LIMIT="100000")
    admin = V1(first).register()
    project = Work(V1(first)).project(admin)
    outcomes: list = []
    stop = threading.Event()

    def load(server):
        api = V1(server)
        while not stop.is_set():
            try:
                resp = api.post("/tasks/", token=admin.token,
                                json={"title": unique("r-"), "project_id": project["id"]})
                outcomes.append(resp.status_code)
                resp = api.login_raw(admin.email, "wrong")  # a limiter call per round
                outcomes.append(resp.status_code)
            except requests.RequestException as e:
                outcomes.append(type(e).__name__)

    threads = [threading.Thread(target=load, args=(srv,)) for srv in (first, second)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.7)
        redis_server.kill()
        time.sleep(1.5)
        redis_server.start()
        time.sleep(2.0)  # the clients' pause ends: Redis is used again
        subscriber = Subscriber(redis_server)
        time.sleep(0.5)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert len(outcomes) > 50
    assert {o for o in outcomes} <= {201, 401}, {o for o in outcomes if o not in (201, 401)}
    assert metric(first, "tandem_redis_unavailable_total") >= 1
    # Mirroring resumed with the restarted server: a new event is published.
    Work(V1(second)).task(admin, project)
    assert any(m["event"] == "task_created" for _, m in subscriber.collect())
