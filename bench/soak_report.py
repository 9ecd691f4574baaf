#!/usr/bin/python3
"""The tables and the verdict of bench/soak.sh (standard library only).

  soak_report.py RESULTS RSS_MARGIN_MIB FD_MARGIN

RESULTS holds one JSON object per database (soak.sh's record: the wrk output, the reports of
soak_mix.lua, soak_hostile.py and soak_ws.py, RSS and fd samples, how the server ended), or a
bench.py "fail" row for a database that could not run. Prints a markdown table per database
and exits 1 when any database fails: errors > 0, fds after > baseline + FD_MARGIN, RSS after >
baseline + RSS_MARGIN_MIB, or a database that did not run.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (parse_wrk)

EXPECTED_4XX_KINDS = "malformed JSON, no or bad token, bad UUID, unknown route, wrong password"


def n(value):
    return "n/a" if value is None else f"{value:,}"


def mib(kib):
    return f"{kib / 1024:.1f}"


def mix_counts(mix):
    """What soak_mix.lua saw: responses, expected_4xx, unexpected (any status outside its kind's
    expected ones), unexpected_4xx_5xx, server_errors (5xx), task_events (task writes answered
    as expected), wrong (text per kind and status)."""
    c = dict(responses=0, expected_4xx=0, unexpected=0, unexpected_4xx_5xx=0, server_errors=0,
             task_events=0, wrong=[])
    by_kind = [(kind, set(mix["expected"].get(kind, [])), by_status)
               for kind, by_status in sorted(mix["kinds"].items())]
    by_kind.append(("no request id", set(), mix["unattributed"]))
    for kind, allowed, by_status in by_kind:
        for status_text, count in by_status.items():
            status = int(status_text)
            c["responses"] += count
            c["server_errors"] += count if status >= 500 else 0
            if status in allowed:
                c["expected_4xx"] += count if status >= 400 else 0
                c["task_events"] += count if kind.startswith("task_") else 0
            else:
                c["unexpected"] += count
                c["unexpected_4xx_5xx"] += count if status >= 400 else 0
                c["wrong"].append(f"{kind} → {status} ×{count}")
    return c


def table(r, rss_margin_mib, fd_margin):
    """Markdown lines and whether the database passed."""
    lines = [f"### {r['database']}", "", "| measure | value | limit | ok |", "|---|---|---|---|"]
    errors = 0

    def row(measure, value, limit="", ok=None):
        mark = "" if ok is None else ("yes" if ok else "**no**")
        lines.append(f"| {measure} | {value} | {limit} | {mark} |")

    try:
        wrk = bench.parse_wrk(r["wrk_text"])
    except ValueError:
        wrk = None
    mix, ws, hostile = r["mix"], r["ws"], r["hostile"]
    if wrk is None or mix is None:
        row("mixed HTTP load (wrk + soak_mix.lua)", "no report: wrk failed", "", False)
        errors += 1
    else:
        c = mix_counts(mix)
        socket = wrk["socket_errors"]
        socket_total = sum(socket.values())
        row(f"HTTP requests (wrk, {r['seconds']} s)",
            f"{n(wrk['requests'])} ({n(round(wrk['rps']))} req/s), {n(c['task_events'])} of them "
            "task writes (WebSocket events)")
        # wrk counts every status above 399; soak_mix.lua tells which of them were expected.
        accounted = c["expected_4xx"] + c["unexpected_4xx_5xx"]
        row("wrk's \"Non-2xx or 3xx responses\"",
            f"{n(wrk['non2xx'])} = {n(c['expected_4xx'])} expected 4xx ({EXPECTED_4XX_KINDS}) + "
            f"{n(c['unexpected_4xx_5xx'])} unexpected 4xx/5xx", "all accounted for",
            wrk["non2xx"] == accounted)
        row("unexpected statuses (errors)",
            n(c["unexpected"]) + (": " + "; ".join(c["wrong"][:6]) if c["wrong"] else ""), "0",
            c["unexpected"] == 0)
        row("5xx", n(c["server_errors"]), "0", c["server_errors"] == 0)
        row("socket errors (connect / read / write / timeout)",
            " / ".join(str(socket.get(k, 0)) for k in ("connect", "read", "write", "timeout")),
            "0", socket_total == 0)
        errors += c["unexpected"] + socket_total + (0 if wrk["non2xx"] == accounted else 1)
    if hostile is None:
        row("hostile traffic (soak_hostile.py)", "no report", "", False)
        errors += 1
    else:
        statuses = {}
        for by_status in hostile["statuses"].values():
            for status, count in by_status.items():
                statuses[status] = statuses.get(status, 0) + count
        answered = ", ".join(f"{s} ×{n(c)}" for s, c in sorted(statuses.items()))
        row("hostile requests (raw sockets)", f"{n(hostile['attacks'])} attacks; answers {answered}")
        row("hostile: unexpected answers (errors)",
            n(hostile["unexpected"]) + (": " + "; ".join(hostile["examples"])
                                        if hostile["examples"] else ""), "0",
            hostile["unexpected"] == 0)
        st = hostile["stalls"]
        row("stalled connections", f"{n(st['opened'])} opened, {n(st['closed_by_server'])} closed "
            f"by the server at their timeout, {n(st['closed_by_us'])} closed by the client at the "
            "end", "closed within [timeout − 1 s, timeout + 5 s]", None)
        errors += hostile["unexpected"]
    if ws is None:
        row("WebSocket clients (soak_ws.py)", "no report", "", False)
        errors += 1
    else:
        row("WebSocket clients", f"{ws['clients']} ({ws['reconnecting_clients']} reconnecting), "
            f"{n(ws['connects'])} connects, {n(ws['planned_reconnects'])} planned reconnects")
        row("WebSocket frames received", f"{n(ws['task_frames'])} task events, "
            f"{n(ws['other_frames'])} other, {n(ws['bad_frames'])} not JSON events",
            "0 not JSON events", ws["bad_frames"] == 0)
        errors += ws["bad_frames"]
        if mix is not None and ws["steady_task_frames_min"] is not None:
            events = mix_counts(mix)["task_events"]
            missed = events - ws["steady_task_frames_min"]
            extra = ws["steady_task_frames_max"] - events
            row("task events per steady client (errors: missed or extra)",
                f"{n(ws['steady_task_frames_min'])} to {n(ws['steady_task_frames_max'])} of "
                f"{n(events)} task writes", "every one, once", missed == 0 and extra == 0)
            errors += max(0, missed) + max(0, extra)
        bad = ws["unexpected_disconnects"] + ws["handshake_failures"]
        examples = ws["unexpected_examples"] + ws["handshake_examples"]
        row("unexpected disconnects / failed handshakes (errors)",
            f"{ws['unexpected_disconnects']} / {ws['handshake_failures']}"
            + (": " + "; ".join(examples[:3]) if examples else ""), "0", bad == 0)
        errors += bad
    rss, fds = r["rss_kib"], r["fds"]
    rss_ok = 0 < rss["after"] <= rss["baseline"] + rss_margin_mib * 1024
    fds_ok = 0 < fds["after"] <= fds["baseline"] + fd_margin
    row("RSS MiB: baseline / peak / after", f"{mib(rss['baseline'])} / {mib(rss['peak'])} / "
        f"{mib(rss['after'])} (after − baseline {(rss['after'] - rss['baseline']) / 1024:+.1f})",
        f"after ≤ baseline + {rss_margin_mib}", rss_ok)
    # Password hashes come and go (Argon2id holds 64 MiB while it runs), so the low-water mark
    # of each third of the load shows a trend that the peak hides.
    load = r.get("rss_load_kib") or []
    if len(load) >= 6:
        third = len(load) // 3
        row("RSS MiB low-water during the load: first / last third",
            f"{mib(min(load[:third]))} / {mib(min(load[-third:]))}", "information")
    row("open fds: baseline / peak / after", f"{fds['baseline']} / {fds['peak']} / {fds['after']}",
        f"after ≤ baseline + {fd_margin}", fds_ok)
    server_ok = r["alive"] and r["server_exit"] == "0"
    how = "ran throughout" if r["alive"] else "**died during the soak**"
    row("server", f"{how}; SIGTERM → exit {r['server_exit']}", "alive, exit 0", server_ok)
    errors += 0 if server_ok else 1
    passed = errors == 0 and rss_ok and fds_ok
    row("**errors**", f"**{n(errors)}**", "0", errors == 0)
    lines += ["", f"Verdict for {r['database']}: **{'pass' if passed else 'FAIL'}**"]
    if r["server_log"]:
        lines += ["", "Server log lines during the soak (not info level, first 20):", "", "```"]
        lines += r["server_log"] + ["```"]
    return lines, passed


def main(results_path, rss_margin_mib, fd_margin):
    rows = []
    with open(results_path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    out, all_passed = [], bool(rows)
    for r in rows:
        if "error" in r:
            out += [f"### {r['database']}", "", f"Did not run: {r['error']}", ""]
            all_passed = False
            continue
        lines, passed = table(r, rss_margin_mib, fd_margin)
        out += lines + [""]
        all_passed = all_passed and passed
    out.append(f"Overall: **{'pass' if all_passed else 'FAIL'}**")
    print("\n".join(out))
    return 0 if all_passed else 1


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
