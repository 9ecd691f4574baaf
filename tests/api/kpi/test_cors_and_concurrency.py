"""CORS as the React client needs it (spec/kpi.md §3) and the UNIQUE period under 50 parallel
adds (§5.16, §5.17)."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from api.kpi.kpi_support import Kpi, run_sql
from api.support import ORIGIN, http_session


@pytest.mark.parametrize("method, path", [
    ("POST", "/kpis/add"), ("PUT", "/kpi_values/1/edit"), ("GET", "/circles"),
    ("DELETE", "/logout"), ("POST", "/login"),
])
def test_preflight_needs_no_auth(kpi, method, path):
    resp = kpi.request("OPTIONS", path, headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert resp.status_code == 200
    assert resp.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert method in resp.headers["Access-Control-Allow-Methods"]
    assert "authorization" in resp.headers["Access-Control-Allow-Headers"].lower()


def test_cors_headers_on_401_and_success(kpi, economist):
    resp = kpi.get("/kpis", headers={"Origin": ORIGIN})
    assert resp.status_code == 401
    assert resp.headers.get("Access-Control-Allow-Origin") == ORIGIN
    resp = kpi.get("/circles", token=economist, headers={"Origin": ORIGIN})
    assert resp.status_code == 200
    assert resp.headers.get("Access-Control-Allow-Origin") == ORIGIN


def test_other_origins_get_no_cors_headers(kpi):
    resp = kpi.get("/kpis", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in resp.headers


def test_fifty_parallel_adds_leave_one_value_and_one_log(kpi, economist, gatekeeper, kpi_server):
    body = {"circle_id": 1, "name": "race kpi", "periodicity": "monthly", "unit": "chf",
            "target_value": 1}
    assert kpi.post("/kpis/add", token=gatekeeper, json=body).status_code == 201
    kid = next(k["id"] for k in kpi.get("/kpis", token=gatekeeper).json()["kpi_list"]
               if k["name"] == "race kpi")

    def one(i):
        s = http_session()
        return s.post(kpi.base + "/kpi_values/add", timeout=30,
                      headers={"Authorization": f"Bearer {economist}"},
                      json={"kpi_id": kid, "period_year": 2023, "period_month": 7,
                            "value": i}).status_code

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(one, range(50)))
    assert sorted(statuses) == [201] + [400] * 49, statuses
    rows = run_sql(kpi_server, f"SELECT id FROM kpi_values WHERE kpi_id = {kid}")
    assert len(rows) == 1
    logs = run_sql(kpi_server, "SELECT activity FROM change_logs WHERE kpi_value_id = "
                               f"{rows[0][0]}")
    assert [tuple(map(str, r)) for r in logs] == [("Created",)]
