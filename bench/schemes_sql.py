#!/usr/bin/python3
"""Turns the SQL a Tandem request ran into a pgbench script (bench/schemes.sh).

The benchmark compares the schemes face with pgbench running *the same SQL*. Rather than keep a
hand-written copy of what the engine generates (which would drift), bench/schemes.sh turns on
PostgreSQL's statement log, sends each scenario's request once between two marker queries, and
this script reads the statements the server's connections ran between the markers, with their
bound parameters written in as literals.

  schemes_sql.py LOG MARKER OUT [--returning-table T --returning-var V --returning-value N]

LOG is the cluster's server log (log_line_prefix '%p|', log_statement 'all'). MARKER names the
scenario: the statements between "SELECT 'tandem-bench-begin-MARKER'" and
"SELECT 'tandem-bench-end-MARKER'" are taken. For a write, the row id an INSERT ... RETURNING id
into T produced (N, read from the response) is replaced by the pgbench variable :V wherever later
statements bind it, and that INSERT stores its id with \\gset, so every pgbench transaction links
the rows it inserted itself, as the server does. Exits non-zero when nothing was captured.
"""

import re
import sys

LINE = re.compile(r"^(\d+)\|(LOG|DETAIL|ERROR|STATEMENT):\s+(.*)$")
STATEMENT = re.compile(r"^(?:statement|execute [^:]*): (.*)$", re.S)
PARAM = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')")
PLACEHOLDER = re.compile(r"\$(\d+)\b")
# Statements of the server that are not part of a request.
SKIP = re.compile(r"^\s*(LISTEN|UNLISTEN|DEALLOCATE|SET |SHOW |SELECT pg_advisory)", re.I)


def read_entries(path):
    """(pid, kind, text) per log entry; continuation lines joined to their entry."""
    entries = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.rstrip("\n")
            m = LINE.match(line)
            if m:
                entries.append([m.group(1), m.group(2), m.group(3)])
            elif entries:
                entries[-1][2] += "\n" + line
    return entries


def statements_between(entries, marker):
    begin, end = f"tandem-bench-begin-{marker}", f"tandem-bench-end-{marker}"
    inside, marker_pid, out = False, None, []
    for pid, kind, text in entries:
        if kind == "LOG" and begin in text:
            inside, marker_pid = True, pid
            continue
        if kind == "LOG" and end in text:
            break
        if not inside or pid == marker_pid:
            continue
        if kind == "LOG":
            m = STATEMENT.match(text)
            if m and not SKIP.match(m.group(1)):
                out.append({"sql": m.group(1).strip(), "params": {}})
        elif kind == "DETAIL" and text.startswith("parameters:") and out:
            out[-1]["params"] = {int(n): v for n, v in PARAM.findall(text)}
    return out


def main(argv):
    if len(argv) not in (4, 10):
        sys.exit(__doc__)
    log_path, marker, out_path = argv[1:4]
    returning = dict(zip(argv[4::2], argv[5::2])) if len(argv) == 10 else {}
    statements = statements_between(read_entries(log_path), marker)
    if not statements:
        sys.exit(f"schemes_sql: no statements captured for {marker}")
    table = returning.get("--returning-table")
    var = returning.get("--returning-var")
    value = returning.get("--returning-value")
    lines = []
    for st in statements:
        params = st["params"]
        if value is not None:
            params = {n: (f":{var}" if v == f"'{value}'" else v) for n, v in params.items()}
        sql = PLACEHOLDER.sub(lambda m: params.get(int(m.group(1)), m.group(0)), st["sql"])
        sql = " ".join(sql.split())  # pgbench reads one statement per line
        if table and re.match(rf"INSERT INTO {re.escape(table)}\b.*RETURNING", sql, re.I):
            sql = f"{sql} \\gset {var[:-2] if var.endswith('id') else var}"
        elif not sql.endswith(";"):
            sql += ";"
        lines.append(sql)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv)
