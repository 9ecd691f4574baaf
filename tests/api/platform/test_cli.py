"""The operator interface: tandem version / migrate / user add, and startup refusals
(design.md "Operator interface")."""

import json
import re
import subprocess

import pytest

from api.support import UUID_RE, V1, assert_error, http_session, unique_email
from api.tandem_server import base_env, tandem_binary


def _bare(launcher, *args):
    return subprocess.run([tandem_binary(), *args], capture_output=True, text=True, timeout=30,
                          env=base_env(), cwd=launcher.workdir, stdin=subprocess.DEVNULL)


def test_version(launcher):
    proc = _bare(launcher, "version")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"\d+\.\d+", proc.stdout), proc.stdout


def test_unknown_subcommand_fails(launcher):
    assert _bare(launcher, "no-such-command").returncode != 0


def test_migrate_is_idempotent_and_serve_uses_it(launcher, start_server):
    database = launcher.new_database()
    env = base_env()
    first = launcher.cli("migrate", database=database, env=env)
    assert first.returncode == 0, first.stderr
    second = launcher.cli("migrate", database=database, env=env)
    assert second.returncode == 0, second.stderr
    srv = start_server(database=database, env=env)
    assert V1(srv).register().role == "admin", "migrate creates no users"


def test_user_add_admin_can_log_in_through_v1(module_server):
    email = unique_email("cli-admin")
    out = module_server.cli("user", "add", "--email", email, "--password", "s3cret", "--name",
                     "Cli Admin", "--role", "admin")
    assert out.returncode == 0, out.stderr
    created = json.loads(out.stdout)
    assert set(created) == {"id", "uuid"}
    assert isinstance(created["id"], int)
    assert UUID_RE.match(created["uuid"])

    v1 = V1(module_server)
    acct = v1.login(email, "s3cret")
    assert acct.role == "admin"
    assert acct.id == created["uuid"]
    me = v1.me(acct.token).json()
    assert me["name"] == "Cli Admin"
    assert me["email"] == email
    assert v1.get("/users", token=acct.token).status_code == 200


def test_user_add_without_role_is_member(module_server):
    email = unique_email("cli-member")
    created = module_server.add_user(email, password="pw")
    acct = V1(module_server).login(email, "pw")
    assert acct.role == "member"
    assert acct.id == created["uuid"]


def test_user_add_without_password_cannot_log_in(module_server):
    email = unique_email("cli-nopass")
    module_server.add_user(email)
    v1 = V1(module_server)
    for password in ("", "anything", "null"):
        assert_error(v1.login_raw(email, password), 401, "Incorrect email or password")


def test_user_add_inactive_cannot_log_in(module_server):
    email = unique_email("cli-inactive")
    module_server.add_user(email, password="pw", inactive=True)
    resp = V1(module_server).login_raw(email, "pw")
    assert resp.status_code in (400, 401, 403), resp.text
    assert "access_token" not in resp.text


def test_user_add_duplicate_email_fails(module_server):
    email = unique_email("cli-dup")
    module_server.add_user(email, password="pw")
    again = module_server.cli("user", "add", "--email", email, "--password", "other")
    assert again.returncode != 0
    resp = V1(module_server).login_raw(email, "pw")
    assert resp.status_code == 200, "the first user is untouched"


def test_user_add_ids_are_distinct(module_server):
    a = module_server.add_user(unique_email("ida"), password="pw")
    b = module_server.add_user(unique_email("idb"), password="pw")
    assert a["id"] != b["id"] and a["uuid"] != b["uuid"]


def test_user_add_while_server_runs_is_visible_at_once(module_server):
    v1 = V1(module_server)
    boss_email = unique_email("boss")
    module_server.add_user(boss_email, password="pw", roles=["admin"])
    admin = v1.login(boss_email, "pw")
    email = unique_email("live")
    created = module_server.add_user(email, password="pw")
    resp = v1.get(f"/users/{created['uuid']}", token=admin.token)
    assert resp.status_code == 200, resp.text
    assert resp.json()["email"] == email


# --- startup refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize("overrides", [
    {"TANDEM_ENV": "production", "TANDEM_JWT_SECRET": "your-secret-key-change-in-production"},
    {"TANDEM_ENV": "production", "TANDEM_CORS_ORIGINS": "*"},
])
def test_production_refuses_unsafe_settings(launcher, overrides):
    srv = launcher.server(start=False, **overrides)
    srv.spawn()
    code = srv.wait_exit(15.0)
    if code is None:
        srv.kill()
    assert code is not None and code != 0, "the server must refuse to start"
    assert f"listening on http://127.0.0.1:{srv.port}" not in srv.log()


def test_production_with_safe_settings_starts(start_server):
    srv = start_server(TANDEM_ENV="production",
                       TANDEM_JWT_SECRET="a-long-random-production-secret-" + "x" * 32)
    assert http_session().get(srv.url + "/healthz").json() == {"status": "ok"}
