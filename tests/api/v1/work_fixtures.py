"""Helpers and fixtures for the v1 work API suites (projects, tasks, reports, dashboard,
activity). Test modules import what they use: `from api.v1.work_fixtures import ...`."""

from __future__ import annotations

import re

import pytest

from api.support import UUID_RE, TIMESTAMP_RE, unique

PROJECT_KEYS = ["name", "description", "deadline", "id", "status", "created_by", "creator_name",
                "created_at", "updated_at"]
TASK_KEYS = ["title", "description", "priority", "status", "deadline", "id", "project_id",
             "assigned_to", "assigned_to_name", "created_at", "updated_at", "created_by"]
PROGRESS_KEYS = ["total_tasks", "completed_tasks", "in_progress_tasks", "todo_tasks",
                 "progress_percentage"]
ADMIN_ONLY = "Not enough permissions. Admin access required."
TASK_DENIED = "Task not found or access denied"
PROJECT_DENIED = "Project not found or access denied"


def ok(resp, status=200):
    assert resp.status_code == status, f"expected {status}, got {resp.status_code} {resp.text}"
    return resp.json() if resp.content else None


def assert_project_shape(p: dict):
    assert list(p) == PROJECT_KEYS, p
    assert UUID_RE.match(p["id"]) and UUID_RE.match(p["created_by"]), p
    assert p["status"] in ("pending", "in_progress", "completed"), p
    assert TIMESTAMP_RE.match(p["created_at"]) and TIMESTAMP_RE.match(p["updated_at"]), p


def assert_task_shape(t: dict):
    assert list(t) == TASK_KEYS, t
    assert UUID_RE.match(t["id"]) and UUID_RE.match(t["project_id"]), t
    assert t["priority"] in ("low", "medium", "high"), t
    assert t["status"] in ("todo", "in_progress", "done"), t
    assert TIMESTAMP_RE.match(t["created_at"]) and TIMESTAMP_RE.match(t["updated_at"]), t


def raw_number(resp, key: str) -> str:
    """The literal JSON text of the first `key` number in a response body."""
    match = re.search(rf'"{key}":(-?[0-9.eE+-]+)', resp.text)
    assert match, resp.text
    return match.group(1)


class Work:
    """v1 work calls on top of api.support.V1, asserting the success status."""

    def __init__(self, api):
        self.api = api

    def project(self, actor, name=None, **fields) -> dict:
        body = {"name": name if name is not None else unique("project-"), **fields}
        return ok(self.api.post("/projects/", token=actor.token, json=body), 201)

    def add_member(self, admin, project, user):
        ok(self.api.post(f"/projects/{project['id']}/members/{user.id}", token=admin.token), 201)

    def remove_member(self, admin, project, user):
        ok(self.api.delete(f"/projects/{project['id']}/members/{user.id}", token=admin.token), 204)

    def task(self, actor, project, title=None, **fields) -> dict:
        body = {"title": title if title is not None else unique("task-"),
                "project_id": project["id"], **fields}
        return ok(self.api.post("/tasks/", token=actor.token, json=body), 201)

    def move(self, actor, task, new_status) -> dict:
        return ok(self.api.request("PATCH", f"/tasks/{task['id']}/move", token=actor.token,
                                   json={"new_status": new_status}))

    def get(self, actor, path, **params):
        return ok(self.api.get(path, token=actor.token, params=params or None))

    def notifications(self, actor) -> list[dict]:
        return self.get(actor, "/dashboard")["notifications"]


@pytest.fixture(scope="module")
def work(api):
    return Work(api)


@pytest.fixture
def team(api, admin, work):
    """A fresh project with two members (the admin is not a member)."""
    project = work.project(admin)
    alice, bob = api.register(name=unique("Alice-")), api.register(name=unique("Bob-"))
    work.add_member(admin, project, alice)
    work.add_member(admin, project, bob)
    return project, alice, bob
