"""The caches behind the hot reads (store/data_version.hpp): KPI value lists, the TeamFlow board
and the authenticated user. Whoever commits — the instance answering, another instance on the
same database, or another program (psql, sqlite3) — the next answer shows it: at once on the
instance that wrote; for other processes within SQLITE_SEES_WITHIN or NOTIFIED_WITHIN.
Every test warms the cache first, so a missing invalidation would serve the old answer."""

import os
import time

import pytest

from api.kpi.kpi_support import Kpi, add_kpi_user, new_circle, new_kpi, run_sql
from api.support import NOTIFIED_WITHIN, V1, seen_after_other_commit, unique
from api.teamflow.tf_support import TeamFlow

ON_POSTGRES = os.environ.get("TANDEM_TEST_DB", "sqlite").strip().lower() == "postgres"


def kpi_circle(server) -> tuple[Kpi, str, int, int]:
    """A gatekeeper's client and token, a circle and one monthly KPI in it."""
    email = f"{unique('gk')}@test.com"
    add_kpi_user(server, email, "Gate", "Keeper", unique("d"), unique("l"), gatekeeper=True)
    kpi = Kpi(server)
    token = kpi.login(email)
    cid = new_circle(kpi, token)
    return kpi, token, cid, new_kpi(kpi, token, cid)


def value_list(kpi, token, cid) -> list:
    resp = kpi.get("/kpi_values", token=token, params={"circle_id": cid})
    if resp.status_code == 204:
        return []
    assert resp.status_code == 200, resp.text
    return resp.json()["KPI_Values"]


def add_value(kpi, token, kid, month, value):
    resp = kpi.post("/kpi_values/add", token=token, json={
        "kpi_id": kid, "period_year": 2024, "period_month": month, "value": value})
    assert resp.status_code == 201, resp.text


# --- KPI value lists -----------------------------------------------------------------------------


def test_value_list_shows_this_instances_writes_at_once(server):
    kpi, token, cid, kid = kpi_circle(server)
    assert value_list(kpi, token, cid) == []  # the empty answer (204) is cached too
    add_value(kpi, token, kid, 1, 10)
    first = value_list(kpi, token, cid)
    assert [(v["period_month"], v["value"]) for v in first] == [(1, 10.0)]
    assert value_list(kpi, token, cid) == first  # a second read, from the cache
    resp = kpi.put(f"/kpi_values/{first[0]['id']}/edit", token=token, json={"value": 11})
    assert resp.status_code == 200, resp.text
    assert [v["value"] for v in value_list(kpi, token, cid)] == [11.0]
    add_value(kpi, token, kid, 2, 20)
    assert [v["period_month"] for v in value_list(kpi, token, cid)] == [1, 2]
    # Another circle's list is another entry: filling this one changed nothing there.
    assert value_list(kpi, token, cid + 1000) == []


def test_value_list_shows_another_instances_writes(start_server, launcher):
    a = start_server(database=launcher.new_database())
    b = start_server(database=a.database, env=a.env)
    kpi_a, token, cid, kid = kpi_circle(a)
    kpi_b = Kpi(b)
    assert value_list(kpi_b, token, cid) == []
    assert value_list(kpi_b, token, cid) == []
    add_value(kpi_a, token, kid, 3, 30)
    seen = seen_after_other_commit(b, lambda: value_list(kpi_b, token, cid), lambda r: r != [])
    assert [(v["period_month"], v["value"]) for v in seen] == [(3, 30.0)]


def test_value_list_shows_a_raw_sql_edit(server):
    """Edits outside Tandem: SQLite readers see them at once; PostgreSQL announces only Tandem's
    own writes (and the user tables' trigger), so there the one-second max age bounds them."""
    kpi, token, cid, kid = kpi_circle(server)
    add_value(kpi, token, kid, 4, 40)
    assert [v["value"] for v in value_list(kpi, token, cid)] == [40.0]
    run_sql(server, f"UPDATE kpi_values SET value = 41 WHERE kpi_id = {kid}")
    if ON_POSTGRES:
        time.sleep(1.1)
    assert [v["value"] for v in value_list(kpi, token, cid)] == [41.0]


# --- the TeamFlow board --------------------------------------------------------------------------


def titles(tf, token, **params) -> list[str]:
    return [t["title"] for t in tf.tasks(token, **params)]


def test_board_shows_this_instances_writes_at_once(server):
    tf = TeamFlow(server)
    token = tf.token()
    before = titles(tf, token)
    assert titles(tf, token) == before
    created = tf.create(token, title=unique("cached "))
    assert titles(tf, token)[0] == created["title"]
    assert titles(tf, token, limit=1) == [created["title"]]
    renamed = unique("renamed ")
    assert tf.put(f"/api/tasks/{created['id']}", token=token,
                  json={"title": renamed}).status_code == 200
    assert titles(tf, token)[0] == renamed
    assert titles(tf, token, limit=1) == [renamed]  # pages are not cached: always read afresh
    assert tf.delete(f"/api/tasks/{created['id']}", token=token).status_code == 200
    assert titles(tf, token) == before


def test_board_shows_another_instances_writes(start_server, launcher):
    a = start_server(database=launcher.new_database())
    b = start_server(database=a.database, env=a.env)
    tf_a, tf_b = TeamFlow(a), TeamFlow(b)
    token = tf_a.token()
    assert titles(tf_b, token) == []
    created = tf_a.create(token, title=unique("elsewhere "))
    seen = seen_after_other_commit(b, lambda: titles(tf_b, token), lambda r: r != [])
    assert seen == [created["title"]]


@pytest.mark.skipif(not ON_POSTGRES, reason="the PostgreSQL change feed")
def test_board_is_never_stale_while_the_change_feed_reconnects(start_server, launcher):
    """With its listener gone, an instance cannot hear other processes' commits: it must stop
    serving cached answers until the listener is back, and then drop what it had."""
    a = start_server(database=launcher.new_database())
    b = start_server(database=a.database, env=a.env)
    tf_a, tf_b = TeamFlow(a), TeamFlow(b)
    token = tf_a.token()
    assert titles(tf_b, token) == []
    dropped = run_sql(b, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE application_name = 'tandem-change-feed' "
                         "AND datname = current_database()")
    assert len(dropped) == 2, dropped  # one listener per instance
    created = tf_a.create(token, title=unique("during the gap "))
    seen = seen_after_other_commit(b, lambda: titles(tf_b, token), lambda r: r != [])
    assert seen == [created["title"]]


# --- the authenticated user ----------------------------------------------------------------------


def test_user_deleted_on_another_instance_loses_access(start_server, launcher):
    a = start_server(database=launcher.new_database())
    b = start_server(database=a.database, env=a.env)
    admin = V1(a).register()
    victim = V1(a).register()
    v1_b = V1(b)
    assert v1_b.get("/api/v1/projects", token=victim.token).status_code == 200  # cached on b
    assert V1(a).delete(f"/api/v1/users/{victim.id}", token=admin.token).status_code == 204
    assert V1(a).get("/api/v1/projects", token=victim.token).status_code == 401  # at once
    status = seen_after_other_commit(
        b, lambda: v1_b.get("/api/v1/projects", token=victim.token).status_code,
        lambda s: s == 401)
    assert status == 401


def test_user_demoted_by_raw_sql_loses_admin_rights(server):
    """A role removed with psql or sqlite3: PostgreSQL's trigger on the user tables announces it
    (migration 0004), SQLite's readers see the commit."""
    v1 = V1(server)
    admin = v1.register()
    assert admin.role == "admin"
    assert v1.get("/api/v1/users/", token=admin.token).status_code == 200
    run_sql(server, "DELETE FROM user_roles")
    status = seen_after_other_commit(
        server, lambda: v1.get("/api/v1/users/", token=admin.token).status_code,
        lambda s: s == 403)
    assert status == 403


@pytest.mark.skipif(not ON_POSTGRES, reason="SQLite readers see every commit: no silent edit")
def test_me_reads_the_profile_afresh(server):
    """GET /users/me is the profile itself: it never comes from the authentication cache. The
    edit is made with the user tables' trigger off, so no notification drops the cached row."""
    v1 = V1(server)
    account = v1.register()
    assert v1.me(account.token).json()["name"] == account.name
    new_name = unique("renamed ")
    run_sql(server, "ALTER TABLE users DISABLE TRIGGER users_announce_change; "
                    f"UPDATE users SET name = '{new_name}' WHERE email = '{account.email}'; "
                    "ALTER TABLE users ENABLE TRIGGER users_announce_change")
    assert v1.me(account.token).json()["name"] == new_name
