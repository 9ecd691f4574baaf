"""TeamFlow fixtures: one module-scoped server per test module."""

import pytest

from api.teamflow.tf_support import TeamFlow


@pytest.fixture(scope="module")
def tf_server(module_launcher):
    return module_launcher.server()


@pytest.fixture(scope="module")
def tf(tf_server):
    return TeamFlow(tf_server)


@pytest.fixture(scope="module")
def token(tf):
    return tf.token()
