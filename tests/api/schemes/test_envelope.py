"""The four-key envelope on every answer (spec/beyo.md §2.0) and what a request body must be
(§2.0, §2.2, issue decision 11): JSON with Content-Type application/json, an object (or a list
where §2.6-2.9 allow one), only the known keys. Anything else is 400 [Validation Error], never
415 or an HTML page."""

import json

import pytest

from api.schemes.schemes_support import (ACQUIRED, EXCEPTION, ROUTES, VALIDATION, assert_error,
                                         assert_ok, envelope)

VALID = {
    "get_items": {"model_name": "Dealer", "requested_data": ["id"], "query_filters": {}},
    "create_items": {"model_name": "Dealer", "object_values": {"dealer_name": "env"},
                     "reference": "Dealer env"},
    "update_items": {"model_name": "Dealer", "query_filters": {"dealer_name": "env"},
                     "update_type": "all_matches", "object_values": {"phone": "1"},
                     "reference": "Dealer env"},
    "delete_items": {"model_name": "Dealer", "object_values": {
        "query_filters": {"dealer_name": "never-made"}, "delition_type": "delete_all"},
        "reference": "Dealer env"},
}


def raw(sc, route, data, token, content_type="application/json"):
    headers = {} if content_type is None else {"Content-Type": content_type}
    return sc.post(f"/api/schemes/{route}", token=token, data=data, headers=headers)


@pytest.mark.parametrize("route", ROUTES)
def test_valid_json_with_a_charset_is_accepted(sc, token, route):
    sc.created(token, "Dealer", {"dealer_name": "env"})
    resp = raw(sc, route, json.dumps(VALID[route]).encode(), token,
               "application/json; charset=utf-8")
    if route == "delete_items":  # it ran: the filter matches nothing
        assert_error(resp, 400, EXCEPTION, "No object found in model Dealer")
    else:
        assert resp.status_code == (200 if route == "get_items" else 201), resp.text
        assert envelope(resp)["server_message"] == ""


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "application/xml",
                                          "text/json"])
def test_wrong_or_missing_content_type(sc, token, route, content_type):
    resp = raw(sc, route, json.dumps(VALID[route]).encode(), token, content_type)
    assert_error(resp, 400, VALIDATION)


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("data", [b"", b"{", b"not json", b"{'model_name': 'Item'}",
                                  b"\xff\xfe", b"[1,", b"{\"a\":1}garbage"])
def test_malformed_bodies(sc, token, route, data):
    assert_error(raw(sc, route, data, token), 400, VALIDATION)


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("data", [b"5", b"\"Item\"", b"null", b"true", b"1.5"])
def test_scalar_bodies(sc, token, route, data):
    assert_error(raw(sc, route, data, token), 400, VALIDATION)


@pytest.mark.parametrize("route", ROUTES)
def test_unknown_top_level_key(sc, token, route):
    body = dict(VALID[route], extra=1)
    assert_error(sc.call(route, body, token), 400, VALIDATION, "extra")


def test_get_items_takes_no_list(sc, token):
    assert_error(sc.call("get_items", [VALID["get_items"]], token), 400, VALIDATION)
    assert_error(sc.call("get_items", [], token), 400, VALIDATION)


@pytest.mark.parametrize("route", ["create_items", "update_items", "delete_items"])
def test_write_lists_must_hold_objects(sc, token, route):
    for body in ([], [VALID[route], 5], [VALID[route], [VALID[route]]], [None]):
        assert_error(sc.call(route, body, token), 400, VALIDATION)


@pytest.mark.parametrize("change", [
    {"model_name": None}, {"model_name": 5}, {"model_name": ["Item"]},
    {"requested_data": None}, {"requested_data": "id"}, {"requested_data": {"id": 1}},
    {"query_filters": []}, {"query_filters": "id"}, {"query_filters": 5},
    {"query_filters": None},  # an object when present (§2.2); only per_page/cursor take null
])
def test_get_items_key_types(sc, token, change):
    assert_error(sc.call("get_items", dict(VALID["get_items"], **change), token), 400, VALIDATION)


@pytest.mark.parametrize("missing", ["model_name", "requested_data"])
def test_get_items_required_keys(sc, token, missing):
    body = {k: v for k, v in VALID["get_items"].items() if k != missing}
    assert_error(sc.call("get_items", body, token), 400, VALIDATION, missing)


@pytest.mark.parametrize("route", ROUTES)
def test_unauthenticated_answers_in_the_envelope(sc, route):
    resp = sc.call(route, VALID[route])
    env = assert_error(resp, 401, "Token missing")
    assert env["message"] == "Token missing" and env["server_message"] == ""


def test_success_envelope(sc, token):
    sc.created(token, "Dealer", {"dealer_name": "env"})
    resp = sc.call("get_items", dict(VALID["get_items"], per_page=1), token)
    body = assert_ok(resp, 200, ACQUIRED)
    assert len(body) == 1 and set(body[0]) == {"id"}
    assert resp.headers["content-type"].startswith("application/json")


def test_non_ascii_round_trips(sc, token):
    name = "Händler „Zürich“ – 東京 ✓ \U0001F600"
    body = sc.created(token, "Dealer", {"dealer_name": name, "coordinates": {"ort": name}},
                      ["dealer_name", "coordinates"])
    assert body == [{"dealer_name": name, "coordinates": {"ort": name}}]
    assert sc.rows(token, "Dealer", ["dealer_name"], {"dealer_name": name}) == [
        {"dealer_name": name}]
