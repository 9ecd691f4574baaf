"""kill -9 under load loses no acknowledged write and leaves nothing half-written (issue 8;
design.md: audit rows are written in the same transaction as the change they record).

Eight writers create v1 tasks (each with its `created task: …` activity-log row) and KPI values
(each with its `Created` change-log row) as fast as the server takes them; the server is killed
with SIGKILL in the middle and a new one started on the same database, three times over; then
every write that was answered 201 must be there with its audit row, and no record may be there
without one."""

import itertools
import threading
import time
from collections import Counter

import requests

from api.kpi.kpi_support import Kpi, add_kpi_user, new_circle, new_kpi, run_sql
from api.support import V1, http_session, unique

WRITERS_PER_KIND = 4
ROUNDS = 3  # later rounds write on a database whose last writer was killed
LOAD_SECONDS = 1.5
TITLE_PREFIX = "durable-"


class Writers:
    """Threads that write until the server goes away, keeping what it acknowledged."""

    def __init__(self, admin, project_id, kpi_token, kpi_ids):
        self.admin, self.project_id = admin, project_id
        self.kpi_token, self.kpi_ids = kpi_token, kpi_ids
        self.lock = threading.Lock()
        self.tasks: dict[str, str] = {}  # task id -> title, answered 201
        self.values: set[tuple[int, int, int]] = set()  # (kpi_id, year, month), answered 201
        self.unexpected: list[str] = []  # answers other than 201 while the server was up

    def load_then_kill(self, server, round_number):
        """Writes with every writer for LOAD_SECONDS, then SIGKILLs the server mid-write."""
        threads = []
        for writer in range(WRITERS_PER_KIND):
            threads.append(threading.Thread(target=self._run, daemon=True, args=(
                self._write_tasks, server, f"{round_number}-{writer}")))
            threads.append(threading.Thread(target=self._run, daemon=True, args=(
                self._write_values, server, self.kpi_ids[writer], 2000 + 1000 * round_number)))
        for thread in threads:
            thread.start()
        time.sleep(LOAD_SECONDS)
        server.kill()  # SIGKILL while every writer has a request in flight
        for thread in threads:
            thread.join(timeout=20)
        assert not any(t.is_alive() for t in threads), "a writer hangs"

    def _run(self, write, server, *args):
        try:
            write(http_session(), server, *args)  # until the server is gone
        except requests.RequestException:
            pass  # the server was killed under this request: its outcome is unknown

    def _write_tasks(self, session, server, writer):
        for n in itertools.count():
            title = f"{TITLE_PREFIX}{writer}-{n}"
            resp = session.post(f"{server.url}/api/v1/tasks/", headers=self.admin.auth,
                                timeout=10, json={"title": title, "project_id": self.project_id})
            self._record(resp, lambda: self.tasks.__setitem__(resp.json()["id"], title))

    def _write_values(self, session, server, kpi_id, first_year):
        for n in itertools.count():
            year, month = first_year + n // 12, n % 12 + 1
            resp = session.post(f"{server.url}/kpi_values/add", timeout=10,
                                headers={"Authorization": f"Bearer {self.kpi_token}"},
                                json={"kpi_id": kpi_id, "period_year": year,
                                      "period_month": month, "value": n})
            self._record(resp, lambda: self.values.add((kpi_id, year, month)))

    def _record(self, resp, acknowledge):
        with self.lock:
            if resp.status_code == 201:
                acknowledge()
            else:
                self.unexpected.append(f"{resp.status_code} {resp.text[:200]}")


def test_acknowledged_writes_survive_kill_9_with_their_audit_rows(start_server):
    srv = start_server()
    admin = V1(srv).register()  # the first user: admin
    project = V1(srv).post("/projects/", token=admin.token, json={"name": unique("durable ")})
    assert project.status_code == 201, project.text
    project_id = project.json()["id"]
    email = f"{unique('gk')}@example.com"
    add_kpi_user(srv, email, "Gate", "Keeper", unique("d"), unique("l"), gatekeeper=True)
    kpi = Kpi(srv)
    token = kpi.login(email)
    circle_id = new_circle(kpi, token)
    kpi_ids = [new_kpi(kpi, token, circle_id) for _ in range(WRITERS_PER_KIND)]

    writers = Writers(admin, project_id, token, kpi_ids)
    for round_number in range(ROUNDS):
        if round_number:
            srv = start_server(database=srv.database, env=srv.env)
        writers.load_then_kill(srv, round_number)
    assert not writers.unexpected, writers.unexpected[:5]
    assert len(writers.tasks) > 50 and len(writers.values) > 50, (
        f"too little load to mean anything: {len(writers.tasks)} tasks, "
        f"{len(writers.values)} values")

    restarted = start_server(database=srv.database, env=srv.env)

    # Every acknowledged write is served by the new process...
    listed = V1(restarted).get("/tasks/", token=admin.token,
                               params={"project_id": project_id, "limit": 1_000_000})
    assert listed.status_code == 200, listed.text
    tasks_served = {t["id"]: t["title"] for t in listed.json()}
    missing_tasks = writers.tasks.keys() - tasks_served.keys()
    assert not missing_tasks, f"{len(missing_tasks)} acknowledged tasks lost: {missing_tasks}"
    values = Kpi(restarted).get("/kpi_values", token=token, params={"circle_id": circle_id})
    assert values.status_code == 200, values.text
    values_served = {(v["kpi_id"], v["period_year"], v["period_month"])
                     for v in values.json()["KPI_Values"]}
    missing_values = writers.values - values_served
    assert not missing_values, f"{len(missing_values)} acknowledged values lost: {missing_values}"

    # ... and every record there, acknowledged or not, has exactly its one audit row.
    created_actions = Counter(row[0] for row in run_sql(restarted, (
        f"SELECT action FROM activity_logs WHERE action LIKE 'created task: {TITLE_PREFIX}%'")))
    expected_actions = Counter(f"created task: {title}" for title in tasks_served.values()
                               if title.startswith(TITLE_PREFIX))
    assert created_actions == expected_actions, (
        f"tasks without their activity row: {list(expected_actions - created_actions)[:5]}; "
        f"activity rows without their task: {list(created_actions - expected_actions)[:5]}")
    kpi_list = ", ".join(str(k) for k in kpi_ids)
    logs_per_value = run_sql(restarted, (
        "SELECT v.id, (SELECT count(*) FROM change_logs c WHERE c.kpi_value_id = v.id "
        f"AND c.activity = 'Created') FROM kpi_values v WHERE v.kpi_id IN ({kpi_list})"))
    assert len(logs_per_value) == len(values_served), (len(logs_per_value), len(values_served))
    unlogged = [row[0] for row in logs_per_value if int(row[1]) != 1]
    assert not unlogged, f"values without exactly one 'Created' change-log row: {unlogged[:5]}"
