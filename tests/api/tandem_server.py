"""Start and stop the real `tandem` binary for black-box API tests.

Nothing here knows a face: the v1 helpers live in api.support. Other face suites can use
ServerProcess / Launcher through the fixtures in tests/api/conftest.py.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 15.0  # above the server's default 10 s shutdown deadline

# Environment variables that configure the server. They are removed from the inherited
# environment so that the developer's shell never changes what a test sees.
_STRIPPED_PREFIXES = ("TANDEM_", "FLOWTRACK_", "KPI_", "TEAMFLOW_", "BEYO_")
_STRIPPED_NAMES = {
    "DATABASE_URL", "MODE", "JWT_SECRET", "JWT_SECRET_KEY", "SECRET_KEY", "JWT_ALGORITHM",
    "ALGORITHM", "FRONT_END_URL", "ALLOW_ORIGINS", "ACCESS_TOKEN_EXPIRE_MINUTES",
    "REFRESH_TOKEN_EXPIRE_DAYS", "REDIS_URL",
}


def tandem_binary() -> str:
    return os.environ.get("TANDEM_BINARY") or str(REPO_ROOT / "build" / "tandem")


def test_db_kind() -> str:
    kind = os.environ.get("TANDEM_TEST_DB", "sqlite").strip().lower() or "sqlite"
    if kind in ("postgres", "postgresql", "pg"):
        return "postgres"
    if kind != "sqlite":
        raise RuntimeError(f"TANDEM_TEST_DB must be sqlite or postgres, not {kind!r}")
    return kind


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(**overrides) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(_STRIPPED_PREFIXES) and k not in _STRIPPED_NAMES
    }
    env.update(
        TANDEM_JWT_SECRET="test-secret-" + secrets.token_hex(16),
        TANDEM_ARGON2_OPSLIMIT="1",
        TANDEM_ARGON2_MEMLIMIT_KIB="8192",
        TANDEM_CORS_ORIGINS="http://localhost:3000",
        # No drain window: every test server stops at once instead of answering /readyz 503
        # for a second first; tests/api/platform/test_drain.py sets it where it is tested.
        TANDEM_DRAIN_MS="0",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = str(value)
    return env


class Databases:
    """Creates fresh, empty databases (SQLite files or PostgreSQL databases) and drops them."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.kind = test_db_kind()
        self._pg_created: list[tuple[str, str]] = []  # (admin url, db name)
        if self.kind == "postgres":
            self.admin_url = os.environ.get("TANDEM_TEST_POSTGRES_URL", "")
            if not self.admin_url:
                raise RuntimeError("TANDEM_TEST_DB=postgres needs TANDEM_TEST_POSTGRES_URL")

    def create(self) -> str:
        name = "t_" + secrets.token_hex(6)
        if self.kind == "sqlite":
            path = self.workdir / f"{name}.db"
            return "sqlite:///" + str(path.resolve())  # sqlite:////abs/path.db
        owner = urllib.parse.urlsplit(self.admin_url).username or "tandem"
        # The test role may lack CREATEDB; then ask the cluster's superuser (trust auth on the
        # throwaway cluster) to create the database for it.
        attempts = [
            (self.admin_url, f'CREATE DATABASE "{name}"'),
            (_with_dbname(self.admin_url, "postgres"), f'CREATE DATABASE "{name}"'),
            (_with_user(_with_dbname(self.admin_url, "postgres"), "postgres"),
             f'CREATE DATABASE "{name}" OWNER "{owner}"'),
        ]
        errors = []
        for admin, sql in attempts:
            try:
                _psql(admin, sql)
            except RuntimeError as err:
                errors.append(str(err))
                continue
            self._pg_created.append((admin, name))
            return _with_dbname(self.admin_url, name)
        raise RuntimeError("cannot create a test database:\n" + "\n".join(errors))

    def drop_all(self) -> None:
        while self._pg_created:
            admin, name = self._pg_created.pop()
            try:
                _psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except RuntimeError:
                pass


def _with_dbname(url: str, dbname: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + dbname))


def _with_user(url: str, user: str) -> str:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    netloc = f"{user}@{host}" + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def _psql(url: str, sql: str) -> None:
    env = dict(os.environ, PGCONNECT_TIMEOUT="10")
    proc = subprocess.run(
        ["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
        env=env, capture_output=True, text=True, timeout=60,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"psql failed ({sql}): {proc.stderr.strip()}")


class ServerProcess:
    """One `tandem serve` process on a free port, with its stderr/stdout captured to a file."""

    def __init__(self, database: str, env: dict, workdir: Path, threads: int = 2,
                 extra_args: tuple = (), name: str = "server"):
        self.binary = tandem_binary()
        self.database = database
        self.env = env
        self.workdir = workdir
        self.threads = threads
        self.extra_args = tuple(extra_args)
        self.name = name
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.log_path = workdir / f"{name}.log"
        self.returncode: int | None = None
        self.started_at = 0.0
        self.stopped_at: float | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def spawn(self, port: int | None = None) -> "ServerProcess":
        if not os.path.exists(self.binary):
            raise RuntimeError(f"tandem binary not found at {self.binary} (set TANDEM_BINARY)")
        self.port = port or free_port()
        argv = [self.binary, "serve", "--listen", f"127.0.0.1:{self.port}",
                "--database", self.database, "--threads", str(self.threads), *self.extra_args]
        self._log = open(self.log_path, "ab")
        self._log_start = self._log.tell()  # this run's lines begin here
        self._log.write(("$ " + " ".join(argv) + "\n").encode())
        self._log.flush()
        self.started_at = time.monotonic()
        deadline = time.monotonic() + 15
        while True:
            try:
                self.proc = subprocess.Popen(
                    argv, env=self.env, cwd=self.workdir, stdin=subprocess.DEVNULL,
                    stdout=self._log, stderr=self._log, start_new_session=True,
                )
                return self
            except OSError:  # e.g. "Text file busy" while the binary is being relinked
                if time.monotonic() > deadline or not os.path.exists(self.binary):
                    raise
                time.sleep(0.5)

    def start(self) -> "ServerProcess":
        last_error = None
        for _attempt in range(3):  # a free port can be taken between probing and binding
            self.spawn()
            try:
                self.wait_ready()
                return self
            except RuntimeError as err:
                last_error = err
                if self.proc.poll() is None or "address" not in self.log().lower():
                    self.kill()
                    raise
        raise last_error

    def restart(self) -> "ServerProcess":
        """After a stop or kill: the same server again on the same port (a load balancer's
        configuration names it by port)."""
        self.stopped_at = None
        self.spawn(self.port)
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> None:
        needle = f"listening on http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.log()[self._log_start:]:
                return
            if self.proc.poll() is not None:
                self.returncode = self.proc.returncode
                raise RuntimeError(
                    f"tandem serve exited with {self.proc.returncode} before listening:\n"
                    + self.log_tail())
            time.sleep(0.02)
        raise RuntimeError(f"tandem serve did not log {needle!r} within {timeout}s:\n"
                           + self.log_tail())

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def memory_kib(self, field: str = "VmHWM") -> int:
        """A memory figure of the running process from /proc/<pid>/status, in KiB: VmRSS
        (resident now) or VmHWM (the resident peak since start)."""
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        raise RuntimeError(f"no {field} in /proc/{self.proc.pid}/status")

    def send_signal(self, sig: int = signal.SIGTERM) -> None:
        if self.alive():
            self.proc.send_signal(sig)

    def wait_exit(self, timeout: float) -> int | None:
        """Wait for the process to exit; return its code, or None if it is still running."""
        try:
            self.returncode = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        self.stopped_at = self.stopped_at or time.monotonic()
        return self.returncode

    def stop(self, sig: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT_S) -> int | None:
        """Graceful stop. Returns the exit code (negative if it had to be killed)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            code = self.wait_exit(timeout)
            if code is None:
                self.kill()
        self.returncode = self.proc.returncode
        self.stopped_at = self.stopped_at or time.monotonic()
        self._close_log()
        return self.returncode

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        if self.proc is not None:
            self.returncode = self.proc.returncode
        self.stopped_at = self.stopped_at or time.monotonic()
        self._close_log()

    def _close_log(self) -> None:
        log = getattr(self, "_log", None)
        if log is not None and not log.closed:
            log.close()

    # -- other subcommands against the same database ------------------------------------------

    def cli(self, *args, check: bool = False, timeout: float = 60) -> subprocess.CompletedProcess:
        return run_cli(self.binary, args, self.database, self.env, self.workdir, check, timeout)

    def add_user(self, email: str, password: str | None = None, roles=(), name: str | None = None,
                 **flags) -> dict:
        args = ["user", "add", "--email", email]
        if password is not None:
            args += ["--password", password]
        if name is not None:
            args += ["--name", name]
        for role in roles:
            args += ["--role", role]
        for flag, value in flags.items():
            opt = "--" + flag.replace("_", "-")
            if value is True:
                args.append(opt)
            elif value not in (None, False):
                args += [opt, str(value)]
        proc = self.cli(*args, check=True)
        return json.loads(proc.stdout)

    # -- logs ---------------------------------------------------------------------------------

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 150) -> str:
        return "\n".join(self.log().splitlines()[-lines:])


def run_cli(binary, args, database, env, cwd, check=False, timeout=60):
    argv = [binary, *args, "--database", database]
    proc = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} exited {proc.returncode}\n"
                             f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
    return proc


# Every ServerProcess ever created in this pytest session, so that a failing test can show
# the logs of the servers it talked to.
ALL_SERVERS: list[ServerProcess] = []


class Launcher:
    """Owns the servers and databases of one fixture scope and cleans them up."""

    def __init__(self, label: str = "scope"):
        self.workdir = Path(tempfile.mkdtemp(prefix=f"tandem-{label[:40]}-"))
        self.databases = Databases(self.workdir)
        self.servers: list[ServerProcess] = []
        self._count = 0

    def new_database(self) -> str:
        return self.databases.create()

    def env(self, **overrides) -> dict:
        return base_env(**overrides)

    def server(self, database: str | None = None, threads: int = 2, extra_args=(),
               env: dict | None = None, start: bool = True, **overrides) -> ServerProcess:
        """A new server. `database` shares an existing database; `env` replaces the whole
        environment (e.g. to give two instances the same secret); keyword overrides set or
        (with None) remove variables."""
        self._count += 1
        workdir = self.workdir / f"srv{self._count}"
        workdir.mkdir()
        if env is None:
            env = base_env(**overrides)
        else:
            env = dict(env)
            for key, value in overrides.items():
                if value is None:
                    env.pop(key, None)
                else:
                    env[key] = str(value)
        srv = ServerProcess(database or self.new_database(), env, workdir, threads, extra_args,
                            name=f"server{self._count}")
        self.servers.append(srv)
        ALL_SERVERS.append(srv)
        if start:
            srv.start()
        return srv

    def cli(self, *args, database: str, env: dict | None = None, check=False):
        workdir = self.workdir / "cli"
        workdir.mkdir(exist_ok=True)
        return run_cli(tandem_binary(), args, database, env or base_env(), workdir, check, 60)

    def close(self) -> None:
        for srv in self.servers:
            try:
                srv.stop()
            except Exception:  # noqa: BLE001 - cleanup must go on
                srv.kill()
        self.databases.drop_all()
        shutil.rmtree(self.workdir, ignore_errors=True)
