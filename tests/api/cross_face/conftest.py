"""Fixtures for the cross-face suites: one module-scoped server with every face mounted, a
client per face on it, and a v1 admin made by `tandem user add` (so no test depends on being
the first to register)."""

import pytest

from api.kpi.kpi_support import Kpi
from api.support import DEFAULT_PASSWORD, V1, unique_email
from api.teamflow.tf_support import TeamFlow


@pytest.fixture(scope="module")
def api(module_server):
    """The v1 client, under the name api.v1.work_fixtures expects."""
    return V1(module_server)


@pytest.fixture(scope="module")
def tf(module_server):
    return TeamFlow(module_server)


@pytest.fixture(scope="module")
def kpi(module_server):
    return Kpi(module_server)


@pytest.fixture(scope="module")
def admin(api, module_server):
    email = unique_email("admin")
    module_server.add_user(email, password=DEFAULT_PASSWORD, roles=("admin",), name="Cross Admin")
    account = api.login(email, DEFAULT_PASSWORD)
    assert account.role == "admin"
    return account


@pytest.fixture
def member(api, admin):
    """A v1 registration; the admin exists first, so this is a member."""
    account = api.register()
    assert account.role == "member"
    return account
