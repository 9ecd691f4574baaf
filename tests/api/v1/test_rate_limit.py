"""Failed-login throttling per account and per client address (Tandem setting, v1 shape)."""

import time


from api.support import V1, assert_error, run_at_once, unique_email, v1_from

TOO_MANY = "Too many login attempts, try again later"
WRONG = "Incorrect email or password"


def _assert_throttled(resp):
    assert_error(resp, 429, TOO_MANY)
    retry = resp.headers.get("Retry-After")
    assert retry is not None and retry.isdigit() and int(retry) >= 1, resp.headers


def _statuses(responses) -> dict:
    counts = {}
    for r in responses:
        key = r.status_code if hasattr(r, "status_code") else repr(r)
        counts[key] = counts.get(key, 0) + 1
    return counts


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


def test_success_forgives_the_failures_from_its_own_address(start_server):
    srv = start_server(TANDEM_LOGIN_ACCOUNT_LIMIT="3")
    v1 = V1(srv)
    acct = v1.register()
    for _ in range(2):
        assert_error(v1.login_raw(acct.email, "wrong"), 401, WRONG)
    assert v1.login_raw(acct.email, acct.password).status_code == 200
    for _ in range(3):
        assert_error(v1.login_raw(acct.email, "wrong"), 401, WRONG)
    _assert_throttled(v1.login_raw(acct.email, "wrong"))


# Every attempt is counted before its password is checked: a burst of concurrent guesses gets no
# more checks (401s) than the limit, and the rest are 429 without a check.

BURST = 200


def test_concurrent_wrong_passwords_get_at_most_the_limit_of_checks(start_server):
    srv = start_server(TANDEM_LOGIN_ACCOUNT_LIMIT="10")
    owner = V1(srv).register()
    attackers = [V1(srv) for _ in range(BURST)]
    results = run_at_once(len(attackers), lambda i: attackers[i].login_raw(owner.email, "wrong"))
    assert _statuses(results) == {401: 10, 429: BURST - 10}, _statuses(results)
    # The storm came from 127.0.0.1: the owner still gets in from another address.
    assert v1_from(srv, "127.0.0.2").login_raw(owner.email, owner.password).status_code == 200
    _assert_throttled(V1(srv).login_raw(owner.email, owner.password))


def test_concurrent_unknown_accounts_get_at_most_the_address_limit_of_checks(start_server):
    srv = start_server(TANDEM_LOGIN_ADDRESS_LIMIT="50")
    attackers = [V1(srv) for _ in range(BURST)]
    results = run_at_once(len(attackers),
                          lambda i: attackers[i].login_raw(unique_email("nobody"), "x"))
    assert _statuses(results) == {401: 50, 429: BURST - 50}, _statuses(results)
    # The limit is the address's: another address is not throttled.
    assert_error(v1_from(srv, "127.0.0.2").login_raw(unique_email("nobody"), "x"), 401, WRONG)


def test_account_ceiling_holds_across_addresses(start_server):
    srv = start_server(TANDEM_LOGIN_ACCOUNT_LIMIT="2", TANDEM_LOGIN_ACCOUNT_CEILING="5")
    owner = V1(srv).register()
    first, second, third = (v1_from(srv, f"127.0.0.{n}") for n in (1, 2, 3))
    for client in (first, second):
        for _ in range(2):
            assert_error(client.login_raw(owner.email, "wrong"), 401, WRONG)
        _assert_throttled(client.login_raw(owner.email, "wrong"))
    assert_error(third.login_raw(owner.email, "wrong"), 401, WRONG)
    # Five failures on the account from three addresses: the ceiling now holds everywhere.
    _assert_throttled(third.login_raw(owner.email, owner.password))
    _assert_throttled(v1_from(srv, "127.0.0.4").login_raw(owner.email, owner.password))
