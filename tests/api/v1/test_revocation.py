"""Several instances on one database: revocation and identity changes hold everywhere at once
(design.md "Auth": "the revocation holds on every instance at once")."""

import time

from api.support import V1, assert_error

PROPAGATION_S = 1.5


def _eventually(check, timeout=PROPAGATION_S):
    """Poll `check()` (returns (ok, last_response)) until ok or timeout."""
    deadline = time.monotonic() + timeout
    while True:
        ok, last = check()
        if ok or time.monotonic() >= deadline:
            return last
        time.sleep(0.05)


def _pair(start_server, launcher):
    database = launcher.new_database()
    a = start_server(database=database)
    b = start_server(database=database, env=a.env)  # same secret and settings
    return V1(a), V1(b)


def test_logout_on_one_instance_revokes_on_another(start_server, launcher):
    a, b = _pair(start_server, launcher)
    acct = a.register()
    assert b.me(acct.token).status_code == 200, "instances share the signing secret and data"
    assert b.refresh(acct.refresh).status_code == 200, "baseline: the cookie works on B"

    assert a.logout(acct.refresh).status_code == 204
    last = _eventually(lambda: ((r := b.refresh(acct.refresh)).status_code == 401, r))
    assert_error(last, 401, "Invalid refresh token")
    assert_error(a.refresh(acct.refresh), 401, "Invalid refresh token")


def test_logout_on_b_revokes_on_a(start_server, launcher):
    a, b = _pair(start_server, launcher)
    acct = a.register()
    assert a.refresh(acct.refresh).status_code == 200
    assert b.logout(acct.refresh).status_code == 204
    last = _eventually(lambda: ((r := a.refresh(acct.refresh)).status_code == 401, r))
    assert_error(last, 401, "Invalid refresh token")


def test_delete_and_demote_on_one_instance_apply_on_another(start_server, launcher):
    a, b = _pair(start_server, launcher)
    admin = a.register()
    assert admin.role == "admin"
    deputy = a.register()
    victim = a.register()
    assert a.put(f"/users/{deputy.id}", token=admin.token, json={"role": "admin"}).status_code == 200
    assert b.get("/users", token=deputy.token).status_code == 200
    assert b.me(victim.token).status_code == 200

    assert a.put(f"/users/{deputy.id}", token=admin.token,
                 json={"role": "member"}).status_code == 200
    last = _eventually(lambda: ((r := b.get("/users", token=deputy.token)).status_code == 403, r))
    assert_error(last, 403, "Not enough permissions. Admin access required.")

    assert a.delete(f"/users/{victim.id}", token=admin.token).status_code == 204
    last = _eventually(lambda: ((r := b.me(victim.token)).status_code == 401, r))
    assert_error(last, 401, "Could not validate credentials")
    assert_error(b.refresh(victim.refresh), 401, "Invalid refresh token")


def test_registration_on_one_instance_visible_on_another(start_server, launcher):
    a, b = _pair(start_server, launcher)
    admin = a.register()
    user = b.register()
    assert user.role == "member", "first-user-admin is decided by the shared database"
    ids = [u["id"] for u in a.get("/users", token=admin.token).json()]
    assert ids == [admin.id, user.id]
    assert b.login_raw(admin.email, admin.password).status_code == 200
