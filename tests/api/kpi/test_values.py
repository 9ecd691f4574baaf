"""KPI values and change logs (spec/kpi.md §2.13-§2.17) with "today" = 2023-11-03, and the
fixes of §5: validation, 404 for a missing value, the UNIQUE period, one transaction,
updated_by_user_id, the change log joined on the actor with the value at that event, the
inclusive last day, deterministic order, the Q1 last_quarter."""

import pytest

from api.kpi.kpi_support import (FEED_KEYS, MINI_LOG_KEYS, VALUE_KEYS, Kpi, add_kpi_user,
                                 assert_http_date, assert_message, micros, new_circle, new_kpi,
                                 run_sql)
from api.support import unique

PINNED_DATE = "Fri, 03 Nov 2023 12:00:00 GMT"


@pytest.fixture(scope="module")
def circle(kpi, gatekeeper):
    """A fresh circle with two KPIs; returns (circle_id, [kpi ids])."""
    cid = new_circle(kpi, gatekeeper)
    return cid, [new_kpi(kpi, gatekeeper, cid, unit=unit) for unit in ("chf", "percentage")]


def add(kpi, token, kpi_id, year, month, value=1):
    return kpi.post("/kpi_values/add", token=token, json={
        "kpi_id": kpi_id, "period_year": year, "period_month": month, "value": value})


def values(kpi, token, **params):
    return kpi.get("/kpi_values", token=token, params=params)


def value_id(kpi, token, kpi_id, year, month):
    found = values(kpi, token).json()["KPI_Values"]
    return next(v["id"] for v in found
                if (v["kpi_id"], v["period_year"], v["period_month"]) == (kpi_id, year, month))


# --- add -------------------------------------------------------------------------------------


def test_add_value_and_its_dict(kpi, economist, circle):
    _, (k1, _) = circle
    assert_message(add(kpi, economist, k1, 2023, 1, 555), 201, "KPI Value was added successfully")
    found = [v for v in values(kpi, economist, circle_id=circle[0]).json()["KPI_Values"]
             if v["period_month"] == 1 and v["kpi_id"] == k1]
    assert len(found) == 1
    v = found[0]
    assert set(v) == VALUE_KEYS
    assert v["value"] == 555.0 and v["created_by_user_id"] == 1 and v["updated_by_user_id"] is None
    assert v["created_at"] == v["updated_at"] == PINNED_DATE


@pytest.mark.parametrize("over, problem", [
    ({"kpi_id": None}, "kpi_id is required"),
    ({"period_year": None}, "period_year is required"),
    ({"period_month": None}, "period_month is required"),
    ({"value": None}, "value is required"),
    ({"period_month": 13}, "period_month must be between 1 and 12"),
    ({"period_month": 0}, "period_month must be between 1 and 12"),
    ({"period_year": 0}, "period_year must be between 1 and 9999"),
    ({"period_month": "may"}, "period_month must be an integer"),
    ({"period_month": 5.5}, "period_month must be an integer"),
    ({"value": "high"}, "value must be a number"),
    ({"value": True}, "value must be a number"),
    ({"kpi_id": [1]}, "kpi_id must be an integer"),
])
def test_add_value_validation(kpi, economist, circle, over, problem):
    body = {"kpi_id": circle[1][0], "period_year": 2020, "period_month": 5, "value": 1}
    body.update(over)
    body = {k: v for k, v in body.items() if v is not None}
    assert_message(kpi.post("/kpi_values/add", token=economist, json=body), 400, problem)
    assert values(kpi, economist, circle_id=circle[0], period="last_year").status_code == 204


def test_add_value_accepts_integer_strings_and_ignores_user_fields(kpi, economist, circle):
    resp = kpi.post("/kpi_values/add", token=economist, json={
        "kpi_id": str(circle[1][0]), "period_year": "2023", "period_month": "2", "value": "12.5",
        "created_by_user_id": 2, "user_id": 2, "updated_at": "x", "id": 1})
    assert resp.status_code == 201, resp.text
    vid = value_id(kpi, economist, circle[1][0], 2023, 2)
    v = next(v for v in values(kpi, economist).json()["KPI_Values"] if v["id"] == vid)
    assert v["created_by_user_id"] == 1 and v["value"] == 12.5


def test_duplicate_period_is_400_and_changes_nothing(kpi, economist, gatekeeper, circle):
    k1 = circle[1][0]
    assert add(kpi, economist, k1, 2023, 3, 10).status_code == 201
    assert_message(add(kpi, gatekeeper, k1, 2023, 3, 99), 400,
                   "KPI Value already exists for this period")
    vid = value_id(kpi, economist, k1, 2023, 3)
    log = kpi.get(f"/kpi_values/{vid}/change_log", token=economist).json()["mini_change_log"]
    assert [e["activity"] for e in log] == ["Created"]


def test_add_value_unknown_kpi(kpi, economist):
    assert_message(add(kpi, economist, 987654, 2023, 3), 404, "KPI doesn't exist")


def test_add_value_to_inactive_kpi_is_allowed_by_default(kpi, gatekeeper, economist, circle):
    body = {"circle_id": circle[0], "name": unique("kpi "), "periodicity": "monthly",
            "unit": "chf", "target_value": 1, "active": "False"}
    assert kpi.post("/kpis/add", token=gatekeeper, json=body).status_code == 201
    kid = next(k["id"] for k in kpi.get("/kpis", token=gatekeeper).json()["kpi_list"]
               if k["name"] == body["name"])
    assert add(kpi, economist, kid, 2023, 4).status_code == 201
    vid = value_id(kpi, economist, kid, 2023, 4)
    assert_message(kpi.put(f"/kpi_values/{vid}/edit", token=economist, json={"value": 2}), 403,
                   "Kpi is not active. Cannot be updated")


# --- edit --------------------------------------------------------------------------------------


def test_edit_value_sets_updated_by_and_logs(kpi, economist, gatekeeper, circle):
    k1 = circle[1][0]
    assert add(kpi, economist, k1, 2023, 5, 10).status_code == 201
    vid = value_id(kpi, economist, k1, 2023, 5)
    resp = kpi.put(f"/kpi_values/{vid}/edit", token=gatekeeper,
                   json={"value": 20, "kpi_id": 999, "period_year": 1999, "period_month": 1})
    assert_message(resp, 200, "KPI Values Updated Successfully")
    v = next(v for v in values(kpi, economist).json()["KPI_Values"] if v["id"] == vid)
    assert (v["value"], v["kpi_id"], v["period_year"], v["period_month"]) == (20.0, k1, 2023, 5)
    assert v["created_by_user_id"] == 1 and v["updated_by_user_id"] == 2
    log = kpi.get(f"/kpi_values/{vid}/change_log", token=economist).json()["mini_change_log"]
    assert [(e["activity"], e["user_id"]) for e in log] == [("Updated", 2), ("Created", 1)]
    for e in log:
        assert set(e) == MINI_LOG_KEYS and e["kpi_value_id"] == vid
        assert_http_date(e["registered_at"], "2023-11-03T12:00:00Z")


def test_edit_value_errors(kpi, economist, circle):
    assert_message(kpi.put("/kpi_values/987654/edit", token=economist, json={"value": 1}), 404,
                   "KPI Value Not Found")
    assert add(kpi, economist, circle[1][0], 2023, 6).status_code == 201
    vid = value_id(kpi, economist, circle[1][0], 2023, 6)
    assert_message(kpi.put(f"/kpi_values/{vid}/edit", token=economist, json={}), 400,
                   "value is required")
    assert_message(kpi.put(f"/kpi_values/{vid}/edit", token=economist, json={"value": "x"}), 400,
                   "value must be a number")
    assert_message(kpi.put(f"/kpi_values/{vid}/edit", token=economist, data="[",
                           headers={"Content-Type": "application/json"}),
                   400, "Request body must be a JSON object")


# --- search ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def windows(kpi, economist, gatekeeper):
    """A circle whose KPI has a value in each month from 2022-01 to 2023-12."""
    cid = new_circle(kpi, gatekeeper)
    kid = new_kpi(kpi, gatekeeper, cid, target_value=1)
    for year in (2022, 2023):
        for month in range(1, 13):
            assert add(kpi, economist, kid, year, month, year * 100 + month).status_code == 201
    return cid


@pytest.mark.parametrize("period, expected", [
    ("this_month", [(2023, 11)]),
    ("last_month", [(2023, 10)]),
    ("this_quarter", [(2023, 10), (2023, 11), (2023, 12)]),
    ("last_quarter", [(2023, 7), (2023, 8), (2023, 9)]),
    ("this_year", [(2023, m) for m in range(1, 12)]),
    ("last_year", [(2022, m) for m in range(1, 13)]),
    (None, [(y, m) for y in (2022, 2023) for m in range(1, 13)]),
])
def test_period_windows(kpi, economist, windows, period, expected):
    params = {"circle_id": windows}
    if period:
        params["period"] = period
    resp = values(kpi, economist, **params)
    assert resp.status_code == 200
    got = [(v["period_year"], v["period_month"]) for v in resp.json()["KPI_Values"]]
    assert got == expected


def test_search_without_circle_filters_period_across_circles(kpi, economist, windows, circle):
    resp = values(kpi, economist, period="this_month")
    assert resp.status_code == 200
    found = resp.json()["KPI_Values"]
    assert found and all((v["period_year"], v["period_month"]) == (2023, 11) for v in found)
    ids = [v["id"] for v in found]
    assert ids == sorted(ids)


def test_search_order_is_by_kpi_then_id(kpi, economist, circle):
    k1, k2 = circle[1]
    assert add(kpi, economist, k2, 2021, 1).status_code == 201
    assert add(kpi, economist, k1, 2021, 2).status_code == 201
    found = values(kpi, economist, circle_id=circle[0]).json()["KPI_Values"]
    keys = [(v["kpi_id"], v["id"]) for v in found]
    assert keys == sorted(keys)


def test_search_nothing_is_204_without_body(kpi, economist, gatekeeper):
    name = unique("empty circle ")
    assert kpi.post("/circles/add", token=gatekeeper, json={"name": name}).status_code == 201
    cid = next(c["id"] for c in kpi.get("/circles", token=gatekeeper).json()["circles"]
               if c["name"] == name)
    for params in ({"circle_id": cid}, {"circle_id": 987654, "period": "this_year"}):
        resp = values(kpi, economist, **params)
        assert resp.status_code == 204 and resp.content == b""


@pytest.mark.parametrize("params, problem", [
    ({"period": "forever"}, "Invalid period"),
    ({"circle_id": "one"}, "circle_id must be an integer"),
])
def test_search_bad_params(kpi, economist, params, problem):
    assert_message(values(kpi, economist, **params), 400, problem)


def test_last_quarter_in_q1_is_q4_of_last_year(start_server):
    server = start_server(TANDEM_NOW="2024-02-10T08:00:00Z")
    add_kpi_user(server, "g@test.com", "g", "k", "gk", "gk", gatekeeper=True)
    api = Kpi(server)
    token = api.login("g@test.com")
    assert api.post("/circles/add", token=token, json={"name": "c"}).status_code == 201
    assert api.post("/kpis/add", token=token, json={
        "circle_id": 1, "name": "k", "periodicity": "monthly", "unit": "chf",
        "target_value": 1}).status_code == 201
    for year, month in [(2023, 10), (2023, 12), (2024, 1), (2024, 12)]:
        assert add(api, token, 1, year, month).status_code == 201
    got = [(v["period_year"], v["period_month"])
           for v in values(api, token, period="last_quarter").json()["KPI_Values"]]
    assert got == [(2023, 10), (2023, 12)]
    got = [(v["period_year"], v["period_month"])
           for v in values(api, token, period="last_month").json()["KPI_Values"]]
    assert got == [(2024, 1)]


# --- change logs -------------------------------------------------------------------------------


def feed(kpi, token, cid, fy, fm, ty, tm):
    return kpi.get("/kpi_values/change_log", token=token, params={
        "circle_id": cid, "from_year": fy, "from_month": fm, "to_year": ty, "to_month": tm})


def test_change_log_actor_value_at_event_and_order(kpi, economist, gatekeeper, gatekeeper_name,
                                                   circle):
    cid, (_, k2) = circle
    assert add(kpi, economist, k2, 2019, 7, 1).status_code == 201
    vid = value_id(kpi, economist, k2, 2019, 7)
    assert kpi.put(f"/kpi_values/{vid}/edit", token=gatekeeper, json={"value": 2}).status_code == 200
    assert kpi.put(f"/kpi_values/{vid}/edit", token=economist, json={"value": 3}).status_code == 200
    resp = feed(kpi, economist, cid, 2023, 11, 2023, 11)
    assert resp.status_code == 200
    rows = resp.json()["change_log"]
    kpi_name = next(k["name"] for k in kpi.get("/kpis", token=economist).json()["kpi_list"]
                    if k["id"] == k2)
    mine = [r for r in rows if r["kpi_name"] == kpi_name]
    assert [(r["activity"], r["username"], r["value"]) for r in mine][-3:] == [
        ("Created", "test_user", 1.0), ("Updated", gatekeeper_name, 2.0),
        ("Updated", "test_user", 3.0)]
    for r in rows:
        assert set(r) == FEED_KEYS
        assert_http_date(r["registered_at"])
    assert '"activity":' in resp.text.split("change_log")[1][:20]  # sorted keys on the wire


def test_change_log_window_includes_the_last_day(kpi, economist, circle, kpi_server):
    cid, (k1, _) = circle
    assert add(kpi, economist, k1, 2018, 1, 7).status_code == 201
    vid = value_id(kpi, economist, k1, 2018, 1)
    run_sql(kpi_server, f"UPDATE change_logs SET registered_at = "
                        f"{micros('2023-10-31T23:30:00Z')} WHERE kpi_value_id = {vid}")
    rows = feed(kpi, economist, cid, 2023, 10, 2023, 10).json()["change_log"]
    assert any(r["value"] == 7.0 and r["registered_at"] == "Tue, 31 Oct 2023 23:30:00 GMT"
               for r in rows)
    later = feed(kpi, economist, cid, 2023, 11, 2023, 12).json().get("change_log", [])
    assert not any(r["value"] == 7.0 for r in later)


def test_change_log_empty_and_errors(kpi, economist):
    resp = feed(kpi, economist, 987654, 2023, 1, 2023, 12)
    assert resp.status_code == 200
    assert resp.json() == {"message": "No Logs Available", "change_log": []}
    resp = kpi.get("/kpi_values/change_log", token=economist, params={
        "from_year": 2023, "from_month": 1, "to_year": 2023, "to_month": 12})
    assert resp.json() == {"message": "No Logs Available", "change_log": []}
    for params, problem in [
        ({"circle_id": 1, "from_year": 2023, "from_month": 13, "to_year": 2023, "to_month": 1},
         "from_month must be between 1 and 12"),
        ({"circle_id": 1, "from_year": 2023, "from_month": 1, "to_year": 2023},
         "to_month is required"),
        ({"circle_id": 1, "from_year": "x", "from_month": 1, "to_year": 2023, "to_month": 1},
         "from_year must be an integer"),
    ]:
        assert_message(kpi.get("/kpi_values/change_log", token=economist, params=params), 400,
                       problem)


def test_mini_log_three_newest_with_id_tiebreak(kpi, economist, circle):
    k1 = circle[1][0]
    assert add(kpi, economist, k1, 2017, 1, 0).status_code == 201
    vid = value_id(kpi, economist, k1, 2017, 1)
    for value in (1, 2, 3, 4):
        assert kpi.put(f"/kpi_values/{vid}/edit", token=economist,
                       json={"value": value}).status_code == 200
    log = kpi.get(f"/kpi_values/{vid}/change_log", token=economist).json()["mini_change_log"]
    assert len(log) == 3
    ids = [e["id"] for e in log]
    assert ids == sorted(ids, reverse=True)  # every row has the pinned timestamp
    assert all(e["activity"] == "Updated" for e in log)


def test_mini_log_empty(kpi, economist):
    resp = kpi.get("/kpi_values/987654/change_log", token=economist)
    assert resp.status_code == 200
    assert resp.json() == {"message": "No Logs Available", "mini_change_log": []}
