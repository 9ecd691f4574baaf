"""A real redis-server for the suites that use Redis (REDIS_URL)."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
import redis

from api.tandem_server import free_port


class RedisServer:
    """A redis-server on a free loopback port, without persistence."""

    def __init__(self, workdir, password: str | None = None):
        if shutil.which("redis-server") is None:
            pytest.skip("redis-server is not installed (scripts/install-deps.sh)")
        self.workdir = workdir
        self.password = password
        self.port = free_port()
        self.proc = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", str(self.workdir)]
        if self.password:
            argv += ["--requirepass", self.password]
        self.proc = subprocess.Popen(
            argv,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)

    def client(self, db: int = 0) -> redis.Redis:
        return redis.Redis(port=self.port, db=db, password=self.password, socket_timeout=5)
