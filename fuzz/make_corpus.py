#!/usr/bin/env python3
"""Writes the seed inputs of fuzz/corpus/<target>/ from the readable definitions below.

    /usr/bin/python3 fuzz/make_corpus.py

Each seed starts with the target's selector bytes (see the comment at the top of each
*_fuzzer.cpp). Seeds are small starting points; libFuzzer mutates them. Files this script did
not write (minimised crash inputs, named crash-*) are left alone. Deterministic: rerunning it
rewrites the same bytes, so `git status` shows only real changes.
"""

import base64
import hashlib
import hmac
import json
import pathlib

CORPUS = pathlib.Path(__file__).resolve().parent / "corpus"

# ---- http_request: [limits][8 piece sizes][client bytes] -------------------------------------
# limits: '0' the server's defaults, '1' small (256 B header, 128 B body), '2' tiny, '3' raised
# (128 KiB header). Piece sizes: '0'..'7' -> 1, 2, 3, 7, 64, 500, 4096, 16384 bytes per read.
WHOLE = "77777777"  # one read of up to 16 KiB at a time
BYTEWISE = "00000000"  # one byte per read
MIXED = "01234567"

CRLF = "\r\n"


def request(head: str, body: bytes = b"") -> bytes:
    return head.replace("\n", CRLF).encode() + CRLF.encode() + body


def chunked(*chunks: bytes, trailer: str = "", ext: str = "") -> bytes:
    out = b""
    for c in chunks:
        out += f"{len(c):x}{ext}\r\n".encode() + c + b"\r\n"
    return out + b"0\r\n" + trailer.replace("\n", CRLF).encode() + b"\r\n"


POST_CHUNKED = "POST /api/v1/auth/logout HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n"
LOGIN = b'{"email":"ada@example.com","password":"pw"}'

HTTP_SEEDS = {
    "get": ("0", WHOLE, request("GET /healthz HTTP/1.1\nHost: 127.0.0.1:8000\n")),
    "get-bytewise": ("0", BYTEWISE, request("GET /api/v1/users/me HTTP/1.1\nHost: a\n"
                                            "Authorization: Bearer x.y.z\n")),
    "post-json": ("0", MIXED, request(
        f"POST /api/v1/auth/login HTTP/1.1\nHost: a\nContent-Type: application/json\n"
        f"Content-Length: {len(LOGIN)}\n", LOGIN)),
    "post-json-small-limits": ("1", MIXED, request(
        f"POST /login HTTP/1.1\nHost: a\nContent-Length: {len(LOGIN)}\n", LOGIN)),
    "expect-continue": ("0", "44444444", request(
        f"PUT /api/tasks/1 HTTP/1.1\nHost: a\nExpect: 100-continue\n"
        f"Content-Length: {len(LOGIN)}\n", LOGIN)),
    "pipelined": ("0", WHOLE, request("GET /a HTTP/1.1\nHost: a\n") +
                  request("GET /b?x=1 HTTP/1.1\nHost: a\nConnection: close\n")),
    "http10-no-host": ("0", WHOLE, request("GET / HTTP/1.0\n")),
    "http10-keep-alive": ("0", WHOLE, request("GET / HTTP/1.0\nConnection: keep-alive\n") +
                          request("GET / HTTP/1.0\n")),
    "chunked": ("0", MIXED, request(POST_CHUNKED, chunked(b"{}", b"[1,2]"))),
    "chunked-trailer": ("0", MIXED, request(POST_CHUNKED, chunked(b"{}", trailer="X-T: t\nX-U: u\n"))),
    "chunked-extension": ("0", MIXED, request(POST_CHUNKED, chunked(b"abc", ext=';name="v";x'))),
    "chunked-small-limits": ("1", "33333333", request(POST_CHUNKED, chunked(b"x" * 100, b"y" * 40,
                                                                               trailer="A: b\n"))),
    "chunked-huge-size": ("0", WHOLE, request(POST_CHUNKED, b"ffffffffffffffff\r\nab")),
    "chunked-bad-size": ("0", WHOLE, request(POST_CHUNKED, b"-1\r\nab\r\n0\r\n\r\n")),
    "chunked-lf-only": ("0", WHOLE, request(POST_CHUNKED, b"2\n{}\n0\n\n")),
    # Issue 8: a trailer field over Beast's 64 KiB per field aborted the process.
    "trailer-over-64k": ("0", WHOLE, request(POST_CHUNKED, chunked(b"{}", trailer="X-T: " +
                                                                   "t" * 70_000 + "\n"))),
    "header-over-64k-raised": ("3", WHOLE, request("GET / HTTP/1.1\nHost: a\nX-Big: " +
                                                   "b" * 70_000 + "\n")),
    "header-at-small-limit": ("1", WHOLE, request("GET / HTTP/1.1\nHost: a\nX: " + "h" * 220 + "\n")),
    "tiny-limits": ("2", BYTEWISE, request("GET / HTTP/1.1\nHost: a\n")),
    "te-xchunked": ("0", WHOLE, request("POST / HTTP/1.1\nHost: a\nTransfer-Encoding: xchunked\n"
                                        "Content-Length: 3\n", b"abc")),
    "te-identity": ("0", WHOLE, request("POST / HTTP/1.1\nHost: a\nTransfer-Encoding: identity\n\n")),
    "te-chunked-identity": ("0", WHOLE, request(
        "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked, identity\n", chunked(b"x"))),
    "te-twice": ("0", WHOLE, request("POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n"
                                     "Transfer-Encoding: chunked\n", chunked(b"x"))),
    "te-gzip": ("0", WHOLE, request("POST / HTTP/1.1\nHost: a\nTransfer-Encoding: gzip\n", b"x")),
    "te-and-cl": ("0", WHOLE, request("POST / HTTP/1.1\nHost: a\nContent-Length: 30\n"
                                      "Transfer-Encoding: chunked\n",
                                      chunked(b"x") + b"GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n")),
    "te-http10": ("0", WHOLE, request("POST / HTTP/1.0\nTransfer-Encoding: chunked\n", chunked(b"x"))),
    "cl-twice": ("0", WHOLE, request("POST / HTTP/1.1\nHost: a\nContent-Length: 3\n"
                                     "Content-Length: 4\n", b"abcd")),
    "cl-list": ("0", WHOLE, request("POST / HTTP/1.1\nHost: a\nContent-Length: 3, 3\n", b"abc")),
    "cl-negative": ("0", WHOLE, request("POST / HTTP/1.1\nHost: a\nContent-Length: -1\n")),
    "cl-over-body-limit": ("1", WHOLE, request("POST / HTTP/1.1\nHost: a\nContent-Length: 1000\n",
                                               b"z" * 200)),
    "host-missing": ("0", WHOLE, request("GET / HTTP/1.1\nUser-Agent: x\n")),
    "host-twice": ("0", WHOLE, request("GET / HTTP/1.1\nHost: a\nHost: b\n")),
    "obs-fold": ("0", WHOLE, request("GET / HTTP/1.1\nHost: a\nX-Folded: one\n two\n")),
    "space-before-colon": ("0", WHOLE, request("GET / HTTP/1.1\nHost : a\n")),
    "bare-lf": ("0", WHOLE, b"GET / HTTP/1.1\nHost: a\n\n"),
    "percent-path": ("0", WHOLE, request("GET /api/v1/tasks/%C3%A4%ff%fe%2 HTTP/1.1\nHost: a\n")),
    "raw-utf8-target": ("0", WHOLE, b"GET /\xc3\xa4/\xff?q=\xfe+%zz HTTP/1.1\r\nHost: a\r\n\r\n"),
    "bad-request-line": ("0", WHOLE, request("GET  / HTTP/1.1\nHost: a\n")),
    "bad-version": ("0", WHOLE, request("GET / HTTP/2.0\nHost: a\n")),
    "long-request-line": ("1", WHOLE, request("GET /" + "p" * 300 + " HTTP/1.1\nHost: a\n")),
    "websocket-upgrade": ("0", WHOLE, request(
        "GET /ws/notifications/1?token=t HTTP/1.1\nHost: a\nUpgrade: websocket\n"
        "Connection: Upgrade\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n"
        "Sec-WebSocket-Version: 13\n")),
    "options-preflight": ("0", WHOLE, request(
        "OPTIONS /api/v1/projects/ HTTP/1.1\nHost: a\nOrigin: http://x\n"
        "Access-Control-Request-Method: POST\nAccess-Control-Request-Headers: content-type\n")),
    "nul-in-header": ("0", WHOLE, b"GET / HTTP/1.1\r\nHost: a\x00b\r\n\r\n"),
}

# ---- face_json: [endpoint][content type][body] -----------------------------------------------
# endpoint = route * 3 + face; faces 0 v1, 1 KPI, 2 TeamFlow. Content type 0: application/json,
# 3: text/plain, 5: none.
V1_ROUTES = ["register", "login", "user-update", "project-create", "project-update",
             "task-create", "task-update", "task-move"]
KPI_ROUTES = ["login", "circle-add", "kpi-add", "kpi-edit", "value-add", "value-edit"]
UUID = "3f2c8e4a-1b2c-4d5e-8f90-a1b2c3d4e5f6"


def face_json(face: int, route: int, body, content_type: int) -> bytes:
    raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    return bytes([route * 3 + face, content_type]) + raw


def v1(route: str, body, content_type: int = 0) -> bytes:
    return face_json(0, V1_ROUTES.index(route), body, content_type)


def kpi(route: str, body, content_type: int = 0) -> bytes:
    return face_json(1, KPI_ROUTES.index(route), body, content_type)


def teamflow(body, content_type: int = 0) -> bytes:
    return face_json(2, 0, body, content_type)


JSON_SEEDS = {
    "v1-register": v1("register", {"name": "Ada", "email": "ada@example.com", "password": "pw"}),
    "v1-register-empty": v1("register", {}),
    "v1-register-bad-email": v1("register", {"name": "A", "email": "a@@b..c", "password": 1}),
    "v1-login": v1("login", {"email": "Ada@Example.COM", "password": "secret"}),
    "v1-login-out-of-range": v1("login", b'{"email": 1e999, "password": -1e999}'),
    "v1-login-not-object": v1("login", b"[1, 2.5, null, true]"),
    "v1-login-malformed": v1("login", b'{"email": "a@b.c", "password": '),
    "v1-login-form": v1("login", b"email=a%40b.c&password=x", 3),
    "v1-user-update": v1("user-update", {"name": None, "email": "x@y.org", "role": "admin",
                                       "password": "n"}),
    "v1-user-update-bad-role": v1("user-update", {"role": "owner"}),
    "v1-project-create": v1("project-create", {"name": "P", "description": "d", "deadline": "2024-12-31"}),
    "v1-project-create-datetime": v1("project-create", {"name": "P", "deadline": "2024-02-29T00:00:00.000Z"}),
    "v1-project-update": v1("project-update", {"name": "Q", "status": "in_progress", "deadline": ""}),
    "v1-project-update-inexact": v1("project-update", {"deadline": "2023-12-31T10:00:00+01:00"}),
    "v1-task-create": v1("task-create", {"title": "T", "description": "d", "priority": "high",
                                       "status": "todo", "deadline": "2024-01-01",
                                       "project_id": UUID, "assigned_to": None}),
    "v1-task-create-uuid-forms": v1("task-create", {"title": "T", "project_id": "{" + UUID + "}",
                                                  "assigned_to": "urn:uuid:" + UUID.upper()}),
    "v1-task-create-bad-uuid": v1("task-create", {"title": "T", "project_id": "not-a-uuid-\u00e4"}),
    "v1-task-update": v1("task-update", {"title": "U", "assigned_to": UUID.replace("-", "")}),
    "v1-task-move": v1("task-move", {"new_status": "done"}),
    "v1-task-move-null": v1("task-move", {"new_status": None}),
    "v1-unicode": v1("register", b'{"name": "\\ud83d\\ude00 \\u00e4", "email": "\xc3\xa4@b\xc3\xa4.de",'
                                  b' "password": "\\u0000"}'),
    "v1-lone-surrogate": v1("register", b'{"name": "\\ud800", "email": "a@b.co", "password": "x"}'),
    "v1-invalid-utf8": v1("register", b'{"name": "\xff\xfe", "email": "a@b.co", "password": "x"}'),
    "v1-bom": v1("register", b'\xef\xbb\xbf{"name": "x"}'),
    "v1-deep": v1("register", b"[" * 200 + b"]" * 200),
    "v1-duplicate-keys": v1("login", b'{"email": "a@b.co", "email": 5, "password": "x"}'),
    "v1-json-suffix-type": v1("login", {"email": "a@b.co", "password": "x"}, 2),
    "kpi-login": kpi("login", {"email": "ada@example.com", "password": "pw"}),
    "kpi-login-no-password": kpi("login", {"email": "ada@example.com"}),
    "kpi-circle-add": kpi("circle-add", {"name": "Sales \u00e4"}),
    "kpi-add": kpi("kpi-add", {"circle_id": 1, "name": "Revenue", "periodicity": "Monthly",
                                "unit": "%", "initial_value": 0, "target_value": "100",
                                "active": "True"}),
    "kpi-add-missing": kpi("kpi-add", {"name": "R", "unit": "CHF"}),
    "kpi-edit": kpi("kpi-edit", {"circle_id": None, "periodicity": "quarterly", "active": 0,
                                 "target_value": 1.5e300}),
    "kpi-value-add": kpi("value-add", {"kpi_id": "1", "period_year": 2024, "period_month": 12,
                                      "value": 12.5}),
    "kpi-value-add-range": kpi("value-add", {"kpi_id": 18446744073709551615, "period_year": 0,
                                            "period_month": "13", "value": "NaN"}),
    "kpi-value-edit": kpi("value-edit", {"value": "-0.0"}),
    "kpi-not-object": kpi("value-edit", b'"text"'),
    "teamflow-signup": teamflow({"username": "ada", "password": "pw"}),
    "teamflow-task": teamflow({"title": "T", "description": None, "priority": "medium",
                                      "status": "in_progress"}),
    "teamflow-task-wrong-types": teamflow({"title": 5, "priority": None, "status": []}),
    "teamflow-title-long": teamflow({"title": "\u00e4" * 201}),
    "teamflow-floats": teamflow(b'[0.1, 1e16, 1e-05, 123456789012345680000, -0.0, 5e-324]'),
    "teamflow-text-plain": teamflow({"title": "T"}, 3),
}

# ---- jwt: [mode][rest] -------------------------------------------------------------------------
# mode % 4: 0 raw token, 1 signed here ("header" NUL "payload"), 2 signed then one byte changed,
# 3 claims for JwtSigner::sign(). 0x10: no exp required (TeamFlow); 0x20: 30 s leeway.
KEY = b"fuzz-key-0123456789abcdef0123456789abcdef"  # jwt_fuzzer.cpp's kKey
NOW = 1_700_000_000  # jwt_fuzzer.cpp's kNow


def b64(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def token(header: dict, claims: dict, key: bytes = KEY, digest=hashlib.sha256) -> bytes:
    signing_input = b64(json.dumps(header, separators=(",", ":")).encode()) + b"." + \
        b64(json.dumps(claims, separators=(",", ":")).encode())
    return signing_input + b"." + b64(hmac.new(key, signing_input, digest).digest())


HS256 = {"alg": "HS256", "typ": "JWT"}
V1_CLAIMS = {"sub": "3f2c8e4a-1b2c-4d5e-8f90-a1b2c3d4e5f6", "jti": "a" * 32, "type": "access",
             "iat": NOW - 60, "exp": NOW + 3600}
TEAMFLOW_CLAIMS = {"user_id": 1, "username": "admin", "iat": NOW - 60, "exp": NOW + 86400}


def signed(mode: int, header: str, payload: str) -> bytes:
    return bytes([mode]) + header.encode() + b"\0" + payload.encode()


JWT_SEEDS = {
    "raw-v1-access": b"\x00" + token(HS256, V1_CLAIMS),
    "raw-v1-refresh": b"\x00" + token(HS256, {**V1_CLAIMS, "type": "refresh"}),
    "raw-teamflow": b"\x10" + token(HS256, TEAMFLOW_CLAIMS),
    "raw-teamflow-legacy-no-exp": b"\x10" + token(HS256, {"user_id": 2, "username": "u"}),
    "raw-expired": b"\x00" + token(HS256, {**V1_CLAIMS, "exp": NOW - 1}),
    "raw-leeway": b"\x20" + token(HS256, {**V1_CLAIMS, "exp": NOW - 10, "nbf": NOW + 10}),
    "raw-float-claims": b"\x00" + token(HS256, {"exp": NOW + 0.5, "nbf": 1.7e9, "iat": "x"}),
    "raw-other-key": b"\x00" + token(HS256, V1_CLAIMS, key=b"another-secret"),
    "raw-hs512": b"\x00" + token({"alg": "HS512", "typ": "JWT"}, V1_CLAIMS, digest=hashlib.sha512),
    "raw-alg-none": b"\x00" + b64(b'{"alg":"none"}') + b"." + b64(json.dumps(V1_CLAIMS).encode()) + b".",
    "raw-padded": b"\x00" + token(HS256, V1_CLAIMS) + b"==",
    "raw-four-parts": b"\x00" + token(HS256, V1_CLAIMS) + b".x",
    "raw-empty-parts": b"\x00..",
    "signed-v1": signed(1, '{"alg":"HS256","typ":"JWT"}', json.dumps(V1_CLAIMS)),
    "signed-nbf-future": signed(1, '{"alg":"HS256"}', '{"exp": 1700003600, "nbf": 1700000001}'),
    "signed-exp-null": signed(1, '{"alg":"HS256"}', '{"exp": null}'),
    "signed-exp-string": signed(0x11, '{"alg":"HS256"}', '{"exp": "1700003600"}'),
    "signed-huge-numbers": signed(1, '{"alg":"HS256"}', '{"exp": 1e999, "nbf": -1e999, '
                                                       '"iat": 18446744073709551615}'),
    "signed-not-object": signed(1, '{"alg":"HS256"}', '[1700003600]'),
    "signed-alg-case": signed(1, '{"alg":"hs256"}', '{"exp": 1700003600}'),
    "signed-deep": signed(1, '{"alg":"HS256"}', '{"exp": 1700003600, "x": ' + "[" * 40 + "]" * 40 + "}"),
    "tampered-v1": signed(2, '{"alg":"HS256","typ":"JWT"}', json.dumps(V1_CLAIMS)),
    "resign-v1": b"\x03" + json.dumps(V1_CLAIMS).encode(),
    "resign-teamflow": b"\x13" + json.dumps(TEAMFLOW_CLAIMS).encode(),
    "resign-unicode": b"\x03" + '{"sub": "\u00e4\U0001F600", "exp": 1700003600.9}'.encode(),
}

# ---- text_validators: [which][text] ------------------------------------------------------------
# which % 8: '0' date, '1' UUID, '2' e-mail, '3' percent-decoded path, '4' query value, '5' UTF-8,
# '6' a query string for the faces' query-parameter readers.
TEXT_SEEDS = {
    "date": b"02024-02-29",
    "date-midnight": b"02024-02-29T00:00:00.000000Z",
    "date-offset": b"02023-12-31 00:00+01:00",
    "date-inexact": b"02023-12-31T00:00:00.0000001",
    "date-bad-day": b"02023-02-29",
    "date-year-zero": b"00000-01-01",
    "date-short": b"02024-1-1",
    "uuid": b"13f2c8e4a-1b2c-4d5e-8f90-a1b2c3d4e5f6",
    "uuid-braces-urn": b"1urn:uuid:{3F2C8E4A1B2C4D5E8F90A1B2C3D4E5F6}",
    "uuid-bad-char": b"1not-a-uuid",
    "uuid-non-ascii": b"1\xc3\xa4\xc3\xa4\xc3\xa4",
    "uuid-invalid-utf8": b"13f2c8e4a-1b2c-4d5e-8f90-a1b2c3d4e5\xc3",
    "uuid-groups": b"1----",
    "email": b"2Ada.Lovelace+tag@Example.COM",
    "email-idn": b"2\xc3\xa4@b\xc3\xbcro.de",
    "email-special-use": b"2a@b.local",
    "email-bad": b"2.a..b.@-x-.1",
    "email-long-local": b"2" + b"l" * 65 + b"@example.com",
    "path": b"3/api/v1/tasks/%C3%A4",
    "path-invalid": b"3/%ff%fe/%C3/%e2%82/%",
    "path-raw-bytes": b"3/\xc3\xa4/\xff\xed\xa0\x80",
    "query": b"4a+b%2Bc%20d%zz%2",
    "utf8-valid": "5\u00e4\u20ac\U0001F600".encode(),
    "utf8-overlong": b"5\xc0\xaf\xe0\x80\xaf\xf0\x80\x80\xaf",
    "utf8-surrogate": b"5\xed\xa0\x80\xed\xbf\xbf",
    "utf8-beyond": b"5\xf4\x90\x80\x80\xf5\xff",
    "utf8-truncated": b"5\xe2\x82",
    "query-readers": b"6skip=10&project_id=3f2c8e4a1b2c4d5e8f90a1b2c3d4e5f6&circle_id=7&limit=5",
    "query-readers-bad": b"6skip=-1&project_id=%C3%A4&circle_id=99999999999999999999&limit=+5",
    "query-readers-invalid-utf8": b"6status=%ff&skip=%ff&project_id=%ed%a0%80",
}


def write(target: str, seeds: dict):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in seeds.items():
        if isinstance(data, tuple):
            limits, pieces, client = data
            data = limits.encode() + pieces.encode() + client
        (folder / name).write_bytes(data)


def main():
    write("http_request", HTTP_SEEDS)
    write("face_json", JSON_SEEDS)
    write("jwt", JWT_SEEDS)
    write("text_validators", TEXT_SEEDS)


if __name__ == "__main__":
    main()
