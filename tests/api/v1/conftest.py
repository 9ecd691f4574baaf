"""v1 fixtures on the module-scoped server: the first registered user (admin) and members."""

import pytest

from api.support import V1


@pytest.fixture(scope="module")
def api(module_server):
    return V1(module_server)


@pytest.fixture(scope="module")
def admin(api):
    """The first user registered in the module's empty database, hence admin. Every fixture
    and test that registers users on `api` depends on this one, so it always runs first."""
    account = api.register(name="Module Admin")
    assert account.role == "admin", "the first user registered in an empty database is admin"
    return account


@pytest.fixture
def member(api, admin):
    account = api.register()
    assert account.role == "member"
    return account


@pytest.fixture
def secret(module_server):
    return module_server.env["TANDEM_JWT_SECRET"]
