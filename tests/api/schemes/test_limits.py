"""The limits of spec/beyo.md §5.2 (issue decision 10): each bound is accepted and one past it is
400 [Exception Error] "exceeds maximum size" / "exceeds maximum depth"; a body over the
platform's limit is 413 in the envelope. (Filter hops and projection levels at and past 3 are in
test_get_items.py; per_page clamping too.)"""

import json
import subprocess
import time

import pytest

from api.kpi.kpi_support import run_sql
from api.support import RawConn, unique
from api.tandem_server import test_db_kind as db_kind
from api.schemes.schemes_support import (EXCEPTION, OPERATIONAL, assert_error, assert_sqlstate,
                                         create_rel, link, op)

SIZE = "exceeds maximum size"
DEPTH = "exceeds maximum depth"
NO_OBJECTS = "No objects found in model"

# One valid condition per Item column (values that type-check), for counting filter keys.
CONDITIONS = {
    "id": 0, "article_number": "x", "reference_number": "x", "category": "x", "type": "x",
    "properties": op("has_key", "x"), "dimensions": op("has_key", "x"),
    "issues": op("has_key", "x"), "parts": op("has_key", "x"),
    "missing_parts": op("has_key", "x"), "purchased_price": 0, "valuation": 0, "sold_price": 0,
    "metafields": op("has_key", "x"), "state": "x", "location": "x",
    "images": op("has_key", "x"), "created_at": "2025-01-01T00:00:00Z", "created_by": "x",
    "dealer_id": 0,
}


def filters_with(n: int) -> dict:
    keys = list(CONDITIONS.items()) + [("or-" + k, v) for k, v in CONDITIONS.items()]
    assert n <= len(keys)
    return dict(keys[:n])


def not_a_limit(resp):
    """The request passed every limit: it ran, and found nothing."""
    assert_error(resp, 400, EXCEPTION, NO_OBJECTS)


def test_filter_keys(sc, token):
    not_a_limit(sc.get_items(token, "Item", ["id"], filters_with(32)))
    assert_error(sc.get_items(token, "Item", ["id"], filters_with(33)), 400, EXCEPTION, SIZE)


@pytest.mark.parametrize("operation", ["in", "notin"])
def test_in_list_elements(sc, token, operation):
    tag = unique("in")
    base = {"created_by": tag}
    not_a_limit(sc.get_items(token, "Item", ["id"], {**base, "id": op(operation,
                                                                     list(range(1000)))}))
    resp = sc.get_items(token, "Item", ["id"], {**base, "id": op(operation, list(range(1001)))})
    assert_error(resp, 400, EXCEPTION, SIZE)


def test_in_list_of_1000_finds_rows(sc, token):
    tag = unique("in")
    ids = [row["id"] for row in sc.created(token, "Item", [{"created_by": tag}] * 3, ["id"])]
    values = list(range(-997, 0)) + ids
    assert sc.ids(token, "Item", {"created_by": tag, "id": op("in", values)}) == ids[::-1]


def nested(levels: int) -> dict:
    cond = op("==", 1)
    for level in range(levels):
        cond = op("or" if level % 2 else "and", [cond])
    return cond


def test_or_and_nesting(sc, token):
    tag = unique("nest")
    not_a_limit(sc.get_items(token, "Item", ["id"], {"created_by": tag, "id": nested(3)}))
    assert_error(sc.get_items(token, "Item", ["id"], {"created_by": tag, "id": nested(4)}), 400,
                 EXCEPTION, DEPTH)


@pytest.mark.parametrize("operation", ["like", "ilike"])
def test_like_pattern_length(sc, token, operation):
    tag = unique("like")
    not_a_limit(sc.get_items(token, "Item", ["id"], {"created_by": tag,
                                                     "category": op(operation, "%" * 200)}))
    resp = sc.get_items(token, "Item", ["id"], {"created_by": tag,
                                                "category": op(operation, "a" * 201)})
    assert_error(resp, 400, EXCEPTION, SIZE)


def test_like_pattern_length_counts_characters(sc, token):
    tag = unique("like")
    pattern = "ü" * 200  # 400 bytes in UTF-8, 200 characters
    not_a_limit(sc.get_items(token, "Item", ["id"], {"created_by": tag,
                                                     "category": op("like", pattern)}))


def actions(levels: int) -> dict:
    """An Item whose nested creates go `levels` relationship actions deep."""
    chain = [("dealer", "Dealer", {"dealer_name": "lvl"}, None),
             ("items", "Item", {"created_by": "lvl"}, True),
             ("notes", "Item_Note", {"note_content": "lvl"}, True),
             ("items", "Item", {"created_by": "lvl"}, True),
             ("item_history", "Item_History", {"type": "lvl"}, True)]
    values = None
    for rel, model, own, append in reversed(chain[:levels]):
        inner = dict(own)
        if values is not None:
            inner.update(values)
        values = {rel: create_rel(model, inner, append=append)}
    return values


def test_action_nesting(sc, token):
    tag = unique("act")
    body = sc.created(token, "Item", {"created_by": tag, **actions(4)},
                      ["id", "dealer.items.id", "dealer.items.notes.note_content"])
    top = body[0]["id"]
    # The dealer's items: the nested one (with its note) and the top one.
    nested, own = body[0]["dealer"]["items"]
    assert own == {"id": top, "notes": []}
    assert nested["notes"] == [{"note_content": "lvl"}]
    resp = sc.create(token, "Item", {"created_by": tag, **actions(5)})
    assert_error(resp, 400, EXCEPTION, DEPTH)
    assert len(sc.ids(token, "Item", {"created_by": tag})) == 1


def test_action_nesting_counts_also_do(sc, token):
    tag = unique("also")
    dealer = sc.new(token, "Dealer", dealer_name=tag)
    # link (1) -> also_do: items (2) -> notes (3) -> items (4) -> item_history (5)
    deep = link("Dealer", {"id": dealer}, also_do=actions(5)["dealer"]["values"])
    resp = sc.create(token, "Item", {"created_by": tag, "dealer": deep})
    assert_error(resp, 400, EXCEPTION, DEPTH)
    assert sc.ids(token, "Item", {"created_by": tag}) == []


def test_objects_per_request(sc, token):
    tag = unique("objs")
    assert len(sc.created(token, "Item_Notes_Subject", [{"subject": tag}] * 500, ["id"])) == 500
    resp = sc.create(token, "Item_Notes_Subject", [{"subject": tag}] * 501)
    assert_error(resp, 400, EXCEPTION, SIZE)
    body = [{"model_name": "Item_Notes_Subject", "object_values": [{"subject": tag}] * n,
             "reference": "s"} for n in (250, 251)]
    assert_error(sc.call("create_items", body, token), 400, EXCEPTION, SIZE)
    assert len(sc.ids(token, "Item_Notes_Subject", {"subject": tag})) == 500


def test_objects_per_request_count_nested_creates(sc, token):
    tag = unique("objn")
    ok = sc.create(token, "Item", {"created_by": tag, "item_history": create_rel(
        "Item_History", [{"user_name": tag}] * 499)})
    assert ok.status_code == 201, ok.text
    resp = sc.create(token, "Item", {"created_by": tag, "item_history": create_rel(
        "Item_History", [{"user_name": tag}] * 500)})
    assert_error(resp, 400, EXCEPTION, SIZE)
    resp = sc.update(token, "Item", {"created_by": tag}, {"item_history": create_rel(
        "Item_History", [{"user_name": tag}] * 501)})
    assert_error(resp, 400, EXCEPTION, SIZE)
    assert len(sc.ids(token, "Item_History", {"user_name": tag})) == 499


def test_related_rows_per_relationship(sc, token):
    tag = unique("rel")
    dealer = sc.new(token, "Dealer", dealer_name=tag)
    for n in (499, 499, 3):  # an update counts as one object (the server's reading of §5.2)
        sc.updated(token, "Dealer", {"id": dealer}, {"items": create_rel(
            "Item", [{"created_by": tag}] * n)})
    items = sc.one(token, "Dealer", dealer, [{"items": ["id"]}])["items"]
    assert len(items) == 1000
    ids = [i["id"] for i in items]
    assert ids == sorted(ids)
    assert len(sc.ids(token, "Item", {"created_by": tag})) == 1000  # a page holds 1000 too


@pytest.mark.parametrize("path", ["/api/schemes/create_items", "/api/schemes/get_items",
                                  "/api/login"])
def test_body_over_the_platform_limit_is_413_in_the_envelope(sc, token, path):
    with RawConn(sc.server.port) as conn:
        conn.send(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  f"Authorization: Bearer {token}\r\nContent-Length: {(1 << 20) + 1}\r\n\r\n")
        resp = conn.read_response()
    assert resp.status == 413, resp.body[:300]
    assert (resp.header("Content-Type") or "").startswith("application/json")
    env = json.loads(resp.body)
    assert set(env) == {"status", "message", "body", "server_message"}, env
    assert env["status"] == 413 and env["body"] == [] and isinstance(env["message"], str)


def test_body_just_under_the_limit_is_served(sc, token):
    tag = unique("big")
    content = "y" * ((1 << 20) - 2000)
    body = sc.created(token, "Item_Note", {"note_content": content, "creation_time":
                                           "2025-01-01T00:00:00Z"}, ["id"], ref=tag)
    assert sc.one(token, "Item_Note", body[0]["id"], ["note_content"]) == {
        "note_content": content}


@pytest.mark.skipif(db_kind() != "postgres", reason="statement_timeout is PostgreSQL's")
def test_statement_timeout_is_an_operational_error(sc, token):
    """§5.2: statement_timeout 5 s. A row held FOR UPDATE by another session for 9 s makes the
    update wait; after 5 s the statement is cancelled (57014): 500 in the envelope."""
    dealer = sc.new(token, "Dealer", dealer_name=unique("locked"))
    hold = (f"BEGIN; SELECT id FROM dealers WHERE id = {dealer} FOR UPDATE; "
            "SELECT pg_sleep(9); COMMIT;")
    holder = subprocess.Popen(["psql", sc.server.database, "-X", "-q", "-c", hold],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 5
        while not run_sql(sc.server, "SELECT pid FROM pg_stat_activity WHERE state = 'active' "
                                     "AND query LIKE '%pg_sleep(9)%' AND pid <> pg_backend_pid()"):
            assert time.monotonic() < deadline, "the lock holder did not start"
            time.sleep(0.05)
        started = time.monotonic()
        resp = sc.update(token, "Dealer", {"id": dealer}, {"phone": "changed"})
        waited = time.monotonic() - started
        env = assert_error(resp, 500, OPERATIONAL)
        assert_sqlstate(env, "57014")
        assert 4.5 <= waited < 8, waited
    finally:
        holder.wait(timeout=30)
    assert sc.one(token, "Dealer", dealer, ["phone"]) == {"phone": None}
