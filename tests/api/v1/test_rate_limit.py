"""Failed-login throttling per account and per client address (Tandem setting, v1 shape)."""

import time

from api.support import V1, assert_error

TOO_MANY = "Too many login attempts, try again later"
WRONG = "Incorrect email or password"


def _assert_throttled(resp):
    assert_error(resp, 429, TOO_MANY)
    retry = resp.headers.get("Retry-After")
    assert retry is not None and retry.isdigit() and int(retry) >= 1, resp.headers


def test_account_limit(start_server):
    srv = start_server(TANDEM_LOGIN_ACCOUNT_LIMIT="3")
    v1 = V1(srv)
    victim = v1.register()
    bystander = v1.register()
    for _ in range(3):
        assert_error(v1.login_raw(victim.email, "wrong"), 401, WRONG)
    _assert_throttled(v1.login_raw(victim.email, "wrong"))
    # While throttled, even the right password is refused (no oracle for guessing).
    _assert_throttled(v1.login_raw(victim.email, victim.password))
    # Another account from the same address is unaffected.
    assert_error(v1.login_raw(bystander.email, "wrong"), 401, WRONG)
    assert v1.login_raw(bystander.email, bystander.password).status_code == 200


def test_account_limit_counts_normalised_email(start_server):
    srv = start_server(TANDEM_LOGIN_ACCOUNT_LIMIT="2")
    v1 = V1(srv)
    victim = v1.register()
    local, domain = victim.email.split("@")
    assert_error(v1.login_raw(f"{local}@{domain.upper()}", "wrong"), 401, WRONG)
    assert_error(v1.login_raw(victim.email, "wrong"), 401, WRONG)
    _assert_throttled(v1.login_raw(f"{local}@{domain.title()}", "wrong"))


def test_address_limit(start_server):
    srv = start_server(TANDEM_LOGIN_ACCOUNT_LIMIT="100", TANDEM_LOGIN_ADDRESS_LIMIT="5")
    v1 = V1(srv)
    accounts = [v1.register() for _ in range(7)]
    for acct in accounts[:5]:
        assert_error(v1.login_raw(acct.email, "wrong"), 401, WRONG)
    _assert_throttled(v1.login_raw(accounts[5].email, "wrong"))
    _assert_throttled(v1.login_raw(accounts[6].email, accounts[6].password))


def test_limit_window_expires(start_server):
    srv = start_server(TANDEM_LOGIN_ACCOUNT_LIMIT="2", TANDEM_LOGIN_WINDOW_SECONDS="2")
    v1 = V1(srv)
    acct = v1.register()
    for _ in range(2):
        assert_error(v1.login_raw(acct.email, "wrong"), 401, WRONG)
    throttled = v1.login_raw(acct.email, acct.password)
    _assert_throttled(throttled)
    assert int(throttled.headers["Retry-After"]) <= 2
    time.sleep(2.6)
    resp = v1.login_raw(acct.email, acct.password)
    assert resp.status_code == 200, resp.text


def test_successful_logins_are_not_throttled(start_server):
    srv = start_server(TANDEM_LOGIN_ACCOUNT_LIMIT="2", TANDEM_LOGIN_ADDRESS_LIMIT="3")
    v1 = V1(srv)
    acct = v1.register()
    for _ in range(6):
        resp = v1.login_raw(acct.email, acct.password)
        assert resp.status_code == 200, resp.text
