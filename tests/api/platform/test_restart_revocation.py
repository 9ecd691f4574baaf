"""A token revoked before a restart is refused by the restarted server from its very first
request (issue 8, defect 7): `tandem serve` loads every revocation before it listens."""

import time

from api.kpi.kpi_support import run_sql
from api.support import V1, assert_error, http_session

# Unrelated revocations make the first load take long enough (tens of milliseconds) that a
# server answering before it had loaded them would let the first request through every time.
UNRELATED_REVOCATIONS = 100_000
RESTARTS = 3


def add_unrelated_revocations(server, count: int) -> None:
    now = int(time.time() * 1_000_000)
    expires = now + 365 * 86_400 * 1_000_000
    # One statement both SQLite and PostgreSQL run: a recursive row generator.
    run_sql(server, "INSERT INTO revoked_tokens (jti, expires_at, revoked_at) "
                    f"SELECT 'unrelated-' || n, {expires}, {now} FROM "
                    "(WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g "
                    f"WHERE n < {count}) SELECT n FROM g) AS numbers")


def test_token_revoked_before_a_restart_is_refused_by_the_first_request(launcher):
    first = launcher.server()
    v1 = V1(first)
    registered = v1.register()
    acct = v1.login(registered.email, registered.password)
    # The KPI face's logout revokes the access token it is given (by jti); the v1 logout revokes
    # the refresh cookie. Every face accepts every face's access token.
    kpi_logout = http_session().post(first.url + "/logout", headers=acct.auth, timeout=15)
    assert kpi_logout.status_code == 200, kpi_logout.text
    assert v1.logout(acct.refresh).status_code == 204
    assert_error(v1.me(acct.token), 401, "Could not validate credentials")
    first.stop()
    add_unrelated_revocations(first, UNRELATED_REVOCATIONS)

    for _ in range(RESTARTS):
        restarted = launcher.server(database=first.database, env=first.env)
        again = V1(restarted)
        assert_error(again.me(acct.token), 401, "Could not validate credentials")
        assert_error(again.refresh(acct.refresh), 401, "Invalid refresh token")
        restarted.stop()
