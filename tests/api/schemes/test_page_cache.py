"""get_items answers are kept between identical requests until the next commit (the page cache of
src/faces/schemes/catalog_routes.cpp). Each test sends the same body twice or more, so that the
second answer would come from the cache, and fails if a kept answer outlived a write, crossed from
one caller to another, or skipped a check that the request must pass."""

import json

from api.support import unique
from api.schemes.schemes_support import (ACQUIRED, EXCEPTION, VALIDATION, assert_error, assert_ok)


def item_body(tag):
    return {"model_name": "Item", "requested_data": ["id", "valuation"],
            "query_filters": {"created_by": tag}}


def read(sc, token, body):
    return sc.call("get_items", body, token)


def test_a_write_is_seen_by_the_next_identical_read(sc, token):
    tag = unique("cache")
    item = sc.new(token, "Item", created_by=tag, valuation=1)
    body = item_body(tag)
    assert assert_ok(read(sc, token, body), 200, ACQUIRED) == [{"id": item, "valuation": 1}]
    assert assert_ok(read(sc, token, body), 200, ACQUIRED) == [{"id": item, "valuation": 1}]
    sc.updated(token, "Item", {"id": item}, {"valuation": 2})
    assert assert_ok(read(sc, token, body), 200, ACQUIRED) == [{"id": item, "valuation": 2}]
    second = sc.new(token, "Item", created_by=tag, valuation=3)
    assert assert_ok(read(sc, token, body), 200, ACQUIRED) == [
        {"id": second, "valuation": 3}, {"id": item, "valuation": 2}]
    sc.deleted(token, "Item", {"created_by": tag}, "delete_all")
    assert_error(read(sc, token, body), 400, EXCEPTION, "No objects found in model Item")


def test_an_answer_kept_for_an_admin_is_not_served_to_a_non_admin(sc, admin, worker):
    body = {"model_name": "Role", "requested_data": ["role", "key"], "query_filters": {}}
    for _ in range(2):
        rows = assert_ok(read(sc, admin.token, body), 200, ACQUIRED)
        assert rows and all(isinstance(r["key"], str) and r["key"] for r in rows), rows
    assert_error(read(sc, worker.token, body), 400, EXCEPTION, "No column found with name: key")


def test_user_rows_are_kept_per_caller(sc, admin, worker):
    other = sc.new_user(phone="+41 1")
    body = {"model_name": "User", "requested_data": ["id"], "query_filters": {}}
    mine = [{"id": worker.id}]
    assert assert_ok(read(sc, worker.token, body), 200, ACQUIRED) == mine
    everyone = assert_ok(read(sc, admin.token, body), 200, ACQUIRED)
    assert {"id": other.id} in everyone and {"id": worker.id} in everyone
    assert assert_ok(read(sc, other.token, body), 200, ACQUIRED) == [{"id": other.id}]
    assert assert_ok(read(sc, worker.token, body), 200, ACQUIRED) == mine


def test_a_kept_answer_still_needs_a_json_content_type(sc, token):
    tag = unique("cache")
    sc.new(token, "Item", created_by=tag, valuation=5)
    raw = json.dumps(item_body(tag))
    for _ in range(2):
        resp = sc.post("/api/schemes/get_items", token=token, data=raw,
                       headers={"Content-Type": "application/json"})
        assert assert_ok(resp, 200, ACQUIRED)[0]["valuation"] == 5
    resp = sc.post("/api/schemes/get_items", token=token, data=raw,
                   headers={"Content-Type": "text/plain"})
    assert_error(resp, 400, VALIDATION)


def test_a_deleted_caller_gets_no_kept_answer(sc, admin):
    user = sc.new_user(phone="+41 2")
    tag = unique("cache")
    sc.new(user.token, "Item", created_by=tag, valuation=7)
    body = item_body(tag)
    for _ in range(2):
        assert assert_ok(read(sc, user.token, body), 200, ACQUIRED)[0]["valuation"] == 7
    sc.deleted(admin.token, "User", {"id": user.id})
    resp = read(sc, user.token, body)
    assert resp.status_code == 401, resp.text
