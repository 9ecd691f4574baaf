#!/usr/bin/python3
"""Hostile traffic of bench/soak.sh, on raw sockets (standard library only).

  soak_hostile.py --port P --seed seed.env --seconds S --report FILE [--rate 20] [--stalls 12]
                  [--header-timeout-ms 10000 --body-timeout-ms 30000 --idle-timeout-ms 60000]

For S seconds, about --rate times a second, one attack on a new connection, in turn from
ATTACKS: malformed request lines and framing, smuggling attempts, header, trailer and body
limits (431 / 413), a non-UTF-8 path. Each attack has a known answer: the statuses in order (a
request the server must refuse answers once, then the connection closes, so nothing smuggled
behind it runs) and the error body's key of the face that owns the path; the body must be valid
UTF-8 JSON. Anything else is counted as unexpected, with up to five examples.

Meanwhile --stalls connections stay open without finishing a request, a third each: half a
header block (closed by the server after the header timeout), headers and half a body (the body
timeout), nothing at all (the idle timeout). Each is reopened when the server closes it; a close
more than a second early or more than 5 s late is unexpected. At the end every connection this
script opened is closed, and the report (JSON) is written: attacks, statuses by attack,
unexpected, stall counts.
"""

import argparse
import asyncio
import json
import socket
import time

STALL_GRACE = 5.0  # seconds past its timeout before a stalled connection counts as not closed
EARLY = 1.0  # seconds before its timeout that a close counts as early


def chunked_body(size, piece=65536):
    chunk = f"{piece:x}\r\n".encode() + b"a" * piece + b"\r\n"
    return [chunk] * (size // piece + 1)


def build_attacks(token):
    host = b"Host: soak\r\n"
    auth = f"Authorization: Bearer {token}\r\n".encode()
    pad = b"X-Pad: " + b"a" * 20_000 + b"\r\n"
    # name: (request pieces sent in order, expected statuses in order, key of the error body)
    return {
        "header_431": ([b"GET /api/v1/users/me HTTP/1.1\r\n" + host + pad + b"\r\n"], [431],
                       "detail"),
        "kpi_header_431": ([b"GET /kpi_values HTTP/1.1\r\n" + host + pad + b"\r\n"], [431],
                           "message"),
        "preflight_431": ([b"OPTIONS /api/tasks HTTP/1.1\r\n" + host +
                           b"Origin: http://soak.example\r\nAccess-Control-Request-Method: PUT\r\n"
                           b"Access-Control-Request-Headers: " + b"x" * 70_000 + b"\r\n\r\n"],
                          [431], "error"),
        "body_413": ([b"POST /api/v1/tasks/ HTTP/1.1\r\n" + host + auth +
                      b"Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n"],
                     [413], "detail"),
        "board_body_413": ([b"POST /api/tasks HTTP/1.1\r\n" + host +
                            b"Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n"],
                           [413], "error"),
        "chunked_413": ([b"POST /kpi_values/add HTTP/1.1\r\n" + host +
                         b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"] +
                        chunked_body(1_200_000), [413], "message"),
        "trailer_431": ([b"POST /api/v1/auth/logout HTTP/1.1\r\n" + host +
                         b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX-T: " +
                         b"t" * 70_000 + b"\r\n\r\n"], [431], "detail"),
        "chunk_extension_413": ([b"POST /api/v1/auth/logout HTTP/1.1\r\n" + host +
                                 b"Transfer-Encoding: chunked\r\n\r\n2;ext=" + b"e" * 1_100_000 +
                                 b"\r\n{}\r\n0\r\n\r\n"], [413], "detail"),
        "garbage_400": ([b"GARBAGE\r\n\r\n"], [400], "detail"),
        "bad_version_400": ([b"GET /healthz HTTP/9.9\r\n" + host + b"\r\n"], [400], "detail"),
        "no_host_400": ([b"GET /api/tasks HTTP/1.1\r\n\r\n"], [400], "error"),
        "two_hosts_400": ([b"GET /api/v1/users/me HTTP/1.1\r\n" + host + host + b"\r\n"], [400],
                          "detail"),
        "two_lengths_400": ([b"POST /api/v1/auth/logout HTTP/1.1\r\n" + host +
                             b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"], [400],
                            "detail"),
        # An embedded request behind a Transfer-Encoding the server must refuse: one 400, then
        # the connection closes before the embedded GET can run.
        "smuggle_400": ([b"POST /api/v1/auth/logout HTTP/1.1\r\n" + host +
                         b"Transfer-Encoding: chunked, identity\r\nContent-Length: 40\r\n\r\n"
                         b"GET /api/v1/users/me HTTP/1.1\r\n" + host + b"\r\n"], [400], "detail"),
        "xchunked_400": ([b"POST /api/tasks HTTP/1.1\r\n" + host +
                          b"Transfer-Encoding: xchunked\r\nContent-Length: 2\r\n\r\n{}"], [400],
                         "error"),
        # A good request, then garbage on the same connection: the first is served.
        "pipelined_garbage": ([b"GET /healthz HTTP/1.1\r\n" + host + b"\r\nNOT HTTP\r\n\r\n"],
                              [200, 400], "detail"),
        "non_utf8_path_422": ([b"GET /api/v1/tasks/%C3%A4%FF HTTP/1.1\r\n" + host + auth +
                               b"Connection: close\r\n\r\n"], [422], "detail"),
    }


def read_responses(stream):
    """Every response until the server closes: [(status, body bytes)]."""
    responses = []
    while True:
        line = stream.readline()
        if not line:
            return responses
        status = int(line.split()[1])
        length = 0
        while True:
            header = stream.readline()
            if header in (b"\r\n", b""):
                break
            name, _, value = header.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        body = stream.read(length) if length else b""
        if len(body) < length:
            raise ValueError("the connection closed inside a body")
        responses.append((status, body))


class Report:
    def __init__(self):
        self.attacks = 0
        self.statuses = {}  # attack -> {status: count}
        self.unexpected = 0
        self.examples = []
        self.stalls = {"opened": 0, "closed_by_server": 0, "closed_by_us": 0}

    def wrong(self, text):
        self.unexpected += 1
        if len(self.examples) < 5:
            self.examples.append(text)


def exchange(pieces):
    """Sends the pieces on a new connection and reads every answer (blocking: asyncio drops what
    arrives after a failed write, and the server may answer 413 before it read the whole body)."""
    with socket.create_connection(("127.0.0.1", ARGS.port), timeout=10) as sock:
        try:
            for piece in pieces:
                sock.sendall(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass  # answered and closed before reading everything: the answer is read below
        with sock.makefile("rb") as stream:
            return read_responses(stream)


async def attack(name, pieces, expected, key, report):
    report.attacks += 1
    try:
        responses = await asyncio.to_thread(exchange, pieces)
    except (OSError, ValueError, IndexError) as e:
        report.wrong(f"{name}: no complete answer ({type(e).__name__}: {e})")
        return
    by_status = report.statuses.setdefault(name, {})
    for status, _ in responses:
        by_status[str(status)] = by_status.get(str(status), 0) + 1
    statuses = [status for status, _ in responses]
    if statuses != expected:
        report.wrong(f"{name}: statuses {statuses}, expected {expected}")
        return
    status, body = responses[-1]
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        report.wrong(f"{name}: {status} body is not UTF-8 JSON: {body[:120]!r}")
        return
    if not isinstance(document, dict) or key not in document:
        report.wrong(f"{name}: {status} body has no {key!r}: {body[:120]!r}")


async def stall(kind, report, stop):
    host = b"Host: soak\r\n"
    opening, timeout = {
        "header": (b"GET /healthz HTTP/1.1\r\n" + host, ARGS.header_timeout_ms / 1000),
        "body": (b"POST /api/v1/auth/logout HTTP/1.1\r\n" + host +
                 b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":", ARGS.body_timeout_ms / 1000),
        "idle": (b"", ARGS.idle_timeout_ms / 1000),
    }[kind]
    while not stop.is_set():
        reader, writer = await asyncio.open_connection("127.0.0.1", ARGS.port)
        report.stalls["opened"] += 1
        opened = time.monotonic()
        writer.write(opening)
        read = asyncio.ensure_future(reader.read())
        stopped = asyncio.ensure_future(stop.wait())
        done, _ = await asyncio.wait({read, stopped}, timeout=timeout + STALL_GRACE,
                                     return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if read in done:
            lived = time.monotonic() - opened
            report.stalls["closed_by_server"] += 1
            data = read.result() if not read.exception() else b""
            if lived < timeout - EARLY:
                report.wrong(f"stall {kind}: closed after {lived:.1f} s, timeout {timeout:g} s")
            elif data:
                report.wrong(f"stall {kind}: the server sent {data[:80]!r} before closing")
        else:
            read.cancel()
            if not stop.is_set():
                report.wrong(f"stall {kind}: still open {timeout + STALL_GRACE:g} s after opening "
                             f"(timeout {timeout:g} s)")
            report.stalls["closed_by_us"] += 1
        writer.close()


async def main():
    seed = dict(line.rstrip("\n").split("=", 1) for line in open(ARGS.seed, encoding="ascii")
                if "=" in line)
    attacks = list(build_attacks(seed["SOAK_ADMIN_TOKEN"]).items())
    report = Report()
    stop = asyncio.Event()
    kinds = ("header", "body", "idle")
    stalls = [asyncio.create_task(stall(kinds[i % 3], report, stop)) for i in range(ARGS.stalls)]
    end = time.monotonic() + ARGS.seconds
    turn = 0
    while time.monotonic() < end:
        name, (pieces, expected, key) = attacks[turn % len(attacks)]
        turn += 1
        started = time.monotonic()
        await attack(name, pieces, expected, key, report)
        await asyncio.sleep(max(0.0, 1.0 / ARGS.rate - (time.monotonic() - started)))
    stop.set()
    await asyncio.gather(*stalls)
    with open(ARGS.report, "w", encoding="ascii") as f:
        json.dump({"attacks": report.attacks, "statuses": report.statuses,
                   "unexpected": report.unexpected, "examples": report.examples,
                   "stalls": report.stalls}, f)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--seed", required=True)
    p.add_argument("--seconds", type=float, required=True)
    p.add_argument("--report", required=True)
    p.add_argument("--rate", type=float, default=20)
    p.add_argument("--stalls", type=int, default=12)
    p.add_argument("--header-timeout-ms", type=int, default=10_000)
    p.add_argument("--body-timeout-ms", type=int, default=30_000)
    p.add_argument("--idle-timeout-ms", type=int, default=60_000)
    ARGS = p.parse_args()
    asyncio.run(main())
