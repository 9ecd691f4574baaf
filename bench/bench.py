#!/usr/bin/python3
"""Helpers for bench/run.sh and the face benchmarks (Python standard library only).

  bench.py free-port
  bench.py register BASE_URL EMAIL PASSWORD NAME      -> prints the access token, then the user uuid
  bench.py wrk RESULTS SCENARIO DATABASE WRK_OUTPUT    -> appends one result (JSON line)
  bench.py pgbench RESULTS SCENARIO DATABASE STDOUT LOG_PREFIX
  bench.py fail RESULTS SCENARIO DATABASE REASON       -> records a row that could not run
  bench.py table RESULTS                               -> prints the markdown table

A result is a JSON object: scenario, database, rps, p50_ms, p99_ms, avg_ms, requests, non2xx,
socket_errors (dict), failed (pgbench), error (why it could not run).
"""

import glob
import json
import math
import re
import socket
import sys
import urllib.error
import urllib.request

HEALTHZ = "/healthz"
USERS_ME = "GET /api/v1/users/me"
LOGIN = "POST /api/v1/auth/login"
PGBENCH = "pgbench: users/me SELECT"

HEALTHZ_TARGET_RPS = 60_000
USERS_ME_SQLITE_TARGET = 0.40  # of the same run's SQLite /healthz req/s
USERS_ME_PG_TARGET = 0.60  # of the same run's pgbench tps for the same SELECT
P99_TARGET_MS = 10.0


def die(message):
    print(f"bench.py: {message}", file=sys.stderr)
    sys.exit(1)


def cmd_free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


def cmd_register(base_url, email, password, name):
    body = json.dumps({"name": name, "email": email, "password": password}).encode()
    req = urllib.request.Request(
        base_url + "/api/v1/auth/register",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            data = json.loads(resp.read())
    except urllib.error.HTTPError as e:
        die(f"register failed: HTTP {e.code}: {e.read()[:500]!r}")
    except (urllib.error.URLError, OSError, ValueError) as e:
        die(f"register failed: {e}")
    token = data.get("access_token")
    uuid = (data.get("user") or {}).get("id")
    if not token or not uuid:
        die(f"register answered without access_token or user.id: {data!r}")
    # Check the token before measuring with it: a bad token would only show up as 401s.
    check = urllib.request.Request(
        base_url + "/api/v1/users/me", headers={"Authorization": "Bearer " + token}
    )
    try:
        with urllib.request.urlopen(check, timeout=30) as resp:
            resp.read()
    except urllib.error.HTTPError as e:
        die(f"GET /api/v1/users/me with the new token: HTTP {e.code}: {e.read()[:500]!r}")
    print(token)
    print(uuid)


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _ms(value, unit):
    return float(value) * _UNIT_MS[unit]


def parse_wrk(text):
    """Requests/sec, 50%/99% latency, non-2xx/3xx count and socket errors from `wrk --latency`."""
    result = {}
    m = re.search(r"^Requests/sec:\s+([0-9.]+)", text, re.M)
    if not m:
        raise ValueError("no 'Requests/sec' line in wrk's output")
    result["rps"] = float(m.group(1))
    for pct, key in (("50", "p50_ms"), ("99", "p99_ms")):
        m = re.search(rf"^\s+{pct}%\s+([0-9.]+)(us|ms|s|m|h)\s*$", text, re.M)
        result[key] = _ms(m.group(1), m.group(2)) if m else None
    m = re.search(r"^\s+Latency\s+([0-9.]+)(us|ms|s|m|h)\s", text, re.M)
    result["avg_ms"] = _ms(m.group(1), m.group(2)) if m else None
    m = re.search(r"^\s+(\d+) requests in", text, re.M)
    result["requests"] = int(m.group(1)) if m else None
    m = re.search(r"^\s+Non-2xx or 3xx responses:\s+(\d+)", text, re.M)
    result["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    result["socket_errors"] = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups()))) if m else {}
    )
    return result


def _percentile(sorted_values, pct):
    """Nearest-rank percentile."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(pct / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]


def parse_pgbench(stdout_text, log_prefix):
    """tps and failures from pgbench's summary; p50/p99 from its per-transaction log.

    Log lines are `client_id transaction_no time script_no time_epoch time_us [...]`, where
    `time` is the transaction's latency in microseconds (or `failed`/`skipped`).
    """
    result = {}
    m = re.search(r"^tps = ([0-9.]+) \(without initial connection time\)", stdout_text, re.M)
    if not m:
        m = re.search(r"^tps = ([0-9.]+)", stdout_text, re.M)
    if not m:
        raise ValueError("no 'tps =' line in pgbench's output")
    result["rps"] = float(m.group(1))
    m = re.search(r"^latency average = ([0-9.]+) ms", stdout_text, re.M)
    result["avg_ms"] = float(m.group(1)) if m else None
    m = re.search(r"^number of failed transactions: (\d+)", stdout_text, re.M)
    failed = int(m.group(1)) if m else 0
    m = re.search(r"^number of transactions actually processed: (\d+)", stdout_text, re.M)
    result["requests"] = int(m.group(1)) if m else None

    latencies_us = []
    log_failed = 0
    files = sorted(glob.glob(glob.escape(log_prefix) + ".*"))
    for path in files:
        with open(path, encoding="ascii", errors="replace") as f:
            for line in f:
                fields = line.split()
                if len(fields) < 3:
                    continue
                if fields[2].isdigit():
                    latencies_us.append(int(fields[2]))
                else:
                    log_failed += 1
    latencies_us.sort()
    p50 = _percentile(latencies_us, 50)
    p99 = _percentile(latencies_us, 99)
    result["p50_ms"] = p50 / 1000.0 if p50 is not None else None
    result["p99_ms"] = p99 / 1000.0 if p99 is not None else None
    result["failed"] = max(failed, log_failed)
    result["non2xx"] = 0
    result["socket_errors"] = {}
    return result


def _append(results_path, row):
    with open(results_path, "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")


def cmd_wrk(results_path, scenario, database, output_path):
    with open(output_path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    row = {"scenario": scenario, "database": database}
    try:
        row.update(parse_wrk(text))
    except ValueError as e:
        row["error"] = f"{e}: {text.strip()[-300:]!r}"
    _append(results_path, row)
    if "error" in row:
        die(row["error"])


def cmd_pgbench(results_path, scenario, database, stdout_path, log_prefix):
    with open(stdout_path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    row = {"scenario": scenario, "database": database}
    try:
        row.update(parse_pgbench(text, log_prefix))
    except ValueError as e:
        row["error"] = f"{e}: {text.strip()[-300:]!r}"
    _append(results_path, row)
    if "error" in row:
        die(row["error"])


def cmd_fail(results_path, scenario, database, reason):
    _append(results_path, {"scenario": scenario, "database": database, "error": reason})


def _fmt_num(value, digits=0):
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def _fmt_ms(value):
    if value is None:
        return "n/a"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _fmt_ratio(value):
    if value is None:
        return "n/a"
    if value >= 0.01:
        return f"{value:.3f}"  # three places, so that 0.596 does not read as meeting 0.60
    return f"{value:.2g}"


def error_count(row):
    return (
        row.get("non2xx", 0)
        + sum(row.get("socket_errors", {}).values())
        + row.get("failed", 0)
    )


def _fmt_errors(row):
    total = error_count(row)
    if total == 0:
        return "0"
    parts = []
    if row.get("non2xx"):
        parts.append(f"{row['non2xx']:,} non-2xx")
    for kind, n in row.get("socket_errors", {}).items():
        if n:
            parts.append(f"{n:,} {kind}")
    if row.get("failed"):
        parts.append(f"{row['failed']:,} failed")
    return f"**{total:,}** ({', '.join(parts)})"


def render_table(rows):
    by_key = {(r["scenario"], r["database"]): r for r in rows}

    def ok_rps(key):
        r = by_key.get(key)
        if r is None or "error" in r or not r.get("rps"):
            return None
        return r["rps"]

    header = (
        "| scenario | database | req/s | p50 ms | p99 ms | errors | ratio | target | met |\n"
        "|---|---|--:|--:|--:|--:|---|---|---|"
    )
    lines = [header]
    db_order = {"SQLite": 0, "PostgreSQL": 1}
    scenario_order = {HEALTHZ: 0, USERS_ME: 1, PGBENCH: 2, LOGIN: 3}
    rows = sorted(
        rows,
        key=lambda r: (db_order.get(r["database"], 9), scenario_order.get(r["scenario"], 9)),
    )
    for r in rows:
        scenario, database = r["scenario"], r["database"]
        if "error" in r:
            reason = r["error"].replace("|", "\\|").replace("\n", " ")
            lines.append(
                f"| {scenario} | {database} | did not run: {reason} | | | | | | |"
            )
            continue
        errors = error_count(r)
        p99 = r.get("p99_ms")
        ratio_text, target, met = "", "", "—"
        if scenario == HEALTHZ:
            ratio_text = "1.00 (ref)"
            target = f"≥ {HEALTHZ_TARGET_RPS // 1000}k req/s, 0 errors"
            met = "yes" if r["rps"] >= HEALTHZ_TARGET_RPS and errors == 0 else "no"
        elif scenario == USERS_ME:
            if database == "SQLite":
                ref, ref_name, goal = ok_rps((HEALTHZ, database)), "/healthz", USERS_ME_SQLITE_TARGET
            else:
                ref, ref_name, goal = ok_rps((PGBENCH, database)), "pgbench", USERS_ME_PG_TARGET
            ratio = r["rps"] / ref if ref else None
            ratio_text = f"{_fmt_ratio(ratio)} of {ref_name}"
            target = f"≥ {goal:.2f} of {ref_name}, p99 < {P99_TARGET_MS:g} ms, 0 errors"
            if ratio is None or p99 is None:
                met = "n/a"
            else:
                met = "yes" if ratio >= goal and p99 < P99_TARGET_MS and errors == 0 else "no"
        elif scenario == LOGIN:
            ref = ok_rps((HEALTHZ, database))
            ratio = r["rps"] / ref if ref else None
            ratio_text = f"{_fmt_ratio(ratio)} of /healthz"
            target = "informational (Argon2id-bound), 0 errors"
            met = "yes" if errors == 0 else "no"
        elif scenario == PGBENCH:
            ratio_text = "1.00 (ref)"
            target = "ceiling for users/me"
            met = "—"
        lines.append(
            f"| {scenario} | {database} | {_fmt_num(r['rps'])} | {_fmt_ms(r.get('p50_ms'))} "
            f"| {_fmt_ms(p99)} | {_fmt_errors(r)} | {ratio_text} | {target} | {met} |"
        )
    return "\n".join(lines)


def read_rows(results_path):
    try:
        with open(results_path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def judged_table(rows, judge, ratio_header="ratio"):
    """The table of a face's benchmark (bench/kpi.sh, teamflow.sh, schemes.sh), its rows in the
    order they ran. judge(row, rps) gives a measured row's ratio, target and met columns, where
    rps(scenario, database) is the req/s of another row (None when that one did not run)."""
    by_key = {(r["scenario"], r["database"]): r for r in rows}

    def rps(scenario, database):
        r = by_key.get((scenario, database))
        return None if r is None or "error" in r else r.get("rps")

    lines = [
        f"| scenario | database | req/s | p50 ms | p99 ms | errors | {ratio_header} | target | met |",
        "|---|---|--:|--:|--:|--:|---|---|---|",
    ]
    for r in rows:
        s, d = r["scenario"], r["database"]
        if "error" in r:
            lines.append(f"| {s} | {d} | did not run: {r['error']} | | | | | | |")
            continue
        ratio, target, met = judge(r, rps)
        lines.append(
            f"| {s} | {d} | {_fmt_num(r['rps'])} | {_fmt_ms(r.get('p50_ms'))} | "
            f"{_fmt_ms(r.get('p99_ms'))} | {_fmt_errors(r)} | {ratio} | {target} | {met} |"
        )
    return "\n".join(lines)


def cmd_table(results_path):
    print(render_table(read_rows(results_path)))


def main(argv):
    if len(argv) < 2:
        die(__doc__)
    cmd, args = argv[1], argv[2:]
    commands = {
        "free-port": (cmd_free_port, 0),
        "register": (cmd_register, 4),
        "wrk": (cmd_wrk, 4),
        "pgbench": (cmd_pgbench, 5),
        "fail": (cmd_fail, 4),
        "table": (cmd_table, 1),
    }
    if cmd not in commands or len(args) != commands[cmd][1]:
        die(__doc__)
    commands[cmd][0](*args)


if __name__ == "__main__":
    main(sys.argv)
