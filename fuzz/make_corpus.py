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


# ---- schemes_request: [route + 4 * caller][content type + 4 * limits][body] -----------------
# route: 0 get_items, 1 create_items, 2 update_items, 3 delete_items; caller: 0 an admin, 1 user 7;
# content type: 0 application/json, 1 with a charset, 2 text/plain, 3 none; limits: 0 the
# server's, 1 tight (schemes_request_fuzzer.cpp). Bodies: what Beyo's client sends (spec/beyo.md
# §4), the README's actions (§2.7) and the limits and errors of tests/api/schemes.
GET, CREATE, UPDATE, DELETE = range(4)


def schemes(route: int, body, caller: int = 0, tight: bool = False, ctype: int = 0) -> bytes:
    text = body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()
    return bytes([route + 4 * caller, ctype + 4 * int(tight)]) + text


def op(operation, value) -> dict:
    return {"operation": operation, "value": value}


def link(model: str, filters: dict, link_type: str = "first_link", **more) -> dict:
    return {"action": "link", "values": {model: {"query_filters": filters, "link_type": link_type,
                                                 **more}}}


def history(values) -> dict:
    return {"action": "create", "append": True, "sub_model_name": "Item_History",
            "values": values}


ITEM_DETAIL = ["category", "properties", "dimensions", "issues", "parts", "missing_parts", "state",
               "location", "created_at", "sold_price", "valuation", "purchased_price",
               "created_by", {"dealer": ["dealer_name", "id"]}, "id", "type", "article_number",
               "reference_number", "images"]
SUBJECT = link("Item_Notes_Subject", {"id": 3})
NEW_SUBJECT = link("Item_Notes_Subject", {"subject": op("ilike", "%Chairs%")},
                   action_if_none="create_entry", values_for_none_action={"subject": "Chairs"})
NOTE_HISTORY = history({"column_name": "Note", "user_name": "david", "from_value": "",
                        "type": "Created", "to_value": {"content": "c", "subject": "s"}})

SCHEMES_SEEDS = {
    # §4 get_items patterns 1-7
    "get-dealer-picker": schemes(GET, {"model_name": "Dealer", "per_page": 9, "requested_data": [
        "id", "dealer_name", "dealer_type", "purchased_count"], "query_filters": {
            "dealer_name": op("ilike", "%text%")}}),
    "get-dealer-count": schemes(GET, {"model_name": "Dealer", "per_page": 9, "requested_data": [
        "id"], "query_filters": {"purchased_count": op(">=", 3)}}, caller=1),
    "get-item-detail": schemes(GET, {"model_name": "Item", "per_page": 1, "query_filters": {
        "id": 12}, "requested_data": ITEM_DETAIL}),
    "get-item-by-article": schemes(GET, {"model_name": "Item", "per_page": 1, "query_filters": {
        "article_number": "A-1"}, "requested_data": ["id", {"dealer": ["dealer_name"]}]}),
    "get-items-scroll": schemes(GET, {"model_name": "Item", "requested_data": [
        "id", "type", "article_number", "reference_number", "properties", "images"],
        "per_page": 180, "cursor": 900, "query_filters": {
            "dealer.id": 4, "notes.subject.id": op("in", [1, 2, 3]),
            "properties": op("contains", {"Set Of": 4}), "valuation": op("<=", 500),
            "category": "Seating", "or-article_number": op("ilike", "%q%"),
            "or-reference_number": op("ilike", "%q%"), "id": op("in", [5, 6, 7])}}),
    "get-item-history": schemes(GET, {"model_name": "Item_History", "requested_data": [
        "recorded_time", "to_value", "from_value", "column_name", "user_name", "type", "id"],
        "query_filters": {"item_id": 9}, "per_page": 120, "cursor": 77}, caller=1),
    "get-subjects": schemes(GET, {"model_name": "Item_Notes_Subject", "per_page": 10,
                                  "query_filters": {"subject": op("ilike", "%q%")},
                                  "requested_data": ["id", "subject", "notes_counter"]}),
    "get-notes": schemes(GET, {"model_name": "Item_Note", "requested_data": [
        "id", "note_content", "creation_time", {"subject": ["subject", "id"]}], "per_page": 180,
        "query_filters": {"items.article_number": op("in", ["A-1", "A-2"]),
                          "subject.subject": op("ilike", "%q%")}}),
    "get-users": schemes(GET, {"model_name": "User", "requested_data": [
        "id", "username", "email", "phone", {"roles": ["role"]}, "profile_picture"],
        "query_filters": {}}),
    "get-users-non-admin": schemes(GET, {"model_name": "User", "requested_data": [
        "id", "roles.role", "roles.key"], "query_filters": {"roles.role": "Admin"}}, caller=1),
    # §2.3 operations and §2.4 projections the client does not send
    "get-operations": schemes(GET, {"model_name": "Item", "requested_data": ["id"],
                                    "query_filters": {
        "created_at": op("range", {"start": "2025-01-01T00:00:00Z",
                                   "end": "Mon, 06 Oct 2025 20:14:13 GMT"}),
        "sold_price": op("or", [op("==", 1), op("and", [op(">", "2"), op("<", 9)])]),
        "issues": op("has_any", ["a", "b"]), "parts": op("has_all", ["x"]),
        "dimensions": op("has_key", "height"), "missing_parts": op("contained_by", [1, 2]),
        "metafields": ["k", None], "state": op("notin", []), "location": op("!=", "W"),
        "type": op("like", "C%"), "created_by": op("contains", "av")}}),
    "get-deep-paths": schemes(GET, {"model_name": "Item_Note", "requested_data": [
        "items.dealer.dealer_name", {"items": ["id", {"notes": ["id"]}]}, "subject.item_notes.id"],
        "query_filters": {"items.notes.items.article_number": "A", "or-id": 1, "or-items.id": 2}}),
    "get-tight-limits": schemes(GET, {"model_name": "Dealer", "requested_data": [
        "id", {"items": ["id"]}], "query_filters": {"items.id": op("in", [1, 2, 3]),
                                                    "dealer_name": op("like", "abcd"),
                                                    "age": op("or", [op("==", 1)])}}, tight=True),
    "get-bad-values": schemes(GET, {"model_name": "Item", "requested_data": ["id", "id"],
                                    "query_filters": {"id": "abc", "category": None,
                                                      "properties": "\u0000"}}),
    "get-envelope-errors": schemes(GET, {"model_name": 1, "requested_data": {}, "per_page": -1,
                                         "cursor": 1.5, "order_by": "id"}),
    "get-not-json": schemes(GET, b'{"model_name": "Item", ', ctype=2),
    "get-huge-numbers": schemes(GET, b'{"model_name":"Item","requested_data":["id"],'
                                     b'"per_page":18446744073709551615,"cursor":-0,'
                                     b'"query_filters":{"id":9223372036854775808,'
                                     b'"valuation":"-0000000000002147483649"}}'),
    # §4 create_items patterns
    "create-dealer": schemes(CREATE, {"model_name": "Dealer", "requested_data": ["id"],
                                      "object_values": {"dealer_name": "D", "dealer_type": "shop",
                                                        "raw_address": "Street 1",
                                                        "coordinates": {"lat": 1.5, "lng": 2},
                                                        "age": 40, "phone": "1", "email": "e",
                                                        "gender": "f"},
                                      "reference": "Dealer D"}),
    "create-user": schemes(CREATE, {"model_name": "User", "object_values": {
        "username": "u", "email": "u@example.com", "phone": "1", "password": "pw",
        "profile_picture": None}, "requested_data": ["id"], "reference": "User_u"}),
    "create-user-non-admin": schemes(CREATE, {"model_name": "User", "object_values": {
        "username": "u"}, "reference": "User_u"}, caller=1),
    "create-item": schemes(CREATE, {"model_name": "Item", "requested_data": [], "reference": "Item",
                                    "object_values": {
        "article_number": "A-1", "category": "Seating", "type": "Chair", "purchased_price": 10,
        "valuation": 20, "sold_price": 0, "state": "In-Stock", "location": "Warehouse",
        "properties": {"designer": "x"}, "images": ["https://x/y.png"], "created_by": "david",
        "dealer": link("Dealer", {"id": 3})}}),
    "create-notes-list": schemes(CREATE, [
        {"model_name": "Item_Note", "reference": "Note", "requested_data": [], "object_values": {
            "note_content": "n1", "subject": SUBJECT, "items": link(
                "Item", {"article_number": op("in", "A-1")}, "all_link",
                also_do={"item_history": NOTE_HISTORY})}},
        {"model_name": "Item_Note", "reference": "Note 2", "requested_data": [], "object_values": {
            "note_content": "n2", "subject": NEW_SUBJECT}}]),
    "create-array-values": schemes(CREATE, {"model_name": "Item_Notes_Subject", "reference": "s",
                                            "object_values": [{"subject": "a"}, {"subject": "b"},
                                                              {"notes_counter": 2147483647}]},
                                   tight=True),
    "create-roles-link": schemes(CREATE, {"model_name": "User", "reference": "u", "object_values": {
        "username": "u", "email": "e", "phone": "p", "password": "pw",
        "roles": link("Role", {"role": "Admin"}, "all_link")}}),
    "create-nested-actions": schemes(CREATE, {"model_name": "Item", "reference": "i",
                                              "object_values": {
        "created_by": "lvl", "dealer": {"action": "create", "sub_model_name": "Dealer", "values": {
            "dealer_name": "lvl", "items": {"action": "create", "sub_model_name": "Item",
                                            "append": True, "values": [{"created_by": "lvl"}]},
            "dealer_history": {"action": "create", "sub_model_name": "Dealer_History",
                               "append": True, "values": {"column_name": "c"}}}}}}),
    "create-bad-values": schemes(CREATE, {"model_name": "Item", "reference": "i", "object_values": {
        "valuation": 2147483648, "created_at": "2025-02-30", "properties": {"\u0000": 1},
        "category": True, "id": 5}}),
    "create-envelope-errors": schemes(CREATE, [{"model_name": "Item", "object_values": [],
                                                "reference": 5, "extra": 1}, 7]),
    # §4 update_items patterns
    "update-user-self": schemes(UPDATE, {"model_name": "User", "query_filters": {"id": 7},
                                         "update_type": "first_match", "object_values": {
        "username": "me", "email": "me@x", "phone": "2", "password": "new",
        "profile_picture": "p"}, "reference": "user"}, caller=1),
    "update-items-history": schemes(UPDATE, {"model_name": "Item", "reference": "Item",
                                             "query_filters": {"article_number": op("in", ["A"])},
                                             "update_type": "all_matches", "object_values": {
        "valuation": 175, "dealer": link("Dealer", {"id": 1}), "item_history": history([{
            "column_name": "valuation", "from_value": 150, "to_value": 175,
            "recorded_time": "2025-10-06T20:14:13.123Z", "type": "Updated",
            "user_name": "david"}])}}),
    "update-notes-through": schemes(UPDATE, [{"model_name": "Item_Note", "reference": "Note",
                                              "query_filters": {"id": 4},
                                              "update_type": "first_match", "object_values": {
        "note_content": "x", "subject": SUBJECT, "items": {
            "action": "create_through_rel", "values": {"item_history": NOTE_HISTORY}}}}]),
    "update-unlink": schemes(UPDATE, {"model_name": "User", "reference": "u", "query_filters": {
        "id": 2}, "update_type": "first_match", "object_values": {"roles": {
            "action": "unlink", "values": {"unlink_type": "unlink_matches", "query_filters": {
                "role": "Admin"}, "query_matches": "first_match"}}}}),
    "update-unlink-to-one": schemes(UPDATE, {"model_name": "Item", "reference": "i",
                                             "query_filters": {"id": 2},
                                             "update_type": "all_matches", "object_values": {
        "dealer": {"action": "unlink", "values": {"unlink_type": "unlink_all"}},
        "notes": {"action": "create", "sub_model_name": "Item_Note", "values": {
            "note_content": "n"}}}}),
    "update-bad-enums": schemes(UPDATE, {"model_name": "Item", "reference": "i",
                                         "query_filters": {}, "update_type": "some",
                                         "object_values": {"item_history": {
                                             "action": "unlink", "values": {"unlink_type": "x"}}},
                                         "requested_data": []}),
    # §4 delete_items patterns
    "delete-user": schemes(DELETE, {"model_name": "User", "object_values": {
        "query_filters": {"id": 9}, "delition_type": "delete_first"}, "reference": "User u"}),
    "delete-items": schemes(DELETE, {"model_name": "Item", "object_values": {
        "query_filters": {"article_number": op("in", ["A-1", "A-2"])},
        "delition_type": "delete_all"}, "reference": "Item"}, caller=1),
    "delete-notes-also-do": schemes(DELETE, [{"model_name": "Item_Note", "reference": "Note",
                                              "object_values": {
        "query_filters": {"id": 4}, "delition_type": "delete_first", "also_do": {"items": {
            "action": "create_through_rel", "values": {"item_history": history({
                "type": "Deleted", "column_name": "Note"})}}}}}]),
    "delete-bad-type": schemes(DELETE, {"model_name": "Item", "object_values": {
        "query_filters": {"id": 1}, "delition_type": "delete"}, "reference": "i"}),
    "delete-not-object": schemes(DELETE, b"[]"),
    # Found by this target: numbers JSON cannot spell (1e999, 0e999) in a jsonb value, and an
    # escaped backslash before "u0000" in a filter's JSON value (no NUL, so not 22P05).
    "create-json-infinity": schemes(CREATE, b'{"model_name":"Dealer","reference":"d",'
                                            b'"object_values":{"coordinates":{"lat":-21e999,'
                                            b'"lng":0e999}}}'),
    "get-json-escaped-backslash": schemes(GET, b'{"model_name":"Item","requested_data":["id"],'
                                               b'"query_filters":{"properties":{"operation":'
                                               b'"contains","value":{"p":"C:\\\\u0000"}}}}'),
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
    write("schemes_request", SCHEMES_SEEDS)


if __name__ == "__main__":
    main()
