"""Helpers for the cross-face suites: a row's ids as the other face names it, and changes made
behind every face's back (as an operator with psql would), read by the faces once committed."""

from __future__ import annotations

from api.kpi.kpi_support import run_sql
from api.support import seen_after_other_commit, unverified_claims


def subject(token: str) -> str:
    """The user uuid a token of any face names (`sub`)."""
    return unverified_claims(token)["sub"]


def user_int_id(server, user_uuid: str) -> int:
    """The integer id the KPI and TeamFlow faces show for a user the v1 face knows by uuid."""
    rows = run_sql(server, f"SELECT id FROM users WHERE uuid = '{user_uuid}'")
    assert len(rows) == 1, rows
    return int(rows[0][0])


def task_int_id(server, task_uuid: str) -> int:
    """The integer id (TeamFlow's) of a task the v1 face knows by uuid."""
    rows = run_sql(server, f"SELECT id FROM tasks WHERE uuid = '{task_uuid}'")
    assert len(rows) == 1, rows
    return int(rows[0][0])


def task_uuid(server, task_id: int) -> str:
    """The uuid (v1's id) of a task the TeamFlow face knows by integer id."""
    rows = run_sql(server, f"SELECT uuid FROM tasks WHERE id = {task_id}")
    assert len(rows) == 1, rows
    return str(rows[0][0])


def deactivate(server, user_uuid: str) -> None:
    run_sql(server, f"UPDATE users SET active = false WHERE uuid = '{user_uuid}'")


def once_committed(server, call, status: int):
    """`call()`'s response after another process's commit (deactivate()), polled while a face's
    short user cache may still hold the old row, until it answers `status` or the bound of
    api.support.seen_after_other_commit passes."""
    return seen_after_other_commit(server, call, lambda resp: resp.status_code == status)
