#!/usr/bin/python3
"""The data set of bench/soak.sh, made through the real API (standard library only).

  soak_seed.py BASE_URL ADMIN_EMAIL ADMIN_PASSWORD GATEKEEPER_EMAIL MEMBERS OUT_DIR

The v1 admin and the KPI gatekeeper exist already (soak.sh makes them with `tandem user add`, so
that the admin is an admin whatever order things happen in). This script adds:
  - MEMBERS v1 users, each a member of one project: the WebSocket clients, so that every task
    event of that project reaches every one of them;
  - circle 1 with 5 monthly KPIs and a value in each month of 2023 (TANDEM_NOW is 2023-12-15,
    so `this_year` returns all 60);
  - a TeamFlow user with 50 board tasks.
It writes OUT_DIR/seed.env (KEY=VALUE lines, read by soak_mix.lua) and OUT_DIR/members.json
(the WebSocket clients' ids and tokens, read by soak_ws.py).
"""

import concurrent.futures
import json
import os
import sys
import urllib.error
import urllib.request

KPIS = 5
BOARD_TASKS = 50
MEMBER_PASSWORD = "soak-member-pass"


def call(base, method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            text = resp.read()
    except urllib.error.HTTPError as e:
        sys.exit(f"soak_seed.py: {method} {path}: HTTP {e.code}: {e.read()[:300]!r}")
    return json.loads(text) if text else None


def main(base, admin_email, admin_password, gatekeeper_email, members, out_dir):
    admin = call(base, "POST", "/api/v1/auth/login",
                 {"email": admin_email, "password": admin_password})
    admin_token = admin["access_token"]
    if admin["user"]["role"] != "admin":
        sys.exit(f"soak_seed.py: {admin_email} is not a v1 admin: {admin['user']!r}")
    project = call(base, "POST", "/api/v1/projects/", {"name": "soak"}, admin_token)["id"]

    # Registration hashes a password (Argon2id at its default cost) on the server's two hash
    # threads: four requests in flight keep both busy.
    def register(i):
        user = call(base, "POST", "/api/v1/auth/register",
                    {"name": f"soak member {i}", "email": f"soak-member-{i}@example.com",
                     "password": MEMBER_PASSWORD})
        call(base, "POST", f"/api/v1/projects/{project}/members/{user['user']['id']}", None,
             admin_token)
        return {"id": user["user"]["id"], "token": user["access_token"]}

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        clients = list(pool.map(register, range(members)))

    kpi_token = call(base, "POST", "/login", {"email": gatekeeper_email})["access_token"]
    call(base, "POST", "/circles/add", {"name": "soak circle"}, kpi_token)
    for k in range(1, KPIS + 1):
        call(base, "POST", "/kpis/add", {"circle_id": 1, "name": f"soak kpi {k}",
                                         "periodicity": "monthly", "unit": "amount",
                                         "target_value": 1000}, kpi_token)
        for month in range(1, 13):
            call(base, "POST", "/kpi_values/add", {"kpi_id": k, "period_year": 2023,
                                                   "period_month": month, "value": month},
                 kpi_token)
    values = call(base, "GET", "/kpi_values?circle_id=1&period=this_year",
                  token=kpi_token)["KPI_Values"]
    if len(values) != KPIS * 12:
        sys.exit(f"soak_seed.py: expected {KPIS * 12} KPI values, got {len(values)}")

    board_token = call(base, "POST", "/api/auth/signup",
                       {"username": "soak-board", "password": "soak-board-pass"})["token"]
    board_ids = [call(base, "POST", "/api/tasks", {"title": f"seeded {i}", "priority": "low"},
                      board_token)["id"] for i in range(BOARD_TASKS)]

    settings = {
        "SOAK_ADMIN_TOKEN": admin_token,
        "SOAK_MEMBER_TOKEN": clients[0]["token"] if clients else admin_token,
        "SOAK_PROJECT": project,
        "SOAK_LOGIN_EMAIL": admin_email,
        "SOAK_LOGIN_PASSWORD": admin_password,
        "SOAK_KPI_TOKEN": kpi_token,
        "SOAK_KPI_COUNT": str(KPIS),
        "SOAK_KPI_VALUE_IDS": ",".join(str(v["id"]) for v in values),
        "SOAK_BOARD_TOKEN": board_token,
        "SOAK_BOARD_TASK_IDS": ",".join(map(str, board_ids)),
    }
    with open(os.path.join(out_dir, "seed.env"), "w", encoding="ascii") as f:
        for key, value in settings.items():
            f.write(f"{key}={value}\n")
    with open(os.path.join(out_dir, "members.json"), "w", encoding="ascii") as f:
        json.dump(clients, f)


if __name__ == "__main__":
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6])
