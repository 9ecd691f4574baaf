"""Outages behind the load balancer (issue 11): PostgreSQL restarted under load is a 503 while it
is down and nothing else; the login limit holds across the instances and still answers with
Redis down."""

from __future__ import annotations

import subprocess
import threading
import time

import requests

from api.support import V1, assert_error, unique
from api.tandem_server import REPO_ROOT, free_port
from api.v1.test_rate_limit import TOO_MANY, WRONG
from api.v1.work_fixtures import Work

PG_CLUSTER = str(REPO_ROOT / "scripts" / "pg-test-cluster.sh")


def test_postgresql_restarted_under_load_is_503_only_while_it_is_down(launcher, make_cluster):
    # A PostgreSQL of its own: the suite's shared cluster must not go down.
    pg_dir = launcher.workdir / "pg-outage"
    url = subprocess.run([PG_CLUSTER, "start", str(pg_dir), str(free_port())], check=True,
                         capture_output=True, text=True).stdout.strip()
    try:
        cluster = make_cluster(database=url)
        api = V1(cluster)
        admin = api.register()
        project = Work(api).project(admin)
        outcomes: list[tuple[float, object]] = []
        stop = threading.Event()

        def load():
            client = V1(cluster)
            while not stop.is_set():
                for call in (lambda: client.get("/users/me", token=admin.token),
                             lambda: client.post("/tasks/", token=admin.token,
                                                 json={"title": unique("o-"),
                                                       "project_id": project["id"]})):
                    try:
                        status = call().status_code
                    except requests.RequestException as e:
                        status = type(e).__name__
                    outcomes.append((time.monotonic(), status))

        threads = [threading.Thread(target=load) for _ in range(3)]
        for t in threads:
            t.start()
        try:
            time.sleep(1.0)
            down_at = time.monotonic()
            subprocess.run([PG_CLUSTER, "restart", str(pg_dir), "1.5"], check=True,
                           capture_output=True)
            up_at = time.monotonic()
            time.sleep(3.0)
        finally:
            stop.set()
            for t in threads:
                t.join()
        failed = [(t, s) for t, s in outcomes if s not in (200, 201)]
        assert {s for _, s in failed} <= {503}, failed
        assert failed, "the outage was not seen at all"
        # Only while PostgreSQL was away (and the moments the pools and haproxy's checks take
        # to notice its return).
        assert all(down_at - 0.5 <= t <= up_at + 1.5 for t, _ in failed), (down_at, up_at, failed)
        after = [s for t, s in outcomes if t > up_at + 1.5]
        assert after and set(after) <= {200, 201}
    finally:
        subprocess.run([PG_CLUSTER, "stop", str(pg_dir)], capture_output=True)


def test_the_login_limit_holds_across_the_instances_and_without_redis(make_cluster):
    cluster = make_cluster(TANDEM_LOGIN_ACCOUNT_LIMIT="4")
    direct = [V1(srv) for srv in cluster.instances]
    victim = direct[0].register()
    for attempt in range(4):  # one attempt on each instance, one more on the first
        assert_error(direct[attempt % 3].login_raw(victim.email, "wrong"), 401, WRONG)
    for client in direct:
        assert_error(client.login_raw(victim.email, "wrong"), 429, TOO_MANY)
    # Redis gone: every instance still answers, each with its own in-process counters.
    cluster.redis.kill()
    other = direct[0].register()
    started = time.monotonic()
    for client in direct:
        assert_error(client.login_raw(other.email, "wrong"), 401, WRONG)
    assert direct[1].login_raw(other.email, other.password).status_code == 200
    assert time.monotonic() - started < 5
