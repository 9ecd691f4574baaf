"""Users, circles and KPIs (spec/kpi.md §2.4-§2.12) with the fixes of §5: field whitelists,
enum input by name or display value, `active` forms, JSON 400s, rename collisions, circle checks,
and the Flask wire format (§1.9)."""

import pytest

from api.kpi.kpi_support import (KPI_KEYS, NOT_ACTIVE, NOT_GATEKEEPER, USER_KEYS, Kpi,
                                 assert_message)
from api.support import unique

# --- users -------------------------------------------------------------------------------------


def test_get_user_with_circles(kpi, economist, kpi_server):
    from api.kpi.kpi_support import run_sql
    run_sql(kpi_server, "INSERT INTO user_circles (user_id, circle_id) VALUES (1, 1)")
    resp = kpi.get("/users/1", token=economist)
    assert resp.status_code == 200
    user = resp.json()["user"]
    assert set(user) == USER_KEYS | {"circles"}
    assert user["circles"] == [{"id": 1, "name": "test circle"}]
    assert user["user_login_name"] == "test user" and user["is_gatekeeper"] is False


def test_get_user_errors(kpi, economist):
    assert_message(kpi.get("/users/999", token=economist), 404, "User Not Found")
    assert_message(kpi.get("/users/3", token=economist), 403, NOT_ACTIVE)


@pytest.mark.parametrize("path", ["/users/abc", "/users/-1", "/users/1/extra"])
def test_non_integer_ids_are_json_404(kpi, economist, path):
    resp = kpi.get(path, token=economist)
    assert resp.status_code == 404
    assert resp.json() == {"message": "Not Found"}


def test_get_users_is_a_bare_array_by_id_with_inactive(kpi, economist):
    resp = kpi.get("/users", token=economist)
    assert resp.status_code == 200
    users = resp.json()
    assert isinstance(users, list)
    ids = [u["id"] for u in users]
    assert ids == sorted(ids) and {1, 2, 3} <= set(ids)
    assert next(u for u in users if u["id"] == 3)["active"] is False
    for u in users:
        assert set(u) == USER_KEYS | {"circles"}


# --- circles -----------------------------------------------------------------------------------


def test_circles_list_and_get(kpi, economist):
    resp = kpi.get("/circles", token=economist)
    assert resp.status_code == 200
    circles = resp.json()["circles"]
    assert circles[0] == {"id": 1, "name": "test circle"}
    assert kpi.get("/circles/1", token=economist).json() == {"circle": circles[0]}
    assert_message(kpi.get("/circles/424242", token=economist), 404, "Circle Not Found.")


def test_circles_empty_is_404(start_server):
    from api.kpi.kpi_support import add_kpi_user
    server = start_server()
    add_kpi_user(server, "a@test.com", "a", "b", "c", "d", gatekeeper=True)
    api = Kpi(server)
    token = api.login("a@test.com")
    assert_message(api.get("/circles", token=token), 404, "Circles Not Found.")
    assert_message(api.get("/kpis", token=token), 404, "KPIs Not Found.")
    assert api.get("/users", token=token).status_code == 200


@pytest.mark.parametrize("path", ["/circles/add", "/circles"])
def test_add_circle_both_paths(kpi, economist, path):
    name = unique("circle ")
    assert_message(kpi.post(path, token=economist, json={"name": name}), 201, "Circle added")
    assert_message(kpi.post(path, token=economist, json={"name": name}), 400,
                   "Circle name already exists.")
    names = [c["name"] for c in kpi.get("/circles", token=economist).json()["circles"]]
    assert names.count(name) == 1


@pytest.mark.parametrize("body, problem", [
    ({}, "name is required"),
    ({"name": ""}, "name must be a non-empty string"),
    ({"name": 12}, "name must be a non-empty string"),
])
def test_add_circle_validation(kpi, economist, body, problem):
    assert_message(kpi.post("/circles/add", token=economist, json=body), 400, problem)


def test_add_circle_ignores_id(kpi, economist):
    name = unique("circle ")
    resp = kpi.post("/circles/add", token=economist, json={"name": name, "id": 1})
    assert resp.status_code == 201
    circles = kpi.get("/circles", token=economist).json()["circles"]
    assert next(c for c in circles if c["name"] == name)["id"] != 1
    assert circles[0]["name"] == "test circle"


def test_wrong_methods_are_json_405(kpi, economist):
    for method, path in [("GET", "/circles/add"), ("GET", "/kpis/add"), ("PUT", "/logout")]:
        resp = kpi.request(method, path, token=economist)
        assert resp.status_code == 405, (method, path)
        assert resp.json() == {"message": "Method Not Allowed"}


# --- KPIs ----------------------------------------------------------------------------------------


def kpi_body(**over):
    body = {"circle_id": 1, "name": unique("kpi "), "periodicity": "monthly", "unit": "chf",
            "initial_value": 0, "target_value": 10000}
    body.update(over)
    return body


def find_kpi(kpi, token, name):
    return next(k for k in kpi.get("/kpis", token=token).json()["kpi_list"] if k["name"] == name)


@pytest.mark.parametrize("periodicity, unit, shown", [
    ("monthly", "chf", ("Monthly", "CHF")),
    ("Quarterly", "percentage", ("Quarterly", "%")),
    ("YEARLY", "%", ("Yearly", "%")),
    ("Monthly", "Amount", ("Monthly", "Amount")),
    ("monthly", "SCORE", ("Monthly", "Score")),
])
def test_enums_by_name_or_display_value(kpi, gatekeeper, periodicity, unit, shown):
    body = kpi_body(periodicity=periodicity, unit=unit)
    assert kpi.post("/kpis/add", token=gatekeeper, json=body).status_code == 201
    found = find_kpi(kpi, gatekeeper, body["name"])
    assert (found["periodicity"], found["unit"]) == shown


def test_kpi_dict_shape_and_floats(kpi, gatekeeper):
    body = kpi_body(initial_value=5, target_value=10000)
    del body["initial_value"]
    assert kpi.post("/kpis/add", token=gatekeeper, json=body).status_code == 201
    found = find_kpi(kpi, gatekeeper, body["name"])
    assert set(found) == KPI_KEYS
    assert found["initial_value"] == 0.0 and found["active"] is True
    resp = kpi.get(f"/kpis/{found['id']}", token=gatekeeper)
    # Flask's compact, sorted output with floats as floats.
    assert resp.text == (
        '{"kpi":{"active":true,"circle_id":1,"id":%d,"initial_value":0.0,"name":"%s",'
        '"periodicity":"Monthly","target_value":10000.0,"unit":"CHF"}}\n'
        % (found["id"], body["name"]))


@pytest.mark.parametrize("over, problem", [
    ({"name": None}, "name is required"),
    ({"periodicity": None}, "periodicity is required"),
    ({"unit": None}, "unit is required"),
    ({"target_value": None}, "target_value is required"),
    ({"periodicity": "weekly"}, "periodicity must be one of yearly, quarterly, monthly"),
    ({"unit": "usd"}, "unit must be one of chf, percentage (%), amount, score"),
    ({"target_value": "lots"}, "target_value must be a number"),
    ({"initial_value": [1]}, "initial_value must be a number"),
    ({"circle_id": "one"}, "circle_id must be an integer"),
    ({"active": "maybe"}, "active must be true or false"),
    ({"active": [True]}, "active must be true or false"),
])
def test_add_kpi_validation(kpi, gatekeeper, over, problem):
    body = {k: v for k, v in kpi_body(**over).items() if v is not None}
    assert_message(kpi.post("/kpis/add", token=gatekeeper, json=body), 400, problem)


def test_add_kpi_checks(kpi, gatekeeper, economist):
    assert_message(kpi.post("/kpis/add", token=economist, json=kpi_body()), 403, NOT_GATEKEEPER)
    assert_message(kpi.post("/kpis/add", token=gatekeeper, json=kpi_body(circle_id=999)), 404,
                   "Circle Not Found.")
    assert_message(kpi.post("/kpis/add", token=gatekeeper, data="{", headers={
        "Content-Type": "application/json"}), 400, "Request body must be a JSON object")


@pytest.mark.parametrize("active, expected", [
    (False, False), ("False", False), ("false", False), ("TRUE", True), (True, True), (0, False),
])
def test_active_forms(kpi, gatekeeper, active, expected):
    body = kpi_body()
    assert kpi.post("/kpis/add", token=gatekeeper, json=body).status_code == 201
    kid = find_kpi(kpi, gatekeeper, body["name"])["id"]
    assert kpi.put(f"/kpis/{kid}/edit", token=gatekeeper, json={"active": active}).status_code == 200
    assert kpi.get(f"/kpis/{kid}", token=gatekeeper).json()["kpi"]["active"] is expected


def test_edit_kpi_partial_and_whitelisted(kpi, gatekeeper):
    body = kpi_body(unit="score")
    assert kpi.post("/kpis/add", token=gatekeeper, json=body).status_code == 201
    before = find_kpi(kpi, gatekeeper, body["name"])
    resp = kpi.put(f"/kpis/{before['id']}/edit", token=gatekeeper,
                   json={"target_value": 42, "id": 999, "bogus": 1, "unit": "%"})
    assert_message(resp, 200, "KPI Updated Successfully")
    after = kpi.get(f"/kpis/{before['id']}", token=gatekeeper).json()["kpi"]
    assert after == {**before, "target_value": 42.0, "unit": "%"}
    assert kpi.get("/kpis/999", token=gatekeeper).status_code == 404


def test_edit_kpi_errors(kpi, gatekeeper, economist):
    taken, mine = kpi_body(), kpi_body()
    for b in (taken, mine):
        assert kpi.post("/kpis/add", token=gatekeeper, json=b).status_code == 201
    kid = find_kpi(kpi, gatekeeper, mine["name"])["id"]
    assert_message(kpi.put(f"/kpis/{kid}/edit", token=gatekeeper, json={"name": taken["name"]}),
                   400, "KPI name already exists. Choose a different name.")
    assert_message(kpi.put(f"/kpis/{kid}/edit", token=gatekeeper, json={"circle_id": 999}),
                   404, "Circle Not Found.")
    assert_message(kpi.put(f"/kpis/{kid}/edit", token=economist, json={"name": "x"}), 403,
                   NOT_GATEKEEPER)
    assert_message(kpi.put("/kpis/987654/edit", token=gatekeeper, json={"name": "x"}), 404,
                   "KPI Not Found")
    assert_message(kpi.put(f"/kpis/{kid}/edit", token=gatekeeper, json={"unit": "euro"}), 400,
                   "unit must be one of chf, percentage (%), amount, score")
    assert find_kpi(kpi, gatekeeper, mine["name"])["unit"] == "CHF"  # a failed request changes nothing


def test_get_kpi_404_has_period(kpi, economist):
    assert_message(kpi.get("/kpis/987654", token=economist), 404, "KPI Not Found.")


def test_kpis_list_includes_inactive_in_id_order(kpi, gatekeeper, economist):
    body = kpi_body(active="False")
    assert kpi.post("/kpis/add", token=gatekeeper, json=body).status_code == 201
    kpis = kpi.get("/kpis", token=economist).json()["kpi_list"]
    assert [k["id"] for k in kpis] == sorted(k["id"] for k in kpis)
    assert next(k for k in kpis if k["name"] == body["name"])["active"] is False


def test_non_ascii_is_escaped_like_flask(kpi, gatekeeper):
    body = kpi_body(name=unique("Zürich ✓ 😀 "))
    assert kpi.post("/kpis/add", token=gatekeeper, json=body).status_code == 201
    resp = kpi.get("/kpis", token=gatekeeper)
    assert "\\u00fc" in resp.text and "\\u2713" in resp.text and "\\ud83d\\ude00" in resp.text
    assert find_kpi(kpi, gatekeeper, body["name"])["name"] == body["name"]
