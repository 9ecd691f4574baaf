"""`tandem seed kpi-demo` (spec/kpi.md §1.10) and every call the React client makes (§3), with
the fields it reads, against the seeded data."""

import pytest

from api.kpi.kpi_support import PINNED_NOW, USER_KEYS, Kpi


@pytest.fixture(scope="module")
def seeded(module_launcher):
    server = module_launcher.server(TANDEM_NOW=PINNED_NOW)
    first = server.cli("seed", "kpi-demo", check=True)
    assert "created user martin@test.com" in first.stdout
    again = server.cli("seed", "kpi-demo", check=True)  # idempotent
    assert "already exists" in again.stdout and "created" not in again.stdout
    return Kpi(server)


def test_seed_rows(seeded):
    # Seen by the gatekeeper: other people's emails go to gatekeepers and admins only (the users
    # table is every face's; see tests/api/cross_face/test_v1_kpi.py).
    users = seeded.get("/users", token=seeded.login("martin@test.com")).json()
    assert [(u["id"], u["email"], u["display_name"], u["user_login_name"], u["is_gatekeeper"],
             [c["name"] for c in u["circles"]]) for u in users] == [
        (1, "test@test.com", "test_user_1", "tester", False, ["test_circle"]),
        (2, "martin@test.com", "Martin", "Martin-PO", True, []),
    ]
    token = seeded.login("test@test.com")
    seen_by_economist = seeded.get("/users", token=token).json()
    assert [(u["id"], u["email"]) for u in seen_by_economist] == [(1, "test@test.com"), (2, None)]
    kpis = seeded.get("/kpis", token=token).json()["kpi_list"]
    assert kpis == [{"id": 1, "circle_id": 1, "name": "HR KPI", "periodicity": "Monthly",
                     "unit": "%", "initial_value": 0.0, "target_value": 100.0, "active": True}]


def test_react_client_calls(seeded):
    # 1 userLoginApi: the two test sign-in buttons.
    login = seeded.login_raw("martin@test.com")
    assert login.status_code == 200
    gk = login.json()["access_token"]
    assert login.json()["user"]["id"] == 2 and login.json()["user"]["is_gatekeeper"] is True
    econ_login = seeded.login_raw("test@test.com").json()
    econ = econ_login["access_token"]
    # 2 userGetApi (own id)
    user = seeded.get(f"/users/{econ_login['user']['id']}", token=econ)
    assert user.status_code == 200
    assert set(user.json()["user"]) == USER_KEYS | {"circles"}
    assert user.json()["user"]["first_name"] == "test"
    # 4 circleGetAllApi
    circles = seeded.get("/circles", token=econ)
    assert circles.status_code == 200 and circles.json()["circles"][0] == {"id": 1,
                                                                            "name": "test_circle"}
    # 7 kpiAddApi: periodicity by display value, unit by name, no active
    resp = seeded.post("/kpis/add", token=gk, json={
        "circle_id": 1, "name": "Revenue", "periodicity": "Quarterly", "unit": "chf",
        "initial_value": 10, "target_value": 500})
    assert resp.status_code == 201
    # 5 kpiGetAllApi
    kpis = seeded.get("/kpis", token=econ)
    assert kpis.status_code == 200
    revenue = kpis.json()["kpi_list"][1]
    assert {k: revenue[k] for k in ("id", "name", "circle_id", "active", "target_value",
                                    "initial_value", "periodicity", "unit")} == {
        "id": 2, "name": "Revenue", "circle_id": 1, "active": True, "target_value": 500.0,
        "initial_value": 10.0, "periodicity": "Quarterly", "unit": "CHF"}
    # 6 kpiGetApi, then 8 kpiEditApi re-sending the object with active as a string
    kpi = seeded.get("/kpis/2", token=gk).json()["kpi"]
    edited = dict(kpi, unit=kpi["unit"], active="True", target_value=600)
    assert seeded.put("/kpis/2/edit", token=gk, json=edited).status_code == 200
    # 10 kpiValueAddApi; a second add for the month is the 400 the client explains
    body = {"kpi_id": 1, "period_year": 2023, "period_month": 10, "value": 42}
    assert seeded.post("/kpi_values/add", token=econ, json=body).status_code == 201
    assert seeded.post("/kpi_values/add", token=econ, json=body).status_code == 400
    # 9 kpiValueSearchApi: Overview defaults (circle 1, this_year), then "All"
    search = seeded.get("/kpi_values", token=econ, params={"circle_id": 1, "period": "this_year"})
    assert search.status_code == 200
    value = search.json()["KPI_Values"][0]
    assert (value["id"], value["kpi_id"], value["period_month"], value["value"]) == (1, 1, 10, 42.0)
    assert seeded.get("/kpi_values", token=econ, params={"period": "last_year"}).status_code == 204
    # 11 kpiValueEditApi: the whole value, "Clear Value" sends 0
    assert seeded.put("/kpi_values/1/edit", token=econ, json={
        "kpi_id": 1, "period_year": 2023, "period_month": 10, "value": 0}).status_code == 200
    # 12 kpiValueChangelogSearchApi (this month, computed client-side)
    log = seeded.get("/kpi_values/change_log", token=econ, params={
        "circle_id": 1, "from_year": 2023, "to_year": 2023, "from_month": 11, "to_month": 11})
    assert log.status_code == 200
    rows = log.json()["change_log"]
    assert [(r["activity"], r["username"], r["kpi_name"], r["value"]) for r in rows] == [
        ("Created", "test_user_1", "HR KPI", 42.0), ("Updated", "test_user_1", "HR KPI", 0.0)]
    assert rows[0]["registered_at"] == "Fri, 03 Nov 2023 12:00:00 GMT"
    # 13 kpiValueChangelogGetApi
    mini = seeded.get("/kpi_values/1/change_log", token=econ)
    assert mini.status_code == 200
    assert [(e["id"], e["kpi_value_id"], e["user_id"], e["activity"])
            for e in mini.json()["mini_change_log"]] == [(2, 1, 1, "Updated"),
                                                        (1, 1, 1, "Created")]
    # 3 userLogoutApi
    assert seeded.delete("/logout", token=econ).json() == {"msg": "JWT revoked"}
    # the silent re-login after a 401
    assert seeded.get("/kpis", token=econ).status_code == 401
    assert seeded.login_raw("test@test.com").status_code == 200
