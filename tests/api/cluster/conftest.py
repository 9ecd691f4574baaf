"""Several Tandem instances on one PostgreSQL database and one Redis behind a real haproxy
(issue 11), as scripts/cluster.sh runs them: the same haproxy configuration, instances that
trust the proxy, share Redis and drain on SIGTERM. PostgreSQL only: SQLite is one instance by
design."""

from __future__ import annotations

import subprocess
import time

import pytest
import requests

from api.redis_server import RedisServer
from api.tandem_server import REPO_ROOT, free_port, test_db_kind

INSTANCES = 3


class Haproxy:
    """A haproxy process in front of `backends` (ports), configured by scripts/cluster.sh."""

    def __init__(self, workdir, backends: list[int]):
        self.port = free_port()
        config = subprocess.run(
            [str(REPO_ROOT / "scripts" / "cluster.sh"), "haproxy-config", str(self.port),
             *map(str, backends)], capture_output=True, text=True, check=True).stdout
        self.config_path = workdir / "haproxy.cfg"
        self.config_path.write_text(config)
        self.log_path = workdir / "haproxy.log"
        self._log = open(self.log_path, "ab")
        # -db: stay in the foreground, so the test owns the process.
        self.proc = subprocess.Popen(["haproxy", "-db", "-f", str(self.config_path)],
                                     stdout=self._log, stderr=self._log,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        self.wait_serving()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_serving(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log_path.read_text()
            try:
                if requests.get(self.url + "/readyz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise RuntimeError("haproxy does not answer:\n" + self.log_path.read_text())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self._log.close()


class Cluster:
    def __init__(self, launcher, database: str | None = None, **env):
        self.launcher = launcher
        self.database = database or launcher.new_database()
        self.redis = RedisServer(launcher.workdir)
        self.env = launcher.env(TANDEM_TRUSTED_PROXIES="127.0.0.1", TANDEM_DRAIN_MS="1000",
                                REDIS_URL=self.redis.url, **env)
        self.instances = [launcher.server(database=self.database, env=self.env)
                          for _ in range(INSTANCES)]
        self.proxy = Haproxy(launcher.workdir, [srv.port for srv in self.instances])

    @property
    def url(self) -> str:
        return self.proxy.url

    @property
    def port(self) -> int:
        return self.proxy.port


    def stop(self) -> None:
        self.proxy.stop()
        self.redis.kill()


def needs_postgres():
    if test_db_kind() != "postgres":
        pytest.skip("several instances share one PostgreSQL database")


@pytest.fixture
def cluster(launcher):
    needs_postgres()
    own = Cluster(launcher)
    yield own
    own.stop()


@pytest.fixture
def make_cluster(launcher):
    """Factory: make_cluster(database=None, **env) for a cluster on another database or with
    other settings."""
    needs_postgres()
    made = []

    def make(database=None, **env):
        made.append(Cluster(launcher, database, **env))
        return made[-1]
    yield make
    for own in made:
        own.stop()
