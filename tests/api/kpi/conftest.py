"""KPI fixtures: one module-scoped server per test module, with the original tests' users and
circle (spec/kpi.md §4) and "today" pinned to 2023-11-03."""

import pytest

from api.kpi.kpi_support import PINNED_NOW, original_fixture


@pytest.fixture(scope="module")
def kpi_server(module_launcher):
    return module_launcher.server(TANDEM_NOW=PINNED_NOW)


@pytest.fixture(scope="module")
def kpi(kpi_server):
    """Client on the module server, after the original setUp (users 1-3, circle 1)."""
    return original_fixture(kpi_server)


@pytest.fixture(scope="module")
def economist(kpi):
    return kpi.login("test@test.com")


@pytest.fixture(scope="module")
def gatekeeper(kpi):
    return kpi.login("martin@test.com")


@pytest.fixture(scope="module")
def gatekeeper_name():
    return "martin"
