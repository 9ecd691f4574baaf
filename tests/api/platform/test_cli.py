"""The operator interface: tandem version / migrate / user add, and startup refusals
(design.md "Operator interface"): bad flags and settings are refused before the database is
touched, and a database newer than the binary is refused untouched (issue 8, defects 8 and 9)."""

import json
import re
import signal
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from api.kpi.kpi_support import run_sql
from api.support import UUID_RE, V1, assert_error, http_session, unique_email
from api.tandem_server import REPO_ROOT, base_env, tandem_binary

USAGE_ERROR = 2


def _bare(launcher, *args, **env):
    """`tandem ARGS` in the launcher's directory; keyword arguments set (None: remove)
    environment variables."""
    return subprocess.run([tandem_binary(), *args], capture_output=True, text=True, timeout=30,
                          env=base_env(**env), cwd=launcher.workdir, stdin=subprocess.DEVNULL)


def _sql(database: str, sql: str) -> list:
    return run_sql(SimpleNamespace(database=database), sql)


def _assert_untouched(database: str):
    """Nothing was created: no SQLite file, no table in the PostgreSQL database."""
    if database.startswith("sqlite:///"):
        path = Path(database[len("sqlite:///"):])
        assert not path.exists(), f"{path} was created"
    else:
        tables = _sql(database, "SELECT count(*) FROM information_schema.tables "
                                "WHERE table_schema = 'public'")
        assert tables == [("0",)], tables


def _assert_usage_error(proc, name: str):
    """Exit code 2 and one line on stderr that names the flag or variable."""
    assert proc.returncode == USAGE_ERROR, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"tandem: {name}: expected "), lines[0]


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


def _phone_of(server, email: str):
    """The stored phone, None for NULL (psql prints NULL as an empty line, which is dropped)."""
    rows = _sql(server.database,
                f"SELECT coalesce(phone, '<null>') FROM users WHERE email = '{email}'")
    assert len(rows) == 1, rows
    return None if rows[0][0] == "<null>" else rows[0][0]


def _roles_of(server, email: str) -> list[tuple]:
    """(role name, key) of each role the user holds, by role id."""
    return [tuple(str(v) if v is not None else None for v in row) for row in _sql(
        server.database,
        "SELECT r.name, r.key FROM users u JOIN user_roles ur ON ur.user_id = u.id "
        f"JOIN roles r ON r.id = ur.role_id WHERE u.email = '{email}' ORDER BY r.id")]


def _roles_named(server, name: str) -> list[tuple]:
    return [tuple(str(v) for v in row) for row in _sql(
        server.database,
        f"SELECT id, name FROM roles WHERE lower(name) = lower('{name}') ORDER BY id")]


def test_user_add_phone_is_stored(module_server):
    email = unique_email("cli-phone")
    module_server.add_user(email, password="pw", phone="+41 79 123 45 67")
    assert _phone_of(module_server, email) == "+41 79 123 45 67"
    other = unique_email("cli-nophone")
    module_server.add_user(other, password="pw")
    assert _phone_of(module_server, other) is None, "no flag: no phone"


def test_user_add_phone_must_be_plain_text(module_server):
    proc = module_server.cli("user", "add", "--email", unique_email("cli-badphone"), "--phone",
                             " 123")
    _assert_usage_error(proc, "--phone")


def test_user_add_role_is_created_with_a_random_key(module_server):
    role = "Photographer-" + unique_email("r").split("@")[0][-8:]
    first, second = unique_email("cli-role-a"), unique_email("cli-role-b")
    module_server.add_user(first, password="pw", roles=[role])
    module_server.add_user(second, password="pw", roles=[role])
    held = _roles_of(module_server, first)
    assert [name for name, _ in held] == [role]
    key = held[0][1]
    assert key and re.fullmatch(r"[0-9a-f]{32}", key), key
    assert _roles_of(module_server, second) == held, "the second user gets the same role"
    assert len(_roles_named(module_server, role)) == 1


def test_user_add_role_matches_existing_roles_case_insensitively(module_server):
    role = "Worker-" + unique_email("w").split("@")[0][-8:]
    module_server.add_user(unique_email("cli-case-a"), password="pw", roles=[role])
    email = unique_email("cli-case-b")
    module_server.add_user(email, password="pw", roles=[role.upper()])
    assert [name for name, _ in _roles_of(module_server, email)] == [role], \
        "the existing spelling is reused"
    assert len(_roles_named(module_server, role)) == 1
    # The shipped admin role, whatever the case of the flag.
    admin_email = unique_email("cli-admin-case")
    module_server.add_user(admin_email, password="pw", roles=["ADMIN"])
    assert [name for name, _ in _roles_of(module_server, admin_email)] == ["admin"]
    assert V1(module_server).login(admin_email, "pw").role == "admin"


def test_user_add_without_role_flag_has_no_role(module_server):
    email = unique_email("cli-norole")
    module_server.add_user(email, password="pw")
    assert _roles_of(module_server, email) == []


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


# --- flags and settings are checked before anything else (issue 8, defect 9) --------------------

BAD_SERVE_FLAGS = [
    ("--threads", "-1"), ("--threads", "0"), ("--threads", "257"), ("--threads", "two"),
    ("--threads", ""),
    ("--listen", "127.0.0.1:99999"), ("--listen", "127.0.0.1:-1"), ("--listen", "127.0.0.1:"),
    ("--listen", "999.1.1.1:80"), ("--listen", "example.com:80"), ("--listen", "8000"),
    ("--listen", "[::1:8000"),
    ("--faces", "v1,nope"), ("--faces", ""),
]


@pytest.mark.parametrize("flag,value", BAD_SERVE_FLAGS)
def test_bad_serve_flag_is_refused_before_the_database(launcher, flag, value):
    database = launcher.new_database()
    proc = _bare(launcher, "serve", "--database", database, flag, value)
    _assert_usage_error(proc, flag)
    assert f'got "{value}"' in proc.stderr
    _assert_untouched(database)


@pytest.mark.parametrize("value", ["mysql://root@localhost/app", "sqlite://relative.db",
                                   "sqlite:///", "tandem.db"])
def test_unknown_database_url_is_refused(launcher, value):
    _assert_usage_error(_bare(launcher, "migrate", "--database", value), "--database")
    _assert_usage_error(_bare(launcher, "migrate", DATABASE_URL=value), "DATABASE_URL")
    assert list(Path(launcher.workdir).glob("*.db")) == []


BAD_SETTINGS = {
    "TANDEM_LISTEN": ["127.0.0.1:65536", "localhost"],
    "TANDEM_THREADS": ["-1", "1.5"],
    "TANDEM_FACES": ["v2"],
    "TANDEM_MAX_HEADER_BYTES": ["lots", "512"],
    "TANDEM_MAX_BODY_BYTES": ["0", "-1"],
    "TANDEM_HEADER_TIMEOUT_MS": ["0"],
    "TANDEM_BODY_TIMEOUT_MS": ["-5"],
    "TANDEM_IDLE_TIMEOUT_MS": ["1e3"],
    "TANDEM_MAX_CONNECTIONS": ["0"],
    "TANDEM_SHUTDOWN_DEADLINE_MS": ["-1"],
    "TANDEM_DRAIN_MS": ["60001", "-1", "1s"],
    "TANDEM_TRUSTED_PROXIES": ["localhost", "10.0.0.1/8", "127.0.0.1, proxy.example.com", ","],
    "TANDEM_ACCESS_LOG": ["maybe"],
    "ACCESS_TOKEN_EXPIRE_MINUTES": ["0"],
    "REFRESH_TOKEN_EXPIRE_DAYS": ["-7"],
    "TANDEM_ARGON2_OPSLIMIT": ["0"],
    "TANDEM_ARGON2_MEMLIMIT_KIB": ["4", "99999999999999999999"],
    "TANDEM_HASH_THREADS": ["0"],
    "TANDEM_HASH_QUEUE": ["none"],
    "TANDEM_LOGIN_ACCOUNT_LIMIT": ["0"],
    "TANDEM_LOGIN_ADDRESS_LIMIT": ["x"],
    "TANDEM_LOGIN_WINDOW_SECONDS": ["0"],
    "TANDEM_PG_CONNECTIONS_PER_LOOP": ["0"],
    "TANDEM_DB_MAX_WAITERS": ["0"],
    "TANDEM_WS_MAX_QUEUE": ["0"],
    "TANDEM_WS_PING_SECONDS": ["0"],
    "TANDEM_V1_WS_ALLOW_ANONYMOUS": ["perhaps"],
    "FLOWTRACK_WS_ALLOW_ANONYMOUS": ["perhaps"],
    "TANDEM_KPI_PASSWORDLESS_LOGIN": ["2"],
    "TANDEM_KPI_STRICT_VALUES": ["sometimes"],
    "TANDEM_TEAMFLOW_TOKEN_HOURS": ["0", "9000"],
    "TANDEM_NOW": ["yesterday"],
    "TANDEM_ENV": ["prod"],
    "TANDEM_CORS_ORIGINS": ["localhost:3000", "http://a.example.com/app"],
    "FRONT_END_URL": ["app.example.com"],
}


@pytest.mark.parametrize("name,value", [(n, v) for n, vs in BAD_SETTINGS.items() for v in vs])
def test_bad_setting_is_refused_before_the_database(launcher, name, value):
    database = launcher.new_database()
    # The test environment's CORS list would hide FRONT_END_URL, a lower-precedence name.
    proc = _bare(launcher, "serve", "--database", database,
                 **{"TANDEM_CORS_ORIGINS": None, name: value})
    _assert_usage_error(proc, name)
    _assert_untouched(database)


@pytest.mark.parametrize("command", [["migrate"], ["seed", "teamflow-demo"],
                                     ["user", "add", "--email", "someone@example.com"]])
def test_every_command_checks_the_settings_first(launcher, command):
    database = launcher.new_database()
    proc = _bare(launcher, *command, "--database", database, TANDEM_HASH_THREADS="-2")
    _assert_usage_error(proc, "TANDEM_HASH_THREADS")
    _assert_untouched(database)


BAD_USER_ADD = [
    ("--email", "not an email"), ("--email", "@example.com"), ("--email", "someone@"),
    ("--email", "some one@example.com"), ("--email", "someone@example..com"),
    ("--email", "someone@-example.com"), ("--email", ""),
    ("--password", ""),
    ("--username", ""), ("--username", " padded"), ("--name", "two\nlines"),
    ("--first-name", ""), ("--last-name", "\t"), ("--display-name", "x\x7f"), ("--role", ""),
]


@pytest.mark.parametrize("flag,value", BAD_USER_ADD)
def test_bad_user_add_argument_is_refused_before_the_database(launcher, flag, value):
    database = launcher.new_database()
    args = {"--email": "someone@example.com", flag: value}
    argv = [part for pair in args.items() for part in pair]
    _assert_usage_error(_bare(launcher, "user", "add", *argv, "--database", database), flag)
    _assert_untouched(database)


def test_unknown_seed_is_refused_before_the_database(launcher):
    database = launcher.new_database()
    _assert_usage_error(_bare(launcher, "seed", "nope", "--database", database), "seed NAME")
    _assert_untouched(database)


def test_cli11_usage_errors_exit_2(launcher):
    database = launcher.new_database()
    proc = _bare(launcher, "user", "add", "--database", database)  # no --email
    assert proc.returncode == USAGE_ERROR, proc.stderr
    assert "--email" in proc.stderr
    _assert_untouched(database)


def test_good_edge_values_are_accepted(launcher):
    database = launcher.new_database()
    good = dict(TANDEM_THREADS="256", TANDEM_LISTEN="[::1]:65535", TANDEM_FACES="v1, kpi",
                TANDEM_ACCESS_LOG="Off", TANDEM_KPI_STRICT_ROLES="YES", TANDEM_ENV="development",
                TANDEM_CORS_ORIGINS='["http://a.example.com:3000/", "app://desktop"]',
                TANDEM_SHUTDOWN_DEADLINE_MS="0", TANDEM_TEAMFLOW_TOKEN_HOURS="8760",
                TANDEM_DRAIN_MS="60000", TANDEM_TRUSTED_PROXIES="10.0.0.0/8, ::1,192.0.2.7",
                TANDEM_MAX_HEADER_BYTES=" 1024 ", TANDEM_LOGIN_ACCOUNT_LIMIT="1000000000",
                TANDEM_THREADS_UNUSED="", TANDEM_HASH_QUEUE="")
    migrated = _bare(launcher, "migrate", "--database", database, **good)
    assert migrated.returncode == 0, migrated.stderr
    for email, extra in [("root@localhost", []),
                         ("O'Brien+tag@Example.COM", ["--name", "Dana O'Brien"]),
                         ("jose@bücher.example", ["--username", "jose", "--role", "Team Lead"])]:
        added = _bare(launcher, "user", "add", "--email", email, *extra, "--database", database)
        assert added.returncode == 0, added.stderr
        assert set(json.loads(added.stdout)) == {"id", "uuid"}


def test_serve_on_port_0_listens_on_a_free_port(launcher):
    proc = subprocess.Popen(
        [tandem_binary(), "serve", "--listen", "127.0.0.1:0", "--threads", "1", "--database",
         launcher.new_database()], env=base_env(), cwd=launcher.workdir, text=True,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        port = None
        while port is None and time.monotonic() < deadline:
            line = proc.stderr.readline()
            assert line, "tandem serve exited before listening"
            if found := re.search(r"listening on http://127\.0\.0\.1:(\d+)", line):
                port = int(found.group(1))
        assert port and port != 0
        assert http_session().get(f"http://127.0.0.1:{port}/healthz",
                                  timeout=10).json() == {"status": "ok"}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)


# --- a database newer than the binary (issue 8, defect 8) ----------------------------------------

FUTURE_VERSION = 9999


def _newest_embedded_version(database: str) -> int:
    dialect = "sqlite" if database.startswith("sqlite") else "postgres"
    return max(int(p.name[:4]) for p in (REPO_ROOT / "migrations" / dialect).glob("*.sql"))


def _snapshot(database: str) -> dict:
    tables = ["schema_migrations", "instance_settings", "users", "roles", "user_roles", "kpis",
              "circles"]
    counts = {t: _sql(database, f"SELECT count(*) FROM {t}")[0][0] for t in tables}
    counts["versions"] = _sql(database, "SELECT version FROM schema_migrations ORDER BY version")
    return {key: [tuple(map(str, row)) for row in v] if isinstance(v, list) else str(v)
            for key, v in counts.items()}


@pytest.fixture
def future_database(launcher):
    """A migrated database with one user, then a migration row from a newer tandem. The
    secret is configured, so no generated one is stored yet."""
    database = launcher.new_database()
    launcher.cli("migrate", database=database, check=True)
    launcher.cli("user", "add", "--email", unique_email("existing"), "--password", "pw",
                 database=database, check=True)
    _sql(database, "INSERT INTO schema_migrations (version, name, applied_at) "
                   f"VALUES ({FUTURE_VERSION}, 'from_a_newer_tandem', 0)")
    return database


def _assert_refused_as_newer(output: str, database: str):
    assert f"schema version {FUTURE_VERSION}" in output, output
    assert f"this tandem's {_newest_embedded_version(database)}" in output, output


@pytest.mark.parametrize("command", [
    ["migrate"],
    ["user", "add", "--email", "late@example.com", "--password", "pw"],
    ["seed", "teamflow-demo"],
    ["seed", "kpi-demo"],
])
def test_newer_database_is_refused_untouched(launcher, future_database, command):
    before = _snapshot(future_database)
    # Without a configured secret a command would generate one and store it: it must not.
    env = base_env(TANDEM_JWT_SECRET=None)
    proc = launcher.cli(*command, database=future_database, env=env)
    assert proc.returncode not in (0, USAGE_ERROR), (proc.returncode, proc.stdout, proc.stderr)
    _assert_refused_as_newer(proc.stderr, future_database)
    assert "latest" not in proc.stdout
    assert _snapshot(future_database) == before


def test_serve_refuses_a_newer_database_untouched(launcher, future_database):
    before = _snapshot(future_database)
    srv = launcher.server(database=future_database, start=False, TANDEM_JWT_SECRET=None)
    srv.spawn()
    code = srv.wait_exit(20.0)
    if code is None:
        srv.kill()
    assert code not in (None, 0), "the server must refuse to start"
    assert "listening on" not in srv.log()
    _assert_refused_as_newer(srv.log(), future_database)
    assert _snapshot(future_database) == before
