"""The original backend/tests (spec/kpi.md §4), each on a fresh database as their setUp made,
with "today" pinned to the commit date so the date-dependent ones (23, 24) hold."""

import pytest

from api.kpi.kpi_support import (NOT_ACTIVE, NOT_GATEKEEPER, PINNED_NOW, USER_KEYS,
                                 assert_message, original_fixture)


@pytest.fixture
def api(start_server):
    return original_fixture(start_server(TANDEM_NOW=PINNED_NOW))


def add_kpi(api):
    """The original helper: martin posts new_kpi, then GET /kpis/1's kpi."""
    token = api.login("martin@test.com")
    api.post("/kpis/add", token=token, json={
        "circle_id": 1, "name": "new_kpi", "periodicity": "monthly", "unit": "chf",
        "initial_value": 0, "target_value": 10000})
    resp = api.get("/kpis/1", token=token)
    assert resp.status_code == 200, resp.text
    return resp.json()["kpi"]


def add_value(api, year, month, value=555):
    add_kpi(api)
    token = api.login("test@test.com")
    resp = api.post("/kpi_values/add", token=token, json={
        "kpi_id": 1, "period_year": year, "period_month": month, "value": value})
    return resp


def test_01_login_with_existing_email(api):
    resp = api.login_raw("test@test.com")
    assert resp.status_code == 200
    body = resp.json()
    assert "access_token" in body and "user" in body
    assert set(body["user"]) == USER_KEYS


def test_02_login_with_non_existing_email(api):
    assert_message(api.login_raw("nobody@test.com"), 404, "User Not Found")


def test_03_get_user(api):
    resp = api.get("/users/1", token=api.login("test@test.com"))
    assert resp.status_code == 200
    assert "user" in resp.json()


def test_04_get_non_existing_user(api):
    resp = api.get("/users/4", token=api.login("test@test.com"))
    assert resp.status_code == 404
    assert "User Not Found" in resp.json()["message"]


def test_05_get_non_active_user(api):
    resp = api.get("/users/3", token=api.login("test@test.com"))
    assert resp.status_code == 403
    assert NOT_ACTIVE in resp.json()["message"]


def test_06_get_users(api):
    resp = api.get("/users", token=api.login("test@test.com"))
    assert resp.status_code == 200
    assert len(resp.json()) == 3


def test_07_logout(api):
    token = api.login("test@test.com")
    assert api.delete("/logout", token=token).status_code == 200
    assert api.get("/users", token=token).status_code == 401


def test_08_get_circles(api):
    resp = api.get("/circles", token=api.login("test@test.com"))
    assert resp.status_code == 200
    assert "circles" in resp.json()


def test_09_get_circle_by_id(api):
    resp = api.get("/circles/1", token=api.login("test@test.com"))
    assert resp.status_code == 200
    assert "test circle" in resp.json()["circle"]["name"]


def test_10_get_non_existing_circle(api):
    resp = api.get("/circles/11", token=api.login("test@test.com"))
    assert resp.status_code == 404
    assert "Circle Not Found." in resp.json()["message"]


def test_11_add_circle(api):
    resp = api.post("/circles/add", token=api.login("test@test.com"), json={"name": "new_circle"})
    assert resp.status_code == 201
    assert "Circle added" in resp.json()["message"]


def test_12_add_kpi_economist(api):
    resp = api.post("/kpis/add", token=api.login("test@test.com"), json={
        "circle_id": 1, "name": "new_kpi", "periodicity": "monthly", "unit": "chf",
        "initial_value": 0, "target_value": 10000})
    assert resp.status_code == 403
    assert NOT_GATEKEEPER in resp.json()["message"]


def test_13_add_kpi_gatekeeper(api):
    token = api.login("martin@test.com")
    body = {"circle_id": 1, "name": "new_kpi", "periodicity": "monthly", "unit": "chf",
            "initial_value": 0, "target_value": 10000}
    assert_message(api.post("/kpis/add", token=token, json=body), 201, "KPI created successfully")
    assert_message(api.post("/kpis/add", token=token, json=body), 400,
                   "KPI name already exists. Choose a different name.")


def test_14_edit_kpi_gatekeeper_shadowed_original(api):
    add_kpi(api)
    token = api.login("martin@test.com")
    resp = api.put("/kpis/1/edit", token=token, json={"name": "updated_kpi"})
    assert_message(resp, 200, "KPI Updated Successfully")
    assert "updated_kpi" in api.get("/kpis/1", token=token).json()["kpi"]["name"]


def test_15_edit_na_kpi_gatekeeper(api):
    resp = api.put("/kpis/3/edit", token=api.login("martin@test.com"), json={"name": "x"})
    assert resp.status_code == 404
    assert "KPI Not Found" in resp.json()["message"]


def test_16_edit_kpi_gatekeeper(api):
    assert "new_kpi" in add_kpi(api)["name"]


def test_17_get_kpi_gatekeeper(api):
    add_kpi(api)
    resp = api.get("/kpis", token=api.login("martin@test.com"))
    assert resp.status_code == 200
    assert "new_kpi" in resp.json()["kpi_list"][0]["name"]


def test_18_get_kpi_economist(api):
    add_kpi(api)
    resp = api.get("/kpis", token=api.login("test@test.com"))
    assert resp.status_code == 200
    assert resp.json()["kpi_list"][0]["name"] == "new_kpi"


def test_19_add_kpi_values(api):
    assert_message(add_value(api, 2023, 8), 201, "KPI Value was added successfully")
    assert_message(add_value(api, 2023, 8), 400, "KPI Value already exists for this period")


def test_20_add_kpi_values_na_kpi(api):
    resp = api.post("/kpi_values/add", token=api.login("test@test.com"), json={
        "kpi_id": 12, "period_year": 2023, "period_month": 8, "value": 555})
    assert resp.status_code == 404
    assert "KPI doesn't exist" in resp.json()["message"]


def test_21_edit_kpi_values(api):
    assert add_value(api, 2023, 8).status_code == 201
    resp = api.put("/kpi_values/1/edit", token=api.login("test@test.com"), json={"value": 1000})
    assert_message(resp, 200, "KPI Values Updated Successfully")


def test_22_get_all_values_no_params(api):
    assert add_value(api, 2023, 8).status_code == 201
    assert api.get("/kpi_values", token=api.login("test@test.com")).status_code == 200


def test_23_get_all_values_this_month(api):
    assert add_value(api, 2023, 11).status_code == 201
    resp = api.get("/kpi_values?period=this_month", token=api.login("test@test.com"))
    assert resp.status_code == 200


def test_24_get_all_values_last_quarter(api):
    assert add_value(api, 2023, 8).status_code == 201
    resp = api.get("/kpi_values?period=last_quarter", token=api.login("test@test.com"))
    assert resp.status_code == 200


def test_25_get_all_values_circle_id(api):
    assert add_value(api, 2023, 8).status_code == 201
    assert api.get("/kpi_values?circle_id=1", token=api.login("test@test.com")).status_code == 200


# test_models.py, through the API: the same rows and reads.

def test_26_user_found_by_email_has_id_1(api):
    resp = api.login_raw("test@test.com")
    assert resp.json()["user"]["id"] == 1


def test_27_add_kpi_persists_circle_and_name(api):
    token = api.login("martin@test.com")
    resp = api.post("/kpis/add", token=token, json={
        "circle_id": 1, "name": "gross sales", "periodicity": "monthly", "unit": "chf",
        "initial_value": 0, "target_value": 1000})
    assert resp.status_code == 201
    kpi = api.get("/kpis/1", token=token).json()["kpi"]
    assert kpi["circle_id"] == 1 and kpi["name"] == "gross sales"


def test_28_edit_kpi_rename_and_periodicity_by_name(api):
    token = api.login("martin@test.com")
    api.post("/kpis/add", token=token, json={
        "circle_id": 1, "name": "Acquisition Cost", "periodicity": "yearly", "unit": "amount",
        "initial_value": 10, "target_value": 3})
    resp = api.put("/kpis/1/edit", token=token,
                   json={"name": "Net Profit", "periodicity": "quarterly"})
    assert resp.status_code == 200
    kpi = api.get("/kpis/1", token=token).json()["kpi"]
    assert kpi["name"] == "Net Profit" and kpi["periodicity"] == "Quarterly"
