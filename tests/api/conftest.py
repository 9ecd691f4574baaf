"""Fixtures shared by every black-box API suite under tests/api/.

- `server`: a fresh `tandem serve` on a free port with a fresh, empty database (function scope).
- `module_server`: the same, shared by all tests of one module (use it only where tests do not
  interfere with each other, e.g. with unique emails per test).
- `start_server(**env)`: start more servers (custom environment, shared database, ...).
- `launcher` / `module_launcher`: the underlying Launcher (databases, CLI without a server).

Database: TANDEM_TEST_DB=sqlite (default, a temp file per server) or postgres (a fresh
database per server, created in the cluster at TANDEM_TEST_POSTGRES_URL, dropped afterwards).
Binary: TANDEM_BINARY or <repo>/build/tandem.

When a test fails, the logs of the servers it may have talked to are attached to the report.
"""

from __future__ import annotations

import time

import pytest

from api.tandem_server import ALL_SERVERS, Launcher

_test_started_at = [0.0]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    _test_started_at[0] = time.monotonic()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    for srv in ALL_SERVERS:
        relevant = srv.alive() or (srv.stopped_at is not None
                                   and srv.stopped_at >= _test_started_at[0])
        if relevant or (srv.proc is not None and srv.started_at >= _test_started_at[0]):
            report.sections.append(
                (f"tandem {srv.name} on port {srv.port} ({srv.database})", srv.log_tail()))


@pytest.fixture
def launcher(request):
    own = Launcher(request.node.name)
    yield own
    own.close()


@pytest.fixture(scope="module")
def module_launcher(request):
    own = Launcher(request.module.__name__.rsplit(".", 1)[-1])
    yield own
    own.close()


@pytest.fixture
def start_server(launcher):
    """Factory: start_server(database=None, threads=2, env=None, **env_overrides)."""
    return launcher.server


@pytest.fixture
def server(launcher):
    return launcher.server()


@pytest.fixture(scope="module")
def module_server(module_launcher):
    return module_launcher.server()
