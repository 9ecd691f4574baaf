"""The strict-mode switches of spec/kpi.md §5.3, §5.9 and §5.19, all on in one server."""

import pytest

from api.kpi.kpi_support import NOT_GATEKEEPER, Kpi, add_kpi_user, assert_message, run_sql

NOT_MEMBER = "User is not a member of the KPI's circle. Unauthorized Access"


@pytest.fixture(scope="module")
def strict(module_launcher):
    server = module_launcher.server(TANDEM_KPI_STRICT_ROLES="1", TANDEM_KPI_STRICT_VALUES="true",
                                    TANDEM_KPI_STRICT_INACTIVE_KPI="yes")
    add_kpi_user(server, "member@test.com", "m", "m", "member", "member")
    add_kpi_user(server, "outsider@test.com", "o", "o", "outsider", "outsider")
    add_kpi_user(server, "gk@test.com", "g", "k", "gk", "gk", gatekeeper=True)
    api = Kpi(server)
    gk = api.login("gk@test.com")
    assert api.post("/circles", token=gk, json={"name": "c1"}).status_code == 201
    run_sql(server, "INSERT INTO user_circles (user_id, circle_id) VALUES (1, 1)")
    for name, periodicity, unit, active in [("pct", "monthly", "%", "True"),
                                            ("quarterly", "quarterly", "chf", "True"),
                                            ("yearly", "yearly", "chf", "True"),
                                            ("removed", "monthly", "chf", "False")]:
        resp = api.post("/kpis/add", token=gk, json={
            "circle_id": 1, "name": name, "periodicity": periodicity, "unit": unit,
            "target_value": 1, "active": active})
        assert resp.status_code == 201, resp.text
    return api


def add(api, token, kpi_id, month, value):
    return api.post("/kpi_values/add", token=token, json={
        "kpi_id": kpi_id, "period_year": 2023, "period_month": month, "value": value})


def test_circle_creation_needs_a_gatekeeper(strict):
    token = strict.login("member@test.com")
    assert_message(strict.post("/circles/add", token=token, json={"name": "x"}), 403,
                   NOT_GATEKEEPER)


def test_values_need_membership_or_gatekeeper(strict):
    outsider = strict.login("outsider@test.com")
    member = strict.login("member@test.com")
    gk = strict.login("gk@test.com")
    assert_message(add(strict, outsider, 1, 1, 5), 403, NOT_MEMBER)
    assert add(strict, member, 1, 1, 5).status_code == 201
    assert add(strict, gk, 1, 2, 5).status_code == 201
    assert_message(strict.put("/kpi_values/1/edit", token=outsider, json={"value": 6}), 403,
                   NOT_MEMBER)
    assert strict.put("/kpi_values/1/edit", token=member, json={"value": 6}).status_code == 200


@pytest.mark.parametrize("kpi_id, month, value, status, text", [
    (1, 3, 101, 400, "value is out of range for the KPI's unit"),
    (1, 3, -1, 400, "value is out of range for the KPI's unit"),
    (2, 4, 1, 400, "period_month does not match the KPI's periodicity"),
    (3, 11, 1, 400, "period_month does not match the KPI's periodicity"),
    (4, 5, 1, 403, "Kpi is not active. Cannot be updated"),
    (2, 6, 1, 201, "KPI Value was added successfully"),
    (3, 12, -0.0, 201, "KPI Value was added successfully"),
])
def test_value_rules(strict, kpi_id, month, value, status, text):
    assert_message(add(strict, strict.login("gk@test.com"), kpi_id, month, value), status, text)


def test_strict_edit_range(strict):
    gk = strict.login("gk@test.com")
    assert add(strict, gk, 1, 9, 50).status_code == 201
    vid = next(v["id"] for v in strict.get("/kpi_values", token=gk).json()["KPI_Values"]
               if (v["kpi_id"], v["period_month"]) == (1, 9))
    assert_message(strict.put(f"/kpi_values/{vid}/edit", token=gk, json={"value": 150}), 400,
                   "value is out of range for the KPI's unit")


def test_bad_switch_value_refuses_to_start(launcher):
    server = launcher.server(start=False, TANDEM_KPI_STRICT_ROLES="sometimes")
    server.spawn()
    assert server.wait_exit(20) == 2
    assert "TANDEM_KPI_STRICT_ROLES" in server.log()
