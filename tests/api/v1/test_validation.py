"""422 shapes and the check order of spec/flowtrack.md §2.0 and §2.9."""

import json
import uuid

import pytest

from api.support import assert_422, assert_error, unique_email, validation_items

JSON = {"Content-Type": "application/json"}


def test_register_empty_object_lists_every_missing_field(api):
    resp = api.post("/auth/register", json={})
    items = assert_422(resp, ("missing", ["body", "name"]), ("missing", ["body", "email"]),
                       ("missing", ["body", "password"]))
    for item in items:
        assert item["msg"] == "Field required"
        assert item["input"] == {}


def test_register_missing_field_input_is_the_whole_body(api):
    body = {"name": "x", "email": unique_email()}
    items = assert_422(api.post("/auth/register", json=body), ("missing", ["body", "password"]))
    assert items[0]["input"] == body


@pytest.mark.parametrize("send", ["no_body", "empty_json_content"])
def test_register_without_body(api, send):
    if send == "no_body":
        resp = api.post("/auth/register")
    else:
        resp = api.post("/auth/register", data=b"", headers=JSON)
    items = assert_422(resp, ("missing", ["body"]))
    assert items[0]["input"] is None
    assert items[0]["msg"] == "Field required"


@pytest.mark.parametrize("raw", [b'{"name": ', b"{bad json}", b"not json at all", b'{"a":1,}'])
def test_malformed_json_is_json_invalid(api, raw):
    resp = api.post("/auth/register", data=raw, headers=JSON)
    items = validation_items(resp)
    assert len(items) == 1, items
    item = items[0]
    assert item["type"] == "json_invalid"
    assert item["loc"][0] == "body" and len(item["loc"]) == 2
    assert isinstance(item["loc"][1], int) and 0 <= item["loc"][1] <= len(raw)
    assert item["msg"] == "JSON decode error"
    assert "error" in item.get("ctx", {})


def test_malformed_json_offset_points_at_the_error(api):
    raw = b'{"name": "x", "email": }'
    items = validation_items(api.post("/auth/register", data=raw, headers=JSON))
    assert items[0]["type"] == "json_invalid"
    assert items[0]["loc"] == ["body", raw.index(b"}")]


def test_malformed_json_beats_missing_auth(api):
    """§2.0 check order: the body is parsed before the auth dependencies run."""
    resp = api.put(f"/users/{uuid.uuid4()}", data=b"{oops", headers=JSON)
    assert validation_items(resp)[0]["type"] == "json_invalid"


def test_malformed_json_beats_admin_check(api, member):
    resp = api.put(f"/users/{member.id}", data=b"{oops", headers=JSON, token=member.token)
    assert validation_items(resp)[0]["type"] == "json_invalid"


def test_malformed_json_on_login(api):
    resp = api.post("/auth/login", data=b'{"email": "a@example.com", "password": ', headers=JSON)
    assert validation_items(resp)[0]["type"] == "json_invalid"


def test_schema_errors_come_after_auth(api):
    resp = api.put(f"/users/{uuid.uuid4()}", json={"role": "nope", "email": "bad"})
    assert_error(resp, 403, "Not authenticated")
    resp = api.put("/users/not-a-uuid", json={"role": "nope"},
                   headers={"Authorization": "Bearer garbage"})
    assert_error(resp, 401, "Could not validate credentials")


def test_wrong_json_types(api):
    resp = api.post("/auth/register", json={"name": 123, "email": unique_email(), "password": None})
    items = assert_422(resp, ("string_type", ["body", "name"]), ("string_type", ["body", "password"]))
    assert items[0]["input"] == 123
    assert items[0]["msg"] == "Input should be a valid string"
    assert items[1]["input"] is None


def test_body_must_be_an_object(api):
    resp = api.post("/auth/register", json=["name", "email", "password"])
    items = validation_items(resp)
    assert [i["loc"] for i in items] == [["body"]], items


def test_non_json_content_type_is_422_at_body(api):
    body = b'{"name": "x", "email": "plain@example.com", "password": "1234"}'
    resp = api.post("/auth/register", data=body, headers={"Content-Type": "text/plain"})
    items = validation_items(resp)
    assert items[0]["loc"] == ["body"], items


def test_json_without_content_type_is_parsed(api, admin):
    email = unique_email("noct")
    raw = ('{"name": "No CT", "email": "%s", "password": "1234"}' % email).encode()
    resp = api.post("/auth/register", data=raw)
    assert "Content-Type" not in resp.request.headers
    assert resp.status_code == 201, resp.text
    assert resp.json()["user"]["email"] == email


def test_json_content_type_with_charset(api, admin):
    resp = api.post("/auth/register", json=None, data=(
        '{"name": "cs", "email": "%s", "password": "1234"}' % unique_email()).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"})
    assert resp.status_code == 201, resp.text


def test_login_email_wrong_type(api):
    resp = api.post("/auth/login", json={"email": 42, "password": "x"})
    items = validation_items(resp)
    assert [i["loc"] for i in items] == [["body", "email"]], items


def test_validation_response_is_json_with_detail_list(api):
    resp = api.post("/auth/login", json={})
    assert resp.headers["content-type"].startswith("application/json")
    assert_422(resp, ("missing", ["body", "email"]), ("missing", ["body", "password"]))


def test_deeply_nested_json_is_rejected_cleanly(api):
    raw = b"[" * 5000 + b"]" * 5000
    resp = api.post("/auth/register", data=raw, headers=JSON)
    assert resp.status_code == 422, resp.status_code
    assert api.get(api.base + "/healthz").status_code == 200


@pytest.mark.parametrize("raw", [
    b'{"name": "x", "email": "a@example.com", "password": "\\ud800"}',
    b'{"name": 1e999999, "email": "a@example.com", "password": "x"}',
    b'{"name": "x", "email": "a@example.com", "password": "x", "name": "dup"}',
    b'\xef\xbb\xbf{"name": "x"}',
    b'{"name": "\xff\xfe", "email": "a@example.com", "password": "x"}',
])
def test_odd_json_never_500(api, raw):
    resp = api.post("/auth/register", data=raw, headers=JSON)
    assert resp.status_code < 500, (resp.status_code, resp.text)
    assert resp.headers.get("content-type", "").startswith("application/json")


def strict_json(text: str):
    """json.loads without Python's extensions: `Infinity` / `NaN` are not JSON."""
    def reject(constant):
        raise ValueError(f"not JSON: {constant}")
    return json.loads(text, parse_constant=reject)


@pytest.mark.parametrize("raw, echoed", [
    (b'{"email": 1e999, "password": "x"}', None),  # past the double range: Infinity is not JSON
    (b'{"email": -1e999, "password": "x"}', None),
    (b'{"email": 1.5, "password": "x"}', 1.5),
])
def test_echoed_number_input_is_strict_json(api, raw, echoed):
    """Found by fuzz/face_json_fuzzer: the 422 echoed 1e999 as `Infinity` (and 1.5 as 1.5E0)."""
    resp = api.post("/auth/login", data=raw, headers=JSON)
    assert resp.status_code == 422, resp.text
    item = strict_json(resp.text)["detail"][0]
    assert item["loc"] == ["body", "email"] and item["input"] == echoed, resp.text
    assert "E0" not in resp.text, resp.text


def test_body_out_of_double_range_is_strict_json(api):
    resp = api.post("/auth/login", data=b"1e999", headers=JSON)
    assert resp.status_code == 422, resp.text
    assert strict_json(resp.text)["detail"][0]["type"] == "model_attributes_type"
