"""Schemes fixtures: one module-scoped server per test module (every face mounted, as the
launcher starts it), a client on it, and an Admin and a non-admin made by `tandem user add`.
Tests share the module's database, so each one makes its own rows with unique names."""

import pytest

from api.schemes.schemes_support import Schemes


@pytest.fixture(scope="module")
def sc(module_server):
    return Schemes(module_server)


@pytest.fixture(scope="module")
def admin(sc):
    """Holds the role Admin (the client's spelling; design.md: admin in any spelling)."""
    return sc.new_user(roles=("Admin",), phone="+41 00 000 00 01")


@pytest.fixture(scope="module")
def worker(sc, admin):
    """A non-admin (role Worker), made after the admin."""
    return sc.new_user(roles=("Worker",), phone="+41 00 000 00 02")


@pytest.fixture(scope="module")
def token(worker):
    """A non-admin's token: the rights every authenticated user has (§5.2)."""
    return worker.token
